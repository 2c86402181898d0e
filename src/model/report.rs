//! Figures for the dashboard and the consolidated report as of a date:
//! totals by timing, per lead unit and per quarter of the due date, the
//! overdue list and the next deadlines. Works on task descriptors the
//! caller builds (annex tasks, plan items, user tasks), not on the plan.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};

use super::timing::{Effective, PlanTerms, Timing};
use super::tracking::Tracking;
use super::unit::UnitId;

/// What the report needs to know about a task from the plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskInput<'a> {
    pub id: &'a str,
    /// Position in the listing (annex STT first, then user tasks): breaks ties.
    pub order: u32,
    /// The number it is known by (an annex task's printed STT, `A.1`,
    /// `PL2.3`); empty: reports number it by `order`.
    pub number: &'a str,
    pub title: &'a str,
    pub plan: PlanTerms<'a>,
}

impl TaskInput<'_> {
    /// The number reports print for the task.
    pub fn label(&self) -> String {
        if self.number.is_empty() {
            self.order.to_string()
        } else {
            self.number.to_owned()
        }
    }
}

/// One task evaluated on the report's date.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskFigure<'a> {
    pub input: &'a TaskInput<'a>,
    pub effective: Effective<'a>,
    pub timing: Timing,
}

/// How many tasks fall in each timing category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Totals {
    pub total: u32,
    pub done_on_time: u32,
    pub done_late: u32,
    pub in_progress: u32,
    pub due_soon: u32,
    pub overdue: u32,
    pub not_started: u32,
    pub stopped: u32,
    pub recurring: u32,
}

impl Totals {
    /// Counts one more task.
    pub fn add(&mut self, timing: Timing) {
        self.total += 1;
        *match timing {
            Timing::DoneOnTime => &mut self.done_on_time,
            Timing::DoneLate => &mut self.done_late,
            Timing::InProgress => &mut self.in_progress,
            Timing::DueSoon => &mut self.due_soon,
            Timing::Overdue => &mut self.overdue,
            Timing::NotStarted => &mut self.not_started,
            Timing::Stopped => &mut self.stopped,
            Timing::Recurring => &mut self.recurring,
        } += 1;
    }

    /// The count of one category.
    pub fn count(&self, timing: Timing) -> u32 {
        match timing {
            Timing::DoneOnTime => self.done_on_time,
            Timing::DoneLate => self.done_late,
            Timing::InProgress => self.in_progress,
            Timing::DueSoon => self.due_soon,
            Timing::Overdue => self.overdue,
            Timing::NotStarted => self.not_started,
            Timing::Stopped => self.stopped,
            Timing::Recurring => self.recurring,
        }
    }

    /// The categories worth listing for these totals, in [`Timing::ALL`]
    /// order: each one, but stopped and recurring only when there are some.
    pub fn shown(self) -> impl Iterator<Item = Timing> {
        Timing::ALL
            .into_iter()
            .filter(move |&t| t.listed_when_none() || self.count(t) > 0)
    }

    /// Tasks done, on time or late.
    pub fn done(&self) -> u32 {
        self.done_on_time + self.done_late
    }

    /// Percent of tasks done, stopped tasks left out of the count since they
    /// will never be done, and so are recurring tasks still going on (they
    /// have no end to reach; one marked done counts as done). Rounded down,
    /// so 100 means every one is done; 0 when there is nothing to do.
    pub fn percent_done(&self) -> u32 {
        (self.done() * 100).checked_div(self.counted()).unwrap_or(0)
    }

    /// The tasks the share done is counted over: all but the stopped ones
    /// and the recurring ones still going on.
    pub fn counted(&self) -> u32 {
        self.total - self.stopped - self.recurring
    }
}

impl FromIterator<Timing> for Totals {
    fn from_iter<I: IntoIterator<Item = Timing>>(iter: I) -> Self {
        let mut totals = Totals::default();
        iter.into_iter().for_each(|t| totals.add(t));
        totals
    }
}

