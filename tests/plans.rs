//! Any plan of the family, each way in: the embedded plan read from its web
//! text, its `.docx` and Word's clipboard text is one plan; the 2023 plan
//! written for the tests (tests/fixtures/plans/make_fixtures.py) read from
//! its `.docx` and its Word text, row by row; the review's data; the
//! corrections; the files that are not plans; columns in any order under
//! any of their headers; and no panic whatever is cut or dropped.

use std::path::PathBuf;

use chrono::NaiveDate;
use ke_hoach::model::deadline::Period;
use ke_hoach::model::plan::{ColumnRole, Plan};
use ke_hoach::model::unit::{builtin_units, UnitId, UnitKind};
use ke_hoach::parse::{
    parse, parse_strict, read, read_text, Correction, Document, Field, FileError, Inferred,
    Options, Parsed, Place, SourceKind, UnitFix,
};
use ke_hoach::seed::{plan, PLAN_TEXT};
use proptest::prelude::*;

fn fixture(name: &str) -> Vec<u8> {
    let path: PathBuf = [env!("CARGO_MANIFEST_DIR"), "tests/fixtures/plans", name]
        .iter()
        .collect();
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

fn parse_with(doc: &Document, corrections: &[Correction]) -> Parsed {
    let registry = builtin_units();
    parse(
        doc,
        &Options {
            registry: &registry,
            corrections,
        },
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

fn parsed(name: &str) -> Parsed {
    let doc = read(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    parse_with(&doc, &[])
}

/// 22/KH-UBND's identity, as main computed it before this parser existed.
const SEED_FINGERPRINT: &str = "233ae2bba8dfc81b4130b58f409f40bba610a30667054df62f77c9ba8b1b52dd";

mod the_seed_three_ways {
    use super::*;

    #[test]
    fn web_text_docx_and_word_text_give_one_plan_and_one_identity() {
        let web = plan();
        for name in ["ke-hoach-22-2021.docx", "ke-hoach-22-2021.word.txt"] {
            let doc = read(&fixture(name)).unwrap();
            let other = parse_strict(&doc, &builtin_units()).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(&other, web, "{name}");
        }
        assert_eq!(web.content_fingerprint(), SEED_FINGERPRINT);
    }

    #[test]
    fn each_way_is_told_by_content() {
        let kinds: Vec<SourceKind> = [
            PLAN_TEXT.as_bytes().to_vec(),
            fixture("ke-hoach-22-2021.word.txt"),
            fixture("ke-hoach-22-2021.docx"),
        ]
        .iter()
        .map(|b| read(b).unwrap().kind)
        .collect();
        assert_eq!(
            kinds,
            [SourceKind::WebText, SourceKind::WordText, SourceKind::Docx]
        );
    }

    #[test]
    fn text_in_utf16_with_its_bom_reads_the_same() {
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(PLAN_TEXT.encode_utf16().flat_map(u16::to_le_bytes));
        let doc = read(&bytes).unwrap();
        assert_eq!(&parse_strict(&doc, &builtin_units()).unwrap(), plan());
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend(PLAN_TEXT.as_bytes());
        assert_eq!(
            &parse_strict(&read(&bom).unwrap(), &builtin_units()).unwrap(),
            plan()
        );
    }

    #[test]
    fn every_source_line_is_placed_and_nothing_is_left_to_review() {
        for (name, bytes) in [
            ("web", PLAN_TEXT.as_bytes().to_vec()),
            ("docx", fixture("ke-hoach-22-2021.docx")),
            ("word", fixture("ke-hoach-22-2021.word.txt")),
        ] {
            let p = parse_with(&read(&bytes).unwrap(), &[]);
            let r = &p.review;
            assert!(r.is_clean(), "{name}: {:?}", r.problems);
            assert_eq!(r.counts.not_understood, 0, "{name}");
            assert_eq!(r.counts.placed, r.counts.lines, "{name}");
            assert_eq!(r.lines.len(), r.counts.lines);
            assert_eq!(
                (r.counts.sections, r.counts.parts, r.counts.items),
                (3, 16, 68),
                "{name}"
            );
            assert_eq!(
                (r.counts.annexes, r.counts.groups, r.counts.tasks),
                (1, 0, 36)
            );
            assert_eq!(
                r.counts.recurring_tasks + r.counts.tasks_without_deadline,
                0
            );
            assert_eq!(r.rows.len(), 36);
            assert!(r
                .rows
                .iter()
                .all(|row| row.lead_known && row.inferred.is_empty()));
            // Each task row's lines went to that task.
            for row in &r.rows {
                assert_eq!(
                    r.lines[row.line - 1].place,
                    Place::AnnexTask(row.task.clone()),
                    "{name}"
                );
            }
        }
    }

    #[test]
    fn the_web_texts_lines_go_where_their_words_went() {
        let p = parse_with(&read_text(PLAN_TEXT), &[]);
        let place_of = |needle: &str| {
            let i = PLAN_TEXT
                .lines()
                .position(|l| l.trim() == needle)
                .expect(needle);
            p.review.lines[i].place.clone()
        };
        assert_eq!(place_of("|"), Place::Layout);
        assert_eq!(place_of("-------"), Place::Layout);
        assert_eq!(place_of("Số: 22/KH-UBND"), Place::Header);
        assert_eq!(place_of("KẾ HOẠCH"), Place::Title);
        assert_eq!(
            place_of("II. NHIỆM VỤ GIẢI"),
            Place::Section("muc-2".into())
        );
        assert_eq!(place_of("PHÁP CHỦ YẾU"), Place::Section("muc-2".into()));
        assert_eq!(place_of("1. Bối cảnh"), Place::Part("muc-1-1".into()));
        assert_eq!(place_of("Nguyễn Đức Chín"), Place::Signature);
        assert_eq!(place_of("- Văn phòng Chính phủ;"), Place::Recipients);
        assert_eq!(place_of("DANH MỤC"), Place::Annex("phu-luc".into()));
        assert_eq!(place_of("Thời"), Place::Annex("phu-luc".into()));
        assert_eq!(
            place_of("Kế hoạch công tác đối ngoại năm"),
            Place::AnnexTask("pl-36".into())
        );
        let focus_8 = PLAN_TEXT
            .lines()
            .position(|l| l.starts_with("8. Thực hiện tốt công tác thông tin"))
            .unwrap();
        assert_eq!(p.review.lines[focus_8].place, Place::Item("tt-8".into()));
        assert_eq!(
            p.review.lines[focus_8 + 1].place,
            Place::Item("tt-8".into())
        );
    }

    #[test]
    fn the_reporting_rule_is_read_from_section_three() {
        let p = parse_with(&read_text(PLAN_TEXT), &[]);
        let rule = p.plan.meta.reporting;
        assert_eq!(rule.monthly_before, 18);
        assert_eq!(rule.review_before, date(2021, 11, 18));
        assert_eq!(p.review.reporting_from.monthly.as_deref(), Some("tc-1-2"));
        assert_eq!(p.review.reporting_from.review.as_deref(), Some("tc-1-3"));
    }

    #[test]
    fn the_registry_and_the_columns_come_with_the_plan() {
        let p = plan();
        assert_eq!(p.units, builtin_units());
        let columns: Vec<(ColumnRole, &str)> = p.annexes[0]
            .columns
            .iter()
            .map(|c| (c.role, c.label.as_str()))
            .collect();
        assert_eq!(
            columns,
            [
                (ColumnRole::Number, "STT"),
                (ColumnRole::Task, "Nhiệm vụ"),
                (ColumnRole::Lead, "Đơn vị chủ trì thực hiện"),
                (ColumnRole::Deadline, "Thời gian trình"),
            ]
        );
    }
}

/// The 2023 plan as the fixture script writes it: STT, lead, the
/// coordinating units, the deadline's period and due date, the group.
mod the_2023_plan {
    use super::*;

    type Row = (
        &'static str,
        u16,
        &'static str,
        &'static [&'static str],
        Period,
        Option<(i32, u32, u32)>,
        Option<&'static str>,
    );

    #[rustfmt::skip]
    const ROWS: [Row; 29] = [
        ("pl-1", 1, "so-khdt", &[], Period::Quarter(4), Some((2023, 12, 31)), Some("phu-luc-i")),
        ("pl-2", 2, "so-khdt", &["so-tai-chinh", "ban-quan-ly-cac-khu-cong-nghiep"], Period::Half(1), Some((2023, 6, 30)), Some("phu-luc-i")),
        ("pl-3", 3, "so-khdt", &["kho-bac-nha-nuoc-tinh"], Period::Recurring, None, Some("phu-luc-i")),
        ("pl-4", 4, "so-nnptnt", &[], Period::Quarter(1), Some((2023, 3, 31)), Some("phu-luc-i")),
        ("pl-5", 5, "so-nnptnt", &["ubnd-cac-huyen-thi-xa-thanh-pho"], Period::Quarter(2), Some((2023, 6, 30)), Some("phu-luc-i")),
        ("pl-6", 6, "so-giao-thong-van-tai", &["so-tnmt", "so-xay-dung"], Period::Month(3), Some((2023, 3, 31)), Some("phu-luc-i")),
        ("pl-7", 7, "so-giao-thong-van-tai", &[], Period::Before(NaiveDate::from_ymd_opt(2023, 6, 30).unwrap()), Some((2023, 6, 29)), Some("phu-luc-i")),
        ("pl-8", 8, "so-cong-thuong", &["ttxtdt-tmdl"], Period::Year, Some((2023, 12, 31)), Some("phu-luc-i")),
        ("pl-9", 9, "so-tai-chinh", &["so-khdt", "cuc-thue-tinh"], Period::Before(NaiveDate::from_ymd_opt(2023, 11, 15).unwrap()), Some((2023, 11, 14)), Some("phu-luc-i")),
        ("pl-10", 10, "so-tnmt", &["ubnd-cac-huyen-thi-xa-thanh-pho"], Period::Quarter(1), Some((2023, 3, 31)), Some("phu-luc-i")),
        ("pl-11", 11, "so-y-te", &["ubnd-cac-huyen-thi-xa-thanh-pho"], Period::Half(2), Some((2023, 12, 31)), Some("phu-luc-ii")),
        ("pl-12", 12, "so-y-te", &[], Period::By(NaiveDate::from_ymd_opt(2023, 9, 30).unwrap()), Some((2023, 9, 30)), Some("phu-luc-ii")),
        ("pl-13", 13, "so-ldtbxh", &["so-tai-chinh", "bao-hiem-xa-hoi-tinh"], Period::Recurring, None, Some("phu-luc-ii")),
        ("pl-14", 14, "so-gddt", &[], Period::Month(5), Some((2023, 5, 31)), Some("phu-luc-ii")),
        ("pl-15", 15, "so-vhtt", &["so-du-lich"], Period::Year, Some((2023, 12, 31)), Some("phu-luc-ii")),
        ("pl-16", 16, "cong-an-tinh", &[], Period::Recurring, None, Some("phu-luc-iii")),
        ("pl-17", 17, "so-noi-vu", &["vp-ubnd"], Period::Quarter(1), Some((2023, 3, 31)), Some("phu-luc-iii")),
        ("pl-18", 18, "so-noi-vu", &["so-tai-chinh"], Period::Month(12), Some((2023, 12, 31)), Some("phu-luc-iii")),
        ("pl-19", 19, "cong-an-tinh", &["ubnd-cac-huyen-thi-xa-thanh-pho"], Period::Quarter(2), Some((2023, 6, 30)), Some("phu-luc-iii")),
        ("pl-20", 20, "thanh-tra-tinh", &["so-tu-phap"], Period::Recurring, None, Some("phu-luc-iii")),
        ("pl2-a-1", 1, "so-khdt", &[], Period::Before(NaiveDate::from_ymd_opt(2023, 11, 30).unwrap()), Some((2023, 11, 29)), Some("phu-luc-2-a")),
        ("pl2-a-2", 2, "so-tai-chinh", &[], Period::Before(NaiveDate::from_ymd_opt(2023, 11, 30).unwrap()), Some((2023, 11, 29)), Some("phu-luc-2-a")),
        ("pl2-a-3", 3, "so-y-te", &[], Period::Quarter(3), Some((2023, 9, 30)), Some("phu-luc-2-a")),
        ("pl2-b-1", 1, "ban-quan-ly-cac-khu-cong-nghiep", &[], Period::Month(6), Some((2023, 6, 30)), Some("phu-luc-2-b")),
        ("pl2-b-2", 2, "so-khdt", &[], Period::Quarter(2), Some((2023, 6, 30)), Some("phu-luc-2-b")),
        ("pl2-b-3", 3, "so-tttt", &[], Period::Quarter(1), Some((2023, 3, 31)), Some("phu-luc-2-b")),
        ("pl2-b-4", 4, "so-ldtbxh", &[], Period::Half(1), Some((2023, 6, 30)), Some("phu-luc-2-b")),
        ("pl2-b-5", 5, "so-y-te", &[], Period::Month(9), Some((2023, 9, 30)), Some("phu-luc-2-b")),
        ("pl2-b-6", 6, "so-nnptnt", &[], Period::Year, Some((2023, 12, 31)), Some("phu-luc-2-b")),
    ];

    /// The units the registry lacks, in the order first named.
    #[rustfmt::skip]
    const PROPOSED: [(&str, &str, &str, UnitKind); 10] = [
        ("ban-quan-ly-cac-khu-cong-nghiep", "Ban Quản lý các khu công nghiệp", "Ban Quản lý các khu công nghiệp", UnitKind::Department),
        ("kho-bac-nha-nuoc-tinh", "Kho bạc Nhà nước tỉnh", "Kho bạc Nhà nước tỉnh", UnitKind::Department),
        ("ubnd-cac-huyen-thi-xa-thanh-pho", "UBND các huyện, thị xã, TP", "Ủy ban nhân dân các huyện, thị xã, thành phố", UnitKind::District),
        ("so-giao-thong-van-tai", "Sở GTVT", "Sở Giao thông vận tải", UnitKind::Department),
        ("cuc-thue-tinh", "Cục Thuế tỉnh", "Cục Thuế tỉnh", UnitKind::Department),
        ("so-y-te", "Sở Y tế", "Sở Y tế", UnitKind::Department),
        ("bao-hiem-xa-hoi-tinh", "Bảo hiểm xã hội tỉnh", "Bảo hiểm xã hội tỉnh", UnitKind::Department),
        ("cong-an-tinh", "Công an tỉnh", "Công an tỉnh", UnitKind::Department),
        ("thanh-tra-tinh", "Thanh tra tỉnh", "Thanh tra tỉnh", UnitKind::Department),
        ("so-tu-phap", "Sở Tư pháp", "Sở Tư pháp", UnitKind::Department),
    ];

    #[test]
    fn docx_and_word_text_give_one_plan() {
        let docx = parsed("ke-hoach-35-2023.docx");
        let word = parsed("ke-hoach-35-2023.word.txt");
        assert_eq!(docx.plan, word.plan);
        // The same units proposed, printed the same (their source lines differ).
        let names = |p: &Parsed| {
            p.review
                .proposed_units
                .iter()
                .map(|u| (u.unit.clone(), u.printed.clone(), u.uses.len()))
                .collect::<Vec<_>>()
        };
        assert_eq!(names(&docx), names(&word));
        assert_eq!(docx.review.counts.tasks, word.review.counts.tasks);
        assert_eq!(
            docx.plan.content_fingerprint(),
            word.plan.content_fingerprint()
        );
        assert_ne!(docx.plan.content_fingerprint(), SEED_FINGERPRINT);
    }

    #[test]
    fn metadata_preamble_and_reporting_rule() {
        let p = parsed("ke-hoach-35-2023.docx").plan;
        let m = &p.meta;
        assert_eq!(m.issuer_lines, ["ỦY BAN NHÂN DÂN", "TỈNH HẬU GIANG"]);
        assert_eq!(m.number, "35/KH-UBND");
        assert_eq!(
            (m.place.as_str(), m.date, m.year),
            ("Hậu Giang", date(2023, 2, 10), 2023)
        );
        assert_eq!(
            m.title,
            "TRIỂN KHAI THỰC HIỆN NGHỊ QUYẾT SỐ 01/NQ-CP NGÀY 06/01/2023 CỦA CHÍNH PHỦ TRÊN \
             ĐỊA BÀN TỈNH HẬU GIANG NĂM 2023"
        );
        assert_eq!(
            m.resolution.as_deref(),
            Some("Nghị quyết số 01/NQ-CP ngày 06/01/2023 của Chính phủ")
        );
        assert_eq!(m.signer_capacity, ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]);
        assert_eq!(m.signer, "Lê Minh Tâm");
        assert_eq!(m.recipients.len(), 6);
        assert_eq!(p.preamble.len(), 3);
        assert!(p.preamble[1].starts_with("Căn cứ Nghị quyết số 18/NQ-HĐND"));
        assert_eq!(m.reporting.monthly_before, 20);
        assert_eq!(m.reporting.review_before, date(2023, 11, 15));
    }

    /// A section's id and its parts: id, paragraph count, item ids.
    type Shape = (String, Vec<(String, usize, Vec<String>)>);

    #[test]
    fn sections_parts_and_items_by_the_id_rule() {
        let p = parsed("ke-hoach-35-2023.word.txt").plan;
        let shape: Vec<Shape> = p
            .sections
            .iter()
            .map(|s| {
                (
                    s.id.clone(),
                    s.parts
                        .iter()
                        .map(|pt| {
                            (
                                pt.id.clone(),
                                pt.paragraphs.len(),
                                pt.items.iter().map(|i| i.id.clone()).collect(),
                            )
                        })
                        .collect(),
                )
            })
            .collect();
        let s = |id: &str, parts: &[(&str, usize, &[&str])]| {
            (
                id.to_owned(),
                parts
                    .iter()
                    .map(|(p, n, items)| {
                        (
                            p.to_string(),
                            *n,
                            items.iter().map(|i| i.to_string()).collect(),
                        )
                    })
                    .collect::<Vec<_>>(),
            )
        };
        assert_eq!(
            shape,
            [
                s(
                    "muc-1",
                    &[
                        ("muc-1-1", 1, &[]),
                        ("muc-1-2", 0, &["muc-1-2-1", "muc-1-2-2"])
                    ]
                ),
                s(
                    "muc-2",
                    &[
                        ("nv-1", 0, &["tt-1", "tt-2", "tt-3"]),
                        ("nv-2", 0, &["nv-2-1", "nv-2-2", "nv-2-3", "nv-2-4"]),
                        ("nv-3", 0, &["nv-3-1", "nv-3-2"]),
                    ]
                ),
                s("muc-3", &[("tc-0", 3, &[])]),
            ]
        );
        let item = |id: &str| {
            p.items()
                .find(|(_, i)| i.id == id)
                .map(|(_, i)| (i.text.as_str(), i.bulleted))
                .unwrap()
        };
        assert_eq!(
            item("nv-2-1"),
            (
                "a) Về nông nghiệp: cơ cấu lại ngành nông nghiệp gắn với xây dựng nông thôn mới.",
                false
            )
        );
        assert_eq!(
            item("tt-1"),
            (
                "Ưu tiên thúc đẩy tăng trưởng gắn với giữ vững ổn định kinh tế vĩ mô.",
                false
            )
        );
        assert!(
            item("nv-2-2").1,
            "a bullet under a lettered item is a bullet"
        );
        assert_eq!(p.sections[2].parts[0].heading, "");
    }

    #[test]
    fn every_annex_row() {
        let p = parsed("ke-hoach-35-2023.docx");
        let tasks: Vec<_> = p.plan.annex_tasks().collect();
        assert_eq!(tasks.len(), ROWS.len());
        for (task, &(id, number, lead, coordinating, period, due, group)) in tasks.iter().zip(&ROWS)
        {
            assert_eq!(task.id, id);
            assert_eq!(task.number, number, "{id}");
            assert_eq!(task.lead_unit, UnitId::new(lead), "{id}");
            let coordinating: Vec<UnitId> = coordinating.iter().map(|u| UnitId::new(*u)).collect();
            assert_eq!(task.coordinating, coordinating, "{id}");
            let deadline = task.deadline.expect(id);
            assert_eq!(deadline.period, period, "{id}");
            assert_eq!(deadline.due, due.map(|(y, m, d)| date(y, m, d)), "{id}");
            assert_eq!(task.group.as_deref(), group, "{id}");
            assert!(p.plan.unit(&task.lead_unit).is_some(), "{id}");
        }
    }

    #[test]
    fn annexes_columns_groups_and_the_cells_kept_as_printed() {
        let p = parsed("ke-hoach-35-2023.docx").plan;
        let [one, two] = &p.annexes[..] else {
            panic!("two annexes")
        };
        assert_eq!(one.id, "phu-luc");
        assert_eq!(
            one.title_lines,
            ["PHỤ LỤC I", "DANH MỤC NHIỆM VỤ CỤ THỂ NĂM 2023"]
        );
        assert_eq!(
            one.subtitle.as_deref(),
            Some("(Kèm theo Kế hoạch số 35/KH-UBND ngày 10/02/2023 của Ủy ban nhân dân tỉnh Hậu Giang)")
        );
        let roles =
            |a: &ke_hoach::model::plan::Annex| a.columns.iter().map(|c| c.role).collect::<Vec<_>>();
        use ColumnRole::*;
        assert_eq!(
            roles(one),
            [Number, Task, Lead, Coordinating, Deadline, Product, Remarks]
        );
        assert_eq!(roles(two), [Number, Task, Product, Lead, Deadline]);
        let groups: Vec<(&str, &str, &str)> = one
            .groups
            .iter()
            .chain(&two.groups)
            .map(|g| (g.id.as_str(), g.numeral.as_str(), g.title.as_str()))
            .collect();
        assert_eq!(
            groups,
            [
                ("phu-luc-i", "I", "LĨNH VỰC KINH TẾ"),
                ("phu-luc-ii", "II", "LĨNH VỰC VĂN HÓA - XÃ HỘI"),
                (
                    "phu-luc-iii",
                    "III",
                    "LĨNH VỰC QUỐC PHÒNG - AN NINH, NỘI CHÍNH"
                ),
                ("phu-luc-2-a", "A", "TRÌNH HĐND TỈNH"),
                ("phu-luc-2-b", "B", "TRÌNH UBND TỈNH"),
            ]
        );
        let t3 = &one.tasks[2];
        assert_eq!(t3.product.as_deref(), Some("Báo cáo"));
        assert_eq!(t3.remarks.as_deref(), Some("Hằng tháng"));
        assert_eq!(t3.deadline_text, "Thường xuyên");
        assert_eq!(
            one.tasks[0].coordinating_text.as_deref(),
            Some("Các sở, ngành, địa phương")
        );
        assert!(
            one.tasks[0].coordinating.is_empty(),
            "a phrase names no unit"
        );
        assert_eq!(one.tasks[9].deadline_text, "Quý l");
        assert_eq!(
            one.tasks[10].title,
            "Kế hoạch phòng, chống dịch bệnh năm 2023 (bao gồm bệnh sốt xuất huyết)"
        );
        assert_eq!(two.tasks[1].product.as_deref(), Some("Nghị quyết"));
    }

    #[test]
    fn the_units_the_registry_lacks_are_proposed_once_each() {
        let p = parsed("ke-hoach-35-2023.docx");
        let proposed: Vec<(&str, &str, &str, UnitKind)> = p
            .review
            .proposed_units
            .iter()
            .map(|u| {
                (
                    u.unit.id.as_str(),
                    u.unit.short.as_str(),
                    u.unit.name.as_str(),
                    u.unit.kind,
                )
            })
            .collect();
        assert_eq!(proposed, PROPOSED);
        // They follow the registry in the plan's units, and nothing else does.
        assert_eq!(p.plan.units.len(), builtin_units().len() + PROPOSED.len());
        assert_eq!(p.plan.units[..31], builtin_units()[..]);
        let gtvt = &p.review.proposed_units[3];
        assert_eq!(gtvt.printed, ["Sở Giao thông vận tải", "Sở GTVT"]);
        assert_eq!(gtvt.uses.len(), 2);
        let ubnd = &p.review.proposed_units[2];
        assert_eq!(ubnd.printed.len(), 3, "{:?}", ubnd.printed);
    }

    #[test]
    fn the_review_places_every_line_and_says_what_was_inferred() {
        let p = parsed("ke-hoach-35-2023.word.txt");
        let r = &p.review;
        assert_eq!(
            r.counts.not_understood,
            0,
            "{:?}",
            r.lines
                .iter()
                .filter(|l| l.place == Place::NotUnderstood)
                .collect::<Vec<_>>()
        );
        assert!(r.problems.is_empty(), "{:?}", r.problems);
        assert_eq!(
            (
                r.counts.annexes,
                r.counts.groups,
                r.counts.tasks,
                r.counts.recurring_tasks
            ),
            (2, 5, 29, 4)
        );
        assert_eq!(r.counts.proposed_units, 10);
        assert!(!r.is_clean(), "proposed units need a look");
        let inferred = |id: &str| {
            r.rows
                .iter()
                .find(|row| row.task == id)
                .unwrap()
                .inferred
                .clone()
        };
        assert_eq!(inferred("pl-5"), [Inferred::LeadFromAbove]);
        assert_eq!(inferred("pl2-a-2"), [Inferred::DeadlineFromAbove]);
        assert!(inferred("pl-4").is_empty());
        let row6 = r.rows.iter().find(|row| row.task == "pl-6").unwrap();
        assert_eq!(row6.lead_printed, "Sở Giao thông vận tải");
        assert!(!row6.lead_known);
        assert_eq!(r.reporting_from.monthly.as_deref(), Some("tc-0"));
        // The multi-paragraph cell's second line belongs to its row.
        let second = r
            .lines
            .iter()
            .position(|l| l.text.starts_with("(bao gồm"))
            .unwrap();
        assert_eq!(r.lines[second].place, Place::AnnexTask("pl-11".into()));
    }

    #[test]
    fn summary_lines_for_scripts() {
        let p = parsed("ke-hoach-35-2023.docx").plan;
        let summary = ke_hoach::plan_file::summary(&p);
        let lines: Vec<&str> = summary.lines().collect();
        assert_eq!(lines.len(), 29);
        assert_eq!(lines[0], "1\tSở KH&ĐT\t2023-12-31");
        assert_eq!(lines[2], "3\tSở KH&ĐT\t-");
        assert_eq!(lines[6], "7\tSở GTVT\t2023-06-29");
        assert_eq!(lines[23], "1\tBan Quản lý các khu công nghiệp\t2023-06-30");
        let seed = ke_hoach::plan_file::summary(plan());
        assert_eq!(seed.lines().next(), Some("1\tSở KH&ĐT\t2021-01-31"));
        assert_eq!(seed.lines().nth(35), Some("36\tSở Ngoại vụ\t2021-12-31"));
    }
}

mod corrections {
    use super::*;

    fn doc() -> Document {
        read(&fixture("ke-hoach-35-2023.docx")).unwrap()
    }

    #[test]
    fn a_lead_title_and_deadline_set_by_hand_are_checked_like_the_rest() {
        let fixed = parse_with(
            &doc(),
            &[
                Correction::Lead {
                    task: "pl-20".into(),
                    unit: UnitId::new("so-noi-vu"),
                },
                Correction::Title {
                    task: "pl-1".into(),
                    title: "Kế hoạch phát triển kinh tế - xã hội năm 2024".into(),
                },
                Correction::Deadline {
                    task: "pl-3".into(),
                    text: "Quý III/2023".into(),
                },
            ],
        );
        let task = |id: &str| {
            fixed
                .plan
                .annex_tasks()
                .find(|t| t.id == id)
                .unwrap()
                .clone()
        };
        assert_eq!(task("pl-20").lead_unit, UnitId::new("so-noi-vu"));
        assert_eq!(
            task("pl-1").title,
            "Kế hoạch phát triển kinh tế - xã hội năm 2024"
        );
        assert_eq!(task("pl-3").deadline.unwrap().due, Some(date(2023, 9, 30)));
        assert_eq!(task("pl-3").deadline_text, "Quý III/2023");
        // Thanh tra tỉnh led only pl-20: no longer proposed.
        assert!(fixed
            .review
            .proposed_units
            .iter()
            .all(|p| p.unit.id.as_str() != "thanh-tra-tinh"));
        let row = fixed
            .review
            .rows
            .iter()
            .find(|r| r.task == "pl-20")
            .unwrap();
        assert_eq!(row.corrected, [Field::Lead]);
        // Ids and identity do not move.
        assert_eq!(
            fixed.plan.content_fingerprint(),
            parse_with(&doc(), &[]).plan.content_fingerprint()
        );
    }

    #[test]
    fn an_unreadable_deadline_is_a_problem_until_corrected() {
        let text = String::from_utf8(fixture("ke-hoach-35-2023.word.txt"))
            .unwrap()
            .replacen("\tTháng 5/2023\t", "\tTháng Năm\t", 1);
        let p = parse_with(&read_text(&text), &[]);
        assert_eq!(p.review.problems.len(), 1);
        let problem = &p.review.problems[0];
        assert!(
            problem.message.contains("STT 14") && problem.message.contains("Tháng Năm"),
            "{}",
            problem.message
        );
        assert_eq!(
            p.review.lines[problem.line.unwrap() - 1].place,
            Place::AnnexTask("pl-14".into())
        );
        assert!(p
            .plan
            .annex_tasks()
            .find(|t| t.id == "pl-14")
            .unwrap()
            .deadline
            .is_none());
        let fixed = parse_with(
            &read_text(&text),
            &[Correction::Deadline {
                task: "pl-14".into(),
                text: "Tháng 5/2023".into(),
            }],
        );
        assert!(fixed.review.problems.is_empty());
        assert_eq!(fixed.plan, parse_with(&doc(), &[]).plan);
    }

    #[test]
    fn a_proposed_unit_can_be_renamed_or_said_to_be_a_known_one() {
        let fixed = parse_with(
            &doc(),
            &[
                Correction::Unit(UnitFix::Names {
                    unit: UnitId::new("so-y-te"),
                    short: "Sở YT".into(),
                    name: "Sở Y tế tỉnh Hậu Giang".into(),
                }),
                Correction::Unit(UnitFix::Same {
                    proposed: UnitId::new("kho-bac-nha-nuoc-tinh"),
                    unit: UnitId::new("so-tai-chinh"),
                }),
            ],
        );
        let y_te = fixed.plan.unit(&UnitId::new("so-y-te")).unwrap();
        assert_eq!(
            (y_te.short.as_str(), y_te.name.as_str()),
            ("Sở YT", "Sở Y tế tỉnh Hậu Giang")
        );
        assert!(fixed
            .plan
            .unit(&UnitId::new("kho-bac-nha-nuoc-tinh"))
            .is_none());
        let pl3 = fixed.plan.annex_tasks().find(|t| t.id == "pl-3").unwrap();
        assert_eq!(pl3.coordinating, [UnitId::new("so-tai-chinh")]);
        assert_eq!(fixed.review.proposed_units.len(), 9);
    }

    #[test]
    fn a_correction_that_no_longer_fits_is_a_problem() {
        let p = parse_with(
            &doc(),
            &[
                Correction::Title {
                    task: "pl-99".into(),
                    title: "?".into(),
                },
                Correction::Lead {
                    task: "pl-1".into(),
                    unit: UnitId::new("so-khong-co"),
                },
            ],
        );
        assert_eq!(p.review.problems.len(), 2, "{:?}", p.review.problems);
        assert!(p
            .review
            .problems
            .iter()
            .all(|pr| pr.line.is_none() && pr.message.contains("không còn khớp")));
    }
}

mod not_a_plan {
    use super::*;

    #[test]
    fn files_that_are_not_documents_say_what_to_do() {
        let cases: Vec<(Vec<u8>, FileError)> = vec![
            (Vec::new(), FileError::Empty),
            (b" \r\n\t".to_vec(), FileError::Empty),
            (
                vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0],
                FileError::OldWord,
            ),
            (b"%PDF-1.7\n%\xe2\xe3".to_vec(), FileError::Pdf),
            (b"{\\rtf1\\ansi ...}".to_vec(), FileError::Rtf),
            (
                br#"{"format":"ke-hoach-tracking"}"#.to_vec(),
                FileError::Json,
            ),
            (vec![0, 159, 146, 150, 0, 1, 2], FileError::Binary),
            (fixture("not-a-document.zip"), FileError::NotWord),
        ];
        for (bytes, expected) in cases {
            let err = read(&bytes).expect_err("not a document");
            assert_eq!(err, expected);
            let message = err.to_string();
            assert!(message.ends_with('.'), "{message}");
        }
        assert!(FileError::OldWord.to_string().contains("Lưu thành"));
        assert!(FileError::Pdf.to_string().contains("Ctrl+A"));
    }

    #[test]
    fn a_damaged_docx_is_refused_with_its_reason() {
        let docx = fixture("ke-hoach-22-2021.docx");
        // Cut in half: the central directory is gone.
        let cut = read(&docx[..docx.len() / 2]).unwrap_err();
        assert!(matches!(cut, FileError::Damaged(_)), "{cut:?}");
        assert!(cut.to_string().contains("bị hỏng"));
        // One byte changed inside the document part: inflate or the CRC fails.
        let at = find(&docx, b"word/document.xml").expect("the local header") + 200;
        let mut flipped = docx.clone();
        flipped[at] ^= 0x55;
        assert!(matches!(read(&flipped), Err(FileError::Damaged(_))));
    }

    fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
        hay.windows(needle.len()).position(|w| w == needle)
    }

    #[test]
    fn a_document_that_is_not_a_plan_says_so() {
        let letter = "ỦY BAN NHÂN DÂN\r\nTỈNH AN GIANG\r\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\r\n\
                      Số: 10/UBND-KT\tAn Giang, ngày 02 tháng 3 năm 2024\r\n\
                      V/v báo cáo tình hình thực hiện\r\nKính gửi: Sở Tài chính\r\n";
        let err = parse(
            &read_text(letter),
            &Options {
                registry: &builtin_units(),
                corrections: &[],
            },
        )
        .unwrap_err();
        assert!(err.message.contains("không phải một kế hoạch"), "{err}");
    }
}

