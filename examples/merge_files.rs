//! Merges exchange files natively, as the app does, and prints the result's
//! canonical payload: the end-to-end tests compare the app's merge with it.
//!
//! `cargo run --example merge_files -- LOCAL.json FILE.json... [--pick TASK:FIELD=FILE]... [--resolved UNIT:MILLIS]`
//! LOCAL may be `-` for empty tracking data. `--pick` keeps FILE's version
//! of a conflicting field (FILE as given, or `local`); `--resolved` stamps
//! picks as the app does when a unit chooses at that time.

use ke_hoach::exchange::{
    self, apply_merge, export_full, plan_merge, AppInfo, Choices, ExportMeta, FileLabel, Pick,
    PlanRef, Resolver,
};
use ke_hoach::model::catalog::{is_plan_task, Catalog};
use ke_hoach::model::tracking::{ItemKey, TrackedField, Tracking};
use ke_hoach::model::unit::UnitId;
use ke_hoach::seed;

fn main() {
    let mut args = std::env::args().skip(1);
    let mut paths = Vec::new();
    let mut choices = Choices::new();
    let mut resolved = None;
    while let Some(arg) = args.next() {
        if arg == "--pick" {
            let spec = args.next().expect("--pick TASK:FIELD=FILE");
            let (key, file) = spec.split_once('=').expect("TASK:FIELD=FILE");
            let (task, field) = key.split_once(':').expect("TASK:FIELD");
            let field = TrackedField::ALL
                .into_iter()
                .find(|f| format!("{f:?}").eq_ignore_ascii_case(field))
                .expect("a tracked field name");
            let pick = if file == "local" {
                Pick::Local
            } else {
                Pick::File(FileLabel(file.into()))
            };
            let key = ItemKey::Field {
                task: task.into(),
                field,
            };
            choices.insert(key, pick);
        } else if arg == "--resolved" {
            let spec = args.next().expect("--resolved UNIT:MILLIS");
            let (unit, at) = spec.split_once(':').expect("UNIT:MILLIS");
            resolved = Some((UnitId::new(unit), at.parse::<i64>().expect("milliseconds")));
        } else {
            paths.push(arg);
        }
    }
    let plan = seed::plan();
    let plan_ref = PlanRef::new(
        plan.meta.number.clone(),
        plan.meta.year,
        plan.content_fingerprint(),
    );
    let read = |path: &str, local: &Tracking| -> Tracking {
        let text = std::fs::read_to_string(path).expect("readable file");
        let catalog = Catalog::build(plan, local);
        exchange::read_file(
            &text,
            &plan_ref,
            &|u| catalog.unit(&UnitId::new(u)).is_some() || local.unit_removed(&UnitId::new(u)),
            &|t| {
                is_plan_task(plan, t) || local.custom_tasks.contains_key(t) || local.task_removed(t)
            },
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
    let resolver = resolved
        .as_ref()
        .map(|(by, now)| Resolver { by, now: *now });
    let merged = apply_merge(&local, &plan_merge(&local, &incoming), &choices, resolver);
    let meta = ExportMeta {
        app: AppInfo {
            name: "ke-hoach".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            extra: Default::default(),
        },
        plan: plan_ref,
        exported_at: chrono::DateTime::UNIX_EPOCH.fixed_offset(),
        exported_by: None,
    };
    let file: serde_json::Value =
        serde_json::from_str(&exchange::write_compact(&export_full(&merged, &meta)))
            .expect("the writer writes JSON");
    println!("{}", exchange::json::canonical(&file["payload"]));
}
