//! One unit's own report on the plan for a period — the document it signs
//! and sends to Sở KH&ĐT beside its JSON file: its header, the tasks it
//! leads and those it coordinates with their status, progress and the notes
//! it dated in the period, what is overdue, and what it proposes. Every
//! string the Word file prints is made here, dates as dd/mm/yyyy. Pure:
//! built from values the caller passes in, never from storage.

use chrono::{Datelike, NaiveDate};

use super::consolidated::{
    deadline_row, place_date, plan_phrase, task_row, unit_summary, DeadlineRow, Header, PlanRef,
    Signature, TaskRow, MOTTO,
};
use super::receipts::CONSOLIDATOR;
use super::report::{Figures, TaskFigure, TaskInput, Totals};
use super::reporting::ReportPeriod;
use super::tracking::{Status, Tracking};
use super::unit::{Unit, UnitId, UnitKind};
use crate::i18n::format_date;

/// The fixed words of the unit's report.
pub mod wording {
    pub const RESULTS: &str = "I. KẾT QUẢ THỰC HIỆN";
    pub const LED: &str = "Các nhiệm vụ đơn vị chủ trì";
    pub const COORDINATED: &str = "Các nhiệm vụ đơn vị phối hợp";
    pub const OVERDUE: &str = "II. NHIỆM VỤ QUÁ HẠN";
    pub const PROPOSALS: &str = "III. KIẾN NGHỊ, ĐỀ XUẤT";
    /// What the officer replaces with the unit's own proposals.
    pub const PROPOSALS_PLACEHOLDER: &str = "Nêu kiến nghị, đề xuất của đơn vị (nếu có).";
    /// The task table's columns.
    pub const TASK_HEADS: [&str; 5] = [
        "STT",
        "Nhiệm vụ",
        "Thời hạn",
        "Tình trạng, tiến độ",
        "Kết quả thực hiện trong kỳ",
    ];
    /// The results cell of a task without a note in the period.
    pub const NO_NOTE: &str = "Chưa có cập nhật trong kỳ.";
}

/// Everything a unit's report is built from.
pub struct UnitReportInput<'a> {
    pub plan: PlanRef<'a>,
    pub unit: &'a Unit,
    pub period: ReportPeriod,
    /// The day the report speaks of; also its signing date.
    pub as_of: NaiveDate,
    pub tasks: &'a [TaskInput<'a>],
    pub tracking: &'a Tracking,
    pub due_soon_days: u32,
    /// The short name of a unit (`Sở KH&ĐT`).
    pub unit_name: &'a dyn Fn(&UnitId) -> String,
}

/// A task of the unit with the notes the unit dated in the period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitTask {
    pub task: TaskRow,
    /// `15/06/2021: Đã trình dự thảo.`, by date.
    pub notes: Vec<String>,
}

/// The tasks the unit leads, or those it coordinates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskGroup {
    /// `1. Các nhiệm vụ đơn vị chủ trì`.
    pub heading: String,
    /// In listing order.
    pub tasks: Vec<UnitTask>,
}

/// A unit's report for one period, as of a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitReport {
    /// One line: `Báo cáo tình hình thực hiện Kế hoạch số … tháng 6 năm
    /// 2021 của Sở Kế hoạch và Đầu tư`.
    pub title: String,
    pub header: Header,
    pub unit_id: UnitId,
    pub period: ReportPeriod,
    pub as_of: NaiveDate,
    /// `Thực hiện Kế hoạch số …, Sở … báo cáo tình hình thực hiện tháng 6
    /// năm 2021 như sau:`.
    pub opening: String,
    /// `Tính đến ngày 30/06/2021, Sở Xây dựng chủ trì 3 nhiệm vụ: …`.
    pub summary: String,
    /// Figures over the tasks the unit leads.
    pub totals: Totals,
    /// The tasks it leads, then those it coordinates (and does not lead);
    /// a group only when it has tasks, numbered in order.
    pub groups: Vec<TaskGroup>,
    /// Overdue tasks among both, by due date.
    pub overdue: Vec<DeadlineRow>,
    /// The stopped and adjusted tasks it leads with their reasons:
    /// `Nhiệm vụ 8 (Điều chỉnh): …`.
    pub proposals: Vec<String>,
    pub signature: Signature,
}

