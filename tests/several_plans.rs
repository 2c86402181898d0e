//! Several plans in one app, in the pure core: the registry (keys, order,
//! a plan recognised by its fingerprint), opening a plan for review (from a
//! `.docx`, pasted text, a plan file or a tracking file carrying its plan;
//! corrections replacing each other; the verdict), the unit list of another
//! province's plan, and `planDocument` carried through a tracking file.

use std::path::PathBuf;

use ke_hoach::exchange::plan_document::{carried_plan_document, PLAN_DOCUMENT};
use ke_hoach::exchange::{self, AppInfo, ExportMeta, PlanRef, ReadError, Source, Warning};
use ke_hoach::model::plan::Plan;
use ke_hoach::model::tracking::Tracking;
use ke_hoach::model::unit::{builtin_units, common_units, UnitId, UnitKind};
use ke_hoach::parse::{parse_opened, read, Correction, FileError, UnitFix};
use ke_hoach::plan_file::{file_name, plan_file_value, write_plan_file};
use ke_hoach::plans::opening::{OpenError, Opening, Verdict};
use ke_hoach::plans::{plan_key, Added, PlanRegistry};
use ke_hoach::route::{Address, Route};
use ke_hoach::seed;
use proptest::prelude::*;

fn fixture(name: &str) -> Vec<u8> {
    let path: PathBuf = [env!("CARGO_MANIFEST_DIR"), "tests/fixtures/plans", name]
        .iter()
        .collect();
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The 2023 plan of Hậu Giang, opened from its `.docx` as a user would.
fn opened_2023() -> Opening {
    Opening::from_bytes(&fixture("ke-hoach-35-2023.docx")).unwrap_or_else(|e| panic!("{e}"))
}

fn plan_2023() -> Plan {
    opened_2023().plan().clone()
}

fn with_year(plan: &Plan, year: i32) -> Plan {
    let mut other = plan.clone();
    other.meta.year = year;
    other
}

mod registry {
    use super::*;

    #[test]
    fn the_embedded_plan_is_first_and_named_by_no_key_or_its_own() {
        let registry = PlanRegistry::new(seed::plan());
        let embedded = registry.embedded();
        assert!(embedded.embedded);
        assert_eq!(embedded.key, "22-kh-ubnd-2021");
        assert_eq!(embedded.label(), "22/KH-UBND · 2021");
        assert_eq!(registry.by_key(None), Some(embedded));
        assert_eq!(registry.by_key(Some("22-kh-ubnd-2021")), Some(embedded));
        assert_eq!(registry.by_key(Some("35-kh-ubnd-2023")), None);
        assert_eq!(
            registry.by_fingerprint(&seed::plan().content_fingerprint()),
            Some(embedded)
        );
    }

    #[test]
    fn an_added_plan_gets_its_documents_key_and_is_not_added_twice() {
        let mut registry = PlanRegistry::new(seed::plan());
        let Added::New(entry) = registry.add(plan_2023()) else {
            panic!("the 2023 plan is new here");
        };
        assert_eq!(entry.key, "35-kh-ubnd-2023");
        assert!(!entry.embedded);
        assert_eq!(entry.fingerprint, plan_2023().content_fingerprint());
        assert_eq!(registry.by_key(Some("35-kh-ubnd-2023")), Some(entry));
        // The same document read again (another way in, a correction) is
        // the same plan.
        let mut corrected = plan_2023();
        corrected.annexes[0].tasks[0].title = "Một tiêu đề đã sửa".into();
        assert_eq!(registry.add(corrected), Added::Already(entry));
        assert_eq!(registry.entries().len(), 2);
        // The embedded plan itself, opened from its .docx, is already here.
        let seed_docx = Opening::from_bytes(&fixture("ke-hoach-22-2021.docx")).unwrap();
        assert_eq!(
            registry.add(seed_docx.plan().clone()),
            Added::Already(registry.embedded())
        );
    }

    #[test]
    fn plans_are_listed_embedded_first_then_latest_year_first() {
        let mut registry = PlanRegistry::new(seed::plan());
        let base = plan_2023();
        for year in [2022, 2024, 2023] {
            registry.add(with_year(&base, year));
        }
        let keys: Vec<&str> = registry.entries().iter().map(|e| e.key).collect();
        assert_eq!(
            keys,
            [
                "22-kh-ubnd-2021",
                "35-kh-ubnd-2024",
                "35-kh-ubnd-2023",
                "35-kh-ubnd-2022"
            ]
        );
    }

    #[test]
    fn two_plans_with_one_number_and_year_get_keys_apart() {
        let mut registry = PlanRegistry::new(seed::plan());
        let first = plan_2023();
        let mut second = plan_2023();
        second.annexes[0].tasks.pop();
        let Added::New(a) = registry.add(first) else {
            panic!()
        };
        let Added::New(b) = registry.add(second.clone()) else {
            panic!("another content is another plan")
        };
        assert_eq!(a.key, "35-kh-ubnd-2023");
        assert_eq!(
            b.key,
            format!("35-kh-ubnd-2023-{}", &second.content_fingerprint()[..8])
        );
    }

    #[test]
    fn a_new_copy_replaces_the_old_in_place() {
        let mut registry = PlanRegistry::new(seed::plan());
        let Added::New(entry) = registry.add(plan_2023()) else {
            panic!()
        };
        let mut changed = plan_2023();
        changed.meta.reporting.monthly_before = 25;
        let replaced = registry.replace(changed).expect("the plan is here");
        assert_eq!(replaced.key, entry.key);
        assert_eq!(replaced.plan.meta.reporting.monthly_before, 25);
        assert_eq!(registry.by_key(Some(entry.key)), Some(replaced));
        let mut stranger = plan_2023();
        stranger.annexes.clear();
        assert_eq!(registry.replace(stranger), None);
    }

    #[test]
    fn plans_read_back_at_start_are_added_or_take_the_place_of_their_copy() {
        let mut registry = PlanRegistry::new(seed::plan());
        // An added plan comes back under its own key, after the embedded one.
        let held = registry.hold(plan_2023());
        assert_eq!(held.key, "35-kh-ubnd-2023");
        assert!(!held.embedded);
        // The embedded plan's copy with its changed calendar replaces it,
        // first and embedded still.
        let mut embedded = seed::plan().clone();
        embedded.meta.reporting.monthly_before = 20;
        let replaced = registry.hold(embedded);
        assert!(replaced.embedded);
        assert_eq!(registry.embedded(), replaced);
        assert_eq!(registry.embedded().plan.meta.reporting.monthly_before, 20);
        // Held twice, one plan.
        registry.hold(plan_2023());
        assert_eq!(registry.entries().len(), 2);
        assert_eq!(registry.entries()[1].key, held.key);
    }

    proptest! {
        /// Whatever a plan's number and year, its key is readable ASCII an
        /// address carries as it is, and names that plan.
        #[test]
        fn keys_are_address_safe_and_name_their_plan(number in "\\PC{0,24}", year in 1990i32..2100) {
            let mut plan = plan_2023();
            plan.meta.number = number;
            plan.meta.year = year;
            let key = plan_key(&plan);
            prop_assert!(key.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'), "{key}");
            prop_assert!(key.ends_with(&year.to_string()));
            let mut registry = PlanRegistry::new(seed::plan());
            if let Added::New(entry) = registry.add(plan) {
                let address = Address { plan: Some(entry.key.to_owned()), route: Route::Task("pl-1".into()) };
                prop_assert_eq!(Address::parse(&address.href()), address.clone());
                prop_assert_eq!(registry.by_key(address.plan.as_deref()), Some(entry));
            }
        }
    }
}

mod opening {
    use super::*;

    #[test]
    fn a_docx_of_another_province_opens_for_review_with_its_source_lines() {
        let opening = opened_2023();
        let parsed = opening.parsed().expect("a document");
        assert_eq!(opening.plan().meta.number, "35/KH-UBND");
        assert_eq!(parsed.review.counts.tasks, 29);
        assert_eq!(parsed.review.lines.len(), parsed.review.counts.lines);
        let registry = PlanRegistry::new(seed::plan());
        // Every line placed, but the review has things to look at.
        assert_ne!(
            opening.verdict(&registry),
            Verdict::Already(registry.embedded())
        );
        assert_eq!(
            opening.not_understood().len(),
            parsed.review.counts.not_understood
        );
    }

    #[test]
    fn pasted_word_text_is_the_same_plan_as_the_docx() {
        let text = String::from_utf8(fixture("ke-hoach-35-2023.word.txt")).unwrap();
        let pasted = Opening::from_text(&text).unwrap();
        assert_eq!(
            pasted.plan().content_fingerprint(),
            opened_2023().plan().content_fingerprint()
        );
        assert_eq!(pasted.plan().units, opened_2023().plan().units);
    }

    #[test]
    fn a_correction_replaces_the_last_of_its_kind_and_keeps_the_identity() {
        let mut opening = opened_2023();
        let fingerprint = opening.plan().content_fingerprint();
        let task = opening.plan().annexes[0].tasks[4].id.clone();
        assert_eq!(
            opening.plan().annexes[0].tasks[4].lead_unit.as_str(),
            "so-nnptnt"
        );
        for unit in ["so-tai-chinh", "so-khdt"] {
            opening
                .correct(Correction::Lead {
                    task: task.clone(),
                    unit: UnitId::new(unit),
                })
                .unwrap();
        }
        assert_eq!(opening.corrections().len(), 1);
        assert_eq!(
            opening.plan().annexes[0].tasks[4].lead_unit.as_str(),
            "so-khdt"
        );
        assert_eq!(opening.plan().content_fingerprint(), fingerprint);
        opening
            .undo_correction(&Correction::Lead {
                task,
                unit: UnitId::new("so-khdt"),
            })
            .unwrap();
        assert!(opening.corrections().is_empty());
        assert_eq!(
            opening.plan().annexes[0].tasks[4].lead_unit.as_str(),
            "so-nnptnt"
        );
    }

    #[test]
    fn a_proposed_unit_renamed_or_said_to_be_another_unit() {
        let mut opening = opened_2023();
        let proposed = UnitId::new("ubnd-cac-huyen-thi-xa-thanh-pho");
        assert!(opening.plan().unit(&proposed).is_some());
        opening
            .correct(Correction::Unit(UnitFix::Names {
                unit: proposed.clone(),
                short: "UBND cấp huyện".into(),
                name: "UBND các huyện, thị xã, thành phố".into(),
            }))
            .unwrap();
        assert_eq!(
            opening.plan().unit(&proposed).unwrap().short,
            "UBND cấp huyện"
        );
        // Saying it is another unit replaces the renaming: one correction.
        opening
            .correct(Correction::Unit(UnitFix::Same {
                proposed: UnitId::new("thanh-tra-tinh"),
                unit: UnitId::new("so-noi-vu"),
            }))
            .unwrap();
        opening
            .correct(Correction::Unit(UnitFix::Same {
                proposed: proposed.clone(),
                unit: UnitId::new("vp-ubnd"),
            }))
            .unwrap();
        assert_eq!(opening.corrections().len(), 2);
        assert_eq!(opening.parsed().unwrap().review.problems, []);
        assert!(opening.plan().unit(&proposed).is_none());
        assert!(opening
            .plan()
            .annex_tasks()
            .flat_map(|t| std::iter::once(&t.lead_unit).chain(&t.coordinating))
            .all(|u| *u != proposed));
        // The registry's unit the user picked is in the plan's list now.
        assert!(opening.plan().unit(&UnitId::new("vp-ubnd")).is_some());
    }

    #[test]
    fn units_to_pick_are_the_plans_then_the_common_departments() {
        let opening = opened_2023();
        let pick = opening.units_to_pick();
        let plan_units = &opening.plan().units;
        assert_eq!(&pick[..plan_units.len()], &plan_units[..]);
        for unit in common_units() {
            assert!(pick.iter().any(|u| u.id == unit.id), "{}", unit.id);
        }
        assert!(pick
            .iter()
            .all(|u| u.kind != UnitKind::District || !u.id.as_str().starts_with("ubnd-rach")));
    }

    #[test]
    fn a_plan_file_opens_as_written_and_its_verdict_says_when_it_was_changed() {
        let plan = plan_2023();
        let text = write_plan_file(&plan);
        let opening = Opening::from_bytes(text.as_bytes()).unwrap();
        assert_eq!(opening.plan(), &plan);
        assert!(opening.parsed().is_none());
        let registry = PlanRegistry::new(seed::plan());
        assert_eq!(opening.verdict(&registry), Verdict::Ready);
        let tampered = text.replacen("Xây dựng kế hoạch", "Xây dựng lại kế hoạch", 1);
        let opening = Opening::from_text(&tampered).unwrap();
        assert_eq!(opening.verdict(&registry), Verdict::NeedsLook);
        // A plan file takes no corrections: it was reviewed where it was made.
        let mut opening = Opening::from_text(&text).unwrap();
        opening
            .correct(Correction::Title {
                task: "pl-1".into(),
                title: "x".into(),
            })
            .unwrap();
        assert_eq!(opening.plan(), &plan);
    }

    #[test]
    fn a_plan_already_in_the_app_is_recognised() {
        let mut registry = PlanRegistry::new(seed::plan());
        let Added::New(entry) = registry.add(plan_2023()) else {
            panic!()
        };
        assert_eq!(opened_2023().verdict(&registry), Verdict::Already(entry));
        let seed_text = String::from_utf8(fixture("ke-hoach-22-2021.word.txt")).unwrap();
        assert_eq!(
            Opening::from_text(&seed_text).unwrap().verdict(&registry),
            Verdict::Already(registry.embedded())
        );
    }

    #[test]
    fn what_is_not_a_plan_says_what_to_do() {
        let doc = Opening::from_bytes(&[0xD0, 0xCF, 0x11, 0xE0, 0, 0, 0, 0]).unwrap_err();
        assert_eq!(doc, OpenError::File(FileError::OldWord));
        assert!(doc.to_string().contains(".docx"), "{doc}");
        let pdf = Opening::from_bytes(b"%PDF-1.7\n...").unwrap_err();
        assert!(pdf.to_string().contains("PDF"), "{pdf}");
        let prose = Opening::from_text("Kính gửi các đồng chí,\nXin mời họp.").unwrap_err();
        assert!(matches!(prose, OpenError::Parse(_)), "{prose:?}");
        assert!(
            prose.to_string().contains("không phải một kế hoạch"),
            "{prose}"
        );
        let empty = Opening::from_text("   \n").unwrap_err();
        assert_eq!(empty, OpenError::File(FileError::Empty));
        let tracking_without_plan = exchange::write_file(&exchange::export_full(
            &Tracking::default(),
            &meta(seed::plan()),
        ));
        let e = Opening::from_text(&tracking_without_plan).unwrap_err();
        assert!(e.to_string().contains("tệp theo dõi"), "{e}");
    }
}

mod units_of_another_province {
    use super::*;

    #[test]
    fn another_province_has_the_departments_it_names_and_its_own_units() {
        let plan = plan_2023();
        let ids: Vec<&str> = plan.units.iter().map(|u| u.id.as_str()).collect();
        // No district committee of Kiên Giang, no department it never names.
        assert!(plan.units.iter().all(|u| !builtin_units()
            .iter()
            .any(|b| b.kind == UnitKind::District && b.id == u.id)));
        assert!(!ids.contains(&"so-ngoai-vu"), "{ids:?}");
        // Its departments under the common ids, whatever way it writes them.
        for id in [
            "so-khdt",
            "so-tai-chinh",
            "so-nnptnt",
            "so-tnmt",
            "so-gddt",
            "vp-ubnd",
        ] {
            assert!(ids.contains(&id), "{id} in {ids:?}");
        }
        // Its own units, proposed from their printed names.
        for id in [
            "so-giao-thong-van-tai",
            "so-y-te",
            "cong-an-tinh",
            "ubnd-cac-huyen-thi-xa-thanh-pho",
        ] {
            assert!(ids.contains(&id), "{id} in {ids:?}");
        }
        // Every unit the plan names is in its list, and nothing else but Sở KH&ĐT.
        let named: std::collections::HashSet<&UnitId> = plan
            .annex_tasks()
            .flat_map(|t| std::iter::once(&t.lead_unit).chain(&t.coordinating))
            .collect();
        for unit in &plan.units {
            assert!(
                named.contains(&unit.id) || unit.id.as_str() == "so-khdt",
                "{}",
                unit.id
            );
        }
        assert_eq!(plan.locality().as_deref(), Some("tỉnh Hậu Giang"));
    }

    #[test]
    fn a_plan_of_kien_giang_keeps_the_whole_registry() {
        let doc = read(&fixture("ke-hoach-22-2021.docx")).unwrap();
        let parsed = parse_opened(&doc, &[]).unwrap();
        assert_eq!(parsed.plan.units, builtin_units());
        assert_eq!(&parsed.plan, seed::plan());
        assert_eq!(seed::plan().locality().as_deref(), Some("tỉnh Kiên Giang"));
    }
}

fn meta(plan: &Plan) -> ExportMeta {
    ExportMeta {
        app: AppInfo {
            name: "ke-hoach".into(),
            version: "test".into(),
            extra: Default::default(),
        },
        plan: PlanRef::new(
            plan.meta.number.clone(),
            plan.meta.year,
            plan.content_fingerprint(),
        ),
        exported_at: "2023-06-10T08:00:00+07:00".parse().unwrap(),
        exported_by: Some(UnitId::new("so-y-te")),
    }
}

mod plan_document {
    use super::*;

    fn carrying_file(plan: &Plan) -> String {
        let mut envelope = exchange::export_full(&Tracking::default(), &meta(plan));
        envelope.head.carry_plan_document(plan_file_value(plan));
        exchange::write_file(&envelope)
    }

    #[test]
    fn a_tracking_file_carries_its_plan_and_reads_without_a_stranger_warning() {
        let plan = plan_2023();
        let text = carrying_file(&plan);
        let ours = meta(&plan).plan;
        let read = exchange::restore(&text, Source::File, &ours, &|_| true, &|_| true).unwrap();
        assert!(
            !read
                .warnings
                .iter()
                .any(|w| matches!(w, Warning::UnknownFields { .. })),
            "{:?}",
            read.warnings
        );
        // Kept, and written again as it came.
        let carried = read.head.plan_document().expect("carried").clone();
        assert_eq!(carried, plan_file_value(&plan));
        let again = exchange::write_file(&read.into_envelope());
        assert_eq!(carried_plan_document(&again), Some(carried.clone()));
        // What it carries opens as the plan.
        let opening = Opening::from_plan_value(carried).unwrap();
        assert_eq!(opening.plan(), &plan);
    }

    #[test]
    fn a_file_of_a_plan_not_open_is_refused_by_name_and_still_gives_its_plan() {
        let plan = plan_2023();
        let text = carrying_file(&plan);
        let seed_ref = meta(seed::plan()).plan;
        let error = exchange::restore(&text, Source::File, &seed_ref, &|_| true, &|_| true)
            .unwrap_err()
            .error;
        let ReadError::OtherPlan { file, .. } = error else {
            panic!("{error:?}")
        };
        assert_eq!(file.number, "35/KH-UBND");
        assert_eq!(
            file.fingerprint.as_deref(),
            Some(plan.content_fingerprint().as_str())
        );
        // Opening the tracking file itself opens the plan it carries.
        assert_eq!(Opening::from_text(&text).unwrap().plan(), &plan);
        assert!(text.contains(&format!("\"{PLAN_DOCUMENT}\"")));
    }

    #[test]
    fn files_of_the_embedded_plan_carry_nothing() {
        let text = exchange::write_file(&exchange::export_full(
            &Tracking::default(),
            &meta(seed::plan()),
        ));
        assert_eq!(carried_plan_document(&text), None);
        assert_eq!(carried_plan_document("not json"), None);
    }

    #[test]
    fn the_plan_files_name_says_which_plan() {
        assert_eq!(file_name(&plan_2023()), "ke-hoach-35-2023.plan.json");
        assert_eq!(file_name(seed::plan()), "ke-hoach-22-2021.plan.json");
    }
}
