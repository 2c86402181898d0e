//! The consolidated report Sở KH&ĐT takes to the committee's monthly
//! meeting: header block, summary figures and sentence, a section per lead
//! unit, the overdue list, the next deadlines and the units that have not
//! reported. Every string the screen, the print and the exports show is
//! computed here, dates as dd/mm/yyyy. Pure: built from values the caller
//! passes in, never from storage.

use chrono::{Datelike, NaiveDate};

use super::report::{Figures, TaskFigure, TaskInput, Totals};
use super::reporting::ReportPeriod;
use super::timing::Timing;
use super::tracking::{Status, Tracking};
use super::unit::UnitId;
use crate::i18n::format_date;

/// How many upcoming deadlines the report lists.
pub const NEXT_DEADLINES: usize = 10;

/// The consolidating body, printed under the committee's name.
const ISSUING_OFFICE: &str = "SỞ KẾ HOẠCH VÀ ĐẦU TƯ";
/// The report number is given by the office's clerk when it is signed, so
/// the number is left blank for them to fill in by hand.
const NUMBER_LINE: &str = "Số:        /BC-SKHĐT";
pub(super) const MOTTO: [&str; 2] = [
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
];
/// Section title of the tasks no unit leads.
const NO_UNIT: &str = "Chưa giao đơn vị chủ trì";
/// The report goes to the committee and the bodies that carry the plan out;
/// the clerk's usual lines.
const RECIPIENTS: [&str; 4] = [
    "Thường trực UBND tỉnh (b/c);",
    "Các sở, ban, ngành tỉnh;",
    "UBND các huyện, thành phố;",
    "Lưu: VT, TH.",
];

/// The fixed words of the printed report: headings, column heads and the
/// sentences of empty lists, shared by the screen and the Word file so that
/// both say the same.
pub mod wording {
    pub const GENERAL: &str = "I. TÌNH HÌNH CHUNG";
    pub const BY_UNIT: &str = "II. KẾT QUẢ THỰC HIỆN CỦA CÁC ĐƠN VỊ";
    pub const OVERDUE: &str = "III. NHIỆM VỤ QUÁ HẠN";
    pub const NEXT: &str = "IV. NHIỆM VỤ SẮP ĐẾN HẠN";
    pub const NO_OVERDUE: &str = "Không có nhiệm vụ quá hạn.";
    pub const NO_NEXT: &str = "Không còn nhiệm vụ nào chưa hoàn thành có thời hạn từ nay.";
    /// The summary table's columns.
    pub const SUMMARY_HEADS: [&str; 3] = ["Tình trạng", "Số nhiệm vụ", "Tỷ lệ"];
    /// The summary table's last row.
    pub const TOTAL: &str = "Tổng số";
    /// A unit's task table.
    pub const TASK_HEADS: [&str; 5] = [
        "STT",
        "Nhiệm vụ",
        "Thời hạn",
        "Tình trạng",
        "Cập nhật gần nhất, văn bản",
    ];
    /// The overdue and next-deadline tables; the last column is
    /// [`OVERDUE_DAYS`] or [`NEXT_DAYS`].
    pub const DEADLINE_HEADS: [&str; 4] = ["STT", "Nhiệm vụ", "Đơn vị chủ trì", "Thời hạn"];
    pub const OVERDUE_DAYS: &str = "Quá hạn";
    pub const NEXT_DAYS: &str = "Còn lại";
    /// Before a task's fulfilling document: `Văn bản số 12/TTr-SXD, …`.
    pub const DOCUMENT: &str = "Văn bản";
    pub const RECIPIENTS: &str = "Nơi nhận:";
}
/// The deadline of a recurring task, where a date would be.
pub const RECURRING: &str = "Thường xuyên";

/// The plan the report is about, as the report names it (see
/// [`super::plan::PlanMeta`] for the document's own header).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlanRef<'a> {
    /// `22/KH-UBND`.
    pub number: &'a str,
    pub date: NaiveDate,
    /// `UBND tỉnh Kiên Giang`.
    pub issuer: &'a str,
    /// Where reports are signed: `Kiên Giang`.
    pub place: &'a str,
}

