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

use std::borrow::Borrow;
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

    /// The field's stamp in `r`: who set it, when, on top of what.
    fn stamp(self, r: &TaskRecord) -> Option<(&UnitId, Millis, Millis)> {
        fn of<T>(s: &Option<Stamped<T>>) -> Option<(&UnitId, Millis, Millis)> {
            s.as_ref().map(|s| (&s.by, s.at, s.base))
        }
        match self {
            TrackedField::Status => of(&r.status),
            TrackedField::Progress => of(&r.progress),
            TrackedField::Reason => of(&r.reason),
            TrackedField::CompletedOn => of(&r.completed_on),
            TrackedField::Document => of(&r.document),
            TrackedField::LeadUnit => of(&r.lead_unit),
            TrackedField::Coordinating => of(&r.coordinating),
            TrackedField::Due => of(&r.due),
        }
    }

    fn value(self, r: &TaskRecord) -> Option<FieldValue> {
        fn of<T>(s: &Option<Stamped<T>>, f: impl Fn(&T) -> FieldValue) -> Option<FieldValue> {
            s.as_ref().map(|s| f(&s.value))
        }
        match self {
            TrackedField::Status => of(&r.status, |v| FieldValue::Status(*v)),
            TrackedField::Progress => of(&r.progress, |v| FieldValue::Progress(*v)),
            TrackedField::Reason => of(&r.reason, |v| FieldValue::Text(v.clone())),
            TrackedField::CompletedOn => of(&r.completed_on, |v| FieldValue::Date(*v)),
            TrackedField::Document => of(&r.document, |v| FieldValue::Document(v.clone())),
            TrackedField::LeadUnit => of(&r.lead_unit, |v| FieldValue::Unit(v.clone())),
            TrackedField::Coordinating => of(&r.coordinating, |v| FieldValue::Units(v.clone())),
            TrackedField::Due => of(&r.due, |v| FieldValue::Date(*v)),
        }
    }

    /// Whether the field has the same value in `a` and `b`.
    fn same(self, a: &TaskRecord, b: &TaskRecord) -> bool {
        fn eq<T: PartialEq>(x: &Option<Stamped<T>>, y: &Option<Stamped<T>>) -> bool {
            x.as_ref().map(|s| &s.value) == y.as_ref().map(|s| &s.value)
        }
        match self {
            TrackedField::Status => eq(&a.status, &b.status),
            TrackedField::Progress => eq(&a.progress, &b.progress),
            TrackedField::Reason => eq(&a.reason, &b.reason),
            TrackedField::CompletedOn => eq(&a.completed_on, &b.completed_on),
            TrackedField::Document => eq(&a.document, &b.document),
            TrackedField::LeadUnit => eq(&a.lead_unit, &b.lead_unit),
            TrackedField::Coordinating => eq(&a.coordinating, &b.coordinating),
            TrackedField::Due => eq(&a.due, &b.due),
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

/// Where an item's value sits in one side's tracking: borrowed, so that
/// planning copies only what the plan shows.
#[derive(Debug, Clone, Copy)]
enum Held<'a> {
    Field(&'a TaskRecord, TrackedField),
    Update(&'a Update),
    CustomTask(&'a CustomTask),
    CustomUnit(&'a Unit),
}

/// One side's version of a key, with the `at` it replaced (`Millis::MIN`
/// for unstamped items).
#[derive(Debug, Clone, Copy)]
struct Entry<'a> {
    held: Held<'a>,
    by: Option<&'a UnitId>,
    at: Option<Millis>,
    base: Millis,
}

impl Entry<'_> {
    fn value(&self) -> MergeValue {
        match self.held {
            Held::Field(r, field) => MergeValue::Field(
                field
                    .value(r)
                    .expect("an entry is made only for a field that is set"),
            ),
            Held::Update(u) => MergeValue::Update(u.clone()),
            Held::CustomTask(c) => MergeValue::CustomTask(c.clone()),
            Held::CustomUnit(u) => MergeValue::CustomUnit(u.clone()),
        }
    }

    fn version(&self) -> Version {
        Version {
            value: self.value(),
            by: self.by.cloned(),
            at: self.at,
        }
    }

    /// Equal values, compared in place.
    fn same_value(&self, other: &Entry) -> bool {
        match (self.held, other.held) {
            (Held::Field(a, f), Held::Field(b, g)) if f == g => f.same(a, b),
            (Held::Update(a), Held::Update(b)) => a == b,
            (Held::CustomTask(a), Held::CustomTask(b)) => a == b,
            (Held::CustomUnit(a), Held::CustomUnit(b)) => a == b,
            _ => self.value() == other.value(),
        }
    }

    /// The total order of the default resolution.
    fn beats(&self, other: &Entry) -> bool {
        let json = |e: &Entry| serde_json::to_string(&e.value()).unwrap_or_default();
        (self.at, self.by)
            .cmp(&(other.at, other.by))
            .then_with(|| json(self).cmp(&json(other)))
            .then(self.base.cmp(&other.base))
            .is_gt()
    }
    /// This edit was made on top of `other` (or of something newer).
    fn supersedes(&self, other: &Entry) -> bool {
        other.at.is_some_and(|at| self.base >= at)
    }
}

fn entries(t: &Tracking) -> BTreeMap<MergeKey, Entry<'_>> {
    let mut out = BTreeMap::new();
    for (task, r) in &t.records {
        for field in TrackedField::ALL {
            if let Some((by, at, base)) = field.stamp(r) {
                let key = MergeKey::Field {
                    task: task.clone(),
                    field,
                };
                let entry = Entry {
                    held: Held::Field(r, field),
                    by: Some(by),
                    at: Some(at),
                    base,
                };
                out.insert(key, entry);
            }
        }
        for (id, u) in &r.updates {
            let key = MergeKey::Update {
                task: task.clone(),
                id: id.clone(),
            };
            let entry = Entry {
                held: Held::Update(u),
                by: Some(&u.unit),
                at: Some(u.at),
                base: Millis::MIN,
            };
            out.insert(key, entry);
        }
    }
    for (id, c) in &t.custom_tasks {
        let entry = Entry {
            held: Held::CustomTask(c),
            by: Some(&c.created_by),
            at: Some(c.created_at),
            base: Millis::MIN,
        };
        out.insert(MergeKey::CustomTask(id.clone()), entry);
    }
    for (id, u) in &t.custom_units {
        let entry = Entry {
            held: Held::CustomUnit(u),
            by: None,
            at: None,
            base: Millis::MIN,
        };
        out.insert(MergeKey::CustomUnit(id.clone()), entry);
    }
    out
}

/// Puts `from`'s version of `key` into `to`. A field absent from `from` is
/// cleared; updates and custom items are never removed.
fn copy_key(key: &MergeKey, from: &Tracking, to: &mut Tracking) {
    match key {
        MergeKey::Field { task, field } => {
            let to = to.records.entry(task.clone()).or_default();
            match from.records.get(task) {
                Some(source) => field.copy(source, to),
                None => field.copy(&TaskRecord::default(), to),
            }
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
    let taken: Vec<MergeKey> = {
        let mine = entries(acc);
        entries(other)
            .into_iter()
            .filter(|(key, theirs)| mine.get(key).is_none_or(|m| theirs.beats(m)))
            .map(|(key, _)| key)
            .collect()
    };
    for id in other.records.keys() {
        acc.records.entry(id.clone()).or_default();
    }
    for key in &taken {
        copy_key(key, other, acc);
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

/// Compares each incoming file with the local tracking. The files may be
/// borrowed: the import preview plans staged files without copying them.
pub fn plan_merge<T: Borrow<Tracking>>(local: &Tracking, incoming: &[(FileLabel, T)]) -> MergePlan {
    // The join with nothing is the file itself: the first is copied whole,
    // far cheaper than joined key by key.
    let mut theirs = incoming
        .first()
        .map_or_else(Tracking::default, |(_, t)| t.borrow().clone());
    for (_, t) in incoming.iter().skip(1) {
        join_into(&mut theirs, t.borrow());
    }
    let mine = entries(local);
    let files: Vec<_> = incoming.iter().map(|(_, t)| entries(t.borrow())).collect();
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
        let differ = heads.iter().any(|(_, h)| !h.same_value(heads[0].1));
        if !differ {
            continue;
        }
        conflicted.insert(key, heads.iter().map(|(side, _)| *side).collect());
        let winner = candidates
            .iter()
            .map(|(_, e)| *e)
            .reduce(|a, b| if b.beats(a) { b } else { a });
        let local = mine.get(key);
        let keeps_mine = local.zip(winner).is_some_and(|(l, w)| l.same_value(w));
        conflicts.push(Conflict {
            key: key.clone(),
            local: local.map(Entry::version),
            incoming: candidates
                .iter()
                .filter_map(|(i, e)| i.map(|i| (incoming[i].0.clone(), e.version())))
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
                    (_, Some(l)) if l.same_value(e) => plan.unchanged += 1,
                    (_, Some(l)) if !conflict && !e.beats(l) => plan.unchanged += 1,
                    _ => plan.changes.push(Change {
                        key: key.clone(),
                        local: local.map(Entry::version),
                        incoming: e.version(),
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
