//! Search that folds Vietnamese diacritics and case. Pure.
//!
//! [`SearchIndex`] keeps every document's folded text in one buffer, so a
//! query costs one substring scan of the whole folded text for its longest
//! word plus a scan of each remaining candidate per further word: linear in
//! the text size, with no allocation per document. Scans look for the
//! needle's rarest byte eight bytes at a time (see `find`). Snippets are
//! built only for the hits returned. The map from folded back to original
//! offsets is rebuilt for those few hits rather than kept for every
//! document, which would cost four bytes per byte of text.
//!
//! Matching ignores case and diacritics (`ngam hoa` finds `ngầm hóa`, `d`
//! finds `Đ`) and reads NFC and NFD text alike. When the query itself has
//! diacritics, documents whose accented form matches rank higher; the tone's
//! place within a syllable does not matter (`hoá` = `hóa`, `thuỷ` = `thủy`).

mod find;
mod fold;
mod plan_docs;
mod snippet;

pub use fold::fold;
pub use plan_docs::{plan_docs, SIGNATURE_ANCHOR};
pub use snippet::{Snippet, SNIPPET_CHARS};

use find::{ByteCounts, Finder};
use fold::Folded;
use std::cmp::Reverse;

/// Query words beyond this many are ignored; it keeps each per-word sum in
/// its 6-bit field of [`Hit::score`].
pub const MAX_QUERY_WORDS: usize = 32;

// Layout of a score, most significant first; see [`Hit::score`].
const PHRASE_SHIFT: u32 = 30;
const START_SHIFT: u32 = 24;
const ACCENT_SHIFT: u32 = 18;
const WHOLE_SHIFT: u32 = 12;
const BREVITY_MAX: u32 = (1 << WHOLE_SHIFT) - 1;
/// Folded bytes per step of brevity: lengths this close count as equal, so
/// near-equal documents keep their order.
const BREVITY_STEP: usize = 16;

/// One searchable piece of text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchDoc {
    /// The caller's id for what this document stands for (an item, a note).
    pub id: String,
    /// Where it sits, for display, e.g. `II. Nhiệm vụ › Nhóm 4 › Mục 2`.
    /// Not searched.
    pub location: String,
    /// The searched text.
    pub text: String,
}

/// A document that matched a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Index of the document in the order it was added.
    pub doc: usize,
    /// Higher ranks first. Compared as a whole, it orders by, in turn: the
    /// query as an exact phrase (at a word start, then anywhere), how many
    /// query words match at a word start, how many match with the
    /// diacritics typed (only when the query has any), how many match whole
    /// words, then shorter documents.
    pub score: u32,
    /// The original text around the first match.
    pub snippet: Snippet,
}

/// Documents prepared for search. Build it once with [`SearchIndex::new`],
/// add to it with [`SearchIndex::push`].
#[derive(Debug, Clone, Default)]
pub struct SearchIndex {
    docs: Vec<SearchDoc>,
    /// Every document's folded text, each followed by `\n` (which no folded
    /// text or query contains, so no match spans two documents).
    folded: String,
    /// The accent byte of every byte of `folded`.
    accents: Vec<u8>,
    /// Byte range of each document in `folded`.
    spans: Vec<(usize, usize)>,
    /// Byte counts of `folded`, to search for a needle's rarest byte.
    counts: ByteCounts,
}

impl SearchIndex {
    /// Indexes `docs`, in linear time.
    pub fn new(docs: Vec<SearchDoc>) -> Self {
        let mut index = SearchIndex::default();
        for doc in docs {
            index.push(doc);
        }
        index
    }

    /// Adds one document at the end; its [`Hit::doc`] will be the old
    /// [`len`](Self::len).
    pub fn push(&mut self, doc: SearchDoc) {
        let folded = Folded::new(&doc.text);
        let start = self.folded.len();
        self.folded.push_str(&folded.text);
        self.counts.add(&folded.text);
        self.accents.extend_from_slice(&folded.accents);
        self.spans.push((start, self.folded.len()));
        self.folded.push('\n');
        self.accents.push(0);
        self.docs.push(doc);
    }

