//! The typed reader: a file of the current version, written the way this
//! version writes it, read straight from its text into the envelope with no
//! JSON tree of the whole file (the tree costs several times the file's size
//! in memory and most of the reading time).
//!
//! It takes only what it can read exactly as the general reader
//! (`read.rs`) would: every field present (a record's stamped fields may be
//! absent, never `null`), no duplicate key anywhere, the values of the
//! expected types. Anything else makes it decline, and the general reader
//! reads the file again: it migrates older versions and says what is wrong
//! and where. Declining costs time, never correctness. Because every field
//! it takes is present as written, the payload it builds serialises back to
//! the same canonical text, so the checksum is computed from it.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::io::{self, Write};
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::dto::{
    CustomTaskDto, CustomUnitDto, DocumentDto, Extra, Payload, RecordDto, StampedDto, UpdateDto,
};
use super::json::{hash_canonical, write_canonical, StrictValue};

/// The file's top-level fields other than the payload (each read strictly
/// into a small tree), and the payload when there is one.
pub(crate) type Parts = (Map<String, Value>, Option<Payload>);

/// Reads `text` if it is a plain file of the current shape; `None` when the
/// general reader must read it.
pub(crate) fn read(text: &str) -> Option<Parts> {
    let mut de = serde_json::Deserializer::from_str(text);
    let parts = Root.deserialize(&mut de).ok()?;
    de.end().ok()?;
    Some(parts)
}

/// The checksum of the payload (see `json::checksum`), written from the
/// typed payload one record at a time: equal to the checksum of the tree the
/// general reader builds, since the typed reader takes only payloads that
/// serialise back to what was read.
pub(crate) fn payload_checksum(p: &Payload) -> String {
    hash_canonical(|out| write_payload(p, out))
}

fn write_payload(p: &Payload, out: &mut dyn Write) -> io::Result<()> {
    enum Part<'a> {
        Records,
        List(Value),
        Extra(&'a Value),
    }
    let mut parts: Vec<(&str, Part)> = vec![
        ("records", Part::Records),
        ("customTasks", Part::List(to_value(&p.custom_tasks)?)),
        ("customUnits", Part::List(to_value(&p.custom_units)?)),
    ];
    parts.extend(p.extra.iter().map(|(k, v)| (k.as_str(), Part::Extra(v))));
    parts.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    out.write_all(b"{")?;
    for (i, (key, part)) in parts.iter().enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        serde_json::to_writer(&mut *out, key).map_err(io::Error::other)?;
        out.write_all(b":")?;
        match part {
            Part::Records => {
                out.write_all(b"{")?;
                // A BTreeMap of `String` keys is in byte order already.
                for (j, (id, r)) in p.records.iter().enumerate() {
                    if j > 0 {
                        out.write_all(b",")?;
                    }
                    serde_json::to_writer(&mut *out, id).map_err(io::Error::other)?;
                    out.write_all(b":")?;
                    write_record(r, out)?;
                }
                out.write_all(b"}")?;
            }
            Part::List(v) => write_canonical(v, out)?,
            Part::Extra(v) => write_canonical(v, out)?,
        }
    }
    out.write_all(b"}")
}

/// Writes a value of a known member.
type Writer<'a> = &'a dyn Fn(&mut dyn Write) -> io::Result<()>;

/// The canonical text of an object: its known members (those present) and
/// its unknown ones, merged in byte order of their keys.
fn write_object(
    out: &mut dyn Write,
    mut known: Vec<(&str, Writer)>,
    extra: &Extra,
) -> io::Result<()> {
    known.sort_unstable_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    let mut known = known.into_iter().peekable();
    // A BTreeMap of `String` keys is in byte order already.
    let mut extra = extra.iter().peekable();
    out.write_all(b"{")?;
    let mut first = true;
    loop {
        let known_first = match (known.peek(), extra.peek()) {
            (Some(a), Some(b)) => a.0.as_bytes() < b.0.as_bytes(),
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => break,
        };
        if !first {
            out.write_all(b",")?;
        }
        first = false;
        if let (true, Some((key, write))) = (known_first, known.peek()) {
            write_str(out, key)?;
            out.write_all(b":")?;
            write(out)?;
            known.next();
        } else if let Some((key, value)) = extra.next() {
            write_str(out, key)?;
            out.write_all(b":")?;
            write_canonical(value, out)?;
        }
    }
    out.write_all(b"}")
}

fn write_str(out: &mut dyn Write, s: &str) -> io::Result<()> {
    serde_json::to_writer(out, s).map_err(io::Error::other)
}

