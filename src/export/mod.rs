//! Files made from the reports: the consolidated task list as CSV, the
//! consolidated report as a spreadsheet (.xlsx), and the consolidated and
//! each unit's report as Word documents (.docx). Pure: each exporter returns
//! bytes or a string; saving them is the browser layer's job.

pub mod csv;
pub mod docx;
pub mod xlsx;
mod xml;
pub(crate) mod zip;

use chrono::NaiveDate;

use crate::model::consolidated::TaskRow;

/// The columns of the task list, in both exports.
pub const TASK_HEADERS: [&str; 9] = [
    "STT",
    "Nhiệm vụ",
    "Đơn vị chủ trì",
    "Thời hạn",
    "Tình trạng",
    "Trạng thái",
    "Tiến độ (%)",
    "Cập nhật gần nhất",
    "Văn bản",
];

/// A cell of the task list, typed so the spreadsheet can keep numbers and
/// dates as such.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cell<'a> {
    Text(&'a str),
    Number(u32),
    /// Empty when the task has no date.
    Date(Option<NaiveDate>),
}

/// One task's cells, under [`TASK_HEADERS`].
fn task_cells(row: &TaskRow) -> [Cell<'_>; 9] {
    [
        Cell::Number(row.order),
        Cell::Text(&row.title),
        Cell::Text(&row.unit),
        Cell::Date(row.due),
        Cell::Text(row.timing_label),
        Cell::Text(row.status_label),
        Cell::Number(u32::from(row.progress)),
        Cell::Text(&row.update_text),
        Cell::Text(&row.document),
    ]
}
