//! Parses the embedded plan text into the plan model. Pure.
//!
//! The text was copied from a web page: lines wrap mid-sentence, the page's
//! layout table left lines holding only `|` between its cells, a heading can
//! wrap over two lines and table cells wrap anywhere. The parser works in
//! passes, each small enough to check by eye:
//! 1. `text::lines`: number the lines, trim them, drop blank ones;
//! 2. `text::cells`: split at the `|` lines into the page's cells;
//! 3. read the cells by their place: issuer, national heading, number, place
//!    and date, the body (`body`: title, preamble, sections I–III,
//!    `Nơi nhận`), the signature, and the annex (`annex`).
//!
//! A document that does not have this shape (cut short, a section missing,
//! an annex row naming an unknown unit) is an error naming its line; the
//! parser never panics.

mod annex;
mod body;
mod text;

use std::fmt;
use std::sync::OnceLock;

use chrono::NaiveDate;

use crate::model::plan::{Plan, PlanMeta};

use text::{excerpt, Cell, Cells};

/// The plan document, compiled in.
pub const PLAN_TEXT: &str = include_str!("../../seeds/ke-hoach-22-KH-UBND-2021.txt");

/// Why a plan text could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeedError {
    /// The 1-based line of the text where the problem is.
    pub line: usize,
    /// What is wrong, in Vietnamese.
    pub message: String,
}

impl SeedError {
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

impl fmt::Display for SeedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Dòng {}: {}", self.line, self.message)
    }
}

impl std::error::Error for SeedError {}

/// The embedded plan, parsed on first use.
///
/// # Panics
/// If [`PLAN_TEXT`] does not parse; the tests prove it does.
pub fn plan() -> &'static Plan {
    static PLAN: OnceLock<Plan> = OnceLock::new();
    PLAN.get_or_init(|| {
        parse_plan(PLAN_TEXT).unwrap_or_else(|e| panic!("the embedded plan does not parse: {e}"))
    })
}

/// Parses a plan text shaped like Kế hoạch 22/KH-UBND as copied from the web.
pub fn parse_plan(text: &str) -> Result<Plan, SeedError> {
    let lines = text::lines(text);
    let last_no = text.lines().count().max(1);
    let mut cells = Cells::new(text::cells(&lines, last_no), last_no);

    let issuer_lines = header_lines(&cells.next("cơ quan ban hành (ỦY BAN NHÂN DÂN …)")?)?;
    let national_lines = header_lines(&cells.next("quốc hiệu (CỘNG HÒA …)")?)?;
    let number = document_number(&cells.next("số hiệu văn bản (Số: …)")?)?;
    let (place, date) = place_and_date(&cells.next("địa danh và ngày ban hành")?)?;
    let body = body::parse_body(&cells.next("nội dung kế hoạch (KẾ HOẠCH …)")?)?;
    let (signer_capacity, signer) = signature(&cells.next("phần chữ ký")?)?;
    let (annex, year) = annex::parse_annex(&mut cells)?;

    Ok(Plan {
        meta: PlanMeta {
            issuer_lines,
            national_lines,
            number,
            place,
            date,
            year,
            kind: body.kind,
            title: body.title,
            resolution: body.resolution,
            signer_capacity,
            signer,
            recipients: body.recipients,
        },
        preamble: body.preamble,
        sections: body.sections,
        annex,
    })
}

/// The lines of a header cell (issuer, national heading).
fn header_lines(cell: &Cell<'_>) -> Result<Vec<String>, SeedError> {
    let lines = cell.logical_lines();
    if lines.is_empty() {
        return Err(SeedError::new(cell.first_no(), "ô đầu văn bản trống"));
    }
    Ok(lines)
}

/// `Số: 22/KH-UBND` → `22/KH-UBND`.
fn document_number(cell: &Cell<'_>) -> Result<String, SeedError> {
    let text = cell.joined();
    match text.strip_prefix("Số:").map(str::trim) {
        Some(number) if !number.is_empty() => Ok(number.to_owned()),
        _ => Err(SeedError::new(
            cell.first_no(),
            format!(
                "mong đợi số hiệu văn bản “Số: …”, nhưng gặp “{}”",
                excerpt(&text)
            ),
        )),
    }
}

/// `Kiên Giang, ngày 01 tháng 02 năm 2021` → the place and the date.
fn place_and_date(cell: &Cell<'_>) -> Result<(String, NaiveDate), SeedError> {
    let text = cell.joined();
    let parsed = text.split_once(", ngày ").and_then(|(place, date)| {
        let words: Vec<&str> = date.split_whitespace().collect();
        let [day, "tháng", month, "năm", year] = words[..] else {
            return None;
        };
        let date =
            NaiveDate::from_ymd_opt(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?)?;
        Some((place.to_owned(), date))
    });
    parsed.ok_or_else(|| {
        SeedError::new(
            cell.first_no(),
            format!(
                "mong đợi “<địa danh>, ngày … tháng … năm …”, nhưng gặp “{}”",
                excerpt(&text)
            ),
        )
    })
}

/// The signature cell: the capacity lines, then the signer's name.
fn signature(cell: &Cell<'_>) -> Result<(Vec<String>, String), SeedError> {
    let mut lines = cell.logical_lines();
    match lines.pop() {
        Some(signer) if !lines.is_empty() => Ok((lines, signer)),
        _ => Err(SeedError::new(
            cell.first_no(),
            "phần chữ ký phải có chức vụ (TM. …, KT. CHỦ TỊCH …) và tên người ký",
        )),
    }
}
