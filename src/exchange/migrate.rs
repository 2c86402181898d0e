//! Brings files of older format versions to the current one, one explicit
//! `vN -> vN+1` step at a time, chosen by the file's `formatVersion` alone,
//! each a function from a whole parsed file to a whole parsed file. Never
//! refuses what a later check can name better: a step converts what it
//! understands and leaves the rest for the reader.
//!
//! Format version 1 (app 0.1) differed from version 2 thus:
//! - `"app": "ke-hoach/0.1.0"` was one string;
//! - `"plan": "22/KH-UBND"` was the number only, with `"year"` beside it and
//!   no fingerprint;
//! - `"unit"` was the exporting unit (now `exportedBy`); there was no scope
//!   (every file was full) and no checksum;
//! - a record had one stamp for the whole record (`updatedAt`, `updatedBy`),
//!   `status` as its Vietnamese label (`"Đang thực hiện"`), `progress` and
//!   `reason` as plain values, and `notes` (`id`, `date`, `unit`, `text`,
//!   `at`) without status or progress.
//!
//! Format version 2 differed from version 3 thus:
//! - the plan's fingerprint was the SHA-256 of the seed's bytes; version 3
//!   takes its canonical content (`Plan::content_fingerprint`), and the old
//!   value of each known seed is replaced by the new one ([`LEGACY_FINGERPRINTS`]);
//! - nothing recorded removals: version 3 has `payload.removals`;
//! - a user task had no stamp of its latest write: version 3 has `at`, `by`
//!   and `base` (its creation for a version-2 task);
//! - a record's status and progress could disagree (80% and not started):
//!   version 3 makes them agree by the rule of `model::tracking::agree`,
//!   the later of the two edits deciding, the other stamped like it.

use serde_json::{json, Map, Value};

use crate::model::tracking::{agree, Decided, Status};

use super::error::ReadError;
use super::shape::{status_from_name, status_name};
use super::{FORMAT_VERSION, LEGACY_FINGERPRINTS};

/// One migration step: a whole file of version N to version N+1.
type Step = fn(Value) -> Result<Value, ReadError>;

/// `STEPS[n - 1]` takes version `n` to `n + 1`.
const STEPS: [Step; FORMAT_VERSION as usize - 1] = [migrate_v1_to_v2, migrate_v2_to_v3];

/// Migrates a parsed file of version `from` (1 ≤ from ≤ current) to the
/// current version.
pub fn migrate(mut file: Value, from: u64) -> Result<Value, ReadError> {
    for step in STEPS.iter().skip(from.saturating_sub(1) as usize) {
        file = step(file)?;
    }
    Ok(file)
}

/// The Vietnamese labels version 1 wrote for each status, and their names now.
const V1_STATUSES: [(&str, &str); 5] = [
    ("Chưa thực hiện", "not-started"),
    ("Đang thực hiện", "in-progress"),
    ("Đã hoàn thành", "done"),
    ("Dừng thực hiện", "stopped"),
    ("Điều chỉnh", "adjusted"),
];

fn v1_error(path: String, detail: impl Into<String>) -> ReadError {
    ReadError::Migration {
        from: 1,
        path,
        detail: detail.into(),
    }
}

/// Version 1 to version 2 (see the module documentation for the differences).
pub fn migrate_v1_to_v2(file: Value) -> Result<Value, ReadError> {
    let Value::Object(mut root) = file else {
        return Err(v1_error(
            "(gốc)".into(),
            "tệp không phải một đối tượng JSON",
        ));
    };
    let app = match root.remove("app") {
        Some(Value::String(s)) => match s.split_once('/') {
            Some((name, version)) => json!({ "name": name, "version": version }),
            None => json!({ "name": s, "version": "" }),
        },
        _ => json!({ "name": "ke-hoach", "version": "" }),
    };
    let number = match root.remove("plan") {
        Some(Value::String(s)) => s,
        _ => return Err(v1_error("plan".into(), "thiếu số hiệu kế hoạch")),
    };
    let year = root.remove("year").unwrap_or(Value::Null);
    root.insert("app".into(), app);
    root.insert(
        "plan".into(),
        json!({ "number": number, "year": year, "fingerprint": null }),
    );
    let by = root.remove("unit").unwrap_or(Value::Null);
    root.insert("exportedBy".into(), by);
    root.insert("scope".into(), json!({ "kind": "full" }));
    root.insert("formatVersion".into(), json!(2));
    if let Some(Value::Object(records)) = root.get_mut("payload").and_then(|p| p.get_mut("records"))
    {
        for (task, record) in records.iter_mut() {
            if let Value::Object(r) = record {
                migrate_record_v1(task, r)?;
            }
        }
    }
    Ok(Value::Object(root))
}

