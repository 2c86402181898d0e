//! The one tolerant reading path, for imported files and for the data stored
//! in the browser alike: size, JSON, kind, version, checksum, migration, plan,
//! shape, values, references — in that order, stopping at the first error.

use std::collections::BTreeSet;
use std::fmt;

use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;

use crate::model::tracking::Tracking;
use crate::model::unit::UnitId;

use super::dto::{CustomTaskDto, CustomUnitDto, Envelope, Extra, Payload, PlanRef, RecordDto};
use super::error::{Field, Place, PlanName, ReadError, Warning};
use super::json::{checksum, parse_strict};
use super::migrate::migrate;
use super::typed;
use super::{FORMAT_NAME, FORMAT_VERSION, MAX_FILE_BYTES};

/// A file read and checked.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadFile {
    /// As read (migrated to the current version), unknown fields included.
    pub envelope: Envelope,
    /// The payload as model values.
    pub tracking: Tracking,
    pub warnings: Vec<Warning>,
    /// False when the checksum is missing or does not match: the interface
    /// must then ask for explicit confirmation before applying. Files of
    /// version 1 had no checksum and count as matching. Stored data
    /// ([`Source::Storage`]) is the app's own and never applied through that
    /// confirmation: a checksum it states is taken as matching, not
    /// recomputed (hashing is a large part of reading a large plan).
    pub checksum_ok: bool,
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
/// itself count as known besides those the two functions accept.
pub fn read_file(
    text: &str,
    plan: &PlanRef,
    units_known: &dyn Fn(&str) -> bool,
    tasks_known: &dyn Fn(&str) -> bool,
) -> Result<ReadFile, ReadError> {
    read(text, plan, units_known, tasks_known, true)
}

/// Reads with the typed reader when it takes the file, else with the general
/// one (JSON tree, migration, located errors); `verify`: whether a stated
/// checksum is recomputed.
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
    let (envelope, mut warnings, checksum_ok) = match prepare_typed(text, plan, verify) {
        Some(read) => read,
        None => {
            let (file, warnings, checksum_ok) = prepare(text, plan, verify)?;
            // The JSON tree is freed here, before the model values are
            // built: a large file never needs its tree, envelope and model
            // all at once.
            (deserialize_located(&file)?, warnings, checksum_ok)
        }
    };
    let tracking = Tracking::try_from(&envelope.payload)?;
    check_references(&envelope, &tracking, units_known, tasks_known)?;
    let unknown = unknown_paths(&envelope);
    if !unknown.is_empty() {
        warnings.push(Warning::UnknownFields { paths: unknown });
    }
    Ok(ReadFile {
        envelope,
        tracking,
        warnings,
        checksum_ok,
    })
}

/// The envelope of a file the typed reader takes (current version, every
/// field as written, no duplicate key), with the warnings and whether the
/// checksum matched, exactly as the general reader would give them; `None`
/// for any other file, the general reader's to read.
fn prepare_typed(
    text: &str,
    plan: &PlanRef,
    verify: bool,
) -> Option<(Envelope, Vec<Warning>, bool)> {
    let (mut head, payload) = typed::read(text)?;
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
        || typed::payload_checksum(&payload),
        &mut warnings,
    );
    let mut file = Value::Object(head);
    check_plan(&mut file, plan, &mut warnings).ok()?;
    // The other fields are small: read from their tree as the general
    // reader does, around an empty payload that is then replaced.
    let empty = serde_json::to_value(Payload::default()).ok()?;
    file.as_object_mut()?.insert("payload".into(), empty);
    let mut envelope = Envelope::deserialize(&file).ok()?;
    envelope.payload = payload;
    Some((envelope, warnings, checksum_ok))
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

/// The file as JSON, checked and migrated up to the envelope's shape:
/// JSON, kind, version, checksum, migration, plan. Also returns the
/// warnings so far and whether the checksum matched.
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
            detail: "missing or not an object".into(),
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

