//! The interface: one module per screen, named for what the user sees.
//! Components read state with `use_app()` and compute nothing the pure core
//! could compute.

mod app_header;
mod cover_page;
mod dashboard_page;
mod edit_bar;
mod exchange_page;
mod meeting_page;
mod my_unit_page;
mod not_found_page;
mod on_demand;
mod open_plan_page;
mod plan_reader;
mod plan_review;
mod plan_switcher;
mod report_files;
mod report_page;
mod search_box;
mod search_index;
mod search_page;
mod snippet_text;
mod stack_bar;
mod storage_info;
mod task_list;
mod task_page;
mod unit_picker;
mod update_banner;
mod widgets;

use leptos::prelude::*;

use crate::browser::{clock, location, styles};
use crate::persistence;
use crate::route::{Address, Route};
use crate::seed;
use crate::state::{use_app, AppState};

use app_header::AppHeader;
use cover_page::CoverPage;
use edit_bar::NoticeBar;
use exchange_page::ImportInjection;
use not_found_page::NotFoundPage;
use on_demand::{LazyScreen, OnDemand};
use search_index::SearchIndexInjection;
use update_banner::UpdateBanner;

/// The whole app: state, routing by URL fragment, header and the screen.
#[component]
pub fn App() -> impl IntoView {
    let state = AppState::new(seed::plan(), Route::Home, clock::today());
    // Nothing is read yet: the plan the address names is simply the open one.
    state.follow(Address::parse(&location::fragment()), |entry| {
        state.current.set(entry);
        Ok(())
    });
    provide_context(state);
    persistence::keep_settings(state);
    provide_context(persistence::start(state));
    SearchIndexInjection::provide(state);
    ImportInjection::provide(state, open_plan_page::OpeningInjection::provide());
    // The fragment is the single source of the route: links, Back/Forward
    // and typed addresses all arrive here.
    let listener = window_event_listener(leptos::ev::hashchange, move |_| {
        persistence::plans::follow(state, Address::parse(&location::fragment()));
    });
    on_cleanup(move || listener.remove());
    clock::when_idle(styles::enable_deferred);
    Effect::new(move |_| {
        let lang = state.lang.get();
        if let Some(html) = document().document_element() {
            let _ = html.set_attribute("lang", lang.code());
        }
    });

    // Meeting mode is the whole screen: no header, notices or footer.
    let chrome = Memo::new(move |_| !matches!(state.route.get(), Route::Meeting(_)));
    view! {
        <Show when=move || chrome.get()>
            <AppHeader/>
            <NoticeBar/>
        </Show>
        <main id="noi-dung" tabindex="-1">
            // Until the stored data is read, a screen showing it would show
            // nothing yet: a line says what is happening instead.
            <Show
                when=move || {
                    let loading = state.loading.get();
                    state.route.with(|r| {
                        persistence::shown_while_reading(r, state.my_unit.with(Option::is_some), loading)
                    })
                }
                fallback=move || view! {
                    <p class="card reading-data" data-testid="reading-data" role="status">
                        {move || state.t("Đang mở dữ liệu đã lưu trong trình duyệt…", "Opening the data saved in this browser…")}
                    </p>
                }
            >
                <Screen/>
            </Show>
        </main>
        <Show when=move || chrome.get()>
            <footer class="app-footer no-print">
                <p>{move || state.t(
                    "Dữ liệu chỉ lưu trong trình duyệt này. Trao đổi với đơn vị khác bằng tệp JSON.",
                    "Data stays in this browser. Exchange with other units by JSON file.",
                )}</p>
            </footer>
        </Show>
        <UpdateBanner/>
    }
}

/// The screen for the current route.
#[component]
fn Screen() -> impl IntoView {
    let state = use_app();
    // A screen is rebuilt only when the plan or the kind of route changes;
    // parameters such as a plan anchor or a filter are read inside it.
    let kind = Memo::new(move |_| {
        (
            state.current.get().key,
            std::mem::discriminant(&state.route.get()),
        )
    });
    // A new screen starts at its top; the reader scrolls to its own anchor.
    Effect::new(move |_| {
        kind.get();
        if !matches!(state.route.get_untracked(), Route::Plan { .. }) {
            location::scroll_to_top();
        }
    });
    move || {
        // `get`, not `track`: a memo that is only tracked is never re-checked.
        kind.get();
        // Only the cover is in the first load: every other screen's code
        // arrives on its first use (`on_demand`).
        match state.route.get_untracked() {
            Route::Home if state.my_unit.get_untracked().is_some() => {
                view! { <OnDemand screen=LazyScreen::MyUnit/> }.into_any()
            }
            Route::Home | Route::Cover => view! { <CoverPage/> }.into_any(),
            Route::MyUnit => view! { <OnDemand screen=LazyScreen::MyUnit/> }.into_any(),
            Route::Task(_) => view! { <OnDemand screen=LazyScreen::Task/> }.into_any(),
            Route::Plan { .. } => view! { <OnDemand screen=LazyScreen::Plan/> }.into_any(),
            Route::Tasks(_) => view! { <OnDemand screen=LazyScreen::Tasks/> }.into_any(),
            Route::Search(_) => view! { <OnDemand screen=LazyScreen::Search/> }.into_any(),
            Route::Exchange => view! { <OnDemand screen=LazyScreen::Exchange/> }.into_any(),
            Route::Dashboard => view! { <OnDemand screen=LazyScreen::Dashboard/> }.into_any(),
            Route::Report(_) => view! { <OnDemand screen=LazyScreen::Report/> }.into_any(),
            Route::Meeting(_) => view! { <OnDemand screen=LazyScreen::Meeting/> }.into_any(),
            Route::OpenPlan => view! { <OnDemand screen=LazyScreen::OpenPlan/> }.into_any(),
            _ => view! { <NotFoundPage/> }.into_any(),
        }
    }
}
