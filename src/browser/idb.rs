//! IndexedDB: the only code that opens, reads and writes it. It runs what
//! [`crate::store`] decides (stores, keys, batches) and never interprets a
//! value: every value is a JS string handed over as it is. Each failure is
//! returned as a [`StoreError`] for the interface to explain.

use std::cell::{Cell, RefCell};
use std::collections::BTreeSet;
use std::future::Future;
use std::rc::Rc;

use js_sys::{Array, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    DomException, IdbDatabase, IdbFactory, IdbKeyRange, IdbObjectStore, IdbOpenDbRequest,
    IdbRequest, IdbTransaction, IdbTransactionMode, IdbVersionChangeEvent,
};

use crate::store::layout::stores_to_create;
use crate::store::{
    Batch, Item, Key, KeyKind, Op, PlanId, Store, StoreError, Usage, DB_NAME, DB_VERSION,
};

/// Whether the connection still serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Conn {
    Open,
    /// Closed for another tab's upgrade.
    VersionChanged,
    Closed,
}

/// What to do when another tab's upgrade closes the connection.
type OnVersionChange = Rc<RefCell<Option<Box<dyn Fn()>>>>;

/// An open connection to the database. It closes itself when another tab
/// opens a newer version, so that tab's upgrade is not blocked; every call
/// after that fails with [`StoreError::VersionChange`].
pub struct Db {
    db: IdbDatabase,
    conn: Rc<Cell<Conn>>,
    on_version_change: OnVersionChange,
    _version_change: Closure<dyn FnMut(web_sys::Event)>,
}

impl Drop for Db {
    fn drop(&mut self) {
        self.db.set_onversionchange(None);
        self.db.close();
    }
}

/// The app's database, created or upgraded to the layout's version.
pub async fn open() -> Result<Db, StoreError> {
    open_named(DB_NAME, DB_VERSION).await
}

/// A database by name and version (tests use their own).
pub async fn open_named(name: &str, version: u32) -> Result<Db, StoreError> {
    open_in(&factory()?, name, version).await
}

/// The page's `indexedDB`, absent in some private windows and `file://`
/// pages.
fn factory() -> Result<IdbFactory, StoreError> {
    web_sys::window()
        .and_then(|w| w.indexed_db().ok().flatten())
        .ok_or(StoreError::Unavailable)
}

/// A database of a given factory: the page's, or a storage bucket's (whose
/// quota tests can make small).
pub async fn open_in(factory: &IdbFactory, name: &str, version: u32) -> Result<Db, StoreError> {
    let request = factory
        .open_with_u32(name, version)
        .map_err(|e| js_error(&e, Op::Open, 0))?;
    let upgrade = {
        let request = request.clone();
        Closure::once(move |event: IdbVersionChangeEvent| {
            let old = event.old_version() as u32;
            let new = event.new_version().map_or(version, |v| v as u32);
            if let Err(e) = upgrade(&request, old, new) {
                web_sys::console::error_2(&"IndexedDB upgrade".into(), &e);
                // The open then fails with an AbortError: a failed upgrade.
                if let Some(tx) = request.transaction() {
                    let _ = tx.abort();
                }
            }
        })
    };
    request.set_onupgradeneeded(Some(upgrade.as_ref().unchecked_ref()));
    let outcome = JsFuture::from(Promise::new(&mut |resolve, reject| {
        request.set_onsuccess(Some(&resolve));
        request.set_onerror(Some(&reject));
        request.set_onblocked(Some(&reject));
    }))
    .await;
    match outcome {
        Ok(_) => {
            request.set_onupgradeneeded(None);
            let db: IdbDatabase = request
                .result()
                .map_err(|e| js_error(&e, Op::Open, 0))?
                .unchecked_into();
            Ok(Db::new(db))
        }
        Err(event) if event_type(&event) == "blocked" => {
            // The request stays pending until the other tab lets go: the
            // upgrade may still run then, and the late connection is closed
            // at once so that it blocks no one in turn.
            upgrade.forget();
            let late = request.clone();
            let close_late = Closure::once_into_js(move || {
                if let Ok(db) = late.result() {
                    db.unchecked_into::<IdbDatabase>().close();
                }
            });
            request.set_onsuccess(Some(close_late.unchecked_ref()));
            Err(StoreError::Blocked)
        }
        Err(_) => Err(request_error(&request, Op::Open, 0)),
    }
}

