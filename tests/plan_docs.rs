//! Search documents built from the embedded plan and from tracking data:
//! every part of the plan is there exactly once, with its place in words and
//! the address it leads to, and the Vietnamese search finds it.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use ke_hoach::i18n::Lang;
use ke_hoach::model::tracking::{CustomTask, Stamp, Stamped, Status, TaskRecord, Tracking, Update};
use ke_hoach::model::unit::UnitId;
use ke_hoach::route::Route;
use ke_hoach::search::{plan_docs, SearchDoc, SearchIndex};
use ke_hoach::seed;

fn plan_href(anchor: &str) -> String {
    Route::Plan {
        anchor: Some(anchor.to_string()),
    }
    .href()
}

fn task_href(id: &str) -> String {
    Route::Task(id.to_string()).href()
}

/// The documents with this id and text.
fn with<'d>(docs: &'d [SearchDoc], id: &str, text: &str) -> Vec<&'d SearchDoc> {
    docs.iter()
        .filter(|d| d.id == id && d.text == text)
        .collect()
}

fn one<'d>(docs: &'d [SearchDoc], id: &str, text: &str) -> &'d SearchDoc {
    let found = with(docs, id, text);
    assert_eq!(found.len(), 1, "{id}: {text}");
    found[0]
}

fn day(d: u32, m: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2021, m, d).unwrap()
}

fn stamped<T>(value: T) -> Stamped<T> {
    Stamped {
        value,
        at: 1_615_000_000_000,
        by: UnitId::new("so-khdt"),
        base: 0,
    }
}

fn update(id: &str, date: NaiveDate, text: &str) -> Update {
    Update {
        id: id.into(),
        date,
        unit: UnitId::new("so-khdt"),
        text: text.into(),
        status: Status::InProgress,
        progress: 40,
        at: 1_615_000_000_000,
    }
}

/// Notes on an annex task and a plan item, a reason, a user task, and a
/// record of a task this plan does not have.
fn tracking() -> Tracking {
    let mut records = BTreeMap::new();
    let mut pl12 = TaskRecord::default();
    for u in [
        update("b", day(15, 3), "Đã trình UBND tỉnh dự thảo"),
        update("a", day(2, 2), "Đang lấy ý kiến các sở"),
        update("c", day(20, 3), "   "),
    ] {
        pl12.updates.insert(u.id.clone(), u);
    }
    records.insert("pl-12".to_string(), pl12);
    let nv42 = TaskRecord {
        reason: Some(stamped("Chờ hướng dẫn của Bộ".to_string())),
        ..TaskRecord::default()
    };
    records.insert("nv-4-2".to_string(), nv42);
    let mut orphan = TaskRecord::default();
    let u = update("d", day(1, 6), "Ghi chú từ tệp mới hơn");
    orphan.updates.insert(u.id.clone(), u);
    records.insert("pl-99".to_string(), orphan);
    let mut custom_tasks = BTreeMap::new();
    custom_tasks.insert(
        "u-so-khdt-1".to_string(),
        CustomTask {
            id: "u-so-khdt-1".into(),
            title: "Rà soát danh mục dự án kêu gọi đầu tư".into(),
            lead_unit: UnitId::new("so-khdt"),
            deadline: None,
            parent: Some("nv-2".into()),
            created_at: 1,
            created_by: UnitId::new("so-khdt"),
            edited: Stamp::after(0, &UnitId::new("so-khdt"), 1),
        },
    );
    Tracking {
        records,
        custom_tasks,
        ..Tracking::default()
    }
}

#[test]
fn every_heading_paragraph_item_and_annex_task_is_there_once() {
    let plan = seed::plan();
    let docs = plan_docs(plan, &Tracking::default(), Lang::Vi);
    let mut expected = 2 + 2 + 1; // title, preamble; signer, recipients; annex title
    for section in &plan.sections {
        one(&docs, &plan_href(&section.id), &section.heading);
        expected += 1;
        for part in &section.parts {
            one(&docs, &plan_href(&part.id), &part.heading);
            for paragraph in &part.paragraphs {
                one(&docs, &plan_href(&part.id), paragraph);
            }
            for item in &part.items {
                one(&docs, &plan_href(&item.id), &item.text);
            }
            expected += 1 + part.paragraphs.len() + part.items.len();
        }
    }
    for task in plan.annex_tasks() {
        let docs: Vec<_> = docs
            .iter()
            .filter(|d| d.id == task_href(&task.id))
            .collect();
        assert_eq!(docs.len(), 1, "{}", task.id);
        assert!(docs[0].text.starts_with(&task.title), "{}", docs[0].text);
    }
    expected += plan.annex_tasks().count();
    assert_eq!(docs.len(), expected);
    assert!(docs.iter().all(|d| !d.text.trim().is_empty()));
    // Every id is an address the app routes to a place, never "not found".
    for doc in &docs {
        assert!(
            matches!(Route::parse(&doc.id), Route::Plan { .. } | Route::Task(_)),
            "{}",
            doc.id
        );
    }
}

