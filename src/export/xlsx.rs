//! The consolidated report as an Excel workbook (.xlsx) with two sheets:
//! "Tổng hợp" (the summary) and "Nhiệm vụ" (every task). Written by hand —
//! a ZIP of a few SpreadsheetML parts — because `rust_xlsxwriter` added
//! about 238 KB gzip to the optimised WebAssembly (335 KB on its own) against
//! about 10 KB for this writer, in a page whose whole budget is 400 KB.
//!
//! Strings are inline strings, so no cell is ever read as a formula: the
//! CSV's injection guard is not needed here.

use std::fmt::Write as _;

use chrono::NaiveDate;

use super::xml::{escape, HEAD as XML_HEAD};
use super::{task_cells, zip, Cell, TASK_HEADERS};
use crate::model::consolidated::ConsolidatedReport;
use crate::model::timing::Timing;

/// The sheet names, as Excel shows them on the tabs.
pub const SUMMARY_SHEET: &str = "Tổng hợp";
pub const TASKS_SHEET: &str = "Nhiệm vụ";

/// Character widths (whole numbers: no float formatting code in the page)
/// of the task sheet's columns, under [`TASK_HEADERS`].
const TASK_WIDTHS: [u8; 9] = [6, 60, 22, 12, 22, 18, 10, 45, 30];
/// The summary's columns: unit name, total, the seven timings, reported.
const SUMMARY_WIDTHS: [u8; 10] = [30, 10, 13, 13, 13, 13, 13, 13, 13, 13];

/// Points per line of 11-point text.
const LINE_HEIGHT: u16 = 15;
/// Excel's tallest row is 409 points.
const MAX_LINES: u16 = 409 / LINE_HEIGHT;
/// Points for the merged row of the summary sentence: four lines. Heights
/// are set by hand because Excel and LibreOffice do not grow a row for
/// wrapped text when they open a file.
const SENTENCE_HEIGHT: u16 = 4 * LINE_HEIGHT;

/// A bordered text cell of a table.
fn text(s: &str) -> (Cell<'_>, Style) {
    (Cell::Text(s), Style::Text)
}

/// A bordered count of a table.
fn number<'a>(n: u32) -> (Cell<'a>, Style) {
    (Cell::Number(n), Style::Number)
}

/// The cell formats of `xl/styles.xml`, by their index there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    Plain = 0,
    /// Bold on a light blue fill, bordered, centred and wrapped.
    Header = 1,
    /// Bordered, wrapped, at the top of the cell.
    Text = 2,
    /// Bordered, dd/mm/yyyy.
    Date = 3,
    /// Bordered, centred.
    Number = 4,
    Title = 5,
    /// dd/mm/yyyy without a border.
    PlainDate = 6,
    Bold = 7,
    /// Wrapped without a border, for the summary sentence.
    Wrapped = 8,
}

const STYLES: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
    r#"<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#,
    r#"<numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>"#,
    r#"<fonts count="3">"#,
    r#"<font><sz val="11"/><name val="Calibri"/><family val="2"/></font>"#,
    r#"<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font>"#,
    r#"<font><b/><sz val="14"/><name val="Calibri"/><family val="2"/></font>"#,
    r#"</fonts>"#,
    r#"<fills count="3"><fill><patternFill patternType="none"/></fill>"#,
    r#"<fill><patternFill patternType="gray125"/></fill>"#,
    r#"<fill><patternFill patternType="solid"><fgColor rgb="FFDDEBF7"/><bgColor indexed="64"/></patternFill></fill>"#,
    r#"</fills>"#,
    r#"<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>"#,
    r#"<border><left style="thin"><color auto="1"/></left><right style="thin"><color auto="1"/></right>"#,
    r#"<top style="thin"><color auto="1"/></top><bottom style="thin"><color auto="1"/></bottom><diagonal/></border>"#,
    r#"</borders>"#,
    r#"<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>"#,
    r#"<cellXfs count="9">"#,
    r#"<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>"#,
    r#"<xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>"#,
    r#"<xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>"#,
    r#"<xf numFmtId="164" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="top"/></xf>"#,
    r#"<xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="top"/></xf>"#,
    r#"<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/>"#,
    r#"<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyAlignment="1"><alignment horizontal="left"/></xf>"#,
    r#"<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>"#,
    r#"<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>"#,
    r#"</cellXfs>"#,
    r#"<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>"#,
    r#"</styleSheet>"#,
);

