//! Shared by the exchange tests: the real plan's fingerprint, known units and
//! tasks, a sample tracking, a minimal plan, fixture access, and generated
//! trackings with removals.
#![allow(dead_code)] // each test binary uses its own part

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::{DateTime, FixedOffset, NaiveDate};
use ke_hoach::exchange::{read_file, AppInfo, ExportMeta, PlanRef, ReadError, ReadFile};
use ke_hoach::model::deadline::{Deadline, Period};
use ke_hoach::model::plan::{Annex, AnnexTask, Plan, PlanMeta};
use ke_hoach::model::reporting::ReportingRule;
use ke_hoach::model::tracking::{
    CustomTask, DocumentRef, ItemKey, Stamp, Stamped, Status, TaskRecord, TrackedField, Tracking,
    Update,
};
use ke_hoach::model::unit::{builtin_units, Unit, UnitId, UnitKind};
use sha2::{Digest, Sha256};

/// The embedded plan's identity, as files of format version 3 name it.
pub fn fingerprint() -> String {
    ke_hoach::seed::plan().content_fingerprint()
}

/// SHA-256 of the seed text's bytes, computed here independently of the
/// app: what files of format version 2 named the plan by.
pub fn byte_fingerprint() -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seeds/ke-hoach-22-KH-UBND-2021.txt");
    let text = std::fs::read(path).expect("seed text");
    Sha256::digest(&text)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

pub fn plan_ref() -> PlanRef {
    PlanRef::new("22/KH-UBND", 2021, fingerprint())
}

pub const BUILTIN_UNITS: [&str; 6] = [
    "so-khdt",
    "so-tai-chinh",
    "so-nnptnt",
    "so-cong-thuong",
    "so-xay-dung",
    "vp-ubnd",
];

pub fn unit_known(id: &str) -> bool {
    BUILTIN_UNITS.contains(&id)
}

/// `pl-1` … `pl-36` and a few body items.
pub fn task_known(id: &str) -> bool {
    let annex = id
        .strip_prefix("pl-")
        .and_then(|n| n.parse::<u16>().ok())
        .is_some_and(|n| (1..=36).contains(&n));
    annex || ["nv-4-2", "nv-1-1", "tt-3"].contains(&id)
}

pub fn fixture_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/exchange")
        .join(name)
}

