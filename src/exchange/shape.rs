//! The payload's shape (format version 3), in one place: how each item — a
//! task record, a user task, a user unit, a removal — is written and read.
//!
//! The same code writes exported files, the stored copy and the text the
//! checksum is taken over: members go out in the byte order of their keys
//! with no space between them, so the compact text of the payload *is* its
//! canonical text (`json`) and hashing what is written gives the checksum.
//! The same code reads, in two modes ([`Mode`]): straight from a file's
//! text, taking only what it would write back byte for byte, or one item at
//! a time from a parsed tree, saying what is wrong and where.
//!
//! Only task records keep members this version does not know (in
//! `TaskRecord::extra`); every other object is closed, and a member it does
//! not know is ignored with a warning. Never touches storage or the browser.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use chrono::NaiveDate;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::ser::{Error as _, SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::i18n::{parse_iso_date, write_iso_date};
use crate::model::deadline::Deadline;
use crate::model::tracking::{
    CustomTask, DocumentRef, ItemKey, Millis, Stamp, Stamped, Status, TaskRecord, TrackedField,
    Tracking, Update,
};
use crate::model::unit::{Unit, UnitId, UnitKind};

use super::error::{Field, Place, ReadError};
use super::json::{Canonical, StrictValue};

// ---- names ----

/// The member of a record a stamped field is written under.
pub fn field_name(field: TrackedField) -> &'static str {
    match field {
        TrackedField::Status => "status",
        TrackedField::Progress => "progress",
        TrackedField::Reason => "reason",
        TrackedField::CompletedOn => "completedOn",
        TrackedField::Document => "document",
        TrackedField::LeadUnit => "leadUnit",
        TrackedField::Coordinating => "coordinating",
        TrackedField::Due => "due",
    }
}

pub(crate) fn field_from_name(name: &str) -> Option<TrackedField> {
    TrackedField::ALL
        .into_iter()
        .find(|f| field_name(*f) == name)
}

/// The name a status is written with (`in-progress`).
pub fn status_name(status: Status) -> &'static str {
    match status {
        Status::NotStarted => "not-started",
        Status::InProgress => "in-progress",
        Status::Done => "done",
        Status::Stopped => "stopped",
        Status::Adjusted => "adjusted",
    }
}

/// The status written as `name`.
pub fn status_from_name(name: &str) -> Option<Status> {
    Status::ALL.into_iter().find(|s| status_name(*s) == name)
}

/// How messages name a stamped field.
pub(crate) fn error_field(field: TrackedField) -> Field {
    match field {
        TrackedField::Status => Field::Status,
        TrackedField::Progress => Field::Progress,
        TrackedField::Reason => Field::Reason,
        TrackedField::CompletedOn => Field::CompletedOn,
        TrackedField::Document => Field::DocumentDate,
        TrackedField::LeadUnit => Field::LeadUnit,
        TrackedField::Coordinating => Field::Coordinating,
        TrackedField::Due => Field::Due,
    }
}

/// The `item` member of each kind of removal record.
fn removal_kind(key: &ItemKey) -> &'static str {
    match key {
        ItemKey::Field { .. } => "field",
        ItemKey::Update { .. } => "update",
        ItemKey::CustomTask(_) => "customTask",
        ItemKey::CustomUnit(_) => "customUnit",
    }
}

/// Members a record writes itself; an unknown member by one of these names
/// cannot exist.
const RECORD_MEMBERS: [&str; 9] = [
    "completedOn",
    "coordinating",
    "document",
    "due",
    "leadUnit",
    "progress",
    "reason",
    "status",
    "updates",
];

// ---- writing ----

/// The payload as written: `customTasks`, `customUnits`, `records` and
/// `removals`, each list sorted by key.
pub(crate) struct PayloadOut<'a>(pub &'a Tracking);

impl Serialize for PayloadOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let t = self.0;
        let mut m = s.serialize_map(Some(4))?;
        m.serialize_entry("customTasks", &Tasks(&t.custom_tasks))?;
        m.serialize_entry("customUnits", &Units(&t.custom_units))?;
        m.serialize_entry("records", &Records(&t.records))?;
        m.serialize_entry("removals", &Removals(&t.removals))?;
        m.end()
    }
}

struct Tasks<'a>(&'a BTreeMap<String, CustomTask>);
struct Units<'a>(&'a BTreeMap<UnitId, Unit>);
struct Records<'a>(&'a BTreeMap<String, TaskRecord>);
struct Removals<'a>(&'a BTreeMap<ItemKey, Stamp>);

impl Serialize for Tasks<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.values().map(TaskOut))
    }
}

impl Serialize for Units<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.values().map(UnitOut::from))
    }
}

impl Serialize for Records<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // A BTreeMap of `String` keys is in byte order already.
        s.collect_map(self.0.iter().map(|(id, r)| (id, RecordOut(r))))
    }
}