const MAIN_NS: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

const CONTENT_TYPES: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
    r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#,
    r#"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#,
    r#"<Default Extension="xml" ContentType="application/xml"/>"#,
    r#"<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#,
    r#"<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#,
    r#"<Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#,
    r#"<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>"#,
    r#"</Types>"#,
);

const ROOT_RELS: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
    r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    r#"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>"#,
    r#"</Relationships>"#,
);

const WORKBOOK_RELS: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
    r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    r#"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>"#,
    r#"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/>"#,
    r#"<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>"#,
    r#"</Relationships>"#,
);

/// The workbook file, ready to save as `.xlsx`.
pub fn report_xlsx(report: &ConsolidatedReport) -> Result<Vec<u8>, String> {
    let tasks = tasks_sheet(report);
    let filter = tasks.auto_filter.clone().unwrap_or_default();
    let workbook = format!(
        "{XML_HEAD}<workbook xmlns=\"{MAIN_NS}\" xmlns:r=\"{REL_NS}\"><sheets>\
         <sheet name=\"{}\" sheetId=\"1\" r:id=\"rId1\"/>\
         <sheet name=\"{}\" sheetId=\"2\" r:id=\"rId2\"/></sheets>\
         <definedNames><definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"1\" hidden=\"1\">\
         {}</definedName></definedNames></workbook>",
        escape(SUMMARY_SHEET),
        escape(TASKS_SHEET),
        escape(&format!("'{TASKS_SHEET}'!{}", absolute(&filter))),
    );
    zip::store(&[
        ("[Content_Types].xml", CONTENT_TYPES.into()),
        ("_rels/.rels", ROOT_RELS.into()),
        ("xl/workbook.xml", workbook.into_bytes()),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.into()),
        ("xl/styles.xml", STYLES.into()),
        ("xl/worksheets/sheet1.xml", summary_sheet(report).xml()),
        ("xl/worksheets/sheet2.xml", tasks.xml()),
    ])
}

/// Every task under a frozen, filterable header row.
fn tasks_sheet(report: &ConsolidatedReport) -> Sheet {
    let mut sheet = Sheet::new(&TASK_WIDTHS);
    sheet.freeze_header = true;
    sheet.row(TASK_HEADERS.map(|h| (Cell::Text(h), Style::Header)));
    for task in &report.tasks {
        sheet.row(task_cells(task).into_iter().map(|cell| {
            let style = match cell {
                Cell::Text(_) => Style::Text,
                Cell::Number(_) => Style::Number,
                Cell::Date(_) => Style::Date,
            };
            (cell, style)
        }));
    }
    let last = column_name(TASK_HEADERS.len() - 1);
    sheet.auto_filter = Some(format!("A1:{last}{}", sheet.rows));
    sheet
}

/// Title, period, as-of date, the summary sentence, the totals by timing,
/// the counts per unit and the units that have not reported.
fn summary_sheet(report: &ConsolidatedReport) -> Sheet {
    let mut sheet = Sheet::new(&SUMMARY_WIDTHS);
    let last = column_name(SUMMARY_WIDTHS.len() - 1);

    sheet.row([(Cell::Text(&report.title), Style::Title)]);
    sheet.row([
        (Cell::Text("Kỳ báo cáo:"), Style::Bold),
        (Cell::Text(&report.period_label), Style::Plain),
    ]);
    sheet.row([
        (Cell::Text("Tính đến ngày:"), Style::Bold),
        (Cell::Date(Some(report.as_of)), Style::PlainDate),
    ]);
    // A merged cell never grows to fit its text: give the sentence room.
    sheet.row_of_height(
        Some(SENTENCE_HEIGHT),
        [(Cell::Text(&report.summary.sentence), Style::Wrapped)],
    );
    sheet.merges.push(format!("A{0}:{last}{0}", sheet.rows));
    sheet.rows += 1;

    let totals = &report.summary.totals;
    sheet.row([(Cell::Text("I. Tổng hợp theo tình trạng"), Style::Bold)]);
    sheet.row([
        (Cell::Text("Tình trạng"), Style::Header),
        (Cell::Text("Số nhiệm vụ"), Style::Header),
    ]);
    // The categories listed everywhere else: stopped and recurring only
    // when some task is.
    let shown: Vec<Timing> = totals.shown().collect();
    for &timing in &shown {
        sheet.row([text(timing.label_vi()), number(totals.count(timing))]);
    }
    sheet.row([text("Tổng số"), number(totals.total)]);
    sheet.row([
        text("Tỷ lệ hoàn thành (%)"),
        number(report.summary.percent_done),
    ]);
    sheet.rows += 1;

    sheet.row([(Cell::Text("II. Theo đơn vị chủ trì"), Style::Bold)]);
    let unit_headers = ["Đơn vị chủ trì", "Tổng số"]
        .into_iter()
        .chain(shown.iter().map(|t| t.label_vi()))
        .chain(["Đã báo cáo kỳ này"]);
    sheet.row(unit_headers.map(|h| (Cell::Text(h), Style::Header)));
    for section in &report.sections {
        let counts = shown.iter().map(|&t| number(section.totals.count(t)));
        let reported = if section.reported { "Có" } else { "Chưa" };
        sheet.row(
            [text(&section.unit), number(section.totals.total)]
                .into_iter()
                .chain(counts)
                .chain([text(reported)]),
        );
    }
    sheet.rows += 1;

    let missing_title = format!("III. Đơn vị chưa báo cáo — {}", report.period_label);
    sheet.row([(Cell::Text(&missing_title), Style::Bold)]);
    if report.not_reported.is_empty() {
        sheet.row([(Cell::Text("Tất cả đơn vị đã báo cáo."), Style::Plain)]);
    }
    for missing in &report.not_reported {
        sheet.row([text(&missing.unit)]);
    }
    sheet
}

