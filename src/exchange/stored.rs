//! The copy of the whole tracking a browser keeps, as a set of independent
//! items with stable keys: each task record, user task, user unit and
//! removal record, written on its own exactly as the payload writes it
//! (`shape`). Local storage keeps them joined into one compact file of
//! scope "full" without a checksum; a store of records (IndexedDB) can keep
//! each item under [`StoredKey::text`] and write only the keys a save
//! [`Changes`]. Never touches a storage medium itself.

use std::collections::BTreeMap;

use crate::model::tracking::{CustomTask, ItemKey, Stamp, TaskRecord, Tracking};
use crate::model::unit::{Unit, UnitId};

use super::envelope::Head;
use super::shape::{
    field_from_name, field_name, to_text, RecordFieldsOut, RecordNotesOut, RecordOut, RemovalOut,
    TaskOut, UnitOut,
};
use super::write::write_around;

/// What one stored item is: its key, stable across saves and versions.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum StoredKey {
    Record(String),
    CustomTask(String),
    CustomUnit(UnitId),
    Removal(ItemKey),
}

impl StoredKey {
    /// The key as text, unambiguous whatever the ids hold: a JSON array
    /// such as `["record","pl-1"]` or `["removal","update","pl-1","so-khdt-1"]`.
    pub fn text(&self) -> String {
        let parts: Vec<&str> = match self {
            StoredKey::Record(task) => vec!["record", task],
            StoredKey::CustomTask(id) => vec!["customTask", id],
            StoredKey::CustomUnit(id) => vec!["customUnit", id.as_str()],
            StoredKey::Removal(key) => match key {
                ItemKey::Field { task, field } => {
                    vec!["removal", "field", task, field_name(*field)]
                }
                ItemKey::Update { task, id } => vec!["removal", "update", task, id],
                ItemKey::CustomTask(id) => vec!["removal", "customTask", id],
                ItemKey::CustomUnit(id) => vec!["removal", "customUnit", id.as_str()],
            },
        };
        to_text(&parts)
    }

    /// The key back from [`StoredKey::text`]; `None` for any other text.
    pub fn from_text(text: &str) -> Option<Self> {
        let parts: Vec<String> = serde_json::from_str(text).ok()?;
        let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
        Some(match parts.as_slice() {
            ["record", task] => StoredKey::Record((*task).into()),
            ["customTask", id] => StoredKey::CustomTask((*id).into()),
            ["customUnit", id] => StoredKey::CustomUnit(UnitId::new(*id)),
            ["removal", "field", task, field] => StoredKey::Removal(ItemKey::Field {
                task: (*task).into(),
                field: field_from_name(field)?,
            }),
            ["removal", "update", task, id] => StoredKey::Removal(ItemKey::Update {
                task: (*task).into(),
                id: (*id).into(),
            }),
            ["removal", "customTask", id] => StoredKey::Removal(ItemKey::CustomTask((*id).into())),
            ["removal", "customUnit", id] => {
                StoredKey::Removal(ItemKey::CustomUnit(UnitId::new(*id)))
            }
            _ => return None,
        })
    }
}

/// Which stored items a change wrote again and which it dropped.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Changes {
    pub written: Vec<StoredKey>,
    pub removed: Vec<StoredKey>,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.written.is_empty() && self.removed.is_empty()
    }
}

/// Every item of `tracking` with its key and text.
pub fn items(tracking: &Tracking) -> impl Iterator<Item = (StoredKey, String)> + '_ {
    let records = tracking
        .records
        .iter()
        .map(|(id, r)| (StoredKey::Record(id.clone()), to_text(&RecordOut(r))));
    let tasks = tracking
        .custom_tasks
        .iter()
        .map(|(id, t)| (StoredKey::CustomTask(id.clone()), to_text(&TaskOut(t))));
    let units = tracking.custom_units.iter().map(|(id, u)| {
        (
            StoredKey::CustomUnit(id.clone()),
            to_text(&UnitOut::from(u)),
        )
    });
    let removals = tracking
        .removals
        .iter()
        .map(|(k, r)| (StoredKey::Removal(k.clone()), to_text(&RemovalOut(k, r))));
    records.chain(tasks).chain(units).chain(removals)
}

/// The text of one item of `tracking`, `None` when it holds none there.
pub fn item(tracking: &Tracking, key: &StoredKey) -> Option<String> {
    match key {
        StoredKey::Record(id) => tracking.records.get(id).map(|r| to_text(&RecordOut(r))),
        StoredKey::CustomTask(id) => tracking.custom_tasks.get(id).map(|t| to_text(&TaskOut(t))),
        StoredKey::CustomUnit(id) => tracking
            .custom_units
            .get(id)
            .map(|u| to_text(&UnitOut::from(u))),
        StoredKey::Removal(k) => tracking.removals.get(k).map(|r| to_text(&RemovalOut(k, r))),
    }
}

