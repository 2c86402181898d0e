//! The reports as Word documents (.docx), laid out as Nghị định
//! 30/2020/NĐ-CP asks of administrative documents: A4; margins 20 mm top and
//! bottom, 30 mm left, 20 mm right; Times New Roman 14 pt (13 pt in tables);
//! the borderless header table (issuer and number | national motto, place
//! and date, with the short rules under them); the title; the sections;
//! task tables whose header row repeats on every page; the page number in
//! the top margin from page 2 on; "Nơi nhận" and the signature block.
//!
//! Written by hand, a ZIP of a few WordprocessingML parts like the
//! spreadsheet: a document crate would cost the page far more than these
//! few kilobytes. It must never compute a figure: every word comes from
//! [`ConsolidatedReport`] or [`UnitReport`], so the Word file says what the
//! screen says. User text is data: escaped, never markup.

use super::xml::{escape, HEAD};
use super::zip;
use crate::model::consolidated::{
    wording, ConsolidatedReport, DeadlineRow, Header, Signature, TaskRow,
};
use crate::model::unit_report::{self, UnitReport, UnitTask};

/// The type browsers and mail programs know the file by.
pub const MIME: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// A4, in twentieths of a point (twips; 1 mm ≈ 56.7 twips).
const PAGE: (u32, u32) = (11_906, 16_838);
/// Top, right, bottom, left: 20, 20, 20 and 30 mm.
const MARGINS: [u32; 4] = [1134, 1134, 1134, 1701];
/// Where the page number sits: 10 mm from the top edge, inside the margin.
const HEADER_DISTANCE: u32 = 567;
/// The width between the margins: 160 mm.
const TEXT_WIDTH: u32 = PAGE.0 - MARGINS[1] - MARGINS[3];

/// The header table: issuer (6.75 cm) | national motto (9.25 cm, the
/// motto's 12 pt line with a little room).
const HEAD_COLUMNS: [u32; 2] = [3827, TEXT_WIDTH - 3827];
/// "Nơi nhận" | signature.
const FOOT_COLUMNS: [u32; 2] = [4536, TEXT_WIDTH - 4536];
/// A unit's tasks in the consolidated report, under [`wording::TASK_HEADS`]:
/// a date fits its column on one line.
const TASK_COLUMNS: [u32; 5] = [794, 3515, 1474, 1531, 1757];
/// A unit's own tasks: more room for the period's notes.
const UNIT_TASK_COLUMNS: [u32; 5] = [794, 3175, 1474, 1531, 2097];
/// The overdue and next-deadline tables.
const DEADLINE_COLUMNS: [u32; 5] = [794, 3628, 1814, 1474, 1361];
/// The summary table.
const SUMMARY_COLUMNS: [u32; 3] = [5103, 1984, 1984];

/// The rule under the motto is as long as "Độc lập - Tự do - Hạnh phúc" in
/// 14 pt bold.
const MOTTO_SUB_WIDTH: u32 = 3550;

/// The longest cell (its XML, in bytes) of a row kept whole on a page:
/// about 25 lines in the narrowest column.
const ROW_KEPT_WHOLE: usize = 1000;

/// Font sizes in half-points.
const PT13: u8 = 26;
const PT12: u8 = 24;
const PT11: u8 = 22;

/// How a run of text looks beyond its paragraph's style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Look {
    bold: bool,
    italic: bool,
    /// Half-points; `None` keeps the style's.
    size: Option<u8>,
}

const PLAIN: Look = Look {
    bold: false,
    italic: false,
    size: None,
};
const BOLD: Look = Look {
    bold: true,
    ..PLAIN
};
const ITALIC: Look = Look {
    italic: true,
    ..PLAIN
};

impl Look {
    const fn sized(self, size: u8) -> Look {
        Look {
            size: Some(size),
            ..self
        }
    }

    const fn italic(self) -> Look {
        Look {
            italic: true,
            ..self
        }
    }
}

