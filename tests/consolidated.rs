//! The consolidated report on planted data: header and title wording, the
//! summary sentence, per-unit sections, the overdue and next-deadline lists
//! and the units that have not reported, at the due day and the day after.

#[path = "fixtures/report_data.rs"]
mod data;

use data::*;
use ke_hoach::model::consolidated::{ConsolidatedReport, PlanRef, ReportInput, TaskRow};
use ke_hoach::model::report::{TaskInput, Totals};
use ke_hoach::model::reporting::ReportPeriod;
use ke_hoach::model::timing::{PlanTerms, Timing, DEFAULT_DUE_SOON_DAYS};
use ke_hoach::model::tracking::{Status, Tracking};
use ke_hoach::model::unit::UnitId;

fn ids(rows: impl IntoIterator<Item = impl std::borrow::Borrow<TaskRow>>) -> Vec<String> {
    rows.into_iter().map(|r| r.borrow().id.clone()).collect()
}

fn june_30() -> ConsolidatedReport {
    let (units, t) = (units(), planted());
    report(&inputs(&units), &t, d(2021, 6, 30))
}

#[test]
fn title_and_header_use_administrative_wording() {
    let r = june_30();
    assert_eq!(
        r.title,
        "Báo cáo tình hình thực hiện Kế hoạch số 22/KH-UBND ngày 01/02/2021 \
         của UBND tỉnh Kiên Giang — tháng 06/2021"
    );
    let h = &r.header;
    assert_eq!(h.authority, "UBND TỈNH KIÊN GIANG");
    assert_eq!(h.office, "SỞ KẾ HOẠCH VÀ ĐẦU TƯ");
    assert_eq!(h.number_line, "Số:        /BC-SKHĐT");
    assert_eq!(h.motto, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    assert_eq!(h.motto_sub, "Độc lập - Tự do - Hạnh phúc");
    assert_eq!(h.place_date, "Kiên Giang, ngày 30 tháng 6 năm 2021");
    assert_eq!(h.kind, "BÁO CÁO");
    assert_eq!(
        h.subject,
        "Tình hình thực hiện Kế hoạch số 22/KH-UBND ngày 01/02/2021 \
         của UBND tỉnh Kiên Giang tháng 06/2021"
    );
    assert_eq!(r.period_label, "Tháng 06/2021");
    assert_eq!(r.as_of_text, "30/06/2021");
}

#[test]
fn date_line_pads_days_below_10_and_months_1_and_2_only() {
    let (units, t) = (units(), planted());
    let tasks = inputs(&units);
    let line = |date| report(&tasks, &t, date).header.place_date;
    assert_eq!(line(d(2021, 2, 5)), "Kiên Giang, ngày 05 tháng 02 năm 2021");
    assert_eq!(
        line(d(2021, 1, 17)),
        "Kiên Giang, ngày 17 tháng 01 năm 2021"
    );
    assert_eq!(line(d(2021, 3, 9)), "Kiên Giang, ngày 09 tháng 3 năm 2021");
    assert_eq!(
        line(d(2021, 12, 1)),
        "Kiên Giang, ngày 01 tháng 12 năm 2021"
    );
}

#[test]
fn the_year_review_names_itself_in_the_title() {
    let (units, t) = (units(), planted());
    let tasks = inputs(&units);
    let r = ConsolidatedReport::build(ReportInput {
        period: ReportPeriod::YearReview { year: 2021 },
        ..input(&tasks, &t)
    });
    assert!(r.title.ends_with("— tổng kết năm 2021"), "{}", r.title);
    assert!(r.header.subject.ends_with("Kiên Giang tổng kết năm 2021"));
    assert_eq!(r.period_label, "Tổng kết năm 2021");
}

fn input<'a>(tasks: &'a [TaskInput<'a>], t: &'a Tracking) -> ReportInput<'a> {
    ReportInput {
        plan: plan_ref(),
        period: JUNE,
        as_of: d(2021, 6, 30),
        tasks,
        tracking: t,
        due_soon_days: DEFAULT_DUE_SOON_DAYS,
        unit_name: &unit_name,
        not_reported: Vec::new(),
    }
}

