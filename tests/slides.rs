//! Meeting-mode slides: text measuring and splitting, and the deck built
//! from the embedded plan — every part present, in order, nothing lost in
//! the split, no slide fuller than its budget.

use chrono::NaiveDate;
use ke_hoach::model::catalog::Catalog;
use ke_hoach::model::consolidated::{ConsolidatedReport, PlanRef, ReportInput};
use ke_hoach::model::edit::{apply, Edit, EditContext};
use ke_hoach::model::reporting::{period_of, ReportPeriod};
use ke_hoach::model::slides::{
    body_height, build_deck, split_text, wrapped_lines, Budget, Slide, SlideKind, BUDGET,
};
use ke_hoach::model::timing::{Timing, DEFAULT_DUE_SOON_DAYS};
use ke_hoach::model::tracking::{Status, Tracking};
use ke_hoach::model::unit::{builtin_units, UnitId};
use ke_hoach::seed::plan;
use proptest::prelude::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn normalised(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn report(tracking: &Tracking, as_of: NaiveDate) -> ConsolidatedReport {
    let catalog = Catalog::build(plan(), tracking);
    let inputs = catalog.inputs();
    let name = |id: &UnitId| catalog.unit_short(id);
    ConsolidatedReport::build(ReportInput {
        plan: PlanRef {
            number: "22/KH-UBND",
            date: d(2021, 2, 1),
            issuer: "UBND tỉnh Kiên Giang",
            place: "Kiên Giang",
        },
        period: period_of(as_of, 2021),
        as_of,
        tasks: &inputs,
        tracking,
        due_soon_days: DEFAULT_DUE_SOON_DAYS,
        unit_name: &name,
        not_reported: Vec::new(),
    })
}

fn deck(tracking: &Tracking, as_of: NaiveDate) -> Vec<Slide> {
    build_deck(plan(), &report(tracking, as_of), BUDGET)
}

/// The texts of a run of slides with the pieces of cut items joined again.
fn joined_items(slides: &[&Slide]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for item in slides.iter().flat_map(|s| &s.items) {
        match out.last_mut() {
            Some(last) if item.continued => *last = format!("{last} {}", item.text),
            _ => out.push(item.text.clone()),
        }
    }
    out
}

#[test]
fn lines_are_counted_as_words_wrap() {
    assert_eq!(wrapped_lines("", 10), 0);
    assert_eq!(wrapped_lines("abc def", 7), 1);
    assert_eq!(wrapped_lines("abc def", 6), 2);
    assert_eq!(wrapped_lines("  abc   def  ", 7), 1);
    // A word longer than a line breaks over as many lines as it needs.
    assert_eq!(wrapped_lines(&"x".repeat(25), 10), 3);
    assert_eq!(wrapped_lines(&format!("ab {}", "x".repeat(20)), 10), 3);
    // Characters, not bytes: Vietnamese letters are one each.
    assert_eq!(wrapped_lines("Đẩy mạnh", 8), 1);
}

#[test]
fn long_text_is_cut_at_sentence_ends_first() {
    let text = "Một hai ba. Bốn năm sáu; bảy tám chín: mười.";
    assert_eq!(
        split_text(text, 1, 12),
        ["Một hai ba.", "Bốn năm sáu;", "bảy tám", "chín: mười."]
    );
    assert_eq!(
        split_text(text, 2, 12),
        ["Một hai ba. Bốn năm sáu;", "bảy tám chín: mười."]
    );
    assert_eq!(split_text(text, 10, 12), [text]);
    // A sentence longer than the limit is cut between words.
    let long = "a ".repeat(40);
    let pieces = split_text(&long, 2, 10);
    assert!(pieces.iter().all(|p| wrapped_lines(p, 10) <= 2));
    assert_eq!(pieces.join(" "), normalised(&long));
}

#[test]
fn the_deck_follows_the_plan_then_the_report() {
    let slides = deck(&Tracking::default(), d(2021, 6, 30));
    let kinds: Vec<SlideKind> = slides
        .iter()
        .filter(|s| !s.continued)
        .map(|s| s.kind)
        .collect();
    let mut expected = vec![SlideKind::Cover, SlideKind::Objective, SlideKind::Focuses];
    expected.extend((1..=11).map(SlideKind::Group));
    expected.push(SlideKind::Progress);
    // 15 lead units in the annex (Sở KH&ĐT … Sở Ngoại vụ), one slide each.
    expected.extend(std::iter::repeat_n(SlideKind::Unit, 15));
    expected.extend([SlideKind::Overdue, SlideKind::NextDeadlines]);
    assert_eq!(kinds, expected);
    let cover = &slides[0];
    assert_eq!(cover.eyebrow, "ỦY BAN NHÂN DÂN TỈNH KIÊN GIANG");
    assert_eq!(cover.title, "KẾ HOẠCH");
    assert!(cover
        .heading
        .as_deref()
        .unwrap()
        .starts_with("TRIỂN KHAI THỰC HIỆN NGHỊ QUYẾT SỐ 01/NQ-CP"));
    let lines: Vec<&str> = cover.items.iter().map(|i| i.text.as_str()).collect();
    assert_eq!(
        lines,
        [
            "Số 22/KH-UBND, Kiên Giang, ngày 01/02/2021",
            "Tình hình thực hiện tính đến ngày 30/06/2021"
        ]
    );
}

#[test]
fn every_slide_fits_its_budget_and_continuations_say_so() {
    let slides = deck(&Tracking::default(), d(2021, 12, 31));
    for (i, slide) in slides.iter().enumerate() {
        assert!(
            body_height(slide, BUDGET) <= BUDGET.lines * 10,
            "slide {} ({}) is {} tenths tall",
            i + 1,
            slide.title,
            body_height(slide, BUDGET)
        );
        if slide.continued {
            assert!(slide.title.ends_with(" (tiếp)"), "{}", slide.title);
            assert_eq!(slides[i - 1].kind, slide.kind);
        }
    }
    // Group 4 (10 items, the first 1,302 characters long) and group 7 (12
    // items, 6,317 characters) need continuation slides.
    let group = |n| slides.iter().filter(move |s| s.kind == SlideKind::Group(n));
    assert!(group(4).count() >= 3);
    assert!(group(7).count() >= 5);
    assert_eq!(group(4).nth(1).unwrap().title, "Nhóm 4 (tiếp)");
    // Group 2 (two short items) stays on one slide.
    assert_eq!(group(2).count(), 1);
}

#[test]
fn no_plan_text_is_lost_or_reordered_by_the_split() {
    let slides = deck(&Tracking::default(), d(2021, 6, 30));
    let of = |kind| slides.iter().filter(|s| s.kind == kind).collect::<Vec<_>>();
    let p = plan();
    let objective = &p.sections[0].parts[1];
    assert_eq!(
        joined_items(&of(SlideKind::Objective)),
        objective
            .paragraphs
            .iter()
            .map(|t| normalised(t))
            .collect::<Vec<_>>()
    );
    let focuses = &p.sections[0].parts[2];
    assert_eq!(focuses.items.len(), 8);
    assert_eq!(
        of(SlideKind::Focuses)[0].title,
        "8 trọng tâm chỉ đạo điều hành"
    );
    assert_eq!(
        joined_items(&of(SlideKind::Focuses)),
        focuses
            .items
            .iter()
            .map(|i| normalised(&i.text))
            .collect::<Vec<_>>()
    );
    for part in &p.sections[1].parts {
        let slides = of(SlideKind::Group(part.number));
        assert_eq!(slides[0].heading.as_deref(), Some(part.heading.as_str()));
        assert_eq!(
            joined_items(&slides),
            part.items
                .iter()
                .map(|i| normalised(&i.text))
                .collect::<Vec<_>>(),
            "group {}",
            part.number
        );
    }
    // The 1,302-character item 4-1 does not fit one slide: it is cut, and
    // its continuation keeps the bullet.
    let g4 = of(SlideKind::Group(4));
    let cut = g4
        .iter()
        .flat_map(|s| &s.items)
        .find(|i| i.continued)
        .unwrap();
    assert_eq!(cut.marker, "-");
}

#[test]
fn unit_slides_hold_every_task_and_the_lists_follow_the_report() {
    let as_of = d(2021, 12, 31);
    let r = report(&Tracking::default(), as_of);
    let slides = build_deck(plan(), &r, BUDGET);
    let units: Vec<&Slide> = slides
        .iter()
        .filter(|s| s.kind == SlideKind::Unit)
        .collect();
    let numbers: Vec<String> = units
        .iter()
        .flat_map(|s| &s.items)
        .filter(|i| !i.continued)
        .map(|i| i.marker.clone())
        .collect();
    assert_eq!(numbers.len(), 36);
    let mut sorted: Vec<u32> = numbers.iter().map(|n| n.parse().unwrap()).collect();
    sorted.sort_unstable();
    assert_eq!(sorted, (1..=36).collect::<Vec<_>>());
    // Sở KH&ĐT leads 13 tasks: on 31/12 with nothing recorded, the three
    // due that day (3, 11, 12) are due soon and the ten others overdue.
    assert_eq!(units[0].title, "Sở KH&ĐT");
    let khdt = units[0].totals.unwrap();
    assert_eq!((khdt.total, khdt.due_soon, khdt.overdue), (13, 3, 10));
    assert!(units[0]
        .heading
        .as_deref()
        .unwrap()
        .starts_with(&format!("{} nhiệm vụ", khdt.total)));
    // Every task not due on 31/12 itself is overdue by then.
    let overdue: Vec<&Slide> = slides
        .iter()
        .filter(|s| s.kind == SlideKind::Overdue)
        .collect();
    assert_eq!(
        overdue
            .iter()
            .flat_map(|s| &s.items)
            .filter(|i| !i.continued)
            .count(),
        r.overdue.len()
    );
    assert_eq!(overdue[0].title, "Nhiệm vụ quá hạn");
    assert_eq!(
        overdue[0].eyebrow,
        format!("{} nhiệm vụ · tính đến ngày 31/12/2021", r.overdue.len())
    );
    // The last slide of a list is not left with a lone item.
    let (before, last) = (&overdue[overdue.len() - 2], &overdue[overdue.len() - 1]);
    assert!(
        before.items.len() <= last.items.len() + 1,
        "{} then {}",
        before.items.len(),
        last.items.len()
    );
    let first = &overdue[0].items[0];
    let status = first.status.as_ref().unwrap();
    assert_eq!(status.timing, Timing::Overdue);
    assert!(status.detail.contains("quá hạn"), "{}", status.detail);
    let next = slides
        .iter()
        .filter(|s| s.kind == SlideKind::NextDeadlines)
        .flat_map(|s| &s.items)
        .count();
    assert_eq!(next, r.next_deadlines.len());
    let progress = slides
        .iter()
        .find(|s| s.kind == SlideKind::Progress)
        .unwrap();
    assert_eq!(progress.totals, Some(r.summary.totals));
    assert_eq!(progress.title, "0% nhiệm vụ đã hoàn thành");
}

#[test]
fn a_tracked_plan_item_shows_its_status_on_its_group_slide() {
    let mut tracking = Tracking::default();
    let by = UnitId::new("so-khdt");
    let units = builtin_units();
    for (i, edit) in (0..).zip([
        Edit::SetLeadUnit {
            task: "nv-2-1".into(),
            unit: Some(UnitId::new("so-tai-chinh")),
        },
        Edit::SetStatus {
            task: "nv-2-1".into(),
            status: Status::InProgress,
            reason: None,
        },
        Edit::SetProgress {
            task: "nv-2-1".into(),
            progress: 40,
        },
    ]) {
        let ctx = EditContext {
            by: &by,
            now: 1_622_000_000_000 + i,
            builtin_units: &units,
            is_plan_task: &|_| true,
        };
        apply(&mut tracking, edit, &ctx).unwrap();
    }
    let slides = deck(&tracking, d(2021, 6, 30));
    let g2 = slides
        .iter()
        .find(|s| s.kind == SlideKind::Group(2))
        .unwrap();
    let status = g2.items[0].status.as_ref().expect("nv-2-1 is tracked");
    assert_eq!((status.timing, status.progress), (Timing::InProgress, 40));
    assert_eq!(status.detail, "Sở Tài chính");
    assert!(g2.items[1].status.is_none());
}

#[test]
fn the_report_period_defaults_to_the_month_of_the_as_of_date() {
    let month = |m| ReportPeriod::Month {
        year: 2021,
        month: m,
    };
    assert_eq!(period_of(d(2021, 6, 30), 2021), month(6));
    assert_eq!(period_of(d(2021, 1, 1), 2021), month(1));
    assert_eq!(period_of(d(2020, 12, 31), 2021), month(1));
    assert_eq!(period_of(d(2022, 3, 1), 2021), month(12));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn random_lists_are_split_within_budget_without_losing_text(
        items in proptest::collection::vec(
            proptest::collection::vec("[a-zđơư]{1,14}[.;]?", 1..160),
            0..14,
        ),
        chars_per_line in 20usize..90,
        lines in 6u32..16,
    ) {
        let budget = Budget { chars_per_line, lines };
        let mut p = plan().clone();
        let texts: Vec<String> = items.iter().map(|w| w.join(" ")).collect();
        let group = &mut p.sections[1].parts[0];
        // A heading cannot be cut: keep it short for the smallest budgets.
        group.heading = "Nhóm thử".into();
        group.items.truncate(1);
        let template = group.items[0].clone();
        group.items = texts.iter().map(|t| ke_hoach::model::plan::Item { text: t.clone(), ..template.clone() }).collect();
        let slides = build_deck(&p, &report(&Tracking::default(), d(2021, 6, 30)), budget);
        let g1: Vec<&Slide> = slides.iter().filter(|s| s.kind == SlideKind::Group(1)).collect();
        prop_assert!(!g1.is_empty());
        for s in &g1 {
            prop_assert!(body_height(s, budget) <= lines * 10, "{} is {} tall", s.title, body_height(s, budget));
        }
        prop_assert_eq!(joined_items(&g1), texts.iter().map(|t| normalised(t)).collect::<Vec<_>>());
        // No slide after the first is empty.
        prop_assert!(g1.iter().skip(1).all(|s| !s.items.is_empty()));
    }
}