/// The consolidated report, ready to save as `.docx`.
pub fn consolidated_docx(report: &ConsolidatedReport) -> Result<Vec<u8>, String> {
    let mut body = String::new();
    masthead(&mut body, &report.header);
    heading(&mut body, 1, wording::GENERAL);
    body_text(&mut body, &report.summary.sentence);
    let summary_rows = report
        .summary
        .rows
        .iter()
        .map(|row| {
            vec![
                cell_text(row.timing.label_vi(), PLAIN, None),
                cell_text(&row.count.to_string(), PLAIN, Some("center")),
                cell_text(&row.share, PLAIN, Some("center")),
            ]
        })
        .chain([vec![
            cell_text(wording::TOTAL, BOLD, None),
            cell_text(
                &report.summary.totals.total.to_string(),
                BOLD,
                Some("center"),
            ),
            cell_text("100%", BOLD, Some("center")),
        ]])
        .collect();
    table(
        &mut body,
        &SUMMARY_COLUMNS,
        &wording::SUMMARY_HEADS,
        summary_rows,
    );
    heading(&mut body, 1, wording::BY_UNIT);
    for (i, section) in report.sections.iter().enumerate() {
        heading(&mut body, 2, &format!("{}. {}", i + 1, section.unit));
        kept_text(&mut body, &section.summary);
        let rows = section
            .tasks
            .iter()
            .map(|row| {
                let mut latest = String::new();
                if !row.update_text.is_empty() {
                    latest += &cell_text(&row.update_text, PLAIN, None);
                }
                task_cells(row, latest)
            })
            .collect();
        table(&mut body, &TASK_COLUMNS, &wording::TASK_HEADS, rows);
    }
    heading(&mut body, 1, wording::OVERDUE);
    deadline_table(
        &mut body,
        &report.overdue,
        wording::NO_OVERDUE,
        wording::OVERDUE_DAYS,
    );
    heading(&mut body, 1, wording::NEXT);
    deadline_table(
        &mut body,
        &report.next_deadlines,
        wording::NO_NEXT,
        wording::NEXT_DAYS,
    );
    heading(&mut body, 1, &report.not_reported_heading);
    kept_text(&mut body, &report.not_reported_text);
    signature(&mut body, &report.signature);
    package(&report.title, &report.header, &body)
}

/// A unit's report for its period, ready to save as `.docx`.
pub fn unit_docx(report: &UnitReport) -> Result<Vec<u8>, String> {
    use unit_report::wording as words;
    let mut body = String::new();
    masthead(&mut body, &report.header);
    body_text(&mut body, &report.opening);
    heading(&mut body, 1, words::RESULTS);
    body_text(&mut body, &report.summary);
    for group in &report.groups {
        heading(&mut body, 2, &group.heading);
        let rows = group.tasks.iter().map(unit_task_cells).collect();
        table(&mut body, &UNIT_TASK_COLUMNS, &words::TASK_HEADS, rows);
    }
    heading(&mut body, 1, words::OVERDUE);
    deadline_table(
        &mut body,
        &report.overdue,
        wording::NO_OVERDUE,
        wording::OVERDUE_DAYS,
    );
    heading(&mut body, 1, words::PROPOSALS);
    for proposal in &report.proposals {
        body_text(&mut body, &format!("- {proposal}"));
    }
    placeholder_paragraph(
        &mut body,
        "Kiến nghị, đề xuất",
        "kien-nghi",
        words::PROPOSALS_PLACEHOLDER,
    );
    signature(&mut body, &report.signature);
    package(&report.title, &report.header, &body)
}

/// The first four cells of a task's row, then `last` (its paragraphs) with
/// the fulfilling document under them.
fn task_cells(row: &TaskRow, mut last: String) -> Vec<String> {
    let mut status = cell_text(row.timing_label, PLAIN, None);
    if !row.progress_text.is_empty() {
        status += &cell_text(&row.progress_text, ITALIC, None);
    }
    if !row.document.is_empty() {
        last += &cell_text(
            &format!("{} {}", wording::DOCUMENT, row.document),
            PLAIN,
            None,
        );
    }
    vec![
        cell_text(&row.number, PLAIN, Some("center")),
        cell_text(&row.title, PLAIN, None),
        cell_text(&row.due_text, PLAIN, Some("center")),
        status,
        last,
    ]
}

fn unit_task_cells(task: &UnitTask) -> Vec<String> {
    let notes: String = task
        .notes
        .iter()
        .map(|note| cell_text(note, PLAIN, None))
        .collect();
    let mut cells = task_cells(&task.task, notes);
    if cells[4].is_empty() {
        cells[4] = cell_text(unit_report::wording::NO_NOTE, ITALIC, None);
    }
    cells
}

