//! A user's edits to the tracking data: validation (Vietnamese messages),
//! stamping and application. Each edit touches a few slots — a task's
//! record, a user task, a user unit, a removal record — and hands back each
//! slot's previous value, which is all undo needs.
//!
//! Stamps: `at` is the edit's time, `by` the editing unit and `base` the
//! `at` of the value replaced (0 when the field had none). Within one field
//! `at` strictly increases (a clock running behind still yields `base < at`).
//! Setting a field to the value it already holds changes nothing and keeps
//! the old stamp, so a needless save never creates a merge conflict.
//! Removing a note, a user task or a user unit leaves a removal record
//! stamped the same way, so that no older copy brings it back.
//! Status and progress are kept agreeing by [`agree`].

use std::collections::BTreeMap;
use std::fmt;

use chrono::NaiveDate;

use crate::i18n::format_date;

use super::deadline::Deadline;
use super::timing::{day_of, PlanTerms};
use super::tracking::{
    agree, CustomTask, Decided, DocumentRef, ItemKey, Millis, Stamp, Stamped, Status, TaskRecord,
    TrackedField, Tracking, Update,
};
use super::unit::{Unit, UnitId, UnitKind};

/// Longest update note, in characters.
pub const MAX_UPDATE_CHARS: usize = 5_000;
/// Longest reason for stopping or adjusting a task, in characters: as long
/// as a note, since a note can become the reason.
pub const MAX_REASON_CHARS: usize = MAX_UPDATE_CHARS;
/// Longest user task title, in characters.
pub const MAX_TITLE_CHARS: usize = 1_000;
/// Longest unit name or short form, in characters.
pub const MAX_UNIT_NAME_CHARS: usize = 200;
/// Longest document number, in characters.
pub const MAX_DOCUMENT_NUMBER_CHARS: usize = 100;

/// Dates before this are typing mistakes, not history of a 2021 plan.
const EARLIEST_DATE: (i32, u32, u32) = (2000, 1, 1);
/// Due dates after this are typing mistakes.
const LATEST_DUE: (i32, u32, u32) = (2100, 12, 31);

/// Who edits, when, and what exists besides the tracking data itself.
pub struct EditContext<'a> {
    /// The editing user's unit: it signs every stamp.
    pub by: &'a UnitId,
    pub now: Millis,
    /// The units that come with the app; user units are in the tracking data.
    pub builtin_units: &'a [Unit],
    /// Whether an id names a task of the plan (annex task or plan item);
    /// user tasks are in the tracking data.
    pub is_plan_task: &'a dyn Fn(&str) -> bool,
}

/// A task a user adds; its id and creation stamp come from the edit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTask {
    pub title: String,
    pub lead_unit: UnitId,
    pub deadline: Option<Deadline>,
    /// The plan part or item it belongs to (`nv-4`, `tt-2`); not checked here.
    pub parent: Option<String>,
}

/// A unit a user adds; its id comes from the edit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewUnit {
    pub short: String,
    pub name: String,
    pub kind: UnitKind,
}

