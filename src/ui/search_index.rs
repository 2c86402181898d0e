//! The search index over the plan and the notes, shared by the header's box
//! and the results page. Built when first read, rebuilt when the notes or
//! the interface language (which names the locations) change.

use leptos::prelude::*;

use crate::browser::location;
use crate::route::{Address, Route};
use crate::search::{plan_docs, SearchIndex, Snippet};
use crate::state::AppState;

/// A hit ready to show: where it leads, where it is, what matched.
#[derive(Debug, Clone, PartialEq)]
pub struct ResultRow {
    /// The address of the place (`#/ke-hoach/nv-4-2`, `#/nhiem-vu/pl-12`).
    pub href: String,
    pub location: String,
    pub snippet: Snippet,
}

/// The shared index of the open plan, provided once by the app.
#[derive(Clone, Copy)]
pub struct SearchIndexInjection {
    index: Memo<SearchIndex>,
    state: AppState,
}

impl SearchIndexInjection {
    /// Provides the index for `state`; nothing is built until a search.
    pub fn provide(state: AppState) {
        // An index has no cheap equality; a rebuild always counts as a change.
        let memo = Memo::new_with_compare(
            move |_| {
                let lang = state.lang.get();
                state
                    .tracking
                    .with(|tracking| SearchIndex::new(plan_docs(state.plan(), tracking, lang)))
            },
            |_, _| true,
        );
        provide_context(SearchIndexInjection { index: memo, state });
    }

    /// Builds the index now if it is not built yet, e.g. when the search box
    /// gets focus, so that the first keystroke does not pay for it.
    pub fn warm(self) {
        self.index.with_untracked(|_| ());
    }

    /// The best `limit` hits for `query`; reactive in the index.
    pub fn search(self, query: &str, limit: usize) -> Vec<ResultRow> {
        self.index.with(|index| {
            index
                .search(query, limit)
                .into_iter()
                .map(|hit| {
                    let doc = &index.docs()[hit.doc];
                    // The index names places within its plan; links name the plan.
                    ResultRow {
                        href: self.state.href(Route::parse(&doc.id)),
                        location: doc.location.clone(),
                        snippet: hit.snippet,
                    }
                })
                .collect()
        })
    }
}

/// The injection provided by the app.
pub fn use_search_index() -> SearchIndexInjection {
    expect_context::<SearchIndexInjection>()
}

/// Opens a hit's place. Going to the address the page already shows fires
/// no `hashchange`, so the reader is scrolled to the place directly.
pub fn open_result(href: &str) {
    let address = Address::parse(href);
    if location::fragment() == href {
        if let Route::Plan { anchor: Some(id) } = &address.route {
            location::scroll_to(id);
        }
    } else {
        location::go(&address);
    }
}
