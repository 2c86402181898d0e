//! Timing of tasks at date boundaries, effective values over the plan, and
//! the reporting calendar of section III.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use ke_hoach::model::reporting::{next_report_due, report_periods, ReportPeriod, ReportingRule};
use ke_hoach::model::timing::{day_of, timing, PlanTerms, Timing, DEFAULT_DUE_SOON_DAYS};
use ke_hoach::model::tracking::{DocumentRef, Stamped, Status, TaskRecord, Tracking, Update};
use ke_hoach::model::unit::UnitId;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

const N: u32 = DEFAULT_DUE_SOON_DAYS;

/// What the plan says of a task with this lead and due date.
fn terms(lead: Option<&UnitId>, due: Option<NaiveDate>) -> PlanTerms<'_> {
    PlanTerms {
        lead,
        due,
        ..PlanTerms::default()
    }
}

/// 22/KH-UBND's reporting rule (the default): before the 18th, review before 18/11.
fn rule(year: i32) -> ReportingRule {
    ReportingRule::default_for(year)
}

fn t(status: Status, due: Option<NaiveDate>, done: Option<NaiveDate>, as_of: NaiveDate) -> Timing {
    timing(status, due, done, as_of, N)
}

// ---- timing -------------------------------------------------------------

#[test]
fn due_day_itself_is_not_overdue_and_the_next_day_is() {
    let due = d(2021, 3, 31);
    for status in [Status::NotStarted, Status::InProgress, Status::Adjusted] {
        assert_eq!(
            t(status, Some(due), None, due),
            Timing::DueSoon,
            "{status:?}"
        );
        assert_eq!(
            t(status, Some(due), None, d(2021, 4, 1)),
            Timing::Overdue,
            "{status:?}"
        );
    }
}

#[test]
fn done_on_due_day_is_on_time_and_a_day_later_is_late() {
    let due = d(2021, 6, 30);
    let as_of = d(2021, 12, 31);
    assert_eq!(
        t(Status::Done, Some(due), Some(due), as_of),
        Timing::DoneOnTime
    );
    assert_eq!(
        t(Status::Done, Some(due), Some(d(2021, 7, 1)), as_of),
        Timing::DoneLate
    );
    assert_eq!(
        t(Status::Done, Some(due), Some(d(2021, 1, 5)), as_of),
        Timing::DoneOnTime
    );
}

#[test]
fn done_without_date_or_due_is_on_time() {
    let as_of = d(2021, 12, 31);
    assert_eq!(
        t(Status::Done, Some(d(2021, 3, 31)), None, as_of),
        Timing::DoneOnTime
    );
    assert_eq!(
        t(Status::Done, None, Some(d(2021, 9, 9)), as_of),
        Timing::DoneOnTime
    );
}

#[test]
fn done_after_the_as_of_date_was_still_pending_then() {
    let due = d(2021, 9, 30);
    let done = d(2021, 10, 20);
    assert_eq!(
        t(Status::Done, Some(due), Some(done), d(2021, 6, 30)),
        Timing::InProgress
    );
    assert_eq!(
        t(Status::Done, Some(due), Some(done), d(2021, 9, 20)),
        Timing::DueSoon
    );
    assert_eq!(
        t(Status::Done, Some(due), Some(done), d(2021, 10, 1)),
        Timing::Overdue
    );
    assert_eq!(
        t(Status::Done, Some(due), Some(done), done),
        Timing::DoneLate
    );
}

#[test]
fn due_soon_window_edges() {
    let due = d(2021, 6, 30);
    // 15 days before the due date is inside the window, 16 is outside.
    assert_eq!(
        t(Status::InProgress, Some(due), None, d(2021, 6, 15)),
        Timing::DueSoon
    );
    assert_eq!(
        t(Status::InProgress, Some(due), None, d(2021, 6, 14)),
        Timing::InProgress
    );
    assert_eq!(
        t(Status::NotStarted, Some(due), None, d(2021, 6, 15)),
        Timing::DueSoon
    );
    assert_eq!(
        t(Status::NotStarted, Some(due), None, d(2021, 6, 14)),
        Timing::NotStarted
    );
    // A configurable window.
    assert_eq!(
        timing(Status::InProgress, Some(due), None, d(2021, 6, 23), 7),
        Timing::DueSoon
    );
    assert_eq!(
        timing(Status::InProgress, Some(due), None, d(2021, 6, 22), 7),
        Timing::InProgress
    );
    assert_eq!(
        timing(Status::InProgress, Some(due), None, due, 0),
        Timing::DueSoon
    );
    assert_eq!(
        timing(Status::InProgress, Some(due), None, d(2021, 6, 29), 0),
        Timing::InProgress
    );
}

