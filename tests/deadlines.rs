//! Deadlines as plans of this family print them: every notation and its
//! refusals, due dates, labels, the serialised form (today's kinds exactly
//! as before), the task list's deadline filters, recurring tasks in timing
//! and totals, and each plan's reporting rule.

use chrono::{Datelike, NaiveDate};
use ke_hoach::i18n::Lang;
use ke_hoach::model::deadline::{Deadline, DueFilter, Period};
use ke_hoach::model::report::{Figures, TaskInput, Totals};
use ke_hoach::model::reporting::{next_report_due, ReportPeriod, ReportingRule};
use ke_hoach::model::timing::{PlanTerms, Timing, DEFAULT_DUE_SOON_DAYS};
use ke_hoach::model::tracking::{Stamped, Status, TaskRecord, Tracking};
use ke_hoach::model::unit::UnitId;
use ke_hoach::parse::deadline::read;
use proptest::prelude::*;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

mod notations {
    use super::*;

    /// Printed, in a plan of 2022: the period and the last on-time day.
    /// A day as (year, month, day).
    type Ymd = (i32, u32, u32);

    const CASES: &[(&str, Period, Option<Ymd>)] = &[
        // The seed's own, with its typos and wrapping.
        ("Tháng 01", Period::Month(1), Some((2022, 1, 31))),
        ("Tháng\n12", Period::Month(12), Some((2022, 12, 31))),
        ("Tháng 7", Period::Month(7), Some((2022, 7, 31))),
        ("Quý I", Period::Quarter(1), Some((2022, 3, 31))),
        ("Quý\nl", Period::Quarter(1), Some((2022, 3, 31))),
        ("Quý ll", Period::Quarter(2), Some((2022, 6, 30))),
        ("  Quý   III ", Period::Quarter(3), Some((2022, 9, 30))),
        ("quý iv", Period::Quarter(4), Some((2022, 12, 31))),
        ("Quý 2", Period::Quarter(2), Some((2022, 6, 30))),
        // Other plans'.
        ("Quý I/2022", Period::Quarter(1), Some((2022, 3, 31))),
        ("Quý II năm 2022", Period::Quarter(2), Some((2022, 6, 30))),
        ("Quý IV/2021", Period::Quarter(4), Some((2021, 12, 31))),
        ("Quý I - 2023", Period::Quarter(1), Some((2023, 3, 31))),
        (
            "Trong quý III/2022",
            Period::Quarter(3),
            Some((2022, 9, 30)),
        ),
        ("Tháng 3/2022", Period::Month(3), Some((2022, 3, 31))),
        ("Tháng 02 năm 2024", Period::Month(2), Some((2024, 2, 29))),
        ("Trong tháng 6", Period::Month(6), Some((2022, 6, 30))),
        ("6 tháng đầu năm 2022", Period::Half(1), Some((2022, 6, 30))),
        ("6 tháng đầu năm", Period::Half(1), Some((2022, 6, 30))),
        ("6 tháng cuối năm", Period::Half(2), Some((2022, 12, 31))),
        (
            "6 tháng cuối năm 2023",
            Period::Half(2),
            Some((2023, 12, 31)),
        ),
        ("Năm 2022", Period::Year, Some((2022, 12, 31))),
        ("Cả năm", Period::Year, Some((2022, 12, 31))),
        ("Trong năm", Period::Year, Some((2022, 12, 31))),
        ("Trong năm 2023", Period::Year, Some((2023, 12, 31))),
        ("Thường xuyên", Period::Recurring, None),
        ("thường xuyên hằng năm", Period::Recurring, None),
        ("Hằng năm", Period::Recurring, None),
        ("Hàng tháng", Period::Recurring, None),
        ("Hàng quý", Period::Recurring, None),
        // Typed without marks, or with the old tone placement.
        ("Quy II/2022", Period::Quarter(2), Some((2022, 6, 30))),
        ("thuong xuyen", Period::Recurring, None),
        ("6 tháng đầu năm", Period::Half(1), Some((2022, 6, 30))),
    ];

    /// Printed dates: `Trước` is strict (due the day before), the others not.
    const DATES: &[(&str, bool, Ymd, Ymd)] = &[
        ("Trước 30/6/2022", true, (2022, 6, 30), (2022, 6, 29)),
        (
            "Trước ngày 15/11/2022",
            true,
            (2022, 11, 15),
            (2022, 11, 14),
        ),
        ("Trước 30/6", true, (2022, 6, 30), (2022, 6, 29)),
        ("trước ngày 01/01/2023", true, (2023, 1, 1), (2022, 12, 31)),
        ("Chậm nhất 30/9/2022", false, (2022, 9, 30), (2022, 9, 30)),
        (
            "Chậm nhất ngày 31/3/2022",
            false,
            (2022, 3, 31),
            (2022, 3, 31),
        ),
        ("Ngày 15/5/2022", false, (2022, 5, 15), (2022, 5, 15)),
        ("20/10/2022", false, (2022, 10, 20), (2022, 10, 20)),
    ];

