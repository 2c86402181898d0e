//! Timing of a task as of a date (on time, due soon, overdue, recurring …)
//! and the effective values of a task once its tracking record overrides
//! what the plan says ([`PlanTerms`]). Derived on demand, never stored.

use chrono::{DateTime, Duration, NaiveDate};

use super::tracking::{agree, Decided, DocumentRef, Millis, Status, TaskRecord, Tracking, Update};
use super::unit::UnitId;

/// How many days before its due date a task counts as "sắp đến hạn" unless
/// the user chooses otherwise.
pub const DEFAULT_DUE_SOON_DAYS: u32 = 15;

/// Vietnam is UTC+7 all year: a stamp's calendar day is taken there, since
/// that is where the edit was made.
const VIETNAM_OFFSET_HOURS: i64 = 7;

/// Where a task stands against its deadline on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Timing {
    /// Hoàn thành đúng hạn: done on or before the due date (or with no due date).
    DoneOnTime,
    /// Hoàn thành quá hạn: done after the due date.
    DoneLate,
    /// Đang thực hiện trong hạn: started (or adjusted), due date more than the
    /// due-soon window away, or no due date.
    InProgress,
    /// Sắp đến hạn: not done, due within the window (the due day included).
    DueSoon,
    /// Quá hạn: not done and the due date has passed, started or not.
    Overdue,
    /// Chưa thực hiện: not started and not yet in the due-soon window.
    NotStarted,
    /// Dừng thực hiện: neutral, never overdue and never counted as pending.
    Stopped,
    /// Thực hiện thường xuyên: a recurring task (`Thường xuyên`) not done
    /// nor stopped. It has no single due date, so it is never due soon nor
    /// overdue, and it is left out of the share done.
    Recurring,
}

impl Timing {
    /// Every category, in the order reports and legends list them (the
    /// two that most plans lack, stopped and recurring, last; see
    /// `Totals::shown`).
    pub const ALL: [Timing; 8] = [
        Timing::DoneOnTime,
        Timing::DoneLate,
        Timing::InProgress,
        Timing::DueSoon,
        Timing::Overdue,
        Timing::NotStarted,
        Timing::Stopped,
        Timing::Recurring,
    ];

    /// Stopped and recurring tasks are rare: listed only when there are some.
    pub fn listed_when_none(self) -> bool {
        !matches!(self, Timing::Stopped | Timing::Recurring)
    }

    /// The Vietnamese label shown in the interface and reports.
    pub fn label_vi(self) -> &'static str {
        match self {
            Timing::DoneOnTime => "Hoàn thành đúng hạn",
            Timing::DoneLate => "Hoàn thành quá hạn",
            Timing::InProgress => "Đang thực hiện trong hạn",
            Timing::DueSoon => "Sắp đến hạn",
            Timing::Overdue => "Quá hạn",
            Timing::NotStarted => "Chưa thực hiện",
            Timing::Stopped => "Dừng thực hiện",
            Timing::Recurring => "Thực hiện thường xuyên",
        }
    }

    /// The English label.
    pub fn label_en(self) -> &'static str {
        match self {
            Timing::DoneOnTime => "Done on time",
            Timing::DoneLate => "Done late",
            Timing::InProgress => "In progress, on time",
            Timing::DueSoon => "Due soon",
            Timing::Overdue => "Overdue",
            Timing::NotStarted => "Not started",
            Timing::Stopped => "Stopped",
            Timing::Recurring => "Recurring",
        }
    }

    /// The CSS class that colours the category.
    pub fn css_class(self) -> &'static str {
        match self {
            Timing::DoneOnTime => "t-on-time",
            Timing::DoneLate => "t-done-late",
            Timing::InProgress => "t-in-progress",
            Timing::DueSoon => "t-due-soon",
            Timing::Overdue => "t-overdue",
            Timing::NotStarted => "t-not-started",
            Timing::Stopped => "t-stopped",
            Timing::Recurring => "t-recurring",
        }
    }

    /// The colour's name, for legends and the spreadsheet export.
    pub fn colour_name(self) -> &'static str {
        match self {
            Timing::DoneOnTime => "green",
            Timing::DoneLate => "orange",
            Timing::InProgress => "blue",
            Timing::DueSoon => "yellow",
            Timing::Overdue => "red",
            Timing::NotStarted => "grey",
            Timing::Stopped => "purple",
            Timing::Recurring => "teal",
        }
    }

    /// Whether the task was done by the day looked at.
    pub fn is_done(self) -> bool {
        matches!(self, Timing::DoneOnTime | Timing::DoneLate)
    }
}

/// The timing of a task on `as_of`.
///
/// - The due day itself is still on time; the day after is overdue.
/// - Done with a completion date after `as_of` means the task was not yet
///   done on that day, so it is judged as in progress: a meeting looking back
///   at 30/06 sees the state of 30/06.
/// - Done without a completion date counts as on time: nothing says it was
///   late. [`TaskRecord::effective`] fills the date from the status stamp,
///   so this only happens for data that carries no date at all.
/// - Without a due date a task is never late, due soon or overdue.
/// - Adjusted tasks are judged like tasks in progress, against their
///   (possibly changed) due date; stopped tasks are always [`Timing::Stopped`].
/// - Due soon means `0 <= due - as_of <= due_soon_days` days.
pub fn timing(
    status: Status,
    due: Option<NaiveDate>,
    completed_on: Option<NaiveDate>,
    as_of: NaiveDate,
    due_soon_days: u32,
) -> Timing {
    let started = match status {
        Status::Stopped => return Timing::Stopped,
        Status::Done => match (completed_on, due) {
            (Some(done), _) if done > as_of => true,
            (Some(done), Some(due)) if done > due => return Timing::DoneLate,
            _ => return Timing::DoneOnTime,
        },
        Status::NotStarted => false,
        Status::InProgress | Status::Adjusted => true,
    };
    let pending = if started {
        Timing::InProgress
    } else {
        Timing::NotStarted
    };
    let Some(due) = due else {
        return pending;
    };
    let days_left = (due - as_of).num_days();
    if days_left < 0 {
        Timing::Overdue
    } else if days_left <= i64::from(due_soon_days) {
        Timing::DueSoon
    } else {
        pending
    }
}

