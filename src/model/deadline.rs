//! Deadlines of a plan's tasks: the period a deadline cell names (a month,
//! a quarter, a half year, the whole year, a date, or a recurring task) and
//! the last day a submission is on time. Pure values: the printed notations
//! (`Quý l`, `6 tháng đầu năm 2022`, `Trước 30/6/2022` …) are read by
//! `crate::parse::deadline`, never here.
//!
//! The serialised form is part of the exchange format (user tasks carry a
//! deadline): `{"period":{"kind":"quarter","n":1},"due":"2021-03-31"}`. Months
//! and quarters keep exactly that form; every other kind is a new `kind` tag,
//! and a recurring deadline has no `due`.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The period a deadline names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "n", rename_all = "kebab-case")]
pub enum Period {
    /// `Tháng 01` … `Tháng 12`, `Tháng 3/2022`: due the last day of that month.
    Month(u8),
    /// `Quý I` … `Quý IV`, `Quý II năm 2022`: due the last day of the quarter.
    Quarter(u8),
    /// `6 tháng đầu năm` (1) or `6 tháng cuối năm` (2): due 30/6 or 31/12.
    Half(u8),
    /// `Năm 2022`, `Cả năm`, `Trong năm`: due 31/12.
    Year,
    /// `Trước 30/6/2022`: the date printed; due the day before it, since
    /// "trước" is read strictly, as the reporting rule "trước ngày 18" is.
    Before(NaiveDate),
    /// `Chậm nhất 30/6/2022`, `Ngày 30/6/2022`: due that day.
    By(NaiveDate),
    /// `Thường xuyên`: no single due date; never due soon, never overdue.
    Recurring,
}

/// A task's deadline: its period and the last on-time day, which a
/// recurring task does not have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadline {
    pub period: Period,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<NaiveDate>,
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

/// Roman numerals of the four quarters, as plans print them.
pub const QUARTER_NUMERALS: [&str; 4] = ["I", "II", "III", "IV"];

/// The last day of `month` (1–12) of `year`.
///
/// # Panics
/// Only if `year` is outside chrono's range (about ±262 000).
pub fn last_day_of_month(year: i32, month: u32) -> NaiveDate {
    let first_of_next = if month >= 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year, month.max(1) + 1, 1)
    };
    first_of_next
        .and_then(|d| d.pred_opt())
        .expect("year within chrono's range")
}

impl Period {
    /// The month whose last day a month, quarter, half or year ends on.
    fn last_month(self) -> Option<u32> {
        match self {
            Period::Month(m) => Some(u32::from(m.clamp(1, 12))),
            Period::Quarter(q) => Some(u32::from(q.clamp(1, 4)) * 3),
            Period::Half(h) => Some(u32::from(h.clamp(1, 2)) * 6),
            Period::Year => Some(12),
            Period::Before(_) | Period::By(_) | Period::Recurring => None,
        }
    }

    /// The last day a submission for this period is on time, for a period
    /// of `year` (dates carry their own year). Out-of-range values a caller
    /// built by hand are clamped (`Month(13)` is December). `None` for a
    /// recurring task.
    ///
    /// # Panics
    /// Only if `year` is outside chrono's range (about ±262 000).
    pub fn due_date(self, year: i32) -> Option<NaiveDate> {
        match self {
            Period::Before(date) => Some(date.pred_opt().unwrap_or(date)),
            Period::By(date) => Some(date),
            Period::Recurring => None,
            _ => self.last_month().map(|m| last_day_of_month(year, m)),
        }
    }

    /// The Vietnamese label, without the year: `Tháng 01`, `Quý I`,
    /// `6 tháng đầu năm`, `Trước 30/06/2022`, `Thường xuyên`.
    pub fn label_vi(self) -> String {
        match self {
            Period::Month(m) => format!("Tháng {:02}", m.clamp(1, 12)),
            Period::Quarter(q) => {
                format!("Quý {}", QUARTER_NUMERALS[usize::from(q.clamp(1, 4) - 1)])
            }
            Period::Half(1) => "6 tháng đầu năm".to_owned(),
            Period::Half(_) => "6 tháng cuối năm".to_owned(),
            Period::Year => "Cả năm".to_owned(),
            Period::Before(date) => format!("Trước {}", crate::i18n::format_date(date)),
            Period::By(date) => format!("Chậm nhất {}", crate::i18n::format_date(date)),
            Period::Recurring => "Thường xuyên".to_owned(),
        }
    }