/// One user action on the tracking data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    /// Stopped and Adjusted need a reason: the one given here or one already
    /// recorded. Progress follows ([`agree`]): done sets 100%, not started
    /// 0%. Reopening a task at 100% (in progress, adjusted) is refused: its
    /// real progress is asked for instead, which reopens it.
    SetStatus {
        task: String,
        status: Status,
        reason: Option<String>,
    },
    /// 0–100. The status follows ([`agree`]): above 0 a task not started is
    /// in progress, 100 makes it done, below 100 reopens a done task.
    SetProgress {
        task: String,
        progress: u8,
    },
    /// Empty clears the reason, refused while the task is stopped or adjusted.
    SetReason {
        task: String,
        reason: String,
    },
    SetCompletedOn {
        task: String,
        date: Option<NaiveDate>,
    },
    SetDocument {
        task: String,
        document: Option<DocumentRef>,
    },
    SetLeadUnit {
        task: String,
        unit: Option<UnitId>,
    },
    /// Repeated units are kept once, in their first place.
    SetCoordinating {
        task: String,
        units: Vec<UnitId>,
    },
    SetDue {
        task: String,
        due: Option<NaiveDate>,
    },
    /// A dated note with the status and progress at that date, made to
    /// agree ([`agree`]). When its date is the latest of the task's notes it
    /// also sets the task's status and progress (a stopped or adjusted
    /// status takes the note as its reason if none is recorded); a
    /// back-dated note leaves them alone.
    AddUpdate {
        task: String,
        date: NaiveDate,
        text: String,
        status: Status,
        progress: u8,
    },
    /// Only the unit that wrote a note may remove it; a removal record
    /// stays. The task's status and progress stay as they are.
    RemoveUpdate {
        task: String,
        update_id: String,
    },
    /// Id `u-<unit>-<millis>`.
    AddTask(NewTask),
    /// Only for user tasks, only by the unit that created them: plan titles
    /// are the document's text.
    EditTaskTitle {
        task: String,
        title: String,
    },
    /// Only for user tasks, only by the unit that created them. The task's
    /// record stays, unseen, and a removal record is left.
    RemoveTask(String),
    /// Id `u-<unit>-<millis>`.
    AddUnit(NewUnit),
    /// Only user units that nothing refers to; a removal record is left.
    RemoveUnit(UnitId),
}

/// A field named in error messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Editor,
    Lead,
    Coordinating,
    Reason,
    CompletedOn,
    DocumentNumber,
    DocumentDate,
    Due,
    UpdateText,
    UpdateDate,
    Title,
    UnitShort,
    UnitName,
}

impl Field {
    /// The field's Vietnamese name, as it starts a sentence.
    pub fn label_vi(self) -> &'static str {
        match self {
            Field::Editor => "Đơn vị đang thao tác",
            Field::Lead => "Đơn vị chủ trì",
            Field::Coordinating => "Đơn vị phối hợp",
            Field::Reason => "Lý do",
            Field::CompletedOn => "Ngày hoàn thành",
            Field::DocumentNumber => "Số văn bản",
            Field::DocumentDate => "Ngày văn bản",
            Field::Due => "Hạn hoàn thành",
            Field::UpdateText => "Nội dung cập nhật",
            Field::UpdateDate => "Ngày cập nhật",
            Field::Title => "Tên nhiệm vụ",
            Field::UnitShort => "Tên viết tắt của đơn vị",
            Field::UnitName => "Tên đơn vị",
        }
    }
}

/// Why an edit was refused. `Display` is the Vietnamese message for users;
/// nothing is changed when an edit is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditError {
    UnknownTask(String),
    UnknownUnit {
        field: Field,
        unit: UnitId,
    },
    ProgressOutOfRange {
        task: String,
        progress: u8,
    },
    ReopenAtFull {
        task: String,
        status: Status,
    },
    ReasonRequired {
        task: String,
        status: Status,
    },
    DateOutOfRange {
        task: String,
        field: Field,
        date: NaiveDate,
        earliest: NaiveDate,
        latest: NaiveDate,
    },
    EmptyText {
        task: String,
        field: Field,
    },
    TooLong {
        task: String,
        field: Field,
        max: usize,
        len: usize,
    },
    UnknownUpdate {
        task: String,
        update: String,
    },
    NotOwnUpdate {
        task: String,
        update: String,
        owner: UnitId,
    },
    IdTaken(String),
    NotUserTask(String),
    NotCreator {
        task: String,
        creator: UnitId,
    },
    DuplicateUnit(String),
    NotUserUnit(UnitId),
    UnitInUse {
        unit: UnitId,
        task: String,
    },
    RemovingSelf(UnitId),
}