impl Serialize for Removals<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(|(key, stamp)| RemovalOut(key, stamp)))
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
struct StampedOut<'a, V> {
    at: Millis,
    base: Millis,
    by: &'a UnitId,
    value: V,
}

fn stamped<'a, T, V>(s: &'a Stamped<T>, value: impl FnOnce(&'a T) -> V) -> StampedOut<'a, V> {
    StampedOut {
        at: s.at,
        base: s.base,
        by: &s.by,
        value: value(&s.value),
    }
}

#[derive(Serialize)]
struct DocumentOut<'a> {
    date: Option<DateOut>,
    number: &'a str,
}

/// A dated update as written.
#[derive(Serialize)]
pub(crate) struct UpdateOut<'a> {
    at: Millis,
    date: DateOut,
    id: &'a str,
    progress: u8,
    status: &'static str,
    text: &'a str,
    unit: &'a UnitId,
}

/// A task record as written; members it does not know go between the
/// known ones in key order.
pub(crate) struct RecordOut<'a>(pub &'a TaskRecord);

impl Serialize for RecordOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        write_record(self.0, &self.0.updates, s)
    }
}

/// A task record without its notes (`"updates":[]`): the half a store keeps
/// apart from them.
pub(crate) struct RecordFieldsOut<'a>(pub &'a TaskRecord);

impl Serialize for RecordFieldsOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        write_record(self.0, &BTreeMap::new(), s)
    }
}

/// A task record's notes alone, as a record (`{"updates":[…]}`): the other
/// half.
pub(crate) struct RecordNotesOut<'a>(pub &'a TaskRecord);

impl Serialize for RecordNotesOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(1))?;
        m.serialize_entry("updates", &UpdatesOut(&self.0.updates))?;
        m.end()
    }
}

/// A record's members in key order, with `updates` as its notes.
fn write_record<S: Serializer>(
    r: &TaskRecord,
    updates: &BTreeMap<String, Update>,
    s: S,
) -> Result<S::Ok, S::Error> {
    let mut m = s.serialize_map(None)?;
    let mut extra = r
        .extra
        .iter()
        .filter(|(k, _)| !RECORD_MEMBERS.contains(&k.as_str()))
        .peekable();
    macro_rules! member {
        ($name:literal, $value:expr) => {
            while let Some((k, v)) = extra.next_if(|(k, _)| k.as_bytes() < $name.as_bytes()) {
                m.serialize_entry(k, &Canonical(v))?;
            }
            if let Some(v) = $value {
                m.serialize_entry($name, &v)?;
            }
        };
    }
    member!(
        "completedOn",
        r.completed_on
            .as_ref()
            .map(|s| stamped(s, |d| d.map(DateOut)))
    );
    member!(
        "coordinating",
        r.coordinating.as_ref().map(|s| stamped(s, Vec::as_slice))
    );
    member!(
        "document",
        r.document.as_ref().map(|s| stamped(s, |d| {
            d.as_ref().map(|d| DocumentOut {
                date: d.date.map(DateOut),
                number: &d.number,
            })
        }))
    );
    member!(
        "due",
        r.due.as_ref().map(|s| stamped(s, |d| d.map(DateOut)))
    );
    member!(
        "leadUnit",
        r.lead_unit.as_ref().map(|s| stamped(s, Option::as_ref))
    );
    member!("progress", r.progress.as_ref().map(|s| stamped(s, |p| *p)));
    member!(
        "reason",
        r.reason.as_ref().map(|s| stamped(s, String::as_str))
    );
    member!(
        "status",
        r.status.as_ref().map(|s| stamped(s, |v| status_name(*v)))
    );
    member!("updates", Some(UpdatesOut(updates)));
    for (k, v) in extra {
        m.serialize_entry(k, &Canonical(v))?;
    }
    m.end()
}

struct UpdatesOut<'a>(&'a BTreeMap<String, Update>);

impl Serialize for UpdatesOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.values().map(UpdateOut::from))
    }
}

impl<'a> From<&'a Update> for UpdateOut<'a> {
    fn from(u: &'a Update) -> Self {
        UpdateOut {
            at: u.at,
            date: DateOut(u.date),
            id: &u.id,
            progress: u.progress,
            status: status_name(u.status),
            text: &u.text,
            unit: &u.unit,
        }
    }
}

/// A user task as written.
pub(crate) struct TaskOut<'a>(pub &'a CustomTask);

impl Serialize for TaskOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let t = self.0;
        let mut m = s.serialize_map(Some(10))?;
        m.serialize_entry("at", &t.edited.at)?;
        m.serialize_entry("base", &t.edited.base)?;
        m.serialize_entry("by", &t.edited.by)?;
        m.serialize_entry("createdAt", &t.created_at)?;
        m.serialize_entry("createdBy", &t.created_by)?;
        // The deadline as its own type writes it (new notations pass
        // through), in canonical member order.
        let deadline = t
            .deadline
            .as_ref()
            .map(serde_json::to_value)
            .transpose()
            .map_err(S::Error::custom)?;
        m.serialize_entry("deadline", &deadline.as_ref().map(Canonical))?;
        m.serialize_entry("id", &t.id)?;
        m.serialize_entry("leadUnit", &t.lead_unit)?;
        m.serialize_entry("parent", &t.parent)?;
        m.serialize_entry("title", &t.title)?;
        m.end()
    }
}

