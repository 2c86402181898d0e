//! What users record about tasks: status, progress, dated updates, the
//! tasks and units they add, and what they removed. Every value carries who
//! wrote it and when, so that the data of several units merges item by item
//! (`crate::exchange::merge`); a removal is such a value too, so it travels
//! in files and between tabs and wins over older copies of what it removed.
//!
//! Status and progress agree by one rule, [`agree`]: the editor applies it
//! when either is set or a note is added, and [`TaskRecord::effective`]
//! (`model::timing`) applies it to what merged data records, so every screen
//! and export shows the two agreeing. Never imports the browser or Leptos.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::deadline::Deadline;
use super::unit::{Unit, UnitId};

/// Milliseconds since the Unix epoch (UTC): when an edit was made.
pub type Millis = i64;

/// Members of a record that this version does not know, kept as read and
/// written back unchanged.
pub type Extra = BTreeMap<String, serde_json::Value>;

/// The status a unit declares for a task. Its serde names are the file's
/// (`in-progress`).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Chưa thực hiện.
    #[default]
    NotStarted,
    /// Đang thực hiện.
    InProgress,
    /// Đã hoàn thành.
    Done,
    /// Dừng thực hiện (with a reason).
    Stopped,
    /// Điều chỉnh (with a reason; the task goes on under changed terms).
    Adjusted,
}

/// A value with the edit that produced it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamped<T> {
    pub value: T,
    /// When it was set; 0 for the seed's value.
    pub at: Millis,
    /// Which unit set it (the editing user's unit).
    pub by: UnitId,
    /// `at` of the value this edit replaced, the last one both sides agreed
    /// on; merge uses it to tell a plain update from a conflict.
    pub base: Millis,
}

/// A stamp without a value: a removal, or the latest write of a user task.
pub type Stamp = Stamped<()>;

impl Stamp {
    /// A stamp by `by` at `now` on top of `base`, kept later than `base`
    /// even when the clock runs behind.
    pub fn after(base: Millis, by: &UnitId, now: Millis) -> Stamp {
        Stamped {
            value: (),
            at: if base == 0 { now } else { now.max(base + 1) },
            by: by.clone(),
            base,
        }
    }
}

/// The document that fulfilled a task, e.g. the submission sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentRef {
    /// `123/TTr-SKHĐT`.
    pub number: String,
    pub date: Option<NaiveDate>,
}

/// A dated progress update. Its content never changes once written: merge
/// keeps every side's by `id`, and removing it leaves a removal record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Update {
    /// Unique and stable: `<unit>-<at>`.
    pub id: String,
    /// The date the update speaks of (dd/mm/yyyy in the interface).
    pub date: NaiveDate,
    pub unit: UnitId,
    pub text: String,
    /// Status and progress at that moment.
    pub status: Status,
    pub progress: u8,
    /// When it was recorded.
    pub at: Millis,
}

/// The stamped fields of a task record, in the order files and forms list
/// them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TrackedField {
    Status,
    Progress,
    Reason,
    CompletedOn,
    Document,
    LeadUnit,
    Coordinating,
    Due,
}

impl TrackedField {
    pub const ALL: [TrackedField; 8] = [
        TrackedField::Status,
        TrackedField::Progress,
        TrackedField::Reason,
        TrackedField::CompletedOn,
        TrackedField::Document,
        TrackedField::LeadUnit,
        TrackedField::Coordinating,
        TrackedField::Due,
    ];
}

/// The tracking record of one task (annex task, plan item or user task).
/// Absent fields mean "as in the plan".
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TaskRecord {
    pub status: Option<Stamped<Status>>,
    /// 0–100.
    pub progress: Option<Stamped<u8>>,
    /// Why a task was stopped or adjusted.
    pub reason: Option<Stamped<String>>,
    pub completed_on: Option<Stamped<Option<NaiveDate>>>,
    pub document: Option<Stamped<Option<DocumentRef>>>,
    /// Assignment: overrides the annex's lead unit, or assigns a plan item.
    pub lead_unit: Option<Stamped<Option<UnitId>>>,
    pub coordinating: Option<Stamped<Vec<UnitId>>>,
    /// Overrides or sets the due date.
    pub due: Option<Stamped<Option<NaiveDate>>>,
    /// Keyed by `Update::id`, so merging is a union.
    pub updates: BTreeMap<String, Update>,
    /// Members a file gave this record that this version does not know.
    pub extra: Extra,
}

