//! "Trao đổi": export this unit's report or everything, import files from
//! other units with a preview of every change and conflict before anything
//! is applied, and (for Sở KH&ĐT) which units' reports have arrived.

use chrono::Datelike;
use leptos::prelude::*;

use crate::browser::files;
use crate::exchange::merge::{Conflict, MergeValue, Pick, Version};
use crate::exchange::staging::{self, describe, item_label_vi, removal_label_vi, StagedFile};
use crate::exchange::{
    self, Choices, PlanName, ReadError, RestoreError, Scope, Source, MAX_FILE_BYTES,
};
use crate::i18n::{format_date, format_local_moment, format_moment};
use crate::model::catalog::plan_text;
use crate::model::plan::Plan;
use crate::model::receipts::{self, reporting_units, Cell};
use crate::model::reporting::{report_periods, ReportPeriod};
use crate::model::tracking::{ItemKey, Tracking};
use crate::model::unit::UnitId;
use crate::on_demand::on_demand;
use crate::persistence::{self, export_meta, read};
use crate::plan_file;
use crate::plans::{FileHome, PlanEntry};
use crate::route::Route;
use crate::state::{use_app, AppState, Loading, NoticeKind};
use crate::ui::open_plan_page::{open_plan, OpeningInjection, ToOpen, WaitingFile};
use crate::ui::report_files::UnitReportButton;
use crate::ui::storage_info::StorageInfo;

/// A tracking file of another plan the app holds: imported once the user
/// switches to that plan.
#[derive(Debug, Clone, PartialEq)]
pub struct ForOtherPlan {
    pub name: String,
    pub text: String,
    pub plan: PlanEntry,
}

/// Files waiting in the import preview, shared so that a drop anywhere on
/// the page lands here.
#[derive(Clone, Copy)]
pub struct ImportInjection {
    pub staged: RwSignal<Vec<StagedFile>>,
    pub choices: RwSignal<Choices>,
    /// Files of other plans the app holds, waiting for a switch.
    pub elsewhere: RwSignal<Vec<ForOtherPlan>>,
    /// Where a plan file, or a file carrying a plan the app lacks, goes.
    opening: OpeningInjection,
    /// Files to stage once the open plan's data is read.
    after_read: RwSignal<Vec<(String, Result<String, String>)>>,
}

