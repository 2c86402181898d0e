//! Local storage: the only place that reads and writes it. Values are the
//! text the exchange format writes; this module never interprets them, so a
//! value it cannot read is kept byte for byte.

use gloo_storage::{LocalStorage, Storage};
use js_sys::JsString;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

// `Storage` methods on JS strings, so that a value read back or measured is
// compared and counted in JS, not copied into wasm memory (megabytes).
#[wasm_bindgen]
extern "C" {
    /// `window.localStorage`, seen through the two methods below.
    type JsStorage;
    #[wasm_bindgen(method, catch, js_name = setItem)]
    fn set_js(this: &JsStorage, key: &str, value: &JsString) -> Result<(), JsValue>;
    #[wasm_bindgen(method, js_name = getItem)]
    fn get_js(this: &JsStorage, key: &str) -> JsValue;
}

/// What Chromium allows one origin in local storage: 10 MiB, counted as two
/// bytes per UTF-16 code unit of keys and values whatever the text (ASCII
/// included), so 5,242,880 code units. Measured by `bash .ci/dev bench`
/// (Chromium 156): one key holds exactly that many. Firefox allows 5 MiB of
/// UTF-16 too.
pub const LOCAL_QUOTA_BYTES: usize = 10 * 1024 * 1024;

/// Share of the quota past which the user is warned before it runs out
/// (the same for local storage and IndexedDB).
pub use crate::store::WARN_SHARE;

/// Asks the browser not to evict the origin's storage under pressure.
/// `None` when the browser has no storage manager.
pub async fn request_persistence() -> Option<bool> {
    let manager = web_sys::window()?.navigator().storage();
    let granted = JsFuture::from(manager.persist().ok()?).await.ok()?;
    granted.as_bool()
}

/// Every key the app uses, in one place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StorageKey {
    /// The tracking data (an exchange file of scope "full").
    Tracking,
    /// The tracking data as it was before the last import or restore.
    BeforeImport,
    /// Interface settings: language, my unit, due-soon window.
    Settings,
    /// Units' reports received by Sở KH&ĐT.
    Receipts,
    /// The last message to other tabs, where there is no `BroadcastChannel`
    /// (`browser::tab_channel`).
    TabMessage,
    /// Set once the data lives in IndexedDB: if the database later refuses
    /// to open, the app writes nothing rather than start empty.
    InDatabase,
}

impl StorageKey {
    pub const ALL: [StorageKey; 6] = [
        Self::Tracking,
        Self::BeforeImport,
        Self::Settings,
        Self::Receipts,
        Self::TabMessage,
        Self::InDatabase,
    ];

    pub fn key(self) -> &'static str {
        match self {
            StorageKey::Tracking => "ke-hoach/tracking",
            StorageKey::BeforeImport => "ke-hoach/before-import",
            StorageKey::Settings => "ke-hoach/settings",
            StorageKey::Receipts => "ke-hoach/receipts",
            StorageKey::TabMessage => "ke-hoach/tab-message",
            StorageKey::InDatabase => "ke-hoach/in-indexeddb",
        }
    }

    /// The key named by a `storage` event, if it is one of ours.
    pub fn from_key(key: &str) -> Option<StorageKey> {
        Self::ALL.into_iter().find(|k| k.key() == key)
    }
}

/// Prefix of backup keys: `ke-hoach/backup/<millis>` holds, byte for byte,
/// a stored value that could not be read. Backups are never overwritten.
const BACKUP_PREFIX: &str = "ke-hoach/backup/";

/// Keeps raw text aside under a new backup key, which it returns.
pub fn keep_backup(raw: &str, now: i64) -> Result<String, StorageError> {
    let key = format!("{BACKUP_PREFIX}{now}");
    write_key(&key, raw)?;
    Ok(key)
}

/// The backup keys, oldest first.
pub fn backups() -> Vec<String> {
    let Ok(store) = storage() else {
        return Vec::new();
    };
    let mut keys: Vec<String> = (0..store.length().unwrap_or(0))
        .filter_map(|i| store.key(i).ok().flatten())
        .filter(|k| k.starts_with(BACKUP_PREFIX))
        .collect();
    keys.sort_by_key(|k| k[BACKUP_PREFIX.len()..].parse::<i64>().unwrap_or(0));
    keys
}

