//! The search box in the header: results drop down as the user types,
//! following the ARIA combobox pattern. `/` focuses it from anywhere, the
//! arrows move through the results, Enter opens one, Esc closes the list
//! and a second Esc clears the box.

use leptos::ev::KeyboardEvent;
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::search_index::{open_result, use_search_index, ResultRow};
use super::snippet_text::SnippetText;
use crate::route::Route;
use crate::state::use_app;

/// How many results the drop-down shows; the rest are on the results page.
const DROPDOWN_RESULTS: usize = 8;
const LISTBOX_ID: &str = "tim-goi-y";

fn option_id(i: usize) -> String {
    format!("{LISTBOX_ID}-{i}")
}

/// The header's search box with its live results.
#[component]
pub fn SearchBox() -> impl IntoView {
    let state = use_app();
    let index = use_search_index();
    let input: NodeRef<html::Input> = NodeRef::new();
    let popup: NodeRef<html::Div> = NodeRef::new();
    let query = RwSignal::new(String::new());
    let open = RwSignal::new(false);
    let active = RwSignal::new(None::<usize>);
    let hits: Memo<Vec<ResultRow>> = Memo::new(move |_| {
        let q = query.get();
        if q.trim().is_empty() {
            Vec::new()
        } else {
            index.search(&q, DROPDOWN_RESULTS)
        }
    });
    let expanded = move || open.get() && !query.with(|q| q.trim().is_empty());
    // The results, then "see all" when there are any.
    let option_count = move || hits.with(|h| if h.is_empty() { 0 } else { h.len() + 1 });

    let close = move || {
        open.set(false);
        active.set(None);
    };
    let choose = move |i: usize| {
        let href = hits.with_untracked(|h| h.get(i).map(|r| r.href.clone()));
        close();
        match href {
            Some(href) => open_result(&href),
            None => state.go(Route::Search(query.get_untracked())),
        }
    };
    let on_keydown = move |ev: KeyboardEvent| {
        let count = option_count();
        let step = |delta: isize| {
            open.set(true);
            if count == 0 {
                return;
            }
            let count = count as isize;
            let next = match active.get_untracked() {
                Some(i) => (i as isize + delta).rem_euclid(count),
                None if delta > 0 => 0,
                None => count - 1,
            };
            active.set(Some(next as usize));
        };
        match ev.key().as_str() {
            "ArrowDown" => step(1),
            "ArrowUp" => step(-1),
            "Enter" => match active.get_untracked() {
                Some(i) if expanded() => choose(i),
                _ if !query.with_untracked(|q| q.trim().is_empty()) => {
                    close();
                    state.go(Route::Search(query.get_untracked()));
                }
                _ => {}
            },
            "Escape" if expanded() => close(),
            "Escape" => query.set(String::new()),
            _ => return,
        }
        ev.prevent_default();
    };

    // `/` focuses the box unless the user is typing somewhere.
    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key() != "/" || ev.ctrl_key() || ev.meta_key() || ev.alt_key() || is_typing(&ev) {
            return;
        }
        if let Some(el) = input.get_untracked() {
            ev.prevent_default();
            let _ = el.focus();
            el.select();
        }
    });
    on_cleanup(move || handle.remove());

    // A new place closes the list (Back, a link, a chosen result).
    Effect::new(move |_| {
        state.route.track();
        close();
    });

    // Keep the active option visible inside the scrolling list.
    Effect::new(move |_| {
        let (Some(i), Some(popup)) = (active.get(), popup.get()) else {
            return;
        };
        if let Some(option) = document()
            .get_element_by_id(&option_id(i))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            keep_in_view(&popup, &option);
        }
    });

    let status = move || {
        if !expanded() {
            return String::new();
        }
        match hits.with(Vec::len) {
            0 if !index.ready() => state.t("Đang tải…", "Loading…").to_string(),
            0 => state.t("Không có kết quả", "No results").to_string(),
            n if n == DROPDOWN_RESULTS => format!(
                "{} {n} {}",
                state.t("Ít nhất", "At least"),
                state.t("kết quả", "results")
            ),
            n => format!("{n} {}", state.t("kết quả", "results")),
        }
    };

    view! {
        <div class="search-box" role="search">
            <label for="tim-o" class="visually-hidden">
                {move || state.t("Tìm trong kế hoạch", "Search the plan")}
            </label>
            <input
                node_ref=input
                id="tim-o"
                type="text"
                role="combobox"
                enterkeyhint="search"
                autocomplete="off"
                spellcheck="false"
                data-testid="search-input"
                aria-autocomplete="list"
                aria-controls=LISTBOX_ID
                aria-expanded=move || expanded().to_string()
                aria-activedescendant=move || active.get().filter(|_| expanded()).map(option_id)
                aria-keyshortcuts="/"
                placeholder=move || state.t("Tìm trong kế hoạch…", "Search the plan…")
                prop:value=move || query.get()
                on:input=move |ev| {
                    query.set(event_target_value(&ev));
                    open.set(true);
                    active.set(None);
                }
                on:keydown=on_keydown
                on:focus=move |_| {
                    index.warm();
                    open.set(true);
                }
                on:blur=move |_| close()
            />
            <kbd class="search-key" aria-hidden="true">"/"</kbd>
            <div class="search-popup" node_ref=popup hidden=move || !expanded()>
                // Clicking a result must not blur the box before the click lands.
                <ul
                    id=LISTBOX_ID
                    role="listbox"
                    data-testid="search-options"
                    aria-label=move || state.t("Kết quả tìm kiếm", "Search results")
                    on:mousedown=|ev| ev.prevent_default()
                >
                    {move || {
                        hits.get()
                            .into_iter()
                            .enumerate()
                            .map(|(i, row)| {
                                let selected = move || active.get() == Some(i);
                                view! {
                                    <li
                                        role="option"
                                        id=option_id(i)
                                        class="search-option"
                                        class:active=selected
                                        aria-selected=move || selected().to_string()
                                        data-href=row.href.clone()
                                        on:mousemove=move |_| active.set(Some(i))
                                        on:click=move |_| choose(i)
                                    >
                                        <span class="result-loc">{row.location}</span>
                                        <span class="result-snippet"><SnippetText snippet=row.snippet/></span>
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                    <Show when=move || option_count() != 0>
                        {move || {
                            let i = hits.with(Vec::len);
                            let selected = move || active.get() == Some(i);
                            view! {
                                <li
                                    role="option"
                                    id=option_id(i)
                                    class="search-option see-all"
                                    class:active=selected
                                    aria-selected=move || selected().to_string()
                                    data-testid="search-see-all"
                                    on:mousemove=move |_| active.set(Some(i))
                                    on:click=move |_| choose(i)
                                >
                                    {state.t("Xem tất cả kết quả", "See all results")}
                                    " →"
                                </li>
                            }
                        }}
                    </Show>
                </ul>
                <Show when=move || hits.with(Vec::is_empty)>
                    <p class="search-empty">
                        {move || if index.ready() {
                            state.t(
                                "Không tìm thấy. Thử ít từ hơn; gõ có dấu hay không dấu đều được.",
                                "Nothing found. Try fewer words; accents are optional.",
                            )
                        } else {
                            state.t("Đang tải…", "Loading…")
                        }}
                    </p>
                </Show>
            </div>
            <p class="visually-hidden" role="status">{status}</p>
        </div>
    }
}

/// Whether a key event comes from a place where `/` is text.
fn is_typing(ev: &web_sys::KeyboardEvent) -> bool {
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok())
        .is_some_and(|el| {
            matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                || el.is_content_editable()
        })
}

/// Scrolls `popup` just enough to show all of `option`.
fn keep_in_view(popup: &web_sys::HtmlElement, option: &web_sys::HtmlElement) {
    let top = option.offset_top();
    let bottom = top + option.offset_height();
    let view_top = popup.scroll_top();
    let view_height = popup.client_height();
    if top < view_top {
        popup.set_scroll_top(top);
    } else if bottom > view_top + view_height {
        popup.set_scroll_top(bottom - view_height);
    }
}