fn deadline_table(body: &mut String, rows: &[DeadlineRow], empty: &str, days_head: &str) {
    if rows.is_empty() {
        body_text(body, empty);
        return;
    }
    let [stt, task, unit, due] = wording::DEADLINE_HEADS;
    let rows = rows
        .iter()
        .map(|r| {
            vec![
                cell_text(&r.task.number, PLAIN, Some("center")),
                cell_text(&r.task.title, PLAIN, None),
                cell_text(&r.task.unit, PLAIN, None),
                cell_text(&r.task.due_text, PLAIN, Some("center")),
                cell_text(&r.days_text, PLAIN, None),
            ]
        })
        .collect();
    table(
        body,
        &DEADLINE_COLUMNS,
        &[stt, task, unit, due, days_head],
        rows,
    );
}

/// The header table, then the document's kind and subject with the rule
/// under them.
fn masthead(body: &mut String, h: &Header) {
    let mut issuer = String::new();
    if !h.authority.is_empty() {
        issuer += &paragraph("Centered", "", &[(&h.authority, PLAIN.sized(PT13))]);
    }
    issuer += &paragraph("Centered", "", &[(&h.office, BOLD.sized(PT13))]);
    issuer += &rule(HEAD_COLUMNS[0] / 3, HEAD_COLUMNS[0]);
    issuer += &paragraph("Centered", "", &[(&h.number_line, PLAIN.sized(PT13))]);
    let mut nation = paragraph("Centered", "", &[(&h.motto, BOLD.sized(PT12))]);
    nation += &paragraph("Centered", "", &[(&h.motto_sub, BOLD)]);
    nation += &rule(MOTTO_SUB_WIDTH, HEAD_COLUMNS[1]);
    nation += &paragraph("Centered", "", &[(&h.place_date, ITALIC)]);
    layout_table(body, &HEAD_COLUMNS, [issuer, nation]);

    body.push_str(&paragraph(
        "Centered",
        r#"<w:keepNext/><w:spacing w:before="360"/>"#,
        &[(&h.kind, BOLD)],
    ));
    body.push_str(&paragraph(
        "Centered",
        "<w:keepNext/>",
        &[(&h.subject, BOLD)],
    ));
    body.push_str(&rule(TEXT_WIDTH / 3, TEXT_WIDTH));
}

/// "Nơi nhận" on the left, the signer's capacity, room to sign and the
/// signer's name (a placeholder to fill) on the right.
fn signature(body: &mut String, s: &Signature) {
    let mut recipients = paragraph(
        "Normal",
        "",
        &[(wording::RECIPIENTS, BOLD.sized(PT12).italic())],
    );
    for line in &s.recipients {
        recipients += &paragraph("Normal", "", &[(&format!("- {line}"), PLAIN.sized(PT11))]);
    }
    let mut signer: String = s
        .capacity
        .iter()
        .map(|line| paragraph("Centered", "<w:keepNext/>", &[(line, BOLD)]))
        .collect();
    signer += &signer_paragraph("Họ và tên người ký");
    body.push_str(&paragraph("Normal", "<w:keepNext/>", &[]));
    layout_table(body, &FOOT_COLUMNS, [recipients, signer]);
}

fn heading(body: &mut String, level: u8, text: &str) {
    body.push_str(&paragraph(&format!("Heading{level}"), "", &[(text, PLAIN)]));
}

fn body_text(body: &mut String, text: &str) {
    body.push_str(&paragraph("BodyText", "", &[(text, PLAIN)]));
}

/// Body text kept on the page of what follows (a unit's table, the
/// signature block).
fn kept_text(body: &mut String, text: &str) {
    body.push_str(&paragraph("BodyText", "<w:keepNext/>", &[(text, PLAIN)]));
}

