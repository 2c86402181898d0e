//! Merging tracking data, in two steps for imports: a plan to show (what
//! each file adds, changes and removes, where edits disagree), then applying
//! it with the user's choices; and in one for another tab's copy ([`join`]).
//!
//! Every stamped field, dated update, user task and user unit is an item
//! with a key ([`ItemKey`]), and a removal is one more version of its item.
//! The default resolution of a key is the greatest of its versions under
//! one total order — the later `at`, then the unit (`by`), then a value
//! before a removal, then the value's text, then `base` — so merging is a
//! join: commutative, associative and idempotent, and importing files in
//! any order or twice gives the same result. A removal is stamped after the
//! version it removed, so merging any older copy keeps the item removed;
//! an item written again after the removal (a later `at`) comes back.
//! Every value in the result is one of the sides' values, and a removal
//! keeps its record. Pure.

use std::borrow::Borrow;
use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use crate::model::tracking::{
    CustomTask, DocumentRef, ItemKey, Millis, Stamp, Stamped, Status, TaskRecord, TrackedField,
    Tracking, Update,
};
use crate::model::unit::{Unit, UnitId};

use super::json::canonical;
use super::shape::{to_text, RecordOut, TaskOut, UnitOut, UpdateOut};

/// Names a file in the plan: its file name or the unit that sent it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileLabel(pub String);

/// A field's value, for showing every side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldValue {
    Status(Status),
    Progress(u8),
    Text(String),
    Date(Option<NaiveDate>),
    Document(Option<DocumentRef>),
    Unit(Option<UnitId>),
    Units(Vec<UnitId>),
}

/// An item's content in one version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MergeValue {
    Field(FieldValue),
    Update(Update),
    CustomTask(CustomTask),
    CustomUnit(Unit),
    /// The item was removed.
    Removed,
}

/// One side's version of an item: the value, who set it and when (user
/// units carry neither), and the `at` it was written on top of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    pub value: MergeValue,
    pub by: Option<UnitId>,
    pub at: Option<Millis>,
    pub base: Millis,
}