    #[test]
    fn every_notation_reads_to_its_period_and_last_day() {
        for &(text, period, due) in CASES {
            let d = read(text, 2022).unwrap_or_else(|| panic!("{text:?} unread"));
            assert_eq!(d.period, period, "{text:?}");
            assert_eq!(d.due, due.map(|(y, m, day)| date(y, m, day)), "{text:?}");
        }
    }

    #[test]
    fn dates_before_and_by() {
        for &(text, before, printed, due) in DATES {
            let d = read(text, 2022).unwrap_or_else(|| panic!("{text:?} unread"));
            let printed = date(printed.0, printed.1, printed.2);
            let period = if before {
                Period::Before(printed)
            } else {
                Period::By(printed)
            };
            assert_eq!(d.period, period, "{text:?}");
            assert_eq!(d.due, Some(date(due.0, due.1, due.2)), "{text:?}");
        }
    }

    #[test]
    fn what_is_not_a_deadline_is_refused() {
        for text in [
            "",
            "Quý",
            "Tháng",
            "Tháng 0",
            "Tháng 13",
            "Quý V",
            "Quý 5",
            "Quý 0",
            "Tháng 1a",
            "Quý I II",
            "Tháng -1",
            "Tháng +1",
            "Năm",
            "Năm 22",
            "Năm 3000",
            "Quý I/20222",
            "Trước 30/2/2022",
            "Trước ngày",
            "Trước ngày 18 hàng tháng",
            "Chậm nhất",
            "31/4/2022",
            "Đang thực hiện",
            "6 tháng",
            "Quý I, II",
        ] {
            assert_eq!(read(text, 2022), None, "{text:?}");
        }
    }

    fn any_period() -> impl Strategy<Value = Period> {
        let day = (2000i32..2100, 1u32..=12, 1u32..=28).prop_map(|(y, m, d)| date(y, m, d));
        prop_oneof![
            (1u8..=12).prop_map(Period::Month),
            (1u8..=4).prop_map(Period::Quarter),
            (1u8..=2).prop_map(Period::Half),
            Just(Period::Year),
            day.clone().prop_map(Period::Before),
            day.prop_map(Period::By),
            Just(Period::Recurring),
        ]
    }

    proptest! {
        #[test]
        fn a_label_reads_back_to_its_period(period in any_period(), year in 1990i32..2100) {
            let read_back = read(&period.label_vi(), year).map(|d| d.period);
            prop_assert_eq!(read_back, Some(period));
        }

        #[test]
        fn due_dates_end_the_period(period in any_period(), year in 1900i32..2200) {
            let due = period.due_date(year);
            match period {
                Period::Recurring => prop_assert_eq!(due, None),
                Period::Before(d) => prop_assert_eq!(due, d.pred_opt()),
                Period::By(d) => prop_assert_eq!(due, Some(d)),
                _ => {
                    let due = due.unwrap();
                    let last_month = match period {
                        Period::Month(m) => u32::from(m),
                        Period::Quarter(q) => u32::from(q) * 3,
                        Period::Half(h) => u32::from(h) * 6,
                        _ => 12,
                    };
                    prop_assert_eq!(due.year(), year);
                    prop_assert_eq!(due.month(), last_month);
                    prop_assert_ne!(due.succ_opt().unwrap().month(), last_month);
                }
            }
        }

        #[test]
        fn deadlines_round_trip_through_their_serialised_form(period in any_period(), year in 2000i32..2100) {
            let d = Deadline::new(period, year);
            let json = serde_json::to_string(&d).unwrap();
            prop_assert_eq!(serde_json::from_str::<Deadline>(&json).unwrap(), d);
        }
    }

    #[test]
    fn todays_kinds_keep_their_exact_serialised_form_and_new_kinds_are_new_tags() {
        let cases = [
            (
                Deadline::new(Period::Quarter(1), 2021),
                r#"{"period":{"kind":"quarter","n":1},"due":"2021-03-31"}"#,
            ),
            (
                Deadline::new(Period::Month(7), 2021),
                r#"{"period":{"kind":"month","n":7},"due":"2021-07-31"}"#,
            ),
            (
                Deadline::new(Period::Half(2), 2023),
                r#"{"period":{"kind":"half","n":2},"due":"2023-12-31"}"#,
            ),
            (
                Deadline::new(Period::Year, 2023),
                r#"{"period":{"kind":"year"},"due":"2023-12-31"}"#,
            ),
            (
                Deadline::new(Period::Before(date(2023, 6, 30)), 2023),
                r#"{"period":{"kind":"before","n":"2023-06-30"},"due":"2023-06-29"}"#,
            ),
            (
                Deadline::new(Period::By(date(2023, 9, 30)), 2023),
                r#"{"period":{"kind":"by","n":"2023-09-30"},"due":"2023-09-30"}"#,
            ),
            (
                Deadline::new(Period::Recurring, 2023),
                r#"{"period":{"kind":"recurring"}}"#,
            ),
        ];
        for (deadline, json) in cases {
            assert_eq!(serde_json::to_string(&deadline).unwrap(), json);
            assert_eq!(serde_json::from_str::<Deadline>(json).unwrap(), deadline);
        }
    }

