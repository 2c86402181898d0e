//! "Đơn vị của tôi": the chosen unit's tasks as of the chosen date (overdue
//! first, then due soon, in progress, not started, done), its next reporting
//! deadline to Sở KH&ĐT, and forms to add its own tasks and units.

use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;

use crate::i18n::{format_date, Lang};
use crate::model::deadline::{Deadline, Period};
use crate::model::edit::{Edit, NewTask, NewUnit};
use crate::model::report::Figures;
use crate::model::reporting::{next_report_due, period_of, ReportPeriod};
use crate::model::timing::Timing;
use crate::model::unit::{UnitId, UnitKind};
use crate::route::Route;
use crate::state::use_app;
use crate::ui::report_files::UnitReportButton;
use crate::ui::storage_info::StorageInfo;
use crate::ui::unit_picker::UnitPicker;
use crate::ui::widgets::{DateInput, TimingBadge};

/// One task row of the unit's lists.
#[derive(Debug, Clone, PartialEq)]
struct Row {
    id: String,
    title: String,
    reference: String,
    due: Option<NaiveDate>,
    progress: u8,
    timing: Timing,
    coordinating_only: bool,
}

/// The start page once a unit is chosen.
#[component]
pub fn MyUnitPage() -> impl IntoView {
    let state = use_app();
    move || {
        match state.my_unit.get() {
        None => view! {
            <section class="page narrow" data-testid="choose-unit">
                <h1>{move || state.t("Đơn vị của tôi", "My unit")}</h1>
                <p>{move || state.t(
                    "Chọn đơn vị bạn công tác. Ứng dụng sẽ mở ra danh sách nhiệm vụ của đơn vị, việc quá hạn, việc sắp đến hạn và hạn gửi báo cáo.",
                    "Choose the unit you work for. The app then opens on its tasks, what is overdue, what is due next and its reporting deadline.",
                )}</p>
                <UnitPicker/>
            </section>
        }
        .into_any(),
        Some(unit) => view! { <UnitOverview unit=unit/> }.into_any(),
    }
    }
}