impl TaskRecord {
    /// A field's stamp, without its value.
    pub fn stamp(&self, field: TrackedField) -> Option<(&UnitId, Millis, Millis)> {
        fn of<T>(s: &Option<Stamped<T>>) -> Option<(&UnitId, Millis, Millis)> {
            s.as_ref().map(|s| (&s.by, s.at, s.base))
        }
        match field {
            TrackedField::Status => of(&self.status),
            TrackedField::Progress => of(&self.progress),
            TrackedField::Reason => of(&self.reason),
            TrackedField::CompletedOn => of(&self.completed_on),
            TrackedField::Document => of(&self.document),
            TrackedField::LeadUnit => of(&self.lead_unit),
            TrackedField::Coordinating => of(&self.coordinating),
            TrackedField::Due => of(&self.due),
        }
    }

    /// Makes a field absent: as in the plan.
    pub fn clear(&mut self, field: TrackedField) {
        match field {
            TrackedField::Status => self.status = None,
            TrackedField::Progress => self.progress = None,
            TrackedField::Reason => self.reason = None,
            TrackedField::CompletedOn => self.completed_on = None,
            TrackedField::Document => self.document = None,
            TrackedField::LeadUnit => self.lead_unit = None,
            TrackedField::Coordinating => self.coordinating = None,
            TrackedField::Due => self.due = None,
        }
    }

    /// Copies one field (its value and stamp, or its absence) from `from`.
    pub fn copy_field(&mut self, field: TrackedField, from: &TaskRecord) {
        match field {
            TrackedField::Status => self.status.clone_from(&from.status),
            TrackedField::Progress => self.progress.clone_from(&from.progress),
            TrackedField::Reason => self.reason.clone_from(&from.reason),
            TrackedField::CompletedOn => self.completed_on.clone_from(&from.completed_on),
            TrackedField::Document => self.document.clone_from(&from.document),
            TrackedField::LeadUnit => self.lead_unit.clone_from(&from.lead_unit),
            TrackedField::Coordinating => self.coordinating.clone_from(&from.coordinating),
            TrackedField::Due => self.due.clone_from(&from.due),
        }
    }

    /// Every unit the record names, with where: the signers of its fields,
    /// its lead and coordinating units, the writers of its notes.
    pub fn units(&self) -> impl Iterator<Item = (&UnitId, UnitRef<'_>)> {
        let signers = TrackedField::ALL
            .into_iter()
            .filter_map(|f| self.stamp(f).map(|(by, _, _)| (by, UnitRef::Signed(f))));
        let lead = self
            .lead_unit
            .iter()
            .filter_map(|l| l.value.as_ref().map(|u| (u, UnitRef::Lead)));
        let coordinating = self
            .coordinating
            .iter()
            .flat_map(|c| c.value.iter().map(|u| (u, UnitRef::Coordinating)));
        let notes = self
            .updates
            .values()
            .map(|u| (&u.unit, UnitRef::Update(u.id.as_str())));
        signers.chain(lead).chain(coordinating).chain(notes)
    }

    /// Whether the record holds nothing at all.
    pub fn is_empty(&self) -> bool {
        TrackedField::ALL.iter().all(|f| self.stamp(*f).is_none())
            && self.updates.is_empty()
            && self.extra.is_empty()
    }
}

/// Where a record names a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitRef<'a> {
    /// The unit that set a field.
    Signed(TrackedField),
    Lead,
    Coordinating,
    /// The writer of the note with this id.
    Update(&'a str),
}