#[test]
fn leap_day_2024() {
    let due = d(2024, 2, 29);
    assert_eq!(t(Status::InProgress, Some(due), None, due), Timing::DueSoon);
    assert_eq!(
        t(Status::InProgress, Some(due), None, d(2024, 3, 1)),
        Timing::Overdue
    );
    // 14/02 is exactly 15 days before 29/02 in a leap year.
    assert_eq!(
        t(Status::InProgress, Some(due), None, d(2024, 2, 14)),
        Timing::DueSoon
    );
    assert_eq!(
        t(Status::InProgress, Some(due), None, d(2024, 2, 13)),
        Timing::InProgress
    );
    assert_eq!(
        t(
            Status::Done,
            Some(due),
            Some(d(2024, 3, 1)),
            d(2024, 12, 31)
        ),
        Timing::DoneLate
    );
}

#[test]
fn as_of_before_the_plan_year() {
    let as_of = d(2020, 12, 1);
    assert_eq!(
        t(Status::NotStarted, Some(d(2021, 1, 31)), None, as_of),
        Timing::NotStarted
    );
    assert_eq!(
        t(Status::InProgress, Some(d(2021, 1, 31)), None, as_of),
        Timing::InProgress
    );
    assert_eq!(
        t(Status::NotStarted, Some(d(2020, 12, 31)), None, as_of),
        Timing::NotStarted
    );
    assert_eq!(
        t(Status::NotStarted, Some(d(2020, 12, 16)), None, as_of),
        Timing::DueSoon
    );
}

#[test]
fn stopped_is_never_overdue_and_no_due_date_is_never_late() {
    let as_of = d(2021, 12, 31);
    assert_eq!(
        t(Status::Stopped, Some(d(2021, 1, 31)), None, as_of),
        Timing::Stopped
    );
    assert_eq!(t(Status::Stopped, None, None, as_of), Timing::Stopped);
    assert_eq!(t(Status::NotStarted, None, None, as_of), Timing::NotStarted);
    assert_eq!(t(Status::InProgress, None, None, as_of), Timing::InProgress);
    assert_eq!(t(Status::Adjusted, None, None, as_of), Timing::InProgress);
}

#[test]
fn labels_and_classes_are_distinct_for_every_category() {
    for (i, a) in Timing::ALL.iter().enumerate() {
        for b in &Timing::ALL[i + 1..] {
            assert_ne!(a.label_vi(), b.label_vi());
            assert_ne!(a.label_en(), b.label_en());
            assert_ne!(a.css_class(), b.css_class());
            assert_ne!(a.colour_name(), b.colour_name());
        }
        assert!(a.css_class().starts_with("t-"));
    }
    assert_eq!(Timing::DoneOnTime.label_vi(), "Hoàn thành đúng hạn");
    assert_eq!(Timing::DoneLate.label_vi(), "Hoàn thành quá hạn");
    assert_eq!(Timing::InProgress.label_vi(), "Đang thực hiện trong hạn");
    assert_eq!(Timing::DueSoon.label_vi(), "Sắp đến hạn");
    assert_eq!(Timing::Overdue.label_vi(), "Quá hạn");
    assert_eq!(Timing::NotStarted.label_vi(), "Chưa thực hiện");
    assert_eq!(Timing::DoneOnTime.css_class(), "t-on-time");
    assert_eq!(Timing::DoneOnTime.colour_name(), "green");
    assert_eq!(Timing::DoneLate.colour_name(), "orange");
    assert_eq!(Timing::InProgress.colour_name(), "blue");
    assert_eq!(Timing::Overdue.colour_name(), "red");
    assert_eq!(Timing::NotStarted.colour_name(), "grey");
}

// ---- effective values -----------------------------------------------------

fn stamped<T>(value: T, at: i64) -> Option<Stamped<T>> {
    Some(Stamped {
        value,
        at,
        by: UnitId::new("so-khdt"),
        base: 0,
    })
}