fn field_value(r: &TaskRecord, field: TrackedField) -> Option<FieldValue> {
    fn of<T>(s: &Option<Stamped<T>>, f: impl Fn(&T) -> FieldValue) -> Option<FieldValue> {
        s.as_ref().map(|s| f(&s.value))
    }
    match field {
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

/// Whether a field has the same value in `a` and `b`, compared in place.
fn same_field(field: TrackedField, a: &TaskRecord, b: &TaskRecord) -> bool {
    fn eq<T: PartialEq>(x: &Option<Stamped<T>>, y: &Option<Stamped<T>>) -> bool {
        x.as_ref().map(|s| &s.value) == y.as_ref().map(|s| &s.value)
    }
    match field {
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

/// Sets a field to `value` with a stamp; `None` when the value does not
/// belong to the field.
fn set_field(
    r: &mut TaskRecord,
    field: TrackedField,
    value: &FieldValue,
    stamp: &Stamp,
) -> Option<()> {
    fn with<T>(value: T, s: &Stamp) -> Option<Stamped<T>> {
        Some(Stamped {
            value,
            at: s.at,
            by: s.by.clone(),
            base: s.base,
        })
    }
    match (field, value) {
        (TrackedField::Status, FieldValue::Status(v)) => r.status = with(*v, stamp),
        (TrackedField::Progress, FieldValue::Progress(v)) => r.progress = with(*v, stamp),
        (TrackedField::Reason, FieldValue::Text(v)) => r.reason = with(v.clone(), stamp),
        (TrackedField::CompletedOn, FieldValue::Date(v)) => r.completed_on = with(*v, stamp),
        (TrackedField::Document, FieldValue::Document(v)) => r.document = with(v.clone(), stamp),
        (TrackedField::LeadUnit, FieldValue::Unit(v)) => r.lead_unit = with(v.clone(), stamp),
        (TrackedField::Coordinating, FieldValue::Units(v)) => {
            r.coordinating = with(v.clone(), stamp)
        }
        (TrackedField::Due, FieldValue::Date(v)) => r.due = with(*v, stamp),
        _ => return None,
    }
    Some(())
}

/// Where an item's version sits in one side's tracking: borrowed, so that
/// planning copies only what the plan shows.
#[derive(Debug, Clone, Copy)]
enum Held<'a> {
    Field(&'a TaskRecord, TrackedField),
    Update(&'a Update),
    CustomTask(&'a CustomTask),
    CustomUnit(&'a Unit),
    Removed(&'a Stamp),
}

/// One side's version of a key.
#[derive(Debug, Clone, Copy)]
struct Entry<'a> {
    held: Held<'a>,
    by: Option<&'a UnitId>,
    at: Option<Millis>,
    /// The `at` it replaced (`Millis::MIN` for items without one).
    base: Millis,
}

impl<'a> Entry<'a> {
    fn removal(stamp: &'a Stamp) -> Self {
        Entry {
            held: Held::Removed(stamp),
            by: Some(&stamp.by),
            at: Some(stamp.at),
            base: stamp.base,
        }
    }

    fn value(&self) -> MergeValue {
        match self.held {
            Held::Field(r, field) => MergeValue::Field(
                field_value(r, field).expect("an entry is made only for a field that is set"),
            ),
            Held::Update(u) => MergeValue::Update(u.clone()),
            Held::CustomTask(c) => MergeValue::CustomTask(c.clone()),
            Held::CustomUnit(u) => MergeValue::CustomUnit(u.clone()),
            Held::Removed(_) => MergeValue::Removed,
        }
    }

    fn version(&self) -> Version {
        Version {
            value: self.value(),
            by: self.by.cloned(),
            at: self.at,
            base: self.base,
        }
    }

    fn removed(&self) -> bool {
        matches!(self.held, Held::Removed(_))
    }

    /// The value's written text, to order equal stamps.
    fn text(&self) -> String {
        match self.held {
            Held::Field(r, field) => {
                let mut one = TaskRecord::default();
                one.copy_field(field, r);
                to_text(&RecordOut(&one))
            }
            Held::Update(u) => to_text(&UpdateOut::from(u)),
            Held::CustomTask(c) => to_text(&TaskOut(c)),
            Held::CustomUnit(u) => to_text(&UnitOut::from(u)),
            Held::Removed(_) => String::new(),
        }
    }

    /// Equal values, compared in place.
    fn same_value(&self, other: &Entry) -> bool {
        match (self.held, other.held) {
            (Held::Field(a, f), Held::Field(b, g)) if f == g => same_field(f, a, b),
            (Held::Update(a), Held::Update(b)) => a == b,
            (Held::CustomTask(a), Held::CustomTask(b)) => a == b,
            (Held::CustomUnit(a), Held::CustomUnit(b)) => a == b,
            (Held::Removed(_), Held::Removed(_)) => true,
            _ => false,
        }
    }

    /// The total order of the default resolution.
    fn beats(&self, other: &Entry) -> bool {
        (self.at, self.by)
            .cmp(&(other.at, other.by))
            .then_with(|| other.removed().cmp(&self.removed()))
            .then_with(|| self.text().cmp(&other.text()))
            .then(self.base.cmp(&other.base))
            .is_gt()
    }

    /// This edit was made on top of `other` (or of something newer).
    fn supersedes(&self, other: &Entry) -> bool {
        other.at.is_some_and(|at| self.base >= at)
    }
}

/// The version of `key` that `t` holds as an item, if it does.
fn item_entry<'a>(t: &'a Tracking, key: &ItemKey) -> Option<Entry<'a>> {
    match key {
        ItemKey::Field { task, field } => {
            let r = t.records.get(task)?;
            let (by, at, base) = r.stamp(*field)?;
            Some(Entry {
                held: Held::Field(r, *field),
                by: Some(by),
                at: Some(at),
                base,
            })
        }
        ItemKey::Update { task, id } => t.records.get(task)?.updates.get(id).map(update_entry),
        ItemKey::CustomTask(id) => t.custom_tasks.get(id).map(task_entry),
        ItemKey::CustomUnit(id) => t.custom_units.get(id).map(unit_entry),
    }
}

fn update_entry(u: &Update) -> Entry<'_> {
    Entry {
        held: Held::Update(u),
        by: Some(&u.unit),
        at: Some(u.at),
        base: Millis::MIN,
    }
}

fn task_entry(c: &CustomTask) -> Entry<'_> {
    Entry {
        held: Held::CustomTask(c),
        by: Some(&c.edited.by),
        at: Some(c.edited.at),
        base: c.edited.base,
    }
}

fn unit_entry(u: &Unit) -> Entry<'_> {
    Entry {
        held: Held::CustomUnit(u),
        by: None,
        at: None,
        base: Millis::MIN,
    }
}

/// Every key of `t` with the version it holds: its item or its removal,
/// the greater when it holds both.
fn entries(t: &Tracking) -> BTreeMap<ItemKey, Entry<'_>> {
    let mut out = BTreeMap::new();
    for (task, r) in &t.records {
        for field in TrackedField::ALL {
            if let Some((by, at, base)) = r.stamp(field) {
                let key = ItemKey::Field {
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
            let key = ItemKey::Update {
                task: task.clone(),
                id: id.clone(),
            };
            out.insert(key, update_entry(u));
        }
    }
    for (id, c) in &t.custom_tasks {
        out.insert(ItemKey::CustomTask(id.clone()), task_entry(c));
    }
    for (id, u) in &t.custom_units {
        out.insert(ItemKey::CustomUnit(id.clone()), unit_entry(u));
    }
    for (key, stamp) in &t.removals {
        let removal = Entry::removal(stamp);
        out.entry(key.clone())
            .and_modify(|e| {
                if removal.beats(e) {
                    *e = removal;
                }
            })
            .or_insert(removal);
    }
    out
}

/// Takes the item out of `t` (its removal record, if any, stays).
fn remove_item(t: &mut Tracking, key: &ItemKey) {
    match key {
        ItemKey::Field { task, field } => {
            if let Some(r) = t.records.get_mut(task) {
                r.clear(*field);
            }
        }
        ItemKey::Update { task, id } => {
            if let Some(r) = t.records.get_mut(task) {
                r.updates.remove(id);
            }
        }
        ItemKey::CustomTask(id) => {
            t.custom_tasks.remove(id);
        }
        ItemKey::CustomUnit(id) => {
            t.custom_units.remove(id);
        }
    }
}

/// Puts `entry` (from another tracking) as `to`'s version of `key`.
fn put(key: &ItemKey, entry: &Entry, to: &mut Tracking) {
    match (key, entry.held) {
        (_, Held::Removed(stamp)) => {
            remove_item(to, key);
            to.removals.insert(key.clone(), stamp.clone());
            return;
        }
        (ItemKey::Field { task, field }, Held::Field(from, _)) => {
            to.records
                .entry(task.clone())
                .or_default()
                .copy_field(*field, from);
        }
        (ItemKey::Update { task, id }, Held::Update(u)) => {
            to.records
                .entry(task.clone())
                .or_default()
                .updates
                .insert(id.clone(), u.clone());
        }
        (ItemKey::CustomTask(id), Held::CustomTask(c)) => {
            to.custom_tasks.insert(id.clone(), c.clone());
        }
        (ItemKey::CustomUnit(id), Held::CustomUnit(u)) => {
            to.custom_units.insert(id.clone(), u.clone());
        }
        _ => unreachable!("an entry is held under its own key"),
    }
    to.removals.remove(key);
}

/// `acc := acc ⊔ other`, key by key: another tab's copy taken in, or the
/// files of an import joined.
pub fn join(acc: &mut Tracking, other: &Tracking) {
    let theirs = entries(other);
    let taken: Vec<&ItemKey> = {
        let mine = entries(acc);
        theirs
            .iter()
            .filter(|(key, t)| mine.get(*key).is_none_or(|m| t.beats(m)))
            .map(|(key, _)| key)
            .collect()
    };
    for (id, r) in &other.records {
        let mine = acc.records.entry(id.clone()).or_default();
        // Members nobody here knows: the greater text, for a join too.
        for (k, v) in &r.extra {
            let take = mine
                .extra
                .get(k)
                .is_none_or(|m| canonical(v) > canonical(m));
            if take {
                mine.extra.insert(k.clone(), v.clone());
            }
        }
    }
    for key in taken {
        put(key, &theirs[key], acc);
    }
}

/// Keeps, for each key held both as an item and as a removal, only the
/// later of the two, as the join does: what every reader gives.
pub fn settle(t: &mut Tracking) {
    let (mut items, mut removals) = (Vec::new(), Vec::new());
    for (key, stamp) in &t.removals {
        match item_entry(t, key) {
            Some(item) if item.beats(&Entry::removal(stamp)) => removals.push(key.clone()),
            Some(_) => items.push(key.clone()),
            None => {}
        }
    }
    for key in items {
        remove_item(t, &key);
    }
    for key in removals {
        t.removals.remove(&key);
    }
}

/// What a change would do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub key: ItemKey,
    /// `None`: as in the plan.
    pub local: Option<Version>,
    /// Its value is [`MergeValue::Removed`] for a removal.
    pub incoming: Version,
    /// Both sides changed it since they last agreed: see `MergePlan::conflicts`.
    pub conflict: bool,
}

/// What one file brings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilePlan {
    pub label: FileLabel,
    /// User tasks the local data does not have.
    pub added_tasks: Vec<String>,
    pub added_units: Vec<UnitId>,
    /// `(task, update id)`.
    pub added_updates: Vec<(String, String)>,
    /// Fields the file sets or changes, items that differ from the local
    /// ones, and items it removes.
    pub changes: Vec<Change>,
    /// Items of the file that change nothing (same value, or local is newer).
    pub unchanged: usize,
}

impl FilePlan {
    /// How many of its changes remove something.
    pub fn removals(&self) -> usize {
        self.changes
            .iter()
            .filter(|c| c.incoming.value == MergeValue::Removed)
            .count()
    }
}

/// Whose version a conflict keeps.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Pick {
    /// The local version (for a field the local data does not set: as in
    /// the plan).
    Local,
    /// The version of the file with this label.
    File(FileLabel),
}

