//! Deadlines of the annex: a reporting period of the plan's year (a month or
//! a quarter) and the last day a submission is on time.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The period named in the annex's `Thời gian trình` column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "n", rename_all = "kebab-case")]
pub enum Period {
    /// `Tháng 01` … `Tháng 12`: due the last day of that month.
    Month(u8),
    /// `Quý I` … `Quý IV`: due the last day of the quarter.
    Quarter(u8),
}

/// A task's deadline: its period and the due date in the plan's year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadline {
    pub period: Period,
    pub due: NaiveDate,
}
