//! Import in two steps: files are read into a staging list (each with its
//! outcome, whether to include it, and whether a damaged checksum was
//! confirmed), the merge plan is shown, and only then applied. Also the
//! words the preview uses for each value. Pure.

use std::fmt::Write;

use crate::i18n::format_date;
use crate::model::receipts::Receipt;
use crate::model::reporting::ReportPeriod;
use crate::model::tracking::{Millis, Tracking};
use crate::model::unit::UnitId;

use super::dto::ScopeKind;
use super::merge::{
    apply_merge, plan_merge, Choices, FieldValue, FileLabel, MergePlan, MergeValue, TrackedField,
};
use super::read::ReadFile;

/// A file picked or dropped for import.
#[derive(Debug, Clone, PartialEq)]
pub struct StagedFile {
    pub name: String,
    /// The file read and checked, or why it cannot be imported.
    pub outcome: Result<ReadFile, String>,
    /// The user's choice to apply this file.
    pub include: bool,
    /// A file whose checksum does not match is applied only once confirmed.
    pub checksum_confirmed: bool,
}

impl StagedFile {
    pub fn new(name: String, outcome: Result<ReadFile, String>) -> Self {
        Self {
            name,
            outcome,
            include: true,
            checksum_confirmed: false,
        }
    }

    /// Whether it takes part in the merge.
    pub fn usable(&self) -> bool {
        self.include
            && match &self.outcome {
                Ok(file) => file.checksum_ok || self.checksum_confirmed,
                Err(_) => false,
            }
    }

    /// The unit and period of a unit's report.
    pub fn report_of(&self) -> Option<(UnitId, ReportPeriod)> {
        let scope = &self.outcome.as_ref().ok()?.envelope.scope;
        match scope.kind {
            ScopeKind::UnitReport => Some((scope.unit.clone()?, scope.period?)),
            _ => None,
        }
    }
}

fn usable_files(files: &[StagedFile]) -> Vec<(FileLabel, &Tracking)> {
    files
        .iter()
        .filter(|f| f.usable())
        .filter_map(|f| {
            Some((
                FileLabel(f.name.clone()),
                &f.outcome.as_ref().ok()?.tracking,
            ))
        })
        .collect()
}

/// The merge of the usable files into the local data, to show.
pub fn preview(local: &Tracking, files: &[StagedFile]) -> MergePlan {
    plan_merge(local, &usable_files(files))
}

/// The data after applying `plan` (the [`preview`] of `files` against
/// `local`, as shown) with the user's choices, and a receipt for every unit
/// report among the files.
pub fn apply(
    local: &Tracking,
    plan: &MergePlan,
    files: &[StagedFile],
    choices: &Choices,
    now: Millis,
) -> (Tracking, Vec<(UnitId, ReportPeriod, Receipt)>) {
    let merged = apply_merge(local, plan, choices);
    let receipts = files
        .iter()
        .filter(|f| f.usable())
        .filter_map(|f| {
            let (unit, period) = f.report_of()?;
            let exported_at = f.outcome.as_ref().ok()?.envelope.exported_at.to_rfc3339();
            Some((
                unit,
                period,
                Receipt {
                    file_name: f.name.clone(),
                    exported_at,
                    imported_at: now,
                },
            ))
        })
        .collect();
    (merged, receipts)
}

/// The name of a field in the preview.
pub fn field_label_vi(field: TrackedField) -> &'static str {
    match field {
        TrackedField::Status => "Trạng thái",
        TrackedField::Progress => "Tiến độ",
        TrackedField::Reason => "Lý do dừng/điều chỉnh",
        TrackedField::CompletedOn => "Ngày hoàn thành",
        TrackedField::Document => "Văn bản thực hiện",
        TrackedField::LeadUnit => "Đơn vị chủ trì",
        TrackedField::Coordinating => "Đơn vị phối hợp",
        TrackedField::Due => "Thời hạn",
    }
}

