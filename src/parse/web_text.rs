//! Way in 1: the text of a web page as the seed was copied. Lines wrap
//! mid-sentence, the page's layout table left lines holding only `|`
//! between its cells, a heading can wrap over two lines and table cells wrap
//! anywhere. This reader puts the paragraphs and the annex tables back:
//! 1. number the lines and split them at the `|` lines into the page's cells;
//! 2. an annex table starts at a cell ending in a number header (`STT`)
//!    followed by a task header (`Nhiệm vụ`); its header cells run up to
//!    the first row, a row is as many cells as there are headers (or one
//!    cell for a group row such as `I. LĨNH VỰC KINH TẾ`);
//! 3. the cell holding section headings (`I. …`) is the body: its lines are
//!    joined into paragraphs (see [`body_paras`]); every other cell is a few
//!    short lines, one paragraph each (see [`short_paras`]).

use super::annex::{column_role, group_heading, is_number_header, row_number};
use super::document::{Block, Cell, Document, Para, Row, SourceKind, Table};
use super::text::{
    bullet, is_recipients_label, is_rule, is_upper, join, letter_item, numbered, section_numeral,
    starts_upper,
};

/// A non-blank line of the source, trimmed, with its 1-based line number.
#[derive(Debug, Clone, Copy)]
struct Line<'a> {
    no: usize,
    text: &'a str,
}

/// The lines between two `|` lines: one cell of the page's layout.
struct PageCell<'a> {
    lines: Vec<Line<'a>>,
    /// The line closing the cell (its `|`, or the text's last line).
    end: usize,
}

impl PageCell<'_> {
    fn joined(&self) -> String {
        join(self.lines.iter().map(|l| l.text))
    }

    fn first_no(&self) -> usize {
        self.lines.first().map_or(self.end, |l| l.no)
    }
}

/// Reads copied web text into blocks.
pub(super) fn read(text: &str) -> Document {
    let source: Vec<String> = text.lines().map(|l| l.trim().to_owned()).collect();
    let last_no = source.len().max(1);
    let lines: Vec<Line<'_>> = text
        .lines()
        .enumerate()
        .map(|(i, l)| Line {
            no: i + 1,
            text: l.trim(),
        })
        .filter(|l| !l.text.is_empty())
        .collect();
    let cells = page_cells(&lines, last_no);

    let mut blocks = Vec::new();
    let mut i = 0;
    while i < cells.len() {
        let cell = &cells[i];
        if let Some(header) = table_start(&cells, i) {
            let (before, label) = cell.lines.split_at(header);
            blocks.extend(short_paras(before).into_iter().map(Block::Para));
            let (table, next) = read_table(&cells, i, label);
            blocks.push(Block::Table(table));
            i = next;
            continue;
        }
        if cell.lines.iter().any(|l| section_numeral(l.text).is_some()) {
            blocks.extend(body_paras(&cell.lines).into_iter().map(Block::Para));
        } else {
            blocks.extend(short_paras(&cell.lines).into_iter().map(Block::Para));
        }
        i += 1;
    }
    Document {
        kind: SourceKind::WebText,
        lines: source,
        blocks,
    }
}

/// Splits the lines into cells at the lines holding only `|`. The empty
/// stretch after a final `|` is not a cell; one between two `|` is.
fn page_cells<'a>(lines: &[Line<'a>], last_no: usize) -> Vec<PageCell<'a>> {
    let mut cells = Vec::new();
    let mut current = Vec::new();
    for line in lines {
        if line.text == "|" {
            cells.push(PageCell {
                lines: std::mem::take(&mut current),
                end: line.no,
            });
        } else {
            current.push(*line);
        }
    }
    if !current.is_empty() {
        cells.push(PageCell {
            lines: current,
            end: last_no,
        });
    }
    cells
}

