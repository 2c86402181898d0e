//! The one tolerant reading path, for imported files and for the data stored
//! in the browser alike: size, JSON, kind, version, checksum, migration,
//! plan, then the payload item by item. What is wrong with the file as a
//! whole stops reading; what is wrong with one item (a record, a user task
//! or unit, a removal) rejects that item alone, with why, and the rest is
//! read. Never touches storage: the caller keeps rejected items aside.

use std::collections::BTreeSet;
use std::fmt;

use serde::de::DeserializeSeed;
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::model::tracking::{ItemKey, Tracking, UnitRef};
use crate::model::unit::UnitId;

use super::envelope::{Envelope, Head, PlanRef};
use super::error::{Field, ItemName, Place, PlanName, ReadError, Rejected, Warning};
use super::json::{checksum, hash_compact, parse_strict, StrictValue};
use super::merge::settle;
use super::migrate::migrate;
use super::shape::{
    to_text, to_tree, Ctx, Mode, PayloadOut, PayloadSeed, RecordOut, RecordSeed, RemovalOut,
    RemovalSeed, TaskOut, TaskSeed, UnitSeed,
};
use super::{FORMAT_NAME, FORMAT_VERSION, MAX_FILE_BYTES};

/// A file read and checked.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadFile {
    /// As read (migrated to the current version), unknown fields included.
    pub head: Head,
    /// The payload's items that could be read.
    pub tracking: Tracking,
    /// The items that could not, with why: left out of `tracking`.
    pub rejected: Vec<Rejected>,
    pub warnings: Vec<Warning>,
    /// False when the checksum is missing or does not match: the interface
    /// must then ask for explicit confirmation before applying. Files of
    /// version 1 had no checksum and count as matching. Stored data
    /// ([`Source::Storage`]) is the app's own and never applied through that
    /// confirmation: a checksum it states is taken as matching, not
    /// recomputed (hashing is a large part of reading a large plan).
    pub checksum_ok: bool,
}

impl ReadFile {
    /// The file as it would be written again (without its rejected items).
    pub fn into_envelope(self) -> Envelope {
        Envelope {
            head: self.head,
            payload: self.tracking,
        }
    }
}

/// Where the text being restored comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The browser's local storage.
    Storage,
    /// A file the user picked or dropped.
    File,
}

/// A failed restore, with where the text came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestoreError {
    pub source: Source,
    pub error: ReadError,
}

impl RestoreError {
    /// Stored text that cannot be read must be kept aside (a backup key)
    /// before anything is saved again.
    pub fn keep_raw(&self) -> bool {
        self.source == Source::Storage
    }
}

impl fmt::Display for RestoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.source {
            Source::Storage => write!(
                f,
                "Không đọc được dữ liệu đã lưu trong trình duyệt. {} Dữ liệu cũ được giữ nguyên làm bản sao lưu, không bị ghi đè.",
                self.error
            ),
            Source::File => write!(f, "Không đọc được tệp. {}", self.error),
        }
    }
}

impl std::error::Error for RestoreError {}

/// Restores tracking from stored text or from a file: the same checks for
/// both, errors tagged with the source.
pub fn restore(
    text: &str,
    source: Source,
    plan: &PlanRef,
    units_known: &dyn Fn(&str) -> bool,
    tasks_known: &dyn Fn(&str) -> bool,
) -> Result<ReadFile, RestoreError> {
    let verify = source == Source::File;
    read(text, plan, units_known, tasks_known, verify)
        .map_err(|error| RestoreError { source, error })
}

/// Reads an exchange file for the plan `plan`. Units and tasks the file adds
/// (or removes) itself count as known besides those the two functions accept.
pub fn read_file(
    text: &str,
    plan: &PlanRef,
    units_known: &dyn Fn(&str) -> bool,
    tasks_known: &dyn Fn(&str) -> bool,
) -> Result<ReadFile, ReadError> {
    read(text, plan, units_known, tasks_known, true)
}

/// A file up to its items: head, the items read, the items rejected so far,
/// warnings and the checksum verdict.
type Prepared = (Head, Tracking, Vec<Rejected>, Vec<Warning>, bool);

