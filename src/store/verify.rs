//! The checks that let a copy replace its original: what was written
//! against what was read back, record by record, and the tracking read
//! from the new copy against the one read from the old.

use std::collections::BTreeMap;
use std::fmt;

use crate::model::tracking::Tracking;

use super::items::Item;
use super::layout::{Key, PlanId, Store};

/// Where a copy differs from what it should hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mismatch {
    /// Should be there and is not.
    pub missing: Vec<Key>,
    /// There with other content.
    pub different: Vec<Key>,
    /// There and should not be.
    pub unexpected: Vec<Key>,
}

impl Mismatch {
    pub fn is_empty(&self) -> bool {
        self.count() == 0
    }

    pub fn count(&self) -> usize {
        self.missing.len() + self.different.len() + self.unexpected.len()
    }

    fn first(&self) -> Option<&Key> {
        self.missing
            .first()
            .or(self.different.first())
            .or(self.unexpected.first())
    }
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} mục không khớp (thiếu {}, khác {}, thừa {})",
            self.count(),
            self.missing.len(),
            self.different.len(),
            self.unexpected.len()
        )?;
        if let Some(key) = self.first() {
            write!(f, ", ví dụ {key}")?;
        }
        Ok(())
    }
}

/// Compares two keyed collections; `key` makes each one's address.
fn compare<K: Ord, V: PartialEq>(
    expected: &BTreeMap<K, V>,
    found: &BTreeMap<K, V>,
    key: impl Fn(&K) -> Key,
    out: &mut Mismatch,
) {
    for (k, v) in expected {
        match found.get(k) {
            None => out.missing.push(key(k)),
            Some(w) if w != v => out.different.push(key(k)),
            Some(_) => {}
        }
    }
    out.unexpected
        .extend(found.keys().filter(|k| !expected.contains_key(*k)).map(key));
}

/// Records read back against records written, text for text.
pub fn compare_items(written: &[Item], read: &[Item]) -> Mismatch {
    let map = |items: &[Item]| -> BTreeMap<Key, String> {
        items
            .iter()
            .map(|i| (i.key.clone(), i.text.clone()))
            .collect()
    };
    let mut out = Mismatch::default();
    compare(&map(written), &map(read), Key::clone, &mut out);
    out
}

/// The tracking read from the new copy against the one read from the old,
/// record by record, custom task by custom task, unit by unit.
pub fn compare_tracking(plan: &PlanId, expected: &Tracking, found: &Tracking) -> Mismatch {
    let mut out = Mismatch::default();
    let at = |store: Store| move |id: &String| Key::item(store, plan, id.as_str());
    compare(
        &expected.records,
        &found.records,
        at(Store::Records),
        &mut out,
    );
    compare(
        &expected.custom_tasks,
        &found.custom_tasks,
        at(Store::CustomTasks),
        &mut out,
    );
    compare(
        &expected.custom_units,
        &found.custom_units,
        |id| Key::item(Store::CustomUnits, plan, id.as_str()),
        &mut out,
    );
    out
}
