//! Keeps the tracking data, the receipts of imported reports and the
//! backups in the browser so that nothing typed is lost, by carrying out
//! the decisions of `exchange::persist` and `store`: in IndexedDB
//! ([`database`]) where the browser allows it, else in local storage as
//! before ([`local`]). At start it reads the plan's data (after the one
//! move from local storage; what cannot be read is kept aside before
//! anything is written, and the rest loads) while edits wait; a save
//! shortly after each edit writes only what changed; the page being hidden
//! flushes; other tabs' writes are taken in; another plan's data can be
//! opened, and plan documents kept. An import is applied as one undoable
//! step with the copy before it kept. Stored data and imported files go
//! through the same `exchange::restore`; the browser is reached only
//! through `browser`.

mod database;
mod local;
pub mod plans;

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::{Rc, Weak};
use std::time::Duration;

use chrono::{DateTime, FixedOffset};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::browser::idb::{self, Db};
use crate::browser::storage::{self, StorageKey};
use crate::browser::tab_channel::TabChannel;
use crate::browser::{clock, files};
use crate::exchange::staging::{self, StagedFile};
use crate::exchange::{
    self, AppInfo, Choices, ExportMeta, MergePlan, PlanRef, ReadFile, Resolver, RestoreError,
    Source,
};
use crate::i18n::Lang;
use crate::model::catalog::is_plan_task;
use crate::model::tracking::Millis;
use crate::model::unit::UnitId;
use crate::on_demand::{on_demand, NotLoaded};
use crate::plans::PlanEntry;
use crate::route::Route;
use crate::state::{AppState, Loading, NoticeAction, NoticeKind, READING};
use crate::store::{Item, Key, PlanDocument, PlanId, Store, StoreError, TabMessage, Usage};

use database::{Database, Fallback};
use local::Local;

/// How long after the last edit the data is saved: a long note is saved
/// once when typing pauses, not on every keystroke.
const SAVE_DELAY: Duration = Duration::from_millis(400);

/// Vietnam's offset, for the time written into files.
const VIETNAM_OFFSET_SECONDS: i32 = 7 * 3600;

/// What the last save did, shown in the header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveState {
    /// Nothing recorded yet in this browser.
    Empty,
    /// Edits wait for the save delay, or a write is under way.
    Pending,
    Saved {
        at: Millis,
        bytes: usize,
    },
    /// The save failed; the data is still in the page.
    Failed(String),
    /// What was stored could not be read nor kept aside, or the database
    /// holding it refuses: nothing is written this session so that it is
    /// not lost.
    ReadOnly(String),
}

/// Where this session keeps the data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Medium {
    /// Not decided yet: the database is being opened.
    Opening,
    IndexedDb,
    /// IndexedDB is unavailable or refused the move: as before.
    LocalStorage,
    /// Nothing is written (see [`SaveState::ReadOnly`]).
    None,
}

/// A text kept before something replaced it or because it could not be
/// read, downloadable from the storage card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Backup {
    /// Its key: an id of the `backups` store (`<millis>-<what>`), or a
    /// local-storage key (`ke-hoach/backup/<millis>`).
    pub id: String,
    pub at: Millis,
    /// `before-import`, `local-storage`, `unreadable`, `rejected`, …
    pub what: String,
}

impl Backup {
    /// A backup by its key.
    pub fn from_id(id: String) -> Self {
        let (at, what) = match id.strip_prefix(LOCAL_BACKUP) {
            Some(at) => (at.parse().unwrap_or(0), "unreadable".to_owned()),
            None => match id.split_once('-') {
                Some((at, what)) => (at.parse().unwrap_or(0), what.to_owned()),
                None => (0, id.clone()),
            },
        };
        Self { id, at, what }
    }
}

/// The prefix of local storage's backup keys.
const LOCAL_BACKUP: &str = "ke-hoach/backup/";

/// The storage side of the app, provided through context.
#[derive(Clone, Copy)]
pub struct StorageStatus {
    pub save: RwSignal<SaveState>,
    /// Whether the browser granted persistent storage (`None`: not asked or
    /// not supported).
    pub persisted: RwSignal<Option<bool>>,
    pub medium: RwSignal<Medium>,
    /// What the browser says the origin uses and may use (IndexedDB).
    pub usage: RwSignal<Option<Usage>>,
    /// The backups kept for the plan, oldest first.
    pub backups: RwSignal<Vec<Backup>>,
}

