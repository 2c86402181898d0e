//! What the app lists: the trackable tasks (the annexes' tasks, plan items
//! someone has assigned, and tasks users added) and the units (the plan's
//! registry and user-added ones). Every screen, report and export reads the
//! same catalog.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::deadline::Period;
use super::plan::Plan;
use super::report::TaskInput;
use super::timing::PlanTerms;
use super::tracking::Tracking;
use super::unit::{Unit, UnitId};

/// Where a tracked task comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TaskSource {
    /// A row of an annex, with its STT.
    Annex { number: u16 },
    /// An item of the plan's body (`nv-4-2`, `tt-3`) that someone assigned.
    PlanItem { part: String },
    /// A task a user added.
    Custom,
}

/// One trackable task as listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskEntry {
    pub id: String,
    /// Listing order: annex tasks first, then plan items in document order,
    /// then user tasks in the order they were added.
    pub order: u32,
    /// The number an annex task is known by (`12`, `A.1`, `PL2.3`; see
    /// `Plan::numbered_tasks`); empty for other tasks.
    pub number: String,
    pub title: String,
    pub source: TaskSource,
    /// The lead unit the plan (or the task's creator) gave.
    pub plan_lead: Option<UnitId>,
    /// The coordinating units the annex names.
    pub plan_coordinating: Vec<UnitId>,
    /// The deadline period printed in the annex, if any.
    pub period: Option<Period>,
    pub plan_due: Option<NaiveDate>,
}

impl TaskEntry {
    /// A short reference users recognise: `Nhiệm vụ 12`, `Mục nv-4-2`.
    pub fn reference_vi(&self) -> String {
        match &self.source {
            TaskSource::Annex { .. } => format!("Nhiệm vụ {}", self.number),
            TaskSource::PlanItem { .. } => format!("Mục {}", self.id),
            TaskSource::Custom => "Nhiệm vụ bổ sung".to_string(),
        }
    }

    /// A `Thường xuyên` task.
    pub fn is_recurring(&self) -> bool {
        self.period == Some(Period::Recurring)
    }

    /// What the plan says about the task, for [`Tracking::effective`].
    pub fn terms(&self) -> PlanTerms<'_> {
        PlanTerms {
            lead: self.plan_lead.as_ref(),
            coordinating: &self.plan_coordinating,
            due: self.plan_due,
            recurring: self.is_recurring(),
        }
    }
}

/// The tasks and units of the plan with its tracking data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Catalog {
    pub tasks: Vec<TaskEntry>,
    pub units: Vec<Unit>,
    task_index: HashMap<String, usize>,
    unit_index: HashMap<UnitId, usize>,
}

impl Catalog {
    pub fn build(plan: &Plan, tracking: &Tracking) -> Catalog {
        // Annex tasks keep their document order; STTs may restart per
        // annex or group, so the position orders them.
        let mut tasks: Vec<TaskEntry> = plan
            .numbered_tasks()
            .enumerate()
            .map(|(position, (t, number))| TaskEntry {
                id: t.id.clone(),
                order: position as u32 + 1,
                number,
                title: t.title.clone(),
                source: TaskSource::Annex { number: t.number },
                plan_lead: Some(t.lead_unit.clone()),
                plan_coordinating: t.coordinating.clone(),
                period: t.deadline.map(|d| d.period),
                plan_due: t.deadline.and_then(|d| d.due),
            })
            .collect();
        // A plan item becomes a task once a record gives it a lead unit.
        let assigned = |id: &str| {
            tracking
                .record(id)
                .and_then(|r| r.lead_unit.as_ref())
                .is_some_and(|l| l.value.is_some())
        };
        for (position, (part, item)) in plan.items().enumerate() {
            if assigned(&item.id) {
                tasks.push(TaskEntry {
                    id: item.id.clone(),
                    order: 1_000 + position as u32,
                    number: String::new(),
                    title: item.text.clone(),
                    source: TaskSource::PlanItem {
                        part: part.id.clone(),
                    },
                    plan_lead: None,
                    plan_coordinating: Vec::new(),
                    period: None,
                    plan_due: None,
                });
            }
        }
        let mut custom: Vec<_> = tracking.custom_tasks.values().collect();
        custom.sort_by(|a, b| (a.created_at, &a.id).cmp(&(b.created_at, &b.id)));
        for (position, task) in custom.into_iter().enumerate() {
            tasks.push(TaskEntry {
                id: task.id.clone(),
                order: 100_000 + position as u32,
                number: String::new(),
                title: task.title.clone(),
                source: TaskSource::Custom,
                plan_lead: Some(task.lead_unit.clone()),
                plan_coordinating: Vec::new(),
                period: task.deadline.map(|d| d.period),
                plan_due: task.deadline.and_then(|d| d.due),
            });
        }
        let mut units = plan.units.clone();
        units.extend(tracking.custom_units.values().cloned());
        Catalog {
            task_index: tasks
                .iter()
                .enumerate()
                .map(|(i, t)| (t.id.clone(), i))
                .collect(),
            unit_index: units
                .iter()
                .enumerate()
                .map(|(i, u)| (u.id.clone(), i))
                .collect(),
            tasks,
            units,
        }
    }