#[test]
fn summary_on_the_due_day() {
    let s = june_30().summary;
    assert_eq!(
        s.totals,
        Totals {
            total: 10,
            done_on_time: 1,
            done_late: 1,
            in_progress: 2,
            due_soon: 2,
            overdue: 2,
            not_started: 1,
            stopped: 1,
            recurring: 0,
        }
    );
    assert_eq!(s.percent_done, 22, "2 done of 9 not stopped, rounded down");
    assert_eq!(
        s.sentence,
        "Tính đến ngày 30/06/2021, có 2/9 nhiệm vụ đã hoàn thành (22%), \
         trong đó 1 đúng hạn, 1 quá hạn; 2 nhiệm vụ quá hạn chưa hoàn thành; \
         2 nhiệm vụ sắp đến hạn (trong 15 ngày tới); 2 nhiệm vụ đang thực hiện trong hạn; \
         1 nhiệm vụ chưa thực hiện; 1 nhiệm vụ dừng thực hiện (không tính vào tỷ lệ)."
    );
    let rows: Vec<(Timing, u32, &str)> = s
        .rows
        .iter()
        .map(|r| (r.timing, r.count, r.share.as_str()))
        .collect();
    assert_eq!(
        rows,
        [
            (Timing::DoneOnTime, 1, "10%"),
            (Timing::DoneLate, 1, "10%"),
            (Timing::InProgress, 2, "20%"),
            (Timing::DueSoon, 2, "20%"),
            (Timing::Overdue, 2, "20%"),
            (Timing::NotStarted, 1, "10%"),
            (Timing::Stopped, 1, "10%"),
        ]
    );
}

#[test]
fn the_summary_table_leaves_out_stopped_when_nothing_is_stopped() {
    let (units, t) = (units(), Tracking::default());
    let tasks = inputs(&units);
    let r = ConsolidatedReport::build(input(&tasks, &t));
    assert!(r
        .summary
        .rows
        .iter()
        .all(|row| row.timing != Timing::Stopped));
    assert_eq!(r.summary.rows.len(), 6);
    let shown: u32 = r.summary.rows.iter().map(|row| row.count).sum();
    assert_eq!(shown, r.summary.totals.total);
    assert_eq!(r.not_reported_text, "Tất cả các đơn vị đã gửi báo cáo.");
}

#[test]
fn the_day_after_the_due_day_moves_tasks_on() {
    let (units, t) = (units(), planted());
    let r = report(&inputs(&units), &t, d(2021, 7, 1));
    // pl-3 (due 30/06) becomes overdue; pl-9 (due 16/07) enters the window.
    assert_eq!(
        r.summary.sentence,
        "Tính đến ngày 01/07/2021, có 2/9 nhiệm vụ đã hoàn thành (22%), \
         trong đó 1 đúng hạn, 1 quá hạn; 3 nhiệm vụ quá hạn chưa hoàn thành; \
         2 nhiệm vụ sắp đến hạn (trong 15 ngày tới); 1 nhiệm vụ đang thực hiện trong hạn; \
         1 nhiệm vụ chưa thực hiện; 1 nhiệm vụ dừng thực hiện (không tính vào tỷ lệ)."
    );
    assert_eq!(
        ids(r.overdue.iter().map(|o| &o.task)),
        ["pl-5", "pl-7", "pl-3"]
    );
    let days: Vec<&str> = r.overdue.iter().map(|o| o.days_text.as_str()).collect();
    assert_eq!(
        days,
        ["quá hạn 92 ngày", "quá hạn 2 ngày", "quá hạn 1 ngày"]
    );
}

#[test]
fn sentence_leaves_out_the_split_of_nothing_done_and_absent_stopped_tasks() {
    let units = units();
    let tasks = inputs(&units);
    let r = report(&tasks, &Tracking::default(), d(2021, 1, 31));
    assert_eq!(
        r.summary.sentence,
        "Tính đến ngày 31/01/2021, có 0/10 nhiệm vụ đã hoàn thành (0%); \
         0 nhiệm vụ quá hạn chưa hoàn thành; 1 nhiệm vụ sắp đến hạn (trong 15 ngày tới); \
         0 nhiệm vụ đang thực hiện trong hạn; 9 nhiệm vụ chưa thực hiện."
    );
}

