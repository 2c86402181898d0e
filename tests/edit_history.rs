//! Edits: stamps, validation with Vietnamese messages, status and progress
//! kept agreeing, user tasks and units, removals left as records; undo and
//! redo restoring exact states, including whole-state replacements that
//! carry the receipts of imported reports.

use chrono::NaiveDate;
use ke_hoach::model::deadline::{Deadline, Period};
use ke_hoach::model::edit::{
    apply, Applied, Edit, EditContext, EditError, NewTask, NewUnit, MAX_UPDATE_CHARS,
};
use ke_hoach::model::history::{History, Snapshot};
use ke_hoach::model::receipts::{Receipt, Receipts};
use ke_hoach::model::reporting::ReportPeriod;
use ke_hoach::model::tracking::{DocumentRef, ItemKey, Millis, Stamped, Status, Tracking};
use ke_hoach::model::unit::{Unit, UnitId, UnitKind};
use proptest::prelude::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// 01/07/2021 07:46:40 in Vietnam.
const NOW: Millis = 1_625_100_000_000;

fn unit(id: &str, short: &str) -> Unit {
    Unit {
        id: UnitId::new(id),
        short: short.into(),
        name: format!("{short} (tên đầy đủ)"),
        kind: UnitKind::Department,
        builtin: true,
    }
}

fn builtin() -> Vec<Unit> {
    vec![
        unit("so-khdt", "Sở KH&ĐT"),
        unit("so-xd", "Sở Xây dựng"),
        unit("so-tc", "Sở Tài chính"),
    ]
}

fn is_plan_task(id: &str) -> bool {
    id.strip_prefix("pl-")
        .and_then(|n| n.parse::<u16>().ok())
        .is_some_and(|n| (1..=36).contains(&n))
}

