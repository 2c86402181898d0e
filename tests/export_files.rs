//! The CSV and XLSX exports of the consolidated report, read back: the CSV
//! with a small RFC 4180 reader written here, the workbook with `calamine`.

#[path = "fixtures/report_data.rs"]
mod data;

use std::io::Cursor;

use calamine::{open_workbook_from_rs, Data, DataType, Range, Reader, Xlsx};
use data::*;
use ke_hoach::export::csv::tasks_csv;
use ke_hoach::export::xlsx::{report_xlsx, SUMMARY_SHEET, TASKS_SHEET};
use ke_hoach::export::TASK_HEADERS;
use ke_hoach::model::consolidated::ConsolidatedReport;
use ke_hoach::model::report::TaskInput;
use ke_hoach::model::timing::Timing;
use ke_hoach::model::tracking::{Status, Tracking};
use ke_hoach::model::unit::UnitId;

/// A note with every character CSV must quote and XML must escape, plus a
/// control character XML forbids.
const AWKWARD_NOTE: &str =
    "Họp ngày 20/6, thống nhất \"phương án 2\" & <bổ sung>;\nchờ ký\u{1} ban hành";

/// Titles a user task could carry that a spreadsheet would run as formulas.
const FORMULA_TITLES: [&str; 6] = [
    "=HYPERLINK(\"http://x.example\",\"Bấm vào đây\")",
    "+84 đường dây nóng",
    "-Giảm 5% chi thường xuyên, \"tiết kiệm\"",
    "@SUM(A1:A9)",
    "\tẩn lệnh",
    "\r=1+1",
];

/// The planted tasks plus user tasks with the titles above, and the note.
fn with_awkward(units: &[UnitId]) -> Vec<TaskInput<'_>> {
    let ids = ["u-2", "u-3", "u-4", "u-5", "u-6", "u-7"];
    let mut tasks = inputs(units);
    tasks.extend(
        (38..)
            .zip(ids.iter().zip(FORMULA_TITLES))
            .map(|(order, (id, title))| {
                task(id, order, title, Some(&units[0]), Some(d(2021, 8, 31)))
            }),
    );
    tasks
}

fn awkward_tracking() -> Tracking {
    let mut t = planted();
    apply_all(
        &mut t,
        [note(
            "u-3",
            d(2021, 6, 20),
            AWKWARD_NOTE,
            Status::InProgress,
            40,
        )],
    );
    t
}

fn report_of(tasks: &[TaskInput<'_>], t: &Tracking) -> ConsolidatedReport {
    report(tasks, t, d(2021, 6, 30))
}

/// Reads CSV by RFC 4180: quoted fields may hold commas, doubled quotes and
/// line breaks; records end with CRLF. Panics on a bare LF outside quotes.
fn read_csv(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let (mut record, mut field) = (Vec::new(), String::new());
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => record.push(std::mem::take(&mut field)),
            (false, '\r') if chars.peek() == Some(&'\n') => {
                chars.next();
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            (false, '\n') => panic!("a bare LF ends a record: {text:?}"),
            (false, c) => field.push(c),
        }
    }
    assert!(
        !quoted && field.is_empty() && record.is_empty(),
        "the file ends in the middle of a record"
    );
    records
}

#[test]
fn csv_is_utf8_with_bom_crlf_and_vietnamese_headers() {
    let (units, t) = (units(), planted());
    let csv = tasks_csv(&report_of(&inputs(&units), &t));
    let body = csv
        .strip_prefix('\u{FEFF}')
        .expect("starts with a byte order mark");
    assert!(body.starts_with(
        "STT,Nhiệm vụ,Đơn vị chủ trì,Thời hạn,Tình trạng,Trạng thái,Tiến độ (%),Cập nhật gần nhất,Văn bản\r\n"
    ));
    assert!(csv.ends_with("\r\n"));
    assert_eq!(
        csv.matches('\n').count(),
        csv.matches("\r\n").count(),
        "every line ends in CRLF"
    );
    let records = read_csv(body);
    assert_eq!(records[0], TASK_HEADERS);
    assert_eq!(records.len(), 1 + 10, "a header and one row per task");
}

