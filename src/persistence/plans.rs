//! The plans users added, kept across visits: each reviewed plan is kept
//! as its plan file (the store's plan documents, by plan id) before the
//! registry holds it, a changed reporting calendar keeps the new copy, and
//! at start the kept plans are held before any plan's data is read; and
//! following an address, where a switch of plans opens that plan's data.
//! Wires `state`'s registry to the session's store: never decides what a
//! plan is (`plans`, `plan_file`) nor how it is stored (`store`). A kept
//! plan that cannot be read is told and left as it is, never deleted.

use std::future::Future;
use std::pin::Pin;

use leptos::prelude::*;

use crate::browser::idb::Db;
use crate::model::plan::Plan;
use crate::model::reporting::ReportingRule;
use crate::on_demand::on_demand;
use crate::plan_file::{read_plan_file, write_plan_file};
use crate::plans::Added;
use crate::route::Address;
use crate::state::{AppState, NoticeKind};
use crate::store::{PlanDocument, PlanId, Store};

use super::{open_plan, put_plan_document};

/// Follows an address: a switch of plans writes the open plan's pending
/// save, then opens the other plan's data.
pub fn follow(state: AppState, address: Address) {
    state.follow(address, |entry| open_plan(state, entry));
}

/// Adds a reviewed plan: its plan file is kept first, so that the plan is
/// still here after a reload, then the registry holds it. `done` gets what
/// was added (or the plan already here, kept nothing), or why the plan
/// could not be kept: nothing is added then.
pub fn add_plan(state: AppState, plan: Plan, done: impl FnOnce(Result<Added, String>) + 'static) {
    let fingerprint = plan.content_fingerprint();
    if let Some(entry) = state
        .plans
        .with_untracked(|p| p.by_fingerprint(&fingerprint))
    {
        done(Ok(Added::Already(entry)));
        return;
    }
    leptos::task::spawn_local(async move {
        let kept = keep(&plan).await;
        done(kept.map(|()| state.add_plan(plan)));
    });
}

/// Gives the open plan a new reporting calendar and keeps the new copy,
/// so that the calendar holds after a reload; a failure to keep it is told.
pub fn set_reporting(state: AppState, rule: ReportingRule) {
    let Some(entry) = state.set_reporting(rule) else {
        return;
    };
    leptos::task::spawn_local(async move {
        let kept = match keep_on_demand(entry.plan.clone()).await {
            Ok(keeping) => keeping.await,
            Err(e) => Err(e.message_vi("Lưu kế hoạch")),
        };
        if let Err(why) = kept {
            state.notify(
                NoticeKind::Error,
                format!("Lịch báo cáo mới chỉ dùng được trong phiên này: không lưu được kế hoạch trong trình duyệt ({why})."),
            );
        }
    });
}

// The cover's change of the reporting calendar reaches the keeping from
// the first load; its writer and the database's are in the stored data's code.
on_demand!(
    unit_page,
    fn keep_on_demand(plan: Plan) -> Pin<Box<dyn Future<Output = Result<(), String>>>> {
        Box::pin(async move { keep(&plan).await })
    }
);

/// Keeps a plan's file under its id (its content fingerprint).
async fn keep(plan: &Plan) -> Result<(), String> {
    let id = PlanId::new(plan.content_fingerprint());
    let text = write_plan_file(plan);
    put_plan_document(&id, &title(plan), &text).await
}

/// How a kept plan is listed: `Kế hoạch 35/KH-UBND · 2023`.
fn title(plan: &Plan) -> String {
    format!(
        "{} {} · {}",
        plan.meta.kind, plan.meta.number, plan.meta.year
    )
}

/// A kept plan as read: the plan, or its title and why it is unreadable.
type KeptPlan = Result<Plan, (String, String)>;

/// Reads kept plan documents (their ids and texts): each plan, or the
/// document's title (its id when even that is unreadable) and why not.
fn read_kept(documents: Vec<(String, String)>) -> Vec<KeptPlan> {
    documents
        .into_iter()
        .map(|(id, text)| {
            let doc = PlanDocument::from_text(&text).map_err(|e| (id, e.to_string()))?;
            read_plan_file(&doc.text)
                .map(|read| read.plan)
                .map_err(|e| (doc.title, e.to_string()))
        })
        .collect()
}

/// Holds the kept plans (at start, before the open plan's data is read).
pub(super) async fn hold_stored(state: &AppState, db: &Db) {
    let items = match db.read_store(Store::PlanDocuments).await {
        Ok(items) => items,
        Err(e) => {
            state.notify(
                NoticeKind::Error,
                format!("Không đọc được các kế hoạch đã thêm: {}", e.message_vi()),
            );
            return;
        }
    };
    if items.is_empty() {
        return;
    }
    let documents = items.into_iter().map(|i| (i.key.id, i.text)).collect();
    let read = read_kept(documents);
    let (plans, unread): (Vec<_>, Vec<_>) = read.into_iter().partition(Result::is_ok);
    let unread: Vec<(String, String)> = unread.into_iter().filter_map(Result::err).collect();
    state.hold_plans(plans.into_iter().filter_map(Result::ok).collect());
    if let Some((title, why)) = unread.first() {
        state.notify(
            NoticeKind::Error,
            format!(
                "Không đọc được {} kế hoạch đã thêm, trước hết “{title}”: {why}. Kế hoạch vẫn được giữ nguyên trong trình duyệt; hãy mở lại tệp kế hoạch của nó ở “Mở kế hoạch mới”.",
                unread.len()
            ),
        );
    }
}