impl ImportInjection {
    /// Provides the staging area and accepts files dropped anywhere: a
    /// `.json` file goes to the import preview (or, being a plan file, to
    /// the review of a new plan), any other file to the review of a new
    /// plan (a `.docx`).
    pub fn provide(state: AppState, opening: OpeningInjection) {
        let injection = ImportInjection {
            staged: RwSignal::new(Vec::new()),
            choices: RwSignal::new(Choices::new()),
            elsewhere: RwSignal::new(Vec::new()),
            opening,
            after_read: RwSignal::new(Vec::new()),
        };
        provide_context(injection);
        // Files read against one plan's data mean nothing for another's:
        // a switch of plans empties the preview, and the files waiting for
        // the new plan's data are staged once it is read.
        Effect::new(move |previous: Option<&'static str>| {
            let key = state.current.get().key;
            if previous.is_some_and(|p| p != key) {
                injection.staged.set(Vec::new());
                injection.choices.set(Choices::new());
            }
            key
        });
        Effect::new(move |_| {
            if state.loading.get() == Loading::Done && injection.after_read.with(|f| !f.is_empty())
            {
                let files = injection
                    .after_read
                    .try_update(std::mem::take)
                    .unwrap_or_default();
                injection.stage_loaded(state, files);
            }
        });
        let over = window_event_listener(leptos::ev::dragover, |ev| ev.prevent_default());
        let drop = window_event_listener(leptos::ev::drop, move |ev| {
            ev.prevent_default();
            let Some(list) = ev.data_transfer().and_then(|d| d.files()) else {
                return;
            };
            let (json, documents): (Vec<_>, Vec<_>) = files::take(&list)
                .into_iter()
                .partition(|f| f.name().to_lowercase().ends_with(".json"));
            if !json.is_empty() {
                injection.stage(state, json);
                state.go(Route::Exchange);
            }
            // One plan is reviewed at a time: the first document dropped.
            if let Some(document) = documents.into_iter().next() {
                opening.read_file(state, document);
            }
        });
        on_cleanup(move || {
            over.remove();
            drop.remove();
        });
    }

    /// Reads the files and adds them to the preview.
    pub fn stage(self, state: AppState, list: Vec<web_sys::File>) {
        leptos::task::spawn_local(async move {
            let picked = files::read_all(list, MAX_FILE_BYTES).await;
            self.stage_loaded(
                state,
                picked.into_iter().map(|p| (p.name, p.text)).collect(),
            );
        });
    }

    /// [`Self::stage_texts`] from code in the first load (a file dropped
    /// on the cover): the readers of files are fetched first.
    fn stage_loaded(self, state: AppState, files: Vec<(String, Result<String, String>)>) {
        leptos::task::spawn_local(async move {
            if let Err(e) = stage_in_preview(self, state, files).await {
                state.notify(NoticeKind::Error, e.message_vi("Trao đổi"));
            }
        });
    }

    /// Adds files already read (name, text or why not) to the preview. A
    /// file of another plan goes where it belongs: waiting for a switch to
    /// a plan the app holds, or, carrying a plan the app lacks, to that
    /// plan's review (and is imported once it is added); a plan file goes
    /// to its review.
    pub fn stage_texts(self, state: AppState, files: Vec<(String, Result<String, String>)>) {
        for (name, text) in files {
            let outcome = match text {
                Err(why) => Err(why),
                Ok(text) => match read(&state, &text, Source::File) {
                    Ok(read) => Ok(read),
                    Err(RestoreError {
                        error: ReadError::OtherPlan { file, .. },
                        ..
                    }) => match self.elsewhere_home(state, name.clone(), text, &file) {
                        Some(message) => Err(message),
                        None => continue,
                    },
                    Err(RestoreError {
                        error:
                            ReadError::OtherKind {
                                found: Some(format),
                            },
                        ..
                    }) if format == plan_file::FORMAT_NAME => {
                        self.opening.open(state, name, ToOpen::Text(text));
                        continue;
                    }
                    Err(e) => Err(e.to_string()),
                },
            };
            self.staged.update(|s| {
                let file = StagedFile::new(s, name, outcome);
                s.push(file);
            });
        }
    }

    /// Puts a file of another plan where it belongs; `Some` message when
    /// it cannot go anywhere.
    fn elsewhere_home(
        self,
        state: AppState,
        name: String,
        text: String,
        plan: &PlanName,
    ) -> Option<String> {
        match state.plans.with_untracked(|p| p.home_of(plan, &text)) {
            FileHome::Held(entry) => {
                self.elsewhere.update(|e| e.push(ForOtherPlan { name, text, plan: entry }));
                None
            }
            FileHome::Carried(document) => {
                self.opening.waiting.update(|w| w.push(WaitingFile { name: name.clone(), text }));
                self.opening.open(state, name, ToOpen::Carried(document));
                None
            }
            FileHome::Lacking => Some(format!(
                "Tệp thuộc {plan}, kế hoạch này chưa có trong ứng dụng và tệp không mang theo kế hoạch. \
                 Hãy xin Sở KH&ĐT tệp kế hoạch (.plan.json), mở ở “Mở kế hoạch mới”, rồi nhập lại tệp này."
            )),
        }
    }

    /// Switches to the plan of the files waiting for it and stages them.
    pub fn switch_for(self, state: AppState, plan: PlanEntry) {
        let mut waiting = Vec::new();
        self.elsewhere.update(|e| {
            let (mine, rest) = e.drain(..).partition(|f| f.plan == plan);
            waiting = mine;
            *e = rest;
        });
        open_plan(state, plan, Route::Exchange);
        self.stage_when_read(
            state,
            waiting.into_iter().map(|f| (f.name, Ok(f.text))).collect(),
        );
    }

    /// Stages files once the open plan's data is read (a switch of plans
    /// reads it anew): a file is compared with the data it would change.
    pub fn stage_when_read(self, state: AppState, files: Vec<(String, Result<String, String>)>) {
        if state.loading.get_untracked() == Loading::Done {
            self.stage_texts(state, files);
        } else {
            self.after_read.update(|f| f.extend(files));
        }
    }
}

on_demand!(
    coordination,
    fn stage_in_preview(
        injection: ImportInjection,
        state: AppState,
        files: Vec<(String, Result<String, String>)>,
    ) -> () {
        injection.stage_texts(state, files)
    }
);

/// The exchange screen.
#[component]
pub fn ExchangePage() -> impl IntoView {
    let state = use_app();
    view! {
        <section class="page exchange" data-testid="exchange-page">
            <h1>{move || state.t("Trao đổi dữ liệu giữa các đơn vị", "Exchange between units")}</h1>
            <p class="hint">{move || state.t(
                "Mỗi đơn vị xuất tệp báo cáo của mình và gửi qua thư điện tử; Sở KH&ĐT nhập các tệp, xem trước từng thay đổi rồi mới áp dụng.",
                "Each unit exports its report file and e-mails it; Sở KH&ĐT imports the files, previews every change, then applies.",
            )}</p>
            <div class="task-columns">
                <ExportPanel/>
                <ImportPanel/>
            </div>
            <PlanPanel/>
            <OtherPlanFiles/>
            <ImportPreview/>
            <ReceiptMatrix/>
            <StorageInfo/>
        </section>
    }
}

/// The report period an as-of date falls in: its month.
fn period_of(state: &AppState) -> ReportPeriod {
    let as_of = state.as_of.get_untracked();
    let year = state.plan_untracked().meta.year;
    let month = if as_of.year() < year {
        1
    } else if as_of.year() > year {
        12
    } else {
        as_of.month() as u8
    };
    ReportPeriod::Month { year, month }
}

