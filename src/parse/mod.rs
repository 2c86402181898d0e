//! The parser of any plan of this family (a provincial "Kế hoạch" carrying
//! out a resolution, like 22/KH-UBND of Kiên Giang). Pure: no I/O beyond its
//! input, so a `build.rs` can run it too.
//!
//! # Three ways in, one parser
//! Each way in is read into one intermediate form, [`Document`]: the source
//! as numbered lines and the document as blocks (paragraphs and tables):
//! - [`read_text`] of the text copied from a web page (`web_text`: wrapped
//!   lines, cells between `|` lines) or the text Word puts on the clipboard
//!   (`word_text`: a paragraph a line, cells split by tabs), told apart by
//!   content;
//! - [`read`] of any bytes: a `.docx` (`docx`: a small ZIP reader and an XML
//!   reader of paragraphs, tables, cells, merged cells and line breaks), or
//!   text in UTF-8 or UTF-16; a `.doc`, `.pdf`, RTF, empty or damaged file
//!   or a ZIP that is not a Word document is a [`FileError`] saying what to do.
//!
//! [`parse`] reads a document against a unit registry: layout tables
//! (header, signature) are read as their paragraphs, annex tables by their
//! header row. The parts are recognised by what they say, in the order the
//! family prints them: issuer, national heading, number, place and date
//! (`header`); kind, title, preamble, the roman-numbered sections with
//! their numbered parts, bullets, lists and lettered items (`body`); `Nơi
//! nhận` and the signature (`header`); the annexes (`annex`). Deadlines are
//! read by [`deadline`], unit names by [`units`]. The result is the plan
//! with its [`Review`]: where every source line went, counts, proposed
//! units, each annex row's unit and due date, problems. Corrections are
//! inputs of the same parse. [`parse_strict`] (the embedded plan, tests)
//! also refuses any line not understood, problem or unknown unit.
//!
//! # Ids
//! Ids come from the document's structure, so two offices reading the same
//! document get the same ids; for 22/KH-UBND they are those it always had.
//! - Section *k* (its roman numeral's value) is `muc-k`.
//! - A section's parts are `P` + their number, where `P` is `nv-` for the
//!   first section whose heading starts with `NHIỆM VỤ`, `tc-` for the first
//!   whose heading starts with `TỔ CHỨC THỰC HIỆN`, and `muc-k-` otherwise
//!   (`muc-1-3`, `nv-11`, `tc-2`). Text before a section's first numbered
//!   part is part 0 (`muc-2-0`).
//! - An item is its part's id, `-` and its position in the part (`nv-4-2`),
//!   except in the first part whose heading names `trọng tâm` (the
//!   direction focuses): `tt-` and its position (`tt-3`).
//! - Annex *a* is `phu-luc` for the first, `phu-luc-a` after it. Its group
//!   rows are the annex id, `-` and the numeral folded (`phu-luc-ii`). Its
//!   tasks are `pl-` (first annex) or `pl<a>-` and the STT (`pl-12`,
//!   `pl2-5`); when the STT starts again at 1 under each group, the group's
//!   folded numeral goes before it (`pl-ii-3`).
//! - A unit the registry lacks gets the slug of the name first printed
//!   (`so-gtvt`, `ubnd-cac-huyen-thanh-pho`).
//!
//! The parser never panics: a document that does not have this shape (cut
//! short, a section missing, a number skipped, an annex row cut off) is a
//! [`ParseError`] naming its line.

mod annex;
mod body;
pub mod deadline;
mod document;
mod docx;
mod header;
pub mod registry;
pub mod review;
mod text;
pub mod units;
mod web_text;
mod word_text;

use std::fmt;

use crate::model::plan::{Plan, PlanMeta};
use crate::model::unit::Unit;

