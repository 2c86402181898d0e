//! IndexedDB as the store (`browser::idb`, laid out by `store`): the plan's
//! records read at start (after the one move from local storage, and with a
//! copy local storage kept while the database refused joined back in), a
//! save writing only what changed as one transaction, other tabs' writes
//! read key by key and taken in, backups in the `backups` store. What a
//! load cannot read is kept aside there before anything is written.

use std::rc::Rc;

use leptos::prelude::*;

use crate::browser::idb::Db;
use crate::browser::idb_move::{move_from_local_storage, MoveError, Moved};
use crate::browser::storage::{self, StorageKey};
use crate::browser::{clock, idb};
use crate::exchange::persist::{self, LoadProblem, Loaded};
use crate::exchange::{self, Source};
use crate::model::receipts::Receipts;
use crate::model::tracking::Tracking;
use crate::state::{AppState, Loading, NoticeAction, NoticeKind};
use crate::store::{
    notes_text, put_notes, read_back, receipts_from_items, stored_key, stored_text, Batch, Change,
    Counts, Held, Item, Key, PlanHead, PlanId, Store, StoreError, TabMessage,
};

use super::{export_meta, new_revision, read, Backup, SaveState, Signals};

/// The stores read at start, in the payload's order, and the receipts.
const READ: [Store; 5] = [
    Store::CustomTasks,
    Store::CustomUnits,
    Store::Records,
    Store::Removals,
    Store::Receipts,
];

/// The database as this session's store.
pub struct Database {
    pub db: Rc<Db>,
    pub held: Held,
    /// Texts to keep in `backups` with the next write (the copy before an
    /// import), so that they are written with what replaces them or not at
    /// all.
    pub keep: Vec<Item>,
    /// Backups the next write deletes (older copies before an import).
    pub drop_backups: Vec<Key>,
    /// Local storage holds a copy saved while the database refused; it is
    /// removed once the database holds what it had.
    pub retire_local: bool,
    /// The bytes of the last write, shown when a save finds nothing new.
    pub last_bytes: usize,
    /// Whether the database held this plan when it was opened.
    pub stored: bool,
}

/// Why the load could not use the database: local storage serves instead.
pub enum Fallback {
    /// The move failed or the database refused: local storage still holds
    /// the data (the message says so).
    Local(String),
}

/// Loads `plan`'s data from the database into the state: first the one
/// move from local storage, then the records. `Err` when local storage
/// must stay the store this session.
pub async fn load(
    db: Rc<Db>,
    plan: PlanId,
    state: AppState,
    signals: Signals,
) -> Result<Database, Fallback> {
    let now = clock::now_millis();
    let reader = |text: &str| read(&state, text, Source::Storage);
    let moved =
        move_from_local_storage(&db, &plan, &export_meta(&state), &reader, now, &|_| {}).await;
    let mut keep = Vec::new();
    let mut leftover = None;
    match moved {
        Ok(Moved::Nothing) => {}
        Ok(Moved::Done {
            rejected, backup, ..
        }) => {
            // Items the copy could not give are in the raw copy kept: named
            // to the user, with that copy to download.
            if let (false, Some(backup)) = (rejected.is_empty(), backup) {
                let (message, _) = LoadProblem::Rejected(rejected).notice(Ok(()));
                state.notify_with(
                    NoticeKind::Error,
                    message,
                    NoticeAction::DownloadBackup(backup.id),
                );
            }
        }
        // A copy saved in local storage while the database refused: read
        // below and joined in, then retired.
        Ok(Moved::AlreadyInStore) => leftover = storage::read(StorageKey::Tracking).ok().flatten(),
        Err(MoveError::Unreadable(error)) => {
            // Not movable: kept aside in the database byte for byte, then
            // retired; the plan starts from what the database holds.
            let text = storage::read(StorageKey::Tracking)
                .ok()
                .flatten()
                .unwrap_or_default();
            let problem = LoadProblem::Unreadable(error);
            match keep_aside(&db, &plan, &problem, &text, now, &state, &signals).await {
                true => {
                    let _ = storage::remove(StorageKey::Tracking);
                }
                false => return Err(Fallback::Local(problem.notice(Err("")).0)),
            }
        }
        Err(e) => return Err(Fallback::Local(e.message_vi())),
    }
    let head = match db.get(&[Key::plan(&plan)]).await {
        Ok(got) => got.into_iter().next().flatten(),
        Err(e) => return Err(Fallback::Local(e.message_vi())),
    };
    let mut database = Database {
        db: db.clone(),
        held: Held::empty(plan.clone()),
        keep: Vec::new(),
        drop_backups: Vec::new(),
        retire_local: false,
        last_bytes: 0,
        stored: head.is_some(),
    };
    if let Some(head) = head {
        let items = match db.read_plan(&READ, &plan).await {
            Ok(items) => items,
            Err(e) => return Err(Fallback::Local(e.message_vi())),
        };
        database.held = match read_items(&db, &plan, &head, items, now, &state, &signals).await {
            Some(held) => held,
            None => return Err(Fallback::Local(String::new())),
        };
        database.last_bytes = head.len() * 2;
    }
    if let Some(text) = leftover {
        keep.push(Item {
            key: Key::backup(&plan, now, "local-storage"),
            text: text.clone(),
        });
        join_leftover(&state, &text);
        database.retire_local = true;
    }
    database.keep = keep;
    refresh_backups(&db, &plan, &signals).await;
    Ok(database)
}