/// One worksheet being written, row by row.
struct Sheet {
    widths: &'static [u8],
    /// The `<row>` elements so far.
    data: String,
    /// Rows used so far, blank ones included: the last row's number.
    rows: usize,
    freeze_header: bool,
    /// `A1:I37`.
    auto_filter: Option<String>,
    merges: Vec<String>,
}

impl Sheet {
    fn new(widths: &'static [u8]) -> Self {
        Sheet {
            widths,
            data: String::new(),
            rows: 0,
            freeze_header: false,
            auto_filter: None,
            merges: Vec::new(),
        }
    }

    /// Writes the next row, its cells from column A.
    fn row<'a>(&mut self, cells: impl IntoIterator<Item = (Cell<'a>, Style)>) {
        self.row_of_height(None, cells);
    }

    /// Writes the next row with a fixed height in points, or one tall enough
    /// for its wrapped text.
    fn row_of_height<'a>(
        &mut self,
        height: Option<u16>,
        cells: impl IntoIterator<Item = (Cell<'a>, Style)>,
    ) {
        self.rows += 1;
        let r = self.rows;
        let cells: Vec<(Cell<'a>, Style)> = cells.into_iter().collect();
        let lines = cells
            .iter()
            .zip(self.widths)
            .map(|(cell, &width)| match cell {
                (Cell::Text(text), Style::Header | Style::Text) => wrapped_lines(text, width),
                _ => 1,
            })
            .max()
            .unwrap_or(1);
        let _ = match height.or((lines > 1).then(|| LINE_HEIGHT * lines)) {
            Some(ht) => write!(self.data, "<row r=\"{r}\" ht=\"{ht}\" customHeight=\"1\">"),
            None => write!(self.data, "<row r=\"{r}\">"),
        };
        for (col, (cell, style)) in cells.into_iter().enumerate() {
            let at = format!("{}{r}", column_name(col));
            let s = style as u8;
            let _ = match cell {
                Cell::Text("") | Cell::Date(None) => write!(self.data, "<c r=\"{at}\" s=\"{s}\"/>"),
                Cell::Text(text) => write!(
                    self.data,
                    "<c r=\"{at}\" s=\"{s}\" t=\"inlineStr\"><is><t xml:space=\"preserve\">{}</t></is></c>",
                    escape(text)
                ),
                Cell::Number(n) => write!(self.data, "<c r=\"{at}\" s=\"{s}\"><v>{n}</v></c>"),
                Cell::Date(Some(date)) => write!(
                    self.data,
                    "<c r=\"{at}\" s=\"{s}\"><v>{}</v></c>",
                    excel_serial(date)
                ),
            };
        }
        self.data.push_str("</row>");
    }

    /// The worksheet part.
    fn xml(&self) -> Vec<u8> {
        let mut xml = format!(
            "{XML_HEAD}<worksheet xmlns=\"{MAIN_NS}\" xmlns:r=\"{REL_NS}\">\
             <sheetPr><pageSetUpPr fitToPage=\"1\"/></sheetPr><sheetViews><sheetView workbookViewId=\"0\">"
        );
        if self.freeze_header {
            xml.push_str(
                "<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>\
                 <selection pane=\"bottomLeft\" activeCell=\"A2\" sqref=\"A2\"/>",
            );
        }
        xml.push_str("</sheetView></sheetViews><cols>");
        for (i, width) in self.widths.iter().enumerate() {
            let n = i + 1;
            let _ = write!(
                xml,
                "<col min=\"{n}\" max=\"{n}\" width=\"{width}\" customWidth=\"1\"/>"
            );
        }
        xml.push_str("</cols><sheetData>");
        xml.push_str(&self.data);
        xml.push_str("</sheetData>");
        if let Some(range) = &self.auto_filter {
            let _ = write!(xml, "<autoFilter ref=\"{range}\"/>");
        }
        if !self.merges.is_empty() {
            let _ = write!(xml, "<mergeCells count=\"{}\">", self.merges.len());
            for range in &self.merges {
                let _ = write!(xml, "<mergeCell ref=\"{range}\"/>");
            }
            xml.push_str("</mergeCells>");
        }
        // Landscape A4, as wide as one page: how the report is printed.
        xml.push_str(
            "<pageMargins left=\"0.5\" right=\"0.5\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/>\
             <pageSetup paperSize=\"9\" orientation=\"landscape\" fitToWidth=\"1\" fitToHeight=\"0\"/>\
             </worksheet>",
        );
        xml.into_bytes()
    }
}

