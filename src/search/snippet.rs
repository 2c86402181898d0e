//! Snippets: a short window of a document's original text around its first
//! match, cut at word boundaries, with the matches' byte ranges.

use super::fold::Folded;

/// About how many characters of original text a snippet shows.
pub const SNIPPET_CHARS: usize = 160;
/// How many characters of context to keep before the first match.
const CONTEXT_BEFORE: usize = 40;
const ELLIPSIS: &str = "…";

/// A piece of a document's original text around its first match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    /// About [`SNIPPET_CHARS`] characters of the original text, cut at word
    /// boundaries; starts or ends with `…` where text was cut off.
    pub text: String,
    /// Byte ranges into `text` of the matches, sorted and not overlapping;
    /// each is on char boundaries. An exact phrase match is one range.
    pub highlights: Vec<(usize, usize)>,
}

impl Snippet {
    /// Builds the snippet of `text` for the folded `needles`. The `phrase`
    /// (the whole multi-word query), when it occurs, is the anchor; otherwise
    /// the earliest match of any needle is.
    pub(crate) fn build(text: &str, phrase: Option<&str>, needles: &[&str]) -> Snippet {
        let folded = Folded::new(text);
        let matches = |needle: &str| -> Vec<(usize, usize)> {
            folded
                .text
                .match_indices(needle)
                .map(|(at, m)| folded.source_range(text, at, at + m.len()))
                .collect()
        };
        let mut ranges = phrase.map(matches).unwrap_or_default();
        let phrase_anchor = ranges.first().copied();
        for needle in needles {
            ranges.extend(matches(needle));
        }
        ranges.sort_unstable();
        let anchor = phrase_anchor
            .or_else(|| ranges.first().copied())
            .unwrap_or((0, 0));
        let (start, end) = window(text, anchor);

        let mut snippet = Snippet {
            text: String::with_capacity(end - start + 2 * ELLIPSIS.len()),
            highlights: Vec::new(),
        };
        if !text[..start].trim().is_empty() {
            snippet.text.push_str(ELLIPSIS);
        }
        let shift = snippet.text.len();
        snippet.text.push_str(&text[start..end]);
        if !text[end..].trim().is_empty() {
            snippet.text.push_str(ELLIPSIS);
        }
        for (from, to) in ranges {
            let (from, to) = (from.max(start), to.min(end));
            if from >= to {
                continue;
            }
            let (from, to) = (from - start + shift, to - start + shift);
            match snippet.highlights.last_mut() {
                Some(last) if last.1 >= from => last.1 = last.1.max(to),
                _ => snippet.highlights.push((from, to)),
            }
        }
        snippet
    }
}

impl Snippet {
    /// The text cut at its highlights, in order: each piece with whether it
    /// is a match. Empty pieces are left out.
    pub fn pieces(&self) -> Vec<(&str, bool)> {
        let mut pieces = Vec::with_capacity(2 * self.highlights.len() + 1);
        let mut at = 0;
        for &(from, to) in &self.highlights {
            if from > at {
                pieces.push((&self.text[at..from], false));
            }
            pieces.push((&self.text[from..to], true));
            at = to;
        }
        if at < self.text.len() {
            pieces.push((&self.text[at..], false));
        }
        pieces
    }
}

/// The byte window of `text` to show around `anchor`: about
/// [`SNIPPET_CHARS`] characters, starting and ending at word boundaries,
/// always containing the anchor, with no outer whitespace.
fn window(text: &str, anchor: (usize, usize)) -> (usize, usize) {
    let total = text.chars().count();
    let (mut start, mut end) = (0, text.len());
    if total > SNIPPET_CHARS {
        let byte_at = |n: usize| text.char_indices().nth(n).map_or(text.len(), |(i, _)| i);
        let anchor_char = text[..anchor.0].chars().count();
        let first = anchor_char
            .saturating_sub(CONTEXT_BEFORE)
            .min(total - SNIPPET_CHARS);
        start = byte_at(first);
        end = byte_at(first + SNIPPET_CHARS).max(anchor.1);
        if is_mid_word(text, start) {
            let forward = text[start..]
                .find(char::is_whitespace)
                .map(|i| start + i)
                .filter(|&i| i <= anchor.0);
            start = forward.unwrap_or_else(|| word_start(text, start));
        }
        if is_mid_word(text, end) {
            let backward = text[..end]
                .rfind(char::is_whitespace)
                .filter(|&i| i >= anchor.1);
            end = backward.unwrap_or_else(|| {
                text[end..]
                    .find(char::is_whitespace)
                    .map_or(text.len(), |i| end + i)
            });
        }
    }
    let inner = &text[start..end];
    let trimmed_start = inner.trim_start();
    start += inner.len() - trimmed_start.len();
    end = start + trimmed_start.trim_end().len();
    (start, end)
}

/// True when byte `at` falls between two non-whitespace characters.
fn is_mid_word(text: &str, at: usize) -> bool {
    let before = text[..at].chars().next_back();
    let after = text[at..].chars().next();
    matches!((before, after), (Some(b), Some(a)) if !b.is_whitespace() && !a.is_whitespace())
}

/// The start of the word containing byte `at`.
fn word_start(text: &str, at: usize) -> usize {
    text[..at].rfind(char::is_whitespace).map_or(0, |i| {
        i + text[i..].chars().next().map_or(0, char::len_utf8)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_is_whole_and_trimmed() {
        let s = Snippet::build("  Ngầm hóa  ", Some("ngam hoa"), &["ngam", "hoa"]);
        assert_eq!(s.text, "Ngầm hóa");
        assert_eq!(s.highlights, vec![(0, s.text.len())]);
    }

    #[test]
    fn long_text_is_cut_at_words_with_ellipses() {
        let text = format!("{} kết quả {}", "mở đầu ".repeat(40), "về sau ".repeat(40));
        let s = Snippet::build(&text, None, &["ket qua"]);
        let inner = s.text.strip_prefix(ELLIPSIS).unwrap();
        let inner = inner.strip_suffix(ELLIPSIS).unwrap();
        let at = text.find(inner).unwrap();
        assert!(text[..at].ends_with(' '), "cut mid-word: {}", s.text);
        assert!(
            text[at + inner.len()..].starts_with(' '),
            "cut mid-word: {}",
            s.text
        );
        let (a, b) = s.highlights[0];
        assert_eq!(&s.text[a..b], "kết quả");
        let shown = s.text.chars().count();
        assert!(
            (SNIPPET_CHARS - 20..=SNIPPET_CHARS + 2).contains(&shown),
            "{shown}"
        );
    }

    #[test]
    fn pieces_alternate_plain_text_and_matches() {
        let s = Snippet::build("Ngầm hóa lưới điện, hóa đơn", None, &["hoa"]);
        assert_eq!(
            s.pieces(),
            vec![
                ("Ngầm ", false),
                ("hóa", true),
                (" lưới điện, ", false),
                ("hóa", true),
                (" đơn", false)
            ]
        );
        let whole = Snippet::build("hóa", None, &["hoa"]);
        assert_eq!(whole.pieces(), vec![("hóa", true)]);
    }

    #[test]
    fn anchor_inside_one_long_word_keeps_the_whole_word() {
        let text = format!("{}x", "a".repeat(300));
        let s = Snippet::build(&text, None, &["x"]);
        assert_eq!(s.text, text);
        assert_eq!(s.highlights, vec![(300, 301)]);
    }

    #[test]
    fn word_start_steps_over_multibyte_whitespace() {
        let text = "ab\u{3000}cd";
        assert_eq!(word_start(text, 6), 5);
        assert_eq!(word_start(text, 1), 0);
    }
}