/// Reads the plan's items into the state: the records' fields, custom
/// tasks, units, removals and receipts first (the first screen needs no
/// more; `state.loading` is then `Notes`), then the notes a part at a time.
/// What cannot be read is kept aside first. `None` when it could not be
/// kept: nothing may be written.
async fn read_items(
    db: &Db,
    plan: &PlanId,
    head_text: &str,
    items: Vec<Item>,
    now: i64,
    state: &AppState,
    signals: &Signals,
) -> Option<Held> {
    let (receipt_items, items): (Vec<Item>, Vec<Item>) = items
        .into_iter()
        .partition(|i| i.key.store == Store::Receipts);
    let mut keys: Vec<Key> = items
        .iter()
        .chain(&receipt_items)
        .map(|i| i.key.clone())
        .collect();
    let head = PlanHead::from_text(head_text).ok();
    // A head that does not read leaves the copy unreadable as a whole: it
    // is kept aside with the records.
    let text = match &head {
        Some(head) => stored_text(head, &items),
        None => format!(
            "{head_text}\n{}",
            stored_text(&fallback_head(state), &items)
        ),
    };
    drop(items);
    let loaded = persist::loaded(Some(&text), |t| read(state, t, Source::Storage));
    let receipts = read_receipts(db, plan, &receipt_items, now, state).await?;
    let (mut tracking, problem) = match loaded {
        Loaded::Nothing => (Tracking::default(), None),
        Loaded::Read {
            tracking, problem, ..
        } => (tracking, problem),
        Loaded::Unreadable(problem) => {
            // Kept aside with every note, since replacing the plan whole
            // drops them too.
            let notes = db.read_plan(&[Store::Notes], plan).await.ok()?;
            let notes = notes_text(&fallback_head(state), &notes);
            let aside = format!("{text}\n{notes}");
            if !keep_aside(db, plan, &problem, &aside, now, state, signals).await {
                return None;
            }
            state.receipts.set(receipts);
            return Some(Held::unreadable(plan.clone()));
        }
    };
    if let Some(problem) = &problem {
        if !keep_aside(db, plan, problem, &text, now, state, signals).await {
            return None;
        }
    }
    drop(text);
    let head = head.expect("a copy that reads has a head");
    state.tracking.set(tracking.clone());
    state.receipts.set(receipts.clone());
    state.loading.set(Loading::Notes);
    // The notes, a part at a time: no more than a part's text in memory.
    let mut rejected = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let part = db
            .read_part(Store::Notes, plan, after.as_deref(), NOTES_PART)
            .await
            .ok()?;
        let Some(last) = part.last() else { break };
        after = Some(last.key.id.clone());
        keys.extend(part.iter().map(|i| i.key.clone()));
        let text = notes_text(&head, &part);
        match read(state, &text, Source::Storage) {
            Ok(file) => {
                rejected.extend(file.rejected);
                put_notes(&mut tracking, file.tracking);
            }
            Err(error) => {
                // A part that does not read as a whole is kept aside alone.
                let problem = LoadProblem::Unreadable(error);
                if !keep_aside(db, plan, &problem, &text, now, state, signals).await {
                    return None;
                }
            }
        }
        if part.len() < NOTES_PART as usize {
            break;
        }
    }
    if !rejected.is_empty() {
        let problem = LoadProblem::Rejected(rejected);
        if !keep_aside(db, plan, &problem, "", now, state, signals).await {
            return None;
        }
    }
    state.tracking.set(tracking.clone());
    Some(Held::read(
        plan.clone(),
        tracking,
        &receipts,
        Some(&head),
        keys,
    ))
}

