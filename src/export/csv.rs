//! The task list as CSV for Excel: UTF-8 with a byte order mark (without it
//! Excel reads the Vietnamese text as a legacy code page), comma-separated,
//! RFC 4180 quoting, CRLF line ends.

use super::{task_cells, Cell, TASK_HEADERS};
use crate::i18n::format_date;
use crate::model::consolidated::ConsolidatedReport;

/// One header row and one row per task, in listing order.
pub fn tasks_csv(report: &ConsolidatedReport) -> String {
    let mut out = String::from('\u{FEFF}');
    push_row(&mut out, TASK_HEADERS.iter().map(|h| (*h).to_string()));
    for row in &report.tasks {
        push_row(
            &mut out,
            task_cells(row).iter().map(|cell| match *cell {
                Cell::Text(text) => defuse(text),
                Cell::Number(n) => n.to_string(),
                Cell::Date(date) => date.map(format_date).unwrap_or_default(),
            }),
        );
    }
    out
}

fn push_row(out: &mut String, fields: impl Iterator<Item = String>) {
    for (i, field) in fields.enumerate() {
        if i > 0 {
            out.push(',');
        }
        if field.contains([',', '"', '\n', '\r']) {
            out.push('"');
            out.push_str(&field.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(&field);
        }
    }
    out.push_str("\r\n");
}

/// Guards against formula injection: Excel and LibreOffice run a cell that
/// starts with `=`, `+`, `-` or `@` as a formula (tab and CR can hide such a
/// start), so a note typed by any unit could fetch data or run commands on
/// the computer of whoever opens the file. A leading `'` makes the cell
/// plain text. Only free text gets it: numbers and dates are ours.
fn defuse(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}
