//! The slides of meeting mode, built from the plan and a consolidated report:
//! the cover, the general objective, the 8 focuses, each group of tasks,
//! the overall progress, one slide per lead unit, the overdue list and what
//! is due next. Text is measured in characters and lines so that a slide is
//! never overfull: long lists continue on further slides ("Nhóm 4 (tiếp)")
//! and an item longer than a whole slide is cut at its sentences. Pure.

use super::consolidated::{ConsolidatedReport, DeadlineRow, TaskRow};
use super::plan::{Part, Plan};
use super::report::Totals;
use super::timing::Timing;
use crate::i18n::format_date;

/// Heights are counted in tenths of a line of body text.
const LINE: u32 = 10;
/// The space between two items (about half a line of body type).
const ITEM_GAP: u32 = 4;
/// The space under a heading before the first item.
const HEADING_GAP: u32 = 5;
/// An item taller than a slide starts on the current slide only if at
/// least this many lines are left there; otherwise on a fresh slide.
const MIN_PIECE_LINES: u32 = 3;

/// How much a slide holds, as the stylesheet lays it out: characters on a
/// line of body type, and lines in the slide's body. `present.css` sizes the
/// type in slide units (`cqh`), so one budget holds at every screen size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    pub chars_per_line: usize,
    pub lines: u32,
}

/// The budget of `present.css`: body type 3.2 % of the slide's height on
/// 1.35 lines, about 18 lines in the body and 92 characters on a line of
/// DejaVu Sans (one of the widest common fonts), less a margin for rounding
/// and for fonts wider still.
pub const BUDGET: Budget = Budget {
    chars_per_line: 86,
    lines: 16,
};

/// What a slide shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlideKind {
    Cover,
    /// Mục tiêu tổng quát.
    Objective,
    /// The 8 trọng tâm chỉ đạo điều hành.
    Focuses,
    /// A group of tasks of section II, by its number.
    Group(u8),
    /// Overall progress: percent done and the count of each timing.
    Progress,
    /// The tasks one unit leads.
    Unit,
    Overdue,
    NextDeadlines,
}

/// Where a tracked task stands, on the line under its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemStatus {
    pub timing: Timing,
    pub progress: u8,
    /// `Sở KH&ĐT · hạn 31/03/2021 · quá hạn 91 ngày`.
    pub detail: String,
}

/// One entry of a slide's list: a plan item, a paragraph or a task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlideItem {
    /// `1.`, `-` or a task's STT; empty for a paragraph.
    pub marker: String,
    pub text: String,
    /// This text goes on from the same item on the previous slide.
    pub continued: bool,
    /// Only on the item's last piece.
    pub status: Option<ItemStatus>,
}

/// One slide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slide {
    pub kind: SlideKind,
    /// Above the title: the part of the plan or of the report.
    pub eyebrow: String,
    /// `Nhóm 4`, `Nhóm 4 (tiếp)`, `Sở KH&ĐT`.
    pub title: String,
    /// A continuation of the slide before.
    pub continued: bool,
    /// The group's heading, the plan's title on the cover, a unit's full
    /// summary line; on continuation slides shown on one line only.
    pub heading: Option<String>,
    /// Figures drawn as a bar (progress and unit slides).
    pub totals: Option<Totals>,
    pub items: Vec<SlideItem>,
}

/// The lines `text` takes when wrapped at word boundaries to
/// `chars_per_line` characters; a word longer than a line is broken.
pub fn wrapped_lines(text: &str, chars_per_line: usize) -> u32 {
    let cpl = chars_per_line.max(1);
    let mut lines = 0usize;
    let mut used = 0usize;
    for word in text.split_whitespace() {
        let len = word.chars().count();
        if used > 0 && used + 1 + len <= cpl {
            used += 1 + len;
            continue;
        }
        // A new line (or lines, for a word longer than one).
        lines += len.div_ceil(cpl).max(1);
        used = match len % cpl {
            0 => cpl,
            rest => rest,
        };
    }
    u32::try_from(lines).unwrap_or(u32::MAX)
}