#[test]
fn tasks_are_listed_by_order_with_display_strings() {
    let r = june_30();
    assert_eq!(
        ids(&r.tasks),
        ["pl-1", "pl-2", "pl-3", "pl-4", "pl-5", "pl-6", "pl-7", "pl-8", "pl-9", "u-1"]
    );
    let row = |id: &str| r.tasks.iter().find(|t| t.id == id).unwrap().clone();

    let pl1 = row("pl-1");
    assert_eq!(pl1.number, "1");
    assert_eq!(pl1.unit, "Sở KH&ĐT");
    assert_eq!(pl1.due_text, "31/01/2021");
    assert_eq!(pl1.timing_label, "Hoàn thành đúng hạn");
    assert_eq!(pl1.status_label, "Đã hoàn thành");
    assert_eq!(pl1.progress, 100);
    assert_eq!(pl1.document, "số 123/KH-SKHĐT, ngày 20/01/2021");

    let pl3 = row("pl-3");
    assert_eq!(pl3.timing, Timing::DueSoon);
    assert_eq!(pl3.status, Status::InProgress);
    assert_eq!(pl3.progress, 60);
    assert_eq!(pl3.update_date_text, "25/06/2021");
    assert_eq!(pl3.update_note, "Đã trình UBND tỉnh, đang chờ góp ý");
    assert_eq!(
        pl3.update_text,
        "25/06/2021: Đã trình UBND tỉnh, đang chờ góp ý"
    );
    assert_eq!(pl3.document, "");

    let pl7 = row("pl-7");
    assert_eq!(
        (pl7.unit.as_str(), pl7.due_text.as_str()),
        ("Sở Xây dựng", "29/06/2021")
    );
    assert_eq!(pl7.timing_label, "Quá hạn");

    let u1 = row("u-1");
    assert_eq!(
        (u1.number.as_str(), u1.unit.as_str()),
        ("37", "Chưa giao đơn vị chủ trì")
    );
    assert_eq!((u1.due_text.as_str(), u1.update_text.as_str()), ("", ""));
    assert_eq!(row("pl-8").status_label, "Điều chỉnh");
    // Progress is worded only for work under way.
    assert_eq!(pl3.progress_text, "Tiến độ 60%");
    assert_eq!(pl1.progress_text, "", "done at 100");
    assert_eq!(row("pl-4").progress_text, "", "nothing done yet");
}

#[test]
fn sections_follow_the_effective_lead_unit_in_annex_order() {
    let r = june_30();
    let heads: Vec<(&str, bool, u32)> = r
        .sections
        .iter()
        .map(|s| (s.unit.as_str(), s.reported, s.totals.total))
        .collect();
    assert_eq!(
        heads,
        [
            ("Sở KH&ĐT", true, 4),
            ("Sở Xây dựng", false, 3),
            ("Sở Tài chính", true, 2),
            ("Chưa giao đơn vị chủ trì", true, 1),
        ]
    );
    let tasks: Vec<Vec<String>> = r.sections.iter().map(|s| ids(&s.tasks)).collect();
    assert_eq!(
        tasks,
        [
            vec!["pl-1", "pl-2", "pl-8", "pl-9"],
            vec!["pl-3", "pl-4", "pl-7"],
            vec!["pl-5", "pl-6"],
            vec!["u-1"],
        ]
    );
    assert_eq!(r.sections[1].unit_id, Some(UnitId::new(XD)));
    assert_eq!(r.sections[3].unit_id, None);
    // Per-unit totals add up to the report's.
    let overdue: u32 = r.sections.iter().map(|s| s.totals.overdue).sum();
    assert_eq!(overdue, r.summary.totals.overdue);
    assert_eq!(r.sections[1].totals.overdue, 1, "pl-7 moved to Sở Xây dựng");
    assert_eq!(
        r.sections[2].totals.overdue, 1,
        "pl-5 stays with Sở Tài chính"
    );
    assert_eq!(
        r.sections[1].summary,
        "Chủ trì 3 nhiệm vụ: 1 quá hạn chưa hoàn thành; 1 sắp đến hạn; 1 chưa thực hiện. \
         Đơn vị chưa gửi báo cáo kỳ này."
    );
    assert_eq!(
        r.sections[2].summary,
        "Chủ trì 2 nhiệm vụ: 1 quá hạn chưa hoàn thành; 1 dừng thực hiện."
    );
}