/// A user unit as written.
#[derive(Serialize)]
pub(crate) struct UnitOut<'a> {
    builtin: bool,
    id: &'a UnitId,
    kind: UnitKind,
    name: &'a str,
    short: &'a str,
}

impl<'a> From<&'a Unit> for UnitOut<'a> {
    fn from(u: &'a Unit) -> Self {
        Self {
            builtin: u.builtin,
            id: &u.id,
            kind: u.kind,
            name: &u.name,
            short: &u.short,
        }
    }
}

/// A removal record as written: the stamp, then what it removed.
pub(crate) struct RemovalOut<'a>(pub &'a ItemKey, pub &'a Stamp);

impl Serialize for RemovalOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (key, stamp) = (self.0, self.1);
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("at", &stamp.at)?;
        m.serialize_entry("base", &stamp.base)?;
        m.serialize_entry("by", &stamp.by)?;
        match key {
            ItemKey::Field { task, field } => {
                m.serialize_entry("field", field_name(*field))?;
                m.serialize_entry("item", removal_kind(key))?;
                m.serialize_entry("task", task)?;
            }
            ItemKey::Update { task, id } => {
                m.serialize_entry("id", id)?;
                m.serialize_entry("item", removal_kind(key))?;
                m.serialize_entry("task", task)?;
            }
            ItemKey::CustomTask(id) => {
                m.serialize_entry("id", id)?;
                m.serialize_entry("item", removal_kind(key))?;
            }
            ItemKey::CustomUnit(id) => {
                m.serialize_entry("id", id)?;
                m.serialize_entry("item", removal_kind(key))?;
            }
        }
        m.end()
    }
}

/// An item's compact text, which is its canonical text.
pub(crate) fn to_text(item: &impl Serialize) -> String {
    serde_json::to_string(item).expect("the payload serialises: string keys only")
}

/// An item's tree, as a rejected item is kept: read back from its text, so
/// that no second writer (into trees) is compiled for every item.
pub(crate) fn to_tree(item: &impl Serialize) -> Value {
    serde_json::from_str(&to_text(item)).expect("the writer writes JSON")
}

// ---- reading ----

/// How items are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Straight from a file's text, taking only what would be written back
    /// exactly as read (no `null` for an absent field, lists in key order,
    /// no member this version ignores, every value valid): the checksum is
    /// then the hash of the items written again. Anything else fails, and
    /// the file is read again in [`Mode::Tree`].
    Fast,
    /// One item at a time from a parsed tree: an item that fails is
    /// rejected with what is wrong and where, and the rest is read.
    Tree,
}

/// What reading keeps beside the values: the precise reason an item failed
/// (serde's own errors carry only text) and the members it ignored.
pub(crate) struct Ctx {
    pub mode: Mode,
    error: RefCell<Option<ReadError>>,
    ignored: RefCell<Vec<String>>,
}

impl Ctx {
    pub fn new(mode: Mode) -> Self {
        Self {
            mode,
            error: RefCell::new(None),
            ignored: RefCell::new(Vec::new()),
        }
    }

    /// Why the last item failed, if a check said so.
    pub fn take_error(&self) -> Option<ReadError> {
        self.error.take()
    }

    /// Paths of the members ignored so far.
    pub fn take_ignored(&self) -> Vec<String> {
        self.ignored.take()
    }

    /// Fails with `error`, kept unless a more precise one already is.
    fn fail<E: de::Error>(&self, error: ReadError) -> E {
        let mut slot = self.error.borrow_mut();
        if slot.is_none() {
            *slot = Some(error);
        }
        E::custom("giá trị không hợp lệ")
    }

    /// Passes `e` on, noting where it happened unless something inside
    /// already said more.
    fn locate<E: de::Error>(&self, path: impl FnOnce() -> String, e: E) -> E {
        let mut slot = self.error.borrow_mut();
        if slot.is_none() {
            *slot = Some(ReadError::Shape {
                path: path(),
                detail: e.to_string(),
            });
        }
        e
    }

    /// Notes a member left out.
    pub fn ignore(&self, path: String) {
        self.ignored.borrow_mut().push(path);
    }

    /// Something the fast mode does not take.
    fn decline<E: de::Error>(&self) -> E {
        E::custom("left to the tree reader")
    }