impl UnitReport {
    /// Builds the report: the unit's tasks (see [`Figures::for_unit`])
    /// evaluated on `as_of`.
    pub fn build(input: UnitReportInput<'_>) -> Self {
        let unit = input.unit;
        let figures = Figures::compute(
            input.tasks,
            input.tracking,
            input.as_of,
            input.due_soon_days,
        );
        let (led, coordinated): (Vec<&TaskFigure<'_>>, Vec<_>) = figures
            .for_unit(&unit.id)
            .into_iter()
            .partition(|f| f.effective.lead_unit == Some(&unit.id));
        let (first, last) = period_days(input.period);
        let last = last.min(input.as_of);
        let unit_task = |f: &&TaskFigure<'_>| {
            let mut notes: Vec<_> = input
                .tracking
                .record(f.input.id)
                .into_iter()
                .flat_map(|r| r.updates.values())
                .filter(|u| u.unit == unit.id && (first..=last).contains(&u.date))
                .collect();
            notes.sort_by_key(|u| (u.date, u.at));
            UnitTask {
                task: task_row(f, input.unit_name),
                notes: notes
                    .iter()
                    .map(|u| format!("{}: {}", format_date(u.date), u.text))
                    .collect(),
            }
        };
        let totals: Totals = led.iter().map(|f| f.timing).collect();
        let phrase = period_phrase(input.period);
        let plan = plan_phrase(&input.plan);
        UnitReport {
            title: format!(
                "Báo cáo tình hình thực hiện {plan} {phrase} của {}",
                unit.name
            ),
            header: Header {
                authority: match unit.kind {
                    UnitKind::District => String::new(),
                    UnitKind::Department | UnitKind::Office => input.plan.issuer.to_uppercase(),
                },
                office: office_lines(unit),
                number_line: format!("Số:        /BC-{}", symbol(unit)),
                motto: MOTTO[0].into(),
                motto_sub: MOTTO[1].into(),
                place_date: place_date(input.plan.place, input.as_of),
                kind: "BÁO CÁO".into(),
                subject: format!("Tình hình thực hiện {plan} {phrase}"),
            },
            unit_id: unit.id.clone(),
            period: input.period,
            as_of: input.as_of,
            opening: format!(
                "Thực hiện {plan}, {} báo cáo tình hình thực hiện {phrase} như sau:",
                unit.name
            ),
            summary: summary(&unit.short, &totals, coordinated.len(), input.as_of),
            totals,
            proposals: led
                .iter()
                .filter(|f| matches!(f.effective.status, Status::Stopped | Status::Adjusted))
                .map(|f| {
                    format!(
                        "Nhiệm vụ {} ({}): {}",
                        f.input.label(),
                        f.effective.status.label_vi(),
                        f.effective.reason.unwrap_or("chưa ghi lý do.")
                    )
                })
                .collect(),
            groups: [(wording::LED, &led), (wording::COORDINATED, &coordinated)]
                .into_iter()
                .filter(|(_, tasks)| !tasks.is_empty())
                .enumerate()
                .map(|(i, (heading, tasks))| TaskGroup {
                    heading: format!("{}. {heading}", i + 1),
                    tasks: tasks.iter().map(unit_task).collect(),
                })
                .collect(),
            overdue: figures
                .overdue()
                .into_iter()
                .filter(|f| {
                    f.effective.lead_unit == Some(&unit.id)
                        || f.effective.coordinating.contains(&unit.id)
                })
                .map(|f| deadline_row(task_row(f, input.unit_name), input.as_of))
                .collect(),
            signature: signature(unit),
        }
    }
}

/// The first and last day the period covers: its month, or the whole year
/// for the year's review.
pub fn period_days(period: ReportPeriod) -> (NaiveDate, NaiveDate) {
    let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("a valid date");
    match period {
        ReportPeriod::Month { year, month } => {
            let month = u32::from(month);
            let next = match month {
                12 => day(year + 1, 1, 1),
                m => day(year, m + 1, 1),
            };
            let last = next.pred_opt().expect("the day before a valid one");
            (day(year, month, 1), last)
        }
        ReportPeriod::YearReview { year } => (day(year, 1, 1), day(year, 12, 31)),
    }
}

/// `tháng 6 năm 2021`, `năm 2021`: the period as a report's title says it.
fn period_phrase(period: ReportPeriod) -> String {
    let (first, _) = period_days(period);
    match period {
        ReportPeriod::Month { .. } => format!("tháng {} năm {}", first.month(), first.year()),
        ReportPeriod::YearReview { year } => format!("năm {year}"),
    }
}

fn summary(short: &str, led: &Totals, coordinated: usize, as_of: NaiveDate) -> String {
    let date = format_date(as_of);
    let mut s = match (led.total, coordinated) {
        (0, 0) => return format!("Tính đến ngày {date}, {short} chưa được giao nhiệm vụ nào."),
        (0, _) => format!("Tính đến ngày {date}, {short} không chủ trì nhiệm vụ nào."),
        _ => {
            let figures = unit_summary(led);
            let mut chars = figures.chars();
            let lower: String = chars
                .next()
                .map(|c| c.to_lowercase().chain(chars).collect())
                .unwrap_or_default();
            format!("Tính đến ngày {date}, {short} {lower}")
        }
    };
    if coordinated > 0 {
        s += &format!(" Đơn vị phối hợp thực hiện {coordinated} nhiệm vụ khác.");
    }
    s
}

