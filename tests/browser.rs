//! Browser tests (wasm-bindgen-test in headless Chromium) for the code that
//! touches browser APIs. Natively this file compiles to nothing.
#![cfg(target_arch = "wasm32")]

use ke_hoach::browser::storage::{self, StorageError, StorageKey};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// IndexedDB, the move from local storage, the tab channel.
#[path = "browser/idb.rs"]
mod idb;

/// Removes every key of the app from local storage.
fn clear() {
    for key in StorageKey::ALL {
        storage::remove(key).unwrap();
    }
    for key in storage::backups() {
        storage::remove_backup(&key).unwrap();
    }
}

#[wasm_bindgen_test]
fn storage_writes_reads_back_and_counts_bytes() {
    clear();
    assert_eq!(storage::read(StorageKey::Tracking), Ok(None));
    let text = r#"{"ghi chú":"Đã trình UBND tỉnh ngày 15/03/2021"}"#;
    assert_eq!(storage::write(StorageKey::Tracking, text), Ok(text.len()));
    assert_eq!(
        storage::read(StorageKey::Tracking),
        Ok(Some(text.to_string()))
    );
    let expected =
        (StorageKey::Tracking.key().encode_utf16().count() + text.encode_utf16().count()) * 2;
    assert_eq!(storage::used_bytes(), expected);
    clear();
    assert_eq!(storage::used_bytes(), 0);
}

#[wasm_bindgen_test]
fn a_value_too_large_for_the_quota_is_reported_and_the_old_value_kept() {
    clear();
    storage::write(StorageKey::Tracking, "cũ").unwrap();
    // Chromium's quota is about 5 MB of UTF-16 per origin: 12 MB cannot fit.
    let huge = "x".repeat(12 * 1024 * 1024);
    match storage::write(StorageKey::Tracking, &huge) {
        Err(StorageError::QuotaExceeded { bytes }) => assert_eq!(bytes, huge.len()),
        other => panic!("expected a quota error, got {other:?}"),
    }
    assert_eq!(
        storage::read(StorageKey::Tracking),
        Ok(Some("cũ".to_string()))
    );
    assert!(StorageError::QuotaExceeded { bytes: huge.len() }
        .message_vi()
        .contains("đã đầy"));
    clear();
}

#[wasm_bindgen_test]
fn storage_keys_round_trip_through_their_names() {
    for key in StorageKey::ALL {
        assert_eq!(StorageKey::from_key(key.key()), Some(key));
    }
    assert_eq!(StorageKey::from_key("other-app/data"), None);
}

#[wasm_bindgen_test]
fn backups_are_kept_byte_for_byte_and_never_overwritten() {
    clear();
    let first = storage::keep_backup("{\"hỏng\": ", 1_000).unwrap();
    let second = storage::keep_backup("khác", 2_000).unwrap();
    assert_ne!(first, second);
    assert_eq!(storage::backups(), vec![first.clone(), second.clone()]);
    assert_eq!(storage::read_backup(&first).as_deref(), Some("{\"hỏng\": "));
    assert_eq!(storage::read_backup(&second).as_deref(), Some("khác"));
    clear();
    assert!(storage::backups().is_empty());
}

fn file(name: &str, text: &str) -> web_sys::File {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    web_sys::File::new_with_str_sequence(&parts, name).unwrap()
}

#[wasm_bindgen_test]
async fn picked_files_are_read_as_utf8_and_huge_ones_are_not_read() {
    use ke_hoach::browser::files;
    let picked = files::read_all(
        vec![
            file("so-tai-chinh.json", "{\"ghi chú\": \"ngầm hóa hạ tầng\"}"),
            file("lon.json", &"x".repeat(2048)),
        ],
        1024,
    )
    .await;
    assert_eq!(picked.len(), 2);
    assert_eq!(picked[0].name, "so-tai-chinh.json");
    assert_eq!(
        picked[0].text.as_deref(),
        Ok("{\"ghi chú\": \"ngầm hóa hạ tầng\"}")
    );
    assert_eq!(picked[1].size, 2048.0);
    let refused = picked[1].text.as_ref().unwrap_err();
    assert!(refused.starts_with("Tệp quá lớn"), "{refused}");
}

// ---- persistence: the session that carries out exchange::persist and store ----

