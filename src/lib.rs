//! Kế hoạch: tracking Kế hoạch 22/KH-UBND of Kiên Giang province (2021)
//! entirely in the browser.
//!
//! # Code map
//! - [`model`]: the plan, units, deadlines and tracking data; timing and
//!   reporting derived from them. Pure.
//! - [`parse`]: reads any plan of the family (web text, Word's clipboard
//!   text, a `.docx`) into [`model::plan::Plan`] with the data its review
//!   shows. Pure.
//! - [`seed`]: the embedded plan, 22/KH-UBND, parsed by [`parse`]. Pure.
//! - [`plan_file`]: the plan file (`ke-hoach-plan`), a whole plan that
//!   travels between units. Pure.
//! - [`plans`]: the plans the app holds side by side (the embedded one
//!   first), their keys in addresses and the switcher's order. Pure.
//! - [`search`]: Vietnamese-folding search over the plan and notes. Pure.
//! - [`exchange`]: the versioned file format (also the stored format), its
//!   migrations, validation, merge and import staging. Pure.
//! - [`route`], [`i18n`]: addresses in the URL fragment; language and dates. Pure.
//! - [`store`]: the layout of the data in IndexedDB (stores, keys, one
//!   record per task record, batches, what a save writes, verification,
//!   tab messages, plan documents). Pure.
//! - [`browser`]: the only code that touches browser APIs (`browser::idb`
//!   runs what `store` decides).
//! - [`persistence`]: keeps the state in IndexedDB (local storage where the
//!   browser refuses it) through `exchange` and `store`: load, save, other
//!   tabs, backups, switching plans, plan documents.
//! - [`state`], [`ui`]: the app's signals (one context) and one module per screen.
//! - [`on_demand`]: which code is loaded on demand, in which group.
//! - [`export`]: the consolidated report as CSV and as an .xlsx workbook, the
//!   consolidated and each unit's report as Word documents. Pure.
//!
//! # Architecture invariant
//! The pure modules never import `leptos`, `web_sys` or `gloo`: they are
//! tested natively with `cargo test`. Only `browser` touches browser APIs.

pub mod exchange;
pub mod export;
pub mod i18n;
pub mod model;
pub mod on_demand;
pub mod parse;
pub mod plan_file;
pub mod plans;
pub mod route;
pub mod search;
pub mod seed;
pub mod store;

pub mod browser;
pub mod persistence;
pub mod state;
pub mod ui;
