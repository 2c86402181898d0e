//! The bar on every screen: the open plan's name with the plan switcher,
//! the main sections, and the settings that change every view (as-of date,
//! my unit, language).

use leptos::prelude::*;

use super::plan_switcher::PlanSwitcher;
use super::search_box::SearchBox;
use crate::browser::location;
use crate::i18n::{format_date, parse_date, Lang};
use crate::route::{Route, TaskFilter};
use crate::state::use_app;
use crate::ui::edit_bar::EditBar;
use crate::ui::unit_picker::UnitPicker;

/// Header with navigation and global settings.
#[component]
pub fn AppHeader() -> impl IntoView {
    let state = use_app();
    let nav: [(Route, &str, &str); 8] = [
        (Route::MyUnit, "Đơn vị của tôi", "My unit"),
        (Route::Cover, "Trang bìa", "Cover"),
        (Route::Plan { anchor: None }, "Toàn văn", "Full text"),
        (Route::Tasks(TaskFilter::default()), "Nhiệm vụ", "Tasks"),
        (Route::Dashboard, "Tổng quan", "Overview"),
        (Route::Report(None), "Báo cáo", "Report"),
        (Route::Meeting(1), "Trình chiếu", "Present"),
        (Route::Exchange, "Trao đổi", "Exchange"),
    ];
    let links = nav
        .into_iter()
        .map(|(route, vi, en)| {
            let kind = std::mem::discriminant(&route);
            let current = move || std::mem::discriminant(&state.route.get()) == kind;
            view! {
                <a
                    href=move || state.href(route.clone())
                    class=("current", current)
                    aria-current=move || current().then_some("page")
                >
                    {move || state.t(vi, en)}
                </a>
            }
        })
        .collect_view();

    view! {
        // A button, not `href="#noi-dung"`: the fragment is the route.
        <button type="button" class="skip-link no-print" on:click=|_| location::scroll_to("noi-dung")>
            {move || state.t("Bỏ qua, đến nội dung chính", "Skip to main content")}
        </button>
        <header class="app-header no-print">
            <div class="brand">
                <PlanSwitcher/>
            </div>
            <nav class="main-nav" aria-label=move || state.t("Các phần", "Sections")>
                {links}
            </nav>
            <SearchBox/>
            <div class="header-tools">
                <UnitPicker/>
                <AsOfPicker/>
                <LanguageSwitch/>
            </div>
            <EditBar/>
        </header>
    }
}

/// The as-of date (ngày tham chiếu): every timing is computed as of it.
#[component]
fn AsOfPicker() -> impl IntoView {
    let state = use_app();
    let (error, set_error) = signal(false);
    view! {
        <label class="as-of">
            <span>{move || state.t("Tính đến ngày", "As of")}</span>
            <input
                type="text"
                inputmode="numeric"
                data-testid="as-of"
                placeholder="dd/mm/yyyy"
                size="10"
                aria-invalid=move || error.get().then_some("true")
                prop:value=move || format_date(state.as_of.get())
                on:change=move |ev| match parse_date(&event_target_value(&ev)) {
                    Some(date) => {
                        set_error.set(false);
                        state.as_of.set(date);
                    }
                    None => set_error.set(true),
                }
            />
        </label>
        <Show when=move || error.get()>
            <span class="field-error" role="alert">
                {move || state.t("Ngày không hợp lệ, nhập dd/mm/yyyy", "Invalid date, use dd/mm/yyyy")}
            </span>
        </Show>
    }
}

/// Switches the interface language; the plan text stays Vietnamese.
#[component]
fn LanguageSwitch() -> impl IntoView {
    let state = use_app();
    // `persistence::keep_settings` remembers the choice for the next visit.
    let toggle = move |_| {
        state.lang.update(|lang| {
            *lang = match lang {
                Lang::Vi => Lang::En,
                Lang::En => Lang::Vi,
            }
        })
    };
    view! {
        <button
            type="button"
            class="lang-switch"
            data-testid="lang"
            lang=move || state.t("en", "vi")
            aria-label=move || state.t("Switch the interface to English", "Chuyển giao diện sang tiếng Việt")
            on:click=toggle
        >
            {move || state.t("English", "Tiếng Việt")}
        </button>
    }
}
