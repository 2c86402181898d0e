//! What a file says about itself around its payload: the program that wrote
//! it, the plan it tracks, when and by whom it was exported, and what it
//! covers. Every object here keeps the members it does not know (`extra`),
//! so that a member a later version adds (such as `planDocument`, the plan
//! carried along for a unit that lacks it) is kept, not refused. Pure.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use crate::model::tracking::Tracking;
use crate::model::unit::UnitId;

pub use crate::model::tracking::Extra;

/// The envelope's members other than the payload and those fixed or
/// derived when written (`format`, `formatVersion`, `checksum`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Head {
    pub app: AppInfo,
    pub plan: PlanRef,
    pub exported_at: DateTime<FixedOffset>,
    /// The unit of the user who exported; `None` when no unit was picked.
    pub exported_by: Option<UnitId>,
    pub scope: Scope,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A file to write: its head and the tracking it carries.
#[derive(Debug, Clone, PartialEq)]
pub struct Envelope {
    pub head: Head,
    pub payload: Tracking,
}

/// The program that wrote the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppInfo {
    pub name: String,
    pub version: String,
    #[serde(flatten)]
    pub extra: Extra,
}

/// Which plan the tracking belongs to: any plan of this family, named by
/// its number, year and content fingerprint (`Plan::content_fingerprint`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanRef {
    /// `22/KH-UBND`.
    pub number: String,
    pub year: i32,
    /// Lower-case hex SHA-256 of the plan's canonical content.
    pub fingerprint: String,
    #[serde(flatten)]
    pub extra: Extra,
}

impl PlanRef {
    /// A plan reference without unknown fields.
    pub fn new(number: impl Into<String>, year: i32, fingerprint: impl Into<String>) -> Self {
        Self {
            number: number.into(),
            year,
            fingerprint: fingerprint.into(),
            extra: Extra::new(),
        }
    }
}

/// What part of the tracking a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ScopeKind {
    /// Everything: a backup, the stored state, a consolidated file.
    Full,
    /// One unit's tasks and updates, sent for a reporting period.
    UnitReport,
}

/// The file's scope: `{"kind":"full"}` or
/// `{"kind":"unit-report","unit":"so-khdt","period":"2021-03"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scope {
    pub kind: ScopeKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<UnitId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<ReportPeriod>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl Scope {
    /// The whole tracking.
    pub fn full() -> Self {
        Self {
            kind: ScopeKind::Full,
            unit: None,
            period: None,
            extra: Extra::new(),
        }
    }
    /// One unit's report for a period.
    pub fn unit_report(unit: UnitId, period: ReportPeriod) -> Self {
        Self {
            kind: ScopeKind::UnitReport,
            unit: Some(unit),
            period: Some(period),
            extra: Extra::new(),
        }
    }
}

/// A reporting period (a month or the year's review), written `2021-03`
/// or `2021-review`: the model's own type, whose text form is the file's.
pub use crate::model::reporting::ReportPeriod;
