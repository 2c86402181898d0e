//! Interface language and the date format users read and type. Pure.
//! Vietnamese first; the plan's own text is never translated.

use chrono::NaiveDate;

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

/// `dd/mm/yyyy`, the only date format users see.
pub fn format_date(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

/// A moment as Vietnamese users read it: `dd/mm/yyyy HH:MM`, Vietnam time.
pub fn format_moment(millis: i64) -> String {
    let offset = chrono::FixedOffset::east_opt(7 * 3600).expect("a valid offset");
    chrono::DateTime::from_timestamp_millis(millis)
        .map(|t| {
            t.with_timezone(&offset)
                .format("%d/%m/%Y %H:%M")
                .to_string()
        })
        .unwrap_or_default()
}

/// Reads `dd/mm/yyyy` (also `d/m/yyyy`, `-` or `.` as separators) or the ISO
/// `yyyy-mm-dd` a date input gives; `None` for anything else or an
/// impossible date such as 30/02/2021.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
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
