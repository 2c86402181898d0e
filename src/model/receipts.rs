//! Which units' reports Sở KH&ĐT has received, per reporting period, and the
//! matrix of received and missing reports as of a date. A receipt is made
//! when a unit's report file is imported; it lives only in the
//! consolidating browser.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::i18n::format_date;

use super::reporting::{report_periods, ReportPeriod, ReportingRule};
use super::tracking::Millis;
use super::unit::{Unit, UnitId, UnitKind};

/// One imported report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    pub file_name: String,
    /// When the unit exported it (RFC 3339, as the file says).
    pub exported_at: String,
    /// When it was imported here.
    pub imported_at: Millis,
}

/// Receipts by unit and period; a later import of the same report replaces
/// the earlier receipt.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Receipts {
    #[serde(with = "receipt_map")]
    pub received: BTreeMap<(UnitId, ReportPeriod), Receipt>,
}

/// A cell of the matrix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    Received(Receipt),
    /// Due and not received: the unit is late.
    Missing,
    /// Not due yet on the as-of date.
    NotDue,
}

/// A unit's row of the matrix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatrixRow {
    pub unit: UnitId,
    /// One cell per period of `Receipts::matrix`'s `periods`.
    pub cells: Vec<Cell>,
}

impl Receipts {
    pub fn record(&mut self, unit: UnitId, period: ReportPeriod, receipt: Receipt) {
        self.received.insert((unit, period), receipt);
    }

    pub fn get(&self, unit: &UnitId, period: ReportPeriod) -> Option<&Receipt> {
        self.received.get(&(unit.clone(), period))
    }

    /// Units × periods as of a date. A report counts as missing once its
    /// due date under the plan's `rule` (the 17th for 22/KH-UBND, see
    /// `reporting`) has passed.
    pub fn matrix(
        &self,
        units: &[UnitId],
        periods: &[ReportPeriod],
        as_of: NaiveDate,
        rule: &ReportingRule,
    ) -> Vec<MatrixRow> {
        units
            .iter()
            .map(|unit| MatrixRow {
                unit: unit.clone(),
                cells: periods
                    .iter()
                    .map(|&period| match self.get(unit, period) {
                        Some(receipt) => Cell::Received(receipt.clone()),
                        None if rule.due(period) < as_of => Cell::Missing,
                        None => Cell::NotDue,
                    })
                    .collect(),
            })
            .collect()
    }

    /// The units whose report for `period` has not been received.
    pub fn missing(&self, units: &[UnitId], period: ReportPeriod) -> Vec<UnitId> {
        units
            .iter()
            .filter(|u| self.get(u, period).is_none())
            .cloned()
            .collect()
    }
}

/// The units that must report to Sở KH&ĐT: every department and district
/// (section III), but not Sở KH&ĐT itself nor the committee's office, which
/// consolidate.
pub fn reporting_units(units: &[Unit]) -> Vec<UnitId> {
    units
        .iter()
        .filter(|u| matches!(u.kind, UnitKind::Department | UnitKind::District))
        .filter(|u| u.id.as_str() != CONSOLIDATOR)
        .map(|u| u.id.clone())
        .collect()
}

/// The unit that receives and consolidates reports.
pub const CONSOLIDATOR: &str = "so-khdt";

/// The periods of a plan year as the matrix lists them.
pub fn periods(year: i32) -> Vec<ReportPeriod> {
    report_periods(year)
}

/// A `mailto:` link reminding a unit of a missing report, in Vietnamese.
pub fn reminder_mailto(
    unit: &Unit,
    period: ReportPeriod,
    plan_number: &str,
    as_of: NaiveDate,
    rule: &ReportingRule,
) -> String {
    let subject = format!(
        "Nhắc gửi báo cáo {} — Kế hoạch số {plan_number}",
        period.label_vi()
    );
    let body = format!(
        "Kính gửi: {name},\n\n\
         Tính đến ngày {as_of}, Sở Kế hoạch và Đầu tư chưa nhận được báo cáo {period} \
         về tình hình thực hiện Kế hoạch số {plan_number} của UBND tỉnh (hạn gửi: trước ngày {deadline}).\n\n\
         Đề nghị Quý đơn vị cập nhật tiến độ các nhiệm vụ được giao trong ứng dụng theo dõi kế hoạch, \
         xuất tệp báo cáo của đơn vị và gửi về Sở Kế hoạch và Đầu tư để tổng hợp, báo cáo UBND tỉnh tại phiên họp thường kỳ.\n\n\
         Trân trọng.",
        name = unit.name,
        as_of = format_date(as_of),
        period = period.label_vi().to_lowercase(),
        deadline = format_date(rule.before(period)),
    );
    format!(
        "mailto:?subject={}&body={}",
        crate::route::percent_encode(&subject),
        crate::route::percent_encode(&body)
    )
}