/// Reads straight from the text when the file is one this version wrote,
/// else from its tree; `verify`: whether a stated checksum is recomputed.
fn read(
    text: &str,
    plan: &PlanRef,
    units_known: &dyn Fn(&str) -> bool,
    tasks_known: &dyn Fn(&str) -> bool,
    verify: bool,
) -> Result<ReadFile, ReadError> {
    if text.len() > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge {
            bytes: text.len(),
            limit: MAX_FILE_BYTES,
        });
    }
    let (head, mut tracking, mut rejected, mut warnings, checksum_ok) =
        match read_fast(text, plan, verify) {
            Some(read) => read,
            None => read_tree(text, plan, verify)?,
        };
    check_references(
        &head,
        &mut tracking,
        &mut rejected,
        units_known,
        tasks_known,
    )?;
    settle(&mut tracking);
    let unknown = unknown_paths(&head, &tracking);
    if !unknown.is_empty() {
        warnings.push(Warning::UnknownFields { paths: unknown });
    }
    Ok(ReadFile {
        head,
        tracking,
        rejected,
        warnings,
        checksum_ok,
    })
}

/// A file of the current version as this version writes it, read from its
/// text with no tree of the payload (the tree costs several times the
/// file's size and most of the time); `None` for anything else, which the
/// tree reader reads and explains. Its checksum is the hash of the items
/// written again, which gives back the text they were read from.
fn read_fast(text: &str, plan: &PlanRef, verify: bool) -> Option<Prepared> {
    let ctx = Ctx::new(Mode::Fast);
    let mut de = serde_json::Deserializer::from_str(text);
    let (mut head, payload) = Root { ctx: &ctx }.deserialize(&mut de).ok()?;
    de.end().ok()?;
    let payload = payload?;
    let format_ok = matches!(head.remove("format"), Some(Value::String(f)) if f == FORMAT_NAME);
    let version = head
        .remove("formatVersion")
        .as_ref()
        .and_then(Value::as_u64);
    if !format_ok || version != Some(u64::from(FORMAT_VERSION)) {
        return None;
    }
    let mut warnings = Vec::new();
    let stated = head.remove("checksum");
    let checksum_ok = check_sum(
        stated,
        verify,
        || hash_compact(&PayloadOut(&payload)),
        &mut warnings,
    );
    let mut head = Value::Object(head);
    check_plan(&mut head, plan, &mut warnings).ok()?;
    let head = Head::deserialize(&head).ok()?;
    Some((head, payload, Vec::new(), warnings, checksum_ok))
}

/// The file's top-level members other than the payload (each read strictly
/// into a small tree), and the payload read fast.
struct Root<'c> {
    ctx: &'c Ctx,
}

impl<'de> DeserializeSeed<'de> for Root<'_> {
    type Value = (Map<String, Value>, Option<Tracking>);
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Root<'_> {
    type Value = (Map<String, Value>, Option<Tracking>);
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an exchange file")
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        use serde::de::Error;
        let mut head = Map::new();
        let mut payload = None;
        while let Some(key) = map.next_key::<String>()? {
            let duplicate = if key == "payload" {
                payload
                    .replace(map.next_value_seed(PayloadSeed { ctx: self.ctx })?)
                    .is_some()
            } else {
                let value = map.next_value_seed(StrictValue)?;
                head.insert(key, value).is_some()
            };
            if duplicate {
                return Err(A::Error::custom("duplicate key"));
            }
        }
        Ok((head, payload))
    }
}

/// Whether the stated checksum matches (computed only when `verify`), with
/// the warning when it does not or is missing.
fn check_sum(
    stated: Option<Value>,
    verify: bool,
    computed: impl FnOnce() -> String,
    warnings: &mut Vec<Warning>,
) -> bool {
    match stated {
        Some(Value::String(sum)) => {
            let ok = !verify || sum == computed();
            if !ok {
                warnings.push(Warning::ChecksumMismatch);
            }
            ok
        }
        _ => {
            warnings.push(Warning::ChecksumMissing);
            false
        }
    }
}

