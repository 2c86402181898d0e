//! The file's shape (format version 2) as serde structs, apart from the model:
//! leaves stay loose (dates as text, progress as any integer) so that reading
//! can say which task and field is wrong, and every object keeps the fields it
//! does not know in `extra` so that writing puts them back.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::i18n::{iso_date, parse_iso_date};
use crate::model::deadline::Deadline;
use crate::model::tracking::{
    CustomTask, DocumentRef, Stamped, Status, TaskRecord, Tracking, Update,
};
use crate::model::unit::{Unit, UnitId, UnitKind};

use super::error::{Field, Place, ReadError};

/// Fields this version does not know, kept as read and written back.
pub type Extra = BTreeMap<String, Value>;

/// An exchange file without the parts that are fixed or derived when written
/// (`format`, `formatVersion`, `checksum`). Also the stored format.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Envelope {
    pub app: AppInfo,
    pub plan: PlanRef,
    pub exported_at: DateTime<FixedOffset>,
    /// The unit of the user who exported; `None` when no unit was picked.
    pub exported_by: Option<UnitId>,
    pub scope: Scope,
    pub payload: Payload,
    #[serde(flatten)]
    pub extra: Extra,
}

/// The program that wrote the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppInfo {
    pub name: String,
    pub version: String,
    #[serde(flatten)]
    pub extra: Extra,
}

/// Which plan the tracking belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanRef {
    /// `22/KH-UBND`.
    pub number: String,
    pub year: i32,
    /// SHA-256 (lower-case hex) of the plan's seed text.
    pub fingerprint: String,
    #[serde(flatten)]
    pub extra: Extra,
}

impl PlanRef {
    /// A plan reference without unknown fields.
    pub fn new(number: impl Into<String>, year: i32, fingerprint: impl Into<String>) -> Self {
        Self {
            number: number.into(),
            year,
            fingerprint: fingerprint.into(),
            extra: Extra::new(),
        }
    }
}

/// What part of the tracking a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ScopeKind {
    /// Everything: a backup, the stored state, a consolidated file.
    Full,
    /// One unit's tasks and updates, sent for a reporting period.
    UnitReport,
}

/// The file's scope: `{"kind":"full"}` or
/// `{"kind":"unit-report","unit":"so-khdt","period":"2021-03"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scope {
    pub kind: ScopeKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<UnitId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<ReportPeriod>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl Scope {
    /// The whole tracking.
    pub fn full() -> Self {
        Self {
            kind: ScopeKind::Full,
            unit: None,
            period: None,
            extra: Extra::new(),
        }
    }
    /// One unit's report for a period.
    pub fn unit_report(unit: UnitId, period: ReportPeriod) -> Self {
        Self {
            kind: ScopeKind::UnitReport,
            unit: Some(unit),
            period: Some(period),
            extra: Extra::new(),
        }
    }
}

/// A reporting period (a month or the year's review), written `2021-03`
/// or `2021-review`: the model's own type, whose text form is the file's.
pub use crate::model::reporting::ReportPeriod;

/// The tracking data as written.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Payload {
    /// Keyed by task id.
    #[serde(default)]
    pub records: BTreeMap<String, RecordDto>,
    /// Sorted by id when written; ids must be unique.
    #[serde(default)]
    pub custom_tasks: Vec<CustomTaskDto>,
    /// Sorted by id when written; ids must be unique.
    #[serde(default)]
    pub custom_units: Vec<CustomUnitDto>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A field value with its stamp, as written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StampedDto<V> {
    pub value: V,
    pub at: i64,
    pub by: UnitId,
    pub base: i64,
    #[serde(flatten)]
    pub extra: Extra,
}

