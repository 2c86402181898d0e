//! Merging tracking from several files into the local one, in two steps: a
//! plan to show (what each file adds and changes, where edits disagree),
//! then applying it with the user's choices.
//!
//! Every stamped field, dated update, custom task and custom unit is an item
//! with a key. The default resolution of a key is the maximum of its versions
//! under one total order — the later `at`, then the unit (`by`), then the
//! value's JSON text, then `base` — so merging is a join: commutative,
//! associative and idempotent, and importing files in any order or twice
//! gives the same result. Nothing is ever lost: items are unioned by key, and
//! every value in the result is one of the sides' values.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::tracking::{
    CustomTask, DocumentRef, Millis, Stamped, Status, TaskRecord, Tracking, Update,
};
use crate::model::unit::{Unit, UnitId};

/// Names a file in the plan: its file name or the unit that sent it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileLabel(pub String);

/// The stamped fields of a task record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TrackedField {
    Status,
    Progress,
    Reason,
    CompletedOn,
    Document,
    LeadUnit,
    Coordinating,
    Due,
}

impl TrackedField {
    pub const ALL: [TrackedField; 8] = [
        TrackedField::Status,
        TrackedField::Progress,
        TrackedField::Reason,
        TrackedField::CompletedOn,
        TrackedField::Document,
        TrackedField::LeadUnit,
        TrackedField::Coordinating,
        TrackedField::Due,
    ];

    fn get(self, r: &TaskRecord) -> Option<Entry> {
        fn entry<T>(s: &Option<Stamped<T>>, f: impl Fn(&T) -> FieldValue) -> Option<Entry> {
            s.as_ref().map(|s| Entry {
                version: Version {
                    value: MergeValue::Field(f(&s.value)),
                    by: Some(s.by.clone()),
                    at: Some(s.at),
                },
                base: s.base,
            })
        }
        match self {
            TrackedField::Status => entry(&r.status, |v| FieldValue::Status(*v)),
            TrackedField::Progress => entry(&r.progress, |v| FieldValue::Progress(*v)),
            TrackedField::Reason => entry(&r.reason, |v| FieldValue::Text(v.clone())),
            TrackedField::CompletedOn => entry(&r.completed_on, |v| FieldValue::Date(*v)),
            TrackedField::Document => entry(&r.document, |v| FieldValue::Document(v.clone())),
            TrackedField::LeadUnit => entry(&r.lead_unit, |v| FieldValue::Unit(v.clone())),
            TrackedField::Coordinating => entry(&r.coordinating, |v| FieldValue::Units(v.clone())),
            TrackedField::Due => entry(&r.due, |v| FieldValue::Date(*v)),
        }
    }

    fn copy(self, from: &TaskRecord, to: &mut TaskRecord) {
        match self {
            TrackedField::Status => to.status.clone_from(&from.status),
            TrackedField::Progress => to.progress.clone_from(&from.progress),
            TrackedField::Reason => to.reason.clone_from(&from.reason),
            TrackedField::CompletedOn => to.completed_on.clone_from(&from.completed_on),
            TrackedField::Document => to.document.clone_from(&from.document),
            TrackedField::LeadUnit => to.lead_unit.clone_from(&from.lead_unit),
            TrackedField::Coordinating => to.coordinating.clone_from(&from.coordinating),
            TrackedField::Due => to.due.clone_from(&from.due),
        }
    }
}

/// A field's value, for showing both sides.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum FieldValue {
    Status(Status),
    Progress(u8),
    Text(String),
    Date(Option<NaiveDate>),
    Document(Option<DocumentRef>),
    Unit(Option<UnitId>),
    Units(Vec<UnitId>),
}

/// What is merged, one key at a time.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MergeKey {
    Field { task: String, field: TrackedField },
    Update { task: String, id: String },
    CustomTask(String),
    CustomUnit(UnitId),
}

/// An item's content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum MergeValue {
    Field(FieldValue),
    Update(Update),
    CustomTask(CustomTask),
    CustomUnit(Unit),
}

/// One side's version of an item: the value, who set it and when (custom
/// units carry neither).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    pub value: MergeValue,
    pub by: Option<UnitId>,
    pub at: Option<Millis>,
}

/// A version with the `at` it replaced (`Millis::MIN` for unstamped items).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    version: Version,
    base: Millis,
}

