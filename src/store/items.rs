//! What the records hold: a plan's tracking split into one JSON text per
//! record, custom task and custom unit (the texts the stored copy is joined
//! from), the plan's head record, receipts per unit, and the way back to the
//! stored copy's text so that reading goes through `exchange::restore` like
//! every other source.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use crate::exchange::stored::{self, StoredKey};
use crate::exchange::{write_stored, AppInfo, ExportMeta, PlanRef, Scope};
use crate::model::receipts::Receipts;
use crate::model::tracking::Tracking;
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
/// (`exchange::stored::items`). A removal's id is its key's text.
pub fn tracking_items(plan: &PlanId, tracking: &Tracking) -> Vec<Item> {
    stored::items(tracking)
        .map(|(key, text)| {
            let key = match key {
                StoredKey::Record(id) => Key::item(Store::Records, plan, &id),
                StoredKey::CustomTask(id) => Key::item(Store::CustomTasks, plan, &id),
                StoredKey::CustomUnit(id) => Key::item(Store::CustomUnits, plan, id.as_str()),
                removal @ StoredKey::Removal(_) => Key::item(Store::Removals, plan, removal.text()),
            };
            Item { key, text }
        })
        .collect()
}

/// The stored copy's text (what local storage holds today) from a plan's
/// head and tracking items read back, for `exchange::restore` with
/// `Source::Storage`. Members in the order the payload writes them; items
/// of other stores are ignored.
pub fn stored_text(head: &PlanHead, items: &[Item]) -> String {
    let of = |store: Store| items.iter().filter(move |i| i.key.store == store);
    let mut payload =
        String::with_capacity(items.iter().map(|i| i.text.len() + 24).sum::<usize>() + 64);
    payload.push_str("{\"customTasks\":[");
    join(&mut payload, of(Store::CustomTasks));
    payload.push_str("],\"customUnits\":[");
    join(&mut payload, of(Store::CustomUnits));
    payload.push_str("],\"records\":{");
    for (n, item) in of(Store::Records).enumerate() {
        if n > 0 {
            payload.push(',');
        }
        payload.push_str(&to_json(&item.key.id));
        payload.push(':');
        payload.push_str(&item.text);
    }
    payload.push_str("},\"removals\":[");
    join(&mut payload, of(Store::Removals));
    payload.push_str("]}");
    write_stored(&payload, &head.meta().head(Scope::full()))
}

fn join<'a>(out: &mut String, items: impl Iterator<Item = &'a Item>) {
    for (n, item) in items.enumerate() {
        if n > 0 {
            out.push(',');
        }
        out.push_str(&item.text);
    }
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