    /// A member this version does not know, in a closed object.
    fn unknown<'de, A: MapAccess<'de>>(
        &self,
        map: &mut A,
        path: impl FnOnce() -> String,
    ) -> Result<(), A::Error> {
        match self.mode {
            Mode::Fast => Err(self.decline()),
            Mode::Tree => {
                self.ignore(path());
                map.next_value::<IgnoredAny>()?;
                Ok(())
            }
        }
    }

    /// A required member, or where it is missing.
    fn need<T, E: de::Error>(
        &self,
        slot: Option<T>,
        path: impl FnOnce() -> String,
        member: &str,
    ) -> Result<T, E> {
        slot.ok_or_else(|| {
            self.fail(ReadError::Shape {
                path: path(),
                detail: format!("thiếu trường “{member}”"),
            })
        })
    }

    /// A member read once; a second one is a duplicate key, which only the
    /// fast mode can meet (the tree parser refuses the whole file).
    fn set<T, E: de::Error>(&self, slot: &mut Option<T>, value: T) -> Result<(), E> {
        match slot.replace(value) {
            None => Ok(()),
            Some(_) => Err(self.decline()),
        }
    }

    /// A member this version keeps without knowing it.
    fn keep<'de, A: MapAccess<'de>>(&self, map: &mut A) -> Result<Value, A::Error> {
        match self.mode {
            Mode::Fast => map.next_value_seed(StrictValue),
            Mode::Tree => map.next_value(),
        }
    }

    /// In fast mode, keys must come in order (as written); `last` is the
    /// previous one.
    fn in_order<K: Ord + ?Sized, E: de::Error>(&self, last: Option<&K>, key: &K) -> Result<(), E> {
        match (self.mode, last) {
            (Mode::Fast, Some(last)) if last >= key => Err(self.decline()),
            _ => Ok(()),
        }
    }
}

/// Reads the value of the member `key` into `slot`, noting where it failed.
fn member<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
    ctx: &Ctx,
    path: &dyn Fn() -> String,
    key: &str,
) -> Result<(), A::Error> {
    let value = map
        .next_value::<T>()
        .map_err(|e| ctx.locate(|| format!("{}.{key}", path()), e))?;
    ctx.set(slot, value)
}

/// Parses a `YYYY-MM-DD` date, telling an impossible day from a malformed one.
pub(crate) fn parse_date(
    text: &str,
    place: impl FnOnce() -> Place,
) -> Result<NaiveDate, ReadError> {
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
            place: place(),
            text: text.to_owned(),
            expected: "ngày dạng năm-tháng-ngày, ví dụ 2021-03-15",
        });
    }
    parse_iso_date(text).ok_or_else(|| ReadError::ImpossibleDate {
        place: place(),
        text: text.to_owned(),
    })
}

fn parse_status(name: &str, place: impl FnOnce() -> Place) -> Result<Status, ReadError> {
    status_from_name(name).ok_or_else(|| ReadError::BadValue {
        place: place(),
        text: name.to_owned(),
        expected: "một trong not-started, in-progress, done, stopped, adjusted",
    })
}

fn parse_progress(value: i64, place: impl FnOnce() -> Place) -> Result<u8, ReadError> {
    u8::try_from(value)
        .ok()
        .filter(|p| *p <= 100)
        .ok_or_else(|| ReadError::ProgressOutOfRange {
            place: place(),
            value,
        })
}

/// A key, borrowed from the text when it has no escapes.
struct Key;

impl<'de> DeserializeSeed<'de> for Key {
    type Value = Cow<'de, str>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Key {
    type Value = Cow<'de, str>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v))
    }
}

/// Implements a map visitor for a seed: `$body` reads the map.
macro_rules! map_seed {
    ($seed:ident, $out:ty, $what:literal, |$self_:ident, $map:ident| $body:block) => {
        impl<'de> DeserializeSeed<'de> for $seed<'_> {
            type Value = $out;
            fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<$out, D::Error> {
                d.deserialize_map(self)
            }
        }
        impl<'de> Visitor<'de> for $seed<'_> {
            type Value = $out;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str($what)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut $map: A) -> Result<$out, A::Error> {
                let $self_ = self;
                $body
            }
        }
    };
}

/// The whole payload, in fast mode: the tree reader goes item by item.
pub(crate) struct PayloadSeed<'c> {
    pub ctx: &'c Ctx,
}

