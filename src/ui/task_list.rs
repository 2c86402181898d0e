//! Every tracked task (the annex's, assigned plan items, tasks users added)
//! as a filterable list with each task's timing as of the chosen date.
//! Filters (lead unit, deadline month or quarter, timing) are combinable and
//! live in the address, so a filtered view can be bookmarked or e-mailed.
//! A long list renders only the rows in view (plus a margin) between two
//! spacer rows, so that thousands of tasks scroll as lightly as a few.

use std::collections::HashSet;

use chrono::{Datelike, NaiveDate};
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::i18n::{format_date, Lang};
use crate::model::deadline::{DueFilter, Period};
use crate::model::timing::{Timing, DEFAULT_DUE_SOON_DAYS};
use crate::model::unit::{Unit, UnitId};
use crate::route::{Route, TaskFilter};
use crate::search::fold;
use crate::state::use_app;

/// Lists longer than this render only the rows in view; shorter ones render
/// whole (the plan's 36 tasks, a unit's own), which keeps them findable with
/// the browser's own search.
const VIRTUAL_FROM: usize = 200;
/// Rows rendered above and below the ones in view, so that a fast scroll
/// does not show blank space before the next frame.
const OVERSCAN: usize = 12;
/// The height of a row before one is measured, in CSS pixels.
const ROW_ESTIMATE: f64 = 64.0;

/// A task with its values once tracking is laid over the plan.
#[derive(Debug, Clone, PartialEq)]
struct TaskRow {
    id: String,
    /// The annex's STT, for annex tasks.
    number: Option<String>,
    title: String,
    period: Option<Period>,
    lead: Option<UnitId>,
    due: Option<NaiveDate>,
    timing: Timing,
}

/// The rows of a window `[first, last)` of a list of `len` rows of `height`
/// pixels whose top is `offset` pixels above the viewport's top (negative
/// when below), with [`OVERSCAN`] rows on either side.
fn window_of(len: usize, offset: f64, viewport: f64, height: f64) -> (usize, usize) {
    let height = height.max(1.0);
    let first = (offset / height).floor().max(0.0) as usize;
    let last = ((offset + viewport) / height).ceil().max(0.0) as usize;
    (
        first.saturating_sub(OVERSCAN).min(len),
        (last + OVERSCAN).min(len),
    )
}

/// The `tinh-trang` value of a timing: its Vietnamese label as an address
/// word (`qua-han`, `sap-den-han`, `hoan-thanh-dung-han`).
pub(super) fn timing_key(timing: Timing) -> String {
    fold(timing.label_vi()).replace(' ', "-")
}

/// The `han` values worth offering (see [`DueFilter::offered`]); the
/// selected value is kept even when nothing matches it.
fn period_keys(rows: &[TaskRow], selected: Option<&str>) -> Vec<String> {
    let months = due_months(rows.iter().map(|r| r.due));
    let has = |p: fn(&Period) -> bool| rows.iter().any(|r| r.period.as_ref().is_some_and(p));
    let mut keys: Vec<String> = DueFilter::offered(
        months,
        has(|p| matches!(p, Period::Half(_))),
        has(|p| *p == Period::Recurring),
    )
    .into_iter()
    .map(DueFilter::key)
    .collect();
    if let Some(s) = selected.filter(|s| !keys.iter().any(|k| k == s)) {
        keys.push(s.to_string());
    }
    keys
}

/// The label of a `han` value, or the value itself when unknown.
fn period_label(key: &str, lang: Lang) -> String {
    DueFilter::parse(key).map_or_else(|| key.to_string(), |f| f.label(lang))
}

/// The months in which some due date falls, bit `m - 1` for month `m`.
fn due_months(dues: impl Iterator<Item = Option<NaiveDate>>) -> u16 {
    dues.flatten()
        .fold(0, |mask, d| mask | (1 << (d.month() - 1)))
}

/// A filter read once, so that testing each of thousands of rows neither
/// allocates nor parses.
struct RowFilter<'a> {
    unit: Option<&'a str>,
    /// `Some(None)`: an unknown period, which matches nothing.
    due: Option<Option<DueFilter>>,
    /// `Some(None)`: an unknown timing, which matches nothing.
    timing: Option<Option<Timing>>,
}

