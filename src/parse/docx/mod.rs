//! Way in 3: a `.docx` file. The ZIP is opened (`zip`), the main document
//! part (`word/document.xml`, or the part `[Content_Types].xml` names) is
//! inflated, and its XML (`xml`) walked for what the parser needs:
//! paragraphs (`w:p`, text of `w:t`, `w:tab` as a space, `w:br`/`w:cr` as
//! line breaks), tables (`w:tbl`, `w:tr`, `w:tc`), merged cells
//! (`w:gridSpan`, `w:vMerge`: a merged-down cell is an empty cell, which
//! the parser reads as the one above), tables inside cells (their text
//! joins the cell) and text boxes. Deleted revisions (`w:delText`), field
//! codes (`w:instrText`) and the fallback copy of drawings
//! (`mc:Fallback`) are skipped. Word's own list numbering (`w:numPr`) is
//! not rendered: plans type their numbers and dashes.
//!
//! The source lines the review shows are one a paragraph and one a table
//! row (its cells between ` | `).

mod xml;
mod zip;

use super::document::{Block, Cell, Document, Para, Row, SourceKind, Table};
use super::text::join;
use super::FileError;
use xml::{attr, Event, Events};

/// Reads a `.docx` into blocks.
pub(super) fn read(bytes: &[u8]) -> Result<Document, FileError> {
    let archive = zip::Archive::open(bytes).map_err(FileError::Damaged)?;
    let part = main_part(&archive)?;
    let xml = archive
        .read(&part)
        .ok_or(FileError::NotWord)?
        .map_err(FileError::Damaged)?;
    let xml = String::from_utf8(xml)
        .map_err(|_| FileError::Damaged(format!("“{part}” không phải văn bản UTF-8")))?;
    let mut builder = Builder::default();
    for event in Events::new(&xml) {
        builder.event(event.map_err(FileError::Damaged)?);
    }
    Ok(Document {
        kind: SourceKind::Docx,
        lines: builder.lines,
        blocks: builder.blocks,
    })
}

/// The name of the main document part.
fn main_part(archive: &zip::Archive<'_>) -> Result<String, FileError> {
    const DEFAULT: &str = "word/document.xml";
    if archive.has(DEFAULT) {
        return Ok(DEFAULT.to_owned());
    }
    let types = archive
        .read("[Content_Types].xml")
        .ok_or(FileError::NotWord)?
        .map_err(FileError::Damaged)?;
    let types = String::from_utf8_lossy(&types);
    for event in Events::new(&types).flatten() {
        if let Event::Start { name, attrs, .. } = event {
            let is_main = attr(attrs, "ContentType")
                .is_some_and(|t| t.contains("wordprocessingml.document.main+xml"));
            if name == "Override" && is_main {
                if let Some(part) = attr(attrs, "PartName") {
                    return Ok(part.trim_start_matches('/').to_owned());
                }
            }
        }
    }
    Err(FileError::NotWord)
}

/// A cell being read.
#[derive(Default)]
struct CellBuilder {
    paras: Vec<Vec<String>>,
    span: u16,
}

/// A table being read: its rows so far, the row and the cell being read.
#[derive(Default)]
struct TableBuilder {
    rows: Vec<Vec<CellBuilder>>,
    row: Vec<CellBuilder>,
    cell: Option<CellBuilder>,
}

/// Builds blocks from the events of `document.xml`.
#[derive(Default)]
struct Builder {
    blocks: Vec<Block>,
    lines: Vec<String>,
    /// Paragraphs being read, innermost last (a text box's paragraphs sit
    /// inside another's).
    paras: Vec<Vec<String>>,
    /// Tables being read, innermost last.
    tables: Vec<TableBuilder>,
    /// Inside `w:t`.
    in_text: bool,
    /// Inside a run (`w:r`): `w:tab` there is a tab, in `w:pPr` a tab stop.
    in_run: usize,
    /// Depth inside a skipped element.
    skip: usize,
}

impl Builder {
    fn event(&mut self, event: Event<'_>) {
        if self.skip > 0 {
            match event {
                Event::Start { empty: false, .. } => self.skip += 1,
                Event::End(_) => self.skip -= 1,
                _ => {}
            }
            return;
        }
        match event {
            Event::Start { name, attrs, empty } => self.start(name, attrs, empty),
            Event::End(name) => self.end(name),
            Event::Text(text) => {
                if self.in_text {
                    if let Some(line) = self.paras.last_mut().and_then(|p| p.last_mut()) {
                        line.push_str(&text);
                    }
                }
            }
        }
    }

