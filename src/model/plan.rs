//! The plan document as structured data: metadata, the three sections and
//! the annex. Built once from the seed text by `crate::seed`.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::deadline::Deadline;
use super::unit::UnitId;

/// The whole parsed plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    pub meta: PlanMeta,
    /// The paragraph between the title and section I ("Thực hiện Nghị quyết …").
    pub preamble: String,
    /// Sections I, II and III, in order.
    pub sections: Vec<Section>,
    pub annex: Annex,
}

/// The document's identity, shown on the cover and written into every export.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    /// The year the plan covers, 2021: deadlines fall in it.
    pub year: i32,
    /// The document kind, `KẾ HOẠCH`.
    pub kind: String,
    /// The title under the kind, in one line.
    pub title: String,
    /// The resolution carried out: `Nghị quyết số 01/NQ-CP ngày 01/01/2021 của Chính phủ`.
    pub resolution: String,
    /// Lines above the signer's name: `TM. ỦY BAN NHÂN DÂN`, `KT. CHỦ TỊCH`, `PHÓ CHỦ TỊCH`.
    pub signer_capacity: Vec<String>,
    /// `Nguyễn Đức Chín`.
    pub signer: String,
    /// The `Nơi nhận` list, one recipient a line, without the leading dash.
    pub recipients: Vec<String>,
}

/// A roman-numbered section (I, II, III).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Section {
    /// `muc-1`, `muc-2`, `muc-3`.
    pub id: String,
    /// `I`, `II`, `III`.
    pub numeral: String,
    /// The heading without its numeral and trailing colon, whole on one line.
    pub heading: String,
    pub parts: Vec<Part>,
}

/// A numbered part of a section. In section II each part is a group of tasks
/// (`nv-1` … `nv-11`); in section I the third part holds the 8 focuses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
pub struct Item {
    /// `tt-1` … `tt-8` for the focuses, `nv-4-2` for group 4's second item,
    /// `tc-1-3` for section III.
    pub id: String,
    /// 1-based position within its part.
    pub number: u16,
    pub text: String,
    /// False for the paragraph without a dash in group 4 and for numbered focuses.
    pub bulleted: bool,
}

/// The annex table of tasks given to departments.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Annex {
    /// `phu-luc`.
    pub id: String,
    /// Title lines: `DANH MỤC`, `MỘT SỐ NHIỆM VỤ …`, `THỰC HIỆN NĂM 2021`.
    pub title_lines: Vec<String>,
    /// `(kèm theo Kế hoạch số 22/KH-UBND ngày 01/02/2021 của UBND tỉnh)`.
    pub subtitle: String,
    pub tasks: Vec<AnnexTask>,
}

/// One row of the annex.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnnexTask {
    /// `pl-1` … `pl-36`.
    pub id: String,
    /// The STT column.
    pub number: u16,
    pub title: String,
    pub lead_unit: UnitId,
    /// The `Thời gian trình` cell as printed, with line breaks joined (`Quý l` stays as printed).
    pub deadline_text: String,
    pub deadline: Deadline,
}

/// Tag of the text the content fingerprint hashes: a change to what goes in
/// bumps it, so that old and new identities never collide by accident.
const IDENTITY_TAG: &str = "ke-hoach-plan-identity/1";

impl Plan {
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
        let items = self
            .sections
            .iter()
            .flat_map(|s| &s.parts)
            .flat_map(|p| &p.items);
        for item in items {
            line(&item.id);
        }
        for task in &self.annex.tasks {
            line(&task.id);
        }
        hasher.finalize().iter().fold(String::new(), |mut hex, b| {
            let _ = write!(hex, "{b:02x}");
            hex
        })
    }
}
