//! The annex: its title, subtitle, column headers and the rows of tasks.
//! Every table cell is its own `|`-separated cell of the copy, so a row is
//! four cells in a row; each cell's wrapped lines are joined.

use crate::model::deadline::{Deadline, Period};
use crate::model::plan::{Annex, AnnexTask};
use crate::model::unit::resolve_unit;

use super::text::{excerpt, join, logical_lines, Cells, Line};
use super::SeedError;

/// The table's column headers, in order.
const COLUMNS: [&str; 4] = [
    "STT",
    "Nhiệm vụ",
    "Đơn vị chủ trì thực hiện",
    "Thời gian trình",
];

/// Reads the annex from the cells left after the signature. Returns it with
/// the year it is carried out in (from its title, `… NĂM 2021`), which is the
/// plan's year and the year of every deadline.
pub(super) fn parse_annex(cells: &mut Cells<'_>) -> Result<(Annex, i32), SeedError> {
    // The first cell holds the title lines, the `(kèm theo …)` subtitle and,
    // last, the first column header: the page put them in one cell.
    let cell = cells.next("phụ lục (DANH MỤC …)")?;
    let lines = &cell.lines;
    let open = lines
        .iter()
        .position(|l| l.text.starts_with('('))
        .ok_or_else(|| {
            SeedError::new(
                cell.first_no(),
                "phụ lục thiếu dòng “(kèm theo Kế hoạch …)”",
            )
        })?;
    let close = lines[open..]
        .iter()
        .position(|l| l.text.ends_with(')'))
        .map(|i| open + i)
        .ok_or_else(|| SeedError::new(lines[open].no, "dòng “(kèm theo …)” không có dấu “)”"))?;
    let title_lines = logical_lines(&lines[..open]);
    if title_lines.is_empty() {
        return Err(SeedError::new(
            lines[open].no,
            "phụ lục thiếu tiêu đề (DANH MỤC …) trước dòng “(kèm theo …)”",
        ));
    }
    let year = year_of(&title_lines).ok_or_else(|| {
        SeedError::new(
            cell.first_no(),
            "tiêu đề phụ lục không nêu năm thực hiện (“… NĂM 2021”)",
        )
    })?;
    let subtitle = join(lines[open..=close].iter().map(|l| l.text));

    let first_header = &lines[close + 1..];
    let first_no = first_header.first().map_or(cell.end, |l| l.no);
    check_column(COLUMNS[0], first_header, first_no)?;
    for label in &COLUMNS[1..] {
        let header = cells.next(&format!("cột “{label}” của bảng phụ lục"))?;
        check_column(label, &header.lines, header.first_no())?;
    }

    let mut tasks = Vec::new();
    while let Some(number_cell) = cells.next_opt() {
        let n = tasks.len() + 1;
        let number_text = number_cell.joined();
        let number = number_text
            .parse::<u16>()
            .ok()
            .filter(|&v| usize::from(v) == n)
            .ok_or_else(|| {
                SeedError::new(
                    number_cell.first_no(),
                    format!(
                        "mong đợi STT {n} ở cột đầu bảng phụ lục, nhưng gặp “{}”",
                        excerpt(&number_text)
                    ),
                )
            })?;

        let title_cell = cells.next(&format!("cột “Nhiệm vụ” của hàng STT {n}"))?;
        let title = title_cell.joined();
        if title.is_empty() {
            return Err(SeedError::new(
                title_cell.first_no(),
                format!("hàng STT {n}: ô “Nhiệm vụ” trống"),
            ));
        }

        let unit_cell = cells.next(&format!("cột “Đơn vị chủ trì thực hiện” của hàng STT {n}"))?;
        let unit_text = unit_cell.joined();
        let lead_unit = resolve_unit(&unit_text).ok_or_else(|| {
            SeedError::new(
                unit_cell.first_no(),
                format!(
                    "hàng STT {n}: không nhận ra đơn vị chủ trì “{}”",
                    excerpt(&unit_text)
                ),
            )
        })?;

        let deadline_cell = cells.next(&format!("cột “Thời gian trình” của hàng STT {n}"))?;
        let deadline_text = deadline_cell.joined();
        let period = Period::parse(&deadline_text).ok_or_else(|| {
            SeedError::new(
                deadline_cell.first_no(),
                format!(
                    "hàng STT {n}: không đọc được thời gian trình “{}” \
                     (mong đợi “Tháng 01” … “Tháng 12” hoặc “Quý I” … “Quý IV”)",
                    excerpt(&deadline_text)
                ),
            )
        })?;

        tasks.push(AnnexTask {
            id: format!("pl-{number}"),
            number,
            title,
            lead_unit,
            deadline_text,
            deadline: Deadline::new(period, year),
        });
    }
    if tasks.is_empty() {
        return Err(cells.missing("các hàng nhiệm vụ của bảng phụ lục"));
    }

    let annex = Annex {
        id: "phu-luc".to_owned(),
        title_lines,
        subtitle,
        tasks,
    };
    Ok((annex, year))
}

/// Checks that a header cell reads `label`.
fn check_column(label: &str, lines: &[Line<'_>], no: usize) -> Result<(), SeedError> {
    let found = join(lines.iter().map(|l| l.text));
    if found == label {
        Ok(())
    } else {
        Err(SeedError::new(
            no,
            format!(
                "mong đợi cột “{label}” của bảng phụ lục, nhưng gặp “{}”",
                excerpt(&found)
            ),
        ))
    }
}

/// The year in `… NĂM 2021` of the title lines (the last one named).
fn year_of(title_lines: &[String]) -> Option<i32> {
    let words: Vec<&str> = title_lines
        .iter()
        .flat_map(|l| l.split_whitespace())
        .collect();
    words
        .windows(2)
        .rev()
        .filter(|w| w[0] == "NĂM" && w[1].len() == 4)
        .find_map(|w| w[1].parse().ok())
}
