//! Folding of Vietnamese text to a search key: lowercase ASCII-ish text plus a
//! parallel byte per folded byte recording which diacritics were stripped.
//! Knows the Vietnamese alphabet by table; never depends on a Unicode
//! normalisation crate (WASM size).

use std::sync::OnceLock;

/// Vowel-shape marks, kept per letter in the low 3 bits of an accent byte.
const CIRCUMFLEX: u8 = 1;
const BREVE: u8 = 2;
const HORN: u8 = 3;
/// The bar of `đ`.
const STROKE: u8 = 4;

/// Tones, numbered in the table's column order (none, huyền, sắc, hỏi, ngã,
/// nặng). A tone belongs to the whole syllable and is stored in the high bits
/// of the accent byte of every byte of that syllable, which is what makes
/// `hoá` and `hóa` (old and new tone placement) equal.
const TONE_SHIFT: u8 = 3;

/// Each row: the folded base letter, its shape mark, then the letter with each
/// tone, lower case followed by upper case.
const VOWELS: [(char, u8, &str); 12] = [
    ('a', 0, "aàáảãạAÀÁẢÃẠ"),
    ('a', BREVE, "ăằắẳẵặĂẰẮẲẴẶ"),
    ('a', CIRCUMFLEX, "âầấẩẫậÂẦẤẨẪẬ"),
    ('e', 0, "eèéẻẽẹEÈÉẺẼẸ"),
    ('e', CIRCUMFLEX, "êềếểễệÊỀẾỂỄỆ"),
    ('i', 0, "iìíỉĩịIÌÍỈĨỊ"),
    ('o', 0, "oòóỏõọOÒÓỎÕỌ"),
    ('o', CIRCUMFLEX, "ôồốổỗộÔỒỐỔỖỘ"),
    ('o', HORN, "ơờớởỡợƠỜỚỞỠỢ"),
    ('u', 0, "uùúủũụUÙÚỦŨỤ"),
    ('u', HORN, "ưừứửữựƯỪỨỬỮỰ"),
    ('y', 0, "yỳýỷỹỵYỲÝỶỸỴ"),
];

/// A Vietnamese letter outside ASCII: its folded base and accent byte.
#[derive(Clone, Copy)]
struct Letter {
    base: char,
    accent: u8,
}

/// Non-ASCII Vietnamese letters sorted by code point, built once.
fn letters() -> &'static [(char, Letter)] {
    static TABLE: OnceLock<Vec<(char, Letter)>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = vec![
            (
                'đ',
                Letter {
                    base: 'd',
                    accent: STROKE,
                },
            ),
            (
                'Đ',
                Letter {
                    base: 'd',
                    accent: STROKE,
                },
            ),
        ];
        for (base, shape, forms) in VOWELS {
            for (i, c) in forms.chars().enumerate() {
                let tone = (i % 6) as u8;
                if !c.is_ascii() {
                    let accent = shape | tone << TONE_SHIFT;
                    table.push((c, Letter { base, accent }));
                }
            }
        }
        table.sort_unstable_by_key(|&(c, _)| c);
        table
    })
}

fn vietnamese_letter(c: char) -> Option<Letter> {
    let table = letters();
    table
        .binary_search_by_key(&c, |&(k, _)| k)
        .ok()
        .map(|i| table[i].1)
}

/// True for the combining diacritical marks block, which folding strips.
/// Whether an `&` between `before` (folded so far) and `after` (the rest of
/// the source) stands between two letters, marks aside.
fn joins_letters(before: &str, after: &str) -> bool {
    let next = after.chars().find(|&c| !is_combining_mark(c));
    before.chars().next_back().is_some_and(char::is_alphabetic)
        && next.is_some_and(char::is_alphabetic)
}

pub(crate) fn is_combining_mark(c: char) -> bool {
    ('\u{300}'..='\u{36f}').contains(&c)
}

/// What a combining mark means for Vietnamese: a shape mark, a tone, or
/// nothing (stripped without trace).
enum Mark {
    Shape(u8),
    Tone(u8),
    Other,
}