#[component]
fn ExportPanel() -> impl IntoView {
    let state = use_app();
    let period = RwSignal::new(period_of(&state));
    let envelope = move |unit_report: bool| {
        let meta = export_meta(&state);
        let plan = state.current.get_untracked();
        let envelope =
            state
                .tracking
                .with_untracked(|t| match (unit_report, state.my_unit.get_untracked()) {
                    (true, Some(unit)) => Some(exchange::export_unit_report(
                        t,
                        plan.plan,
                        &unit,
                        period.get_untracked(),
                        &meta,
                    )),
                    (true, None) => None,
                    (false, _) => Some(exchange::export_full(t, &meta)),
                });
        // Every app has the embedded plan; any other travels with its files.
        envelope.map(|mut envelope| {
            if !plan.embedded {
                envelope
                    .head
                    .carry_plan_document(plan_file::plan_file_value(plan.plan));
            }
            envelope
        })
    };
    let download = move |unit_report: bool| match envelope(unit_report) {
        Some(env) => {
            let text = exchange::write_file(&env);
            if let Err(e) = files::download(
                &exchange::file_name(&env.head),
                "application/json",
                text.as_bytes(),
            ) {
                state.notify(NoticeKind::Error, format!("Không tải được tệp: {e}"));
            }
        }
        None => state.notify(
            NoticeKind::Error,
            "Hãy chọn “Đơn vị của tôi” trước khi xuất báo cáo của đơn vị.",
        ),
    };
    let copy = move |unit_report: bool| {
        let Some(env) = envelope(unit_report) else {
            state.notify(
                NoticeKind::Error,
                "Hãy chọn “Đơn vị của tôi” trước khi xuất báo cáo của đơn vị.",
            );
            return;
        };
        let text = exchange::write_file(&env);
        leptos::task::spawn_local(async move {
            match files::copy_text(&text).await {
                Ok(()) => state.notify(
                    NoticeKind::Success,
                    "Đã sao chép nội dung tệp vào bộ nhớ tạm: có thể dán vào thư điện tử.",
                ),
                Err(e) => state.notify(NoticeKind::Error, format!("Không sao chép được: {e}")),
            }
        });
    };
    let year = state.plan_untracked().meta.year;
    view! {
        <section class="card" aria-labelledby="export-title">
            <h2 id="export-title">{move || state.t("Xuất tệp", "Export")}</h2>
            <label class="field">
                <span class="field-label">{move || state.t("Kỳ báo cáo", "Reporting period")}</span>
                <select
                    data-testid="export-period"
                    prop:value=move || period.get().id()
                    on:change=move |ev| if let Ok(p) = event_target_value(&ev).parse() { period.set(p) }
                >
                    {report_periods(year).into_iter().map(|p| view! { <option value=p.id()>{p.label_vi()}</option> }).collect_view()}
                </select>
            </label>
            <p class="button-row">
                <button type="button" class="primary" data-testid="export-unit" on:click=move |_| download(true)>
                    {move || state.t("Tải báo cáo của đơn vị", "Download my unit's report")}
                </button>
                <button type="button" data-testid="copy-unit" on:click=move |_| copy(true)>
                    {move || state.t("Sao chép", "Copy")}
                </button>
                <UnitReportButton period=period testid="export-unit-docx"/>
            </p>
            <p class="hint">{move || match state.my_unit.get() {
                Some(unit) => format!("{} {}.", state.t("Tệp gồm các nhiệm vụ do đơn vị chủ trì hoặc phối hợp và ghi chú của", "The file holds the tasks led or coordinated by, and the notes of,"), state.catalog.with(|c| c.unit_short(&unit))),
                None => state.t("Chọn “Đơn vị của tôi” để xuất báo cáo của đơn vị.", "Choose “My unit” to export its report.").to_string(),
            }}</p>
            <p class="button-row">
                <button type="button" data-testid="export-all" on:click=move |_| download(false)>
                    {move || state.t("Tải toàn bộ dữ liệu", "Download all data")}
                </button>
                <button type="button" data-testid="copy-all" on:click=move |_| copy(false)>
                    {move || state.t("Sao chép", "Copy")}
                </button>
            </p>
        </section>
    }
}