mod persistence_in_the_browser {
    use super::clear;
    use ke_hoach::browser::idb;
    use ke_hoach::browser::storage::{self, StorageKey};
    use ke_hoach::exchange::{export_full, write_compact, AppInfo, ExportMeta, PlanRef};
    use ke_hoach::model::edit::Edit;
    use ke_hoach::model::plan::Plan;
    use ke_hoach::model::tracking::{ItemKey, Stamped, Status, TaskRecord, Tracking};
    use ke_hoach::model::unit::{builtin_units, UnitId};
    use ke_hoach::parse::{parse, read_text, Options};
    use ke_hoach::persistence::{self, plan_id, SaveState, StorageStatus};
    use ke_hoach::plans::Added;
    use ke_hoach::route::Route;
    use ke_hoach::seed;
    use ke_hoach::state::{AppState, Loading};
    use ke_hoach::store::{Key, PlanId, Store, DB_NAME, DB_VERSION};
    use leptos::prelude::{GetUntracked, Set, WithUntracked};
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    use wasm_bindgen_test::*;

    fn stored_copy(tracking: &Tracking) -> String {
        let plan = seed::plan();
        let meta = ExportMeta {
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
            exported_at: chrono::DateTime::UNIX_EPOCH.fixed_offset(),
            exported_by: None,
        };
        write_compact(&export_full(tracking, &meta))
    }

