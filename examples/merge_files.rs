//! Merges exchange files natively, as the app does, and prints the result's
//! canonical payload: the end-to-end tests compare the app's merge with it.
//!
//! `cargo run --example merge_files -- LOCAL.json FILE.json... [--theirs TASK:FIELD]...`
//! LOCAL may be `-` for empty tracking data.

use ke_hoach::exchange::merge::{MergeKey, TrackedField};
use ke_hoach::exchange::{self, apply_merge, plan_merge, Choices, FileLabel, PlanRef, Side};
use ke_hoach::model::catalog::{is_plan_task, Catalog};
use ke_hoach::model::tracking::Tracking;
use ke_hoach::model::unit::UnitId;
use ke_hoach::seed;

fn main() {
    let mut args = std::env::args().skip(1);
    let mut paths = Vec::new();
    let mut choices = Choices::new();
    while let Some(arg) = args.next() {
        if arg == "--theirs" {
            let spec = args.next().expect("--theirs TASK:FIELD");
            let (task, field) = spec.split_once(':').expect("TASK:FIELD");
            let field = TrackedField::ALL
                .into_iter()
                .find(|f| format!("{f:?}").eq_ignore_ascii_case(field))
                .expect("a tracked field name");
            choices.insert(
                MergeKey::Field {
                    task: task.into(),
                    field,
                },
                Side::Theirs,
            );
        } else {
            paths.push(arg);
        }
    }
    let plan = seed::plan();
    let plan_ref = PlanRef::new(
        plan.meta.number.clone(),
        plan.meta.year,
        seed::fingerprint(),
    );
    let read = |path: &str, local: &Tracking| -> Tracking {
        let text = std::fs::read_to_string(path).expect("readable file");
        let catalog = Catalog::build(plan, local);
        exchange::read_file(
            &text,
            &plan_ref,
            &|u| catalog.unit(&UnitId::new(u)).is_some(),
            &|t| is_plan_task(plan, t) || local.custom_tasks.contains_key(t),
        )
        .unwrap_or_else(|e| panic!("{path}: {e}"))
        .tracking
    };
    let (local_path, files) = paths.split_first().expect("LOCAL and files");
    let local = if local_path == "-" {
        Tracking::default()
    } else {
        read(local_path, &Tracking::default())
    };
    let incoming: Vec<_> = files
        .iter()
        .map(|p| (FileLabel(p.clone()), read(p, &local)))
        .collect();
    let merged = apply_merge(&local, &plan_merge(&local, &incoming), &choices);
    let payload =
        serde_json::to_value(exchange::dto::Payload::from(&merged)).expect("serialisable");
    println!("{}", exchange::json::canonical(&payload));
}