/// The text of a backup key.
pub fn read_backup(key: &str) -> Option<String> {
    storage().ok()?.get_item(key).ok().flatten()
}

pub fn remove_backup(key: &str) -> Result<(), StorageError> {
    storage()?
        .remove_item(key)
        .map_err(|e| StorageError::Other(describe(&e)))
}

/// Why storage could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StorageError {
    /// No local storage at all (blocked, private mode in some browsers).
    Unavailable,
    /// The origin's quota is full; `bytes` is the size that did not fit.
    QuotaExceeded { bytes: usize },
    /// Written, but reading back gave something else.
    VerifyFailed,
    /// Anything else the browser reported.
    Other(String),
}

impl StorageError {
    /// A sentence for the user, in Vietnamese.
    pub fn message_vi(&self) -> String {
        match self {
            StorageError::Unavailable => "Trình duyệt không cho phép lưu dữ liệu (có thể đang ở chế độ riêng tư). Thay đổi vẫn còn trong trang này; hãy xuất tệp để giữ lại.".into(),
            StorageError::QuotaExceeded { bytes } => format!(
                "Bộ nhớ của trình duyệt đã đầy: không lưu được {} KB dữ liệu. Thay đổi vẫn còn trong trang này; hãy xuất tệp để giữ lại.",
                bytes.div_ceil(1024)
            ),
            StorageError::VerifyFailed => "Đã lưu nhưng đọc lại không khớp. Hãy xuất tệp để giữ lại thay đổi.".into(),
            StorageError::Other(e) => format!("Không lưu được dữ liệu: {e}. Hãy xuất tệp để giữ lại thay đổi."),
        }
    }
}

fn storage() -> Result<web_sys::Storage, StorageError> {
    // `raw()` panics when storage is missing; ask the window first.
    let window = web_sys::window().ok_or(StorageError::Unavailable)?;
    match window.local_storage() {
        Ok(Some(_)) => Ok(LocalStorage::raw()),
        _ => Err(StorageError::Unavailable),
    }
}

/// The stored text, `None` when nothing is stored under the key.
pub fn read(key: StorageKey) -> Result<Option<String>, StorageError> {
    storage()?
        .get_item(key.key())
        .map_err(|e| StorageError::Other(describe(&e)))
}

/// Writes and reads back; returns the bytes written.
pub fn write(key: StorageKey, text: &str) -> Result<usize, StorageError> {
    write_key(key.key(), text)
}

fn write_key(key: &str, text: &str) -> Result<usize, StorageError> {
    let store = storage()?;
    let store: &JsStorage = store.unchecked_ref();
    let value = JsString::from(text);
    store.set_js(key, &value).map_err(|e| {
        if is_quota_error(&e) {
            StorageError::QuotaExceeded { bytes: text.len() }
        } else {
            StorageError::Other(describe(&e))
        }
    })?;
    // Compared as JS strings: the read-back is never copied into wasm.
    if store.get_js(key) == JsValue::from(value) {
        Ok(text.len())
    } else {
        Err(StorageError::VerifyFailed)
    }
}

pub fn remove(key: StorageKey) -> Result<(), StorageError> {
    storage()?
        .remove_item(key.key())
        .map_err(|e| StorageError::Other(describe(&e)))
}

/// Total bytes of the app's keys (UTF-16 code units × 2, as browsers count).
/// Lengths are read in JS: no value is copied into wasm memory.
pub fn used_bytes() -> usize {
    let Ok(store) = storage() else { return 0 };
    let len = store.length().unwrap_or(0);
    (0..len)
        .filter_map(|i| store.key(i).ok().flatten())
        .filter(|k| k.starts_with("ke-hoach/"))
        .map(|k| {
            let value = store
                .unchecked_ref::<JsStorage>()
                .get_js(&k)
                .dyn_into::<JsString>()
                .map_or(0, |v| v.length());
            (k.encode_utf16().count() + value as usize) * 2
        })
        .sum()
}

fn is_quota_error(e: &wasm_bindgen::JsValue) -> bool {
    e.dyn_ref::<web_sys::DomException>()
        .is_some_and(|d| d.name() == "QuotaExceededError" || d.code() == 22)
}

fn describe(e: &wasm_bindgen::JsValue) -> String {
    e.dyn_ref::<web_sys::DomException>()
        .map(|d| d.message())
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "lỗi không rõ".into())
}
