//! One task's page: what the plan says, its timing as of the chosen date,
//! and the forms to record status, progress, completion, the fulfilling
//! document, assignment and dated notes; a user task's creator can remove
//! it. Every change is one undo step; status and progress follow each other
//! by the core's rule (`model::tracking::agree`), said beside the form.

use chrono::NaiveDate;
use leptos::prelude::*;

use crate::i18n::format_date;
use crate::model::catalog::{is_plan_task, plan_text, TaskEntry, TaskSource};
use crate::model::edit::Edit;
use crate::model::timing::Timing;
use crate::model::tracking::{DocumentRef, Status, Update};
use crate::model::unit::UnitId;
use crate::route::Route;
use crate::state::NoticeKind;
use crate::state::{use_app, AppState};
use crate::ui::widgets::{DateInput, TimingBadge};

/// The task's values as shown: the record laid over the plan, owned so the
/// view can keep it.
#[derive(Debug, Clone, PartialEq)]
struct Shown {
    status: Status,
    progress: u8,
    lead: Option<UnitId>,
    coordinating: Vec<UnitId>,
    due: Option<NaiveDate>,
    completed_on: Option<NaiveDate>,
    document: Option<DocumentRef>,
    reason: Option<String>,
    /// Newest first.
    updates: Vec<Update>,
    timing: Timing,
}

fn shown(state: &AppState, entry: &TaskEntry) -> Shown {
    state.tracking.with(|tracking| {
        let e = tracking.effective(&entry.id, entry.terms());
        let mut updates: Vec<Update> = tracking
            .record(&entry.id)
            .map(|r| r.updates.values().cloned().collect())
            .unwrap_or_default();
        updates.sort_by_key(|u| std::cmp::Reverse((u.date, u.at)));
        Shown {
            status: e.status,
            progress: e.progress,
            lead: e.lead_unit.cloned(),
            coordinating: e.coordinating.to_vec(),
            due: e.due,
            completed_on: e.completed_on,
            document: e.document.cloned(),
            reason: e.reason.map(str::to_string),
            updates,
            timing: e.timing(state.as_of.get(), state.due_soon_days.get()),
        }
    })
}

/// The page for `#/nhiem-vu/<id>`.
#[component]
pub fn TaskPage() -> impl IntoView {
    let state = use_app();
    let id = Memo::new(move |_| match state.route.get() {
        Route::Task(id) => id,
        _ => String::new(),
    });
    let entry = Memo::new(move |_| state.catalog.with(|c| c.task(&id.get()).cloned()));
    move || {
        match entry.get() {
        Some(entry) => view! { <TaskDetail entry=entry/> }.into_any(),
        None if is_plan_task(state.plan_untracked(), &id.get()) => view! { <AssignItem id=id.get()/> }.into_any(),
        None => view! {
            <section class="page narrow">
                <h1>{move || state.t("Không có nhiệm vụ này", "No such task")}</h1>
                <p>{move || format!("{} “{}”.", state.t("Không tìm thấy nhiệm vụ có mã", "No task has the id"), id.get())}</p>
                <p><a href=state.href(Route::Tasks(Default::default()))>{move || state.t("Xem danh sách nhiệm vụ", "See the task list")}</a></p>
            </section>
        }
        .into_any(),
    }
    }
}

/// A plan item nobody has assigned yet: offer to assign it, which makes it
/// a tracked task.
#[component]
fn AssignItem(id: String) -> impl IntoView {
    let state = use_app();
    let text = plan_text(state.plan_untracked(), &id).unwrap_or_default();
    let (error, set_error) = signal(None::<String>);
    let task = id.clone();
    view! {
        <section class="page narrow task-page">
            <p class="breadcrumb"><a href=state.href(Route::Plan { anchor: Some(id.clone()) })>{move || state.t("Xem trong toàn văn", "See in the full text")}</a></p>
            <h1 class="task-title">{text}</h1>
            <p>{move || state.t(
                "Mục này chưa được giao cho đơn vị nào. Giao cho một đơn vị chủ trì để theo dõi trạng thái, tiến độ và ghi chú.",
                "This item is not assigned yet. Assign a lead unit to track its status, progress and notes.",
            )}</p>
            <UnitSelect
                label=Signal::derive(move || state.t("Giao cho đơn vị chủ trì", "Assign a lead unit"))
                value=Signal::derive(|| None)
                testid="assign-lead"
                on_change=Callback::new(move |unit: Option<UnitId>| {
                    if unit.is_some() {
                        set_error.set(state.edit(Edit::SetLeadUnit { task: task.clone(), unit }).err());
                    }
                })
            />
            <ErrorLine error=error/>
        </section>
    }
}

