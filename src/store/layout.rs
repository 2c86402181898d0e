//! The database's shape: its name and version, the object stores and which
//! version added each, and the key of every record. Every record of a plan
//! is keyed `[plan, id]`, so one key range reads or clears one plan.

use std::fmt;

/// The database the app keeps its data in.
pub const DB_NAME: &str = "ke-hoach";

/// The layout's version, the database version the edge opens. Raised by one
/// for every change of stores; [`Store::since`] says which version added a
/// store, so that an upgrade from any older version creates what is missing.
pub const DB_VERSION: u32 = 2;

/// A plan's identity in the store: its content fingerprint
/// (`Plan::content_fingerprint`), so that several plans live side by side
/// and a copy of the seed with other line endings is the same plan.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PlanId(String);

impl PlanId {
    pub fn new(fingerprint: impl Into<String>) -> Self {
        Self(fingerprint.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PlanId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The object stores. Every value is one JSON text (a backup: the raw text
/// kept), never a structured object: the exchange format stays the one
/// description of the data, and a value is kept byte for byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Store {
    /// One record per plan ([`crate::store::PlanHead`]), written last by a
    /// full write: a plan without it is not stored (a move cut short).
    Plans,
    /// One per task record, by task id: the record's JSON as in the file,
    /// without its notes (`"updates":[]`).
    Records,
    /// One per task record that has notes, by task id: its notes alone, as
    /// a record (`{"updates":[…]}`). Apart from the fields because they are
    /// most of the bytes and the first screen needs none of them
    /// (version 2).
    Notes,
    /// One per task a user added, by its id.
    CustomTasks,
    /// One per unit a user added, by its id.
    CustomUnits,
    /// One per recorded removal (issue 12's stamped deletions), by the id of
    /// what was removed.
    Removals,
    /// One per unit that reported: that unit's receipts, by unit id.
    Receipts,
    /// Interface settings, by name (not per plan).
    Settings,
    /// Texts kept before something replaced them, by `<millis>-<what>`.
    Backups,
    /// The text of each plan file the app keeps (`plan_file`), by plan id,
    /// with its title: plans besides the embedded one (version 2).
    PlanDocuments,
}

/// How a store's records are keyed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyKind {
    /// The plan id alone.
    Plan,
    /// `[plan, id]`.
    PlanItem,
    /// A name alone.
    Name,
}

impl Store {
    pub const ALL: [Store; 10] = [
        Store::Plans,
        Store::Records,
        Store::Notes,
        Store::CustomTasks,
        Store::CustomUnits,
        Store::Removals,
        Store::Receipts,
        Store::Settings,
        Store::Backups,
        Store::PlanDocuments,
    ];

    /// The object store's name in the database.
    pub fn name(self) -> &'static str {
        match self {
            Store::Plans => "plans",
            Store::Records => "records",
            Store::Notes => "notes",
            Store::CustomTasks => "customTasks",
            Store::CustomUnits => "customUnits",
            Store::Removals => "removals",
            Store::Receipts => "receipts",
            Store::Settings => "settings",
            Store::Backups => "backups",
            Store::PlanDocuments => "planDocuments",
        }
    }

    pub fn from_name(name: &str) -> Option<Store> {
        Self::ALL.into_iter().find(|s| s.name() == name)
    }

    pub fn key_kind(self) -> KeyKind {
        match self {
            Store::Plans | Store::PlanDocuments => KeyKind::Plan,
            Store::Settings => KeyKind::Name,
            _ => KeyKind::PlanItem,
        }
    }

    /// The database version that added the store.
    pub fn since(self) -> u32 {
        match self {
            Store::Notes | Store::PlanDocuments => 2,
            _ => 1,
        }
    }

    /// The stores of a plan's tracking data.
    pub const TRACKING: [Store; 5] = [
        Store::Records,
        Store::Notes,
        Store::CustomTasks,
        Store::CustomUnits,
        Store::Removals,
    ];
}

/// The stores an upgrade from `old` to `new` creates (`old` is 0 for a new
/// database). Stores are only ever added: data is never dropped by an
/// upgrade.
pub fn stores_to_create(old: u32, new: u32) -> Vec<Store> {
    Store::ALL
        .into_iter()
        .filter(|s| s.since() > old && s.since() <= new)
        .collect()
}

/// The key of one record.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Key {
    pub store: Store,
    /// Empty for [`Store::Settings`].
    pub plan: PlanId,
    /// Empty for [`Store::Plans`].
    pub id: String,
}