    /// The English label, without the year: `January`, `Q1`, `First half`.
    pub fn label_en(self) -> String {
        match self {
            Period::Month(m) => MONTHS_EN[usize::from(m.clamp(1, 12) - 1)].to_owned(),
            Period::Quarter(q) => format!("Q{}", q.clamp(1, 4)),
            Period::Half(1) => "First half".to_owned(),
            Period::Half(_) => "Second half".to_owned(),
            Period::Year => "Whole year".to_owned(),
            Period::Before(date) => format!("Before {}", crate::i18n::format_date(date)),
            Period::By(date) => format!("By {}", crate::i18n::format_date(date)),
            Period::Recurring => "Recurring".to_owned(),
        }
    }
}

impl Deadline {
    /// The deadline of `period` in the plan's `year`.
    pub fn new(period: Period, year: i32) -> Deadline {
        Deadline {
            period,
            due: period.due_date(year),
        }
    }

    /// A `Thường xuyên` task: no single due date, never overdue.
    pub fn is_recurring(self) -> bool {
        self.period == Period::Recurring
    }
}

/// A deadline filter of the task list, by its stable address key (`han=`).
/// Months and quarters match the month of the due date (a task due by
/// `Quý I`, 31/03, is due in March); halves the months of the half year;
/// `tx` the recurring tasks, which have no due date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum DueFilter {
    /// `q1` … `q4`.
    Quarter(u8),
    /// `h1`, `h2`.
    Half(u8),
    /// `t01` … `t12`.
    Month(u8),
    /// `tx`: thường xuyên.
    Recurring,
}

impl DueFilter {
    /// The filter of an address key; `None` for an unknown one (which then
    /// matches nothing, so a mistyped address shows an empty list).
    pub fn parse(key: &str) -> Option<Self> {
        if key == "tx" {
            return Some(DueFilter::Recurring);
        }
        let n: u8 = key.get(1..).filter(|n| !n.is_empty())?.parse().ok()?;
        match key.get(..1)? {
            "q" if (1..=4).contains(&n) => Some(DueFilter::Quarter(n)),
            "h" if (1..=2).contains(&n) => Some(DueFilter::Half(n)),
            "t" if (1..=12).contains(&n) => Some(DueFilter::Month(n)),
            _ => None,
        }
    }

    /// The address key: `q2`, `h1`, `t03`, `tx`.
    pub fn key(self) -> String {
        match self {
            DueFilter::Quarter(q) => format!("q{q}"),
            DueFilter::Half(h) => format!("h{h}"),
            DueFilter::Month(m) => format!("t{m:02}"),
            DueFilter::Recurring => "tx".to_owned(),
        }
    }

    /// Whether a task due on `due` (recurring if `recurring`) passes.
    pub fn matches(self, due: Option<NaiveDate>, recurring: bool) -> bool {
        use chrono::Datelike;
        let month = due.map(|d| d.month());
        let within = |first: u32, last: u32| month.is_some_and(|m| (first..=last).contains(&m));
        match self {
            DueFilter::Quarter(q) => within(u32::from(q) * 3 - 2, u32::from(q) * 3),
            DueFilter::Half(h) => within(u32::from(h) * 6 - 5, u32::from(h) * 6),
            DueFilter::Month(m) => within(u32::from(m), u32::from(m)),
            DueFilter::Recurring => recurring && due.is_none(),
        }
    }

    /// The label: `Quý II`, `6 tháng đầu năm`, `Tháng 03`, `Thường xuyên`.
    pub fn label(self, lang: crate::i18n::Lang) -> String {
        match self {
            DueFilter::Quarter(q) => format!(
                "{} {}",
                lang.pick("Quý", "Quarter"),
                QUARTER_NUMERALS[usize::from(q.clamp(1, 4) - 1)]
            ),
            DueFilter::Half(h) => lang
                .pick(
                    if h == 1 {
                        "6 tháng đầu năm"
                    } else {
                        "6 tháng cuối năm"
                    },
                    if h == 1 { "First half" } else { "Second half" },
                )
                .to_owned(),
            DueFilter::Month(m) => format!("{} {m:02}", lang.pick("Tháng", "Month")),
            DueFilter::Recurring => lang.pick("Thường xuyên", "Recurring").to_owned(),
        }
    }

    /// The filters worth offering for tasks whose due dates fall in the
    /// months of `months` (bit `m - 1` for month `m`): every quarter, the
    /// halves when some task is due by a half year, each month with a due
    /// date, and `tx` when some task is recurring.
    pub fn offered(months: u16, any_half: bool, any_recurring: bool) -> Vec<Self> {
        let mut filters: Vec<Self> = (1..=4).map(DueFilter::Quarter).collect();
        if any_half {
            filters.extend([DueFilter::Half(1), DueFilter::Half(2)]);
        }
        filters.extend(
            (1..=12u8)
                .filter(|m| months & (1 << (m - 1)) != 0)
                .map(DueFilter::Month),
        );
        if any_recurring {
            filters.push(DueFilter::Recurring);
        }
        filters
    }
}