/// A value as the preview shows it, in Vietnamese; units by short name.
pub fn describe(value: &MergeValue, unit_short: &dyn Fn(&UnitId) -> String) -> String {
    let date = |d: &Option<chrono::NaiveDate>| d.map(format_date).unwrap_or_else(|| "—".into());
    match value {
        MergeValue::Field(field) => match field {
            FieldValue::Status(s) => s.label_vi().into(),
            FieldValue::Progress(p) => format!("{p}%"),
            FieldValue::Text(t) if t.is_empty() => "—".into(),
            FieldValue::Text(t) => t.clone(),
            FieldValue::Date(d) => date(d),
            FieldValue::Document(None) => "—".into(),
            FieldValue::Document(Some(doc)) => {
                let mut text = format!("số {}", doc.number);
                if let Some(d) = doc.date {
                    let _ = write!(text, ", ngày {}", format_date(d));
                }
                text
            }
            FieldValue::Unit(u) => u.as_ref().map_or_else(|| "—".into(), unit_short),
            FieldValue::Units(us) if us.is_empty() => "—".into(),
            FieldValue::Units(us) => us.iter().map(unit_short).collect::<Vec<_>>().join(", "),
        },
        MergeValue::Update(u) => format!(
            "{} · {}: {} ({}, {}%)",
            format_date(u.date),
            unit_short(&u.unit),
            u.text,
            u.status.label_vi(),
            u.progress
        ),
        MergeValue::CustomTask(t) => format!("Nhiệm vụ bổ sung: {}", t.title),
        MergeValue::CustomUnit(u) => format!("Đơn vị: {} ({})", u.short, u.name),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::tracking::{DocumentRef, Status, Update};
    use chrono::NaiveDate;

    fn short(u: &UnitId) -> String {
        u.as_str().to_uppercase()
    }

    #[test]
    fn values_read_as_a_person_would_say_them() {
        let d = NaiveDate::from_ymd_opt(2021, 3, 5);
        let cases = [
            (FieldValue::Status(Status::Done), "Đã hoàn thành"),
            (FieldValue::Progress(40), "40%"),
            (FieldValue::Text(String::new()), "—"),
            (FieldValue::Date(d), "05/03/2021"),
            (FieldValue::Date(None), "—"),
            (
                FieldValue::Document(Some(DocumentRef {
                    number: "12/TTr-SKHĐT".into(),
                    date: d,
                })),
                "số 12/TTr-SKHĐT, ngày 05/03/2021",
            ),
            (FieldValue::Unit(Some(UnitId::new("so-tc"))), "SO-TC"),
            (
                FieldValue::Units(vec![UnitId::new("a"), UnitId::new("b")]),
                "A, B",
            ),
        ];
        for (value, expected) in cases {
            assert_eq!(describe(&MergeValue::Field(value), &short), expected);
        }
        let update = Update {
            id: "x".into(),
            date: d.unwrap(),
            unit: UnitId::new("so-tc"),
            text: "<b>Đã trình</b>".into(),
            status: Status::InProgress,
            progress: 50,
            at: 1,
        };
        assert_eq!(
            describe(&MergeValue::Update(update), &short),
            "05/03/2021 · SO-TC: <b>Đã trình</b> (Đang thực hiện, 50%)"
        );
    }

    #[test]
    fn a_file_is_usable_only_when_included_readable_and_trusted() {
        let mut bad = StagedFile::new("x.json".into(), Err("Không phải JSON".into()));
        assert!(!bad.usable());
        bad.checksum_confirmed = true;
        assert!(!bad.usable());
        assert_eq!(preview(&Tracking::default(), &[bad]).files.len(), 0);
    }

    #[test]
    fn every_field_has_a_label() {
        let labels: std::collections::BTreeSet<_> = TrackedField::ALL
            .iter()
            .map(|f| field_label_vi(*f))
            .collect();
        assert_eq!(labels.len(), TrackedField::ALL.len());
    }
}
