//! The search index over the plan and the notes, shared by the header's box
//! and the results page. Its code is fetched and the index built on the
//! first search; rebuilt when the notes or the interface language (which
//! names the locations) change.

use leptos::prelude::*;

use crate::browser::location;
use crate::on_demand::on_demand;
use crate::route::{Address, Route};
use crate::search::{plan_docs, SearchIndex, Snippet};
use crate::state::{AppState, NoticeKind};

/// A hit ready to show: where it leads, where it is, what matched.
#[derive(Debug, Clone, PartialEq)]
pub struct ResultRow {
    /// The address of the place (`#/ke-hoach/nv-4-2`, `#/nhiem-vu/pl-12`).
    pub href: String,
    pub location: String,
    pub snippet: Snippet,
}

/// The index's code, which is not in the first load: it arrives with the
/// `reading` group (`crate::on_demand`) when the search box first gets
/// focus or a search is first asked for.
trait Search: Send + Sync {
    /// Builds the index now if it is not built yet.
    fn warm(&self);
    /// The best `limit` hits for `query`; reactive in the index.
    fn search(&self, query: &str, limit: usize) -> Vec<ResultRow>;
}

struct Index {
    index: Memo<SearchIndex>,
    state: AppState,
}

impl Search for Index {
    fn warm(&self) {
        self.index.with_untracked(|_| ());
    }

    fn search(&self, query: &str, limit: usize) -> Vec<ResultRow> {
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

// Leaked: one per app, living as long as the page (the memo is owned by
// the app's owner, so it is disposed with it).
on_demand!(
    reading,
    fn load_index(state: AppState, owner: Owner) -> &'static dyn Search {
        // An index has no cheap equality; a rebuild always counts as a change.
        let index = owner.with(|| {
            Memo::new_with_compare(
                move |_| {
                    let lang = state.lang.get();
                    state
                        .tracking
                        .with(|tracking| SearchIndex::new(plan_docs(state.plan(), tracking, lang)))
                },
                |_, _| true,
            )
        });
        Box::leak(Box::new(Index { index, state }))
    }
);

/// The shared index of the open plan, provided once by the app.
#[derive(Clone, Copy)]
pub struct SearchIndexInjection {
    index: RwSignal<Option<&'static dyn Search>>,
    /// Whether the index's code is being fetched.
    fetching: StoredValue<bool>,
    owner: StoredValue<Owner>,
    state: AppState,
}

impl SearchIndexInjection {
    /// Provides the index for `state`; nothing is fetched nor built until a
    /// search.
    pub fn provide(state: AppState) {
        let owner = Owner::current().expect("the app's owner");
        provide_context(SearchIndexInjection {
            index: RwSignal::new(None),
            fetching: StoredValue::new(false),
            owner: StoredValue::new(owner),
            state,
        });
    }

    /// Fetches the index's code and builds the index if that is not done
    /// yet, e.g. when the search box gets focus, so that the first
    /// keystroke does not wait for it.
    pub fn warm(self) {
        if let Some(index) = self.index.get_untracked() {
            index.warm();
            return;
        }
        if self.fetching.get_value() {
            return;
        }
        self.fetching.set_value(true);
        let (state, owner) = (self.state, self.owner.get_value());
        leptos::task::spawn_local(async move {
            match load_index(state, owner).await {
                Ok(index) => {
                    index.warm();
                    self.index.set(Some(index));
                }
                Err(e) => state.notify(NoticeKind::Error, e.message_vi("Tìm kiếm")),
            }
            self.fetching.set_value(false);
        });
    }

    /// Whether searches can be answered (the index's code is here).
    pub fn ready(self) -> bool {
        self.index.with(Option::is_some)
    }

    /// The best `limit` hits for `query`; reactive in the index, and empty
    /// until its code is here (asked for by this call).
    pub fn search(self, query: &str, limit: usize) -> Vec<ResultRow> {
        match self.index.get() {
            Some(index) => index.search(query, limit),
            None => {
                self.warm();
                Vec::new()
            }
        }
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
