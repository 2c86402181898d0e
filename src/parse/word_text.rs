//! Way in 2: the text Word puts on the clipboard when the whole document is
//! copied. A paragraph is a line (a manual line break inside it is a
//! vertical tab, U+000B); a table row is a line with its cells separated by
//! tabs. A cell holding several paragraphs breaks its row over several
//! lines, so a table is read as a run of lines with tabs (and the lines
//! between them), as wide as its widest row: a row goes on until it has
//! that many cells; a line without tabs after a full row is a group row
//! (`I. LĨNH VỰC …`) or the next row's STT when it reads as one, and more
//! of the row's last cell otherwise; an upper-case line that starts no row
//! (the next annex's title) ends the table. A list paragraph Word numbered itself
//! comes as its marker, a tab and its text (`-\tTriển khai …`), and is read
//! as the paragraph it is.

use super::annex::{group_heading, row_number};
use super::document::{Block, Cell, Document, Para, Row, SourceKind, Table};
use super::text::{is_roman, is_upper, join};

/// How many lines without tabs may stand between two rows of one table.
const MAX_GAP: usize = 3;

/// A line of the text, classified.
enum Line {
    Blank,
    /// A paragraph: its lines (split at manual line breaks).
    Para(Vec<String>),
    /// A table row: its cells' texts.
    Row(Vec<String>),
}

/// Reads Word's clipboard text into blocks.
pub(super) fn read(text: &str) -> Document {
    let source: Vec<String> = text
        .lines()
        .map(|l| l.replace(['\t', '\u{b}'], " ").trim().to_owned())
        .collect();
    let lines: Vec<Line> = text.lines().map(classify).collect();
    let mut blocks = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        match &lines[i] {
            Line::Blank => i += 1,
            Line::Para(parts) => {
                blocks.push(Block::Para(para(parts, i + 1)));
                i += 1;
            }
            Line::Row(_) => {
                let end = run_end(&lines, i);
                blocks.push(Block::Table(table(&lines[i..end], i + 1)));
                i = end;
            }
        }
    }
    Document {
        kind: SourceKind::WordText,
        lines: source,
        blocks,
    }
}

fn classify(line: &str) -> Line {
    let line = line.trim_matches([' ', '\r', '\u{a0}']);
    if line.trim().is_empty() {
        return Line::Blank;
    }
    if !line.contains('\t') {
        return Line::Para(line.split('\u{b}').map(|l| join([l])).collect());
    }
    let cells: Vec<String> = line.split('\t').map(|c| join([c])).collect();
    if let [marker, rest] = &cells[..] {
        if let Some(marker) = list_marker(marker) {
            return Line::Para(vec![join([marker, rest.as_str()])]);
        }
    }
    Line::Row(cells)
}

/// A list marker Word writes before a tab: `-`, `•` (also the Symbol font's
/// private-use bullet), `+`, `1.`, `a)`, `II.`. Bullets become `-`.
fn list_marker(text: &str) -> Option<&str> {
    match text {
        "-" | "–" | "•" | "\u{f0b7}" | "\u{f02d}" | "·" => Some("-"),
        "+" => Some("+"),
        _ => {
            let (head, dot) = text.split_at(text.len().checked_sub(1)?);
            let numbered = head.bytes().all(|b| b.is_ascii_digit()) && !head.is_empty();
            let lettered = head.chars().count() == 1 && head.chars().all(char::is_lowercase);
            ((dot == "." && (numbered || is_roman(head))) || (dot == ")" && lettered))
                .then_some(text)
        }
    }
}

/// A paragraph at source line `no`.
fn para(parts: &[String], no: usize) -> Para {
    Para {
        lines: parts.iter().filter(|p| !p.is_empty()).cloned().collect(),
        first: no,
        last: no,
    }
}

/// Where the run of table lines starting at `start` ends: after its last
/// row line that has no more than [`MAX_GAP`] other lines before it, and
/// before a blank line or an upper-case line that does not start a row
/// (the next annex's title, `PHỤ LỤC II`).
fn run_end(lines: &[Line], start: usize) -> usize {
    let mut end = start + 1;
    let mut gap = 0;
    for (i, line) in lines.iter().enumerate().skip(start + 1) {
        match line {
            Line::Row(_) => {
                end = i + 1;
                gap = 0;
            }
            Line::Blank => break,
            Line::Para(parts) => {
                let text = join(parts.iter().map(String::as_str));
                let starts_row = group_heading(&text).is_some() || row_number(&text).is_some();
                gap += 1;
                if gap > MAX_GAP || (is_upper(&text) && !starts_row) {
                    break;
                }
            }
        }
    }
    end
}

/// The rows of a run of lines, the first at source line `first`.
fn table(lines: &[Line], first: usize) -> Table {
    let width = lines
        .iter()
        .map(|l| match l {
            Line::Row(cells) => cells.len(),
            _ => 1,
        })
        .max()
        .unwrap_or(1);
    let mut rows: Vec<Row> = Vec::new();
    // The row being read, and whether it is whole (a group row is).
    let mut current: Option<(Row, bool)> = None;
    for (offset, line) in lines.iter().enumerate() {
        let no = first + offset;
        let cell = |text: &str| Cell {
            paras: if text.is_empty() {
                Vec::new()
            } else {
                vec![Para::new(text, no, no)]
            },
            span: 1,
            line: no,
        };
        match line {
            Line::Blank => {}
            Line::Row(texts) => match current.as_mut() {
                Some((row, false)) if row.cells.len() < width => {
                    // A cell broken over lines: the first piece goes on it.
                    let last = row.cells.last_mut().expect("a row has a cell");
                    if !texts[0].is_empty() {
                        last.paras.push(Para::new(texts[0].as_str(), no, no));
                    }
                    row.cells.extend(texts[1..].iter().map(|t| cell(t)));
                }
                _ => {
                    rows.extend(current.take().map(|(r, _)| r));
                    current = Some((
                        Row {
                            cells: texts.iter().map(|t| cell(t)).collect(),
                            line: no,
                        },
                        false,
                    ));
                }
            },
            Line::Para(parts) => {
                let text = join(parts.iter().map(String::as_str));
                let starts_row = group_heading(&text).is_some() || row_number(&text).is_some();
                match current.as_mut() {
                    Some((row, false)) if row.cells.len() < width || !starts_row => {
                        let last = row.cells.last_mut().expect("a row has a cell");
                        last.paras.push(para(parts, no));
                    }
                    _ => {
                        rows.extend(current.take().map(|(r, _)| r));
                        let group = group_heading(&text).is_some();
                        let mut c = cell(&text);
                        if group {
                            c.span = u16::try_from(width).unwrap_or(1);
                        }
                        current = Some((
                            Row {
                                cells: vec![c],
                                line: no,
                            },
                            group,
                        ));
                    }
                }
            }
        }
    }
    rows.extend(current.map(|(r, _)| r));
    Table { rows }
}