#[test]
fn overdue_and_next_deadlines_on_the_due_day() {
    let r = june_30();
    let overdue: Vec<(&str, i64, &str)> = r
        .overdue
        .iter()
        .map(|o| (o.task.id.as_str(), o.days_left, o.days_text.as_str()))
        .collect();
    assert_eq!(
        overdue,
        [
            ("pl-5", -91, "quá hạn 91 ngày"),
            ("pl-7", -1, "quá hạn 1 ngày")
        ]
    );
    let next: Vec<(&str, &str)> = r
        .next_deadlines
        .iter()
        .map(|o| (o.task.id.as_str(), o.days_text.as_str()))
        .collect();
    // Stopped pl-6 and the task without a due date are never listed.
    assert_eq!(
        next,
        [
            ("pl-3", "đến hạn hôm nay"),
            ("pl-8", "còn 15 ngày"),
            ("pl-9", "còn 16 ngày"),
            ("pl-4", "còn 92 ngày"),
        ]
    );
}

#[test]
fn units_not_reported_are_named_in_the_given_order() {
    let r = june_30();
    let missing: Vec<(&str, &str)> = r
        .not_reported
        .iter()
        .map(|m| (m.unit_id.as_str(), m.unit.as_str()))
        .collect();
    assert_eq!(missing, [(XD, "Sở Xây dựng"), (NV, "Sở Nội vụ")]);
    assert_eq!(
        r.not_reported_heading,
        "V. ĐƠN VỊ CHƯA GỬI BÁO CÁO THÁNG 06/2021"
    );
    assert_eq!(
        r.not_reported_text,
        "Có 2 đơn vị chưa gửi báo cáo: Sở Xây dựng, Sở Nội vụ."
    );
    assert_eq!(r.signature.capacity, ["GIÁM ĐỐC"]);
    assert_eq!(r.signature.recipients.last().unwrap(), "Lưu: VT, TH.");
}

#[test]
fn the_embedded_annex_untouched_on_30_june() {
    let plan = ke_hoach::seed::plan();
    let tasks: Vec<TaskInput<'_>> = plan
        .annex_tasks()
        .map(|a| TaskInput {
            id: &a.id,
            order: u32::from(a.number),
            number: "",
            title: &a.title,
            plan: PlanTerms {
                lead: Some(&a.lead_unit),
                due: a.deadline.and_then(|d| d.due),
                ..PlanTerms::default()
            },
        })
        .collect();
    let t = Tracking::default();
    let meta = &plan.meta;
    let r = ConsolidatedReport::build(ReportInput {
        plan: PlanRef {
            number: &meta.number,
            date: meta.date,
            issuer: "UBND tỉnh Kiên Giang",
            place: &meta.place,
        },
        ..input(&tasks, &t)
    });
    assert_eq!(r.tasks.len(), 36);
    assert!(r.title.contains("Kế hoạch số 22/KH-UBND ngày 01/02/2021"));
    // Nothing recorded: due on or before 29/06 is overdue.
    let passed = plan
        .annex_tasks()
        .filter(|a| a.deadline.and_then(|d| d.due) < Some(d(2021, 6, 30)))
        .count();
    assert_eq!(r.overdue.len(), passed);
    assert!(r.summary.sentence.starts_with(&format!(
        "Tính đến ngày 30/06/2021, có 0/36 nhiệm vụ đã hoàn thành (0%); {passed} nhiệm vụ quá hạn"
    )));
    // Every task sits in exactly one section; every annex task has a lead.
    let listed: usize = r.sections.iter().map(|s| s.tasks.len()).sum();
    assert_eq!(listed, 36);
    assert!(r.sections.iter().all(|s| s.unit_id.is_some()));
    let firsts: Vec<u32> = r.sections.iter().map(|s| s.tasks[0].order).collect();
    assert!(firsts.windows(2).all(|w| w[0] < w[1]), "{firsts:?}");
    assert_eq!(r.sections[0].unit, "Sở KH&ĐT");
}
