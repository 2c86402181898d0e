//! The one move of the app's data from local storage into IndexedDB, run at
//! start: the stored copy is read through the usual restore path, written
//! record by record, read back and compared item by item, and only then
//! retired from local storage. Until then local storage is untouched and
//! stays the store; its raw text is also kept in the database as a backup.
//! Interface settings stay in local storage: they are read synchronously
//! for the first screen and hold no one's work.

use crate::browser::idb::Db;
use crate::browser::storage::{self, StorageKey};
use crate::exchange::persist;
use crate::exchange::{ExportMeta, ReadFile, Rejected, RestoreError};
use crate::model::receipts::Receipts;
use crate::store::held::PLAN_STORES;
use crate::store::{
    compare_items, compare_tracking, read_back, receipt_items, tracking_items, Batch, Counts, Item,
    Key, Mismatch, PlanHead, PlanId, Store, StoreError,
};

/// Bytes per transaction while moving: a plan at local storage's limit
/// (10 MB) moves in a few transactions, none holding it all at once.
pub const MOVE_BATCH_BYTES: usize = 4 * 1024 * 1024;

/// What the move found and did.
#[derive(Debug, Clone, PartialEq)]
pub enum Moved {
    /// Local storage holds none of the app's data.
    Nothing,
    /// The database already holds this plan: local storage was left as it
    /// is (a copy saved there while the database refused is merged by the
    /// caller, never written over).
    AlreadyInStore,
    /// Written, read back, compared; local storage's keys retired.
    Done {
        /// Records written (tracking items and receipts).
        items: usize,
        /// What the writes handed the database (`Batch::bytes`).
        bytes: usize,
        /// Where the stored copy's raw text is kept (`None`: there was no
        /// tracking, only receipts or backups).
        backup: Option<Key>,
        /// Items of the copy that could not be read: left out of what was
        /// moved, and in the raw copy kept.
        rejected: Vec<Rejected>,
    },
}

/// Why the data stayed in local storage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MoveError {
    /// The stored copy does not read: the usual load keeps it aside.
    Unreadable(RestoreError),
    /// The database refused a write or a read.
    Store(StoreError),
    /// Read back, the copy differs from what was written or from the
    /// original.
    Mismatch(Mismatch),
    /// Read back, the copy does not read through the restore path.
    Reread(RestoreError),
}

impl MoveError {
    /// A sentence for the user, in Vietnamese.
    pub fn message_vi(&self) -> String {
        const KEPT: &str = "Dữ liệu vẫn nằm nguyên trong bộ nhớ cục bộ và được dùng như trước; hãy tải dữ liệu về máy để giữ thêm một bản.";
        match self {
            MoveError::Unreadable(e) => e.to_string(),
            MoveError::Store(e) => format!(
                "Chưa chuyển được dữ liệu sang kho IndexedDB: {} {KEPT}",
                e.message_vi()
            ),
            MoveError::Mismatch(m) => format!(
                "Đã chép dữ liệu sang kho IndexedDB nhưng đọc lại thấy {m}; bản chép được bỏ đi. {KEPT}"
            ),
            MoveError::Reread(e) => format!(
                "Đã chép dữ liệu sang kho IndexedDB nhưng bản chép không đọc lại được ({}); bản chép được bỏ đi. {KEPT}",
                e.error
            ),
        }
    }
}

impl From<StoreError> for MoveError {
    fn from(e: StoreError) -> Self {
        MoveError::Store(e)
    }
}

/// How far the move is: transactions written of all it makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub written: usize,
    pub total: usize,
}

/// The app's data in local storage, as text.
struct Local {
    tracking: Option<String>,
    receipts: Option<String>,
    before_import: Option<String>,
    /// Backup keys with the moment in their name.
    backups: Vec<(String, i64, String)>,
}