#[component]
fn ImportPanel() -> impl IntoView {
    let state = use_app();
    let import = expect_context::<ImportInjection>();
    let on_pick = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        if let Some(list) = input.files() {
            import.stage(state, files::take(&list));
        }
        // Picking the same file again must fire `change` again.
        input.set_value("");
    };
    view! {
        <section class="card drop-zone" aria-labelledby="import-title">
            <h2 id="import-title">{move || state.t("Nhập tệp", "Import")}</h2>
            <p>{move || state.t(
                "Chọn một hoặc nhiều tệp JSON, hoặc kéo thả tệp vào bất kỳ đâu trên trang. Chưa có gì thay đổi cho đến khi bạn xem trước và bấm “Áp dụng”.",
                "Choose one or more JSON files, or drop them anywhere on the page. Nothing changes until you have seen the preview and pressed “Apply”.",
            )}</p>
            <label class="file-button">
                <span>{move || state.t("Chọn tệp…", "Choose files…")}</span>
                <input type="file" accept=".json,application/json" multiple data-testid="import-input" on:change=on_pick/>
            </label>
            <p class="hint">{format!("Tối đa {} MB mỗi tệp.", MAX_FILE_BYTES / 1_048_576)}</p>
            <p class="hint">
                {move || state.t("Tệp của kế hoạch khác được đưa về đúng kế hoạch; tệp kế hoạch (.plan.json) hay tệp Word của một kế hoạch mới:", "Files of another plan go to that plan; a plan file (.plan.json) or the Word file of a new plan:")}
                " " <a href=move || state.href(Route::OpenPlan) data-testid="exchange-open-plan">{move || state.t("Mở kế hoạch mới", "Open a new plan")}</a>
            </p>
        </section>
    }
}

/// The open plan as a file for the units ("Gửi kế hoạch cho các đơn vị"),
/// for a plan other than the embedded one, which every app has.
#[component]
fn PlanPanel() -> impl IntoView {
    let state = use_app();
    view! {
        <Show when=move || !state.current.get().embedded>
            <section class="card send-plan" aria-labelledby="send-plan-title">
                <h2 id="send-plan-title">{move || state.t("Gửi kế hoạch cho các đơn vị", "Send the plan to the units")}</h2>
                <p>{move || state.t(
                    "Đơn vị nào chưa có kế hoạch này trong ứng dụng cần tệp kế hoạch: tải về rồi gửi kèm thư. Đơn vị mở tệp ở “Mở kế hoạch mới”, xem lại rồi thêm. Tệp báo cáo của kế hoạch này cũng mang theo kế hoạch.",
                    "Units whose app lacks this plan need the plan file: download it and attach it to your e-mail. They open it in “Open a new plan”, review it and add it. This plan's report files carry the plan too.",
                )}</p>
                <p class="button-row"><SendPlanButton/></p>
            </section>
        </Show>
    }
}

// The button is also on the cover of an added plan, in the first load;
// the writer is not.
on_demand!(
    coordination,
    fn plan_file_text(plan: Plan) -> String {
        plan_file::write_plan_file(&plan)
    }
);

/// Downloads the open plan's plan file.
#[component]
pub fn SendPlanButton() -> impl IntoView {
    let state = use_app();
    let send = move |_| {
        let plan = state.plan_untracked();
        leptos::task::spawn_local(async move {
            let name = plan_file::file_name(plan);
            let written = plan_file_text(plan.clone())
                .await
                .map_err(|e| e.message_vi("Tệp kế hoạch"));
            match written
                .and_then(|text| files::download(&name, "application/json", text.as_bytes()))
            {
                Ok(()) => state.notify(
                    NoticeKind::Success,
                    format!("Đã tạo tệp {name}: gửi tệp này cho các đơn vị."),
                ),
                Err(e) => {
                    state.notify(NoticeKind::Error, format!("Không tạo được tệp {name}: {e}"))
                }
            }
        });
    };
    view! {
        <button type="button" class="primary" data-testid="send-plan" on:click=send>
            {move || state.t("Tải tệp kế hoạch (.plan.json)", "Download the plan file (.plan.json)")}
        </button>
    }
}

/// Files of other plans the app holds, each waiting for a switch.
#[component]
fn OtherPlanFiles() -> impl IntoView {
    let state = use_app();
    let import = expect_context::<ImportInjection>();
    let plans = move || {
        import.elsewhere.with(|files| {
            let mut plans: Vec<(PlanEntry, Vec<String>)> = Vec::new();
            for f in files {
                match plans.iter_mut().find(|(p, _)| *p == f.plan) {
                    Some((_, names)) => names.push(f.name.clone()),
                    None => plans.push((f.plan, vec![f.name.clone()])),
                }
            }
            plans
        })
    };
    view! {
        <Show when=move || import.elsewhere.with(|e| !e.is_empty())>
            <section class="card import-preview other-plan" data-testid="other-plan-files" aria-labelledby="other-plan-title">
                <h2 id="other-plan-title">{move || state.t("Tệp của kế hoạch khác", "Files of another plan")}</h2>
                {move || plans().into_iter().map(|(plan, names)| view! {
                    <div class="other-plan-item">
                        <p>
                            {format!("{} tệp thuộc Kế hoạch {}: ", names.len(), plan.label())}
                            <span class="file-name">{names.join(", ")}</span>
                            {format!(". Kế hoạch đang mở là {}.", state.current.get().label())}
                        </p>
                        <p class="button-row">
                            <button type="button" class="primary" data-testid="switch-and-import" on:click=move |_| import.switch_for(state, plan)>
                                {format!("Chuyển sang Kế hoạch {} và nhập", plan.label())}
                            </button>
                            <button type="button" on:click=move |_| import.elsewhere.update(|e| e.retain(|f| f.plan != plan))>
                                {move || state.t("Bỏ qua", "Dismiss")}
                            </button>
                        </p>
                    </div>
                }).collect_view()}
            </section>
        </Show>
    }
}