#[test]
fn locations_name_the_place_in_words() {
    let plan = seed::plan();
    let docs = plan_docs(plan, &Tracking::default(), Lang::Vi);
    let location = |id: &str| {
        docs.iter()
            .find(|d| d.id == id)
            .map(|d| d.location.as_str())
            .unwrap()
    };
    assert_eq!(location(&plan_href("tt-2")), "I › 3. Trọng tâm 2");
    assert_eq!(location(&plan_href("nv-4-2")), "II › Nhóm 4 › mục 2");
    assert_eq!(location(&plan_href("nv-4")), "II › Nhóm 4");
    assert_eq!(location(&plan_href("muc-1-3")), "I › 3.");
    assert_eq!(location(&plan_href("muc-3")), "III");
    assert_eq!(
        location(&task_href("pl-12")),
        "Phụ lục › Nhiệm vụ 12 (Sở KH&ĐT)"
    );
    let paragraphs: Vec<_> = docs
        .iter()
        .filter(|d| d.id == plan_href("muc-1-1"))
        .map(|d| d.location.as_str())
        .collect();
    assert_eq!(paragraphs[0], "I › 1.");
    assert_eq!(paragraphs[1], "I › 1. đoạn 1");

    let english = plan_docs(plan, &Tracking::default(), Lang::En);
    let en = |id: &str| english.iter().find(|d| d.id == id).unwrap();
    assert_eq!(en(&plan_href("nv-4-2")).location, "II › Group 4 › item 2");
    assert_eq!(en(&plan_href("tt-2")).location, "I › 3. Focus 2");
    assert_eq!(
        en(&task_href("pl-12")).location,
        "Annex › Task 12 (Sở KH&ĐT)"
    );
    // The plan's text is never translated.
    assert_eq!(
        en(&plan_href("nv-4-2")).text,
        plan.sections[1].parts[3].items[1].text
    );
}

#[test]
fn notes_reasons_and_added_tasks_lead_to_their_task() {
    let plan = seed::plan();
    let tracking = tracking();
    let docs = plan_docs(plan, &tracking, Lang::Vi);
    let plain = plan_docs(plan, &Tracking::default(), Lang::Vi);
    // Two notes, one reason, one added task and one note of an unknown task;
    // the blank note is left out.
    assert_eq!(docs.len(), plain.len() + 5);
    assert_eq!(docs[..plain.len()], plain[..]);
    let added = &docs[plain.len()..];
    let summary: Vec<(&str, &str)> = added
        .iter()
        .map(|d| (d.id.as_str(), d.location.as_str()))
        .collect();
    assert_eq!(
        summary,
        vec![
            ("#/nhiem-vu/u-so-khdt-1", "Nhiệm vụ bổ sung (Sở KH&ĐT)"),
            // Plan order: group 4's item comes before the annex.
            (
                "#/nhiem-vu/nv-4-2",
                "Lý do dừng hoặc điều chỉnh · II › Nhóm 4 › mục 2"
            ),
            ("#/nhiem-vu/pl-12", "Ghi chú ngày 02/02/2021 · Nhiệm vụ 12"),
            ("#/nhiem-vu/pl-12", "Ghi chú ngày 15/03/2021 · Nhiệm vụ 12"),
            ("#/nhiem-vu/pl-99", "Ghi chú ngày 01/06/2021 · pl-99"),
        ]
    );
    assert_eq!(added[3].text, "Đã trình UBND tỉnh dự thảo");
    assert!(added[0]
        .text
        .starts_with("Rà soát danh mục dự án kêu gọi đầu tư — Sở KH&ĐT"));
}

#[test]
fn vietnamese_search_finds_the_plan_with_or_without_diacritics() {
    let plan = seed::plan();
    let index = SearchIndex::new(plan_docs(plan, &tracking(), Lang::Vi));
    let ids = |query: &str| -> Vec<String> {
        index
            .search(query, index.len())
            .into_iter()
            .map(|h| index.docs()[h.doc].id.clone())
            .collect()
    };

    // `ngam hoa` finds annex task 27 and shows `ngầm hóa` highlighted.
    let hits = index.search("ngam hoa", 10);
    let task27 = hits
        .iter()
        .find(|h| index.docs()[h.doc].id == task_href("pl-27"))
        .expect("task 27 found");
    let marked: Vec<&str> = task27
        .snippet
        .highlights
        .iter()
        .map(|&(a, b)| &task27.snippet.text[a..b])
        .collect();
    assert!(marked.contains(&"ngầm hóa"), "{marked:?}");
    // Typed with diacritics, in NFD, the same documents come back.
    assert_eq!(ids("ngầm hóa"), ids("ngam hoa"));
    assert_eq!(ids("nga\u{302}\u{300}m ho\u{301}a"), ids("ngam hoa"));
    assert_eq!(ids("ngầm hoá"), ids("ngam hoa"));

    // `so khdt` finds every annex row of Sở KH&ĐT (as typed without `&`).
    let khdt_rows: Vec<String> = plan
        .annex_tasks()
        .filter(|t| t.lead_unit.as_str() == "so-khdt")
        .map(|t| task_href(&t.id))
        .collect();
    assert!(khdt_rows.len() > 3);
    let found = ids("so khdt");
    assert!(khdt_rows.iter().all(|r| found.contains(r)), "{found:?}");
    assert_eq!(ids("sở kh&đt").len(), found.len());
    // Notes are searched too.
    assert_eq!(ids("lay y kien"), vec![task_href("pl-12")]);
}