/// One task's tracking record, as written. Absent fields mean "as in the plan".
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RecordDto {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<StampedDto<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub progress: Option<StampedDto<i64>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<StampedDto<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completed_on: Option<StampedDto<Option<String>>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<StampedDto<Option<DocumentDto>>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lead_unit: Option<StampedDto<Option<UnitId>>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coordinating: Option<StampedDto<Vec<UnitId>>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<StampedDto<Option<String>>>,
    /// Sorted by id when written; ids must be unique within the record.
    #[serde(default)]
    pub updates: Vec<UpdateDto>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A document reference, as written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentDto {
    pub number: String,
    pub date: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A dated update, as written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UpdateDto {
    pub id: String,
    pub date: String,
    pub unit: UnitId,
    pub text: String,
    pub status: String,
    pub progress: i64,
    pub at: i64,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A user-added task, as written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomTaskDto {
    pub id: String,
    pub title: String,
    pub lead_unit: UnitId,
    pub deadline: Option<Deadline>,
    pub parent: Option<String>,
    pub created_at: i64,
    pub created_by: UnitId,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A user-added unit, as written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustomUnitDto {
    pub id: UnitId,
    pub short: String,
    pub name: String,
    pub kind: UnitKind,
    pub builtin: bool,
    #[serde(flatten)]
    pub extra: Extra,
}

// ---- model -> DTO (strict: always valid) ----

fn stamped<T, V>(s: &Stamped<T>, f: impl FnOnce(&T) -> V) -> StampedDto<V> {
    StampedDto {
        value: f(&s.value),
        at: s.at,
        by: s.by.clone(),
        base: s.base,
        extra: Extra::new(),
    }
}

fn date_text(d: &Option<chrono::NaiveDate>) -> Option<String> {
    d.map(iso_date)
}

/// The wire name of a status (`in-progress`).
pub fn status_name(s: Status) -> &'static str {
    match s {
        Status::NotStarted => "not-started",
        Status::InProgress => "in-progress",
        Status::Done => "done",
        Status::Stopped => "stopped",
        Status::Adjusted => "adjusted",
    }
}

fn status_from_name(name: &str) -> Option<Status> {
    [
        Status::NotStarted,
        Status::InProgress,
        Status::Done,
        Status::Stopped,
        Status::Adjusted,
    ]
    .into_iter()
    .find(|s| status_name(*s) == name)
}

impl From<&Update> for UpdateDto {
    fn from(u: &Update) -> Self {
        Self {
            id: u.id.clone(),
            date: iso_date(u.date),
            unit: u.unit.clone(),
            text: u.text.clone(),
            status: status_name(u.status).to_owned(),
            progress: i64::from(u.progress),
            at: u.at,
            extra: Extra::new(),
        }
    }
}

impl From<&TaskRecord> for RecordDto {
    fn from(r: &TaskRecord) -> Self {
        Self {
            status: r
                .status
                .as_ref()
                .map(|s| stamped(s, |v| status_name(*v).to_owned())),
            progress: r.progress.as_ref().map(|s| stamped(s, |v| i64::from(*v))),
            reason: r.reason.as_ref().map(|s| stamped(s, String::clone)),
            completed_on: r.completed_on.as_ref().map(|s| stamped(s, date_text)),
            document: r.document.as_ref().map(|s| {
                stamped(s, |d| {
                    d.as_ref().map(|d| DocumentDto {
                        number: d.number.clone(),
                        date: date_text(&d.date),
                        extra: Extra::new(),
                    })
                })
            }),
            lead_unit: r.lead_unit.as_ref().map(|s| stamped(s, Option::clone)),
            coordinating: r.coordinating.as_ref().map(|s| stamped(s, Vec::clone)),
            due: r.due.as_ref().map(|s| stamped(s, date_text)),
            updates: r.updates.values().map(UpdateDto::from).collect(),
            extra: Extra::new(),
        }
    }
}

impl From<&CustomTask> for CustomTaskDto {
    fn from(t: &CustomTask) -> Self {
        Self {
            id: t.id.clone(),
            title: t.title.clone(),
            lead_unit: t.lead_unit.clone(),
            deadline: t.deadline,
            parent: t.parent.clone(),
            created_at: t.created_at,
            created_by: t.created_by.clone(),
            extra: Extra::new(),
        }
    }
}

impl From<&Unit> for CustomUnitDto {
    fn from(u: &Unit) -> Self {
        Self {
            id: u.id.clone(),
            short: u.short.clone(),
            name: u.name.clone(),
            kind: u.kind,
            builtin: u.builtin,
            extra: Extra::new(),
        }
    }
}

impl From<&Tracking> for Payload {
    fn from(t: &Tracking) -> Self {
        Self {
            records: t
                .records
                .iter()
                .map(|(id, r)| (id.clone(), RecordDto::from(r)))
                .collect(),
            custom_tasks: t.custom_tasks.values().map(CustomTaskDto::from).collect(),
            custom_units: t.custom_units.values().map(CustomUnitDto::from).collect(),
            extra: Extra::new(),
        }
    }
}

// ---- DTO -> model (validating; errors say which task and field) ----

/// Parses a `YYYY-MM-DD` date, telling an impossible day from a malformed one.
fn parse_date(text: &str, place: &Place) -> Result<chrono::NaiveDate, ReadError> {
    let shaped = text.len() == 10
        && text.char_indices().all(|(i, c)| {
            if i == 4 || i == 7 {
                c == '-'
            } else {
                c.is_ascii_digit()
            }
        });
    if !shaped {
        return Err(ReadError::BadValue {
            place: place.clone(),
            text: text.to_owned(),
            expected: "ngày dạng năm-tháng-ngày, ví dụ 2021-03-15",
        });
    }
    parse_iso_date(text).ok_or_else(|| ReadError::ImpossibleDate {
        place: place.clone(),
        text: text.to_owned(),
    })
}

fn parse_opt_date(
    text: &Option<String>,
    place: &Place,
) -> Result<Option<chrono::NaiveDate>, ReadError> {
    text.as_deref().map(|t| parse_date(t, place)).transpose()
}

fn parse_status(name: &str, place: &Place) -> Result<Status, ReadError> {
    status_from_name(name).ok_or_else(|| ReadError::BadValue {
        place: place.clone(),
        text: name.to_owned(),
        expected: "một trong not-started, in-progress, done, stopped, adjusted",
    })
}

fn parse_progress(value: i64, place: &Place) -> Result<u8, ReadError> {
    u8::try_from(value)
        .ok()
        .filter(|p| *p <= 100)
        .ok_or_else(|| ReadError::ProgressOutOfRange {
            place: place.clone(),
            value,
        })
}

fn unstamp<V, T>(
    dto: &Option<StampedDto<V>>,
    place: Place,
    f: impl FnOnce(&V, &Place) -> Result<T, ReadError>,
) -> Result<Option<Stamped<T>>, ReadError> {
    dto.as_ref()
        .map(|s| {
            Ok(Stamped {
                value: f(&s.value, &place)?,
                at: s.at,
                by: s.by.clone(),
                base: s.base,
            })
        })
        .transpose()
}

fn update_from(task: &str, u: &UpdateDto) -> Result<Update, ReadError> {
    let place = |field| Place::update(task, &u.id, field);
    Ok(Update {
        id: u.id.clone(),
        date: parse_date(&u.date, &place(Field::UpdateDate))?,
        unit: u.unit.clone(),
        text: u.text.clone(),
        status: parse_status(&u.status, &place(Field::Status))?,
        progress: parse_progress(u.progress, &place(Field::Progress))?,
        at: u.at,
    })
}

fn record_from(task: &str, r: &RecordDto) -> Result<TaskRecord, ReadError> {
    let at = |field| Place::task(task, field);
    let mut updates = BTreeMap::new();
    for u in &r.updates {
        if updates
            .insert(u.id.clone(), update_from(task, u)?)
            .is_some()
        {
            return Err(ReadError::DuplicateId {
                kind: "cập nhật",
                id: u.id.clone(),
                within: Some(task.to_owned()),
            });
        }
    }
    Ok(TaskRecord {
        status: unstamp(&r.status, at(Field::Status), |v, p| parse_status(v, p))?,
        progress: unstamp(&r.progress, at(Field::Progress), |v, p| {
            parse_progress(*v, p)
        })?,
        reason: unstamp(&r.reason, at(Field::Reason), |v, _| Ok(v.clone()))?,
        completed_on: unstamp(&r.completed_on, at(Field::CompletedOn), parse_opt_date)?,
        document: unstamp(&r.document, at(Field::DocumentDate), |v, p| {
            v.as_ref()
                .map(|d| {
                    Ok(DocumentRef {
                        number: d.number.clone(),
                        date: parse_opt_date(&d.date, p)?,
                    })
                })
                .transpose()
        })?,
        lead_unit: unstamp(&r.lead_unit, at(Field::LeadUnit), |v, _| Ok(v.clone()))?,
        coordinating: unstamp(&r.coordinating, at(Field::Coordinating), |v, _| {
            Ok(v.clone())
        })?,
        due: unstamp(&r.due, at(Field::Due), parse_opt_date)?,
        updates,
    })
}

impl TryFrom<&Payload> for Tracking {
    type Error = ReadError;
    /// Checks every value (dates, progress, statuses, unique ids) and builds
    /// the model. References to units and tasks are checked by the reader,
    /// which knows the plan.
    fn try_from(p: &Payload) -> Result<Self, ReadError> {
        let mut t = Tracking::default();
        for (id, r) in &p.records {
            t.records.insert(id.clone(), record_from(id, r)?);
        }
        for c in &p.custom_tasks {
            let task = CustomTask {
                id: c.id.clone(),
                title: c.title.clone(),
                lead_unit: c.lead_unit.clone(),
                deadline: c.deadline,
                parent: c.parent.clone(),
                created_at: c.created_at,
                created_by: c.created_by.clone(),
            };
            if t.custom_tasks.insert(c.id.clone(), task).is_some() {
                return Err(ReadError::DuplicateId {
                    kind: "nhiệm vụ tự thêm",
                    id: c.id.clone(),
                    within: None,
                });
            }
        }
        for u in &p.custom_units {
            let unit = Unit {
                id: u.id.clone(),
                short: u.short.clone(),
                name: u.name.clone(),
                kind: u.kind,
                builtin: u.builtin,
            };
            if t.custom_units.insert(u.id.clone(), unit).is_some() {
                return Err(ReadError::DuplicateId {
                    kind: "đơn vị tự thêm",
                    id: u.id.to_string(),
                    within: None,
                });
            }
        }
        Ok(t)
    }
}

// ---- unknown fields ----

/// A listed item that is matched across versions by its id.
trait Listed {
    fn id(&self) -> &str;
    fn extra_mut(&mut self) -> &mut Extra;
    fn extra(&self) -> &Extra;
}

macro_rules! listed {
    ($($t:ty => $id:expr),*) => {$(
        impl Listed for $t {
            fn id(&self) -> &str { let id: fn(&Self) -> &str = $id; id(self) }
            fn extra_mut(&mut self) -> &mut Extra { &mut self.extra }
            fn extra(&self) -> &Extra { &self.extra }
        }
    )*};
}
listed!(
    UpdateDto => |u| &u.id,
    CustomTaskDto => |t| &t.id,
    CustomUnitDto => |u| u.id.as_str()
);

fn carry<T: Listed>(to: &mut [T], from: &[T]) {
    let old: BTreeMap<&str, &Extra> = from.iter().map(|x| (x.id(), x.extra())).collect();
    for x in to.iter_mut() {
        if let Some(e) = old.get(x.id()) {
            *x.extra_mut() = (*e).clone();
        }
    }
}

fn carry_stamped<V>(to: &mut Option<StampedDto<V>>, from: &Option<StampedDto<V>>) {
    // Kept only while the value is the one they were written with.
    if let (Some(t), Some(f)) = (to, from) {
        if t.at == f.at && t.by == f.by {
            t.extra = f.extra.clone();
        }
    }
}

impl Envelope {
    /// Copies the unknown fields of `previous` (an older read of the same
    /// data) into this freshly exported envelope, so that a program that does
    /// not know them never drops them: envelope, payload, records, stamped
    /// values still unchanged, updates, custom tasks and units.
    pub fn carry_unknown(&mut self, previous: &Envelope) {
        self.extra = previous.extra.clone();
        self.app.extra = previous.app.extra.clone();
        self.plan.extra = previous.plan.extra.clone();
        self.scope.extra = previous.scope.extra.clone();
        let (p, old) = (&mut self.payload, &previous.payload);
        p.extra = old.extra.clone();
        for (id, r) in p.records.iter_mut() {
            let Some(o) = old.records.get(id) else {
                continue;
            };
            r.extra = o.extra.clone();
            carry_stamped(&mut r.status, &o.status);
            carry_stamped(&mut r.progress, &o.progress);
            carry_stamped(&mut r.reason, &o.reason);
            carry_stamped(&mut r.completed_on, &o.completed_on);
            carry_stamped(&mut r.document, &o.document);
            carry_stamped(&mut r.lead_unit, &o.lead_unit);
            carry_stamped(&mut r.coordinating, &o.coordinating);
            carry_stamped(&mut r.due, &o.due);
            carry(&mut r.updates, &o.updates);
        }
        carry(&mut p.custom_tasks, &old.custom_tasks);
        carry(&mut p.custom_units, &old.custom_units);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn dates_read_as_chrono_reads_them(y in 0u32..10_000, m in 0u32..100, d in 0u32..100) {
            let text = format!("{y:04}-{m:02}-{d:02}");
            let place = Place::task("pl-1", Field::Due);
            let chrono = chrono::NaiveDate::parse_from_str(&text, "%Y-%m-%d").ok();
            prop_assert_eq!(parse_date(&text, &place).ok(), chrono);
        }
    }
}