/// Creates the stores an upgrade from `old` to `new` adds.
fn upgrade(request: &IdbOpenDbRequest, old: u32, new: u32) -> Result<(), JsValue> {
    let db: IdbDatabase = request.result()?.unchecked_into();
    let existing = db.object_store_names();
    for store in stores_to_create(old, new) {
        if !existing.contains(store.name()) {
            db.create_object_store(store.name())?;
        }
    }
    Ok(())
}

/// Deletes a database (tests; never the app's own).
pub async fn delete_database(name: &str) -> Result<(), StoreError> {
    let request = factory()?
        .delete_database(name)
        .map_err(|e| js_error(&e, Op::Open, 0))?;
    Pending::new(request.into())
        .result(Op::Open)
        .await
        .map(drop)
}

impl Db {
    fn new(db: IdbDatabase) -> Self {
        let conn = Rc::new(Cell::new(Conn::Open));
        let on_version_change = OnVersionChange::default();
        let version_change = {
            let (db, conn, callback) = (db.clone(), conn.clone(), on_version_change.clone());
            Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
                db.close();
                conn.set(Conn::VersionChanged);
                if let Some(f) = callback.borrow().as_ref() {
                    f();
                }
            })
        };
        db.set_onversionchange(Some(version_change.as_ref().unchecked_ref()));
        Self {
            db,
            conn,
            on_version_change,
            _version_change: version_change,
        }
    }

    /// Calls `f` when another tab's upgrade closed this connection (to tell
    /// the user, who should reload).
    pub fn on_version_change(&self, f: impl Fn() + 'static) {
        *self.on_version_change.borrow_mut() = Some(Box::new(f));
    }

    /// Closes the connection; every later call fails with
    /// [`StoreError::Closed`].
    pub fn close(&self) {
        self.db.close();
        if self.conn.get() == Conn::Open {
            self.conn.set(Conn::Closed);
        }
    }

    pub fn version(&self) -> u32 {
        self.db.version() as u32
    }

    fn transaction(
        &self,
        stores: &BTreeSet<Store>,
        mode: IdbTransactionMode,
        op: Op,
    ) -> Result<IdbTransaction, StoreError> {
        match self.conn.get() {
            Conn::Open => {}
            Conn::VersionChanged => return Err(StoreError::VersionChange),
            Conn::Closed => return Err(StoreError::Closed),
        }
        let names: Array = stores.iter().map(|s| JsValue::from_str(s.name())).collect();
        self.db
            .transaction_with_str_sequence_and_mode(&names, mode)
            .map_err(|e| js_error(&e, op, 0))
    }

    /// Runs a batch in one transaction: all of it is written or none. The
    /// transaction and its requests are made before this returns, so a
    /// write started in `pagehide` commits even if the future is never
    /// awaited; awaiting it tells whether it did.
    pub fn write(&self, batch: &Batch) -> impl Future<Output = Result<(), StoreError>> {
        let queued = self.queue(batch);
        async move {
            let Some((tx, done, bytes)) = queued? else {
                return Ok(());
            };
            done.await
                .map(drop)
                .map_err(|_| transaction_error(&tx, Op::Write, bytes))
        }
    }

    /// The batch's transaction with its requests queued, and the future of
    /// its completion; `None` for an empty batch.
    fn queue(
        &self,
        batch: &Batch,
    ) -> Result<Option<(IdbTransaction, JsFuture, usize)>, StoreError> {
        if batch.is_empty() {
            return Ok(None);
        }
        let stores: BTreeSet<Store> = batch
            .clears
            .iter()
            .map(|(s, _)| *s)
            .chain(batch.deletes.iter().map(|k| k.store))
            .chain(batch.puts.iter().map(|i| i.key.store))
            .collect();
        let bytes = batch.bytes();
        let tx = self.transaction(&stores, IdbTransactionMode::Readwrite, Op::Write)?;
        let done = transaction_done(&tx);
        if let Err(e) = queue_writes(&tx, batch) {
            let _ = tx.abort();
            return Err(js_error(&e, Op::Write, bytes));
        }
        Ok(Some((tx, done, bytes)))
    }

    /// Every record of `plan` in each of `stores`, read in one transaction,
    /// in key order.
    pub async fn read_plan(
        &self,
        stores: &[Store],
        plan: &PlanId,
    ) -> Result<Vec<Item>, StoreError> {
        let set: BTreeSet<Store> = stores.iter().copied().collect();
        let tx = self.transaction(&set, IdbTransactionMode::Readonly, Op::Read)?;
        let range = plan_range(plan);
        // Every request is made, and watched, before the first is awaited:
        // the transaction stays open while any is pending.
        let mut pending = Vec::new();
        for store in stores {
            let os = object_store(&tx, *store)?;
            let keys = os.get_all_keys_with_key(&range).map(Pending::new);
            let values = os.get_all_with_key(&range).map(Pending::new);
            let (keys, values) = keys
                .and_then(|k| values.map(|v| (k, v)))
                .map_err(|e| js_error(&e, Op::Read, 0))?;
            pending.push((*store, keys, values));
        }
        let mut items = Vec::new();
        for (store, keys, values) in pending {
            let keys: Array = keys.result(Op::Read).await?.unchecked_into();
            let values: Array = values.result(Op::Read).await?.unchecked_into();
            for (key, value) in keys.iter().zip(values.iter()) {
                let id = Array::from(&key).get(1).as_string().unwrap_or_default();
                let key = Key::item(store, plan, id);
                items.push(Item {
                    text: text_of(&key, value)?,
                    key,
                });
            }
        }
        Ok(items)
    }

    /// Up to `count` records of `plan` in `store` after the id `after` (from
    /// the first when `None`), in key order: a large store read a part at a
    /// time, so that no more than a part is in memory at once.
    pub async fn read_part(
        &self,
        store: Store,
        plan: &PlanId,
        after: Option<&str>,
        count: u32,
    ) -> Result<Vec<Item>, StoreError> {
        let tx = self.transaction(
            &BTreeSet::from([store]),
            IdbTransactionMode::Readonly,
            Op::Read,
        )?;
        let id = JsValue::from_str(plan.as_str());
        let lower = match after {
            Some(after) => Array::of2(&id, &after.into()),
            None => Array::of1(&id),
        };
        let range = IdbKeyRange::bound_with_lower_open_and_upper_open(
            &lower,
            &Array::of2(&id, &Array::new()),
            after.is_some(),
            false,
        )
        .map_err(|e| js_error(&e, Op::Read, 0))?;
        let os = object_store(&tx, store)?;
        let keys = os
            .get_all_keys_with_key_and_limit(&range, count)
            .map(Pending::new);
        let values = os
            .get_all_with_key_and_limit(&range, count)
            .map(Pending::new);
        let (keys, values) = keys
            .and_then(|k| values.map(|v| (k, v)))
            .map_err(|e| js_error(&e, Op::Read, 0))?;
        let keys: Array = keys.result(Op::Read).await?.unchecked_into();
        let values: Array = values.result(Op::Read).await?.unchecked_into();
        keys.iter()
            .zip(values.iter())
            .map(|(key, value)| {
                let id = Array::from(&key).get(1).as_string().unwrap_or_default();
                let key = Key::item(store, plan, id);
                Ok(Item {
                    text: text_of(&key, value)?,
                    key,
                })
            })
            .collect()
    }

    /// The records at `keys` (any stores), `None` where there is none: what
    /// another tab said it changed.
    pub async fn get(&self, keys: &[Key]) -> Result<Vec<Option<String>>, StoreError> {
        let set: BTreeSet<Store> = keys.iter().map(|k| k.store).collect();
        if set.is_empty() {
            return Ok(Vec::new());
        }
        let tx = self.transaction(&set, IdbTransactionMode::Readonly, Op::Read)?;
        let requests = keys
            .iter()
            .map(|k| {
                object_store(&tx, k.store)?
                    .get(&js_key(k))
                    .map(Pending::new)
                    .map_err(|e| js_error(&e, Op::Read, 0))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let mut out = Vec::with_capacity(keys.len());
        for (key, request) in keys.iter().zip(requests) {
            let value = request.result(Op::Read).await?;
            out.push(if value.is_undefined() {
                None
            } else {
                Some(text_of(key, value)?)
            });
        }
        Ok(out)
    }

    /// The ids of `plan`'s records in a store, in key order (no value is
    /// read): the backups list.
    pub async fn keys(&self, store: Store, plan: &PlanId) -> Result<Vec<String>, StoreError> {
        let tx = self.transaction(
            &BTreeSet::from([store]),
            IdbTransactionMode::Readonly,
            Op::Read,
        )?;
        let keys: Array = object_store(&tx, store)?
            .get_all_keys_with_key(&plan_range(plan))
            .map(Pending::new)
            .map_err(|e| js_error(&e, Op::Read, 0))?
            .result(Op::Read)
            .await?
            .unchecked_into();
        Ok(keys
            .iter()
            .map(|k| Array::from(&k).get(1).as_string().unwrap_or_default())
            .collect())
    }

    /// Every record of a store keyed by plan id alone (plan heads, plan
    /// documents), in key order.
    pub async fn read_store(&self, store: Store) -> Result<Vec<Item>, StoreError> {
        let tx = self.transaction(
            &BTreeSet::from([store]),
            IdbTransactionMode::Readonly,
            Op::Read,
        )?;
        let os = object_store(&tx, store)?;
        let keys = os.get_all_keys().map(Pending::new);
        let values = os.get_all().map(Pending::new);
        let (keys, values) = keys
            .and_then(|k| values.map(|v| (k, v)))
            .map_err(|e| js_error(&e, Op::Read, 0))?;
        let keys: Array = keys.result(Op::Read).await?.unchecked_into();
        let values: Array = values.result(Op::Read).await?.unchecked_into();
        keys.iter()
            .zip(values.iter())
            .map(|(key, value)| {
                let plan = PlanId::new(key.as_string().unwrap_or_default());
                let key = Key {
                    store,
                    ..Key::plan(&plan)
                };
                Ok(Item {
                    text: text_of(&key, value)?,
                    key,
                })
            })
            .collect()
    }

    /// How many records of `plan` a store holds (no value is read).
    pub async fn count(&self, store: Store, plan: &PlanId) -> Result<usize, StoreError> {
        let tx = self.transaction(
            &BTreeSet::from([store]),
            IdbTransactionMode::Readonly,
            Op::Read,
        )?;
        let n = object_store(&tx, store)?
            .count_with_key(&plan_range(plan))
            .map(Pending::new)
            .map_err(|e| js_error(&e, Op::Read, 0))?
            .result(Op::Read)
            .await?;
        Ok(n.as_f64().unwrap_or(0.0) as usize)
    }
}

/// Clears, deletes and puts, queued on an open transaction.
fn queue_writes(tx: &IdbTransaction, batch: &Batch) -> Result<(), JsValue> {
    for (store, plan) in &batch.clears {
        tx.object_store(store.name())?.delete(&plan_range(plan))?;
    }
    for key in &batch.deletes {
        tx.object_store(key.store.name())?.delete(&js_key(key))?;
    }
    for item in &batch.puts {
        tx.object_store(item.key.store.name())?
            .put_with_key(&JsValue::from_str(&item.text), &js_key(&item.key))?;
    }
    Ok(())
}

fn object_store(tx: &IdbTransaction, store: Store) -> Result<IdbObjectStore, StoreError> {
    tx.object_store(store.name())
        .map_err(|e| js_error(&e, Op::Read, 0))
}

/// A value read back, which must be the text that was put.
fn text_of(key: &Key, value: JsValue) -> Result<String, StoreError> {
    value
        .as_string()
        .ok_or_else(|| StoreError::Other(format!("bản ghi {key} không phải văn bản")))
}

fn js_key(key: &Key) -> JsValue {
    match key.store.key_kind() {
        KeyKind::Plan => key.plan.as_str().into(),
        KeyKind::PlanItem => Array::of2(&key.plan.as_str().into(), &key.id.as_str().into()).into(),
        KeyKind::Name => key.id.as_str().into(),
    }
}

/// Every `[plan, …]` key: arrays sort after strings, so `[plan, []]` is
/// above every `[plan, id]`.
fn plan_range(plan: &PlanId) -> IdbKeyRange {
    let plan = JsValue::from_str(plan.as_str());
    IdbKeyRange::bound(&Array::of1(&plan), &Array::of2(&plan, &Array::new()))
        .expect("two valid keys, lower below upper")
}

/// Resolves when the transaction commits, fails when it aborts.
fn transaction_done(tx: &IdbTransaction) -> JsFuture {
    JsFuture::from(Promise::new(&mut |resolve, reject| {
        tx.set_oncomplete(Some(&resolve));
        tx.set_onabort(Some(&reject));
    }))
}

/// A request watched from the moment it is made: its events may fire while
/// an earlier request is awaited.
struct Pending {
    request: IdbRequest,
    done: JsFuture,
}

impl Pending {
    fn new(request: IdbRequest) -> Self {
        let done = JsFuture::from(Promise::new(&mut |resolve, reject| {
            request.set_onsuccess(Some(&resolve));
            request.set_onerror(Some(&reject));
        }));
        Self { request, done }
    }

    /// The request's result once it succeeds.
    async fn result(self, op: Op) -> Result<JsValue, StoreError> {
        match self.done.await {
            Ok(_) => self.request.result().map_err(|e| js_error(&e, op, 0)),
            Err(_) => Err(request_error(&self.request, op, 0)),
        }
    }
}

fn request_error(request: &IdbRequest, op: Op, bytes: usize) -> StoreError {
    match request.error() {
        Ok(Some(e)) => dom_error(&e, op, bytes),
        Ok(None) | Err(_) => StoreError::Other("yêu cầu thất bại".into()),
    }
}

fn transaction_error(tx: &IdbTransaction, op: Op, bytes: usize) -> StoreError {
    match tx.error() {
        Some(e) => dom_error(&e, op, bytes),
        // `abort()` called by the app itself leaves no error.
        None => StoreError::Aborted("giao dịch bị hủy".into()),
    }
}

fn dom_error(e: &DomException, op: Op, bytes: usize) -> StoreError {
    StoreError::from_dom(&e.name(), &e.message(), op, bytes)
}

/// What a thrown value means: a `DOMException` is named, anything else is
/// told as it reads.
pub fn js_error(e: &JsValue, op: Op, bytes: usize) -> StoreError {
    match e.dyn_ref::<DomException>() {
        Some(d) => dom_error(d, op, bytes),
        None => StoreError::Other(
            e.as_string()
                .or_else(|| e.dyn_ref::<js_sys::Error>().map(|e| e.message().into()))
                .unwrap_or_else(|| "lỗi không rõ".into()),
        ),
    }
}

fn event_type(event: &JsValue) -> String {
    event
        .dyn_ref::<web_sys::Event>()
        .map(web_sys::Event::type_)
        .unwrap_or_default()
}

/// What the origin uses and may use (`navigator.storage.estimate()`),
/// `None` where the browser does not say.
pub async fn estimate() -> Option<Usage> {
    let manager = web_sys::window()?.navigator().storage();
    let estimate: web_sys::StorageEstimate = JsFuture::from(manager.estimate().ok()?)
        .await
        .ok()?
        .unchecked_into();
    Some(Usage {
        used: estimate.get_usage()?,
        quota: estimate.get_quota()?,
    })
}
