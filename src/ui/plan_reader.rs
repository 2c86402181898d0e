//! The whole plan typeset for reading: sections, numbered parts, items and
//! the annex table. Every part carries its own id, so an address such as
//! `#/ke-hoach/nv-4-2` opens the page scrolled to that item.

use leptos::prelude::*;

use crate::browser::location;
use crate::model::plan::{Annex, Item, Part, Section};
use crate::route::Route;
use crate::search::SIGNATURE_ANCHOR;
use crate::state::use_app;

/// The full text of the plan.
#[component]
pub fn PlanReader() -> impl IntoView {
    let state = use_app();
    let plan = state.plan_untracked();
    let meta = &plan.meta;
    // Scroll after the DOM exists, and again whenever the anchor changes.
    Effect::new(move |_| {
        let anchor = match state.route.get() {
            Route::Plan { anchor } => anchor,
            _ => None,
        };
        request_animation_frame(move || match anchor {
            Some(id) => location::scroll_to(&id),
            None => location::scroll_to_top(),
        });
    });

    view! {
        <div class="reader-layout">
            <ReaderContents/>
            <article class="page reader" data-testid="reader">
                <header class="reader-head">
                    <p class="eyebrow">{meta.issuer_lines.join(" ")} " · " "Số: " {meta.number.as_str()}</p>
                    <h1>
                        <span class="doc-kind">{meta.kind.as_str()}</span>
                        " "
                        <span class="doc-subject">{meta.title.as_str()}</span>
                    </h1>
                </header>
                {plan.preamble.iter().map(|p| view! { <p class="preamble">{p.as_str()}</p> }).collect_view()}
                {plan.sections.iter().map(|s| view! { <SectionView section=s/> }).collect_view()}
                <SignatureBlock/>
                {plan.annexes.iter().map(|annex| view! { <AnnexView annex/> }).collect_view()}
            </article>
        </div>
    }
}

/// A compact contents list beside the text on wide screens.
#[component]
fn ReaderContents() -> impl IntoView {
    let state = use_app();
    let plan = state.plan_untracked();
    let link = |id: &'static str, label: String| {
        let current =
            move || matches!(state.route.get(), Route::Plan { anchor: Some(a) } if a == id);
        view! {
            <li>
                <a href=state.href(Route::Plan { anchor: Some(id.to_string()) }) class=("current", current)>
                    {label}
                </a>
            </li>
        }
    };
    view! {
        <nav class="reader-contents no-print" aria-label=move || state.t("Mục lục", "Contents")>
            <ol>
                {plan
                    .sections
                    .iter()
                    .map(|s| {
                        let parts = s
                            .parts
                            .iter()
                            .map(|p| link(&p.id, format!("{}. {}", p.number, short(&p.heading))))
                            .collect_view();
                        view! {
                            {link(&s.id, format!("{}. {}", s.numeral, short(&s.heading)))}
                            <li><ol>{parts}</ol></li>
                        }
                    })
                    .collect_view()}
                {plan.annexes.iter().map(|annex| view! {
                    <li>
                        <a
                            href=state.href(Route::Plan { anchor: Some(annex.id.clone()) })
                            class=("current", move || matches!(state.route.get(), Route::Plan { anchor: Some(a) } if a == annex.id))
                        >
                            {move || state.t("Phụ lục: danh mục nhiệm vụ", "Annex: list of tasks")}
                        </a>
                    </li>
                }).collect_view()}
            </ol>
        </nav>
    }
}

/// The first words of a long heading, for the side contents.
fn short(heading: &str) -> String {
    const WORDS: usize = 7;
    let words: Vec<&str> = heading.split_whitespace().collect();
    if words.len() <= WORDS {
        heading.to_string()
    } else {
        format!("{} …", words[..WORDS].join(" "))
    }
}

/// A copyable link to a part, shown beside it.
#[component]
fn AnchorLink(id: &'static str) -> impl IntoView {
    let state = use_app();
    view! {
        <a
            class="anchor-link no-print"
            href=state.href(Route::Plan { anchor: Some(id.to_string()) })
            title=move || state.t("Liên kết tới mục này", "Link to this part")
            aria-label=move || format!("{} {id}", state.t("Liên kết tới", "Link to"))
        >
            "#"
        </a>
    }
}

