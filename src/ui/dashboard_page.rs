//! "Tổng quan": the figures as of the chosen date — totals and percent
//! done, a bar per lead unit and per deadline quarter, the overdue tasks and
//! the next deadlines. Every number links to the task list filtered to the
//! tasks behind it.

use leptos::prelude::*;

use crate::browser::fullscreen;
use crate::i18n::Lang;
use crate::model::app_report::consolidated_report;
use crate::model::consolidated::{ConsolidatedReport, DeadlineRow};
use crate::model::report::{Figures, Quarter, Totals};
use crate::model::reporting::period_of;
use crate::model::timing::Timing;
use crate::route::{Route, TaskFilter};
use crate::state::{use_app, AppState};
use crate::ui::stack_bar::{StackBar, TimingLegend};
use crate::ui::task_list::timing_key;
use crate::ui::widgets::TimingBadge;

/// The address of the task list with these filters.
fn tasks_href(
    state: AppState,
    unit: Option<&str>,
    period: Option<String>,
    timing: Option<Timing>,
) -> String {
    state.href(Route::Tasks(TaskFilter {
        unit: unit.map(str::to_string),
        period,
        timing: timing.map(timing_key),
    }))
}

/// The legend's categories: all of today's, and recurring tasks' colour
/// when the plan has some.
fn legend_timings(plan: &crate::model::plan::Plan) -> Vec<Timing> {
    let recurring = plan
        .annex_tasks()
        .any(|t| t.deadline.is_some_and(|d| d.is_recurring()));
    Timing::ALL
        .into_iter()
        .filter(|&t| t != Timing::Recurring || recurring)
        .collect()
}

/// `q2`: the task list's name for a quarter.
fn quarter_key(q: Quarter) -> String {
    format!("q{}", q.quarter)
}

/// Everything the dashboard shows, recomputed when the data or the date change.
#[derive(Debug, Clone, PartialEq)]
struct Board {
    report: ConsolidatedReport,
    quarters: Vec<(Option<Quarter>, Totals)>,
}

fn board(state: AppState) -> Board {
    let year = state.plan_untracked().meta.year;
    state.with_report_data(|data| {
        let inputs = data.catalog.inputs();
        let figures = Figures::compute(&inputs, data.tracking, data.as_of, data.due_soon_days);
        Board {
            report: consolidated_report(data, period_of(data.as_of, year)),
            quarters: figures.by_quarter().into_iter().collect(),
        }
    })
}

/// The dashboard.
#[component]
pub fn DashboardPage() -> impl IntoView {
    let state = use_app();
    // Read with `try_with` everywhere: a switch of plans rebuilds the screen
    // (loaded on demand, inside a Suspense), and an update of its parts
    // already queued may run once after the board is disposed.
    let board = Memo::new(move |_| board(state));
    let present = move |_| {
        // Inside the click: browsers only allow full screen on a gesture.
        fullscreen::enter();
        state.go(Route::Meeting(1));
    };
    view! {
        <section class="page dashboard" data-testid="dashboard">
            <div class="page-head">
                <div>
                    <h1>{move || state.t("Tổng quan tình hình thực hiện", "Progress overview")}</h1>
                    <p class="as-of-line" data-testid="dashboard-as-of">
                        {move || state.t("Tính đến ngày", "As of")} " "
                        <strong>{move || board.try_with(|b| b.report.as_of_text.clone())}</strong>
                    </p>
                </div>
                <div class="page-actions no-print">
                    <a class="button-link" href=state.href(Route::Report(None))>{move || state.t("Báo cáo tổng hợp", "Consolidated report")}</a>
                    <button type="button" class="primary" data-testid="start-meeting" on:click=present>
                        {move || state.t("Trình chiếu", "Present")}
                    </button>
                </div>
            </div>
            <TotalsCards board=board/>
            {move || {
                let totals = board.try_with(|b| b.report.summary.totals).unwrap_or_default();
                view! {
                    <StackBar
                        totals=totals
                        label=state.t("Tất cả nhiệm vụ", "All tasks")
                        link=Callback::new(move |t| tasks_href(state, None, None, Some(t)))
                        testid="total-bar"
                    />
                }
            }}
            <TimingLegend timings=legend_timings(state.plan_untracked())/>
            <UnitBars board=board/>
            <QuarterBars board=board/>
            <div class="dash-columns">
                <DeadlineList
                    board=board
                    overdue=true
                    title=("Nhiệm vụ quá hạn", "Overdue tasks")
                    empty=("Không có nhiệm vụ quá hạn.", "No task is overdue.")
                />
                <DeadlineList
                    board=board
                    overdue=false
                    title=("Sắp đến hạn", "Due next")
                    empty=("Không còn nhiệm vụ nào sắp đến hạn.", "Nothing is due next.")
                />
            </div>
        </section>
    }
}

