//! A user's edits to the tracking data: validation (Vietnamese messages),
//! stamping and application. Each edit touches one slot — a task's record,
//! a user task or a user unit — and hands back that slot's previous value,
//! which is all undo needs.
//!
//! Stamps: `at` is the edit's time, `by` the editing unit and `base` the
//! `at` of the value replaced (0 when the field had none). Within one field
//! `at` strictly increases (a clock running behind still yields `base < at`).
//! Setting a field to the value it already holds changes nothing and keeps
//! the old stamp, so a needless save never creates a merge conflict.

use std::collections::BTreeMap;
use std::fmt;

use chrono::NaiveDate;

use crate::i18n::format_date;

use super::deadline::Deadline;
use super::timing::day_of;
use super::tracking::{
    CustomTask, DocumentRef, Millis, Stamped, Status, TaskRecord, Tracking, Update,
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
    /// recorded. Done raises a recorded progress below 100 to 100.
    SetStatus {
        task: String,
        status: Status,
        reason: Option<String>,
    },
    /// 0–100; below 100 is refused while the task is done.
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
    /// A dated note with the status and progress at that date. When its date
    /// is the latest of the task's notes it also sets the task's status and
    /// progress (a stopped or adjusted status takes the note as its reason
    /// if none is recorded); a back-dated note leaves them alone.
    AddUpdate {
        task: String,
        date: NaiveDate,
        text: String,
        status: Status,
        progress: u8,
    },
    /// Only the unit that wrote a note may remove it. The task's status and
    /// progress stay as they are.
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
    /// Id `u-<unit>-<millis>`.
    AddUnit(NewUnit),
    /// Only user units that nothing refers to.
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
    ProgressBelowDone {
        task: String,
        progress: u8,
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
            EditError::ProgressBelowDone { task, progress } => write!(
                f,
                "Nhiệm vụ {task} đã hoàn thành nên tiến độ là 100%: muốn ghi {progress}%, hãy đổi trạng thái trước."
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
                "Nhiệm vụ {task} do đơn vị {creator} thêm: chỉ đơn vị đó được sửa tên."
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

/// What an edit changed: the slot it touched and the value that slot held
/// before (`None`: absent). Swapping it back in undoes the edit; swapping
/// again redoes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Applied {
    /// The edit set values already held: nothing changed.
    Nothing,
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
}

impl Applied {
    /// Exchanges the kept value with the slot's current one in `tracking`.
    /// Right after the edit this undoes it; a second call redoes it.
    pub fn swap(&mut self, tracking: &mut Tracking) {
        match self {
            Applied::Nothing => {}
            Applied::Record { task, kept } => swap_entry(&mut tracking.records, task, kept),
            Applied::CustomTask { id, kept } => swap_entry(&mut tracking.custom_tasks, id, kept),
            Applied::Unit { id, kept } => swap_entry(&mut tracking.custom_units, id, kept),
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
    let base = slot.as_ref().map_or(0, |s| s.at);
    let at = if base == 0 {
        ctx.now
    } else {
        ctx.now.max(base + 1)
    };
    *slot = Some(Stamped {
        value,
        at,
        by: ctx.by.clone(),
        base,
    });
}

fn status_of(record: &TaskRecord) -> Status {
    record
        .status
        .as_ref()
        .map_or(Status::NotStarted, |s| s.value)
}

fn needs_reason(status: Status) -> bool {
    matches!(status, Status::Stopped | Status::Adjusted)
}

fn has_reason(record: &TaskRecord) -> bool {
    record.reason.as_ref().is_some_and(|r| !r.value.is_empty())
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
    if let Some(reason) = reason {
        stamp(&mut record.reason, reason, ctx);
    }
    if needs_reason(status) && !has_reason(record) {
        return Err(EditError::ReasonRequired {
            task: task.to_owned(),
            status,
        });
    }
    stamp(&mut record.status, status, ctx);
    if status == Status::Done && record.progress.as_ref().is_some_and(|p| p.value < 100) {
        stamp(&mut record.progress, 100, ctx);
    }
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
    if status_of(record) == Status::Done && progress < 100 {
        return Err(EditError::ProgressBelowDone {
            task: task.to_owned(),
            progress,
        });
    }
    stamp(&mut record.progress, progress, ctx);
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
        Edit::AddTask(_) | Edit::AddUnit(_) | Edit::RemoveUnit(_) => "",
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
    let today = day_of(ctx.now);
    match edit {
        Edit::SetStatus { status, reason, .. } => {
            set_status(&mut record, &task, status, reason.as_deref(), ctx)?
        }
        Edit::SetProgress { progress, .. } => set_progress(&mut record, &task, progress, ctx)?,
        Edit::SetReason { reason, .. } => {
            let reason = clean_text(&reason, false, MAX_REASON_CHARS, &task, Field::Reason)?;
            let status = status_of(&record);
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
            let progress = if status == Status::Done {
                100
            } else {
                progress
            };
            let id = format!("{}-{}", ctx.by, ctx.now);
            if record.updates.contains_key(&id) {
                return Err(EditError::IdTaken(id));
            }
            if record.updates.values().all(|u| u.date <= date) {
                let reason =
                    (needs_reason(status) && !has_reason(&record)).then_some(text.as_str());
                set_status(&mut record, &task, status, reason, ctx)?;
                set_progress(&mut record, &task, progress, ctx)?;
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
            record.updates.remove(&update_id);
        }
        Edit::AddTask(_) | Edit::EditTaskTitle { .. } | Edit::AddUnit(_) | Edit::RemoveUnit(_) => {
            unreachable!("apply routes task and unit edits elsewhere")
        }
    }
    if before == Some(&record) {
        return Ok(Applied::Nothing);
    }
    let kept = tracking.records.insert(task.clone(), record).map(Box::new);
    Ok(Applied::Record { task, kept })
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
    if tracking.custom_tasks.contains_key(&id) || (ctx.is_plan_task)(&id) {
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
    };
    tracking.custom_tasks.insert(id.clone(), task);
    Ok(Applied::CustomTask { id, kept: None })
}

fn edit_title(
    tracking: &mut Tracking,
    task: String,
    title: String,
    ctx: &EditContext<'_>,
) -> Result<Applied, EditError> {
    let Some(custom) = tracking.custom_tasks.get(&task) else {
        return Err(if (ctx.is_plan_task)(&task) {
            EditError::NotUserTask(task)
        } else {
            EditError::UnknownTask(task)
        });
    };
    if &custom.created_by != ctx.by {
        return Err(EditError::NotCreator {
            creator: custom.created_by.clone(),
            task,
        });
    }
    let title = clean_text(&title, true, MAX_TITLE_CHARS, &task, Field::Title)?;
    if custom.title == title {
        return Ok(Applied::Nothing);
    }
    let edited = CustomTask {
        title,
        ..custom.clone()
    };
    let kept = tracking
        .custom_tasks
        .insert(task.clone(), edited)
        .map(Box::new);
    Ok(Applied::CustomTask { id: task, kept })
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
    if unit_exists(tracking, ctx, &id) {
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
    Ok(Applied::Unit { id, kept: None })
}

/// Every unit a record refers to: assignments, notes and stamp signers.
fn units_in(record: &TaskRecord) -> impl Iterator<Item = &UnitId> {
    let signers = [
        record.status.as_ref().map(|s| &s.by),
        record.progress.as_ref().map(|s| &s.by),
        record.reason.as_ref().map(|s| &s.by),
        record.completed_on.as_ref().map(|s| &s.by),
        record.document.as_ref().map(|s| &s.by),
        record.lead_unit.as_ref().map(|s| &s.by),
        record.coordinating.as_ref().map(|s| &s.by),
        record.due.as_ref().map(|s| &s.by),
    ];
    let lead = record.lead_unit.as_ref().and_then(|l| l.value.as_ref());
    let coordinating = record.coordinating.iter().flat_map(|c| c.value.iter());
    signers
        .into_iter()
        .flatten()
        .chain(lead)
        .chain(coordinating)
        .chain(record.updates.values().map(|u| &u.unit))
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
        .find(|(_, r)| units_in(r).any(|u| u == &unit))
        .map(|(id, _)| id);
    let in_tasks = tracking
        .custom_tasks
        .values()
        .find(|t| t.lead_unit == unit || t.created_by == unit)
        .map(|t| &t.id);
    if let Some(task) = in_records.or(in_tasks) {
        return Err(EditError::UnitInUse {
            task: task.clone(),
            unit,
        });
    }
    let kept = tracking.custom_units.remove(&unit).map(Box::new);
    Ok(Applied::Unit { id: unit, kept })
}