/// A key edited on several sides since they last agreed, with different
/// values: every version, any of which can be kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub key: ItemKey,
    pub local: Option<Version>,
    /// Each file's version, in the order of the files.
    pub incoming: Vec<(FileLabel, Version)>,
    /// What applying without a choice keeps: the latest edit.
    pub default: Pick,
}

impl Conflict {
    /// The version `pick` names (`None` for a local field as in the plan).
    pub fn version(&self, pick: &Pick) -> Option<&Version> {
        match pick {
            Pick::Local => self.local.as_ref(),
            Pick::File(label) => self
                .incoming
                .iter()
                .find(|(l, _)| l == label)
                .map(|(_, v)| v),
        }
    }

    /// The latest `at` among its versions: a choice is stamped after it.
    fn latest(&self) -> Millis {
        self.local
            .iter()
            .chain(self.incoming.iter().map(|(_, v)| v))
            .filter_map(|v| v.at)
            .max()
            .unwrap_or(0)
    }
}

/// The user's picks; keys not in it take their default.
pub type Choices = BTreeMap<ItemKey, Pick>;

/// Who resolves conflicts, and when: a choice other than the default is an
/// edit of its own, stamped after every version it chose among, so that
/// merging those versions again keeps it.
#[derive(Debug, Clone, Copy)]
pub struct Resolver<'a> {
    pub by: &'a UnitId,
    pub now: Millis,
}