/// The issuing body's lines in the header: its name in capitals, a
/// committee's `ỦY BAN NHÂN DÂN` on a line of its own as documents print it.
fn office_lines(unit: &Unit) -> String {
    let name = unit.name.to_uppercase();
    match name.strip_prefix("ỦY BAN NHÂN DÂN ") {
        Some(place) => format!("ỦY BAN NHÂN DÂN\n{place}"),
        None => name,
    }
}

/// The issuer's symbol after a document's number (`SKHĐT`, `SNNPTNT`,
/// `SCT`): the initials of the short name's words, whole abbreviations kept.
/// A committee signs as `UBND`, the office as `VP`. The officer can change
/// it with the number.
fn symbol(unit: &Unit) -> String {
    match unit.kind {
        UnitKind::District => return "UBND".into(),
        UnitKind::Office => return "VP".into(),
        UnitKind::Department => {}
    }
    unit.short
        .split([' ', ','])
        .filter(|w| !w.is_empty())
        .map(|word| -> String {
            // An abbreviation in capitals (`KH&ĐT`) stays whole, less its
            // punctuation; another word gives its initial.
            if word.chars().nth(1).is_some() && word.to_uppercase() == word {
                word.chars().filter(|c| !c.is_ascii_punctuation()).collect()
            } else {
                word.chars()
                    .next()
                    .map(|c| c.to_uppercase().collect())
                    .unwrap_or_default()
            }
        })
        .collect()
}

fn signature(unit: &Unit) -> Signature {
    let recipients: &[&str] = if unit.id.as_str() == CONSOLIDATOR {
        &["Thường trực UBND tỉnh (b/c);", "Lưu: VT, TH."]
    } else {
        &["Sở Kế hoạch và Đầu tư (tổng hợp);", "Lưu: VT."]
    };
    let capacity: &[&str] = match unit.kind {
        UnitKind::District => &["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"],
        UnitKind::Office => &["CHÁNH VĂN PHÒNG"],
        UnitKind::Department
            if unit.name.starts_with("Sở ") || unit.name.starts_with("Trung tâm ") =>
        {
            &["GIÁM ĐỐC"]
        }
        UnitKind::Department => &["THỦ TRƯỞNG ĐƠN VỊ"],
    };
    Signature {
        recipients: recipients.iter().map(|r| r.to_string()).collect(),
        capacity: capacity.iter().map(|c| c.to_string()).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::unit::builtin_units;

    fn unit(id: &str) -> Unit {
        builtin_units()
            .into_iter()
            .find(|u| u.id.as_str() == id)
            .expect("a built-in unit")
    }

    #[test]
    fn symbols_follow_the_short_names() {
        let symbols: Vec<String> = [
            "so-khdt",
            "so-nnptnt",
            "so-cong-thuong",
            "so-ldtbxh",
            "so-tai-chinh",
            "ubnd-rach-gia",
        ]
        .map(|id| symbol(&unit(id)))
        .to_vec();
        assert_eq!(
            symbols,
            ["SKHĐT", "SNNPTNT", "SCT", "SLĐTBXH", "STC", "UBND"]
        );
    }

    #[test]
    fn periods_cover_their_month_or_year() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        let month = |m| ReportPeriod::Month {
            year: 2021,
            month: m,
        };
        assert_eq!(period_days(month(2)), (d(2021, 2, 1), d(2021, 2, 28)));
        assert_eq!(period_days(month(12)), (d(2021, 12, 1), d(2021, 12, 31)));
        assert_eq!(
            period_days(ReportPeriod::YearReview { year: 2021 }),
            (d(2021, 1, 1), d(2021, 12, 31))
        );
        assert_eq!(period_phrase(month(6)), "tháng 6 năm 2021");
        assert_eq!(
            period_phrase(ReportPeriod::YearReview { year: 2021 }),
            "năm 2021"
        );
    }

    #[test]
    fn a_committee_prints_its_name_on_two_lines_and_signs_for_the_committee() {
        let rach_gia = unit("ubnd-rach-gia");
        assert_eq!(
            office_lines(&rach_gia),
            "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ RẠCH GIÁ"
        );
        assert_eq!(
            signature(&rach_gia).capacity,
            ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
        );
        assert_eq!(office_lines(&unit("so-xay-dung")), "SỞ XÂY DỰNG");
        assert_eq!(signature(&unit("so-xay-dung")).capacity, ["GIÁM ĐỐC"]);
    }
}