/// Any file, through its tree: checked and migrated up to the current
/// version, then read item by item.
fn read_tree(text: &str, plan: &PlanRef, verify: bool) -> Result<Prepared, ReadError> {
    let (file, mut warnings, checksum_ok) = prepare(text, plan, verify)?;
    let Value::Object(mut root) = file else {
        return Err(ReadError::OtherKind { found: None });
    };
    let payload = root.remove("payload");
    let head = Value::Object(root);
    let head = Head::deserialize(&head).map_err(|e| located_head(&head, e))?;
    let payload = match payload {
        Some(Value::Object(p)) => p,
        Some(other) => {
            return Err(ReadError::Shape {
                path: "payload".into(),
                detail: format!("cần một đối tượng, không phải {other}"),
            })
        }
        None => {
            return Err(ReadError::Shape {
                path: "payload".into(),
                detail: "thiếu trường “payload”".into(),
            })
        }
    };
    let ctx = Ctx::new(Mode::Tree);
    let (tracking, rejected) = read_items(payload, &ctx)?;
    let ignored = ctx.take_ignored();
    if !ignored.is_empty() {
        warnings.push(Warning::IgnoredFields { paths: ignored });
    }
    Ok((head, tracking, rejected, warnings, checksum_ok))
}

/// The envelope member that fails, to say where.
fn located_head(head: &Value, error: serde_json::Error) -> ReadError {
    type Fails = fn(&Value) -> bool;
    let members: [(&str, Fails); 5] = [
        ("app", |v| super::AppInfo::deserialize(v).is_err()),
        ("plan", |v| PlanRef::deserialize(v).is_err()),
        ("exportedAt", |v| {
            chrono::DateTime::<chrono::FixedOffset>::deserialize(v).is_err()
        }),
        ("exportedBy", |v| Option::<UnitId>::deserialize(v).is_err()),
        ("scope", |v| super::Scope::deserialize(v).is_err()),
    ];
    let path = members
        .into_iter()
        .find(|(name, fails)| head.get(name).is_some_and(fails))
        .map_or("(gốc)", |(name, _)| name);
    ReadError::Shape {
        path: path.into(),
        detail: error.to_string(),
    }
}

/// The payload's items, each read on its own: an item that fails is
/// rejected with its reason and its tree.
fn read_items(
    mut payload: Map<String, Value>,
    ctx: &Ctx,
) -> Result<(Tracking, Vec<Rejected>), ReadError> {
    let mut t = Tracking::default();
    let mut rejected = Vec::new();
    // The reason a check gave, else serde's own words.
    let rejection = |item: ItemName, path: String, error: serde_json::Error, raw: Value| {
        let error = ctx.take_error().unwrap_or(ReadError::Shape {
            path: path.clone(),
            detail: error.to_string(),
        });
        Rejected {
            item,
            path,
            error,
            raw,
        }
    };
    match payload.remove("records") {
        None => {}
        Some(Value::Object(records)) => {
            for (task, value) in records {
                match from_tree(&value, RecordSeed { task: &task, ctx }) {
                    Ok(record) => {
                        t.records.insert(task, record);
                    }
                    Err(e) => {
                        let path = format!("payload.records.{task}");
                        rejected.push(rejection(ItemName::Record(task), path, e, value));
                    }
                }
            }
        }
        Some(other) => return Err(not_a("payload.records", "một đối tượng", &other)),
    }
    let list = |payload: &mut Map<String, Value>, name: &str| match payload.remove(name) {
        None => Ok(Vec::new()),
        Some(Value::Array(items)) => Ok(items),
        Some(other) => Err(not_a(&format!("payload.{name}"), "một danh sách", &other)),
    };
    // Each list's items: read, then taken unless one with its id already was.
    let mut each = |name: &str, read: &mut dyn FnMut(&Value, usize) -> (ItemName, Taken)| {
        for (index, value) in list(&mut payload, name)?.into_iter().enumerate() {
            let path = format!("payload.{name}[{index}]");
            match read(&value, index) {
                (_, Ok(())) => {}
                (item, Err(Refused::Duplicate(error))) => rejected.push(Rejected {
                    item,
                    path,
                    error,
                    raw: value,
                }),
                (item, Err(Refused::Unread(e))) => rejected.push(rejection(item, path, e, value)),
            }
        }
        Ok::<(), ReadError>(())
    };
    each("customTasks", &mut |value, index| {
        let name = ItemName::CustomTask(id_or_index(value, index));
        let task = match from_tree(value, TaskSeed { ctx, index }) {
            Ok(task) => task,
            Err(e) => return (name, Err(Refused::Unread(e))),
        };
        if t.custom_tasks.contains_key(&task.id) {
            let error = duplicate("nhiệm vụ tự thêm", &task.id);
            return (name, Err(Refused::Duplicate(error)));
        }
        t.custom_tasks.insert(task.id.clone(), task);
        (name, Ok(()))
    })?;
    each("customUnits", &mut |value, index| {
        let name = ItemName::CustomUnit(id_or_index(value, index));
        let unit = match from_tree(value, UnitSeed { ctx, index }) {
            Ok(unit) => unit,
            Err(e) => return (name, Err(Refused::Unread(e))),
        };
        if t.custom_units.contains_key(&unit.id) {
            let error = duplicate("đơn vị tự thêm", unit.id.as_str());
            return (name, Err(Refused::Duplicate(error)));
        }
        t.custom_units.insert(unit.id.clone(), unit);
        (name, Ok(()))
    })?;
    each("removals", &mut |value, index| {
        let name = ItemName::Removal(index);
        let (key, stamp) = match from_tree(value, RemovalSeed { ctx, index }) {
            Ok(removal) => removal,
            Err(e) => return (name, Err(Refused::Unread(e))),
        };
        if t.removals.contains_key(&key) {
            let error = duplicate("bản ghi xóa", &describe_key(&key));
            return (name, Err(Refused::Duplicate(error)));
        }
        t.removals.insert(key, stamp);
        (name, Ok(()))
    })?;
    for key in payload.keys() {
        ctx.ignore(format!("payload.{key}"));
    }
    Ok((t, rejected))
}