/// A small plan in Word's clipboard text whose annex has `header` and `rows`.
fn word_plan(header: &[&str], rows: &[Vec<&str>]) -> String {
    let mut text = String::from(
        "ỦY BAN NHÂN DÂN\u{b}TỈNH AN GIANG\r\n-----\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\r\n\
         Độc lập - Tự do - Hạnh phúc\r\nSố: 12/KH-UBND\tAn Giang, ngày 05 tháng 01 năm 2024\r\n\
         KẾ HOẠCH\r\nTHỰC HIỆN NGHỊ QUYẾT SỐ 01/NQ-CP NĂM 2024\r\n\
         Căn cứ Nghị quyết số 01/NQ-CP ngày 05/01/2024 của Chính phủ về nhiệm vụ năm 2024;\r\n\
         I. MỤC TIÊU\r\n1. Mục tiêu chung\r\n-\tHoàn thành các chỉ tiêu được giao.\r\n\
         Nơi nhận:\r\n- Như trên;\tTM. ỦY BAN NHÂN DÂN\r\nCHỦ TỊCH\r\nNguyễn Văn Bình\r\n\r\n\
         DANH MỤC NHIỆM VỤ NĂM 2024\r\n",
    );
    text += &header.join("\t");
    text += "\r\n";
    for row in rows {
        text += &row.join("\t");
        text += "\r\n";
    }
    text
}