/// The calendar day in Vietnam (UTC+7) of a stamp's instant.
pub fn day_of(at: Millis) -> NaiveDate {
    DateTime::from_timestamp_millis(at)
        .map(|t| (t + Duration::hours(VIETNAM_OFFSET_HOURS)).date_naive())
        .unwrap_or(NaiveDate::MIN)
}

/// What the plan (or a user task's creator) says about a task, before any
/// tracking record overrides it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PlanTerms<'a> {
    pub lead: Option<&'a UnitId>,
    pub coordinating: &'a [UnitId],
    pub due: Option<NaiveDate>,
    /// A `Thường xuyên` task: no single due date.
    pub recurring: bool,
}

/// A task's values once its tracking record is laid over the plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Effective<'a> {
    /// The recorded status and progress made to agree ([`agree`]): the
    /// later of the two edits decides, since merged data can hold a status
    /// from one unit and a progress from another.
    pub status: Status,
    /// The recorded progress; without one, 100 for a done task and 0 otherwise.
    pub progress: u8,
    pub lead_unit: Option<&'a UnitId>,
    pub coordinating: &'a [UnitId],
    pub due: Option<NaiveDate>,
    /// The plan calls the task recurring and no record gave it a due date.
    pub recurring: bool,
    /// The recorded completion date; for a done task without one, the day
    /// (Vietnam time) of the edit that made it done.
    pub completed_on: Option<NaiveDate>,
    pub document: Option<&'a DocumentRef>,
    pub reason: Option<&'a str>,
    /// The update with the latest date (ties: the latest recorded).
    pub latest_update: Option<&'a Update>,
}

impl Effective<'_> {
    /// The task's timing on `as_of`; see [`timing`]. A recurring task still
    /// to do on that day is [`Timing::Recurring`].
    pub fn timing(&self, as_of: NaiveDate, due_soon_days: u32) -> Timing {
        let timing = timing(
            self.status,
            self.due,
            self.completed_on,
            as_of,
            due_soon_days,
        );
        match timing {
            Timing::InProgress | Timing::NotStarted if self.recurring => Timing::Recurring,
            other => other,
        }
    }
}

impl TaskRecord {
    /// This record laid over what the plan says.
    pub fn effective<'a>(&'a self, plan: PlanTerms<'a>) -> Effective<'a> {
        let recorded = self.status.as_ref().map_or(Status::NotStarted, |s| s.value);
        let default_progress = if recorded == Status::Done { 100 } else { 0 };
        let status_at = self.status.as_ref().map(|s| s.at);
        let progress_at = self.progress.as_ref().map(|p| p.at);
        let decided = match status_at.cmp(&progress_at) {
            std::cmp::Ordering::Greater => Decided::Status,
            std::cmp::Ordering::Less => Decided::Progress,
            std::cmp::Ordering::Equal => Decided::Both,
        };
        let (status, progress) = agree(
            recorded,
            self.progress.as_ref().map_or(default_progress, |p| p.value),
            decided,
        );
        // The edit that made it done: the status, or a progress that reached 100.
        let done_at = match decided {
            _ if status != Status::Done => None,
            Decided::Progress => progress_at,
            Decided::Status | Decided::Both => status_at,
        };
        Effective {
            status,
            progress,
            lead_unit: self
                .lead_unit
                .as_ref()
                .map_or(plan.lead, |l| l.value.as_ref()),
            coordinating: self
                .coordinating
                .as_ref()
                .map_or(plan.coordinating, |c| &c.value),
            due: self.due.as_ref().map_or(plan.due, |d| d.value),
            recurring: plan.recurring && self.due.as_ref().is_none_or(|d| d.value.is_none()),
            completed_on: self
                .completed_on
                .as_ref()
                .and_then(|c| c.value)
                .or(done_at.map(day_of)),
            document: self.document.as_ref().and_then(|d| d.value.as_ref()),
            reason: self
                .reason
                .as_ref()
                .map(|r| r.value.as_str())
                .filter(|r| !r.is_empty()),
            latest_update: self.updates.values().max_by_key(|u| (u.date, u.at)),
        }
    }
}

/// The record of a task that nobody has touched yet.
static UNTOUCHED: TaskRecord = TaskRecord {
    status: None,
    progress: None,
    reason: None,
    completed_on: None,
    document: None,
    lead_unit: None,
    coordinating: None,
    due: None,
    updates: std::collections::BTreeMap::new(),
    extra: std::collections::BTreeMap::new(),
};

impl Tracking {
    /// The effective values of a task, whether or not it has a record.
    pub fn effective<'a>(&'a self, task: &str, plan: PlanTerms<'a>) -> Effective<'a> {
        self.record(task).unwrap_or(&UNTOUCHED).effective(plan)
    }
}
