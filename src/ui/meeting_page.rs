//! Meeting mode ("Trình chiếu"): the plan and its progress as 16:9 slides
//! for a projector, stepped through with the keyboard or a clicker. The
//! slides are a snapshot taken on entering: edits arriving meanwhile (from
//! another tab, an import) do not move what the room is looking at.

use leptos::ev;
use leptos::prelude::*;

use crate::browser::fullscreen;
use crate::model::app_report::consolidated_report;
use crate::model::report::Totals;
use crate::model::reporting::period_of;
use crate::model::slides::{build_deck, Slide, SlideItem, SlideKind, BUDGET};
use crate::route::Route;
use crate::state::{use_app, AppState};
use crate::ui::stack_bar::StackBar;

/// The slides as of the state right now, read once (untracked).
fn snapshot(state: AppState) -> (Vec<Slide>, String) {
    untrack(|| {
        state.with_report_data(|data| {
            let report = consolidated_report(data, period_of(data.as_of, data.plan.meta.year));
            (build_deck(data.plan, &report, BUDGET), report.as_of_text)
        })
    })
}

/// What a key does in meeting mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Next,
    Previous,
    First,
    Last,
    Leave,
    FullScreen,
}

/// Keys of the keyboard and of presentation clickers (which send PageUp,
/// PageDown and sometimes arrows, `.` or F5).
fn step_for(key: &str, shift: bool) -> Option<Step> {
    Some(match key {
        "ArrowRight" | "ArrowDown" | "PageDown" | "n" | "N" => Step::Next,
        " " | "Spacebar" if !shift => Step::Next,
        " " | "Spacebar" => Step::Previous,
        "ArrowLeft" | "ArrowUp" | "PageUp" | "Backspace" | "p" | "P" => Step::Previous,
        "Home" => Step::First,
        "End" => Step::Last,
        "Escape" => Step::Leave,
        "f" | "F" => Step::FullScreen,
        _ => return None,
    })
}

/// Full-screen slides with a counter.
#[component]
pub fn MeetingPage() -> impl IntoView {
    let state = use_app();
    let (slides, as_of_text) = snapshot(state);
    let count = slides.len();
    let slides = StoredValue::new(slides);
    let current = Memo::new(move |_| match state.route.get() {
        Route::Meeting(n) => n.clamp(1, count),
        _ => 1,
    });
    let go = move |n: usize| {
        let route = Route::Meeting(n.clamp(1, count));
        // Each slide has an address, but stepping does not fill the Back
        // history: Back leaves meeting mode.
        state.replace(route.clone());
        state.route.set(route);
    };
    let leave = move || {
        fullscreen::exit();
        state.go(Route::Dashboard);
    };
    let act = move |step: Step| match step {
        Step::Next => go(current.get_untracked() + 1),
        Step::Previous => go(current.get_untracked().saturating_sub(1)),
        Step::First => go(1),
        Step::Last => go(count),
        Step::Leave => leave(),
        Step::FullScreen if fullscreen::is_active() => fullscreen::exit(),
        Step::FullScreen => fullscreen::enter(),
    };
    let keys = window_event_listener(ev::keydown, move |e| {
        if e.ctrl_key() || e.alt_key() || e.meta_key() {
            return;
        }
        if let Some(step) = step_for(&e.key(), e.shift_key()) {
            e.prevent_default();
            act(step);
        }
    });
    on_cleanup(move || keys.remove());
    // An address past the end (`#/trinh-chieu/99`) shows the last slide.
    Effect::new(move |_| {
        if let Route::Meeting(n) = state.route.get() {
            if n != current.get() {
                go(current.get());
            }
        }
    });
    let slide = move || {
        let slide = slides.with_value(|s| s[current.get() - 1].clone());
        view! { <SlideView slide=slide/> }
    };
    view! {
        <div class="meeting" data-testid="meeting">
            <div class="slide-frame" data-testid="slide" data-slide=move || current.get()>
                {slide}
                <footer class="slide-foot">
                    <span>{format!("Kế hoạch {} · Tình hình tính đến ngày {as_of_text}", state.plan_untracked().meta.number)}</span>
                    // Buttons do not take focus on a click, so that Space
                    // keeps stepping slides instead of pressing the last
                    // button clicked.
                    <span class="slide-controls" on:mousedown=|e| e.prevent_default()>
                        <button type="button" data-testid="slide-prev" aria-label="Trang trước" on:click=move |_| act(Step::Previous) disabled=move || current.get() == 1>"‹"</button>
                        <span class="slide-counter" data-testid="slide-counter" aria-live="polite">{move || format!("{} / {count}", current.get())}</span>
                        <button type="button" data-testid="slide-next" aria-label="Trang sau" on:click=move |_| act(Step::Next) disabled=move || current.get() == count>"›"</button>
                        <button type="button" data-testid="fullscreen" aria-label="Toàn màn hình (F)" title="Toàn màn hình (F)" on:click=move |_| act(Step::FullScreen)>
                            <svg class="icon" viewBox="0 0 24 24" aria-hidden="true"><path d="M4 9V4h5M15 4h5v5M20 15v5h-5M9 20H4v-5"></path></svg>
                        </button>
                        <button type="button" data-testid="leave-meeting" aria-label="Thoát trình chiếu (Esc)" title="Thoát (Esc)" on:click=move |_| leave()>"✕"</button>
                    </span>
                </footer>
            </div>
        </div>
    }
}

