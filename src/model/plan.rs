//! A plan document of this family (a provincial "Kế hoạch" carrying out a
//! resolution) as structured data: metadata, the roman-numbered sections
//! with their numbered parts and trackable items, the annex tables of tasks,
//! the plan's own unit registry and its reporting rule. Built by
//! `crate::parse` from any of the ways in, or read from a plan file
//! (`crate::plan_file`); never touches how it was read.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::deadline::Deadline;
use super::reporting::ReportingRule;
use super::unit::{Unit, UnitId};

/// The whole parsed plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Plan {
    pub meta: PlanMeta,
    /// The paragraphs between the title and section I ("Thực hiện Nghị
    /// quyết …", "Căn cứ …").
    pub preamble: Vec<String>,
    /// The roman-numbered sections (I, II, III …), in order.
    pub sections: Vec<Section>,
    /// The annex tables of tasks, in order (22/KH-UBND has one).
    pub annexes: Vec<Annex>,
    /// The units the plan's tasks and users may name: the registry it was
    /// read against, then the units the document named that it lacked.
    pub units: Vec<Unit>,
}

/// The document's identity, shown on the cover and written into every export.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlanMeta {
    /// The issuing body as printed, line by line: `ỦY BAN NHÂN DÂN`, `TỈNH KIÊN GIANG`.
    pub issuer_lines: Vec<String>,
    /// The national heading, line by line: `CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM`, `Độc lập - Tự do - Hạnh phúc`.
    pub national_lines: Vec<String>,
    /// `22/KH-UBND`.
    pub number: String,
    /// `Kiên Giang`.
    pub place: String,
    /// 01/02/2021.
    pub date: NaiveDate,
    /// The year the plan covers, 2021: deadlines without a year fall in it.
    pub year: i32,
    /// The document kind, `KẾ HOẠCH`.
    pub kind: String,
    /// The title under the kind, in one line.
    pub title: String,
    /// What the plan carries out, as the preamble names it: `Nghị quyết số
    /// 01/NQ-CP ngày 01/01/2021 của Chính phủ`; `None` when it names none.
    pub resolution: Option<String>,
    /// Lines above the signer's name: `TM. ỦY BAN NHÂN DÂN`, `KT. CHỦ TỊCH`, `PHÓ CHỦ TỊCH`.
    pub signer_capacity: Vec<String>,
    /// `Nguyễn Đức Chín`.
    pub signer: String,
    /// The `Nơi nhận` list, one recipient a line, without the leading dash.
    pub recipients: Vec<String>,
    /// When units report to Sở KH&ĐT.
    pub reporting: ReportingRule,
}

/// A roman-numbered section (I, II, III).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Section {
    /// `muc-1`, `muc-2`, `muc-3`.
    pub id: String,
    /// `I`, `II`, `III`.
    pub numeral: String,
    /// The heading without its numeral and trailing colon, whole on one line.
    pub heading: String,
    pub parts: Vec<Part>,
}

/// A numbered part of a section. In 22/KH-UBND's section II each part is a
/// group of tasks (`nv-1` … `nv-11`); in section I the third part holds the
/// 8 focuses. Text a section holds before its first numbered part goes into
/// a part numbered 0 with an empty heading.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Part {
    /// `muc-1-1` … `muc-1-3`, `nv-1` … `nv-11`, `tc-1`, `tc-2`.
    pub id: String,
    pub number: u8,
    /// The text after the number, joined into one line.
    pub heading: String,
    /// Paragraphs that are not items (the context, the objective, the motto's intro).
    pub paragraphs: Vec<String>,
    /// Trackable items: the focuses, the bullets of a group.
    pub items: Vec<Item>,
}

/// A trackable item of the plan's body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Item {
    /// `tt-1` … `tt-8` for the focuses, `nv-4-2` for group 4's second item,
    /// `tc-1-3` for section III.
    pub id: String,
    /// 1-based position within its part.
    pub number: u16,
    /// The text; a lettered item (`a) …`) keeps its letter.
    pub text: String,
    /// False for a paragraph without a dash (group 4's second item), a
    /// numbered focus or a lettered item.
    pub bulleted: bool,
}