#[component]
fn TaskDetail(entry: TaskEntry) -> impl IntoView {
    let state = use_app();
    let task_for_shown = entry.clone();
    let shown = Memo::new(move |_| shown(&state, &task_for_shown));
    let (error, set_error) = signal(None::<String>);
    let id = entry.id.clone();
    let apply = Callback::new(move |edit: Edit| set_error.set(state.edit(edit).err()));
    let place = match &entry.source {
        TaskSource::Annex { .. } => (
            format!("Phụ lục · Nhiệm vụ {}", entry.number),
            Some(entry.id.clone()),
        ),
        TaskSource::PlanItem { .. } => ("Mục của kế hoạch".to_string(), Some(entry.id.clone())),
        TaskSource::Custom => ("Nhiệm vụ bổ sung".to_string(), None),
    };
    let period = entry.period.map(|p| p.label_vi());

    view! {
        <article class="page task-page" data-testid="task-page">
            <p class="breadcrumb">
                <a href=state.href(Route::Tasks(Default::default()))>{move || state.t("Nhiệm vụ", "Tasks")}</a>
                " › "
                {match place.1 {
                    Some(anchor) => view! { <a href=state.href(Route::Plan { anchor: Some(anchor) })>{place.0}</a> }.into_any(),
                    None => view! { <span>{place.0}</span> }.into_any(),
                }}
            </p>
            <h1 class="task-title">{entry.title.clone()}</h1>
            <div class="task-summary">
                <TimingBadge timing=Signal::derive(move || shown.get().timing)/>
                <span>
                    {move || state.t("Thời hạn", "Due")} ": "
                    <strong>{move || shown.get().due.map(format_date).unwrap_or_else(|| "—".into())}</strong>
                    {period.map(|p| format!(" ({p})"))}
                </span>
                <span>{move || state.t("Tính đến", "As of")} " " {move || format_date(state.as_of.get())}</span>
                <Progress value=Signal::derive(move || shown.get().progress)/>
            </div>
            <Show when=move || state.my_unit.get().is_none()>
                <p class="hint" role="note">{move || state.t(
                    "Chọn “Đơn vị của tôi” ở đầu trang để cập nhật: mỗi thay đổi ghi tên đơn vị thực hiện.",
                    "Choose “My unit” at the top to make changes: every change is signed by a unit.",
                )}</p>
            </Show>
            <ErrorLine error=error/>
            <div class="task-columns">
                <section class="card" aria-labelledby="status-title">
                    <h2 id="status-title">{move || state.t("Tình hình thực hiện", "Progress")}</h2>
                    <StatusForm id=id.clone() shown=shown apply=apply error=error/>
                </section>
                <section class="card" aria-labelledby="assign-title">
                    <h2 id="assign-title">{move || state.t("Phân công và thời hạn", "Assignment and deadline")}</h2>
                    <AssignmentForm id=id.clone() shown=shown apply=apply/>
                </section>
            </div>
            <section class="card" aria-labelledby="updates-title">
                <h2 id="updates-title">{move || state.t("Ghi chú theo ngày", "Dated notes")}</h2>
                <AddUpdateForm id=id.clone() shown=shown apply=apply/>
                <UpdateList id=id.clone() shown=shown apply=apply/>
            </section>
            {matches!(entry.source, TaskSource::Custom).then(|| view! { <RemoveTask id=id error=set_error/> })}
        </article>
    }
}

