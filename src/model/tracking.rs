//! What users record about tasks: status, progress, dated updates, and the
//! tasks and units they add. Each editable field carries who changed it and
//! when, so that files from several units can be merged field by field.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::deadline::Deadline;
use super::unit::{Unit, UnitId};

/// Milliseconds since the Unix epoch (UTC): when an edit was made.
pub type Millis = i64;

/// The status a unit declares for a task.
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

/// A field value with the edit that produced it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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

/// The document that fulfilled a task, e.g. the submission sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentRef {
    /// `123/TTr-SKHĐT`.
    pub number: String,
    pub date: Option<NaiveDate>,
}

/// A dated progress update. Updates are never in conflict: merge keeps both
/// sides' by `id`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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

/// The tracking record of one task (annex task, plan item or user task).
/// Absent fields mean "as in the plan".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
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
}

/// A task a user added (not in the plan text).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
}

/// Everything users have recorded. The plan itself is not in here: it is
/// compiled in and identified by its fingerprint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Tracking {
    /// Keyed by task id (`pl-12`, `nv-4-2`, `u-so-khdt-…`).
    pub records: BTreeMap<String, TaskRecord>,
    pub custom_tasks: BTreeMap<String, CustomTask>,
    pub custom_units: BTreeMap<UnitId, Unit>,
}

impl Tracking {
    /// The record of a task, if anyone has recorded anything about it.
    pub fn record(&self, task: &str) -> Option<&TaskRecord> {
        self.records.get(task)
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
    use super::Status;

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
}
