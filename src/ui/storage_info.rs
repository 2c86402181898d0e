//! How much of the browser's storage the app uses, whether the browser keeps
//! it permanently, and the backups kept (copies before an import or a move,
//! data that could not be read), each downloadable.

use leptos::prelude::*;

use crate::browser::storage;
use crate::i18n::Lang;
use crate::persistence::{self, Medium, StorageStatus};
use crate::state::use_app;
use crate::store::usage::size_text;

/// Storage usage, persistence and backups.
#[component]
pub fn StorageInfo() -> impl IntoView {
    let state = use_app();
    let status = expect_context::<StorageStatus>();
    // Local storage: re-read after every save.
    let local_used = Memo::new(move |_| {
        status.save.track();
        storage::used_bytes()
    });
    // (used, quota) in bytes, as the medium counts them.
    let figures = move || match (status.medium.get(), status.usage.get()) {
        (Medium::IndexedDb, Some(usage)) => Some((usage.used, usage.quota)),
        (Medium::LocalStorage, _) => {
            Some((local_used.get() as f64, storage::LOCAL_QUOTA_BYTES as f64))
        }
        _ => None,
    };
    let share = move || {
        figures().map_or(0.0, |(used, quota)| {
            if quota > 0.0 {
                (used / quota).min(1.0)
            } else {
                0.0
            }
        })
    };
    let line = move || {
        figures().map(|(used, quota)| {
            format!(
                "{} {} / {} ({:.0}%)",
                state.t("Đã dùng", "Used"),
                size_text(used),
                size_text(quota),
                share() * 100.0
            )
        })
    };
    let medium = move || match status.medium.get() {
        Medium::IndexedDb => state.t(
            "Dữ liệu nằm trong kho IndexedDB của trình duyệt.",
            "The data is in the browser's IndexedDB.",
        ),
        Medium::LocalStorage => state.t(
            "Dữ liệu nằm trong bộ nhớ cục bộ của trình duyệt (tối đa khoảng 5 MB).",
            "The data is in the browser's local storage (about 5 MB at most).",
        ),
        Medium::Opening => state.t("Đang mở dữ liệu…", "Opening the data…"),
        Medium::None => state.t(
            "Phiên này không ghi dữ liệu vào trình duyệt.",
            "This session writes nothing to the browser.",
        ),
    };
    let what = move |what: &str| match (what, state.lang.get()) {
        ("before-import", Lang::Vi) => "Trước khi nhập tệp",
        ("before-import", _) => "Before an import",
        ("local-storage", Lang::Vi) => "Bản trong bộ nhớ cục bộ trước khi chuyển sang IndexedDB",
        ("local-storage", _) => "The local-storage copy before the move to IndexedDB",
        ("rejected", Lang::Vi) => "Các mục không đọc được",
        ("rejected", _) => "Items that could not be read",
        (_, Lang::Vi) => "Dữ liệu không đọc được",
        (_, _) => "Data that could not be read",
    };
    view! {
        <section class="card storage-info" data-testid="storage-info" aria-labelledby="storage-title">
            <h2 id="storage-title">{move || state.t("Dữ liệu trong trình duyệt", "Data in this browser")}</h2>
            <p data-testid="storage-medium">{medium}</p>
            <Show when=move || figures().is_some()>
                <p data-testid="storage-usage">{line}</p>
                <meter min="0" max="1" low="0.6" high=storage::WARN_SHARE optimum="0" value=share></meter>
            </Show>
            <p class="hint">
                {move || match status.persisted.get() {
                    Some(true) => state.t("Trình duyệt đã cho phép lưu bền vững: dữ liệu không bị xóa khi máy thiếu chỗ.", "Persistent storage granted: data is not evicted when space runs low."),
                    Some(false) => state.t("Trình duyệt chưa cho phép lưu bền vững: hãy xuất tệp định kỳ để giữ dữ liệu.", "Persistent storage not granted: export files regularly to keep the data."),
                    None => state.t("Trình duyệt không hỗ trợ lưu bền vững.", "This browser does not support persistent storage."),
                }}
            </p>
            <Show when=move || !status.backups.with(Vec::is_empty)>
                <h3>{move || state.t("Bản sao lưu", "Backups")}</h3>
                <ul class="backups">
                    <For each=move || status.backups.get() key=|b| b.id.clone() let:backup>
                        {
                            let download_id = backup.id.clone();
                            let remove_id = backup.id.clone();
                            let kind = backup.what.clone();
                            view! {
                                <li data-testid="backup">
                                    <span>{move || what(&kind)}</span>
                                    " · "
                                    <span>{crate::i18n::format_moment(backup.at)}</span>
                                    <button type="button" data-testid="download-backup" on:click=move |_| {
                                        persistence::download_backup(state, download_id.clone());
                                    }>{move || state.t("Tải về", "Download")}</button>
                                    <button type="button" class="link-button" on:click=move |_| {
                                        persistence::remove_backup(state, status, remove_id.clone());
                                    }>{move || state.t("Xóa", "Delete")}</button>
                                </li>
                            }
                        }
                    </For>
                </ul>
            </Show>
        </section>
    }
}
