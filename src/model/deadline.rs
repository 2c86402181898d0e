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

/// English month names for [`Period::label_en`].
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Roman numerals of the four quarters, as the plan prints them.
const QUARTER_NUMERALS: [&str; 4] = ["I", "II", "III", "IV"];

impl Period {
    /// Reads a `Thời gian trình` cell: `Tháng 01`, `Tháng 1`, `Quý I` … `Quý IV`.
    ///
    /// Tolerant of what the copied annex does: words split over lines, extra
    /// spaces, letter case, and a lower-case `l` (or a digit `1`) typed for
    /// the roman `I` (`Quý l`, `Quý ll`). Arabic quarters (`Quý 2`) are read
    /// too. Anything else, including out-of-range numbers, is `None`.
    pub fn parse(text: &str) -> Option<Period> {
        let mut words = text.split_whitespace();
        let unit = words.next()?.to_lowercase();
        let value = words.next()?;
        if words.next().is_some() {
            return None;
        }
        match unit.as_str() {
            "tháng" => {
                let month: u8 = ascii_number(value)?;
                (1..=12).contains(&month).then_some(Period::Month(month))
            }
            "quý" => {
                let quarter = ascii_number(value).or_else(|| roman_quarter(value))?;
                (1..=4)
                    .contains(&quarter)
                    .then_some(Period::Quarter(quarter))
            }
            _ => None,
        }
    }

    /// The last day a submission for this period is on time in `year`: the
    /// last day of the month, or of the quarter (31/3, 30/6, 30/9, 31/12).
    /// Out-of-range values a caller built by hand are clamped (`Month(13)`
    /// is December).
    ///
    /// # Panics
    /// Only if `year` is outside chrono's range (about ±262 000).
    pub fn due_date(self, year: i32) -> NaiveDate {
        let last_month = match self {
            Period::Month(m) => m.clamp(1, 12),
            Period::Quarter(q) => q.clamp(1, 4) * 3,
        };
        let first_of_next = if last_month == 12 {
            NaiveDate::from_ymd_opt(year + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(year, u32::from(last_month) + 1, 1)
        };
        first_of_next
            .and_then(|d| d.pred_opt())
            .expect("year within chrono's range")
    }

    /// The quarter (1–4) the period falls in.
    pub fn quarter(self) -> u8 {
        match self {
            Period::Month(m) => (m.clamp(1, 12) - 1) / 3 + 1,
            Period::Quarter(q) => q.clamp(1, 4),
        }
    }

    /// The Vietnamese label, without the year: `Tháng 01`, `Quý I`.
    pub fn label_vi(self) -> String {
        match self {
            Period::Month(m) => format!("Tháng {:02}", m.clamp(1, 12)),
            Period::Quarter(_) => {
                format!("Quý {}", QUARTER_NUMERALS[usize::from(self.quarter() - 1)])
            }
        }
    }

    /// The English label, without the year: `January`, `Q1`.
    pub fn label_en(self) -> String {
        match self {
            Period::Month(m) => MONTHS_EN[usize::from(m.clamp(1, 12) - 1)].to_owned(),
            Period::Quarter(_) => format!("Q{}", self.quarter()),
        }
    }
}

/// A number written with ASCII digits only (`01`, `4`).
fn ascii_number(text: &str) -> Option<u8> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// A roman quarter numeral, reading `l` and `1` as the `I` they stand for.
fn roman_quarter(text: &str) -> Option<u8> {
    let fixed: String = text
        .chars()
        .map(|c| match c {
            'l' | 'L' | '1' | 'i' => 'I',
            'v' => 'V',
            other => other,
        })
        .collect();
    QUARTER_NUMERALS
        .iter()
        .position(|n| *n == fixed)
        .and_then(|i| u8::try_from(i + 1).ok())
}

impl Deadline {
    /// The deadline of `period` in the plan's `year`.
    pub fn new(period: Period, year: i32) -> Deadline {
        Deadline {
            period,
            due: period.due_date(year),
        }
    }
}
