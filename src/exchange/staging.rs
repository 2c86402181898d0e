//! Import in two steps: files are read into a staging list (each with its
//! outcome, whether to include it, and whether a damaged checksum or its
//! rejected items were confirmed), the merge plan is shown, and only then
//! applied — the data and the receipts of the reports it brings, as one
//! state that undo takes back whole. Also the words the preview uses for
//! each item and value. Pure.

use std::fmt::Write;

use crate::i18n::format_date;
use crate::model::history::Snapshot;
use crate::model::receipts::{Receipt, Receipts};
use crate::model::reporting::ReportPeriod;
use crate::model::tracking::{ItemKey, Millis, TrackedField, Tracking};
use crate::model::unit::UnitId;

use super::envelope::ScopeKind;
use super::merge::{
    apply_merge, plan_merge, Choices, FieldValue, FileLabel, MergePlan, MergeValue, Resolver,
};
use super::read::ReadFile;

/// A file picked or dropped for import.
#[derive(Debug, Clone, PartialEq)]
pub struct StagedFile {
    /// Its name, made unique among the staged files (it labels the file's
    /// versions in the preview).
    pub name: String,
    /// The file read and checked, or why it cannot be imported.
    pub outcome: Result<ReadFile, String>,
    /// The user's choice to apply this file.
    pub include: bool,
    /// A file whose checksum does not match is applied only once confirmed.
    pub checksum_confirmed: bool,
    /// A file with rejected items is applied, without them, only once
    /// confirmed.
    pub rejected_confirmed: bool,
}

impl StagedFile {
    /// A file as read, named uniquely among `staged`.
    pub fn new(staged: &[StagedFile], name: String, outcome: Result<ReadFile, String>) -> Self {
        let taken = |n: &str| staged.iter().any(|f| f.name == n);
        let name = if taken(&name) {
            (2..)
                .map(|i| format!("{name} ({i})"))
                .find(|n| !taken(n))
                .expect("some number is free")
        } else {
            name
        };
        Self {
            name,
            outcome,
            include: true,
            checksum_confirmed: false,
            rejected_confirmed: false,
        }
    }

    /// Whether it takes part in the merge.
    pub fn usable(&self) -> bool {
        self.include
            && match &self.outcome {
                Ok(file) => {
                    (file.checksum_ok || self.checksum_confirmed)
                        && (file.rejected.is_empty() || self.rejected_confirmed)
                }
                Err(_) => false,
            }
    }

    /// The unit and period of a unit's report.
    pub fn report_of(&self) -> Option<(UnitId, ReportPeriod)> {
        let scope = &self.outcome.as_ref().ok()?.head.scope;
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

/// What applying an import gives.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    /// The data and receipts after it.
    pub state: Snapshot,
    /// How many files were applied, and how many of their items left out.
    pub files: usize,
    pub rejected: usize,
}

/// The state after applying `plan` (the [`preview`] of `files` against
/// `tracking`, as shown) with the user's choices: the merged data, and the
/// `receipts` with one more for every unit report among the files.
pub fn apply(
    (tracking, receipts): (&Tracking, &Receipts),
    plan: &MergePlan,
    files: &[StagedFile],
    choices: &Choices,
    resolver: Option<Resolver<'_>>,
    now: Millis,
) -> Imported {
    let tracking = apply_merge(tracking, plan, choices, resolver);
    let mut receipts = receipts.clone();
    let (mut count, mut rejected) = (0, 0);
    for f in files.iter().filter(|f| f.usable()) {
        let Ok(read) = &f.outcome else { continue };
        count += 1;
        rejected += read.rejected.len();
        if let Some((unit, period)) = f.report_of() {
            let receipt = Receipt {
                file_name: f.name.clone(),
                exported_at: read.head.exported_at.to_rfc3339(),
                imported_at: now,
            };
            receipts.record(unit, period, receipt);
        }
    }
    Imported {
        state: Snapshot { tracking, receipts },
        files: count,
        rejected,
    }
}

/// What an item is, as the preview names it beside its task.
pub fn item_label_vi(key: &ItemKey) -> &'static str {
    match key {
        ItemKey::Field { field, .. } => field_label_vi(*field),
        ItemKey::Update { .. } => "Ghi chú",
        ItemKey::CustomTask(_) => "Nhiệm vụ bổ sung",
        ItemKey::CustomUnit(_) => "Đơn vị",
    }
}

/// What removing an item does, as the preview says it: `Xóa ghi chú`.
pub fn removal_label_vi(key: &ItemKey) -> String {
    match key {
        ItemKey::Field { field, .. } => {
            format!("{}: đặt lại như kế hoạch", field_label_vi(*field))
        }
        _ => format!("Xóa {}", item_label_vi(key).to_lowercase()),
    }
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
        MergeValue::Removed => "Đã xóa".into(),
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
        let mut bad = StagedFile::new(&[], "x.json".into(), Err("Không phải JSON".into()));
        assert!(!bad.usable());
        bad.checksum_confirmed = true;
        bad.rejected_confirmed = true;
        assert!(!bad.usable());
        assert_eq!(preview(&Tracking::default(), &[bad]).files.len(), 0);
    }

    #[test]
    fn files_of_one_name_get_distinct_labels() {
        let mut staged = Vec::new();
        for _ in 0..3 {
            let file = StagedFile::new(&staged, "bao-cao.json".into(), Err(String::new()));
            staged.push(file);
        }
        let names: Vec<_> = staged.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(
            names,
            ["bao-cao.json", "bao-cao.json (2)", "bao-cao.json (3)"]
        );
    }

    #[test]
    fn removals_are_said_as_what_they_do() {
        let note = ItemKey::Update {
            task: "pl-1".into(),
            id: "so-khdt-1".into(),
        };
        assert_eq!(removal_label_vi(&note), "Xóa ghi chú");
        assert_eq!(
            removal_label_vi(&ItemKey::CustomTask("u-1".into())),
            "Xóa nhiệm vụ bổ sung"
        );
        let field = ItemKey::Field {
            task: "pl-1".into(),
            field: TrackedField::Due,
        };
        assert_eq!(removal_label_vi(&field), "Thời hạn: đặt lại như kế hoạch");
        assert_eq!(describe(&MergeValue::Removed, &short), "Đã xóa");
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