impl fmt::Display for EditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EditError::UnknownTask(task) => write!(f, "Không có nhiệm vụ mã “{task}”."),
            EditError::UnknownUnit { field, unit } => write!(
                f,
                "{}: không có đơn vị mã “{unit}” trong danh mục đơn vị.",
                field.label_vi()
            ),
            EditError::ProgressOutOfRange { task, progress } => write!(
                f,
                "Nhiệm vụ {task}: tiến độ phải từ 0 đến 100%, không thể là {progress}%."
            ),
            EditError::ReopenAtFull { task, status } => write!(
                f,
                "Nhiệm vụ {task} đang ở tiến độ 100%: để chuyển sang “{}”, hãy ghi tiến độ thực tế (dưới 100%); nhiệm vụ sẽ chuyển sang “Đang thực hiện”.",
                status.label_vi()
            ),
            EditError::ReasonRequired { task, status } => write!(
                f,
                "Nhiệm vụ {task}: cần ghi lý do khi ở trạng thái “{}”.",
                status.label_vi()
            ),
            EditError::DateOutOfRange {
                task,
                field,
                date,
                earliest,
                latest,
            } => write!(
                f,
                "Nhiệm vụ {task}: {} {} không hợp lệ, phải từ {} đến {}.",
                field.label_vi().to_lowercase(),
                format_date(*date),
                format_date(*earliest),
                format_date(*latest)
            ),
            EditError::EmptyText { task, field } => {
                write!(f, "{} không được để trống ({task}).", field.label_vi())
            }
            EditError::TooLong {
                task,
                field,
                max,
                len,
            } => write!(
                f,
                "{} quá dài ({task}): {len} ký tự, tối đa {max} ký tự.",
                field.label_vi()
            ),
            EditError::UnknownUpdate { task, update } => {
                write!(f, "Nhiệm vụ {task} không có cập nhật mã “{update}”.")
            }
            EditError::NotOwnUpdate {
                task,
                update,
                owner,
            } => write!(
                f,
                "Cập nhật “{update}” của nhiệm vụ {task} do đơn vị {owner} ghi: chỉ đơn vị đó được xóa."
            ),
            EditError::IdTaken(id) => write!(
                f,
                "Mã “{id}” đã được dùng; vui lòng thử lại sau giây lát."
            ),
            EditError::NotUserTask(task) => write!(
                f,
                "Nhiệm vụ {task} thuộc văn bản kế hoạch: chỉ sửa được tên nhiệm vụ do người dùng thêm."
            ),
            EditError::NotCreator { task, creator } => write!(
                f,
                "Nhiệm vụ {task} do đơn vị {creator} thêm: chỉ đơn vị đó được sửa tên hoặc xóa."
            ),
            EditError::DuplicateUnit(short) => {
                write!(f, "Đã có đơn vị “{short}” trong danh mục.")
            }
            EditError::NotUserUnit(unit) => write!(
                f,
                "Đơn vị {unit} có sẵn trong ứng dụng: chỉ xóa được đơn vị do người dùng thêm."
            ),
            EditError::UnitInUse { unit, task } => write!(
                f,
                "Không thể xóa đơn vị {unit}: nhiệm vụ {task} còn dùng đến đơn vị này."
            ),
            EditError::RemovingSelf(unit) => write!(
                f,
                "Không thể xóa đơn vị {unit}: đây là đơn vị đang thao tác."
            ),
        }
    }
}

impl std::error::Error for EditError {}

/// One slot an edit touched and the value it held before (`None`: absent).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Slot {
    Record {
        task: String,
        kept: Option<Box<TaskRecord>>,
    },
    CustomTask {
        id: String,
        kept: Option<Box<CustomTask>>,
    },
    Unit {
        id: UnitId,
        kept: Option<Box<Unit>>,
    },
    Removal {
        key: ItemKey,
        kept: Option<Stamp>,
    },
}

/// What an edit changed: the slots it touched, each with the value it held
/// before. Swapping them back in undoes the edit; swapping again redoes it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Applied(Vec<Slot>);

