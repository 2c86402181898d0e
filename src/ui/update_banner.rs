//! The notice that a new version of the app is ready. The user chooses when
//! to reload, so nothing being typed is ever lost to an automatic reload.

use leptos::prelude::*;

use crate::browser::service_worker;
use crate::state::use_app;

/// Registers the service worker and, when a new version waits, offers
/// "Tải lại" (reload now) and "Để sau" (later: the new version then starts
/// the next time the app is opened).
#[component]
pub fn UpdateBanner() -> impl IntoView {
    let state = use_app();
    let (ready, set_ready) = signal(false);
    let (later, set_later) = signal(false);
    service_worker::register(move || set_ready.set(true));
    view! {
        // The live region is always there so that screen readers announce
        // the notice when it appears inside it.
        <div class="update-region no-print" role="status" aria-live="polite">
            <Show when=move || ready.get() && !later.get()>
                <div class="update-banner" data-testid="update-banner">
                    <span>{move || state.t("Có phiên bản mới.", "A new version is available.")}</span>
                    <button
                        type="button"
                        class="update-reload"
                        data-testid="update-reload"
                        on:click=|_| service_worker::apply_update()
                    >
                        {move || state.t("Tải lại", "Reload")}
                    </button>
                    <button
                        type="button"
                        class="update-later"
                        data-testid="update-later"
                        on:click=move |_| set_later.set(true)
                    >
                        {move || state.t("Để sau", "Later")}
                    </button>
                </div>
            </Show>
        </div>
    }
}