mod columns {
    use super::*;

    /// Each column's header variants and the cells of two rows.
    const COLUMNS: [(&[&str], [&str; 2]); 7] = [
        (&["STT", "TT", "Số TT", "Số thứ tự"], ["1", "2"]),
        (
            &["Nhiệm vụ", "Nội dung nhiệm vụ", "Nội dung", "Tên nhiệm vụ"],
            ["Kế hoạch chuyển đổi số", "Đề án phát triển du lịch"],
        ),
        (
            &[
                "Đơn vị chủ trì",
                "Cơ quan chủ trì (thực hiện)",
                "Đơn vị chủ trì thực hiện",
                "Cơ quan chủ trì",
            ],
            ["Sở Thông tin và Truyền thông", "Sở Du lịch"],
        ),
        (
            &["Cơ quan phối hợp", "Đơn vị phối hợp"],
            ["Sở Tài chính", "Sở VH&TT, Sở Công Thương"],
        ),
        (
            &[
                "Thời gian trình",
                "Thời gian hoàn thành",
                "Thời hạn",
                "Thời hạn hoàn thành",
            ],
            ["Quý II/2024", "Thường xuyên"],
        ),
        (&["Sản phẩm", "Hình thức văn bản"], ["Kế hoạch", "Đề án"]),
        (&["Ghi chú"], ["", "Trình HĐND"]),
    ];

