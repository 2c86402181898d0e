//! The intermediate form every way in produces and the one parser reads:
//! the source as numbered lines (what the review shows beside the parsed
//! plan) and the document as blocks, paragraphs and tables, each pointing
//! at the lines it came from.

/// Which way the document came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    /// Text copied from a web page: wrapped lines, cells between `|` lines.
    WebText,
    /// Text Word puts on the clipboard: a paragraph a line, cells split by tabs.
    WordText,
    /// A `.docx` file.
    Docx,
}

impl SourceKind {
    /// What the review calls the source, in Vietnamese.
    pub fn label_vi(self) -> &'static str {
        match self {
            SourceKind::WebText => "văn bản sao chép từ trang web",
            SourceKind::WordText => "văn bản sao chép từ Word",
            SourceKind::Docx => "tệp Word (.docx)",
        }
    }
}

/// A document read into blocks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub kind: SourceKind,
    /// The source, one entry a line (line `n` is `lines[n - 1]`). For a
    /// `.docx`: one paragraph a line, one table row a line (cells between
    /// ` | `).
    pub lines: Vec<String>,
    pub blocks: Vec<Block>,
}

/// A paragraph or a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Para(Para),
    Table(Table),
}

/// A paragraph: its lines (one unless it holds line breaks), each trimmed,
/// with single spaces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Para {
    pub lines: Vec<String>,
    /// The first and last source lines it covers.
    pub first: usize,
    pub last: usize,
}

impl Para {
    /// A paragraph of one line.
    pub fn new(text: impl Into<String>, first: usize, last: usize) -> Self {
        Self {
            lines: vec![text.into()],
            first,
            last,
        }
    }

    /// The whole paragraph on one line (its lines hold single spaces
    /// already: every reader joins their words).
    pub fn text(&self) -> String {
        self.lines.join(" ")
    }
}

/// A table: rows of cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub rows: Vec<Row>,
}

/// A row of a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub cells: Vec<Cell>,
    /// The source line of the row (its first, when it spans several).
    pub line: usize,
}

/// A table cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub paras: Vec<Para>,
    /// How many grid columns it covers (Word's `gridSpan`).
    pub span: u16,
    /// Where an empty cell is reported.
    pub line: usize,
}

impl Cell {
    /// The cell's text on one line.
    pub fn text(&self) -> String {
        super::text::join(
            self.paras
                .iter()
                .flat_map(|p| p.lines.iter().map(String::as_str)),
        )
    }

    /// The first source line with text in the cell, or the cell's line.
    pub fn first_line(&self) -> usize {
        self.paras.first().map_or(self.line, |p| p.first)
    }
}

impl Table {
    /// The source line of the table's first row.
    pub fn first_line(&self) -> usize {
        self.rows.first().map_or(1, |r| r.line)
    }
}
