//! The plan file (`ke-hoach-plan`, version 1): a whole plan (metadata,
//! sections, annexes, units, reporting rule) as one JSON file that Sở
//! KH&ĐT sends to the units, identified by its content fingerprint and
//! sealed by a checksum over its canonical payload (the exchange format's
//! own canonical text and checksum, `exchange::json`). `docs/FORMAT.md`
//! describes it. Writing is strict: always this version, the payload as
//! the model serialises. Reading is tolerant: unknown members are left
//! aside with a warning, a wrong checksum or fingerprint is a verdict the
//! review shows rather than a refusal, and what cannot be trusted is
//! refused with a Vietnamese message saying what and where. Pure.

use std::collections::HashSet;
use std::fmt;

use serde_json::{json, Value};

use crate::exchange::json::checksum;
use crate::model::plan::Plan;

/// The `format` of every plan file.
pub const FORMAT_NAME: &str = "ke-hoach-plan";

/// The version written; the only one so far.
pub const FORMAT_VERSION: u64 = 1;

/// The envelope's members, in the order written.
const MEMBERS: [&str; 6] = [
    "format",
    "formatVersion",
    "app",
    "plan",
    "payload",
    "checksum",
];

/// The plan file of `plan`, pretty-printed.
pub fn write_plan_file(plan: &Plan) -> String {
    let file = plan_file_value(plan);
    // serde_json's map keeps keys sorted; write the envelope in its order.
    let object = file.as_object().expect("an object");
    let mut out = String::from("{\n");
    for (i, key) in MEMBERS.iter().enumerate() {
        let value = serde_json::to_string_pretty(&object[*key]).expect("JSON serialises");
        let value = value.replace('\n', "\n  ");
        out += &format!("  \"{key}\": {value}");
        out += if i + 1 < MEMBERS.len() { ",\n" } else { "\n" };
    }
    out.push_str("}\n");
    out
}

/// The plan file of `plan` as a JSON tree: what a tracking file carries as
/// its `planDocument` (`crate::exchange::plan_document`).
pub fn plan_file_value(plan: &Plan) -> Value {
    let payload = serde_json::to_value(plan).expect("a plan serialises");
    let sum = checksum(&payload);
    json!({
        "format": FORMAT_NAME,
        "formatVersion": FORMAT_VERSION,
        "app": { "name": env!("CARGO_PKG_NAME"), "version": env!("CARGO_PKG_VERSION") },
        "plan": {
            "number": plan.meta.number,
            "year": plan.meta.year,
            "fingerprint": plan.content_fingerprint(),
        },
        "payload": payload,
        "checksum": sum,
    })
}

/// The plan file's name, ASCII only like tracking files' names
/// (`exchange::file_name`): `ke-hoach-35-2023.plan.json` for 35/KH-UBND of 2023.
pub fn file_name(plan: &Plan) -> String {
    let number = plan.meta.number.split('/').next().unwrap_or_default();
    format!(
        "ke-hoach-{}-{}.plan.json",
        crate::parse::slug(number),
        plan.meta.year
    )
}

/// One line per annex task, for checking a plan in scripts (`examples/plan
/// --summary`): the STT, the lead unit's short name and the due date as
/// `YYYY-MM-DD` (`-` when it has none), tab separated.
pub fn summary(plan: &Plan) -> String {
    let mut out = String::new();
    for task in plan.annex_tasks() {
        let short = plan
            .unit(&task.lead_unit)
            .map_or_else(|| task.lead_unit.to_string(), |u| u.short.clone());
        let due = task
            .deadline
            .and_then(|d| d.due)
            .map_or_else(|| "-".to_owned(), crate::i18n::iso_date);
        out += &format!("{}\t{short}\t{due}\n", task.number);
    }
    out
}

/// What the stated checksum says about the payload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChecksumVerdict {
    /// It matches: the payload is as its writer wrote it.
    Valid,
    /// The file states none.
    Missing,
    /// It does not match: the payload was changed after writing (by hand,
    /// or damaged on the way).
    Mismatch { stated: String, computed: String },
}