/// Everything the report is built from.
pub struct ReportInput<'a> {
    pub plan: PlanRef<'a>,
    pub period: ReportPeriod,
    /// The day the report speaks of (ngày tham chiếu); also its signing date.
    pub as_of: NaiveDate,
    pub tasks: &'a [TaskInput<'a>],
    pub tracking: &'a Tracking,
    pub due_soon_days: u32,
    /// The short name of a unit (`Sở KH&ĐT`).
    pub unit_name: &'a dyn Fn(&UnitId) -> String,
    /// Units that have not reported for `period`, in the order to list them.
    pub not_reported: Vec<UnitId>,
}

/// The administrative header block of the printed report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// `UBND TỈNH KIÊN GIANG`.
    pub authority: String,
    /// `SỞ KẾ HOẠCH VÀ ĐẦU TƯ`.
    pub office: String,
    /// `Số:        /BC-SKHĐT`, the number left for the clerk.
    pub number_line: String,
    /// `CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM`.
    pub motto: String,
    /// `Độc lập - Tự do - Hạnh phúc`.
    pub motto_sub: String,
    /// `Kiên Giang, ngày 30 tháng 6 năm 2021`.
    pub place_date: String,
    /// `BÁO CÁO`: the document's kind.
    pub kind: String,
    /// `Tình hình thực hiện Kế hoạch số … tháng 06/2021`: what it is about.
    pub subject: String,
}

/// The figures over every task and the sentence that says them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub totals: Totals,
    /// See [`Totals::percent_done`]: stopped and ongoing recurring tasks are left out.
    pub percent_done: u32,
    /// `Tính đến ngày 30/06/2021, có 12/36 nhiệm vụ đã hoàn thành (33%), …`.
    pub sentence: String,
    /// The summary table: one row per timing, stopped only when there are
    /// stopped tasks.
    pub rows: Vec<SummaryRow>,
}

/// A row of the summary table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummaryRow {
    pub timing: Timing,
    pub count: u32,
    /// `25%` of all tasks, rounded down.
    pub share: String,
}

/// The foot of the document: who receives it and who signs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    /// The `Nơi nhận` lines, without their leading dash.
    pub recipients: Vec<String>,
    /// Lines above the signature: `GIÁM ĐỐC`, or `TM. ỦY BAN NHÂN DÂN`,
    /// `CHỦ TỊCH`.
    pub capacity: Vec<String>,
}

/// One task as the report lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskRow {
    pub id: String,
    /// The listing position (the annex's STT for annex tasks).
    pub order: u32,
    /// `order` as printed in the STT column.
    pub number: String,
    pub title: String,
    pub unit_id: Option<UnitId>,
    /// The lead unit's short name, or the words for "no unit assigned".
    pub unit: String,
    pub due: Option<NaiveDate>,
    /// `30/06/2021`; `Thường xuyên` for a recurring task; empty without a
    /// due date.
    pub due_text: String,
    pub timing: Timing,
    pub timing_label: &'static str,
    pub status: Status,
    pub status_label: &'static str,
    /// 0–100.
    pub progress: u8,
    /// `Tiến độ 60%` for a task under way, empty when done or at 0.
    pub progress_text: String,
    pub update_date: Option<NaiveDate>,
    /// `30/06/2021`, empty without an update.
    pub update_date_text: String,
    pub update_note: String,
    /// `30/06/2021: note`, empty without an update.
    pub update_text: String,
    /// `số 123/TTr-SKHĐT, ngày 15/06/2021`, empty without a document.
    pub document: String,
}

/// The tasks one unit leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitSection {
    /// `None` gathers the tasks nobody leads.
    pub unit_id: Option<UnitId>,
    pub unit: String,
    pub totals: Totals,
    /// Whether the unit reported for the period (always true for `None`).
    pub reported: bool,
    /// [`unit_summary`], and whether the unit has not reported.
    pub summary: String,
    /// In listing order.
    pub tasks: Vec<TaskRow>,
}

/// A task in the overdue or next-deadlines list, with its distance to the
/// due date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeadlineRow {
    pub task: TaskRow,
    /// `due - as_of` in days: negative once overdue.
    pub days_left: i64,
    /// `quá hạn 5 ngày`, `đến hạn hôm nay`, `còn 3 ngày`.
    pub days_text: String,
}

