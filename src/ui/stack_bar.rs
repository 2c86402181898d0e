//! A stacked bar of timing counts drawn in SVG, each segment labelled with
//! its number and, when given, linking to the tasks behind it. Geometry in
//! percent from `model::chart`, so the bar fills any width while its
//! numbers keep their type size.

use leptos::prelude::*;

use crate::model::chart::stacked_bar;
use crate::model::report::Totals;
use crate::model::timing::Timing;
use crate::state::use_app;

/// The narrowest segment, in percent of the bar: room for two digits on a
/// phone-width bar.
const MIN_SEGMENT: f64 = 6.0;

/// A horizontal bar of `totals`; `link` gives a segment's address.
#[component]
pub fn StackBar(
    totals: Totals,
    /// What the bar is about, for screen readers: `Sở KH&ĐT`.
    #[prop(into)]
    label: String,
    /// The address of a segment's tasks; without it segments are not links.
    #[prop(optional)]
    link: Option<Callback<Timing, String>>,
    #[prop(optional)] testid: &'static str,
) -> impl IntoView {
    let state = use_app();
    let segments = stacked_bar(&totals, 100.0, MIN_SEGMENT);
    let name = move |t: Timing| state.lang.get().pick(t.label_vi(), t.label_en());
    let described = label.clone();
    view! {
        <svg
            class="stack-bar"
            data-testid=testid
            role="group"
            aria-label=move || format!("{described}: {} {}", totals.total, state.t("nhiệm vụ", "tasks"))
        >
            {segments.into_iter().map(|s| {
                let pct = |v: f64| format!("{v:.3}%");
                let title = move || format!("{}: {}", name(s.timing), s.count);
                let body = view! {
                    <g class=format!("seg {}", s.timing.css_class())>
                        <title>{title}</title>
                        <rect x=pct(s.x) width=pct(s.width) y="0" height="100%"></rect>
                        <text x=pct(s.label_x) y="50%" dy=".35em" text-anchor="middle">{s.count}</text>
                    </g>
                };
                match link {
                    Some(link) => view! {
                        <g>
                            <a href=link.run(s.timing) aria-label=title data-timing=s.timing.css_class()>{body}</a>
                        </g>
                    }.into_any(),
                    None => body.into_any(),
                }
            }).collect_view()}
        </svg>
    }
}

/// The colours of the bars with their names: colour is never the only sign.
#[component]
pub fn TimingLegend(
    /// The categories to list.
    timings: Vec<Timing>,
) -> impl IntoView {
    let state = use_app();
    view! {
        <ul class="legend" aria-label=move || state.t("Chú giải màu", "Colour key")>
            {timings.into_iter().map(|t| view! {
                <li><span class=format!("swatch {}", t.css_class())></span>
                {move || state.lang.get().pick(t.label_vi(), t.label_en())}</li>
            }).collect_view()}
        </ul>
    }
}
