//! The cover: the document's header block as printed, its key figures, and a
//! table of contents linking to every part.

use chrono::Datelike;
use leptos::prelude::*;

use crate::i18n::format_date;
use crate::model::reporting::ReportingRule;
use crate::persistence;
use crate::route::{Route, TaskFilter};
use crate::state::{use_app, NoticeKind};
use crate::ui::exchange_page::SendPlanButton;

/// The plan's cover and table of contents.
#[component]
pub fn CoverPage() -> impl IntoView {
    let state = use_app();
    let plan = state.plan_untracked();
    let meta = &plan.meta;
    let place_date = format!(
        "{}, ngày {:02} tháng {:02} năm {}",
        meta.place,
        meta.date.day(),
        meta.date.month(),
        meta.date.year(),
    );
    let lines = |lines: &'static [String]| {
        lines
            .iter()
            .map(|l| view! { <span class="line">{l.as_str()}</span> })
            .collect_view()
    };
    let mut figures = Vec::new();
    if let Some(part) = plan.focus_part() {
        figures.push((
            part.items.len(),
            "trọng tâm chỉ đạo điều hành",
            "direction focuses",
            Route::Plan {
                anchor: Some(part.id.clone()),
            },
        ));
    }
    if let Some(section) = plan.tasks_section() {
        figures.push((
            section.parts.iter().filter(|p| p.number > 0).count(),
            "nhóm nhiệm vụ, giải pháp",
            "groups of tasks",
            Route::Plan {
                anchor: Some(section.id.clone()),
            },
        ));
    }
    figures.push((
        plan.items().count(),
        "mục có thể theo dõi",
        "trackable items",
        Route::Plan { anchor: None },
    ));
    figures.push((
        plan.annex_tasks().count(),
        "nhiệm vụ giao các sở, ngành",
        "tasks given to departments",
        Route::Tasks(TaskFilter::default()),
    ));

    view! {
        <article class="page cover" data-testid="cover">
            <header class="doc-head">
                <div class="doc-issuer">
                    {lines(&meta.issuer_lines)}
                    <span class="rule" aria-hidden="true"></span>
                    <span class="doc-number">"Số: " {meta.number.as_str()}</span>
                </div>
                <div class="doc-nation">
                    {lines(&meta.national_lines)}
                    <span class="rule" aria-hidden="true"></span>
                    <span class="doc-place"><em>{place_date}</em></span>
                </div>
            </header>
            <h1 class="doc-title">
                <span class="doc-kind">{meta.kind.as_str()}</span>
                <span class="doc-subject">{meta.title.as_str()}</span>
            </h1>
            <dl class="doc-facts">
                {meta.resolution.as_deref().map(|r| view! {
                    <div>
                        <dt>{move || state.t("Thực hiện", "Carries out")}</dt>
                        <dd>{r}</dd>
                    </div>
                })}
                <div>
                    <dt>{move || state.t("Ngày ban hành", "Issued")}</dt>
                    <dd>{format_date(meta.date)}</dd>
                </div>
                <div>
                    <dt>{move || state.t("Người ký", "Signed by")}</dt>
                    <dd>{meta.signer_capacity.join(" · ")} " — " <strong>{meta.signer.as_str()}</strong></dd>
                </div>
            </dl>
            <ul class="figures" aria-label=move || state.t("Số liệu chính", "Key figures")>
                {figures
                    .into_iter()
                    .map(|(n, vi, en, route)| view! {
                        <li>
                            <a href=state.href(route.clone())>
                                <span class="figure-number">{n}</span>
                                <span class="figure-label">{move || state.t(vi, en)}</span>
                            </a>
                        </li>
                    })
                    .collect_view()}
            </ul>
            <TableOfContents/>
            <PlanSettings/>
        </article>
    }
}