/// The big numbers: all tasks, percent done and each timing.
#[component]
fn TotalsCards(board: Memo<Board>) -> impl IntoView {
    let state = use_app();
    let totals = move || {
        board
            .try_with(|b| b.report.summary.totals)
            .unwrap_or_default()
    };
    let cards = move || {
        let t = totals();
        t.shown()
            .map(|timing| {
                view! {
                    <li>
                        <a
                            class=format!("figure-card {}", timing.css_class())
                            href=tasks_href(state, None, None, Some(timing))
                            data-testid=format!("figure-{}", timing_key(timing))
                        >
                            <span class="figure-number">{t.count(timing)}</span>
                            <span class="figure-label">{move || state.lang.get().pick(timing.label_vi(), timing.label_en())}</span>
                        </a>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <ul class="dash-figures" aria-label=move || state.t("Số nhiệm vụ theo tình trạng", "Tasks by status")>
            <li>
                <a class="figure-card total" href=tasks_href(state, None, None, None) data-testid="figure-total">
                    <span class="figure-number">{move || totals().total}</span>
                    <span class="figure-label">{move || state.t("Nhiệm vụ", "Tasks")}</span>
                </a>
            </li>
            <li>
                <a class="figure-card percent" href=tasks_href(state, None, None, None) data-testid="figure-percent">
                    <span class="figure-number">{move || format!("{}%", totals().percent_done())}</span>
                    <span class="figure-label">{move || {
                        let t = totals();
                        format!("{} ({}/{})", state.t("đã hoàn thành", "done"), t.done(), t.counted())
                    }}</span>
                </a>
            </li>
            {cards}
        </ul>
    }
}

/// A row of a bar chart: name, bar, total and percent done.
#[component]
fn BarRow(
    name: String,
    href: Option<String>,
    totals: Totals,
    link: Callback<Timing, String>,
) -> impl IntoView {
    let label = name.clone();
    view! {
        <tr>
            <th scope="row">
                {match href {
                    Some(href) => view! { <a href=href>{name}</a> }.into_any(),
                    None => view! { <span>{name}</span> }.into_any(),
                }}
            </th>
            <td class="bar-cell"><StackBar totals=totals label=label link=link/></td>
            <td class="num-cell">{totals.total}</td>
            <td class="num-cell">{format!("{}%", totals.percent_done())}</td>
        </tr>
    }
}

/// The head of a bar table.
#[component]
fn BarHead(first: (&'static str, &'static str)) -> impl IntoView {
    let state = use_app();
    view! {
        <thead>
            <tr>
                <th scope="col">{move || state.t(first.0, first.1)}</th>
                <th scope="col">{move || state.t("Tình trạng các nhiệm vụ", "Tasks by status")}</th>
                <th scope="col" class="num-cell">{move || state.t("Số NV", "Tasks")}</th>
                <th scope="col" class="num-cell">{move || state.t("Hoàn thành", "Done")}</th>
            </tr>
        </thead>
    }
}

/// One bar per lead unit.
#[component]
fn UnitBars(board: Memo<Board>) -> impl IntoView {
    let state = use_app();
    let rows = move || {
        board.try_with(|b| {
            b.report
                .sections
                .iter()
                .map(|s| {
                    let unit = s.unit_id.as_ref().map(|u| u.to_string());
                    let link_unit = unit.clone();
                    view! {
                        <BarRow
                            name=s.unit.clone()
                            href=unit.as_deref().map(|u| tasks_href(state, Some(u), None, None))
                            totals=s.totals
                            link=Callback::new(move |t| tasks_href(state, link_unit.as_deref(), None, Some(t)))
                        />
                    }
                })
                .collect_view()
        }).unwrap_or_default()
    };
    view! {
        <section class="dash-block" data-testid="by-unit">
            <h2>{move || state.t("Theo đơn vị chủ trì", "By lead unit")}</h2>
            <table class="bar-table">
                <BarHead first=("Đơn vị", "Unit")/>
                <tbody>{rows}</tbody>
            </table>
        </section>
    }
}

/// One bar per quarter of the due date.
#[component]
fn QuarterBars(board: Memo<Board>) -> impl IntoView {
    let state = use_app();
    let rows = move || {
        let lang = state.lang.get();
        board.try_with(|b| {
            b.quarters
                .iter()
                .map(|&(quarter, totals)| {
                    let key = quarter.map(quarter_key);
                    let name = match quarter {
                        Some(q) => q.label_vi(),
                        None => lang.pick("Không có thời hạn", "No deadline").to_string(),
                    };
                    let link_key = key.clone();
                    view! {
                        <BarRow
                            name=name
                            href=key.map(|k| tasks_href(state, None, Some(k), None))
                            totals=totals
                            link=Callback::new(move |t| tasks_href(state, None, link_key.clone(), Some(t)))
                        />
                    }
                })
                .collect_view()
        }).unwrap_or_default()
    };
    view! {
        <section class="dash-block" data-testid="by-quarter">
            <h2>{move || state.t("Theo thời hạn trình", "By deadline")}</h2>
            <table class="bar-table">
                <BarHead first=("Thời hạn", "Deadline")/>
                <tbody>{rows}</tbody>
            </table>
        </section>
    }
}

/// How far a deadline is, in the interface language (the report's own
/// text is Vietnamese).
fn days_text(lang: Lang, vi: &str, days_left: i64) -> String {
    match (lang, days_left) {
        (Lang::Vi, _) => vi.to_string(),
        (Lang::En, d) if d < 0 => format!("{} days overdue", -d),
        (Lang::En, 0) => "due today".into(),
        (Lang::En, d) => format!("{d} days left"),
    }
}

/// The overdue tasks or the next deadlines, each linking to its task.
#[component]
fn DeadlineList(
    board: Memo<Board>,
    overdue: bool,
    title: (&'static str, &'static str),
    empty: (&'static str, &'static str),
) -> impl IntoView {
    let state = use_app();
    let rows = Memo::new(move |_| {
        board
            .try_with(|b| {
                if overdue {
                    b.report.overdue.clone()
                } else {
                    b.report.next_deadlines.clone()
                }
            })
            .unwrap_or_default()
    });
    let testid = if overdue { "overdue-list" } else { "next-list" };
    view! {
        <section class="dash-block" data-testid=testid>
            <h2>
                {move || state.t(title.0, title.1)}
                <span class="count-pill">{move || rows.try_with(Vec::len)}</span>
            </h2>
            <Show
                when=move || rows.try_with(|r| !r.is_empty()).unwrap_or(false)
                fallback=move || view! { <p class="empty">{move || state.t(empty.0, empty.1)}</p> }
            >
                <ol class="deadline-list">
                    {move || rows.try_get().unwrap_or_default().into_iter().map(|row: DeadlineRow| {
                        let t = row.task;
                        let reference = state.catalog.with_untracked(|c| c.task(&t.id).map(|e| e.reference_vi()));
                        let days = days_text(state.lang.get(), &row.days_text, row.days_left);
                        view! {
                            <li>
                                <a href=state.href(Route::Task(t.id.clone()))>
                                    <span class="task-ref">{reference}</span>
                                    <span class="deadline-title">{t.title}</span>
                                </a>
                                <span class="deadline-meta">
                                    <span>{t.unit}</span>
                                    <span>{t.due_text}</span>
                                    <TimingBadge timing=t.timing/>
                                    <strong>{days}</strong>
                                </span>
                            </li>
                        }
                    }).collect_view()}
                </ol>
            </Show>
        </section>
    }
}