impl Local {
    /// What local storage holds; nothing where it cannot be read at all.
    fn read() -> Self {
        let read = |key| storage::read(key).ok().flatten();
        let backups = storage::backups()
            .into_iter()
            .filter_map(|key| {
                let at = key.rsplit('/').next()?.parse().ok()?;
                let text = storage::read_backup(&key)?;
                Some((key, at, text))
            })
            .collect();
        Self {
            tracking: read(StorageKey::Tracking),
            receipts: read(StorageKey::Receipts),
            before_import: read(StorageKey::BeforeImport),
            backups,
        }
    }

    fn is_empty(&self) -> bool {
        self.tracking.is_none()
            && self.receipts.is_none()
            && self.before_import.is_none()
            && self.backups.is_empty()
    }

    /// Removes what was moved; a key that stays is harmless (the database
    /// holds the plan, so the next start leaves it for the caller to merge).
    fn retire(&self) {
        for key in [
            StorageKey::Tracking,
            StorageKey::Receipts,
            StorageKey::BeforeImport,
        ] {
            let _ = storage::remove(key);
        }
        for (key, _, _) in &self.backups {
            let _ = storage::remove_backup(key);
        }
    }
}

/// What the move writes: the plan's head, its tracking records, the
/// receipts per unit and the raw texts kept as backups.
struct Written {
    head: PlanHead,
    items: Vec<Item>,
    receipts: Vec<Item>,
    backups: Vec<Item>,
    /// Where the stored copy's raw text goes.
    tracking_backup: Option<Key>,
}

impl Written {
    fn new(
        local: &Local,
        file: Option<&ReadFile>,
        plan: &PlanId,
        meta: &ExportMeta,
        now: i64,
    ) -> Self {
        let items = file.map_or_else(Vec::new, |f| tracking_items(plan, &f.tracking));
        let head_meta = file.map_or_else(
            || meta.clone(),
            |f| ExportMeta {
                app: f.head.app.clone(),
                plan: f.head.plan.clone(),
                exported_at: f.head.exported_at,
                exported_by: f.head.exported_by.clone(),
            },
        );
        let mut backups = Vec::new();
        let mut backup = |at: i64, what: &str, text: &str| {
            let key = Key::backup(plan, at, what);
            backups.push(Item {
                key: key.clone(),
                text: text.to_owned(),
            });
            key
        };
        let tracking_backup = local
            .tracking
            .as_deref()
            .map(|t| backup(now, "local-storage", t));
        if let Some(text) = &local.before_import {
            backup(now, "before-import", text);
        }
        let receipts = match local.receipts.as_deref() {
            Some(text) => match serde_json::from_str::<Receipts>(text) {
                Ok(receipts) => receipt_items(plan, &receipts),
                Err(_) => {
                    backup(now, "receipts", text);
                    Vec::new()
                }
            },
            None => Vec::new(),
        };
        for (_, at, text) in &local.backups {
            backup(*at, "unreadable", text);
        }
        let mut head = PlanHead::new(&head_meta, Counts::of(&items));
        if let Some(f) = file {
            // The copy's revision and unknown members move with it.
            head.revision = persist::revision(&f.head);
            head.based_on = persist::based_on(&f.head);
            head.extra = f.head.extra.clone();
            head.extra.remove("revision");
            head.extra.remove("basedOn");
        }
        Self {
            head,
            items,
            receipts,
            backups,
            tracking_backup,
        }
    }

    /// The transactions in order: the raw texts first, so that whatever
    /// happens next they are kept (with the plan's leftovers of a move cut
    /// short cleared); the records in bounded batches; the receipts and
    /// the head last, whose presence says the plan was stored whole.
    fn batches(&self, plan: &PlanId) -> Vec<Batch> {
        let first = Batch {
            clears: PLAN_STORES.iter().map(|s| (*s, plan.clone())).collect(),
            deletes: Vec::new(),
            puts: self.backups.clone(),
        };
        let mut last = Batch::default();
        last.puts.extend(self.receipts.iter().cloned());
        last.puts.push(self.head.item(plan));
        std::iter::once(first)
            .chain(Batch::split(self.items.clone(), MOVE_BATCH_BYTES))
            .chain(std::iter::once(last))
            .collect()
    }

