//! A unit's own report on planted data: its header as the unit signs it,
//! the tasks it leads and coordinates, only its own notes of the period up
//! to the report's date, what is overdue and what it proposes; and the
//! report of the embedded plan agreeing with the consolidated one.

#[path = "fixtures/report_data.rs"]
mod data;

use chrono::NaiveDate;
use data::*;
use ke_hoach::model::app_report::{consolidated_report, unit_file_name, unit_report, AppData};
use ke_hoach::model::catalog::Catalog;
use ke_hoach::model::edit::Edit;
use ke_hoach::model::receipts::Receipts;
use ke_hoach::model::report::TaskInput;
use ke_hoach::model::reporting::ReportPeriod;
use ke_hoach::model::timing::DEFAULT_DUE_SOON_DAYS;
use ke_hoach::model::tracking::{Status, Tracking};
use ke_hoach::model::unit::{builtin_units, Unit, UnitId};
use ke_hoach::model::unit_report::{UnitReport, UnitReportInput};
use ke_hoach::seed::plan;

fn builtin(id: &str) -> Unit {
    builtin_units()
        .into_iter()
        .find(|u| u.id.as_str() == id)
        .unwrap()
}

/// The planted data plus Sở Xây dựng's own notes on pl-3 (May, twice in
/// June, July), its coordination of pl-5 and its stop of pl-4.
fn xay_dung_tracking() -> Tracking {
    let mut t = planted();
    apply_as(
        &mut t,
        XD,
        [
            note(
                "pl-3",
                d(2021, 5, 31),
                "Hoàn thiện hồ sơ",
                Status::InProgress,
                40,
            ),
            note(
                "pl-3",
                d(2021, 6, 12),
                "Lấy ý kiến Bộ Xây dựng",
                Status::InProgress,
                50,
            ),
            note(
                "pl-3",
                d(2021, 6, 28),
                "Trình Hội đồng thẩm định",
                Status::InProgress,
                70,
            ),
            note(
                "pl-3",
                d(2021, 7, 2),
                "Đã có kết quả thẩm định",
                Status::InProgress,
                80,
            ),
            Edit::SetStatus {
                task: "pl-4".into(),
                status: Status::Stopped,
                reason: Some("Chờ quy hoạch tỉnh được phê duyệt".into()),
            },
        ],
    );
    apply_all(
        &mut t,
        [Edit::SetCoordinating {
            task: "pl-5".into(),
            units: vec![UnitId::new(XD)],
        }],
    );
    t
}

