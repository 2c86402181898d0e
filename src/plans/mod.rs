//! The plans the app holds side by side: the embedded plan (22/KH-UBND,
//! always first) and the plans users added, each with the key its
//! addresses name it by (`crate::route`). Decides keys, order, the
//! switcher's labels and whether a plan is already here; [`opening`] holds
//! a plan being reviewed before it is added. Never touches storage or the
//! interface (the state holds one registry, persistence keeps the added
//! plans' documents). Pure.
//!
//! Plans are documents: read once, never changed in place (a new reporting
//! day makes a new copy, [`PlanRegistry::replace`]). The registry gives each
//! a `'static` life (it is leaked on purpose), so that every screen can
//! borrow the plan's parts for as long as it shows them; a page holds a
//! handful of plans of some hundred kilobytes each, for as long as it is open.

pub mod opening;

use serde_json::Value;

use crate::exchange::plan_document::carried_plan_document;
use crate::exchange::PlanName;
use crate::model::plan::Plan;
use crate::parse::slug;

/// A plan the app holds.
#[derive(Debug, Clone, Copy)]
pub struct PlanEntry {
    /// What addresses name it by (`35-kh-ubnd-2023`); see [`plan_key`].
    pub key: &'static str,
    pub plan: &'static Plan,
    /// Its content fingerprint, computed once.
    pub fingerprint: &'static str,
    /// The plan the app comes with.
    pub embedded: bool,
}

impl PartialEq for PlanEntry {
    /// One plan, the same copy of it.
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key && std::ptr::eq(self.plan, other.plan)
    }
}

impl Eq for PlanEntry {}

impl PlanEntry {
    /// The switcher's first line: `22/KH-UBND · 2021`.
    pub fn label(&self) -> String {
        format!("{} · {}", self.plan.meta.number, self.plan.meta.year)
    }

    /// The switcher's second line: the title, cut to a few words.
    pub fn short_title(&self) -> String {
        short_title(&self.plan.meta.title)
    }
}

/// What [`PlanRegistry::add`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Added {
    /// A new plan, under this key.
    New(PlanEntry),
    /// The app already holds a plan with this content fingerprint: nothing
    /// was added.
    Already(PlanEntry),
}

/// The plans of the app, the embedded one first, then the added ones, the
/// latest year first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanRegistry {
    entries: Vec<PlanEntry>,
}

impl PlanRegistry {
    /// A registry holding only the embedded plan.
    pub fn new(embedded: &'static Plan) -> Self {
        let entry = PlanEntry {
            key: leak(plan_key(embedded)),
            plan: embedded,
            fingerprint: leak(embedded.content_fingerprint()),
            embedded: true,
        };
        Self {
            entries: vec![entry],
        }
    }

    /// The embedded plan.
    pub fn embedded(&self) -> PlanEntry {
        self.entries[0]
    }

    /// Every plan, in the switcher's order.
    pub fn entries(&self) -> &[PlanEntry] {
        &self.entries
    }

    /// The plan an address names: `None` is the embedded plan; the embedded
    /// plan's own key names it too.
    pub fn by_key(&self, key: Option<&str>) -> Option<PlanEntry> {
        match key {
            None => Some(self.embedded()),
            Some(key) => self.entries.iter().find(|e| e.key == key).copied(),
        }
    }

    /// The plan with this content fingerprint.
    pub fn by_fingerprint(&self, fingerprint: &str) -> Option<PlanEntry> {
        self.entries
            .iter()
            .find(|e| e.fingerprint == fingerprint)
            .copied()
    }

    /// Adds a plan, unless one with its fingerprint is here already.
    pub fn add(&mut self, plan: Plan) -> Added {
        let fingerprint = plan.content_fingerprint();
        if let Some(entry) = self.by_fingerprint(&fingerprint) {
            return Added::Already(entry);
        }
        let key = self.free_key(&plan, &fingerprint);
        let entry = PlanEntry {
            key: leak(key),
            plan: Box::leak(Box::new(plan)),
            fingerprint: leak(fingerprint),
            embedded: false,
        };
        // The embedded plan stays first; the others by year, latest first,
        // then by number.
        let at = self.entries[1..]
            .iter()
            .position(|e| order(entry.plan) < order(e.plan))
            .map_or(self.entries.len(), |i| i + 1);
        self.entries.insert(at, entry);
        Added::New(entry)
    }

