//! The browser's clock. `std::time` panics on wasm32, so "now" and "today"
//! come from JavaScript's `Date` here and are passed into the pure core;
//! also a random number, from JavaScript's `Math`, for ids no other page
//! makes at the same moment.

use chrono::NaiveDate;
use wasm_bindgen::JsCast;

use crate::model::tracking::Millis;

/// Milliseconds since the Unix epoch.
pub fn now_millis() -> Millis {
    js_sys::Date::now() as Millis
}

/// Today in the user's local time zone.
pub fn today() -> NaiveDate {
    let date = js_sys::Date::new_0();
    NaiveDate::from_ymd_opt(
        date.get_full_year() as i32,
        date.get_month() + 1,
        date.get_date(),
    )
    .unwrap_or_default()
}

/// A random whole number, to tell apart ids two pages make at once.
pub fn random_u32() -> u32 {
    (js_sys::Math::random() * f64::from(u32::MAX)) as u32
}

/// Runs `f` once the frame being drawn is on screen and the browser is
/// idle, or within a second of that if it never is; a browser without idle
/// callbacks runs it shortly after.
pub fn when_idle(f: impl FnOnce() + 'static) {
    // Asked for from the callback of the frame after next: by then the
    // frame being drawn has been presented, not only drawn, so neither the
    // idle callback nor its time-out comes first, however long the start took.
    on_next_frame(move || on_next_frame(move || idle(f)));
}

fn on_next_frame(f: impl FnOnce() + 'static) {
    if let Some(window) = web_sys::window() {
        let callback = wasm_bindgen::closure::Closure::once_into_js(f);
        let _ = window.request_animation_frame(callback.unchecked_ref());
    }
}

fn idle(f: impl FnOnce() + 'static) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let callback = wasm_bindgen::closure::Closure::once_into_js(f);
    let function = callback.unchecked_ref::<js_sys::Function>();
    let options = web_sys::IdleRequestOptions::new();
    options.set_timeout(1000);
    if window
        .request_idle_callback_with_options(function, &options)
        .is_err()
    {
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(function, 100);
    }
}