fn build(
    unit: &Unit,
    tasks: &[TaskInput<'_>],
    t: &Tracking,
    period: ReportPeriod,
    as_of: NaiveDate,
) -> UnitReport {
    UnitReport::build(UnitReportInput {
        plan: plan_ref(),
        unit,
        period,
        as_of,
        tasks,
        tracking: t,
        due_soon_days: DEFAULT_DUE_SOON_DAYS,
        unit_name: &unit_name,
    })
}

fn task_ids(report: &UnitReport, group: usize) -> Vec<&str> {
    report.groups[group]
        .tasks
        .iter()
        .map(|t| t.task.id.as_str())
        .collect()
}

#[test]
fn the_header_is_the_units_own_and_the_title_names_month_and_year() {
    let (units, t) = (units(), xay_dung_tracking());
    let r = build(&builtin(XD), &inputs(&units), &t, JUNE, d(2021, 6, 30));
    let h = &r.header;
    assert_eq!(h.authority, "UBND TỈNH KIÊN GIANG");
    assert_eq!(h.office, "SỞ XÂY DỰNG");
    assert_eq!(h.number_line, "Số:        /BC-SXD");
    assert_eq!(h.place_date, "Kiên Giang, ngày 30 tháng 6 năm 2021");
    assert_eq!(h.kind, "BÁO CÁO");
    assert_eq!(
        h.subject,
        "Tình hình thực hiện Kế hoạch số 22/KH-UBND ngày 01/02/2021 \
         của UBND tỉnh Kiên Giang tháng 6 năm 2021"
    );
    assert_eq!(
        r.title,
        "Báo cáo tình hình thực hiện Kế hoạch số 22/KH-UBND ngày 01/02/2021 \
         của UBND tỉnh Kiên Giang tháng 6 năm 2021 của Sở Xây dựng"
    );
    assert_eq!(
        r.opening,
        "Thực hiện Kế hoạch số 22/KH-UBND ngày 01/02/2021 của UBND tỉnh Kiên Giang, \
         Sở Xây dựng báo cáo tình hình thực hiện tháng 6 năm 2021 như sau:"
    );
    assert_eq!(
        r.signature.recipients,
        ["Sở Kế hoạch và Đầu tư (tổng hợp);", "Lưu: VT."]
    );
    assert_eq!(r.signature.capacity, ["GIÁM ĐỐC"]);
}

#[test]
fn led_then_coordinated_tasks_with_figures_overdue_and_proposals() {
    let (units, t) = (units(), xay_dung_tracking());
    let r = build(&builtin(XD), &inputs(&units), &t, JUNE, d(2021, 6, 30));
    assert_eq!(r.groups.len(), 2);
    assert_eq!(r.groups[0].heading, "1. Các nhiệm vụ đơn vị chủ trì");
    // pl-7 was reassigned from Sở Tài chính.
    assert_eq!(task_ids(&r, 0), ["pl-3", "pl-4", "pl-7"]);
    assert_eq!(r.groups[1].heading, "2. Các nhiệm vụ đơn vị phối hợp");
    assert_eq!(task_ids(&r, 1), ["pl-5"]);
    assert_eq!(
        r.summary,
        "Tính đến ngày 30/06/2021, Sở Xây dựng chủ trì 3 nhiệm vụ: 1 quá hạn chưa hoàn thành; \
         1 sắp đến hạn; 1 dừng thực hiện. Đơn vị phối hợp thực hiện 1 nhiệm vụ khác."
    );
    assert_eq!(
        (r.totals.total, r.totals.overdue, r.totals.stopped),
        (3, 1, 1)
    );
    let overdue: Vec<(&str, &str)> = r
        .overdue
        .iter()
        .map(|o| (o.task.id.as_str(), o.days_text.as_str()))
        .collect();
    assert_eq!(
        overdue,
        [("pl-5", "quá hạn 91 ngày"), ("pl-7", "quá hạn 1 ngày")]
    );
    assert_eq!(
        r.proposals,
        ["Nhiệm vụ 4 (Dừng thực hiện): Chờ quy hoạch tỉnh được phê duyệt"]
    );
    let pl3 = &r.groups[0].tasks[0].task;
    assert_eq!(pl3.progress_text, "Tiến độ 80%");
}

#[test]
fn notes_are_the_units_own_within_the_period_and_not_after_the_report_date() {
    let (units, t) = (units(), xay_dung_tracking());
    let tasks = inputs(&units);
    let notes = |period, as_of| {
        build(&builtin(XD), &tasks, &t, period, as_of).groups[0].tasks[0]
            .notes
            .clone()
    };
    // Sở KH&ĐT's note of 25/06 on the same task is not Sở Xây dựng's.
    assert_eq!(
        notes(JUNE, d(2021, 6, 30)),
        [
            "12/06/2021: Lấy ý kiến Bộ Xây dựng",
            "28/06/2021: Trình Hội đồng thẩm định"
        ]
    );
    assert_eq!(
        notes(JUNE, d(2021, 6, 20)),
        ["12/06/2021: Lấy ý kiến Bộ Xây dựng"]
    );
    let may = ReportPeriod::Month {
        year: 2021,
        month: 5,
    };
    assert_eq!(notes(may, d(2021, 6, 30)), ["31/05/2021: Hoàn thiện hồ sơ"]);
    let review = ReportPeriod::YearReview { year: 2021 };
    assert_eq!(notes(review, d(2021, 12, 31)).len(), 4);
    // Tasks without a note of the period have none.
    assert!(
        build(&builtin(XD), &tasks, &t, JUNE, d(2021, 6, 30)).groups[1].tasks[0]
            .notes
            .is_empty()
    );
}

#[test]
fn a_committee_without_tasks_says_so_and_signs_for_the_committee() {
    let (units, t) = (units(), planted());
    let r = build(
        &builtin("ubnd-rach-gia"),
        &inputs(&units),
        &t,
        JUNE,
        d(2021, 6, 30),
    );
    assert!(r.groups.is_empty() && r.overdue.is_empty() && r.proposals.is_empty());
    assert_eq!(
        r.summary,
        "Tính đến ngày 30/06/2021, UBND TP Rạch Giá chưa được giao nhiệm vụ nào."
    );
    assert_eq!(r.header.authority, "");
    assert_eq!(r.header.office, "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ RẠCH GIÁ");
    assert_eq!(r.header.number_line, "Số:        /BC-UBND");
    assert_eq!(r.signature.capacity, ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]);
}

#[test]
fn the_embedded_plans_unit_report_lists_what_the_consolidated_report_gives_the_unit() {
    let tracking = Tracking::default();
    let catalog = Catalog::build(plan(), &tracking);
    let receipts = Receipts::default();
    let data = AppData {
        plan: plan(),
        catalog: &catalog,
        tracking: &tracking,
        receipts: &receipts,
        as_of: d(2021, 6, 30),
        due_soon_days: DEFAULT_DUE_SOON_DAYS,
    };
    let consolidated = consolidated_report(&data, JUNE);
    for section in consolidated.sections.iter().filter(|s| s.unit_id.is_some()) {
        let unit = section.unit_id.as_ref().unwrap();
        let report = unit_report(&data, unit, JUNE).expect("a known unit");
        assert_eq!(report.groups[0].tasks.len(), section.tasks.len(), "{unit}");
        let rows: Vec<_> = report.groups[0].tasks.iter().map(|t| &t.task).collect();
        assert_eq!(rows, section.tasks.iter().collect::<Vec<_>>(), "{unit}");
        assert_eq!(report.totals, section.totals, "{unit}");
    }
    assert!(unit_report(&data, &UnitId::new("so-y-te"), JUNE).is_none());
    assert_eq!(
        unit_file_name(plan(), &UnitId::new("so-khdt"), JUNE, "docx"),
        "bao-cao-22-KH-UBND-2021-06_so-khdt.docx"
    );
    // Sở KH&ĐT reports to the committee, not to itself.
    let khdt = unit_report(&data, &UnitId::new("so-khdt"), JUNE).unwrap();
    assert_eq!(khdt.signature.recipients[0], "Thường trực UBND tỉnh (b/c);");
    assert_eq!(khdt.header.number_line, "Số:        /BC-SKHĐT");
}
