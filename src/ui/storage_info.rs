//! How much of the browser's storage the app uses, whether the browser keeps
//! it permanently, and the backups of data that could not be read.

use leptos::prelude::*;

use crate::browser::storage;
use crate::persistence::{self, StorageStatus};
use crate::state::{use_app, NoticeKind};

/// Storage usage, persistence and backups.
#[component]
pub fn StorageInfo() -> impl IntoView {
    let state = use_app();
    let status = expect_context::<StorageStatus>();
    // Re-read after every save.
    let used = Memo::new(move |_| {
        status.save.track();
        storage::used_bytes()
    });
    let backups = RwSignal::new(storage::backups());
    let share = move || used.get() as f64 / storage::LOCAL_QUOTA_BYTES as f64;
    view! {
        <section class="card storage-info" data-testid="storage-info" aria-labelledby="storage-title">
            <h2 id="storage-title">{move || state.t("Dữ liệu trong trình duyệt", "Data in this browser")}</h2>
            <p>
                {move || format!(
                    "{} {} KB / {} MB ({:.0}%)",
                    state.t("Đã dùng", "Used"),
                    used.get().div_ceil(1024),
                    storage::LOCAL_QUOTA_BYTES / 2 / 1_048_576,
                    share() * 100.0
                )}
            </p>
            <meter min="0" max="1" low="0.6" high=storage::WARN_SHARE optimum="0" value=share></meter>
            <p class="hint">
                {move || match status.persisted.get() {
                    Some(true) => state.t("Trình duyệt đã cho phép lưu bền vững: dữ liệu không bị xóa khi máy thiếu chỗ.", "Persistent storage granted: data is not evicted when space runs low."),
                    Some(false) => state.t("Trình duyệt chưa cho phép lưu bền vững: hãy xuất tệp định kỳ để giữ dữ liệu.", "Persistent storage not granted: export files regularly to keep the data."),
                    None => state.t("Trình duyệt không hỗ trợ lưu bền vững.", "This browser does not support persistent storage."),
                }}
            </p>
            <Show when=move || !backups.get().is_empty()>
                <h3>{move || state.t("Bản sao lưu dữ liệu không đọc được", "Backups of unreadable data")}</h3>
                <ul class="backups">
                    <For each=move || backups.get() key=|k| k.clone() let:key>
                        {
                            let download_key = key.clone();
                            let remove_key = key.clone();
                            view! {
                                <li>
                                    <code>{key.clone()}</code>
                                    <button type="button" data-testid="download-backup" on:click=move |_| {
                                        if let Err(e) = persistence::download_backup(&download_key) {
                                            state.notify(NoticeKind::Error, e);
                                        }
                                    }>{move || state.t("Tải về", "Download")}</button>
                                    <button type="button" class="link-button" on:click=move |_| {
                                        if storage::remove_backup(&remove_key).is_ok() {
                                            backups.set(storage::backups());
                                        }
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
