//! JSON below the format: a parser that refuses duplicate keys (serde_json
//! silently keeps the last one), and the canonical form the checksum is
//! computed over.

use std::cell::RefCell;
use std::fmt;
use std::io::{self, Write};

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::{Serialize, Serializer};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use super::error::ReadError;

/// Where a value sits, built on the stack while parsing so that only an
/// error pays for formatting it.
#[derive(Clone, Copy)]
enum Path<'a> {
    Root,
    Key(&'a Path<'a>, &'a str),
    Index(&'a Path<'a>, usize),
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Path::Root => f.write_str("(gốc)"),
            Path::Key(Path::Root, key) => f.write_str(key),
            Path::Key(parent, key) => write!(f, "{parent}.{key}"),
            Path::Index(parent, i) => write!(f, "{parent}[{i}]"),
        }
    }
}

struct Strict<'a> {
    path: Path<'a>,
    duplicate: &'a RefCell<Option<String>>,
}

impl<'de> DeserializeSeed<'de> for Strict<'_> {
    type Value = Value;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Strict<'_> {
    type Value = Value;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(v) = seq.next_element_seed(Strict {
            path: Path::Index(&self.path, items.len()),
            duplicate: self.duplicate,
        })? {
            items.push(v);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let path = Path::Key(&self.path, &key);
            if object.contains_key(&key) {
                *self.duplicate.borrow_mut() = Some(path.to_string());
                return Err(de::Error::custom("duplicate key"));
            }
            let value = map.next_value_seed(Strict {
                path,
                duplicate: self.duplicate,
            })?;
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

/// A JSON value read with duplicate keys refused, for what the fast reader
/// keeps as a tree; it only needs to know that something failed.
#[derive(Clone, Copy)]
pub(crate) struct StrictValue;

impl<'de> DeserializeSeed<'de> for StrictValue {
    type Value = Value;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        let duplicate = RefCell::new(None);
        Strict {
            path: Path::Root,
            duplicate: &duplicate,
        }
        .deserialize(d)
    }
}

/// Parses JSON text, refusing duplicate keys, and classifies failures.
pub(crate) fn parse_strict(text: &str) -> Result<Value, ReadError> {
    if text.trim().is_empty() {
        return Err(ReadError::Empty);
    }
    let duplicate = RefCell::new(None);
    let mut de = serde_json::Deserializer::from_str(text);
    let parsed = Strict {
        path: Path::Root,
        duplicate: &duplicate,
    }
    .deserialize(&mut de)
    .and_then(|v| de.end().map(|()| v));
    parsed.map_err(|e| {
        let (line, column) = (e.line(), e.column());
        if let Some(path) = duplicate.take() {
            ReadError::DuplicateKey { path, line, column }
        } else if e.is_eof() {
            ReadError::Truncated { line, column }
        } else {
            ReadError::NotJson { line, column }
        }
    })
}

/// A JSON value written canonically: object members in the byte order of
/// their keys, scalars as serde_json writes them. Compact, that is the
/// canonical text the checksum is taken over.
pub struct Canonical<'a>(pub &'a Value);

impl Serialize for Canonical<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Value::Array(items) => s.collect_seq(items.iter().map(Canonical)),
            Value::Object(map) => {
                // serde_json's map is sorted by key already unless a
                // dependency turns on `preserve_order`; sort only when not.
                let sorted = map
                    .keys()
                    .zip(map.keys().skip(1))
                    .all(|(a, b)| a.as_bytes() <= b.as_bytes());
                let mut entries: Vec<_> = map.iter().collect();
                if !sorted {
                    entries.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
                }
                s.collect_map(entries.into_iter().map(|(k, v)| (k, Canonical(v))))
            }
            scalar => scalar.serialize(s),
        }
    }
}

/// The canonical text of a JSON value: no whitespace, object keys sorted by
/// their UTF-8 bytes, strings and numbers as serde_json writes them.
pub fn canonical(value: &Value) -> String {
    serde_json::to_string(&Canonical(value)).expect("a JSON value serialises")
}

/// Feeds what is written to the hash.
struct Hashing(Sha256);

impl Write for Hashing {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0.update(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// `sha256:` and the lower-case hex SHA-256 of the canonical text of a
/// payload tree.
pub fn checksum(payload: &Value) -> String {
    hash_compact(&Canonical(payload))
}

/// `sha256:` and the hex SHA-256 of `item`'s compact text, hashed as it is
/// written (in 64 KB blocks) rather than built whole first. For the
/// payload's own writer that text is the canonical one.
pub(crate) fn hash_compact(item: &impl Serialize) -> String {
    let mut out = io::BufWriter::with_capacity(64 * 1024, Hashing(Sha256::new()));
    serde_json::to_writer(&mut out, item).expect("hashing cannot fail");
    let Ok(Hashing(hasher)) = out.into_inner() else {
        unreachable!("hashing cannot fail")
    };
    hex_digest(hasher)
}

/// `sha256:` and the hex SHA-256 of `bytes`.
pub(crate) fn hash_bytes(bytes: &[u8]) -> String {
    hex_digest(Sha256::new_with_prefix(bytes))
}

fn hex_digest(hasher: Sha256) -> String {
    let hex: String = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("sha256:{hex}")
}
