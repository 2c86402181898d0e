//! The embedded plan, Kế hoạch 22/KH-UBND of Kiên Giang (2021): its text as
//! copied from the web, compiled in, parsed by `crate::parse` against the
//! app's unit registry the first time it is asked for. Pure.

use std::sync::OnceLock;

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
