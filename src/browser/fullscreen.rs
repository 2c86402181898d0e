//! Full screen for meeting mode (the Fullscreen API). A refusal (no user
//! gesture, a browser policy) is not an error worth telling: the slides
//! work in a window too.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

fn document() -> Option<web_sys::Document> {
    web_sys::window().and_then(|w| w.document())
}

/// Whether some element is shown full screen.
pub fn is_active() -> bool {
    document().is_some_and(|d| d.fullscreen_element().is_some())
}

/// Shows the whole page full screen. Must run inside a user's gesture
/// (a click or a key press), as browsers require.
pub fn enter() {
    let Some(root) = document().and_then(|d| d.document_element()) else {
        return;
    };
    // `requestFullscreen` returns a promise; web-sys drops it, and a
    // rejection nobody awaits is logged as an uncaught error. Await it.
    let Ok(request) = js_sys::Reflect::get(&root, &"requestFullscreen".into()) else {
        return;
    };
    let Some(request) = request.dyn_ref::<js_sys::Function>() else {
        return;
    };
    if let Ok(promise) = request.call0(&root) {
        if let Ok(promise) = promise.dyn_into::<js_sys::Promise>() {
            wasm_bindgen_futures::spawn_local(async move {
                let _ = JsFuture::from(promise).await;
            });
        }
    }
}

/// Leaves full screen, if the page is in it.
pub fn exit() {
    if let Some(d) = document().filter(|d| d.fullscreen_element().is_some()) {
        d.exit_fullscreen();
    }
}
