//! The annex tasks as a filterable list with each task's timing as of the
//! chosen date. Filters (lead unit, deadline month or quarter, timing) are
//! combinable and live in the address, so a filtered view can be bookmarked
//! or e-mailed.

use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;

use crate::browser::location;
use crate::i18n::{format_date, Lang};
use crate::model::plan::AnnexTask;
use crate::model::timing::{Timing, DEFAULT_DUE_SOON_DAYS};
use crate::model::unit::{builtin_units, Unit, UnitId};
use crate::route::{Route, TaskFilter};
use crate::search::fold;
use crate::state::use_app;

/// Roman numerals of the quarters, as the plan prints them.
const QUARTERS: [&str; 4] = ["I", "II", "III", "IV"];

/// A task with its values once tracking is laid over the plan.
#[derive(Debug, Clone, PartialEq)]
struct TaskRow {
    task: &'static AnnexTask,
    lead: Option<UnitId>,
    due: Option<NaiveDate>,
    timing: Timing,
}

/// The `tinh-trang` value of a timing: its Vietnamese label as an address
/// word (`qua-han`, `sap-den-han`, `hoan-thanh-dung-han`).
pub(super) fn timing_key(timing: Timing) -> String {
    fold(timing.label_vi()).replace(' ', "-")
}

/// Whether a due date falls in the `han` period: `q1`…`q4` for a quarter,
/// `t01`…`t12` for a month. A task due by Quý I (31/03) is due in March.
/// An unknown period matches nothing, so a mistyped address shows an empty
/// list with its filters rather than everything.
fn period_matches(key: &str, due: Option<NaiveDate>) -> bool {
    let Some(month) = due.map(|d| d.month()) else {
        return false;
    };
    match (
        key.get(..1),
        key.get(1..).and_then(|n| n.parse::<u32>().ok()),
    ) {
        (Some("q"), Some(q @ 1..=4)) => (q - 1) * 3 < month && month <= q * 3,
        (Some("t"), Some(m @ 1..=12)) => month == m,
        _ => false,
    }
}

/// The label of a `han` value, `Quý II`, `Tháng 03` (the plan's words).
fn period_label(key: &str, lang: Lang) -> String {
    let n: usize = key.get(1..).and_then(|n| n.parse().ok()).unwrap_or(0);
    match key.get(..1) {
        Some("q") if (1..=4).contains(&n) => {
            format!("{} {}", lang.pick("Quý", "Quarter"), QUARTERS[n - 1])
        }
        Some("t") => format!("{} {n:02}", lang.pick("Tháng", "Month")),
        _ => key.to_string(),
    }
}

/// The `han` values worth offering: every quarter, and the months in which
/// some task falls due (a month with no deadline would only ever be empty).
/// The selected value is kept even when nothing matches it.
fn period_keys(
    dues: impl Iterator<Item = Option<NaiveDate>>,
    selected: Option<&str>,
) -> Vec<String> {
    let mut months: Vec<u32> = dues.flatten().map(|d| d.month()).collect();
    months.sort_unstable();
    months.dedup();
    let mut keys: Vec<String> = (1..=4).map(|q| format!("q{q}")).collect();
    keys.extend(months.iter().map(|m| format!("t{m:02}")));
    if let Some(s) = selected.filter(|s| !keys.iter().any(|k| k == s)) {
        keys.push(s.to_string());
    }
    keys
}

/// Whether a row passes the unit and period filters (not the timing one,
/// so that the timing choices can say how many each would show).
fn matches_unit_and_period(filter: &TaskFilter, row: &TaskRow) -> bool {
    filter
        .unit
        .as_deref()
        .is_none_or(|u| row.lead.as_ref().is_some_and(|l| l.as_str() == u))
        && filter
            .period
            .as_deref()
            .is_none_or(|p| period_matches(p, row.due))
}

