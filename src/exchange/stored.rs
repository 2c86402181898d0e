//! The copy of the whole tracking kept in local storage: the compact file of
//! scope "full" without a checksum, written straight from the model and
//! re-serialising only what changed. Files sent to others go through `write`
//! and keep their checksum.

use std::collections::BTreeMap;
use std::fmt;

use chrono::NaiveDate;
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

use crate::i18n::write_iso_date;
use crate::model::deadline::Deadline;
use crate::model::tracking::{CustomTask, DocumentRef, Stamped, TaskRecord, Tracking, Update};
use crate::model::unit::{Unit, UnitId, UnitKind};

use super::dto::{status_name, AppInfo, PlanRef, Scope};
use super::write::ExportMeta;
use super::{FORMAT_NAME, FORMAT_VERSION};

/// The stored payload as one compact JSON fragment per record, custom task
/// and custom unit, each with the value it was written from: a save
/// serialises only what changed since the last one, and tells an unchanged
/// state (an undo, another tab's data) without writing it. Its text is the
/// file's payload (`dto::Payload`) as `write_compact` writes it.
#[derive(Debug, Default)]
pub struct StoredPayload {
    records: Fragments<String, TaskRecord>,
    custom_tasks: Fragments<String, CustomTask>,
    custom_units: Fragments<UnitId, Unit>,
}

impl StoredPayload {
    /// Brings the fragments up to `tracking`; returns whether anything
    /// changed.
    pub fn update(&mut self, tracking: &Tracking) -> bool {
        let records = self.records.update(&tracking.records, record_fragment);
        let tasks = self.custom_tasks.update(&tracking.custom_tasks, |_, t| {
            to_json(&CustomTaskOut::from(t))
        });
        let units = self
            .custom_units
            .update(&tracking.custom_units, |_, u| to_json(&UnitOut::from(u)));
        records || tasks || units
    }

    /// The payload's text, for [`write_stored`].
    pub fn text(&self) -> String {
        let mut out = String::with_capacity(
            self.records.bytes() + self.custom_tasks.bytes() + self.custom_units.bytes() + 48,
        );
        out.push_str("{\"records\":{");
        self.records.join(&mut out);
        out.push_str("},\"customTasks\":[");
        self.custom_tasks.join(&mut out);
        out.push_str("],\"customUnits\":[");
        self.custom_units.join(&mut out);
        out.push_str("]}");
        out
    }
}

/// What the stored data was read from: its fragments are built from the
/// values themselves, without copying them.
impl From<Tracking> for StoredPayload {
    fn from(tracking: Tracking) -> Self {
        Self {
            records: Fragments::from_items(tracking.records, record_fragment),
            custom_tasks: Fragments::from_items(tracking.custom_tasks, |_, t| {
                to_json(&CustomTaskOut::from(t))
            }),
            custom_units: Fragments::from_items(tracking.custom_units, |_, u| {
                to_json(&UnitOut::from(u))
            }),
        }
    }
}

fn to_json(value: &impl Serialize) -> String {
    serde_json::to_string(value).expect("the payload serialises: string keys only")
}

/// A record with its key: `"pl-1":{…}`.
fn record_fragment(id: &String, record: &TaskRecord) -> String {
    let mut text = to_json(id);
    text.push(':');
    text.push_str(&to_json(&RecordOut(record)));
    text
}

/// Items by key, each with its JSON text.
#[derive(Debug)]
struct Fragments<K, V>(BTreeMap<K, (V, String)>);

impl<K, V> Default for Fragments<K, V> {
    fn default() -> Self {
        Self(BTreeMap::new())
    }
}

impl<K: Ord + Clone, V: PartialEq + Clone> Fragments<K, V> {
    fn from_items(items: BTreeMap<K, V>, write: impl Fn(&K, &V) -> String) -> Self {
        Self(
            items
                .into_iter()
                .map(|(k, v)| {
                    let text = write(&k, &v);
                    (k, (v, text))
                })
                .collect(),
        )
    }

    /// Writes again the items that differ from `items`, drops those gone;
    /// returns whether any did.
    fn update(&mut self, items: &BTreeMap<K, V>, write: impl Fn(&K, &V) -> String) -> bool {
        let before = self.0.len();
        self.0.retain(|k, _| items.contains_key(k));
        let mut changed = self.0.len() != before;
        for (k, v) in items {
            match self.0.get_mut(k) {
                Some((old, _)) if old == v => {}
                Some(entry) => {
                    *entry = (v.clone(), write(k, v));
                    changed = true;
                }
                None => {
                    self.0.insert(k.clone(), (v.clone(), write(k, v)));
                    changed = true;
                }
            }
        }
        changed
    }

    /// The length of [`Self::join`]'s text.
    fn bytes(&self) -> usize {
        self.0.values().map(|(_, text)| text.len() + 1).sum()
    }

    /// The texts separated by commas.
    fn join(&self, out: &mut String) {
        for (i, (_, text)) in self.0.values().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(text);
        }
    }
}

/// The head of the stored copy: the envelope's fields before the payload.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Head<'a> {
    format: &'static str,
    format_version: u32,
    app: &'a AppInfo,
    plan: &'a PlanRef,
    exported_at: chrono::DateTime<chrono::FixedOffset>,
    exported_by: &'a Option<UnitId>,
    scope: Scope,
}

