//! The IndexedDB layout without a browser: a tracking split into records
//! (their notes apart) joins back into exactly today's stored copy of the
//! same tracking without its notes, and the two halves read back the same
//! through `exchange::restore`; receipts split per unit and join; the
//! checks that guard the move from local storage find every difference.

mod exchange_support;

use exchange_support::*;
use ke_hoach::exchange::{
    export_full, restore, write_stored, Scope, Source, StoredPayload, Warning,
};
use ke_hoach::model::receipts::{Receipt, Receipts};
use ke_hoach::model::reporting::ReportPeriod;
use ke_hoach::model::synthetic::synthetic_tracking;
use ke_hoach::model::tracking::Tracking;
use ke_hoach::store::{
    compare_items, compare_tracking, read_back, receipt_items, receipts_from_items, stored_text,
    tracking_items, Counts, Item, Key, PlanHead, PlanId, Store,
};
use proptest::prelude::*;

fn plan_id() -> PlanId {
    PlanId::new("c0ffee")
}

/// Today's stored copy (local storage) of `t`.
fn local_storage_copy(t: &Tracking) -> String {
    write_stored(
        &StoredPayload::from(t.clone()).text(),
        &meta(Some("so-khdt")).head(Scope::full()),
    )
}

fn split(t: &Tracking) -> (PlanHead, Vec<Item>) {
    let meta = meta(Some("so-khdt"));
    let items = tracking_items(&plan_id(), &export_full(t, &meta).payload);
    (PlanHead::new(&meta, Counts::of(&items)), items)
}

#[test]
fn a_plan_split_into_records_joins_back_into_todays_stored_copy() {
    let t = synthetic_tracking(120, 7);
    let (head, items) = split(&t);
    let counts = Counts::of(&items);
    assert_eq!(counts.records, t.records.len());
    assert_eq!(counts.custom_tasks, t.custom_tasks.len());
    assert_eq!(counts.custom_units, t.custom_units.len());
    assert_eq!(counts.removals, 0);
    // Each record is its own JSON value, keyed by the plan and its id.
    let first = items
        .iter()
        .find(|i| i.key.store == Store::Records)
        .unwrap();
    assert!(t.records.contains_key(&first.key.id));
    assert!(serde_json::from_str::<serde_json::Value>(&first.text)
        .unwrap()
        .is_object());
    // The records' fields join into today's copy of the tracking without
    // notes; the notes are items of their own, one per task that has any.
    let mut fields = t.clone();
    for r in fields.records.values_mut() {
        r.updates.clear();
    }
    assert_eq!(stored_text(&head, &items), local_storage_copy(&fields));
    let notes = items.iter().filter(|i| i.key.store == Store::Notes).count();
    assert_eq!(
        notes,
        t.records.values().filter(|r| !r.updates.is_empty()).count()
    );
    assert!(notes > 0);
    // The head travels as text and gives the same copy back.
    let head_back = PlanHead::from_text(&head.item(&plan_id()).text).unwrap();
    assert_eq!(head_back, head);
    assert_eq!(stored_text(&head_back, &items), local_storage_copy(&fields));
}

#[test]
fn the_joined_copy_reads_through_the_restore_path_in_any_record_order() {
    let t = sample_tracking();
    let (head, mut items) = split(&t);
    // The database returns records sorted by its own key order.
    items.reverse();
    let read = |text: &str| restore(text, Source::Storage, &plan_ref(), &unit_known, &task_known);
    let fields = read(&stored_text(&head, &items)).unwrap();
    assert_eq!(fields.warnings, vec![Warning::ChecksumMissing]);
    let back = read_back(&head, &items, &|text| read(text).map(|f| f.tracking)).unwrap();
    assert_eq!(back, t);
    assert!(compare_tracking(&plan_id(), &t, &back).is_empty());
}

#[test]
fn records_read_back_are_compared_text_for_text() {
    let (_, written) = split(&sample_tracking());
    assert!(compare_items(&written, &written).is_empty());
    let mut read = written.clone();
    let lost = read.remove(0);
    read[0].text.push(' ');
    let changed = read[0].key.clone();
    let stray = Item {
        key: Key::item(Store::Records, &plan_id(), "pl-99"),
        text: "{}".into(),
    };
    read.push(stray.clone());
    let mismatch = compare_items(&written, &read);
    assert_eq!(mismatch.missing, vec![lost.key.clone()]);
    assert_eq!(mismatch.different, vec![changed]);
    assert_eq!(mismatch.unexpected, vec![stray.key]);
    let text = mismatch.to_string();
    assert!(
        text.starts_with("3 mục không khớp (thiếu 1, khác 1, thừa 1)"),
        "{text}"
    );
    assert!(text.contains(&lost.key.to_string()), "{text}");
}

#[test]
fn trackings_are_compared_item_by_item() {
    let t = sample_tracking();
    let mut other = t.clone();
    let (record, _) = other.records.pop_first().unwrap();
    let (task, changed) = other.custom_tasks.iter_mut().next().unwrap();
    changed.title.push_str(" (sửa)");
    let task = task.clone();
    let unit = other.custom_units.keys().next().unwrap().clone();
    other.custom_units.remove(&unit);
    let mismatch = compare_tracking(&plan_id(), &t, &other);
    let plan = plan_id();
    assert_eq!(
        mismatch.missing,
        vec![
            Key::item(Store::Records, &plan, record),
            Key::item(Store::CustomUnits, &plan, unit.as_str())
        ]
    );
    assert_eq!(
        mismatch.different,
        vec![Key::item(Store::CustomTasks, &plan, task)]
    );
    assert!(mismatch.unexpected.is_empty());
    assert_eq!(compare_tracking(&plan, &other, &t).unexpected.len(), 2);
}

#[test]
fn receipts_are_kept_one_record_per_unit() {
    let receipt = |at: i64| Receipt {
        file_name: format!("bao-cao-{at}.json"),
        exported_at: "2021-03-15T09:30:00+07:00".into(),
        imported_at: at,
    };
    let mut receipts = Receipts::default();
    for (unit, month, at) in [("so-khdt", 3, 1), ("so-khdt", 4, 2), ("so-tai-chinh", 3, 3)] {
        receipts.record(
            exchange_support::unit(unit),
            ReportPeriod::Month { year: 2021, month },
            receipt(at),
        );
    }
    let items = receipt_items(&plan_id(), &receipts);
    let ids: Vec<&str> = items.iter().map(|i| i.key.id.as_str()).collect();
    assert_eq!(ids, ["so-khdt", "so-tai-chinh"]);
    assert_eq!(receipts_from_items(&items).unwrap(), receipts);
    let mut broken = items.clone();
    broken[1].text = "{\"received\":".into();
    let (key, _) = receipts_from_items(&broken).unwrap_err();
    assert_eq!(key, items[1].key);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Whatever the tracking, its records join into the stored copy it has
    /// today and read back into the same tracking.
    #[test]
    fn any_tracking_survives_the_split(t in arb::tracking()) {
        let (head, items) = split(&t);
        let read = |text: &str| {
            restore(text, Source::Storage, &plan_ref(), &|_| true, &|_| true).map(|f| f.tracking)
        };
        let back = read_back(&head, &items, &read).unwrap();
        prop_assert!(compare_tracking(&plan_id(), &t, &back).is_empty());
        prop_assert_eq!(back, t);
    }
}
