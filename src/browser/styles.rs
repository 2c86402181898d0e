//! Style sheets the first screen does not need. The build links them
//! `disabled` (`.ci/postbuild.mjs`), which the browser does not fetch, so
//! they do not hold up the first paint; the app enables them when a screen
//! loaded on demand first arrives, or once the page is idle.

use wasm_bindgen::JsCast;

/// Enables (and so fetches) every style sheet linked disabled.
pub fn enable_deferred() {
    let Some(Ok(links)) = web_sys::window()
        .and_then(|w| w.document())
        .map(|d| d.query_selector_all("link[rel=stylesheet][disabled]"))
    else {
        return;
    };
    for i in 0..links.length() {
        if let Some(link) = links
            .item(i)
            .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
        {
            let _ = link.remove_attribute("disabled");
        }
    }
}