/// A task record's text in two halves, for a store that keeps a record's
/// notes apart from its fields (they are most of its bytes, and the first
/// screen needs none of them): the record without its notes, and its notes
/// alone as a record (`{"updates":[…]}`), `None` when it has none. Read as
/// two records of the same task, they give the record back.
pub fn record_halves(r: &TaskRecord) -> (String, Option<String>) {
    let notes = (!r.updates.is_empty()).then(|| to_text(&RecordNotesOut(r)));
    (to_text(&RecordFieldsOut(r)), notes)
}

/// The keys whose items differ between `before` and `after`.
pub fn changed_keys(before: &Tracking, after: &Tracking) -> Changes {
    fn diff<K: Ord + Clone, V: PartialEq>(
        before: &BTreeMap<K, V>,
        after: &BTreeMap<K, V>,
        key: impl Fn(K) -> StoredKey,
        out: &mut Changes,
    ) {
        for (k, v) in after {
            if before.get(k) != Some(v) {
                out.written.push(key(k.clone()));
            }
        }
        for k in before.keys().filter(|k| !after.contains_key(*k)) {
            out.removed.push(key(k.clone()));
        }
    }
    let mut out = Changes::default();
    diff(&before.records, &after.records, StoredKey::Record, &mut out);
    diff(
        &before.custom_tasks,
        &after.custom_tasks,
        StoredKey::CustomTask,
        &mut out,
    );
    diff(
        &before.custom_units,
        &after.custom_units,
        StoredKey::CustomUnit,
        &mut out,
    );
    diff(
        &before.removals,
        &after.removals,
        StoredKey::Removal,
        &mut out,
    );
    out
}

/// The stored payload as one compact text per item, each with the value it
/// was written from: a save writes again only what changed since the last
/// one, and tells an unchanged state (an undo, another tab's data) without
/// writing anything. Its text is the payload as `write_compact` writes it.
#[derive(Debug, Default)]
pub struct StoredPayload {
    records: Fragments<String, TaskRecord>,
    custom_tasks: Fragments<String, CustomTask>,
    custom_units: Fragments<UnitId, Unit>,
    removals: Fragments<ItemKey, Stamp>,
}

/// A record with its key, as the payload's `records` member holds it:
/// `"pl-1":{…}`.
fn record_text(id: &String, r: &TaskRecord) -> String {
    let mut text = to_text(id);
    text.push(':');
    text.push_str(&to_text(&RecordOut(r)));
    text
}

fn task_text(_: &String, t: &CustomTask) -> String {
    to_text(&TaskOut(t))
}

fn unit_text(_: &UnitId, u: &Unit) -> String {
    to_text(&UnitOut::from(u))
}

fn removal_text(k: &ItemKey, r: &Stamp) -> String {
    to_text(&RemovalOut(k, r))
}

impl StoredPayload {
    /// Brings the items up to `tracking`; says which changed.
    pub fn update(&mut self, tracking: &Tracking) -> Changes {
        let mut changes = Changes::default();
        self.records.update(
            &tracking.records,
            record_text,
            StoredKey::Record,
            &mut changes,
        );
        self.custom_tasks.update(
            &tracking.custom_tasks,
            task_text,
            StoredKey::CustomTask,
            &mut changes,
        );
        self.custom_units.update(
            &tracking.custom_units,
            unit_text,
            StoredKey::CustomUnit,
            &mut changes,
        );
        self.removals.update(
            &tracking.removals,
            removal_text,
            StoredKey::Removal,
            &mut changes,
        );
        changes
    }

    /// Whether these items are `tracking`'s, compared without writing.
    pub fn holds(&self, tracking: &Tracking) -> bool {
        fn same<K: Ord, V: PartialEq>(f: &Fragments<K, V>, items: &BTreeMap<K, V>) -> bool {
            f.0.len() == items.len()
                && f.0
                    .iter()
                    .zip(items)
                    .all(|((a, (v, _)), (b, w))| a == b && v == w)
        }
        same(&self.records, &tracking.records)
            && same(&self.custom_tasks, &tracking.custom_tasks)
            && same(&self.custom_units, &tracking.custom_units)
            && same(&self.removals, &tracking.removals)
    }

    /// The items with their keys and texts, for a store that keeps each
    /// item on its own.
    pub fn items(&self) -> impl Iterator<Item = (StoredKey, &str)> {
        fn of<'a, K: Clone, V>(
            f: &'a Fragments<K, V>,
            key: impl Fn(K) -> StoredKey + 'a,
        ) -> impl Iterator<Item = (StoredKey, &'a str)> {
            f.0.iter()
                .map(move |(k, (_, text))| (key(k.clone()), text.as_str()))
        }
        // A record's text starts with its key: `"pl-1":`.
        let records = self.records.0.iter().map(|(id, (_, text))| {
            (
                StoredKey::Record(id.clone()),
                &text[to_text(id).len() + 1..],
            )
        });
        records
            .chain(of(&self.custom_tasks, StoredKey::CustomTask))
            .chain(of(&self.custom_units, StoredKey::CustomUnit))
            .chain(of(&self.removals, StoredKey::Removal))
    }

    /// The payload's text, for [`write_stored`]: the same as the payload's
    /// writer gives, since every member and item comes in key order.
    pub fn text(&self) -> String {
        let capacity = self.records.bytes()
            + self.custom_tasks.bytes()
            + self.custom_units.bytes()
            + self.removals.bytes();
        let records = self.records.0.iter().map(|(id, (_, text))| {
            // A record's text starts with its key: `"pl-1":`.
            Member::Record(id, &text[to_text(id).len() + 1..])
        });
        join_payload(
            self.custom_tasks
                .0
                .values()
                .map(|(_, t)| Member::CustomTask(t))
                .chain(
                    self.custom_units
                        .0
                        .values()
                        .map(|(_, t)| Member::CustomUnit(t)),
                )
                .chain(records)
                .chain(self.removals.0.values().map(|(_, t)| Member::Removal(t))),
            capacity,
        )
    }
}