fn version_text(
    state: &AppState,
    import: ImportInjection,
    version: Option<&Version>,
) -> (String, String) {
    match version {
        None => ("— (như kế hoạch)".into(), String::new()),
        Some(v) => {
            let value = describe(&v.value, &|u| unit_short(state, import, u));
            let who = [
                v.by.as_ref().map(|u| unit_short(state, import, u)),
                v.at.filter(|&at| at > 0).map(format_moment),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", ");
            (value, who)
        }
    }
}

/// What the staged files record, read or not yet applied.
fn incoming(files: &[StagedFile]) -> impl Iterator<Item = &Tracking> {
    files
        .iter()
        .filter_map(|f| f.outcome.as_ref().ok())
        .map(|read| &read.tracking)
}

/// A unit's short name: known here, else added by a staged file itself.
fn unit_short(state: &AppState, import: ImportInjection, unit: &UnitId) -> String {
    state
        .catalog
        .with_untracked(|c| c.unit(unit).map(|u| u.short.clone()))
        .or_else(|| {
            import.staged.with_untracked(|files| {
                incoming(files)
                    .find_map(|t| t.custom_units.get(unit))
                    .map(|u| u.short.clone())
            })
        })
        .unwrap_or_else(|| unit.to_string())
}

/// The title of a task added by a staged file itself.
fn incoming_task_title(import: ImportInjection, task: &str) -> Option<String> {
    import.staged.with_untracked(|files| {
        incoming(files)
            .find_map(|t| t.custom_tasks.get(task))
            .map(|t| t.title.clone())
    })
}

/// An item as the preview names it: its task (or itself) and what it is.
fn key_text(state: &AppState, import: ImportInjection, key: &ItemKey) -> (String, String) {
    let task_name = |task: &str| {
        state
            .catalog
            .with_untracked(|c| {
                c.task(task)
                    .map(|t| format!("{} · {}", t.reference_vi(), t.title))
            })
            .or_else(|| {
                plan_text(state.plan_untracked(), task).map(|text| format!("Mục {task} · {text}"))
            })
            .or_else(|| {
                incoming_task_title(import, task).map(|title| format!("Nhiệm vụ bổ sung · {title}"))
            })
            .unwrap_or_else(|| task.to_string())
    };
    let what = item_label_vi(key).to_owned();
    match key {
        ItemKey::Field { task, .. } | ItemKey::Update { task, .. } => (task_name(task), what),
        ItemKey::CustomTask(id) => (
            state
                .catalog
                .with_untracked(|c| c.task(id).map(|t| t.title.clone()))
                .or_else(|| incoming_task_title(import, id))
                .unwrap_or_else(|| id.clone()),
            what,
        ),
        ItemKey::CustomUnit(id) => (unit_short(state, import, id), what),
    }
}

/// The staged files and what applying them would change.
#[component]
fn ImportPreview() -> impl IntoView {
    let state = use_app();
    let import = expect_context::<ImportInjection>();
    // Read in place (`with`): the staged files hold whole trackings.
    let plan = Memo::new(move |_| {
        import
            .staged
            .with(|files| state.tracking.with(|t| staging::preview(t, files)))
    });
    let cancel = move |_| {
        import.staged.set(Vec::new());
        import.choices.set(Choices::new());
    };
    let apply = move |_| {
        // The plan shown is the one applied.
        let result = import.staged.with_untracked(|files| {
            plan.with_untracked(|plan| {
                import.choices.with_untracked(|choices| {
                    persistence::apply_import(&state, files, plan, choices)
                })
            })
        });
        match result {
            Ok(message) => {
                import.staged.set(Vec::new());
                import.choices.set(Choices::new());
                state.notify(NoticeKind::Success, message);
            }
            Err(message) => state.notify(NoticeKind::Error, message),
        }
    };
    view! {
        <Show when=move || import.staged.with(|s| !s.is_empty())>
            <section class="card import-preview" data-testid="merge-preview" aria-labelledby="preview-title">
                <h2 id="preview-title">{move || state.t("Xem trước khi nhập", "Preview before import")}</h2>
                <ol class="staged-files">
                    {move || import.staged.with(|files| files.iter().enumerate().map(|(index, file)| {
                        let counts = plan.with(|p| p.files.iter().find(|p| p.label.0 == file.name).map(file_counts));
                        staged_file_card(index, file, counts)
                    }).collect_view())}
                </ol>
                <ConflictList plan=plan/>
                <ChangeList plan=plan/>
                <p class="button-row">
                    <button type="button" class="primary" data-testid="apply-import" on:click=apply>
                        {move || state.t("Áp dụng các tệp đã chọn", "Apply the selected files")}
                    </button>
                    <button type="button" data-testid="cancel-import" on:click=cancel>{move || state.t("Hủy", "Cancel")}</button>
                </p>
            </section>
        </Show>
    }
}