/// The merge to show before applying.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergePlan {
    pub files: Vec<FilePlan>,
    pub conflicts: Vec<Conflict>,
    /// The join of all incoming files.
    theirs: Tracking,
}

impl MergePlan {
    /// Whether a choice differs from its conflict's default.
    pub fn needs_resolver(&self, choices: &Choices) -> bool {
        self.conflicts
            .iter()
            .any(|c| choices.get(&c.key).is_some_and(|p| *p != c.default))
    }
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
        join(&mut theirs, t.borrow());
    }
    let mine = entries(local);
    let files: Vec<_> = incoming.iter().map(|(_, t)| entries(t.borrow())).collect();
    let keys: BTreeSet<&ItemKey> = files.iter().flat_map(BTreeMap::keys).collect();

    // The versions no other version was edited on top of; two different
    // values among them make a conflict.
    let mut conflicted: BTreeMap<&ItemKey, Vec<Option<usize>>> = BTreeMap::new();
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
        let (winner_side, winner) = candidates
            .iter()
            .copied()
            .reduce(|a, b| if b.1.beats(a.1) { b } else { a })
            .expect("a conflict has versions");
        let local = mine.get(key);
        let default = match winner_side {
            _ if local.is_some_and(|l| l.same_value(winner)) => Pick::Local,
            None => Pick::Local,
            Some(i) => Pick::File(incoming[i].0.clone()),
        };
        conflicts.push(Conflict {
            key: key.clone(),
            local: local.map(Entry::version),
            incoming: candidates
                .iter()
                .filter_map(|(i, e)| i.map(|i| (incoming[i].0.clone(), e.version())))
                .collect(),
            default,
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
                    // Nothing here to remove.
                    (_, None) if e.removed() => plan.unchanged += 1,
                    (ItemKey::CustomTask(id), None) => plan.added_tasks.push(id.clone()),
                    (ItemKey::CustomUnit(id), None) => plan.added_units.push(id.clone()),
                    (ItemKey::Update { task, id }, None) => {
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
/// key takes its default resolution unless `choices` picks another version
/// for one of the plan's conflicts. With a `resolver`, a picked version is
/// stamped anew by it (see [`Resolver`]); without one it keeps its stamp.
pub fn apply_merge(
    local: &Tracking,
    plan: &MergePlan,
    choices: &Choices,
    resolver: Option<Resolver<'_>>,
) -> Tracking {
    let mut out = local.clone();
    join(&mut out, &plan.theirs);
    for conflict in &plan.conflicts {
        let Some(pick) = choices
            .get(&conflict.key)
            .filter(|p| **p != conflict.default)
        else {
            continue;
        };
        let chosen = conflict.version(pick);
        let stamp = match (resolver, chosen) {
            (Some(r), _) => Stamp::after(conflict.latest(), r.by, r.now),
            (
                None,
                Some(Version {
                    by: Some(by),
                    at: Some(at),
                    base,
                    ..
                }),
            ) => Stamped {
                value: (),
                at: *at,
                by: by.clone(),
                base: *base,
            },
            // A user unit, or a field as in the plan, chosen without a
            // resolver: taken without a stamp.
            (None, _) => {
                match chosen.map(|v| &v.value) {
                    Some(MergeValue::CustomUnit(u)) => {
                        out.custom_units.insert(u.id.clone(), u.clone());
                        out.removals.remove(&conflict.key);
                    }
                    _ => remove_item(&mut out, &conflict.key),
                }
                continue;
            }
        };
        put_version(&conflict.key, chosen.map(|v| &v.value), &stamp, &mut out);
    }
    out
}

/// Puts a chosen value under `key` with `stamp`; `None` (a field as in the
/// plan) and a removal leave a removal record.
fn put_version(key: &ItemKey, value: Option<&MergeValue>, stamp: &Stamp, to: &mut Tracking) {
    match (key, value) {
        (ItemKey::Field { task, field }, Some(MergeValue::Field(v))) => {
            let record = to.records.entry(task.clone()).or_default();
            if set_field(record, *field, v, stamp).is_none() {
                return;
            }
        }
        (ItemKey::Update { task, id }, Some(MergeValue::Update(u))) => {
            // A note's content is its identity: it keeps its own time.
            to.records
                .entry(task.clone())
                .or_default()
                .updates
                .insert(id.clone(), u.clone());
        }
        (ItemKey::CustomTask(id), Some(MergeValue::CustomTask(c))) => {
            let task = CustomTask {
                edited: stamp.clone(),
                ..c.clone()
            };
            to.custom_tasks.insert(id.clone(), task);
        }
        (ItemKey::CustomUnit(id), Some(MergeValue::CustomUnit(u))) => {
            to.custom_units.insert(id.clone(), u.clone());
        }
        (_, None | Some(MergeValue::Removed)) => {
            remove_item(to, key);
            to.removals.insert(key.clone(), stamp.clone());
            return;
        }
        _ => return,
    }
    to.removals.remove(key);
}