/// The signals a session reports to, and its once-per-session warning.
#[derive(Clone, Copy)]
pub(crate) struct Signals {
    save: RwSignal<SaveState>,
    medium: RwSignal<Medium>,
    usage: RwSignal<Option<Usage>>,
    backups: RwSignal<Vec<Backup>>,
    warned: StoredValue<bool>,
}

impl Signals {
    fn saved(&self, bytes: usize) {
        self.save.set(SaveState::Saved {
            at: clock::now_millis(),
            bytes,
        });
    }

    /// Storage refused: say so, offer the export, keep the data in the page.
    fn failed(&self, state: &AppState, message: String) {
        state.notify_with(
            NoticeKind::Error,
            message.clone(),
            NoticeAction::DownloadData,
        );
        self.save.set(SaveState::Failed(message));
    }
}

/// The identity of the plan the app holds, as files carry it.
pub fn plan_ref(state: &AppState) -> PlanRef {
    let entry = state.current.get_untracked();
    PlanRef::new(
        entry.plan.meta.number.clone(),
        entry.plan.meta.year,
        entry.fingerprint.to_owned(),
    )
}

/// The plan the app holds, as the store keys it.
pub fn plan_id(state: &AppState) -> PlanId {
    PlanId::new(state.current.get_untracked().fingerprint)
}

/// What an export made now by this browser says about itself.
pub fn export_meta(state: &AppState) -> ExportMeta {
    let offset = FixedOffset::east_opt(VIETNAM_OFFSET_SECONDS).expect("a valid offset");
    let now = DateTime::from_timestamp_millis(clock::now_millis())
        .unwrap_or_default()
        .with_timezone(&offset);
    ExportMeta {
        app: AppInfo {
            name: "ke-hoach".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            extra: Default::default(),
        },
        plan: plan_ref(state),
        exported_at: now,
        exported_by: state.my_unit.get_untracked(),
    }
}

/// A new revision, unique to one write.
/// The notice when the stored list of received reports cannot be read:
/// what happened, and whether the old list was kept as a backup.
fn receipts_unreadable_vi(e: &impl std::fmt::Display, kept: bool) -> String {
    format!(
        "Không đọc được danh sách báo cáo đã nhận ({e}); {}",
        if kept {
            "bản cũ được giữ làm bản sao lưu."
        } else {
            "không tạo được bản sao lưu."
        }
    )
}

fn new_revision() -> String {
    format!("{}-{:08x}", clock::now_millis(), clock::random_u32())
}

/// Reads stored text or a file against this plan, its units and tasks
/// (those removed here included, so that a note on them still reads).
pub fn read(state: &AppState, text: &str, source: Source) -> Result<ReadFile, RestoreError> {
    let catalog = state.catalog.get_untracked();
    let plan = state.plan_untracked();
    let plan_ref = plan_ref(state);
    state.tracking.with_untracked(|tracking| {
        exchange::restore(
            text,
            source,
            &plan_ref,
            &|unit| {
                let unit = UnitId::new(unit);
                catalog.unit(&unit).is_some() || tracking.unit_removed(&unit)
            },
            &|task| {
                is_plan_task(plan, task)
                    || tracking.custom_tasks.contains_key(task)
                    || tracking.task_removed(task)
            },
        )
    })
}

/// Whether the screen for `route` may be shown while the stored data is
/// read: the cover at once (it shows none of it); once all but the notes
/// are read, the screens that show no notes (the unit's page, the task
/// list, the dashboard, the plan's text). A task's page, search, reports,
/// meeting mode and the exchange wait for everything.
pub fn shown_while_reading(route: &Route, my_unit_chosen: bool, loading: Loading) -> bool {
    let without_data = match route {
        Route::Cover => true,
        Route::Home => !my_unit_chosen,
        _ => false,
    };
    let without_notes = matches!(
        route,
        Route::Home | Route::MyUnit | Route::Tasks(_) | Route::Dashboard | Route::Plan { .. }
    );
    match loading {
        Loading::Done => true,
        Loading::Notes => without_data || without_notes,
        Loading::Reading => without_data,
    }
}

/// Offers the whole tracking data as a file, named for what it holds. The
/// writer is in the stored data's code (a notice offers this download,
/// and only that code raises such notices, so it is here by then).
pub async fn download_all(state: AppState) -> Result<(), String> {
    offer_all_data(state)
        .await
        .unwrap_or_else(|e| Err(e.message_vi("Tải dữ liệu về máy")))
}