/// Removing a user task, offered to the unit that created it, in two
/// steps; its record stays (undo brings the task back whole).
#[component]
fn RemoveTask(id: String, error: WriteSignal<Option<String>>) -> impl IntoView {
    let state = use_app();
    let task = StoredValue::new(id);
    let (asking, set_asking) = signal(false);
    let creator = Memo::new(move |_| {
        state.tracking.with(|t| {
            t.custom_tasks
                .get(&task.get_value())
                .map(|c| c.created_by.clone())
        })
    });
    let own = move || creator.get().is_some() && creator.get() == state.my_unit.get();
    let remove = move |_| match state.edit(Edit::RemoveTask(task.get_value())) {
        Ok(()) => {
            state.notify(
                NoticeKind::Success,
                "Đã xóa nhiệm vụ bổ sung. Bấm “Hoàn tác” để khôi phục.",
            );
            state.go(Route::Tasks(Default::default()));
        }
        Err(e) => {
            set_asking.set(false);
            error.set(Some(e));
        }
    };
    view! {
        <Show when=own>
            <section class="card remove-task" aria-labelledby="remove-title">
                <h2 id="remove-title">{move || state.t("Xóa nhiệm vụ bổ sung", "Remove this added task")}</h2>
                <p class="hint">{move || state.t(
                    "Nhiệm vụ do đơn vị bạn thêm. Khi xóa, nhiệm vụ không còn trong danh sách; việc xóa được ghi lại và gửi kèm tệp báo cáo để các đơn vị khác cũng xóa.",
                    "Your unit added this task. Removed, it leaves the lists; the removal is recorded and sent with your report so that other units remove it too.",
                )}</p>
                <p class="button-row">
                    <Show
                        when=move || asking.get()
                        fallback=move || view! {
                            <button type="button" data-testid="remove-task" on:click=move |_| set_asking.set(true)>
                                {move || state.t("Xóa nhiệm vụ này", "Remove this task")}
                            </button>
                        }
                    >
                        <button type="button" class="danger" data-testid="confirm-remove-task" on:click=remove>
                            {move || state.t("Xác nhận xóa", "Confirm removal")}
                        </button>
                        <button type="button" on:click=move |_| set_asking.set(false)>{move || state.t("Hủy", "Cancel")}</button>
                    </Show>
                </p>
            </section>
        </Show>
    }
}

/// A progress bar with its number.
#[component]
fn Progress(value: Signal<u8>) -> impl IntoView {
    view! {
        <span class="progress" role="img" aria-label=move || format!("{}%", value.get())>
            <span class="progress-track"><span class="progress-fill" style:width=move || format!("{}%", value.get())></span></span>
            <span class="progress-number">{move || format!("{}%", value.get())}</span>
        </span>
    }
}

/// A refused edit's message, announced.
#[component]
fn ErrorLine(error: ReadSignal<Option<String>>) -> impl IntoView {
    move || {
        error
            .get()
            .map(|e| view! { <p class="form-error" role="alert" data-testid="edit-error">{e}</p> })
    }
}

/// A select of every unit (optionally empty).
#[component]
fn UnitSelect(
    label: Signal<&'static str>,
    value: Signal<Option<UnitId>>,
    on_change: Callback<Option<UnitId>>,
    #[prop(optional)] testid: &'static str,
) -> impl IntoView {
    let state = use_app();
    view! {
        <label class="field">
            <span class="field-label">{label}</span>
            <select
                data-testid=testid
                prop:value=move || value.get().map(|u| u.to_string()).unwrap_or_default()
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    on_change.run((!v.is_empty()).then(|| UnitId::new(v)));
                }
            >
                <option value="">"—"</option>
                {move || state.catalog.get().units.into_iter().map(|u| view! {
                    <option value=u.id.to_string()>{u.short}</option>
                }).collect_view()}
            </select>
        </label>
    }
}

fn status_options(state: AppState) -> impl IntoView {
    Status::ALL
        .into_iter()
        .map(move |s| view! { <option value=s.key()>{move || state.lang.get().pick(s.label_vi(), s.label_en())}</option> })
        .collect_view()
}

