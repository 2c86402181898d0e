//! IndexedDB, the move from local storage and the tab channel, in headless
//! Chromium. Each test uses a database of its own name.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Promise, Reflect};
use ke_hoach::browser::idb::{self, Db};
use ke_hoach::browser::idb_move::{move_from_local_storage, MoveError, Moved, Progress};
use ke_hoach::browser::storage::{self, StorageKey};
use ke_hoach::browser::tab_channel::{TabChannel, Transport};
use ke_hoach::exchange::{
    self, write_stored, AppInfo, ExportMeta, PlanRef, ReadFile, RestoreError, Scope, Source,
    StoredPayload,
};
use ke_hoach::model::catalog::is_plan_task;
use ke_hoach::model::receipts::{Receipt, Receipts};
use ke_hoach::model::reporting::ReportPeriod;
use ke_hoach::model::synthetic::synthetic_tracking;
use ke_hoach::model::tracking::Tracking;
use ke_hoach::model::unit::{builtin_units, UnitId};
use ke_hoach::seed;
use ke_hoach::store::{
    read_back, Batch, Change, Item, Key, KeyKind, Op, PlanHead, PlanId, Store, StoreError,
    TabMessage, DB_VERSION,
};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

use crate::clear;

fn plan() -> PlanId {
    PlanId::new(seed::plan().content_fingerprint())
}

fn other_plan() -> PlanId {
    PlanId::new("another-plan")
}

/// A fresh database of this name at the layout's version.
async fn fresh(name: &str) -> Db {
    idb::delete_database(name).await.unwrap();
    idb::open_named(name, DB_VERSION).await.unwrap()
}

async fn sleep(ms: i32) {
    let promise = Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    JsFuture::from(promise).await.unwrap();
}

fn item(store: Store, plan: &PlanId, id: &str, text: &str) -> Item {
    Item {
        key: Key::item(store, plan, id),
        text: text.into(),
    }
}

#[wasm_bindgen_test]
async fn a_new_database_has_every_store_and_keeps_what_it_was_given() {
    let db = fresh("t-open").await;
    assert_eq!(db.version(), DB_VERSION);
    let backup = item(Store::Backups, &plan(), "1-x", "{\"hỏng\": ");
    db.write(&Batch::of([Change::Put(backup.clone())]))
        .await
        .unwrap();
    drop(db);
    let db = idb::open_named("t-open", DB_VERSION).await.unwrap();
    assert_eq!(
        db.get(std::slice::from_ref(&backup.key)).await.unwrap(),
        vec![Some(backup.text)]
    );
    // Every store exists: a read of each finds nothing else.
    for store in Store::ALL {
        let key = match store.key_kind() {
            KeyKind::Plan => Key::plan(&plan()),
            KeyKind::PlanItem => Key::item(store, &plan(), "khác"),
            KeyKind::Name => Key::setting("khác"),
        };
        assert_eq!(db.get(&[key]).await.unwrap(), vec![None], "{store:?}");
    }
    assert_eq!(db.count(Store::Backups, &plan()).await.unwrap(), 1);
}