/// A unit that has not reported for the period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingReport {
    pub unit_id: UnitId,
    pub unit: String,
}

/// The consolidated report as of a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsolidatedReport {
    /// One line: `Báo cáo tình hình thực hiện Kế hoạch số … — tháng 06/2021`.
    pub title: String,
    pub header: Header,
    pub period: ReportPeriod,
    /// `Tháng 06/2021`.
    pub period_label: String,
    pub as_of: NaiveDate,
    /// `30/06/2021`.
    pub as_of_text: String,
    pub due_soon_days: u32,
    pub summary: Summary,
    /// Every task in listing order.
    pub tasks: Vec<TaskRow>,
    /// Units in the order they first lead a task; unassigned tasks last.
    pub sections: Vec<UnitSection>,
    /// By due date, then listing order.
    pub overdue: Vec<DeadlineRow>,
    /// At most [`NEXT_DEADLINES`], by due date, then listing order.
    pub next_deadlines: Vec<DeadlineRow>,
    pub not_reported: Vec<MissingReport>,
    /// `V. ĐƠN VỊ CHƯA GỬI BÁO CÁO THÁNG 06/2021`.
    pub not_reported_heading: String,
    /// `Có 2 đơn vị chưa gửi báo cáo: Sở Xây dựng, Sở Nội vụ.`
    pub not_reported_text: String,
    pub signature: Signature,
}

impl ConsolidatedReport {
    /// Builds the report: every task evaluated on `as_of` with
    /// [`Figures::compute`].
    pub fn build(input: ReportInput<'_>) -> Self {
        let figures = Figures::compute(
            input.tasks,
            input.tracking,
            input.as_of,
            input.due_soon_days,
        );
        let row = |f: &TaskFigure<'_>| task_row(f, input.unit_name);
        let mut tasks: Vec<TaskRow> = figures.tasks.iter().map(row).collect();
        tasks.sort_by_key(|t| t.order);
        let deadline_row = |f: &&TaskFigure<'_>| deadline_row(row(f), input.as_of);
        let totals = figures.totals();
        let not_reported: Vec<MissingReport> = input
            .not_reported
            .iter()
            .map(|id| MissingReport {
                unit: (input.unit_name)(id),
                unit_id: id.clone(),
            })
            .collect();
        ConsolidatedReport {
            title: format!(
                "Báo cáo tình hình thực hiện {} — {}",
                plan_phrase(&input.plan),
                period_phrase(input.period)
            ),
            header: header(&input.plan, input.period, input.as_of),
            period: input.period,
            period_label: input.period.label_vi(),
            as_of: input.as_of,
            as_of_text: format_date(input.as_of),
            due_soon_days: input.due_soon_days,
            summary: Summary {
                totals,
                percent_done: totals.percent_done(),
                sentence: summary_sentence(&totals, input.as_of, input.due_soon_days),
                rows: summary_rows(&totals),
            },
            sections: sections(&tasks, &input.not_reported),
            overdue: figures.overdue().iter().map(deadline_row).collect(),
            next_deadlines: figures
                .next_deadlines(NEXT_DEADLINES)
                .iter()
                .map(deadline_row)
                .collect(),
            not_reported_heading: format!(
                "V. ĐƠN VỊ CHƯA GỬI BÁO CÁO {}",
                input.period.label_vi().to_uppercase()
            ),
            not_reported_text: not_reported_text(&not_reported),
            not_reported,
            signature: Signature {
                recipients: RECIPIENTS.map(String::from).to_vec(),
                capacity: vec!["GIÁM ĐỐC".into()],
            },
            tasks,
        }
    }
}

/// `Kế hoạch số 22/KH-UBND ngày 01/02/2021 của UBND tỉnh Kiên Giang`.
pub(super) fn plan_phrase(plan: &PlanRef<'_>) -> String {
    format!(
        "Kế hoạch số {} ngày {} của {}",
        plan.number,
        format_date(plan.date),
        plan.issuer
    )
}