on_demand!(
    unit_page,
    fn offer_all_data(state: AppState) -> Result<(), String> {
        if state.loading.get_untracked() == Loading::Done {
            let envelope =
                exchange::export_full(&state.tracking.get_untracked(), &export_meta(&state));
            let text = exchange::write_file(&envelope);
            files::download(
                &exchange::file_name(&envelope.head),
                "application/json",
                text.as_bytes(),
            )
        } else {
            Err(READING.into())
        }
    }
);

/// Offers a kept backup as a file, byte for byte; what went wrong is told
/// in a notice. Its reader is in the stored data's code (which alone
/// raises the notices offering this).
pub fn download_backup(state: AppState, id: String) {
    leptos::task::spawn_local(async move {
        if let Err(e) = offer_backup(state, id).await {
            state.notify(NoticeKind::Error, e.message_vi("Tải bản sao lưu"));
        }
    });
}

on_demand!(
    unit_page,
    fn offer_backup(state: AppState, id: String) -> () {
        offer_backup_now(state, id)
    }
);

fn offer_backup_now(state: AppState, id: String) {
    let stamp = id.rsplit('/').next().unwrap_or("0").to_owned();
    let offer = move |text: Option<String>| {
        let result = text
            .ok_or_else(|| "bản sao lưu không còn".to_owned())
            .and_then(|text| {
                files::download(
                    &format!("ke-hoach-sao-luu-{stamp}.json"),
                    "application/json",
                    text.as_bytes(),
                )
            });
        if let Err(e) = result {
            state.notify(NoticeKind::Error, format!("Không tải được tệp: {e}"));
        }
    };
    if id.starts_with(LOCAL_BACKUP) {
        offer(storage::read_backup(&id));
        return;
    }
    let Some(db) = current_db() else {
        return offer(None);
    };
    let plan = plan_id(&state);
    leptos::task::spawn_local(async move {
        let text = Database::backup(db, plan, &id).await.ok().flatten();
        offer(text);
    });
}

/// Deletes a kept backup (the user chose to), then lists the rest.
pub fn remove_backup(state: AppState, status: StorageStatus, id: String) {
    if id.starts_with(LOCAL_BACKUP) {
        if storage::remove_backup(&id).is_ok() {
            status.backups.set(
                storage::backups()
                    .into_iter()
                    .map(Backup::from_id)
                    .collect(),
            );
        }
        return;
    }
    let Some(db) = current_db() else { return };
    let plan = plan_id(&state);
    leptos::task::spawn_local(async move {
        let key = Key::item(Store::Backups, &plan, id);
        let batch = crate::store::Batch::of([crate::store::Change::Delete(key)]);
        if let Err(e) = db.write(&batch).await {
            state.notify(NoticeKind::Error, e.message_vi());
        }
        if let Some(session) = current() {
            database::refresh_backups(&db, &plan, &session.signals).await;
        }
    });
}

/// Applies the staged files as the preview `plan` shows them, with the
/// user's choices: the merged data and the receipts of the reports, in one
/// step that one undo takes back whole. The state before stays in storage
/// too (a backup written with the import, or not at all), for a restore
/// after the session's undo is gone. Returns the message
/// to show, or why nothing was applied.
pub fn apply_import(
    state: &AppState,
    files: &[StagedFile],
    plan: &MergePlan,
    choices: &Choices,
) -> Result<String, String> {
    if !files.iter().any(StagedFile::usable) {
        return Err("Không có tệp nào hợp lệ được chọn để nhập.".into());
    }
    let by = state.my_unit.get_untracked();
    if plan.needs_resolver(choices) && by.is_none() {
        return Err("Hãy chọn “Đơn vị của tôi” trước khi áp dụng: giá trị bạn chọn thay cho giá trị mặc định được ghi tên đơn vị đã chọn.".into());
    }
    if state.loading.get_untracked() != Loading::Done {
        return Err(READING.into());
    }
    let now = clock::now_millis();
    let resolver = by.as_ref().map(|by| Resolver { by, now });
    let imported = state.tracking.with_untracked(|tracking| {
        let before = exchange::write_compact(&exchange::export_full(tracking, &export_meta(state)));
        keep_before_import(before, now);
        state.receipts.with_untracked(|receipts| {
            staging::apply((tracking, receipts), plan, files, choices, resolver, now)
        })
    });
    let mut message = format!("Đã nhập {} tệp", imported.files);
    if imported.rejected > 0 {
        message.push_str(&format!(", bỏ qua {} mục bị từ chối", imported.rejected));
    }
    message.push_str(
        ". Bấm “Hoàn tác” để trở về đúng trạng thái trước khi nhập, cả danh sách báo cáo đã nhận.",
    );
    state.replace_state(imported.state);
    Ok(message)
}