impl Key {
    /// A record of a plan in a store keyed `[plan, id]`.
    pub fn item(store: Store, plan: &PlanId, id: impl Into<String>) -> Self {
        debug_assert_eq!(store.key_kind(), KeyKind::PlanItem);
        Self {
            store,
            plan: plan.clone(),
            id: id.into(),
        }
    }

    /// The plan's own record.
    pub fn plan(plan: &PlanId) -> Self {
        Self {
            store: Store::Plans,
            plan: plan.clone(),
            id: String::new(),
        }
    }

    /// The plan file kept for a plan.
    pub fn plan_document(plan: &PlanId) -> Self {
        Self {
            store: Store::PlanDocuments,
            ..Self::plan(plan)
        }
    }

    /// A setting, shared by all plans.
    pub fn setting(name: impl Into<String>) -> Self {
        Self {
            store: Store::Settings,
            plan: PlanId::new(""),
            id: name.into(),
        }
    }

    /// A backup of `what`, taken at `at` (milliseconds): ids sort by time,
    /// and two backups of the same moment differ by what they hold.
    pub fn backup(plan: &PlanId, at: i64, what: &str) -> Self {
        Self::item(Store::Backups, plan, format!("{at:013}-{what}"))
    }

    /// The UTF-16 code units of the key as the database holds it, for
    /// [`crate::store::Batch::bytes`].
    pub fn units(&self) -> usize {
        let units = |s: &str| s.encode_utf16().count();
        match self.store.key_kind() {
            KeyKind::Plan => units(self.plan.as_str()),
            KeyKind::PlanItem => units(self.plan.as_str()) + units(&self.id),
            KeyKind::Name => units(&self.id),
        }
    }
}

impl fmt::Display for Key {
    /// `records/pl-12`: where a record is, for messages and logs.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.store.key_kind() {
            KeyKind::Plan => write!(f, "{}/{}", self.store.name(), self.plan),
            KeyKind::PlanItem | KeyKind::Name => write!(f, "{}/{}", self.store.name(), self.id),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn store_names_are_distinct_and_round_trip() {
        for store in Store::ALL {
            assert_eq!(Store::from_name(store.name()), Some(store));
        }
        assert_eq!(Store::from_name("tracking"), None);
    }

    #[test]
    fn a_new_database_gets_every_store_and_an_upgrade_only_the_missing_ones() {
        assert_eq!(stores_to_create(0, DB_VERSION), Store::ALL.to_vec());
        assert!(stores_to_create(DB_VERSION, DB_VERSION).is_empty());
        assert_eq!(
            stores_to_create(1, 2),
            vec![Store::Notes, Store::PlanDocuments]
        );
        assert!(stores_to_create(0, 0).is_empty());
    }

    #[test]
    fn backup_ids_sort_by_time() {
        let plan = PlanId::new("p");
        let early = Key::backup(&plan, 999, "z");
        let late = Key::backup(&plan, 1_700_000_000_000, "a");
        assert_eq!(early.id, "0000000000999-z");
        assert!(early < late);
        assert_eq!(late.to_string(), "backups/1700000000000-a");
    }

    #[test]
    fn key_units_count_what_the_database_holds() {
        let plan = PlanId::new("ab");
        assert_eq!(Key::plan(&plan).units(), 2);
        assert_eq!(Key::item(Store::Records, &plan, "pl-1").units(), 6);
        assert_eq!(Key::setting("giao-diện").units(), 9);
    }
}
