//! The versioned exchange and storage format, migrations, validation and merge. Pure.
//!
//! One envelope (`docs/FORMAT.md`) serves files sent between units and the
//! data kept in the browser's local storage. Writing is strict and always the
//! current version; reading is tolerant, migrates older versions step by step,
//! keeps fields it does not know, and refuses what it cannot trust with a
//! Vietnamese message saying what and where. Merging is staged: a plan to
//! show, then applying it.
//!
//! - [`dto`]: the file's shape and its conversions to and from the model.
//! - [`json`]: duplicate-refusing parsing, canonical text and checksum.
//! - [`migrate`]: `vN -> vN+1` steps.
//! - [`merge`]: merge plan and apply.
//! - `typed`: the fast reader of current-version files (no JSON tree);
//!   `stored`: the stored copy, rewritten item by item.

pub mod dto;
mod error;
pub mod json;
pub mod merge;
pub mod migrate;
mod read;
pub mod staging;
mod stored;
mod typed;
mod write;

pub use dto::{AppInfo, Envelope, PlanRef, ReportPeriod, Scope, ScopeKind};
pub use error::{Field, Place, PlanName, ReadError, Warning};
pub use merge::{apply_merge, plan_merge, Choices, FileLabel, MergePlan, Side};
pub use read::{read_file, restore, ReadFile, RestoreError, Source};
pub use stored::{write_stored, StoredPayload};
pub use write::{
    export_full, export_unit_report, file_name, write_compact, write_file, ExportMeta,
};

/// The `format` of every file.
pub const FORMAT_NAME: &str = "ke-hoach-tracking";

/// The version written; every older one is read through migrations.
pub const FORMAT_VERSION: u32 = 2;

/// Files longer than this are refused before parsing (256 MB). The full
/// tracking of the plan with a few hundred added tasks is a few megabytes;
/// the benchmark's synthetic plan of 50,000 tasks with 10 notes each is
/// 230 MB, which still reads in Chromium (see BENCHMARKS.md). The limit
/// keeps a mistaken pick (a video, a disk image) from filling the memory.
pub const MAX_FILE_BYTES: usize = 256 * 1024 * 1024;
