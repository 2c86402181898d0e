//! What the database holds of one plan, as far as this tab knows, and what
//! a save writes from it: the items that changed since (the exchange's own
//! items, `exchange::stored`), the receipts of the units whose receipts
//! changed, and the plan's head, as one [`Batch`]. A write that fails
//! leaves its keys to be written again by the next save (a transaction is
//! all or nothing); items a load could not read are deleted by the first
//! save, once the caller has kept them aside. Another tab's write is folded
//! in from the keys it names. Pure: `persistence` runs it against
//! `browser::idb`, and it never decides what to merge (`exchange::persist`
//! does).

use std::collections::{BTreeMap, BTreeSet};

use crate::exchange::stored::{changed_keys, item, record_halves, Changes, StoredKey};
use crate::exchange::ExportMeta;
use crate::model::receipts::Receipts;
use crate::model::tracking::{Extra, TaskRecord, Tracking};

use super::batch::{Batch, Change};
use super::items::{
    key_of, receipt_items, receipts_from_items, stored_key, tracking_items, Counts, Item, PlanHead,
};
use super::layout::{Key, PlanId, Store};

/// The stores holding a plan's data besides its head: what a save writes
/// and what replacing the plan whole clears.
pub const PLAN_STORES: [Store; 6] = [
    Store::Records,
    Store::Notes,
    Store::CustomTasks,
    Store::CustomUnits,
    Store::Removals,
    Store::Receipts,
];

/// What the database holds of one plan, as far as this tab knows.
#[derive(Debug)]
pub struct Held {
    plan: PlanId,
    /// The tracking it holds; `None` when that is not known (what was
    /// stored could not be read): the next save then replaces the plan's
    /// records whole.
    tracking: Option<Tracking>,
    /// Each unit's receipts, as the item's text.
    receipts: BTreeMap<Key, String>,
    /// Keys whose stored value may differ from what `tracking` says: items
    /// a load could not read, writes that failed. The next save writes
    /// them again, or deletes them.
    dirty: BTreeSet<Key>,
    /// The revision the database holds, and the one before it (given back
    /// when the write naming the new one fails).
    revision: Option<String>,
    previous: Option<String>,
    /// Members of the stored envelope this version does not know.
    extra: Extra,
}

impl Held {
    /// Nothing stored for `plan` yet.
    pub fn empty(plan: PlanId) -> Self {
        Self {
            plan,
            tracking: Some(Tracking::default()),
            receipts: BTreeMap::new(),
            dirty: BTreeSet::new(),
            revision: None,
            previous: None,
            extra: Extra::new(),
        }
    }

    /// The database holds what was just read from it: `tracking` and
    /// `receipts` read from the records at `stored` (every key read) under
    /// `head`. Keys read that the tracking does not give back (items that
    /// could not be read, which the caller keeps aside first) are deleted
    /// by the next save.
    pub fn read(
        plan: PlanId,
        tracking: Tracking,
        receipts: &Receipts,
        head: Option<&PlanHead>,
        stored: impl IntoIterator<Item = Key>,
    ) -> Self {
        let receipts = receipt_map(&plan, receipts);
        let mut known = tracking_keys(&plan, &tracking);
        known.extend(receipts.keys().cloned());
        let dirty = stored
            .into_iter()
            .filter(|k| PLAN_STORES.contains(&k.store) && !known.contains(k))
            .collect();
        Self {
            revision: head.and_then(|h| h.revision.clone()),
            extra: head.map(|h| h.extra.clone()).unwrap_or_default(),
            tracking: Some(tracking),
            receipts,
            dirty,
            previous: None,
            plan,
        }
    }

    /// What is stored for `plan` could not be read at all (the caller kept
    /// it aside): the next save replaces it whole.
    pub fn unreadable(plan: PlanId) -> Self {
        Self {
            tracking: None,
            ..Self::empty(plan)
        }
    }

    pub fn plan(&self) -> &PlanId {
        &self.plan
    }

    /// The revision the database holds, as far as this tab knows.
    pub fn revision(&self) -> Option<&str> {
        self.revision.as_deref()
    }

    /// The tracking the database holds, when known.
    pub fn tracking(&self) -> Option<&Tracking> {
        self.tracking.as_ref()
    }