/// A quarter of a year, the grouping of due dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Quarter {
    pub year: i32,
    /// 1–4.
    pub quarter: u8,
}

impl Quarter {
    /// The quarter a date falls in.
    pub fn of(date: NaiveDate) -> Self {
        let quarter = u8::try_from(date.month0() / 3 + 1).expect("a quarter is 1–4");
        Self {
            year: date.year(),
            quarter,
        }
    }

    /// `Quý I/2021`.
    pub fn label_vi(self) -> String {
        let numeral = ["I", "II", "III", "IV"][usize::from(self.quarter - 1)];
        format!("Quý {numeral}/{}", self.year)
    }
}

/// Every task evaluated as of one date.
#[derive(Debug, Clone, PartialEq)]
pub struct Figures<'a> {
    pub as_of: NaiveDate,
    /// In the order of the input.
    pub tasks: Vec<TaskFigure<'a>>,
}

impl<'a> Figures<'a> {
    /// Evaluates each task's record over its plan values on `as_of`.
    pub fn compute(
        tasks: &'a [TaskInput<'a>],
        tracking: &'a Tracking,
        as_of: NaiveDate,
        due_soon_days: u32,
    ) -> Self {
        let tasks = tasks
            .iter()
            .map(|input| {
                let effective = tracking.effective(input.id, input.plan);
                let timing = effective.timing(as_of, due_soon_days);
                TaskFigure {
                    input,
                    effective,
                    timing,
                }
            })
            .collect();
        Self { as_of, tasks }
    }

    /// Totals over every task.
    pub fn totals(&self) -> Totals {
        self.tasks.iter().map(|t| t.timing).collect()
    }

    /// Totals per effective lead unit; `None` gathers tasks nobody leads.
    pub fn by_unit(&self) -> BTreeMap<Option<&'a UnitId>, Totals> {
        self.group_by(|t| t.effective.lead_unit)
    }

    /// Totals per quarter of the effective due date; `None` gathers tasks
    /// without one.
    pub fn by_quarter(&self) -> BTreeMap<Option<Quarter>, Totals> {
        self.group_by(|t| t.effective.due.map(Quarter::of))
    }

    fn group_by<K: Ord>(&self, key: impl Fn(&TaskFigure<'a>) -> K) -> BTreeMap<K, Totals> {
        let mut groups: BTreeMap<K, Totals> = BTreeMap::new();
        for task in &self.tasks {
            groups.entry(key(task)).or_default().add(task.timing);
        }
        groups
    }

    /// Overdue tasks, by due date then listing order.
    pub fn overdue(&self) -> Vec<&TaskFigure<'a>> {
        self.sorted_by_due(|t| t.timing == Timing::Overdue)
    }

    /// The first `n` tasks still to be done (neither done nor stopped) whose
    /// due date is on or after the report's date, by due date then order.
    pub fn next_deadlines(&self, n: usize) -> Vec<&TaskFigure<'a>> {
        let mut next = self.sorted_by_due(|t| {
            !t.timing.is_done()
                && t.timing != Timing::Stopped
                && t.effective.due.is_some_and(|d| d >= self.as_of)
        });
        next.truncate(n);
        next
    }

    /// The tasks a unit leads or coordinates, in listing order.
    pub fn for_unit(&self, unit: &UnitId) -> Vec<&TaskFigure<'a>> {
        self.tasks
            .iter()
            .filter(|t| {
                t.effective.lead_unit == Some(unit) || t.effective.coordinating.contains(unit)
            })
            .collect()
    }

    fn sorted_by_due(&self, keep: impl Fn(&TaskFigure<'a>) -> bool) -> Vec<&TaskFigure<'a>> {
        let mut picked: Vec<&TaskFigure<'a>> = self.tasks.iter().filter(|t| keep(t)).collect();
        picked.sort_by_key(|t| (t.effective.due, t.input.order));
        picked
    }
}
