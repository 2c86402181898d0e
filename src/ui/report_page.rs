//! "Báo cáo": the consolidated report Sở KH&ĐT takes to the committee's
//! monthly meeting, laid out as an administrative document, with its period
//! in the address (`#/bao-cao?ky=2021-06`) and its print, spreadsheet and
//! CSV versions.

use leptos::prelude::*;

use crate::browser::files;
use crate::export::{csv::tasks_csv, docx, xlsx::report_xlsx};
use crate::model::app_report::{consolidated_report, file_name};
use crate::model::consolidated::{wording, ConsolidatedReport, DeadlineRow, TaskRow, UnitSection};
use crate::model::reporting::{period_of, report_periods, ReportPeriod};
use crate::route::Route;
use crate::state::use_app;
use crate::ui::report_files::offer_download;

const XLSX_MIME: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const CSV_MIME: &str = "text/csv;charset=utf-8";

/// The period the address asks for, or the as-of date's month; an unknown
/// or foreign period is reported and the default shown.
fn chosen_period(
    key: Option<&str>,
    default: ReportPeriod,
    year: i32,
) -> (ReportPeriod, Option<String>) {
    let Some(key) = key else {
        return (default, None);
    };
    match key.parse::<ReportPeriod>() {
        Ok(p) if p.year() == year => (p, None),
        Ok(p) => (
            default,
            Some(format!(
                "Kỳ báo cáo “{}” không thuộc năm {year} của kế hoạch; đang hiển thị {}.",
                p.label_vi(),
                default.label_vi().to_lowercase()
            )),
        ),
        Err(e) => (
            default,
            Some(format!(
                "{e} Đang hiển thị {}.",
                default.label_vi().to_lowercase()
            )),
        ),
    }
}

