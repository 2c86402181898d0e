//! What an unknown address shows: where the user is and a way back.

use leptos::prelude::*;

use crate::route::Route;
use crate::state::use_app;

/// The page for an address the app does not know.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    let state = use_app();
    view! {
        <section class="page narrow">
            <h1>{move || state.t("Không tìm thấy trang", "Page not found")}</h1>
            <p>
                {move || state.t(
                    "Địa chỉ này không trỏ tới phần nào của kế hoạch. Có thể liên kết đã bị cắt khi gửi qua thư.",
                    "This address points to no part of the plan. The link may have been cut when e-mailed.",
                )}
            </p>
            <p><a href=Route::Cover.href()>{move || state.t("Về trang bìa", "Back to the cover")}</a></p>
        </section>
    }
}