impl Applied {
    /// Whether the edit set values already held, changing nothing.
    pub fn is_nothing(&self) -> bool {
        self.0.is_empty()
    }

    /// Exchanges each kept value with the slot's current one in `tracking`.
    /// Right after the edit this undoes it; a second call redoes it.
    pub fn swap(&mut self, tracking: &mut Tracking) {
        for slot in &mut self.0 {
            match slot {
                Slot::Record { task, kept } => swap_entry(&mut tracking.records, task, kept),
                Slot::CustomTask { id, kept } => swap_entry(&mut tracking.custom_tasks, id, kept),
                Slot::Unit { id, kept } => swap_entry(&mut tracking.custom_units, id, kept),
                Slot::Removal { key, kept } => {
                    let current = tracking.removals.remove(key);
                    if let Some(stamp) = kept.take() {
                        tracking.removals.insert(key.clone(), stamp);
                    }
                    *kept = current;
                }
            }
        }
    }
}

fn swap_entry<K: Ord + Clone, V>(map: &mut BTreeMap<K, V>, key: &K, kept: &mut Option<Box<V>>) {
    let current = map.remove(key).map(Box::new);
    if let Some(value) = kept.take() {
        map.insert(key.clone(), *value);
    }
    *kept = current;
}

/// Records a removal of `key` (keeping what it replaces for undo).
fn leave_removal(tracking: &mut Tracking, key: ItemKey, stamp: Stamp) -> Slot {
    let kept = tracking.removals.insert(key.clone(), stamp);
    Slot::Removal { key, kept }
}

/// Validates `edit` and applies it to `tracking`, stamped with `ctx.by` and
/// `ctx.now`. On error nothing is changed.
pub fn apply(
    tracking: &mut Tracking,
    edit: Edit,
    ctx: &EditContext<'_>,
) -> Result<Applied, EditError> {
    check_unit(tracking, ctx, ctx.by, Field::Editor)?;
    match edit {
        Edit::AddTask(new) => add_task(tracking, new, ctx),
        Edit::EditTaskTitle { task, title } => edit_title(tracking, task, title, ctx),
        Edit::RemoveTask(task) => remove_task(tracking, task, ctx),
        Edit::AddUnit(new) => add_unit(tracking, new, ctx),
        Edit::RemoveUnit(unit) => remove_unit(tracking, unit, ctx),
        record_edit => edit_record(tracking, record_edit, ctx),
    }
}

fn unit_exists(tracking: &Tracking, ctx: &EditContext<'_>, unit: &UnitId) -> bool {
    tracking.custom_units.contains_key(unit) || ctx.builtin_units.iter().any(|u| &u.id == unit)
}

fn check_unit(
    tracking: &Tracking,
    ctx: &EditContext<'_>,
    unit: &UnitId,
    field: Field,
) -> Result<(), EditError> {
    if unit_exists(tracking, ctx, unit) {
        Ok(())
    } else {
        Err(EditError::UnknownUnit {
            field,
            unit: unit.clone(),
        })
    }
}

/// The text trimmed, refused when empty (if `required`) or too long.
fn clean_text(
    text: &str,
    required: bool,
    max: usize,
    task: &str,
    field: Field,
) -> Result<String, EditError> {
    let text = text.trim();
    if required && text.is_empty() {
        return Err(EditError::EmptyText {
            task: task.to_owned(),
            field,
        });
    }
    let len = text.chars().count();
    if len > max {
        return Err(EditError::TooLong {
            task: task.to_owned(),
            field,
            max,
            len,
        });
    }
    Ok(text.to_owned())
}

fn ymd((y, m, d): (i32, u32, u32)) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("constant dates are valid")
}

/// Refuses a date outside `EARLIEST_DATE ..= latest`.
fn check_date(
    date: NaiveDate,
    latest: NaiveDate,
    task: &str,
    field: Field,
) -> Result<(), EditError> {
    let earliest = ymd(EARLIEST_DATE);
    if (earliest..=latest).contains(&date) {
        Ok(())
    } else {
        Err(EditError::DateOutOfRange {
            task: task.to_owned(),
            field,
            date,
            earliest,
            latest,
        })
    }
}

