//! The decisions of keeping data in a browser's store (`exchange::persist`),
//! tested without a browser: what a load comes to and what it keeps aside,
//! what a save writes after an edit, and how another tab's copy is taken in.

mod exchange_support;

use exchange_support::*;
use ke_hoach::exchange::persist::{
    based_on, loaded, revision, take_in, LoadProblem, Loaded, Save, StoreView,
};
use ke_hoach::exchange::stored::StoredKey;
use ke_hoach::exchange::{
    export_full, join, restore, write_compact, write_stored, Head, ReadError, Scope, Source,
    StoredPayload,
};
use ke_hoach::model::tracking::{ItemKey, Stamp, TaskRecord, Tracking};
use proptest::prelude::*;
use serde_json::{json, Value};

fn read_stored(
    text: &str,
) -> Result<ke_hoach::exchange::ReadFile, ke_hoach::exchange::RestoreError> {
    restore(text, Source::Storage, &plan_ref(), &unit_known, &task_known)
}

fn head() -> Head {
    meta(Some("so-khdt")).head(Scope::full())
}

/// A stored copy's text as a tree, without the members naming its write.
fn without_revision(text: &str) -> Value {
    let mut v: Value = serde_json::from_str(text).unwrap();
    let head = v.as_object_mut().unwrap();
    head.remove("revision");
    head.remove("basedOn");
    v
}

/// A fresh revision id for each write.
fn rev() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(1);
    format!("r{}", NEXT.fetch_add(1, Ordering::Relaxed))
}

#[test]
fn nothing_stored_starts_empty() {
    assert!(matches!(loaded(None, read_stored), Loaded::Nothing));
}

#[test]
fn a_good_copy_loads_with_its_unknown_envelope_members() {
    let mut v: Value = serde_json::from_str(&write_compact(&export_full(
        &sample_tracking(),
        &meta(None),
    )))
    .unwrap();
    v["planDocument"] = json!({"number": "22/KH-UBND"});
    let Loaded::Read {
        tracking,
        extra,
        problem,
    } = loaded(Some(&v.to_string()), read_stored)
    else {
        panic!("not read")
    };
    assert_eq!(tracking, sample_tracking());
    assert_eq!(extra["planDocument"], json!({"number": "22/KH-UBND"}));
    assert!(problem.is_none());
}

#[test]
fn a_bad_record_is_kept_aside_named_and_the_rest_loads() {
    let text = fixture("unknown-task.json");
    let Loaded::Read {
        tracking,
        problem: Some(problem),
        ..
    } = loaded(Some(&text), read_stored)
    else {
        panic!("not read with a problem")
    };
    assert_eq!(tracking, sample_tracking());
    let aside: Value = serde_json::from_str(&problem.aside(&text)).unwrap();
    assert_eq!(aside["format"], "ke-hoach-rejected");
    assert_eq!(aside["items"][0]["path"], "payload.records.pl-99");
    assert_eq!(aside["items"][0]["item"], "Bản ghi của nhiệm vụ pl-99");
    assert!(aside["items"][0]["reason"]
        .as_str()
        .unwrap()
        .contains("không có trong kế hoạch"));
    let original: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        aside["items"][0]["value"],
        original["payload"]["records"]["pl-99"]
    );

    let (kept, stop) = problem.notice(Ok(()));
    assert!(!stop);
    assert!(
        kept.starts_with(
            "Dữ liệu đã lưu trong trình duyệt có 1 mục không đọc được: Bản ghi của nhiệm vụ pl-99"
        ),
        "{kept}"
    );
    assert!(
        kept.contains("Mọi dữ liệu khác đã được nạp") && kept.contains("tải về được"),
        "{kept}"
    );
    // Not kept aside: nothing may be written, so that it is not lost.
    let (message, stop) = problem.notice(Err("bộ nhớ đầy"));
    assert!(stop);
    assert!(
        message.contains("bộ nhớ đầy") && message.contains("không ghi gì"),
        "{message}"
    );
}

#[test]
fn an_unreadable_copy_is_kept_aside_byte_for_byte() {
    let text = "{\"format\":\"ke-hoach-tracking\",\"formatVersion\":3,\"payload\":";
    let Loaded::Unreadable(problem) = loaded(Some(text), read_stored) else {
        panic!("read")
    };
    assert!(
        matches!(&problem, LoadProblem::Unreadable(e) if matches!(e.error, ReadError::Truncated { .. }))
    );
    assert_eq!(problem.aside(text), text);
    let (message, stop) = problem.notice(Ok(()));
    assert!(
        !stop && message.contains("Không đọc được dữ liệu đã lưu"),
        "{message}"
    );
    assert!(problem.notice(Err("x")).1);
}