    /// Holds a plan read back from storage: added, or in place of the copy
    /// here with the same fingerprint (the embedded plan whose reporting
    /// calendar was changed), which keeps its key and place.
    pub fn hold(&mut self, plan: Plan) -> PlanEntry {
        let fingerprint = plan.content_fingerprint();
        if self.by_fingerprint(&fingerprint).is_some() {
            return self
                .replace(plan)
                .expect("a plan with this fingerprint is here");
        }
        match self.add(plan) {
            Added::New(entry) | Added::Already(entry) => entry,
        }
    }

    /// Puts a new copy of a plan already here in place of the old one (its
    /// reporting days changed): same key, same place. `None` when no plan
    /// has its fingerprint.
    pub fn replace(&mut self, plan: Plan) -> Option<PlanEntry> {
        let fingerprint = plan.content_fingerprint();
        let slot = self
            .entries
            .iter_mut()
            .find(|e| e.fingerprint == fingerprint)?;
        slot.plan = Box::leak(Box::new(plan));
        Some(*slot)
    }

    /// The key for a plan new here: its own, or with its fingerprint's
    /// first digits when another plan has taken it.
    fn free_key(&self, plan: &Plan, fingerprint: &str) -> String {
        let key = plan_key(plan);
        if self.entries.iter().any(|e| e.key == key) {
            format!("{key}-{}", &fingerprint[..8.min(fingerprint.len())])
        } else {
            key
        }
    }
}

/// Where a tracking file of a plan other than the open one belongs.
#[derive(Debug, Clone, PartialEq)]
pub enum FileHome {
    /// A plan the app holds: the file goes to its data.
    Held(PlanEntry),
    /// A plan the app lacks, which the file carries (`planDocument`, a plan
    /// file as a JSON tree): added after its review, then imported.
    Carried(Value),
    /// A plan the app lacks, and the file does not carry it.
    Lacking,
}

impl PlanRegistry {
    /// Where a tracking file naming `plan` (its text is `text`) belongs:
    /// by fingerprint, or by number and year for a file of format version 1,
    /// which named its plan so.
    pub fn home_of(&self, plan: &PlanName, text: &str) -> FileHome {
        let held = match &plan.fingerprint {
            Some(fingerprint) => self.by_fingerprint(fingerprint),
            None => self
                .entries
                .iter()
                .find(|e| e.plan.meta.number == plan.number && e.plan.meta.year == plan.year)
                .copied(),
        };
        match held {
            Some(entry) => FileHome::Held(entry),
            None => carried_plan_document(text).map_or(FileHome::Lacking, FileHome::Carried),
        }
    }
}

/// How added plans are listed: latest year first, then by number.
fn order(plan: &Plan) -> (std::cmp::Reverse<i32>, String) {
    (std::cmp::Reverse(plan.meta.year), plan.meta.number.clone())
}

fn leak(text: String) -> &'static str {
    Box::leak(text.into_boxed_str())
}

/// A plan's own key: its number as lower-case ASCII words, then its year
/// (`22/KH-UBND` of 2021 → `22-kh-ubnd-2021`). See `crate::route`.
pub fn plan_key(plan: &Plan) -> String {
    let number = match slug(&plan.meta.number) {
        n if n.is_empty() => "ke-hoach".to_owned(),
        n => n,
    };
    format!("{number}-{}", plan.meta.year)
}

/// The first words of a title, for the switcher: whole words, `…` when cut.
pub fn short_title(title: &str) -> String {
    const WORDS: usize = 12;
    let words: Vec<&str> = title.split_whitespace().collect();
    if words.len() <= WORDS {
        words.join(" ")
    } else {
        format!("{} …", words[..WORDS].join(" "))
    }
}