/// Sets a field unless it already holds `value`.
fn stamp<T: PartialEq>(slot: &mut Option<Stamped<T>>, value: T, ctx: &EditContext<'_>) {
    if slot.as_ref().is_some_and(|s| s.value == value) {
        return;
    }
    let Stamped { at, by, base, .. } =
        Stamp::after(slot.as_ref().map_or(0, |s| s.at), ctx.by, ctx.now);
    *slot = Some(Stamped {
        value,
        at,
        by,
        base,
    });
}

/// The status and progress the task shows now.
fn shown(record: &TaskRecord) -> (Status, u8) {
    let e = record.effective(PlanTerms::default());
    (e.status, e.progress)
}

fn needs_reason(status: Status) -> bool {
    matches!(status, Status::Stopped | Status::Adjusted)
}

fn has_reason(record: &TaskRecord) -> bool {
    record.reason.as_ref().is_some_and(|r| !r.value.is_empty())
}

/// Stamps the status and progress [`agree`] makes of `status` and
/// `progress`, each only where it differs from what the record holds or
/// implies.
fn set_both(
    record: &mut TaskRecord,
    status: Status,
    progress: u8,
    decided: Decided,
    ctx: &EditContext<'_>,
) {
    let (status, progress) = agree(status, progress, decided);
    if status != shown(record).0 || record.status.is_some() {
        stamp(&mut record.status, status, ctx);
    }
    // Without a recorded progress a done task counts 100 and any other 0:
    // nothing to record when that is the value.
    let implied = if status == Status::Done { 100 } else { 0 };
    if progress != implied || record.progress.is_some() {
        stamp(&mut record.progress, progress, ctx);
    }
}

fn set_status(
    record: &mut TaskRecord,
    task: &str,
    status: Status,
    reason: Option<&str>,
    ctx: &EditContext<'_>,
) -> Result<(), EditError> {
    let reason = reason
        .map(|r| clean_text(r, false, MAX_REASON_CHARS, task, Field::Reason))
        .transpose()?
        .filter(|r| !r.is_empty());
    let (current, progress) = shown(record);
    if status != current
        && matches!(status, Status::InProgress | Status::Adjusted)
        && progress == 100
    {
        return Err(EditError::ReopenAtFull {
            task: task.to_owned(),
            status,
        });
    }
    if let Some(reason) = reason {
        stamp(&mut record.reason, reason, ctx);
    }
    if needs_reason(status) && !has_reason(record) {
        return Err(EditError::ReasonRequired {
            task: task.to_owned(),
            status,
        });
    }
    set_both(record, status, progress, Decided::Status, ctx);
    Ok(())
}

fn check_progress(task: &str, progress: u8) -> Result<(), EditError> {
    if progress > 100 {
        return Err(EditError::ProgressOutOfRange {
            task: task.to_owned(),
            progress,
        });
    }
    Ok(())
}

fn set_progress(
    record: &mut TaskRecord,
    task: &str,
    progress: u8,
    ctx: &EditContext<'_>,
) -> Result<(), EditError> {
    check_progress(task, progress)?;
    let (status, _) = shown(record);
    set_both(record, status, progress, Decided::Progress, ctx);
    Ok(())
}

fn task_of(edit: &Edit) -> &str {
    match edit {
        Edit::SetStatus { task, .. }
        | Edit::SetProgress { task, .. }
        | Edit::SetReason { task, .. }
        | Edit::SetCompletedOn { task, .. }
        | Edit::SetDocument { task, .. }
        | Edit::SetLeadUnit { task, .. }
        | Edit::SetCoordinating { task, .. }
        | Edit::SetDue { task, .. }
        | Edit::AddUpdate { task, .. }
        | Edit::RemoveUpdate { task, .. }
        | Edit::EditTaskTitle { task, .. } => task,
        Edit::AddTask(_) | Edit::RemoveTask(_) | Edit::AddUnit(_) | Edit::RemoveUnit(_) => "",
    }
}