impl Entry {
    /// The total order of the default resolution.
    fn beats(&self, other: &Entry) -> bool {
        let (a, b) = (&self.version, &other.version);
        let json = |v: &Version| serde_json::to_string(&v.value).unwrap_or_default();
        (a.at, &a.by)
            .cmp(&(b.at, &b.by))
            .then_with(|| json(a).cmp(&json(b)))
            .then(self.base.cmp(&other.base))
            .is_gt()
    }
    /// This edit was made on top of `other` (or of something newer).
    fn supersedes(&self, other: &Entry) -> bool {
        other.version.at.is_some_and(|at| self.base >= at)
    }
}

fn entries(t: &Tracking) -> BTreeMap<MergeKey, Entry> {
    let mut out = BTreeMap::new();
    for (task, r) in &t.records {
        for field in TrackedField::ALL {
            if let Some(e) = field.get(r) {
                out.insert(
                    MergeKey::Field {
                        task: task.clone(),
                        field,
                    },
                    e,
                );
            }
        }
        for (id, u) in &r.updates {
            let version = Version {
                value: MergeValue::Update(u.clone()),
                by: Some(u.unit.clone()),
                at: Some(u.at),
            };
            out.insert(
                MergeKey::Update {
                    task: task.clone(),
                    id: id.clone(),
                },
                Entry {
                    version,
                    base: Millis::MIN,
                },
            );
        }
    }
    for (id, c) in &t.custom_tasks {
        let version = Version {
            value: MergeValue::CustomTask(c.clone()),
            by: Some(c.created_by.clone()),
            at: Some(c.created_at),
        };
        out.insert(
            MergeKey::CustomTask(id.clone()),
            Entry {
                version,
                base: Millis::MIN,
            },
        );
    }
    for (id, u) in &t.custom_units {
        let version = Version {
            value: MergeValue::CustomUnit(u.clone()),
            by: None,
            at: None,
        };
        out.insert(
            MergeKey::CustomUnit(id.clone()),
            Entry {
                version,
                base: Millis::MIN,
            },
        );
    }
    out
}

/// Puts `from`'s version of `key` into `to`. A field absent from `from` is
/// cleared; updates and custom items are never removed.
fn copy_key(key: &MergeKey, from: &Tracking, to: &mut Tracking) {
    match key {
        MergeKey::Field { task, field } => {
            let source = from.records.get(task).cloned().unwrap_or_default();
            field.copy(&source, to.records.entry(task.clone()).or_default());
        }
        MergeKey::Update { task, id } => {
            if let Some(u) = from.records.get(task).and_then(|r| r.updates.get(id)) {
                to.records
                    .entry(task.clone())
                    .or_default()
                    .updates
                    .insert(id.clone(), u.clone());
            }
        }
        MergeKey::CustomTask(id) => {
            if let Some(c) = from.custom_tasks.get(id) {
                to.custom_tasks.insert(id.clone(), c.clone());
            }
        }
        MergeKey::CustomUnit(id) => {
            if let Some(u) = from.custom_units.get(id) {
                to.custom_units.insert(id.clone(), u.clone());
            }
        }
    }
}

/// `acc := acc ⊔ other`, key by key.
fn join_into(acc: &mut Tracking, other: &Tracking) {
    let mine = entries(acc);
    for id in other.records.keys() {
        acc.records.entry(id.clone()).or_default();
    }
    for (key, theirs) in entries(other) {
        if mine.get(&key).is_none_or(|m| theirs.beats(m)) {
            copy_key(&key, other, acc);
        }
    }
}

/// What a field change would do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub key: MergeKey,
    /// `None`: as in the plan.
    pub local: Option<Version>,
    pub incoming: Version,
    /// Both sides changed it since they last agreed: see `MergePlan::conflicts`.
    pub conflict: bool,
}

/// What one file brings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilePlan {
    pub label: FileLabel,
    /// Custom tasks the local data does not have.
    pub added_tasks: Vec<String>,
    pub added_units: Vec<UnitId>,
    /// `(task, update id)`.
    pub added_updates: Vec<(String, String)>,
    /// Fields the file sets or changes, and items that differ from the local ones.
    pub changes: Vec<Change>,
    /// Items of the file that change nothing (same value, or local is newer).
    pub unchanged: usize,
}

/// Which side a conflict keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Side {
    /// The local version.
    Mine,
    /// The incoming files' version (their default resolution when several).
    Theirs,
}

/// A key edited on two sides since they last agreed, with different values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub key: MergeKey,
    pub local: Option<Version>,
    pub incoming: Vec<(FileLabel, Version)>,
    /// What applying without a choice keeps: the later edit.
    pub default: Side,
}