fn file_counts(p: &crate::exchange::merge::FilePlan) -> String {
    let removals = p.removals();
    let mut text = format!(
        "Thêm {} nhiệm vụ, {} đơn vị, {} ghi chú · thay đổi {} mục",
        p.added_tasks.len(),
        p.added_units.len(),
        p.added_updates.len(),
        p.changes.len() - removals,
    );
    if removals > 0 {
        text.push_str(&format!(" · xóa {removals} mục"));
    }
    text.push_str(&format!(" · {} mục giữ nguyên", p.unchanged));
    text
}

/// One staged file: what it is, its counts, warnings, the items it could
/// not read, and the confirmations it needs. Built from a borrowed file, so
/// that only what is shown is copied.
fn staged_file_card(index: usize, file: &StagedFile, counts: Option<String>) -> impl IntoView {
    let state = use_app();
    let import = expect_context::<ImportInjection>();
    let toggle_include = move |ev: leptos::ev::Event| {
        let on = event_target_checked(&ev);
        import.staged.update(|s| s[index].include = on);
    };
    let confirm = move |ev: leptos::ev::Event| {
        let on = event_target_checked(&ev);
        import.staged.update(|s| s[index].checksum_confirmed = on);
    };
    let confirm_rejected = move |ev: leptos::ev::Event| {
        let on = event_target_checked(&ev);
        import.staged.update(|s| s[index].rejected_confirmed = on);
    };
    let body = match &file.outcome {
        Err(message) => view! { <p class="form-error" role="alert" data-testid="import-error">{message.clone()}</p> }.into_any(),
        Ok(read) => {
            let scope = describe_scope(&state, &read.head.scope);
            let sender = read.head.exported_by.as_ref().map(|u| state.catalog.with_untracked(|c| c.unit_short(u)));
            let warnings: Vec<String> = read.warnings.iter().map(ToString::to_string).collect();
            let rejected: Vec<String> = read.rejected.iter().map(ToString::to_string).collect();
            let rejected_count = rejected.len();
            let checksum_ok = read.checksum_ok;
            view! {
                <p>
                    <strong>{scope}</strong>
                    {sender.map(|s| format!(" · gửi từ {s}"))}
                    {format!(" · xuất lúc {}", format_local_moment(&read.head.exported_at))}
                </p>
                {counts.map(|c| view! { <p data-testid="file-counts">{c}</p> })}
                <ul class="warnings">{warnings.into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}</ul>
                {(rejected_count > 0).then(|| view! {
                    <div class="rejected" data-testid="rejected">
                        <p class="form-error" role="alert">{format!(
                            "{rejected_count} mục trong tệp không đọc được nên sẽ không được nhập:"
                        )}</p>
                        <ul>{rejected.into_iter().map(|r| view! { <li data-testid="rejected-item">{r}</li> }).collect_view()}</ul>
                        <label class="confirm">
                            <input type="checkbox" data-testid="confirm-rejected" prop:checked=file.rejected_confirmed on:change=confirm_rejected/>
                            {move || state.t("Nhập phần còn lại của tệp, bỏ qua các mục trên.", "Import the rest of the file without the items above.")}
                        </label>
                    </div>
                })}
                {(!checksum_ok).then(|| view! {
                    <label class="confirm">
                        <input type="checkbox" data-testid="confirm-checksum" prop:checked=file.checksum_confirmed on:change=confirm/>
                        {move || state.t("Tôi tin nguồn của tệp này và vẫn muốn nhập.", "I trust this file's source and want to import it anyway.")}
                    </label>
                })}
            }
            .into_any()
        }
    };
    let usable = file.usable();
    view! {
        <li class="staged-file" class:unusable=!usable data-testid="staged-file">
            <label class="include">
                <input type="checkbox" prop:checked=file.include on:change=toggle_include disabled=file.outcome.is_err()/>
                <span class="file-name">{file.name.clone()}</span>
            </label>
            {body}
        </li>
    }
}

fn describe_scope(state: &AppState, scope: &Scope) -> String {
    match (&scope.unit, scope.period) {
        (Some(unit), Some(period)) => format!(
            "Báo cáo của {} — {}",
            state.catalog.with_untracked(|c| c.unit_short(unit)),
            period.label_vi()
        ),
        _ => "Toàn bộ dữ liệu theo dõi".into(),
    }
}

