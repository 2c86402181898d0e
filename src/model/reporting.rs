//! The reporting calendar of a plan's section III: when each unit's monthly
//! (and quarterly) assessment and the year's review are due at Sở KH&ĐT.
//!
//! Each plan carries its own [`ReportingRule`], read from the document where
//! it says it (22/KH-UBND: "trước ngày 18 hàng tháng" and the year's review
//! "trước ngày 18/11/2021") and [`ReportingRule::default_for`] where it is
//! silent. "Trước ngày 18" means *before* the 18th, so the last on-time day
//! is the 17th: every due date here is that last on-time day, inclusive.
//! The monthly assessment of month m is due in month m itself (17/m), for the
//! committee's regular meeting at the end of that month; a quarter's
//! assessment goes with the report of the quarter's last month.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::deadline::last_day_of_month;

/// When a plan's units report: the day of the month their assessment must
/// arrive before, and the date the year's review must arrive before.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReportingRule {
    /// "trước ngày 18 hàng tháng": 18 (2–31; a month shorter than that has
    /// its last day as the last on-time day).
    pub monthly_before: u8,
    /// "trước ngày 18/11/2021": the year's review arrives before this date.
    /// Its day and month hold for every year of the plan.
    pub review_before: NaiveDate,
}

impl ReportingRule {
    /// The rule when the document does not say: the one of 22/KH-UBND, the
    /// province's usual calendar (before the 18th; the review before 18/11).
    ///
    /// # Panics
    /// Only if `year` is outside chrono's range.
    pub fn default_for(year: i32) -> Self {
        Self {
            monthly_before: 18,
            review_before: NaiveDate::from_ymd_opt(year, 11, 18).expect("18/11 exists"),
        }
    }

    /// A rule as a user types it: the day of the month reports arrive
    /// before (2–31) and the date the year's review arrives before
    /// (dd/mm/yyyy, within the plan's `year`). The message says what is
    /// wrong, in Vietnamese.
    pub fn from_input(day: &str, review: &str, year: i32) -> Result<Self, String> {
        let monthly_before = day
            .trim()
            .parse::<u8>()
            .ok()
            .filter(|d| (2..=31).contains(d))
            .ok_or_else(|| {
                format!(
                    "Ngày báo cáo hằng tháng “{}” không hợp lệ: nhập một số từ 2 đến 31.",
                    day.trim()
                )
            })?;
        let review_before = crate::i18n::parse_date(review).ok_or_else(|| {
            format!(
                "Ngày tổng kết năm “{}” không hợp lệ: nhập theo dạng dd/mm/yyyy, ví dụ 18/11/{year}.",
                review.trim()
            )
        })?;
        if review_before.year() != year {
            return Err(format!(
                "Ngày tổng kết năm phải thuộc năm {year} của kế hoạch (đã nhập {}).",
                review.trim()
            ));
        }
        Ok(Self {
            monthly_before,
            review_before,
        })
    }

    /// The last on-time day of a report.
    pub fn due(&self, period: ReportPeriod) -> NaiveDate {
        match period {
            ReportPeriod::Month { year, month } => {
                let last = last_day_of_month(year, u32::from(month));
                let day = u32::from(self.monthly_before.max(2) - 1).min(last.day());
                last.with_day(day).expect("a day within the month")
            }
            ReportPeriod::YearReview { year } => {
                let before = self
                    .review_before
                    .with_year(year)
                    .unwrap_or(self.review_before);
                before.pred_opt().unwrap_or(before)
            }
        }
    }

    /// The day the report must arrive *before*, as the plan words it: the
    /// day after [`ReportingRule::due`].
    pub fn before(&self, period: ReportPeriod) -> NaiveDate {
        let due = self.due(period);
        due.succ_opt().unwrap_or(due)
    }
}

/// A report units owe Sở KH&ĐT. Its id (`2021-03`, `2021-review`) is its
/// serialised form, used in exchange file names and the receipt matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub enum ReportPeriod {
    /// The assessment of one month (1–12) of `year`.
    Month { year: i32, month: u8 },
    /// The year's review (tổng kết năm).
    YearReview { year: i32 },
}