/// An annex table of tasks given to departments.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Annex {
    /// `phu-luc` for the first annex, `phu-luc-2` … for the next ones.
    pub id: String,
    /// Title lines: `DANH MỤC`, `MỘT SỐ NHIỆM VỤ …`, `THỰC HIỆN NĂM 2021`.
    pub title_lines: Vec<String>,
    /// `(kèm theo Kế hoạch số 22/KH-UBND ngày 01/02/2021 của UBND tỉnh)`.
    pub subtitle: Option<String>,
    /// The header row as printed, in the table's order.
    pub columns: Vec<AnnexColumn>,
    /// Rows spanning the table that group the tasks under them
    /// (`I. LĨNH VỰC KINH TẾ`), in order.
    pub groups: Vec<AnnexGroup>,
    pub tasks: Vec<AnnexTask>,
}

/// What a column of an annex table holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ColumnRole {
    /// `STT`, `TT`.
    Number,
    /// `Nhiệm vụ`, `Nội dung nhiệm vụ`, `Nội dung`.
    Task,
    /// `Đơn vị chủ trì`, `Cơ quan chủ trì (thực hiện)`.
    Lead,
    /// `Cơ quan phối hợp`, `Đơn vị phối hợp`.
    Coordinating,
    /// `Thời gian trình`, `Thời gian hoàn thành`, `Thời hạn`.
    Deadline,
    /// `Sản phẩm`, `Hình thức văn bản`.
    Product,
    /// `Ghi chú`.
    Remarks,
    /// Any other column: its cells are kept, in order, in [`AnnexTask::other`].
    Other,
}

/// A column of an annex table: its role and its header as printed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnnexColumn {
    pub role: ColumnRole,
    pub label: String,
}

/// A row of an annex table that groups the tasks after it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnnexGroup {
    /// The annex id and the numeral, folded: `phu-luc-i`, `phu-luc-2-b`.
    pub id: String,
    /// `I`, `II`, `A`.
    pub numeral: String,
    /// `LĨNH VỰC KINH TẾ`.
    pub title: String,
}

/// One row of an annex: a task.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AnnexTask {
    /// `pl-1` … `pl-36`; see `crate::parse` for the rule.
    pub id: String,
    /// The STT column.
    pub number: u16,
    /// The group row above it, by id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    pub title: String,
    pub lead_unit: UnitId,
    /// The coordinating units the cell names, resolved.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub coordinating: Vec<UnitId>,
    /// The coordinating cell as printed (it may also say "các sở, ngành
    /// liên quan", which names no unit).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coordinating_text: Option<String>,
    /// The deadline cell as printed, with line breaks joined (`Quý l` stays
    /// as printed); empty when the cell is.
    pub deadline_text: String,
    /// `None` when the cell is empty or could not be read.
    pub deadline: Option<Deadline>,
    /// The `Sản phẩm` / `Hình thức văn bản` cell.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product: Option<String>,
    /// The `Ghi chú` cell.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remarks: Option<String>,
    /// The cells of the annex's [`ColumnRole::Other`] columns, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other: Vec<String>,
}

/// A word of a name printed in capitals, as running text writes it:
/// `KIÊN` → `Kiên`; `-` stays.
fn title_case(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first
            .to_uppercase()
            .chain(chars.flat_map(char::to_lowercase))
            .collect(),
        None => String::new(),
    }
}

/// Tag of the text the content fingerprint hashes: a change to what goes in
/// bumps it, so that old and new identities never collide by accident.
const IDENTITY_TAG: &str = "ke-hoach-plan-identity/1";

impl Plan {
    /// Every trackable item of the body, in document order, with its part.
    pub fn items(&self) -> impl Iterator<Item = (&Part, &Item)> {
        self.sections
            .iter()
            .flat_map(|s| &s.parts)
            .flat_map(|p| p.items.iter().map(move |item| (p, item)))
    }

