//! What a save writes to the database (`store::Held`), without a browser:
//! the batches run against a map standing in for the object stores. After
//! any sequence of states, failed writes and other tabs' writes, the store
//! holds exactly the last state's items; an edit writes only its own
//! record and the head; items a load could not read are deleted once; an
//! unreadable plan is replaced whole; another tab's write is folded in.

mod exchange_support;

use std::collections::BTreeMap;

use exchange_support::*;
use ke_hoach::exchange::stored::StoredKey;
use ke_hoach::model::receipts::{Receipt, Receipts};
use ke_hoach::model::reporting::ReportPeriod;
use ke_hoach::model::synthetic::synthetic_tracking;
use ke_hoach::model::tracking::{Stamped, Tracking};
use ke_hoach::store::{
    key_of, receipt_items, stored_key, tracking_items, Batch, Held, Key, PlanHead, PlanId, Store,
};
use proptest::prelude::*;

fn plan() -> PlanId {
    PlanId::new("c0ffee")
}

/// The object stores: every record by key.
#[derive(Default, Debug, Clone, PartialEq)]
struct Db(BTreeMap<Key, String>);

impl Db {
    fn run(&mut self, batch: &Batch) {
        for (store, plan) in &batch.clears {
            self.0
                .retain(|k, _| !(k.store == *store && k.plan == *plan));
        }
        for key in &batch.deletes {
            self.0.remove(key);
        }
        for item in &batch.puts {
            self.0.insert(item.key.clone(), item.text.clone());
        }
    }

    /// The records of the tracking and receipts stores (the head aside).
    fn items(&self) -> BTreeMap<Key, String> {
        self.0
            .iter()
            .filter(|(k, _)| k.store != Store::Plans)
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    }

    fn head(&self) -> PlanHead {
        PlanHead::from_text(&self.0[&Key::plan(&plan())]).unwrap()
    }
}

/// What the store must hold for this state.
fn expected(t: &Tracking, r: &Receipts) -> BTreeMap<Key, String> {
    tracking_items(&plan(), t)
        .into_iter()
        .chain(receipt_items(&plan(), r))
        .map(|i| (i.key, i.text))
        .collect()
}

fn receipts(unit: &str, month: u8) -> Receipts {
    let mut r = Receipts::default();
    r.record(
        ke_hoach::model::unit::UnitId::new(unit),
        ReportPeriod::Month { year: 2021, month },
        Receipt {
            file_name: format!("{unit}-{month}.json"),
            exported_at: "2021-03-15T09:30:00+07:00".into(),
            imported_at: 1,
        },
    );
    r
}

fn save(held: &mut Held, t: &Tracking, r: &Receipts, rev: &str) -> Option<Batch> {
    held.save(t, r, &meta(Some("so-khdt")), rev.into())
}

#[test]
fn an_edit_writes_its_record_and_the_head_and_nothing_else() {
    let t = synthetic_tracking(2_000, 3);
    let r = receipts("so-tai-chinh", 3);
    let mut db = Db::default();
    let mut held = Held::empty(plan());
    db.run(&save(&mut held, &t, &r, "r1").expect("a first write"));
    assert_eq!(db.items(), expected(&t, &r));
    assert_eq!(db.head().revision.as_deref(), Some("r1"));
    assert_eq!(db.head().based_on, None);
    assert_eq!(db.head().counts.records, t.records.len());
    // Nothing changed: nothing written.
    assert_eq!(save(&mut held, &t, &r, "r2"), None);
    assert!(held.holds(&t, &r));

    let mut edited = t.clone();
    let id = edited.records.keys().nth(7).unwrap().clone();
    edited.records.get_mut(&id).unwrap().progress = Some(Stamped {
        value: 99,
        at: 5,
        by: unit("so-khdt"),
        base: 1,
    });
    assert!(!held.holds(&edited, &r));
    let batch = save(&mut held, &edited, &r, "r3").unwrap();
    let keys: Vec<&Key> = batch.puts.iter().map(|i| &i.key).collect();
    assert_eq!(
        keys,
        vec![
            &Key::plan(&plan()),
            &Key::item(Store::Records, &plan(), &id)
        ]
    );
    assert!(batch.deletes.is_empty() && batch.clears.is_empty());
    // The record's ten notes are not written again: only its fields.
    assert!(batch.bytes() < 2 * 1024, "{}", batch.bytes());
    db.run(&batch);
    assert_eq!(db.items(), expected(&edited, &r));
    assert_eq!(db.head().based_on.as_deref(), Some("r1"));

    // A removed record and a unit's new receipts: a delete and a put.
    let mut less = edited.clone();
    less.records.remove(&id);
    let mut more = r.clone();
    more.received.extend(receipts("so-khdt", 4).received);
    let batch = save(&mut held, &less, &more, "r4").unwrap();
    assert_eq!(
        batch.deletes,
        vec![
            Key::item(Store::Records, &plan(), &id),
            Key::item(Store::Notes, &plan(), &id)
        ]
    );
    assert!(batch
        .puts
        .iter()
        .any(|i| i.key == Key::item(Store::Receipts, &plan(), "so-khdt")));
    db.run(&batch);
    assert_eq!(db.items(), expected(&less, &more));
}

#[test]
fn a_failed_write_is_written_again_by_the_next_save() {
    let t = sample_tracking();
    let r = Receipts::default();
    let mut db = Db::default();
    let mut held = Held::empty(plan());
    db.run(&save(&mut held, &t, &r, "r1").unwrap());
    let mut edited = t.clone();
    edited.records.clear();
    let lost = save(&mut held, &edited, &r, "r2").unwrap();
    // The transaction aborted: the store is as it was.
    held.failed(&lost);
    assert!(!held.holds(&edited, &r));
    let again = save(&mut held, &edited, &r, "r3").unwrap();
    db.run(&again);
    assert_eq!(db.items(), expected(&edited, &r));
    // The failed write's revision never reached the store.
    assert_eq!(db.head().based_on.as_deref(), Some("r1"));
}