/// A plan file read, with what the review should say about it.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadPlanFile {
    pub plan: Plan,
    pub checksum: ChecksumVerdict,
    /// Things worth saying that do not stop the reading, in Vietnamese.
    pub warnings: Vec<String>,
}

/// Why a plan file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanFileError {
    Empty,
    /// Not JSON, or cut short: where the reading stopped.
    NotJson {
        line: usize,
        column: usize,
    },
    /// JSON, but not a plan file: its `format`, if any.
    NotAPlanFile(Option<String>),
    /// Written by a newer app.
    NewerVersion(u64),
    BadVersion,
    /// A member is missing or has the wrong shape: where and why.
    Invalid {
        place: String,
        why: String,
    },
}

impl fmt::Display for PlanFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PlanFileError::Empty => f.write_str("Tệp kế hoạch trống."),
            PlanFileError::NotJson { line, column } => write!(
                f,
                "Tệp kế hoạch hỏng hoặc bị cắt: không đọc được ở dòng {line}, cột {column}. \
                 Hãy xin lại tệp từ nơi gửi."
            ),
            PlanFileError::NotAPlanFile(Some(format)) if format == crate::exchange::FORMAT_NAME => {
                f.write_str(
                    "Đây là tệp theo dõi (báo cáo của đơn vị), không phải tệp kế hoạch. \
                     Hãy nhập nó ở trang Trao đổi.",
                )
            }
            PlanFileError::NotAPlanFile(_) => write!(
                f,
                "Đây không phải tệp kế hoạch của ứng dụng (thiếu “format”: “{FORMAT_NAME}”)."
            ),
            PlanFileError::NewerVersion(v) => write!(
                f,
                "Tệp kế hoạch được tạo bởi phiên bản mới hơn của ứng dụng (phiên bản tệp {v}, \
                 ứng dụng này đọc đến {FORMAT_VERSION}). Hãy tải lại trang để cập nhật ứng dụng."
            ),
            PlanFileError::BadVersion => {
                f.write_str("Tệp kế hoạch có “formatVersion” không hợp lệ (phải là số nguyên ≥ 1).")
            }
            PlanFileError::Invalid { place, why } => {
                write!(f, "Tệp kế hoạch không hợp lệ ở “{place}”: {why}.")
            }
        }
    }
}

impl std::error::Error for PlanFileError {}

/// Reads a plan file; see the module's comment.
pub fn read_plan_file(text: &str) -> Result<ReadPlanFile, PlanFileError> {
    if text.trim().is_empty() {
        return Err(PlanFileError::Empty);
    }
    let file: Value = serde_json::from_str(text.trim_start_matches('\u{feff}')).map_err(|e| {
        PlanFileError::NotJson {
            line: e.line(),
            column: e.column(),
        }
    })?;
    read_plan_value(file)
}