/// Scalars and lists of scalars, as serde_json writes them without spaces.
fn write_plain<T: Serialize + ?Sized>(out: &mut dyn Write, v: &T) -> io::Result<()> {
    serde_json::to_writer(out, v).map_err(io::Error::other)
}

/// A record, written directly rather than through a tree: the same text as
/// `json::canonical` of its tree, for about a third of the time.
fn write_record(r: &RecordDto, out: &mut dyn Write) -> io::Result<()> {
    fn stamped<V>(
        out: &mut dyn Write,
        s: &StampedDto<V>,
        value: &dyn Fn(&mut dyn Write, &V) -> io::Result<()>,
    ) -> io::Result<()> {
        let v = |o: &mut dyn Write| value(o, &s.value);
        let at = |o: &mut dyn Write| write_plain(o, &s.at);
        let by = |o: &mut dyn Write| write_plain(o, &s.by);
        let base = |o: &mut dyn Write| write_plain(o, &s.base);
        let known: Vec<(&str, Writer)> =
            vec![("value", &v), ("at", &at), ("by", &by), ("base", &base)];
        write_object(out, known, &s.extra)
    }
    /// A stamped field whose value serde writes as it is.
    fn plain_stamped<V: Serialize>(
        field: &Option<StampedDto<V>>,
    ) -> impl Fn(&mut dyn Write) -> io::Result<()> + '_ {
        move |o| {
            field
                .as_ref()
                .map_or(Ok(()), |s| stamped(o, s, &|o, v| write_plain(o, v)))
        }
    }
    fn document(out: &mut dyn Write, d: &Option<DocumentDto>) -> io::Result<()> {
        let Some(d) = d else {
            return out.write_all(b"null");
        };
        let number = |o: &mut dyn Write| write_plain(o, &d.number);
        let date = |o: &mut dyn Write| write_plain(o, &d.date);
        write_object(out, vec![("number", &number), ("date", &date)], &d.extra)
    }
    fn update(out: &mut dyn Write, u: &UpdateDto) -> io::Result<()> {
        let id = |o: &mut dyn Write| write_plain(o, &u.id);
        let date = |o: &mut dyn Write| write_plain(o, &u.date);
        let unit = |o: &mut dyn Write| write_plain(o, &u.unit);
        let text = |o: &mut dyn Write| write_plain(o, &u.text);
        let status = |o: &mut dyn Write| write_plain(o, &u.status);
        let progress = |o: &mut dyn Write| write_plain(o, &u.progress);
        let at = |o: &mut dyn Write| write_plain(o, &u.at);
        let known: Vec<(&str, Writer)> = vec![
            ("id", &id),
            ("date", &date),
            ("unit", &unit),
            ("text", &text),
            ("status", &status),
            ("progress", &progress),
            ("at", &at),
        ];
        write_object(out, known, &u.extra)
    }
    let status = plain_stamped(&r.status);
    let progress = plain_stamped(&r.progress);
    let reason = plain_stamped(&r.reason);
    let completed = plain_stamped(&r.completed_on);
    let doc = |o: &mut dyn Write| {
        r.document
            .as_ref()
            .map_or(Ok(()), |s| stamped(o, s, &document))
    };
    let lead = plain_stamped(&r.lead_unit);
    let coord = plain_stamped(&r.coordinating);
    let due = plain_stamped(&r.due);
    let updates = |o: &mut dyn Write| {
        o.write_all(b"[")?;
        for (i, u) in r.updates.iter().enumerate() {
            if i > 0 {
                o.write_all(b",")?;
            }
            update(o, u)?;
        }
        o.write_all(b"]")
    };
    // Absent stamped fields are not written, as the writer skips them.
    let members: [(&str, bool, Writer); 9] = [
        ("status", r.status.is_some(), &status),
        ("progress", r.progress.is_some(), &progress),
        ("reason", r.reason.is_some(), &reason),
        ("completedOn", r.completed_on.is_some(), &completed),
        ("document", r.document.is_some(), &doc),
        ("leadUnit", r.lead_unit.is_some(), &lead),
        ("coordinating", r.coordinating.is_some(), &coord),
        ("due", r.due.is_some(), &due),
        ("updates", true, &updates),
    ];
    let known = members
        .into_iter()
        .filter(|m| m.1)
        .map(|(k, _, w)| (k, w))
        .collect();
    write_object(out, known, &r.extra)
}

fn to_value<T: Serialize>(v: &T) -> io::Result<Value> {
    serde_json::to_value(v).map_err(io::Error::other)
}

fn decline<E: de::Error>() -> E {
    E::custom("left to the general reader")
}

