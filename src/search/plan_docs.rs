//! The plan and what users recorded about it as search documents: one per
//! heading, paragraph, item, annex task, added task, dated note and reason,
//! each with where it sits in words and, as its id, the address it leads to.
//! Pure; knows the plan's id scheme (`tt-`, `nv-`, `pl-`) from `model::plan`.

use std::collections::HashSet;

use super::SearchDoc;
use crate::i18n::{format_date, Lang};
use crate::model::plan::{Part, Plan, Section};
use crate::model::tracking::{TaskRecord, Tracking};
use crate::model::unit::{Unit, UnitId};
use crate::route::Route;

/// The id of the reader's signature block (signer and recipients), which has
/// no id in the plan model.
pub const SIGNATURE_ANCHOR: &str = "chu-ky";

/// Separates the steps of a location.
const STEP: &str = " › ";

/// Every searchable text of `plan` and `tracking`, in reading order: the
/// plan's body, the annex, tasks users added, then notes and reasons task by
/// task in that same order. Locations are in `lang`; texts never are
/// translated. Blank notes and reasons are left out.
pub fn plan_docs(plan: &Plan, tracking: &Tracking, lang: Lang) -> Vec<SearchDoc> {
    let mut docs = Vec::new();
    let mut push = |route: Route, location: String, text: &str| {
        if !text.trim().is_empty() {
            docs.push(SearchDoc {
                id: route.href(),
                location,
                text: text.to_string(),
            });
        }
    };
    let at = |anchor: &str| Route::Plan {
        anchor: Some(anchor.to_string()),
    };
    let top = || Route::Plan { anchor: None };
    let meta = &plan.meta;

    push(
        top(),
        lang.pick("Tiêu đề", "Title").into(),
        &format!("{} {}", meta.kind, meta.title),
    );
    for paragraph in &plan.preamble {
        push(top(), lang.pick("Mở đầu", "Introduction").into(), paragraph);
    }
    // Labels of the tasks notes can be about, in plan order.
    let mut tasks: Vec<(String, String)> = Vec::new();
    for section in &plan.sections {
        push(at(&section.id), section.numeral.clone(), &section.heading);
        for part in &section.parts {
            let where_part = part_location(section, part, lang);
            push(at(&part.id), where_part.clone(), &part.heading);
            for (n, paragraph) in part.paragraphs.iter().enumerate() {
                let label = format!("{} {}", lang.pick("đoạn", "paragraph"), n + 1);
                push(at(&part.id), join(&where_part, part, &label), paragraph);
            }
            for item in &part.items {
                let noun = if item.id.starts_with("tt-") {
                    lang.pick("Trọng tâm", "Focus")
                } else {
                    lang.pick("mục", "item")
                };
                let location = join(&where_part, part, &format!("{noun} {}", item.number));
                push(at(&item.id), location.clone(), &item.text);
                tasks.push((item.id.clone(), location));
            }
        }
    }
    let signature = lang.pick("Chữ ký", "Signature");
    let signer = format!("{} {}", meta.signer_capacity.join(" "), meta.signer);
    push(at(SIGNATURE_ANCHOR), signature.into(), &signer);
    push(
        at(SIGNATURE_ANCHOR),
        lang.pick("Nơi nhận", "Recipients").into(),
        &meta.recipients.join("; "),
    );

    let annex = lang.pick("Phụ lục", "Annex");
    let units = Units::new(plan, tracking);
    for a in &plan.annexes {
        push(
            at(&a.id),
            annex.into(),
            &format!(
                "{} {}",
                a.title_lines.join(" "),
                a.subtitle.as_deref().unwrap_or_default()
            ),
        );
    }
    for task in plan.annex_tasks() {
        let label = format!("{} {}", lang.pick("Nhiệm vụ", "Task"), task.number);
        let unit = units.get(&task.lead_unit);
        let location = format!("{annex}{STEP}{label} ({})", unit.short);
        push(
            Route::Task(task.id.clone()),
            location,
            &format!("{} — {}", task.title, describe(&unit)),
        );
        tasks.push((task.id.clone(), label));
    }
    for task in tracking.custom_tasks.values() {
        let unit = units.get(&task.lead_unit);
        let added = lang.pick("Nhiệm vụ bổ sung", "Added task");
        push(
            Route::Task(task.id.clone()),
            format!("{added} ({})", unit.short),
            &format!("{} — {}", task.title, describe(&unit)),
        );
        tasks.push((task.id.clone(), format!("{added}: {}", task.title)));
    }

    // Records of tasks the plan does not know (an id from a newer file) are
    // still searchable, labelled by their id.
    let known: HashSet<&str> = tasks.iter().map(|(id, _)| id.as_str()).collect();
    let unknown: Vec<(String, String)> = tracking
        .records
        .keys()
        .filter(|id| !known.contains(id.as_str()))
        .map(|id| (id.clone(), id.clone()))
        .collect();
    for (id, label) in tasks.iter().chain(&unknown) {
        if let Some(record) = tracking.record(id) {
            for (location, text) in record_texts(record, label, lang) {
                push(Route::Task(id.clone()), location, text);
            }
        }
    }
    docs
}