    fn parse_columns(order: &[usize], variant: &[usize]) -> Plan {
        let header: Vec<&str> = order
            .iter()
            .zip(variant)
            .map(|(&c, &v)| COLUMNS[c].0[v % COLUMNS[c].0.len()])
            .collect();
        let rows: Vec<Vec<&str>> = (0..2)
            .map(|r| order.iter().map(|&c| COLUMNS[c].1[r]).collect())
            .collect();
        let text = word_plan(&header, &rows);
        parse_with(&read_text(&text), &[]).plan
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        #[test]
        fn any_order_and_any_header_variant_reads_the_same_tasks(
            order in Just((0..7).collect::<Vec<usize>>()).prop_shuffle(),
            variant in prop::collection::vec(0usize..4, 7),
        ) {
            let plan = parse_columns(&order, &variant);
            let tasks: Vec<_> = plan.annex_tasks().collect();
            prop_assert_eq!(tasks.len(), 2);
            prop_assert_eq!(tasks[0].id.as_str(), "pl-1");
            prop_assert_eq!(tasks[0].title.as_str(), "Kế hoạch chuyển đổi số");
            prop_assert_eq!(tasks[0].lead_unit.as_str(), "so-tttt");
            prop_assert_eq!(&tasks[0].coordinating, &[UnitId::new("so-tai-chinh")]);
            prop_assert_eq!(tasks[0].deadline.unwrap().due, Some(date(2024, 6, 30)));
            prop_assert_eq!(tasks[0].product.as_deref(), Some("Kế hoạch"));
            prop_assert_eq!(tasks[0].remarks.as_deref(), None);
            prop_assert_eq!(tasks[1].lead_unit.as_str(), "so-du-lich");
            prop_assert_eq!(
                &tasks[1].coordinating,
                &[UnitId::new("so-vhtt"), UnitId::new("so-cong-thuong")]
            );
            prop_assert!(tasks[1].deadline.unwrap().is_recurring());
            prop_assert_eq!(tasks[1].remarks.as_deref(), Some("Trình HĐND"));
            let roles: Vec<ColumnRole> = plan.annexes[0].columns.iter().map(|c| c.role).collect();
            let expected = [
                ColumnRole::Number,
                ColumnRole::Task,
                ColumnRole::Lead,
                ColumnRole::Coordinating,
                ColumnRole::Deadline,
                ColumnRole::Product,
                ColumnRole::Remarks,
            ];
            prop_assert_eq!(roles, order.iter().map(|&c| expected[c]).collect::<Vec<_>>());
        }
    }