/// Keeps the tracking as it was before an import: in the database, written
/// with the import's own save (so either both are stored or neither),
/// replacing the plan's previous such copy; in local storage, its key.
fn keep_before_import(text: String, now: Millis) {
    let Some(session) = current() else { return };
    let mut store = session.store.borrow_mut();
    match &mut *store {
        Store_::Database(database) => {
            let plan = database.held.plan().clone();
            database.keep.push(Item {
                key: Key::backup(&plan, now, "before-import"),
                text,
            });
            // Only the newest copy is kept, as local storage keeps one.
            let older = session.signals.backups.get_untracked();
            database.drop_backups = older
                .into_iter()
                .filter(|b| b.what == "before-import")
                .map(|b| Key::item(Store::Backups, &plan, b.id))
                .collect();
        }
        _ => {
            let _ = storage::write(StorageKey::BeforeImport, &text);
        }
    }
}

/// Interface choices kept across visits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Settings {
    lang: String,
    my_unit: Option<UnitId>,
    due_soon_days: u32,
}

/// Restores the interface choices, then saves them whenever they change.
/// Unreadable settings are simply replaced: they hold no one's work.
pub fn keep_settings(state: AppState) {
    let apply = move |text: &str| {
        if let Ok(settings) = serde_json::from_str::<Settings>(text) {
            state
                .lang
                .set(Lang::from_code(&settings.lang).unwrap_or_default());
            state.my_unit.set(settings.my_unit);
            state.due_soon_days.set(settings.due_soon_days);
        }
    };
    if let Ok(Some(text)) = storage::read(StorageKey::Settings) {
        apply(&text);
    }
    // Another tab chose a unit or a language: this one follows.
    let other_tab = window_event_listener(leptos::ev::storage, move |event| {
        if event.key().as_deref() == Some(StorageKey::Settings.key()) {
            if let Some(text) = event.new_value() {
                apply(&text);
            }
        }
    });
    on_cleanup(move || other_tab.remove());
    Effect::new(move |_| {
        let settings = Settings {
            lang: state.lang.get().code().into(),
            my_unit: state.my_unit.get(),
            due_soon_days: state.due_soon_days.get(),
        };
        let text = serde_json::to_string(&settings).expect("settings serialise");
        if let Err(e) = storage::write(StorageKey::Settings, &text) {
            state.notify(NoticeKind::Error, e.message_vi());
        }
    });
}

/// This session's store.
enum Store_ {
    Opening,
    Database(Database),
    Local(Local),
    /// Nothing is written.
    None,
}

/// The running persistence of one app: its store, the save timer, the
/// channel to other tabs.
pub(crate) struct Session {
    state: Cell<AppState>,
    signals: Signals,
    store: RefCell<Store_>,
    /// The stored data's code, once it has arrived.
    engine: Cell<Option<&'static dyn Engine>>,
    timer: Cell<Option<TimeoutHandle>>,
    channel: RefCell<Option<TabChannel>>,
    /// Messages from other tabs that came while the data was read.
    queued: RefCell<Vec<TabMessage>>,
}

thread_local! {
    /// The app's session, for the operations the interface calls.
    static CURRENT: RefCell<Weak<Session>> = const { RefCell::new(Weak::new()) };
}

fn current() -> Option<Rc<Session>> {
    CURRENT.with(|c| c.borrow().upgrade())
}

fn current_db() -> Option<Rc<Db>> {
    let session = current()?;
    let store = session.store.borrow();
    match &*store {
        Store_::Database(d) => Some(d.db.clone()),
        _ => None,
    }
}

