//! Units (đơn vị): the departments and districts that lead or coordinate
//! tasks. The built-in registry holds the lead units named in the annex plus
//! the bodies section III names; users add their own.

use serde::{Deserialize, Serialize};

/// Stable ASCII identifier of a unit, used in addresses and exchange files
/// (`so-khdt`, `ubnd-rach-gia`, or `u-…` for units a user added).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UnitId(pub String);

impl UnitId {
    pub fn new(id: impl Into<String>) -> Self {
        Self(id.into())
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for UnitId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// What kind of body a unit is; decides where it is listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum UnitKind {
    /// A provincial department or agency (Sở, Trung tâm).
    Department,
    /// The committee's office (Văn phòng UBND tỉnh).
    Office,
    /// The people's committee of a district or city.
    District,
}

/// A unit as shown to users.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unit {
    pub id: UnitId,
    /// The short form used in the plan text, e.g. `Sở KH&ĐT`.
    pub short: String,
    /// The full name, e.g. `Sở Kế hoạch và Đầu tư`.
    pub name: String,
    pub kind: UnitKind,
    /// Built-in units come with the app; only user-added ones can be removed.
    pub builtin: bool,
}