/// Status (with its reason when stopped or adjusted), progress, completion
/// date and the document that fulfilled the task.
#[component]
fn StatusForm(
    id: String,
    shown: Memo<Shown>,
    apply: Callback<Edit>,
    /// Set after every edit tried: a refused status must not stay chosen.
    error: ReadSignal<Option<String>>,
) -> impl IntoView {
    let state = use_app();
    // A stop or an adjustment waits here until its reason is typed.
    let (pending, set_pending) = signal(None::<Status>);
    let (reason, set_reason) = signal(String::new());
    let task = StoredValue::new(id);
    let on_status = move |ev| {
        let Some(status) = Status::from_key(&event_target_value(&ev)) else {
            return;
        };
        if status.needs_reason() && shown.get_untracked().reason.is_none() {
            set_pending.set(Some(status));
        } else {
            set_pending.set(None);
            apply.run(Edit::SetStatus {
                task: task.get_value(),
                status,
                reason: None,
            });
        }
    };
    let confirm_reason = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Some(status) = pending.get_untracked() {
            apply.run(Edit::SetStatus {
                task: task.get_value(),
                status,
                reason: Some(reason.get_untracked()),
            });
            if shown.get_untracked().status == status {
                set_pending.set(None);
            }
        }
    };
    let (doc_number, set_doc_number) = signal(String::new());
    Effect::new(move |_| {
        set_doc_number.set(shown.get().document.map(|d| d.number).unwrap_or_default())
    });
    let set_document = move |number: String, date: Option<NaiveDate>| {
        let document = (!number.trim().is_empty()).then(|| DocumentRef {
            number: number.trim().to_string(),
            date,
        });
        apply.run(Edit::SetDocument {
            task: task.get_value(),
            document,
        });
    };
    view! {
        <div class="form-grid">
            <label class="field">
                <span class="field-label">{move || state.t("Trạng thái", "Status")}</span>
                <select data-testid="status" prop:value=move || { error.track(); pending.get().unwrap_or(shown.get().status).key() } on:change=on_status>
                    {status_options(state)}
                </select>
            </label>
            <label class="field">
                <span class="field-label">{move || state.t("Tiến độ (%)", "Progress (%)")}</span>
                <span class="progress-input">
                    <input
                        type="range" min="0" max="100" step="5"
                        aria-label=move || state.t("Tiến độ", "Progress")
                        prop:value=move || shown.get().progress.to_string()
                        on:change=move |ev| {
                            if let Ok(p) = event_target_value(&ev).parse() {
                                apply.run(Edit::SetProgress { task: task.get_value(), progress: p });
                            }
                        }
                    />
                    <input
                        type="number" min="0" max="100" data-testid="progress"
                        prop:value=move || shown.get().progress.to_string()
                        on:change=move |ev| {
                            // Out-of-range numbers reach the core, which explains the limit.
                            let typed = event_target_value(&ev).trim().parse::<i64>().unwrap_or(-1);
                            let progress = u8::try_from(typed.clamp(0, 255)).unwrap_or(u8::MAX);
                            apply.run(Edit::SetProgress { task: task.get_value(), progress });
                            // A refused value must not stay on screen as if saved.
                            event_target::<web_sys::HtmlInputElement>(&ev)
                                .set_value(&shown.get_untracked().progress.to_string());
                        }
                    />
                </span>
            </label>
        </div>
        <p class="hint" data-testid="status-rule">{move || state.t(
            "Tiến độ trên 0% chuyển nhiệm vụ sang “Đang thực hiện”; đạt 100% là “Đã hoàn thành” (ngày hoàn thành là hôm đó nếu chưa ghi); chọn “Đã hoàn thành” ghi 100%, “Chưa thực hiện” ghi 0%.",
            "Progress above 0% puts a task in progress; 100% makes it done (completed that day unless a date is recorded); choosing done records 100%, not started 0%.",
        )}</p>
        <Show when=move || pending.get().is_some() || shown.get().status.needs_reason()>
            <form class="reason-form" on:submit=confirm_reason>
                <label class="field wide">
                    <span class="field-label">{move || state.t("Lý do dừng hoặc điều chỉnh", "Reason for stopping or adjusting")}</span>
                    <textarea
                        data-testid="reason"
                        rows="2"
                        prop:value=move || shown.get().reason.unwrap_or_default()
                        on:input=move |ev| set_reason.set(event_target_value(&ev))
                        on:change=move |ev| {
                            if pending.get_untracked().is_none() {
                                apply.run(Edit::SetReason { task: task.get_value(), reason: event_target_value(&ev) });
                            }
                        }
                    ></textarea>
                </label>
                <Show when=move || pending.get().is_some()>
                    <button type="submit" class="primary" data-testid="confirm-reason">{move || state.t("Xác nhận", "Confirm")}</button>
                    <button type="button" on:click=move |_| set_pending.set(None)>{move || state.t("Hủy", "Cancel")}</button>
                </Show>
            </form>
        </Show>
        <div class="form-grid">
            <DateInput
                label=Signal::derive(move || state.t("Ngày hoàn thành", "Completed on"))
                value=Signal::derive(move || shown.get().completed_on)
                optional=true
                testid="completed-on"
                on_change=Callback::new(move |date| apply.run(Edit::SetCompletedOn { task: task.get_value(), date }))
            />
            <label class="field">
                <span class="field-label">{move || state.t("Văn bản thực hiện (số)", "Document (number)")}</span>
                <input
                    type="text"
                    data-testid="document-number"
                    placeholder="123/TTr-SKHĐT"
                    prop:value=move || doc_number.get()
                    on:change=move |ev| set_document(event_target_value(&ev), shown.get_untracked().document.and_then(|d| d.date))
                />
            </label>
            <DateInput
                label=Signal::derive(move || state.t("Ngày văn bản", "Document date"))
                value=Signal::derive(move || shown.get().document.and_then(|d| d.date))
                optional=true
                testid="document-date"
                on_change=Callback::new(move |date| set_document(doc_number.get_untracked(), date))
            />
        </div>
    }
}

