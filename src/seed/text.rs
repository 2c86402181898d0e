//! Lines and cells of the copied plan text, and the small tests the parser
//! asks of a line (is it a bullet, a numbered heading, upper case …).

use super::SeedError;

/// A non-blank line of the source, trimmed, with its 1-based line number.
#[derive(Debug, Clone, Copy)]
pub(super) struct Line<'a> {
    pub no: usize,
    pub text: &'a str,
}

/// The lines between two `|` lines: one cell of the web page's layout table.
#[derive(Debug)]
pub(super) struct Cell<'a> {
    pub lines: Vec<Line<'a>>,
    /// The line that closes the cell (its `|`, or the text's last line):
    /// where errors about an empty or cut-off cell point.
    pub end: usize,
}

impl Cell<'_> {
    /// The line errors about this cell's content point at.
    pub fn first_no(&self) -> usize {
        self.lines.first().map_or(self.end, |l| l.no)
    }

    /// The whole cell as one line.
    pub fn joined(&self) -> String {
        join(self.lines.iter().map(|l| l.text))
    }

    /// The cell's lines as the document means them; see [`logical_lines`].
    pub fn logical_lines(&self) -> Vec<String> {
        logical_lines(&self.lines)
    }
}

/// Lines of a header or signature cell as the document means them. Rules
/// (`-------`) are dropped, and since the page broke a cell's first line
/// after its first word (`ỦY` / `BAN NHÂN DÂN`, `TM.` / `ỦY BAN NHÂN DÂN`), a
/// lone first word is put back in front of the line after it.
pub(super) fn logical_lines(lines: &[Line<'_>]) -> Vec<String> {
    let mut out: Vec<String> = lines
        .iter()
        .filter(|l| !is_rule(l.text))
        .map(|l| join([l.text]))
        .collect();
    if out.len() >= 2 && !out[0].contains(' ') {
        let first = out.remove(0);
        out[0] = format!("{first} {}", out[0]);
    }
    out
}

/// Pass 1: numbers the lines, trims them and drops blank ones (the copy has
/// none, and a blank line carries nothing the parser relies on).
pub(super) fn lines(text: &str) -> Vec<Line<'_>> {
    text.lines()
        .enumerate()
        .map(|(i, l)| Line {
            no: i + 1,
            text: l.trim(),
        })
        .filter(|l| !l.text.is_empty())
        .collect()
}

/// Pass 2: splits the lines into cells at the lines holding only `|`. The
/// empty stretch after a final `|` is not a cell; an empty stretch between
/// two `|` is (an empty cell).
pub(super) fn cells<'a>(lines: &[Line<'a>], last_no: usize) -> Vec<Cell<'a>> {
    let mut cells = Vec::new();
    let mut current = Vec::new();
    for line in lines {
        if line.text == "|" {
            cells.push(Cell {
                lines: std::mem::take(&mut current),
                end: line.no,
            });
        } else {
            current.push(*line);
        }
    }
    if !current.is_empty() {
        cells.push(Cell {
            lines: current,
            end: last_no,
        });
    }
    cells
}

/// The cells in order, handed out one by one.
pub(super) struct Cells<'a> {
    cells: std::vec::IntoIter<Cell<'a>>,
    /// The text's last line: where to point when the cells run out.
    last_no: usize,
}

impl<'a> Cells<'a> {
    pub fn new(cells: Vec<Cell<'a>>, last_no: usize) -> Self {
        Self {
            cells: cells.into_iter(),
            last_no,
        }
    }

    /// The next cell, if any is left.
    pub fn next_opt(&mut self) -> Option<Cell<'a>> {
        self.cells.next()
    }

    /// The next cell; `what` names what was expected if there is none.
    pub fn next(&mut self, what: &str) -> Result<Cell<'a>, SeedError> {
        self.cells.next().ok_or_else(|| self.missing(what))
    }

    /// The error for text that stops before `what`.
    pub fn missing(&self, what: &str) -> SeedError {
        SeedError::cut_short(self.last_no, what)
    }
}

/// Joins wrapped lines into one: words separated by a single space.
pub(super) fn join<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for word in parts.into_iter().flat_map(str::split_whitespace) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// A decorative rule under a heading (`-------`).
fn is_rule(text: &str) -> bool {
    text.len() >= 2 && text.chars().all(|c| c == '-')
}

