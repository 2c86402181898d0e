//! Merge: the plan shown before applying (additions, changes, conflicts) and
//! the laws applying must keep: idempotent, order-independent, a no-op for
//! one's own export, and never losing anything.

mod exchange_support;

use exchange_support::*;
use ke_hoach::exchange::merge::{MergeKey, MergeValue, TrackedField};
use ke_hoach::exchange::{
    apply_merge, export_full, plan_merge, write_file, Choices, FileLabel, Side,
};
use ke_hoach::model::tracking::{CustomTask, Status, TaskRecord, Tracking};
use proptest::prelude::*;

fn label(s: &str) -> FileLabel {
    FileLabel(s.to_owned())
}

fn merge(local: &Tracking, incoming: &[&Tracking]) -> Tracking {
    let files: Vec<_> = incoming
        .iter()
        .enumerate()
        .map(|(i, t)| (label(&format!("f{i}")), (*t).clone()))
        .collect();
    apply_merge(local, &plan_merge(local, &files), &Choices::new())
}

fn with_status(status: Status, at: i64, by: &str, base: i64) -> Tracking {
    let mut t = Tracking::default();
    t.records.insert(
        "pl-1".into(),
        TaskRecord {
            status: stamped(status, at, by, base),
            ..TaskRecord::default()
        },
    );
    t
}

fn status_key() -> MergeKey {
    MergeKey::Field {
        task: "pl-1".into(),
        field: TrackedField::Status,
    }
}

#[test]
fn an_edit_on_top_of_local_fast_forwards() {
    let local = with_status(Status::InProgress, 5, "so-khdt", 0);
    let incoming = with_status(Status::Done, 9, "so-tai-chinh", 5);
    let plan = plan_merge(&local, &[(label("so-tai-chinh.json"), incoming.clone())]);
    assert!(plan.conflicts.is_empty());
    let change = &plan.files[0].changes[0];
    assert_eq!(change.key, status_key());
    assert!(!change.conflict);
    assert_eq!(change.local.as_ref().unwrap().by, Some(unit("so-khdt")));
    assert_eq!(change.incoming.at, Some(9));
    assert_eq!(apply_merge(&local, &plan, &Choices::new()), incoming);
}

#[test]
fn an_older_value_local_already_built_on_changes_nothing() {
    let local = with_status(Status::Done, 9, "so-khdt", 5);
    let incoming = with_status(Status::InProgress, 5, "so-tai-chinh", 0);
    let plan = plan_merge(&local, &[(label("old.json"), incoming)]);
    assert!(plan.conflicts.is_empty());
    assert!(plan.files[0].changes.is_empty());
    assert_eq!(plan.files[0].unchanged, 1);
    assert_eq!(apply_merge(&local, &plan, &Choices::new()), local);
}

#[test]
fn concurrent_edits_conflict_later_wins_by_default_and_choices_override() {
    let local = with_status(Status::Stopped, 7, "so-khdt", 0);
    let incoming = with_status(Status::Done, 8, "so-tai-chinh", 0);
    let plan = plan_merge(&local, &[(label("so-tai-chinh.json"), incoming.clone())]);
    assert_eq!(plan.conflicts.len(), 1);
    let conflict = &plan.conflicts[0];
    assert_eq!(conflict.key, status_key());
    assert_eq!(conflict.default, Side::Theirs);
    assert_eq!(conflict.incoming[0].0, label("so-tai-chinh.json"));
    assert!(plan.files[0].changes[0].conflict);
    assert_eq!(apply_merge(&local, &plan, &Choices::new()), incoming);
    let mine = Choices::from([(status_key(), Side::Mine)]);
    assert_eq!(apply_merge(&local, &plan, &mine), local);
}

#[test]
fn the_same_value_on_both_sides_is_no_conflict() {
    let local = with_status(Status::Done, 7, "so-khdt", 0);
    let incoming = with_status(Status::Done, 8, "so-tai-chinh", 0);
    let plan = plan_merge(&local, &[(label("f"), incoming)]);
    assert!(plan.conflicts.is_empty());
    assert_eq!(plan.files[0].unchanged, 1);
}

#[test]
fn ties_in_time_are_broken_by_unit_then_value_whatever_the_order() {
    let a = with_status(Status::Done, 7, "so-khdt", 0);
    let b = with_status(Status::Stopped, 7, "so-tai-chinh", 0);
    assert_eq!(merge(&a, &[&b]), b);
    assert_eq!(merge(&b, &[&a]), b);
    let c = with_status(Status::Adjusted, 7, "so-tai-chinh", 0);
    assert_eq!(merge(&b, &[&c]), merge(&c, &[&b]));
}

