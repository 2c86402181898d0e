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

// ---- persistence: the thin browser part that carries out exchange::persist ----

mod persistence_in_the_browser {
    use super::clear;
    use ke_hoach::browser::storage::{self, StorageKey};
    use ke_hoach::exchange::{export_full, write_compact, AppInfo, ExportMeta, PlanRef};
    use ke_hoach::model::edit::Edit;
    use ke_hoach::model::tracking::{ItemKey, Stamped, Status, TaskRecord, Tracking};
    use ke_hoach::model::unit::UnitId;
    use ke_hoach::route::Route;
    use ke_hoach::state::AppState;
    use ke_hoach::{persistence, seed};
    use leptos::prelude::{GetUntracked, Set, WithUntracked};
    use wasm_bindgen::JsCast;
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

    /// The app's state with persistence started, as `ui::App` starts it.
    fn started() -> AppState {
        let state = AppState::new(seed::plan(), Route::Home, chrono::NaiveDate::MIN);
        let parent: web_sys::HtmlElement = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.create_element("div").ok())
            .expect("a document")
            .unchecked_into();
        let handle = leptos::mount::mount_to(parent, move || {
            persistence::start(state);
        });
        handle.forget();
        state
    }

    fn pagehide() {
        let event = web_sys::Event::new("pagehide").unwrap();
        web_sys::window().unwrap().dispatch_event(&event).unwrap();
    }

    #[wasm_bindgen_test]
    fn a_stored_copy_with_a_bad_record_loads_the_rest_and_keeps_it_aside() {
        clear();
        let mut tracking = Tracking::default();
        tracking.records.insert(
            "pl-3".into(),
            TaskRecord {
                progress: Some(Stamped {
                    value: 45,
                    at: 1,
                    by: UnitId::new("so-khdt"),
                    base: 0,
                }),
                ..TaskRecord::default()
            },
        );
        let mut v: serde_json::Value = serde_json::from_str(&stored_copy(&tracking)).unwrap();
        v["payload"]["records"]["pl-99"] = v["payload"]["records"]["pl-3"].clone();
        storage::write(StorageKey::Tracking, &v.to_string()).unwrap();

        let state = started();
        assert_eq!(state.tracking.get_untracked(), tracking);
        let notice = state.notice.get_untracked().expect("a notice");
        assert!(notice.text.contains("pl-99"), "{}", notice.text);
        let backups = storage::backups();
        assert_eq!(backups.len(), 1);
        let aside: serde_json::Value =
            serde_json::from_str(&storage::read_backup(&backups[0]).unwrap()).unwrap();
        assert_eq!(aside["items"][0]["path"], "payload.records.pl-99");

        // An edit flushed when the page is hidden writes the rest, with the
        // edit, and a removal as a record.
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
        let written: serde_json::Value =
            serde_json::from_str(&storage::read(StorageKey::Tracking).unwrap().unwrap()).unwrap();
        assert!(written["payload"]["records"].get("pl-99").is_none());
        assert_eq!(
            written["payload"]["records"]["pl-3"]["progress"]["value"],
            45
        );
        assert_eq!(written["payload"]["removals"][0]["id"], id.as_str());
        assert!(state
            .tracking
            .with_untracked(|t| t.removals.contains_key(&ItemKey::Update {
                task: "pl-9".into(),
                id: id.clone()
            })));
        // The backup stays.
        assert_eq!(storage::backups(), backups);
        clear();
    }
}