/// Has letters, none of them lower case (`KẾ HOẠCH`, `TIÊU, PHƯƠNG CHÂM …`).
pub(super) fn is_upper(text: &str) -> bool {
    text.chars().any(char::is_alphabetic) && !text.chars().any(char::is_lowercase)
}

/// Starts with a capital letter: the start of a sentence (or a name).
pub(super) fn starts_upper(text: &str) -> bool {
    text.chars().next().is_some_and(char::is_uppercase)
}

/// A section heading line: a roman numeral, `. ` and an upper-case word
/// (`II. NHIỆM VỤ GIẢI`). Gives the numeral and the rest.
pub(super) fn section_numeral(text: &str) -> Option<(&str, &str)> {
    let (head, rest) = text.split_once(". ")?;
    let roman = !head.is_empty() && head.chars().all(|c| "IVXLC".contains(c));
    (roman && starts_upper(rest)).then_some((head, rest))
}

/// A numbered line (`3. Tiếp tục hoàn`): its number and the rest.
pub(super) fn numbered(text: &str) -> Option<(u16, &str)> {
    let (head, rest) = text.split_once(". ")?;
    if head.is_empty() || head.len() > 3 || !head.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((head.parse().ok()?, rest))
}

/// A bullet line (`- Triển khai …`): the text after the dash.
pub(super) fn bullet(text: &str) -> Option<&str> {
    text.strip_prefix("- ")
}

/// The `Nơi nhận:` label that follows the body's last section.
pub(super) fn is_recipients_label(text: &str) -> bool {
    text.trim_end_matches(':').trim() == "Nơi nhận"
}

/// Roughly half the copy's wrap width (about 80 characters). See
/// [`ends_paragraph`].
const SHORT_LINE: usize = 42;

/// Whether a paragraph ends between two consecutive plain lines `a` and `b`.
///
/// The page lost its paragraph marks, but not their traces: a paragraph's
/// last line ends a sentence and usually stops well short of the wrap width,
/// and its first line is short too (it was indented; nearly every bullet's
/// first line is under 42 characters). Lines wrapped inside a paragraph run
/// to about 80. So a paragraph ends after a line ending a sentence when it,
/// or the line after it, is short. In the whole body this splits exactly
/// twice: the objective's second paragraph (`Đẩy mạnh cải cách hành chính`)
/// and group 4's paragraph without a dash (`Xây dựng nông thôn mới; …`).
pub(super) fn ends_paragraph(a: &str, b: &str) -> bool {
    let ends_sentence = a.ends_with(['.', ';', ':', '!', '?', '…']);
    ends_sentence && (a.chars().count() < SHORT_LINE || b.chars().count() < SHORT_LINE)
}

/// A cursor over a cell's lines.
pub(super) struct Cursor<'c, 'a> {
    lines: &'c [Line<'a>],
    pos: usize,
    /// Where to point when the lines run out.
    end: usize,
}

impl<'c, 'a> Cursor<'c, 'a> {
    pub fn new(cell: &'c Cell<'a>) -> Self {
        Self {
            lines: &cell.lines,
            pos: 0,
            end: cell.end,
        }
    }

    pub fn peek(&self) -> Option<Line<'a>> {
        self.lines.get(self.pos).copied()
    }

    /// The next line, if `keep` accepts it.
    pub fn next_if(&mut self, keep: impl Fn(&str) -> bool) -> Option<Line<'a>> {
        let line = self.peek().filter(|l| keep(l.text))?;
        self.pos += 1;
        Some(line)
    }

    /// The next line; `what` names what was expected if there is none.
    pub fn next(&mut self, what: &str) -> Result<Line<'a>, SeedError> {
        let line = self.peek().ok_or_else(|| self.missing(what))?;
        self.pos += 1;
        Ok(line)
    }

    /// The error for a next line that is not `what` (or for no next line).
    pub fn unexpected(&self, what: &str) -> SeedError {
        match self.peek() {
            Some(l) => SeedError::new(
                l.no,
                format!("mong đợi {what}, nhưng gặp “{}”", excerpt(l.text)),
            ),
            None => self.missing(what),
        }
    }

    /// The error for text that stops before `what`.
    pub fn missing(&self, what: &str) -> SeedError {
        SeedError::cut_short(self.end, what)
    }
}

/// The first words of a line, for error messages.
pub(super) fn excerpt(text: &str) -> String {
    const MAX: usize = 40;
    if text.chars().count() <= MAX {
        text.to_owned()
    } else {
        let cut: String = text.chars().take(MAX).collect();
        format!("{cut}…")
    }
}
