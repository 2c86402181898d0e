//! Geometry of the stacked bars the dashboard and the meeting slides draw in
//! SVG: where each timing's segment starts, how wide it is and where its
//! number goes. Pure: numbers in, numbers out; the interface only draws.

use super::report::Totals;
use super::timing::Timing;

/// One coloured part of a stacked bar.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Segment {
    pub timing: Timing,
    pub count: u32,
    /// Left edge, in the bar's units.
    pub x: f64,
    pub width: f64,
    /// Centre of the segment, where its number is written.
    pub label_x: f64,
}

/// The segments of a bar `width` units wide for the categories of `totals`
/// in [`Timing::ALL`] order, zero counts left out.
///
/// Widths are proportional to the counts, except that every segment is at
/// least `min_width` wide (less only when the bar cannot give every segment
/// that much), so that each number stays legible on a projector; the width
/// this takes is given up by the larger segments in proportion to their
/// counts. The segments tile the bar exactly: the first starts at 0 and the
/// last ends at `width`.
pub fn stacked_bar(totals: &Totals, width: f64, min_width: f64) -> Vec<Segment> {
    let parts: Vec<(Timing, u32)> = Timing::ALL
        .into_iter()
        .map(|t| (t, totals.count(t)))
        .filter(|&(_, n)| n > 0)
        .collect();
    let widths = widths(
        &parts.iter().map(|&(_, n)| n).collect::<Vec<_>>(),
        width,
        min_width,
    );
    let mut x = 0.0;
    parts
        .into_iter()
        .zip(widths)
        .map(|((timing, count), w)| {
            let segment = Segment {
                timing,
                count,
                x,
                width: w,
                label_x: x + w / 2.0,
            };
            x += w;
            segment
        })
        .collect()
}

/// Proportional widths with a floor: segments whose share falls below the
/// floor are pinned to it and the rest is shared again among the others,
/// until no share falls below it. Each round pins at least one more
/// segment, so it ends within `counts.len()` rounds.
fn widths(counts: &[u32], width: f64, min_width: f64) -> Vec<f64> {
    if counts.is_empty() {
        return Vec::new();
    }
    let floor = min_width.min(width / counts.len() as f64);
    let mut pinned = vec![false; counts.len()];
    loop {
        let free_width = width - floor * pinned.iter().filter(|&&p| p).count() as f64;
        let free_count: u32 = counts
            .iter()
            .zip(&pinned)
            .filter(|(_, &p)| !p)
            .map(|(&n, _)| n)
            .sum();
        let share = |n: u32| free_width * f64::from(n) / f64::from(free_count);
        let newly: Vec<usize> = (0..counts.len())
            .filter(|&i| !pinned[i] && share(counts[i]) < floor)
            .collect();
        if newly.is_empty() {
            return counts
                .iter()
                .zip(&pinned)
                .map(|(&n, &p)| if p { floor } else { share(n) })
                .collect();
        }
        for i in newly {
            pinned[i] = true;
        }
    }
}

/// Where the done share ends on a progress bar `width` units wide.
pub fn done_width(totals: &Totals, width: f64) -> f64 {
    width * f64::from(totals.percent_done().min(100)) / 100.0
}