#[test]
fn csv_rows_carry_each_tasks_strings_in_order() {
    let (units, t) = (units(), planted());
    let r = report_of(&inputs(&units), &t);
    let records = read_csv(&tasks_csv(&r)[3..]);
    for (row, record) in r.tasks.iter().zip(&records[1..]) {
        let progress = row.progress.to_string();
        let expected = [
            row.number.as_str(),
            &row.title,
            &row.unit,
            &row.due_text,
            row.timing_label,
            row.status_label,
            &progress,
            &row.update_text,
            &row.document,
        ];
        assert_eq!(record, &expected, "row of {}", row.id);
    }
    assert_eq!(
        records[1],
        [
            "1",
            "Xây dựng Kế hoạch phát triển kinh tế - xã hội năm 2022",
            "Sở KH&ĐT",
            "31/01/2021",
            "Hoàn thành đúng hạn",
            "Đã hoàn thành",
            "100",
            "",
            "số 123/KH-SKHĐT, ngày 20/01/2021",
        ]
    );
    assert_eq!(
        records[3][7],
        "25/06/2021: Đã trình UBND tỉnh, đang chờ góp ý"
    );
    assert_eq!(
        records[10][0..3],
        [
            "37",
            "Rà soát danh mục dự án trọng điểm",
            "Chưa giao đơn vị chủ trì"
        ]
    );
}

#[test]
fn csv_quotes_commas_quotes_and_line_breaks() {
    let (units, t) = (units(), awkward_tracking());
    let csv = tasks_csv(&report_of(&with_awkward(&units), &t));
    let expected_note = format!("20/06/2021: {AWKWARD_NOTE}");
    // Quoted, inner quotes doubled, the LF kept inside the quotes.
    let quoted = format!("\"{}\"", expected_note.replace('"', "\"\""));
    assert!(csv.contains(&quoted), "{csv}");
    let records = read_csv(&csv[3..]);
    let row = records
        .iter()
        .find(|r| r[7].starts_with("20/06/2021"))
        .unwrap();
    assert_eq!(row[7], expected_note);
    // The comma in "1, ngày" of a document and in a title survive as one field.
    assert!(records.iter().all(|r| r.len() == TASK_HEADERS.len()));
}

#[test]
fn csv_defuses_cells_a_spreadsheet_would_run_as_formulas() {
    let (units, t) = (units(), awkward_tracking());
    let records = read_csv(&tasks_csv(&report_of(&with_awkward(&units), &t))[3..]);
    let titles: Vec<&str> = records[11..].iter().map(|r| r[1].as_str()).collect();
    let expected: Vec<String> = FORMULA_TITLES.iter().map(|t| format!("'{t}")).collect();
    assert_eq!(titles, expected);
    // Ordinary text and our own numbers and dates are left alone, including
    // a title with a dash inside it.
    assert_eq!(
        records[1][1],
        "Xây dựng Kế hoạch phát triển kinh tế - xã hội năm 2022"
    );
    assert!(records[1..]
        .iter()
        .all(|r| !r[0].starts_with('\'') && !r[3].starts_with('\'')));
}

fn open(bytes: &[u8]) -> Xlsx<Cursor<Vec<u8>>> {
    open_workbook_from_rs(Cursor::new(bytes.to_vec())).expect("a readable workbook")
}

fn text(cell: &Data) -> String {
    cell.get_string()
        .map(str::to_string)
        .unwrap_or_else(|| panic!("text expected, got {cell:?}"))
}

fn number(cell: &Data) -> f64 {
    cell.get_float()
        .or_else(|| cell.get_int().map(|n| n as f64))
        .unwrap_or_else(|| panic!("number expected, got {cell:?}"))
}