    /// How many documents are indexed.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    /// True when no document is indexed.
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// The indexed documents, in the order they were added.
    pub fn docs(&self) -> &[SearchDoc] {
        &self.docs
    }

    /// The best `limit` documents containing every word of `query` (after
    /// folding, anywhere in the text), best first; equal scores keep
    /// document order. An empty or blank query finds nothing.
    pub fn search(&self, query: &str, limit: usize) -> Vec<Hit> {
        let Some(query) = Query::parse(query) else {
            return Vec::new();
        };
        if limit == 0 {
            return Vec::new();
        }
        let finders: Vec<Finder> = (0..query.words.len())
            .map(|w| Finder::new(query.word(w), &self.counts))
            .collect();
        // Longest word first: it is the most selective and the fastest to
        // scan for.
        let mut order: Vec<usize> = (0..query.words.len()).collect();
        order.sort_by_key(|&w| Reverse(query.word(w).len()));
        let mut found = self.scan_all(&query, order[0], &finders[order[0]]);
        for &w in &order[1..] {
            found.retain_mut(|(doc, score)| {
                let best = self.best_in(self.spans[*doc], &query, w, &finders[w]);
                *score += best.unwrap_or(0);
                best.is_some()
            });
        }
        let phrase = Finder::new(&query.folded.text, &self.counts);
        for (doc, score) in &mut found {
            let (start, end) = self.spans[*doc];
            if query.is_phrase {
                *score += self.phrase_tier(start, end, &phrase) << PHRASE_SHIFT;
            }
            let brevity = ((end - start) / BREVITY_STEP).min(BREVITY_MAX as usize) as u32;
            *score += BREVITY_MAX - brevity;
        }

        let rank = |a: &(usize, u32), b: &(usize, u32)| b.1.cmp(&a.1).then(a.0.cmp(&b.0));
        if found.len() > limit {
            found.select_nth_unstable_by(limit - 1, rank);
            found.truncate(limit);
        }
        found.sort_unstable_by(rank);

        let phrase = query.is_phrase.then_some(query.folded.text.as_str());
        let needles: Vec<&str> = (0..query.words.len()).map(|w| query.word(w)).collect();
        found
            .into_iter()
            .map(|(doc, score)| Hit {
                doc,
                score,
                snippet: Snippet::build(&self.docs[doc].text, phrase, &needles),
            })
            .collect()
    }

    /// Every document containing word `w`, with the word's best quality,
    /// from one scan of all folded text.
    fn scan_all(&self, query: &Query, w: usize, finder: &Finder) -> Vec<(usize, u32)> {
        let mut found: Vec<(usize, u32)> = Vec::new();
        let best_possible = query.best_quality();
        let mut doc = 0;
        let mut from = 0;
        while let Some(at) = finder.find(&self.folded, from) {
            while self.spans[doc].1 < at {
                doc += 1;
            }
            let quality = self.quality(at, query, w);
            match found.last_mut() {
                Some((last, best)) if *last == doc => *best = (*best).max(quality),
                _ => found.push((doc, quality)),
            }
            // Once a document's best cannot improve, skip the rest of it.
            from = match found.last() {
                Some(&(_, best)) if best == best_possible => self.spans[doc].1,
                _ => at + 1,
            };
        }
        found
    }

    /// The best quality of word `w` within the folded span, if it occurs.
    fn best_in(
        &self,
        (start, end): (usize, usize),
        query: &Query,
        w: usize,
        finder: &Finder,
    ) -> Option<u32> {
        let text = &self.folded[..end];
        let best_possible = query.best_quality();
        let mut best = None;
        let mut from = start;
        while let Some(at) = finder.find(text, from) {
            let quality = self.quality(at, query, w);
            best = best.max(Some(quality));
            if quality == best_possible {
                break;
            }
            from = at + 1;
        }
        best
    }