/// Whether an annex table starts in cell `i`: its last line is a number
/// header and the next cell a task header. Gives the position of that line.
fn table_start(cells: &[PageCell<'_>], i: usize) -> Option<usize> {
    let last = cells[i].lines.last()?;
    if !is_number_header(last.text) {
        return None;
    }
    let next = cells.get(i + 1)?;
    let is_task = column_role(&next.joined()) == crate::model::plan::ColumnRole::Task;
    is_task.then(|| cells[i].lines.len() - 1)
}

/// Reads the table whose first header is `label` (the end of cell `start`);
/// returns it and the index of the first cell after it.
fn read_table(cells: &[PageCell<'_>], start: usize, label: &[Line<'_>]) -> (Table, usize) {
    let is_row_start = |c: &PageCell<'_>| {
        let text = c.joined();
        row_number(&text).is_some() || group_heading(&text).is_some()
    };
    let header_line = label.first().map_or(cells[start].end, |l| l.no);
    let mut header = vec![table_cell(label, header_line)];
    let mut i = start + 1;
    while let Some(cell) = cells.get(i).filter(|c| !is_row_start(c)) {
        header.push(table_cell(&cell.lines, cell.first_no()));
        i += 1;
    }
    let width = header.len();
    let mut rows = vec![Row {
        cells: header,
        line: header_line,
    }];
    while let Some(cell) = cells.get(i).filter(|c| is_row_start(c)) {
        let line = cell.first_no();
        if row_number(&cell.joined()).is_none() {
            rows.push(Row {
                cells: vec![Cell {
                    span: u16::try_from(width).unwrap_or(1),
                    ..table_cell(&cell.lines, line)
                }],
                line,
            });
            i += 1;
            continue;
        }
        let end = (i + width).min(cells.len());
        rows.push(Row {
            cells: cells[i..end]
                .iter()
                .map(|c| table_cell(&c.lines, c.first_no()))
                .collect(),
            line,
        });
        i = end;
    }
    (Table { rows }, i)
}

/// Adds a line's words to a paragraph's text, one space between words.
fn push_words(text: &mut String, line: &str) {
    for word in line.split_whitespace() {
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(word);
    }
}