/// Reads a plan file already parsed as JSON (a tracking file's
/// `planDocument`), with the same checks as [`read_plan_file`].
pub fn read_plan_value(file: Value) -> Result<ReadPlanFile, PlanFileError> {
    let Value::Object(mut file) = file else {
        return Err(PlanFileError::NotAPlanFile(None));
    };
    let format = file
        .get("format")
        .and_then(Value::as_str)
        .map(str::to_owned);
    if format.as_deref() != Some(FORMAT_NAME) {
        return Err(PlanFileError::NotAPlanFile(format));
    }
    let version = file
        .get("formatVersion")
        .map(|v| {
            v.as_u64()
                .filter(|&v| v >= 1)
                .ok_or(PlanFileError::BadVersion)
        })
        .transpose()?
        .ok_or(PlanFileError::BadVersion)?;
    if version > FORMAT_VERSION {
        return Err(PlanFileError::NewerVersion(version));
    }
    let mut warnings = Vec::new();
    let unknown: Vec<&String> = file
        .keys()
        .filter(|k| !MEMBERS.contains(&k.as_str()))
        .collect();
    if !unknown.is_empty() {
        let names: Vec<&str> = unknown.iter().map(|k| k.as_str()).collect();
        warnings.push(format!(
            "Tệp có trường không rõ, được bỏ qua: {}.",
            names.join(", ")
        ));
    }
    let payload = file
        .remove("payload")
        .ok_or_else(|| invalid("payload", "thiếu"))?;
    let computed = checksum(&payload);
    let verdict = match file.get("checksum") {
        None => ChecksumVerdict::Missing,
        Some(Value::String(stated)) if *stated == computed => ChecksumVerdict::Valid,
        Some(Value::String(stated)) => ChecksumVerdict::Mismatch {
            stated: stated.clone(),
            computed,
        },
        Some(_) => return Err(invalid("checksum", "phải là chuỗi “sha256:…”")),
    };
    match &verdict {
        ChecksumVerdict::Missing => {
            warnings.push("Tệp không có mã kiểm tra: không biết nội dung có bị sửa không.".into())
        }
        ChecksumVerdict::Mismatch { .. } => warnings.push(
            "Mã kiểm tra không khớp: nội dung đã bị sửa hoặc hỏng sau khi tạo tệp. \
             Hãy xem kỹ trước khi thêm, hoặc xin lại tệp."
                .into(),
        ),
        ChecksumVerdict::Valid => {}
    }
    let plan: Plan = serde_json::from_value(payload)
        .map_err(|e| invalid("payload", &format!("sai cấu trúc ({e})")))?;
    validate(&plan)?;
    if let Some(stated) = file.get("plan").and_then(|p| p.get("fingerprint")) {
        if stated.as_str() != Some(plan.content_fingerprint().as_str()) {
            warnings.push(
                "Dấu nhận diện ghi trong tệp không khớp với nội dung kế hoạch; dấu tính từ \
                 nội dung được dùng."
                    .into(),
            );
        }
    }
    Ok(ReadPlanFile {
        plan,
        checksum: verdict,
        warnings,
    })
}

fn invalid(place: &str, why: &str) -> PlanFileError {
    PlanFileError::Invalid {
        place: place.to_owned(),
        why: why.to_owned(),
    }
}

/// What the model's types cannot say: ids unique, every unit a task names
/// in the registry, every group a task names in its annex, some task.
fn validate(plan: &Plan) -> Result<(), PlanFileError> {
    if plan.meta.number.trim().is_empty() {
        return Err(invalid("payload.meta.number", "số hiệu trống"));
    }
    let mut ids = HashSet::new();
    let mut unique = |id: &str, place: &str| {
        if id.is_empty() || !ids.insert(id.to_owned()) {
            Err(invalid(place, &format!("mã “{id}” trống hoặc trùng")))
        } else {
            Ok(())
        }
    };
    for s in &plan.sections {
        unique(&s.id, "payload.sections")?;
        for p in &s.parts {
            unique(&p.id, "payload.sections.parts")?;
            for i in &p.items {
                unique(&i.id, "payload.sections.parts.items")?;
            }
        }
    }
    for a in &plan.annexes {
        unique(&a.id, "payload.annexes")?;
        for g in &a.groups {
            unique(&g.id, "payload.annexes.groups")?;
        }
        for t in &a.tasks {
            unique(&t.id, "payload.annexes.tasks")?;
        }
    }
    let mut unit_ids = HashSet::new();
    for u in &plan.units {
        if !unit_ids.insert(&u.id) {
            return Err(invalid(
                "payload.units",
                &format!("đơn vị “{}” trùng", u.id),
            ));
        }
    }
    for a in &plan.annexes {
        for t in &a.tasks {
            let units = std::iter::once(&t.lead_unit).chain(&t.coordinating);
            if let Some(u) = units.into_iter().find(|u| !unit_ids.contains(u)) {
                return Err(invalid(
                    "payload.annexes.tasks",
                    &format!(
                        "nhiệm vụ “{}” nêu đơn vị “{u}” không có trong danh mục",
                        t.id
                    ),
                ));
            }
            if let Some(g) = t
                .group
                .as_ref()
                .filter(|g| !a.groups.iter().any(|x| &x.id == *g))
            {
                return Err(invalid(
                    "payload.annexes.tasks",
                    &format!("nhiệm vụ “{}” thuộc nhóm “{g}” không có", t.id),
                ));
            }
        }
    }
    if plan.annex_tasks().next().is_none() {
        return Err(invalid("payload.annexes", "không có nhiệm vụ nào"));
    }
    Ok(())
}