/// One paragraph of a table cell.
fn cell_text(text: &str, look: Look, align: Option<&str>) -> String {
    let extra = align.map_or_else(String::new, |a| format!(r#"<w:jc w:val="{a}"/>"#));
    paragraph("TableText", &extra, &[(text, look)])
}

/// A paragraph in `style`; `extra` is more of its properties, in the
/// schema's order after the style (keepNext, pBdr, spacing, ind, jc).
fn paragraph(style: &str, extra: &str, runs: &[(&str, Look)]) -> String {
    let mut p = format!(r#"<w:p><w:pPr><w:pStyle w:val="{style}"/>{extra}</w:pPr>"#);
    for (text, look) in runs {
        push_run(&mut p, text, *look, None);
    }
    p.push_str("</w:p>");
    p
}

/// A run of text; line breaks and tabs in it become Word's own.
fn push_run(out: &mut String, text: &str, look: Look, char_style: Option<&str>) {
    if text.is_empty() {
        return;
    }
    out.push_str("<w:r><w:rPr>");
    if let Some(style) = char_style {
        out.push_str(&format!(r#"<w:rStyle w:val="{style}"/>"#));
    }
    if look.bold {
        out.push_str("<w:b/><w:bCs/>");
    }
    if look.italic {
        out.push_str("<w:i/><w:iCs/>");
    }
    if let Some(size) = look.size {
        out.push_str(&format!(
            r#"<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>"#
        ));
    }
    out.push_str("</w:rPr>");
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push_str("<w:br/>");
        }
        for (j, piece) in line.split('\t').enumerate() {
            if j > 0 {
                out.push_str("<w:tab/>");
            }
            if !piece.is_empty() {
                out.push_str(r#"<w:t xml:space="preserve">"#);
                out.push_str(&escape(piece));
                out.push_str("</w:t>");
            }
        }
    }
    out.push_str("</w:r>");
}

/// A horizontal rule `width` twips long, centred in `within`: the top border
/// of an empty paragraph indented from both sides, which Word and
/// LibreOffice both draw and which moves with the text.
fn rule(width: u32, within: u32) -> String {
    let indent = within.saturating_sub(width) / 2;
    format!(
        r#"<w:p><w:pPr><w:pStyle w:val="Rule"/><w:ind w:left="{indent}" w:right="{indent}"/></w:pPr></w:p>"#
    )
}

/// A paragraph whose whole text is a placeholder the officer replaces:
/// a content control showing `text` in grey until typed over.
fn placeholder_paragraph(body: &mut String, alias: &str, tag: &str, text: &str) {
    body.push_str(&format!(
        r#"<w:sdt><w:sdtPr><w:alias w:val="{alias}"/><w:tag w:val="{tag}"/><w:showingPlcHdr/></w:sdtPr><w:sdtContent>"#
    ));
    // Kept with the signature block that follows.
    let mut p = String::from(r#"<w:p><w:pPr><w:pStyle w:val="BodyText"/><w:keepNext/></w:pPr>"#);
    push_run(&mut p, text, PLAIN, Some("PlaceholderText"));
    p.push_str("</w:p>");
    body.push_str(&p);
    body.push_str("</w:sdtContent></w:sdt>");
}

/// The signer's name line below the room to sign: a plain text content
/// control showing `text` in grey until typed over. Bold comes from the
/// paragraph's style: LibreOffice ignores run formatting inside a control.
fn signer_paragraph(text: &str) -> String {
    let mut p = String::from(
        r#"<w:p><w:pPr><w:pStyle w:val="Signer"/></w:pPr><w:sdt><w:sdtPr><w:alias w:val="Người ký"/><w:tag w:val="nguoi-ky"/><w:showingPlcHdr/><w:text/></w:sdtPr><w:sdtContent>"#,
    );
    push_run(&mut p, text, PLAIN, Some("PlaceholderText"));
    p.push_str("</w:sdtContent></w:sdt></w:p>");
    p
}

/// A table without borders that places blocks side by side (the header and
/// the signature).
fn layout_table<const N: usize>(body: &mut String, widths: &[u32; N], cells: [String; N]) {
    body.push_str(&format!(
        r#"<w:tbl><w:tblPr><w:tblW w:w="{TEXT_WIDTH}" w:type="dxa"/><w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar></w:tblPr>"#
    ));
    grid(body, widths);
    body.push_str("<w:tr><w:trPr><w:cantSplit/></w:trPr>");
    for (width, content) in widths.iter().zip(cells) {
        push_cell(body, *width, &content);
    }
    body.push_str("</w:tr></w:tbl>");
}

/// A bordered table whose header row repeats at the top of every page.
/// Each row holds one cell per width, each cell its paragraphs.
fn table(body: &mut String, widths: &[u32], head: &[&str], rows: Vec<Vec<String>>) {
    body.push_str(&format!(
        r#"<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="{TEXT_WIDTH}" w:type="dxa"/><w:tblLayout w:type="fixed"/></w:tblPr>"#
    ));
    grid(body, widths);
    body.push_str("<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>");
    for (width, text) in widths.iter().zip(head) {
        push_cell(body, *width, &paragraph("TableHead", "", &[(text, PLAIN)]));
    }
    body.push_str("</w:tr>");
    for row in rows {
        // A row is kept on one page unless a cell is long enough to need
        // more than about half of one: Word cuts off a row that cannot split.
        if row.iter().all(|cell| cell.len() < ROW_KEPT_WHOLE) {
            body.push_str("<w:tr><w:trPr><w:cantSplit/></w:trPr>");
        } else {
            body.push_str("<w:tr>");
        }
        for (width, content) in widths.iter().zip(&row) {
            push_cell(body, *width, content);
        }
        body.push_str("</w:tr>");
    }
    body.push_str("</w:tbl>");
}

fn grid(body: &mut String, widths: &[u32]) {
    body.push_str("<w:tblGrid>");
    for width in widths {
        body.push_str(&format!(r#"<w:gridCol w:w="{width}"/>"#));
    }
    body.push_str("</w:tblGrid>");
}

/// A cell; Word needs at least one paragraph in each.
fn push_cell(body: &mut String, width: u32, content: &str) {
    body.push_str(&format!(
        r#"<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>"#
    ));
    if content.is_empty() {
        body.push_str(r#"<w:p><w:pPr><w:pStyle w:val="TableText"/></w:pPr></w:p>"#);
    } else {
        body.push_str(content);
    }
    body.push_str("</w:tc>");
}

const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// The whole file: the body in its section (A4, margins, page numbers from
/// page 2) and the parts Word needs to open it without a repair prompt.
fn package(title: &str, header: &Header, body: &str) -> Result<Vec<u8>, String> {
    let [top, right, bottom, left] = MARGINS;
    let (width, height) = PAGE;
    let document = format!(
        r#"{HEAD}<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>{body}<w:sectPr><w:headerReference w:type="default" r:id="rId3"/><w:headerReference w:type="first" r:id="rId4"/><w:pgSz w:w="{width}" w:h="{height}"/><w:pgMar w:top="{top}" w:right="{right}" w:bottom="{bottom}" w:left="{left}" w:header="{HEADER_DISTANCE}" w:footer="{HEADER_DISTANCE}" w:gutter="0"/><w:cols w:space="720"/><w:titlePg/></w:sectPr></w:body></w:document>"#
    );
    let author = header.office.replace('\n', " ");
    let core = format!(
        r#"{HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>{}</dc:title><dc:subject>{}</dc:subject><dc:creator>{}</dc:creator><dc:language>vi-VN</dc:language></cp:coreProperties>"#,
        escape(title),
        escape(&header.subject),
        escape(&author),
    );
    let page_number = format!(
        r#"{HEAD}<w:hdr xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:p><w:pPr><w:pStyle w:val="Header"/></w:pPr><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>2</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p></w:hdr>"#
    );
    // The first page shows no number.
    let first_page = format!(
        r#"{HEAD}<w:hdr xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:p><w:pPr><w:pStyle w:val="Header"/></w:pPr></w:p></w:hdr>"#
    );
    zip::store(&[
        ("[Content_Types].xml", CONTENT_TYPES.into()),
        ("_rels/.rels", ROOT_RELS.into()),
        ("docProps/core.xml", core.into_bytes()),
        ("word/document.xml", document.into_bytes()),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS.into()),
        ("word/styles.xml", STYLES.into()),
        ("word/settings.xml", SETTINGS.into()),
        ("word/header1.xml", page_number.into_bytes()),
        ("word/header2.xml", first_page.into_bytes()),
    ])
}

const CONTENT_TYPES: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
    r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#,
    r#"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#,
    r#"<Default Extension="xml" ContentType="application/xml"/>"#,
    r#"<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>"#,
    r#"<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>"#,
    r#"<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>"#,
    r#"<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>"#,
    r#"<Override PartName="/word/header2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>"#,
    r#"<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>"#,
    r#"</Types>"#,
);

const ROOT_RELS: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
    r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    r#"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>"#,
    r#"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>"#,
    r#"</Relationships>"#,
);

const DOCUMENT_RELS: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
    r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    r#"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>"#,
    r#"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>"#,
    r#"<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>"#,
    r#"<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header2.xml"/>"#,
    r#"</Relationships>"#,
);

/// Compatibility mode 15 (Word 2013 and later): no "compatibility mode"
/// banner when the file is opened.
const SETTINGS: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
    r#"<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">"#,
    r#"<w:zoom w:percent="100"/><w:defaultTabStop w:val="720"/>"#,
    r#"<w:characterSpacingControl w:val="doNotCompress"/>"#,
    r#"<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>"#,
    r#"<w:themeFontLang w:val="vi-VN"/>"#,
    r#"</w:settings>"#,
);

/// The styles: Times New Roman 14 pt everywhere (Vietnamese as the
/// language), body text justified with a 1 cm first-line indent, headings
/// that Word's navigation pane lists, 13 pt table text, a rule (the top
/// border of an empty paragraph 4 pt high) and the signer's name below room
/// to sign (about four lines). One constant: no code in the page builds it.
const STYLES: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
    r#"<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">"#,
    r#"<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="Times New Roman" w:cs="Times New Roman"/><w:sz w:val="28"/><w:szCs w:val="28"/><w:lang w:val="vi-VN" w:eastAsia="en-US" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>"#,
    r#"<w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>"#,
    r#"<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="Times New Roman" w:cs="Times New Roman"/><w:sz w:val="28"/><w:szCs w:val="28"/><w:lang w:val="vi-VN" w:eastAsia="en-US" w:bidi="ar-SA"/></w:rPr></w:style>"#,
    r#"<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>"#,
    r#"<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>"#,
    r#"<w:style w:type="paragraph" w:styleId="BodyText"><w:name w:val="Body Text"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:before="60" w:after="60" w:line="288" w:lineRule="auto"/><w:ind w:firstLine="567"/><w:jc w:val="both"/></w:pPr></w:style>"#,
    r#"<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="BodyText"/><w:next w:val="BodyText"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="180" w:after="60"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:bCs/></w:rPr></w:style>"#,
    r#"<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="BodyText"/><w:next w:val="BodyText"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="120" w:after="60"/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/><w:bCs/></w:rPr></w:style>"#,
    r#"<w:style w:type="paragraph" w:styleId="Centered"><w:name w:val="Căn giữa"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:jc w:val="center"/></w:pPr></w:style>"#,
    r#"<w:style w:type="paragraph" w:styleId="Rule"><w:name w:val="Đường kẻ"/><w:basedOn w:val="Normal"/><w:pPr><w:keepNext/><w:pBdr><w:top w:val="single" w:sz="6" w:space="1" w:color="auto"/></w:pBdr><w:spacing w:before="100" w:after="40" w:line="80" w:lineRule="exact"/></w:pPr><w:rPr><w:sz w:val="8"/><w:szCs w:val="8"/></w:rPr></w:style>"#,
    r#"<w:style w:type="paragraph" w:styleId="TableText"><w:name w:val="Chữ trong bảng"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:before="40" w:after="40"/></w:pPr><w:rPr><w:sz w:val="26"/><w:szCs w:val="26"/></w:rPr></w:style>"#,
    r#"<w:style w:type="paragraph" w:styleId="TableHead"><w:name w:val="Tiêu đề cột"/><w:basedOn w:val="TableText"/><w:qFormat/><w:pPr><w:keepNext/><w:jc w:val="center"/></w:pPr><w:rPr><w:b/><w:bCs/></w:rPr></w:style>"#,
    r#"<w:style w:type="paragraph" w:styleId="Header"><w:name w:val="header"/><w:basedOn w:val="Normal"/><w:pPr><w:jc w:val="center"/></w:pPr></w:style>"#,
    r#"<w:style w:type="paragraph" w:styleId="Signer"><w:name w:val="Người ký"/><w:basedOn w:val="Centered"/><w:pPr><w:spacing w:before="1440"/></w:pPr><w:rPr><w:b/><w:bCs/></w:rPr></w:style>"#,
    r#"<w:style w:type="character" w:styleId="PlaceholderText"><w:name w:val="Placeholder Text"/><w:uiPriority w:val="99"/><w:semiHidden/><w:rPr><w:color w:val="808080"/></w:rPr></w:style>"#,
    r#"<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/><w:uiPriority w:val="39"/><w:tblPr><w:tblBorders>"#,
    r#"<w:top w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:left w:val="single" w:sz="4" w:space="0" w:color="auto"/>"#,
    r#"<w:bottom w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:right w:val="single" w:sz="4" w:space="0" w:color="auto"/>"#,
    r#"<w:insideH w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="auto"/>"#,
    r#"</w:tblBorders></w:tblPr></w:style></w:styles>"#,
);
