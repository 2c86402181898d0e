//! What the records hold: a plan's tracking split into one JSON text per
//! record, custom task, custom unit and removal (the exchange's own items,
//! `exchange::stored`), the plan's head record, receipts per unit, a plan
//! document, and the way back to the stored copy's text (the exchange's one
//! join) so that reading goes through `exchange::restore` like every other
//! source.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use crate::exchange::envelope::Head;
use crate::exchange::stored::{self, StoredKey};
use crate::exchange::{join_payload, write_stored, AppInfo, ExportMeta, Member, PlanRef, Scope};
use crate::model::receipts::Receipts;
use crate::model::tracking::{Extra, TaskRecord, Tracking};
use crate::model::unit::UnitId;

use super::layout::{Key, PlanId, Store, DB_VERSION};

/// One record to put: where, and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub key: Key,
    pub text: String,
}

/// How many records of each kind a plan stored; checked against what is
/// read back.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Counts {
    pub records: usize,
    pub custom_tasks: usize,
    pub custom_units: usize,
    pub removals: usize,
}

impl Counts {
    /// The counts of the tracking items among `items`.
    pub fn of(items: &[Item]) -> Self {
        let mut counts = Counts::default();
        for item in items {
            match item.key.store {
                Store::Records => counts.records += 1,
                Store::CustomTasks => counts.custom_tasks += 1,
                Store::CustomUnits => counts.custom_units += 1,
                Store::Removals => counts.removals += 1,
                _ => {}
            }
        }
        counts
    }

    /// The counts of a tracking's items.
    pub fn of_tracking(tracking: &Tracking) -> Self {
        Counts {
            records: tracking.records.len(),
            custom_tasks: tracking.custom_tasks.len(),
            custom_units: tracking.custom_units.len(),
            removals: tracking.removals.len(),
        }
    }
}

/// The plan's own record (store [`Store::Plans`]): what the stored copy's
/// envelope says around its payload, and how many items it has. Written
/// after the items: its presence means the plan was stored whole.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlanHead {
    /// The layout version that wrote it.
    pub layout: u32,
    pub plan: PlanRef,
    pub app: AppInfo,
    pub saved_at: DateTime<FixedOffset>,
    pub saved_by: Option<UnitId>,
    pub counts: Counts,
    /// The write that stored this state, and the one it was written on top
    /// of (`exchange::persist`): an undo in one tab is an undo in another.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub based_on: Option<String>,
    /// Members of the stored envelope this version does not know, kept and
    /// written back.
    #[serde(default, skip_serializing_if = "Extra::is_empty")]
    pub extra: Extra,
}

impl PlanHead {
    pub fn new(meta: &ExportMeta, counts: Counts) -> Self {
        Self {
            layout: DB_VERSION,
            plan: meta.plan.clone(),
            app: meta.app.clone(),
            saved_at: meta.exported_at,
            saved_by: meta.exported_by.clone(),
            counts,
            revision: None,
            based_on: None,
            extra: Extra::new(),
        }
    }

    /// The head of the stored copy this record stands for, as
    /// `exchange::restore` reads it: the unknown members, the revision and
    /// the one it was based on among its members, as in local storage.
    pub fn envelope_head(&self) -> Head {
        let mut extra = self.extra.clone();
        if let Some(r) = &self.revision {
            extra.insert("revision".into(), r.as_str().into());
        }
        if let Some(b) = &self.based_on {
            extra.insert("basedOn".into(), b.as_str().into());
        }
        Head {
            extra,
            ..self.meta().head(Scope::full())
        }
    }

    pub fn meta(&self) -> ExportMeta {
        ExportMeta {
            app: self.app.clone(),
            plan: self.plan.clone(),
            exported_at: self.saved_at,
            exported_by: self.saved_by.clone(),
        }
    }

    pub fn item(&self, plan: &PlanId) -> Item {
        Item {
            key: Key::plan(plan),
            text: to_json(self),
        }
    }

    pub fn from_text(text: &str) -> Result<Self, serde_json::Error> {
        serde_json::from_str(text)
    }
}

fn to_json(value: &impl Serialize) -> String {
    serde_json::to_string(value).expect("string keys only")
}

/// The tracking as one item per record, custom task, custom unit and
/// removal, each the compact JSON the stored copy holds for it
/// (`exchange::stored::items`), a record's notes in an item of their own
/// (`exchange::stored::record_halves`). A removal's id is its key's text.
pub fn tracking_items(plan: &PlanId, tracking: &Tracking) -> Vec<Item> {
    let mut items = Vec::new();
    for (key, text) in stored::items(tracking) {
        match &key {
            StoredKey::Record(id) => items.extend(record_items(plan, id, &tracking.records[id])),
            _ => items.push(Item {
                key: key_of(plan, &key),
                text,
            }),
        }
    }
    items
}

/// A record's items: its fields, and its notes when it has any.
pub fn record_items(plan: &PlanId, id: &str, record: &TaskRecord) -> Vec<Item> {
    let (fields, notes) = stored::record_halves(record);
    let mut items = vec![Item {
        key: Key::item(Store::Records, plan, id),
        text: fields,
    }];
    items.extend(notes.map(|text| Item {
        key: Key::item(Store::Notes, plan, id),
        text,
    }));
    items
}