/// Reads an item's tree with `seed`, through the item's text: one reader
/// of text serves both modes (reading a tree directly would compile every
/// seed a second time into the wasm), and an item is small.
fn from_tree<S, T>(value: &Value, seed: S) -> Result<T, serde_json::Error>
where
    S: for<'de> DeserializeSeed<'de, Value = T>,
{
    let text = to_text(value);
    let mut de = serde_json::Deserializer::from_str(&text);
    let read = seed.deserialize(&mut de)?;
    de.end()?;
    Ok(read)
}

/// Why an item of a list is not taken.
enum Refused {
    /// Its id is taken by an earlier item.
    Duplicate(ReadError),
    /// It could not be read (the reason is in the context, else serde's).
    Unread(serde_json::Error),
}

/// Whether an item of a list was taken.
type Taken = Result<(), Refused>;

fn not_a(path: &str, expected: &str, found: &Value) -> ReadError {
    ReadError::Shape {
        path: path.into(),
        detail: format!("cần {expected}, không phải {found}"),
    }
}

fn duplicate(kind: &'static str, id: &str) -> ReadError {
    ReadError::DuplicateId {
        kind,
        id: id.to_owned(),
        within: None,
    }
}

/// An item's `id` as written, else its place in the list.
fn id_or_index(value: &Value, index: usize) -> String {
    value
        .get("id")
        .and_then(Value::as_str)
        .map_or_else(|| format!("thứ {}", index + 1), str::to_owned)
}

/// What a removal removes, in words.
pub(crate) fn describe_key(key: &ItemKey) -> String {
    match key {
        ItemKey::Field { task, field } => {
            format!("{} của nhiệm vụ {task}", super::shape::field_name(*field))
        }
        ItemKey::Update { task, id } => format!("ghi chú {id} của nhiệm vụ {task}"),
        ItemKey::CustomTask(id) => format!("nhiệm vụ tự thêm {id}"),
        ItemKey::CustomUnit(id) => format!("đơn vị tự thêm {id}"),
    }
}

