//! Keeps the tracking data in local storage so that nothing typed is lost,
//! by carrying out the decisions of `exchange::persist`: loads it at start
//! (what cannot be read is kept aside as a backup before anything is
//! written, and the rest loads), saves shortly after each edit and reads it
//! back, flushes when the page is hidden, and takes in what other tabs
//! save. Also applies an import as one undoable step. Stored data and
//! imported files go through the same `exchange::restore`; the browser's
//! storage is reached only through `browser::storage`.

use std::time::Duration;

use chrono::{DateTime, FixedOffset};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::browser::storage::{self, StorageKey};
use crate::browser::{clock, files};
use crate::exchange::persist::{self, LoadProblem, Loaded, Save, StoreView};
use crate::exchange::staging::{self, StagedFile};
use crate::exchange::{
    self, AppInfo, Choices, ExportMeta, MergePlan, PlanRef, ReadFile, Resolver, RestoreError,
    Scope, Source,
};
use crate::i18n::Lang;
use crate::model::catalog::is_plan_task;
use crate::model::receipts::Receipts;
use crate::model::tracking::Millis;
use crate::model::unit::UnitId;
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
    /// What was stored could not be read nor kept aside: nothing is written
    /// this session so that it is not lost.
    ReadOnly(String),
}

/// The identity of the plan the app holds, as files carry it.
pub fn plan_ref(state: &AppState) -> PlanRef {
    PlanRef::new(
        state.plan_untracked().meta.number.clone(),
        state.plan_untracked().meta.year,
        state.plan_untracked().content_fingerprint(),
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

/// Reads stored text or a file against this plan, its units and tasks
/// (those removed here included, so that a note on them still reads).
pub fn read(state: &AppState, text: &str, source: Source) -> Result<ReadFile, RestoreError> {
    let catalog = state.catalog.get_untracked();
    let plan = state.plan_untracked();
    let plan_ref = plan_ref(state);
    state.tracking.with_untracked(|tracking| {
        exchange::restore(
            text,
            source,
            &plan_ref,
            &|unit| {
                let unit = UnitId::new(unit);
                catalog.unit(&unit).is_some() || tracking.unit_removed(&unit)
            },
            &|task| {
                is_plan_task(plan, task)
                    || tracking.custom_tasks.contains_key(task)
                    || tracking.task_removed(task)
            },
        )
    })
}

/// Offers the whole tracking data as a file, named for what it holds.
pub fn download_all(state: &AppState) -> Result<(), String> {
    let envelope = exchange::export_full(&state.tracking.get_untracked(), &export_meta(state));
    let text = exchange::write_file(&envelope);
    files::download(
        &exchange::file_name(&envelope.head),
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

/// Applies the staged files as the preview `plan` shows them, with the
/// user's choices: the merged data and the receipts of the reports, in one
/// step that one undo takes back whole. The state before stays in storage
/// too, for a restore after the session's undo is gone. Returns the message
/// to show, or why nothing was applied.
pub fn apply_import(
    state: &AppState,
    files: &[StagedFile],
    plan: &MergePlan,
    choices: &Choices,
) -> Result<String, String> {
    if !files.iter().any(StagedFile::usable) {
        return Err("Không có tệp nào hợp lệ được chọn để nhập.".into());
    }
    let by = state.my_unit.get_untracked();
    if plan.needs_resolver(choices) && by.is_none() {
        return Err("Hãy chọn “Đơn vị của tôi” trước khi áp dụng: giá trị bạn chọn thay cho giá trị mặc định được ghi tên đơn vị đã chọn.".into());
    }
    let now = clock::now_millis();
    let resolver = by.as_ref().map(|by| Resolver { by, now });
    let imported = state.tracking.with_untracked(|tracking| {
        let before = exchange::write_compact(&exchange::export_full(tracking, &export_meta(state)));
        let _ = storage::write(StorageKey::BeforeImport, &before);
        state.receipts.with_untracked(|receipts| {
            staging::apply((tracking, receipts), plan, files, choices, resolver, now)
        })
    });
    let mut message = format!("Đã nhập {} tệp", imported.files);
    if imported.rejected > 0 {
        message.push_str(&format!(", bỏ qua {} mục bị từ chối", imported.rejected));
    }
    message.push_str(
        ". Bấm “Hoàn tác” để trở về đúng trạng thái trước khi nhập, cả danh sách báo cáo đã nhận.",
    );
    state.replace_state(imported.state);
    Ok(message)
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
    // an unchanged state is not written back, and an edit writes again only
    // what it changed. Nothing stored yet: the empty tracking.
    let view = StoredValue::new(StoreView::default());
    load(state, save, view);
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
        let head = export_meta(&state).head(Scope::full());
        let revision = format!("{}-{:08x}", clock::now_millis(), clock::random_u32());
        let plan = state
            .tracking
            .with_untracked(|t| view.try_update_value(|v| v.save(t, head, revision)));
        match plan {
            // Back to what storage holds (an undo, another tab's data).
            Some(Save::Unchanged) if save.get_untracked() == SaveState::Pending => {
                let bytes = storage::read(StorageKey::Tracking)
                    .ok()
                    .flatten()
                    .map_or(0, |t| t.len());
                save.set(SaveState::Saved {
                    at: clock::now_millis(),
                    bytes,
                });
            }
            None | Some(Save::Unchanged) => {}
            Some(Save::Write { text, .. }) => {
                let written = storage::write(StorageKey::Tracking, &text);
                view.update_value(|v| v.done(written.is_ok()));
                match written {
                    Ok(bytes) => {
                        save.set(SaveState::Saved {
                            at: clock::now_millis(),
                            bytes,
                        });
                        warn_when_nearly_full(&state, warned);
                    }
                    Err(e) => save_failed(&state, save, &e),
                }
            }
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
                if merge_from_other_tab(&state, &text, view) {
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

fn load(state: AppState, save: RwSignal<SaveState>, view: StoredValue<StoreView>) {
    let text = match storage::read(StorageKey::Tracking) {
        Ok(text) => text,
        Err(e) => {
            save_failed(&state, save, &e);
            return;
        }
    };
    let loaded = persist::loaded(text.as_deref(), |text| read(&state, text, Source::Storage));
    let text = text.unwrap_or_default();
    match loaded {
        Loaded::Nothing => {}
        Loaded::Read {
            tracking,
            extra,
            problem,
        } => {
            // What cannot be read goes aside first: the first save drops it.
            if let Some(problem) = &problem {
                keep_aside(&state, save, problem, &text);
            }
            view.set_value(StoreView::read(tracking.clone(), extra));
            // Written as items once the page is shown rather than before
            // it, and ahead of the first save, which then writes only what
            // changed.
            set_timeout(
                move || view.update_value(StoreView::prepare),
                Duration::ZERO,
            );
            state.tracking.set(tracking);
            if !matches!(save.get_untracked(), SaveState::ReadOnly(_)) {
                save.set(SaveState::Saved {
                    at: 0,
                    bytes: text.len(),
                });
            }
        }
        Loaded::Unreadable(problem) => keep_aside(&state, save, &problem, &text),
    }
}

/// Keeps what could not be read under a backup key and tells the user, with
/// the backup to download; when it cannot be kept, nothing is written this
/// session.
fn keep_aside(state: &AppState, save: RwSignal<SaveState>, problem: &LoadProblem, stored: &str) {
    let kept = storage::keep_backup(&problem.aside(stored), clock::now_millis());
    let why = kept.as_ref().err().map(storage::StorageError::message_vi);
    let (message, read_only) = problem.notice(why.as_deref().map_or(Ok(()), Err));
    if read_only {
        save.set(SaveState::ReadOnly(message.clone()));
    }
    match kept {
        Ok(key) => state.notify_with(
            NoticeKind::Error,
            message,
            NoticeAction::DownloadBackup(key),
        ),
        Err(_) => state.notify(NoticeKind::Error, message),
    }
}

/// Another tab saved: take its data in so that neither tab's edits, nor
/// its removals, are lost, and an undo there is an undo here. Returns
/// whether ours had something more, to be saved.
fn merge_from_other_tab(state: &AppState, text: &str, view: StoredValue<StoreView>) -> bool {
    let Ok(file) = read(state, text, Source::Storage) else {
        return false;
    };
    let based_on = persist::based_on(&file.head);
    let merge = view.with_value(|v| {
        state
            .tracking
            .with_untracked(|local| persist::take_in(v, local, &file.tracking, based_on.as_deref()))
    });
    let revision = persist::revision(&file.head);
    view.update_value(|v| v.seen(&file.tracking, revision));
    if let Some(merged) = merge.merged {
        // Undo steps hold the values they replaced; after another tab's
        // change they would bring back stale values.
        state.history.update(|h| h.clear());
        state.tracking.set(merged);
    }
    merge.write_back
}