/// Where the database keeps an item of the stored copy.
pub fn key_of(plan: &PlanId, key: &StoredKey) -> Key {
    match key {
        StoredKey::Record(id) => Key::item(Store::Records, plan, id),
        StoredKey::CustomTask(id) => Key::item(Store::CustomTasks, plan, id),
        StoredKey::CustomUnit(id) => Key::item(Store::CustomUnits, plan, id.as_str()),
        removal @ StoredKey::Removal(_) => Key::item(Store::Removals, plan, removal.text()),
    }
}

/// The item of the stored copy a database key holds (a record's notes are
/// part of the record); `None` for a key of another store or one this
/// version does not write.
pub fn stored_key(key: &Key) -> Option<StoredKey> {
    Some(match key.store {
        Store::Records | Store::Notes => StoredKey::Record(key.id.clone()),
        Store::CustomTasks => StoredKey::CustomTask(key.id.clone()),
        Store::CustomUnits => StoredKey::CustomUnit(UnitId::new(&key.id)),
        Store::Removals => StoredKey::from_text(&key.id)?,
        _ => return None,
    })
}

/// The stored copy's text (what local storage holds) from a plan's head and
/// tracking items read back, for `exchange::restore` with `Source::Storage`:
/// the exchange's own join. The records' notes are not in it (they are read
/// on their own, [`notes_text`]); items of other stores are ignored.
pub fn stored_text(head: &PlanHead, items: &[Item]) -> String {
    payload_text(head, items, Store::Records)
}

/// A stored copy holding the records' notes of `items` (store
/// [`Store::Notes`]), with the user tasks, units and removals among `items`
/// that the notes may name: read through `exchange::restore`, it gives the
/// notes to put into the records read from [`stored_text`]. (Read a part at
/// a time after those, the notes need none: the reader knows them.)
pub fn notes_text(head: &PlanHead, items: &[Item]) -> String {
    payload_text(head, items, Store::Notes)
}

/// The exchange's join of `items`, the records taken from `records` (the
/// records' fields or their notes).
fn payload_text(head: &PlanHead, items: &[Item], records: Store) -> String {
    let mut members: Vec<Member> = items
        .iter()
        .filter_map(|i| {
            Some(match i.key.store {
                Store::CustomTasks => Member::CustomTask(&i.text),
                Store::CustomUnits => Member::CustomUnit(&i.text),
                Store::Removals => Member::Removal(&i.text),
                store if store == records => Member::Record(&i.key.id, &i.text),
                _ => return None,
            })
        })
        .collect();
    // Stable: each store's items stay in key order.
    members.sort_by_key(member_order);
    join(head, members, items)
}

/// Where a member goes in the payload: the order `join_payload` takes.
fn member_order(m: &Member) -> u8 {
    match m {
        Member::CustomTask(_) => 0,
        Member::CustomUnit(_) => 1,
        Member::Record(..) => 2,
        Member::Removal(_) => 3,
    }
}

fn join(head: &PlanHead, members: Vec<Member>, items: &[Item]) -> String {
    let capacity = items
        .iter()
        .map(|i| i.text.len() + i.key.id.len() + 4)
        .sum();
    write_stored(&join_payload(members, capacity), &head.envelope_head())
}

/// Puts the notes read from [`notes_text`] into the records of `tracking`.
pub fn put_notes(tracking: &mut Tracking, notes: Tracking) {
    for (id, record) in notes.records {
        tracking.records.entry(id).or_default().updates = record.updates;
    }
}

/// The tracking of items read back, the notes put into their records:
/// both halves through `read` (the usual restore path).
pub fn read_back<E>(
    head: &PlanHead,
    items: &[Item],
    read: &dyn Fn(&str) -> Result<Tracking, E>,
) -> Result<Tracking, E> {
    let mut tracking = read(&stored_text(head, items))?;
    if items.iter().any(|i| i.key.store == Store::Notes) {
        put_notes(&mut tracking, read(&notes_text(head, items))?);
    }
    Ok(tracking)
}

/// Receipts as one item per unit: importing a unit's report rewrites only
/// that unit's record. Each text is a [`Receipts`] of that unit alone.
pub fn receipt_items(plan: &PlanId, receipts: &Receipts) -> Vec<Item> {
    let mut by_unit: BTreeMap<&UnitId, Receipts> = BTreeMap::new();
    for ((unit, period), receipt) in &receipts.received {
        by_unit
            .entry(unit)
            .or_default()
            .record(unit.clone(), *period, receipt.clone());
    }
    by_unit
        .into_iter()
        .map(|(unit, own)| Item {
            key: Key::item(Store::Receipts, plan, unit.as_str()),
            text: to_json(&own),
        })
        .collect()
}

/// The receipts back from their items; the first unreadable one is named.
pub fn receipts_from_items(items: &[Item]) -> Result<Receipts, (Key, serde_json::Error)> {
    let mut all = Receipts::default();
    for item in items {
        let own: Receipts = serde_json::from_str(&item.text).map_err(|e| (item.key.clone(), e))?;
        all.received.extend(own.received);
    }
    Ok(all)
}

/// A plan file the app keeps (store [`Store::PlanDocuments`]): its title
/// for lists, and its text byte for byte.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanDocument {
    pub title: String,
    pub text: String,
}

impl PlanDocument {
    pub fn item(&self, plan: &PlanId) -> Item {
        Item {
            key: Key::plan_document(plan),
            text: to_json(self),
        }
    }

    pub fn from_text(text: &str) -> Result<Self, serde_json::Error> {
        serde_json::from_str(text)
    }
}