/// Cuts `text` into pieces of at most `max_lines` lines each: at sentence
/// ends (`.`, `;`, `:`) where possible, otherwise between words. Joining the
/// pieces with a space gives the text back with its spacing normalised.
pub fn split_text(text: &str, max_lines: u32, chars_per_line: usize) -> Vec<String> {
    let max_lines = max_lines.max(1);
    let fits = |s: &str| wrapped_lines(s, chars_per_line) <= max_lines;
    let mut pieces = Vec::new();
    let mut current = String::new();
    for sentence in sentences(text) {
        let joined = join(&current, &sentence);
        if fits(&joined) {
            current = joined;
            continue;
        }
        if !current.is_empty() {
            pieces.push(std::mem::take(&mut current));
        }
        if fits(&sentence) {
            current = sentence;
            continue;
        }
        // A sentence longer than a slide: cut between words.
        for word in sentence.split_whitespace() {
            let joined = join(&current, word);
            if fits(&joined) || current.is_empty() {
                current = joined;
            } else {
                pieces.push(std::mem::replace(&mut current, word.to_string()));
            }
        }
    }
    if !current.is_empty() {
        pieces.push(current);
    }
    pieces
}

fn join(a: &str, b: &str) -> String {
    if a.is_empty() {
        b.to_string()
    } else {
        format!("{a} {b}")
    }
}