#[component]
fn UnitOverview(unit: UnitId) -> impl IntoView {
    let state = use_app();
    let name = state.catalog.with_untracked(|c| {
        c.unit(&unit)
            .map(|u| u.name.clone())
            .unwrap_or_else(|| unit.to_string())
    });
    let for_rows = unit.clone();
    let rows = Memo::new(move |_| {
        let catalog = state.catalog.get();
        let inputs = catalog.inputs();
        state.tracking.with(|tracking| {
            let figures = Figures::compute(
                &inputs,
                tracking,
                state.as_of.get(),
                state.due_soon_days.get(),
            );
            figures
                .for_unit(&for_rows)
                .into_iter()
                .map(|f| Row {
                    id: f.input.id.to_string(),
                    title: f.input.title.to_string(),
                    reference: catalog
                        .task(f.input.id)
                        .map(|t| t.reference_vi())
                        .unwrap_or_default(),
                    due: f.effective.due,
                    progress: f.effective.progress,
                    timing: f.timing,
                    coordinating_only: f.effective.lead_unit != Some(&for_rows),
                })
                .collect::<Vec<_>>()
        })
    });
    let year = state.plan_untracked().meta.year;
    let rule = state.plan_untracked().meta.reporting;
    let report = move || next_report_due(state.as_of.get(), year, &rule);
    let report_period = Signal::derive(move || period_of(state.as_of.get(), year));
    let groups: [(&[Timing], &str, &str); 5] = [
        (&[Timing::Overdue], "Quá hạn", "Overdue"),
        (&[Timing::DueSoon], "Sắp đến hạn", "Due soon"),
        (
            &[Timing::InProgress, Timing::Recurring],
            "Đang thực hiện trong hạn",
            "In progress",
        ),
        (
            &[Timing::NotStarted, Timing::Stopped],
            "Chưa thực hiện, dừng",
            "Not started, stopped",
        ),
        (
            &[Timing::DoneOnTime, Timing::DoneLate],
            "Đã hoàn thành",
            "Done",
        ),
    ];

    view! {
        <section class="page my-unit" data-testid="my-unit-page">
            <p class="eyebrow">{move || state.t("Đơn vị của tôi", "My unit")}</p>
            <h1>{name}</h1>
            <div class="unit-cards">
                <div class="card report-due" data-testid="report-due">
                    <h2>{move || state.t("Hạn gửi báo cáo về Sở KH&ĐT", "Report due to Sở KH&ĐT")}</h2>
                    {move || match report() {
                        Some(due) => view! {
                            <p class="big">{due.period.label_vi()}</p>
                            <p>
                                {move || state.t("Gửi trước ngày", "Send before")} " "
                                <strong>{format_date(due.due.succ_opt().unwrap_or(due.due))}</strong>
                                {format!(" ({} {})", due.days_left, state.t("ngày nữa", "days left"))}
                            </p>
                        }.into_any(),
                        None => view! { <p>{move || state.t("Đã qua hạn báo cáo cuối cùng của năm.", "The year's last report deadline has passed.")}</p> }.into_any(),
                    }}
                    <p class="hint">{move || {
                        let review = rule.before(ReportPeriod::YearReview { year });
                        let review = format!("{:02}/{:02}", review.day(), review.month());
                        match state.lang.get() {
                            Lang::Vi => format!(
                                "Hằng tháng, quý: trước ngày {}. Tổng kết năm: trước ngày {review}.",
                                rule.monthly_before
                            ),
                            Lang::En => format!(
                                "Monthly and quarterly: before the {}th. Year review: before {review}.",
                                rule.monthly_before
                            ),
                        }
                    }}</p>
                    <p>{move || {
                        let period = report_period.get().label_vi();
                        match state.lang.get() {
                            Lang::Vi => format!("Báo cáo {} của đơn vị, để ký và gửi kèm tệp JSON:", period.to_lowercase()),
                            Lang::En => format!("The unit's report for {period}, to sign and send with the JSON file:"),
                        }
                    }}</p>
                    <p class="button-row">
                        <UnitReportButton period=report_period testid="unit-report-docx"/>
                    </p>
                </div>
                <ul class="card counts" aria-label=move || state.t("Số nhiệm vụ theo tình trạng", "Tasks by timing")>
                    {move || {
                        let rows = rows.get();
                        let count = |t: Timing| rows.iter().filter(|r| r.timing == t).count();
                        Timing::ALL
                            .into_iter()
                            .filter(|&t| t.listed_when_none() || count(t) > 0)
                            .map(|t| view! {
                                <li>
                                    <span class="count">{count(t)}</span>
                                    <TimingBadge timing=t/>
                                </li>
                            })
                            .collect_view()
                    }}
                </ul>
            </div>
            {groups.into_iter().map(|(timings, vi, en)| {
                let picked = move || rows.get().into_iter().filter(|r| timings.contains(&r.timing)).collect::<Vec<_>>();
                view! {
                    <Show when=move || !picked().is_empty()>
                        <section class="task-group">
                            <h2>{move || state.t(vi, en)} " (" {move || picked().len()} ")"</h2>
                            <ul class="task-cards">
                                <For each=picked key=|r| (r.id.clone(), r.timing, r.progress) let:row>
                                    <li>
                                        <a href=state.href(Route::Task(row.id.clone())) class="task-card">
                                            <span class="task-ref">
                                                {row.reference.clone()}
                                                {row.coordinating_only.then_some(" · phối hợp")}
                                            </span>
                                            <span class="task-card-title">{row.title.clone()}</span>
                                            <span class="task-card-meta">
                                                <TimingBadge timing=row.timing/>
                                                <span>{row.due.map(format_date).unwrap_or_default()}</span>
                                                <span>{format!("{}%", row.progress)}</span>
                                            </span>
                                        </a>
                                    </li>
                                </For>
                            </ul>
                        </section>
                    </Show>
                }
            }).collect_view()}
            <Show when=move || rows.get().is_empty()>
                <p class="empty">{move || state.t("Đơn vị chưa có nhiệm vụ nào được giao.", "No tasks are assigned to this unit yet.")}</p>
            </Show>
            <div class="task-columns">
                <AddTaskForm unit=unit.clone()/>
                <AddUnitForm/>
                <StorageInfo/>
            </div>
        </section>
    }
}

