//! The decisions of keeping the tracking data in a browser's store, apart
//! from the store itself: what loading the stored copy comes to and what
//! to keep aside before anything is written ([`loaded`], [`LoadProblem`]),
//! what a save writes after an edit ([`StoreView`]), and how another tab's
//! copy is taken in ([`take_in`]). The browser side (`crate::persistence`)
//! only carries them out: no storage medium appears here, so local storage
//! and a store of records (IndexedDB) can both call these.
//!
//! Tabs take each other's copies in by the join, which never loses an edit
//! or a removal. An undo, though, goes back: joined, the other tab would
//! bring back what was undone. So each write of the stored copy names
//! itself (`revision`) and the revision it was written on top of
//! (`basedOn`): a tab that holds exactly that revision, with nothing of its
//! own unsaved, takes the copy as it is — undo included — instead of
//! joining it.

use serde::Serialize;

use crate::model::tracking::Tracking;

use super::envelope::{Extra, Head};
use super::merge::join;
use super::read::{ReadFile, RestoreError};
use super::stored::{write_stored, Changes, StoredPayload};
use super::{Rejected, FORMAT_VERSION};

/// What loading the stored copy comes to.
#[derive(Debug)]
pub enum Loaded {
    /// Nothing stored yet: start empty.
    Nothing,
    /// Read: the tracking to show and the unknown members of the stored
    /// envelope, to write back.
    Read {
        tracking: Tracking,
        extra: Extra,
        /// Items that could not be read: kept aside before anything is
        /// written, then named to the user.
        problem: Option<LoadProblem>,
    },
    /// Unreadable as a whole: the text is kept aside before anything is
    /// written, and the app starts empty.
    Unreadable(LoadProblem),
}

/// What must be kept aside after a load, and why.
#[derive(Debug, Clone, PartialEq)]
pub enum LoadProblem {
    /// The whole stored text, byte for byte.
    Unreadable(RestoreError),
    /// The items that could not be read, everything else loaded.
    Rejected(Vec<Rejected>),
}

/// Reads what the store holds (`None`: nothing) with `read`.
pub fn loaded(
    stored: Option<&str>,
    read: impl FnOnce(&str) -> Result<ReadFile, RestoreError>,
) -> Loaded {
    let Some(text) = stored else {
        return Loaded::Nothing;
    };
    match read(text) {
        Ok(file) => Loaded::Read {
            problem: (!file.rejected.is_empty()).then_some(LoadProblem::Rejected(file.rejected)),
            tracking: file.tracking,
            extra: file.head.extra,
        },
        Err(error) => Loaded::Unreadable(LoadProblem::Unreadable(error)),
    }
}

/// The rejected items as they are kept aside: a JSON document naming each
/// item, where it was, why it could not be read, and its data as it was.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Aside<'a> {
    format: &'static str,
    format_version: u32,
    items: Vec<AsideItem<'a>>,
}

#[derive(Serialize)]
struct AsideItem<'a> {
    item: String,
    path: &'a str,
    reason: String,
    value: &'a serde_json::Value,
}

/// The `format` of a document of items kept aside.
pub const ASIDE_FORMAT: &str = "ke-hoach-rejected";

impl LoadProblem {
    /// What to keep aside: the stored text itself, or a document of the
    /// rejected items.
    pub fn aside(&self, stored: &str) -> String {
        match self {
            LoadProblem::Unreadable(_) => stored.to_owned(),
            LoadProblem::Rejected(items) => serde_json::to_string_pretty(&Aside {
                format: ASIDE_FORMAT,
                format_version: FORMAT_VERSION,
                items: items
                    .iter()
                    .map(|r| AsideItem {
                        item: r.item.to_string(),
                        path: &r.path,
                        reason: r.error.to_string(),
                        value: &r.raw,
                    })
                    .collect(),
            })
            .expect("a document of JSON values serialises"),
        }
    }