#[component]
fn SectionView(section: &'static Section) -> impl IntoView {
    view! {
        <section class="plan-section" aria-labelledby=section.id.as_str()>
            <h2 id=section.id.as_str() tabindex="-1">
                <span class="num">{section.numeral.as_str()} "."</span>
                " " {section.heading.as_str()}
                <AnchorLink id=&section.id/>
            </h2>
            {section.parts.iter().map(|p| view! { <PartView part=p/> }).collect_view()}
        </section>
    }
}

#[component]
fn PartView(part: &'static Part) -> impl IntoView {
    // The focuses are numbered in the text; bullets are dashes.
    let numbered = part.items.iter().all(|i| !i.bulleted) && part.items.len() > 1;
    let items = part
        .items
        .iter()
        .map(|i| view! { <ItemView item=i numbered=numbered/> })
        .collect_view();
    view! {
        <section class="plan-part">
            <h3 id=part.id.as_str() tabindex="-1">
                <span class="num">{part.number} "."</span>
                " " {part.heading.as_str()}
                <AnchorLink id=&part.id/>
            </h3>
            {part.paragraphs.iter().map(|p| view! { <p>{p.as_str()}</p> }).collect_view()}
            <ul class="plan-items" class:numbered=numbered>{items}</ul>
        </section>
    }
}

#[component]
fn ItemView(item: &'static Item, numbered: bool) -> impl IntoView {
    let marker = if numbered {
        format!("{}.", item.number)
    } else if item.bulleted {
        "–".to_string()
    } else {
        String::new()
    };
    let state = use_app();
    view! {
        <li id=item.id.as_str() tabindex="-1" class="plan-item">
            <span class="marker" aria-hidden="true">{marker}</span>
            <span class="item-text">
                {item.text.as_str()}
                " "
                <a class="track-link no-print" href=state.href(Route::Task(item.id.clone())) data-testid="track-item">
                    {move || state.t("Theo dõi", "Track")}
                </a>
            </span>
            <AnchorLink id=&item.id/>
        </li>
    }
}

/// Signer and recipients, as at the end of the document.
#[component]
fn SignatureBlock() -> impl IntoView {
    let meta = &use_app().plan_untracked().meta;
    view! {
        <footer class="signature" id=SIGNATURE_ANCHOR tabindex="-1">
            <div class="recipients">
                <p><strong><em>"Nơi nhận:"</em></strong></p>
                <ul>{meta.recipients.iter().map(|r| view! { <li>{r.as_str()}</li> }).collect_view()}</ul>
            </div>
            <div class="signer">
                {meta.signer_capacity.iter().map(|c| view! { <p class="capacity">{c.as_str()}</p> }).collect_view()}
                <p class="signer-name">{meta.signer.as_str()}</p>
            </div>
        </footer>
    }
}

/// An annex as a real table.
#[component]
fn AnnexView(annex: &'static Annex) -> impl IntoView {
    let state = use_app();
    let unit_name = |id: &crate::model::unit::UnitId| {
        state
            .plan_untracked()
            .unit(id)
            .map_or_else(|| id.to_string(), |u| u.short.clone())
    };
    view! {
        <section class="plan-section annex" aria-labelledby=annex.id.as_str()>
            <h2 id=annex.id.as_str() tabindex="-1" class="annex-title">
                {annex.title_lines.iter().map(|l| view! { <span class="line">{l.as_str()}</span> }).collect_view()}
                <AnchorLink id=&annex.id/>
            </h2>
            {annex.subtitle.as_deref().map(|s| view! { <p class="annex-subtitle"><em>{s}</em></p> })}
            <div class="table-wrap">
                <table class="annex-table">
                    <thead>
                        <tr>
                            <th scope="col">"STT"</th>
                            <th scope="col">"Nhiệm vụ"</th>
                            <th scope="col">"Đơn vị chủ trì thực hiện"</th>
                            <th scope="col">"Thời gian trình"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {annex
                            .tasks
                            .iter()
                            .map(|t| view! {
                                <tr id=t.id.as_str() tabindex="-1">
                                    <td class="num">{t.number}</td>
                                    <td><a href=state.href(Route::Task(t.id.clone()))>{t.title.as_str()}</a></td>
                                    <td>{unit_name(&t.lead_unit)}</td>
                                    <td class="nowrap">{t.deadline.map_or_else(|| t.deadline_text.clone(), |d| d.period.label_vi())}</td>
                                </tr>
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}