    #[test]
    fn labels_in_both_languages() {
        let labels: Vec<(String, String)> = [
            Period::Month(1),
            Period::Quarter(4),
            Period::Half(1),
            Period::Half(2),
            Period::Year,
            Period::Before(date(2022, 6, 30)),
            Period::By(date(2022, 9, 30)),
            Period::Recurring,
        ]
        .iter()
        .map(|p| (p.label_vi(), p.label_en()))
        .collect();
        let expected = [
            ("Tháng 01", "January"),
            ("Quý IV", "Q4"),
            ("6 tháng đầu năm", "First half"),
            ("6 tháng cuối năm", "Second half"),
            ("Cả năm", "Whole year"),
            ("Trước 30/06/2022", "Before 30/06/2022"),
            ("Chậm nhất 30/09/2022", "By 30/09/2022"),
            ("Thường xuyên", "Recurring"),
        ];
        for (got, want) in labels.iter().zip(expected) {
            assert_eq!((got.0.as_str(), got.1.as_str()), want);
        }
    }
}

mod filters {
    use super::*;

    #[test]
    fn todays_keys_still_mean_what_they_meant_and_new_keys_are_added() {
        let m = |mm: u32, d: u32| Some(date(2022, mm, d));
        let passes = |key: &str, due: Option<NaiveDate>, recurring: bool| {
            DueFilter::parse(key).is_some_and(|f| f.matches(due, recurring))
        };
        assert!(passes("q1", m(3, 31), false));
        assert!(passes("t03", m(3, 31), false));
        assert!(!passes("q2", m(3, 31), false));
        assert!(passes("h1", m(6, 30), false));
        assert!(passes("h1", m(1, 31), false));
        assert!(!passes("h1", m(7, 1), false));
        assert!(passes("h2", m(12, 31), false));
        assert!(passes("tx", None, true));
        assert!(!passes("tx", None, false), "no due date is not recurring");
        assert!(
            !passes("tx", m(3, 31), true),
            "a recurring task given a date is dated"
        );
        assert!(!passes("q1", None, true));
        for bad in ["q5", "q0", "t13", "t", "x01", "", "h3", "h0", "txx", "q"] {
            assert_eq!(DueFilter::parse(bad), None, "{bad}");
        }
        for f in DueFilter::offered(0xFFF, true, true) {
            assert_eq!(DueFilter::parse(&f.key()), Some(f));
        }
        assert_eq!(DueFilter::offered(0b100, false, false).len(), 5);
        assert_eq!(DueFilter::Half(1).label(Lang::En), "First half");
        assert_eq!(DueFilter::Recurring.label(Lang::Vi), "Thường xuyên");
        assert_eq!(DueFilter::Quarter(3).label(Lang::Vi), "Quý III");
    }
}

mod recurring {
    use super::*;

    fn stamped<T>(value: T) -> Stamped<T> {
        Stamped {
            value,
            at: 1_600_000_000_000,
            by: UnitId::new("so-y-te"),
            base: 0,
        }
    }