#[wasm_bindgen_test]
async fn a_batch_puts_and_deletes_in_one_go_and_a_plan_reads_back_alone() {
    let db = fresh("t-batch").await;
    let (a, b) = (plan(), other_plan());
    let first = Batch::of([
        Change::Put(item(Store::Records, &a, "pl-2", "{\"n\":2}")),
        Change::Put(item(
            Store::Records,
            &a,
            "pl-1",
            "{\"n\":1,\"ghi chú\":\"ngầm hóa\"}",
        )),
        Change::Put(item(Store::Records, &b, "pl-1", "{\"other\":true}")),
        Change::Put(item(Store::CustomTasks, &a, "u-1", "{\"id\":\"u-1\"}")),
        Change::Put(Item {
            key: Key::setting("ui"),
            text: "{\"lang\":\"vi\"}".into(),
        }),
    ]);
    db.write(&first).await.unwrap();
    let read = db
        .read_plan(&[Store::Records, Store::CustomTasks], &a)
        .await
        .unwrap();
    let ids: Vec<(Store, &str, &str)> = read
        .iter()
        .map(|i| (i.key.store, i.key.id.as_str(), i.text.as_str()))
        .collect();
    assert_eq!(
        ids,
        vec![
            (Store::Records, "pl-1", "{\"n\":1,\"ghi chú\":\"ngầm hóa\"}"),
            (Store::Records, "pl-2", "{\"n\":2}"),
            (Store::CustomTasks, "u-1", "{\"id\":\"u-1\"}"),
        ]
    );
    assert_eq!(db.count(Store::Records, &b).await.unwrap(), 1);

    // An edit and a removal in one batch; the other plan is untouched.
    let second = Batch::of([
        Change::Put(item(Store::Records, &a, "pl-2", "{\"n\":22}")),
        Change::Delete(Key::item(Store::Records, &a, "pl-1")),
    ]);
    db.write(&second).await.unwrap();
    let got = db
        .get(&[
            Key::item(Store::Records, &a, "pl-1"),
            Key::item(Store::Records, &a, "pl-2"),
            Key::item(Store::Records, &b, "pl-1"),
            Key::setting("ui"),
        ])
        .await
        .unwrap();
    assert_eq!(
        got,
        vec![
            None,
            Some("{\"n\":22}".into()),
            Some("{\"other\":true}".into()),
            Some("{\"lang\":\"vi\"}".into())
        ]
    );

    // A write left unawaited (as in `pagehide`) still commits.
    drop(db.write(&Batch::of([Change::Put(item(
        Store::Records,
        &a,
        "pl-4",
        "{}",
    ))])));
    let got = db
        .get(&[Key::item(Store::Records, &a, "pl-4")])
        .await
        .unwrap();
    assert_eq!(got, vec![Some("{}".into())]);

    // Clearing a plan leaves the other.
    db.write(&Batch {
        clears: vec![(Store::Records, a.clone())],
        ..Batch::default()
    })
    .await
    .unwrap();
    assert_eq!(db.count(Store::Records, &a).await.unwrap(), 0);
    assert_eq!(db.count(Store::Records, &b).await.unwrap(), 1);
}

/// A storage bucket's `indexedDB` with a quota of `bytes` (Chromium).
async fn small_factory(bytes: f64) -> web_sys::IdbFactory {
    let navigator = web_sys::window().unwrap().navigator();
    let buckets = Reflect::get(&navigator, &"storageBuckets".into()).unwrap();
    let open: js_sys::Function = Reflect::get(&buckets, &"open".into())
        .unwrap()
        .unchecked_into();
    let options = js_sys::Object::new();
    Reflect::set(&options, &"quota".into(), &bytes.into()).unwrap();
    let promise: Promise = open
        .call2(&buckets, &"klein".into(), &options)
        .unwrap()
        .unchecked_into();
    let bucket = JsFuture::from(promise).await.unwrap();
    Reflect::get(&bucket, &"indexedDB".into())
        .unwrap()
        .unchecked_into()
}

/// Text the database cannot compress: it counts what it stores on disk.
fn noise(len: usize) -> String {
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            char::from(b'!' + (x % 90) as u8)
        })
        .collect()
}

#[wasm_bindgen_test]
async fn a_full_disk_aborts_the_whole_batch_with_its_message() {
    // An empty database already takes some 70 KB of a bucket's quota.
    let factory = small_factory(400_000.0).await;
    let db = idb::open_in(&factory, "t-quota", DB_VERSION).await.unwrap();
    let small = item(Store::Records, &plan(), "pl-1", "{\"n\":1}");
    db.write(&Batch::of([Change::Put(small.clone())]))
        .await
        .unwrap();
    let huge = Batch::of([
        Change::Put(item(Store::Records, &plan(), "pl-2", "{}")),
        Change::Put(item(Store::Records, &plan(), "pl-3", &noise(1_000_000))),
        Change::Delete(small.key.clone()),
    ]);
    let error = db.write(&huge).await.unwrap_err();
    assert_eq!(
        error,
        StoreError::QuotaExceeded {
            bytes: huge.bytes()
        }
    );
    assert!(error.message_vi().contains("đã đầy"), "{error}");
    // Nothing of the batch was written, nothing deleted.
    let got = db
        .get(&[
            small.key.clone(),
            Key::item(Store::Records, &plan(), "pl-2"),
        ])
        .await
        .unwrap();
    assert_eq!(got, vec![Some(small.text), None]);
}