map_seed!(PayloadSeed, Tracking, "a payload", |s, map| {
    let ctx = s.ctx;
    let (mut records, mut tasks, mut units, mut removals) = (None, None, None, None);
    while let Some(key) = map.next_key_seed(Key)? {
        match key.as_ref() {
            "records" => ctx.set(&mut records, map.next_value_seed(RecordsSeed { ctx })?)?,
            "customTasks" => ctx.set(
                &mut tasks,
                map.next_value_seed(ListSeed {
                    ctx,
                    item: |index| TaskSeed { ctx, index },
                    key: |t: &CustomTask| t.id.clone(),
                })?,
            )?,
            "customUnits" => ctx.set(
                &mut units,
                map.next_value_seed(ListSeed {
                    ctx,
                    item: |index| UnitSeed { ctx, index },
                    key: |u: &Unit| u.id.clone(),
                })?,
            )?,
            "removals" => ctx.set(
                &mut removals,
                map.next_value_seed(ListSeed {
                    ctx,
                    item: |index| RemovalSeed { ctx, index },
                    key: |r: &(ItemKey, Stamp)| r.0.clone(),
                })?,
            )?,
            _ => return Err(ctx.decline()),
        }
    }
    Ok(Tracking {
        records: records.ok_or_else(|| ctx.decline())?,
        custom_tasks: tasks.ok_or_else(|| ctx.decline())?,
        custom_units: units.ok_or_else(|| ctx.decline())?,
        removals: removals
            .ok_or_else(|| ctx.decline())?
            .into_values()
            .collect(),
    })
});

struct RecordsSeed<'c> {
    ctx: &'c Ctx,
}

map_seed!(RecordsSeed, BTreeMap<String, TaskRecord>, "records", |s, map| {
    let ctx = s.ctx;
    let mut records = BTreeMap::new();
    while let Some(key) = map.next_key_seed(Key)? {
        let record = map.next_value_seed(RecordSeed { task: &key, ctx })?;
        ctx.in_order(records.keys().next_back().map(String::as_str), key.as_ref())?;
        records.insert(key.into_owned(), record);
    }
    Ok(records)
});

/// A list of items each read by a seed made by `item` (from its index),
/// keyed by `key`, in key order as written (fast mode only).
struct ListSeed<'c, F, K> {
    ctx: &'c Ctx,
    item: F,
    key: K,
}

impl<'de, F, K, S, T, Id> DeserializeSeed<'de> for ListSeed<'_, F, K>
where
    F: Fn(usize) -> S,
    S: DeserializeSeed<'de, Value = T>,
    K: Fn(&T) -> Id,
    Id: Ord,
{
    type Value = BTreeMap<Id, T>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de, F, K, S, T, Id> Visitor<'de> for ListSeed<'_, F, K>
where
    F: Fn(usize) -> S,
    S: DeserializeSeed<'de, Value = T>,
    K: Fn(&T) -> Id,
    Id: Ord,
{
    type Value = BTreeMap<Id, T>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut out = BTreeMap::new();
        while let Some(item) = seq.next_element_seed((self.item)(out.len()))? {
            let id = (self.key)(&item);
            // In order, so without duplicates: the tree reader names those.
            self.ctx.in_order(out.keys().next_back(), &id)?;
            out.insert(id, item);
        }
        Ok(out)
    }
}

/// One task's record.
pub(crate) struct RecordSeed<'c> {
    pub task: &'c str,
    pub ctx: &'c Ctx,
}

map_seed!(RecordSeed, TaskRecord, "a record", |s, map| {
    let (task, ctx) = (s.task, s.ctx);
    let mut r = TaskRecord::default();
    let mut updates = None;
    while let Some(key) = map.next_key_seed(Key)? {
        if let Some(field) = field_from_name(&key) {
            read_field(&mut map, &mut r, field, task, ctx)?;
        } else if key == "updates" {
            let list = map
                .next_value_seed(UpdatesSeed { task, ctx })
                .map_err(|e| ctx.locate(|| format!("payload.records.{task}.updates"), e))?;
            ctx.set(&mut updates, list)?;
        } else {
            let value = ctx.keep(&mut map)?;
            if r.extra.insert(key.into_owned(), value).is_some() {
                return Err(ctx.decline());
            }
        }
    }
    r.updates = match (updates, ctx.mode) {
        (Some(updates), _) => updates,
        (None, Mode::Tree) => BTreeMap::new(),
        (None, Mode::Fast) => return Err(ctx.decline()),
    };
    Ok(r)
});

/// Reads the stamped field `field` of `task`'s record into `r`.
fn read_field<'de, A: MapAccess<'de>>(
    map: &mut A,
    r: &mut TaskRecord,
    field: TrackedField,
    task: &str,
    ctx: &Ctx,
) -> Result<(), A::Error> {
    if r.stamp(field).is_some() {
        return Err(ctx.decline());
    }
    let place = || Place::task(task, error_field(field));
    let path = || format!("payload.records.{task}.{}", field_name(field));
    macro_rules! read {
        ($slot:expr, $raw:ty, |$v:ident| $parse:expr) => {{
            let seed = StampSeed {
                ctx,
                path: &path,
                parse: |$v: $raw| $parse,
                read: PhantomData,
            };
            $slot = map.next_value_seed(seed).map_err(|e| ctx.locate(path, e))?;
        }};
    }
    match field {
        TrackedField::Status => read!(r.status, String, |v| parse_status(&v, place)),
        TrackedField::Progress => read!(r.progress, i64, |v| parse_progress(v, place)),
        TrackedField::Reason => read!(r.reason, String, |v| Ok(v)),
        TrackedField::CompletedOn => read!(r.completed_on, Option<String>, |v| {
            v.map(|d| parse_date(&d, place)).transpose()
        }),
        TrackedField::Document => read!(r.document, Option<DocumentIn>, |v| {
            v.map(|d| d.parse(place)).transpose()
        }),
        TrackedField::LeadUnit => read!(r.lead_unit, Option<UnitId>, |v| Ok(v)),
        TrackedField::Coordinating => read!(r.coordinating, Vec<UnitId>, |v| Ok(v)),
        TrackedField::Due => read!(r.due, Option<String>, |v| {
            v.map(|d| parse_date(&d, place)).transpose()
        }),
    }
    Ok(())
}

