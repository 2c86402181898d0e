//! The app's state, provided once through context and reached with
//! [`use_app`]. Signals hold only what the user chose or recorded; every
//! figure is derived from them by the pure core. The app holds several
//! plans (`crate::plans`); one is open at a time, and every screen, report,
//! export and the search read the open one ([`AppState::plan`]), so the
//! tracking, receipts and history in these signals are the open plan's.

use chrono::NaiveDate;
use leptos::prelude::*;

use crate::browser::{clock, location};
use crate::i18n::Lang;
use crate::model::app_report::AppData;
use crate::model::catalog::{is_plan_task, Catalog};
use crate::model::edit::{Edit, EditContext, EditError};
use crate::model::history::{History, Snapshot, Touched};
use crate::model::plan::Plan;
use crate::model::receipts::Receipts;
use crate::model::reporting::ReportingRule;
use crate::model::timing::DEFAULT_DUE_SOON_DAYS;
use crate::model::tracking::Tracking;
use crate::model::unit::UnitId;
use crate::plans::{Added, PlanEntry, PlanRegistry};
use crate::route::{Address, Route};

/// A message shown to the user until dismissed or replaced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub kind: NoticeKind,
    pub text: String,
    /// What the user can do about it right there.
    pub action: Option<NoticeAction>,
}

/// A remedy offered with a notice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoticeAction {
    /// Download the whole tracking data as a file (storage failed).
    DownloadData,
    /// Download the raw text kept under this backup key.
    DownloadBackup(String),
}

/// How far the data kept in the browser has been read (`persistence`
/// sets it): until it is, edits wait, so that nothing is saved over data
/// not read yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Loading {
    /// Being read.
    Reading,
    /// Read but for the records' notes, which come after the first screen.
    Notes,
    /// Read (or nothing to read).
    Done,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeKind {
    Info,
    Success,
    Error,
}

/// Shared state of the running app. `Copy`: signals are handles.
#[derive(Clone, Copy)]
pub struct AppState {
    /// The plans the app holds, the embedded one first.
    pub plans: RwSignal<PlanRegistry>,
    /// The plan open now.
    pub current: RwSignal<PlanEntry>,
    /// The key of a plan an address named that the app does not hold (the
    /// screen says so); `None` once an address names a plan it holds.
    pub missing_plan: RwSignal<Option<String>>,
    /// The screen of the open plan.
    pub route: RwSignal<Route>,
    pub lang: RwSignal<Lang>,
    /// The date the view is "as of" (ngày tham chiếu); today by default.
    pub as_of: RwSignal<NaiveDate>,
    /// How many days before its deadline a task counts as due soon.
    pub due_soon_days: RwSignal<u32>,
    /// The unit the user works for; it signs every edit.
    pub my_unit: RwSignal<Option<UnitId>>,
    pub tracking: RwSignal<Tracking>,
    /// Tasks and units as listed, derived from the plan and tracking.
    pub catalog: Memo<Catalog>,
    /// Undo and redo within this session.
    pub history: RwSignal<History>,
    pub notice: RwSignal<Option<Notice>>,
    /// Units' reports imported here, by period (for Sở KH&ĐT).
    pub receipts: RwSignal<Receipts>,
    pub loading: RwSignal<Loading>,
}

impl AppState {
    /// The state of an app holding the embedded plan, open at its `route`.
    pub fn new(embedded: &'static Plan, route: Route, today: NaiveDate) -> Self {
        let tracking = RwSignal::new(Tracking::default());
        let plans = PlanRegistry::new(embedded);
        let current = RwSignal::new(plans.embedded());
        Self {
            plans: RwSignal::new(plans),
            current,
            missing_plan: RwSignal::new(None),
            route: RwSignal::new(route),
            lang: RwSignal::new(Lang::Vi),
            as_of: RwSignal::new(today),
            due_soon_days: RwSignal::new(DEFAULT_DUE_SOON_DAYS),
            my_unit: RwSignal::new(None),
            tracking,
            catalog: Memo::new(move |_| {
                let plan = current.get().plan;
                tracking.with(|t| Catalog::build(plan, t))
            }),
            history: RwSignal::new(History::default()),
            notice: RwSignal::new(None),
            receipts: RwSignal::new(Receipts::default()),
            loading: RwSignal::new(Loading::Done),
        }
    }