    async fn sleep(ms: i32) {
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            web_sys::window()
                .unwrap()
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
                .unwrap();
        });
        JsFuture::from(promise).await.unwrap();
    }

    /// Waits until `done` holds (polled), failing after a few seconds.
    async fn until(what: &str, done: impl Fn() -> bool) {
        for _ in 0..200 {
            if done() {
                return;
            }
            sleep(20).await;
        }
        panic!("never: {what}");
    }

    /// A fresh start: no database, nothing in local storage.
    async fn fresh() {
        clear();
        idb::delete_database(DB_NAME).await.unwrap();
    }

    /// The app's state with persistence started, as `ui::App` starts it,
    /// once what was stored is read.
    async fn started() -> (AppState, StorageStatus) {
        let state = AppState::new(seed::plan(), Route::Home, chrono::NaiveDate::MIN);
        let parent: web_sys::HtmlElement = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.create_element("div").ok())
            .expect("a document")
            .unchecked_into();
        let status = std::rc::Rc::new(std::cell::Cell::new(None));
        let out = status.clone();
        let handle = leptos::mount::mount_to(parent, move || {
            out.set(Some(persistence::start(state)));
        });
        handle.forget();
        until("the stored data is read", || {
            state.loading.get_untracked() == Loading::Done
        })
        .await;
        (state, status.get().expect("started"))
    }

    fn pagehide() {
        let event = web_sys::Event::new("pagehide").unwrap();
        web_sys::window().unwrap().dispatch_event(&event).unwrap();
    }

    async fn saved(status: &StorageStatus) {
        until("saved", || {
            matches!(status.save.get_untracked(), SaveState::Saved { .. })
        })
        .await;
    }

    async fn read_key(key: Key) -> Option<String> {
        let db = idb::open().await.unwrap();
        db.get(&[key]).await.unwrap().into_iter().next().flatten()
    }

    fn progress(value: u8) -> TaskRecord {
        TaskRecord {
            progress: Some(Stamped {
                value,
                at: 1,
                by: UnitId::new("so-khdt"),
                base: 0,
            }),
            ..TaskRecord::default()
        }
    }

    #[wasm_bindgen_test]
    async fn a_stored_copy_with_a_bad_record_moves_the_rest_and_names_it() {
        fresh().await;
        let mut tracking = Tracking::default();
        tracking.records.insert("pl-3".into(), progress(45));
        let mut v: serde_json::Value = serde_json::from_str(&stored_copy(&tracking)).unwrap();
        v["payload"]["records"]["pl-99"] = v["payload"]["records"]["pl-3"].clone();
        storage::write(StorageKey::Tracking, &v.to_string()).unwrap();

        let (state, status) = started().await;
        assert_eq!(state.tracking.get_untracked(), tracking);
        let notice = state.notice.get_untracked().expect("a notice");
        assert!(notice.text.contains("pl-99"), "{}", notice.text);
        // Local storage retired; its copy kept whole in the database.
        assert_eq!(storage::read(StorageKey::Tracking), Ok(None));
        let plan = plan_id(&state);
        until("the backups are listed", || {
            status.backups.with_untracked(|b| b.len() == 1)
        })
        .await;
        let backup = status.backups.get_untracked().remove(0);
        assert_eq!(backup.what, "local-storage");
        let kept = read_key(Key::item(Store::Backups, &plan, &backup.id)).await;
        assert_eq!(kept, Some(v.to_string()));

        // An edit flushed when the page is hidden writes its record, and a
        // removal as a record of its own.
        state.my_unit.set(Some(UnitId::new("so-khdt")));
        state
            .edit(Edit::AddUpdate {
                task: "pl-9".into(),
                date: chrono::NaiveDate::from_ymd_opt(2021, 6, 1).unwrap(),
                text: "Ghi chú".into(),
                status: Status::InProgress,
                progress: 10,
            })
            .unwrap();
        let id = state
            .tracking
            .with_untracked(|t| t.records["pl-9"].updates.keys().next().cloned().unwrap());
        state
            .edit(Edit::RemoveUpdate {
                task: "pl-9".into(),
                update_id: id.clone(),
            })
            .unwrap();
        pagehide();
        saved(&status).await;
        let removal = ke_hoach::exchange::stored::StoredKey::Removal(ItemKey::Update {
            task: "pl-9".into(),
            id,
        });
        let key = Key::item(Store::Removals, &plan, removal.text());
        assert!(read_key(key).await.is_some());
        let pl3 = read_key(Key::item(Store::Records, &plan, "pl-3"))
            .await
            .unwrap();
        assert!(pl3.contains("\"value\":45"), "{pl3}");
        assert_eq!(
            read_key(Key::item(Store::Records, &plan, "pl-99")).await,
            None
        );
        fresh().await;
    }

    #[wasm_bindgen_test]
    async fn edits_wait_while_the_stored_data_is_read() {
        fresh().await;
        let state = AppState::new(seed::plan(), Route::Home, chrono::NaiveDate::MIN);
        state.my_unit.set(Some(UnitId::new("so-khdt")));
        state.loading.set(Loading::Reading);
        let refused = state.edit(Edit::AddUpdate {
            task: "pl-9".into(),
            date: chrono::NaiveDate::from_ymd_opt(2021, 6, 1).unwrap(),
            text: "Ghi chú".into(),
            status: Status::InProgress,
            progress: 10,
        });
        assert_eq!(refused, Err(ke_hoach::state::READING.to_owned()));
        assert_eq!(state.tracking.get_untracked(), Tracking::default());
    }

    /// The plan of 2023 in the fixtures, as a second plan the app holds.
    fn plan_2023() -> &'static Plan {
        let text = include_str!("fixtures/plans/ke-hoach-35-2023.word.txt");
        let registry = builtin_units();
        let parsed = parse(
            &read_text(text),
            &Options {
                registry: &registry,
                corrections: &[],
            },
        )
        .expect("the 2023 plan reads");
        Box::leak(Box::new(parsed.plan))
    }

    #[wasm_bindgen_test]
    async fn another_plan_opens_with_its_own_data_and_the_first_is_saved_before() {
        fresh().await;
        let (state, status) = started().await;
        let first = plan_id(&state);
        state.my_unit.set(Some(UnitId::new("so-khdt")));
        state
            .edit(Edit::SetProgress {
                task: "pl-3".into(),
                progress: 30,
            })
            .unwrap();
        // Switched before the save delay ran out: the edit is written under
        // the first plan all the same.
        let other = match state.add_plan(plan_2023().clone()) {
            Added::New(entry) => entry,
            Added::Already(_) => panic!("the 2023 plan is new here"),
        };
        persistence::open_plan(state, other).unwrap();
        let second = plan_id(&state);
        assert_ne!(first, second);
        let other = state;
        until("the second plan is read", || {
            other.loading.get_untracked() == Loading::Done
        })
        .await;
        assert_eq!(other.tracking.get_untracked(), Tracking::default());
        assert!(!other.history.with_untracked(|h| h.can_undo()));
        saved(&status).await;
        let head = read_key(Key::plan(&first)).await;
        assert!(head.is_some(), "the first plan's edit was saved");
        let task = other
            .plan_untracked()
            .annex_tasks()
            .next()
            .expect("a task")
            .id
            .clone();
        other
            .edit(Edit::SetProgress {
                task: task.clone(),
                progress: 55,
            })
            .unwrap();
        pagehide();
        until("the second plan's edit is stored", || true).await;
        sleep(200).await;
        assert!(read_key(Key::item(Store::Records, &second, &task))
            .await
            .is_some());
        // Back to the first plan: its data, not the second's.
        let embedded = state.plans.with_untracked(|p| p.embedded());
        persistence::open_plan(state, embedded).unwrap();
        assert_eq!(plan_id(&state), first);
        until("the first plan is read", || {
            state.loading.get_untracked() == Loading::Done
        })
        .await;
        let back = state.tracking.get_untracked();
        assert_eq!(
            back.records["pl-3"].progress.as_ref().map(|p| p.value),
            Some(30)
        );
        assert!(!back.records.contains_key(&task));
        fresh().await;
    }

    #[wasm_bindgen_test]
    async fn plan_documents_are_kept_listed_read_and_deleted() {
        fresh().await;
        let (_state, _status) = started().await;
        let a = PlanId::new("kế-hoạch-a");
        let b = PlanId::new("kế-hoạch-b");
        persistence::put_plan_document(&a, "Kế hoạch 35/KH-UBND năm 2023", "{\"văn bản\":1}")
            .await
            .unwrap();
        persistence::put_plan_document(&b, "Kế hoạch B", "{}")
            .await
            .unwrap();
        persistence::put_plan_document(&b, "Kế hoạch B (sửa)", "{\"b\":2}")
            .await
            .unwrap();
        let listed = persistence::plan_documents().await.unwrap();
        assert_eq!(
            listed,
            vec![
                (a.clone(), "Kế hoạch 35/KH-UBND năm 2023".to_owned()),
                (b.clone(), "Kế hoạch B (sửa)".to_owned())
            ]
        );
        assert_eq!(
            persistence::plan_document(&a).await.unwrap().as_deref(),
            Some("{\"văn bản\":1}")
        );
        persistence::delete_plan_document(&a).await.unwrap();
        assert_eq!(persistence::plan_document(&a).await.unwrap(), None);
        assert_eq!(persistence::plan_documents().await.unwrap().len(), 1);
        let db = idb::open_named(DB_NAME, DB_VERSION).await.unwrap();
        assert_eq!(db.version(), DB_VERSION);
        fresh().await;
    }

    #[wasm_bindgen_test]
    async fn an_added_plan_is_kept_before_it_is_held_and_held_again_at_the_next_start() {
        fresh().await;
        let (state, _status) = started().await;
        let result = std::rc::Rc::new(std::cell::RefCell::new(None));
        let out = result.clone();
        persistence::plans::add_plan(state, plan_2023().clone(), move |added| {
            *out.borrow_mut() = Some(added);
        });
        until("the plan is kept", || result.borrow().is_some()).await;
        let added = result.borrow_mut().take().unwrap();
        let Ok(Added::New(entry)) = added else {
            panic!("added: {added:?}");
        };
        let id = PlanId::new(entry.fingerprint);
        let kept = persistence::plan_document(&id)
            .await
            .unwrap()
            .expect("kept");
        assert_eq!(
            ke_hoach::plan_file::read_plan_file(&kept).unwrap().plan,
            *plan_2023()
        );
        // The same plan again adds nothing.
        let again = std::rc::Rc::new(std::cell::RefCell::new(None));
        let out = again.clone();
        persistence::plans::add_plan(state, plan_2023().clone(), move |added| {
            *out.borrow_mut() = Some(added);
        });
        assert_eq!(*again.borrow(), Some(Ok(Added::Already(entry))));
        // The next start (a reload) holds it under the same key.
        let (next, _status) = started().await;
        let held = next.plans.with_untracked(|p| p.by_key(Some(entry.key)));
        assert_eq!(*held.expect("held").plan, *plan_2023());
        assert_eq!(next.plans.with_untracked(|p| p.entries().len()), 2);
        fresh().await;
    }
}
