//! The embedded plan, Kế hoạch 22/KH-UBND of Kiên Giang (2021): its text as
//! copied from the web, and the same plan as data prepared from that text
//! ahead of time. The app reads the prepared data at start-up, so the
//! parser (`crate::parse`) is loaded only when a new plan is opened; the
//! tests parse the text and check the data is exactly that parse. Pure.

use std::sync::OnceLock;

use crate::model::plan::Plan;
use crate::model::unit::builtin_units;
use crate::parse::{parse_strict, read_text, ParseError};

/// The plan document as published.
pub const PLAN_TEXT: &str = include_str!("../seeds/ke-hoach-22-KH-UBND-2021.txt");

/// [`PLAN_TEXT`] parsed against the app's unit registry, as JSON
/// (`serde_json` of [`Plan`]). Written by
/// `UPDATE_SEED=1 cargo test --test seed_parse prepared`, which the same
/// test, without the variable, checks is up to date.
pub const PREPARED_PLAN: &str = include_str!("../seeds/ke-hoach-22-KH-UBND-2021.plan.json");

/// The embedded plan, read on first use.
///
/// # Panics
/// If [`PREPARED_PLAN`] does not read; the tests prove it does.
pub fn plan() -> &'static Plan {
    static PLAN: OnceLock<Plan> = OnceLock::new();
    PLAN.get_or_init(|| {
        serde_json::from_str(PREPARED_PLAN)
            .unwrap_or_else(|e| panic!("the embedded plan does not read: {e}"))
    })
}

/// Parses a text shaped like the embedded plan, whole: every line
/// understood, every unit in the app's registry.
pub fn parse_plan(text: &str) -> Result<Plan, ParseError> {
    parse_strict(&read_text(text), &builtin_units())
}

/// The prepared form of a parsed plan: what [`PREPARED_PLAN`] holds.
pub fn prepare(plan: &Plan) -> String {
    serde_json::to_string(plan).expect("a plan serialises") + "\n"
}
