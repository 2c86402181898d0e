//! The layout of the app's data in IndexedDB, as pure code: stores and
//! keys, the records a plan is split into, the batches a write makes, what
//! it costs, the checks that let a new copy replace an old one, and the
//! message that tells other tabs what changed. Never touches the browser:
//! `browser::idb` runs what this module decides, and tests run it natively.
//!
//! - [`layout`]: database name and version, stores, keys (`[plan, id]`).
//! - [`items`]: one JSON text per record, custom task, custom unit and
//!   unit's receipts; the plan's head; plan documents; back to the stored
//!   copy's text.
//! - [`batch`]: the puts and deletes of one transaction, and their bytes.
//! - [`held`]: what the database holds of a plan, as this tab knows it:
//!   what a save writes, and another tab's write taken in.
//! - [`verify`]: item-by-item comparison of a copy with its original.
//! - [`error`]: why the database failed, in Vietnamese.
//! - [`channel`]: "these keys of this plan changed", between tabs.
//! - [`usage`]: `navigator.storage.estimate()` and its warning.

pub mod batch;
pub mod channel;
pub mod error;
pub mod held;
pub mod items;
pub mod layout;
pub mod usage;
pub mod verify;

pub use batch::{Batch, Change};
pub use channel::TabMessage;
pub use error::{Op, StoreError};
pub use held::Held;
pub use items::{
    key_of, notes_text, put_notes, read_back, receipt_items, receipts_from_items, record_items,
    stored_key, stored_text, tracking_items, Counts, Item, PlanDocument, PlanHead,
};
pub use layout::{Key, KeyKind, PlanId, Store, DB_NAME, DB_VERSION};
pub use usage::{Usage, WARN_SHARE};
pub use verify::{compare_items, compare_tracking, Mismatch};
