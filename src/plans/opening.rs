//! Opening a plan the app does not have yet: what the review step holds
//! between reading the user's file or text and their confirmation. A
//! document (`.docx`, Word's or a web page's text) is parsed with the
//! user's corrections, each correction parsing it again, so the review
//! always shows a plan checked like any other; a plan file (or the
//! `planDocument` of a tracking file) was reviewed where it was made and is
//! shown as it is, with its checksum verdict. Nothing here adds the plan:
//! [`Opening::verdict`] says whether it may be added, the state adds it.
//! Pure.

use serde_json::Value;

use crate::exchange::plan_document::carried_plan_document;
use crate::model::plan::Plan;
use crate::model::unit::{Unit, UnitId};
use crate::parse::{self, registry_for, Correction, Document, Parsed, Place, UnitFix};
use crate::plan_file::{self, PlanFileError, ReadPlanFile};

use super::{PlanEntry, PlanRegistry};

/// Why what the user gave is not a plan the app can open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OpenError {
    /// Not a document the parser reads (`.doc`, `.pdf`, empty, damaged …).
    File(parse::FileError),
    /// A document that is not a plan of this family, or is cut short.
    Parse(parse::ParseError),
    /// A JSON file that is not a readable plan file.
    PlanFile(PlanFileError),
}

impl std::fmt::Display for OpenError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OpenError::File(e) => e.fmt(f),
            OpenError::Parse(e) => write!(f, "Không đọc được kế hoạch. {e}"),
            OpenError::PlanFile(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for OpenError {}

/// A plan being reviewed.
#[derive(Debug, Clone, PartialEq)]
pub enum Opening {
    /// A document, parsed with the corrections so far.
    Document {
        doc: Document,
        corrections: Vec<Correction>,
        parsed: Parsed,
    },
    /// A plan file, as read.
    PlanFile(ReadPlanFile),
}

/// What a correction sets: a later correction of the same target replaces
/// the earlier one.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Target {
    Title(String),
    Lead(String),
    Deadline(String),
    /// A proposed unit's names or its being another unit: one or the other.
    Unit(UnitId),
}

fn target(correction: &Correction) -> Target {
    match correction {
        Correction::Title { task, .. } => Target::Title(task.clone()),
        Correction::Lead { task, .. } => Target::Lead(task.clone()),
        Correction::Deadline { task, .. } => Target::Deadline(task.clone()),
        Correction::Unit(UnitFix::Names { unit, .. }) => Target::Unit(unit.clone()),
        Correction::Unit(UnitFix::Same { proposed, .. }) => Target::Unit(proposed.clone()),
    }
}

/// Whether the plan may be added, and what the user must know first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Everything was read; nothing to look at.
    Ready,
    /// Lines not understood or problems: the user must say they looked.
    NeedsLook,
    /// The app holds this plan already (same content fingerprint).
    Already(PlanEntry),
}

