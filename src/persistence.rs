//! Keeps the tracking data in local storage so that nothing typed is lost:
//! loads it at start (an unreadable value is kept aside as a backup before
//! anything is written), saves shortly after each edit and reads it back,
//! flushes when the page is hidden, and merges what other tabs save.
//! Stored data and imported files go through the same `exchange::restore`.

use std::time::Duration;

use chrono::{DateTime, FixedOffset};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::browser::storage::{self, StorageKey};
use crate::browser::{clock, files};
use crate::exchange::{
    self, apply_merge, plan_merge, AppInfo, Choices, ExportMeta, FileLabel, PlanRef, ReadFile,
    RestoreError, Source, StoredPayload,
};
use crate::i18n::Lang;
use crate::model::catalog::is_plan_task;
use crate::model::receipts::Receipts;
use crate::model::tracking::{Millis, Tracking};
use crate::model::unit::UnitId;
use crate::seed;
use crate::state::{AppState, NoticeAction, NoticeKind};

/// How long after the last edit the data is saved: a long note is saved
/// once when typing pauses, not on every keystroke.
const SAVE_DELAY: Duration = Duration::from_millis(400);

/// Vietnam's offset, for the time written into files.
const VIETNAM_OFFSET_SECONDS: i32 = 7 * 3600;

/// What the last save did, shown in the header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveState {
    /// Nothing recorded yet in this browser.
    Empty,
    /// Edits wait for the save delay.
    Pending,
    Saved {
        at: Millis,
        bytes: usize,
    },
    /// The save failed; the data is still in the page.
    Failed(String),
    /// The stored value could not be read nor kept aside: nothing is written
    /// this session so that it is not lost.
    ReadOnly(String),
}

/// The identity of the embedded plan, as files carry it.
pub fn plan_ref(state: &AppState) -> PlanRef {
    PlanRef::new(
        state.plan.meta.number.clone(),
        state.plan.meta.year,
        seed::fingerprint(),
    )
}

/// What an export made now by this browser says about itself.
pub fn export_meta(state: &AppState) -> ExportMeta {
    let offset = FixedOffset::east_opt(VIETNAM_OFFSET_SECONDS).expect("a valid offset");
    let now = DateTime::from_timestamp_millis(clock::now_millis())
        .unwrap_or_default()
        .with_timezone(&offset);
    ExportMeta {
        app: AppInfo {
            name: "ke-hoach".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            extra: Default::default(),
        },
        plan: plan_ref(state),
        exported_at: now,
        exported_by: state.my_unit.get_untracked(),
    }
}

/// Reads stored text or a file against this plan, its units and tasks.
pub fn read(state: &AppState, text: &str, source: Source) -> Result<ReadFile, RestoreError> {
    let catalog = state.catalog.get_untracked();
    let tracking = state.tracking.get_untracked();
    let plan = state.plan;
    exchange::restore(
        text,
        source,
        &plan_ref(state),
        &|unit| catalog.unit(&UnitId::new(unit)).is_some(),
        &|task| is_plan_task(plan, task) || tracking.custom_tasks.contains_key(task),
    )
}

/// Offers the whole tracking data as a file, named for what it holds.
pub fn download_all(state: &AppState) -> Result<(), String> {
    let envelope = exchange::export_full(&state.tracking.get_untracked(), &export_meta(state));
    let text = exchange::write_file(&envelope);
    files::download(
        &exchange::file_name(&envelope),
        "application/json",
        text.as_bytes(),
    )
}

/// Offers a kept backup as a file, byte for byte.
pub fn download_backup(key: &str) -> Result<(), String> {
    let text = storage::read_backup(key).ok_or("bản sao lưu không còn")?;
    let stamp = key.rsplit('/').next().unwrap_or("0");
    files::download(
        &format!("ke-hoach-sao-luu-{stamp}.json"),
        "application/json",
        text.as_bytes(),
    )
}

/// The whole tracking data as a compact file with its checksum: the copy
/// kept before an import (the tracking key itself is written by `start`).
pub fn stored_text(state: &AppState, tracking: &Tracking) -> String {
    exchange::write_compact(&exchange::export_full(tracking, &export_meta(state)))
}

/// Interface choices kept across visits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Settings {
    lang: String,
    my_unit: Option<UnitId>,
    due_soon_days: u32,
}

/// Restores the interface choices, then saves them whenever they change.
/// Unreadable settings are simply replaced: they hold no one's work.
pub fn keep_settings(state: AppState) {
    let apply = move |text: &str| {
        if let Ok(settings) = serde_json::from_str::<Settings>(text) {
            state
                .lang
                .set(Lang::from_code(&settings.lang).unwrap_or_default());
            state.my_unit.set(settings.my_unit);
            state.due_soon_days.set(settings.due_soon_days);
        }
    };
    if let Ok(Some(text)) = storage::read(StorageKey::Settings) {
        apply(&text);
    }
    // Another tab chose a unit or a language: this one follows.
    let other_tab = window_event_listener(leptos::ev::storage, move |event| {
        if event.key().as_deref() == Some(StorageKey::Settings.key()) {
            if let Some(text) = event.new_value() {
                apply(&text);
            }
        }
    });
    on_cleanup(move || other_tab.remove());
    Effect::new(move |_| {
        let settings = Settings {
            lang: state.lang.get().code().into(),
            my_unit: state.my_unit.get(),
            due_soon_days: state.due_soon_days.get(),
        };
        let text = serde_json::to_string(&settings).expect("settings serialise");
        if let Err(e) = storage::write(StorageKey::Settings, &text) {
            state.notify(NoticeKind::Error, e.message_vi());
        }
    });
}

