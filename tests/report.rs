//! Report figures on planted data with known counts at boundary dates.

use chrono::NaiveDate;
use ke_hoach::model::edit::{apply, Edit, EditContext};
use ke_hoach::model::report::{Figures, Quarter, TaskInput, Totals};
use ke_hoach::model::timing::{PlanTerms, Timing, DEFAULT_DUE_SOON_DAYS};
use ke_hoach::model::tracking::{Status, Tracking};
use ke_hoach::model::unit::{Unit, UnitId, UnitKind};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

const UNITS: [&str; 3] = ["so-khdt", "so-xd", "so-tc"];

fn ids() -> Vec<UnitId> {
    UNITS.iter().map(|u| UnitId::new(*u)).collect()
}

/// The planted tasks: (id, plan lead index or none, plan due).
fn inputs(units: &[UnitId]) -> Vec<TaskInput<'_>> {
    let task =
        |id: &'static str, order: u32, lead: Option<usize>, due: Option<NaiveDate>| TaskInput {
            id,
            order,
            number: "",
            title: id,
            plan: PlanTerms {
                lead: lead.map(|i| &units[i]),
                due,
                ..PlanTerms::default()
            },
        };
    vec![
        task("pl-1", 1, Some(0), Some(d(2021, 1, 31))),
        task("pl-2", 2, Some(0), Some(d(2021, 3, 31))),
        task("pl-3", 3, Some(1), Some(d(2021, 6, 30))),
        task("pl-4", 4, Some(1), Some(d(2021, 9, 30))),
        task("pl-5", 5, Some(2), Some(d(2021, 3, 31))),
        task("pl-6", 6, Some(2), Some(d(2021, 12, 31))),
        task("pl-7", 7, Some(2), Some(d(2021, 12, 31))),
        task("u-1", 8, None, None),
        task("pl-8", 9, Some(0), Some(d(2021, 7, 15))),
    ]
}

/// The planted units as a registry.
fn registry() -> Vec<Unit> {
    UNITS
        .iter()
        .map(|id| Unit {
            id: UnitId::new(*id),
            short: (*id).into(),
            name: (*id).into(),
            kind: UnitKind::Department,
            builtin: true,
        })
        .collect()
}

fn planted() -> Tracking {
    let units = registry();
    let by = UnitId::new("so-khdt");
    let ctx = EditContext {
        by: &by,
        // 01/01/2022: every planted date is in the past.
        now: 1_641_000_000_000,
        builtin_units: &units,
        is_plan_task: &|_| true,
    };
    let set = |task: &str, status: Status| Edit::SetStatus {
        task: task.into(),
        status,
        reason: matches!(status, Status::Stopped | Status::Adjusted).then(|| "Lý do".into()),
    };
    let done_on = |task: &str, date| Edit::SetCompletedOn {
        task: task.into(),
        date: Some(date),
    };
    let mut t = Tracking::default();
    for edit in [
        set("pl-1", Status::Done),
        done_on("pl-1", d(2021, 1, 20)),
        set("pl-2", Status::Done),
        done_on("pl-2", d(2021, 4, 5)),
        set("pl-3", Status::InProgress),
        set("pl-6", Status::Stopped),
        set("pl-7", Status::InProgress),
        Edit::SetLeadUnit {
            task: "pl-7".into(),
            unit: Some(UnitId::new("so-xd")),
        },
        Edit::SetDue {
            task: "pl-7".into(),
            due: Some(d(2021, 3, 31)),
        },
        set("u-1", Status::InProgress),
        set("pl-8", Status::Adjusted),
    ] {
        apply(&mut t, edit, &ctx).expect("planted edit is valid");
    }
    t
}

fn totals(counts: [u32; 7]) -> Totals {
    let [done_on_time, done_late, in_progress, due_soon, overdue, not_started, stopped] = counts;
    Totals {
        total: counts.iter().sum(),
        done_on_time,
        done_late,
        in_progress,
        due_soon,
        overdue,
        not_started,
        stopped,
        recurring: 0,
    }
}

fn ids_of(figs: Vec<&ke_hoach::model::report::TaskFigure<'_>>) -> Vec<String> {
    figs.iter().map(|f| f.input.id.to_string()).collect()
}

#[test]
fn totals_on_30_june() {
    let (units, t) = (ids(), planted());
    let tasks = inputs(&units);
    let figs = Figures::compute(&tasks, &t, d(2021, 6, 30), DEFAULT_DUE_SOON_DAYS);
    let timings: Vec<Timing> = figs.tasks.iter().map(|f| f.timing).collect();
    use Timing::*;
    assert_eq!(
        timings,
        [
            DoneOnTime, DoneLate, DueSoon, NotStarted, Overdue, Stopped, Overdue, InProgress,
            DueSoon
        ]
    );
    let sums = figs.totals();
    assert_eq!(sums, totals([1, 1, 1, 2, 2, 1, 1]));
    assert_eq!(sums.done(), 2);
    assert_eq!(sums.percent_done(), 25, "2 done of 8 not stopped");
    assert_eq!(
        Timing::ALL.iter().map(|&c| sums.count(c)).sum::<u32>(),
        sums.total
    );
}

#[test]
fn the_day_after_the_due_date_turns_due_soon_into_overdue() {
    let (units, t) = (ids(), planted());
    let tasks = inputs(&units);
    let figs = Figures::compute(&tasks, &t, d(2021, 7, 1), DEFAULT_DUE_SOON_DAYS);
    assert_eq!(figs.totals(), totals([1, 1, 1, 1, 3, 1, 1]));
    // Ties on 31/03 go by listing order: pl-5 before pl-7.
    assert_eq!(ids_of(figs.overdue()), ["pl-5", "pl-7", "pl-3"]);
}