/// Loads the stored data, then keeps it saved.
pub fn start(state: AppState) -> StorageStatus {
    let status = StorageStatus {
        save: RwSignal::new(SaveState::Empty),
        persisted: RwSignal::new(None),
        medium: RwSignal::new(Medium::Opening),
        usage: RwSignal::new(None),
        backups: RwSignal::new(Vec::new()),
    };
    let persisted = status.persisted;
    leptos::task::spawn_local(async move {
        persisted.set(storage::request_persistence().await);
    });
    let session = Rc::new(Session {
        state: Cell::new(state),
        signals: Signals {
            save: status.save,
            medium: status.medium,
            usage: status.usage,
            backups: status.backups,
            warned: StoredValue::new(false),
        },
        store: RefCell::new(Store_::Opening),
        engine: Cell::new(None),
        timer: Cell::new(None),
        channel: RefCell::new(None),
        queued: RefCell::new(Vec::new()),
    });
    CURRENT.with(|c| *c.borrow_mut() = Rc::downgrade(&session));
    state.loading.set(Loading::Reading);
    session.clone().load();

    let weak = Rc::downgrade(&session);
    Effect::new(move |previous: Option<()>| {
        state.tracking.track();
        state.receipts.track();
        // The first run is the start itself, not an edit.
        if previous.is_none() || state.loading.get_untracked() != Loading::Done {
            return;
        }
        if let Some(session) = weak.upgrade() {
            session.schedule();
        }
    });
    // An edit typed just before closing the tab is saved, not dropped.
    let flush = {
        let weak = Rc::downgrade(&session);
        move || {
            if let Some(session) = weak.upgrade() {
                session.flush_loaded();
            }
        }
    };
    let hidden = window_event_listener(leptos::ev::pagehide, {
        let flush = flush.clone();
        move |_| flush()
    });
    let visibility = window_event_listener(leptos::ev::visibilitychange, move |_| {
        if document().hidden() {
            flush();
        }
    });
    // Another tab saved into local storage (the fallback).
    let weak = Rc::downgrade(&session);
    let other_tab = window_event_listener(leptos::ev::storage, move |event| {
        let Some(session) = weak.upgrade() else {
            return;
        };
        let (Some(key), Some(text)) = (event.key(), event.new_value()) else {
            return;
        };
        if let Some(engine) = session.engine.get() {
            engine.local_storage_changed(&session, &key, &text);
        }
    });
    on_cleanup(move || {
        hidden.remove();
        visibility.remove();
        other_tab.remove();
    });
    // The session lives as long as the page: its listeners hold it weakly.
    std::mem::forget(session);
    status
}

/// Opens another plan's data: the current plan's pending save is written
/// first (under its own id, while it is still the open plan), then `entry`
/// becomes the open plan and its tracking and receipts are read into the
/// state, with the history cleared and edits waiting while it reads.
/// Where the data is in local storage, only the embedded plan can be
/// opened; nothing changes then.
pub fn open_plan(state: AppState, entry: PlanEntry) -> Result<(), String> {
    let session = current().ok_or("Chưa có nơi lưu dữ liệu.")?;
    let local = matches!(&*session.store.borrow(), Store_::Local(_));
    if local && !entry.embedded {
        return Err("Trình duyệt không cho ứng dụng dùng kho dữ liệu IndexedDB, nên chỉ giữ được dữ liệu của kế hoạch có sẵn trong bộ nhớ cục bộ.".into());
    }
    session.flush_loaded();
    state.current.set(entry);
    session.state.set(state);
    state.history.update(|h| h.clear());
    // Before the stored data's code has arrived nothing was read yet: its
    // first read will be of the plan now open.
    let Some(engine) = session.engine.get() else {
        return Ok(());
    };
    state.loading.set(Loading::Reading);
    state.tracking.set(Default::default());
    state.receipts.set(Default::default());
    leptos::task::spawn_local(engine.reopen(session));
    Ok(())
}

/// The stored data's code, which is not in the first load (the
/// `unit_page` group, `crate::on_demand`): what the first load calls once
/// it has arrived. Every path that reads, writes or merges stored data
/// starts here.
trait Engine {
    fn open(&self, session: Rc<Session>) -> Pin<Box<dyn Future<Output = ()>>>;
    fn reopen(&self, session: Rc<Session>) -> Pin<Box<dyn Future<Output = ()>>>;
    fn flush(&self, session: &Session);
    fn local_storage_changed(&self, session: &Session, key: &str, text: &str);
}

struct StoredDataCode;

impl Engine for StoredDataCode {
    fn open(&self, session: Rc<Session>) -> Pin<Box<dyn Future<Output = ()>>> {
        Box::pin(session.open())
    }
    fn reopen(&self, session: Rc<Session>) -> Pin<Box<dyn Future<Output = ()>>> {
        Box::pin(session.reopen())
    }
    fn flush(&self, session: &Session) {
        session.flush();
    }
    fn local_storage_changed(&self, session: &Session, key: &str, text: &str) {
        session.local_storage_changed(key, text);
    }
}

on_demand!(
    unit_page,
    fn stored_data_code() -> &'static dyn Engine {
        &StoredDataCode
    }
);

/// Whether this browser has run the app before: it then has settings, or
/// data in the database or local storage, which the start must read.
fn visited_before() -> bool {
    [
        StorageKey::Settings,
        StorageKey::InDatabase,
        StorageKey::Tracking,
    ]
    .into_iter()
    .any(|key| storage::read(key).ok().flatten().is_some())
}

