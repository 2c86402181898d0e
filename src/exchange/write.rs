//! The strict writer (always the current version) and what is exported: the
//! whole tracking or one unit's report, and the file's name. The payload is
//! written by `shape`, whose compact text is canonical: the checksum is the
//! hash of what is written.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, FixedOffset};
use serde::Serialize;

use crate::i18n::iso_date;
use crate::model::plan::Plan;
use crate::model::tracking::{ItemKey, TaskRecord, Tracking};
use crate::model::unit::UnitId;

use super::envelope::{AppInfo, Envelope, Extra, Head, PlanRef, ReportPeriod, Scope, ScopeKind};
use super::json::{hash_bytes, hash_compact};
use super::shape::{to_text, PayloadOut};
use super::{FORMAT_NAME, FORMAT_VERSION};

/// What an export says about itself besides its content.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportMeta {
    pub app: AppInfo,
    pub plan: PlanRef,
    pub exported_at: DateTime<FixedOffset>,
    pub exported_by: Option<UnitId>,
}

impl ExportMeta {
    /// The head of an export of `scope` made now.
    pub fn head(&self, scope: Scope) -> Head {
        Head {
            app: self.app.clone(),
            plan: self.plan.clone(),
            exported_at: self.exported_at,
            exported_by: self.exported_by.clone(),
            scope,
            extra: Extra::new(),
        }
    }
}

/// The envelope's members as written, in the order of `docs/FORMAT.md`:
/// the fixed ones, the head, then what comes after it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Wire<'a, P> {
    format: &'static str,
    format_version: u32,
    app: &'a AppInfo,
    plan: &'a PlanRef,
    exported_at: DateTime<FixedOffset>,
    exported_by: &'a Option<UnitId>,
    scope: &'a Scope,
    #[serde(flatten)]
    extra: &'a Extra,
    #[serde(skip_serializing_if = "Option::is_none")]
    payload: Option<P>,
    #[serde(skip_serializing_if = "Option::is_none")]
    checksum: Option<String>,
}

fn wire<P>(head: &Head, payload: Option<P>, checksum: Option<String>) -> Wire<'_, P> {
    Wire {
        format: FORMAT_NAME,
        format_version: FORMAT_VERSION,
        app: &head.app,
        plan: &head.plan,
        exported_at: head.exported_at,
        exported_by: &head.exported_by,
        scope: &head.scope,
        extra: &head.extra,
        payload,
        checksum,
    }
}

/// Writes the file: pretty JSON of the current version with its checksum.
pub fn write_file(envelope: &Envelope) -> String {
    let payload = PayloadOut(&envelope.payload);
    let checksum = hash_compact(&payload);
    serde_json::to_string_pretty(&wire(&envelope.head, Some(payload), Some(checksum)))
        .expect("the envelope serialises: string keys only")
}

/// The same file without white space.
pub fn write_compact(envelope: &Envelope) -> String {
    write_around(
        &envelope.head,
        &to_text(&PayloadOut(&envelope.payload)),
        true,
    )
}

/// The compact file around a payload already written compactly (which is
/// its canonical text), with the checksum of that text or without one.
pub(crate) fn write_around(head: &Head, payload: &str, with_checksum: bool) -> String {
    let mut text = to_text(&wire::<()>(head, None, None));
    // The head's closing brace goes after the payload.
    text.pop();
    text.reserve(payload.len() + 96);
    text.push_str(",\"payload\":");
    text.push_str(payload);
    if with_checksum {
        text.push_str(",\"checksum\":\"");
        text.push_str(&hash_bytes(payload.as_bytes()));
        text.push('"');
    }
    text.push('}');
    text
}

/// Everything recorded: a backup, the stored state, a consolidated file.
pub fn export_full(tracking: &Tracking, meta: &ExportMeta) -> Envelope {
    Envelope {
        head: meta.head(Scope::full()),
        payload: tracking.clone(),
    }
}

/// The unit a task is assigned to now: the record's assignment, else the
/// annex's lead unit or the custom task's.
fn lead_of<'a>(
    plan: &'a Plan,
    tracking: &'a Tracking,
    task: &str,
    record: Option<&'a TaskRecord>,
) -> Option<&'a UnitId> {
    if let Some(assigned) = record.and_then(|r| r.lead_unit.as_ref()) {
        return assigned.value.as_ref();
    }
    plan.annex_tasks()
        .find(|t| t.id == task)
        .map(|t| &t.lead_unit)
        .or_else(|| tracking.custom_tasks.get(task).map(|t| &t.lead_unit))
}