/// One slide's content.
#[component]
fn SlideView(slide: Slide) -> impl IntoView {
    let class = match slide.kind {
        SlideKind::Cover => "slide cover-slide",
        SlideKind::Progress => "slide progress-slide",
        _ => "slide",
    };
    let kind_id = match slide.kind {
        SlideKind::Cover => "cover".to_string(),
        SlideKind::Objective => "objective".into(),
        SlideKind::Focuses => "focuses".into(),
        SlideKind::Group(n) => format!("group-{n}"),
        SlideKind::Progress => "progress".into(),
        SlideKind::Unit => "unit".into(),
        SlideKind::Overdue => "overdue".into(),
        SlideKind::NextDeadlines => "next".into(),
    };
    let empty = matches!(slide.kind, SlideKind::Overdue | SlideKind::NextDeadlines)
        && slide.items.is_empty();
    let legend = (slide.kind == SlideKind::Progress).then(|| {
        let totals = slide.totals.unwrap_or_default();
        view! { <ProgressCounts totals=totals/> }
    });
    view! {
        <section class=class data-kind=kind_id>
            <p class="slide-eyebrow">{slide.eyebrow.clone()}</p>
            <h1 class="slide-title" data-testid="slide-title">{slide.title.clone()}</h1>
            {slide.heading.clone().map(|h| view! {
                <p class=if slide.continued { "slide-heading clamp" } else { "slide-heading" }>{h}</p>
            })}
            {slide.totals.filter(|_| slide.kind != SlideKind::Progress).map(|t| view! {
                <StackBar totals=t label=slide.title.clone()/>
            })}
            {legend}
            {(!slide.items.is_empty()).then(|| view! {
                <ul class="slide-items">
                    {slide.items.into_iter().map(|item| view! { <SlideItemView item=item/> }).collect_view()}
                </ul>
            })}
            {empty.then(|| view! { <p class="slide-empty">"Không có nhiệm vụ nào."</p> })}
        </section>
    }
}

#[component]
fn SlideItemView(item: SlideItem) -> impl IntoView {
    let marker = if item.continued && !item.marker.is_empty() {
        "…".to_string()
    } else {
        item.marker
    };
    let class = match (marker.is_empty(), item.continued) {
        (true, _) => "slide-item para",
        (false, true) => "slide-item continued",
        (false, false) => "slide-item",
    };
    view! {
        <li class=class>
            {(!marker.is_empty()).then(|| view! { <span class="marker">{marker}</span> })}
            <div>
                <p class="item-text">{item.text}</p>
                {item.status.map(|s| view! {
                    <p class="item-status">
                        <span class=format!("badge {}", s.timing.css_class())>{s.timing.label_vi()}</span>
                        {(s.progress > 0 && !s.timing.is_done()).then(|| view! { <span class="item-progress">{format!("{}%", s.progress)}</span> })}
                        <span>{s.detail}</span>
                    </p>
                })}
            </div>
        </li>
    }
}

/// The progress slide: the bar and every count with its name.
#[component]
fn ProgressCounts(totals: Totals) -> impl IntoView {
    view! {
        <StackBar totals=totals label="Tất cả nhiệm vụ"/>
        <ul class="progress-counts">
            {totals.shown().map(|t| view! {
                <li class=t.css_class()>
                    <span class="count">{totals.count(t)}</span>
                    <span>{t.label_vi()}</span>
                </li>
            }).collect_view()}
        </ul>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keyboard_and_clicker_keys_step_the_slides() {
        for key in ["ArrowRight", "ArrowDown", "PageDown", " "] {
            assert_eq!(step_for(key, false), Some(Step::Next), "{key:?}");
        }
        for key in ["ArrowLeft", "ArrowUp", "PageUp", "Backspace"] {
            assert_eq!(step_for(key, false), Some(Step::Previous), "{key:?}");
        }
        assert_eq!(step_for(" ", true), Some(Step::Previous));
        assert_eq!(step_for("Home", false), Some(Step::First));
        assert_eq!(step_for("End", false), Some(Step::Last));
        assert_eq!(step_for("Escape", false), Some(Step::Leave));
        assert_eq!(step_for("f", false), Some(Step::FullScreen));
        assert_eq!(step_for("Enter", false), None);
        assert_eq!(step_for("a", false), None);
    }
}