/// Where a part sits: `II › Nhóm 4` for a group of tasks, `I › 3.` otherwise.
fn part_location(section: &Section, part: &Part, lang: Lang) -> String {
    if part.id.starts_with("nv-") {
        let group = lang.pick("Nhóm", "Group");
        format!("{}{STEP}{group} {}", section.numeral, part.number)
    } else {
        format!("{}{STEP}{}.", section.numeral, part.number)
    }
}

/// A step below a part: `II › Nhóm 4 › mục 2`, or `I › 3. Trọng tâm 2`
/// where the part is a number.
fn join(part_location: &str, part: &Part, step: &str) -> String {
    let sep = if part.id.starts_with("nv-") {
        STEP
    } else {
        " "
    };
    format!("{part_location}{sep}{step}")
}

/// The dated notes of a task, oldest first, then its reason.
fn record_texts<'r>(record: &'r TaskRecord, task: &str, lang: Lang) -> Vec<(String, &'r str)> {
    let mut updates: Vec<_> = record.updates.values().collect();
    updates.sort_by_key(|u| (u.date, u.at));
    let mut texts: Vec<(String, &str)> = updates
        .into_iter()
        .map(|u| {
            let note = lang.pick("Ghi chú ngày", "Note of");
            let location = format!("{note} {} · {task}", format_date(u.date));
            (location, u.text.as_str())
        })
        .collect();
    if let Some(reason) = &record.reason {
        let label = lang.pick(
            "Lý do dừng hoặc điều chỉnh",
            "Reason for stopping or adjusting",
        );
        texts.push((format!("{label} · {task}"), reason.value.as_str()));
    }
    texts
}

/// The plan's units and those users added, by id.
struct Units(Vec<Unit>);

impl Units {
    fn new(plan: &Plan, tracking: &Tracking) -> Self {
        let mut units = plan.units.clone();
        units.extend(tracking.custom_units.values().cloned());
        Units(units)
    }

    /// The unit, or one named by its bare id when nobody defined it.
    fn get(&self, id: &UnitId) -> Unit {
        self.0
            .iter()
            .find(|u| &u.id == id)
            .cloned()
            .unwrap_or_else(|| Unit {
                id: id.clone(),
                short: id.to_string(),
                name: id.to_string(),
                kind: crate::model::unit::UnitKind::Department,
                builtin: false,
            })
    }
}

/// How a unit reads in a searched text: its short form, and its full name
/// when that says more (`Sở KH&ĐT (Sở Kế hoạch và Đầu tư)`).
fn describe(unit: &Unit) -> String {
    if unit.name == unit.short {
        unit.short.clone()
    } else {
        format!("{} ({})", unit.short, unit.name)
    }
}