fn matches(filter: &TaskFilter, row: &TaskRow) -> bool {
    matches_unit_and_period(filter, row)
        && filter
            .timing
            .as_deref()
            .is_none_or(|t| timing_key(row.timing) == t)
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
    let all_rows = Memo::new(move |_| {
        let as_of = state.as_of.get();
        state.tracking.with(|tracking| {
            annex
                .tasks
                .iter()
                .map(|task| {
                    let e = tracking.effective(
                        &task.id,
                        Some(&task.lead_unit),
                        Some(task.deadline.due),
                    );
                    TaskRow {
                        task,
                        lead: e.lead_unit.cloned(),
                        due: e.due,
                        timing: e.timing(as_of, DEFAULT_DUE_SOON_DAYS),
                    }
                })
                .collect::<Vec<_>>()
        })
    });
    let rows = Memo::new(move |_| {
        let f = filter.get();
        all_rows.with(|rows| {
            rows.iter()
                .filter(|r| matches(&f, r))
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    // A filter is a refinement of this view: the address follows without a
    // Back step per change.
    let set_filter = move |change: &dyn Fn(&mut TaskFilter)| {
        let mut f = filter.get_untracked();
        change(&mut f);
        let route = Route::Tasks(f);
        location::replace(&route);
        state.route.set(route);
    };
    let clear = move |_| set_filter(&|f| *f = TaskFilter::default());
    let units = Memo::new(move |_| {
        let mut units = builtin_units();
        state
            .tracking
            .with(|t| units.extend(t.custom_units.values().cloned()));
        all_rows.with(|rows| units.retain(|u| rows.iter().any(|r| r.lead.as_ref() == Some(&u.id))));
        units
    });
    let periods = Memo::new(move |_| {
        let selected = filter.with(|f| f.period.clone());
        all_rows.with(|rows| period_keys(rows.iter().map(|r| r.due), selected.as_deref()))
    });
    let timing_counts = Memo::new(move |_| {
        let f = filter.get();
        all_rows.with(|rows| {
            Timing::ALL.map(|t| {
                let n = rows
                    .iter()
                    .filter(|r| r.timing == t && matches_unit_and_period(&f, r))
                    .count();
                (t, n)
            })
        })
    });
    let label = move |t: Timing| match state.lang.get() {
        Lang::Vi => t.label_vi(),
        Lang::En => t.label_en(),
    };

    view! {
        <section class="page tasks">
            <h1>{move || state.t("Nhiệm vụ giao các sở, ngành", "Tasks given to departments")}</h1>
            <form
                class="filters no-print"
                aria-label=move || state.t("Lọc nhiệm vụ", "Filter tasks")
                on:submit=|ev| ev.prevent_default()
            >
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
                        {move || units.get().into_iter().map(|u: Unit| {
                            let id = u.id.to_string();
                            let selected = {
                                let id = id.clone();
                                move || filter.with(|f| f.unit.as_deref() == Some(id.as_str()))
                            };
                            view! { <option value=id selected=selected>{u.short}</option> }
                        }).collect_view()}
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
                        {move || {
                            let lang = state.lang.get();
                            periods.get().into_iter().map(|key| {
                                let selected = {
                                    let key = key.clone();
                                    move || filter.with(|f| f.period.as_deref() == Some(key.as_str()))
                                };
                                view! { <option value=key.clone() selected=selected>{period_label(&key, lang)}</option> }
                            }).collect_view()
                        }}
                    </select>
                </label>
                <label>
                    <span>{move || state.t("Tình trạng", "Status")}</span>
                    <select
                        data-testid="filter-timing"
                        prop:value=move || filter.get().timing.unwrap_or_default()
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            set_filter(&|f| f.timing = (!v.is_empty()).then(|| v.clone()));
                        }
                    >
                        <option value="">{move || state.t("Mọi tình trạng", "Any status")}</option>
                        {move || timing_counts.get().into_iter().map(|(t, n)| {
                            let key = timing_key(t);
                            let selected = {
                                let key = key.clone();
                                move || filter.with(|f| f.timing.as_deref() == Some(key.as_str()))
                            };
                            view! { <option value=key selected=selected>{format!("{} ({n})", label(t))}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <Show when=move || !filter.get().is_empty()>
                    <button type="button" class="button-secondary" data-testid="clear-filters" on:click=clear>
                        {move || state.t("Bỏ lọc", "Clear filters")}
                    </button>
                </Show>
            </form>
            <p class="result-count" role="status" data-testid="task-count">
                {move || format!(
                    "{} / {} {} · {} {}",
                    rows.with(Vec::len),
                    annex.tasks.len(),
                    state.t("nhiệm vụ", "tasks"),
                    state.t("tình trạng tính đến ngày", "status as of"),
                    format_date(state.as_of.get()),
                )}
            </p>
            <Show
                when=move || rows.with(|r| !r.is_empty())
                fallback=move || view! {
                    <div class="empty-state" data-testid="tasks-empty">
                        <p>{move || state.t("Không có nhiệm vụ nào khớp với bộ lọc.", "No task matches these filters.")}</p>
                        <button type="button" class="button-primary" on:click=clear>
                            {move || state.t("Bỏ lọc", "Clear filters")}
                        </button>
                    </div>
                }
            >
                <div class="table-wrap">
                    <table class="task-table" data-testid="task-table">
                        <thead>
                            <tr>
                                <th scope="col">{move || state.t("STT", "No.")}</th>
                                <th scope="col">{move || state.t("Nhiệm vụ", "Task")}</th>
                                <th scope="col">{move || state.t("Đơn vị chủ trì", "Lead unit")}</th>
                                <th scope="col">{move || state.t("Thời hạn", "Deadline")}</th>
                                <th scope="col">{move || state.t("Tình trạng", "Status")}</th>
                            </tr>
                        </thead>
                        <tbody>
                            <For each=move || rows.get() key=|r| (r.task.id.as_str(), r.lead.clone(), r.due, r.timing) let:row>
                                <tr>
                                    <td class="num">{row.task.number}</td>
                                    <td><a href=Route::Task(row.task.id.clone()).href()>{row.task.title.as_str()}</a></td>
                                    <td>{unit_short(row.lead.as_ref(), &units.get_untracked())}</td>
                                    <td class="nowrap">
                                        {row.task.deadline.period.label_vi()}
                                        <span class="due">{row.due.map(format_date)}</span>
                                    </td>
                                    <td>
                                        <span class=format!("badge {}", row.timing.css_class())>
                                            {move || label(row.timing)}
                                        </span>
                                    </td>
                                </tr>
                            </For>
                        </tbody>
                    </table>
                </div>
            </Show>
        </section>
    }
}

fn unit_short(id: Option<&UnitId>, units: &[Unit]) -> String {
    let Some(id) = id else {
        return "—".into();
    };
    units
        .iter()
        .find(|u| &u.id == id)
        .map(|u| u.short.clone())
        .unwrap_or_else(|| id.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(2021, m, d)
    }

    #[test]
    fn timing_keys_are_distinct_address_words() {
        let keys: Vec<String> = Timing::ALL.into_iter().map(timing_key).collect();
        assert_eq!(keys[4], "qua-han");
        assert_eq!(keys[3], "sap-den-han");
        assert!(keys
            .iter()
            .all(|k| k.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')));
        let mut unique = keys.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), keys.len());
    }

    #[test]
    fn periods_match_by_the_month_of_the_due_date() {
        assert!(period_matches("q1", day(3, 31)));
        assert!(period_matches("t03", day(3, 31)));
        assert!(period_matches("q1", day(1, 31)));
        assert!(!period_matches("q2", day(3, 31)));
        assert!(period_matches("q4", day(12, 31)));
        assert!(period_matches("t12", day(12, 31)));
        for bad in ["q5", "q0", "t13", "t", "x01", ""] {
            assert!(!period_matches(bad, day(3, 31)), "{bad}");
        }
        assert!(!period_matches("q1", None));
    }

    #[test]
    fn offered_periods_are_quarters_and_months_with_a_deadline() {
        let dues = [day(3, 31), day(1, 31), None, day(3, 31), day(12, 31)];
        assert_eq!(
            period_keys(dues.into_iter(), None),
            ["q1", "q2", "q3", "q4", "t01", "t03", "t12"]
        );
        assert_eq!(
            period_keys(dues.into_iter(), Some("t05")).last().unwrap(),
            "t05"
        );
        assert_eq!(period_keys(dues.into_iter(), Some("t03")).len(), 7);
        assert_eq!(period_label("q3", Lang::Vi), "Quý III");
        assert_eq!(period_label("t03", Lang::Vi), "Tháng 03");
        assert_eq!(period_label("t03", Lang::En), "Month 03");
    }
}