/// A task a user added (not in the plan text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomTask {
    /// `u-<unit>-<millis>`: unique without coordination.
    pub id: String,
    pub title: String,
    pub lead_unit: UnitId,
    pub deadline: Option<Deadline>,
    /// The plan part or item it belongs to, if any (`nv-4`, `tt-2`).
    pub parent: Option<String>,
    pub created_at: Millis,
    pub created_by: UnitId,
    /// Its latest write: the creation (`at` = `created_at`, `base` 0) or
    /// the last rename, so that merging keeps the later title.
    pub edited: Stamp,
}

/// Anything merged and removed one at a time, named the same way in the
/// merge, the removal records and the import preview.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ItemKey {
    /// A stamped field of a task's record.
    Field {
        task: String,
        field: TrackedField,
    },
    /// A dated update of a task.
    Update {
        task: String,
        id: String,
    },
    CustomTask(String),
    CustomUnit(UnitId),
}

/// Everything users have recorded. The plan itself is not in here: it is
/// compiled in and identified by its fingerprint.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Tracking {
    /// Keyed by task id (`pl-12`, `nv-4-2`, `u-so-khdt-…`). The record of a
    /// removed user task stays, unseen, so that undo and later notes on it
    /// lose nothing.
    pub records: BTreeMap<String, TaskRecord>,
    pub custom_tasks: BTreeMap<String, CustomTask>,
    pub custom_units: BTreeMap<UnitId, Unit>,
    /// What was removed, keyed like the item it removed, stamped like an
    /// edit (`base`: the `at` of the version removed). An item and its
    /// removal are never both held: the later one stays.
    pub removals: BTreeMap<ItemKey, Stamp>,
}

impl Tracking {
    /// The record of a task, if anyone has recorded anything about it.
    pub fn record(&self, task: &str) -> Option<&TaskRecord> {
        self.records.get(task)
    }

    /// Whether a user task with this id was added here and removed since.
    pub fn task_removed(&self, id: &str) -> bool {
        self.removals
            .contains_key(&ItemKey::CustomTask(id.to_owned()))
    }

    /// Whether a user unit with this id was added here and removed since.
    pub fn unit_removed(&self, id: &UnitId) -> bool {
        self.removals.contains_key(&ItemKey::CustomUnit(id.clone()))
    }
}

/// Which of status and progress was set: the other follows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decided {
    Status,
    Progress,
    /// Both at once (a note records the two together).
    Both,
}

