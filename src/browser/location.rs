//! The address bar: reading the fragment and moving to a route.

use crate::route::Address;

/// The current URL fragment (`#/ke-hoach/nv-4`), empty when there is none.
pub fn fragment() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// Goes to an address as a new history entry (Back returns here).
pub fn go(address: &Address) {
    if let Some(window) = web_sys::window() {
        let _ = window.location().set_hash(&address.href());
    }
}

/// Replaces the current entry: for refinements such as typing a search or
/// changing a filter, which should not fill the Back history.
pub fn replace(address: &Address) {
    let Some(window) = web_sys::window() else {
        return;
    };
    if let Ok(history) = window.history() {
        let _ =
            history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&address.href()));
    }
}

/// Scrolls the element with this id into view and moves focus to it so that
/// keyboard and screen-reader users land where the link pointed.
pub fn scroll_to(id: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Some(element) = document.get_element_by_id(id) {
        element.scroll_into_view();
        if let Ok(html) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(element) {
            let _ = html.focus();
        }
    }
}

/// Scrolls to the top of the page, for a new screen.
pub fn scroll_to_top() {
    if let Some(window) = web_sys::window() {
        window.scroll_to_with_x_and_y(0.0, 0.0);
    }
}