/// A stamped value `{at, base, by, value}`, its value read as `V` and
/// checked by `parse`. `null` stands for an absent field in tree mode (the
/// writer never writes it).
struct StampSeed<'c, V, T, P> {
    ctx: &'c Ctx,
    path: &'c dyn Fn() -> String,
    parse: P,
    read: PhantomData<fn(V) -> T>,
}

impl<'de, V, T, P> DeserializeSeed<'de> for StampSeed<'_, V, T, P>
where
    V: Deserialize<'de>,
    P: FnOnce(V) -> Result<T, ReadError>,
{
    type Value = Option<Stamped<T>>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_option(self)
    }
}

impl<'de, V, T, P> Visitor<'de> for StampSeed<'_, V, T, P>
where
    V: Deserialize<'de>,
    P: FnOnce(V) -> Result<T, ReadError>,
{
    type Value = Option<Stamped<T>>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a stamped value")
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        match self.ctx.mode {
            Mode::Fast => Err(self.ctx.decline()),
            Mode::Tree => Ok(None),
        }
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        self.visit_none()
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let (ctx, path) = (self.ctx, self.path);
        let (mut value, mut at, mut by, mut base) = (None, None, None, None);
        while let Some(key) = map.next_key_seed(Key)? {
            match key.as_ref() {
                "value" => {
                    let raw = map
                        .next_value::<V>()
                        .map_err(|e| ctx.locate(|| format!("{}.value", path()), e))?;
                    ctx.set(&mut value, raw)?;
                }
                "at" => ctx.set(&mut at, map.next_value::<Millis>()?)?,
                "by" => ctx.set(&mut by, map.next_value::<UnitId>()?)?,
                "base" => ctx.set(&mut base, map.next_value::<Millis>()?)?,
                _ => ctx.unknown(&mut map, || format!("{}.{key}", path()))?,
            }
        }
        let value = ctx.need(value, path, "value")?;
        Ok(Some(Stamped {
            value: (self.parse)(value).map_err(|e| ctx.fail(e))?,
            at: ctx.need(at, path, "at")?,
            by: ctx.need(by, path, "by")?,
            base: ctx.need(base, path, "base")?,
        }))
    }
}

/// A document reference as read: `{date, number}`. Closed, with unknown
/// members failing in both modes (rare enough not to need a warning).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DocumentIn {
    number: String,
    date: Option<String>,
}

impl DocumentIn {
    fn parse(self, place: impl FnOnce() -> Place) -> Result<DocumentRef, ReadError> {
        Ok(DocumentRef {
            date: self.date.map(|d| parse_date(&d, place)).transpose()?,
            number: self.number,
        })
    }
}

struct UpdatesSeed<'c> {
    task: &'c str,
    ctx: &'c Ctx,
}

impl<'de> DeserializeSeed<'de> for UpdatesSeed<'_> {
    type Value = BTreeMap<String, Update>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for UpdatesSeed<'_> {
    type Value = BTreeMap<String, Update>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of updates")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let (task, ctx) = (self.task, self.ctx);
        let mut out = BTreeMap::new();
        let mut index = 0;
        while let Some(u) = seq.next_element_seed(UpdateSeed { task, index, ctx })? {
            ctx.in_order(out.keys().next_back(), &u.id)?;
            if out.contains_key(&u.id) {
                return Err(ctx.fail(ReadError::DuplicateId {
                    kind: "cập nhật",
                    id: u.id,
                    within: Some(task.to_owned()),
                }));
            }
            out.insert(u.id.clone(), u);
            index += 1;
        }
        Ok(out)
    }
}

struct UpdateSeed<'c> {
    task: &'c str,
    index: usize,
    ctx: &'c Ctx,
}