/// Fills a field once: a second value for it is a duplicate key.
fn set<T, E: de::Error>(slot: &mut Option<T>, value: T) -> Result<(), E> {
    match slot.replace(value) {
        None => Ok(()),
        Some(_) => Err(decline()),
    }
}

fn need<T, E: de::Error>(slot: Option<T>) -> Result<T, E> {
    slot.ok_or_else(decline)
}

/// An unknown field, kept as a tree read strictly.
fn put_extra<'de, A: MapAccess<'de>>(
    extra: &mut Extra,
    key: Cow<'de, str>,
    map: &mut A,
) -> Result<(), A::Error> {
    let value = map.next_value_seed(StrictValue)?;
    match extra.insert(key.into_owned(), value) {
        None => Ok(()),
        Some(_) => Err(decline()),
    }
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

/// A value whose own `Deserialize` reads exactly what it writes back (text,
/// integers, unit ids, options and lists of those).
struct Plain<T>(PhantomData<T>);

impl<T> Clone for Plain<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for Plain<T> {}

fn plain<T>() -> Plain<T> {
    Plain(PhantomData)
}

impl<'de, T: Deserialize<'de>> DeserializeSeed<'de> for Plain<T> {
    type Value = T;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
        T::deserialize(d)
    }
}

/// Implements a map visitor for a seed type: `$body` reads the map.
macro_rules! map_seed {
    ($seed:ty, $out:ty, $what:literal, |$self_:ident, $map:ident| $body:block) => {
        impl<'de> DeserializeSeed<'de> for $seed {
            type Value = $out;
            fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<$out, D::Error> {
                d.deserialize_map(self)
            }
        }
        impl<'de> Visitor<'de> for $seed {
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

struct Root;

map_seed!(Root, Parts, "an exchange file", |_s, map| {
    let mut head = Map::new();
    let mut payload = None;
    while let Some(key) = map.next_key_seed(Key)? {
        if key == "payload" {
            set(&mut payload, map.next_value_seed(PayloadSeed)?)?;
        } else if head.contains_key(key.as_ref()) {
            return Err(decline());
        } else {
            let value = map.next_value_seed(StrictValue)?;
            head.insert(key.into_owned(), value);
        }
    }
    Ok((head, payload))
});

struct PayloadSeed;

map_seed!(PayloadSeed, Payload, "a payload", |_s, map| {
    let (mut records, mut tasks, mut units) = (None, None, None);
    let mut extra = Extra::new();
    while let Some(key) = map.next_key_seed(Key)? {
        match key.as_ref() {
            "records" => set(&mut records, map.next_value_seed(Records)?)?,
            "customTasks" => set(
                &mut tasks,
                map.next_value_seed(Exact::<CustomTaskDto>::new())?,
            )?,
            "customUnits" => set(
                &mut units,
                map.next_value_seed(Exact::<CustomUnitDto>::new())?,
            )?,
            _ => put_extra(&mut extra, key, &mut map)?,
        }
    }
    Ok(Payload {
        records: need(records)?,
        custom_tasks: need(tasks)?,
        custom_units: need(units)?,
        extra,
    })
});

struct Records;

map_seed!(Records, BTreeMap<String, RecordDto>, "records", |_s, map| {
    let mut records = BTreeMap::new();
    while let Some(key) = map.next_key_seed(Key)? {
        let record = map.next_value_seed(Record)?;
        if records.insert(key.into_owned(), record).is_some() {
            return Err(decline());
        }
    }
    Ok(records)
});

struct Record;

map_seed!(Record, RecordDto, "a record", |_s, map| {
    let mut r = RecordDto::default();
    let mut updates = None;
    while let Some(key) = map.next_key_seed(Key)? {
        // A stamped field read as an object: `null` (which the writer never
        // writes) fails and is left to the general reader.
        match key.as_ref() {
            "status" => set(&mut r.status, map.next_value_seed(Stamp(plain()))?)?,
            "progress" => set(&mut r.progress, map.next_value_seed(Stamp(plain()))?)?,
            "reason" => set(&mut r.reason, map.next_value_seed(Stamp(plain()))?)?,
            "completedOn" => set(&mut r.completed_on, map.next_value_seed(Stamp(plain()))?)?,
            "document" => set(
                &mut r.document,
                map.next_value_seed(Stamp(OptionalDocument))?,
            )?,
            "leadUnit" => set(&mut r.lead_unit, map.next_value_seed(Stamp(plain()))?)?,
            "coordinating" => set(&mut r.coordinating, map.next_value_seed(Stamp(plain()))?)?,
            "due" => set(&mut r.due, map.next_value_seed(Stamp(plain()))?)?,
            "updates" => set(&mut updates, map.next_value_seed(Updates)?)?,
            _ => put_extra(&mut r.extra, key, &mut map)?,
        }
    }
    r.updates = need(updates)?;
    Ok(r)
});

/// A stamped value, its value read by the seed `S`.
struct Stamp<S>(S);

impl<'de, S: DeserializeSeed<'de> + Copy> DeserializeSeed<'de> for Stamp<S> {
    type Value = StampedDto<S::Value>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de, S: DeserializeSeed<'de> + Copy> Visitor<'de> for Stamp<S> {
    type Value = StampedDto<S::Value>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a stamped value")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let (mut value, mut at, mut by, mut base) = (None, None, None, None);
        let mut extra = Extra::new();
        while let Some(key) = map.next_key_seed(Key)? {
            match key.as_ref() {
                "value" => set(&mut value, map.next_value_seed(self.0)?)?,
                "at" => set(&mut at, map.next_value()?)?,
                "by" => set(&mut by, map.next_value()?)?,
                "base" => set(&mut base, map.next_value()?)?,
                _ => put_extra(&mut extra, key, &mut map)?,
            }
        }
        Ok(StampedDto {
            value: need(value)?,
            at: need(at)?,
            by: need(by)?,
            base: need(base)?,
            extra,
        })
    }
}

/// A document reference or `null`.
#[derive(Clone, Copy)]
struct OptionalDocument;

impl<'de> DeserializeSeed<'de> for OptionalDocument {
    type Value = Option<DocumentDto>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_option(self)
    }
}

impl<'de> Visitor<'de> for OptionalDocument {
    type Value = Option<DocumentDto>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a document or null")
    }
    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        Document.deserialize(d).map(Some)
    }
}