pub fn fixture(name: &str) -> String {
    std::fs::read_to_string(fixture_path(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

pub fn read(text: &str) -> Result<ReadFile, ReadError> {
    read_file(text, &plan_ref(), &unit_known, &task_known)
}

pub fn unit(id: &str) -> UnitId {
    UnitId::new(id)
}

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

pub fn stamped<T>(value: T, at: i64, by: &str, base: i64) -> Option<Stamped<T>> {
    Some(Stamped {
        value,
        at,
        by: unit(by),
        base,
    })
}

pub fn update(
    task_unit: &str,
    at: i64,
    day: NaiveDate,
    text: &str,
    status: Status,
    progress: u8,
) -> Update {
    Update {
        id: format!("{task_unit}-{at}"),
        date: day,
        unit: unit(task_unit),
        text: text.to_owned(),
        status,
        progress,
        at,
    }
}

/// 15/03/2021 09:30 in Vietnam, as milliseconds.
pub const MARCH_15: i64 = 1_615_775_400_000;

/// A realistic tracking: three plan tasks, a custom task and a custom unit.
pub fn sample_tracking() -> Tracking {
    let mut t = Tracking::default();
    let u1 = update(
        "so-khdt",
        MARCH_15,
        date(2021, 3, 15),
        "Đã trình dự thảo lần 1.",
        Status::InProgress,
        40,
    );
    let u2 = update(
        "so-tai-chinh",
        MARCH_15 + 1_000,
        date(2021, 3, 16),
        "Góp ý về nguồn vốn.",
        Status::InProgress,
        40,
    );
    t.records.insert(
        "pl-1".into(),
        TaskRecord {
            status: stamped(Status::InProgress, MARCH_15, "so-khdt", 0),
            progress: stamped(40, MARCH_15, "so-khdt", 0),
            updates: BTreeMap::from([(u1.id.clone(), u1), (u2.id.clone(), u2)]),
            ..TaskRecord::default()
        },
    );
    t.records.insert(
        "pl-5".into(),
        TaskRecord {
            status: stamped(Status::Done, MARCH_15 - 86_400_000, "so-nnptnt", 0),
            progress: stamped(100, MARCH_15 - 86_400_000, "so-nnptnt", 0),
            completed_on: stamped(
                Some(date(2021, 3, 10)),
                MARCH_15 - 86_400_000,
                "so-nnptnt",
                0,
            ),
            document: stamped(
                Some(DocumentRef {
                    number: "123/TTr-SNNPTNT".into(),
                    date: Some(date(2021, 3, 10)),
                }),
                MARCH_15 - 86_400_000,
                "so-nnptnt",
                0,
            ),
            ..TaskRecord::default()
        },
    );
    t.records.insert(
        "nv-4-2".into(),
        TaskRecord {
            lead_unit: stamped(Some(unit("so-tai-chinh")), MARCH_15, "so-khdt", 0),
            coordinating: stamped(
                vec![unit("so-khdt"), unit("u-ban-qlda")],
                MARCH_15,
                "so-khdt",
                0,
            ),
            due: stamped(Some(date(2021, 6, 30)), MARCH_15, "so-khdt", 0),
            reason: stamped(
                "Giao bổ sung theo chỉ đạo tại cuộc họp tháng 3.".into(),
                MARCH_15,
                "so-khdt",
                0,
            ),
            ..TaskRecord::default()
        },
    );
    let custom_id = format!("u-so-khdt-{MARCH_15}");
    t.custom_tasks.insert(
        custom_id.clone(),
        CustomTask {
            id: custom_id.clone(),
            title: "Tổng hợp báo cáo quý I gửi Bộ KH&ĐT".into(),
            lead_unit: unit("so-khdt"),
            deadline: Some(Deadline {
                period: Period::Quarter(1),
                due: Some(date(2021, 3, 31)),
            }),
            parent: Some("nv-4".into()),
            created_at: MARCH_15,
            created_by: unit("so-khdt"),
            edited: Stamp::after(0, &unit("so-khdt"), MARCH_15),
        },
    );
    t.records.insert(
        custom_id,
        TaskRecord {
            status: stamped(Status::InProgress, MARCH_15 + 5, "so-khdt", 0),
            ..TaskRecord::default()
        },
    );
    t.custom_units.insert(
        unit("u-ban-qlda"),
        Unit {
            id: unit("u-ban-qlda"),
            short: "Ban QLDA".into(),
            name: "Ban Quản lý dự án đầu tư xây dựng tỉnh".into(),
            kind: UnitKind::Department,
            builtin: false,
        },
    );
    // A note so-khdt wrote and removed, and a due date reset to the plan's.
    t.removals.insert(
        ItemKey::Update {
            task: "pl-1".into(),
            id: format!("so-khdt-{}", MARCH_15 - 3_600_000),
        },
        Stamp::after(MARCH_15 - 3_600_000, &unit("so-khdt"), MARCH_15 + 60_000),
    );
    t.removals.insert(
        ItemKey::Field {
            task: "pl-5".into(),
            field: TrackedField::Due,
        },
        Stamp::after(MARCH_15 - 86_400_000, &unit("so-khdt"), MARCH_15 + 120_000),
    );
    t
}

pub fn exported_at() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2021-03-15T09:30:00+07:00").expect("valid time")
}

pub fn meta(by: Option<&str>) -> ExportMeta {
    ExportMeta {
        app: AppInfo {
            name: "ke-hoach".into(),
            version: "0.1.0".into(),
            extra: Default::default(),
        },
        plan: plan_ref(),
        exported_at: exported_at(),
        exported_by: by.map(unit),
    }
}

/// The plan with only what exports need: its identity and a few annex rows.
pub fn small_plan() -> Plan {
    let task = |n: u16, lead: &str, due: NaiveDate| AnnexTask {
        id: format!("pl-{n}"),
        number: n,
        title: format!("Nhiệm vụ {n}"),
        lead_unit: unit(lead),
        deadline_text: "Quý I".into(),
        deadline: Some(Deadline {
            period: Period::Quarter(1),
            due: Some(due),
        }),
        group: None,
        coordinating: vec![],
        coordinating_text: None,
        product: None,
        remarks: None,
        other: vec![],
    };
    Plan {
        meta: PlanMeta {
            issuer_lines: vec!["ỦY BAN NHÂN DÂN".into(), "TỈNH KIÊN GIANG".into()],
            national_lines: vec![],
            number: "22/KH-UBND".into(),
            place: "Kiên Giang".into(),
            date: date(2021, 2, 1),
            year: 2021,
            kind: "KẾ HOẠCH".into(),
            title: String::new(),
            resolution: None,
            signer_capacity: vec![],
            signer: String::new(),
            recipients: vec![],
            reporting: ReportingRule::default_for(2021),
        },
        preamble: vec![],
        sections: vec![],
        annexes: vec![Annex {
            id: "phu-luc".into(),
            title_lines: vec![],
            subtitle: None,
            columns: vec![],
            groups: vec![],
            tasks: vec![
                task(1, "so-khdt", date(2021, 3, 31)),
                task(5, "so-nnptnt", date(2021, 3, 31)),
            ],
        }],
        units: builtin_units(),
    }
}

/// Random trackings over a small id space, so that both sides of a merge
/// often touch the same tasks, fields, updates and custom items.
pub mod arb {
    use super::*;
    use proptest::collection::{btree_map, vec};
    use proptest::prelude::*;

    pub const TASKS: [&str; 3] = ["pl-1", "pl-2", "nv-4-2"];
    pub const UNITS: [&str; 3] = ["so-khdt", "so-tai-chinh", "u-x"];

    fn unit_id() -> impl Strategy<Value = UnitId> {
        prop::sample::select(UNITS.to_vec()).prop_map(unit)
    }

    /// `at` is always after `base`, as the editor guarantees.
    fn stamp<T: std::fmt::Debug + Clone>(
        value: impl Strategy<Value = T>,
    ) -> impl Strategy<Value = Option<Stamped<T>>> {
        prop::option::of(
            (value, 1i64..8, unit_id()).prop_flat_map(|(value, at, by)| {
                (0..at).prop_map(move |base| Stamped {
                    value: value.clone(),
                    at,
                    by: by.clone(),
                    base,
                })
            }),
        )
    }

    fn status() -> impl Strategy<Value = Status> {
        prop::sample::select(vec![
            Status::NotStarted,
            Status::InProgress,
            Status::Done,
            Status::Stopped,
            Status::Adjusted,
        ])
    }

    fn day() -> impl Strategy<Value = NaiveDate> {
        prop::sample::select(vec![
            date(2021, 2, 28),
            date(2021, 3, 31),
            date(2021, 12, 31),
        ])
    }

    fn text() -> impl Strategy<Value = String> {
        prop::sample::select(vec![
            "Đã xong",
            "<script>alert(1)</script>",
            "a \"b\" \\ c\n",
        ])
        .prop_map(str::to_owned)
    }

    fn updates() -> impl Strategy<Value = BTreeMap<String, Update>> {
        vec(
            (unit_id(), 1i64..4, day(), text(), status(), 0u8..=100),
            0..3,
        )
        .prop_map(|items| {
            items
                .into_iter()
                .map(|(u, at, day, text, status, progress)| {
                    let up = update(u.as_str(), at, day, &text, status, progress);
                    (up.id.clone(), up)
                })
                .collect()
        })
    }

    fn record() -> impl Strategy<Value = TaskRecord> {
        let progress = prop_oneof![Just(0u8), Just(50u8), Just(100u8), 0u8..=100];
        let document = prop::option::of((
            prop::sample::select(vec!["1/TTr", "2/BC"]),
            prop::option::of(day()),
        ))
        .prop_map(|d| {
            d.map(|(n, date)| DocumentRef {
                number: n.to_owned(),
                date,
            })
        });
        let extra = prop::option::of(prop::sample::select(vec![
            serde_json::json!("#ff0000"),
            serde_json::json!({"b": [1, null], "a": "x"}),
        ]));
        (
            (
                stamp(status()),
                stamp(progress),
                stamp(text()),
                stamp(prop::option::of(day())),
            ),
            (
                stamp(document),
                stamp(prop::option::of(unit_id())),
                stamp(
                    prop::sample::subsequence(UNITS.to_vec(), 0..=2)
                        .prop_map(|v| v.into_iter().map(unit).collect()),
                ),
                stamp(prop::option::of(day())),
            ),
            updates(),
            extra,
        )
            .prop_map(
                |(
                    (status, progress, reason, completed_on),
                    (document, lead_unit, coordinating, due),
                    updates,
                    extra,
                )| {
                    TaskRecord {
                        status,
                        progress,
                        reason,
                        completed_on,
                        document,
                        lead_unit,
                        coordinating,
                        due,
                        updates,
                        extra: extra.into_iter().map(|v| ("x-màu".to_owned(), v)).collect(),
                    }
                },
            )
    }

    fn custom_task() -> impl Strategy<Value = CustomTask> {
        (
            prop::sample::select(vec!["u-so-khdt-1", "u-so-tai-chinh-2"]),
            prop::sample::select(vec!["Việc A", "Việc B"]),
            unit_id(),
            1i64..3,
            0i64..4,
        )
            .prop_map(|(id, title, lead, at, renamed)| CustomTask {
                id: id.to_owned(),
                title: title.to_owned(),
                lead_unit: lead.clone(),
                deadline: Some(Deadline {
                    period: Period::Month(3),
                    due: Some(date(2021, 3, 31)),
                }),
                parent: None,
                created_at: at,
                created_by: lead.clone(),
                edited: Stamp::after(if renamed == 0 { 0 } else { at }, &lead, at + renamed),
            })
    }

    fn custom_unit() -> impl Strategy<Value = Unit> {
        (
            prop::sample::select(vec!["u-x", "u-y"]),
            prop::sample::select(vec!["Ban X", "Ban Y"]),
        )
            .prop_map(|(id, name)| Unit {
                id: unit(id),
                short: name.to_owned(),
                name: name.to_owned(),
                kind: UnitKind::Department,
                builtin: false,
            })
    }

    /// A key of the small id space: a field, a note, a user task or unit.
    pub fn item_key() -> impl Strategy<Value = ItemKey> {
        let task = || prop::sample::select(TASKS.to_vec()).prop_map(str::to_owned);
        prop_oneof![
            (task(), prop::sample::select(TrackedField::ALL.to_vec()))
                .prop_map(|(task, field)| ItemKey::Field { task, field }),
            (task(), unit_id(), 1i64..4).prop_map(|(task, u, at)| ItemKey::Update {
                task,
                id: format!("{u}-{at}"),
            }),
            prop::sample::select(vec!["u-so-khdt-1", "u-so-tai-chinh-2"])
                .prop_map(|id| ItemKey::CustomTask(id.to_owned())),
            prop::sample::select(vec!["u-x", "u-y"]).prop_map(|id| ItemKey::CustomUnit(unit(id))),
        ]
    }

    /// A removal stamped like any edit: `at` after `base`.
    fn removal() -> impl Strategy<Value = Stamp> {
        (1i64..10, unit_id()).prop_flat_map(|(at, by)| {
            (0..at).prop_map(move |base| Stamped {
                value: (),
                at,
                by: by.clone(),
                base,
            })
        })
    }

    pub fn tracking() -> impl Strategy<Value = Tracking> {
        (
            btree_map(
                prop::sample::select(TASKS.to_vec()).prop_map(str::to_owned),
                record(),
                0..3,
            ),
            vec(custom_task(), 0..2),
            vec(custom_unit(), 0..2),
            btree_map(item_key(), removal(), 0..3),
        )
            .prop_map(|(records, tasks, units, removals)| {
                let mut t = Tracking {
                    records,
                    custom_tasks: tasks.into_iter().map(|t| (t.id.clone(), t)).collect(),
                    custom_units: units.into_iter().map(|u| (u.id.clone(), u)).collect(),
                    removals,
                };
                // As every reader and merge leaves it: an item or its
                // removal, the later one.
                ke_hoach::exchange::merge::settle(&mut t);
                t
            })
    }
}