/// 30/06/2021 17:30 UTC is 01/07/2021 00:30 in Vietnam.
const JUNE_30_1730_UTC: i64 = 1_625_074_200_000;

#[test]
fn stamp_day_is_taken_in_vietnam_time() {
    assert_eq!(day_of(JUNE_30_1730_UTC), d(2021, 7, 1));
    assert_eq!(day_of(JUNE_30_1730_UTC - 3_600_000), d(2021, 6, 30));
}

#[test]
fn untouched_task_takes_the_plan_values() {
    let tracking = Tracking::default();
    let lead = UnitId::new("so-xd");
    let e = tracking.effective("pl-5", terms(Some(&lead), Some(d(2021, 3, 31))));
    assert_eq!(e.status, Status::NotStarted);
    assert_eq!(e.progress, 0);
    assert_eq!(e.lead_unit, Some(&lead));
    assert_eq!(e.due, Some(d(2021, 3, 31)));
    assert!(e.coordinating.is_empty());
    assert_eq!(
        (e.completed_on, e.document, e.reason, e.latest_update),
        (None, None, None, None)
    );
    assert_eq!(e.timing(d(2021, 4, 1), N), Timing::Overdue);
}

#[test]
fn record_overrides_the_plan_and_done_falls_back_to_the_stamp_day() {
    let plan_lead = UnitId::new("so-xd");
    let other = UnitId::new("so-tc");
    let update = |id: &str, date: NaiveDate, at: i64| Update {
        id: id.into(),
        date,
        unit: other.clone(),
        text: id.into(),
        status: Status::InProgress,
        progress: 50,
        at,
    };
    let mut updates = BTreeMap::new();
    for u in [
        update("a", d(2021, 5, 1), 30),
        update("b", d(2021, 6, 1), 10),
        update("c", d(2021, 6, 1), 20),
        update("z", d(2021, 4, 1), 40),
    ] {
        updates.insert(u.id.clone(), u);
    }
    let record = TaskRecord {
        status: stamped(Status::Done, JUNE_30_1730_UTC),
        lead_unit: stamped(Some(other.clone()), 1),
        coordinating: stamped(vec![plan_lead.clone()], 1),
        due: stamped(Some(d(2021, 6, 30)), 1),
        document: stamped(
            Some(DocumentRef {
                number: "12/TTr-SXD".into(),
                date: None,
            }),
            1,
        ),
        reason: stamped(String::new(), 1),
        updates,
        ..TaskRecord::default()
    };
    let e = record.effective(terms(Some(&plan_lead), Some(d(2021, 3, 31))));
    assert_eq!(
        e.progress, 100,
        "done without a recorded progress counts 100"
    );
    assert_eq!(e.lead_unit, Some(&other));
    assert_eq!(e.coordinating, std::slice::from_ref(&plan_lead));
    assert_eq!(e.due, Some(d(2021, 6, 30)));
    assert_eq!(e.document.map(|d| d.number.as_str()), Some("12/TTr-SXD"));
    assert_eq!(e.reason, None, "an empty reason is no reason");
    assert_eq!(e.latest_update.map(|u| u.id.as_str()), Some("c"));
    assert_eq!(e.completed_on, Some(d(2021, 7, 1)));
    assert_eq!(e.timing(d(2021, 12, 31), N), Timing::DoneLate);

    let dated = TaskRecord {
        completed_on: stamped(Some(d(2021, 6, 30)), 2),
        ..record.clone()
    };
    let e = dated.effective(terms(Some(&plan_lead), None));
    assert_eq!(e.completed_on, Some(d(2021, 6, 30)));
    assert_eq!(e.timing(d(2021, 12, 31), N), Timing::DoneOnTime);

    let unassigned = TaskRecord {
        lead_unit: stamped(None, 3),
        due: stamped(None, 3),
        ..record
    };
    let e = unassigned.effective(terms(Some(&plan_lead), Some(d(2021, 3, 31))));
    assert_eq!(
        (e.lead_unit, e.due),
        (None, None),
        "an override can clear the plan value"
    );
}

// ---- reporting calendar ----------------------------------------------------