/// The user's picks; keys not in it take their default.
pub type Choices = BTreeMap<MergeKey, Side>;

/// The merge to show before applying.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergePlan {
    pub files: Vec<FilePlan>,
    pub conflicts: Vec<Conflict>,
    /// The join of all incoming files.
    theirs: Tracking,
}

/// Compares each incoming file with the local tracking.
pub fn plan_merge(local: &Tracking, incoming: &[(FileLabel, Tracking)]) -> MergePlan {
    let mut theirs = Tracking::default();
    for (_, t) in incoming {
        join_into(&mut theirs, t);
    }
    let mine = entries(local);
    let files: Vec<_> = incoming.iter().map(|(_, t)| entries(t)).collect();
    let keys: BTreeSet<&MergeKey> = files.iter().flat_map(BTreeMap::keys).collect();

    // The versions no other version was edited on top of; two different
    // values among them make a conflict.
    let mut conflicted: BTreeMap<&MergeKey, Vec<Option<usize>>> = BTreeMap::new();
    let mut conflicts = Vec::new();
    for key in keys {
        let candidates: Vec<(Option<usize>, &Entry)> = mine
            .get(key)
            .map(|e| (None, e))
            .into_iter()
            .chain(
                files
                    .iter()
                    .enumerate()
                    .filter_map(|(i, f)| f.get(key).map(|e| (Some(i), e))),
            )
            .collect();
        let heads: Vec<_> = candidates
            .iter()
            .filter(|(_, c)| !candidates.iter().any(|(_, d)| d.supersedes(c)))
            .collect();
        let differ = heads
            .iter()
            .any(|(_, h)| h.version.value != heads[0].1.version.value);
        if !differ {
            continue;
        }
        conflicted.insert(key, heads.iter().map(|(side, _)| *side).collect());
        let winner = candidates
            .iter()
            .map(|(_, e)| *e)
            .reduce(|a, b| if b.beats(a) { b } else { a });
        let local = mine.get(key);
        let keeps_mine = local
            .zip(winner)
            .is_some_and(|(l, w)| l.version.value == w.version.value);
        conflicts.push(Conflict {
            key: key.clone(),
            local: local.map(|e| e.version.clone()),
            incoming: candidates
                .iter()
                .filter_map(|(i, e)| i.map(|i| (incoming[i].0.clone(), e.version.clone())))
                .collect(),
            default: if keeps_mine { Side::Mine } else { Side::Theirs },
        });
    }

    let files = files
        .iter()
        .enumerate()
        .map(|(i, file)| {
            let mut plan = FilePlan {
                label: incoming[i].0.clone(),
                added_tasks: Vec::new(),
                added_units: Vec::new(),
                added_updates: Vec::new(),
                changes: Vec::new(),
                unchanged: 0,
            };
            for (key, e) in file {
                let local = mine.get(key);
                let conflict = conflicted
                    .get(key)
                    .is_some_and(|heads| heads.contains(&Some(i)));
                match (key, local) {
                    (MergeKey::CustomTask(id), None) => plan.added_tasks.push(id.clone()),
                    (MergeKey::CustomUnit(id), None) => plan.added_units.push(id.clone()),
                    (MergeKey::Update { task, id }, None) => {
                        plan.added_updates.push((task.clone(), id.clone()))
                    }
                    (_, Some(l)) if l.version.value == e.version.value => plan.unchanged += 1,
                    (_, Some(l)) if !conflict && !e.beats(l) => plan.unchanged += 1,
                    _ => plan.changes.push(Change {
                        key: key.clone(),
                        local: local.map(|l| l.version.clone()),
                        incoming: e.version.clone(),
                        conflict,
                    }),
                }
            }
            plan
        })
        .collect();
    MergePlan {
        files,
        conflicts,
        theirs,
    }
}

/// Applies a plan to `local` (the tracking it was planned against): every
/// key takes its default resolution unless `choices` picks a side for one of
/// the plan's conflicts.
pub fn apply_merge(local: &Tracking, plan: &MergePlan, choices: &Choices) -> Tracking {
    let mut out = local.clone();
    join_into(&mut out, &plan.theirs);
    for conflict in &plan.conflicts {
        match choices.get(&conflict.key) {
            Some(Side::Mine) => copy_key(&conflict.key, local, &mut out),
            Some(Side::Theirs) => copy_key(&conflict.key, &plan.theirs, &mut out),
            None => {}
        }
    }
    out
}