#[wasm_bindgen_test]
fn thrown_browser_errors_are_told_by_their_name() {
    let cases = [
        (
            "QuotaExceededError",
            Op::Write,
            StoreError::QuotaExceeded { bytes: 10 },
        ),
        (
            "AbortError",
            Op::Write,
            StoreError::Aborted("đã hủy".into()),
        ),
        (
            "AbortError",
            Op::Open,
            StoreError::UpgradeFailed("đã hủy".into()),
        ),
        ("VersionError", Op::Open, StoreError::NewerVersion),
    ];
    for (name, op, expected) in cases {
        let e = web_sys::DomException::new_with_message_and_name("đã hủy", name).unwrap();
        assert_eq!(idb::js_error(&e, op, 10), expected, "{name}");
    }
    let plain = idb::js_error(&JsValue::from_str("hỏng"), Op::Read, 0);
    assert_eq!(plain, StoreError::Other("hỏng".into()));
}

#[wasm_bindgen_test]
async fn a_newer_version_in_another_tab_closes_this_connection_and_it_says_so() {
    let old = fresh("t-vc").await;
    let told = Rc::new(RefCell::new(false));
    let flag = told.clone();
    old.on_version_change(move || *flag.borrow_mut() = true);
    // The other tab's upgrade is not blocked: this one let go.
    let new = idb::open_named("t-vc", DB_VERSION + 1).await.unwrap();
    assert_eq!(new.version(), DB_VERSION + 1);
    assert!(*told.borrow());
    let error = old
        .write(&Batch::of([Change::Put(item(
            Store::Records,
            &plan(),
            "pl-1",
            "{}",
        ))]))
        .await
        .unwrap_err();
    assert_eq!(error, StoreError::VersionChange);
    assert!(error.message_vi().contains("thẻ khác"));
    // The old version cannot open what the new one upgraded.
    drop(new);
    let refused = idb::open_named("t-vc", DB_VERSION).await.err();
    assert_eq!(refused, Some(StoreError::NewerVersion));
}

/// A connection that ignores version changes, as an older app would.
async fn stubborn(name: &str) -> web_sys::IdbDatabase {
    let factory = web_sys::window().unwrap().indexed_db().unwrap().unwrap();
    let request = factory.open_with_u32(name, DB_VERSION).unwrap();
    let promise = Promise::new(&mut |resolve, reject| {
        request.set_onsuccess(Some(&resolve));
        request.set_onerror(Some(&reject));
    });
    JsFuture::from(promise).await.unwrap();
    request.result().unwrap().unchecked_into()
}

#[wasm_bindgen_test]
async fn an_upgrade_blocked_by_another_tab_is_told_and_does_not_block_later() {
    drop(fresh("t-blocked").await);
    let holder = stubborn("t-blocked").await;
    let error = idb::open_named("t-blocked", DB_VERSION + 1).await.err();
    assert_eq!(error, Some(StoreError::Blocked));
    assert!(StoreError::Blocked
        .message_vi()
        .contains("đóng các thẻ khác"));
    // The other tab closes: the abandoned open completes and closes itself,
    // so a new open soon goes through.
    holder.close();
    let mut reopened = Err(StoreError::Blocked);
    for _ in 0..40 {
        reopened = idb::open_named("t-blocked", DB_VERSION + 1).await;
        if !matches!(reopened, Err(StoreError::Blocked)) {
            break;
        }
        sleep(50).await;
    }
    assert_eq!(reopened.map(|db| db.version()), Ok(DB_VERSION + 1));
}