fn edit_record(
    tracking: &mut Tracking,
    edit: Edit,
    ctx: &EditContext<'_>,
) -> Result<Applied, EditError> {
    let task = task_of(&edit).to_owned();
    if !(ctx.is_plan_task)(&task) && !tracking.custom_tasks.contains_key(&task) {
        return Err(EditError::UnknownTask(task));
    }
    let before = tracking.records.get(&task);
    let mut record = before.cloned().unwrap_or_default();
    let mut removal = None;
    let today = day_of(ctx.now);
    match edit {
        Edit::SetStatus { status, reason, .. } => {
            set_status(&mut record, &task, status, reason.as_deref(), ctx)?
        }
        Edit::SetProgress { progress, .. } => set_progress(&mut record, &task, progress, ctx)?,
        Edit::SetReason { reason, .. } => {
            let reason = clean_text(&reason, false, MAX_REASON_CHARS, &task, Field::Reason)?;
            let (status, _) = shown(&record);
            if reason.is_empty() && needs_reason(status) {
                return Err(EditError::ReasonRequired { task, status });
            }
            stamp(&mut record.reason, reason, ctx);
        }
        Edit::SetCompletedOn { date, .. } => {
            if let Some(date) = date {
                check_date(date, today, &task, Field::CompletedOn)?;
            }
            stamp(&mut record.completed_on, date, ctx);
        }
        Edit::SetDocument { document, .. } => {
            let document = document
                .map(|d| {
                    let number = clean_text(
                        &d.number,
                        true,
                        MAX_DOCUMENT_NUMBER_CHARS,
                        &task,
                        Field::DocumentNumber,
                    )?;
                    if let Some(date) = d.date {
                        check_date(date, today, &task, Field::DocumentDate)?;
                    }
                    Ok(DocumentRef {
                        number,
                        date: d.date,
                    })
                })
                .transpose()?;
            stamp(&mut record.document, document, ctx);
        }
        Edit::SetLeadUnit { unit, .. } => {
            if let Some(unit) = &unit {
                check_unit(tracking, ctx, unit, Field::Lead)?;
            }
            stamp(&mut record.lead_unit, unit, ctx);
        }
        Edit::SetCoordinating { units, .. } => {
            let mut kept: Vec<UnitId> = Vec::with_capacity(units.len());
            for unit in units {
                check_unit(tracking, ctx, &unit, Field::Coordinating)?;
                if !kept.contains(&unit) {
                    kept.push(unit);
                }
            }
            stamp(&mut record.coordinating, kept, ctx);
        }
        Edit::SetDue { due, .. } => {
            if let Some(due) = due {
                check_date(due, ymd(LATEST_DUE), &task, Field::Due)?;
            }
            stamp(&mut record.due, due, ctx);
        }
        Edit::AddUpdate {
            date,
            text,
            status,
            progress,
            ..
        } => {
            let text = clean_text(&text, true, MAX_UPDATE_CHARS, &task, Field::UpdateText)?;
            check_date(date, today, &task, Field::UpdateDate)?;
            check_progress(&task, progress)?;
            let (status, progress) = agree(status, progress, Decided::Both);
            let id = format!("{}-{}", ctx.by, ctx.now);
            let key = ItemKey::Update {
                task: task.clone(),
                id: id.clone(),
            };
            if record.updates.contains_key(&id) || tracking.removals.contains_key(&key) {
                return Err(EditError::IdTaken(id));
            }
            if record.updates.values().all(|u| u.date <= date) {
                if needs_reason(status) && !has_reason(&record) {
                    stamp(&mut record.reason, text.clone(), ctx);
                }
                set_both(&mut record, status, progress, Decided::Both, ctx);
            }
            let update = Update {
                id: id.clone(),
                date,
                unit: ctx.by.clone(),
                text,
                status,
                progress,
                at: ctx.now,
            };
            record.updates.insert(id, update);
        }
        Edit::RemoveUpdate { update_id, .. } => {
            let Some(update) = record.updates.get(&update_id) else {
                return Err(EditError::UnknownUpdate {
                    task,
                    update: update_id,
                });
            };
            if &update.unit != ctx.by {
                return Err(EditError::NotOwnUpdate {
                    task,
                    owner: update.unit.clone(),
                    update: update_id,
                });
            }
            let stamp = Stamp::after(update.at, ctx.by, ctx.now);
            record.updates.remove(&update_id);
            let key = ItemKey::Update {
                task: task.clone(),
                id: update_id,
            };
            removal = Some((key, stamp));
        }
        Edit::AddTask(_)
        | Edit::EditTaskTitle { .. }
        | Edit::RemoveTask(_)
        | Edit::AddUnit(_)
        | Edit::RemoveUnit(_) => {
            unreachable!("apply routes task and unit edits elsewhere")
        }
    }
    let mut slots = Vec::new();
    // A field set again after it was reset to the plan's value: the newer
    // value replaces the removal record.
    let reset: Vec<ItemKey> = TrackedField::ALL
        .into_iter()
        .filter(|f| {
            record.stamp(*f).is_some() && before.and_then(|b| b.stamp(*f)) != record.stamp(*f)
        })
        .map(|field| ItemKey::Field {
            task: task.clone(),
            field,
        })
        .filter(|key| tracking.removals.contains_key(key))
        .collect();
    if before != Some(&record) {
        let kept = tracking.records.insert(task.clone(), record).map(Box::new);
        slots.push(Slot::Record { task, kept });
    }
    for key in reset {
        let kept = tracking.removals.remove(&key);
        slots.push(Slot::Removal { key, kept });
    }
    if let Some((key, stamp)) = removal {
        slots.push(leave_removal(tracking, key, stamp));
    }
    Ok(Applied(slots))
}