/// Stored as a list: JSON object keys must be strings.
mod receipt_map {
    use super::*;
    use serde::{Deserializer, Serializer};

    #[derive(Serialize, Deserialize)]
    struct Entry {
        unit: UnitId,
        period: ReportPeriod,
        #[serde(flatten)]
        receipt: Receipt,
    }

    pub fn serialize<S: Serializer>(
        map: &BTreeMap<(UnitId, ReportPeriod), Receipt>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        let entries: Vec<Entry> = map
            .iter()
            .map(|((unit, period), receipt)| Entry {
                unit: unit.clone(),
                period: *period,
                receipt: receipt.clone(),
            })
            .collect();
        entries.serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<BTreeMap<(UnitId, ReportPeriod), Receipt>, D::Error> {
        let entries = Vec::<Entry>::deserialize(d)?;
        Ok(entries
            .into_iter()
            .map(|e| ((e.unit, e.period), e.receipt))
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::unit::builtin_units;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn receipt(name: &str) -> Receipt {
        Receipt {
            file_name: name.into(),
            exported_at: "2021-06-10T08:00:00+07:00".into(),
            imported_at: 1,
        }
    }

    #[test]
    fn departments_and_districts_report_but_not_the_consolidators() {
        let units = reporting_units(&builtin_units());
        assert_eq!(units.len(), 14 + 15);
        assert!(!units
            .iter()
            .any(|u| u.as_str() == "so-khdt" || u.as_str() == "vp-ubnd"));
        assert!(units.iter().any(|u| u.as_str() == "ubnd-phu-quoc"));
    }

    #[test]
    fn the_matrix_marks_received_missing_and_not_yet_due_at_the_17th() {
        let units = [UnitId::new("so-tai-chinh"), UnitId::new("so-xay-dung")];
        let june = ReportPeriod::Month {
            year: 2021,
            month: 6,
        };
        let july = ReportPeriod::Month {
            year: 2021,
            month: 7,
        };
        let mut receipts = Receipts::default();
        receipts.record(units[0].clone(), june, receipt("a.json"));
        // On 17/06 June's report is still on time: not missing yet.
        let rule = ReportingRule::default_for(2021);
        let on_due = receipts.matrix(&units, &[june, july], d(2021, 6, 17), &rule);
        assert_eq!(
            on_due[0].cells,
            [Cell::Received(receipt("a.json")), Cell::NotDue]
        );
        assert_eq!(on_due[1].cells, [Cell::NotDue, Cell::NotDue]);
        let after = receipts.matrix(&units, &[june, july], d(2021, 6, 18), &rule);
        assert_eq!(after[1].cells, [Cell::Missing, Cell::NotDue]);
        assert_eq!(receipts.missing(&units, june), [units[1].clone()]);
        assert_eq!(receipts.missing(&units, july), units.to_vec());
    }

    #[test]
    fn a_later_import_replaces_the_receipt_and_receipts_round_trip_as_json() {
        let unit = UnitId::new("so-du-lich");
        let review = ReportPeriod::YearReview { year: 2021 };
        let mut receipts = Receipts::default();
        receipts.record(unit.clone(), review, receipt("old.json"));
        receipts.record(unit.clone(), review, receipt("new.json"));
        assert_eq!(receipts.received.len(), 1);
        assert_eq!(receipts.get(&unit, review).unwrap().file_name, "new.json");
        let text = serde_json::to_string(&receipts).unwrap();
        assert!(text.contains("\"period\":\"2021-review\""), "{text}");
        assert_eq!(serde_json::from_str::<Receipts>(&text).unwrap(), receipts);
    }

    #[test]
    fn the_reminder_is_a_mailto_link_in_vietnamese() {
        let unit = builtin_units()
            .into_iter()
            .find(|u| u.id.as_str() == "so-tai-chinh")
            .unwrap();
        let link = reminder_mailto(
            &unit,
            ReportPeriod::Month {
                year: 2021,
                month: 6,
            },
            "22/KH-UBND",
            d(2021, 6, 20),
            &ReportingRule::default_for(2021),
        );
        assert!(link.starts_with("mailto:?subject="));
        let body = crate::route::percent_decode(link.split("&body=").nth(1).unwrap());
        assert!(body.starts_with("Kính gửi: Sở Tài chính,"), "{body}");
        assert!(body.contains("Tính đến ngày 20/06/2021"));
        assert!(body.contains("báo cáo tháng 06/2021"));
        assert!(body.contains("trước ngày 18/06/2021"));
        let subject = crate::route::percent_decode(
            link.split("&body=")
                .next()
                .unwrap()
                .trim_start_matches("mailto:?subject="),
        );
        assert_eq!(
            subject,
            "Nhắc gửi báo cáo Tháng 06/2021 — Kế hoạch số 22/KH-UBND"
        );
    }
}