#[wasm_bindgen_test]
async fn without_indexeddb_the_open_says_local_storage_stays() {
    let window = web_sys::window().unwrap();
    let name = JsValue::from_str("indexedDB");
    let original = js_sys::Object::get_own_property_descriptor(&window, &name);
    let hidden = js_sys::Object::new();
    Reflect::set(&hidden, &"value".into(), &JsValue::NULL).unwrap();
    Reflect::set(&hidden, &"configurable".into(), &JsValue::TRUE).unwrap();
    js_sys::Object::define_property(&window, &name, &hidden);
    let error = idb::open_named("t-none", DB_VERSION).await.err();
    js_sys::Object::define_property(&window, &name, &original.unchecked_into());
    assert_eq!(error, Some(StoreError::Unavailable));
    assert!(StoreError::Unavailable
        .message_vi()
        .contains("bộ nhớ cục bộ"));
    assert!(idb::open_named("t-none", DB_VERSION).await.is_ok());
}

#[wasm_bindgen_test]
async fn the_storage_estimate_states_usage_and_quota() {
    let usage = idb::estimate().await.expect("Chromium states an estimate");
    assert!(usage.quota > 0.0);
    assert!(usage.used >= 0.0 && usage.share() < 1.0);
}

// ---------- the move from local storage ----------

fn meta() -> ExportMeta {
    let plan = seed::plan();
    ExportMeta {
        app: AppInfo {
            name: "ke-hoach".into(),
            version: "0.1.0".into(),
            extra: Default::default(),
        },
        plan: PlanRef::new(
            plan.meta.number.clone(),
            plan.meta.year,
            plan.content_fingerprint(),
        ),
        exported_at: chrono::DateTime::from_timestamp_millis(1_615_775_400_000)
            .unwrap()
            .fixed_offset(),
        exported_by: Some(UnitId::new("so-khdt")),
    }
}

/// The usual restore path for stored text, against the embedded plan.
fn read(text: &str) -> Result<ReadFile, RestoreError> {
    let builtin = builtin_units();
    exchange::restore(
        text,
        Source::Storage,
        &meta().plan,
        &|unit| builtin.iter().any(|u| u.id.as_str() == unit),
        &|task| is_plan_task(seed::plan(), task),
    )
}

/// Local storage as today's version leaves it: the stored copy, receipts,
/// the copy before an import, a backup and the settings.
fn todays_local_storage(tracking: &Tracking) -> String {
    clear();
    let text = write_stored(
        &StoredPayload::from(tracking.clone()).text(),
        &meta().head(Scope::full()),
    );
    storage::write(StorageKey::Tracking, &text).unwrap();
    let mut receipts = Receipts::default();
    receipts.record(
        UnitId::new("so-tai-chinh"),
        ReportPeriod::Month {
            year: 2021,
            month: 3,
        },
        Receipt {
            file_name: "ke-hoach-22-2021_so-tai-chinh_2021-03.json".into(),
            exported_at: "2021-03-15T09:30:00+07:00".into(),
            imported_at: 1_615_775_400_000,
        },
    );
    storage::write(
        StorageKey::Receipts,
        &serde_json::to_string(&receipts).unwrap(),
    )
    .unwrap();
    storage::write(StorageKey::BeforeImport, "{\"trước\":\"nhập\"}").unwrap();
    storage::keep_backup("{\"hỏng\": ", 1_000).unwrap();
    storage::write(StorageKey::Settings, "{\"lang\":\"vi\"}").unwrap();
    text
}

const NOW: i64 = 1_700_000_000_000;

