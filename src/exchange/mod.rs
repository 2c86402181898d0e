//! The versioned exchange and storage format, migrations, validation and
//! merge. Pure: never touches the browser, a storage medium or Leptos.
//!
//! One envelope (`docs/FORMAT.md`) serves files sent between units and the
//! data kept in the browser. Writing is strict and always the current
//! version; reading is tolerant, migrates older versions step by step,
//! keeps what it does not know on the envelope and on task records, rejects
//! an unreadable item alone (with a Vietnamese reason) while reading the
//! rest, and refuses a file it cannot trust as a whole. Merging is staged:
//! a plan to show, then applying it.
//!
//! - [`envelope`]: what a file says about itself around its payload.
//! - `shape`: the payload's shape, in one place: writing (files, stored
//!   copy, checksum) and reading (fast from text, or item by item).
//! - [`json`]: duplicate-refusing parsing, canonical text and checksum.
//! - [`migrate`]: `vN -> vN+1` steps.
//! - [`merge`]: the join, the merge plan and applying it.
//! - [`staging`]: the import's staging list and its words.
//! - [`stored`]: the stored copy as items with keys.
//! - [`persist`]: the decisions of keeping data in a browser store.
//! - [`plan_document`]: `planDocument`, the plan a tracking file carries.

pub mod envelope;
mod error;
pub mod json;
pub mod merge;
pub mod migrate;
pub mod persist;
pub mod plan_document;
mod read;
mod shape;
pub mod staging;
pub mod stored;
mod write;

pub use envelope::{AppInfo, Envelope, Head, PlanRef, ReportPeriod, Scope, ScopeKind};
pub use error::{Field, ItemName, Place, PlanName, ReadError, Rejected, Warning};
pub use merge::{apply_merge, join, plan_merge, Choices, FileLabel, MergePlan, Pick, Resolver};
pub use read::{read_file, restore, ReadFile, RestoreError, Source};
pub use stored::{join_payload, write_stored, Member, StoredPayload};
pub use write::{
    export_full, export_unit_report, file_name, write_compact, write_file, ExportMeta,
};

/// The `format` of every file.
pub const FORMAT_NAME: &str = "ke-hoach-tracking";

/// The version written; every older one is read through migrations.
pub const FORMAT_VERSION: u32 = 3;

/// Files longer than this are refused before parsing (256 MB). The full
/// tracking of the plan with a few hundred added tasks is a few megabytes;
/// the benchmark's synthetic plan of 50,000 tasks with 10 notes each is
/// 230 MB, which still reads in Chromium (see BENCHMARKS.md). The limit
/// keeps a mistaken pick (a video, a disk image) from filling the memory.
pub const MAX_FILE_BYTES: usize = 256 * 1024 * 1024;

/// Fingerprints files of format version 2 carry for a plan whose identity
/// was the SHA-256 of its seed's bytes, with the plan's content fingerprint
/// (`Plan::content_fingerprint`) they stand for: `migrate_v2_to_v3` puts
/// the second in place of the first.
pub const LEGACY_FINGERPRINTS: [(&str, &str); 1] = [(
    // Kế hoạch 22/KH-UBND (2021), `seeds/ke-hoach-22-KH-UBND-2021.txt`.
    "ab59520cb5aa50703f8779ba2c509b42f4234f2198a8cec8d16496cb0e08375c",
    "233ae2bba8dfc81b4130b58f409f40bba610a30667054df62f77c9ba8b1b52dd",
)];
