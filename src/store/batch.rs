//! One write: the records a change puts and deletes, applied by the edge in
//! one transaction (all or nothing), and what it costs in bytes. A save
//! writes only the items that changed; a whole plan is written in batches
//! of bounded size, its head last.

use std::collections::BTreeMap;

use super::items::Item;
use super::layout::{Key, PlanId, Store};

/// What happened to one record since the last write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Put(Item),
    Delete(Key),
}

/// The operations of one transaction, in the order the edge runs them:
/// `clears` (every record of a plan in a store), then `deletes`, then
/// `puts`. A key is never both put and deleted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Batch {
    pub clears: Vec<(Store, PlanId)>,
    pub deletes: Vec<Key>,
    pub puts: Vec<Item>,
}

impl Batch {
    /// The batch of a sequence of changes: a later change of a key replaces
    /// an earlier one (an edit then a removal deletes; a removal then a
    /// re-add puts). Keys come out sorted, so the same changes always make
    /// the same batch.
    pub fn of(changes: impl IntoIterator<Item = Change>) -> Self {
        let mut last: BTreeMap<Key, Option<String>> = BTreeMap::new();
        for change in changes {
            match change {
                Change::Put(item) => last.insert(item.key, Some(item.text)),
                Change::Delete(key) => last.insert(key, None),
            };
        }
        let mut batch = Batch::default();
        for (key, text) in last {
            match text {
                Some(text) => batch.puts.push(Item { key, text }),
                None => batch.deletes.push(key),
            }
        }
        batch
    }

    pub fn is_empty(&self) -> bool {
        self.clears.is_empty() && self.deletes.is_empty() && self.puts.is_empty()
    }

    /// Bytes the batch hands the database, counted as browsers count
    /// strings (two per UTF-16 code unit, as for local storage): keys and
    /// values put, keys deleted.
    pub fn bytes(&self) -> usize {
        let puts: usize = self
            .puts
            .iter()
            .map(|i| i.key.units() + i.text.encode_utf16().count())
            .sum();
        let deletes: usize = self.deletes.iter().map(Key::units).sum();
        (puts + deletes) * 2
    }

    /// Items in batches of at most `max_bytes` each (an item larger than
    /// that goes alone), in the order given: for writing a whole plan in
    /// transactions that each stay small in memory.
    pub fn split(items: Vec<Item>, max_bytes: usize) -> Vec<Batch> {
        let mut batches = Vec::new();
        let mut current = Batch::default();
        let mut size = 0;
        for item in items {
            let bytes = (item.key.units() + item.text.encode_utf16().count()) * 2;
            if !current.puts.is_empty() && size + bytes > max_bytes {
                batches.push(std::mem::take(&mut current));
                size = 0;
            }
            size += bytes;
            current.puts.push(item);
        }
        if !current.puts.is_empty() {
            batches.push(current);
        }
        batches
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn key(id: &str) -> Key {
        Key::item(Store::Records, &PlanId::new("p"), id)
    }

    fn put(id: &str, text: &str) -> Change {
        Change::Put(Item {
            key: key(id),
            text: text.into(),
        })
    }

    #[test]
    fn the_last_change_of_a_key_wins() {
        let batch = Batch::of([
            put("pl-1", "{\"a\":1}"),
            Change::Delete(key("pl-1")),
            Change::Delete(key("pl-2")),
            put("pl-2", "{\"b\":2}"),
            put("pl-3", "{}"),
            put("pl-3", "{\"c\":3}"),
        ]);
        assert_eq!(batch.deletes, vec![key("pl-1")]);
        let puts: Vec<_> = batch
            .puts
            .iter()
            .map(|i| (i.key.id.as_str(), i.text.as_str()))
            .collect();
        assert_eq!(puts, vec![("pl-2", "{\"b\":2}"), ("pl-3", "{\"c\":3}")]);
    }

    #[test]
    fn bytes_count_utf16_code_units_twice() {
        // Key "p" + "pl-1" = 5 units; "{\"t\":\"ệ\"}" = 9 units.
        let batch = Batch::of([put("pl-1", "{\"t\":\"ệ\"}"), Change::Delete(key("x"))]);
        assert_eq!(batch.bytes(), (5 + 9 + 2) * 2);
        assert_eq!(Batch::default().bytes(), 0);
        assert!(Batch::default().is_empty());
    }

    proptest! {
        #[test]
        fn split_keeps_every_item_in_order_within_the_limit(
            sizes in proptest::collection::vec(0usize..300, 0..60),
            max in 1usize..2000,
        ) {
            let items: Vec<Item> = sizes
                .iter()
                .enumerate()
                .map(|(n, s)| Item { key: key(&format!("t{n}")), text: "x".repeat(*s) })
                .collect();
            let batches = Batch::split(items.clone(), max);
            let flat: Vec<Item> = batches.iter().flat_map(|b| b.puts.clone()).collect();
            prop_assert_eq!(flat, items);
            for b in &batches {
                prop_assert!(!b.puts.is_empty());
                prop_assert!(b.bytes() <= max || b.puts.len() == 1);
            }
            // Greedy: no two neighbours would have fitted together.
            for pair in batches.windows(2) {
                let joined = pair[0].bytes() + pair[1].bytes();
                prop_assert!(joined > max);
            }
        }

        #[test]
        fn a_batch_puts_or_deletes_each_key_once_as_its_last_change_says(
            ops in proptest::collection::vec((0u8..6, any::<bool>(), 0u8..4), 0..40),
        ) {
            let changes: Vec<Change> = ops
                .iter()
                .map(|(k, is_put, v)| {
                    let id = format!("pl-{k}");
                    if *is_put { put(&id, &format!("{{\"v\":{v}}}")) } else { Change::Delete(key(&id)) }
                })
                .collect();
            let batch = Batch::of(changes.clone());
            let mut expected: BTreeMap<Key, Option<String>> = BTreeMap::new();
            for c in changes {
                match c {
                    Change::Put(i) => expected.insert(i.key, Some(i.text)),
                    Change::Delete(k) => expected.insert(k, None),
                };
            }
            prop_assert_eq!(batch.puts.len() + batch.deletes.len(), expected.len());
            for i in &batch.puts {
                prop_assert_eq!(expected[&i.key].as_deref(), Some(i.text.as_str()));
            }
            for k in &batch.deletes {
                prop_assert_eq!(&expected[k], &None);
            }
        }
    }
}