/// Deserializes the envelope; on failure, finds the innermost part (a record,
/// a custom task or unit, an envelope field) that fails, to say where.
fn deserialize_located(file: &Value) -> Result<Envelope, ReadError> {
    let error = match Envelope::deserialize(file) {
        Ok(e) => return Ok(e),
        Err(e) => e,
    };
    fn fails<T: DeserializeOwned>(v: &Value) -> Option<String> {
        T::deserialize(v).err().map(|e| e.to_string())
    }
    let list = |name: &str| {
        file.pointer(&format!("/payload/{name}"))
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
    };
    let records = file
        .pointer("/payload/records")
        .and_then(Value::as_object)
        .into_iter()
        .flatten();
    let parts = records
        .map(|(id, r)| (format!("payload.records.{id}"), fails::<RecordDto>(r)))
        .chain(list("customTasks").enumerate().map(|(i, t)| {
            let id = t
                .get("id")
                .and_then(Value::as_str)
                .map_or_else(|| i.to_string(), str::to_owned);
            (
                format!("payload.customTasks[{id}]"),
                fails::<CustomTaskDto>(t),
            )
        }))
        .chain(list("customUnits").enumerate().map(|(i, u)| {
            (
                format!("payload.customUnits[{i}]"),
                fails::<CustomUnitDto>(u),
            )
        }));
    let part = parts
        .into_iter()
        .find_map(|(path, e)| e.map(|detail| ReadError::Shape { path, detail }));
    Err(part.unwrap_or_else(|| ReadError::Shape {
        path: "(gốc)".into(),
        detail: error.to_string(),
    }))
}

/// Every unit a tracking refers to, with where, until `stop` says so.
pub(crate) fn find_unit_ref(
    t: &Tracking,
    mut stop: impl FnMut(&UnitId) -> bool,
) -> Option<(UnitId, Place)> {
    let hit = |u: &UnitId, stop: &mut dyn FnMut(&UnitId) -> bool| stop(u).then(|| u.clone());
    for (task, r) in &t.records {
        let at = |field| Place::task(task, field);
        let stamps = [
            r.status.as_ref().map(|s| (&s.by, Field::Status)),
            r.progress.as_ref().map(|s| (&s.by, Field::Progress)),
            r.reason.as_ref().map(|s| (&s.by, Field::Reason)),
            r.completed_on.as_ref().map(|s| (&s.by, Field::CompletedOn)),
            r.document.as_ref().map(|s| (&s.by, Field::DocumentDate)),
            r.lead_unit.as_ref().map(|s| (&s.by, Field::LeadUnit)),
            r.coordinating
                .as_ref()
                .map(|s| (&s.by, Field::Coordinating)),
            r.due.as_ref().map(|s| (&s.by, Field::Due)),
        ];
        for (by, field) in stamps.into_iter().flatten() {
            if let Some(u) = hit(by, &mut stop) {
                return Some((u, at(field)));
            }
        }
        let values = r
            .lead_unit
            .iter()
            .filter_map(|s| s.value.as_ref().map(|u| (u, Field::LeadUnit)));
        let coord = r
            .coordinating
            .iter()
            .flat_map(|s| s.value.iter().map(|u| (u, Field::Coordinating)));
        for (unit, field) in values.chain(coord) {
            if let Some(u) = hit(unit, &mut stop) {
                return Some((u, at(field)));
            }
        }
        for up in r.updates.values() {
            if let Some(u) = hit(&up.unit, &mut stop) {
                return Some((u, Place::update(task, &up.id, Field::Unit)));
            }
        }
    }
    for c in t.custom_tasks.values() {
        for (unit, field) in [
            (&c.lead_unit, Field::LeadUnit),
            (&c.created_by, Field::CreatedBy),
        ] {
            if let Some(u) = hit(unit, &mut stop) {
                return Some((
                    u,
                    Place::CustomTask {
                        task: c.id.clone(),
                        field,
                    },
                ));
            }
        }
    }
    None
}