/// Status and progress made to agree, the way a tracker's users expect:
/// - a done task is at 100%, and a task reaching 100% is done, unless it
///   is stopped (stopping records how far it got);
/// - a task not started is at 0%: progress above 0 puts it in progress, and
///   choosing "not started" sets 0;
/// - progress below 100 on a done task reopens it (in progress), unless
///   the status was what was set;
/// - in progress, adjusted and stopped keep any other progress.
///
/// The completion date needs no rule: a done task without a recorded date
/// counts the day it became done (see `model::timing`).
pub fn agree(status: Status, progress: u8, decided: Decided) -> (Status, u8) {
    use Status::*;
    match (decided, status, progress) {
        (_, Stopped, p) => (Stopped, p),
        (Decided::Status | Decided::Both, Done, _) => (Done, 100),
        (Decided::Status, NotStarted, _) => (NotStarted, 0),
        (Decided::Status, s, p) => (s, p),
        (_, _, 100) => (Done, 100),
        (Decided::Progress, Done, p) => (InProgress, p),
        (_, NotStarted, p) if p > 0 => (InProgress, p),
        (_, s, p) => (s, p),
    }
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::NotStarted,
        Status::InProgress,
        Status::Done,
        Status::Stopped,
        Status::Adjusted,
    ];

    /// The English name for the interface switch.
    pub fn label_en(self) -> &'static str {
        match self {
            Status::NotStarted => "Not started",
            Status::InProgress => "In progress",
            Status::Done => "Done",
            Status::Stopped => "Stopped",
            Status::Adjusted => "Adjusted",
        }
    }

    /// Stable ASCII key used in forms and addresses.
    pub fn key(self) -> &'static str {
        match self {
            Status::NotStarted => "chua-thuc-hien",
            Status::InProgress => "dang-thuc-hien",
            Status::Done => "da-hoan-thanh",
            Status::Stopped => "dung",
            Status::Adjusted => "dieu-chinh",
        }
    }

    pub fn from_key(key: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.key() == key)
    }

    /// Whether the status needs a reason (stopped or adjusted).
    pub fn needs_reason(self) -> bool {
        matches!(self, Status::Stopped | Status::Adjusted)
    }

    /// The Vietnamese name shown to users.
    pub fn label_vi(self) -> &'static str {
        match self {
            Status::NotStarted => "Chưa thực hiện",
            Status::InProgress => "Đang thực hiện",
            Status::Done => "Đã hoàn thành",
            Status::Stopped => "Dừng thực hiện",
            Status::Adjusted => "Điều chỉnh",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn status_keys_round_trip_and_labels_are_distinct() {
        for status in Status::ALL {
            assert_eq!(Status::from_key(status.key()), Some(status));
        }
        let labels: std::collections::BTreeSet<_> =
            Status::ALL.iter().map(|s| s.label_vi()).collect();
        assert_eq!(labels.len(), Status::ALL.len());
        assert_eq!(Status::from_key("khac"), None);
        assert!(Status::Stopped.needs_reason() && !Status::Done.needs_reason());
    }

    #[test]
    fn progress_and_status_follow_what_was_set() {
        use Status::*;
        let cases = [
            ((NotStarted, 40, Decided::Progress), (InProgress, 40)),
            ((InProgress, 100, Decided::Progress), (Done, 100)),
            ((Adjusted, 100, Decided::Progress), (Done, 100)),
            ((Done, 60, Decided::Progress), (InProgress, 60)),
            ((Stopped, 100, Decided::Progress), (Stopped, 100)),
            ((InProgress, 0, Decided::Progress), (InProgress, 0)),
            ((Done, 30, Decided::Status), (Done, 100)),
            ((NotStarted, 70, Decided::Status), (NotStarted, 0)),
            ((Adjusted, 55, Decided::Status), (Adjusted, 55)),
            ((Done, 30, Decided::Both), (Done, 100)),
            ((NotStarted, 20, Decided::Both), (InProgress, 20)),
            ((InProgress, 100, Decided::Both), (Done, 100)),
        ];
        for ((status, progress, decided), want) in cases {
            assert_eq!(
                agree(status, progress, decided),
                want,
                "{status:?} {progress} {decided:?}"
            );
        }
    }

    fn status() -> impl Strategy<Value = Status> {
        prop::sample::select(Status::ALL.to_vec())
    }

    fn decided() -> impl Strategy<Value = Decided> {
        prop::sample::select(vec![Decided::Status, Decided::Progress, Decided::Both])
    }

    proptest! {
        /// Whatever was set, the result agrees: done is 100%, not started
        /// is 0%, and 100% is done or stopped — except that a status chosen
        /// over a full progress keeps it (the editor refuses that choice).
        #[test]
        fn the_result_agrees_and_agreeing_again_changes_nothing(
            s in status(), p in 0u8..=100, d in decided()
        ) {
            let (status, progress) = agree(s, p, d);
            prop_assert!(status != Status::Done || progress == 100);
            prop_assert!(status != Status::NotStarted || progress == 0);
            let reopened_full = d == Decided::Status && matches!(s, Status::InProgress | Status::Adjusted);
            prop_assert!(progress != 100 || matches!(status, Status::Done | Status::Stopped) || reopened_full);
            prop_assert_eq!(agree(status, progress, d), (status, progress));
            // What was set is kept, where the rule allows it.
            if d == Decided::Progress {
                prop_assert_eq!(progress, p);
            }
            if d == Decided::Status && s != Status::Stopped {
                prop_assert_eq!(status, s);
            }
        }
    }
}