    fn start(&mut self, name: &str, attrs: &str, empty: bool) {
        match name {
            "w:delText" | "w:instrText" | "mc:Fallback" | "w:del" if !empty => self.skip = 1,
            "w:p" if !empty => self.paras.push(vec![String::new()]),
            "w:r" if !empty => self.in_run += 1,
            "w:t" if !empty => self.in_text = true,
            "w:tab" if self.in_run > 0 => self.push_text(" "),
            "w:noBreakHyphen" => self.push_text("-"),
            "w:br" | "w:cr" => {
                let page = attr(attrs, "w:type").is_some_and(|t| t == "page" || t == "column");
                if !page {
                    if let Some(p) = self.paras.last_mut() {
                        p.push(String::new());
                    }
                }
            }
            "w:tbl" if !empty => self.tables.push(TableBuilder::default()),
            "w:tc" if !empty => {
                if let Some(t) = self.tables.last_mut() {
                    t.cell = Some(CellBuilder {
                        span: 1,
                        ..CellBuilder::default()
                    });
                }
            }
            "w:gridSpan" => {
                let span = attr(attrs, "w:val")
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(1);
                if let Some(cell) = self.tables.last_mut().and_then(|t| t.cell.as_mut()) {
                    cell.span = span;
                }
            }
            _ => {}
        }
    }

    fn push_text(&mut self, text: &str) {
        if let Some(line) = self.paras.last_mut().and_then(|p| p.last_mut()) {
            line.push_str(text);
        }
    }

    fn end(&mut self, name: &str) {
        match name {
            "w:t" => self.in_text = false,
            "w:r" => self.in_run = self.in_run.saturating_sub(1),
            "w:p" => {
                let Some(lines) = self.paras.pop() else {
                    return;
                };
                let lines: Vec<String> = lines
                    .iter()
                    .map(|l| join([l.as_str()]))
                    .filter(|l| !l.is_empty())
                    .collect();
                if lines.is_empty() {
                    return;
                }
                match self.tables.last_mut().and_then(|t| t.cell.as_mut()) {
                    Some(cell) => cell.paras.push(lines),
                    None => {
                        let no = self.lines.len() + 1;
                        self.lines.push(join(lines.iter().map(String::as_str)));
                        self.blocks.push(Block::Para(Para {
                            lines,
                            first: no,
                            last: no,
                        }));
                    }
                }
            }
            "w:tc" => {
                if let Some(t) = self.tables.last_mut() {
                    if let Some(cell) = t.cell.take() {
                        t.row.push(cell);
                    }
                }
            }
            "w:tr" => {
                if let Some(t) = self.tables.last_mut() {
                    let row = std::mem::take(&mut t.row);
                    t.rows.push(row);
                }
            }
            "w:tbl" => {
                let Some(TableBuilder { rows, .. }) = self.tables.pop() else {
                    return;
                };
                match self.tables.last_mut().and_then(|t| t.cell.as_mut()) {
                    // A table inside a cell: its text joins the cell.
                    Some(outer) => {
                        outer
                            .paras
                            .extend(rows.into_iter().flatten().flat_map(|c| c.paras));
                    }
                    None => {
                        let table = self.table(rows);
                        self.blocks.push(Block::Table(table));
                    }
                }
            }
            _ => {}
        }
    }

    /// A finished table: each row gets one source line.
    fn table(&mut self, rows: Vec<Vec<CellBuilder>>) -> Table {
        let rows = rows
            .into_iter()
            .map(|cells| {
                let no = self.lines.len() + 1;
                let text: Vec<String> = cells
                    .iter()
                    .map(|c| join(c.paras.iter().flatten().map(String::as_str)))
                    .collect();
                self.lines.push(text.join(" | "));
                Row {
                    cells: cells
                        .into_iter()
                        .map(|c| Cell {
                            paras: c
                                .paras
                                .into_iter()
                                .map(|lines| Para {
                                    lines,
                                    first: no,
                                    last: no,
                                })
                                .collect(),
                            span: c.span.max(1),
                            line: no,
                        })
                        .collect(),
                    line: no,
                }
            })
            .collect();
        Table { rows }
    }
}