pub use document::{Block, Cell, Document, Para, Row, SourceKind, Table};
pub use registry::{parse_opened, registry_for};
pub use review::{
    Correction, Counts, Field, Inferred, Parsed, Place, Problem, Review, ReviewLine, RowReview,
    RuleSource,
};
pub use units::{ProposedUnit, Role, UnitFix, UnitUse};

use review::count;
pub(crate) use text::slug;
use text::{excerpt, is_rule};

/// Why a document could not be read as a plan: the line and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// The 1-based source line where the problem is.
    pub line: usize,
    /// What is wrong, in Vietnamese.
    pub message: String,
}

impl ParseError {
    /// An error at `line`.
    pub fn new(line: usize, message: impl Into<String>) -> Self {
        Self {
            line,
            message: message.into(),
        }
    }

    /// The error for content that ends, at `line`, before `what`.
    fn cut_short(line: usize, what: &str) -> Self {
        Self::new(line, format!("hết nội dung khi còn thiếu {what}"))
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Dòng {}: {}", self.line, self.message)
    }
}

impl std::error::Error for ParseError {}

/// Why some bytes are not a document the parser reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileError {
    Empty,
    /// A Word 97–2003 `.doc` (OLE compound file).
    OldWord,
    Pdf,
    Rtf,
    /// A ZIP that holds no `word/document.xml` (a spreadsheet, an archive).
    NotWord,
    /// A `.docx` that cannot be read: what went wrong.
    Damaged(String),
    /// Not text and not a known kind of file.
    Binary,
    /// A JSON file (a tracking or plan file), not a document.
    Json,
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const AS_DOCX: &str = "Hãy mở tệp trong Word, chọn Tệp → Lưu thành → \
            Tài liệu Word (*.docx), rồi mở tệp .docx vừa lưu.";
        match self {
            FileError::Empty => f.write_str(
                "Tệp trống: không có nội dung nào để đọc. Hãy chọn tệp kế hoạch \
                 (.docx) hoặc dán toàn văn kế hoạch.",
            ),
            FileError::OldWord => write!(
                f,
                "Đây là tệp Word cũ (.doc); ứng dụng chỉ đọc được tệp .docx. {AS_DOCX}"
            ),
            FileError::Pdf => f.write_str(
                "Đây là tệp PDF; ứng dụng không đọc được nội dung PDF. Hãy dùng bản Word \
                 (.docx) của kế hoạch; nếu chỉ có PDF, hãy mở nó, chọn toàn bộ văn bản \
                 (Ctrl+A), sao chép (Ctrl+C) rồi dán vào ô văn bản.",
            ),
            FileError::Rtf => write!(f, "Đây là tệp RTF, không phải .docx. {AS_DOCX}"),
            FileError::NotWord => f.write_str(
                "Tệp nén này không phải tài liệu Word (không có word/document.xml). \
                 Hãy chọn tệp .docx của kế hoạch.",
            ),
            FileError::Damaged(why) => write!(
                f,
                "Tệp .docx bị hỏng, không đọc được ({why}). Hãy mở tệp trong Word để \
                 kiểm tra; nếu Word mở được, chọn Lưu thành .docx rồi thử lại."
            ),
            FileError::Binary => f.write_str(
                "Tệp này không phải văn bản hay tài liệu Word. Hãy chọn tệp .docx của \
                 kế hoạch, hoặc dán toàn văn kế hoạch.",
            ),
            FileError::Json => f.write_str(
                "Đây là tệp dữ liệu (JSON), không phải văn bản kế hoạch. Tệp theo dõi và \
                 tệp kế hoạch được mở ở trang Trao đổi; ở đây hãy chọn tệp .docx hoặc dán \
                 toàn văn kế hoạch.",
            ),
        }
    }
}

impl std::error::Error for FileError {}