#[wasm_bindgen_test]
async fn todays_local_storage_moves_whole_and_is_retired_only_after_the_check() {
    let db = fresh("t-move").await;
    let tracking = synthetic_tracking(150, 5);
    let original = todays_local_storage(&tracking);
    let seen = Rc::new(RefCell::new(Vec::<Progress>::new()));
    let log = seen.clone();
    let moved = move_from_local_storage(&db, &plan(), &meta(), &read, NOW, &|p| {
        log.borrow_mut().push(p)
    })
    .await
    .unwrap();
    let Moved::Done {
        items,
        bytes,
        backup,
        rejected,
    } = moved
    else {
        panic!("expected a move, got {moved:?}");
    };
    assert!(rejected.is_empty());
    let custom = tracking.custom_tasks.len() + tracking.custom_units.len();
    let notes = tracking
        .records
        .values()
        .filter(|r| !r.updates.is_empty())
        .count();
    assert_eq!(items, tracking.records.len() + notes + custom + 1);
    assert!(bytes > original.len(), "{bytes}");
    let last = seen.borrow().last().map(|p| (p.written, p.total));
    assert_eq!(last, Some((3, 3)));

    // The tracking data left local storage; the settings stayed.
    for key in [
        StorageKey::Tracking,
        StorageKey::Receipts,
        StorageKey::BeforeImport,
    ] {
        assert_eq!(storage::read(key), Ok(None), "{key:?}");
    }
    assert!(storage::backups().is_empty());
    assert!(storage::read(StorageKey::Settings).unwrap().is_some());

    // What the database holds reads back, through the restore path, as the
    // same tracking; the raw copy is kept byte for byte.
    let records = db.read_plan(&Store::TRACKING, &plan()).await.unwrap();
    let head = db.get(&[Key::plan(&plan())]).await.unwrap()[0]
        .clone()
        .unwrap();
    let head = PlanHead::from_text(&head).unwrap();
    assert_eq!(head.counts.records, tracking.records.len());
    // The notes apart, in a store of their own.
    assert!(records.iter().any(|i| i.key.store == Store::Notes));
    let back = read_back(&head, &records, &|t| read(t).map(|f| f.tracking)).unwrap();
    assert_eq!(back, tracking);
    let backup = backup.expect("the raw copy is kept");
    assert_eq!(backup.id, format!("{NOW:013}-local-storage"));
    let kept = db
        .get(&[
            backup,
            Key::backup(&plan(), NOW, "before-import"),
            Key::backup(&plan(), 1_000, "unreadable"),
        ])
        .await
        .unwrap();
    assert_eq!(
        kept,
        vec![
            Some(original),
            Some("{\"trước\":\"nhập\"}".into()),
            Some("{\"hỏng\": ".into())
        ]
    );
    assert_eq!(db.count(Store::Receipts, &plan()).await.unwrap(), 1);

    // Nothing left to move; a copy saved in local storage later (while the
    // database refused) is left for the caller to merge, not written over.
    let again = move_from_local_storage(&db, &plan(), &meta(), &read, NOW, &|_| {}).await;
    assert_eq!(again, Ok(Moved::Nothing));
    let later = todays_local_storage(&synthetic_tracking(3, 9));
    let again = move_from_local_storage(&db, &plan(), &meta(), &read, NOW, &|_| {}).await;
    assert_eq!(again, Ok(Moved::AlreadyInStore));
    assert_eq!(storage::read(StorageKey::Tracking), Ok(Some(later)));
    clear();
}

#[wasm_bindgen_test]
async fn a_move_cut_short_leaves_local_storage_as_it_was_and_runs_again() {
    let db = fresh("t-move-cut").await;
    let tracking = synthetic_tracking(40, 2);
    let original = todays_local_storage(&tracking);
    // The connection goes away after the first transaction (the backups),
    // as when another tab upgrades in the middle of the move.
    let cut = move_from_local_storage(&db, &plan(), &meta(), &read, NOW, &|p| {
        if p.written == 1 {
            db.close();
        }
    })
    .await;
    let Err(error) = cut else {
        panic!("expected the move to fail, got {cut:?}");
    };
    assert_eq!(error, MoveError::Store(StoreError::Closed));
    assert!(error
        .message_vi()
        .contains("vẫn nằm nguyên trong bộ nhớ cục bộ"));
    assert_eq!(
        storage::read(StorageKey::Tracking),
        Ok(Some(original.clone()))
    );
    assert!(storage::read(StorageKey::Receipts).unwrap().is_some());
    assert_eq!(storage::backups().len(), 1);

    // Not stored: no head. The next start moves it all.
    let db = idb::open_named("t-move-cut", DB_VERSION).await.unwrap();
    assert_eq!(db.get(&[Key::plan(&plan())]).await.unwrap(), vec![None]);
    let moved = move_from_local_storage(&db, &plan(), &meta(), &read, NOW + 1, &|_| {}).await;
    assert!(matches!(moved, Ok(Moved::Done { .. })), "{moved:?}");
    assert_eq!(
        db.count(Store::Records, &plan()).await.unwrap(),
        tracking.records.len()
    );
    assert_eq!(storage::read(StorageKey::Tracking), Ok(None));
}