/// One unit's report: the records of the tasks it leads or coordinates, its
/// own updates on any task, the custom tasks those concern or it created, and
/// the custom units the report names. Cumulative: `period` labels the report
/// and does not filter it, so a late file still carries everything.
pub fn export_unit_report(
    tracking: &Tracking,
    plan: &Plan,
    unit: &UnitId,
    period: ReportPeriod,
    meta: &ExportMeta,
) -> Envelope {
    let mut report = Tracking::default();
    // Tasks whose whole record goes, not only the unit's own notes.
    let mut whole = BTreeSet::new();
    for (task, record) in &tracking.records {
        let leads = lead_of(plan, tracking, task, Some(record)) == Some(unit);
        let coordinates = record
            .coordinating
            .as_ref()
            .is_some_and(|c| c.value.contains(unit));
        let updates: BTreeMap<_, _> = record
            .updates
            .iter()
            .filter(|(_, u)| u.unit == *unit)
            .map(|(k, u)| (k.clone(), u.clone()))
            .collect();
        let kept = if leads || coordinates {
            whole.insert(task.as_str());
            TaskRecord {
                updates,
                ..record.clone()
            }
        } else if !updates.is_empty() {
            TaskRecord {
                updates,
                ..TaskRecord::default()
            }
        } else {
            continue;
        };
        report.records.insert(task.clone(), kept);
    }
    for (id, task) in &tracking.custom_tasks {
        let concerned = report.records.contains_key(id)
            || task.created_by == *unit
            || lead_of(plan, tracking, id, tracking.records.get(id)) == Some(unit);
        if concerned {
            report.custom_tasks.insert(id.clone(), task.clone());
        }
    }
    // The unit's own removals, and those of the fields and tasks it carries.
    for (key, stamp) in &tracking.removals {
        let carried = stamp.by == *unit
            || match key {
                ItemKey::Field { task, .. } => whole.contains(task.as_str()),
                ItemKey::CustomTask(id) => report.records.contains_key(id),
                ItemKey::Update { .. } | ItemKey::CustomUnit(_) => false,
            };
        if carried {
            report.removals.insert(key.clone(), stamp.clone());
        }
    }
    let mut named: BTreeSet<&UnitId> = BTreeSet::from([unit]);
    named.extend(
        report
            .records
            .values()
            .flat_map(|r| r.units().map(|(u, _)| u)),
    );
    named.extend(
        report
            .custom_tasks
            .values()
            .flat_map(|t| [&t.lead_unit, &t.created_by, &t.edited.by]),
    );
    named.extend(report.removals.values().map(|r| &r.by));
    let named: BTreeSet<UnitId> = named.into_iter().cloned().collect();
    for id in &named {
        if let Some(u) = tracking.custom_units.get(id) {
            report.custom_units.insert(id.clone(), u.clone());
        } else if let Some(r) = tracking.removals.get(&ItemKey::CustomUnit(id.clone())) {
            report
                .removals
                .insert(ItemKey::CustomUnit(id.clone()), r.clone());
        }
    }
    Envelope {
        head: meta.head(Scope::unit_report(unit.clone(), period)),
        payload: report,
    }
}

/// Lower-case ASCII letters, digits and single dashes.
fn ascii_slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_owned()
}

/// A descriptive, ASCII-safe file name:
/// `ke-hoach-22-2021_so-khdt_2021-03.json` for a unit's report,
/// `ke-hoach-22-2021_toan-bo_2021-03-15.json` for a full export (its date).
pub fn file_name(head: &Head) -> String {
    let number = head.plan.number.split('/').next().unwrap_or_default();
    let plan = format!("ke-hoach-{}-{}", ascii_slug(number), head.plan.year);
    let scope = &head.scope;
    let (who, when) = match (scope.kind, &scope.unit, scope.period) {
        (ScopeKind::UnitReport, Some(unit), Some(period)) => {
            let slug = ascii_slug(unit.as_str());
            (
                if slug.is_empty() {
                    "don-vi".to_owned()
                } else {
                    slug
                },
                period.to_string(),
            )
        }
        _ => (
            "toan-bo".to_owned(),
            iso_date(head.exported_at.date_naive()),
        ),
    };
    format!("{plan}_{who}_{when}.json")
}
