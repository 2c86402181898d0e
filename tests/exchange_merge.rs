//! Merge: the plan shown before applying (additions, changes, removals,
//! conflicts) and the laws applying must keep: idempotent, commutative and
//! associative with removals, a no-op for one's own export, a removal never
//! undone by an older copy, any version of a conflict choosable, and never
//! losing anything else.

mod exchange_support;

use exchange_support::*;
use ke_hoach::exchange::merge::{MergeValue, Pick, Resolver};
use ke_hoach::exchange::{
    apply_merge, export_full, join, plan_merge, write_file, Choices, FileLabel,
};
use ke_hoach::model::tracking::{
    CustomTask, ItemKey, Stamp, Stamped, Status, TaskRecord, TrackedField, Tracking,
};
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
    apply_merge(local, &plan_merge(local, &files), &Choices::new(), None)
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

fn status_key() -> ItemKey {
    ItemKey::Field {
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
    assert_eq!(apply_merge(&local, &plan, &Choices::new(), None), incoming);
}

#[test]
fn an_older_value_local_already_built_on_changes_nothing() {
    let local = with_status(Status::Done, 9, "so-khdt", 5);
    let incoming = with_status(Status::InProgress, 5, "so-tai-chinh", 0);
    let plan = plan_merge(&local, &[(label("old.json"), incoming)]);
    assert!(plan.conflicts.is_empty());
    assert!(plan.files[0].changes.is_empty());
    assert_eq!(plan.files[0].unchanged, 1);
    assert_eq!(apply_merge(&local, &plan, &Choices::new(), None), local);
}

#[test]
fn concurrent_edits_conflict_later_wins_by_default_and_choices_override() {
    let local = with_status(Status::Stopped, 7, "so-khdt", 0);
    let incoming = with_status(Status::Done, 8, "so-tai-chinh", 0);
    let plan = plan_merge(&local, &[(label("so-tai-chinh.json"), incoming.clone())]);
    assert_eq!(plan.conflicts.len(), 1);
    let conflict = &plan.conflicts[0];
    assert_eq!(conflict.key, status_key());
    assert_eq!(conflict.default, Pick::File(label("so-tai-chinh.json")));
    assert_eq!(conflict.incoming[0].0, label("so-tai-chinh.json"));
    assert!(plan.files[0].changes[0].conflict);
    assert_eq!(apply_merge(&local, &plan, &Choices::new(), None), incoming);
    let mine = Choices::from([(status_key(), Pick::Local)]);
    assert_eq!(apply_merge(&local, &plan, &mine, None), local);
    // Chosen by a unit, the kept value is its edit, later than both.
    let by = unit("so-khdt");
    let resolved = apply_merge(&local, &plan, &mine, Some(Resolver { by: &by, now: 9 }));
    let status = resolved.records["pl-1"].status.clone().unwrap();
    assert_eq!(
        (status.value, status.at, status.base),
        (Status::Stopped, 9, 8)
    );
    // Importing the same file again then changes nothing.
    let again = plan_merge(&resolved, &[(label("so-tai-chinh.json"), incoming)]);
    assert!(again.conflicts.is_empty() && again.files[0].changes.is_empty());
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
    assert_eq!(apply_merge(&local, &plan, &Choices::new(), None), b);
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
    let merged = apply_merge(&local, &plan, &Choices::new(), None);
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
        created_at: 1,
        created_by: unit("so-khdt"),
        edited: Stamp::after(1, &unit("so-khdt"), at),
    };
    let mut local = Tracking::default();
    local
        .custom_tasks
        .insert("u-so-khdt-1".into(), task("Tên cũ", 2));
    let mut incoming = Tracking::default();
    incoming
        .custom_tasks
        .insert("u-so-khdt-1".into(), task("Tên mới", 3));
    let plan = plan_merge(&local, &[(label("f"), incoming.clone())]);
    assert_eq!(plan.conflicts.len(), 1);
    assert!(
        matches!(&plan.conflicts[0].incoming[0].1.value, MergeValue::CustomTask(t) if t.title == "Tên mới")
    );
    assert_eq!(
        apply_merge(&local, &plan, &Choices::new(), None).custom_tasks,
        incoming.custom_tasks
    );
    // A rename made later wins over an earlier one, whatever the titles.
    let mut renamed = local.clone();
    let later = renamed.custom_tasks.get_mut("u-so-khdt-1").unwrap();
    later.title = "A trước".into();
    later.edited = Stamp::after(later.edited.at, &unit("so-khdt"), 50);
    assert_eq!(
        merge(&incoming, &[&renamed]).custom_tasks["u-so-khdt-1"].title,
        "A trước"
    );
    assert_eq!(
        merge(&renamed, &[&incoming]).custom_tasks["u-so-khdt-1"].title,
        "A trước"
    );

    let mut other = Tracking::default();
    other.custom_tasks.insert(
        "u-so-tai-chinh-2".into(),
        CustomTask {
            id: "u-so-tai-chinh-2".into(),
            ..task("Khác", 4)
        },
    );
    let plan = plan_merge(&local, &[(label("g"), other)]);
    assert_eq!(
        plan.files[0].added_tasks,
        vec!["u-so-tai-chinh-2".to_owned()]
    );
    assert_eq!(
        apply_merge(&local, &plan, &Choices::new(), None)
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
    assert_eq!(apply_merge(&t, &plan, &Choices::new(), None), t);
}

/// Every value of `merged` for every key is one of the sides' values, and
/// every update and custom item of every side is there, unless a removal
/// of it is.
fn nothing_lost(merged: &Tracking, sides: &[&Tracking]) -> Result<(), TestCaseError> {
    let gone = |key: ItemKey| merged.removals.contains_key(&key);
    for side in sides {
        for (task, r) in &side.records {
            let m = merged
                .records
                .get(task)
                .ok_or_else(|| TestCaseError::fail(format!("record {task} lost")))?;
            for id in r.updates.keys() {
                let key = ItemKey::Update {
                    task: task.clone(),
                    id: id.clone(),
                };
                prop_assert!(
                    m.updates.contains_key(id) || gone(key),
                    "update {id} of {task} lost"
                );
            }
        }
        for id in side.custom_tasks.keys() {
            prop_assert!(
                merged.custom_tasks.contains_key(id) || gone(ItemKey::CustomTask(id.clone()))
            );
        }
        for id in side.custom_units.keys() {
            prop_assert!(
                merged.custom_units.contains_key(id) || gone(ItemKey::CustomUnit(id.clone()))
            );
        }
        for (key, r) in &side.removals {
            prop_assert!(
                merged.removals.get(key) == Some(r)
                    || merged.removals.get(key).is_some_and(|m| m.at >= r.at)
                    || state_held(merged, key),
                "removal of {key:?} lost"
            );
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

/// Whether `t` holds `key` as an item.
fn state_held(t: &Tracking, key: &ItemKey) -> bool {
    match key {
        ItemKey::Field { task, field } => t
            .records
            .get(task)
            .is_some_and(|r| r.stamp(*field).is_some()),
        ItemKey::Update { task, id } => t
            .records
            .get(task)
            .is_some_and(|r| r.updates.contains_key(id)),
        ItemKey::CustomTask(id) => t.custom_tasks.contains_key(id),
        ItemKey::CustomUnit(id) => t.custom_units.contains_key(id),
    }
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
        prop_assert_eq!(apply_merge(&t, &plan, &Choices::new(), None), t);
    }

    #[test]
    fn nothing_is_ever_lost(l in arb::tracking(), a in arb::tracking(), b in arb::tracking()) {
        nothing_lost(&merge(&l, &[&a, &b]), &[&l, &a, &b])?;
    }

    #[test]
    fn any_version_of_a_conflict_can_be_kept(
        l in arb::tracking(), a in arb::tracking(), b in arb::tracking(), pick in 0usize..3, resolve in any::<bool>()
    ) {
        let files = [(label("a"), a.clone()), (label("b"), b.clone())];
        let plan = plan_merge(&l, &files);
        let wanted = [Pick::Local, Pick::File(label("a")), Pick::File(label("b"))];
        // Where the wanted version does not exist, the first offered one.
        let choices: Choices = plan
            .conflicts
            .iter()
            .map(|c| {
                let p = &wanted[pick];
                let offered = c.version(p).is_some() || (*p == Pick::Local && matches!(c.key, ItemKey::Field { .. }));
                (c.key.clone(), if offered { p.clone() } else { Pick::File(c.incoming[0].0.clone()) })
            })
            .collect();
        let by = unit("so-khdt");
        let resolver = resolve.then_some(Resolver { by: &by, now: 100 });
        let merged = apply_merge(&l, &plan, &choices, resolver);
        nothing_lost_but_choices(&merged, &[&l, &a, &b], &plan)?;
        for c in &plan.conflicts {
            // Every conflict shows at least two different values.
            let mut values: Vec<_> = c.incoming.iter().map(|(_, v)| &v.value).chain(c.local.as_ref().map(|v| &v.value)).collect();
            values.sort_by_key(|v| format!("{v:?}"));
            values.dedup();
            prop_assert!(values.len() > 1, "{:?}", c);
            let want = c.version(&choices[&c.key]).map(|v| norm(v.value.clone())).filter(|v| *v != MergeValue::Removed);
            prop_assert_eq!(value_of(&merged, &c.key), want, "{:?}", c.key);
        }
        // A choice made by a unit is stamped after every version it chose
        // among: importing the same files again keeps it.
        if resolve {
            let again = apply_merge(&merged, &plan_merge(&merged, &files), &Choices::new(), None);
            // Notes and units have no stamp of their own to renew.
            for c in plan.conflicts.iter().filter(|c| matches!(c.key, ItemKey::Field { .. } | ItemKey::CustomTask(_))) {
                prop_assert_eq!(value_of(&again, &c.key), value_of(&merged, &c.key));
            }
        }
    }
}

/// `nothing_lost`, but only for the keys no choice was made on.
fn nothing_lost_but_choices(
    merged: &Tracking,
    sides: &[&Tracking],
    plan: &ke_hoach::exchange::MergePlan,
) -> Result<(), TestCaseError> {
    let chosen: std::collections::BTreeSet<&ItemKey> =
        plan.conflicts.iter().map(|c| &c.key).collect();
    for side in sides {
        for (task, r) in &side.records {
            for id in r.updates.keys() {
                let key = ItemKey::Update {
                    task: task.clone(),
                    id: id.clone(),
                };
                if !chosen.contains(&key) {
                    prop_assert!(
                        state_held(merged, &key) || merged.removals.contains_key(&key),
                        "{key:?} lost"
                    );
                }
            }
        }
    }
    Ok(())
}

/// The value a tracking holds for a key, as the merge names values; `None`
/// when absent or removed. A user task's stamp is left out: a choice
/// stamps it anew.
fn value_of(t: &Tracking, key: &ItemKey) -> Option<MergeValue> {
    use ke_hoach::exchange::merge::FieldValue as V;
    match key {
        ItemKey::Field { task, field } => {
            let r = t.records.get(task)?;
            match field {
                TrackedField::Status => r.status.as_ref().map(|s| V::Status(s.value)),
                TrackedField::Progress => r.progress.as_ref().map(|s| V::Progress(s.value)),
                TrackedField::Reason => r.reason.as_ref().map(|s| V::Text(s.value.clone())),
                TrackedField::CompletedOn => r.completed_on.as_ref().map(|s| V::Date(s.value)),
                TrackedField::Document => r.document.as_ref().map(|s| V::Document(s.value.clone())),
                TrackedField::LeadUnit => r.lead_unit.as_ref().map(|s| V::Unit(s.value.clone())),
                TrackedField::Coordinating => {
                    r.coordinating.as_ref().map(|s| V::Units(s.value.clone()))
                }
                TrackedField::Due => r.due.as_ref().map(|s| V::Date(s.value)),
            }
            .map(MergeValue::Field)
        }
        ItemKey::Update { task, id } => t
            .records
            .get(task)?
            .updates
            .get(id)
            .cloned()
            .map(MergeValue::Update),
        ItemKey::CustomTask(id) => t.custom_tasks.get(id).cloned().map(MergeValue::CustomTask),
        ItemKey::CustomUnit(id) => t.custom_units.get(id).cloned().map(MergeValue::CustomUnit),
    }
    .map(norm)
}

/// A value with a user task's stamp left out.
fn norm(v: MergeValue) -> MergeValue {
    match v {
        MergeValue::CustomTask(c) => MergeValue::CustomTask(CustomTask {
            edited: Stamp::after(0, &unit("x"), 0),
            ..c
        }),
        v => v,
    }
}

/// The state of one key after a merge: its value, its removal, or nothing.
fn state_of(t: &Tracking, key: &ItemKey) -> String {
    let removed = t
        .removals
        .get(key)
        .map(|r| format!("removed at {} by {}", r.at, r.by));
    let held = match key {
        ItemKey::Field { task, field } => t
            .records
            .get(task)
            .and_then(|r| r.stamp(*field))
            .map(|s| format!("{s:?}")),
        ItemKey::Update { task, id } => t
            .records
            .get(task)
            .and_then(|r| r.updates.get(id))
            .map(|u| format!("{u:?}")),
        ItemKey::CustomTask(id) => t.custom_tasks.get(id).map(|c| format!("{c:?}")),
        ItemKey::CustomUnit(id) => t.custom_units.get(id).map(|u| format!("{u:?}")),
    };
    format!("{held:?} / {removed:?}")
}

/// The latest `at` anywhere in a tracking.
fn latest(t: &Tracking) -> i64 {
    let fields = t.records.values().flat_map(|r| {
        TrackedField::ALL
            .into_iter()
            .filter_map(|f| r.stamp(f).map(|s| s.1))
            .chain(r.updates.values().map(|u| u.at))
    });
    let tasks = t.custom_tasks.values().map(|c| c.edited.at);
    let removals = t.removals.values().map(|r| r.at);
    fields.chain(tasks).chain(removals).max().unwrap_or(0)
}

/// Removes `key` from `t` as the editor would at `now`: a removal stamped
/// after the item, joined in (the item goes, the removal stays).
fn remove(t: &mut Tracking, key: &ItemKey, now: i64) {
    let base = match key {
        ItemKey::Field { task, field } => t
            .records
            .get(task)
            .and_then(|r| r.stamp(*field))
            .map(|s| s.1),
        ItemKey::Update { task, id } => t
            .records
            .get(task)
            .and_then(|r| r.updates.get(id))
            .map(|u| u.at),
        ItemKey::CustomTask(id) => t.custom_tasks.get(id).map(|c| c.edited.at),
        ItemKey::CustomUnit(_) => None,
    };
    let mut removal = Tracking::default();
    removal.removals.insert(
        key.clone(),
        Stamp::after(base.unwrap_or(0), &unit("so-khdt"), now),
    );
    join(t, &removal);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    /// The join itself, removals included: `a ⊔ a = a`, `a ⊔ b = b ⊔ a`,
    /// `(a ⊔ b) ⊔ c = a ⊔ (b ⊔ c)`.
    #[test]
    fn the_join_with_removals_is_a_semilattice(a in arb::tracking(), b in arb::tracking(), c in arb::tracking()) {
        let j = |x: &Tracking, y: &Tracking| { let mut out = x.clone(); join(&mut out, y); out };
        prop_assert_eq!(&j(&a, &a), &a);
        prop_assert_eq!(j(&a, &b), j(&b, &a));
        prop_assert_eq!(j(&j(&a, &b), &c), j(&a, &j(&b, &c)));
    }

    /// Remove anything, then merge any copy written before the removal (in
    /// any order, any number of times): it stays removed.
    #[test]
    fn a_removal_outlives_every_older_copy(
        t in arb::tracking(), older in proptest::collection::vec(arb::tracking(), 1..4), key in arb::item_key()
    ) {
        let now = 1 + older.iter().map(latest).chain([latest(&t)]).max().unwrap_or(0);
        let mut removed = t.clone();
        remove(&mut removed, &key, now);
        let refs: Vec<&Tracking> = older.iter().collect();
        for merged in [merge(&removed, &refs), { let mut rev = refs.clone(); rev.reverse(); merge(&removed, &rev) }] {
            prop_assert_eq!(state_of(&merged, &key), state_of(&removed, &key));
        }
        // Received from the other side too: a tab holding an older copy
        // takes the removal in.
        let mut other = older[0].clone();
        join(&mut other, &removed);
        prop_assert_eq!(state_of(&other, &key), state_of(&removed, &key));
        // Written again later, the item comes back.
        if let ItemKey::Field { task, field: TrackedField::Reason } = &key {
            let mut again = removed.clone();
            // As the editor does: the value replaces the removal record.
            again.removals.remove(&key);
            again.records.entry(task.clone()).or_default().reason = Some(Stamped { value: "lại".into(), at: now + 1, by: unit("so-khdt"), base: now });
            let merged = merge(&again, &refs);
            prop_assert_eq!(merged.records[task].reason.as_ref().map(|r| r.value.as_str()), Some("lại"));
            prop_assert!(!merged.removals.contains_key(&key));
        }
    }
}