fn sheet(bytes: &[u8], name: &str) -> Range<Data> {
    open(bytes).worksheet_range(name).expect("the sheet exists")
}

#[test]
fn xlsx_has_both_sheets_and_a_formatted_filterable_task_sheet() {
    let (units, t) = (units(), planted());
    let bytes = report_xlsx(&report_of(&inputs(&units), &t)).unwrap();
    assert_eq!(&bytes[..4], b"PK\x03\x04", "a ZIP archive");
    assert_eq!(open(&bytes).sheet_names(), [SUMMARY_SHEET, TASKS_SHEET]);
    assert_eq!([SUMMARY_SHEET, TASKS_SHEET], ["Tổng hợp", "Nhiệm vụ"]);
    // Entries are stored, not compressed: the parts can be checked as text.
    let raw = String::from_utf8_lossy(&bytes);
    assert!(raw
        .contains(r#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#));
    assert!(raw.contains(r#"<autoFilter ref="A1:I11"/>"#));
    assert!(raw.contains("&apos;Nhiệm vụ&apos;!$A$1:$I$11</definedName>"));
    assert!(raw.contains(r#"<col min="2" max="2" width="60" customWidth="1"/>"#));
    assert!(raw.contains(r#"formatCode="dd/mm/yyyy""#));
    // Rows are as tall as their wrapped text: "Tiến độ (%)" takes two lines.
    assert!(raw.contains(r#"<row r="1" ht="30" customHeight="1">"#));
    assert!(raw.contains(r#"<alignment vertical="top" wrapText="1"/>"#));
    assert_eq!(
        report_xlsx(&report_of(&inputs(&units), &t)).unwrap(),
        bytes,
        "the same report makes the same file"
    );
}

#[test]
fn xlsx_task_sheet_reads_back_every_row() {
    let (units, t) = (units(), awkward_tracking());
    let r = report_of(&with_awkward(&units), &t);
    let tasks = sheet(&report_xlsx(&r).unwrap(), TASKS_SHEET);
    assert_eq!(tasks.get_size(), (1 + r.tasks.len(), TASK_HEADERS.len()));
    let header: Vec<String> = (0..9).map(|c| text(tasks.get((0, c)).unwrap())).collect();
    assert_eq!(header, TASK_HEADERS);
    for (i, row) in r.tasks.iter().enumerate() {
        let cell = |c: usize| tasks.get((i + 1, c)).unwrap();
        assert_eq!(number(cell(0)), f64::from(row.order), "STT of {}", row.id);
        // Inline strings are never formulas: titles are kept as typed.
        assert_eq!(text(cell(1)), row.title, "title of {}", row.id);
        assert_eq!(text(cell(2)), row.unit);
        assert_eq!(cell(3).as_date(), row.due, "due of {}", row.id);
        assert_eq!(text(cell(4)), row.timing_label);
        assert_eq!(text(cell(5)), row.status_label);
        assert_eq!(number(cell(6)), f64::from(row.progress));
        assert_eq!(
            cell(7).get_string().unwrap_or(""),
            row.update_text.replace('\u{1}', "")
        );
        assert_eq!(cell(8).get_string().unwrap_or(""), row.document);
    }
    let at = |r: usize, c: usize| text(tasks.get((r, c)).unwrap());
    assert_eq!(at(3, 1), "Quy hoạch xây dựng vùng tỉnh Kiên Giang");
    assert_eq!(at(7, 2), "Sở Xây dựng");
    assert_eq!(at(7, 4), "Quá hạn");
    assert_eq!(tasks.get((1, 3)).unwrap().as_date(), Some(d(2021, 1, 31)));
    let note = (1..=r.tasks.len())
        .map(|r| tasks.get((r, 7)).unwrap())
        .find(|c| c.get_string().is_some_and(|s| s.starts_with("20/06/2021")));
    assert_eq!(
        note.and_then(|c| c.get_string()),
        Some("20/06/2021: Họp ngày 20/6, thống nhất \"phương án 2\" & <bổ sung>;\nchờ ký ban hành")
    );
}

#[test]
fn xlsx_summary_sheet_holds_title_date_totals_units_and_missing_reports() {
    let (units, t) = (units(), planted());
    let r = report_of(&inputs(&units), &t);
    let s = sheet(&report_xlsx(&r).unwrap(), SUMMARY_SHEET);
    let at = |row: usize, col: usize| s.get((row, col)).cloned().unwrap_or(Data::Empty);
    assert_eq!(text(&at(0, 0)), r.title);
    assert_eq!(text(&at(1, 1)), "Tháng 06/2021");
    assert_eq!(at(2, 1).as_date(), Some(d(2021, 6, 30)));
    assert_eq!(text(&at(3, 0)), r.summary.sentence);

    let row_of = |label: &str| {
        (0..s.height())
            .find(|&row| at(row, 0).get_string() == Some(label))
            .unwrap_or_else(|| panic!("no row {label}"))
    };
    // Recurring tasks are listed only when there are some; there are none.
    let shown: Vec<Timing> = r.summary.totals.shown().collect();
    assert_eq!(shown, Timing::ALL[..7]);
    assert!(
        (0..s.height()).all(|row| at(row, 0).get_string() != Some(Timing::Recurring.label_vi()))
    );
    for &timing in &shown {
        let count = number(&at(row_of(timing.label_vi()), 1));
        assert_eq!(
            count,
            f64::from(r.summary.totals.count(timing)),
            "{timing:?}"
        );
    }
    assert_eq!(number(&at(row_of("Tổng số"), 1)), 10.0);
    assert_eq!(number(&at(row_of("Tỷ lệ hoàn thành (%)"), 1)), 22.0);

    let head = row_of("Đơn vị chủ trì");
    let headers: Vec<String> = (0..10).map(|c| text(&at(head, c))).collect();
    assert_eq!(headers[1], "Tổng số");
    let labels: Vec<String> = shown.iter().map(|t| t.label_vi().to_string()).collect();
    assert_eq!(headers[2..9], labels);
    assert_eq!(headers[9], "Đã báo cáo kỳ này");
    let xd = row_of("Sở Xây dựng");
    assert_eq!(xd, head + 2, "units in report order: KH&ĐT, then Xây dựng");
    let counts: Vec<f64> = (1..9).map(|c| number(&at(xd, c))).collect();
    // Sở Xây dựng: pl-3 due soon, pl-4 not started, pl-7 overdue.
    assert_eq!(counts, [3.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 0.0]);
    assert_eq!(text(&at(xd, 9)), "Chưa");
    assert_eq!(text(&at(row_of("Sở KH&ĐT"), 9)), "Có");

    let missing = row_of("III. Đơn vị chưa báo cáo — Tháng 06/2021");
    assert_eq!(text(&at(missing + 1, 0)), "Sở Xây dựng");
    assert_eq!(text(&at(missing + 2, 0)), "Sở Nội vụ");
}

#[test]
fn both_exports_of_the_embedded_annex_have_36_tasks() {
    let plan = ke_hoach::seed::plan();
    let tasks: Vec<TaskInput<'_>> = plan
        .annex_tasks()
        .map(|a| {
            task(
                &a.id,
                u32::from(a.number),
                &a.title,
                Some(&a.lead_unit),
                a.deadline.and_then(|d| d.due),
            )
        })
        .collect();
    let r = report_of(&tasks, &Tracking::default());
    assert_eq!(read_csv(&tasks_csv(&r)[3..]).len(), 37);
    let sheet = sheet(&report_xlsx(&r).unwrap(), TASKS_SHEET);
    assert_eq!(sheet.height(), 37);
    let titles: Vec<String> = (1..37)
        .map(|row| text(sheet.get((row, 1)).unwrap()))
        .collect();
    let expected: Vec<&str> = plan.annex_tasks().map(|a| a.title.as_str()).collect();
    assert_eq!(titles, expected);
}