    /// What to tell the user once the aside was kept (`Ok`) or could not
    /// be (`Err` with the store's reason), and whether nothing may be
    /// written this session: what is not kept aside must not be overwritten.
    pub fn notice(&self, kept: Result<(), &str>) -> (String, bool) {
        let stop = "nên ứng dụng sẽ không ghi gì vào bộ nhớ trong phiên này";
        match (self, kept) {
            (LoadProblem::Unreadable(error), Ok(())) => (
                format!(
                    "{error} Có thể tải bản sao lưu về ngay tại đây hoặc trong mục “Trao đổi”."
                ),
                false,
            ),
            (LoadProblem::Unreadable(error), Err(why)) => (
                format!("{error} Không tạo được bản sao lưu ({why}), {stop}."),
                true,
            ),
            (LoadProblem::Rejected(items), kept) => {
                const SHOWN: usize = 5;
                let mut text = format!(
                    "Dữ liệu đã lưu trong trình duyệt có {} mục không đọc được: ",
                    items.len()
                );
                // One sentence per item: each message ends with its own period.
                let named: Vec<String> = items
                    .iter()
                    .take(SHOWN)
                    .map(|r| {
                        let mut sentence = r.to_string();
                        if !sentence.ends_with('.') {
                            sentence.push('.');
                        }
                        sentence
                    })
                    .collect();
                text.push_str(&named.join(" "));
                if items.len() > SHOWN {
                    text.push_str(&format!(" Và {} mục khác.", items.len() - SHOWN));
                }
                text.push_str(" Mọi dữ liệu khác đã được nạp. ");
                match kept {
                    Ok(()) => {
                        text.push_str("Các mục này được giữ riêng làm bản sao lưu, tải về được ngay tại đây hoặc trong mục “Trao đổi”.");
                        (text, false)
                    }
                    Err(why) => {
                        text.push_str(&format!(
                            "Không giữ riêng được các mục này ({why}), {stop} để không mất chúng."
                        ));
                        (text, true)
                    }
                }
            }
        }
    }
}

/// What a save writes.
#[derive(Debug, PartialEq)]
pub enum Save {
    /// The store holds this state already (an undo, another tab's data).
    Unchanged,
    /// The stored copy's text, and the items that changed since the store
    /// was last known (all of them when it was not).
    Write { text: String, changes: Changes },
}

/// What the store holds, as far as this tab knows, so that a save writes
/// only what changed and an unchanged state is not written at all.
#[derive(Debug)]
pub struct StoreView {
    held: Held,
    /// What a save under way writes, and its revision, until it is done.
    pending: Option<(StoredPayload, String)>,
    /// The revision the store holds, as far as this tab knows.
    revision: Option<String>,
    /// Members of the stored envelope this version does not know.
    extra: Extra,
}

/// The stored copy's envelope members naming its write and the one before.
const REVISION: &str = "revision";
const BASED_ON: &str = "basedOn";

fn member(head: &Head, name: &str) -> Option<String> {
    head.extra.get(name)?.as_str().map(str::to_owned)
}

/// The revision a stored copy names itself by.
pub fn revision(head: &Head) -> Option<String> {
    member(head, REVISION)
}

/// The revision a stored copy was written on top of.
pub fn based_on(head: &Head) -> Option<String> {
    member(head, BASED_ON)
}

#[derive(Debug)]
enum Held {
    /// As read, not written as items yet.
    Read(Tracking),
    /// As last written or seen from another tab.
    Known(StoredPayload),
    /// A write is under way, or failed: the next save writes everything.
    Unknown,
}

impl Default for StoreView {
    /// Nothing stored yet: the empty tracking.
    fn default() -> Self {
        Self {
            held: Held::Known(StoredPayload::default()),
            pending: None,
            revision: None,
            extra: Extra::new(),
        }
    }
}

impl StoreView {
    /// The store holds what was just read from it, with the unknown members
    /// of its envelope.
    pub fn read(tracking: Tracking, mut extra: Extra) -> Self {
        let revision = extra
            .remove(REVISION)
            .and_then(|r| r.as_str().map(str::to_owned));
        extra.remove(BASED_ON);
        Self {
            held: Held::Read(tracking),
            pending: None,
            revision,
            extra,
        }
    }