#[test]
fn two_files_disagreeing_conflict_even_when_local_has_nothing() {
    let local = Tracking::default();
    let a = with_status(Status::Done, 7, "so-khdt", 0);
    let b = with_status(Status::Stopped, 8, "so-tai-chinh", 0);
    let plan = plan_merge(&local, &[(label("a"), a), (label("b"), b.clone())]);
    assert_eq!(plan.conflicts.len(), 1);
    assert_eq!(plan.conflicts[0].incoming.len(), 2);
    assert!(plan.conflicts[0].local.is_none());
    assert_eq!(apply_merge(&local, &plan, &Choices::new()), b);
}

#[test]
fn updates_are_a_union_and_never_conflict() {
    let mut local = Tracking::default();
    let mut incoming = Tracking::default();
    let mine = update(
        "so-khdt",
        5,
        date(2021, 3, 1),
        "Của tôi",
        Status::InProgress,
        10,
    );
    let theirs = update(
        "so-tai-chinh",
        6,
        date(2021, 3, 2),
        "Của họ",
        Status::InProgress,
        20,
    );
    local
        .records
        .entry("pl-1".into())
        .or_default()
        .updates
        .insert(mine.id.clone(), mine.clone());
    incoming
        .records
        .entry("pl-1".into())
        .or_default()
        .updates
        .insert(theirs.id.clone(), theirs.clone());
    let plan = plan_merge(&local, &[(label("f"), incoming)]);
    assert!(plan.conflicts.is_empty());
    assert_eq!(
        plan.files[0].added_updates,
        vec![("pl-1".to_owned(), theirs.id.clone())]
    );
    let merged = apply_merge(&local, &plan, &Choices::new());
    let ids: Vec<_> = merged.records["pl-1"].updates.keys().cloned().collect();
    assert_eq!(ids, vec![mine.id, theirs.id]);
}

#[test]
fn custom_tasks_union_by_id_and_differing_content_conflicts() {
    let task = |title: &str, at: i64| CustomTask {
        id: "u-so-khdt-1".into(),
        title: title.into(),
        lead_unit: unit("so-khdt"),
        deadline: None,
        parent: None,
        created_at: at,
        created_by: unit("so-khdt"),
    };
    let mut local = Tracking::default();
    local
        .custom_tasks
        .insert("u-so-khdt-1".into(), task("Tên cũ", 1));
    let mut incoming = Tracking::default();
    incoming
        .custom_tasks
        .insert("u-so-khdt-1".into(), task("Tên mới", 2));
    let plan = plan_merge(&local, &[(label("f"), incoming.clone())]);
    assert_eq!(plan.conflicts.len(), 1);
    assert!(
        matches!(&plan.conflicts[0].incoming[0].1.value, MergeValue::CustomTask(t) if t.title == "Tên mới")
    );
    assert_eq!(
        apply_merge(&local, &plan, &Choices::new()).custom_tasks,
        incoming.custom_tasks
    );

    let mut other = Tracking::default();
    other.custom_tasks.insert(
        "u-so-tai-chinh-2".into(),
        CustomTask {
            id: "u-so-tai-chinh-2".into(),
            ..task("Khác", 3)
        },
    );
    let plan = plan_merge(&local, &[(label("g"), other)]);
    assert_eq!(
        plan.files[0].added_tasks,
        vec!["u-so-tai-chinh-2".to_owned()]
    );
    assert_eq!(
        apply_merge(&local, &plan, &Choices::new())
            .custom_tasks
            .len(),
        2
    );
}

#[test]
fn importing_the_sample_into_itself_changes_nothing() {
    let t = sample_tracking();
    let plan = plan_merge(&t, &[(label("self"), t.clone())]);
    assert!(plan.conflicts.is_empty());
    assert!(plan.files[0].changes.is_empty() && plan.files[0].added_updates.is_empty());
    assert!(plan.files[0].unchanged > 10);
    assert_eq!(apply_merge(&t, &plan, &Choices::new()), t);
}