/// `u-<unit>-<millis>`: unique without coordination between units.
fn fresh_id(ctx: &EditContext<'_>) -> String {
    format!("u-{}-{}", ctx.by, ctx.now)
}

fn add_task(
    tracking: &mut Tracking,
    new: NewTask,
    ctx: &EditContext<'_>,
) -> Result<Applied, EditError> {
    let id = fresh_id(ctx);
    if tracking.custom_tasks.contains_key(&id)
        || tracking.task_removed(&id)
        || (ctx.is_plan_task)(&id)
    {
        return Err(EditError::IdTaken(id));
    }
    let title = clean_text(&new.title, true, MAX_TITLE_CHARS, &id, Field::Title)?;
    check_unit(tracking, ctx, &new.lead_unit, Field::Lead)?;
    if let Some(due) = new.deadline.and_then(|d| d.due) {
        check_date(due, ymd(LATEST_DUE), &id, Field::Due)?;
    }
    let task = CustomTask {
        id: id.clone(),
        title,
        lead_unit: new.lead_unit,
        deadline: new.deadline,
        parent: new.parent,
        created_at: ctx.now,
        created_by: ctx.by.clone(),
        edited: Stamp::after(0, ctx.by, ctx.now),
    };
    tracking.custom_tasks.insert(id.clone(), task);
    Ok(Applied(vec![Slot::CustomTask { id, kept: None }]))
}

/// The user task `task`, if the editing unit created it.
fn own_task<'t>(
    tracking: &'t Tracking,
    task: &str,
    ctx: &EditContext<'_>,
) -> Result<&'t CustomTask, EditError> {
    let Some(custom) = tracking.custom_tasks.get(task) else {
        return Err(if (ctx.is_plan_task)(task) {
            EditError::NotUserTask(task.to_owned())
        } else {
            EditError::UnknownTask(task.to_owned())
        });
    };
    if &custom.created_by != ctx.by {
        return Err(EditError::NotCreator {
            creator: custom.created_by.clone(),
            task: task.to_owned(),
        });
    }
    Ok(custom)
}