/// The report screen: period picker, file buttons and the document.
#[component]
pub fn ReportPage() -> impl IntoView {
    let state = use_app();
    let year = state.plan_untracked().meta.year;
    let choice = Memo::new(move |_| {
        let key = match state.route.get() {
            Route::Report(k) => k,
            _ => None,
        };
        chosen_period(key.as_deref(), period_of(state.as_of.get(), year), year)
    });
    let period = Memo::new(move |_| choice.get().0);
    let report = Memo::new(move |_| {
        let period = period.get();
        state.with_report_data(|data| consolidated_report(data, period))
    });
    let pick = move |ev| {
        let route = Route::Report(Some(event_target_value(&ev)));
        state.replace(route.clone());
        state.route.set(route);
    };
    let save = move |extension: &'static str| {
        let report = report.get_untracked();
        let name = file_name(state.plan_untracked(), period.get_untracked(), extension);
        let file = match extension {
            "xlsx" => report_xlsx(&report).map(|bytes| (XLSX_MIME, bytes)),
            "docx" => docx::consolidated_docx(&report).map(|bytes| (docx::MIME, bytes)),
            _ => Ok((CSV_MIME, tasks_csv(&report).into_bytes())),
        };
        offer_download(state, &name, file);
    };
    view! {
        <section class="report-screen" data-testid="report-page">
            <div class="report-toolbar no-print">
                <label class="field">
                    <span class="field-label">{move || state.t("Kỳ báo cáo", "Reporting period")}</span>
                    <select data-testid="report-period" prop:value=move || period.get().id() on:change=pick>
                        {report_periods(year).into_iter().map(|p| {
                            let id = p.id();
                            view! { <option value=id.clone() selected=move || period.get().id() == id>{p.label_vi()}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <p class="hint">
                    {move || state.t("Số liệu tính đến ngày", "Figures as of")} " "
                    <strong>{move || report.with(|r| r.as_of_text.clone())}</strong>
                    {move || state.t(" (đổi ở ô “Tính đến ngày” phía trên).", " (change it in the header).")}
                </p>
                <div class="report-actions">
                    <button type="button" class="primary" data-testid="print" on:click=|_| files::print()>
                        {move || state.t("In báo cáo", "Print")}
                    </button>
                    <button type="button" class="button-secondary" data-testid="download-docx" on:click=move |_| save("docx")>
                        {move || state.t("Tải Word (.docx)", "Download Word (.docx)")}
                    </button>
                    <button type="button" class="button-secondary" data-testid="download-xlsx" on:click=move |_| save("xlsx")>
                        {move || state.t("Tải Excel (.xlsx)", "Download Excel (.xlsx)")}
                    </button>
                    <button type="button" class="button-secondary" data-testid="download-csv" on:click=move |_| save("csv")>
                        {move || state.t("Tải CSV", "Download CSV")}
                    </button>
                </div>
                {move || choice.get().1.map(|e| view! { <p class="form-error" role="alert" data-testid="period-error">{e}</p> })}
            </div>
            {move || view! { <ReportDocument report=report.get()/> }}
        </section>
    }
}

/// The report as a department would send it: always Vietnamese.
#[component]
fn ReportDocument(report: ConsolidatedReport) -> impl IntoView {
    let h = report.header.clone();
    let [state_head, count_head, share_head] = wording::SUMMARY_HEADS;
    let summary_rows = report
        .summary
        .rows
        .iter()
        .map(|row| {
            view! {
                <tr>
                    <td>{row.timing.label_vi()}</td>
                    <td class="num-cell">{row.count}</td>
                    <td class="num-cell">{row.share.clone()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <article class="report-doc" data-testid="report-doc" lang="vi">
            <header class="doc-head report-head">
                <div class="doc-issuer">
                    <span class="line">{h.authority}</span>
                    <span class="line strong">{h.office}</span>
                    <span class="rule"></span>
                    <span class="doc-number number-line">{h.number_line}</span>
                </div>
                <div class="doc-nation">
                    <span class="line strong">{h.motto}</span>
                    <span class="line strong">{h.motto_sub}</span>
                    <span class="rule"></span>
                    <span class="doc-place" data-testid="report-date">{h.place_date}</span>
                </div>
            </header>
            <h1 class="doc-title">
                <span class="doc-kind">{h.kind}</span>
                <span class="doc-subject" data-testid="report-subject">{h.subject}</span>
                <span class="rule"></span>
            </h1>
            <h2>{wording::GENERAL}</h2>
            <p class="doc-para" data-testid="report-summary">{report.summary.sentence.clone()}</p>
            <table class="doc-table summary-table" data-testid="summary-table">
                <thead>
                    <tr><th>{state_head}</th><th class="num-cell">{count_head}</th><th class="num-cell">{share_head}</th></tr>
                </thead>
                <tbody>
                    {summary_rows}
                    <tr class="total-row">
                        <td>{wording::TOTAL}</td>
                        <td class="num-cell">{report.summary.totals.total}</td>
                        <td class="num-cell">"100%"</td>
                    </tr>
                </tbody>
            </table>
            <h2>{wording::BY_UNIT}</h2>
            {report.sections.iter().enumerate().map(|(i, s)| view! { <UnitPart index=i + 1 section=s.clone()/> }).collect_view()}
            <h2>{wording::OVERDUE}</h2>
            <DeadlineTable rows=report.overdue.clone() testid="report-overdue" empty=wording::NO_OVERDUE days_head=wording::OVERDUE_DAYS/>
            <h2>{wording::NEXT}</h2>
            <DeadlineTable rows=report.next_deadlines.clone() testid="report-next" empty=wording::NO_NEXT days_head=wording::NEXT_DAYS/>
            <h2>{report.not_reported_heading.clone()}</h2>
            <p class="doc-para" data-testid="not-reported">{report.not_reported_text.clone()}</p>
            <footer class="doc-sign">
                <div class="recipients">
                    <p class="strong"><em>{wording::RECIPIENTS}</em></p>
                    <ul>{report.signature.recipients.iter().map(|r| view! { <li>{r.clone()}</li> }).collect_view()}</ul>
                </div>
                <div class="signer">
                    {report.signature.capacity.iter().map(|c| view! { <p class="capacity">{c.clone()}</p> }).collect_view()}
                </div>
            </footer>
        </article>
    }
}

/// One unit's tasks: a heading with its figures and a table.
#[component]
fn UnitPart(index: usize, section: UnitSection) -> impl IntoView {
    let [stt, task, due, status, update] = wording::TASK_HEADS;
    view! {
        <section class="unit-part" data-testid="unit-part">
            <div class="unit-intro">
                <h3>{format!("{index}. {}", section.unit)}</h3>
                <p class="doc-para">{section.summary}</p>
            </div>
            <table class="doc-table task-doc-table">
                <thead>
                    <tr>
                        <th class="c-stt">{stt}</th>
                        <th>{task}</th>
                        <th class="c-due">{due}</th>
                        <th class="c-status">{status}</th>
                        <th class="c-update">{update}</th>
                    </tr>
                </thead>
                <tbody>
                    {section.tasks.into_iter().map(|row| view! { <TaskRowView row=row/> }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}

#[component]
fn TaskRowView(row: TaskRow) -> impl IntoView {
    let progress = (!row.progress_text.is_empty()).then_some(row.progress_text);
    view! {
        <tr data-task=row.id.clone()>
            <td class="num-cell">{row.number}</td>
            <td>{row.title}</td>
            <td class="num-cell nowrap">{row.due_text}</td>
            <td>
                <span class=format!("badge {}", row.timing.css_class())>{row.timing_label}</span>
                {progress.map(|p| view! { <span class="doc-progress">{p}</span> })}
            </td>
            <td>
                {(!row.update_text.is_empty()).then(|| view! {
                    <span class="update-date">{row.update_date_text}</span>
                    ": "
                    <span>{row.update_note}</span>
                })}
                {(!row.document.is_empty()).then(|| view! {
                    <span class="doc-ref">{format!("{} {}", wording::DOCUMENT, row.document)}</span>
                })}
            </td>
        </tr>
    }
}

/// The overdue tasks or the next deadlines.
#[component]
fn DeadlineTable(
    rows: Vec<DeadlineRow>,
    testid: &'static str,
    empty: &'static str,
    days_head: &'static str,
) -> impl IntoView {
    if rows.is_empty() {
        return view! { <p class="doc-para" data-testid=testid>{empty}</p> }.into_any();
    }
    let [stt, task, unit, due] = wording::DEADLINE_HEADS;
    view! {
        <table class="doc-table deadline-table" data-testid=testid>
            <thead>
                <tr>
                    <th class="c-stt">{stt}</th>
                    <th>{task}</th>
                    <th class="c-unit">{unit}</th>
                    <th class="c-due">{due}</th>
                    <th class="c-days">{days_head}</th>
                </tr>
            </thead>
            <tbody>
                {rows.into_iter().map(|r| view! {
                    <tr>
                        <td class="num-cell">{r.task.number}</td>
                        <td>{r.task.title}</td>
                        <td>{r.task.unit}</td>
                        <td class="num-cell nowrap">{r.task.due_text}</td>
                        <td>{r.days_text}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