impl<'a> RowFilter<'a> {
    fn new(filter: &'a TaskFilter) -> Self {
        RowFilter {
            unit: filter.unit.as_deref(),
            due: filter.period.as_deref().map(DueFilter::parse),
            timing: filter
                .timing
                .as_deref()
                .map(|key| Timing::ALL.into_iter().find(|t| timing_key(*t) == key)),
        }
    }

    /// Whether a row passes the unit and period filters (not the timing
    /// one, so that the timing choices can say how many each would show).
    fn unit_and_period(&self, row: &TaskRow) -> bool {
        self.unit
            .is_none_or(|u| row.lead.as_ref().is_some_and(|l| l.as_str() == u))
            && self.due.is_none_or(|f| {
                let recurring = row.period == Some(Period::Recurring);
                f.is_some_and(|f| f.matches(row.due, recurring))
            })
    }

    fn matches(&self, row: &TaskRow) -> bool {
        self.unit_and_period(row) && self.timing.is_none_or(|t| t == Some(row.timing))
    }
}

/// The task list with its filters.
#[component]
pub fn TaskList() -> impl IntoView {
    let state = use_app();
    let filter = Memo::new(move |_| match state.route.get() {
        Route::Tasks(f) => f,
        _ => TaskFilter::default(),
    });
    let all_rows = Memo::new(move |_| {
        let as_of = state.as_of.get();
        state.catalog.with(|catalog| {
            state.tracking.with(|tracking| {
                catalog
                    .tasks
                    .iter()
                    .map(|task| {
                        let e = tracking.effective(&task.id, task.terms());
                        TaskRow {
                            id: task.id.clone(),
                            number: (!task.number.is_empty()).then(|| task.number.clone()),
                            title: task.title.clone(),
                            period: task.period,
                            lead: e.lead_unit.cloned(),
                            due: e.due,
                            timing: e.timing(as_of, DEFAULT_DUE_SOON_DAYS),
                        }
                    })
                    .collect::<Vec<_>>()
            })
        })
    });
    // Positions in `all_rows` of the rows passing the filters: a filter
    // change copies no row.
    let rows = Memo::new(move |_| {
        let f = filter.get();
        let f = RowFilter::new(&f);
        all_rows.with(|rows| {
            rows.iter()
                .enumerate()
                .filter(|(_, r)| f.matches(r))
                .map(|(i, _)| i)
                .collect::<Vec<_>>()
        })
    });
    // A filter is a refinement of this view: the address follows without a
    // Back step per change.
    let set_filter = move |change: &dyn Fn(&mut TaskFilter)| {
        let mut f = filter.get_untracked();
        change(&mut f);
        let route = Route::Tasks(f);
        state.replace(route.clone());
        state.route.set(route);
    };
    let clear = move |_| set_filter(&|f| *f = TaskFilter::default());
    let units = Memo::new(move |_| {
        let leads: HashSet<UnitId> =
            all_rows.with(|rows| rows.iter().filter_map(|r| r.lead.clone()).collect());
        state.catalog.with(|c| {
            c.units
                .iter()
                .filter(|u| leads.contains(&u.id))
                .cloned()
                .collect::<Vec<Unit>>()
        })
    });
    // Which deadlines are offered follows the tasks, not the filter.
    let periods = Memo::new(move |_| {
        let selected = filter.with(|f| f.period.clone());
        all_rows.with(|rows| period_keys(rows, selected.as_deref()))
    });
    let timing_counts = Memo::new(move |_| {
        let f = filter.get();
        let f = RowFilter::new(&f);
        all_rows.with(|rows| {
            let mut counts = Timing::ALL.map(|t| (t, 0));
            for r in rows.iter().filter(|r| f.unit_and_period(r)) {
                if let Some(slot) = counts.iter_mut().find(|(t, _)| *t == r.timing) {
                    slot.1 += 1;
                }
            }
            counts
        })
    });
    let label = move |t: Timing| match state.lang.get() {
        Lang::Vi => t.label_vi(),
        Lang::En => t.label_en(),
    };

    // The window of rows in view, for long lists.
    let body: NodeRef<html::Tbody> = NodeRef::new();
    let row_height = RwSignal::new(ROW_ESTIMATE);
    let viewport = RwSignal::new((0.0_f64, 1_000.0_f64));
    let printing = RwSignal::new(false);
    let is_virtual = move || !printing.get() && rows.with(Vec::len) > VIRTUAL_FROM;
    let measure = move || {
        let Some(body) = body.get_untracked() else {
            return;
        };
        let body: &web_sys::HtmlElement = body.unchecked_ref();
        // The body's top in the document: the offsets of its ancestors.
        let mut top = 0.0;
        let mut at = Some(body.clone());
        while let Some(element) = at {
            top += f64::from(element.offset_top());
            at = element
                .offset_parent()
                .and_then(|p| p.dyn_into::<web_sys::HtmlElement>().ok());
        }
        let scrolled = window().scroll_y().unwrap_or(0.0);
        let height = window()
            .inner_height()
            .ok()
            .and_then(|h| h.as_f64())
            .unwrap_or(1_000.0);
        viewport.set((scrolled - top, height));
        let row = body
            .query_selector("tr:not(.spacer)")
            .ok()
            .flatten()
            .and_then(|r| r.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(h) = row
            .map(|r| f64::from(r.offset_height()))
            .filter(|h| *h > 0.0)
        {
            if (h - row_height.get_untracked()).abs() >= 1.0 {
                row_height.set(h);
            }
        }
    };
    // One measure per frame however many scroll events arrive.
    let queued = StoredValue::new(false);
    let schedule = move || {
        if !queued.get_value() {
            queued.set_value(true);
            request_animation_frame(move || {
                // The list may be gone by the next frame (the route changed
                // after a scroll): its signals are then disposed.
                if queued.is_disposed() {
                    return;
                }
                queued.set_value(false);
                measure();
            });
        }
    };
    let on_scroll = window_event_listener(leptos::ev::scroll, move |_| schedule());
    let on_resize = window_event_listener(leptos::ev::resize, move |_| schedule());
    // Printing shows every row.
    let before_print = window_event_listener(leptos::ev::beforeprint, move |_| printing.set(true));
    let after_print = window_event_listener(leptos::ev::afterprint, move |_| printing.set(false));
    on_cleanup(move || {
        on_scroll.remove();
        on_resize.remove();
        before_print.remove();
        after_print.remove();
    });
    // A new filter or a new list: measure again once it is laid out.
    Effect::new(move |_| {
        rows.track();
        schedule();
    });
    let range = Memo::new(move |_| {
        let len = rows.with(Vec::len);
        if !is_virtual() {
            return (0, len);
        }
        let (offset, height) = viewport.get();
        window_of(len, offset, height, row_height.get())
    });
    let shown = move || {
        let (first, last) = range.get();
        rows.with(|rows| {
            all_rows.with(|all| {
                rows[first..last]
                    .iter()
                    .map(|&i| all[i].clone())
                    .collect::<Vec<_>>()
            })
        })
    };
    let spacer = move |px: f64| {
        (px > 0.0).then(|| {
            view! {
                <tr class="spacer" aria-hidden="true">
                    <td colspan="5" style:height=format!("{px}px")></td>
                </tr>
            }
        })
    };
    let above = move || spacer(range.get().0 as f64 * row_height.get());
    let below = move || {
        let len = rows.with(Vec::len);
        spacer(len.saturating_sub(range.get().1) as f64 * row_height.get())
    };
    let total = move || state.catalog.with(|c| c.tasks.len());

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
                        {move || timing_counts.get().into_iter().filter(|&(t, n)| {
                            t.listed_when_none() || n > 0 || filter.with(|f| f.timing.as_deref() == Some(timing_key(t).as_str()))
                        }).map(|(t, n)| {
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
                    total(),
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
                    <table
                        class="task-table"
                        class:virtual=is_virtual
                        data-testid="task-table"
                        aria-rowcount=move || rows.with(Vec::len) + 1
                    >
                        <thead>
                            <tr>
                                <th scope="col">{move || state.t("STT", "No.")}</th>
                                <th scope="col">{move || state.t("Nhiệm vụ", "Task")}</th>
                                <th scope="col">{move || state.t("Đơn vị chủ trì", "Lead unit")}</th>
                                <th scope="col">{move || state.t("Thời hạn", "Deadline")}</th>
                                <th scope="col">{move || state.t("Tình trạng", "Status")}</th>
                            </tr>
                        </thead>
                        <tbody node_ref=body>
                            {above}
                            <For each=shown key=|r| (r.id.clone(), r.lead.clone(), r.due, r.timing) let:row>
                                <tr>
                                    <td class="num">{row.number.clone().unwrap_or_else(|| "—".to_string())}</td>
                                    <td><a class="clamp" href=state.href(Route::Task(row.id.clone())) title=row.title.clone()>{row.title.clone()}</a></td>
                                    <td><span class="clamp">{unit_short(row.lead.as_ref(), &units.get_untracked())}</span></td>
                                    <td class="nowrap">
                                        {row.period.map(|p| p.label_vi())}
                                        <span class="due">{row.due.map(format_date)}</span>
                                    </td>
                                    <td>
                                        <span class=format!("badge {}", row.timing.css_class())>
                                            {move || label(row.timing)}
                                        </span>
                                    </td>
                                </tr>
                            </For>
                            {below}
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

    fn period_matches(key: &str, due: Option<NaiveDate>) -> bool {
        DueFilter::parse(key).is_some_and(|f| f.matches(due, false))
    }

    fn row(due: Option<NaiveDate>, period: Option<Period>) -> TaskRow {
        TaskRow {
            id: String::new(),
            number: None,
            title: String::new(),
            period,
            lead: None,
            due,
            timing: Timing::NotStarted,
        }
    }

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
    fn the_window_covers_the_rows_in_view_and_a_margin() {
        // 1,000 rows of 50 px; the list's top 5,000 px above the viewport.
        assert_eq!(
            window_of(1_000, 5_000.0, 800.0, 50.0),
            (100 - OVERSCAN, 116 + OVERSCAN)
        );
        // The list starts below the top of the viewport.
        assert_eq!(window_of(1_000, -300.0, 800.0, 50.0), (0, 10 + OVERSCAN));
        // Scrolled past the end, and a list shorter than the window.
        assert_eq!(window_of(1_000, 60_000.0, 800.0, 50.0), (1_000, 1_000));
        assert_eq!(window_of(5, 0.0, 800.0, 50.0), (0, 5));
        // A zero height never divides by zero.
        assert_eq!(window_of(10, 0.0, 800.0, 0.0), (0, 10));
    }

    #[test]
    fn offered_periods_are_quarters_and_months_with_a_deadline() {
        let rows: Vec<TaskRow> = [day(3, 31), day(1, 31), None, day(3, 31), day(12, 31)]
            .into_iter()
            .map(|d| row(d, None))
            .collect();
        assert_eq!(
            period_keys(&rows, None),
            ["q1", "q2", "q3", "q4", "t01", "t03", "t12"]
        );
        assert_eq!(period_keys(&rows, Some("t05")).last().unwrap(), "t05");
        assert_eq!(period_keys(&rows, Some("t03")).len(), 7);
        // Halves and recurring tasks are offered only when a plan has them.
        let mut other = rows.clone();
        other.push(row(day(6, 30), Some(Period::Half(1))));
        other.push(row(None, Some(Period::Recurring)));
        assert_eq!(
            period_keys(&other, None),
            ["q1", "q2", "q3", "q4", "h1", "h2", "t01", "t03", "t06", "t12", "tx"]
        );
        assert_eq!(period_label("h2", Lang::Vi), "6 tháng cuối năm");
        assert_eq!(period_label("tx", Lang::Vi), "Thường xuyên");
        assert_eq!(period_label("q3", Lang::Vi), "Quý III");
        assert_eq!(period_label("t03", Lang::Vi), "Tháng 03");
        assert_eq!(period_label("t03", Lang::En), "Month 03");
    }
}