/// Adds a task of the unit's own, not in the plan text.
#[component]
fn AddTaskForm(unit: UnitId) -> impl IntoView {
    let state = use_app();
    let (title, set_title) = signal(String::new());
    let (due, set_due) = signal(None::<NaiveDate>);
    let (error, set_error) = signal(None::<String>);
    let lead = StoredValue::new(unit);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let deadline = due.get_untracked().map(|d| Deadline {
            period: Period::Month(d.month() as u8),
            due: Some(d),
        });
        let task = NewTask {
            title: title.get_untracked(),
            lead_unit: lead.get_value(),
            deadline,
            parent: None,
        };
        match state.edit(Edit::AddTask(task)) {
            Ok(()) => {
                set_error.set(None);
                set_title.set(String::new());
            }
            Err(e) => set_error.set(Some(e)),
        }
    };
    view! {
        <form class="card" on:submit=submit data-testid="add-task">
            <h2>{move || state.t("Thêm nhiệm vụ của đơn vị", "Add a task of this unit")}</h2>
            <label class="field wide">
                <span class="field-label">{move || state.t("Tên nhiệm vụ", "Task title")}</span>
                <input type="text" data-testid="new-task-title" prop:value=move || title.get() on:input=move |ev| set_title.set(event_target_value(&ev))/>
            </label>
            <DateInput
                label=Signal::derive(move || state.t("Thời hạn", "Due date"))
                value=due
                optional=true
                testid="new-task-due"
                on_change=Callback::new(move |d| set_due.set(d))
            />
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            <button type="submit" class="primary">{move || state.t("Thêm nhiệm vụ", "Add task")}</button>
        </form>
    }
}

/// Adds a unit the registry lacks (a district office, a board).
#[component]
fn AddUnitForm() -> impl IntoView {
    let state = use_app();
    let (short, set_short) = signal(String::new());
    let (name, set_name) = signal(String::new());
    let (kind, set_kind) = signal(UnitKind::Department);
    let (error, set_error) = signal(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let unit = NewUnit {
            short: short.get_untracked(),
            name: name.get_untracked(),
            kind: kind.get_untracked(),
        };
        match state.edit(Edit::AddUnit(unit)) {
            Ok(()) => {
                set_error.set(None);
                set_short.set(String::new());
                set_name.set(String::new());
            }
            Err(e) => set_error.set(Some(e)),
        }
    };
    view! {
        <form class="card" on:submit=submit data-testid="add-unit">
            <h2>{move || state.t("Thêm đơn vị", "Add a unit")}</h2>
            <label class="field">
                <span class="field-label">{move || state.t("Tên viết tắt", "Short name")}</span>
                <input type="text" data-testid="new-unit-short" placeholder="Sở Y tế" prop:value=move || short.get() on:input=move |ev| set_short.set(event_target_value(&ev))/>
            </label>
            <label class="field wide">
                <span class="field-label">{move || state.t("Tên đầy đủ", "Full name")}</span>
                <input type="text" data-testid="new-unit-name" placeholder="Sở Y tế" prop:value=move || name.get() on:input=move |ev| set_name.set(event_target_value(&ev))/>
            </label>
            <label class="field">
                <span class="field-label">{move || state.t("Loại", "Kind")}</span>
                <select on:change=move |ev| set_kind.set(match event_target_value(&ev).as_str() {
                    "office" => UnitKind::Office,
                    "district" => UnitKind::District,
                    _ => UnitKind::Department,
                })>
                    <option value="department">{move || state.t("Sở, ngành", "Department")}</option>
                    <option value="office">{move || state.t("Văn phòng", "Office")}</option>
                    <option value="district">{move || state.t("UBND cấp huyện", "District")}</option>
                </select>
            </label>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            <button type="submit" class="primary">{move || state.t("Thêm đơn vị", "Add unit")}</button>
        </form>
    }
}