/// The plan documents kept, by plan id with their titles.
pub async fn plan_documents() -> Result<Vec<(PlanId, String)>, String> {
    let db = current_db().ok_or_else(|| StoreError::Unavailable.message_vi())?;
    let items = db
        .read_store(Store::PlanDocuments)
        .await
        .map_err(|e| e.message_vi())?;
    Ok(items
        .into_iter()
        .filter_map(|i| {
            let doc = PlanDocument::from_text(&i.text).ok()?;
            Some((i.key.plan, doc.title))
        })
        .collect())
}

/// The text of the plan file kept for `plan`, if any.
pub async fn plan_document(plan: &PlanId) -> Result<Option<String>, String> {
    let db = current_db().ok_or_else(|| StoreError::Unavailable.message_vi())?;
    let got = db
        .get(&[Key::plan_document(plan)])
        .await
        .map_err(|e| e.message_vi())?;
    Ok(got
        .into_iter()
        .next()
        .flatten()
        .and_then(|t| PlanDocument::from_text(&t).ok())
        .map(|d| d.text))
}

/// Keeps the plan file `text` for `plan` under `title`, replacing what was
/// kept for it.
pub async fn put_plan_document(plan: &PlanId, title: &str, text: &str) -> Result<(), String> {
    let db = current_db().ok_or_else(|| StoreError::Unavailable.message_vi())?;
    let doc = PlanDocument {
        title: title.into(),
        text: text.into(),
    };
    let batch = crate::store::Batch::of([crate::store::Change::Put(doc.item(plan))]);
    db.write(&batch).await.map_err(|e| e.message_vi())
}

/// Deletes the plan file kept for `plan` (its tracking data and backups
/// stay).
pub async fn delete_plan_document(plan: &PlanId) -> Result<(), String> {
    let db = current_db().ok_or_else(|| StoreError::Unavailable.message_vi())?;
    let batch = crate::store::Batch::of([crate::store::Change::Delete(Key::plan_document(plan))]);
    db.write(&batch).await.map_err(|e| e.message_vi())
}

/// The marker that the data lives in IndexedDB: when the database later
/// refuses to open, nothing starts empty over it.
fn mark_in_database() {
    if storage::read(StorageKey::InDatabase)
        .ok()
        .flatten()
        .is_none()
    {
        let _ = storage::write(StorageKey::InDatabase, "1");
    }
}

impl Session {
    fn state(&self) -> AppState {
        self.state.get()
    }

    /// Fetches the stored data's code, then reads the data. A returning
    /// visit fetches it at once (the service worker has it); a first visit,
    /// with nothing stored, once its first screen is painted and the
    /// browser is idle, so that the cover does not wait for it.
    fn load(self: Rc<Self>) {
        let start = move || {
            leptos::task::spawn_local(async move {
                match stored_data_code().await {
                    Ok(engine) => {
                        self.engine.set(Some(engine));
                        engine.open(self).await;
                    }
                    Err(e) => self.unloaded(e),
                }
            })
        };
        if visited_before() {
            start();
        } else {
            clock::when_idle(start);
        }
    }

    /// The stored data's code did not arrive: nothing is read, so nothing
    /// may be written over what is stored; the user is told to reload.
    fn unloaded(&self, e: NotLoaded) {
        let state = self.state();
        let message = format!(
            "{} Trong phiên này ứng dụng không đọc và không ghi dữ liệu đã lưu.",
            e.message_vi("Dữ liệu đã lưu")
        );
        self.signals.save.set(SaveState::ReadOnly(message.clone()));
        self.signals.medium.set(Medium::None);
        *self.store.borrow_mut() = Store_::None;
        state.notify(NoticeKind::Error, message);
        state.loading.set(Loading::Done);
    }

    /// Saves now what changed, where the stored data's code is here (before
    /// it is, nothing was read and nothing may be written).
    fn flush_loaded(&self) {
        if let Some(engine) = self.engine.get() {
            engine.flush(self);
        }
    }

