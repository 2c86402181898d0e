//! A search snippet as text with its matches in `<mark>`: built from the
//! snippet's byte ranges, never from markup.

use leptos::prelude::*;

use crate::search::Snippet;

/// The snippet's text, matches marked.
#[component]
pub fn SnippetText(
    /// The snippet of a search hit.
    snippet: Snippet,
) -> impl IntoView {
    snippet
        .pieces()
        .into_iter()
        .map(|(text, matched)| {
            let text = text.to_string();
            if matched {
                view! { <mark>{text}</mark> }.into_any()
            } else {
                text.into_any()
            }
        })
        .collect_view()
}
