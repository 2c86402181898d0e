//! The copy a browser keeps: the exported file's text without its checksum,
//! written from items with stable keys that follow every change (and say
//! which changed), and read back as it was.

mod exchange_support;

use exchange_support::*;
use ke_hoach::exchange::stored::{changed_keys, items, StoredKey};
use ke_hoach::exchange::{
    export_full, read_file, write_compact, write_stored, ExportMeta, Scope, StoredPayload, Warning,
};
use ke_hoach::model::tracking::{ItemKey, TaskRecord, TrackedField, Tracking};
use proptest::prelude::*;

/// The compact file as `write_compact` exports it, minus its checksum.
fn file_without_checksum(t: &Tracking, meta: &ExportMeta) -> String {
    let file = write_compact(&export_full(t, meta));
    let at = file.rfind(",\"checksum\":").expect("a checksum");
    format!("{}}}", &file[..at])
}

fn stored(t: &Tracking, meta: &ExportMeta) -> String {
    write_stored(
        &StoredPayload::from(t.clone()).text(),
        &meta.head(Scope::full()),
    )
}

#[test]
fn the_stored_copy_is_the_compact_file_without_its_checksum() {
    let mut t = sample_tracking();
    // Years a four-digit date cannot hold are written as chrono writes them.
    for (task, year) in [("pl-2", 10_000), ("pl-3", -1)] {
        t.records.insert(
            task.into(),
            TaskRecord {
                due: stamped(Some(date(year, 1, 2)), MARCH_15, "so-khdt", 0),
                ..TaskRecord::default()
            },
        );
    }
    for by in [None, Some("so-khdt")] {
        assert_eq!(stored(&t, &meta(by)), file_without_checksum(&t, &meta(by)));
    }
    let empty = Tracking::default();
    assert_eq!(
        stored(&empty, &meta(None)),
        file_without_checksum(&empty, &meta(None))
    );
}

#[test]
fn the_stored_copy_reads_back_noting_only_the_missing_checksum() {
    let t = sample_tracking();
    let read = read(&stored(&t, &meta(Some("so-khdt")))).unwrap();
    assert_eq!(read.tracking, t);
    assert_eq!(read.warnings, vec![Warning::ChecksumMissing]);
    assert!(!read.checksum_ok);
}

#[test]
fn an_unchanged_tracking_is_told_apart() {
    let t = sample_tracking();
    let mut payload = StoredPayload::default();
    assert!(!payload.update(&t).is_empty());
    assert!(payload.update(&t).is_empty());
    assert!(StoredPayload::from(t.clone()).update(&t).is_empty());
    // Empty and never written: nothing to tell, the caller writes anyway.
    assert!(StoredPayload::default()
        .update(&Tracking::default())
        .is_empty());
}

#[test]
fn every_item_has_a_key_of_its_own() {
    let t = sample_tracking();
    let keys: Vec<String> = items(&t).map(|(k, _)| k.text()).collect();
    assert_eq!(
        keys.len(),
        t.records.len() + t.custom_tasks.len() + t.custom_units.len() + t.removals.len()
    );
    assert!(
        keys.contains(&r#"["record","pl-1"]"#.to_owned()),
        "{keys:?}"
    );
    assert!(
        keys.contains(&r#"["removal","field","pl-5","due"]"#.to_owned()),
        "{keys:?}"
    );
    let unique: std::collections::BTreeSet<_> = keys.iter().collect();
    assert_eq!(unique.len(), keys.len());
    // Ids holding the separators of other formats stay apart.
    let odd = [
        StoredKey::Record("a\",b".into()),
        StoredKey::Removal(ItemKey::Update {
            task: "a".into(),
            id: "b".into(),
        }),
        StoredKey::Removal(ItemKey::Field {
            task: "a".into(),
            field: TrackedField::Due,
        }),
    ];
    let texts: std::collections::BTreeSet<_> = odd.iter().map(StoredKey::text).collect();
    assert_eq!(texts.len(), odd.len());
    // Each item's text is the one the stored copy holds for it.
    let payload = StoredPayload::from(t.clone());
    let from_payload: Vec<(StoredKey, String)> = payload
        .items()
        .map(|(k, text)| (k, text.to_owned()))
        .collect();
    let mut fresh: Vec<(StoredKey, String)> = items(&t).collect();
    fresh.sort();
    let mut held = from_payload.clone();
    held.sort();
    assert_eq!(held, fresh);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_tracking_is_stored_as_exported(t in arb::tracking()) {
        let text = stored(&t, &meta(Some("so-khdt")));
        prop_assert_eq!(&text, &file_without_checksum(&t, &meta(Some("so-khdt"))));
        let read = read_file(&text, &plan_ref(), &|_| true, &|_| true).unwrap();
        prop_assert_eq!(read.tracking, t);
    }

    /// Whatever changes between two saves (records, updates, custom tasks
    /// and units added, edited or removed), the fragments follow it.
    #[test]
    fn the_fragments_follow_every_change(steps in proptest::collection::vec(arb::tracking(), 1..5)) {
        let mut payload = StoredPayload::default();
        let mut last = Tracking::default();
        for t in steps {
            let mut changes = payload.update(&t);
            prop_assert_eq!(changes.is_empty(), t == last);
            // The changed keys are exactly those the pure diff names.
            let mut expected = changed_keys(&last, &t);
            for list in [&mut changes.written, &mut changes.removed, &mut expected.written, &mut expected.removed] {
                list.sort();
            }
            prop_assert_eq!(changes, expected);
            prop_assert_eq!(
                write_stored(&payload.text(), &meta(None).head(Scope::full())),
                file_without_checksum(&t, &meta(None))
            );
            last = t;
        }
    }
}