fn written(save: Save) -> (String, Vec<StoredKey>, Vec<StoredKey>) {
    match save {
        Save::Write { text, changes } => (text, changes.written, changes.removed),
        Save::Unchanged => panic!("nothing written"),
    }
}

#[test]
fn a_save_writes_what_changed_and_nothing_when_nothing_did() {
    let mut view = StoreView::default();
    assert_eq!(
        view.save(&Tracking::default(), head(), rev()),
        Save::Unchanged
    );
    let t = sample_tracking();
    let (text, keys, removed) = written(view.save(&t, head(), rev()));
    assert_eq!(
        without_revision(&text),
        without_revision(&write_stored(
            &StoredPayload::from(t.clone()).text(),
            &head()
        ))
    );
    assert_eq!(keys.len(), t.records.len() + 1 + 1 + t.removals.len());
    assert!(removed.is_empty());
    view.done(true);
    assert_eq!(view.save(&t, head(), rev()), Save::Unchanged);

    // One record edited, one removed: only those keys.
    let mut edited = t.clone();
    edited.records.get_mut("pl-5").unwrap().reason =
        stamped("Chờ vốn".into(), MARCH_15 + 9, "so-nnptnt", 0);
    edited.records.remove("nv-4-2");
    let (_, keys, removed) = written(view.save(&edited, head(), rev()));
    assert_eq!(keys, [StoredKey::Record("pl-5".into())]);
    assert_eq!(removed, [StoredKey::Record("nv-4-2".into())]);
    // A failed write: the store is not known any more, the next save writes all.
    view.done(false);
    let (_, keys, _) = written(view.save(&edited, head(), rev()));
    assert_eq!(
        keys.len(),
        edited.records.len() + 1 + 1 + edited.removals.len()
    );
    view.done(true);
    assert_eq!(view.save(&edited, head(), rev()), Save::Unchanged);
}

#[test]
fn what_was_read_or_seen_from_another_tab_is_not_written_back() {
    let t = sample_tracking();
    let mut extra = ke_hoach::exchange::envelope::Extra::new();
    extra.insert("planDocument".into(), json!({"number": "22/KH-UBND"}));
    let mut view = StoreView::read(t.clone(), extra);
    assert_eq!(view.save(&t, head(), rev()), Save::Unchanged);
    view.prepare();
    assert_eq!(view.save(&t, head(), rev()), Save::Unchanged);
    // An edit writes, keeping the stored envelope's own members.
    let mut edited = t.clone();
    edited.records.insert(
        "pl-9".into(),
        TaskRecord {
            progress: stamped(5, 1, "so-khdt", 0),
            ..TaskRecord::default()
        },
    );
    let (text, keys, _) = written(view.save(&edited, head(), rev()));
    assert_eq!(keys, [StoredKey::Record("pl-9".into())]);
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["planDocument"], json!({"number": "22/KH-UBND"}));
    view.done(true);
    // Another tab wrote `t` back: the store holds it, saving it writes nothing.
    view.seen(&t, None);
    assert_eq!(view.save(&t, head(), rev()), Save::Unchanged);
}

#[test]
fn another_tabs_removal_is_taken_in_and_not_written_back() {
    let local = sample_tracking();
    let mut theirs = local.clone();
    let note = theirs.records["pl-1"]
        .updates
        .keys()
        .next()
        .unwrap()
        .clone();
    let at = theirs.records["pl-1"].updates[&note].at;
    theirs
        .records
        .get_mut("pl-1")
        .unwrap()
        .updates
        .remove(&note);
    let key = ItemKey::Update {
        task: "pl-1".into(),
        id: note.clone(),
    };
    theirs.removals.insert(
        key.clone(),
        Stamp::after(at, &unit("so-khdt"), MARCH_15 + 100_000),
    );
    let merge = take_in(&StoreView::default(), &local, &theirs, None);
    let merged = merge.merged.expect("the removal is new here");
    assert!(!merged.records["pl-1"].updates.contains_key(&note));
    assert!(merged.removals.contains_key(&key));
    assert!(!merge.write_back, "nothing here the other tab lacks");
    // The other tab taking our old copy in keeps the note removed.
    let back = take_in(&StoreView::default(), &theirs, &local, None);
    assert!(back.merged.is_none());
    assert!(
        back.write_back,
        "the other copy lacks the removal: it is written back"
    );
}