    /// The receipts the database holds.
    pub fn receipts(&self) -> Receipts {
        let items: Vec<Item> = self
            .receipts
            .iter()
            .map(|(key, text)| Item {
                key: key.clone(),
                text: text.clone(),
            })
            .collect();
        // Only texts this tab wrote or read back as readable are held.
        receipts_from_items(&items).unwrap_or_default()
    }

    /// Whether the database holds `tracking` and `receipts`: nothing of
    /// this tab is unsaved.
    pub fn holds(&self, tracking: &Tracking, receipts: &Receipts) -> bool {
        self.dirty.is_empty()
            && self.tracking.as_ref() == Some(tracking)
            && self.receipts == receipt_map(&self.plan, receipts)
    }

    /// What to write for `tracking` and `receipts`, under a head made from
    /// `meta` naming the new `revision`; `None` when the database holds
    /// them already. The write counts as done unless [`Held::failed`] says
    /// otherwise.
    pub fn save(
        &mut self,
        tracking: &Tracking,
        receipts: &Receipts,
        meta: &ExportMeta,
        revision: String,
    ) -> Option<Batch> {
        let plan = self.plan.clone();
        let mut changes = Vec::new();
        let mut clears = Vec::new();
        let dirty = std::mem::take(&mut self.dirty);
        match &mut self.tracking {
            Some(held) => {
                let Changes { written, removed } = changed_keys(held, tracking);
                let again = dirty.iter().filter_map(stored_key);
                let keys: BTreeSet<StoredKey> =
                    written.into_iter().chain(removed).chain(again).collect();
                for key in &keys {
                    if let StoredKey::Record(id) = key {
                        let forced = [Store::Records, Store::Notes]
                            .iter()
                            .any(|s| dirty.contains(&Key::item(*s, &plan, id)));
                        let was = if forced { None } else { held.records.get(id) };
                        record_changes(&plan, id, was, tracking.records.get(id), &mut changes);
                        continue;
                    }
                    changes.push(match item(tracking, key) {
                        Some(text) => Change::Put(Item {
                            key: key_of(&plan, key),
                            text,
                        }),
                        None => Change::Delete(key_of(&plan, key)),
                    });
                }
                copy_items(tracking, held, &keys);
            }
            None => {
                clears = PLAN_STORES.iter().map(|s| (*s, plan.clone())).collect();
                changes.extend(tracking_items(&plan, tracking).into_iter().map(Change::Put));
                self.tracking = Some(tracking.clone());
                self.receipts.clear();
            }
        }
        let receipts = receipt_map(&plan, receipts);
        for (key, text) in &receipts {
            if self.receipts.get(key) != Some(text) || dirty.contains(key) {
                changes.push(Change::Put(Item {
                    key: key.clone(),
                    text: text.clone(),
                }));
            }
        }
        let gone = self.receipts.keys().chain(dirty.iter());
        let gone: Vec<Key> = gone
            .filter(|k| k.store == Store::Receipts && !receipts.contains_key(*k))
            .cloned()
            .collect();
        changes.extend(gone.into_iter().map(Change::Delete));
        self.receipts = receipts;
        if changes.is_empty() && clears.is_empty() {
            return None;
        }
        let head = PlanHead {
            revision: Some(revision.clone()),
            based_on: self.revision.clone(),
            extra: self.extra.clone(),
            ..PlanHead::new(meta, Counts::of_tracking(tracking))
        };
        changes.push(Change::Put(head.item(&plan)));
        self.previous = self.revision.replace(revision);
        Some(Batch {
            clears,
            ..Batch::of(changes)
        })
    }

    /// The write of `batch` failed: nothing of it was written, so what it
    /// would have written is written again by the next save.
    pub fn failed(&mut self, batch: &Batch) {
        if !batch.clears.is_empty() {
            self.tracking = None;
            self.receipts.clear();
        }
        let head = Key::plan(&self.plan);
        let keys = batch.puts.iter().map(|i| &i.key).chain(&batch.deletes);
        self.dirty.extend(keys.filter(|k| **k != head).cloned());
        self.revision = self.previous.take();
    }

