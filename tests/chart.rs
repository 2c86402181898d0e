//! Geometry of the stacked bars: proportional widths, the legibility floor,
//! exact tiling of the bar and label positions.

use ke_hoach::model::chart::{done_width, stacked_bar, Segment};
use ke_hoach::model::report::Totals;
use ke_hoach::model::timing::Timing;
use proptest::prelude::*;

fn totals(counts: [u32; 7]) -> Totals {
    Timing::ALL
        .into_iter()
        .zip(counts)
        .flat_map(|(t, n)| std::iter::repeat_n(t, n as usize))
        .collect()
}

fn widths(segments: &[Segment]) -> Vec<f64> {
    segments
        .iter()
        .map(|s| (s.width * 1000.0).round() / 1000.0)
        .collect()
}

#[test]
fn widths_are_proportional_when_every_segment_is_wide_enough() {
    // 10 on time, 20 in progress, 30 overdue on a 600-unit bar.
    let bar = stacked_bar(&totals([10, 0, 20, 0, 30, 0, 0]), 600.0, 20.0);
    assert_eq!(
        bar.iter().map(|s| s.timing).collect::<Vec<_>>(),
        [Timing::DoneOnTime, Timing::InProgress, Timing::Overdue]
    );
    assert_eq!(widths(&bar), [100.0, 200.0, 300.0]);
    assert_eq!(
        bar.iter().map(|s| s.x).collect::<Vec<_>>(),
        [0.0, 100.0, 300.0]
    );
    assert_eq!(
        bar.iter().map(|s| s.label_x).collect::<Vec<_>>(),
        [50.0, 200.0, 450.0]
    );
    assert_eq!(
        bar.iter().map(|s| s.count).collect::<Vec<_>>(),
        [10, 20, 30]
    );
}

#[test]
fn a_small_count_gets_the_floor_and_the_others_give_it_up() {
    // 1 of 100 would be 1 unit wide: it gets 10, the 99 keep the rest.
    let bar = stacked_bar(&totals([1, 0, 0, 0, 99, 0, 0]), 100.0, 10.0);
    assert_eq!(widths(&bar), [10.0, 90.0]);
    // Pinning one can push another under the floor: both end pinned.
    let bar = stacked_bar(&totals([1, 1, 0, 0, 0, 0, 98]), 100.0, 10.0);
    assert_eq!(widths(&bar), [10.0, 10.0, 80.0]);
    // 9 of 100 is 9 units; pinning it to 10 leaves 90 for 8 and 83, which
    // puts the 8 at 7.9: pinned in a second round.
    let bar = stacked_bar(&totals([9, 8, 83, 0, 0, 0, 0]), 100.0, 10.0);
    assert_eq!(widths(&bar), [10.0, 10.0, 80.0]);
}

#[test]
fn the_floor_shrinks_when_the_bar_cannot_give_it_to_every_segment() {
    let bar = stacked_bar(&totals([1, 1, 1, 1, 1, 1, 30]), 35.0, 10.0);
    assert_eq!(bar.len(), 7);
    assert!(bar.iter().all(|s| (s.width - 5.0).abs() < 1e-9), "{bar:?}");
}

#[test]
fn nothing_to_draw_and_one_category() {
    assert!(stacked_bar(&Totals::default(), 100.0, 10.0).is_empty());
    let bar = stacked_bar(&totals([0, 0, 0, 0, 0, 36, 0]), 640.0, 24.0);
    assert_eq!(bar.len(), 1);
    assert_eq!(
        (bar[0].x, bar[0].width, bar[0].label_x),
        (0.0, 640.0, 320.0)
    );
}

#[test]
fn the_done_share_follows_the_percent_done() {
    // 3 done of 12 (1 stopped left out of 13): 25 %.
    let t = totals([2, 1, 4, 0, 3, 2, 1]);
    assert_eq!(t.percent_done(), 25);
    assert!((done_width(&t, 200.0) - 50.0).abs() < 1e-9);
    assert_eq!(done_width(&Totals::default(), 200.0), 0.0);
}

proptest! {
    #[test]
    fn segments_tile_the_bar_in_order_and_keep_the_floor(
        counts in proptest::array::uniform7(0u32..60),
        width in 50.0f64..1200.0,
        min in 0.0f64..40.0,
    ) {
        let bar = stacked_bar(&totals(counts), width, min);
        let nonzero: Vec<u32> = counts.iter().copied().filter(|&n| n > 0).collect();
        prop_assert_eq!(bar.len(), nonzero.len());
        if bar.is_empty() {
            return Ok(());
        }
        let floor = min.min(width / bar.len() as f64);
        let mut x = 0.0;
        for s in &bar {
            prop_assert!((s.x - x).abs() < 1e-6);
            prop_assert!(s.width >= floor - 1e-6, "{:?} under {}", s, floor);
            prop_assert!((s.label_x - (s.x + s.width / 2.0)).abs() < 1e-9);
            x += s.width;
        }
        prop_assert!((x - width).abs() < 1e-6, "ends at {} not {}", x, width);
        // A larger count is never drawn narrower.
        for a in &bar {
            for b in &bar {
                if a.count > b.count {
                    prop_assert!(a.width >= b.width - 1e-6);
                }
            }
        }
    }
}
