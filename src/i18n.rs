//! Interface language and the date format users read and type. Pure.
//! Vietnamese first; the plan's own text is never translated.

use chrono::{Datelike, NaiveDate, Timelike};

/// The interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    /// Chooses the string for this language; strings stay beside their use.
    pub fn pick(self, vi: &'static str, en: &'static str) -> &'static str {
        match self {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }

    /// The `lang` attribute value.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code {
            "vi" => Some(Lang::Vi),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

// Dates are written and read by hand rather than with chrono's `format` and
// `parse_from_str`: the two fixed shapes below are all the app needs, and
// chrono's pattern interpreter would add its code to the wasm for them.

/// `dd/mm/yyyy`, the only date format users see.
pub fn format_date(date: NaiveDate) -> String {
    format!("{:02}/{:02}/{:04}", date.day(), date.month(), date.year())
}

/// `yyyy-mm-dd`, as files store dates and date inputs give them.
pub fn iso_date(date: NaiveDate) -> String {
    let mut text = String::with_capacity(10);
    write_iso_date(&mut text, date).expect("writing to a String cannot fail");
    text
}

/// Writes `yyyy-mm-dd` as chrono's `%Y-%m-%d` does: a year outside
/// 0..=9999 with its sign.
pub fn write_iso_date(out: &mut impl std::fmt::Write, date: NaiveDate) -> std::fmt::Result {
    let (year, month, day) = (date.year(), date.month(), date.day());
    if (0..=9999).contains(&year) {
        write!(out, "{year:04}-{month:02}-{day:02}")
    } else {
        write!(out, "{year:+05}-{month:02}-{day:02}")
    }
}

/// Reads `yyyy-mm-dd` (one-digit month and day accepted); `None` for
/// anything else or an impossible date.
pub fn parse_iso_date(text: &str) -> Option<NaiveDate> {
    let mut parts = text.split('-');
    let year = number(parts.next()?, 4..=4)?;
    let month = number(parts.next()?, 1..=2)?;
    let day = number(parts.next()?, 1..=2)?;
    if parts.next().is_some() {
        return None;
    }
    NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)
}

/// Digits only, as many as `len` allows.
fn number(text: &str, len: std::ops::RangeInclusive<usize>) -> Option<u32> {
    if !len.contains(&text.len()) || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// A moment as Vietnamese users read it: `dd/mm/yyyy HH:MM`, Vietnam time.
pub fn format_moment(millis: i64) -> String {
    let offset = chrono::FixedOffset::east_opt(7 * 3600).expect("a valid offset");
    chrono::DateTime::from_timestamp_millis(millis)
        .map(|t| format_local_moment(&t.with_timezone(&offset)))
        .unwrap_or_default()
}

/// `dd/mm/yyyy HH:MM` of a moment in its own offset.
pub fn format_local_moment(moment: &chrono::DateTime<chrono::FixedOffset>) -> String {
    format!(
        "{} {:02}:{:02}",
        format_date(moment.date_naive()),
        moment.hour(),
        moment.minute()
    )
}

/// Reads `dd/mm/yyyy` (also `d/m/yyyy`, `-` or `.` as separators) or the ISO
/// `yyyy-mm-dd` a date input gives; `None` for anything else or an
/// impossible date such as 30/02/2021.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    if let Some(date) = parse_iso_date(text) {
        return Some(date);
    }
    let mut parts = text.split(['/', '-', '.']);
    let day = parts.next()?.trim().parse().ok()?;
    let month = parts.next()?.trim().parse().ok()?;
    let year: i32 = parts.next()?.trim().parse().ok()?;
    if parts.next().is_some() || !(1000..=9999).contains(&year) {
        return None;
    }
    NaiveDate::from_ymd_opt(year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_and_print_as_dd_mm_yyyy() {
        let d = NaiveDate::from_ymd_opt(2021, 6, 30).unwrap();
        assert_eq!(format_date(d), "30/06/2021");
        assert_eq!(parse_date("30/06/2021"), Some(d));
        assert_eq!(parse_date(" 30-6-2021 "), Some(d));
        assert_eq!(parse_date("2021-06-30"), Some(d));
        assert_eq!(iso_date(d), "2021-06-30");
        for (y, text) in [
            (10_000, "+10000-06-30"),
            (-1, "-0001-06-30"),
            (0, "0000-06-30"),
        ] {
            let date = NaiveDate::from_ymd_opt(y, 6, 30).unwrap();
            assert_eq!(iso_date(date), text);
            assert_eq!(
                date.format("%Y-%m-%d").to_string(),
                text,
                "as chrono writes it"
            );
        }
        assert_eq!(parse_iso_date("2021-6-30"), Some(d));
        for bad in [
            "2021-06-31",
            "21-06-30",
            "2021-06",
            "2021-06-30-1",
            "2021-+6-30",
            "2021-06-3x",
        ] {
            assert_eq!(parse_iso_date(bad), None, "{bad}");
        }
        assert_eq!(
            parse_date("29/02/2024"),
            NaiveDate::from_ymd_opt(2024, 2, 29)
        );
    }

    #[test]
    fn moments_are_shown_in_vietnam_time() {
        // 2021-03-15 03:30 UTC is 10:30 in Kiên Giang.
        assert_eq!(format_moment(1_615_779_000_000), "15/03/2021 10:30");
    }

    #[test]
    fn impossible_or_partial_dates_are_refused() {
        for bad in [
            "30/02/2021",
            "29/02/2021",
            "31/04/2021",
            "12/2021",
            "",
            "1/1/21",
            "a/b/c",
            "1/1/2021/1",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }
}
