//! What the review step shows before a parsed plan is added: where every
//! source line went, the counts, the units the registry lacks, each annex
//! row's unit and due date with what was inferred, and the problems; and
//! the corrections a user makes, which are inputs to the parse (the parse
//! is run again with them, so a corrected plan is checked like any other).

use crate::model::plan::Plan;
use crate::model::unit::UnitId;

use super::document::SourceKind;
use super::units::{ProposedUnit, UnitFix};

/// Where a source line went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// Blank lines, `|` separators, rules: layout, nothing to read.
    Layout,
    /// Issuer, national heading, number, place and date.
    Header,
    /// The document kind and title.
    Title,
    Preamble,
    /// A section's heading, by the section's id.
    Section(String),
    /// A part's heading or one of its paragraphs, by the part's id.
    Part(String),
    /// A trackable item, by its id.
    Item(String),
    Recipients,
    Signature,
    /// An annex's title, subtitle or header row, by the annex's id.
    Annex(String),
    /// A group row of an annex, by the group's id.
    AnnexGroup(String),
    /// A task row of an annex, by the task's id.
    AnnexTask(String),
    /// Read but not understood: shown to the user, nothing taken from it.
    NotUnderstood,
}

/// A source line and where it went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewLine {
    pub text: String,
    pub place: Place,
}

/// Something the user should look at before confirming.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The source line, when there is one.
    pub line: Option<usize>,
    /// What is wrong, in Vietnamese.
    pub message: String,
}

/// A value of an annex row that did not come from its own cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Inferred {
    /// The lead cell was empty: the row above's lead (a merged cell).
    LeadFromAbove,
    /// The deadline cell was empty: the row above's deadline.
    DeadlineFromAbove,
}

/// An annex row as the review lists it; the task itself is in the plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowReview {
    pub task: String,
    pub annex: String,
    /// The row's source line.
    pub line: usize,
    /// The lead cell as printed.
    pub lead_printed: String,
    /// Whether the lead is a unit of the registry (not a proposed one).
    pub lead_known: bool,
    pub inferred: Vec<Inferred>,
    /// The fields a correction set.
    pub corrected: Vec<Field>,
}

/// A field of a task a correction may set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Title,
    Lead,
    Deadline,
}

/// A user's correction, applied by parsing again (see [`super::parse`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Correction {
    /// A task's title as it should read.
    Title { task: String, title: String },
    /// A task's lead unit: one of the plan's units, registry or proposed.
    Lead { task: String, unit: UnitId },
    /// A task's deadline as it should have been printed (`Quý II/2023`).
    Deadline { task: String, text: String },
    /// A proposed unit: its names, or that it is another unit.
    Unit(UnitFix),
}

/// How much was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    pub lines: usize,
    /// Lines that went somewhere (layout included).
    pub placed: usize,
    pub not_understood: usize,
    pub sections: usize,
    pub parts: usize,
    pub items: usize,
    pub annexes: usize,
    pub groups: usize,
    pub tasks: usize,
    pub recurring_tasks: usize,
    pub tasks_without_deadline: usize,
    pub proposed_units: usize,
}

/// Where the reporting rule came from: the ids of the part or item whose
/// text says it, or `None` where the default was taken.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RuleSource {
    pub monthly: Option<String>,
    pub review: Option<String>,
}

/// Everything the review screen shows beside the parsed plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Review {
    pub kind: SourceKind,
    /// Every source line, line `n` at `n - 1`.
    pub lines: Vec<ReviewLine>,
    pub counts: Counts,
    pub proposed_units: Vec<ProposedUnit>,
    pub rows: Vec<RowReview>,
    pub problems: Vec<Problem>,
    pub reporting_from: RuleSource,
}

/// A parsed plan with its review.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    pub plan: Plan,
    pub review: Review,
}

impl Review {
    /// Nothing to look at: every line understood, no problem, no new unit.
    pub fn is_clean(&self) -> bool {
        self.counts.not_understood == 0
            && self.problems.is_empty()
            && self.proposed_units.is_empty()
    }
}

/// Counts the plan and its review lines.
pub(super) fn count(plan: &Plan, lines: &[ReviewLine], proposed: usize) -> Counts {
    let not_understood = lines
        .iter()
        .filter(|l| l.place == Place::NotUnderstood)
        .count();
    let tasks: Vec<_> = plan.annex_tasks().collect();
    Counts {
        lines: lines.len(),
        placed: lines.len() - not_understood,
        not_understood,
        sections: plan.sections.len(),
        parts: plan.sections.iter().map(|s| s.parts.len()).sum(),
        items: plan.items().count(),
        annexes: plan.annexes.len(),
        groups: plan.annexes.iter().map(|a| a.groups.len()).sum(),
        tasks: tasks.len(),
        recurring_tasks: tasks
            .iter()
            .filter(|t| t.deadline.is_some_and(|d| d.is_recurring()))
            .count(),
        tasks_without_deadline: tasks.iter().filter(|t| t.deadline.is_none()).count(),
        proposed_units: proposed,
    }
}
