//! The consolidated report of the app's own data: the plan's reference from
//! its header, the catalog's tasks and unit names, and the units whose
//! report for the period has not been received. One place, so that the
//! report page, its files and meeting mode show the same figures. Pure.

use chrono::NaiveDate;

use super::catalog::Catalog;
use super::consolidated::{ConsolidatedReport, PlanRef, ReportInput};
use super::plan::Plan;
use super::receipts::{reporting_units, Receipts};
use super::report::TaskInput;
use super::reporting::ReportPeriod;
use super::tracking::Tracking;
use super::unit::UnitId;
use super::unit_report::{UnitReport, UnitReportInput};

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
/// issuer (its header prints `ỦY BAN NHÂN DÂN` / `TỈNH KIÊN GIANG`); the
/// place of its date line when the header names no province.
pub fn issuer_name(plan: &Plan) -> String {
    match plan.locality() {
        Some(locality) => format!("UBND {locality}"),
        None => format!("UBND tỉnh {}", plan.meta.place),
    }
}

/// What both reports are built from: the plan's reference, the catalog's
/// tasks and its short unit names.
fn with_inputs<R>(
    data: &AppData<'_>,
    f: impl FnOnce(PlanRef<'_>, &[TaskInput<'_>], &dyn Fn(&UnitId) -> String) -> R,
) -> R {
    let issuer = issuer_name(data.plan);
    let plan = PlanRef {
        number: &data.plan.meta.number,
        date: data.plan.meta.date,
        issuer: &issuer,
        place: &data.plan.meta.place,
    };
    let unit_name = |id: &UnitId| data.catalog.unit_short(id);
    f(plan, &data.catalog.inputs(), &unit_name)
}

/// The consolidated report for `period`.
pub fn consolidated_report(data: &AppData<'_>, period: ReportPeriod) -> ConsolidatedReport {
    with_inputs(data, |plan, tasks, unit_name| {
        ConsolidatedReport::build(ReportInput {
            plan,
            period,
            as_of: data.as_of,
            tasks,
            tracking: data.tracking,
            due_soon_days: data.due_soon_days,
            unit_name,
            not_reported: data
                .receipts
                .missing(&reporting_units(&data.catalog.units), period),
        })
    })
}

/// The report of `unit` for `period`, or `None` for a unit the catalog does
/// not know.
pub fn unit_report(data: &AppData<'_>, unit: &UnitId, period: ReportPeriod) -> Option<UnitReport> {
    let unit = data.catalog.unit(unit)?;
    Some(with_inputs(data, |plan, tasks, unit_name| {
        UnitReport::build(UnitReportInput {
            plan,
            unit,
            period,
            as_of: data.as_of,
            tasks,
            tracking: data.tracking,
            due_soon_days: data.due_soon_days,
            unit_name,
        })
    }))
}

/// The file name of the report's exports: `bao-cao-22-KH-UBND-2021-06.xlsx`.
pub fn file_name(plan: &Plan, period: ReportPeriod, extension: &str) -> String {
    format!(
        "bao-cao-{}-{}.{extension}",
        ascii(&plan.meta.number),
        period.id()
    )
}

/// The file name of a unit's report, its unit after the period like the
/// unit's JSON file: `bao-cao-22-KH-UBND-2021-06_so-khdt.docx`.
pub fn unit_file_name(plan: &Plan, unit: &UnitId, period: ReportPeriod, extension: &str) -> String {
    format!(
        "bao-cao-{}-{}_{}.{extension}",
        ascii(&plan.meta.number),
        period.id(),
        ascii(unit.as_str())
    )
}

/// Every character but an ASCII letter or digit as `-`: safe in any file
/// system and mail program.
fn ascii(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect()
}
