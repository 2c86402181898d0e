//! Units (đơn vị): the departments and districts that lead or coordinate
//! tasks. Each plan carries its own registry (`Plan::units`); the one that
//! comes with the app, Kiên Giang's (the lead units of 22/KH-UBND's annex,
//! the committee's office and the districts), is the embedded plan's, and
//! its departments and office ([`common_units`]) are the base a plan of any
//! other province is read against. Users add their own. Reading unit names
//! as printed is `crate::parse::units`' job, not this module's.

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
    /// Units of the plan's registry (the app's or the plan file's) are
    /// built in; only user-added ones can be removed.
    pub builtin: bool,
}

/// The built-in registry as `(id, short form, full name, kind)`, in the
/// order the annex first names the departments, then the office and the
/// districts. Short forms are spelled exactly as in the plan text.
const BUILTIN: &[(&str, &str, &str, UnitKind)] = &[
    (
        "so-khdt",
        "Sở KH&ĐT",
        "Sở Kế hoạch và Đầu tư",
        UnitKind::Department,
    ),
    (
        "ttxtdt-tmdl",
        "Trung tâm XTĐT, TM&DL",
        "Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch",
        UnitKind::Department,
    ),
    (
        "so-nnptnt",
        "Sở NN&PTNT",
        "Sở Nông nghiệp và Phát triển nông thôn",
        UnitKind::Department,
    ),
    (
        "so-cong-thuong",
        "Sở Công Thương",
        "Sở Công Thương",
        UnitKind::Department,
    ),
    (
        "so-xay-dung",
        "Sở Xây dựng",
        "Sở Xây dựng",
        UnitKind::Department,
    ),
    (
        "so-tai-chinh",
        "Sở Tài chính",
        "Sở Tài chính",
        UnitKind::Department,
    ),
    (
        "so-tnmt",
        "Sở TN&MT",
        "Sở Tài nguyên và Môi trường",
        UnitKind::Department,
    ),
    (
        "so-khcn",
        "Sở KH&CN",
        "Sở Khoa học và Công nghệ",
        UnitKind::Department,
    ),
    (
        "so-tttt",
        "Sở TT&TT",
        "Sở Thông tin và Truyền thông",
        UnitKind::Department,
    ),
    (
        "so-ldtbxh",
        "Sở LĐTB&XH",
        "Sở Lao động - Thương binh và Xã hội",
        UnitKind::Department,
    ),
    (
        "so-vhtt",
        "Sở VH&TT",
        "Sở Văn hóa và Thể thao",
        UnitKind::Department,
    ),
    (
        "so-du-lich",
        "Sở Du lịch",
        "Sở Du lịch",
        UnitKind::Department,
    ),
    (
        "so-gddt",
        "Sở GD&ĐT",
        "Sở Giáo dục và Đào tạo",
        UnitKind::Department,
    ),
    ("so-noi-vu", "Sở Nội vụ", "Sở Nội vụ", UnitKind::Department),
    (
        "so-ngoai-vu",
        "Sở Ngoại vụ",
        "Sở Ngoại vụ",
        UnitKind::Department,
    ),
    (
        "vp-ubnd",
        "Văn phòng UBND tỉnh",
        "Văn phòng Ủy ban nhân dân tỉnh",
        UnitKind::Office,
    ),
    (
        "ubnd-rach-gia",
        "UBND TP Rạch Giá",
        "Ủy ban nhân dân thành phố Rạch Giá",
        UnitKind::District,
    ),
    (
        "ubnd-ha-tien",
        "UBND TP Hà Tiên",
        "Ủy ban nhân dân thành phố Hà Tiên",
        UnitKind::District,
    ),
    (
        "ubnd-phu-quoc",
        "UBND TP Phú Quốc",
        "Ủy ban nhân dân thành phố Phú Quốc",
        UnitKind::District,
    ),
    (
        "ubnd-kien-luong",
        "UBND huyện Kiên Lương",
        "Ủy ban nhân dân huyện Kiên Lương",
        UnitKind::District,
    ),
    (
        "ubnd-hon-dat",
        "UBND huyện Hòn Đất",
        "Ủy ban nhân dân huyện Hòn Đất",
        UnitKind::District,
    ),
    (
        "ubnd-tan-hiep",
        "UBND huyện Tân Hiệp",
        "Ủy ban nhân dân huyện Tân Hiệp",
        UnitKind::District,
    ),
    (
        "ubnd-chau-thanh",
        "UBND huyện Châu Thành",
        "Ủy ban nhân dân huyện Châu Thành",
        UnitKind::District,
    ),
    (
        "ubnd-giong-rieng",
        "UBND huyện Giồng Riềng",
        "Ủy ban nhân dân huyện Giồng Riềng",
        UnitKind::District,
    ),
    (
        "ubnd-go-quao",
        "UBND huyện Gò Quao",
        "Ủy ban nhân dân huyện Gò Quao",
        UnitKind::District,
    ),
    (
        "ubnd-an-bien",
        "UBND huyện An Biên",
        "Ủy ban nhân dân huyện An Biên",
        UnitKind::District,
    ),
    (
        "ubnd-an-minh",
        "UBND huyện An Minh",
        "Ủy ban nhân dân huyện An Minh",
        UnitKind::District,
    ),
    (
        "ubnd-vinh-thuan",
        "UBND huyện Vĩnh Thuận",
        "Ủy ban nhân dân huyện Vĩnh Thuận",
        UnitKind::District,
    ),
    (
        "ubnd-u-minh-thuong",
        "UBND huyện U Minh Thượng",
        "Ủy ban nhân dân huyện U Minh Thượng",
        UnitKind::District,
    ),
    (
        "ubnd-kien-hai",
        "UBND huyện Kiên Hải",
        "Ủy ban nhân dân huyện Kiên Hải",
        UnitKind::District,
    ),
    (
        "ubnd-giang-thanh",
        "UBND huyện Giang Thành",
        "Ủy ban nhân dân huyện Giang Thành",
        UnitKind::District,
    ),
];

/// The units that come with the app, 22/KH-UBND's registry: the 15 lead
/// units of its annex, the committee's office and the 15 district-level
/// committees of Kiên Giang (as of 2021), in that order.
pub fn builtin_units() -> Vec<Unit> {
    BUILTIN
        .iter()
        .map(|&(id, short, name, kind)| Unit {
            id: UnitId::new(id),
            short: short.to_owned(),
            name: name.to_owned(),
            kind,
            builtin: true,
        })
        .collect()
}

/// The units every province has, under the ids the app gives them in every
/// plan: the built-in departments and the committee's office, without Kiên
/// Giang's district committees. So `so-khdt` is the Department of Planning
/// and Investment in every plan, and a user's unit carries over from one
/// plan to the next.
pub fn common_units() -> Vec<Unit> {
    builtin_units()
        .into_iter()
        .filter(|u| u.kind != UnitKind::District)
        .collect()
}
