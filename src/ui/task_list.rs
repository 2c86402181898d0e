//! The annex tasks as a filterable list. Filters live in the address, so a
//! filtered view can be bookmarked or e-mailed.

use leptos::prelude::*;

use crate::browser::location;
use crate::model::deadline::Period;
use crate::model::plan::AnnexTask;
use crate::model::unit::builtin_units;
use crate::route::{Route, TaskFilter};
use crate::state::use_app;

/// The `han` filter value of a period: `q1`…`q4`, `t01`…`t12`.
fn period_key(period: Period) -> String {
    match period {
        Period::Month(m) => format!("t{m:02}"),
        Period::Quarter(q) => format!("q{q}"),
    }
}

/// Whether a task's deadline falls in the filtered period: a quarter takes
/// in the months inside it.
fn period_matches(filter: &str, period: Period) -> bool {
    period_key(period) == filter || format!("q{}", period.quarter()) == filter
}

fn matches(filter: &TaskFilter, task: &AnnexTask) -> bool {
    filter
        .unit
        .as_deref()
        .is_none_or(|u| task.lead_unit.as_str() == u)
        && filter
            .period
            .as_deref()
            .is_none_or(|p| period_matches(p, task.deadline.period))
}

/// The task list with its filters.
#[component]
pub fn TaskList() -> impl IntoView {
    let state = use_app();
    let annex = &state.plan.annex;
    let filter = Memo::new(move |_| match state.route.get() {
        Route::Tasks(f) => f,
        _ => TaskFilter::default(),
    });
    let rows = Memo::new(move |_| {
        let f = filter.get();
        annex
            .tasks
            .iter()
            .filter(|t| matches(&f, t))
            .collect::<Vec<_>>()
    });
    let set_filter = move |change: &dyn Fn(&mut TaskFilter)| {
        let mut f = filter.get_untracked();
        change(&mut f);
        location::go(&Route::Tasks(f));
    };
    let units: Vec<_> = builtin_units()
        .into_iter()
        .filter(|u| annex.tasks.iter().any(|t| t.lead_unit == u.id))
        .collect();
    let periods = ["q1", "q2", "q3", "q4", "t01", "t12"];

    view! {
        <section class="page tasks">
            <h1>{move || state.t("Nhiệm vụ giao các sở, ngành", "Tasks given to departments")}</h1>
            <form class="filters no-print" role="search" on:submit=|ev| ev.prevent_default()>
                <label>
                    <span>{move || state.t("Đơn vị chủ trì", "Lead unit")}</span>
                    <select
                        data-testid="filter-unit"
                        prop:value=move || filter.get().unit.unwrap_or_default()
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            set_filter(&|f| f.unit = (!v.is_empty()).then(|| v.clone()));
                        }
                    >
                        <option value="">{move || state.t("Tất cả đơn vị", "All units")}</option>
                        {units
                            .iter()
                            .map(|u| view! { <option value=u.id.to_string()>{u.short.clone()}</option> })
                            .collect_view()}
                    </select>
                </label>
                <label>
                    <span>{move || state.t("Thời hạn", "Deadline")}</span>
                    <select
                        data-testid="filter-period"
                        prop:value=move || filter.get().period.unwrap_or_default()
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            set_filter(&|f| f.period = (!v.is_empty()).then(|| v.clone()));
                        }
                    >
                        <option value="">{move || state.t("Mọi thời hạn", "Any deadline")}</option>
                        {periods
                            .iter()
                            .map(|p| {
                                let label = match *p {
                                    "t01" => "Tháng 01".to_string(),
                                    "t12" => "Tháng 12".to_string(),
                                    q => format!("Quý {}", ["I", "II", "III", "IV"][(q.as_bytes()[1] - b'1') as usize]),
                                };
                                view! { <option value=*p>{label}</option> }
                            })
                            .collect_view()}
                    </select>
                </label>
                <Show when=move || !filter.get().is_empty()>
                    <a class="button-link" href=Route::Tasks(TaskFilter::default()).href()>
                        {move || state.t("Bỏ lọc", "Clear filters")}
                    </a>
                </Show>
            </form>
            <p class="result-count" role="status" data-testid="task-count">
                {move || format!("{} / {} {}", rows.get().len(), annex.tasks.len(), state.t("nhiệm vụ", "tasks"))}
            </p>
            <div class="table-wrap">
                <table class="task-table" data-testid="task-table">
                    <thead>
                        <tr>
                            <th scope="col">"STT"</th>
                            <th scope="col">{move || state.t("Nhiệm vụ", "Task")}</th>
                            <th scope="col">{move || state.t("Đơn vị chủ trì", "Lead unit")}</th>
                            <th scope="col">{move || state.t("Thời hạn", "Deadline")}</th>
                        </tr>
                    </thead>
                    <tbody>
                        <For each=move || rows.get() key=|t| t.id.as_str() let:task>
                            <tr>
                                <td class="num">{task.number}</td>
                                <td><a href=Route::Task(task.id.clone()).href()>{task.title.as_str()}</a></td>
                                <td>{unit_short(task)}</td>
                                <td class="nowrap">
                                    {task.deadline.period.label_vi()}
                                    <span class="due">{crate::i18n::format_date(task.deadline.due)}</span>
                                </td>
                            </tr>
                        </For>
                    </tbody>
                </table>
            </div>
        </section>
    }
}

fn unit_short(task: &AnnexTask) -> String {
    builtin_units()
        .into_iter()
        .find(|u| u.id == task.lead_unit)
        .map(|u| u.short)
        .unwrap_or_else(|| task.lead_unit.to_string())
}