/// The file as JSON, checked and migrated up to the current version: JSON,
/// kind, version, checksum, migration, plan. Also returns the warnings so
/// far and whether the checksum matched.
fn prepare(
    text: &str,
    plan: &PlanRef,
    verify: bool,
) -> Result<(Value, Vec<Warning>, bool), ReadError> {
    let mut file = parse_strict(text)?;
    let Some(root) = file.as_object_mut() else {
        return Err(ReadError::OtherKind { found: None });
    };
    match root.remove("format") {
        Some(Value::String(f)) if f == FORMAT_NAME => {}
        Some(Value::String(f)) => return Err(ReadError::OtherKind { found: Some(f) }),
        Some(other) => {
            return Err(ReadError::OtherKind {
                found: Some(other.to_string()),
            })
        }
        None => return Err(ReadError::OtherKind { found: None }),
    }
    let stated_version = root.remove("formatVersion");
    let version = stated_version
        .as_ref()
        .and_then(Value::as_u64)
        .filter(|v| *v >= 1);
    let version = version.ok_or_else(|| ReadError::BadVersion {
        found: stated_version.map_or_else(|| "(không có)".into(), |v| v.to_string()),
    })?;
    if version > u64::from(FORMAT_VERSION) {
        return Err(ReadError::NewerVersion { found: version });
    }
    let mut warnings = Vec::new();
    // Checked on the payload as written, before any migration changes it.
    let stated = root.remove("checksum");
    let checksum_ok = version == 1
        || check_sum(
            stated,
            verify,
            || checksum(root.get("payload").unwrap_or(&Value::Null)),
            &mut warnings,
        );
    if version < u64::from(FORMAT_VERSION) {
        file = migrate(file, version)?;
        if let Some(root) = file.as_object_mut() {
            root.remove("formatVersion");
        }
        warnings.push(Warning::Migrated { from: version });
    }
    check_plan(&mut file, plan, &mut warnings)?;
    Ok((file, warnings, checksum_ok))
}

/// Refuses another plan; fills in the fingerprint of old files that match by
/// number and year.
fn check_plan(
    file: &mut Value,
    ours: &PlanRef,
    warnings: &mut Vec<Warning>,
) -> Result<(), ReadError> {
    let Some(plan) = file.get_mut("plan").and_then(Value::as_object_mut) else {
        return Err(ReadError::Shape {
            path: "plan".into(),
            detail: "thiếu hoặc không phải một đối tượng".into(),
        });
    };
    let file_plan = PlanName {
        number: plan
            .get("number")
            .and_then(Value::as_str)
            .unwrap_or("?")
            .to_owned(),
        year: plan
            .get("year")
            .and_then(Value::as_i64)
            .and_then(|y| i32::try_from(y).ok())
            .unwrap_or(0),
        fingerprint: plan
            .get("fingerprint")
            .and_then(Value::as_str)
            .map(str::to_owned),
    };
    let ours_name = PlanName {
        number: ours.number.clone(),
        year: ours.year,
        fingerprint: Some(ours.fingerprint.clone()),
    };
    let matches = match &file_plan.fingerprint {
        Some(fp) => *fp == ours.fingerprint,
        None => file_plan.number == ours.number && file_plan.year == ours.year,
    };
    if !matches {
        return Err(ReadError::OtherPlan {
            file: file_plan,
            ours: ours_name,
        });
    }
    if file_plan.fingerprint.is_none() {
        plan.insert(
            "fingerprint".into(),
            Value::String(ours.fingerprint.clone()),
        );
        warnings.push(Warning::PlanMatchedByNumber);
    }
    Ok(())
}