/// Every value of `merged` for every key is one of the sides' values, and
/// every update and custom item of every side is there.
fn nothing_lost(merged: &Tracking, sides: &[&Tracking]) -> Result<(), TestCaseError> {
    for side in sides {
        for (task, r) in &side.records {
            let m = merged
                .records
                .get(task)
                .ok_or_else(|| TestCaseError::fail(format!("record {task} lost")))?;
            for id in r.updates.keys() {
                prop_assert!(m.updates.contains_key(id), "update {id} of {task} lost");
            }
        }
        for id in side.custom_tasks.keys() {
            prop_assert!(merged.custom_tasks.contains_key(id));
        }
        for id in side.custom_units.keys() {
            prop_assert!(merged.custom_units.contains_key(id));
        }
    }
    for (task, m) in &merged.records {
        type Show = fn(&TaskRecord) -> String;
        let fields: [(&str, Show); 8] = [
            ("status", |r| format!("{:?}", r.status)),
            ("progress", |r| format!("{:?}", r.progress)),
            ("reason", |r| format!("{:?}", r.reason)),
            ("completed_on", |r| format!("{:?}", r.completed_on)),
            ("document", |r| format!("{:?}", r.document)),
            ("lead_unit", |r| format!("{:?}", r.lead_unit)),
            ("coordinating", |r| format!("{:?}", r.coordinating)),
            ("due", |r| format!("{:?}", r.due)),
        ];
        let empty = TaskRecord::default();
        for (name, show) in fields {
            let ok = sides
                .iter()
                .any(|s| show(s.records.get(task).unwrap_or(&empty)) == show(m));
            prop_assert!(ok, "{} of {} is no side's value", name, task);
        }
        for (id, u) in &m.updates {
            prop_assert!(sides
                .iter()
                .any(|s| s.records.get(task).and_then(|r| r.updates.get(id)) == Some(u)));
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn merging_is_idempotent(a in arb::tracking(), b in arb::tracking()) {
        let once = merge(&a, &[&b]);
        prop_assert_eq!(&merge(&once, &[&b]), &once);
        prop_assert_eq!(&merge(&once, &[&once]), &once);
    }

    #[test]
    fn merging_does_not_depend_on_order(l in arb::tracking(), a in arb::tracking(), b in arb::tracking()) {
        let a_then_b = merge(&merge(&l, &[&a]), &[&b]);
        let b_then_a = merge(&merge(&l, &[&b]), &[&a]);
        let both = merge(&l, &[&a, &b]);
        let both_reversed = merge(&l, &[&b, &a]);
        prop_assert_eq!(&a_then_b, &b_then_a);
        prop_assert_eq!(&a_then_b, &both);
        prop_assert_eq!(&both, &both_reversed);
    }

    #[test]
    fn importing_ones_own_export_changes_nothing(t in arb::tracking()) {
        let text = write_file(&export_full(&t, &meta(None)));
        let read = ke_hoach::exchange::read_file(&text, &plan_ref(), &|_| true, &|_| true).unwrap();
        let plan = plan_merge(&t, &[(label("own"), read.tracking)]);
        prop_assert!(plan.conflicts.is_empty());
        prop_assert!(plan.files[0].changes.is_empty());
        prop_assert_eq!(apply_merge(&t, &plan, &Choices::new()), t);
    }

    #[test]
    fn nothing_is_ever_lost(l in arb::tracking(), a in arb::tracking(), b in arb::tracking()) {
        nothing_lost(&merge(&l, &[&a, &b]), &[&l, &a, &b])?;
    }

    #[test]
    fn choices_pick_a_side_and_lose_nothing(l in arb::tracking(), a in arb::tracking(), mine in any::<bool>()) {
        let plan = plan_merge(&l, &[(label("a"), a.clone())]);
        let side = if mine { Side::Mine } else { Side::Theirs };
        let choices: Choices = plan.conflicts.iter().map(|c| (c.key.clone(), side)).collect();
        let merged = apply_merge(&l, &plan, &choices);
        nothing_lost(&merged, &[&l, &a])?;
        for c in &plan.conflicts {
            // Every conflict shows two different values.
            let mut values: Vec<_> = c.incoming.iter().map(|(_, v)| &v.value).chain(c.local.as_ref().map(|v| &v.value)).collect();
            values.dedup();
            prop_assert!(values.len() > 1, "{:?}", c);
            if let MergeKey::Field { task, field: TrackedField::Status } = &c.key {
                let got = merged.records.get(task).and_then(|r| r.status.clone());
                let want = if mine { l.records.get(task).and_then(|r| r.status.clone()) } else { a.records[task].status.clone() };
                prop_assert_eq!(got, want);
            }
        }
    }
}
