//! `planDocument`: the plan itself, carried by a tracking file of a plan
//! other than the embedded one, so that a unit whose app lacks the plan can
//! add it (after the review step) and then import the file. Its value is a
//! whole plan file's envelope (`crate::plan_file`), with its own checksum.
//! It is an optional envelope member: version 3 readers keep members they
//! do not know (`Head::extra`), so no version bump was needed, and this
//! module only names it, puts it in, takes it out, and finds it in a file
//! whose plan is not open. Pure; knows nothing of the plan's shape.

use serde_json::Value;

use super::envelope::Head;

/// The envelope member's name.
pub const PLAN_DOCUMENT: &str = "planDocument";

impl Head {
    /// The plan file the file carries, if it carries one.
    pub fn plan_document(&self) -> Option<&Value> {
        self.extra.get(PLAN_DOCUMENT)
    }

    /// Makes the file carry `document` (a plan file as a JSON tree).
    pub fn carry_plan_document(&mut self, document: Value) {
        self.extra.insert(PLAN_DOCUMENT.to_owned(), document);
    }
}

/// The plan file a tracking file carries, read without reading its
/// payload: for a file of a plan the app does not have open
/// (`ReadError::OtherPlan` names that plan). `None` when the text is not a
/// tracking file's JSON object or carries no plan.
pub fn carried_plan_document(text: &str) -> Option<Value> {
    let Value::Object(mut file) = serde_json::from_str(text.trim_start_matches('\u{feff}')).ok()?
    else {
        return None;
    };
    if file.get("format").and_then(Value::as_str) != Some(super::FORMAT_NAME) {
        return None;
    }
    file.remove(PLAN_DOCUMENT)
}