/// Checks that every unit and task the items name is known; an item naming
/// an unknown one is rejected. Units and tasks the file adds or removes
/// count as known, so that a note on a task removed since still reads.
/// Units the envelope names must be known: the file is refused otherwise.
fn check_references(
    head: &Head,
    t: &mut Tracking,
    rejected: &mut Vec<Rejected>,
    units_known: &dyn Fn(&str) -> bool,
    tasks_known: &dyn Fn(&str) -> bool,
) -> Result<(), ReadError> {
    // The file's own units first: the cheaper look-ups.
    let units: BTreeSet<UnitId> = t
        .custom_units
        .keys()
        .cloned()
        .chain(t.removals.keys().filter_map(|k| match k {
            ItemKey::CustomUnit(u) => Some(u.clone()),
            _ => None,
        }))
        .collect();
    let known = |u: &UnitId| units.contains(u) || units_known(u.as_str());
    let envelope_units = [
        (head.exported_by.as_ref(), Field::ExportedBy),
        (head.scope.unit.as_ref(), Field::ScopeUnit),
    ];
    for (unit, field) in envelope_units {
        if let Some(u) = unit.filter(|u| !known(u)) {
            return Err(ReadError::UnknownUnit {
                unit: u.to_string(),
                place: Place::File { field },
            });
        }
    }
    let unknown_unit = |unit: &UnitId, place: Place| ReadError::UnknownUnit {
        unit: unit.to_string(),
        place,
    };
    let tasks = std::mem::take(&mut t.custom_tasks);
    for (id, task) in tasks {
        let refs = [
            (&task.lead_unit, Field::LeadUnit),
            (&task.created_by, Field::CreatedBy),
            (&task.edited.by, Field::By),
        ];
        let unknown = refs
            .into_iter()
            .find(|(u, _)| !known(u))
            .map(|(u, field)| (u.clone(), field));
        match unknown {
            Some((unit, field)) => rejected.push(Rejected {
                item: ItemName::CustomTask(id.clone()),
                path: format!("payload.customTasks[{id}]"),
                raw: to_tree(&TaskOut(&task)),
                error: unknown_unit(&unit, Place::CustomTask { task: id, field }),
            }),
            None => {
                t.custom_tasks.insert(id, task);
            }
        }
    }
    let task_known = |t: &Tracking, id: &str| {
        t.custom_tasks.contains_key(id) || t.task_removed(id) || tasks_known(id)
    };
    let records = std::mem::take(&mut t.records);
    for (task, record) in records {
        let error = if task_known(t, &task) {
            record.units().find(|(u, _)| !known(u)).map(|(u, at)| {
                let place = match at {
                    UnitRef::Signed(field) => Place::task(&task, super::shape::error_field(field)),
                    UnitRef::Lead => Place::task(&task, Field::LeadUnit),
                    UnitRef::Coordinating => Place::task(&task, Field::Coordinating),
                    UnitRef::Update(id) => Place::update(&task, id, Field::Unit),
                };
                unknown_unit(u, place)
            })
        } else {
            Some(ReadError::UnknownTask { task: task.clone() })
        };
        match error {
            Some(error) => rejected.push(Rejected {
                item: ItemName::Record(task.clone()),
                path: format!("payload.records.{task}"),
                error,
                raw: to_tree(&RecordOut(&record)),
            }),
            None => {
                t.records.insert(task, record);
            }
        }
    }
    let removals = std::mem::take(&mut t.removals);
    for (key, stamp) in removals {
        let task = match &key {
            ItemKey::Field { task, .. } | ItemKey::Update { task, .. } => Some(task),
            ItemKey::CustomTask(_) | ItemKey::CustomUnit(_) => None,
        };
        let place = || Place::Removal {
            path: describe_key(&key),
        };
        let error = if !known(&stamp.by) {
            Some(unknown_unit(&stamp.by, place()))
        } else {
            task.filter(|task| !task_known(t, task))
                .map(|task| ReadError::UnknownTask { task: task.clone() })
        };
        match error {
            Some(error) => rejected.push(Rejected {
                item: ItemName::RemovalOf(describe_key(&key)),
                path: "payload.removals".into(),
                error,
                raw: to_tree(&RemovalOut(&key, &stamp)),
            }),
            None => {
                t.removals.insert(key, stamp);
            }
        }
    }
    Ok(())
}