/// Records' notes read at once: about 2.5 MB of text at ten notes a task.
const NOTES_PART: u32 = 1000;

/// The receipts of the plan's units; an unreadable one is kept aside and
/// the rest start empty. `None` when it could not be kept.
async fn read_receipts(
    db: &Db,
    plan: &PlanId,
    items: &[Item],
    now: i64,
    state: &AppState,
) -> Option<Receipts> {
    match receipts_from_items(items) {
        Ok(receipts) => Some(receipts),
        Err((key, e)) => {
            let raw = items
                .iter()
                .find(|i| i.key == key)
                .map(|i| i.text.clone())
                .unwrap_or_default();
            let kept = write(
                db,
                vec![Change::Put(Item {
                    key: Key::backup(plan, now, "receipts"),
                    text: raw,
                })],
            )
            .await;
            state.notify(
                NoticeKind::Error,
                super::receipts_unreadable_vi(&e, kept.is_ok()),
            );
            kept.ok()?;
            Some(Receipts::default())
        }
    }
}

/// The head of a plan whose own head does not read.
fn fallback_head(state: &AppState) -> PlanHead {
    PlanHead::new(&export_meta(state), Counts::default())
}

/// Keeps what could not be read in `backups` and tells the user, with the
/// backup to download. `false` when it could not be kept: then nothing is
/// written this session (the caller stops).
async fn keep_aside(
    db: &Db,
    plan: &PlanId,
    problem: &LoadProblem,
    stored: &str,
    now: i64,
    state: &AppState,
    signals: &Signals,
) -> bool {
    let what = match problem {
        LoadProblem::Unreadable(_) => "unreadable",
        LoadProblem::Rejected(_) => "rejected",
    };
    let key = Key::backup(plan, now, what);
    let kept = write(
        db,
        vec![Change::Put(Item {
            key: key.clone(),
            text: problem.aside(stored),
        })],
    )
    .await;
    let why = kept.as_ref().err().map(StoreError::message_vi);
    let (message, read_only) = problem.notice(why.as_deref().map_or(Ok(()), Err));
    if read_only {
        signals.save.set(SaveState::ReadOnly(message.clone()));
        state.notify(NoticeKind::Error, message);
        return false;
    }
    state.notify_with(
        NoticeKind::Error,
        message,
        NoticeAction::DownloadBackup(key.id),
    );
    true
}

/// Joins the copy local storage kept while the database refused into what
/// the database holds: no edit of either is lost.
fn join_leftover(state: &AppState, text: &str) {
    if let Ok(file) = read(state, text, Source::Storage) {
        state
            .tracking
            .update(|tracking| exchange::join(tracking, &file.tracking));
    }
    if let Some(receipts) = storage::read(StorageKey::Receipts)
        .ok()
        .flatten()
        .and_then(|t| serde_json::from_str::<Receipts>(&t).ok())
    {
        state
            .receipts
            .update(|r| r.received.extend(receipts.received));
    }
}

/// Runs changes as one write.
async fn write(db: &Db, changes: Vec<Change>) -> Result<(), StoreError> {
    db.write(&Batch::of(changes)).await
}

/// Re-reads the list of the plan's backups.
pub async fn refresh_backups(db: &Db, plan: &PlanId, signals: &Signals) {
    if let Ok(ids) = db.keys(Store::Backups, plan).await {
        signals
            .backups
            .set(ids.into_iter().map(Backup::from_id).collect());
    }
}

impl Database {
    /// Queues the write of what changed (synchronously, so that `pagehide`
    /// writes it); the returned future tells how it went. `None`: nothing
    /// to write.
    pub fn save(
        &mut self,
        state: &AppState,
    ) -> Option<(
        Batch,
        impl std::future::Future<Output = Result<(), StoreError>>,
    )> {
        let meta = export_meta(state);
        let batch = state.tracking.with_untracked(|t| {
            state
                .receipts
                .with_untracked(|r| self.held.save(t, r, &meta, new_revision()))
        });
        let mut batch = match batch {
            Some(batch) => batch,
            None if self.keep.is_empty() => return None,
            None => Batch::default(),
        };
        batch.puts.append(&mut self.keep);
        batch.deletes.append(&mut self.drop_backups);
        let done = self.db.write(&batch);
        Some((batch, done))
    }