struct Document;

map_seed!(Document, DocumentDto, "a document", |_s, map| {
    let (mut number, mut date) = (None, None);
    let mut extra = Extra::new();
    while let Some(key) = map.next_key_seed(Key)? {
        match key.as_ref() {
            "number" => set(&mut number, map.next_value()?)?,
            "date" => set(&mut date, map.next_value()?)?,
            _ => put_extra(&mut extra, key, &mut map)?,
        }
    }
    Ok(DocumentDto {
        number: need(number)?,
        date: need(date)?,
        extra,
    })
});

struct Updates;

impl<'de> DeserializeSeed<'de> for Updates {
    type Value = Vec<UpdateDto>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Updates {
    type Value = Vec<UpdateDto>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of updates")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(u) = seq.next_element_seed(UpdateSeed)? {
            out.push(u);
        }
        Ok(out)
    }
}

struct UpdateSeed;

map_seed!(UpdateSeed, UpdateDto, "an update", |_s, map| {
    let (mut id, mut date, mut unit, mut text) = (None, None, None, None);
    let (mut status, mut progress, mut at) = (None, None, None);
    let mut extra = Extra::new();
    while let Some(key) = map.next_key_seed(Key)? {
        match key.as_ref() {
            "id" => set(&mut id, map.next_value()?)?,
            "date" => set(&mut date, map.next_value()?)?,
            "unit" => set(&mut unit, map.next_value()?)?,
            "text" => set(&mut text, map.next_value()?)?,
            "status" => set(&mut status, map.next_value()?)?,
            "progress" => set(&mut progress, map.next_value()?)?,
            "at" => set(&mut at, map.next_value()?)?,
            _ => put_extra(&mut extra, key, &mut map)?,
        }
    }
    Ok(UpdateDto {
        id: need(id)?,
        date: need(date)?,
        unit: need(unit)?,
        text: need(text)?,
        status: need(status)?,
        progress: need(progress)?,
        at: need(at)?,
        extra,
    })
});

/// A list of items each read as a strict tree, then by its own
/// `Deserialize`, taken only if it writes back exactly that tree: custom
/// tasks and units are few, and a deadline's `Deserialize` would drop fields.
struct Exact<T>(PhantomData<T>);

impl<T> Exact<T> {
    fn new() -> Self {
        Exact(PhantomData)
    }
}

impl<'de, T: de::DeserializeOwned + Serialize> DeserializeSeed<'de> for Exact<T> {
    type Value = Vec<T>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Vec<T>, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de, T: de::DeserializeOwned + Serialize> Visitor<'de> for Exact<T> {
    type Value = Vec<T>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(tree) = seq.next_element_seed(StrictValue)? {
            let item = T::deserialize(&tree).map_err(|_| decline::<A::Error>())?;
            if serde_json::to_value(&item).ok().as_ref() != Some(&tree) {
                return Err(decline());
            }
            out.push(item);
        }
        Ok(out)
    }
}