    /// Another tab wrote: `written` holds the items it named that hold
    /// something now (read back into a tracking), `deleted` those that hold
    /// nothing, `receipts` the receipt items it named, and `head` the
    /// plan's head it wrote. After this, [`Held::tracking`] is what the
    /// database holds, for `exchange::persist::take_in_on_top`.
    pub fn seen(
        &mut self,
        written: &Tracking,
        deleted: &[StoredKey],
        receipts: &[(Key, Option<String>)],
        head: Option<&PlanHead>,
    ) {
        if let Some(held) = &mut self.tracking {
            let keys: BTreeSet<StoredKey> = written_keys(written)
                .chain(deleted.iter().cloned())
                .collect();
            copy_items(written, held, &keys);
        }
        for (key, text) in receipts {
            match text {
                Some(text) => self.receipts.insert(key.clone(), text.clone()),
                None => self.receipts.remove(key),
            };
        }
        if let Some(head) = head {
            self.previous = None;
            self.revision = head.revision.clone();
        }
    }
}

/// Each unit's receipts item, by key.
fn receipt_map(plan: &PlanId, receipts: &Receipts) -> BTreeMap<Key, String> {
    receipt_items(plan, receipts)
        .into_iter()
        .map(|i| (i.key, i.text))
        .collect()
}

/// The keys of a tracking's items, without writing their texts.
fn tracking_keys(plan: &PlanId, tracking: &Tracking) -> BTreeSet<Key> {
    let notes = tracking
        .records
        .iter()
        .filter(|(_, r)| !r.updates.is_empty())
        .map(|(id, _)| Key::item(Store::Notes, plan, id));
    written_keys(tracking)
        .map(|k| key_of(plan, &k))
        .chain(notes)
        .collect()
}

/// What a record's two items need, from what the database holds of it
/// (`was`; `None` when unknown) to `now`: each half written only when it
/// differs, the notes deleted when the record has none left.
fn record_changes(
    plan: &PlanId,
    id: &str,
    was: Option<&TaskRecord>,
    now: Option<&TaskRecord>,
    changes: &mut Vec<Change>,
) {
    let records = Key::item(Store::Records, plan, id);
    let notes = Key::item(Store::Notes, plan, id);
    let Some(now) = now else {
        changes.push(Change::Delete(records));
        changes.push(Change::Delete(notes));
        return;
    };
    let (fields, now_notes) = record_halves(now);
    let (was_fields, was_notes) = match was {
        Some(was) => {
            let (f, n) = record_halves(was);
            (Some(f), n)
        }
        None => (None, None),
    };
    if was_fields.as_ref() != Some(&fields) {
        changes.push(Change::Put(Item {
            key: records,
            text: fields,
        }));
    }
    match now_notes {
        Some(text) if was.is_none() || was_notes.as_ref() != Some(&text) => {
            changes.push(Change::Put(Item { key: notes, text }))
        }
        Some(_) => {}
        None if was.is_none() || was_notes.is_some() => changes.push(Change::Delete(notes)),
        None => {}
    }
}

/// The item keys a tracking holds.
fn written_keys(tracking: &Tracking) -> impl Iterator<Item = StoredKey> + '_ {
    let records = tracking.records.keys().cloned().map(StoredKey::Record);
    let tasks = tracking
        .custom_tasks
        .keys()
        .cloned()
        .map(StoredKey::CustomTask);
    let units = tracking
        .custom_units
        .keys()
        .cloned()
        .map(StoredKey::CustomUnit);
    let removals = tracking.removals.keys().cloned().map(StoredKey::Removal);
    records.chain(tasks).chain(units).chain(removals)
}

/// Makes `to` hold what `from` holds at `keys`: each item copied, or
/// removed where `from` has none.
fn copy_items(from: &Tracking, to: &mut Tracking, keys: &BTreeSet<StoredKey>) {
    fn copy<K: Ord + Clone, V: Clone>(from: &BTreeMap<K, V>, to: &mut BTreeMap<K, V>, key: &K) {
        match from.get(key) {
            Some(v) => to.insert(key.clone(), v.clone()),
            None => to.remove(key),
        };
    }
    for key in keys {
        match key {
            StoredKey::Record(id) => copy(&from.records, &mut to.records, id),
            StoredKey::CustomTask(id) => copy(&from.custom_tasks, &mut to.custom_tasks, id),
            StoredKey::CustomUnit(id) => copy(&from.custom_units, &mut to.custom_units, id),
            StoredKey::Removal(k) => copy(&from.removals, &mut to.removals, k),
        }
    }
}