/// Why a file or text did not give a plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    File(FileError),
    Parse(ParseError),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::File(e) => e.fmt(f),
            Error::Parse(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for Error {}

impl From<FileError> for Error {
    fn from(e: FileError) -> Self {
        Error::File(e)
    }
}

impl From<ParseError> for Error {
    fn from(e: ParseError) -> Self {
        Error::Parse(e)
    }
}

/// What a parse reads against.
#[derive(Debug, Clone, Copy)]
pub struct Options<'a> {
    /// The units known before reading: names resolve to them first.
    pub registry: &'a [Unit],
    /// The user's corrections so far.
    pub corrections: &'a [Correction],
}

/// Reads any bytes into a document, telling the kind of file by content.
pub fn read(bytes: &[u8]) -> Result<Document, FileError> {
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace());
    let Some(start) = start else {
        return Err(FileError::Empty);
    };
    let head = &bytes[start..];
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return docx::read(bytes);
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(FileError::OldWord);
    }
    if head.starts_with(b"%PDF") {
        return Err(FileError::Pdf);
    }
    if head.starts_with(b"{\\rtf") {
        return Err(FileError::Rtf);
    }
    let text = decode_text(bytes).ok_or(FileError::Binary)?;
    if text.trim_start().starts_with('{') {
        return Err(FileError::Json);
    }
    if text.trim().is_empty() {
        return Err(FileError::Empty);
    }
    Ok(read_text(&text))
}

/// UTF-8 (with or without its BOM) or UTF-16 with a BOM, as Notepad saves.
fn decode_text(bytes: &[u8]) -> Option<String> {
    let utf16 = |units: Vec<u16>| String::from_utf16(&units).ok();
    match bytes {
        [0xEF, 0xBB, 0xBF, rest @ ..] => std::str::from_utf8(rest).ok().map(str::to_owned),
        [0xFF, 0xFE, rest @ ..] => utf16(
            rest.chunks_exact(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]]))
                .collect(),
        ),
        [0xFE, 0xFF, rest @ ..] => utf16(
            rest.chunks_exact(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect(),
        ),
        _ => std::str::from_utf8(bytes)
            .ok()
            .filter(|t| !t.contains('\0'))
            .map(str::to_owned),
    }
}

/// Reads pasted or copied text: web text when some line holds only `|`
/// (the page's cells), Word's clipboard text otherwise.
pub fn read_text(text: &str) -> Document {
    if text.lines().any(|l| l.trim() == "|") {
        web_text::read(text)
    } else {
        word_text::read(text)
    }
}

/// Parses a document; see the module's comment.
pub fn parse(doc: &Document, options: &Options<'_>) -> Result<Parsed, ParseError> {
    let result = parse_document(doc, options);
    match result {
        Err(e) if !doc.blocks.is_empty() && !looks_like_a_plan(doc) => Err(ParseError::new(
            e.line,
            "văn bản này không phải một kế hoạch: không thấy tiêu đề “KẾ HOẠCH” và các mục \
             La Mã (I., II., III.). Hãy chọn văn bản kế hoạch (bản Word .docx, hoặc toàn \
             văn sao chép từ Word hay từ trang web).",
        )),
        other => other,
    }
}

/// Parses a document that must be read whole: every line understood, no
/// problem, every unit in the registry. The first that is not is the error.
pub fn parse_strict(doc: &Document, registry: &[Unit]) -> Result<Plan, ParseError> {
    let parsed = parse(
        doc,
        &Options {
            registry,
            corrections: &[],
        },
    )?;
    let review = &parsed.review;
    let not_understood = review
        .lines
        .iter()
        .position(|l| l.place == Place::NotUnderstood)
        .map(|i| {
            ParseError::new(
                i + 1,
                format!("không hiểu dòng này: “{}”", excerpt(&review.lines[i].text)),
            )
        });
    let problem = review
        .problems
        .iter()
        .map(|p| ParseError::new(p.line.unwrap_or(1), p.message.clone()));
    let unknown_unit = review.proposed_units.iter().flat_map(|p| {
        p.uses.iter().map(|u| {
            let role = match u.role {
                Role::Lead => "đơn vị chủ trì",
                Role::Coordinating => "cơ quan phối hợp",
            };
            ParseError::new(
                u.line,
                format!(
                    "hàng STT {}: không nhận ra {role} “{}” (không có trong danh mục đơn vị)",
                    u.row,
                    excerpt(&p.printed[0])
                ),
            )
        })
    });
    match not_understood
        .into_iter()
        .chain(problem)
        .chain(unknown_unit)
        .min_by_key(|e| e.line)
    {
        Some(e) => Err(e),
        None => Ok(parsed.plan),
    }
}

