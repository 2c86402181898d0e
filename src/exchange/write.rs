//! The strict writer (always the current version) and what is exported: the
//! whole tracking or one unit's report, and the file's name.

use std::collections::BTreeSet;

use chrono::{DateTime, FixedOffset};
use serde::Serialize;

use crate::i18n::iso_date;
use crate::model::plan::Plan;
use crate::model::tracking::{TaskRecord, Tracking};
use crate::model::unit::UnitId;

use super::dto::{AppInfo, Envelope, Payload, PlanRef, ReportPeriod, Scope, ScopeKind};
use super::json::checksum;
use super::read::find_unit_ref;
use super::{FORMAT_NAME, FORMAT_VERSION};

/// What an export says about itself besides its content.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportMeta {
    pub app: AppInfo,
    pub plan: PlanRef,
    pub exported_at: DateTime<FixedOffset>,
    pub exported_by: Option<UnitId>,
}

/// The envelope as written: the fixed fields around it and the checksum after.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Wire<'a> {
    format: &'static str,
    format_version: u32,
    #[serde(flatten)]
    envelope: &'a Envelope,
    checksum: String,
}

/// Writes the file: pretty JSON of the current version with its checksum.
pub fn write_file(envelope: &Envelope) -> String {
    serde_json::to_string_pretty(&wire(envelope))
        .expect("the envelope serialises: string keys only")
}

/// The same file without white space, for local storage where every byte
/// counts against the origin's quota.
pub fn write_compact(envelope: &Envelope) -> String {
    serde_json::to_string(&wire(envelope)).expect("the envelope serialises: string keys only")
}

fn wire(envelope: &Envelope) -> Wire<'_> {
    let payload =
        serde_json::to_value(&envelope.payload).expect("the payload serialises: string keys only");
    Wire {
        format: FORMAT_NAME,
        format_version: FORMAT_VERSION,
        envelope,
        checksum: checksum(&payload),
    }
}

fn envelope(payload: Payload, scope: Scope, meta: &ExportMeta) -> Envelope {
    Envelope {
        app: meta.app.clone(),
        plan: meta.plan.clone(),
        exported_at: meta.exported_at,
        exported_by: meta.exported_by.clone(),
        scope,
        payload,
        extra: Default::default(),
    }
}

/// Everything recorded: a backup, the stored state, a consolidated file.
pub fn export_full(tracking: &Tracking, meta: &ExportMeta) -> Envelope {
    envelope(Payload::from(tracking), Scope::full(), meta)
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
    for (task, record) in &tracking.records {
        let leads = lead_of(plan, tracking, task, Some(record)) == Some(unit);
        let coordinates = record
            .coordinating
            .as_ref()
            .is_some_and(|c| c.value.contains(unit));
        let updates: std::collections::BTreeMap<_, _> = record
            .updates
            .iter()
            .filter(|(_, u)| u.unit == *unit)
            .map(|(k, u)| (k.clone(), u.clone()))
            .collect();
        let kept = if leads || coordinates {
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
    let mut named: BTreeSet<UnitId> = BTreeSet::from([unit.clone()]);
    find_unit_ref(&report, |u| {
        named.insert(u.clone());
        false
    });
    report.custom_units = tracking
        .custom_units
        .iter()
        .filter(|(id, _)| named.contains(*id))
        .map(|(k, u)| (k.clone(), u.clone()))
        .collect();
    envelope(
        Payload::from(&report),
        Scope::unit_report(unit.clone(), period),
        meta,
    )
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
pub fn file_name(envelope: &Envelope) -> String {
    let number = envelope.plan.number.split('/').next().unwrap_or_default();
    let plan = format!("ke-hoach-{}-{}", ascii_slug(number), envelope.plan.year);
    let scope = &envelope.scope;
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
            iso_date(envelope.exported_at.date_naive()),
        ),
    };
    format!("{plan}_{who}_{when}.json")
}