/// Conflicts, each listing every version (the local one and each file's)
/// with its unit and time; any one can be kept, the latest by default.
#[component]
fn ConflictList(plan: Memo<crate::exchange::MergePlan>) -> impl IntoView {
    let state = use_app();
    let import = expect_context::<ImportInjection>();
    let shown = RwSignal::new(PAGE);
    let total = Signal::derive(move || plan.with(|p| p.conflicts.len()));
    view! {
        <Show when=move || total.get() != 0>
            <h3 class="conflicts-title">{move || format!("{} ({})", state.t("Xung đột cần chọn", "Conflicts to resolve"), total.get())}</h3>
            <p class="hint">{move || state.t(
                "Mỗi dòng là một giá trị đang có: của dữ liệu hiện có hoặc của từng tệp, với đơn vị và thời điểm sửa. Giá trị sửa sau cùng được chọn sẵn; chọn giá trị khác sẽ được ghi là lựa chọn của đơn vị bạn.",
                "Each line is one value: the local one or each file's, with its unit and time. The latest edit is chosen; choosing another is recorded as your unit's choice.",
            )}</p>
            <ul class="conflicts" data-testid="conflicts">
                {move || plan.with(|p| p.conflicts.iter().take(shown.get()).enumerate().map(|(i, conflict)| conflict_item(&state, import, i, conflict)).collect_view())}
            </ul>
            <MoreRows shown=shown total=total what="xung đột"/>
        </Show>
    }
}

/// One conflict: a radio per version.
fn conflict_item(
    state: &AppState,
    import: ImportInjection,
    index: usize,
    conflict: &Conflict,
) -> impl IntoView {
    let state = *state;
    let (task, field) = key_text(&state, import, &conflict.key);
    // The local version first, then each file's; a field the local data
    // does not set can be kept as in the plan.
    let local_offered = conflict.local.is_some() || matches!(conflict.key, ItemKey::Field { .. });
    let mut options: Vec<(Pick, String, Option<&Version>)> = Vec::new();
    if local_offered {
        let local = state.t("Dữ liệu hiện có", "Local data").to_owned();
        options.push((Pick::Local, local, conflict.local.as_ref()));
    }
    for (label, version) in &conflict.incoming {
        options.push((Pick::File(label.clone()), label.0.clone(), Some(version)));
    }
    let name = format!("conflict-{index}");
    let default = conflict.default.clone();
    let key = conflict.key.clone();
    let rows = options
        .into_iter()
        .map(|(pick, source, version)| {
            let (value, who) = version_text(&state, import, version);
            let is_default = pick == default;
            let testid = if pick == Pick::Local { "pick-local" } else { "pick-file" };
            let default_note = is_default.then(|| state.t(" · mặc định (sửa sau cùng)", " · default (latest edit)"));
            let (key, default) = (key.clone(), default.clone());
            let checked_pick = pick.clone();
            let checked = move || import.choices.with(|c| *c.get(&key).unwrap_or(&default) == checked_pick);
            let key = conflict.key.clone();
            let choose = move |_| {
                import.choices.update(|c| {
                    c.insert(key.clone(), pick.clone());
                })
            };
            view! {
                <label class="side" class:default=is_default>
                    <input type="radio" name=name.clone() data-testid=testid prop:checked=checked on:change=choose/>
                    <span class="side-title">{source}{default_note}</span>
                    <span class="side-value">{value}</span>
                    <span class="side-who">{who}</span>
                </label>
            }
        })
        .collect_view();
    view! {
        <li class="conflict" data-testid="conflict">
            <p class="conflict-head"><strong>{task}</strong> " · " {field}</p>
            <div class="sides">{rows}</div>
        </li>
    }
}

/// Every change side by side: the local value and the incoming one; a
/// removal says what it removes.
#[component]
fn ChangeList(plan: Memo<crate::exchange::MergePlan>) -> impl IntoView {
    let state = use_app();
    let import = expect_context::<ImportInjection>();
    let shown = RwSignal::new(PAGE);
    let total = Signal::derive(move || {
        plan.with(|p| p.files.iter().map(|f| f.changes.len()).sum::<usize>())
    });
    view! {
        <Show when=move || total.get() != 0>
            <h3>{move || format!("{} ({})", state.t("Các thay đổi", "Changes"), total.get())}</h3>
            <div class="table-wrap">
                <table class="changes" data-testid="changes">
                    <thead>
                        <tr>
                            <th scope="col">{move || state.t("Nhiệm vụ", "Task")}</th>
                            <th scope="col">{move || state.t("Mục", "Field")}</th>
                            <th scope="col">{move || state.t("Hiện có", "Local")}</th>
                            <th scope="col">{move || state.t("Trong tệp", "Incoming")}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || plan.with(|p| p.files.iter()
                            .flat_map(|f| f.changes.iter().map(move |c| (&f.label.0, c)))
                            .take(shown.get())
                            .map(|(file, change)| {
                                let (task, field) = key_text(&state, import, &change.key);
                                let removal = change.incoming.value == MergeValue::Removed;
                                let field = if removal { removal_label_vi(&change.key) } else { field };
                                let (local, local_who) = version_text(&state, import, change.local.as_ref());
                                let (incoming, incoming_who) = version_text(&state, import, Some(&change.incoming));
                                let file = file.clone();
                                view! {
                                    <tr class:conflict-row=change.conflict class:removal-row=removal data-testid="change">
                                        <td>{task}</td>
                                        <td>{field} {change.conflict.then_some(" ⚠ xung đột")}</td>
                                        <td><span class="value">{local}</span><span class="who">{local_who}</span></td>
                                        <td><span class="value">{incoming}</span><span class="who">{incoming_who} " · " {file}</span></td>
                                    </tr>
                                }
                            }).collect_view())}
                    </tbody>
                </table>
            </div>
            <MoreRows shown=shown total=total what="thay đổi"/>
        </Show>
    }
}