/// Whether a document has the marks of a plan: a `KẾ HOẠCH` line or a
/// roman-numbered section.
fn looks_like_a_plan(doc: &Document) -> bool {
    let mut lines = doc.lines.iter().map(|l| l.trim());
    lines.any(|l| {
        let folded = crate::search::fold(l);
        folded == "ke hoach" || text::section_numeral(l).is_some()
    })
}

/// What the parser reads: paragraphs (layout tables read as theirs) and
/// annex tables.
#[derive(Clone, Copy)]
enum Piece<'d> {
    Para(&'d Para),
    Table(&'d Table),
}

/// The pieces in order, with where each source line went.
pub(crate) struct Reader<'d> {
    pieces: Vec<Piece<'d>>,
    pos: usize,
    places: Vec<Place>,
    /// The source's last line: where to point when the pieces run out.
    last_line: usize,
}

impl<'d> Reader<'d> {
    fn new(doc: &'d Document) -> Self {
        let mut pieces = Vec::new();
        for block in &doc.blocks {
            flatten(block, &mut pieces);
        }
        let places = doc
            .lines
            .iter()
            .map(|l| {
                let l = l.trim();
                if l.is_empty() || l == "|" || is_rule(l) {
                    Place::Layout
                } else {
                    Place::NotUnderstood
                }
            })
            .collect();
        Self {
            pieces,
            pos: 0,
            places,
            last_line: doc.lines.len().max(1),
        }
    }

    fn peek(&self) -> Option<Piece<'d>> {
        self.pieces.get(self.pos).copied()
    }

    /// The next paragraph, if the next piece is one.
    fn peek_para(&self) -> Option<&'d Para> {
        match self.peek()? {
            Piece::Para(p) => Some(p),
            Piece::Table(_) => None,
        }
    }

    /// Takes the next paragraph if `keep` accepts its text.
    fn next_para_if(&mut self, keep: impl Fn(&str) -> bool) -> Option<&'d Para> {
        let para = self.peek_para().filter(|p| keep(&p.text()))?;
        self.pos += 1;
        Some(para)
    }

    fn advance(&mut self) {
        self.pos += 1;
    }

    /// Records where a paragraph's lines went.
    fn place(&mut self, para: &Para, place: Place) {
        self.place_lines(para.first, para.last, place);
    }

    fn place_lines(&mut self, first: usize, last: usize, place: Place) {
        for line in first..=last {
            // Layout lines inside a paragraph's span (a rule, a `|`) stay
            // layout; a rule sharing a line with text (a `.docx` table row
            // is one line) does not make the text layout.
            if let Some(slot) = line.checked_sub(1).and_then(|i| self.places.get_mut(i)) {
                let keep = *slot == Place::Layout
                    || (place == Place::Layout && *slot != Place::NotUnderstood);
                if !keep {
                    *slot = place.clone();
                }
            }
        }
    }

    /// The error for a next piece that is not `what`.
    fn unexpected(&self, what: &str) -> ParseError {
        match self.peek() {
            Some(Piece::Para(p)) => ParseError::new(
                p.first,
                format!("mong đợi {what}, nhưng gặp “{}”", excerpt(&p.text())),
            ),
            Some(Piece::Table(t)) => ParseError::new(
                t.first_line(),
                format!("mong đợi {what}, nhưng gặp một bảng"),
            ),
            None => ParseError::cut_short(self.last_line, what),
        }
    }
}