/// The plan's settings: when its units report (read from the document,
/// changed here), and, for a plan other than the embedded one, its file
/// for the units.
#[component]
fn PlanSettings() -> impl IntoView {
    let state = use_app();
    let rule = move || state.plan().meta.reporting;
    let (editing, set_editing) = signal(false);
    let (day, set_day) = signal(String::new());
    let (review, set_review) = signal(String::new());
    let (error, set_error) = signal(None::<String>);
    let start = move |_| {
        set_day.set(rule().monthly_before.to_string());
        set_review.set(format_date(rule().review_before));
        set_error.set(None);
        set_editing.set(true);
    };
    let save = move |_| {
        let result = ReportingRule::from_input(
            &day.get_untracked(),
            &review.get_untracked(),
            state.plan_untracked().meta.year,
        );
        match result {
            Ok(rule) => {
                persistence::plans::set_reporting(state, rule);
                set_editing.set(false);
                state.notify(NoticeKind::Success, "Đã lưu lịch báo cáo của kế hoạch này.");
            }
            Err(e) => set_error.set(Some(e)),
        }
    };
    view! {
        <section class="plan-settings no-print" aria-labelledby="settings-title" data-testid="plan-settings">
            <h2 id="settings-title">{move || state.t("Lịch báo cáo của kế hoạch", "The plan's reporting calendar")}</h2>
            <Show
                when=move || editing.get()
                fallback=move || view! {
                    <p>
                        {move || format!(
                            "Các đơn vị gửi báo cáo về Sở KH&ĐT trước ngày {} hằng tháng; báo cáo tổng kết năm trước ngày {}.",
                            rule().monthly_before,
                            format_date(rule().review_before)
                        )}
                        " "
                        <button type="button" class="link-button" data-testid="edit-reporting" on:click=start>{move || state.t("Sửa", "Change")}</button>
                    </p>
                }
            >
                <div class="form-grid">
                    <label class="field">
                        <span class="field-label">{move || state.t("Báo cáo hằng tháng trước ngày", "Monthly report before day")}</span>
                        <input type="number" min="2" max="31" data-testid="reporting-day" prop:value=move || day.get() on:input=move |ev| set_day.set(event_target_value(&ev))/>
                    </label>
                    <label class="field">
                        <span class="field-label">{move || state.t("Tổng kết năm trước ngày (dd/mm/yyyy)", "Year review before (dd/mm/yyyy)")}</span>
                        <input type="text" inputmode="numeric" data-testid="reporting-review" prop:value=move || review.get() on:input=move |ev| set_review.set(event_target_value(&ev))/>
                    </label>
                </div>
                {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
                <p class="button-row">
                    <button type="button" class="primary" data-testid="save-reporting" on:click=save>{move || state.t("Lưu", "Save")}</button>
                    <button type="button" on:click=move |_| set_editing.set(false)>{move || state.t("Hủy", "Cancel")}</button>
                </p>
            </Show>
            <p class="hint">{move || state.t(
                "Lịch này lấy từ văn bản (mục Tổ chức thực hiện); sửa ở đây khi văn bản không nói hoặc UBND tỉnh đã đổi lịch. Thay đổi chỉ áp dụng trong trình duyệt này và đi theo tệp kế hoạch gửi đi sau đó.",
                "Read from the document (its implementation section); change it when the document is silent or the committee changed the calendar. The change holds in this browser and travels with the plan file sent afterwards.",
            )}</p>
            <Show when=move || !state.current.get().embedded>
                <p class="button-row"><SendPlanButton/></p>
            </Show>
        </section>
    }
}

/// Links to every section, part and the annex.
#[component]
fn TableOfContents() -> impl IntoView {
    let state = use_app();
    let plan = state.plan_untracked();
    let anchor = move |id: &str| {
        state.href(Route::Plan {
            anchor: Some(id.to_string()),
        })
    };
    view! {
        <nav class="toc" aria-labelledby="toc-title">
            <h2 id="toc-title">{move || state.t("Mục lục", "Contents")}</h2>
            <ol class="toc-sections">
                {plan
                    .sections
                    .iter()
                    .map(|section| view! {
                        <li>
                            <a href=anchor(&section.id)>
                                <span class="toc-num">{section.numeral.as_str()} "."</span>
                                " " {section.heading.as_str()}
                            </a>
                            <ol class="toc-parts">
                                {section
                                    .parts
                                    .iter()
                                    .map(|part| view! {
                                        <li>
                                            <a href=anchor(&part.id)>
                                                <span class="toc-num">{part.number} "."</span>
                                                " " {part.heading.as_str()}
                                            </a>
                                        </li>
                                    })
                                    .collect_view()}
                            </ol>
                        </li>
                    })
                    .collect_view()}
                {plan.annexes.iter().map(|a| view! {
                    <li>
                        <a href=anchor(&a.id)>
                            <span class="toc-num">{move || state.t("Phụ lục", "Annex")} "."</span>
                            " " {a.title_lines.get(1..).unwrap_or_default().join(" ")}
                        </a>
                    </li>
                }).collect_view()}
            </ol>
        </nav>
    }
}
