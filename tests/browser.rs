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
