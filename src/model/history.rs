//! Undo and redo within a session. An edit step keeps only the previous
//! values of the slots it touched; a whole-state replacement (an import, a
//! restore) keeps the whole previous state: the tracking data and the
//! receipts of imported reports, so that one undo takes back everything an
//! import did. Every step is undone by swapping what it keeps with what the
//! state holds, and redone by swapping back, so both restore the exact
//! earlier value.
//!
//! Invariant: every change to the state between steps goes through
//! [`History::apply`] or [`History::replace`]; a change made behind its
//! back would be overwritten by an undo. Never touches storage.

use std::collections::VecDeque;

use super::edit::{apply, Applied, Edit, EditContext, EditError};
use super::receipts::Receipts;
use super::tracking::Tracking;

/// How many steps are kept unless the caller chooses otherwise.
pub const DEFAULT_LIMIT: usize = 200;

/// Everything undo can restore.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Snapshot {
    pub tracking: Tracking,
    pub receipts: Receipts,
}

/// What an undo or redo changed, so that only those are announced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Touched {
    pub tracking: bool,
    pub receipts: bool,
}

/// One undoable step.
#[derive(Debug, Clone, PartialEq)]
enum Step {
    Edit(Applied),
    Replacement(Box<Snapshot>),
}

impl Step {
    fn swap(&mut self, tracking: &mut Tracking, receipts: &mut Receipts) -> Touched {
        match self {
            Step::Edit(applied) => {
                applied.swap(tracking);
                Touched {
                    tracking: true,
                    receipts: false,
                }
            }
            Step::Replacement(other) => {
                std::mem::swap(tracking, &mut other.tracking);
                std::mem::swap(receipts, &mut other.receipts);
                Touched {
                    tracking: true,
                    receipts: true,
                }
            }
        }
    }
}

/// The undo and redo stacks of a session.
#[derive(Debug, Clone, PartialEq)]
pub struct History {
    undo: VecDeque<Step>,
    redo: Vec<Step>,
    limit: usize,
}

impl Default for History {
    fn default() -> Self {
        Self::new(DEFAULT_LIMIT)
    }
}

impl History {
    /// An empty history keeping at most `limit` steps (at least one).
    pub fn new(limit: usize) -> Self {
        Self {
            undo: VecDeque::new(),
            redo: Vec::new(),
            limit: limit.max(1),
        }
    }

    /// Applies an edit (see [`apply`]) and records it. Returns whether
    /// anything changed; an edit that changes nothing is not recorded and
    /// leaves the redo stack alone.
    pub fn apply(
        &mut self,
        tracking: &mut Tracking,
        edit: Edit,
        ctx: &EditContext<'_>,
    ) -> Result<bool, EditError> {
        let applied = apply(tracking, edit, ctx)?;
        if applied.is_nothing() {
            return Ok(false);
        }
        self.push(Step::Edit(applied));
        Ok(true)
    }

    /// Replaces the whole state with `new` as one step; one undo restores
    /// exactly what it replaced, tracking and receipts alike.
    pub fn replace(&mut self, tracking: &mut Tracking, receipts: &mut Receipts, new: Snapshot) {
        let before = Snapshot {
            tracking: std::mem::replace(tracking, new.tracking),
            receipts: std::mem::replace(receipts, new.receipts),
        };
        self.push(Step::Replacement(Box::new(before)));
    }

    fn push(&mut self, step: Step) {
        self.redo.clear();
        if self.undo.len() == self.limit {
            self.undo.pop_front();
        }
        self.undo.push_back(step);
    }

    /// Undoes the latest step; `None` when there is none.
    pub fn undo(&mut self, tracking: &mut Tracking, receipts: &mut Receipts) -> Option<Touched> {
        let mut step = self.undo.pop_back()?;
        let touched = step.swap(tracking, receipts);
        self.redo.push(step);
        Some(touched)
    }

    /// Redoes the latest undone step; `None` when there is none.
    pub fn redo(&mut self, tracking: &mut Tracking, receipts: &mut Receipts) -> Option<Touched> {
        let mut step = self.redo.pop()?;
        let touched = step.swap(tracking, receipts);
        self.undo.push_back(step);
        Some(touched)
    }

    /// Whether there is a step to undo.
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// Whether there is an undone step to redo.
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// How many steps can be undone.
    pub fn undo_len(&self) -> usize {
        self.undo.len()
    }

    /// Forgets every step, e.g. when another tab's save replaces the state.
    pub fn clear(&mut self) {
        self.undo.clear();
        self.redo.clear();
    }
}