/// The next report to send and how many days are left.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportDue {
    pub period: ReportPeriod,
    /// The last on-time day.
    pub due: NaiveDate,
    /// `due - as_of` in days: 0 on the due day itself.
    pub days_left: i64,
}

impl ReportPeriod {
    /// The year the report belongs to.
    pub fn year(self) -> i32 {
        match self {
            ReportPeriod::Month { year, .. } | ReportPeriod::YearReview { year } => year,
        }
    }

    /// The stable id: `2021-03`, `2021-review`.
    pub fn id(self) -> String {
        match self {
            ReportPeriod::Month { year, month } => format!("{year}-{month:02}"),
            ReportPeriod::YearReview { year } => format!("{year}-review"),
        }
    }

    /// The Vietnamese label: `Tháng 03/2021`, `Tổng kết năm 2021`.
    pub fn label_vi(self) -> String {
        match self {
            ReportPeriod::Month { year, month } => format!("Tháng {month:02}/{year}"),
            ReportPeriod::YearReview { year } => format!("Tổng kết năm {year}"),
        }
    }

    /// The quarter (1–4) whose assessment goes with this month's report:
    /// the reports of March, June, September and December.
    pub fn closes_quarter(self) -> Option<u8> {
        match self {
            ReportPeriod::Month { month, .. } if month % 3 == 0 => Some(month / 3),
            _ => None,
        }
    }
}

impl fmt::Display for ReportPeriod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.id())
    }
}

impl From<ReportPeriod> for String {
    fn from(period: ReportPeriod) -> Self {
        period.id()
    }
}

impl FromStr for ReportPeriod {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let invalid =
            || format!("Mã kỳ báo cáo “{s}” không hợp lệ (ví dụ đúng: 2021-03, 2021-review).");
        let (year, rest) = s.split_once('-').ok_or_else(invalid)?;
        if year.len() != 4 {
            return Err(invalid());
        }
        let year: i32 = year.parse().map_err(|_| invalid())?;
        if rest == "review" {
            return Ok(ReportPeriod::YearReview { year });
        }
        match rest.parse::<u8>() {
            Ok(month @ 1..=12) if rest.len() == 2 => Ok(ReportPeriod::Month { year, month }),
            _ => Err(invalid()),
        }
    }
}

impl TryFrom<String> for ReportPeriod {
    type Error = String;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

/// The reports of a year, months 1–12 then the year's review.
pub fn report_periods(year: i32) -> Vec<ReportPeriod> {
    (1..=12)
        .map(|month| ReportPeriod::Month { year, month })
        .chain([ReportPeriod::YearReview { year }])
        .collect()
}

/// The monthly report a date belongs to, within the plan's `year`: the
/// month of `as_of`, January before the year starts and December after it
/// ends (the year's review is only ever chosen on purpose).
pub fn period_of(as_of: NaiveDate, year: i32) -> ReportPeriod {
    let month = match as_of.year().cmp(&year) {
        std::cmp::Ordering::Less => 1,
        std::cmp::Ordering::Equal => u8::try_from(as_of.month()).expect("a month is 1–12"),
        std::cmp::Ordering::Greater => 12,
    };
    ReportPeriod::Month { year, month }
}

/// The first report of `year` still on time on `as_of` (its due day
/// included) under `rule`, or `None` once the last one (December's) has
/// passed. Before the year starts it is January's. When November's report
/// and the year's review fall due together (17/11 for 22/KH-UBND) the
/// review is returned, being the weightier of the two.
pub fn next_report_due(as_of: NaiveDate, year: i32, rule: &ReportingRule) -> Option<ReportDue> {
    report_periods(year)
        .into_iter()
        .filter(|&p| rule.due(p) >= as_of)
        .min_by_key(|&p| (rule.due(p), !matches!(p, ReportPeriod::YearReview { .. })))
        .map(|period| ReportDue {
            period,
            due: rule.due(period),
            days_left: (rule.due(period) - as_of).num_days(),
        })
}
