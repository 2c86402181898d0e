//! The results page (`#/tim?q=…`): every hit with where it is, a snippet
//! with the matches marked, and a link to the place. The query lives in the
//! address, so a search can be reloaded or sent.

use leptos::prelude::*;

use super::search_index::use_search_index;
use super::snippet_text::SnippetText;
use crate::route::Route;
use crate::state::use_app;

/// All results for the query in the address.
#[component]
pub fn SearchPage() -> impl IntoView {
    let state = use_app();
    let index = use_search_index();
    let query = Memo::new(move |_| match state.route.get() {
        Route::Search(q) => q,
        _ => String::new(),
    });
    let hits = Memo::new(move |_| {
        let q = query.get();
        if q.trim().is_empty() {
            Vec::new()
        } else {
            index.search(&q, usize::MAX)
        }
    });
    // Typing refines this search: the address follows without adding a
    // Back step per keystroke.
    let set_query = move |q: String| {
        let route = Route::Search(q);
        state.replace(route.clone());
        state.route.set(route);
    };
    let summary = move || {
        let q = query.get();
        match hits.with(Vec::len) {
            _ if q.trim().is_empty() => state
                .t(
                    "Gõ một từ để tìm trong toàn văn kế hoạch, phụ lục và ghi chú.",
                    "Type a word to search the plan, its annex and the notes.",
                )
                .to_string(),
            0 if !index.ready() => state.t("Đang tải…", "Loading…").to_string(),
            0 => format!(
                "{} “{q}”. {}",
                state.t("Không có kết quả cho", "No results for"),
                state.t(
                    "Thử ít từ hơn; gõ có dấu hay không dấu đều được.",
                    "Try fewer words; accents are optional.",
                )
            ),
            n => format!("{n} {} “{q}”", state.t("kết quả cho", "results for")),
        }
    };

    view! {
        <section class="page search-page" data-testid="search-page">
            <h1>{move || state.t("Tìm kiếm", "Search")}</h1>
            <form class="search-form" role="search" on:submit=|ev| ev.prevent_default()>
                <label for="tim-trang">{move || state.t("Từ cần tìm", "Search for")}</label>
                <input
                    id="tim-trang"
                    type="search"
                    autocomplete="off"
                    spellcheck="false"
                    data-testid="search-page-input"
                    prop:value=move || query.get()
                    on:input=move |ev| set_query(event_target_value(&ev))
                />
            </form>
            <p class="result-count" role="status" data-testid="search-count">{summary}</p>
            <ol class="search-results" data-testid="search-results">
                {move || {
                    hits.get()
                        .into_iter()
                        .map(|row| view! {
                            <li>
                                <a href=row.href class="result-link">
                                    <span class="result-loc">{row.location}</span>
                                    <span class="result-snippet"><SnippetText snippet=row.snippet/></span>
                                </a>
                            </li>
                        })
                        .collect_view()
                }}
            </ol>
        </section>
    }
}