/// Restores the receipts of imported reports, then saves them on change.
/// An unreadable value is kept aside like the tracking data.
pub fn keep_receipts(state: AppState) {
    match storage::read(StorageKey::Receipts) {
        Ok(Some(text)) => match serde_json::from_str::<Receipts>(&text) {
            Ok(receipts) => state.receipts.set(receipts),
            Err(e) => {
                let kept = storage::keep_backup(&text, clock::now_millis());
                state.notify(
                    NoticeKind::Error,
                    format!(
                        "Không đọc được danh sách báo cáo đã nhận ({e}); {}",
                        if kept.is_ok() {
                            "bản cũ được giữ làm bản sao lưu."
                        } else {
                            "không tạo được bản sao lưu."
                        }
                    ),
                );
            }
        },
        Ok(None) => {}
        Err(e) => state.notify(NoticeKind::Error, e.message_vi()),
    }
    Effect::new(move |previous: Option<()>| {
        let text = state
            .receipts
            .with(|r| serde_json::to_string(r).expect("receipts serialise"));
        if previous.is_some() {
            if let Err(e) = storage::write(StorageKey::Receipts, &text) {
                state.notify_with(
                    NoticeKind::Error,
                    e.message_vi(),
                    NoticeAction::DownloadData,
                );
            }
        }
    });
}

/// What the tracking key holds, as far as this tab knows.
enum Held {
    /// As read at load, not serialised yet.
    Read(Tracking),
    /// As last written or seen from another tab.
    Known(StoredPayload),
    /// A write failed: the next save writes everything.
    Unknown,
}

impl Held {
    /// What storage holds as fragments, `None` when not known.
    fn into_payload(self) -> Option<StoredPayload> {
        match self {
            Held::Read(tracking) => Some(tracking.into()),
            Held::Known(payload) => Some(payload),
            Held::Unknown => None,
        }
    }
}

/// The storage side of the app, provided through context.
#[derive(Clone, Copy)]
pub struct StorageStatus {
    pub save: RwSignal<SaveState>,
    /// Whether the browser granted persistent storage (`None`: not asked or
    /// not supported).
    pub persisted: RwSignal<Option<bool>>,
}

/// Loads the stored data, then keeps it saved.
pub fn start(state: AppState) -> StorageStatus {
    let save = RwSignal::new(SaveState::Empty);
    let persisted = RwSignal::new(None);
    leptos::task::spawn_local(async move {
        persisted.set(storage::request_persistence().await);
    });
    let warned = StoredValue::new(false);
    // What storage holds now, so that a change arriving from another tab or
    // an unchanged state is not written back, and an edit re-serialises only
    // what it changed. Nothing stored yet: the empty tracking.
    let stored = StoredValue::new(Held::Known(StoredPayload::default()));
    load(state, save, stored);
    // Data stored nearly up to the quota is told at once, not at the next
    // edit that may already fail; a notice about the load itself comes first.
    if state.notice.with_untracked(Option::is_none) {
        warn_when_nearly_full(&state, warned);
    }

    let timer = StoredValue::new(None::<TimeoutHandle>);
    let flush = move || {
        if let Some(handle) = timer.get_value() {
            handle.clear();
            timer.set_value(None);
        }
        if matches!(save.get_untracked(), SaveState::ReadOnly(_)) {
            return;
        }
        // Taken out until written: after a failed write the next save does
        // not know what storage holds and writes everything.
        let known = stored
            .try_update_value(|h| std::mem::replace(h, Held::Unknown).into_payload())
            .flatten();
        let unknown = known.is_none();
        let mut payload = known.unwrap_or_default();
        let changed = state.tracking.with_untracked(|t| payload.update(t)) || unknown;
        if !changed {
            stored.set_value(Held::Known(payload));
            // Back to what storage holds (an undo, another tab's data).
            if save.get_untracked() == SaveState::Pending {
                let bytes = storage::read(StorageKey::Tracking)
                    .ok()
                    .flatten()
                    .map_or(0, |t| t.len());
                save.set(SaveState::Saved {
                    at: clock::now_millis(),
                    bytes,
                });
            }
            return;
        }
        let text = exchange::write_stored(&payload.text(), &export_meta(&state));
        match storage::write(StorageKey::Tracking, &text) {
            Ok(bytes) => {
                stored.set_value(Held::Known(payload));
                save.set(SaveState::Saved {
                    at: clock::now_millis(),
                    bytes,
                });
                warn_when_nearly_full(&state, warned);
            }
            Err(e) => save_failed(&state, save, &e),
        }
    };
    Effect::new(move |previous: Option<()>| {
        state.tracking.track();
        // The first run is the load itself, not an edit.
        if previous.is_none() || matches!(save.get_untracked(), SaveState::ReadOnly(_)) {
            return;
        }
        if let Some(handle) = timer.get_value() {
            handle.clear();
        }
        save.set(SaveState::Pending);
        timer.set_value(set_timeout_with_handle(flush, SAVE_DELAY).ok());
    });
    // An edit typed just before closing the tab is saved, not dropped.
    let hidden = window_event_listener(leptos::ev::pagehide, move |_| flush());
    let visibility = window_event_listener(leptos::ev::visibilitychange, move |_| {
        if document().hidden() {
            flush();
        }
    });
    let other_tab = window_event_listener(leptos::ev::storage, move |event| {
        if event.key().as_deref() == Some(StorageKey::Tracking.key()) {
            if let Some(text) = event.new_value() {
                if merge_from_other_tab(&state, &text, stored) {
                    flush();
                }
            }
        }
    });
    on_cleanup(move || {
        hidden.remove();
        visibility.remove();
        other_tab.remove();
    });
    StorageStatus { save, persisted }
}