    /// Opens the database (or falls back to local storage) and reads the
    /// plan.
    async fn open(self: Rc<Self>) {
        let state = self.state();
        match idb::open().await {
            Ok(db) => {
                let db = Rc::new(db);
                let weak = Rc::downgrade(&self);
                db.on_version_change(move || {
                    if let Some(session) = weak.upgrade() {
                        let message = StoreError::VersionChange.message_vi();
                        session.state().notify_with(
                            NoticeKind::Error,
                            message.clone(),
                            NoticeAction::DownloadData,
                        );
                        session.signals.save.set(SaveState::ReadOnly(message));
                        *session.store.borrow_mut() = Store_::None;
                        session.signals.medium.set(Medium::None);
                    }
                });
                let weak = Rc::downgrade(&self);
                *self.channel.borrow_mut() = TabChannel::open(move |message| {
                    if let Some(session) = weak.upgrade() {
                        session.heard(message);
                    }
                });
                // The plans users added are held before any plan's data is
                // read: an address may name one of them.
                plans::hold_stored(&state, &db).await;
                self.load_database(db).await;
            }
            Err(e)
                if storage::read(StorageKey::InDatabase)
                    .ok()
                    .flatten()
                    .is_some() =>
            {
                // The data lives in the database, which refuses now:
                // nothing may start empty and be saved over it.
                let message = format!(
                    "{} Dữ liệu của bạn vẫn nằm trong kho đó; ứng dụng không ghi gì trong phiên này để khỏi ghi đè lên nó. Hãy đóng các thẻ khác của ứng dụng rồi tải lại trang.",
                    e.message_vi()
                );
                self.signals.save.set(SaveState::ReadOnly(message.clone()));
                self.signals.medium.set(Medium::None);
                *self.store.borrow_mut() = Store_::None;
                state.notify(NoticeKind::Error, message);
                state.loading.set(Loading::Done);
            }
            Err(e) => self.fall_back(e.message_vi()),
        }
    }

    /// Local storage serves as before; the user is told why.
    fn fall_back(&self, why: String) {
        let state = self.state();
        let local = Local::load(&state, &self.signals);
        *self.store.borrow_mut() = Store_::Local(local);
        self.signals.medium.set(Medium::LocalStorage);
        self.signals.backups.set(
            storage::backups()
                .into_iter()
                .map(Backup::from_id)
                .collect(),
        );
        if !why.is_empty() && state.notice.with_untracked(Option::is_none) {
            state.notify_with(NoticeKind::Error, why, NoticeAction::DownloadData);
        }
        if state.notice.with_untracked(Option::is_none) {
            local::warn_when_nearly_full(&state, &self.signals);
        }
        state.loading.set(Loading::Done);
    }

    async fn load_database(self: &Rc<Self>, db: Rc<Db>) {
        let state = self.state();
        let plan = plan_id(&state);
        match database::load(db, plan, state, self.signals).await {
            Ok(database) => {
                let leftover = !database.keep.is_empty();
                if database.stored {
                    mark_in_database();
                    self.signals.saved(database.last_bytes);
                }
                *self.store.borrow_mut() = Store_::Database(database);
                self.signals.medium.set(Medium::IndexedDb);
                state.loading.set(Loading::Done);
                for message in std::mem::take(&mut *self.queued.borrow_mut()) {
                    self.heard(message);
                }
                if leftover {
                    self.flush();
                }
                let signals = self.signals;
                leptos::task::spawn_local(async move { database::usage(&signals, &state).await });
            }
            Err(Fallback::Local(why)) => {
                if matches!(self.signals.save.get_untracked(), SaveState::ReadOnly(_)) {
                    *self.store.borrow_mut() = Store_::None;
                    self.signals.medium.set(Medium::None);
                    state.loading.set(Loading::Done);
                } else {
                    self.fall_back(why);
                }
            }
        }
    }

    /// Reads the state's plan again after [`open_plan`].
    async fn reopen(self: Rc<Self>) {
        let db = current_db();
        match db {
            Some(db) => self.load_database(db).await,
            None => {
                let state = self.state();
                let local = Local::load(&state, &self.signals);
                *self.store.borrow_mut() = Store_::Local(local);
                state.loading.set(Loading::Done);
            }
        }
    }

    /// An edit: saved once the edits pause.
    fn schedule(self: &Rc<Self>) {
        if matches!(self.signals.save.get_untracked(), SaveState::ReadOnly(_)) {
            return;
        }
        if let Some(handle) = self.timer.take() {
            handle.clear();
        }
        self.signals.save.set(SaveState::Pending);
        let weak = Rc::downgrade(self);
        let handle = set_timeout_with_handle(
            move || {
                if let Some(session) = weak.upgrade() {
                    session.flush_loaded();
                }
            },
            SAVE_DELAY,
        );
        self.timer.set(handle.ok());
    }