/// Runs `f` with a context for unit `by` at time `now`.
fn with_ctx<R>(by: &str, now: Millis, f: impl FnOnce(&EditContext<'_>) -> R) -> R {
    let by = UnitId::new(by);
    let units = builtin();
    let ctx = EditContext {
        by: &by,
        now,
        builtin_units: &units,
        is_plan_task: &is_plan_task,
    };
    f(&ctx)
}

fn run(tracking: &mut Tracking, by: &str, now: Millis, edit: Edit) -> Result<Applied, EditError> {
    with_ctx(by, now, |ctx| apply(tracking, edit, ctx))
}

fn ok(tracking: &mut Tracking, by: &str, now: Millis, edit: Edit) {
    run(tracking, by, now, edit).expect("edit should be accepted");
}

/// Asserts the edit is refused, leaves the data alone, and returns the message.
fn refused(tracking: &mut Tracking, by: &str, edit: Edit) -> String {
    let before = tracking.clone();
    let err = run(tracking, by, NOW, edit).expect_err("edit should be refused");
    assert_eq!(*tracking, before, "a refused edit changes nothing");
    err.to_string()
}

fn status(task: &str, status: Status) -> Edit {
    Edit::SetStatus {
        task: task.into(),
        status,
        reason: None,
    }
}

fn progress(task: &str, progress: u8) -> Edit {
    Edit::SetProgress {
        task: task.into(),
        progress,
    }
}

fn update(task: &str, date: NaiveDate, text: &str, status: Status, progress: u8) -> Edit {
    Edit::AddUpdate {
        task: task.into(),
        date,
        text: text.into(),
        status,
        progress,
    }
}

fn stamp_of<T: Clone>(s: &Option<Stamped<T>>) -> (T, Millis, String, Millis) {
    let s = s.as_ref().expect("field is set");
    (s.value.clone(), s.at, s.by.0.clone(), s.base)
}

// ---- stamps -----------------------------------------------------------------

#[test]
fn stamps_record_time_unit_and_the_replaced_stamp() {
    let mut t = Tracking::default();
    ok(&mut t, "so-xd", NOW, status("pl-5", Status::InProgress));
    let rec = t.record("pl-5").unwrap();
    assert_eq!(
        stamp_of(&rec.status),
        (Status::InProgress, NOW, "so-xd".into(), 0)
    );

    ok(
        &mut t,
        "so-khdt",
        NOW + 500,
        status("pl-5", Status::Adjusted).with_reason("Đổi phạm vi"),
    );
    let rec = t.record("pl-5").unwrap();
    assert_eq!(
        stamp_of(&rec.status),
        (Status::Adjusted, NOW + 500, "so-khdt".into(), NOW)
    );
    assert_eq!(
        stamp_of(&rec.reason),
        ("Đổi phạm vi".to_string(), NOW + 500, "so-khdt".into(), 0)
    );
}

trait WithReason {
    fn with_reason(self, reason: &str) -> Self;
}

impl WithReason for Edit {
    fn with_reason(self, reason: &str) -> Self {
        match self {
            Edit::SetStatus { task, status, .. } => Edit::SetStatus {
                task,
                status,
                reason: Some(reason.into()),
            },
            other => other,
        }
    }
}

#[test]
fn setting_the_same_value_changes_nothing_and_keeps_the_stamp() {
    let mut t = Tracking::default();
    ok(&mut t, "so-xd", NOW, progress("pl-5", 40));
    let before = t.clone();
    assert!(run(&mut t, "so-tc", NOW + 9, progress("pl-5", 40))
        .unwrap()
        .is_nothing());
    assert_eq!(t, before);
}

#[test]
fn a_clock_running_behind_still_moves_the_stamp_forward() {
    let mut t = Tracking::default();
    ok(&mut t, "so-xd", NOW, progress("pl-5", 40));
    ok(&mut t, "so-tc", NOW - 60_000, progress("pl-5", 60));
    let (_, at, _, base) = stamp_of(&t.record("pl-5").unwrap().progress);
    assert_eq!((at, base), (NOW + 1, NOW));
}

#[test]
fn done_raises_progress_to_100_and_a_lower_progress_reopens_it() {
    let mut t = Tracking::default();
    ok(&mut t, "so-xd", NOW, progress("pl-5", 40));
    ok(&mut t, "so-xd", NOW + 1, status("pl-5", Status::Done));
    let (value, at, _, base) = stamp_of(&t.record("pl-5").unwrap().progress);
    assert_eq!((value, at, base), (100, NOW + 1, NOW));
    ok(&mut t, "so-xd", NOW + 2, progress("pl-5", 90));
    let rec = t.record("pl-5").unwrap();
    assert_eq!(
        (stamp_of(&rec.status).0, stamp_of(&rec.progress).0),
        (Status::InProgress, 90)
    );
    // Done without a recorded progress stores none: effective progress is 100.
    ok(&mut t, "so-xd", NOW, status("pl-6", Status::Done));
    assert!(t.record("pl-6").unwrap().progress.is_none());
    assert_eq!(t.effective("pl-6", Default::default()).progress, 100);
}

#[test]
fn progress_moves_the_status_the_way_users_expect() {
    let mut t = Tracking::default();
    // Above 0 on a task not started: in progress.
    ok(&mut t, "so-xd", NOW, progress("pl-5", 30));
    let rec = t.record("pl-5").unwrap();
    assert_eq!(
        stamp_of(&rec.status),
        (Status::InProgress, NOW, "so-xd".into(), 0)
    );
    // 100%: done, completed that day unless a date is recorded.
    ok(&mut t, "so-xd", NOW + 1, progress("pl-5", 100));
    let e = t.effective("pl-5", Default::default());
    assert_eq!((e.status, e.progress), (Status::Done, 100));
    assert_eq!(e.completed_on, Some(d(2021, 7, 1)));
    // A stopped task keeps how far it got.
    ok(
        &mut t,
        "so-xd",
        NOW,
        status("pl-7", Status::Stopped).with_reason("Chờ vốn"),
    );
    ok(&mut t, "so-xd", NOW + 1, progress("pl-7", 100));
    assert_eq!(
        t.effective("pl-7", Default::default()).status,
        Status::Stopped
    );
    // Choosing "not started" sets 0%.
    ok(&mut t, "so-xd", NOW, progress("pl-8", 60));
    ok(&mut t, "so-xd", NOW + 1, status("pl-8", Status::NotStarted));
    let e = t.effective("pl-8", Default::default());
    assert_eq!((e.status, e.progress), (Status::NotStarted, 0));
    // Reopening a task at 100% asks for its real progress instead.
    let msg = refused(&mut t, "so-xd", status("pl-5", Status::InProgress));
    assert_eq!(
        msg,
        "Nhiệm vụ pl-5 đang ở tiến độ 100%: để chuyển sang “Đang thực hiện”, hãy ghi tiến độ thực tế (dưới 100%); nhiệm vụ sẽ chuyển sang “Đang thực hiện”."
    );
}

#[test]
fn merged_data_that_disagrees_is_shown_agreeing_the_later_edit_deciding() {
    let mut t = Tracking::default();
    let record = t.records.entry("pl-5".into()).or_default();
    // One unit set it done; another, later, recorded 60%.
    record.status = Some(Stamped {
        value: Status::Done,
        at: 10,
        by: UnitId::new("so-xd"),
        base: 0,
    });
    record.progress = Some(Stamped {
        value: 60,
        at: 12,
        by: UnitId::new("so-tc"),
        base: 0,
    });
    let e = t.effective("pl-5", Default::default());
    assert_eq!((e.status, e.progress), (Status::InProgress, 60));
    // The other way round: the later status decides.
    let record = t.records.get_mut("pl-5").unwrap();
    record.progress = Some(Stamped {
        value: 80,
        at: 5,
        by: UnitId::new("so-tc"),
        base: 0,
    });
    record.status = Some(Stamped {
        value: Status::NotStarted,
        at: 12,
        by: UnitId::new("so-xd"),
        base: 0,
    });
    let e = t.effective("pl-5", Default::default());
    assert_eq!((e.status, e.progress), (Status::NotStarted, 0));
}

// ---- validation ---------------------------------------------------------------

#[test]
fn progress_above_100_is_refused() {
    let mut t = Tracking::default();
    let msg = refused(&mut t, "so-xd", progress("pl-5", 120));
    assert_eq!(
        msg,
        "Nhiệm vụ pl-5: tiến độ phải từ 0 đến 100%, không thể là 120%."
    );
    ok(&mut t, "so-xd", NOW, progress("pl-5", 100));
    ok(&mut t, "so-xd", NOW + 1, progress("pl-5", 0));
}

#[test]
fn stopping_or_adjusting_needs_a_reason() {
    let mut t = Tracking::default();
    let msg = refused(&mut t, "so-xd", status("pl-5", Status::Stopped));
    assert_eq!(
        msg,
        "Nhiệm vụ pl-5: cần ghi lý do khi ở trạng thái “Dừng thực hiện”."
    );
    let msg = refused(
        &mut t,
        "so-xd",
        status("pl-5", Status::Adjusted).with_reason("   "),
    );
    assert!(msg.contains("“Điều chỉnh”"), "{msg}");

    ok(
        &mut t,
        "so-xd",
        NOW,
        status("pl-5", Status::Stopped).with_reason("  Không còn phù hợp "),
    );
    let rec = t.record("pl-5").unwrap();
    assert_eq!(rec.reason.as_ref().unwrap().value, "Không còn phù hợp");
    let msg = refused(
        &mut t,
        "so-xd",
        Edit::SetReason {
            task: "pl-5".into(),
            reason: " ".into(),
        },
    );
    assert!(msg.contains("cần ghi lý do"), "{msg}");

    // A reason recorded earlier is enough.
    ok(
        &mut t,
        "so-xd",
        NOW,
        Edit::SetReason {
            task: "pl-7".into(),
            reason: "Chờ vốn".into(),
        },
    );
    ok(&mut t, "so-xd", NOW + 1, status("pl-7", Status::Adjusted));
    assert_eq!(
        t.record("pl-7").unwrap().status.as_ref().unwrap().value,
        Status::Adjusted
    );
}

#[test]
fn absurd_dates_are_refused_with_dd_mm_yyyy() {
    let mut t = Tracking::default();
    let completed = |date| Edit::SetCompletedOn {
        task: "pl-5".into(),
        date: Some(date),
    };
    let msg = refused(&mut t, "so-xd", completed(d(1999, 12, 31)));
    assert_eq!(
        msg,
        "Nhiệm vụ pl-5: ngày hoàn thành 31/12/1999 không hợp lệ, phải từ 01/01/2000 đến 01/07/2021."
    );
    let msg = refused(&mut t, "so-xd", completed(d(2021, 7, 2)));
    assert!(
        msg.contains("02/07/2021"),
        "a completion tomorrow is refused: {msg}"
    );
    ok(&mut t, "so-xd", NOW, completed(d(2021, 7, 1)));
    ok(&mut t, "so-xd", NOW, completed(d(2000, 1, 1)));

    let due = |date| Edit::SetDue {
        task: "pl-5".into(),
        due: Some(date),
    };
    let msg = refused(&mut t, "so-xd", due(d(2101, 1, 1)));
    assert!(
        msg.contains("hạn hoàn thành 01/01/2101") && msg.contains("31/12/2100"),
        "{msg}"
    );
    ok(&mut t, "so-xd", NOW, due(d(2022, 3, 31)));

    let doc = |number: &str, date| Edit::SetDocument {
        task: "pl-5".into(),
        document: Some(DocumentRef {
            number: number.into(),
            date,
        }),
    };
    let msg = refused(&mut t, "so-xd", doc(" ", None));
    assert_eq!(msg, "Số văn bản không được để trống (pl-5).");
    let msg = refused(&mut t, "so-xd", doc("12/TTr", Some(d(2030, 1, 1))));
    assert!(msg.contains("ngày văn bản 01/01/2030"), "{msg}");
    ok(
        &mut t,
        "so-xd",
        NOW,
        doc("12/TTr-SXD", Some(d(2021, 6, 28))),
    );
}

#[test]
fn update_text_must_be_present_and_not_too_long() {
    let mut t = Tracking::default();
    let msg = refused(
        &mut t,
        "so-xd",
        update("pl-5", d(2021, 6, 1), " \n ", Status::InProgress, 10),
    );
    assert_eq!(msg, "Nội dung cập nhật không được để trống (pl-5).");
    let long = "ă".repeat(MAX_UPDATE_CHARS + 1);
    let msg = refused(
        &mut t,
        "so-xd",
        update("pl-5", d(2021, 6, 1), &long, Status::InProgress, 10),
    );
    assert_eq!(
        msg,
        "Nội dung cập nhật quá dài (pl-5): 5001 ký tự, tối đa 5000 ký tự."
    );
    let longest = "ă".repeat(MAX_UPDATE_CHARS);
    ok(
        &mut t,
        "so-xd",
        NOW,
        update("pl-5", d(2021, 6, 1), &longest, Status::InProgress, 10),
    );
    let msg = refused(
        &mut t,
        "so-xd",
        update("pl-6", d(2021, 7, 2), "Ngày mai", Status::InProgress, 10),
    );
    assert!(msg.contains("ngày cập nhật 02/07/2021"), "{msg}");
}

#[test]
fn unknown_units_and_tasks_are_refused() {
    let mut t = Tracking::default();
    let msg = refused(
        &mut t,
        "so-xd",
        Edit::SetLeadUnit {
            task: "pl-5".into(),
            unit: Some(UnitId::new("so-xyz")),
        },
    );
    assert_eq!(
        msg,
        "Đơn vị chủ trì: không có đơn vị mã “so-xyz” trong danh mục đơn vị."
    );
    let msg = refused(
        &mut t,
        "so-xd",
        Edit::SetCoordinating {
            task: "pl-5".into(),
            units: vec![UnitId::new("so-tc"), UnitId::new("nope")],
        },
    );
    assert!(
        msg.starts_with("Đơn vị phối hợp: không có đơn vị mã “nope”"),
        "{msg}"
    );
    let msg = refused(&mut t, "khong-co", progress("pl-5", 10));
    assert!(msg.starts_with("Đơn vị đang thao tác:"), "{msg}");
    let msg = refused(&mut t, "so-xd", progress("pl-37", 10));
    assert_eq!(msg, "Không có nhiệm vụ mã “pl-37”.");
}

#[test]
fn coordinating_units_are_kept_once_in_order() {
    let mut t = Tracking::default();
    let ids = |xs: &[&str]| xs.iter().map(|x| UnitId::new(*x)).collect::<Vec<_>>();
    ok(
        &mut t,
        "so-xd",
        NOW,
        Edit::SetCoordinating {
            task: "pl-5".into(),
            units: ids(&["so-tc", "so-khdt", "so-tc"]),
        },
    );
    assert_eq!(
        t.record("pl-5")
            .unwrap()
            .coordinating
            .as_ref()
            .unwrap()
            .value,
        ids(&["so-tc", "so-khdt"])
    );
}

// ---- updates ------------------------------------------------------------------

#[test]
fn latest_update_sets_status_and_progress_and_a_back_dated_one_does_not() {
    let mut t = Tracking::default();
    ok(
        &mut t,
        "so-xd",
        NOW,
        update(
            "pl-5",
            d(2021, 6, 1),
            "Đang lấy ý kiến",
            Status::InProgress,
            40,
        ),
    );
    let rec = t.record("pl-5").unwrap();
    let id = format!("so-xd-{NOW}");
    assert_eq!(rec.updates[&id].text, "Đang lấy ý kiến");
    assert_eq!(rec.updates[&id].unit, UnitId::new("so-xd"));
    assert_eq!(stamp_of(&rec.status).0, Status::InProgress);
    assert_eq!(stamp_of(&rec.progress).0, 40);

    ok(
        &mut t,
        "so-xd",
        NOW + 1,
        update("pl-5", d(2021, 5, 1), "Ghi bù", Status::NotStarted, 0),
    );
    let rec = t.record("pl-5").unwrap();
    assert_eq!(rec.updates.len(), 2);
    assert_eq!(
        (stamp_of(&rec.status).0, stamp_of(&rec.progress).0),
        (Status::InProgress, 40)
    );

    ok(
        &mut t,
        "so-xd",
        NOW + 2,
        update("pl-5", d(2021, 6, 30), "Đã trình", Status::Done, 80),
    );
    let rec = t.record("pl-5").unwrap();
    assert_eq!(rec.updates[&format!("so-xd-{}", NOW + 2)].progress, 100);
    assert_eq!(
        (stamp_of(&rec.status).0, stamp_of(&rec.progress).0),
        (Status::Done, 100)
    );

    // A note at 50% "not started" is recorded in progress, on the task too.
    ok(
        &mut t,
        "so-xd",
        NOW + 3,
        update(
            "pl-9",
            d(2021, 7, 1),
            "Đã khởi động",
            Status::NotStarted,
            50,
        ),
    );
    let rec = t.record("pl-9").unwrap();
    assert_eq!(
        rec.updates[&format!("so-xd-{}", NOW + 3)].status,
        Status::InProgress
    );
    assert_eq!(stamp_of(&rec.status).0, Status::InProgress);
    // A later note reopens a done task with its real progress.
    ok(
        &mut t,
        "so-xd",
        NOW + 4,
        update(
            "pl-5",
            d(2021, 7, 1),
            "Phải làm lại",
            Status::InProgress,
            70,
        ),
    );
    let e = t.effective("pl-5", Default::default());
    assert_eq!((e.status, e.progress), (Status::InProgress, 70));
}

#[test]
fn stopping_by_update_takes_the_note_as_reason() {
    let mut t = Tracking::default();
    ok(
        &mut t,
        "so-xd",
        NOW,
        update(
            "pl-5",
            d(2021, 6, 1),
            "Dừng do dịch bệnh",
            Status::Stopped,
            20,
        ),
    );
    let rec = t.record("pl-5").unwrap();
    assert_eq!(stamp_of(&rec.reason).0, "Dừng do dịch bệnh");
    assert_eq!(stamp_of(&rec.status).0, Status::Stopped);
}

#[test]
fn only_the_writer_removes_an_update() {
    let mut t = Tracking::default();
    ok(
        &mut t,
        "so-xd",
        NOW,
        update("pl-5", d(2021, 6, 1), "Ghi chú", Status::InProgress, 10),
    );
    let id = format!("so-xd-{NOW}");
    let remove = || Edit::RemoveUpdate {
        task: "pl-5".into(),
        update_id: id.clone(),
    };
    let msg = refused(&mut t, "so-tc", remove());
    assert!(
        msg.contains("chỉ đơn vị đó được xóa") && msg.contains("so-xd"),
        "{msg}"
    );
    ok(&mut t, "so-xd", NOW + 1, remove());
    assert!(t.record("pl-5").unwrap().updates.is_empty());
    // The removal stays as a record, stamped after the note.
    let key = ItemKey::Update {
        task: "pl-5".into(),
        id: id.clone(),
    };
    let removal = &t.removals[&key];
    assert_eq!(
        (removal.at, removal.by.as_str(), removal.base),
        (NOW + 1, "so-xd", NOW)
    );
    let msg = refused(&mut t, "so-xd", remove());
    assert!(msg.contains("không có cập nhật"), "{msg}");
}

// ---- user tasks and units -------------------------------------------------------

fn new_task(title: &str, lead: &str) -> Edit {
    Edit::AddTask(NewTask {
        title: title.into(),
        lead_unit: UnitId::new(lead),
        deadline: Some(Deadline {
            period: Period::Quarter(3),
            due: Some(d(2021, 9, 30)),
        }),
        parent: Some("nv-4".into()),
    })
}

#[test]
fn user_tasks_are_created_renamed_by_their_creator_and_tracked() {
    let mut t = Tracking::default();
    assert_eq!(
        refused(&mut t, "so-xd", new_task("  ", "so-xd")),
        format!("Tên nhiệm vụ không được để trống (u-so-xd-{NOW}).")
    );
    ok(
        &mut t,
        "so-xd",
        NOW,
        new_task(" Khảo sát hạ tầng ", "so-tc"),
    );
    let id = format!("u-so-xd-{NOW}");
    let task = &t.custom_tasks[&id];
    assert_eq!(
        (task.title.as_str(), task.created_at),
        ("Khảo sát hạ tầng", NOW)
    );
    assert_eq!(
        (task.lead_unit.as_str(), task.created_by.as_str()),
        ("so-tc", "so-xd")
    );
    assert!(refused(&mut t, "so-xd", new_task("Lặp", "so-tc")).contains("đã được dùng"));

    let rename = |title: &str| Edit::EditTaskTitle {
        task: id.clone(),
        title: title.into(),
    };
    let msg = refused(&mut t, "so-tc", rename("Khác"));
    assert!(msg.contains("chỉ đơn vị đó được sửa tên"), "{msg}");
    ok(&mut t, "so-xd", NOW + 1, rename("Khảo sát hạ tầng số"));
    assert_eq!(t.custom_tasks[&id].title, "Khảo sát hạ tầng số");
    let msg = refused(
        &mut t,
        "so-xd",
        Edit::EditTaskTitle {
            task: "pl-1".into(),
            title: "x".into(),
        },
    );
    assert!(msg.contains("thuộc văn bản kế hoạch"), "{msg}");

    let edited = &t.custom_tasks[&id].edited;
    assert_eq!(
        (edited.at, edited.base),
        (NOW + 1, NOW),
        "a rename is stamped"
    );

    ok(&mut t, "so-tc", NOW + 2, progress(&id, 30));
    assert_eq!(stamp_of(&t.record(&id).unwrap().progress).0, 30);

    // Only its creator removes it; its record stays, unseen, and a removal
    // record is left.
    let remove = || Edit::RemoveTask(id.clone());
    assert!(refused(&mut t, "so-tc", remove()).contains("chỉ đơn vị đó được sửa tên hoặc xóa"));
    assert!(refused(&mut t, "so-xd", Edit::RemoveTask("pl-1".into()))
        .contains("thuộc văn bản kế hoạch"));
    ok(&mut t, "so-xd", NOW + 3, remove());
    assert!(!t.custom_tasks.contains_key(&id));
    assert!(t.records.contains_key(&id));
    assert!(t.task_removed(&id));
    assert_eq!(t.removals[&ItemKey::CustomTask(id.clone())].base, NOW + 1);
    assert!(refused(&mut t, "so-xd", remove()).contains("Không có nhiệm vụ"));
}

fn new_unit(short: &str) -> Edit {
    Edit::AddUnit(NewUnit {
        short: short.into(),
        name: format!("UBND {short}"),
        kind: UnitKind::District,
    })
}

#[test]
fn user_units_are_added_unique_and_removed_only_when_unused() {
    let mut t = Tracking::default();
    assert_eq!(
        refused(&mut t, "so-khdt", new_unit(" sở kh&đt ")),
        "Đã có đơn vị “sở kh&đt” trong danh mục."
    );
    ok(&mut t, "so-khdt", NOW, new_unit("Rạch Giá"));
    let id = UnitId::new(format!("u-so-khdt-{NOW}"));
    let added = &t.custom_units[&id];
    assert_eq!(
        (added.short.as_str(), added.builtin, added.kind),
        ("Rạch Giá", false, UnitKind::District)
    );
    assert!(refused(&mut t, "so-khdt", new_unit("RẠCH GIÁ")).contains("Đã có đơn vị"));

    let msg = refused(&mut t, "so-khdt", Edit::RemoveUnit(UnitId::new("so-xd")));
    assert!(
        msg.contains("chỉ xóa được đơn vị do người dùng thêm"),
        "{msg}"
    );
    let msg = refused(&mut t, "so-khdt", Edit::RemoveUnit(UnitId::new("khong-co")));
    assert!(msg.contains("không có đơn vị mã “khong-co”"), "{msg}");

    ok(
        &mut t,
        "so-khdt",
        NOW + 1,
        Edit::SetCoordinating {
            task: "pl-9".into(),
            units: vec![id.clone()],
        },
    );
    let msg = refused(&mut t, "so-khdt", Edit::RemoveUnit(id.clone()));
    assert_eq!(
        msg,
        format!("Không thể xóa đơn vị {id}: nhiệm vụ pl-9 còn dùng đến đơn vị này.")
    );
    ok(
        &mut t,
        "so-khdt",
        NOW + 2,
        Edit::SetCoordinating {
            task: "pl-9".into(),
            units: vec![],
        },
    );

    // Acting as that unit signs a stamp: it is in use again, and cannot remove itself.
    ok(&mut t, id.as_str(), NOW + 3, progress("pl-10", 5));
    assert!(refused(&mut t, "so-khdt", Edit::RemoveUnit(id.clone())).contains("pl-10"));
    assert!(
        refused(&mut t, id.as_str(), Edit::RemoveUnit(id.clone())).contains("đơn vị đang thao tác")
    );
    t.records.remove("pl-10");

    ok(&mut t, "so-khdt", NOW + 4, Edit::RemoveUnit(id.clone()));
    assert!(t.custom_units.is_empty());
    assert!(t.unit_removed(&id));
}

// ---- history ----------------------------------------------------------------------

fn hist_apply(
    h: &mut History,
    t: &mut Tracking,
    by: &str,
    now: Millis,
    edit: Edit,
) -> Result<bool, EditError> {
    with_ctx(by, now, |ctx| h.apply(t, edit, ctx))
}

#[test]
fn undo_and_redo_restore_exact_states() {
    let mut t = Tracking::default();
    let mut h = History::default();
    assert!(!h.can_undo() && !h.can_redo());
    let mut states = vec![t.clone()];
    let edits = [
        progress("pl-1", 20),
        status("pl-1", Status::Done),
        update("pl-2", d(2021, 6, 1), "Ghi chú", Status::InProgress, 50),
        new_task("Việc thêm", "so-tc"),
        new_unit("Phú Quốc"),
        Edit::RemoveUpdate {
            task: "pl-2".into(),
            update_id: format!("so-xd-{}", NOW + 2),
        },
        Edit::RemoveTask(format!("u-so-xd-{}", NOW + 3)),
    ];
    for (i, edit) in edits.into_iter().enumerate() {
        assert_eq!(
            hist_apply(&mut h, &mut t, "so-xd", NOW + i as i64, edit),
            Ok(true)
        );
        states.push(t.clone());
    }
    assert_eq!(h.undo_len(), 7);
    let mut r = Receipts::default();
    for expected in states.iter().rev().skip(1) {
        let touched = h.undo(&mut t, &mut r).expect("a step to undo");
        assert!(touched.tracking && !touched.receipts);
        assert_eq!(&t, expected);
    }
    assert!(h.undo(&mut t, &mut r).is_none() && h.can_redo());
    for expected in states.iter().skip(1) {
        assert!(h.redo(&mut t, &mut r).is_some());
        assert_eq!(&t, expected);
    }
    assert!(h.redo(&mut t, &mut r).is_none());
}

#[test]
fn a_new_edit_clears_redo_and_no_ops_and_refusals_are_not_recorded() {
    let mut t = Tracking::default();
    let mut h = History::default();
    hist_apply(&mut h, &mut t, "so-xd", NOW, progress("pl-1", 20)).unwrap();
    hist_apply(&mut h, &mut t, "so-xd", NOW + 1, progress("pl-1", 30)).unwrap();
    assert!(h.undo(&mut t, &mut Receipts::default()).is_some() && h.can_redo());
    assert_eq!(
        hist_apply(&mut h, &mut t, "so-xd", NOW + 2, progress("pl-1", 20)),
        Ok(false)
    );
    assert!(h.can_redo(), "a no-op keeps the redo stack");
    assert!(hist_apply(&mut h, &mut t, "so-xd", NOW + 3, progress("pl-1", 101)).is_err());
    assert!(h.can_redo(), "a refused edit keeps the redo stack");
    hist_apply(&mut h, &mut t, "so-xd", NOW + 4, progress("pl-1", 40)).unwrap();
    assert!(!h.can_redo());
    assert_eq!(h.undo_len(), 2);
}

#[test]
fn replacement_is_undone_in_one_step_receipts_included() {
    let mut t = Tracking::default();
    let mut r = Receipts::default();
    let mut h = History::default();
    hist_apply(&mut h, &mut t, "so-xd", NOW, progress("pl-1", 20)).unwrap();
    let before = (t.clone(), r.clone());
    let mut imported = Tracking::default();
    ok(
        &mut imported,
        "so-tc",
        NOW + 10,
        status("pl-3", Status::Done),
    );
    ok(&mut imported, "so-tc", NOW + 11, new_unit("Hà Tiên"));
    let mut receipts = Receipts::default();
    receipts.record(
        UnitId::new("so-tc"),
        ReportPeriod::Month {
            year: 2021,
            month: 6,
        },
        Receipt {
            file_name: "so-tc.json".into(),
            exported_at: "2021-06-10T08:00:00+07:00".into(),
            imported_at: NOW + 12,
        },
    );
    let after = Snapshot {
        tracking: imported.clone(),
        receipts: receipts.clone(),
    };
    h.replace(&mut t, &mut r, after);
    assert_eq!((&t, &r), (&imported, &receipts));
    let touched = h.undo(&mut t, &mut r).unwrap();
    assert!(touched.tracking && touched.receipts);
    assert_eq!((t.clone(), r.clone()), before);
    assert!(h.redo(&mut t, &mut r).is_some());
    assert_eq!((&t, &r), (&imported, &receipts));
    // The edit before the import is still one undo further back.
    assert!(h.undo(&mut t, &mut r).is_some() && h.undo(&mut t, &mut r).is_some());
    assert_eq!((t, r), (Tracking::default(), Receipts::default()));
}

#[test]
fn history_keeps_at_most_its_limit() {
    let mut t = Tracking::default();
    let mut h = History::new(3);
    for p in 1..=5u8 {
        hist_apply(
            &mut h,
            &mut t,
            "so-xd",
            NOW + i64::from(p),
            progress("pl-1", p),
        )
        .unwrap();
    }
    assert_eq!(h.undo_len(), 3);
    while h.undo(&mut t, &mut Receipts::default()).is_some() {}
    assert_eq!(
        stamp_of(&t.record("pl-1").unwrap().progress).0,
        2,
        "the oldest steps were dropped"
    );
}

// ---- property: undo all, redo all ---------------------------------------------------

const TASKS: [&str; 3] = ["pl-1", "pl-2", "pl-36"];
const UNITS: [&str; 3] = ["so-khdt", "so-xd", "so-tc"];
const STATUSES: [Status; 5] = [
    Status::NotStarted,
    Status::InProgress,
    Status::Done,
    Status::Stopped,
    Status::Adjusted,
];

fn edit_for(kind: u8, task: usize, unit: usize, n: u8, day: u32, by: &str, now: Millis) -> Edit {
    let task = TASKS[task].to_string();
    let u = UnitId::new(UNITS[unit]);
    match kind {
        0 => Edit::SetStatus {
            task,
            status: STATUSES[usize::from(n) % 5],
            reason: (n % 2 == 0).then(|| format!("Lý do {n}")),
        },
        1 => Edit::SetProgress { task, progress: n },
        2 => Edit::SetReason {
            task,
            reason: format!("Lý do {}", n % 3),
        },
        3 => Edit::SetCompletedOn {
            task,
            date: (n % 4 != 0).then(|| d(2021, 6, day)),
        },
        4 => Edit::SetLeadUnit {
            task,
            unit: (n % 3 != 0).then_some(u),
        },
        5 => Edit::SetCoordinating {
            task,
            units: vec![u, UnitId::new(UNITS[usize::from(n) % 3])],
        },
        6 => Edit::SetDue {
            task,
            due: Some(d(2021, 1 + u32::from(n) % 12, day)),
        },
        7 => Edit::AddUpdate {
            task,
            date: d(2021, 6, day),
            text: format!("Cập nhật {n}"),
            status: STATUSES[usize::from(n) % 5],
            progress: n % 101,
        },
        8 => Edit::RemoveUpdate {
            task,
            update_id: format!("{by}-{}", now - i64::from(n % 4) - 1),
        },
        9 => Edit::SetDocument {
            task,
            document: Some(DocumentRef {
                number: format!("{n}/BC"),
                date: Some(d(2021, 6, day)),
            }),
        },
        10 => new_task(&format!("Việc {n}"), UNITS[unit]),
        11 => Edit::RemoveTask(format!("u-{by}-{}", now - i64::from(n % 4) - 1)),
        _ => new_unit(&format!("Huyện {}", n % 5)),
    }
}

proptest! {
    #[test]
    fn undo_all_restores_the_start_and_redo_all_the_end(
        steps in proptest::collection::vec((0u8..13, 0usize..3, 0usize..3, 0u8..=110, 1u32..=28, 0usize..3), 1..40)
    ) {
        let mut t = Tracking::default();
        ok(&mut t, "so-khdt", NOW - 10_000, update("pl-1", d(2021, 5, 5), "Có sẵn", Status::InProgress, 30));
        let start = t.clone();
        let mut h = History::new(1_000);
        let mut recorded = 0;
        for (i, (kind, task, unit, n, day, by)) in steps.into_iter().enumerate() {
            let now = NOW + i as i64;
            let by = UNITS[by];
            let before = t.clone();
            match hist_apply(&mut h, &mut t, by, now, edit_for(kind, task, unit, n, day, by, now)) {
                Ok(true) => recorded += 1,
                Ok(false) => prop_assert_eq!(&t, &before),
                Err(_) => prop_assert_eq!(&t, &before),
            }
        }
        let end = t.clone();
        prop_assert_eq!(h.undo_len(), recorded);
        let mut r = Receipts::default();
        while h.undo(&mut t, &mut r).is_some() {}
        prop_assert_eq!(&t, &start);
        while h.redo(&mut t, &mut r).is_some() {}
        prop_assert_eq!(&t, &end);
    }
}

#[test]
fn a_field_set_again_after_a_reset_replaces_its_removal_record() {
    let mut t = Tracking::default();
    let key = ItemKey::Field {
        task: "pl-5".into(),
        field: ke_hoach::model::tracking::TrackedField::Due,
    };
    // Reset to the plan's date by a conflict's choice (see `exchange::merge`).
    t.removals.insert(
        key.clone(),
        ke_hoach::model::tracking::Stamp::after(3, &UnitId::new("so-xd"), 5),
    );
    let mut h = History::default();
    let due = Edit::SetDue {
        task: "pl-5".into(),
        due: Some(d(2021, 9, 30)),
    };
    hist_apply(&mut h, &mut t, "so-xd", NOW, due).unwrap();
    assert!(!t.removals.contains_key(&key));
    assert!(h.undo(&mut t, &mut Receipts::default()).is_some());
    assert!(t.removals.contains_key(&key), "undo brings the record back");
    assert!(t.record("pl-5").is_none());
}