/// Tells the user once per session, before storage runs out, and offers the
/// export that keeps their data safe.
fn warn_when_nearly_full(state: &AppState, warned: StoredValue<bool>) {
    if warned.get_value() {
        return;
    }
    let used = storage::used_bytes();
    if (used as f64) < storage::WARN_SHARE * storage::LOCAL_QUOTA_BYTES as f64 {
        return;
    }
    warned.set_value(true);
    state.notify_with(
        NoticeKind::Error,
        format!(
            "Bộ nhớ của trình duyệt dành cho ứng dụng đã dùng {}%. Khi đầy, thay đổi mới sẽ không lưu được: hãy tải dữ liệu về máy và xóa bớt bản sao lưu cũ.",
            used * 100 / storage::LOCAL_QUOTA_BYTES
        ),
        NoticeAction::DownloadData,
    );
}

/// Storage refused: say so, offer the export, keep the data in the page.
fn save_failed(state: &AppState, save: RwSignal<SaveState>, error: &storage::StorageError) {
    let message = error.message_vi();
    state.notify_with(
        NoticeKind::Error,
        message.clone(),
        NoticeAction::DownloadData,
    );
    save.set(SaveState::Failed(message));
}

fn load(state: AppState, save: RwSignal<SaveState>, stored: StoredValue<Held>) {
    let text = match storage::read(StorageKey::Tracking) {
        Ok(Some(text)) => text,
        Ok(None) => return,
        Err(e) => {
            save_failed(&state, save, &e);
            return;
        }
    };
    match read(&state, &text, Source::Storage) {
        Ok(file) => {
            stored.set_value(Held::Read(file.tracking.clone()));
            // Serialised once the page is shown rather than before it, and
            // ahead of the first save, which then writes only what changed.
            set_timeout(
                move || {
                    stored.update_value(|h| {
                        if matches!(h, Held::Read(_)) {
                            let payload = std::mem::replace(h, Held::Unknown).into_payload();
                            *h = payload.map_or(Held::Unknown, Held::Known);
                        }
                    })
                },
                Duration::ZERO,
            );
            state.tracking.set(file.tracking);
            save.set(SaveState::Saved {
                at: 0,
                bytes: text.len(),
            });
        }
        Err(error) => match storage::keep_backup(&text, clock::now_millis()) {
            Ok(key) => state.notify_with(
                NoticeKind::Error,
                format!(
                    "{error} Có thể tải bản sao lưu về ngay tại đây hoặc trong mục “Trao đổi”."
                ),
                NoticeAction::DownloadBackup(key),
            ),
            Err(e) => {
                let message = format!(
                    "{error} Không tạo được bản sao lưu ({}), nên ứng dụng sẽ không ghi gì vào bộ nhớ trong phiên này.",
                    e.message_vi()
                );
                state.notify(NoticeKind::Error, message.clone());
                save.set(SaveState::ReadOnly(message));
            }
        },
    }
}

/// Another tab saved: merge its data with ours so that neither tab's edits
/// are lost. Returns whether ours had something more, to be saved.
fn merge_from_other_tab(state: &AppState, text: &str, stored: StoredValue<Held>) -> bool {
    let Ok(file) = read(state, text, Source::Storage) else {
        return false;
    };
    let local = state.tracking.get_untracked();
    let plan = plan_merge(&local, &[(FileLabel("tab".into()), file.tracking.clone())]);
    let merged = apply_merge(&local, &plan, &Choices::default());
    let has_more = merged != file.tracking;
    stored.update_value(|h| {
        let mut payload = std::mem::replace(h, Held::Unknown)
            .into_payload()
            .unwrap_or_default();
        payload.update(&file.tracking);
        *h = Held::Known(payload);
    });
    if merged != local {
        // Undo steps hold the values they replaced; after another tab's
        // change they would bring back stale values.
        state.history.update(|h| h.clear());
        state.tracking.set(merged);
    }
    has_more
}
