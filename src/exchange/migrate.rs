//! Brings files of older format versions to the current one, one explicit
//! `vN -> vN+1` step at a time, chosen by the file's `formatVersion` alone.
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

use serde_json::{json, Map, Value};

use super::error::ReadError;
use super::FORMAT_VERSION;

/// One migration step: a whole file of version N to version N+1.
type Step = fn(Value) -> Result<Value, ReadError>;

/// `STEPS[n - 1]` takes version `n` to `n + 1`.
const STEPS: [Step; FORMAT_VERSION as usize - 1] = [migrate_v1_to_v2];

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
