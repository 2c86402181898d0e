//! The plan file (`ke-hoach-plan`, version 1, docs/FORMAT.md): written
//! strictly and read back to the same plan; the checksum over the canonical
//! payload and the fingerprint as verdicts; every refusal with its reason.

use std::path::PathBuf;

use ke_hoach::exchange::json::checksum;
use ke_hoach::model::plan::Plan;
use ke_hoach::model::unit::builtin_units;
use ke_hoach::parse::{parse, read, Options};
use ke_hoach::plan_file::{
    read_plan_file, write_plan_file, ChecksumVerdict, PlanFileError, FORMAT_NAME,
};
use ke_hoach::seed::plan;
use proptest::prelude::*;
use serde_json::{json, Value};

fn other_plan() -> Plan {
    let path: PathBuf = [
        env!("CARGO_MANIFEST_DIR"),
        "tests/fixtures/plans/ke-hoach-35-2023.docx",
    ]
    .iter()
    .collect();
    let doc = read(&std::fs::read(path).unwrap()).unwrap();
    parse(
        &doc,
        &Options {
            registry: &builtin_units(),
            corrections: &[],
        },
    )
    .unwrap()
    .plan
}

/// The seed's plan file as a JSON tree, changed by `edit`, written back.
fn edited(edit: impl FnOnce(&mut Value)) -> String {
    let mut file: Value = serde_json::from_str(&write_plan_file(plan())).unwrap();
    edit(&mut file);
    serde_json::to_string_pretty(&file).unwrap()
}

#[test]
fn both_plans_read_back_whole_with_a_valid_checksum() {
    for p in [plan().clone(), other_plan()] {
        let text = write_plan_file(&p);
        assert_eq!(text, write_plan_file(&p), "the writer is deterministic");
        let back = read_plan_file(&text).unwrap();
        assert_eq!(back.plan, p);
        assert_eq!(back.checksum, ChecksumVerdict::Valid);
        assert!(back.warnings.is_empty(), "{:?}", back.warnings);
        let file: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(file["format"], FORMAT_NAME);
        assert_eq!(file["formatVersion"], 1);
        assert_eq!(file["plan"]["number"], p.meta.number.as_str());
        assert_eq!(file["plan"]["year"], p.meta.year);
        assert_eq!(
            file["plan"]["fingerprint"],
            p.content_fingerprint().as_str()
        );
        assert_eq!(file["checksum"], checksum(&file["payload"]).as_str());
    }
}

#[test]
fn the_envelope_is_written_in_its_documented_order() {
    let text = write_plan_file(plan());
    let at = |key: &str| text.find(&format!("\n  \"{key}\":")).expect(key);
    let order = [
        "format",
        "formatVersion",
        "app",
        "plan",
        "payload",
        "checksum",
    ]
    .map(at);
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
    assert!(text.ends_with("}\n"));
}

#[test]
fn a_payload_changed_after_writing_is_read_with_a_mismatch_verdict() {
    let text = edited(|f| {
        f["payload"]["annexes"][0]["tasks"][0]["title"] = json!("Tên đã bị sửa");
    });
    let back = read_plan_file(&text).unwrap();
    assert!(matches!(back.checksum, ChecksumVerdict::Mismatch { .. }));
    assert_eq!(back.plan.annexes[0].tasks[0].title, "Tên đã bị sửa");
    assert!(
        back.warnings.iter().any(|w| w.contains("không khớp")),
        "{:?}",
        back.warnings
    );
    // The identity does not follow a title: the stated fingerprint still holds.
    assert!(!back.warnings.iter().any(|w| w.contains("Dấu nhận diện")));
}

#[test]
fn missing_checksum_unknown_members_and_a_wrong_fingerprint_are_warnings() {
    let text = edited(|f| {
        let o = f.as_object_mut().unwrap();
        o.remove("checksum");
        o.insert("signedBy".into(), json!("so-khdt"));
        f["plan"]["fingerprint"] = json!("0000");
    });
    let back = read_plan_file(&text).unwrap();
    assert_eq!(back.checksum, ChecksumVerdict::Missing);
    assert_eq!(&back.plan, plan());
    assert_eq!(back.warnings.len(), 3, "{:?}", back.warnings);
    assert!(back.warnings[0].contains("signedBy"));
}

/// What a refusal must be.
type Check = fn(&PlanFileError) -> bool;

#[test]
fn what_cannot_be_trusted_is_refused_with_its_reason() {
    let cases: Vec<(String, Check)> = vec![
        (String::new(), |e| *e == PlanFileError::Empty),
        (
            write_plan_file(plan())[..500].to_owned(),
            |e| matches!(e, PlanFileError::NotJson { line, .. } if *line > 1),
        ),
        (
            r#"{"format":"ke-hoach-tracking","formatVersion":2}"#.to_owned(),
            |e| e.to_string().contains("tệp theo dõi"),
        ),
        ("[1, 2]".to_owned(), |e| {
            matches!(e, PlanFileError::NotAPlanFile(None))
        }),
        (edited(|f| f["formatVersion"] = json!(2)), |e| {
            *e == PlanFileError::NewerVersion(2) && e.to_string().contains("mới hơn")
        }),
        (edited(|f| f["formatVersion"] = json!("1")), |e| {
            *e == PlanFileError::BadVersion
        }),
        (
            edited(|f| {
                f.as_object_mut().unwrap().remove("payload");
            }),
            |e| e.to_string().contains("payload"),
        ),
        (
            edited(|f| f["payload"]["annexes"][0]["tasks"][3]["leadUnit"] = json!("so-khong-co")),
            |e| e.to_string().contains("pl-4") && e.to_string().contains("so-khong-co"),
        ),
        (
            edited(|f| f["payload"]["annexes"][0]["tasks"][1]["id"] = json!("pl-1")),
            |e| e.to_string().contains("trùng"),
        ),
        (
            edited(|f| f["payload"]["meta"]["date"] = json!("01/02/2021")),
            |e| e.to_string().contains("sai cấu trúc"),
        ),
        (
            edited(|f| f["payload"]["annexes"][0]["tasks"] = json!([])),
            |e| e.to_string().contains("không có nhiệm vụ"),
        ),
    ];
    for (text, expected) in cases {
        let err = read_plan_file(&text).expect_err("refused");
        assert!(expected(&err), "{err:?}: {err}");
        assert!(err.to_string().ends_with('.'), "{err}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn a_file_cut_anywhere_is_refused_never_a_panic(cut in any::<prop::sample::Index>()) {
        let text = write_plan_file(plan());
        let bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        let at = bounds[cut.index(bounds.len())];
        prop_assert!(read_plan_file(&text[..at]).is_err());
    }
}