fn edit_title(
    tracking: &mut Tracking,
    task: String,
    title: String,
    ctx: &EditContext<'_>,
) -> Result<Applied, EditError> {
    let custom = own_task(tracking, &task, ctx)?;
    let title = clean_text(&title, true, MAX_TITLE_CHARS, &task, Field::Title)?;
    if custom.title == title {
        return Ok(Applied::default());
    }
    let edited = CustomTask {
        title,
        edited: Stamp::after(custom.edited.at, ctx.by, ctx.now),
        ..custom.clone()
    };
    let kept = tracking
        .custom_tasks
        .insert(task.clone(), edited)
        .map(Box::new);
    Ok(Applied(vec![Slot::CustomTask { id: task, kept }]))
}

fn remove_task(
    tracking: &mut Tracking,
    task: String,
    ctx: &EditContext<'_>,
) -> Result<Applied, EditError> {
    let stamp = Stamp::after(own_task(tracking, &task, ctx)?.edited.at, ctx.by, ctx.now);
    let kept = tracking.custom_tasks.remove(&task).map(Box::new);
    let removal = leave_removal(tracking, ItemKey::CustomTask(task.clone()), stamp);
    Ok(Applied(vec![Slot::CustomTask { id: task, kept }, removal]))
}

fn add_unit(
    tracking: &mut Tracking,
    new: NewUnit,
    ctx: &EditContext<'_>,
) -> Result<Applied, EditError> {
    let id = UnitId::new(fresh_id(ctx));
    let short = clean_text(
        &new.short,
        true,
        MAX_UNIT_NAME_CHARS,
        id.as_str(),
        Field::UnitShort,
    )?;
    let name = clean_text(
        &new.name,
        true,
        MAX_UNIT_NAME_CHARS,
        id.as_str(),
        Field::UnitName,
    )?;
    let folded = short.to_lowercase();
    let mut units = ctx
        .builtin_units
        .iter()
        .chain(tracking.custom_units.values());
    if units.any(|u| u.short.to_lowercase() == folded) {
        return Err(EditError::DuplicateUnit(short));
    }
    if unit_exists(tracking, ctx, &id) || tracking.unit_removed(&id) {
        return Err(EditError::IdTaken(id.0));
    }
    let unit = Unit {
        id: id.clone(),
        short,
        name,
        kind: new.kind,
        builtin: false,
    };
    tracking.custom_units.insert(id.clone(), unit);
    Ok(Applied(vec![Slot::Unit { id, kept: None }]))
}

fn remove_unit(
    tracking: &mut Tracking,
    unit: UnitId,
    ctx: &EditContext<'_>,
) -> Result<Applied, EditError> {
    if !tracking.custom_units.contains_key(&unit) {
        check_unit(tracking, ctx, &unit, Field::Lead)?;
        return Err(EditError::NotUserUnit(unit));
    }
    if &unit == ctx.by {
        return Err(EditError::RemovingSelf(unit));
    }
    let in_records = tracking
        .records
        .iter()
        .find(|(_, r)| r.units().any(|(u, _)| u == &unit))
        .map(|(id, _)| id);
    let in_tasks = tracking
        .custom_tasks
        .values()
        .find(|t| t.lead_unit == unit || t.created_by == unit || t.edited.by == unit)
        .map(|t| &t.id);
    if let Some(task) = in_records.or(in_tasks) {
        return Err(EditError::UnitInUse {
            task: task.clone(),
            unit,
        });
    }
    let kept = tracking.custom_units.remove(&unit).map(Box::new);
    let removal = leave_removal(
        tracking,
        ItemKey::CustomUnit(unit.clone()),
        Stamp::after(0, ctx.by, ctx.now),
    );
    Ok(Applied(vec![Slot::Unit { id: unit, kept }, removal]))
}