    /// Every annex task, annex by annex, in document order.
    pub fn annex_tasks(&self) -> impl Iterator<Item = &AnnexTask> {
        self.annexes.iter().flat_map(|a| &a.tasks)
    }

    /// Every annex task with the number it is known by in lists and
    /// reports: its STT as printed, after its group's numeral when STTs
    /// start again under each group (`A.1`), and after `PL2.`, `PL3.` … in
    /// the second annex on (`PL2.A.1`), so that no two tasks share one.
    pub fn numbered_tasks(&self) -> impl Iterator<Item = (&AnnexTask, String)> {
        self.annexes.iter().enumerate().flat_map(|(i, annex)| {
            let mut seen = std::collections::HashSet::new();
            let restarts = !annex.tasks.iter().all(|t| seen.insert(t.number));
            annex.tasks.iter().map(move |t| {
                let group = t
                    .group
                    .as_ref()
                    .filter(|_| restarts)
                    .and_then(|g| annex.groups.iter().find(|x| &x.id == g))
                    .map(|g| format!("{}.", g.numeral))
                    .unwrap_or_default();
                let annex_prefix = if i == 0 {
                    String::new()
                } else {
                    format!("PL{}.", i + 1)
                };
                (t, format!("{annex_prefix}{group}{}", t.number))
            })
        })
    }

    /// The part holding the direction focuses (its items are `tt-…`),
    /// if the plan has one.
    pub fn focus_part(&self) -> Option<&Part> {
        self.sections
            .iter()
            .flat_map(|s| &s.parts)
            .find(|p| p.items.first().is_some_and(|i| i.id.starts_with("tt-")))
    }

    /// The section of tasks and solutions (its parts are `nv-…`), if the
    /// plan has one.
    pub fn tasks_section(&self) -> Option<&Section> {
        self.sections
            .iter()
            .find(|s| s.parts.iter().any(|p| p.id.starts_with("nv-")))
    }

    /// The province (or centrally run city) whose committee issued the
    /// plan, as its header names it, in running text: `tỉnh Kiên Giang`
    /// from `TỈNH KIÊN GIANG`. `None` when no issuer line names one.
    pub fn locality(&self) -> Option<String> {
        const KINDS: [(&str, &str); 2] = [("tinh ", "tỉnh"), ("thanh pho ", "thành phố")];
        self.meta.issuer_lines.iter().find_map(|line| {
            let folded = crate::search::fold(line);
            let (prefix, kind) = KINDS.iter().find(|(p, _)| folded.starts_with(p))?;
            // The prefix's words, counted in the printed line.
            let words = prefix.split_whitespace().count();
            let name: Vec<String> = line
                .split_whitespace()
                .skip(words)
                .map(title_case)
                .collect();
            (!name.is_empty()).then(|| format!("{kind} {}", name.join(" ")))
        })
    }

    /// The plan's unit with this id.
    pub fn unit(&self, id: &UnitId) -> Option<&Unit> {
        self.units.iter().find(|u| &u.id == id)
    }

    /// The plan's identity, independent of the bytes it was read from: the
    /// lower-case hex SHA-256 of its number, year and the ids of its items
    /// and annex tasks in document order, one per line. Line endings, a typo
    /// fixed in a title or a different way in (web text, Word, a plan file)
    /// leave it unchanged; a task added or removed changes it.
    pub fn content_fingerprint(&self) -> String {
        use sha2::{Digest, Sha256};
        use std::fmt::Write;

        let mut hasher = Sha256::new();
        let mut line = |text: &str| {
            hasher.update(text.as_bytes());
            hasher.update(b"\n");
        };
        line(IDENTITY_TAG);
        line(self.meta.number.trim());
        line(&self.meta.year.to_string());
        for (_, item) in self.items() {
            line(&item.id);
        }
        for task in self.annex_tasks() {
            line(&task.id);
        }
        hasher.finalize().iter().fold(String::new(), |mut hex, b| {
            let _ = write!(hex, "{b:02x}");
            hex
        })
    }
}