/// Paths of the members kept without being known, for the warning.
fn unknown_paths(head: &Head, t: &Tracking) -> Vec<String> {
    let mut out = BTreeSet::new();
    let mut add = |prefix: &str, keys: &mut dyn Iterator<Item = &String>| {
        for key in keys {
            out.insert(if prefix.is_empty() {
                key.clone()
            } else {
                format!("{prefix}.{key}")
            });
        }
    };
    // `planDocument` is known: it is kept and read, not a stranger.
    add(
        "",
        &mut head
            .extra
            .keys()
            .filter(|k| *k != super::plan_document::PLAN_DOCUMENT),
    );
    add("app", &mut head.app.extra.keys());
    add("plan", &mut head.plan.extra.keys());
    add("scope", &mut head.scope.extra.keys());
    for (id, r) in t.records.iter().filter(|(_, r)| !r.extra.is_empty()) {
        add(&format!("payload.records.{id}"), &mut r.extra.keys());
    }
    out.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::synthetic::synthetic_file;
    use proptest::prelude::*;
    use serde_json::json;

    /// What the tree reader makes of a text, up to its items.
    fn tree(text: &str, plan: &PlanRef, verify: bool) -> Result<Prepared, ReadError> {
        read_tree(text, plan, verify)
    }

    /// The fast reader takes only what the tree reader reads, and then
    /// gives exactly the same head, items, warnings and checksum verdict.
    fn agrees(text: &str, plan: &PlanRef) -> bool {
        let mut taken = false;
        for verify in [true, false] {
            if let Some(fast) = read_fast(text, plan, verify) {
                assert_eq!(Ok(fast), tree(text, plan, verify));
                taken = true;
            }
        }
        taken
    }

    fn file(tasks: usize, seed: u64) -> (Value, PlanRef) {
        let v: Value = serde_json::from_str(&synthetic_file(tasks, seed, false)).unwrap();
        let plan = serde_json::from_value(v["plan"].clone()).unwrap();
        (v, plan)
    }

    #[test]
    fn every_fixture_reads_the_same_either_way() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/exchange");
        let plan: PlanRef = {
            let good = std::fs::read_to_string(dir.join("good-full.json")).unwrap();
            let v: Value = serde_json::from_str(&good).unwrap();
            serde_json::from_value(v["plan"].clone()).unwrap()
        };
        let mut taken = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            taken += usize::from(agrees(&text, &plan));
        }
        assert!(taken > 0);
    }

    #[test]
    fn files_as_written_take_the_fast_path() {
        let (_, plan) = file(0, 1);
        for pretty in [false, true] {
            let text = synthetic_file(30, 7, pretty);
            let (_, _, rejected, warnings, ok) = read_fast(&text, &plan, true).expect("taken");
            assert!(ok && warnings.is_empty() && rejected.is_empty());
            assert!(agrees(&text, &plan));
        }
    }

    /// The JSON pointers of every object in `v`.
    fn objects(v: &Value, at: String, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                out.push(at.clone());
                for (k, x) in m {
                    objects(
                        x,
                        format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")),
                        out,
                    );
                }
            }
            Value::Array(items) => {
                for (i, x) in items.iter().enumerate() {
                    objects(x, format!("{at}/{i}"), out);
                }
            }
            _ => {}
        }
    }

    #[derive(Debug, Clone)]
    enum Edit {
        Add(String, Value),
        Remove,
        Null,
        Float,
        Text,
        Reverse,
    }

    fn edit() -> impl Strategy<Value = Edit> {
        let value = prop_oneof![
            Just(json!(1.5)),
            Just(json!("x")),
            Just(json!(null)),
            Just(json!({"b": [1, {"c": true}], "a": -3})),
            Just(json!([])),
        ];
        prop_oneof![
            ("[a-zA-Z]{1,6}", value).prop_map(|(k, v)| Edit::Add(k, v)),
            Just(Edit::Remove),
            Just(Edit::Null),
            Just(Edit::Float),
            Just(Edit::Text),
            Just(Edit::Reverse),
        ]
    }

    fn apply(v: &mut Value, (node, key, edit): &(usize, usize, Edit)) {
        let mut all = Vec::new();
        objects(v, String::new(), &mut all);
        let Some(Value::Object(m)) = v.pointer_mut(&all[node % all.len()]) else {
            return;
        };
        if let Edit::Add(k, x) = edit {
            m.insert(k.clone(), x.clone());
            return;
        }
        let Some(k) = m.keys().nth(key % m.len().max(1)).cloned() else {
            return;
        };
        let x = m.get_mut(&k).unwrap();
        match edit {
            Edit::Remove => {
                m.remove(&k);
            }
            Edit::Null => *x = Value::Null,
            Edit::Float => *x = json!(x.as_i64().map_or(0.5, |n| n as f64)),
            Edit::Text => *x = json!(x.to_string()),
            Edit::Reverse => {
                if let Value::Array(items) = x {
                    items.reverse();
                }
            }
            Edit::Add(..) => unreachable!(),
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        #[test]
        fn the_fast_reader_agrees_with_the_tree_reader(
            tasks in 0usize..6,
            seed in 0u64..1000,
            edits in proptest::collection::vec((any::<usize>(), any::<usize>(), edit()), 0..4),
            resum in any::<bool>(),
            pretty in any::<bool>(),
            duplicate in any::<bool>(),
        ) {
            let (mut v, plan) = file(tasks, seed);
            for e in &edits {
                apply(&mut v, e);
            }
            if resum {
                if let Some(p) = v.get("payload").cloned() {
                    v["checksum"] = json!(checksum(&p));
                }
            }
            let mut text = if pretty {
                serde_json::to_string_pretty(&v).unwrap()
            } else {
                v.to_string()
            };
            if duplicate {
                text = text.replacen("\"at\":", "\"at\":0,\"at\":", 1);
            }
            let taken = agrees(&text, &plan);
            if edits.is_empty() && !duplicate {
                prop_assert!(taken);
            }
        }
    }
}
