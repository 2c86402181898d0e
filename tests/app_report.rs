//! The consolidated report of the app's data: the plan's reference, all 36
//! tasks with their units, and the units that have not reported.

use chrono::NaiveDate;
use ke_hoach::model::app_report::{consolidated_report, file_name, issuer_name, AppData};
use ke_hoach::model::catalog::Catalog;
use ke_hoach::model::consolidated::unit_summary;
use ke_hoach::model::receipts::{Receipt, Receipts};
use ke_hoach::model::report::Totals;
use ke_hoach::model::reporting::ReportPeriod;
use ke_hoach::model::timing::{Timing, DEFAULT_DUE_SOON_DAYS};
use ke_hoach::model::tracking::Tracking;
use ke_hoach::model::unit::UnitId;
use ke_hoach::seed::plan;

const JUNE: ReportPeriod = ReportPeriod::Month {
    year: 2021,
    month: 6,
};

#[test]
fn the_report_of_the_embedded_plan_names_the_plan_and_lists_its_36_tasks() {
    let tracking = Tracking::default();
    let catalog = Catalog::build(plan(), &tracking);
    let mut receipts = Receipts::default();
    let receipt = Receipt {
        file_name: "so-tai-chinh-2021-06.json".into(),
        exported_at: "2021-06-15T08:00:00+07:00".into(),
        imported_at: 1,
    };
    receipts.record(UnitId::new("so-tai-chinh"), JUNE, receipt);
    let data = AppData {
        plan: plan(),
        catalog: &catalog,
        tracking: &tracking,
        receipts: &receipts,
        as_of: NaiveDate::from_ymd_opt(2021, 6, 30).unwrap(),
        due_soon_days: DEFAULT_DUE_SOON_DAYS,
    };
    let report = consolidated_report(&data, JUNE);
    assert_eq!(issuer_name(plan()), "UBND tỉnh Kiên Giang");
    assert_eq!(report.header.authority, "UBND TỈNH KIÊN GIANG");
    assert!(report.title.starts_with(
        "Báo cáo tình hình thực hiện Kế hoạch số 22/KH-UBND ngày 01/02/2021 của UBND tỉnh Kiên Giang"
    ));
    assert_eq!(report.tasks.len(), 36);
    assert_eq!(report.tasks[26].unit, "Sở TT&TT");
    // 29 units report (14 departments without Sở KH&ĐT, 15 districts);
    // Sở Tài chính has, so 28 have not, and its section says it reported.
    assert_eq!(report.not_reported.len(), 28);
    assert!(!report.not_reported.iter().any(|m| m.unit == "Sở Tài chính"));
    let finance = report
        .sections
        .iter()
        .find(|s| s.unit == "Sở Tài chính")
        .unwrap();
    assert!(finance.reported);
    // Sở KH&ĐT consolidates and owes no report; the next unit does.
    assert_eq!(report.sections[0].unit, "Sở KH&ĐT");
    assert!(report.sections[0].reported);
    assert!(!report.sections[1].reported);
    // Nothing recorded: on 30/06 tasks due by Quý I are overdue, Quý II
    // tasks are due that day.
    assert_eq!(report.summary.totals.total, 36);
    assert_eq!(
        report.summary.totals.overdue as usize,
        report
            .tasks
            .iter()
            .filter(|t| t.timing == Timing::Overdue)
            .count()
    );
    assert!(report
        .tasks
        .iter()
        .filter(|t| t.timing == Timing::Overdue)
        .all(|t| t.due < data.as_of.into()));
}

#[test]
fn export_names_are_plain_ascii() {
    assert_eq!(
        file_name(plan(), JUNE, "xlsx"),
        "bao-cao-22-KH-UBND-2021-06.xlsx"
    );
    assert_eq!(
        file_name(plan(), ReportPeriod::YearReview { year: 2021 }, "csv"),
        "bao-cao-22-KH-UBND-2021-review.csv"
    );
}

#[test]
fn a_units_figures_are_worded_without_empty_clauses() {
    let totals = |timings: &[Timing]| timings.iter().copied().collect::<Totals>();
    use Timing::*;
    assert_eq!(
        unit_summary(&totals(&[Overdue, Overdue])),
        "Chủ trì 2 nhiệm vụ: 2 quá hạn chưa hoàn thành."
    );
    assert_eq!(
        unit_summary(&totals(&[
            DoneOnTime, DoneLate, DueSoon, InProgress, NotStarted, Stopped
        ])),
        "Chủ trì 6 nhiệm vụ: 2 đã hoàn thành (1 đúng hạn, 1 quá hạn); 1 sắp đến hạn; \
         1 đang thực hiện trong hạn; 1 chưa thực hiện; 1 dừng thực hiện."
    );
    assert_eq!(
        unit_summary(&totals(&[DoneOnTime, NotStarted])),
        "Chủ trì 2 nhiệm vụ: 1 đã hoàn thành đúng hạn; 1 chưa thực hiện."
    );
    assert_eq!(
        unit_summary(&totals(&[DoneLate])),
        "Chủ trì 1 nhiệm vụ: 1 đã hoàn thành quá hạn."
    );
}
