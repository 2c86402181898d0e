//! The consolidated report of the app's own data: the plan's reference from
//! its header, the catalog's tasks and unit names, and the units whose
//! report for the period has not been received. One place, so that the
//! report page, its files and meeting mode show the same figures. Pure.

use chrono::NaiveDate;

use super::catalog::Catalog;
use super::consolidated::{ConsolidatedReport, PlanRef, ReportInput};
use super::plan::Plan;
use super::receipts::{reporting_units, Receipts};
use super::report::Totals;
use super::reporting::ReportPeriod;
use super::tracking::Tracking;

/// What the report is taken from, as of one date.
pub struct AppData<'a> {
    pub plan: &'a Plan,
    pub catalog: &'a Catalog,
    pub tracking: &'a Tracking,
    pub receipts: &'a Receipts,
    pub as_of: NaiveDate,
    pub due_soon_days: u32,
}

/// `UBND tỉnh Kiên Giang`: the committee as the report names the plan's
/// issuer (its header prints `ỦY BAN NHÂN DÂN` / `TỈNH KIÊN GIANG`).
pub fn issuer_name(plan: &Plan) -> String {
    format!("UBND tỉnh {}", plan.meta.place)
}

/// The consolidated report for `period`.
pub fn consolidated_report(data: &AppData<'_>, period: ReportPeriod) -> ConsolidatedReport {
    let issuer = issuer_name(data.plan);
    let inputs = data.catalog.inputs();
    let unit_name = |id: &_| data.catalog.unit_short(id);
    ConsolidatedReport::build(ReportInput {
        plan: PlanRef {
            number: &data.plan.meta.number,
            date: data.plan.meta.date,
            issuer: &issuer,
            place: &data.plan.meta.place,
        },
        period,
        as_of: data.as_of,
        tasks: &inputs,
        tracking: data.tracking,
        due_soon_days: data.due_soon_days,
        unit_name: &unit_name,
        not_reported: data
            .receipts
            .missing(&reporting_units(&data.catalog.units), period),
    })
}

/// The file name of the report's exports: `bao-cao-22-KH-UBND-2021-06.xlsx`.
pub fn file_name(plan: &Plan, period: ReportPeriod, extension: &str) -> String {
    let number: String = plan
        .meta
        .number
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("bao-cao-{number}-{}.{extension}", period.id())
}

/// One unit's figures as the report words them, clauses with nothing to
/// count left out: `Chủ trì 2 nhiệm vụ: 1 đã hoàn thành (đúng hạn); 1 quá
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