    pub fn task(&self, id: &str) -> Option<&TaskEntry> {
        self.task_index.get(id).map(|&i| &self.tasks[i])
    }

    pub fn unit(&self, id: &UnitId) -> Option<&Unit> {
        self.unit_index.get(id).map(|&i| &self.units[i])
    }

    /// The unit's short name, or its id when it is unknown (a file from a
    /// unit this browser has not heard of).
    pub fn unit_short(&self, id: &UnitId) -> String {
        self.unit(id)
            .map_or_else(|| id.to_string(), |u| u.short.clone())
    }

    /// Descriptors for `report::Figures`.
    pub fn inputs(&self) -> Vec<TaskInput<'_>> {
        self.tasks
            .iter()
            .map(|t| TaskInput {
                id: &t.id,
                order: t.order,
                number: &t.number,
                title: &t.title,
                plan: t.terms(),
            })
            .collect()
    }
}

/// The text of a body item (`nv-4-2`, `tt-3`) or an annex task's title.
pub fn plan_text<'a>(plan: &'a Plan, id: &str) -> Option<&'a str> {
    plan.annex_tasks()
        .find(|t| t.id == id)
        .map(|t| t.title.as_str())
        .or_else(|| {
            plan.items()
                .find(|(_, i)| i.id == id)
                .map(|(_, i)| i.text.as_str())
        })
}

/// Whether an id names a task of the plan: an annex task or a body item.
pub fn is_plan_task(plan: &Plan, id: &str) -> bool {
    plan_text(plan, id).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::tracking::{CustomTask, Stamped, TaskRecord};
    use crate::seed::plan;

    fn stamped<T>(value: T) -> Stamped<T> {
        Stamped {
            value,
            at: 1,
            by: UnitId::new("so-khdt"),
            base: 0,
        }
    }

    #[test]
    fn the_seed_lists_its_36_annex_tasks_in_order() {
        let catalog = Catalog::build(plan(), &Tracking::default());
        assert_eq!(catalog.tasks.len(), 36);
        assert!(catalog.tasks.windows(2).all(|w| w[0].order < w[1].order));
        let t27 = catalog.task("pl-27").unwrap();
        assert_eq!(
            catalog.unit_short(t27.plan_lead.as_ref().unwrap()),
            "Sở TT&TT"
        );
        assert_eq!(t27.plan_due, NaiveDate::from_ymd_opt(2021, 9, 30));
        assert_eq!(t27.reference_vi(), "Nhiệm vụ 27");
    }

    #[test]
    fn assigned_plan_items_and_user_tasks_follow_the_annex() {
        let mut tracking = Tracking::default();
        let record = TaskRecord {
            lead_unit: Some(stamped(Some(UnitId::new("so-nnptnt")))),
            ..TaskRecord::default()
        };
        tracking.records.insert("nv-4-2".into(), record);
        // A record without a lead does not make an item a task.
        tracking
            .records
            .insert("nv-4-3".into(), TaskRecord::default());
        tracking.custom_tasks.insert(
            "u-so-khdt-5".into(),
            CustomTask {
                id: "u-so-khdt-5".into(),
                title: "Rà soát danh mục dự án".into(),
                lead_unit: UnitId::new("so-khdt"),
                deadline: None,
                parent: None,
                created_at: 5,
                created_by: UnitId::new("so-khdt"),
                edited: crate::model::tracking::Stamp::after(0, &UnitId::new("so-khdt"), 5),
            },
        );
        let catalog = Catalog::build(plan(), &tracking);
        let ids: Vec<_> = catalog.tasks[36..].iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["nv-4-2", "u-so-khdt-5"]);
        assert!(catalog
            .task("nv-4-2")
            .unwrap()
            .title
            .starts_with("Xây dựng nông thôn mới"));
        assert_eq!(catalog.inputs().len(), 38);
    }

    #[test]
    fn unknown_units_show_their_id() {
        let catalog = Catalog::build(plan(), &Tracking::default());
        assert_eq!(catalog.unit_short(&UnitId::new("so-y-te")), "so-y-te");
        assert_eq!(catalog.units.len(), 31);
    }

    #[test]
    fn plan_tasks_are_annex_rows_and_body_items_only() {
        assert!(is_plan_task(plan(), "pl-36"));
        assert!(is_plan_task(plan(), "tt-8"));
        assert!(is_plan_task(plan(), "nv-11-1"));
        assert!(!is_plan_task(plan(), "pl-37"));
        assert!(!is_plan_task(plan(), "nv-4"));
        assert!(plan_text(plan(), "nv-4-2")
            .unwrap()
            .starts_with("Xây dựng nông thôn mới"));
        assert!(plan_text(plan(), "pl-27")
            .unwrap()
            .starts_with("Kế hoạch ngầm hóa hạ tầng"));
    }
}