    /// Saves now what changed; nothing while the data is read or when
    /// nothing may be written.
    fn flush(&self) {
        if let Some(handle) = self.timer.take() {
            handle.clear();
        }
        let state = self.state();
        if state.loading.get_untracked() != Loading::Done
            || matches!(self.signals.save.get_untracked(), SaveState::ReadOnly(_))
        {
            return;
        }
        let mut store = self.store.borrow_mut();
        match &mut *store {
            Store_::Local(local) => local.save(&state, &self.signals),
            Store_::Database(database) => {
                let Some((batch, done)) = database.save(&state) else {
                    if self.signals.save.get_untracked() == SaveState::Pending {
                        self.signals.saved(database.last_bytes);
                    }
                    return;
                };
                let message = database.message(&batch);
                let signals = self.signals;
                let retire = std::mem::take(&mut database.retire_local);
                let db = database.db.clone();
                let plan = database.held.plan().clone();
                drop(store);
                leptos::task::spawn_local(async move {
                    let result = done.await;
                    let Some(session) = current() else { return };
                    session
                        .written(batch, message, result, retire, db, plan, signals)
                        .await;
                });
            }
            Store_::Opening | Store_::None => {}
        }
    }

    /// A write to the database ended.
    #[allow(clippy::too_many_arguments)]
    async fn written(
        &self,
        batch: crate::store::Batch,
        message: TabMessage,
        result: Result<(), StoreError>,
        retire: bool,
        db: Rc<Db>,
        plan: PlanId,
        signals: Signals,
    ) {
        let state = self.state();
        match result {
            Ok(()) => {
                mark_in_database();
                if retire {
                    for key in [
                        StorageKey::Tracking,
                        StorageKey::Receipts,
                        StorageKey::BeforeImport,
                    ] {
                        let _ = storage::remove(key);
                    }
                }
                if let Some(channel) = &*self.channel.borrow() {
                    channel.post(&message);
                }
                if let Store_::Database(d) = &mut *self.store.borrow_mut() {
                    d.last_bytes = batch.bytes();
                }
                if !matches!(signals.save.get_untracked(), SaveState::ReadOnly(_)) {
                    signals.saved(batch.bytes());
                }
                if batch.puts.iter().any(|i| i.key.store == Store::Backups) {
                    database::refresh_backups(&db, &plan, &signals).await;
                }
                database::usage(&signals, &state).await;
            }
            Err(e) => {
                if let Store_::Database(d) = &mut *self.store.borrow_mut() {
                    d.held.failed(&batch);
                    d.keep.extend(
                        batch
                            .puts
                            .iter()
                            .filter(|i| i.key.store == Store::Backups)
                            .cloned(),
                    );
                }
                // Local storage keeps the edit as it did before, when it
                // fits; the next start joins it back into the database.
                let kept = state.tracking.with_untracked(|t| {
                    let copy =
                        exchange::write_compact(&exchange::export_full(t, &export_meta(&state)));
                    storage::write(StorageKey::Tracking, &copy)
                });
                let mut text = e.message_vi();
                if kept.is_ok() {
                    text.push_str(" Trong lúc đó thay đổi được giữ tạm trong bộ nhớ cục bộ.");
                }
                signals.failed(&state, text);
            }
        }
    }

    /// Another tab wrote to the database.
    fn heard(self: &Rc<Self>, message: TabMessage) {
        let state = self.state();
        if state.loading.get_untracked() != Loading::Done {
            self.queued.borrow_mut().push(message);
            return;
        }
        let db = {
            let store = self.store.borrow();
            match &*store {
                Store_::Database(d) if *d.held.plan() == message.plan => d.db.clone(),
                _ => return,
            }
        };
        let weak = Rc::downgrade(self);
        leptos::task::spawn_local(async move {
            let Ok(texts) = db.get(&message.keys).await else {
                return;
            };
            let Some(session) = weak.upgrade() else {
                return;
            };
            let write_back = match &mut *session.store.borrow_mut() {
                Store_::Database(d) => d.take_in(&session.state(), &message.keys, texts),
                _ => false,
            };
            if write_back {
                session.flush();
            }
        });
    }

    /// Another tab wrote local storage: where it is this session's store,
    /// its copy is taken in.
    fn local_storage_changed(&self, key: &str, text: &str) {
        let state = self.state();
        let mut store = self.store.borrow_mut();
        let Store_::Local(local) = &mut *store else {
            return;
        };
        if key == StorageKey::Tracking.key() {
            if local.take_in(&state, text) {
                local.save(&state, &self.signals);
            }
        } else if key == StorageKey::Receipts.key() {
            local.take_in_receipts(&state, text);
        }
    }
}
