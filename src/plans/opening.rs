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
    /// The file could not be read at all (too large, refused by the
    /// browser): why.
    NotRead(String),
}

impl std::fmt::Display for OpenError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OpenError::File(e) => e.fmt(f),
            OpenError::Parse(e) => write!(f, "Không đọc được kế hoạch. {e}"),
            OpenError::PlanFile(e) => e.fmt(f),
            OpenError::NotRead(why) => write!(f, "Không đọc được tệp: {why}"),
        }
    }
}

impl std::error::Error for OpenError {}

/// A plan being reviewed.
#[derive(Debug, Clone, PartialEq)]
pub enum Opening {
    /// A document, parsed with the corrections so far.
    Document {
        doc: Box<Document>,
        corrections: Vec<Correction>,
        parsed: Box<Parsed>,
        /// Every proposed unit's printed name seen in this review, so that
        /// a unit merged into another by a correction can still be named.
        printed: Vec<(UnitId, String)>,
    },
    /// A plan file, as read.
    PlanFile(Box<ReadPlanFile>),
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
            .map(|read| Opening::PlanFile(Box::new(read)))
            .map_err(OpenError::PlanFile)
    }

    fn from_json(text: &str) -> Result<Opening, OpenError> {
        match plan_file::read_plan_file(text) {
            Ok(read) => Ok(Opening::PlanFile(Box::new(read))),
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
        let mut printed = Vec::new();
        remember_printed(&mut printed, &parsed);
        Ok(Opening::Document {
            doc: Box::new(doc),
            corrections: Vec::new(),
            parsed: Box::new(parsed),
            printed,
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
            printed,
        } = self
        else {
            return Ok(());
        };
        **parsed = parse::parse_opened(doc, &next).map_err(OpenError::Parse)?;
        *corrections = next;
        remember_printed(printed, parsed);
        Ok(())
    }

    /// A correction as the review lists it, to be taken back:
    /// `STT 5 (phụ lục 1): đơn vị chủ trì → Sở Tài chính`.
    pub fn correction_vi(&self, correction: &Correction) -> String {
        let plan = self.plan();
        let task_name = |id: &str| {
            plan.annexes
                .iter()
                .enumerate()
                .find_map(|(i, a)| {
                    let t = a.tasks.iter().find(|t| t.id == id)?;
                    Some(format!("STT {} (phụ lục {})", t.number, i + 1))
                })
                .unwrap_or_else(|| id.to_owned())
        };
        let unit_name = |id: &UnitId| {
            let printed = match self {
                Opening::Document { printed, .. } => printed
                    .iter()
                    .find(|(u, _)| u == id)
                    .map(|(_, n)| n.clone()),
                Opening::PlanFile(_) => None,
            };
            printed
                .or_else(|| {
                    self.units_to_pick()
                        .into_iter()
                        .find(|u| &u.id == id)
                        .map(|u| u.short)
                })
                .unwrap_or_else(|| id.to_string())
        };
        match correction {
            Correction::Title { task, title } => {
                format!("{}: tên nhiệm vụ “{title}”", task_name(task))
            }
            Correction::Lead { task, unit } => {
                format!("{}: đơn vị chủ trì → {}", task_name(task), unit_name(unit))
            }
            Correction::Deadline { task, text } => {
                format!("{}: thời hạn “{text}”", task_name(task))
            }
            Correction::Unit(UnitFix::Names { unit, short, name }) => {
                format!(
                    "Đơn vị mới “{}”: tên ngắn “{short}”, tên đầy đủ “{name}”",
                    unit_name(unit)
                )
            }
            Correction::Unit(UnitFix::Same { proposed, unit }) => {
                format!("“{}” là {}", unit_name(proposed), unit_name(unit))
            }
        }
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

/// Adds the proposed units of a parse to the printed names seen.
fn remember_printed(printed: &mut Vec<(UnitId, String)>, parsed: &Parsed) {
    for p in &parsed.review.proposed_units {
        if !printed.iter().any(|(id, _)| *id == p.unit.id) {
            printed.push((p.unit.id.clone(), p.printed[0].clone()));
        }
    }
}

/// Where a source line went, as the review names it beside the line:
/// `Mục II.3`, `Phụ lục 2 · STT 5`, `Nơi nhận`; empty for layout.
pub fn place_label_vi(plan: &Plan, place: &Place) -> String {
    let section_of = |id: &str| {
        plan.sections
            .iter()
            .find(|s| s.id == id || s.parts.iter().any(|p| p.id == id))
    };
    let part_label = |id: &str| {
        let section = section_of(id)?;
        let part = section.parts.iter().find(|p| p.id == id)?;
        Some(if part.number == 0 {
            format!("Mục {}", section.numeral)
        } else {
            format!("Mục {}.{}", section.numeral, part.number)
        })
    };
    let annex_number = |id: &str| plan.annexes.iter().position(|a| a.id == id).map(|i| i + 1);
    let label = match place {
        Place::Layout => Some(String::new()),
        Place::Header => Some("Phần đầu văn bản".into()),
        Place::Title => Some("Tên văn bản".into()),
        Place::Preamble => Some("Căn cứ".into()),
        Place::Section(id) => section_of(id).map(|s| format!("Mục {}", s.numeral)),
        Place::Part(id) => part_label(id),
        Place::Item(id) => {
            plan.items()
                .find(|(_, item)| item.id == *id)
                .and_then(|(part, item)| {
                    Some(format!("{} · ý {}", part_label(&part.id)?, item.number))
                })
        }
        Place::Recipients => Some("Nơi nhận".into()),
        Place::Signature => Some("Chữ ký".into()),
        Place::Annex(id) => annex_number(id).map(|n| format!("Phụ lục {n}")),
        Place::AnnexGroup(id) => plan.annexes.iter().enumerate().find_map(|(i, a)| {
            let group = a.groups.iter().find(|g| g.id == *id)?;
            Some(format!("Phụ lục {} · nhóm {}", i + 1, group.numeral))
        }),
        Place::AnnexTask(id) => plan.annexes.iter().enumerate().find_map(|(i, a)| {
            let task = a.tasks.iter().find(|t| t.id == *id)?;
            Some(format!("Phụ lục {} · STT {}", i + 1, task.number))
        }),
        Place::NotUnderstood => Some("Chưa hiểu".into()),
    };
    // A place the plan has no part for cannot come from the parser; say
    // what it is rather than nothing.
    label.unwrap_or_else(|| "Đã đọc".into())
}

/// Where a plan's reporting rule came from, for the review: `theo văn
/// bản (Mục III.2)`, or that the document is silent and the default holds.
pub fn rule_source_vi(plan: &Plan, from: Option<&str>) -> String {
    let Some(id) = from else {
        return "văn bản không nói: lấy mặc định".into();
    };
    let place = if plan.items().any(|(_, item)| item.id == id) {
        Place::Item(id.to_owned())
    } else {
        Place::Part(id.to_owned())
    };
    format!("theo văn bản ({})", place_label_vi(plan, &place))
}

/// How a proposed unit is used, for the review: `chủ trì 2 nhiệm vụ, phối hợp 3`.
pub fn uses_vi(proposed: &parse::ProposedUnit) -> String {
    let lead = proposed
        .uses
        .iter()
        .filter(|u| u.role == parse::Role::Lead)
        .count();
    let coordinating = proposed.uses.len() - lead;
    match (lead, coordinating) {
        (0, c) => format!("phối hợp {c} nhiệm vụ"),
        (l, 0) => format!("chủ trì {l} nhiệm vụ"),
        (l, c) => format!("chủ trì {l} nhiệm vụ, phối hợp {c}"),
    }
}