/// `tháng 06/2021`, `tổng kết năm 2021`: the period inside a sentence.
fn period_phrase(period: ReportPeriod) -> String {
    let label = period.label_vi();
    let mut chars = label.chars();
    chars
        .next()
        .map(|first| first.to_lowercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The date line of an administrative document (Nghị định 30/2020/NĐ-CP):
/// days below 10 and the months 1 and 2 take a leading zero, other months
/// none, so that nobody can add a digit later: `ngày 05 tháng 6 năm 2021`,
/// `ngày 01 tháng 02 năm 2021`.
pub(super) fn place_date(place: &str, date: NaiveDate) -> String {
    let month = match date.month() {
        m @ 1..=2 => format!("{m:02}"),
        m => m.to_string(),
    };
    format!(
        "{place}, ngày {:02} tháng {month} năm {}",
        date.day(),
        date.year()
    )
}

fn header(plan: &PlanRef<'_>, period: ReportPeriod, as_of: NaiveDate) -> Header {
    Header {
        authority: plan.issuer.to_uppercase(),
        office: ISSUING_OFFICE.into(),
        number_line: NUMBER_LINE.into(),
        motto: MOTTO[0].into(),
        motto_sub: MOTTO[1].into(),
        place_date: place_date(plan.place, as_of),
        kind: "BÁO CÁO".into(),
        subject: format!(
            "Tình hình thực hiện {} {}",
            plan_phrase(plan),
            period_phrase(period)
        ),
    }
}

/// The one-sentence summary; clauses without meaning for the data (the split
/// of zero done tasks, zero stopped tasks) are left out.
fn summary_sentence(totals: &Totals, as_of: NaiveDate, due_soon_days: u32) -> String {
    let mut s = format!(
        "Tính đến ngày {}, có {}/{} nhiệm vụ đã hoàn thành ({}%)",
        format_date(as_of),
        totals.done(),
        totals.counted(),
        totals.percent_done()
    );
    if totals.done() > 0 {
        s += &format!(
            ", trong đó {} đúng hạn, {} quá hạn",
            totals.done_on_time, totals.done_late
        );
    }
    s += &format!(
        "; {} nhiệm vụ quá hạn chưa hoàn thành; {} nhiệm vụ sắp đến hạn (trong {} ngày tới); \
         {} nhiệm vụ đang thực hiện trong hạn; {} nhiệm vụ chưa thực hiện",
        totals.overdue, totals.due_soon, due_soon_days, totals.in_progress, totals.not_started
    );
    if totals.recurring > 0 {
        s += &format!(
            "; {} nhiệm vụ thực hiện thường xuyên (không tính vào tỷ lệ)",
            totals.recurring
        );
    }
    if totals.stopped > 0 {
        s += &format!(
            "; {} nhiệm vụ dừng thực hiện (không tính vào tỷ lệ)",
            totals.stopped
        );
    }
    s.push('.');
    s
}

pub(super) fn task_row(figure: &TaskFigure<'_>, unit_name: &dyn Fn(&UnitId) -> String) -> TaskRow {
    let effective = &figure.effective;
    let text_of = |date: Option<NaiveDate>| date.map(format_date).unwrap_or_default();
    let update = effective.latest_update;
    let update_date = update.map(|u| u.date);
    let update_note = update.map(|u| u.text.clone()).unwrap_or_default();
    TaskRow {
        id: figure.input.id.into(),
        order: figure.input.order,
        number: figure.input.label(),
        title: figure.input.title.into(),
        unit_id: effective.lead_unit.cloned(),
        unit: effective
            .lead_unit
            .map_or_else(|| NO_UNIT.into(), unit_name),
        due: effective.due,
        due_text: if effective.recurring {
            RECURRING.into()
        } else {
            text_of(effective.due)
        },
        timing: figure.timing,
        timing_label: figure.timing.label_vi(),
        status: effective.status,
        status_label: effective.status.label_vi(),
        progress: effective.progress,
        progress_text: if effective.progress > 0 && !figure.timing.is_done() {
            format!("Tiến độ {}%", effective.progress)
        } else {
            String::new()
        },
        update_date,
        update_date_text: text_of(update_date),
        update_text: update_date.map_or_else(String::new, |d| {
            format!("{}: {update_note}", format_date(d))
        }),
        update_note,
        document: effective
            .document
            .map_or_else(String::new, |doc| match doc.date {
                Some(date) => format!("số {}, ngày {}", doc.number, format_date(date)),
                None => format!("số {}", doc.number),
            }),
    }
}

pub(super) fn deadline_row(task: TaskRow, as_of: NaiveDate) -> DeadlineRow {
    // Both lists only hold tasks with a due date.
    let days_left = task.due.map_or(0, |due| (due - as_of).num_days());
    let days_text = match days_left {
        d if d < 0 => format!("quá hạn {} ngày", -d),
        0 => "đến hạn hôm nay".into(),
        d => format!("còn {d} ngày"),
    };
    DeadlineRow {
        task,
        days_left,
        days_text,
    }
}

/// Groups rows by lead unit: units in the order of their first task, tasks
/// in listing order, unassigned tasks last.
fn sections(tasks: &[TaskRow], not_reported: &[UnitId]) -> Vec<UnitSection> {
    let mut sorted: Vec<&TaskRow> = tasks.iter().collect();
    sorted.sort_by_key(|t| (t.unit_id.is_none(), t.order));
    let mut sections: Vec<UnitSection> = Vec::new();
    for task in sorted {
        let index = match sections.iter().position(|s| s.unit_id == task.unit_id) {
            Some(i) => i,
            None => {
                sections.push(UnitSection {
                    unit_id: task.unit_id.clone(),
                    unit: task.unit.clone(),
                    totals: Totals::default(),
                    reported: task
                        .unit_id
                        .as_ref()
                        .is_none_or(|id| !not_reported.contains(id)),
                    summary: String::new(),
                    tasks: Vec::new(),
                });
                sections.len() - 1
            }
        };
        let section = &mut sections[index];
        section.totals.add(task.timing);
        section.tasks.push(task.clone());
    }
    for section in &mut sections {
        section.summary = unit_summary(&section.totals);
        if !section.reported {
            section.summary += " Đơn vị chưa gửi báo cáo kỳ này.";
        }
    }
    sections
}

/// The summary table's rows: the share of each timing among all tasks.
fn summary_rows(totals: &Totals) -> Vec<SummaryRow> {
    totals
        .shown()
        .map(|timing| {
            let count = totals.count(timing);
            let share = (count * 100).checked_div(totals.total).unwrap_or(0);
            SummaryRow {
                timing,
                count,
                share: format!("{share}%"),
            }
        })
        .collect()
}

fn not_reported_text(missing: &[MissingReport]) -> String {
    if missing.is_empty() {
        return "Tất cả các đơn vị đã gửi báo cáo.".into();
    }
    let names: Vec<&str> = missing.iter().map(|m| m.unit.as_str()).collect();
    format!(
        "Có {} đơn vị chưa gửi báo cáo: {}.",
        missing.len(),
        names.join(", ")
    )
}

/// One unit's figures as the report words them, clauses with nothing to
/// count left out: `Chủ trì 2 nhiệm vụ: 1 đã hoàn thành đúng hạn; 1 quá
/// hạn chưa hoàn thành.`
pub fn unit_summary(totals: &Totals) -> String {
    let done = match (totals.done_on_time, totals.done_late) {
        (0, 0) => None,
        (_, 0) => Some(format!("{} đã hoàn thành đúng hạn", totals.done_on_time)),
        (0, late) => Some(format!("{late} đã hoàn thành quá hạn")),
        (on_time, late) => Some(format!(
            "{} đã hoàn thành ({on_time} đúng hạn, {late} quá hạn)",
            on_time + late
        )),
    };
    let clauses: Vec<String> = done
        .into_iter()
        .chain(
            [
                (totals.overdue, "quá hạn chưa hoàn thành"),
                (totals.due_soon, "sắp đến hạn"),
                (totals.in_progress, "đang thực hiện trong hạn"),
                (totals.recurring, "thực hiện thường xuyên"),
                (totals.not_started, "chưa thực hiện"),
                (totals.stopped, "dừng thực hiện"),
            ]
            .into_iter()
            .filter(|&(n, _)| n > 0)
            .map(|(n, what)| format!("{n} {what}")),
        )
        .collect();
    format!("Chủ trì {} nhiệm vụ: {}.", totals.total, clauses.join("; "))
}
