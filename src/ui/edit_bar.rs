//! Undo, redo and whether edits are saved, on every screen; messages the
//! app needs the user to read.

use leptos::prelude::*;

use crate::persistence::{self, SaveState, StorageStatus};
use crate::state::{use_app, Loading, NoticeAction, NoticeKind};

/// Undo and redo buttons (also Ctrl+Z, Ctrl+Shift+Z, Ctrl+Y) and the save state.
#[component]
pub fn EditBar() -> impl IntoView {
    let state = use_app();
    let save = expect_context::<StorageStatus>().save;
    let keys = window_event_listener(leptos::ev::keydown, move |ev| {
        if !(ev.ctrl_key() || ev.meta_key()) {
            return;
        }
        // Inside a text field the browser's own undo edits the text.
        let in_field = document()
            .active_element()
            .is_some_and(|e| matches!(e.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"));
        if in_field {
            return;
        }
        match (ev.key().to_lowercase().as_str(), ev.shift_key()) {
            ("z", false) => state.undo(),
            ("z", true) | ("y", false) => state.redo(),
            _ => return,
        }
        ev.prevent_default();
    });
    on_cleanup(move || keys.remove());
    let label = move || match save.get() {
        _ if state.loading.get() == Loading::Notes => state
            .t("Đang đọc ghi chú đã lưu…", "Reading the saved notes…")
            .to_string(),
        SaveState::Empty => state.t("Chưa có thay đổi", "No changes yet").to_string(),
        SaveState::Pending => state.t("Đang lưu…", "Saving…").to_string(),
        SaveState::Saved { bytes, .. } => format!(
            "{} ({} KB)",
            state.t("Đã lưu trong trình duyệt", "Saved in this browser"),
            bytes.div_ceil(1024)
        ),
        SaveState::Failed(_) => state.t("Chưa lưu được", "Not saved").to_string(),
        SaveState::ReadOnly(_) => state
            .t("Không ghi vào bộ nhớ", "Not writing to storage")
            .to_string(),
    };
    let failed = move || matches!(save.get(), SaveState::Failed(_) | SaveState::ReadOnly(_));
    view! {
        <div class="edit-bar">
            <button
                type="button"
                data-testid="undo"
                disabled=move || !state.history.with(|h| h.can_undo())
                on:click=move |_| state.undo()
                title=move || state.t("Hoàn tác (Ctrl+Z)", "Undo (Ctrl+Z)")
            >
                "↶ " <span class="edit-label">{move || state.t("Hoàn tác", "Undo")}</span>
            </button>
            <button
                type="button"
                data-testid="redo"
                disabled=move || !state.history.with(|h| h.can_redo())
                on:click=move |_| state.redo()
                title=move || state.t("Làm lại (Ctrl+Shift+Z)", "Redo (Ctrl+Shift+Z)")
            >
                "↷ " <span class="edit-label">{move || state.t("Làm lại", "Redo")}</span>
            </button>
            <span class="save-state" class:failed=failed data-testid="save-state" role="status">{label}</span>
        </div>
    }
}

/// The latest notice, dismissable; errors are announced to screen readers.
#[component]
pub fn NoticeBar() -> impl IntoView {
    let state = use_app();
    move || {
        state.notice.get().map(|notice| {
            let class = match notice.kind {
                NoticeKind::Info => "notice info",
                NoticeKind::Success => "notice success",
                NoticeKind::Error => "notice error",
            };
            let role = if notice.kind == NoticeKind::Error {
                "alert"
            } else {
                "status"
            };
            let action = notice.action.map(|action| {
                let (vi, en) = match action {
                    NoticeAction::DownloadData => ("Tải dữ liệu về máy", "Download the data"),
                    NoticeAction::DownloadBackup(_) => ("Tải bản sao lưu", "Download the backup"),
                };
                let run = move |_| match &action {
                    NoticeAction::DownloadData => leptos::task::spawn_local(async move {
                        if let Err(e) = persistence::download_all(state).await {
                            state.notify(NoticeKind::Error, format!("Không tải được tệp: {e}"));
                        }
                    }),
                    NoticeAction::DownloadBackup(key) => persistence::download_backup(state, key.clone()),
                };
                view! { <button type="button" class="primary" data-testid="notice-action" on:click=run>{move || state.t(vi, en)}</button> }
            });
            view! {
                <div class=class role=role data-testid="notice">
                    <p>{notice.text}</p>
                    {action}
                    <button type="button" on:click=move |_| state.notice.set(None)>
                        {move || state.t("Đóng", "Close")}
                    </button>
                </div>
            }
        })
    }
}
