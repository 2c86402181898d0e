//! Writing and reading back: round trips with unknown fields, the canonical
//! payload and checksum, v1 and v2 migration against independently built
//! expectations, file names, and keeping unknown fields across edits.

mod exchange_support;

use std::collections::BTreeMap;

use exchange_support::*;
use ke_hoach::exchange::envelope::Extra;
use ke_hoach::exchange::json::{canonical, checksum};
use ke_hoach::exchange::migrate::{migrate_v1_to_v2, migrate_v2_to_v3};
use ke_hoach::exchange::{
    export_full, export_unit_report, file_name, read_file, restore, write_compact, write_file,
    ReadError, ReportPeriod, Source, Warning,
};
use ke_hoach::model::edit::{apply, Edit, EditContext};
use ke_hoach::model::tracking::{Status, TaskRecord, Tracking};
use proptest::prelude::*;
use serde_json::{json, Value};

fn read_any(text: &str) -> Result<ke_hoach::exchange::ReadFile, ReadError> {
    read_file(text, &plan_ref(), &|_| true, &|_| true)
}

#[test]
fn canonical_text_sorts_keys_by_bytes_and_has_no_whitespace() {
    let v = json!({"b": [1, {"z": null, "a": true}], "a": "x\"y<\u{1}>", "Đ": 2, "A": -3});
    assert_eq!(
        canonical(&v),
        r#"{"A":-3,"a":"x\"y<\u0001>","b":[1,{"a":true,"z":null}],"Đ":2}"#
    );
    // The example of docs/FORMAT.md; the digest was computed with coreutils `sha256sum`.
    let doc = json!({"records": {}, "customUnits": [], "customTasks": [], "removals": []});
    assert_eq!(
        canonical(&doc),
        r#"{"customTasks":[],"customUnits":[],"records":{},"removals":[]}"#
    );
    assert_eq!(
        checksum(&doc),
        "sha256:9a54094e1af2144b045a218ba034ae6571ee4d52f330ed8104f38edbdee8596a"
    );
    // The writer's compact payload is that canonical text itself.
    let empty = write_compact(&export_full(&Tracking::default(), &meta(None)));
    assert!(
        empty.contains(&format!(",\"payload\":{},", canonical(&doc))),
        "{empty}"
    );
}

#[test]
fn checksum_ignores_layout_and_key_order_of_the_file() {
    let text = fixture("good-full.json");
    let v: Value = serde_json::from_str(&text).unwrap();
    let compact = serde_json::to_string(&v).unwrap();
    let read = read(&compact).unwrap();
    assert!(read.checksum_ok);
    assert_eq!(v["checksum"], json!(checksum(&v["payload"])));
}

#[test]
fn a_v1_file_is_written_back_as_the_current_version() {
    let read = read(&fixture("old-v1.json")).unwrap();
    let text = write_file(&read.clone().into_envelope());
    let written: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(written["formatVersion"], json!(3));
    assert_eq!(written["plan"]["fingerprint"], json!(fingerprint()));
    assert_eq!(written["scope"], json!({"kind": "full"}));
    let again = exchange_support::read(&text).unwrap();
    assert_eq!(again.tracking, read.tracking);
    assert!(again
        .warnings
        .iter()
        .all(|w| !matches!(w, Warning::Migrated { .. })));
}

#[test]
fn migration_reports_an_unknown_v1_status_with_its_place() {
    let mut v: Value = serde_json::from_str(&fixture("old-v1.json")).unwrap();
    v["payload"]["records"]["pl-1"]["status"] = json!("Sắp xong");
    let err = read(&v.to_string()).unwrap_err();
    assert!(
        matches!(&err, ReadError::Migration { from: 1, path, .. } if path == "payload.records.pl-1.status"),
        "{err:?}"
    );
    assert!(err.to_string().contains("“Sắp xong”"), "{err}");
}

#[test]
fn file_names_are_ascii_and_descriptive() {
    let full = export_full(&sample_tracking(), &meta(Some("so-khdt")));
    assert_eq!(
        file_name(&full.head),
        "ke-hoach-22-2021_toan-bo_2021-03-15.json"
    );
    let period = ReportPeriod::Month {
        year: 2021,
        month: 3,
    };
    let report = export_unit_report(
        &sample_tracking(),
        &small_plan(),
        &unit("so-khdt"),
        period,
        &meta(Some("so-khdt")),
    );
    assert_eq!(
        file_name(&report.head),
        "ke-hoach-22-2021_so-khdt_2021-03.json"
    );
    let odd = export_unit_report(
        &sample_tracking(),
        &small_plan(),
        &unit("Sở Tài chính"),
        period,
        &meta(None),
    );
    let name = file_name(&odd.head);
    assert!(name.is_ascii() && !name.contains(' '), "{name}");
}