impl Opening {
    /// Opens a file's bytes: a plan file (or a tracking file carrying its
    /// plan) by its JSON, anything else as a document.
    pub fn from_bytes(bytes: &[u8]) -> Result<Opening, OpenError> {
        match parse::read(bytes) {
            Ok(doc) => Self::from_document(doc),
            Err(parse::FileError::Json) => Self::from_json(&String::from_utf8_lossy(
                bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes),
            )),
            Err(e) => Err(OpenError::File(e)),
        }
    }

    /// Opens pasted text: the text of a plan (from Word or a web page), or
    /// a plan file's JSON.
    pub fn from_text(text: &str) -> Result<Opening, OpenError> {
        if text.trim_start().starts_with('{') {
            return Self::from_json(text);
        }
        if text.trim().is_empty() {
            return Err(OpenError::File(parse::FileError::Empty));
        }
        Self::from_document(parse::read_text(text))
    }

    /// Opens a plan file already parsed as JSON (a `planDocument`).
    pub fn from_plan_value(value: Value) -> Result<Opening, OpenError> {
        plan_file::read_plan_value(value)
            .map(Opening::PlanFile)
            .map_err(OpenError::PlanFile)
    }

    fn from_json(text: &str) -> Result<Opening, OpenError> {
        match plan_file::read_plan_file(text) {
            Ok(read) => Ok(Opening::PlanFile(read)),
            // A tracking file that carries its plan opens that plan.
            Err(e @ PlanFileError::NotAPlanFile(_)) => match carried_plan_document(text) {
                Some(document) => Self::from_plan_value(document),
                None => Err(OpenError::PlanFile(e)),
            },
            Err(e) => Err(OpenError::PlanFile(e)),
        }
    }

    fn from_document(doc: Document) -> Result<Opening, OpenError> {
        let parsed = parse::parse_opened(&doc, &[]).map_err(OpenError::Parse)?;
        Ok(Opening::Document {
            doc,
            corrections: Vec::new(),
            parsed,
        })
    }

    /// The plan as it would be added.
    pub fn plan(&self) -> &Plan {
        match self {
            Opening::Document { parsed, .. } => &parsed.plan,
            Opening::PlanFile(read) => &read.plan,
        }
    }

    /// The parse and its review, for a document.
    pub fn parsed(&self) -> Option<&Parsed> {
        match self {
            Opening::Document { parsed, .. } => Some(parsed),
            Opening::PlanFile(_) => None,
        }
    }

    /// The corrections made so far (none for a plan file).
    pub fn corrections(&self) -> &[Correction] {
        match self {
            Opening::Document { corrections, .. } => corrections,
            Opening::PlanFile(_) => &[],
        }
    }

    /// Applies a correction, in place of an earlier one of the same task
    /// field or unit, and parses again. A plan file takes none: it was
    /// reviewed where it was made.
    pub fn correct(&mut self, correction: Correction) -> Result<(), OpenError> {
        let Opening::Document { corrections, .. } = self else {
            return Ok(());
        };
        let mut next = corrections.clone();
        let wanted = target(&correction);
        next.retain(|c| target(c) != wanted);
        next.push(correction);
        self.reparse(next)
    }

    /// Takes back the correction of a task's field or of a unit.
    pub fn undo_correction(&mut self, like: &Correction) -> Result<(), OpenError> {
        let Opening::Document { corrections, .. } = self else {
            return Ok(());
        };
        let wanted = target(like);
        let next = corrections
            .iter()
            .filter(|c| target(c) != wanted)
            .cloned()
            .collect();
        self.reparse(next)
    }

    /// Parses again with `next`; nothing changes when that fails (a
    /// correction never changes the document's structure, so it does not).
    fn reparse(&mut self, next: Vec<Correction>) -> Result<(), OpenError> {
        let Opening::Document {
            doc,
            corrections,
            parsed,
        } = self
        else {
            return Ok(());
        };
        *parsed = parse::parse_opened(doc, &next).map_err(OpenError::Parse)?;
        *corrections = next;
        Ok(())
    }

    /// The units a task's lead can be set to, or a proposed unit said to
    /// be: the plan's own, then the registry's others.
    pub fn units_to_pick(&self) -> Vec<Unit> {
        let plan = self.plan();
        let mut units = plan.units.clone();
        units.extend(
            registry_for(plan)
                .into_iter()
                .filter(|u| plan.unit(&u.id).is_none()),
        );
        units
    }

    /// Whether the plan may be added to `registry`.
    pub fn verdict(&self, registry: &PlanRegistry) -> Verdict {
        if let Some(entry) = registry.by_fingerprint(&self.plan().content_fingerprint()) {
            return Verdict::Already(entry);
        }
        let clean = match self {
            Opening::Document { parsed, .. } => {
                parsed.review.counts.not_understood == 0 && parsed.review.problems.is_empty()
            }
            Opening::PlanFile(read) => read.warnings.is_empty(),
        };
        if clean {
            Verdict::Ready
        } else {
            Verdict::NeedsLook
        }
    }

    /// The source lines not understood, by line number.
    pub fn not_understood(&self) -> Vec<usize> {
        self.parsed().map_or_else(Vec::new, |p| {
            p.review
                .lines
                .iter()
                .enumerate()
                .filter(|(_, l)| l.place == Place::NotUnderstood)
                .map(|(i, _)| i + 1)
                .collect()
        })
    }
}