/// Rows drawn at first and added by each “Xem thêm”: thousands of rows take
/// seconds to draw, and every row stays reachable before applying.
const PAGE: usize = 50;

/// How many of `total` rows are shown, and the buttons that show more.
#[component]
fn MoreRows(shown: RwSignal<usize>, total: Signal<usize>, what: &'static str) -> impl IntoView {
    let state = use_app();
    view! {
        <Show when=move || shown.get() < total.get()>
            <p class="button-row more-rows">
                <span class="hint">{move || format!("Đang hiện {} trong {} {what}.", shown.get().min(total.get()), total.get())}</span>
                <button type="button" data-testid="show-more" on:click=move |_| shown.update(|n| *n += PAGE)>
                    {move || format!("{} {}", state.t("Xem thêm", "Show"), PAGE.min(total.get().saturating_sub(shown.get())))}
                </button>
                <button type="button" data-testid="show-all" on:click=move |_| shown.set(total.get_untracked())>
                    {move || format!("{} ({})", state.t("Xem tất cả", "Show all"), total.get())}
                </button>
            </p>
        </Show>
    }
}

/// Units × reporting periods: which reports arrived, which are late.
#[component]
fn ReceiptMatrix() -> impl IntoView {
    let state = use_app();
    let year = state.plan_untracked().meta.year;
    let periods = report_periods(year);
    let header = periods.clone();
    let rows = Memo::new(move |_| {
        let catalog = state.catalog.get();
        let units = reporting_units(&catalog.units);
        state.receipts.with(|r| {
            r.matrix(
                &units,
                &report_periods(year),
                state.as_of.get(),
                &state.plan_untracked().meta.reporting,
            )
        })
    });
    view! {
        <section class="card receipts" aria-labelledby="receipts-title">
            <h2 id="receipts-title">{move || state.t("Báo cáo đã nhận (Sở KH&ĐT)", "Reports received (Sở KH&ĐT)")}</h2>
            <p class="hint">{move || format!(
                "{} {}: ✓ đã nhận, ✗ quá hạn chưa nhận (hạn: trước ngày {}), · chưa đến hạn.",
                state.t("Tính đến ngày", "As of"),
                format_date(state.as_of.get()),
                state.plan_untracked().meta.reporting.monthly_before
            )}</p>
            <div class="table-wrap">
                <table class="matrix" data-testid="receipt-matrix">
                    <thead>
                        <tr>
                            <th scope="col">{move || state.t("Đơn vị", "Unit")}</th>
                            {header.iter().map(|p| view! { <th scope="col" title=p.label_vi()>{short_period(*p)}</th> }).collect_view()}
                        </tr>
                    </thead>
                    <tbody>
                        {move || rows.get().into_iter().map(|row| {
                            let unit = state.catalog.with_untracked(|c| c.unit(&row.unit).cloned());
                            let short = unit.as_ref().map_or_else(|| row.unit.to_string(), |u| u.short.clone());
                            let cells = row.cells.into_iter().zip(periods.clone()).map(|(cell, period)| match cell {
                                Cell::Received(r) => view! { <td class="received" title=r.file_name.clone()>"✓"</td> }.into_any(),
                                Cell::NotDue => view! { <td class="not-due">"·"</td> }.into_any(),
                                Cell::Missing => {
                                    let link = unit.as_ref().map(|u| receipts::reminder_mailto(u, period, &state.plan_untracked().meta.number, state.as_of.get_untracked(), &state.plan_untracked().meta.reporting));
                                    view! {
                                        <td class="missing">
                                            <a href=link title=format!("Nhắc {short} gửi báo cáo {}", period.label_vi().to_lowercase())>"✗"</a>
                                        </td>
                                    }.into_any()
                                }
                            }).collect_view();
                            view! { <tr><th scope="row">{short.clone()}</th>{cells}</tr> }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

fn short_period(period: ReportPeriod) -> String {
    match period {
        ReportPeriod::Month { month, .. } => format!("T{month}"),
        ReportPeriod::YearReview { .. } => "Năm".into(),
    }
}