    /// How good an occurrence of word `w` at byte `at` of `folded` is, in
    /// the layout of [`Hit::score`].
    fn quality(&self, at: usize, query: &Query, w: usize) -> u32 {
        let end = at + query.word(w).len();
        let starts = self.is_word_start(at);
        let ends = !word_char_at(&self.folded, end);
        let accented = query.accent_aware && self.accents[at..end] == *query.word_accents(w);
        (u32::from(starts) << START_SHIFT)
            + (u32::from(accented) << ACCENT_SHIFT)
            + (u32::from(starts && ends) << WHOLE_SHIFT)
    }

    fn is_word_start(&self, at: usize) -> bool {
        !word_char_before(&self.folded, at)
    }

    /// 2 when the whole query occurs as a phrase at a word start in the
    /// span, 1 when it occurs elsewhere, else 0.
    fn phrase_tier(&self, start: usize, end: usize, phrase: &Finder) -> u32 {
        let text = &self.folded[..end];
        let mut tier = 0;
        let mut from = start;
        while let Some(at) = phrase.find(text, from) {
            if self.is_word_start(at) {
                return 2;
            }
            tier = 1;
            from = at + 1;
        }
        tier
    }
}

/// Whether a letter or digit starts at byte `at` of `text`. Folded text is
/// nearly all ASCII, so the byte is tested first.
#[inline]
fn word_char_at(text: &str, at: usize) -> bool {
    match text.as_bytes().get(at) {
        Some(b) if b.is_ascii() => b.is_ascii_alphanumeric(),
        Some(_) => text[at..].chars().next().is_some_and(char::is_alphanumeric),
        None => false,
    }
}

/// Whether a letter or digit ends at byte `at` of `text`.
#[inline]
fn word_char_before(text: &str, at: usize) -> bool {
    match at.checked_sub(1).map(|i| text.as_bytes()[i]) {
        Some(b) if b.is_ascii() => b.is_ascii_alphanumeric(),
        Some(_) => text[..at]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric),
        None => false,
    }
}

/// A folded query: its distinct words and whether its accents count.
struct Query {
    folded: Folded,
    /// Byte ranges in `folded.text` of the distinct words, at most
    /// [`MAX_QUERY_WORDS`].
    words: Vec<(usize, usize)>,
    /// More than one word was typed: the whole query may match as a phrase.
    is_phrase: bool,
    /// The user typed diacritics: prefer documents that have the same ones.
    accent_aware: bool,
}

impl Query {
    fn parse(query: &str) -> Option<Query> {
        let folded = Folded::new(query);
        let mut words: Vec<(usize, usize)> = Vec::new();
        let mut at = 0;
        for word in folded.text.split(' ') {
            let range = (at, at + word.len());
            at = range.1 + 1;
            if word.is_empty() || words.len() == MAX_QUERY_WORDS {
                continue;
            }
            // A repeated word adds nothing to "every word must occur".
            if !words.iter().any(|&(s, e)| folded.text[s..e] == *word) {
                words.push(range);
            }
        }
        if words.is_empty() {
            return None;
        }
        Some(Query {
            is_phrase: folded.text.contains(' '),
            accent_aware: folded.has_diacritics(),
            folded,
            words,
        })
    }

    /// The quality of a word matched whole, at a word start, with the
    /// diacritics typed (when they count).
    fn best_quality(&self) -> u32 {
        (1 << START_SHIFT) + (u32::from(self.accent_aware) << ACCENT_SHIFT) + (1 << WHOLE_SHIFT)
    }

    fn word(&self, w: usize) -> &str {
        let (start, end) = self.words[w];
        &self.folded.text[start..end]
    }

    fn word_accents(&self, w: usize) -> &[u8] {
        let (start, end) = self.words[w];
        &self.folded.accents[start..end]
    }
}