#[test]
fn a_copy_written_on_top_of_what_this_tab_holds_is_taken_as_it_is() {
    // Tab A writes revision r1; tab B takes it in.
    let t = sample_tracking();
    let mut a = StoreView::default();
    let (text, _, _) = written(a.save(&t, head(), "r1".into()));
    a.done(true);
    let first = read_stored(&text).unwrap();
    assert_eq!(
        (revision(&first.head).as_deref(), based_on(&first.head)),
        (Some("r1"), None)
    );
    let mut b = StoreView::default();
    let b_local = take_in(&b, &Tracking::default(), &first.tracking, None)
        .merged
        .unwrap();
    b.seen(&first.tracking, revision(&first.head));
    assert!(b.holds(&b_local));
    // A undoes adding a note: the note goes, leaving no removal record.
    let mut undone = t.clone();
    undone.records.get_mut("pl-1").unwrap().updates.clear();
    let (text, _, _) = written(a.save(&undone, head(), "r2".into()));
    let second = read_stored(&text).unwrap();
    assert_eq!(based_on(&second.head).as_deref(), Some("r1"));
    // B holds r1 and nothing unsaved: it takes the undo as it is.
    let merge = take_in(&b, &b_local, &second.tracking, Some("r1"));
    assert_eq!(merge.merged.as_ref(), Some(&undone));
    assert!(!merge.write_back);
    // With an edit of its own unsaved, or holding another revision, B
    // joins instead: nothing of B's is lost (and the note stays).
    let mut edited = b_local.clone();
    edited.records.insert(
        "pl-9".into(),
        TaskRecord {
            progress: stamped(5, MARCH_15 + 1, "so-khdt", 0),
            ..TaskRecord::default()
        },
    );
    for (local, on) in [
        (&edited, Some("r1")),
        (&b_local, Some("r0")),
        (&b_local, None),
    ] {
        let merge = take_in(&b, local, &second.tracking, on);
        let mut joined = local.clone();
        join(&mut joined, &second.tracking);
        assert_eq!(merge.merged.unwrap_or_else(|| local.clone()), joined);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Taking another tab's copy in is the join; it is written back exactly
    /// when the join holds something the other copy lacks.
    #[test]
    fn taking_in_is_the_join(local in arb::tracking(), theirs in arb::tracking()) {
        let merge = take_in(&StoreView::default(), &local, &theirs, None);
        let mut joined = local.clone();
        join(&mut joined, &theirs);
        prop_assert_eq!(merge.merged.clone().unwrap_or_else(|| local.clone()), joined.clone());
        prop_assert_eq!(merge.merged.is_some(), joined != local);
        prop_assert_eq!(merge.write_back, joined != theirs);
    }

    /// Whatever sequence of states is saved, with writes failing now and
    /// then, what is written is the stored copy of the state saved.
    #[test]
    fn every_write_is_the_stored_copy_of_its_state(
        steps in proptest::collection::vec((arb::tracking(), any::<bool>()), 1..5)
    ) {
        let mut view = StoreView::default();
        let mut stored = Tracking::default();
        for (t, ok) in steps {
            match view.save(&t, head(), rev()) {
                Save::Unchanged => prop_assert_eq!(&t, &stored),
                Save::Write { text, .. } => {
                    prop_assert_eq!(
                        without_revision(&text),
                        without_revision(&write_stored(&StoredPayload::from(t.clone()).text(), &head()))
                    );
                    let read = restore(&text, Source::Storage, &plan_ref(), &|_| true, &|_| true).unwrap();
                    prop_assert_eq!(read.tracking, t.clone());
                    view.done(ok);
                    if ok {
                        stored = t;
                    } else {
                        // Unknown now: the next save of anything writes.
                        stored = Tracking { records: [("?".to_owned(), TaskRecord::default())].into(), ..Tracking::default() };
                    }
                }
            }
        }
    }
}

#[test]
fn many_bad_records_are_named_a_few_and_counted() {
    let mut v: Value = serde_json::from_str(&fixture("good-full.json")).unwrap();
    for n in 90..97 {
        v["payload"]["records"][format!("pl-{n}")] = v["payload"]["records"]["pl-1"].clone();
    }
    let Loaded::Read {
        problem: Some(problem),
        ..
    } = loaded(Some(&v.to_string()), read_stored)
    else {
        panic!("not read with a problem")
    };
    let (text, _) = problem.notice(Ok(()));
    assert!(
        text.contains("có 7 mục không đọc được: Bản ghi của nhiệm vụ pl-90: "),
        "{text}"
    );
    assert!(
        text.contains("trong tệp. Bản ghi của nhiệm vụ pl-91"),
        "{text}"
    );
    assert!(
        text.contains(" Và 2 mục khác. Mọi dữ liệu khác đã được nạp."),
        "{text}"
    );
    assert!(!text.contains(".."), "{text}");
}