/// Lead unit, coordinating units and the due date.
#[component]
fn AssignmentForm(id: String, shown: Memo<Shown>, apply: Callback<Edit>) -> impl IntoView {
    let state = use_app();
    let task = StoredValue::new(id);
    let set_coordinating = move |units: Vec<UnitId>| {
        apply.run(Edit::SetCoordinating {
            task: task.get_value(),
            units,
        })
    };
    view! {
        <UnitSelect
            label=Signal::derive(move || state.t("Đơn vị chủ trì", "Lead unit"))
            value=Signal::derive(move || shown.get().lead)
            testid="lead-unit"
            on_change=Callback::new(move |unit| apply.run(Edit::SetLeadUnit { task: task.get_value(), unit }))
        />
        <div class="field">
            <span class="field-label">{move || state.t("Đơn vị phối hợp", "Coordinating units")}</span>
            <ul class="chips" data-testid="coordinating">
                {move || shown.get().coordinating.into_iter().map(|unit| {
                    let name = state.catalog.with(|c| c.unit_short(&unit));
                    let remove = unit.clone();
                    view! {
                        <li class="chip">
                            {name.clone()}
                            <button
                                type="button"
                                aria-label=move || format!("{} {name}", state.t("Bỏ", "Remove"))
                                on:click=move |_| {
                                    let mut units = shown.get_untracked().coordinating;
                                    units.retain(|u| *u != remove);
                                    set_coordinating(units);
                                }
                            >"×"</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <UnitSelect
                label=Signal::derive(move || state.t("Thêm đơn vị phối hợp", "Add a coordinating unit"))
                value=Signal::derive(|| None)
                testid="add-coordinating"
                on_change=Callback::new(move |unit: Option<UnitId>| {
                    if let Some(unit) = unit {
                        let mut units = shown.get_untracked().coordinating;
                        units.push(unit);
                        set_coordinating(units);
                    }
                })
            />
        </div>
        <DateInput
            label=Signal::derive(move || state.t("Thời hạn (điều chỉnh)", "Due date (adjusted)"))
            value=Signal::derive(move || shown.get().due)
            optional=true
            testid="due"
            on_change=Callback::new(move |due| apply.run(Edit::SetDue { task: task.get_value(), due }))
        />
    }
}

/// A dated note with the status and progress at that date.
#[component]
fn AddUpdateForm(id: String, shown: Memo<Shown>, apply: Callback<Edit>) -> impl IntoView {
    let state = use_app();
    let task = StoredValue::new(id);
    let (date, set_date) = signal(Some(crate::browser::clock::today()));
    let (text, set_text) = signal(String::new());
    let (status, set_status) = signal(None::<Status>);
    let (progress, set_progress) = signal(None::<u8>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(date) = date.get_untracked() else {
            return;
        };
        let now = shown.get_untracked();
        let before = now.updates.len();
        apply.run(Edit::AddUpdate {
            task: task.get_value(),
            date,
            text: text.get_untracked(),
            status: status.get_untracked().unwrap_or(now.status),
            progress: progress.get_untracked().unwrap_or(now.progress),
        });
        if shown.get_untracked().updates.len() > before {
            set_text.set(String::new());
            set_status.set(None);
            set_progress.set(None);
        }
    };
    view! {
        <form class="update-form" on:submit=submit data-testid="update-form">
            <div class="form-grid">
                <DateInput
                    label=Signal::derive(move || state.t("Ngày", "Date"))
                    value=date
                    testid="update-date"
                    on_change=Callback::new(move |d| set_date.set(d))
                />
                <label class="field">
                    <span class="field-label">{move || state.t("Trạng thái khi đó", "Status then")}</span>
                    <select
                        data-testid="update-status"
                        prop:value=move || status.get().unwrap_or(shown.get().status).key()
                        on:change=move |ev| set_status.set(Status::from_key(&event_target_value(&ev)))
                    >
                        {status_options(state)}
                    </select>
                </label>
                <label class="field">
                    <span class="field-label">{move || state.t("Tiến độ khi đó (%)", "Progress then (%)")}</span>
                    <input
                        type="number" min="0" max="100" data-testid="update-progress"
                        prop:value=move || progress.get().unwrap_or(shown.get().progress).to_string()
                        on:change=move |ev| set_progress.set(event_target_value(&ev).trim().parse().ok())
                    />
                </label>
            </div>
            <label class="field wide">
                <span class="field-label">{move || state.t("Nội dung", "Note")}</span>
                <textarea
                    rows="3"
                    data-testid="update-text"
                    prop:value=move || text.get()
                    on:input=move |ev| set_text.set(event_target_value(&ev))
                ></textarea>
            </label>
            <button type="submit" class="primary" data-testid="add-update">{move || state.t("Thêm ghi chú", "Add note")}</button>
        </form>
    }
}

/// Notes, newest first; a unit may remove its own.
#[component]
fn UpdateList(id: String, shown: Memo<Shown>, apply: Callback<Edit>) -> impl IntoView {
    let state = use_app();
    let task = StoredValue::new(id);
    view! {
        <Show
            when=move || !shown.get().updates.is_empty()
            fallback=move || view! { <p class="empty">{move || state.t("Chưa có ghi chú nào.", "No notes yet.")}</p> }
        >
            <ol class="updates" data-testid="updates">
                <For each=move || shown.get().updates key=|u| u.id.clone() let:update>
                    {
                        let author = update.unit.clone();
                        let own = move || state.my_unit.get().as_ref() == Some(&author);
                        let update_id = update.id.clone();
                        view! {
                            <li class="update">
                                <p class="update-head">
                                    <strong>{format_date(update.date)}</strong>
                                    " · " {state.catalog.with_untracked(|c| c.unit_short(&update.unit))}
                                    " · " {move || state.lang.get().pick(update.status.label_vi(), update.status.label_en())}
                                    " · " {format!("{}%", update.progress)}
                                </p>
                                <p class="update-text">{update.text.clone()}</p>
                                <Show when=own>
                                    <button
                                        type="button"
                                        class="link-button"
                                        data-testid="remove-update"
                                        on:click={
                                            let update_id = update_id.clone();
                                            move |_| apply.run(Edit::RemoveUpdate { task: task.get_value(), update_id: update_id.clone() })
                                        }
                                    >
                                        {move || state.t("Xóa ghi chú", "Delete note")}
                                    </button>
                                </Show>
                            </li>
                        }
                    }
                </For>
            </ol>
        </Show>
    }
}