    #[test]
    fn only_the_four_core_columns_are_needed_and_others_are_kept() {
        let text = word_plan(
            &[
                "TT",
                "Cấp trình",
                "Nội dung nhiệm vụ",
                "Cơ quan chủ trì",
                "Thời hạn",
            ],
            &[vec![
                "1",
                "UBND tỉnh",
                "Kế hoạch cải cách hành chính",
                "Sở Nội vụ",
                "Quý I",
            ]],
        );
        let p = parse_with(&read_text(&text), &[]).plan;
        let task = p.annex_tasks().next().unwrap();
        assert_eq!(task.other, ["UBND tỉnh"]);
        assert_eq!(p.annexes[0].columns[1].role, ColumnRole::Other);
        assert_eq!(
            task.deadline.unwrap().due,
            Some(date(2024, 3, 31)),
            "the plan's year"
        );
        assert!(
            p.sections[0].parts[0].items[0].bulleted,
            "Word's `-\\t` list marker"
        );
    }

    #[test]
    fn a_table_without_a_deadline_column_is_not_an_annex() {
        let text = word_plan(
            &["STT", "Nhiệm vụ", "Đơn vị chủ trì"],
            &[vec!["1", "Kế hoạch cải cách hành chính", "Sở Nội vụ"]],
        );
        let err = parse(
            &read_text(&text),
            &Options {
                registry: &builtin_units(),
                corrections: &[],
            },
        )
        .unwrap_err();
        assert!(err.message.contains("bảng phụ lục nhiệm vụ"), "{err}");
    }
}

