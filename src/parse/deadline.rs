//! Reads a deadline cell as plans of this family print it.
//!
//! | printed | period | last on-time day |
//! | --- | --- | --- |
//! | `Tháng 01`, `Tháng 3/2022`, `Tháng 03 năm 2022`, `Trong tháng 3` | month | its last day |
//! | `Quý I`, `Quý l`, `Quý 2`, `Quý I/2022`, `Quý II năm 2022` | quarter | 31/3, 30/6, 30/9, 31/12 |
//! | `6 tháng đầu năm`, `6 tháng đầu năm 2022` | first half | 30/6 |
//! | `6 tháng cuối năm`, `6 tháng cuối năm 2022` | second half | 31/12 |
//! | `Năm 2022`, `Cả năm`, `Trong năm 2022` | year | 31/12 |
//! | `Trước 30/6/2022`, `Trước ngày 15/11/2022`, `Trước 30/6` | before a date | the day before it |
//! | `Chậm nhất 30/6/2022`, `Ngày 30/6/2022`, `30/6/2022` | by a date | that day |
//! | `Thường xuyên`, `Hằng năm`, `Hàng tháng`, `Hàng quý` | recurring | none |
//!
//! Words split over lines, extra spaces, letter case and diacritics (typed
//! or not, old or new tone placement) do not matter; a lower-case `l` or a
//! digit `1` typed for the roman `I` is read as it (`Quý l`, `Quý ll`).
//! Without a year the plan's year is meant. Anything else, including
//! out-of-range numbers and impossible dates, is `None`.

use chrono::NaiveDate;

use crate::i18n::parse_date;
use crate::model::deadline::{Deadline, Period, QUARTER_NUMERALS};
use crate::search::fold;

/// Reads a deadline cell of a plan of `year`.
pub fn read(text: &str, year: i32) -> Option<Deadline> {
    let folded = fold(text);
    let words: Vec<&str> = folded.split_whitespace().collect();
    let joined = words.join(" ");
    let within = joined.strip_prefix("trong ");
    let s = within.unwrap_or(&joined);

    if ["thuong xuyen", "hang nam", "hang thang", "hang quy"]
        .iter()
        .any(|p| s == *p || s.starts_with(&format!("{p} ")))
    {
        return Some(Deadline::new(Period::Recurring, year));
    }
    if let Some(rest) = s.strip_prefix("truoc ") {
        let date = date_of(rest.strip_prefix("ngay ").unwrap_or(rest), year)?;
        return Some(Deadline::new(Period::Before(date), year));
    }
    for prefix in ["cham nhat ", "han chot ", "ngay "] {
        if let Some(rest) = s.strip_prefix(prefix) {
            let date = date_of(rest.strip_prefix("ngay ").unwrap_or(rest), year)?;
            return Some(Deadline::new(Period::By(date), year));
        }
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) && s.contains('/') {
        return date_of(s, year).map(|d| Deadline::new(Period::By(d), year));
    }
    for (prefix, half) in [("6 thang dau", 1), ("6 thang cuoi", 2)] {
        if let Some(rest) = s.strip_prefix(prefix) {
            let rest = rest.trim_start();
            let rest = match rest.strip_prefix("nam") {
                Some(r) if r.is_empty() || r.starts_with(' ') => r,
                _ => rest,
            };
            return dated(Period::Half(half), year_suffix(rest)?, year);
        }
    }
    if s == "nam" && within.is_some() {
        return dated(Period::Year, None, year);
    }
    if let Some(rest) = s.strip_prefix("ca nam") {
        return dated(Period::Year, year_suffix(rest)?, year);
    }
    if let Some(rest) = s.strip_prefix("nam ") {
        return dated(Period::Year, Some(four_digit_year(rest)?), year);
    }
    if let Some(rest) = s.strip_prefix("thang ") {
        let (value, rest) = split_token(rest);
        let month = ascii_number(value).filter(|m| (1..=12).contains(m))?;
        return dated(Period::Month(month), year_suffix(rest)?, year);
    }
    if let Some(rest) = s.strip_prefix("quy ") {
        let (value, rest) = split_token(rest);
        let quarter = ascii_number(value)
            .or_else(|| roman_quarter(value))
            .filter(|q| (1..=4).contains(q))?;
        return dated(Period::Quarter(quarter), year_suffix(rest)?, year);
    }
    None
}

/// The deadline of `period` in the year written, or else the plan's.
fn dated(period: Period, written: Option<i32>, year: i32) -> Option<Deadline> {
    Some(Deadline::new(period, written.unwrap_or(year)))
}

/// Splits at the first space, `/` or `-`: `ii/2022` → (`ii`, `/2022`).
fn split_token(s: &str) -> (&str, &str) {
    let end = s.find([' ', '/', '-']).unwrap_or(s.len());
    (&s[..end], &s[end..])
}

/// What may follow a period: nothing (`None`: the plan's year), or a year
/// as `/2022`, `- 2022`, ` năm 2022`, ` 2022`. Anything else is unreadable.
fn year_suffix(rest: &str) -> Option<Option<i32>> {
    let rest = rest.trim();
    if rest.is_empty() {
        return Some(None);
    }
    let rest = rest
        .strip_prefix('/')
        .or_else(|| rest.strip_prefix('-'))
        .or_else(|| rest.strip_prefix("nam "))
        .unwrap_or(rest)
        .trim_start();
    let rest = rest.strip_prefix("nam ").unwrap_or(rest);
    four_digit_year(rest).map(Some)
}

/// A year of four ASCII digits, 1900–2200.
fn four_digit_year(text: &str) -> Option<i32> {
    let text = text.trim();
    (text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
        .filter(|y| (1900..=2200).contains(y))
}

/// `30/6/2022`, or `30/6` in the plan's year.
fn date_of(text: &str, year: i32) -> Option<NaiveDate> {
    let text = text.trim();
    if text.matches('/').count() == 1 {
        return parse_date(&format!("{text}/{year}"));
    }
    parse_date(text)
}

/// A number written with ASCII digits only (`01`, `4`).
fn ascii_number(text: &str) -> Option<u8> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// A roman quarter numeral, folded to lower case, reading `l` and `1` as the
/// `I` they stand for.
fn roman_quarter(text: &str) -> Option<u8> {
    let fixed: String = text
        .chars()
        .map(|c| match c {
            'l' | '1' | 'i' => 'I',
            'v' => 'V',
            other => other,
        })
        .collect();
    QUARTER_NUMERALS
        .iter()
        .position(|n| *n == fixed)
        .and_then(|i| u8::try_from(i + 1).ok())
}