    /// Every record written, for the comparison with what is read back.
    fn all(&self, plan: &PlanId) -> Vec<Item> {
        self.items
            .iter()
            .chain(&self.receipts)
            .chain(&self.backups)
            .cloned()
            .chain(std::iter::once(self.head.item(plan)))
            .collect()
    }
}

/// Moves local storage's data for `plan` into the database. `read` is the
/// usual restore path for stored text (`persistence::read` with
/// `Source::Storage`); `meta` describes the plan when local storage holds
/// no tracking; `now` stamps the backups; `progress` hears of each
/// transaction written.
pub async fn move_from_local_storage(
    db: &Db,
    plan: &PlanId,
    meta: &ExportMeta,
    read: &dyn Fn(&str) -> Result<ReadFile, RestoreError>,
    now: i64,
    progress: &dyn Fn(Progress),
) -> Result<Moved, MoveError> {
    let local = Local::read();
    if local.is_empty() {
        return Ok(Moved::Nothing);
    }
    if db.get(&[Key::plan(plan)]).await?[0].is_some() {
        return Ok(Moved::AlreadyInStore);
    }
    let file = local
        .tracking
        .as_deref()
        .map(read)
        .transpose()
        .map_err(MoveError::Unreadable)?;
    let written = Written::new(&local, file.as_ref(), plan, meta, now);
    let batches = written.batches(plan);
    let mut bytes = 0;
    for (n, batch) in batches.iter().enumerate() {
        if let Err(e) = db.write(batch).await {
            roll_back(db, plan).await;
            return Err(e.into());
        }
        bytes += batch.bytes();
        progress(Progress {
            written: n + 1,
            total: batches.len(),
        });
    }
    if let Err(e) = check(db, plan, &written, file.as_ref(), read).await {
        roll_back(db, plan).await;
        return Err(e);
    }
    local.retire();
    Ok(Moved::Done {
        items: written.items.len() + written.receipts.len(),
        bytes,
        backup: written.tracking_backup,
        rejected: file.map(|f| f.rejected).unwrap_or_default(),
    })
}

/// Reads everything back and compares it with what was written, then reads
/// the tracking from the new copy and compares it with the original's.
async fn check(
    db: &Db,
    plan: &PlanId,
    written: &Written,
    file: Option<&ReadFile>,
    read: &dyn Fn(&str) -> Result<ReadFile, RestoreError>,
) -> Result<(), MoveError> {
    let mut found = db.read_plan(&PLAN_STORES, plan).await?;
    let tracking_back: Vec<Item> = found
        .iter()
        .filter(|i| i.key.store != Store::Receipts)
        .cloned()
        .collect();
    let singles: Vec<Key> = std::iter::once(Key::plan(plan))
        .chain(written.backups.iter().map(|b| b.key.clone()))
        .collect();
    for (key, text) in singles.iter().zip(db.get(&singles).await?) {
        if let Some(text) = text {
            found.push(Item {
                key: key.clone(),
                text,
            });
        }
    }
    let mismatch = compare_items(&written.all(plan), &found);
    if !mismatch.is_empty() {
        return Err(MoveError::Mismatch(mismatch));
    }
    if let Some(original) = file {
        let again = read_back(&written.head, &tracking_back, &|t| {
            read(t).map(|f| f.tracking)
        })
        .map_err(MoveError::Reread)?;
        let mismatch = compare_tracking(plan, &original.tracking, &again);
        if !mismatch.is_empty() {
            return Err(MoveError::Mismatch(mismatch));
        }
    }
    Ok(())
}

/// Removes what a failed move wrote of the plan (its backups stay: they
/// are copies of what local storage still holds). Best effort: a move cut
/// short leaves no head, so the next one starts over.
async fn roll_back(db: &Db, plan: &PlanId) {
    let undo = Batch {
        clears: PLAN_STORES.iter().map(|s| (*s, plan.clone())).collect(),
        deletes: vec![Key::plan(plan)],
        puts: Vec::new(),
    };
    let _ = db.write(&undo).await;
}