map_seed!(UpdateSeed, Update, "an update", |s, map| {
    let (task, ctx) = (s.task, s.ctx);
    let path = || format!("payload.records.{task}.updates[{}]", s.index);
    let (mut id, mut date, mut unit, mut text) = (None, None, None, None);
    let (mut status, mut progress, mut at) = (None, None, None);
    while let Some(key) = map.next_key_seed(Key)? {
        match key.as_ref() {
            "id" => member(&mut map, &mut id, ctx, &path, &key)?,
            "date" => member(&mut map, &mut date, ctx, &path, &key)?,
            "unit" => member(&mut map, &mut unit, ctx, &path, &key)?,
            "text" => member(&mut map, &mut text, ctx, &path, &key)?,
            "status" => member(&mut map, &mut status, ctx, &path, &key)?,
            "progress" => member(&mut map, &mut progress, ctx, &path, &key)?,
            "at" => member(&mut map, &mut at, ctx, &path, &key)?,
            _ => ctx.unknown(&mut map, || format!("{}.{key}", path()))?,
        }
    }
    let id: String = ctx.need(id, path, "id")?;
    let (date, unit, text) = (
        ctx.need::<String, A::Error>(date, path, "date")?,
        ctx.need(unit, path, "unit")?,
        ctx.need(text, path, "text")?,
    );
    let (status, progress, at) = (
        ctx.need::<String, A::Error>(status, path, "status")?,
        ctx.need(progress, path, "progress")?,
        ctx.need(at, path, "at")?,
    );
    let id_ref = &id;
    let place = |field| move || Place::update(task, id_ref, field);
    let fail = |e| ctx.fail::<A::Error>(e);
    Ok(Update {
        date: parse_date(&date, place(Field::UpdateDate)).map_err(fail)?,
        status: parse_status(&status, place(Field::Status)).map_err(fail)?,
        progress: parse_progress(progress, place(Field::Progress)).map_err(fail)?,
        unit,
        text,
        at,
        id,
    })
});

/// A user task; `index` is its place in the list, for messages.
pub(crate) struct TaskSeed<'c> {
    pub ctx: &'c Ctx,
    pub index: usize,
}

map_seed!(TaskSeed, CustomTask, "a user task", |s, map| {
    let ctx = s.ctx;
    let path = || format!("payload.customTasks[{}]", s.index);
    let (mut id, mut title, mut lead, mut deadline, mut parent) = (None, None, None, None, None);
    let (mut created_at, mut created_by, mut at, mut by, mut base) = (None, None, None, None, None);
    while let Some(key) = map.next_key_seed(Key)? {
        match key.as_ref() {
            "id" => member(&mut map, &mut id, ctx, &path, &key)?,
            "title" => member(&mut map, &mut title, ctx, &path, &key)?,
            "leadUnit" => member(&mut map, &mut lead, ctx, &path, &key)?,
            "deadline" => {
                let tree: Value = ctx.keep(&mut map)?;
                let read = Option::<Deadline>::deserialize(&tree).map_err(|e| {
                    ctx.locate(|| format!("{}.deadline", path()), de::Error::custom(e))
                })?;
                // A deadline its type would write otherwise is not taken as is.
                if ctx.mode == Mode::Fast && serde_json::to_value(read).ok().as_ref() != Some(&tree)
                {
                    return Err(ctx.decline());
                }
                ctx.set(&mut deadline, read)?;
            }
            "parent" => member(&mut map, &mut parent, ctx, &path, &key)?,
            "createdAt" => member(&mut map, &mut created_at, ctx, &path, &key)?,
            "createdBy" => member(&mut map, &mut created_by, ctx, &path, &key)?,
            "at" => member(&mut map, &mut at, ctx, &path, &key)?,
            "by" => member(&mut map, &mut by, ctx, &path, &key)?,
            "base" => member(&mut map, &mut base, ctx, &path, &key)?,
            _ => ctx.unknown(&mut map, || format!("{}.{key}", path()))?,
        }
    }
    Ok(CustomTask {
        id: ctx.need(id, path, "id")?,
        title: ctx.need(title, path, "title")?,
        lead_unit: ctx.need(lead, path, "leadUnit")?,
        deadline: ctx.need(deadline, path, "deadline")?,
        parent: ctx.need(parent, path, "parent")?,
        created_at: ctx.need(created_at, path, "createdAt")?,
        created_by: ctx.need(created_by, path, "createdBy")?,
        edited: Stamped {
            value: (),
            at: ctx.need(at, path, "at")?,
            by: ctx.need(by, path, "by")?,
            base: ctx.need(base, path, "base")?,
        },
    })
});

/// A user unit; `index` is its place in the list, for messages.
pub(crate) struct UnitSeed<'c> {
    pub ctx: &'c Ctx,
    pub index: usize,
}