#[test]
fn on_31_march_a_task_done_later_is_still_pending() {
    let (units, t) = (ids(), planted());
    let tasks = inputs(&units);
    let figs = Figures::compute(&tasks, &t, d(2021, 3, 31), DEFAULT_DUE_SOON_DAYS);
    assert_eq!(figs.totals(), totals([1, 0, 3, 3, 0, 1, 1]));
    assert!(figs.overdue().is_empty());
    assert_eq!(figs.totals().percent_done(), 12, "1 of 8, rounded down");
}

#[test]
fn a_narrower_window_moves_tasks_back_to_in_progress() {
    let (units, t) = (ids(), planted());
    let tasks = inputs(&units);
    let figs = Figures::compute(&tasks, &t, d(2021, 6, 30), 0);
    // pl-3 is due that very day; pl-8 (15/07) is no longer due soon.
    assert_eq!(figs.totals(), totals([1, 1, 2, 1, 2, 1, 1]));
}

#[test]
fn per_unit_rows_follow_the_effective_lead() {
    let (units, t) = (ids(), planted());
    let tasks = inputs(&units);
    let figs = Figures::compute(&tasks, &t, d(2021, 6, 30), DEFAULT_DUE_SOON_DAYS);
    let rows = figs.by_unit();
    assert_eq!(rows.len(), 4);
    assert_eq!(rows[&Some(&units[0])], totals([1, 1, 0, 1, 0, 0, 0]));
    // pl-7 was moved from so-tc to so-xd.
    assert_eq!(rows[&Some(&units[1])], totals([0, 0, 0, 1, 1, 1, 0]));
    assert_eq!(rows[&Some(&units[2])], totals([0, 0, 0, 0, 1, 0, 1]));
    assert_eq!(rows[&None], totals([0, 0, 1, 0, 0, 0, 0]));
}

#[test]
fn per_quarter_rows_follow_the_effective_due_date() {
    let (units, t) = (ids(), planted());
    let tasks = inputs(&units);
    let figs = Figures::compute(&tasks, &t, d(2021, 6, 30), DEFAULT_DUE_SOON_DAYS);
    let rows = figs.by_quarter();
    let q = |quarter| {
        Some(Quarter {
            year: 2021,
            quarter,
        })
    };
    let counts: Vec<(Option<Quarter>, u32)> = rows.iter().map(|(k, v)| (*k, v.total)).collect();
    assert_eq!(
        counts,
        [(None, 1), (q(1), 4), (q(2), 1), (q(3), 2), (q(4), 1)]
    );
    assert_eq!(rows[&q(1)].overdue, 2);
    assert_eq!(Quarter::of(d(2021, 6, 30)).label_vi(), "Quý II/2021");
    assert_eq!(Quarter::of(d(2022, 10, 1)).label_vi(), "Quý IV/2022");
    assert_eq!(
        Quarter::of(d(2024, 2, 29)),
        Quarter {
            year: 2024,
            quarter: 1
        }
    );
}

#[test]
fn next_deadlines_skip_done_stopped_and_undated_tasks() {
    let (units, t) = (ids(), planted());
    let tasks = inputs(&units);
    let figs = Figures::compute(&tasks, &t, d(2021, 6, 30), DEFAULT_DUE_SOON_DAYS);
    assert_eq!(ids_of(figs.next_deadlines(10)), ["pl-3", "pl-8", "pl-4"]);
    assert_eq!(ids_of(figs.next_deadlines(2)), ["pl-3", "pl-8"]);
    let later = Figures::compute(&tasks, &t, d(2021, 7, 1), DEFAULT_DUE_SOON_DAYS);
    assert_eq!(ids_of(later.next_deadlines(10)), ["pl-8", "pl-4"]);
}

#[test]
fn percent_done_with_nothing_to_do_is_zero() {
    assert_eq!(Totals::default().percent_done(), 0);
    let all_stopped: Totals = [Timing::Stopped, Timing::Stopped].into_iter().collect();
    assert_eq!((all_stopped.total, all_stopped.percent_done()), (2, 0));
    let all_done: Totals = [Timing::DoneLate, Timing::DoneOnTime, Timing::Stopped]
        .into_iter()
        .collect();
    assert_eq!(all_done.percent_done(), 100);
}

#[test]
fn a_unit_sees_the_tasks_it_leads_or_coordinates() {
    let units = ids();
    let registry = registry();
    let mut tracking = planted();
    let ctx = EditContext {
        by: &units[0],
        now: 1_641_000_000_001,
        builtin_units: &registry,
        is_plan_task: &|_| true,
    };
    let coordinate = Edit::SetCoordinating {
        task: "pl-3".into(),
        units: vec![units[0].clone()],
    };
    apply(&mut tracking, coordinate, &ctx).expect("a known unit coordinates");
    let tasks = inputs(&units);
    let figures = Figures::compute(&tasks, &tracking, d(2021, 6, 30), 15);
    let of = |unit: &UnitId| -> Vec<String> {
        figures
            .for_unit(unit)
            .iter()
            .map(|t| t.input.id.to_string())
            .collect()
    };
    // Led: pl-1, pl-2, pl-8; coordinated: pl-3 (led by so-xd).
    assert_eq!(of(&units[0]), ["pl-1", "pl-2", "pl-3", "pl-8"]);
    // pl-7 moved to so-xd: its plan lead no longer sees it.
    assert_eq!(of(&units[2]), ["pl-5", "pl-6"]);
    assert_eq!(of(&units[1]), ["pl-3", "pl-4", "pl-7"]);
}