mod never_panics {
    use super::*;

    fn any_outcome(bytes: &[u8]) -> Result<(), String> {
        let lines = |doc: &Document| doc.lines.len().max(1);
        match read(bytes) {
            Err(e) => {
                assert!(!e.to_string().is_empty());
                Ok(())
            }
            Ok(doc) => match parse(
                &doc,
                &Options {
                    registry: &builtin_units(),
                    corrections: &[],
                },
            ) {
                Ok(p) => {
                    assert_eq!(p.review.lines.len(), doc.lines.len());
                    Ok(())
                }
                Err(e) if (1..=lines(&doc)).contains(&e.line) => Ok(()),
                Err(e) => Err(format!("{e} (of {} lines)", doc.lines.len())),
            },
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        #[test]
        fn a_docx_cut_anywhere_is_an_error_or_a_plan(cut in any::<prop::sample::Index>()) {
            let docx = fixture("ke-hoach-35-2023.docx");
            let at = cut.index(docx.len());
            prop_assert!(any_outcome(&docx[..at]).is_ok());
        }

        #[test]
        fn a_docx_with_one_byte_changed_is_an_error_or_a_plan(
            at in any::<prop::sample::Index>(),
            xor in 1u8..,
        ) {
            let mut docx = fixture("ke-hoach-22-2021.docx");
            let at = at.index(docx.len());
            docx[at] ^= xor;
            prop_assert!(any_outcome(&docx).is_ok());
        }

        #[test]
        fn word_text_with_any_line_dropped_is_an_error_naming_a_line_or_a_plan(
            drop in any::<prop::sample::Index>(),
        ) {
            let text = String::from_utf8(fixture("ke-hoach-35-2023.word.txt")).unwrap();
            let lines: Vec<&str> = text.split("\r\n").collect();
            let gone = drop.index(lines.len());
            let kept: Vec<&str> = lines.iter().enumerate().filter(|&(i, _)| i != gone).map(|(_, l)| *l).collect();
            prop_assert!(any_outcome(kept.join("\r\n").as_bytes()).is_ok());
        }

        #[test]
        fn word_text_cut_at_any_character_is_an_error_naming_a_line_or_a_plan(
            cut in any::<prop::sample::Index>(),
        ) {
            let text = String::from_utf8(fixture("ke-hoach-22-2021.word.txt")).unwrap();
            let bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
            prop_assert!(any_outcome(&text.as_bytes()[..bounds[cut.index(bounds.len())]]).is_ok());
        }

        #[test]
        fn any_bytes_are_an_error_or_a_plan(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
            prop_assert!(any_outcome(&bytes).is_ok());
        }
    }

    #[test]
    fn the_2023_word_text_cut_after_a_whole_row_keeps_the_rows_before() {
        let text = String::from_utf8(fixture("ke-hoach-35-2023.word.txt")).unwrap();
        let at = text.find("\r\n2\tNghị quyết về dự toán").unwrap();
        let p = parse_with(&read_text(&text[..at]), &[]);
        assert_eq!(p.plan.annexes[1].tasks.len(), 1);
        assert_eq!(p.plan.annex_tasks().count(), 21);
    }

    #[test]
    fn a_dropped_task_number_is_an_error_at_its_row() {
        let text = String::from_utf8(fixture("ke-hoach-35-2023.word.txt"))
            .unwrap()
            .replacen("\r\n12\tĐề án nâng cao", "\r\n13\tĐề án nâng cao", 1);
        let err = parse(
            &read_text(&text),
            &Options {
                registry: &builtin_units(),
                corrections: &[],
            },
        )
        .unwrap_err();
        assert!(err.message.contains("STT 12"), "{err}");
        let line = text
            .split("\r\n")
            .position(|l| l.starts_with("13\tĐề án nâng cao"))
            .unwrap()
            + 1;
        assert_eq!(err.line, line);
    }
}

mod in_the_app {
    use super::*;
    use ke_hoach::model::catalog::{Catalog, TaskSource};
    use ke_hoach::model::timing::Timing;
    use ke_hoach::model::tracking::Tracking;

