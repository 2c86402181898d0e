//! The cover: the document's header block as printed, its key figures, and a
//! table of contents linking to every part.

use chrono::Datelike;
use leptos::prelude::*;

use crate::i18n::format_date;
use crate::route::{Route, TaskFilter};
use crate::state::use_app;

/// The plan's cover and table of contents.
#[component]
pub fn CoverPage() -> impl IntoView {
    let state = use_app();
    let plan = state.plan;
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
    let item_count: usize = plan
        .sections
        .iter()
        .flat_map(|s| &s.parts)
        .map(|p| p.items.len())
        .sum();
    let figures = [
        (
            plan.sections[0].parts.last().map_or(0, |p| p.items.len()),
            "trọng tâm chỉ đạo điều hành",
            "direction focuses",
            Route::Plan {
                anchor: Some("muc-1-3".into()),
            },
        ),
        (
            plan.sections.get(1).map_or(0, |s| s.parts.len()),
            "nhóm nhiệm vụ, giải pháp",
            "groups of tasks",
            Route::Plan {
                anchor: Some("muc-2".into()),
            },
        ),
        (
            item_count,
            "mục có thể theo dõi",
            "trackable items",
            Route::Plan { anchor: None },
        ),
        (
            plan.annex_tasks().count(),
            "nhiệm vụ giao các sở, ngành",
            "tasks given to departments",
            Route::Tasks(TaskFilter::default()),
        ),
    ];

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
                            <a href=route.href()>
                                <span class="figure-number">{n}</span>
                                <span class="figure-label">{move || state.t(vi, en)}</span>
                            </a>
                        </li>
                    })
                    .collect_view()}
            </ul>
            <TableOfContents/>
        </article>
    }
}

/// Links to every section, part and the annex.
#[component]
fn TableOfContents() -> impl IntoView {
    let state = use_app();
    let plan = state.plan;
    let anchor = |id: &str| {
        Route::Plan {
            anchor: Some(id.to_string()),
        }
        .href()
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
