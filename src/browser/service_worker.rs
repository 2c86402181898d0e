//! The service worker (`public/sw.js`): registers it when the page comes
//! from a web server (never from `file://`, where the single-file edition
//! runs), reports when a new version has been installed and waits, and hands
//! over to it only when the user asks. Never reloads on its own.

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::{
    ServiceWorker, ServiceWorkerContainer, ServiceWorkerRegistration, ServiceWorkerState,
};

/// How often a page left open asks the server for a new version.
const CHECK_EVERY_MS: i32 = 60 * 60 * 1000;

/// The message `sw.js` answers by taking over (`skipWaiting`).
const SKIP_WAITING: &str = "skip-waiting";

thread_local! {
    /// Set by [`apply_update`]: the next change of controller reloads the
    /// page. Any other change (another tab's choice) leaves this page alone.
    static RELOAD_REQUESTED: Cell<bool> = const { Cell::new(false) };
}

/// The service worker container, if this page may have a service worker:
/// served over http(s) and in a secure context (https or localhost).
fn container() -> Option<ServiceWorkerContainer> {
    let window = web_sys::window()?;
    let protocol = window.location().protocol().ok()?;
    if protocol != "https:" && protocol != "http:" {
        return None;
    }
    let navigator = window.navigator();
    // `navigator.serviceWorker` is missing outside secure contexts.
    js_sys::Reflect::has(&navigator, &JsValue::from_str("serviceWorker"))
        .unwrap_or(false)
        .then(|| navigator.service_worker())
}

/// Registers `./sw.js` (relative, so it works from any sub-path) and calls
/// `on_update` whenever a new version is installed and waiting while an
/// older one controls this page. Does nothing on `file://` or where service
/// workers are unavailable. Call once.
pub fn register(on_update: impl Fn() + 'static) {
    let Some(container) = container() else {
        return;
    };
    let on_controller_change = Closure::<dyn Fn()>::new(|| {
        if RELOAD_REQUESTED.get() {
            reload();
        }
    });
    container.set_oncontrollerchange(Some(on_controller_change.as_ref().unchecked_ref()));
    // The listeners live as long as the page.
    on_controller_change.forget();
    let on_update: Rc<dyn Fn()> = Rc::new(on_update);
    spawn_local(async move {
        match JsFuture::from(container.register("./sw.js")).await {
            Ok(registration) if registration.is_object() => {
                watch(container, registration.unchecked_into(), on_update)
            }
            // Where workers are blocked (a policy, an automated browser) the
            // promise resolves to nothing: there is nothing to watch.
            Ok(_) => {}
            // Not fatal: the app works, only not offline. A warning, not an
            // error: nothing the user can act on.
            Err(e) => web_sys::console::warn_2(&"Không đăng ký được service worker:".into(), &e),
        }
    });
}

/// Watches a registration for new versions and asks the server for one
/// hourly and whenever the tab comes back into view.
fn watch(
    container: ServiceWorkerContainer,
    registration: ServiceWorkerRegistration,
    on_update: Rc<dyn Fn()>,
) {
    // A first install is not an update: only a version replacing the one
    // that controls this page is news.
    let announce: Rc<dyn Fn()> = Rc::new(move || {
        if container.controller().is_some() {
            on_update();
        }
    });
    if registration.waiting().is_some() {
        announce();
    }
    if let Some(worker) = registration.installing() {
        follow(worker, announce.clone());
    }
    let found = {
        let registration = registration.clone();
        Closure::<dyn Fn()>::new(move || {
            if let Some(worker) = registration.installing() {
                follow(worker, announce.clone());
            }
        })
    };
    registration.set_onupdatefound(Some(found.as_ref().unchecked_ref()));
    found.forget();

    let check = Closure::<dyn Fn()>::new(move || {
        let hidden = web_sys::window()
            .and_then(|w| w.document())
            .is_some_and(|d| d.hidden());
        if !hidden {
            check_for_update(&registration);
        }
    });
    if let Some(window) = web_sys::window() {
        let callback = check.as_ref().unchecked_ref();
        let _ =
            window.set_interval_with_callback_and_timeout_and_arguments_0(callback, CHECK_EVERY_MS);
        if let Some(document) = window.document() {
            let _ = document.add_event_listener_with_callback("visibilitychange", callback);
        }
    }
    check.forget();
}

/// Calls `announce` when this installing worker reaches "installed".
fn follow(worker: ServiceWorker, announce: Rc<dyn Fn()>) {
    let watched = worker.clone();
    let changed = Closure::<dyn Fn()>::new(move || {
        if watched.state() == ServiceWorkerState::Installed {
            announce();
        }
    });
    worker.set_onstatechange(Some(changed.as_ref().unchecked_ref()));
    // One small closure per new version, kept for the page's life.
    changed.forget();
}

/// Asks the server for a new `sw.js`. Offline this fails, which is expected
/// and handled here so it never shows as an uncaught error.
fn check_for_update(registration: &ServiceWorkerRegistration) {
    if let Ok(promise) = registration.update() {
        spawn_local(async move {
            let _ = JsFuture::from(promise).await;
        });
    }
}

/// The user chose to reload: the waiting version takes over, then the page
/// reloads (on `controllerchange`). With no version waiting (another tab
/// already activated it, or no service worker) the page reloads at once.
pub fn apply_update() {
    RELOAD_REQUESTED.set(true);
    let Some(container) = container() else {
        reload();
        return;
    };
    spawn_local(async move {
        let waiting = match JsFuture::from(container.get_registration()).await {
            Ok(found) if !found.is_undefined() => found
                .unchecked_into::<ServiceWorkerRegistration>()
                .waiting(),
            _ => None,
        };
        match waiting {
            Some(worker) => {
                if worker.post_message(&SKIP_WAITING.into()).is_err() {
                    reload();
                }
            }
            None => reload(),
        }
    });
}

fn reload() {
    if let Some(window) = web_sys::window() {
        let _ = window.location().reload();
    }
}