/// A table cell of wrapped lines: one paragraph.
fn table_cell(lines: &[Line<'_>], line: usize) -> Cell {
    let paras = match (lines.first(), lines.last()) {
        (Some(first), Some(last)) => vec![Para::new(
            join(lines.iter().map(|l| l.text)),
            first.no,
            last.no,
        )],
        _ => Vec::new(),
    };
    Cell {
        paras,
        span: 1,
        line,
    }
}

/// A short cell (header, signature, annex title) as its paragraphs, one a
/// line, as the document means them. Rules (`-------`) are dropped. The page
/// broke a cell's first line after its first word (`ỦY` / `BAN NHÂN DÂN`,
/// `TM.` / `ỦY BAN NHÂN DÂN`, `Kiên` / `Giang, ngày …`), so a lone first word
/// goes back in front of the line after it; a parenthesis wrapped over lines
/// (`(kèm theo …` … `)`) is one paragraph.
fn short_paras(lines: &[Line<'_>]) -> Vec<Para> {
    let kept: Vec<Line<'_>> = lines.iter().copied().filter(|l| !is_rule(l.text)).collect();
    let mut paras: Vec<Para> = Vec::new();
    let mut open = false;
    for line in &kept {
        match paras.last_mut() {
            Some(last) if open => {
                push_words(&mut last.lines[0], line.text);
                last.last = line.no;
            }
            _ => paras.push(Para::new(join([line.text]), line.no, line.no)),
        }
        if line.text.starts_with('(') {
            open = true;
        }
        if line.text.ends_with(')') {
            open = false;
        }
    }
    if paras.len() >= 2 && !paras[0].lines[0].contains(' ') {
        let first = paras.remove(0);
        paras[0].lines[0] = format!("{} {}", first.lines[0], paras[0].lines[0]);
        paras[0].first = first.first;
    }
    paras
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
/// or the line after it, is short. In 22/KH-UBND's body this splits exactly
/// twice: the objective's second paragraph (`Đẩy mạnh cải cách hành chính`)
/// and group 4's paragraph without a dash (`Xây dựng nông thôn mới; …`).
fn ends_paragraph(a: &str, b: &str) -> bool {
    let ends_sentence = a.ends_with(['.', ';', ':', '!', '?', '…']);
    ends_sentence && (a.chars().count() < SHORT_LINE || b.chars().count() < SHORT_LINE)
}

/// How the paragraph being read goes on.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Open {
    /// An upper-case line before the preamble (kind, title): one a paragraph.
    Upper,
    /// A section heading: goes on while the lines stay upper case.
    Section,
    /// A part heading: goes on while the lines start in lower case (a
    /// heading wraps mid-sentence; the body under it starts with a capital).
    Part,
    /// A paragraph, bullet or list item: goes on unless [`ends_paragraph`].
    Text,
    /// A recipient of `Nơi nhận`: a line without a dash goes on with it.
    Recipient,
}

/// The body cell's lines joined into paragraphs. A line starting a
/// structure (a section or numbered heading, a bullet, a lettered item,
/// `Nơi nhận`) starts a paragraph; a plain line goes on with the paragraph
/// above as [`Open`] says. A numbered line is a list item, not a part
/// heading, when it continues a list: `1.` after a line ending in `:` (the
/// 8 focuses after `… như sau:`), `n.` after item `n - 1`.
fn body_paras(lines: &[Line<'_>]) -> Vec<Para> {
    let mut paras: Vec<Para> = Vec::new();
    let mut open: Option<Open> = None;
    let mut in_recipients = false;
    // Lists are read only inside a part: `1.` after a section heading
    // ending in `:` is the section's first part.
    let mut in_part = false;
    // The number the next list item would have, while a list goes on.
    let mut list_next: Option<u16> = None;
    let mut last_text = "";
    for line in lines {
        let text = line.text;
        let starts = if is_recipients_label(text) {
            in_recipients = true;
            Some(None)
        } else if section_numeral(text).is_some() {
            list_next = None;
            in_part = false;
            Some(Some(Open::Section))
        } else if let Some((n, _)) = numbered(text) {
            let continues =
                in_part && (list_next == Some(n) || (n == 1 && last_text.ends_with(':')));
            list_next = continues.then_some(n + 1);
            in_part = true;
            Some(Some(if continues { Open::Text } else { Open::Part }))
        } else if bullet(text).is_some() || letter_item(text).is_some() {
            list_next = None;
            Some(Some(if in_recipients {
                Open::Recipient
            } else {
                Open::Text
            }))
        } else {
            None
        };
        let goes_on = match (starts, open, paras.last()) {
            (Some(_), _, _) | (None, None, _) | (None, _, None) => false,
            (None, Some(Open::Upper), _) => false,
            (None, Some(Open::Section), _) => is_upper(text),
            (None, Some(Open::Part), _) => !starts_upper(text),
            (None, Some(Open::Text), _) => !ends_paragraph(last_text, text),
            (None, Some(Open::Recipient), _) => true,
        };
        if goes_on {
            let para = paras.last_mut().expect("a paragraph is open");
            push_words(&mut para.lines[0], text);
            para.last = line.no;
        } else {
            paras.push(Para::new(join([text]), line.no, line.no));
            open = match starts {
                Some(kind) => kind,
                None if paras.len() == 1 || open == Some(Open::Upper) => {
                    if is_upper(text) {
                        Some(Open::Upper)
                    } else {
                        Some(Open::Text)
                    }
                }
                None => Some(Open::Text),
            };
            if starts.is_none() && open == Some(Open::Text) && list_next.is_some() {
                // A plain paragraph after list items ends the list.
                list_next = None;
            }
        }
        last_text = text;
    }
    paras
}
