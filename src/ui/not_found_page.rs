//! What an unknown address shows: where the user is and a way back; for an
//! address of a plan this app does not hold, which plan and how to add it.

use leptos::prelude::*;

use crate::route::Route;
use crate::state::use_app;

/// The page for an address the app does not know.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    let state = use_app();
    move || {
        match state.missing_plan.get() {
        Some(key) => view! {
            <section class="page narrow" data-testid="missing-plan">
                <h1>{move || state.t("Kế hoạch này chưa có trong ứng dụng", "This plan is not in the app")}</h1>
                <p>
                    {move || state.t("Địa chỉ trỏ tới kế hoạch", "The address points to plan")}
                    " “" <strong>{key.clone()}</strong> "” "
                    {move || state.t(
                        "nhưng trình duyệt này chưa có kế hoạch đó. Hãy mở tệp kế hoạch (do Sở KH&ĐT gửi) hoặc tệp Word của kế hoạch để thêm vào, rồi mở lại liên kết.",
                        "but this browser does not hold it. Open the plan file (sent by Sở KH&ĐT) or the plan's Word file to add it, then open the link again.",
                    )}
                </p>
                <p class="button-row">
                    <a class="button-link primary" href=state.href(Route::OpenPlan)>{move || state.t("Mở kế hoạch mới", "Open a new plan")}</a>
                    <a class="button-link" href=state.href(Route::Cover)>{move || state.t("Về kế hoạch đang mở", "Back to the open plan")}</a>
                </p>
            </section>
        }
        .into_any(),
        None => view! {
            <section class="page narrow">
                <h1>{move || state.t("Không tìm thấy trang", "Page not found")}</h1>
                <p>
                    {move || state.t(
                        "Địa chỉ này không trỏ tới phần nào của kế hoạch. Có thể liên kết đã bị cắt khi gửi qua thư.",
                        "This address points to no part of the plan. The link may have been cut when e-mailed.",
                    )}
                </p>
                <p><a href=state.href(Route::Cover)>{move || state.t("Về trang bìa", "Back to the cover")}</a></p>
            </section>
        }
        .into_any(),
    }
    }
}