    /// Whether the store holds `tracking`: nothing of this tab is unsaved.
    pub fn holds(&self, tracking: &Tracking) -> bool {
        match &self.held {
            Held::Read(read) => read == tracking,
            Held::Known(payload) => payload.holds(tracking),
            Held::Unknown => false,
        }
    }

    /// Writes what was read as items, ahead of the first save (which then
    /// writes only what changed); done once the page is shown, not before.
    pub fn prepare(&mut self) {
        if let Held::Read(_) = self.held {
            if let Held::Read(tracking) = std::mem::replace(&mut self.held, Held::Unknown) {
                self.held = Held::Known(tracking.into());
            }
        }
    }

    /// What to write for `tracking`, with the head `head` (its unknown
    /// members are the stored copy's own) and a new `revision`, unique to
    /// this write. Until [`StoreView::done`] the store counts as unknown.
    pub fn save(&mut self, tracking: &Tracking, head: Head, revision: String) -> Save {
        let (mut payload, known) = match std::mem::replace(&mut self.held, Held::Unknown) {
            Held::Read(read) => (StoredPayload::from(read), true),
            Held::Known(payload) => (payload, true),
            Held::Unknown => (StoredPayload::default(), false),
        };
        let changes = payload.update(tracking);
        if known && changes.is_empty() {
            self.held = Held::Known(payload);
            return Save::Unchanged;
        }
        let changes = if known {
            changes
        } else {
            Changes {
                written: payload.items().map(|(k, _)| k).collect(),
                removed: Vec::new(),
            }
        };
        let mut extra = self.extra.clone();
        extra.insert(REVISION.into(), revision.clone().into());
        extra.insert(BASED_ON.into(), self.revision.clone().into());
        let text = write_stored(&payload.text(), &Head { extra, ..head });
        self.pending = Some((payload, revision));
        Save::Write { text, changes }
    }

    /// The write [`StoreView::save`] asked for succeeded (`true`) or failed.
    pub fn done(&mut self, written: bool) {
        if let (true, Some((payload, revision))) = (written, self.pending.take()) {
            self.held = Held::Known(payload);
            self.revision = Some(revision);
        }
    }

    /// Another tab wrote `theirs`, as revision `revision`: the store holds
    /// it now.
    pub fn seen(&mut self, theirs: &Tracking, revision: Option<String>) {
        self.revision = revision;
        let mut payload = match std::mem::replace(&mut self.held, Held::Unknown) {
            Held::Read(read) => StoredPayload::from(read),
            Held::Known(payload) => payload,
            Held::Unknown => StoredPayload::default(),
        };
        payload.update(theirs);
        self.held = Held::Known(payload);
    }
}

/// Another tab's copy taken in.
#[derive(Debug, PartialEq)]
pub struct TabMerge {
    /// The join of both, when it differs from the local data.
    pub merged: Option<Tracking>,
    /// Whether the local data had something the other copy lacks, to be
    /// written back so the other tab gets it too.
    pub write_back: bool,
}

/// Takes another tab's copy `theirs`, written on top of revision
/// `based_on`, into the local data. When this tab holds exactly that
/// revision and nothing unsaved, the copy is the newer state of the same
/// data — an undo there is an undo here — and is taken as it is. Otherwise
/// the two are joined, removals included: a note removed in either tab
/// stays removed, an edit made in either stays.
pub fn take_in(
    view: &StoreView,
    local: &Tracking,
    theirs: &Tracking,
    based_on: Option<&str>,
) -> TabMerge {
    let on_top = based_on.is_some() && based_on == view.revision.as_deref() && view.holds(local);
    take_in_on_top(on_top, local, theirs)
}

/// [`take_in`] for any store: `on_top` says whether the copy was written on
/// top of exactly the revision this tab holds, with nothing of this tab
/// unsaved (a store of records keeps its own view of what it holds).
pub fn take_in_on_top(on_top: bool, local: &Tracking, theirs: &Tracking) -> TabMerge {
    if on_top {
        return TabMerge {
            merged: (theirs != local).then(|| theirs.clone()),
            write_back: false,
        };
    }
    let mut merged = local.clone();
    join(&mut merged, theirs);
    TabMerge {
        write_back: merged != *theirs,
        merged: (merged != *local).then_some(merged),
    }
}