/// The text's sentences and clauses, each ending with its `.`, `;` or `:`,
/// spacing normalised.
fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        current = join(&current, word);
        if word.ends_with(['.', ';', ':']) {
            out.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// The height of an item in tenths of a line, gap before it excluded.
fn item_height(item: &SlideItem, budget: Budget) -> u32 {
    wrapped_lines(&item.text, budget.chars_per_line) * LINE
        + if item.status.is_some() { LINE } else { 0 }
}

/// The height of a heading in bold type (about a tenth wider than body).
fn heading_height(heading: &str, budget: Budget) -> u32 {
    wrapped_lines(heading, budget.chars_per_line * 9 / 10) * LINE + HEADING_GAP
}

/// A run of slides of one kind before it is split.
struct Section {
    kind: SlideKind,
    eyebrow: String,
    title: String,
    heading: Option<String>,
    totals: Option<Totals>,
    items: Vec<SlideItem>,
}

/// The slides one section needs. The first holds the heading (and bar, if
/// any) in full; the following are titled `… (tiếp)` and show the heading
/// on one line. Items go whole to the next slide when they do not fit what
/// is left; an item taller than a whole slide is cut into pieces.
fn paginate(section: Section, budget: Budget) -> Vec<Slide> {
    let body = budget.lines * LINE;
    // A bar takes about two lines with its labels.
    let bar = if section.totals.is_some() {
        2 * LINE
    } else {
        0
    };
    let first_capacity = body.saturating_sub(
        section
            .heading
            .as_deref()
            .map_or(0, |h| heading_height(h, budget))
            + bar,
    );
    let next_capacity = body.saturating_sub(if section.heading.is_some() {
        LINE + HEADING_GAP
    } else {
        0
    });
    let mut slides = vec![Slide {
        kind: section.kind,
        eyebrow: section.eyebrow.clone(),
        title: section.title.clone(),
        continued: false,
        heading: section.heading.clone(),
        totals: section.totals,
        items: Vec::new(),
    }];
    let mut capacity = first_capacity;
    let mut used = 0;
    let new_slide = |slides: &mut Vec<Slide>| {
        slides.push(Slide {
            kind: section.kind,
            eyebrow: section.eyebrow.clone(),
            title: format!("{} (tiếp)", section.title),
            continued: true,
            heading: section.heading.clone(),
            totals: None,
            items: Vec::new(),
        });
    };
    for item in section.items {
        let mut pending = Some(item);
        while let Some(item) = pending.take() {
            let gap = if used == 0 { 0 } else { ITEM_GAP };
            let height = item_height(&item, budget);
            if used + gap + height <= capacity {
                used += gap + height;
                slides
                    .last_mut()
                    .expect("one slide at least")
                    .items
                    .push(item);
                continue;
            }
            let on_fresh = used == 0 && capacity == next_capacity;
            let room = capacity.saturating_sub(used + gap);
            let fits_fresh = height <= next_capacity;
            // Too tall for any slide: as much as fits here, the rest after.
            let cut = (!fits_fresh && (on_fresh || room >= MIN_PIECE_LINES * LINE))
                .then(|| cut(&item, room / LINE, budget))
                .flatten();
            match cut {
                Some((head, tail)) => {
                    slides
                        .last_mut()
                        .expect("one slide at least")
                        .items
                        .push(head);
                    pending = Some(tail);
                }
                // Nothing to cut at (one long word): it stays, overfull.
                None if on_fresh => {
                    slides
                        .last_mut()
                        .expect("one slide at least")
                        .items
                        .push(item);
                    used = capacity;
                    continue;
                }
                None => pending = Some(item),
            }
            new_slide(&mut slides);
            capacity = next_capacity;
            used = 0;
        }
    }
    balance_tail(&mut slides, next_capacity, budget);
    slides
}

/// Evens out the last two slides of a section: whole items move from the
/// end of the one before to the start of the last while it holds fewer and
/// they fit, so that a list does not end on a slide with a lone item.
fn balance_tail(slides: &mut [Slide], capacity: u32, budget: Budget) {
    let [.., before, last] = slides else {
        return;
    };
    while before.items.len() > last.items.len() + 1 {
        let (Some(moving), Some(first)) = (before.items.last(), last.items.first()) else {
            return;
        };
        // A cut item stays where it was cut.
        if first.continued {
            return;
        }
        let mut moved = last.clone();
        moved.items.insert(0, moving.clone());
        if body_height(&moved, budget) > capacity + heading_line(&moved) {
            return;
        }
        before.items.pop();
        *last = moved;
    }
}

/// What the one-line heading of a continuation slide takes: the capacity
/// of its items leaves it out, [`body_height`] counts it.
fn heading_line(slide: &Slide) -> u32 {
    if slide.heading.is_some() {
        LINE + HEADING_GAP
    } else {
        0
    }
}

/// Splits an item so that its first piece takes at most `lines` lines; the
/// status goes with the rest, which is marked as continued. `None` when the
/// text cannot be cut there.
fn cut(item: &SlideItem, lines: u32, budget: Budget) -> Option<(SlideItem, SlideItem)> {
    let mut pieces = split_text(&item.text, lines, budget.chars_per_line).into_iter();
    let head = pieces.next()?;
    let tail = pieces.collect::<Vec<_>>().join(" ");
    if tail.is_empty() || wrapped_lines(&head, budget.chars_per_line) > lines {
        return None;
    }
    Some((
        SlideItem {
            text: head,
            status: None,
            ..item.clone()
        },
        SlideItem {
            text: tail,
            continued: true,
            ..item.clone()
        },
    ))
}

/// The status line of a task row.
fn task_status(row: &TaskRow, detail: String) -> ItemStatus {
    ItemStatus {
        timing: row.timing,
        progress: row.progress,
        detail,
    }
}

/// A task as a list item, with its unit, due date and the given remark.
fn task_item(row: &TaskRow, remark: Option<&str>, with_unit: bool) -> SlideItem {
    let mut detail: Vec<String> = Vec::new();
    if with_unit {
        detail.push(row.unit.clone());
    }
    match (row.due, row.due_text.is_empty()) {
        (Some(_), _) => detail.push(format!("hạn {}", row.due_text)),
        // A recurring task: `thường xuyên` where the date would be.
        (None, false) => detail.push(row.due_text.to_lowercase()),
        (None, true) => {}
    }
    detail.extend(remark.map(str::to_string));
    SlideItem {
        marker: row.number.clone(),
        text: row.title.clone(),
        continued: false,
        status: Some(task_status(row, detail.join(" · "))),
    }
}

fn deadline_item(row: &DeadlineRow) -> SlideItem {
    task_item(&row.task, Some(&row.days_text), true)
}

/// A plan part's items; an item that is a tracked task carries its status.
fn part_items(part: &Part, report: &ConsolidatedReport) -> Vec<SlideItem> {
    part.items
        .iter()
        .map(|item| SlideItem {
            marker: if item.bulleted {
                "-".into()
            } else {
                format!("{}.", item.number)
            },
            text: item.text.clone(),
            continued: false,
            status: report.tasks.iter().find(|t| t.id == item.id).map(|t| {
                let detail = [t.unit.clone(), t.due_text.clone()]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(" · hạn ");
                task_status(t, detail)
            }),
        })
        .collect()
}

fn paragraphs(texts: &[String]) -> Vec<SlideItem> {
    texts
        .iter()
        .map(|text| SlideItem {
            marker: String::new(),
            text: text.clone(),
            continued: false,
            status: None,
        })
        .collect()
}

/// Every slide, in the order they are shown.
pub fn build_deck(plan: &Plan, report: &ConsolidatedReport, budget: Budget) -> Vec<Slide> {
    let meta = &plan.meta;
    let mut sections = vec![Section {
        kind: SlideKind::Cover,
        eyebrow: meta.issuer_lines.join(" "),
        title: meta.kind.clone(),
        heading: Some(meta.title.clone()),
        totals: None,
        items: paragraphs(&[
            format!(
                "Số {}, {}, ngày {}",
                meta.number,
                meta.place,
                format_date(meta.date)
            ),
            format!("Tình hình thực hiện tính đến ngày {}", report.as_of_text),
        ]),
    }];
    let part_one = plan.sections.first();
    let part_one_title =
        part_one.map_or_else(String::new, |s| format!("{}. {}", s.numeral, s.heading));
    if let Some(objective) = part_one.and_then(|s| s.parts.get(1)) {
        sections.push(Section {
            kind: SlideKind::Objective,
            eyebrow: part_one_title.clone(),
            title: objective.heading.clone(),
            heading: None,
            totals: None,
            items: paragraphs(&objective.paragraphs),
        });
    }
    if let Some(focuses) = part_one.and_then(|s| s.parts.get(2)) {
        sections.push(Section {
            kind: SlideKind::Focuses,
            eyebrow: part_one_title,
            title: format!("{} trọng tâm chỉ đạo điều hành", focuses.items.len()),
            heading: None,
            totals: None,
            items: part_items(focuses, report),
        });
    }
    if let Some(tasks) = plan.sections.get(1) {
        let eyebrow = format!("{}. {}", tasks.numeral, tasks.heading);
        for part in &tasks.parts {
            sections.push(Section {
                kind: SlideKind::Group(part.number),
                eyebrow: eyebrow.clone(),
                title: format!("Nhóm {}", part.number),
                heading: Some(part.heading.clone()),
                totals: None,
                items: part_items(part, report),
            });
        }
    }
    let summary = &report.summary;
    sections.push(Section {
        kind: SlideKind::Progress,
        eyebrow: "Tiến độ chung".into(),
        title: format!("{}% nhiệm vụ đã hoàn thành", summary.percent_done),
        heading: Some(summary.sentence.clone()),
        totals: Some(summary.totals),
        items: Vec::new(),
    });
    for unit in &report.sections {
        sections.push(Section {
            kind: SlideKind::Unit,
            eyebrow: "Nhiệm vụ theo đơn vị chủ trì".into(),
            title: unit.unit.clone(),
            heading: Some(format!(
                "{} nhiệm vụ · {} đã hoàn thành · {} quá hạn",
                unit.totals.total,
                unit.totals.done(),
                unit.totals.overdue
            )),
            totals: Some(unit.totals),
            items: unit
                .tasks
                .iter()
                .map(|t| task_item(t, None, false))
                .collect(),
        });
    }
    sections.push(Section {
        kind: SlideKind::Overdue,
        eyebrow: format!(
            "{} nhiệm vụ · tính đến ngày {}",
            report.overdue.len(),
            report.as_of_text
        ),
        title: "Nhiệm vụ quá hạn".into(),
        heading: None,
        totals: None,
        items: report.overdue.iter().map(deadline_item).collect(),
    });
    sections.push(Section {
        kind: SlideKind::NextDeadlines,
        eyebrow: format!("Tính đến ngày {}", report.as_of_text),
        title: "Nhiệm vụ sắp đến hạn".into(),
        heading: None,
        totals: None,
        items: report.next_deadlines.iter().map(deadline_item).collect(),
    });
    sections
        .into_iter()
        .flat_map(|s| paginate(s, budget))
        .collect()
}

/// The measured height of a slide's body in tenths of a line, as
/// [`build_deck`] counts it: heading, bar, items and the gaps between them.
/// On a continuation slide the heading takes one line.
pub fn body_height(slide: &Slide, budget: Budget) -> u32 {
    let heading = match (&slide.heading, slide.continued) {
        (None, _) => 0,
        (Some(_), true) => LINE + HEADING_GAP,
        (Some(h), false) => heading_height(h, budget),
    };
    let bar = if slide.totals.is_some() { 2 * LINE } else { 0 };
    let items: u32 = slide.items.iter().map(|i| item_height(i, budget)).sum();
    let gaps = ITEM_GAP * u32::try_from(slide.items.len().saturating_sub(1)).unwrap_or(0);
    heading + bar + items + gaps
}
