//! Screens whose code is not in the start page's wasm: each is in a group
//! loaded on demand (`crate::on_demand`), fetched the first time one of its
//! screens is shown.
//! [`OnDemand`] says "Đang tải…" meanwhile and, when the fetch fails (offline
//! before the service worker holds the files), what happened, with a retry.
//!
//! The cover, the start page of a first visit, is not here: it is in the
//! first load. The unit page, the start page once a unit is chosen, is in
//! the group that reads the stored data: a returning visit needs both at once.
//! This module owns only how screens are reached; it holds no state and
//! never changes data (a failed load leaves everything as it was).

use leptos::prelude::*;

use crate::browser::styles;
use crate::on_demand::{on_demand, NotLoaded};

use crate::state::use_app;
use crate::ui::dashboard_page::DashboardPage;
use crate::ui::exchange_page::ExchangePage;
use crate::ui::meeting_page::MeetingPage;
use crate::ui::my_unit_page::MyUnitPage;
use crate::ui::open_plan_page::OpenPlanPage;
use crate::ui::plan_reader::PlanReader;
use crate::ui::report_page::ReportPage;
use crate::ui::search_page::SearchPage;
use crate::ui::task_list::TaskList;
use crate::ui::task_page::TaskPage;

/// A screen whose code is loaded on first use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LazyScreen {
    MyUnit,
    Plan,
    Search,
    Tasks,
    Task,
    Exchange,
    Dashboard,
    Report,
    Meeting,
    OpenPlan,
}

type Loaded = Result<AnyView, NotLoaded>;

impl LazyScreen {
    /// The screen's view once its module is there (at once when it already is).
    async fn load(self) -> Loaded {
        match self {
            Self::MyUnit => my_unit_page().await,
            Self::Plan => plan_reader().await,
            Self::Search => search_page().await,
            Self::Tasks => task_list().await,
            Self::Task => task_page().await,
            Self::Exchange => exchange_page().await,
            Self::Dashboard => dashboard_page().await,
            Self::Report => report_page().await,
            Self::Meeting => meeting_page().await,
            Self::OpenPlan => open_plan_page().await,
        }
    }

    /// The screen's name, as the header's menu says it, for the failure message.
    pub fn name(self) -> (&'static str, &'static str) {
        match self {
            Self::MyUnit => ("Đơn vị của tôi", "My unit"),
            Self::Plan => ("Toàn văn", "Full text"),
            Self::Search => ("Tìm kiếm", "Search"),
            Self::Tasks => ("Nhiệm vụ", "Tasks"),
            Self::Task => ("Nhiệm vụ", "Task"),
            Self::Exchange => ("Trao đổi", "Exchange"),
            Self::Dashboard => ("Tổng quan", "Overview"),
            Self::Report => ("Báo cáo", "Report"),
            Self::Meeting => ("Trình chiếu", "Present"),
            Self::OpenPlan => ("Mở kế hoạch mới", "Open a new plan"),
        }
    }
}

// The groups and why screens share them: `crate::on_demand`. A group's
// name is its file's name (`split_<name>-<hash>.wasm`).

/// Each screen's entry: `name in group: Component`.
macro_rules! screens {
    ($($name:ident in $group:ident: $component:ident;)*) => {
        $(on_demand!($group, fn $name() -> AnyView {
            view! { <$component/> }.into_any()
        });)*
    };
}

screens! {
    my_unit_page in unit_page: MyUnitPage;
    plan_reader in reading: PlanReader;
    search_page in reading: SearchPage;
    task_list in reading: TaskList;
    task_page in reading: TaskPage;
    exchange_page in coordination: ExchangePage;
    dashboard_page in coordination: DashboardPage;
    report_page in coordination: ReportPage;
    meeting_page in coordination: MeetingPage;
    open_plan_page in coordination: OpenPlanPage;
}

/// `screen`, once its code has arrived: "Đang tải…" until then, and a
/// message with "Thử lại" if it cannot arrive.
#[component]
pub fn OnDemand(screen: LazyScreen) -> impl IntoView {
    // Bumped by "Thử lại": a failed load is not remembered, so the next
    // attempt fetches afresh.
    let attempt = RwSignal::new(0u32);
    // Screens loaded on demand use the style sheets the first screen does not.
    styles::enable_deferred();
    view! {
        <Suspense fallback=ScreenLoading>
            {move || {
                attempt.track();
                Suspend::new(async move {
                    match screen.load().await {
                        Ok(view) => view,
                        Err(_) => view! { <ScreenLoadFailed screen attempt/> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// What stands in a screen's place while its code arrives. Shown only
/// after a moment (`app.css`), so a fast load does not flash it.
#[component]
fn ScreenLoading() -> impl IntoView {
    let state = use_app();
    view! {
        <p class="screen-loading" role="status" data-testid="screen-loading">
            {move || state.t("Đang tải…", "Loading…")}
        </p>
    }
}

/// A screen whose code could not be fetched: what happened, that nothing
/// was lost, and a way to try again.
#[component]
fn ScreenLoadFailed(screen: LazyScreen, attempt: RwSignal<u32>) -> impl IntoView {
    let state = use_app();
    let (vi, en) = screen.name();
    view! {
        <section class="page narrow screen-load-failed" role="alert" data-testid="screen-load-failed">
            <h1>{move || state.t("Chưa mở được màn hình này", "This screen could not be opened")}</h1>
            <p>
                {move || state.t("Phần mã của màn hình “", "The code of the “")}
                <strong>{move || state.t(vi, en)}</strong>
                {move || state.t(
                    "” chưa tải được về máy: mạng đang mất hoặc chập chờn. Dữ liệu của bạn không bị ảnh hưởng. Hãy kiểm tra kết nối rồi bấm “Thử lại”; nếu vẫn không được, hãy tải lại trang.",
                    "” screen did not arrive: the network is down or unsteady. Your data is untouched. Check the connection and press “Try again”; if it still fails, reload the page.",
                )}
            </p>
            <button class="primary" data-testid="screen-retry" on:click=move |_| attempt.update(|n| *n += 1)>
                {move || state.t("Thử lại", "Try again")}
            </button>
        </section>
    }
}