fn combining_mark(c: char) -> Mark {
    match c {
        '\u{302}' => Mark::Shape(CIRCUMFLEX),
        '\u{306}' => Mark::Shape(BREVE),
        '\u{31b}' => Mark::Shape(HORN),
        // U+0340 and U+0341 are canonically equal to U+0300 and U+0301.
        '\u{300}' | '\u{340}' => Mark::Tone(1),
        '\u{301}' | '\u{341}' => Mark::Tone(2),
        '\u{309}' => Mark::Tone(3),
        '\u{303}' => Mark::Tone(4),
        '\u{323}' => Mark::Tone(5),
        _ => Mark::Other,
    }
}

/// The fold of a text: the folded key, its accent bytes and, per folded byte,
/// the byte offset in the source of the character it came from.
#[derive(Debug, Clone, Default)]
pub(crate) struct Folded {
    /// Lowercase, diacritics stripped, `đ` → `d`, whitespace runs collapsed
    /// to one space, no leading or trailing space.
    pub text: String,
    /// One byte per byte of `text`: shape mark in the low bits, the
    /// syllable's tone in the high bits; 0 for anything unaccented.
    pub accents: Vec<u8>,
    /// One source byte offset per byte of `text`.
    pub origins: Vec<u32>,
}

impl Folded {
    /// Folds `src`. Linear in its length.
    pub fn new(src: &str) -> Self {
        let mut out = Folded {
            text: String::with_capacity(src.len()),
            accents: Vec::with_capacity(src.len()),
            origins: Vec::with_capacity(src.len()),
        };
        let mut pending_space = false;
        // Start (in `text`) of the syllable being read, and its tone so far.
        let mut syllable: Option<(usize, u8)> = None;
        for (at, c) in src.char_indices() {
            if is_combining_mark(c) {
                // A mark belongs to the letter before it; one with no letter
                // before it (text start, after a space) is dropped.
                if let Some((_, tone)) = syllable.as_mut() {
                    match combining_mark(c) {
                        Mark::Shape(shape) => {
                            if let Some(last) = out.accents.last_mut() {
                                *last |= shape;
                            }
                        }
                        Mark::Tone(t) if *tone == 0 => *tone = t,
                        Mark::Tone(_) | Mark::Other => {}
                    }
                }
                continue;
            }
            // `&` inside an abbreviation (`KH&ĐT`) is dropped, so that `khdt`,
            // as people type it, finds it; `A & B` keeps its ampersand.
            if c == '&' && !pending_space && joins_letters(&out.text, &src[at + 1..]) {
                continue;
            }
            if c.is_whitespace() {
                out.end_syllable(&mut syllable);
                pending_space = !out.text.is_empty();
                continue;
            }
            if pending_space {
                pending_space = false;
                out.push(' ', 0, at);
            }
            if let Some(letter) = (!c.is_ascii()).then(|| vietnamese_letter(c)).flatten() {
                let tone = letter.accent >> TONE_SHIFT;
                let (_, syllable_tone) = syllable.get_or_insert((out.text.len(), 0));
                if *syllable_tone == 0 {
                    *syllable_tone = tone;
                }
                out.push(letter.base, letter.accent & ((1 << TONE_SHIFT) - 1), at);
                continue;
            }
            for lower in c.to_lowercase() {
                // `İ` lowercases to `i` + U+0307: strip that mark too.
                if is_combining_mark(lower) {
                    continue;
                }
                if lower.is_alphabetic() {
                    syllable.get_or_insert((out.text.len(), 0));
                } else {
                    out.end_syllable(&mut syllable);
                }
                out.push(lower, 0, at);
            }
        }
        out.end_syllable(&mut syllable);
        out
    }

    fn push(&mut self, c: char, accent: u8, origin: usize) {
        let before = self.text.len();
        self.text.push(c);
        let width = self.text.len() - before;
        self.accents.extend(std::iter::repeat_n(accent, width));
        // Texts over 4 GiB are not supported; offsets saturate rather than wrap.
        let origin = u32::try_from(origin).unwrap_or(u32::MAX);
        self.origins.extend(std::iter::repeat_n(origin, width));
    }

    /// Closes the current syllable, spreading its tone over all its bytes.
    fn end_syllable(&mut self, syllable: &mut Option<(usize, u8)>) {
        if let Some((start, tone)) = syllable.take() {
            if tone != 0 {
                for accent in &mut self.accents[start..] {
                    *accent |= tone << TONE_SHIFT;
                }
            }
        }
    }