    fn recurring_terms() -> PlanTerms<'static> {
        PlanTerms {
            recurring: true,
            ..PlanTerms::default()
        }
    }

    #[test]
    fn a_recurring_task_is_never_overdue_and_counts_as_such() {
        let tracking = Tracking::default();
        for as_of in [date(2023, 1, 1), date(2023, 12, 31), date(2030, 1, 1)] {
            let e = tracking.effective("pl-3", recurring_terms());
            assert_eq!(e.timing(as_of, DEFAULT_DUE_SOON_DAYS), Timing::Recurring);
        }
        let mut record = TaskRecord {
            status: Some(stamped(Status::InProgress)),
            ..TaskRecord::default()
        };
        let e = record.effective(recurring_terms());
        assert_eq!(e.timing(date(2024, 1, 1), 15), Timing::Recurring);
        record.status = Some(stamped(Status::Stopped));
        assert_eq!(
            record
                .effective(recurring_terms())
                .timing(date(2024, 1, 1), 15),
            Timing::Stopped
        );
        record.status = Some(stamped(Status::Done));
        assert_eq!(
            record
                .effective(recurring_terms())
                .timing(date(2024, 1, 1), 15),
            Timing::DoneOnTime
        );
        // A due date set on the task makes it a dated one.
        let dated = TaskRecord {
            due: Some(stamped(Some(date(2023, 3, 31)))),
            ..TaskRecord::default()
        };
        let e = dated.effective(recurring_terms());
        assert!(!e.recurring);
        assert_eq!(e.timing(date(2023, 4, 1), 15), Timing::Overdue);
    }

    #[test]
    fn totals_list_recurring_tasks_apart_and_leave_them_out_of_the_share_done() {
        let lead = UnitId::new("so-y-te");
        let inputs = [
            TaskInput {
                id: "pl-1",
                order: 1,
                number: "",
                title: "Dated",
                plan: PlanTerms {
                    lead: Some(&lead),
                    due: Some(date(2023, 3, 31)),
                    ..PlanTerms::default()
                },
            },
            TaskInput {
                id: "pl-2",
                order: 2,
                number: "",
                title: "Recurring",
                plan: PlanTerms {
                    lead: Some(&lead),
                    recurring: true,
                    ..PlanTerms::default()
                },
            },
            TaskInput {
                id: "pl-3",
                order: 3,
                number: "",
                title: "Recurring, done",
                plan: PlanTerms {
                    lead: Some(&lead),
                    recurring: true,
                    ..PlanTerms::default()
                },
            },
        ];
        let mut tracking = Tracking::default();
        tracking.records.insert(
            "pl-3".into(),
            TaskRecord {
                status: Some(stamped(Status::Done)),
                ..TaskRecord::default()
            },
        );
        let figures = Figures::compute(&inputs, &tracking, date(2023, 6, 30), 15);
        let totals = figures.totals();
        assert_eq!(
            (
                totals.total,
                totals.overdue,
                totals.recurring,
                totals.done()
            ),
            (3, 1, 1, 1)
        );
        assert_eq!(totals.counted(), 2);
        assert_eq!(totals.percent_done(), 50);
        assert_eq!(
            totals.shown().collect::<Vec<_>>(),
            [
                Timing::DoneOnTime,
                Timing::DoneLate,
                Timing::InProgress,
                Timing::DueSoon,
                Timing::Overdue,
                Timing::NotStarted,
                Timing::Recurring,
            ]
        );
        assert!(figures.overdue().iter().all(|t| t.input.id == "pl-1"));
        assert!(figures.next_deadlines(5).is_empty());
        assert_eq!(Totals::default().shown().count(), 6);
        assert_eq!(Timing::Recurring.label_vi(), "Thực hiện thường xuyên");
    }
}

mod reporting_rule {
    use super::*;

    #[test]
    fn a_plans_own_day_and_review_date_set_the_calendar() {
        let rule = ReportingRule {
            monthly_before: 20,
            review_before: date(2023, 11, 15),
        };
        let march = ReportPeriod::Month {
            year: 2023,
            month: 3,
        };
        assert_eq!(rule.due(march), date(2023, 3, 19));
        assert_eq!(rule.before(march), date(2023, 3, 20));
        let review = ReportPeriod::YearReview { year: 2023 };
        assert_eq!(rule.due(review), date(2023, 11, 14));
        // The review's day and month hold for another year of the plan.
        assert_eq!(
            rule.due(ReportPeriod::YearReview { year: 2024 }),
            date(2024, 11, 14)
        );
        let next = next_report_due(date(2023, 3, 19), 2023, &rule).unwrap();
        assert_eq!((next.period, next.days_left), (march, 0));
        let next = next_report_due(date(2023, 11, 1), 2023, &rule).unwrap();
        assert_eq!(next.period, review);
    }

    #[test]
    fn a_day_past_the_end_of_a_short_month_is_its_last_day() {
        let rule = ReportingRule {
            monthly_before: 31,
            review_before: date(2023, 12, 1),
        };
        let feb = |year| ReportPeriod::Month { year, month: 2 };
        assert_eq!(rule.due(feb(2023)), date(2023, 2, 28));
        assert_eq!(rule.due(feb(2024)), date(2024, 2, 29));
        assert_eq!(
            rule.due(ReportPeriod::Month {
                year: 2023,
                month: 1
            }),
            date(2023, 1, 30)
        );
    }

    #[test]
    fn the_default_is_22_kh_ubnds_calendar() {
        let rule = ReportingRule::default_for(2021);
        assert_eq!(
            (rule.monthly_before, rule.review_before),
            (18, date(2021, 11, 18))
        );
        assert_eq!(ke_hoach::seed::plan().meta.reporting, rule);
    }
}