fn check_references(
    e: &Envelope,
    t: &Tracking,
    units_known: &dyn Fn(&str) -> bool,
    tasks_known: &dyn Fn(&str) -> bool,
) -> Result<(), ReadError> {
    // The file's own units and tasks first: the cheaper look-ups.
    let known = |u: &UnitId| t.custom_units.contains_key(u) || units_known(u.as_str());
    let envelope_units = [
        (e.exported_by.as_ref(), Field::ExportedBy),
        (e.scope.unit.as_ref(), Field::ScopeUnit),
    ];
    for (unit, field) in envelope_units {
        if let Some(u) = unit.filter(|u| !known(u)) {
            return Err(ReadError::UnknownUnit {
                unit: u.to_string(),
                place: Place::File { field },
            });
        }
    }
    if let Some((u, place)) = find_unit_ref(t, |u| !known(u)) {
        return Err(ReadError::UnknownUnit {
            unit: u.to_string(),
            place,
        });
    }
    match t
        .records
        .keys()
        .find(|id| !t.custom_tasks.contains_key(*id) && !tasks_known(id))
    {
        Some(task) => Err(ReadError::UnknownTask { task: task.clone() }),
        None => Ok(()),
    }
}

/// Paths of the fields kept in `extra` maps, for the warning.
fn unknown_paths(e: &Envelope) -> Vec<String> {
    let mut out = BTreeSet::new();
    // The path is formatted only for the rare part that has unknown fields.
    let mut add = |prefix: &dyn Fn() -> String, extra: &Extra| {
        if extra.is_empty() {
            return;
        }
        let prefix = prefix();
        for key in extra.keys() {
            out.insert(if prefix.is_empty() {
                key.clone()
            } else {
                format!("{prefix}.{key}")
            });
        }
    };
    add(&String::new, &e.extra);
    add(&|| "app".into(), &e.app.extra);
    add(&|| "plan".into(), &e.plan.extra);
    add(&|| "scope".into(), &e.scope.extra);
    let p = &e.payload;
    add(&|| "payload".into(), &p.extra);
    for (id, r) in &p.records {
        let prefix = || format!("payload.records.{id}");
        add(&prefix, &r.extra);
        let stamps = [
            ("status", r.status.as_ref().map(|s| &s.extra)),
            ("progress", r.progress.as_ref().map(|s| &s.extra)),
            ("reason", r.reason.as_ref().map(|s| &s.extra)),
            ("completedOn", r.completed_on.as_ref().map(|s| &s.extra)),
            ("document", r.document.as_ref().map(|s| &s.extra)),
            ("leadUnit", r.lead_unit.as_ref().map(|s| &s.extra)),
            ("coordinating", r.coordinating.as_ref().map(|s| &s.extra)),
            ("due", r.due.as_ref().map(|s| &s.extra)),
        ];
        for (name, extra) in stamps {
            if let Some(extra) = extra {
                add(&|| format!("{}.{name}", prefix()), extra);
            }
        }
        if let Some(Some(doc)) = r.document.as_ref().map(|s| &s.value) {
            add(&|| format!("{}.document.value", prefix()), &doc.extra);
        }
        for u in &r.updates {
            add(&|| format!("{}.updates[{}]", prefix(), u.id), &u.extra);
        }
    }
    for t in &p.custom_tasks {
        add(&|| format!("payload.customTasks[{}]", t.id), &t.extra);
    }
    for u in &p.custom_units {
        add(&|| format!("payload.customUnits[{}]", u.id), &u.extra);
    }
    out.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::synthetic::synthetic_file;
    use proptest::prelude::*;
    use serde_json::json;

    type Prepared = (Envelope, Vec<Warning>, bool);

    /// What the general reader makes of a text, up to the envelope.
    fn general(text: &str, plan: &PlanRef, verify: bool) -> Result<Prepared, ReadError> {
        let (file, warnings, ok) = prepare(text, plan, verify)?;
        Ok((deserialize_located(&file)?, warnings, ok))
    }

    /// The typed reader takes only what the general reader reads, and then
    /// gives exactly the same envelope, warnings and checksum verdict.
    fn agrees(text: &str, plan: &PlanRef) -> bool {
        let mut taken = false;
        for verify in [true, false] {
            if let Some(typed) = prepare_typed(text, plan, verify) {
                assert_eq!(Ok(typed), general(text, plan, verify));
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
    fn files_as_written_take_the_typed_path() {
        let (_, plan) = file(0, 1);
        for pretty in [false, true] {
            let text = synthetic_file(30, 7, pretty);
            let (_, warnings, ok) = prepare_typed(&text, &plan, true).expect("taken");
            assert!(ok && warnings.is_empty());
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
            Edit::Add(..) => unreachable!(),
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        #[test]
        fn the_typed_reader_agrees_with_the_general_one(
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
