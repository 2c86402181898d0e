//! The copy kept in local storage: the exported file's text without its
//! checksum, written from per-item fragments that follow every change, and
//! read back as it was.

mod exchange_support;

use exchange_support::*;
use ke_hoach::exchange::{
    export_full, read_file, write_compact, write_stored, ExportMeta, StoredPayload, Warning,
};
use ke_hoach::model::tracking::{TaskRecord, Tracking};
use proptest::prelude::*;

/// The compact file as `write_compact` exports it, minus its checksum.
fn file_without_checksum(t: &Tracking, meta: &ExportMeta) -> String {
    let file = write_compact(&export_full(t, meta));
    let at = file.rfind(",\"checksum\":").expect("a checksum");
    format!("{}}}", &file[..at])
}

fn stored(t: &Tracking, meta: &ExportMeta) -> String {
    write_stored(&StoredPayload::from(t.clone()).text(), meta)
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
    assert!(payload.update(&t));
    assert!(!payload.update(&t));
    assert!(!StoredPayload::from(t.clone()).update(&t));
    // Empty and never written: nothing to tell, the caller writes anyway.
    assert!(!StoredPayload::default().update(&Tracking::default()));
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
            let changed = payload.update(&t);
            prop_assert_eq!(changed, t != last);
            prop_assert_eq!(
                write_stored(&payload.text(), &meta(None)),
                file_without_checksum(&t, &meta(None))
            );
            last = t;
        }
    }
}
