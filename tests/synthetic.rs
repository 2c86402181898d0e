//! The synthetic plans of the benchmark: deterministic, of the stated shape,
//! in Vietnamese with diacritics, and files the app reads back.

use chrono::NaiveDate;
use ke_hoach::exchange::{read_file, PlanRef};
use ke_hoach::model::catalog::{is_plan_task, Catalog};
use ke_hoach::model::synthetic::{
    synthetic_file, synthetic_tracking, SIZES, UNITS, UPDATES_PER_TASK,
};
use ke_hoach::model::tracking::Status;
use ke_hoach::model::unit::{builtin_units, UnitId};
use ke_hoach::search::fold;
use ke_hoach::seed;

fn plan_ref() -> PlanRef {
    let plan = seed::plan();
    PlanRef::new(
        plan.meta.number.clone(),
        plan.meta.year,
        seed::plan().content_fingerprint(),
    )
}

#[test]
fn the_same_size_and_seed_give_the_same_data() {
    assert_eq!(synthetic_tracking(300, 7), synthetic_tracking(300, 7));
    assert_eq!(synthetic_file(50, 7, true), synthetic_file(50, 7, true));
    assert_ne!(synthetic_tracking(300, 7), synthetic_tracking(300, 8));
    // A larger plan starts with the smaller one's units.
    let small = synthetic_tracking(10, 7);
    let large = synthetic_tracking(20, 7);
    assert_eq!(small.custom_units, large.custom_units);
}

#[test]
fn a_plan_has_its_units_tasks_and_dated_updates() {
    let tasks = 1_000;
    let tracking = synthetic_tracking(tasks, 1);
    assert_eq!(tracking.custom_units.len(), UNITS);
    assert_eq!(tracking.custom_tasks.len(), tasks);
    assert_eq!(tracking.records.len(), tasks);
    let shorts: std::collections::BTreeSet<_> = tracking
        .custom_units
        .values()
        .map(|u| u.short.to_lowercase())
        .collect();
    assert_eq!(shorts.len(), UNITS, "unit short forms are distinct");
    let year = (
        NaiveDate::from_ymd_opt(2021, 1, 1).unwrap(),
        NaiveDate::from_ymd_opt(2021, 12, 31).unwrap(),
    );
    for (id, task) in &tracking.custom_tasks {
        assert!(tracking.custom_units.contains_key(&task.lead_unit));
        let due = task
            .deadline
            .and_then(|d| d.due)
            .expect("every task has a due date");
        assert!(year.0 <= due && due <= year.1);
        let record = &tracking.records[id];
        assert_eq!(record.updates.len(), UPDATES_PER_TASK);
        let mut updates: Vec<_> = record.updates.values().collect();
        updates.sort_by_key(|u| u.date);
        assert!(updates.windows(2).all(|w| w[0].date < w[1].date));
        assert!(updates.iter().all(|u| year.0 <= u.date && u.date <= year.1));
        assert!(updates.windows(2).all(|w| w[0].progress <= w[1].progress));
        assert!(updates.iter().all(|u| u.unit == task.lead_unit));
        let last = updates.last().unwrap();
        assert_eq!(record.status.as_ref().unwrap().value, last.status);
        assert_eq!(record.progress.as_ref().unwrap().value, last.progress);
        assert_eq!(last.status == Status::Done, last.progress == 100);
    }
    // Ids neither collide with the plan nor with each other.
    let plan = seed::plan();
    assert!(tracking
        .custom_tasks
        .keys()
        .all(|id| !is_plan_task(plan, id)));
    let builtin = builtin_units();
    assert!(tracking
        .custom_units
        .keys()
        .all(|id| builtin.iter().all(|b| &b.id != id)));
}

#[test]
fn texts_are_vietnamese_with_diacritics() {
    let tracking = synthetic_tracking(200, 3);
    let accented = |s: &str| fold(s) != s.to_lowercase();
    assert!(tracking.custom_tasks.values().all(|t| accented(&t.title)));
    assert!(tracking
        .records
        .values()
        .flat_map(|r| r.updates.values())
        .all(|u| accented(&u.text)));
    assert!(tracking.custom_units.values().all(|u| accented(&u.name)));
    // Some wording searched by the benchmark occurs.
    assert!(tracking
        .custom_tasks
        .values()
        .any(|t| fold(&t.title).contains("thuy loi")));
}

#[test]
fn the_files_read_back_as_the_same_tracking() {
    let plan = seed::plan();
    for pretty in [true, false] {
        let text = synthetic_file(SIZES[0], 5, pretty);
        let read = read_file(
            &text,
            &plan_ref(),
            &|u| builtin_units().iter().any(|b| b.id.as_str() == u),
            &|t| is_plan_task(plan, t),
        )
        .expect("a synthetic file reads back");
        assert!(read.checksum_ok);
        assert!(read.warnings.is_empty(), "{:?}", read.warnings);
        assert_eq!(read.tracking, synthetic_tracking(SIZES[0], 5));
        assert_eq!(read.head.exported_by, Some(UnitId::new("so-khdt")));
    }
}

#[test]
fn the_catalog_lists_every_task_after_the_annex() {
    let tracking = synthetic_tracking(500, 2);
    let catalog = Catalog::build(seed::plan(), &tracking);
    assert_eq!(catalog.tasks.len(), 36 + 500);
    assert_eq!(catalog.units.len(), builtin_units().len() + UNITS);
    assert!(catalog.tasks.windows(2).all(|w| w[0].order < w[1].order));
}