#[test]
fn report_periods_parse_strictly() {
    assert_eq!(
        "2021-03".parse::<ReportPeriod>(),
        Ok(ReportPeriod::Month {
            year: 2021,
            month: 3
        })
    );
    for bad in ["2021-13", "2021-3", "21-03", "2021/03", "", "2021-00"] {
        assert!(bad.parse::<ReportPeriod>().is_err(), "{bad}");
    }
}

#[test]
fn a_wrong_type_rejects_its_record_alone_and_says_where() {
    let mut v: Value = serde_json::from_str(&fixture("good-full.json")).unwrap();
    v["payload"]["records"]["pl-5"]["progress"]["value"] = json!("một trăm");
    v["checksum"] = json!(checksum(&v["payload"]));
    let read = read(&v.to_string()).unwrap();
    let [rejected] = read.rejected.as_slice() else {
        panic!("{:?}", read.rejected)
    };
    assert!(
        matches!(&rejected.error, ReadError::Shape { path, .. } if path == "payload.records.pl-5.progress.value"),
        "{:?}",
        rejected.error
    );
    assert_eq!(rejected.path, "payload.records.pl-5");
    assert_eq!(rejected.raw, v["payload"]["records"]["pl-5"]);
    assert!(!read.tracking.records.contains_key("pl-5"));
    let mut rest = sample_tracking();
    rest.records.remove("pl-5");
    assert_eq!(read.tracking, rest);
}

#[test]
fn a_newer_stored_version_is_refused_and_kept() {
    let err = restore(
        &fixture("newer-version.json"),
        Source::Storage,
        &plan_ref(),
        &unit_known,
        &task_known,
    )
    .unwrap_err();
    assert_eq!(err.error, ReadError::NewerVersion { found: 4 });
    assert!(err.keep_raw());
}

#[test]
fn unknown_fields_of_a_record_survive_an_edit_and_a_new_export() {
    let previous = read(&fixture("unknown-fields.json")).unwrap();
    let mut tracking = previous.tracking.clone();
    let by = unit("so-khdt");
    let units = [];
    let ctx = EditContext {
        by: &by,
        now: MARCH_15 + 10_000,
        builtin_units: &units,
        is_plan_task: &|_| true,
    };
    let edit = Edit::SetStatus {
        task: "pl-1".into(),
        status: Status::Done,
        reason: None,
    };
    // The unit is not among the (empty) built-in list: add it as a user unit.
    tracking.custom_units.insert(
        by.clone(),
        ke_hoach::model::unit::Unit {
            id: by.clone(),
            short: "Sở KH&ĐT".into(),
            name: "Sở Kế hoạch và Đầu tư".into(),
            kind: ke_hoach::model::unit::UnitKind::Department,
            builtin: false,
        },
    );
    apply(&mut tracking, edit, &ctx).unwrap();
    let fresh = write_file(&export_full(&tracking, &meta(Some("so-khdt"))));
    let written: Value = serde_json::from_str(&fresh).unwrap();
    let pl1 = &written["payload"]["records"]["pl-1"];
    assert_eq!(pl1["color"], json!("#ff0000"));
    assert_eq!(pl1["status"]["value"], json!("done"));
}

fn extra() -> impl Strategy<Value = Extra> {
    let value = prop_oneof![
        Just(json!("<img src=x onerror=alert(1)>")),
        any::<i32>().prop_map(|n| json!(n)),
        Just(json!({"lồng": [1, null, true]})),
    ];
    proptest::collection::btree_map(
        prop::sample::select(vec!["x-a", "x-ghi-chú", "zz"]).prop_map(str::to_owned),
        value,
        0..3,
    )
}