/// How many lines `text` takes wrapped in a column `width` characters wide,
/// estimated: a Vietnamese letter is about as wide as the digit Excel
/// measures widths in, and a margin keeps the estimate on the safe side.
fn wrapped_lines(text: &str, width: u8) -> u16 {
    let per_line = usize::from(width.saturating_sub(2).max(1));
    let lines: usize = text
        .split('\n')
        .map(|line| line.chars().count().div_ceil(per_line).max(1))
        .sum();
    u16::try_from(lines).map_or(MAX_LINES, |n| n.min(MAX_LINES))
}

/// `0 → A`, `25 → Z`, `26 → AA`.
fn column_name(index: usize) -> String {
    let mut name = Vec::new();
    let mut n = index + 1;
    while n > 0 {
        let digit = u8::try_from((n - 1) % 26).expect("a letter offset is below 26");
        name.push(b'A' + digit);
        n = (n - 1) / 26;
    }
    name.reverse();
    String::from_utf8(name).expect("column names are ASCII")
}

/// `A1:I37 → $A$1:$I$37`, the form defined names take.
fn absolute(range: &str) -> String {
    range
        .split(':')
        .map(|at| {
            let split = at.find(|c: char| c.is_ascii_digit()).unwrap_or(at.len());
            format!("${}${}", &at[..split], &at[split..])
        })
        .collect::<Vec<_>>()
        .join(":")
}

/// Days since 30/12/1899, Excel's date serial (exact from 01/03/1900 on).
fn excel_serial(date: NaiveDate) -> i64 {
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30).expect("a valid date");
    (date - epoch).num_days()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_names_follow_excel() {
        let names: Vec<String> = [0, 8, 25, 26, 27, 51, 52, 701, 702]
            .into_iter()
            .map(column_name)
            .collect();
        assert_eq!(names, ["A", "I", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]);
    }

    #[test]
    fn wrapped_lines_counts_breaks_and_long_lines_up_to_excels_limit() {
        assert_eq!(wrapped_lines("", 10), 1);
        assert_eq!(wrapped_lines("Tiến độ", 10), 1);
        assert_eq!(
            wrapped_lines("Tiến độ (%)", 10),
            2,
            "11 letters, 8 per line"
        );
        assert_eq!(wrapped_lines("a\nb\nc", 60), 3);
        assert_eq!(wrapped_lines(&"ư".repeat(10_000), 12), MAX_LINES);
    }

    #[test]
    fn serial_of_known_dates() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        // Values Excel shows for these dates.
        assert_eq!(excel_serial(d(1900, 3, 1)), 61);
        assert_eq!(excel_serial(d(2021, 6, 30)), 44377);
        assert_eq!(absolute("A1:I37"), "$A$1:$I$37");
    }
}