/// The stored copy around `payload` (from [`StoredPayload::text`]). Without a
/// checksum: only this app writes and reads it, and the read-back after each
/// write already proves it intact; hashing the canonical payload on every
/// save made saving several times slower. Reading it notes the missing
/// checksum and loads it all the same.
pub fn write_stored(payload: &str, meta: &ExportMeta) -> String {
    let head = Head {
        format: FORMAT_NAME,
        format_version: FORMAT_VERSION,
        app: &meta.app,
        plan: &meta.plan,
        exported_at: meta.exported_at,
        exported_by: &meta.exported_by,
        scope: Scope::full(),
    };
    let mut text = serde_json::to_string(&head).expect("the head serialises: string keys only");
    // The head's closing brace goes after the payload.
    text.pop();
    text.reserve(payload.len() + 12);
    text.push_str(",\"payload\":");
    text.push_str(payload);
    text.push('}');
    text
}

// Borrowing views of the model that serialise as the DTOs of `dto` do, in
// their field order; `tests/exchange_stored.rs` checks the text equals the
// DTOs'.

#[derive(Serialize)]
struct StampedOut<'a, V> {
    value: V,
    at: i64,
    by: &'a UnitId,
    base: i64,
}

fn stamped<'a, T, V>(s: &'a Stamped<T>, value: impl FnOnce(&'a T) -> V) -> StampedOut<'a, V> {
    StampedOut {
        value: value(&s.value),
        at: s.at,
        by: &s.by,
        base: s.base,
    }
}

/// A date as `YYYY-MM-DD`, written straight into the output.
struct DateOut(NaiveDate);

impl fmt::Display for DateOut {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_iso_date(f, self.0)
    }
}

impl Serialize for DateOut {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[derive(Serialize)]
struct DocumentOut<'a> {
    number: &'a str,
    date: Option<DateOut>,
}

struct RecordOut<'a>(&'a TaskRecord);

impl<'a> Serialize for RecordOut<'a> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let r = self.0;
        let mut m = s.serialize_map(None)?;
        if let Some(v) = &r.status {
            m.serialize_entry("status", &stamped(v, |v| status_name(*v)))?;
        }
        if let Some(v) = &r.progress {
            m.serialize_entry("progress", &stamped(v, |v| *v))?;
        }
        if let Some(v) = &r.reason {
            m.serialize_entry("reason", &stamped(v, String::as_str))?;
        }
        if let Some(v) = &r.completed_on {
            m.serialize_entry("completedOn", &stamped(v, |d| d.map(DateOut)))?;
        }
        if let Some(v) = &r.document {
            let document = |d: &'a Option<DocumentRef>| {
                d.as_ref().map(|d| DocumentOut {
                    number: &d.number,
                    date: d.date.map(DateOut),
                })
            };
            m.serialize_entry("document", &stamped(v, document))?;
        }
        if let Some(v) = &r.lead_unit {
            m.serialize_entry("leadUnit", &stamped(v, Option::as_ref))?;
        }
        if let Some(v) = &r.coordinating {
            m.serialize_entry("coordinating", &stamped(v, Vec::as_slice))?;
        }
        if let Some(v) = &r.due {
            m.serialize_entry("due", &stamped(v, |d| d.map(DateOut)))?;
        }
        m.serialize_entry("updates", &Updates(&r.updates))?;
        m.end()
    }
}

struct Updates<'a>(&'a BTreeMap<String, Update>);

impl Serialize for Updates<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.values().map(UpdateOut::from))
    }
}

#[derive(Serialize)]
struct UpdateOut<'a> {
    id: &'a str,
    date: DateOut,
    unit: &'a UnitId,
    text: &'a str,
    status: &'static str,
    progress: u8,
    at: i64,
}

impl<'a> From<&'a Update> for UpdateOut<'a> {
    fn from(u: &'a Update) -> Self {
        Self {
            id: &u.id,
            date: DateOut(u.date),
            unit: &u.unit,
            text: &u.text,
            status: status_name(u.status),
            progress: u.progress,
            at: u.at,
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CustomTaskOut<'a> {
    id: &'a str,
    title: &'a str,
    lead_unit: &'a UnitId,
    deadline: &'a Option<Deadline>,
    parent: &'a Option<String>,
    created_at: i64,
    created_by: &'a UnitId,
}

impl<'a> From<&'a CustomTask> for CustomTaskOut<'a> {
    fn from(t: &'a CustomTask) -> Self {
        Self {
            id: &t.id,
            title: &t.title,
            lead_unit: &t.lead_unit,
            deadline: &t.deadline,
            parent: &t.parent,
            created_at: t.created_at,
            created_by: &t.created_by,
        }
    }
}

#[derive(Serialize)]
struct UnitOut<'a> {
    id: &'a UnitId,
    short: &'a str,
    name: &'a str,
    kind: UnitKind,
    builtin: bool,
}

impl<'a> From<&'a Unit> for UnitOut<'a> {
    fn from(u: &'a Unit) -> Self {
        Self {
            id: &u.id,
            short: &u.short,
            name: &u.name,
            kind: u.kind,
            builtin: u.builtin,
        }
    }
}