#[test]
fn items_a_load_could_not_read_are_deleted_by_the_first_save() {
    let t = sample_tracking();
    let r = Receipts::default();
    let stray = Key::item(Store::Records, &plan(), "pl-99");
    let mut db = Db(expected(&t, &r));
    db.0.insert(stray.clone(), "{\"hỏng\":".into());
    let mut held = Held::read(plan(), t.clone(), &r, None, db.0.keys().cloned());
    assert!(
        !held.holds(&t, &r),
        "the stray record is not what the state holds"
    );
    let batch = save(&mut held, &t, &r, "r1").unwrap();
    assert_eq!(
        batch.deletes,
        vec![stray, Key::item(Store::Notes, &plan(), "pl-99")]
    );
    db.run(&batch);
    assert_eq!(db.items(), expected(&t, &r));
    assert_eq!(save(&mut held, &t, &r, "r2"), None);
}

#[test]
fn an_unreadable_plan_is_replaced_whole() {
    let t = sample_tracking();
    let r = receipts("so-khdt", 2);
    let mut db = Db::default();
    db.0.insert(Key::item(Store::Records, &plan(), "x"), "rác".into());
    let other = Key::item(Store::Records, &PlanId::new("khác"), "pl-1");
    db.0.insert(other.clone(), "{}".into());
    let mut held = Held::unreadable(plan());
    let batch = save(&mut held, &t, &r, "r1").unwrap();
    assert!(!batch.clears.is_empty());
    db.run(&batch);
    let mut want = expected(&t, &r);
    want.insert(other, "{}".into());
    assert_eq!(db.items(), want, "this plan replaced, the other kept");
    // Even an empty state replaces it.
    let mut held = Held::unreadable(plan());
    assert!(save(&mut held, &Tracking::default(), &Receipts::default(), "r").is_some());
}

#[test]
fn another_tabs_write_is_what_the_database_holds_afterwards() {
    let t = sample_tracking();
    let r = Receipts::default();
    let mut mine = Held::empty(plan());
    let mut theirs = Held::empty(plan());
    let mut db = Db::default();
    db.run(&save(&mut mine, &t, &r, "r1").unwrap());
    theirs.seen(&t, &[], &[], Some(&db.head()));
    assert!(theirs.holds(&t, &r));
    assert_eq!(theirs.revision(), Some("r1"));
    // One tab removes a record and edits another; the other reads the keys
    // it names and folds them in.
    let mut next = t.clone();
    let gone = next.records.keys().next().unwrap().clone();
    next.records.remove(&gone);
    let batch = save(&mut mine, &next, &r, "r2").unwrap();
    db.run(&batch);
    let mut written = Tracking::default();
    let mut deleted = Vec::new();
    for key in batch.puts.iter().map(|i| &i.key).chain(&batch.deletes) {
        if let Some(stored) = stored_key(key) {
            match db.0.contains_key(key) {
                true => copy_item(&next, &mut written, &stored),
                false => deleted.push(stored),
            }
        }
    }
    theirs.seen(&written, &deleted, &[], Some(&db.head()));
    assert_eq!(theirs.tracking(), Some(&next));
    assert_eq!(theirs.revision(), Some("r2"));
    assert_eq!(save(&mut theirs, &next, &r, "r3"), None);
}

/// Copies one item of `from` into `to`.
fn copy_item(from: &Tracking, to: &mut Tracking, key: &StoredKey) {
    match key {
        StoredKey::Record(id) => {
            to.records.insert(id.clone(), from.records[id].clone());
        }
        StoredKey::CustomTask(id) => {
            to.custom_tasks
                .insert(id.clone(), from.custom_tasks[id].clone());
        }
        StoredKey::CustomUnit(id) => {
            to.custom_units
                .insert(id.clone(), from.custom_units[id].clone());
        }
        StoredKey::Removal(k) => {
            to.removals.insert(k.clone(), from.removals[k].clone());
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn the_store_always_holds_the_last_state(
        steps in proptest::collection::vec((arb::tracking(), 0u8..3, any::<bool>()), 1..6)
    ) {
        let mut db = Db::default();
        let mut held = Held::empty(plan());
        let mut last = (Tracking::default(), Receipts::default());
        for (n, (t, months, fails)) in steps.into_iter().enumerate() {
            let r = (0..months).fold(Receipts::default(), |mut all, m| {
                all.received.extend(receipts("so-khdt", m + 1).received);
                all
            });
            if let Some(batch) = save(&mut held, &t, &r, &format!("r{n}")) {
                if fails {
                    held.failed(&batch);
                    continue;
                }
                db.run(&batch);
            }
            prop_assert!(held.holds(&t, &r));
            prop_assert_eq!(db.items(), expected(&t, &r));
            last = (t, r);
        }
        // Whatever failed is written by the next save.
        if let Some(batch) = save(&mut held, &last.0, &last.1, "final") {
            db.run(&batch);
        }
        prop_assert_eq!(db.items(), expected(&last.0, &last.1));
    }

    #[test]
    fn every_item_key_reads_back_from_its_database_key(t in arb::tracking()) {
        for item in tracking_items(&plan(), &t) {
            let stored = stored_key(&item.key).expect("an item of the stored copy");
            // A record's notes are part of the record, kept by its task id.
            let key = match item.key.store {
                Store::Notes => Key::item(Store::Records, &plan(), &item.key.id),
                _ => item.key.clone(),
            };
            prop_assert_eq!(key_of(&plan(), &stored), key);
        }
    }
}
