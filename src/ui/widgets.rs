//! Small pieces shared by several screens.

use chrono::NaiveDate;
use leptos::prelude::*;

use crate::i18n::{format_date, parse_date};
use crate::model::timing::Timing;
use crate::state::use_app;

/// A timing category as colour and text (colour is never the only signal).
#[component]
pub fn TimingBadge(#[prop(into)] timing: Signal<Timing>) -> impl IntoView {
    let state = use_app();
    view! {
        <span class=move || format!("badge {}", timing.get().css_class()) data-testid="timing">
            {move || {
                let t = timing.get();
                state.lang.get().pick(t.label_vi(), t.label_en())
            }}
        </span>
    }
}

/// A dd/mm/yyyy text field. Reports a parsed date (or `None` when cleared
/// and `optional`); an unreadable date is shown as an error and not reported.
#[component]
pub fn DateInput(
    /// The current value.
    #[prop(into)]
    value: Signal<Option<NaiveDate>>,
    /// Called with the new date when the user commits a valid one.
    on_change: Callback<Option<NaiveDate>>,
    /// Visible label.
    label: Signal<&'static str>,
    /// Whether the field may be left empty.
    #[prop(optional)]
    optional: bool,
    #[prop(optional)] testid: &'static str,
) -> impl IntoView {
    let state = use_app();
    let (invalid, set_invalid) = signal(false);
    view! {
        <label class="field">
            <span class="field-label">{label}</span>
            <input
                type="text"
                inputmode="numeric"
                placeholder="dd/mm/yyyy"
                data-testid=testid
                aria-invalid=move || invalid.get().then_some("true")
                prop:value=move || value.get().map(format_date).unwrap_or_default()
                on:change=move |ev| {
                    let text = event_target_value(&ev);
                    if text.trim().is_empty() && optional {
                        set_invalid.set(false);
                        on_change.run(None);
                    } else if let Some(date) = parse_date(&text) {
                        set_invalid.set(false);
                        on_change.run(Some(date));
                    } else {
                        set_invalid.set(true);
                    }
                }
            />
            <Show when=move || invalid.get()>
                <span class="field-error" role="alert">
                    {move || format!(
                        "{} 30/06/{}.",
                        state.t("Ngày không hợp lệ: nhập theo dạng dd/mm/yyyy, ví dụ", "Invalid date: use dd/mm/yyyy, e.g."),
                        state.plan().meta.year
                    )}
                </span>
            </Show>
        </label>
    }
}