    /// The message that tells other tabs what `batch` wrote.
    pub fn message(&self, batch: &Batch) -> TabMessage {
        let plan = self.held.plan();
        let keys = batch
            .puts
            .iter()
            .map(|i| &i.key)
            .chain(&batch.deletes)
            .filter(|k| k.store != Store::Backups)
            .flat_map(|k| match k.store {
                // A record is read whole: both its items.
                Store::Records | Store::Notes => vec![
                    Key::item(Store::Records, plan, &k.id),
                    Key::item(Store::Notes, plan, &k.id),
                ],
                _ => vec![k.clone()],
            });
        TabMessage::new(plan, keys)
    }

    /// Another tab wrote the records at `keys`, which now hold `texts`:
    /// takes them in (`exchange::persist::take_in_on_top`). Returns whether
    /// this tab holds something the database lacks, to be written.
    pub fn take_in(&mut self, state: &AppState, keys: &[Key], texts: Vec<Option<String>>) -> bool {
        let mut head = None;
        let mut items = Vec::new();
        let mut deleted = Vec::new();
        let mut receipts = Vec::new();
        for (key, text) in keys.iter().zip(texts) {
            match key.store {
                Store::Plans => head = text.and_then(|t| PlanHead::from_text(&t).ok()),
                Store::Receipts => receipts.push((key.clone(), text)),
                // A record is gone when its fields are; its notes may be
                // none.
                Store::Notes if text.is_none() => {}
                _ => match (stored_key(key), text) {
                    (Some(_), Some(text)) => items.push(Item {
                        key: key.clone(),
                        text,
                    }),
                    (Some(stored), None) => deleted.push(stored),
                    (None, _) => {}
                },
            }
        }
        let written = if items.is_empty() {
            Tracking::default()
        } else {
            let head = head.clone().unwrap_or_else(|| fallback_head(state));
            let reader = |t: &str| read(state, t, Source::Storage).map(|f| f.tracking);
            match read_back(&head, &items, &reader) {
                Ok(tracking) => tracking,
                // Not readable here: the next start reads (and keeps aside)
                // what the database holds.
                Err(_) => return false,
            }
        };
        let on_top = state.tracking.with_untracked(|local| {
            state.receipts.with_untracked(|r| {
                let based_on = head.as_ref().and_then(|h| h.based_on.as_deref());
                based_on.is_some() && based_on == self.held.revision() && self.held.holds(local, r)
            })
        });
        self.held.seen(&written, &deleted, &receipts, head.as_ref());
        let merge = state
            .tracking
            .with_untracked(|local| match self.held.tracking() {
                Some(theirs) => persist::take_in_on_top(on_top, local, theirs),
                None => persist::take_in_on_top(false, local, &written),
            });
        if let Some(merged) = merge.merged {
            // Undo steps hold the values they replaced; after another tab's
            // change they would bring back stale values.
            state.history.update(|h| h.clear());
            state.tracking.set(merged);
        }
        let theirs = self.held.receipts();
        let (receipts, receipts_back) = state.receipts.with_untracked(|local| {
            if on_top {
                ((theirs != *local).then_some(theirs), false)
            } else {
                let mut both = local.clone();
                both.received.extend(theirs.received.clone());
                let back = both != theirs;
                ((both != *local).then_some(both), back)
            }
        });
        if let Some(receipts) = receipts {
            state.receipts.set(receipts);
        }
        merge.write_back || receipts_back
    }

    /// The text of a backup of this plan.
    pub async fn backup(db: Rc<Db>, plan: PlanId, id: &str) -> Result<Option<String>, StoreError> {
        Ok(db
            .get(&[Key::item(Store::Backups, &plan, id)])
            .await?
            .into_iter()
            .next()
            .flatten())
    }
}

/// What the origin uses, for the usage line and the warning.
pub async fn usage(signals: &Signals, state: &AppState) {
    let Some(usage) = idb::estimate().await else {
        return;
    };
    signals.usage.set(Some(usage));
    if let Some(warning) = usage.warning_vi() {
        if !signals.warned.get_value() {
            signals.warned.set_value(true);
            state.notify_with(NoticeKind::Error, warning, NoticeAction::DownloadData);
        }
    }
}