#[wasm_bindgen_test]
async fn an_unreadable_copy_is_not_moved_and_nothing_is_written() {
    let db = fresh("t-move-bad").await;
    clear();
    storage::write(StorageKey::Tracking, "{\"format\":\"ke-hoach-tracking\",").unwrap();
    let result = move_from_local_storage(&db, &plan(), &meta(), &read, NOW, &|_| {}).await;
    assert!(
        matches!(result, Err(MoveError::Unreadable(_))),
        "{result:?}"
    );
    assert!(storage::read(StorageKey::Tracking).unwrap().is_some());
    assert_eq!(db.get(&[Key::plan(&plan())]).await.unwrap(), vec![None]);
    assert_eq!(db.count(Store::Backups, &plan()).await.unwrap(), 0);
    clear();
}

// ---------- other tabs ----------

fn collector() -> (Rc<RefCell<Vec<TabMessage>>>, impl Fn(TabMessage) + 'static) {
    let got = Rc::new(RefCell::new(Vec::new()));
    let sink = got.clone();
    (got, move |m| sink.borrow_mut().push(m))
}

fn message() -> TabMessage {
    TabMessage::new(
        &plan(),
        [
            Key::item(Store::Records, &plan(), "pl-3"),
            Key::item(Store::CustomTasks, &plan(), "u-so-khdt-1"),
        ],
    )
}

#[wasm_bindgen_test]
async fn another_tab_hears_which_keys_changed() {
    let (got, on_message) = collector();
    let listener = TabChannel::open(on_message).unwrap();
    assert_eq!(listener.transport(), Transport::Broadcast);
    let (own, quiet) = collector();
    let sender = TabChannel::open(quiet).unwrap();
    sender.post(&message());
    for _ in 0..50 {
        if !got.borrow().is_empty() {
            break;
        }
        sleep(10).await;
    }
    assert_eq!(*got.borrow(), vec![message()]);
    // A channel does not hear itself.
    assert!(own.borrow().is_empty());
}

#[wasm_bindgen_test]
fn without_broadcast_channel_messages_travel_through_local_storage() {
    let (got, on_message) = collector();
    let channel = TabChannel::open_with(Transport::StorageEvent, on_message).unwrap();
    channel.post(&message());
    let stored = storage::read(StorageKey::TabMessage).unwrap().unwrap();
    // What another tab's `storage` event carries.
    let init = web_sys::StorageEventInit::new();
    init.set_key(Some(StorageKey::TabMessage.key()));
    init.set_new_value(Some(&stored));
    let event = web_sys::StorageEvent::new_with_event_init_dict("storage", &init).unwrap();
    web_sys::window().unwrap().dispatch_event(&event).unwrap();
    assert_eq!(*got.borrow(), vec![message()]);
    // Other keys' events are not messages.
    init.set_key(Some(StorageKey::Settings.key()));
    let other = web_sys::StorageEvent::new_with_event_init_dict("storage", &init).unwrap();
    web_sys::window().unwrap().dispatch_event(&other).unwrap();
    assert_eq!(got.borrow().len(), 1);
    drop(channel);
    web_sys::window().unwrap().dispatch_event(&event).unwrap();
    assert_eq!(got.borrow().len(), 1, "a closed channel hears nothing");
    storage::remove(StorageKey::TabMessage).unwrap();
}
