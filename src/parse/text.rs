//! The small tests the parser asks of a piece of text (is it a bullet, a
//! numbered heading, upper case …), shared by the readers and the parser.

use crate::search::fold;

/// Joins wrapped lines into one: words separated by a single space.
pub(crate) fn join<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for word in parts.into_iter().flat_map(str::split_whitespace) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// A decorative rule under a heading (`-------`, `____`, `***`).
pub(crate) fn is_rule(text: &str) -> bool {
    let text = text.trim();
    text.chars().count() >= 2
        && text
            .chars()
            .all(|c| matches!(c, '-' | '_' | '*' | '=' | '–'))
}

/// Has letters, none of them lower case (`KẾ HOẠCH`, `TIÊU, PHƯƠNG CHÂM …`).
pub(crate) fn is_upper(text: &str) -> bool {
    text.chars().any(char::is_alphabetic) && !text.chars().any(char::is_lowercase)
}

/// Starts with a capital letter: the start of a sentence (or a name).
pub(crate) fn starts_upper(text: &str) -> bool {
    text.chars().next().is_some_and(char::is_uppercase)
}

/// A roman numeral of the letters plans use (`I` … `XX`).
pub(crate) fn is_roman(text: &str) -> bool {
    !text.is_empty() && text.len() <= 6 && text.chars().all(|c| "IVXLC".contains(c))
}

/// `n` as a roman numeral (1 → `I`, 14 → `XIV`).
pub(crate) fn roman(mut n: u32) -> String {
    const TABLE: [(u32, &str); 9] = [
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (value, numeral) in TABLE {
        while n >= value {
            out.push_str(numeral);
            n -= value;
        }
    }
    out
}

/// Splits a short marker from the text at its `. ` (`II. NHIỆM VỤ` →
/// `II`, `NHIỆM VỤ`), looking only at the start.
fn split_marker(text: &str) -> Option<(&str, &str)> {
    // `. ` is ASCII, so its bytes are character boundaries.
    let at = text
        .as_bytes()
        .windows(2)
        .take(7)
        .position(|w| w == b". ")?;
    Some((&text[..at], &text[at + 2..]))
}

/// A section heading: a roman numeral, `. ` and an upper-case word
/// (`II. NHIỆM VỤ GIẢI`). Gives the numeral and the rest.
pub(crate) fn section_numeral(text: &str) -> Option<(&str, &str)> {
    let (head, rest) = split_marker(text)?;
    (is_roman(head) && starts_upper(rest.trim_start())).then_some((head, rest.trim_start()))
}

/// A numbered line (`3. Tiếp tục hoàn`): its number and the rest.
pub(crate) fn numbered(text: &str) -> Option<(u16, &str)> {
    let (head, rest) = split_marker(text)?;
    if head.is_empty() || head.len() > 3 || !head.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((head.parse().ok()?, rest.trim_start()))
}

/// A bullet (`- Triển khai …`, also `– `, `+ `, `• `): the text after it.
pub(crate) fn bullet(text: &str) -> Option<&str> {
    ["- ", "– ", "+ ", "• "]
        .iter()
        .find_map(|mark| text.strip_prefix(mark))
        .map(str::trim_start)
}

/// A lettered item (`a) Về nông nghiệp`, `đ) …`): the letter.
pub(crate) fn letter_item(text: &str) -> Option<char> {
    let mut chars = text.chars();
    let letter = chars.next()?;
    (letter.is_lowercase()
        && letter.is_alphabetic()
        && chars.next() == Some(')')
        && chars.next() == Some(' '))
    .then_some(letter)
}

/// The `Nơi nhận:` label that follows the body's last section.
pub(crate) fn is_recipients_label(text: &str) -> bool {
    // Folding is the costly part: only short lines can be the label.
    text.len() < 24 && fold(text.trim_end_matches(':').trim()) == "noi nhan"
}

/// A line of the signature's capacity (`TM. ỦY BAN NHÂN DÂN`, `KT. CHỦ TỊCH`).
pub(crate) fn is_capacity(text: &str) -> bool {
    is_upper(text)
        || ["TM.", "KT.", "Q.", "TL.", "T/M", "K/T"]
            .iter()
            .any(|p| text.starts_with(p))
}

/// Whether `text` begins with `prefix`, both folded (case, diacritics).
pub(crate) fn folded_starts_with(text: &str, prefix: &str) -> bool {
    fold(text).starts_with(prefix)
}

/// The first words of a line, for error messages.
pub(crate) fn excerpt(text: &str) -> String {
    const MAX: usize = 40;
    if text.chars().count() <= MAX {
        text.to_owned()
    } else {
        let cut: String = text.chars().take(MAX).collect();
        format!("{cut}…")
    }
}

/// Lower-case ASCII words joined by `-`, for ids: `UBND các huyện` → `ubnd-cac-huyen`.
pub(crate) fn slug(text: &str) -> String {
    let folded = fold(text);
    let mut out = String::new();
    for word in folded.split(|c: char| !c.is_ascii_alphanumeric()) {
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(word);
    }
    out
}
