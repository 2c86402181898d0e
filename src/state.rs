//! The app's state, provided once through context and reached with
//! [`use_app`]. Signals hold only what the user chose or recorded; every
//! figure is derived from them by the pure core.

use chrono::NaiveDate;
use leptos::prelude::*;

use crate::i18n::Lang;
use crate::model::plan::Plan;
use crate::model::tracking::Tracking;
use crate::model::unit::UnitId;
use crate::route::Route;

/// Shared state of the running app. `Copy`: signals are handles.
#[derive(Clone, Copy)]
pub struct AppState {
    /// The embedded plan, parsed once.
    pub plan: &'static Plan,
    pub route: RwSignal<Route>,
    pub lang: RwSignal<Lang>,
    /// The date the view is "as of" (ngày tham chiếu); today by default.
    pub as_of: RwSignal<NaiveDate>,
    /// The unit the user works for, if chosen.
    pub my_unit: RwSignal<Option<UnitId>>,
    pub tracking: RwSignal<Tracking>,
}

impl AppState {
    pub fn new(plan: &'static Plan, route: Route, today: NaiveDate) -> Self {
        Self {
            plan,
            route: RwSignal::new(route),
            lang: RwSignal::new(Lang::Vi),
            as_of: RwSignal::new(today),
            my_unit: RwSignal::new(None),
            tracking: RwSignal::new(Tracking::default()),
        }
    }

    /// Shorthand for a string in the current language.
    pub fn t(&self, vi: &'static str, en: &'static str) -> &'static str {
        self.lang.get().pick(vi, en)
    }
}

/// The app state provided by `ui::App`.
pub fn use_app() -> AppState {
    expect_context::<AppState>()
}
