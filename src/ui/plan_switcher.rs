//! The plan switcher in the header: the open plan's name (its issuer and
//! number, a link to its start page) and the list of the plans the app
//! holds, the embedded one first, each with its number, year and short
//! title, plus the way to open a new one. Switching is following a link:
//! the address names the plan, so Back, reloads and shared links agree.

use leptos::prelude::*;

use crate::model::app_report::issuer_name;
use crate::plans::PlanEntry;
use crate::route::{Address, Route};
use crate::state::use_app;

/// The open plan and the others.
#[component]
pub fn PlanSwitcher() -> impl IntoView {
    let state = use_app();
    let (open, set_open) = signal(false);
    // A choice made, or any move elsewhere, closes the list.
    Effect::new(move |_| {
        state.route.track();
        state.current.track();
        set_open.set(false);
    });
    let href_of = move |entry: PlanEntry| {
        Address {
            plan: (!entry.embedded).then(|| entry.key.to_owned()),
            route: state.route.get().in_another_plan(),
        }
        .href()
    };
    view! {
        <div class="plan-switcher">
            <a href=move || state.href(Route::Home) class="brand-link">
                <span class="brand-issuer">{move || issuer_name(state.plan())}</span>
                <span class="brand-name" data-testid="current-plan">{move || format!("Kế hoạch {}", state.plan().meta.number)}</span>
            </a>
            <button
                type="button"
                class="switch-toggle"
                data-testid="plan-switcher"
                aria-expanded=move || open.get().to_string()
                aria-controls="plan-list"
                title=move || state.t("Chọn kế hoạch khác", "Choose another plan")
                on:click=move |_| set_open.update(|o| *o = !*o)
            >
                <span aria-hidden="true">"▾"</span>
                <span class="switch-label">{move || state.t("Kế hoạch", "Plans")}</span>
            </button>
            <div
                id="plan-list"
                class="plan-list"
                hidden=move || !open.get()
                on:keydown=move |ev| if ev.key() == "Escape" { set_open.set(false) }
            >
                <p class="plan-list-title">{move || state.t("Các kế hoạch trong ứng dụng", "Plans in this app")}</p>
                <ul>
                    {move || state.plans.get().entries().iter().map(|&entry| {
                        let current = move || state.current.get() == entry;
                        view! {
                            <li>
                                <a
                                    href=move || href_of(entry)
                                    class=("current", current)
                                    aria-current=move || current().then_some("true")
                                    data-testid="plan-option"
                                >
                                    <span class="plan-option-label">
                                        <strong>{entry.label()}</strong>
                                        " · " {issuer_name(entry.plan)}
                                        {entry.embedded.then(|| view! { <span class="plan-tag">{move || state.t("có sẵn", "built in")}</span> })}
                                    </span>
                                    <span class="plan-option-title">{entry.short_title()}</span>
                                </a>
                            </li>
                        }
                    }).collect_view()}
                </ul>
                <a class="open-new" href=move || state.href(Route::OpenPlan) data-testid="switcher-open-plan">
                    "+ " {move || state.t("Mở kế hoạch mới…", "Open a new plan…")}
                </a>
            </div>
        </div>
    }
}