    #[test]
    fn the_catalog_lists_both_annexes_and_the_plans_own_units() {
        let p = parsed("ke-hoach-35-2023.docx").plan;
        let catalog = Catalog::build(&p, &Tracking::default());
        assert_eq!(catalog.tasks.len(), 29);
        assert!(catalog.tasks.windows(2).all(|w| w[0].order < w[1].order));
        assert_eq!(catalog.units.len(), 41);
        assert_eq!(catalog.unit_short(&UnitId::new("so-y-te")), "Sở Y tế");
        let b1 = catalog.task("pl2-b-1").unwrap();
        assert_eq!(b1.source, TaskSource::Annex { number: 1 });
        // Known by its printed STT, under its group (STTs start again under
        // each group) and its annex, so that no two tasks share a number.
        assert_eq!(b1.reference_vi(), "Nhiệm vụ PL2.B.1");
        assert_eq!(catalog.task("pl2-a-1").unwrap().number, "PL2.A.1");
        assert_eq!(catalog.task("pl-12").unwrap().number, "12");
        let numbers: std::collections::HashSet<&str> =
            catalog.tasks.iter().map(|t| t.number.as_str()).collect();
        assert_eq!(numbers.len(), catalog.tasks.len());
        let pl3 = catalog.task("pl-3").unwrap();
        assert!(pl3.is_recurring() && pl3.plan_due.is_none());
        assert_eq!(
            pl3.terms().coordinating,
            [UnitId::new("kho-bac-nha-nuoc-tinh")]
        );
        let t = Tracking::default();
        let timing = |id: &str| {
            let task = catalog.task(id).unwrap();
            t.effective(&task.id, task.terms())
                .timing(date(2023, 12, 31), 15)
        };
        assert_eq!(timing("pl-3"), Timing::Recurring);
        assert_eq!(timing("pl-4"), Timing::Overdue);
        assert_eq!(timing("pl-1"), Timing::DueSoon);
    }
}
