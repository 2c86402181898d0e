//! Local storage as the store, where IndexedDB is unavailable or refused
//! the move: the stored copy is one key, read at start through
//! `exchange::persist::loaded`, written whole by each save (`StoreView`),
//! read back, and taken in from other tabs through the `storage` event; the
//! receipts are another key. Only the embedded plan is kept here.

use leptos::prelude::*;

use crate::browser::clock;
use crate::browser::storage::{self, StorageError, StorageKey};
use crate::exchange::persist::{self, LoadProblem, Loaded, Save, StoreView};
use crate::exchange::{Scope, Source};
use crate::model::receipts::Receipts;
use crate::state::{AppState, NoticeAction, NoticeKind};

use super::{export_meta, new_revision, read, SaveState, Signals};

/// What local storage holds, as far as this tab knows.
pub struct Local {
    view: StoreView,
    /// The receipts' text last written, so that an unchanged list is not
    /// written again.
    receipts: Option<String>,
}

impl Local {
    /// Reads the stored copy and the receipts into the state.
    pub fn load(state: &AppState, signals: &Signals) -> Self {
        let receipts = load_receipts(state);
        let view = load_tracking(state, signals);
        Self { view, receipts }
    }

    /// Writes what changed since the last save.
    pub fn save(&mut self, state: &AppState, signals: &Signals) {
        let head = export_meta(state).head(Scope::full());
        let plan = state
            .tracking
            .with_untracked(|t| self.view.save(t, head, new_revision()));
        match plan {
            // Back to what storage holds (an undo, another tab's data).
            Save::Unchanged if signals.save.get_untracked() == SaveState::Pending => {
                let bytes = storage::read(StorageKey::Tracking)
                    .ok()
                    .flatten()
                    .map_or(0, |t| t.len());
                signals.saved(bytes);
            }
            Save::Unchanged => {}
            Save::Write { text, .. } => {
                let written = storage::write(StorageKey::Tracking, &text);
                self.view.done(written.is_ok());
                match written {
                    Ok(bytes) => {
                        signals.saved(bytes);
                        warn_when_nearly_full(state, signals);
                    }
                    Err(e) => failed(state, signals, &e),
                }
            }
        }
        let text = state
            .receipts
            .with_untracked(|r| serde_json::to_string(r).expect("receipts serialise"));
        if self.receipts.as_deref() != Some(text.as_str()) {
            match storage::write(StorageKey::Receipts, &text) {
                Ok(_) => self.receipts = Some(text),
                Err(e) => failed(state, signals, &e),
            }
        }
    }

    /// Another tab saved the stored copy `text`: takes its data in so that
    /// neither tab's edits, nor its removals, are lost, and an undo there is
    /// an undo here. Returns whether ours had something more, to be saved.
    pub fn take_in(&mut self, state: &AppState, text: &str) -> bool {
        let Ok(file) = read(state, text, Source::Storage) else {
            return false;
        };
        let based_on = persist::based_on(&file.head);
        let merge = state.tracking.with_untracked(|local| {
            persist::take_in(&self.view, local, &file.tracking, based_on.as_deref())
        });
        self.view
            .seen(&file.tracking, persist::revision(&file.head));
        if let Some(merged) = merge.merged {
            // Undo steps hold the values they replaced; after another tab's
            // change they would bring back stale values.
            state.history.update(|h| h.clear());
            state.tracking.set(merged);
        }
        merge.write_back
    }

    /// Another tab saved the receipts: this tab shows theirs.
    pub fn take_in_receipts(&mut self, state: &AppState, text: &str) {
        if let Ok(receipts) = serde_json::from_str::<Receipts>(text) {
            self.receipts = Some(text.to_owned());
            state.receipts.set(receipts);
        }
    }
}

/// Tells the user once per session, before storage runs out, and offers the
/// export that keeps their data safe.
pub fn warn_when_nearly_full(state: &AppState, signals: &Signals) {
    let used = storage::used_bytes();
    if (used as f64) < storage::WARN_SHARE * storage::LOCAL_QUOTA_BYTES as f64
        || signals.warned.get_value()
    {
        return;
    }
    signals.warned.set_value(true);
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
fn failed(state: &AppState, signals: &Signals, error: &StorageError) {
    signals.failed(state, error.message_vi());
}

fn load_tracking(state: &AppState, signals: &Signals) -> StoreView {
    let text = match storage::read(StorageKey::Tracking) {
        Ok(text) => text,
        Err(e) => {
            failed(state, signals, &e);
            return StoreView::default();
        }
    };
    let loaded = persist::loaded(text.as_deref(), |text| read(state, text, Source::Storage));
    let text = text.unwrap_or_default();
    match loaded {
        Loaded::Nothing => StoreView::default(),
        Loaded::Read {
            tracking,
            extra,
            problem,
        } => {
            // What cannot be read goes aside first: the first save drops it.
            if let Some(problem) = &problem {
                keep_aside(state, signals, problem, &text);
            }
            let view = StoreView::read(tracking.clone(), extra);
            state.tracking.set(tracking);
            if !matches!(signals.save.get_untracked(), SaveState::ReadOnly(_)) {
                signals.save.set(SaveState::Saved {
                    at: 0,
                    bytes: text.len(),
                });
            }
            view
        }
        Loaded::Unreadable(problem) => {
            keep_aside(state, signals, &problem, &text);
            StoreView::default()
        }
    }
}

/// Keeps what could not be read under a backup key and tells the user, with
/// the backup to download; when it cannot be kept, nothing is written this
/// session.
fn keep_aside(state: &AppState, signals: &Signals, problem: &LoadProblem, stored: &str) {
    let kept = storage::keep_backup(&problem.aside(stored), clock::now_millis());
    let why = kept.as_ref().err().map(StorageError::message_vi);
    let (message, read_only) = problem.notice(why.as_deref().map_or(Ok(()), Err));
    if read_only {
        signals.save.set(SaveState::ReadOnly(message.clone()));
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

/// Restores the receipts of imported reports; an unreadable value is kept
/// aside like the tracking data.
fn load_receipts(state: &AppState) -> Option<String> {
    match storage::read(StorageKey::Receipts) {
        Ok(Some(text)) => match serde_json::from_str::<Receipts>(&text) {
            Ok(receipts) => {
                state.receipts.set(receipts);
                Some(text)
            }
            Err(e) => {
                let kept = storage::keep_backup(&text, clock::now_millis());
                state.notify(
                    NoticeKind::Error,
                    super::receipts_unreadable_vi(&e, kept.is_ok()),
                );
                None
            }
        },
        Ok(None) => None,
        Err(e) => {
            state.notify(NoticeKind::Error, e.message_vi());
            None
        }
    }
}
