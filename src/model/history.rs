//! Undo and redo within a session. An edit step keeps only the previous
//! value of the one slot it touched; a whole-state replacement (an import, a
//! restore) keeps the whole previous state. Every step is undone by swapping
//! what it keeps with what the tracking data holds, and redone by swapping
//! back, so both restore the exact earlier value.
//!
//! Invariant: every change to the tracking data between steps goes through
//! [`History::apply`] or is recorded with [`History::record_replacement`];
//! a change made behind its back would be overwritten by an undo.

use std::collections::VecDeque;

use super::edit::{apply, Applied, Edit, EditContext, EditError};
use super::tracking::Tracking;

/// How many steps are kept unless the caller chooses otherwise.
pub const DEFAULT_LIMIT: usize = 200;

/// One undoable step.
#[derive(Debug, Clone, PartialEq)]
enum Step {
    Edit(Applied),
    Replacement(Box<Tracking>),
}

impl Step {
    fn swap(&mut self, tracking: &mut Tracking) {
        match self {
            Step::Edit(applied) => applied.swap(tracking),
            Step::Replacement(other) => std::mem::swap(tracking, other),
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
        if applied == Applied::Nothing {
            return Ok(false);
        }
        self.push(Step::Edit(applied));
        Ok(true)
    }

    /// Records that the caller replaced the whole state; `before` is the
    /// state it replaced. One undo restores it exactly.
    pub fn record_replacement(&mut self, before: Tracking) {
        self.push(Step::Replacement(Box::new(before)));
    }

    /// Replaces the whole state with `new` and records the replacement.
    pub fn replace(&mut self, tracking: &mut Tracking, new: Tracking) {
        let before = std::mem::replace(tracking, new);
        self.record_replacement(before);
    }

    fn push(&mut self, step: Step) {
        self.redo.clear();
        if self.undo.len() == self.limit {
            self.undo.pop_front();
        }
        self.undo.push_back(step);
    }

    /// Undoes the latest step; false when there is none.
    pub fn undo(&mut self, tracking: &mut Tracking) -> bool {
        let Some(mut step) = self.undo.pop_back() else {
            return false;
        };
        step.swap(tracking);
        self.redo.push(step);
        true
    }

    /// Redoes the latest undone step; false when there is none.
    pub fn redo(&mut self, tracking: &mut Tracking) -> bool {
        let Some(mut step) = self.redo.pop() else {
            return false;
        };
        step.swap(tracking);
        self.undo.push_back(step);
        true
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