/// What the stored data was read from: its items are written from the
/// values themselves, without copying them.
impl From<Tracking> for StoredPayload {
    fn from(tracking: Tracking) -> Self {
        Self {
            records: Fragments::from_items(tracking.records, record_text),
            custom_tasks: Fragments::from_items(tracking.custom_tasks, task_text),
            custom_units: Fragments::from_items(tracking.custom_units, unit_text),
            removals: Fragments::from_items(tracking.removals, removal_text),
        }
    }
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

    /// Writes again the items that differ from `items` and drops those
    /// gone, noting each under `key`.
    fn update(
        &mut self,
        items: &BTreeMap<K, V>,
        write: impl Fn(&K, &V) -> String,
        key: impl Fn(K) -> StoredKey,
        changes: &mut Changes,
    ) {
        let gone: Vec<K> = self
            .0
            .keys()
            .filter(|k| !items.contains_key(*k))
            .cloned()
            .collect();
        for k in gone {
            self.0.remove(&k);
            changes.removed.push(key(k));
        }
        for (k, v) in items {
            match self.0.get_mut(k) {
                Some((old, _)) if old == v => {}
                Some(entry) => {
                    *entry = (v.clone(), write(k, v));
                    changes.written.push(key(k.clone()));
                }
                None => {
                    self.0.insert(k.clone(), (v.clone(), write(k, v)));
                    changes.written.push(key(k.clone()));
                }
            }
        }
    }

    /// The length of the items' texts with their separators.
    fn bytes(&self) -> usize {
        self.0.values().map(|(_, text)| text.len() + 1).sum()
    }
}

/// One item's text as the payload holds it, with the member it goes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Member<'a> {
    CustomTask(&'a str),
    CustomUnit(&'a str),
    /// A task record: its task id and its text.
    Record(&'a str, &'a str),
    Removal(&'a str),
}

impl Member<'_> {
    fn group(&self) -> usize {
        match self {
            Member::CustomTask(_) => 0,
            Member::CustomUnit(_) => 1,
            Member::Record(..) => 2,
            Member::Removal(_) => 3,
        }
    }
}

/// The payload's members, their brackets, in the order written.
const GROUPS: [(&str, char, char); 4] = [
    ("customTasks", '[', ']'),
    ("customUnits", '[', ']'),
    ("records", '{', '}'),
    ("removals", '[', ']'),
];

/// The payload's text from its items' texts, given in the payload's order
/// (user tasks, user units, records, removals; each in key order): the one
/// join of the stored copy, for [`StoredPayload::text`] and for a store
/// that keeps each item on its own and reads them back. `capacity`: the
/// items' length, to allocate once.
pub fn join_payload<'a>(members: impl IntoIterator<Item = Member<'a>>, capacity: usize) -> String {
    let mut out = String::with_capacity(capacity + 64);
    out.push('{');
    // The next group to open, and whether the open one has an item yet.
    let mut next = 0;
    let mut empty = true;
    let open_up_to = |out: &mut String, group: usize, next: &mut usize| {
        while *next <= group {
            if *next > 0 {
                out.push(GROUPS[*next - 1].2);
                out.push(',');
            }
            let (name, open, _) = GROUPS[*next];
            out.push('"');
            out.push_str(name);
            out.push_str("\":");
            out.push(open);
            *next += 1;
        }
    };
    for member in members {
        let group = member.group();
        assert!(group + 1 >= next, "items come in the payload's order");
        if group + 1 > next {
            open_up_to(&mut out, group, &mut next);
            empty = true;
        }
        if !empty {
            out.push(',');
        }
        empty = false;
        match member {
            Member::CustomTask(t) | Member::CustomUnit(t) | Member::Removal(t) => out.push_str(t),
            Member::Record(id, t) => {
                out.push_str(&to_text(&id));
                out.push(':');
                out.push_str(t);
            }
        }
    }
    open_up_to(&mut out, GROUPS.len() - 1, &mut next);
    out.push(GROUPS[GROUPS.len() - 1].2);
    out.push('}');
    out
}

/// The stored copy around `payload` (from [`StoredPayload::text`]). Without a
/// checksum: only this app writes and reads it, and the read-back after each
/// write already proves it intact; hashing the payload on every save made
/// saving several times slower. Reading it notes the missing checksum and
/// loads it all the same.
pub fn write_stored(payload: &str, head: &Head) -> String {
    write_around(head, payload, false)
}