/// A v1 record and what it must become, built separately.
fn v1_record() -> impl Strategy<Value = (Value, TaskRecord)> {
    const LABELS: [(&str, Status); 5] = [
        ("Chưa thực hiện", Status::NotStarted),
        ("Đang thực hiện", Status::InProgress),
        ("Đã hoàn thành", Status::Done),
        ("Dừng thực hiện", Status::Stopped),
        ("Điều chỉnh", Status::Adjusted),
    ];
    (prop::option::of(0..5usize), prop::option::of(0u8..=100), prop::option::of("[a-zà-ỹ ]{0,12}"), 1i64..1_000_000, 0..3usize)
        .prop_map(|(status, progress, reason, at, notes)| {
            let mut v1 = json!({"updatedAt": at, "updatedBy": "so-tai-chinh"});
            let mut want = TaskRecord::default();
            if let Some(i) = status {
                v1["status"] = json!(LABELS[i].0);
            }
            if let Some(p) = progress {
                v1["progress"] = json!(p);
            }
            // Version 3 makes them agree: done is 100%, 100% is done
            // (unless stopped), progress above 0 is not "not started".
            let agreed = match (status.map(|i| LABELS[i].1), progress) {
                (Some(Status::Stopped), p) => (Some(Status::Stopped), p),
                (Some(Status::Done), Some(_)) => (Some(Status::Done), Some(100)),
                (_, Some(100)) => (Some(Status::Done), Some(100)),
                (Some(Status::NotStarted) | None, Some(p)) if p > 0 => (Some(Status::InProgress), Some(p)),
                (s, p) => (s, p),
            };
            want.status = agreed.0.and_then(|s| stamped(s, at, "so-tai-chinh", 0));
            want.progress = agreed.1.and_then(|p| stamped(p, at, "so-tai-chinh", 0));
            if let Some(r) = &reason {
                v1["reason"] = json!(r);
                want.reason = stamped(r.clone(), at, "so-tai-chinh", 0);
            }
            let mut list = Vec::new();
            for n in 0..notes {
                let note_at = at + n as i64;
                list.push(json!({"id": format!("so-tai-chinh-{note_at}"), "date": "2021-04-01", "unit": "so-tai-chinh", "text": "ghi chú", "at": note_at}));
                let status = status.map_or(Status::NotStarted, |i| LABELS[i].1);
                let u = update("so-tai-chinh", note_at, date(2021, 4, 1), "ghi chú", status, progress.unwrap_or(0));
                want.updates.insert(u.id.clone(), u);
            }
            if notes > 0 {
                v1["notes"] = Value::Array(list);
            }
            (v1, want)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn export_then_read_gives_back_everything(t in arb::tracking(), top in extra()) {
        let mut envelope = export_full(&t, &meta(Some("so-khdt")));
        envelope.head.extra = top;
        let text = write_file(&envelope);
        let read = read_any(&text).unwrap();
        prop_assert!(read.checksum_ok);
        prop_assert!(read.rejected.is_empty());
        prop_assert_eq!(&read.tracking, &t);
        prop_assert_eq!(&read.head, &envelope.head);
        prop_assert_eq!(write_file(&read.into_envelope()), text);
    }

    #[test]
    fn v1_migrates_to_what_v3_says(records in proptest::collection::btree_map(
        prop::sample::select(vec!["pl-1", "pl-2", "tt-3"]).prop_map(str::to_owned), v1_record(), 0..3)
    ) {
        let v1_records: serde_json::Map<String, Value> = records.iter().map(|(k, (v, _))| (k.clone(), v.clone())).collect();
        let file = json!({
            "format": "ke-hoach-tracking", "formatVersion": 1, "app": "ke-hoach/0.1.0",
            "plan": "22/KH-UBND", "year": 2021, "exportedAt": "2021-04-02T08:00:00+07:00", "unit": null,
            "payload": {"records": v1_records, "customTasks": [], "customUnits": []}
        });
        let read = exchange_support::read(&file.to_string()).unwrap();
        let want = Tracking { records: records.into_iter().map(|(k, (_, r))| (k, r)).collect(), ..Tracking::default() };
        prop_assert_eq!(&read.tracking, &want);
        prop_assert_eq!(read.head.exported_by, None);
        // The step alone yields version 2 with the plan to be filled in.
        let migrated = migrate_v1_to_v2(file).unwrap();
        prop_assert_eq!(&migrated["formatVersion"], &json!(2));
        prop_assert_eq!(&migrated["plan"], &json!({"number": "22/KH-UBND", "year": 2021, "fingerprint": null}));
        let v3 = migrate_v2_to_v3(migrated).unwrap();
        prop_assert_eq!(&v3["formatVersion"], &json!(3));
        prop_assert_eq!(&v3["payload"]["removals"], &json!([]));
    }
}

#[test]
fn a_unit_report_merges_into_the_full_tracking_without_change() {
    let t = sample_tracking();
    let period = ReportPeriod::Month {
        year: 2021,
        month: 3,
    };
    let report = export_unit_report(
        &t,
        &small_plan(),
        &unit("so-tai-chinh"),
        period,
        &meta(Some("so-tai-chinh")),
    );
    let read = read(&write_file(&report)).unwrap();
    // so-tai-chinh leads nv-4-2 by assignment and wrote one update on pl-1.
    let tasks: Vec<_> = read.tracking.records.keys().cloned().collect();
    assert_eq!(tasks, vec!["nv-4-2", "pl-1"]);
    assert_eq!(
        read.tracking.records["pl-1"].status, None,
        "not its task: only its update"
    );
    let files = [(
        ke_hoach::exchange::FileLabel("so-tai-chinh".into()),
        read.tracking,
    )];
    let merged = ke_hoach::exchange::apply_merge(
        &t,
        &ke_hoach::exchange::plan_merge(&t, &files),
        &BTreeMap::new(),
        None,
    );
    assert_eq!(merged, t);
}