/// A table is an annex table when its header row names the columns of
/// one; any other table is layout, read as its cells' paragraphs.
fn flatten<'d>(block: &'d Block, out: &mut Vec<Piece<'d>>) {
    match block {
        Block::Para(p) => out.push(Piece::Para(p)),
        Block::Table(t) if annex::is_task_table(t) => out.push(Piece::Table(t)),
        Block::Table(t) => {
            for cell in t.rows.iter().flat_map(|r| &r.cells) {
                out.extend(cell.paras.iter().map(Piece::Para));
            }
        }
    }
}

fn parse_document(doc: &Document, options: &Options<'_>) -> Result<Parsed, ParseError> {
    let mut reader = Reader::new(doc);
    let head = header::parse_head(&mut reader)?;
    let body = body::parse_body(&mut reader)?;
    let recipients = header::parse_recipients(&mut reader)?;
    let (signer_capacity, signer) = header::parse_signature(&mut reader)?;
    let sections = body.sections;
    let fixes = options
        .corrections
        .iter()
        .filter_map(|c| match c {
            Correction::Unit(fix) => Some(fix.clone()),
            _ => None,
        })
        .collect();
    let mut resolver = units::Resolver::new(options.registry, fixes);
    let annexes = annex::parse_annexes(
        &mut reader,
        &mut annex::Context {
            resolver: &mut resolver,
            corrections: options.corrections,
        },
        &body.title,
        head.date,
    )?;
    let (units, proposed_units) = resolver.finish();
    let (reporting, reporting_from) = body::reporting_rule(&sections, annexes.year);

    let plan = Plan {
        meta: PlanMeta {
            issuer_lines: head.issuer_lines,
            national_lines: head.national_lines,
            number: head.number,
            place: head.place,
            date: head.date,
            year: annexes.year,
            kind: body.kind,
            title: body.title,
            resolution: body.resolution,
            signer_capacity,
            signer,
            recipients,
            reporting,
        },
        preamble: body.preamble,
        sections,
        annexes: annexes.annexes,
        units,
    };
    let lines: Vec<ReviewLine> = doc
        .lines
        .iter()
        .zip(reader.places)
        .map(|(text, place)| ReviewLine {
            text: text.clone(),
            place,
        })
        .collect();
    let counts = count(&plan, &lines, proposed_units.len());
    let mut problems = annexes.problems;
    problems.extend(stale_corrections(&plan, &proposed_units, options));
    Ok(Parsed {
        plan,
        review: Review {
            kind: doc.kind,
            lines,
            counts,
            proposed_units,
            rows: annexes.rows,
            problems,
            reporting_from,
        },
    })
}

/// Corrections that name a task or unit the plan does not have.
fn stale_corrections(
    plan: &Plan,
    proposed: &[ProposedUnit],
    options: &Options<'_>,
) -> Vec<Problem> {
    let has_task = |id: &str| plan.annex_tasks().any(|t| t.id == id);
    let has_unit = |id: &crate::model::unit::UnitId| plan.unit(id).is_some();
    options
        .corrections
        .iter()
        .filter_map(|c| {
            let (what, ok) = match c {
                Correction::Title { task, .. } | Correction::Deadline { task, .. } => {
                    (task.clone(), has_task(task))
                }
                Correction::Lead { task, unit } => {
                    (format!("{task} → {unit}"), has_task(task) && has_unit(unit))
                }
                Correction::Unit(UnitFix::Names { unit, .. }) => (
                    unit.to_string(),
                    proposed.iter().any(|p| &p.unit.id == unit),
                ),
                Correction::Unit(UnitFix::Same {
                    proposed: from,
                    unit,
                }) => (format!("{from} → {unit}"), has_unit(unit)),
            };
            (!ok).then(|| Problem {
                line: None,
                message: format!("Sửa đổi “{what}” không còn khớp với kế hoạch đọc được."),
            })
        })
        .collect()
}
