//! The embedded plan, Kế hoạch 22/KH-UBND of Kiên Giang (2021): its text as
//! copied from the web, compiled in, parsed by `crate::parse` against the
//! app's unit registry the first time it is asked for. Pure.

use std::sync::OnceLock;

use sha2::{Digest, Sha256};

use crate::model::plan::Plan;
use crate::model::unit::builtin_units;
use crate::parse::{parse_strict, read_text, ParseError};

/// The plan document, compiled in.
pub const PLAN_TEXT: &str = include_str!("../seeds/ke-hoach-22-KH-UBND-2021.txt");

/// The embedded plan, parsed on first use.
///
/// # Panics
/// If [`PLAN_TEXT`] does not parse; the tests prove it does.
pub fn plan() -> &'static Plan {
    static PLAN: OnceLock<Plan> = OnceLock::new();
    PLAN.get_or_init(|| {
        parse_plan(PLAN_TEXT).unwrap_or_else(|e| panic!("the embedded plan does not parse: {e}"))
    })
}

/// Parses a text shaped like the embedded plan, whole: every line
/// understood, every unit in the app's registry.
pub fn parse_plan(text: &str) -> Result<Plan, ParseError> {
    parse_strict(&read_text(text), &builtin_units())
}

/// The fingerprint of the embedded plan's text, computed once.
pub fn fingerprint() -> &'static str {
    static FINGERPRINT: OnceLock<String> = OnceLock::new();
    FINGERPRINT.get_or_init(|| plan_fingerprint(PLAN_TEXT))
}

/// The plan's identity written into exchange files up to format v2: the
/// lowercase hex SHA-256 of the plan text.
pub fn plan_fingerprint(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