fn migrate_record_v1(task: &str, r: &mut Map<String, Value>) -> Result<(), ReadError> {
    let path = |field: &str| format!("payload.records.{task}.{field}");
    let at = r.remove("updatedAt").unwrap_or(json!(0));
    let by = r.remove("updatedBy");
    let stamp = |field: &str, value: Value| match &by {
        Some(by @ Value::String(_)) => Ok(json!({ "value": value, "at": at, "by": by, "base": 0 })),
        _ => Err(v1_error(
            path("updatedBy"),
            format!("thiếu đơn vị đã sửa “{field}”"),
        )),
    };
    let status = match r.remove("status") {
        None => None,
        Some(Value::String(label)) => {
            let name = V1_STATUSES
                .iter()
                .find(|(l, _)| *l == label.trim())
                .map(|(_, n)| *n)
                .ok_or_else(|| {
                    v1_error(
                        path("status"),
                        format!("trạng thái “{label}” không có trong định dạng phiên bản 1"),
                    )
                })?;
            Some(name)
        }
        Some(other) => {
            return Err(v1_error(
                path("status"),
                format!("trạng thái phải là chữ, không phải {other}"),
            ))
        }
    };
    let progress = r.remove("progress");
    let reason = r.remove("reason");
    if let Some(name) = status {
        r.insert("status".into(), stamp("status", json!(name))?);
    }
    if let Some(p) = &progress {
        r.insert("progress".into(), stamp("progress", p.clone())?);
    }
    if let Some(reason) = reason {
        r.insert("reason".into(), stamp("reason", reason)?);
    }
    // Notes become updates carrying the record's status and progress: the
    // best that is known of the state at the time.
    if let Some(notes) = r.remove("notes") {
        let Value::Array(notes) = notes else {
            return Err(v1_error(path("notes"), "ghi chú phải là một danh sách"));
        };
        let updates = notes
            .into_iter()
            .map(|mut note| {
                if let Value::Object(n) = &mut note {
                    n.insert("status".into(), json!(status.unwrap_or("not-started")));
                    n.insert("progress".into(), progress.clone().unwrap_or(json!(0)));
                }
                note
            })
            .collect();
        r.insert("updates".into(), Value::Array(updates));
    }
    Ok(())
}

/// Version 2 to version 3 (see the module documentation for the differences).
pub fn migrate_v2_to_v3(file: Value) -> Result<Value, ReadError> {
    let Value::Object(mut root) = file else {
        return Err(ReadError::Migration {
            from: 2,
            path: "(gốc)".into(),
            detail: "tệp không phải một đối tượng JSON".into(),
        });
    };
    root.insert("formatVersion".into(), json!(3));
    if let Some(plan) = root.get_mut("plan").and_then(Value::as_object_mut) {
        let legacy = plan
            .get("fingerprint")
            .and_then(Value::as_str)
            .and_then(|fp| LEGACY_FINGERPRINTS.iter().find(|(old, _)| *old == fp));
        if let Some((_, content)) = legacy {
            plan.insert("fingerprint".into(), json!(content));
        }
    }
    if let Some(Value::Object(payload)) = root.get_mut("payload") {
        payload.entry("removals").or_insert_with(|| json!([]));
        if let Some(Value::Array(tasks)) = payload.get_mut("customTasks") {
            for task in tasks.iter_mut().filter_map(Value::as_object_mut) {
                let created_at = task.get("createdAt").cloned().unwrap_or(json!(0));
                let created_by = task.get("createdBy").cloned().unwrap_or(Value::Null);
                task.entry("at").or_insert(created_at);
                task.entry("by").or_insert(created_by);
                task.entry("base").or_insert(json!(0));
            }
        }
        if let Some(Value::Object(records)) = payload.get_mut("records") {
            for record in records.values_mut().filter_map(Value::as_object_mut) {
                agree_v2(record);
            }
        }
    }
    Ok(Value::Object(root))
}

/// A stamped value's value, `at` and `by` as version 2 wrote them.
fn stamp_of<'v>(
    record: &'v Map<String, Value>,
    field: &str,
) -> Option<(&'v Value, i64, &'v Value)> {
    let s = record.get(field)?.as_object()?;
    Some((s.get("value")?, s.get("at")?.as_i64()?, s.get("by")?))
}

/// Makes a version-2 record's status and progress agree; a record whose
/// values cannot be read is left for the reader to name.
fn agree_v2(record: &mut Map<String, Value>) {
    let status = match record.get("status") {
        None => None,
        Some(_) => match stamp_of(record, "status") {
            Some((v, at, by)) => match v.as_str().and_then(status_from_name) {
                Some(s) => Some((s, at, by.clone())),
                None => return,
            },
            None => return,
        },
    };
    let progress = match record.get("progress") {
        None => None,
        Some(_) => match stamp_of(record, "progress") {
            Some((v, at, by)) => match v.as_u64().and_then(|p| u8::try_from(p).ok()) {
                Some(p) if p <= 100 => Some((p, at, by.clone())),
                _ => return,
            },
            None => return,
        },
    };
    let recorded = status.as_ref().map_or(Status::NotStarted, |s| s.0);
    let default = if recorded == Status::Done { 100 } else { 0 };
    let recorded_progress = progress.as_ref().map_or(default, |p| p.0);
    let (status_at, progress_at) = (status.as_ref().map(|s| s.1), progress.as_ref().map(|p| p.1));
    let (decided, (at, by)) = match status_at.cmp(&progress_at) {
        std::cmp::Ordering::Less => {
            let p = progress.as_ref().expect("a later progress is present");
            (Decided::Progress, (p.1, p.2.clone()))
        }
        ordering => {
            let Some(s) = status.as_ref() else {
                return; // neither is recorded
            };
            let decided = if ordering.is_eq() {
                Decided::Both
            } else {
                Decided::Status
            };
            (decided, (s.1, s.2.clone()))
        }
    };
    let (agreed, agreed_progress) = agree(recorded, recorded_progress, decided);
    // The one that follows is stamped like the edit it follows, on top of
    // what it held.
    let follow = |old: Option<i64>| {
        let base = old.filter(|b| *b < at).unwrap_or(0);
        (at, by.clone(), base)
    };
    if agreed != recorded {
        let (at, by, base) = follow(status_at);
        record.insert(
            "status".into(),
            json!({"value": status_name(agreed), "at": at, "by": by, "base": base}),
        );
    }
    if agreed_progress != recorded_progress {
        let (at, by, base) = follow(progress_at);
        record.insert(
            "progress".into(),
            json!({"value": agreed_progress, "at": at, "by": by, "base": base}),
        );
    }
}