map_seed!(UnitSeed, Unit, "a user unit", |s, map| {
    let ctx = s.ctx;
    let path = || format!("payload.customUnits[{}]", s.index);
    let (mut id, mut short, mut name, mut kind, mut builtin) = (None, None, None, None, None);
    while let Some(key) = map.next_key_seed(Key)? {
        match key.as_ref() {
            "id" => member(&mut map, &mut id, ctx, &path, &key)?,
            "short" => member(&mut map, &mut short, ctx, &path, &key)?,
            "name" => member(&mut map, &mut name, ctx, &path, &key)?,
            "kind" => member(&mut map, &mut kind, ctx, &path, &key)?,
            "builtin" => member(&mut map, &mut builtin, ctx, &path, &key)?,
            _ => ctx.unknown(&mut map, || format!("{}.{key}", path()))?,
        }
    }
    Ok(Unit {
        id: ctx.need(id, path, "id")?,
        short: ctx.need(short, path, "short")?,
        name: ctx.need(name, path, "name")?,
        kind: ctx.need(kind, path, "kind")?,
        builtin: ctx.need(builtin, path, "builtin")?,
    })
});

/// A removal record; `index` is its place in the list, for messages.
pub(crate) struct RemovalSeed<'c> {
    pub ctx: &'c Ctx,
    pub index: usize,
}

map_seed!(
    RemovalSeed,
    (ItemKey, Stamp),
    "a removal record",
    |s, map| {
        let ctx = s.ctx;
        let path = || format!("payload.removals[{}]", s.index);
        let (mut item, mut task, mut field, mut id) = (None, None, None, None);
        let (mut at, mut by, mut base) = (None, None, None);
        while let Some(key) = map.next_key_seed(Key)? {
            match key.as_ref() {
                "item" => member(&mut map, &mut item, ctx, &path, &key)?,
                "task" => member(&mut map, &mut task, ctx, &path, &key)?,
                "field" => member(&mut map, &mut field, ctx, &path, &key)?,
                "id" => member(&mut map, &mut id, ctx, &path, &key)?,
                "at" => member(&mut map, &mut at, ctx, &path, &key)?,
                "by" => member(&mut map, &mut by, ctx, &path, &key)?,
                "base" => member(&mut map, &mut base, ctx, &path, &key)?,
                _ => ctx.unknown(&mut map, || format!("{}.{key}", path()))?,
            }
        }
        let item: String = ctx.need(item, path, "item")?;
        let bad = |member: &str, text: &str, expected| {
            ctx.fail::<A::Error>(ReadError::BadValue {
                place: Place::Removal {
                    path: format!("{}.{member}", path()),
                },
                text: text.to_owned(),
                expected,
            })
        };
        // Members another kind of removal has are ignored, as unknown ones are.
        let extra = |name: &str, present: bool| -> Result<(), A::Error> {
            match (present, ctx.mode) {
                (false, _) => Ok(()),
                (true, Mode::Fast) => Err(ctx.decline()),
                (true, Mode::Tree) => {
                    ctx.ignore(format!("{}.{name}", path()));
                    Ok(())
                }
            }
        };
        let key = match item.as_str() {
            "field" => {
                extra("id", id.is_some())?;
                let name: String = ctx.need(field, path, "field")?;
                ItemKey::Field {
                    task: ctx.need(task, path, "task")?,
                    field: field_from_name(&name).ok_or_else(|| {
                        bad(
                            "field",
                            &name,
                            "tên một mục được theo dõi, ví dụ status, progress",
                        )
                    })?,
                }
            }
            "update" => {
                extra("field", field.is_some())?;
                ItemKey::Update {
                    task: ctx.need(task, path, "task")?,
                    id: ctx.need(id, path, "id")?,
                }
            }
            "customTask" | "customUnit" => {
                extra("task", task.is_some())?;
                extra("field", field.is_some())?;
                let id: String = ctx.need(id, path, "id")?;
                if item == "customTask" {
                    ItemKey::CustomTask(id)
                } else {
                    ItemKey::CustomUnit(UnitId::new(id))
                }
            }
            other => {
                return Err(bad(
                    "item",
                    other,
                    "một trong field, update, customTask, customUnit",
                ))
            }
        };
        let stamp = Stamped {
            value: (),
            at: ctx.need(at, path, "at")?,
            by: ctx.need(by, path, "by")?,
            base: ctx.need(base, path, "base")?,
        };
        Ok((key, stamp))
    }
);

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn dates_read_as_chrono_reads_them(y in 0u32..10_000, m in 0u32..100, d in 0u32..100) {
            let text = format!("{y:04}-{m:02}-{d:02}");
            let place = || Place::task("pl-1", Field::Due);
            let chrono = chrono::NaiveDate::parse_from_str(&text, "%Y-%m-%d").ok();
            prop_assert_eq!(parse_date(&text, place).ok(), chrono);
        }
    }

    #[test]
    fn every_field_and_status_has_one_name() {
        for field in TrackedField::ALL {
            assert_eq!(field_from_name(field_name(field)), Some(field));
        }
        for status in Status::ALL {
            assert_eq!(status_from_name(status_name(status)), Some(status));
        }
        let mut members: Vec<_> = TrackedField::ALL.iter().map(|f| field_name(*f)).collect();
        members.push("updates");
        members.sort_unstable();
        assert_eq!(
            members, RECORD_MEMBERS,
            "a record writes its members in key order"
        );
    }
}