#[test]
fn periods_of_a_year_have_ids_labels_and_due_dates() {
    let periods = report_periods(2021);
    assert_eq!(periods.len(), 13);
    let ids: Vec<String> = periods.iter().map(|p| p.id()).collect();
    assert_eq!(ids[0], "2021-01");
    assert_eq!(ids[2], "2021-03");
    assert_eq!(ids[11], "2021-12");
    assert_eq!(ids[12], "2021-review");
    assert_eq!(periods[2].label_vi(), "Tháng 03/2021");
    assert_eq!(periods[12].label_vi(), "Tổng kết năm 2021");
    for (i, p) in periods[..12].iter().enumerate() {
        assert_eq!(rule(2021).due(*p), d(2021, i as u32 + 1, 17), "{p}");
    }
    assert_eq!(rule(2021).due(periods[12]), d(2021, 11, 17));
    let quarters: Vec<Option<u8>> = periods.iter().map(|p| p.closes_quarter()).collect();
    assert_eq!(
        quarters.iter().flatten().copied().collect::<Vec<_>>(),
        [1, 2, 3, 4]
    );
    assert_eq!(periods[5].closes_quarter(), Some(2));
    assert_eq!(periods[12].closes_quarter(), None);
}

#[test]
fn period_ids_round_trip_and_bad_ids_are_refused() {
    for p in report_periods(2024) {
        assert_eq!(p.id().parse::<ReportPeriod>(), Ok(p));
        let json = serde_json::to_string(&p).unwrap();
        assert_eq!(json, format!("\"{}\"", p.id()));
        assert_eq!(serde_json::from_str::<ReportPeriod>(&json).unwrap(), p);
    }
    for bad in [
        "2021-13",
        "2021-00",
        "2021-3",
        "21-03",
        "2021",
        "2021-Review",
        "abcd-03",
    ] {
        let err = bad.parse::<ReportPeriod>().unwrap_err();
        assert!(err.contains(bad) && err.contains("không hợp lệ"), "{err}");
    }
}

fn next(as_of: NaiveDate) -> Option<(String, NaiveDate, i64)> {
    next_report_due(as_of, 2021, &rule(2021)).map(|r| (r.period.id(), r.due, r.days_left))
}

#[test]
fn the_17th_is_the_last_on_time_day() {
    assert_eq!(
        next(d(2021, 3, 17)),
        Some(("2021-03".into(), d(2021, 3, 17), 0))
    );
    assert_eq!(
        next(d(2021, 3, 18)),
        Some(("2021-04".into(), d(2021, 4, 17), 30))
    );
    assert_eq!(
        next(d(2021, 3, 1)),
        Some(("2021-03".into(), d(2021, 3, 17), 16))
    );
    assert_eq!(
        next(d(2021, 2, 28)),
        Some(("2021-03".into(), d(2021, 3, 17), 17))
    );
}

#[test]
fn year_review_is_due_17_november() {
    assert_eq!(
        next(d(2021, 10, 18)),
        Some(("2021-review".into(), d(2021, 11, 17), 30))
    );
    assert_eq!(
        next(d(2021, 11, 17)),
        Some(("2021-review".into(), d(2021, 11, 17), 0))
    );
    assert_eq!(
        next(d(2021, 11, 18)),
        Some(("2021-12".into(), d(2021, 12, 17), 29))
    );
}

#[test]
fn december_after_the_18th_and_other_years() {
    assert_eq!(
        next(d(2021, 12, 17)),
        Some(("2021-12".into(), d(2021, 12, 17), 0))
    );
    assert_eq!(next(d(2021, 12, 18)), None);
    assert_eq!(next(d(2021, 12, 31)), None);
    assert_eq!(next(d(2022, 1, 10)), None);
    assert_eq!(
        next(d(2020, 12, 31)),
        Some(("2021-01".into(), d(2021, 1, 17), 17))
    );
    assert_eq!(next(d(2020, 1, 1)).map(|n| n.2), Some(382));
}

#[test]
fn leap_year_2024_calendar() {
    let r = next_report_due(d(2024, 2, 18), 2024, &rule(2024)).unwrap();
    assert_eq!(
        (r.period.id(), r.due, r.days_left),
        ("2024-03".into(), d(2024, 3, 17), 28)
    );
    let r = next_report_due(d(2024, 2, 29), 2024, &rule(2024)).unwrap();
    assert_eq!(r.days_left, 17);
    let r = next_report_due(d(2023, 2, 18), 2023, &rule(2023)).unwrap();
    assert_eq!(r.days_left, 27, "no 29/02 in 2023");
    assert_eq!(rule(2024).due(report_periods(2024)[12]), d(2024, 11, 17));
}