    /// True when any folded character carried a diacritic (or was `đ`).
    pub fn has_diacritics(&self) -> bool {
        self.accents.iter().any(|&a| a != 0)
    }

    /// The source byte range covered by the folded range `start..end`
    /// (`start < end`), including combining marks after the last character.
    pub fn source_range(&self, src: &str, start: usize, end: usize) -> (usize, usize) {
        let from = self.origins[start] as usize;
        let last = self.origins[end - 1] as usize;
        let mut to = last + src[last..].chars().next().map_or(0, char::len_utf8);
        for c in src[to..].chars().take_while(|&c| is_combining_mark(c)) {
            to += c.len_utf8();
        }
        (from, to)
    }
}

/// Folds `s` for comparison: lowercase, Vietnamese diacritics and every
/// combining mark (U+0300–U+036F) removed, `đ`/`Đ` → `d`, whitespace runs
/// collapsed to one space and trimmed. Text in NFC and NFD folds the same.
///
/// ```
/// use ke_hoach::search::fold;
/// assert_eq!(fold("  Ngầm   HÓA\tĐất "), "ngam hoa dat");
/// ```
pub fn fold(s: &str) -> String {
    Folded::new(s).text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_has_every_precomposed_letter_once() {
        // 12 vowel rows × 6 tones × 2 cases, less the 12 plain ASCII vowels
        // (a e i o u y in both cases), plus đ and Đ.
        let table = letters();
        assert_eq!(table.len(), 12 * 6 * 2 - 12 + 2);
        assert!(table.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn tone_is_spread_over_the_syllable_whatever_its_placement() {
        let old = Folded::new("hoá");
        let new = Folded::new("hóa");
        assert_eq!(old.text, "hoa");
        assert_eq!(old.accents, new.accents);
        assert_eq!(old.accents, vec![2 << TONE_SHIFT; 3]);
    }

    #[test]
    fn shape_marks_stay_on_their_letter() {
        let f = Folded::new("ươ");
        assert_eq!(f.accents, vec![HORN, HORN]);
        let f = Folded::new("đa");
        assert_eq!(f.accents, vec![STROKE, 0]);
    }

    #[test]
    fn syllables_end_at_spaces_and_punctuation() {
        let f = Folded::new("hóa-học");
        assert_eq!(f.text, "hoa-hoc");
        assert_eq!(&f.accents[..3], &[2 << TONE_SHIFT; 3]);
        assert_eq!(f.accents[3], 0);
        assert_eq!(&f.accents[4..], &[5 << TONE_SHIFT; 3]);
    }

    #[test]
    fn ampersand_inside_an_abbreviation_is_dropped() {
        let f = Folded::new("Sở KH&ĐT, A & B, a&\u{301}b");
        assert_eq!(f.text, "so khdt, a & b, ab");
        // The match still maps back over the whole abbreviation.
        let src = "Sở KH&ĐT";
        assert_eq!(Folded::new(src).source_range(src, 3, 7), (5, 11));
    }

    #[test]
    fn nfd_marks_fold_like_precomposed_letters() {
        let nfc = Folded::new("Ngầm hóa");
        let nfd = Folded::new("Nga\u{302}\u{300}m ho\u{301}a");
        assert_eq!(nfc.text, nfd.text);
        assert_eq!(nfc.accents, nfd.accents);
    }

    #[test]
    fn a_leading_mark_is_dropped() {
        assert_eq!(fold("\u{301}a \u{300}"), "a");
        assert!(!Folded::new("\u{301}a").has_diacritics());
    }

    #[test]
    fn origins_point_at_source_characters() {
        let src = "  Ả  b\u{301}c";
        let f = Folded::new(src);
        assert_eq!(f.text, "a bc");
        assert_eq!(f.source_range(src, 0, 1), (2, 5));
        assert_eq!(
            &src[f.source_range(src, 2, 4).0..f.source_range(src, 2, 4).1],
            "b\u{301}c"
        );
    }

    #[test]
    fn dotted_capital_i_loses_its_mark() {
        assert_eq!(fold("İ"), "i");
    }
}