    /// The open plan; inside a memo or effect this subscribes it to a
    /// switch of plans.
    pub fn plan(&self) -> &'static Plan {
        self.current.get().plan
    }

    /// The open plan, without subscribing: for what is built once per
    /// plan (a screen is built again when the plan changes).
    pub fn plan_untracked(&self) -> &'static Plan {
        self.current.get_untracked().plan
    }

    /// The address of a screen of the open plan (tracked: a link follows a
    /// switch of plans).
    pub fn address(&self, route: Route) -> Address {
        let entry = self.current.get();
        Address {
            plan: (!entry.embedded).then(|| entry.key.to_owned()),
            route,
        }
    }

    /// The link to a screen of the open plan.
    pub fn href(&self, route: Route) -> String {
        self.address(route).href()
    }

    /// Goes to a screen of the open plan as a new history entry.
    pub fn go(&self, route: Route) {
        location::go(&untrack(|| self.address(route)));
    }

    /// Shows a screen of the open plan in place of the current history
    /// entry (a refinement: a filter, a search being typed).
    pub fn replace(&self, route: Route) {
        location::replace(&untrack(|| self.address(route)));
    }

    /// Adds a reviewed plan (unless the app holds it already, which is then
    /// returned): opening it is the caller's next step.
    pub fn add_plan(&self, plan: Plan) -> Added {
        let mut added = None;
        self.plans.update(|plans| added = Some(plans.add(plan)));
        added.expect("the update ran")
    }

    /// Gives the open plan a new reporting calendar: a new copy of the plan
    /// takes its place (plans are documents, never changed in place).
    pub fn set_reporting(&self, rule: ReportingRule) -> Option<PlanEntry> {
        let mut plan = self.plan_untracked().clone();
        plan.meta.reporting = rule;
        let mut replaced = None;
        self.plans.update(|plans| replaced = plans.replace(plan));
        if let Some(entry) = replaced {
            self.current.set(entry);
        }
        replaced
    }

    /// Follows an address (a link, Back, a typed or reloaded address): the
    /// plan it names becomes the open one, then its screen is shown. A
    /// switch of plans goes through `switch`, which opens that plan's data
    /// and makes it the open one; when it refuses, the open plan and its
    /// screen stay (the address bar is put back) and the user is told why.
    /// An address naming a plan the app does not hold leaves the open plan
    /// as it is and shows why.
    pub fn follow(&self, address: Address, switch: impl FnOnce(PlanEntry) -> Result<(), String>) {
        let Address { plan: key, route } = address;
        let entry = self.plans.with_untracked(|p| p.by_key(key.as_deref()));
        let Some(entry) = entry else {
            self.missing_plan.set(key);
            self.route.set(Route::NotFound(String::new()));
            return;
        };
        self.missing_plan.set(None);
        if self.current.get_untracked() != entry {
            if let Err(why) = switch(entry) {
                location::replace(&untrack(|| self.address(self.route.get())));
                self.notify(NoticeKind::Error, why);
                return;
            }
        }
        self.route.set(route);
    }

    /// Holds the plans read back from storage (the embedded plan's own
    /// copy replaces it: its reporting calendar was changed here), then
    /// follows the address again when it named one of them.
    pub fn hold_plans(&self, plans: Vec<Plan>) {
        self.plans.update(|registry| {
            for plan in plans {
                let entry = registry.hold(plan);
                if entry.key == self.current.get_untracked().key {
                    self.current.set(entry);
                }
            }
        });
        if self.missing_plan.get_untracked().is_some() {
            self.follow(Address::parse(&location::fragment()), |entry| {
                self.current.set(entry);
                Ok(())
            });
        }
    }

    /// The data reports are built from, as of the chosen date, read in
    /// place. Inside a memo this subscribes it to all of them; wrap the call
    /// in `untrack` for a snapshot.
    pub fn with_report_data<R>(&self, f: impl FnOnce(&AppData) -> R) -> R {
        let (as_of, due_soon_days) = (self.as_of.get(), self.due_soon_days.get());
        self.catalog.with(|catalog| {
            self.tracking.with(|tracking| {
                self.receipts.with(|receipts| {
                    f(&AppData {
                        plan: self.plan(),
                        catalog,
                        tracking,
                        receipts,
                        as_of,
                        due_soon_days,
                    })
                })
            })
        })
    }

    /// Shorthand for a string in the current language.
    pub fn t(&self, vi: &'static str, en: &'static str) -> &'static str {
        self.lang.get().pick(vi, en)
    }

    /// Applies a user's edit, signed by the chosen unit, as one undo step.
    /// Returns the message to show when it is refused; nothing changes then.
    pub fn edit(&self, edit: Edit) -> Result<(), String> {
        if self.loading.get_untracked() != Loading::Done {
            return Err(READING.into());
        }
        let Some(by) = self.my_unit.get_untracked() else {
            return Err("Hãy chọn đơn vị của bạn trước khi cập nhật: mỗi thay đổi ghi tên đơn vị đã thực hiện.".into());
        };
        let plan = self.plan_untracked();
        let is_plan_task = move |id: &str| is_plan_task(plan, id);
        let ctx = EditContext {
            by: &by,
            now: clock::now_millis(),
            builtin_units: &plan.units,
            is_plan_task: &is_plan_task,
        };
        // In place, not on a copy: copying the whole tracking data per edit
        // costs as much as the data is large. `apply` changes nothing when
        // it refuses an edit.
        let mut result: Result<bool, EditError> = Ok(false);
        self.tracking.update_untracked(|tracking| {
            self.history
                .update_untracked(|h| result = h.apply(tracking, edit, &ctx));
        });
        match result {
            Ok(true) => {
                self.history.notify();
                self.tracking.notify();
                Ok(())
            }
            Ok(false) => Ok(()),
            Err(e) => Err(e.to_string()),
        }
    }

    /// Replaces the whole state — the tracking data and the receipts of
    /// imported reports (an import or a restore) — as one undo step that
    /// brings back exactly the state before.
    pub fn replace_state(&self, new: Snapshot) {
        self.tracking.update_untracked(|tracking| {
            self.receipts.update_untracked(|receipts| {
                self.history
                    .update_untracked(|h| h.replace(tracking, receipts, new));
            });
        });
        self.history.notify();
        self.tracking.notify();
        self.receipts.notify();
    }

    pub fn undo(&self) {
        self.step(History::undo);
    }

    pub fn redo(&self) {
        self.step(History::redo);
    }

    fn step(&self, action: fn(&mut History, &mut Tracking, &mut Receipts) -> Option<Touched>) {
        let mut touched = None;
        self.tracking.update_untracked(|tracking| {
            self.receipts.update_untracked(|receipts| {
                self.history
                    .update_untracked(|h| touched = action(h, tracking, receipts));
            });
        });
        if let Some(touched) = touched {
            self.history.notify();
            if touched.tracking {
                self.tracking.notify();
            }
            if touched.receipts {
                self.receipts.notify();
            }
        }
    }

    pub fn notify(&self, kind: NoticeKind, text: impl Into<String>) {
        self.notice.set(Some(Notice {
            kind,
            text: text.into(),
            action: None,
        }));
    }

    pub fn notify_with(&self, kind: NoticeKind, text: impl Into<String>, action: NoticeAction) {
        self.notice.set(Some(Notice {
            kind,
            text: text.into(),
            action: Some(action),
        }));
    }
}

/// Why an edit waits while the stored data is read.
pub const READING: &str =
    "Ứng dụng đang đọc dữ liệu đã lưu trong trình duyệt; hãy thử lại sau giây lát.";

/// The app state provided by `ui::App`.
pub fn use_app() -> AppState {
    expect_context::<AppState>()
}
