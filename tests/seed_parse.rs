//! Proof that the embedded plan is the document: the parsed plan's counts,
//! annex rows, metadata and headings checked against the text by hand; a
//! "nothing lost" comparison of every word; errors for broken texts; and
//! the unit registry and deadline periods the parser relies on.

use chrono::NaiveDate;
use ke_hoach::model::deadline::Period;
use ke_hoach::model::plan::Plan;
use ke_hoach::model::unit::{builtin_units, UnitId, UnitKind};
use ke_hoach::parse::ParseError as SeedError;
use ke_hoach::seed::{parse_plan, plan, prepare, PLAN_TEXT, PREPARED_PLAN};

/// The registry unit a printed name resolves to.
fn resolve_unit(name: &str) -> Option<UnitId> {
    ke_hoach::parse::units::find(&builtin_units(), name).map(|u| u.id.clone())
}
use proptest::prelude::*;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

/// The 1-based line of `text` where `needle` starts.
fn line_of(text: &str, needle: &str) -> usize {
    let at = text.find(needle).expect("needle in text");
    text[..at].matches('\n').count() + 1
}

mod structure {
    use super::*;

    #[test]
    fn embedded_plan_parses_and_plan_is_cached() {
        let parsed = parse_plan(PLAN_TEXT).expect("the embedded plan parses");
        assert_eq!(plan(), &parsed);
        assert!(std::ptr::eq(plan(), plan()), "plan() reads once");
    }

    /// The app reads the prepared data, never the text: the data must be
    /// the text's parse, byte for byte as `prepare` writes it.
    /// `UPDATE_SEED=1` rewrites it after a change to the parser or the model.
    #[test]
    fn prepared_plan_is_the_parse_of_the_text() {
        let expected = prepare(&parse_plan(PLAN_TEXT).expect("the embedded plan parses"));
        if std::env::var_os("UPDATE_SEED").is_some() {
            let path = concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/seeds/ke-hoach-22-KH-UBND-2021.plan.json"
            );
            std::fs::write(path, &expected).expect("the prepared plan is written");
            return;
        }
        assert!(
            PREPARED_PLAN == expected,
            "seeds/ke-hoach-22-KH-UBND-2021.plan.json is not the parse of the text: \
             run UPDATE_SEED=1 cargo test --test seed_parse prepared"
        );
    }

    #[test]
    fn three_sections_with_their_parts() {
        let p = plan();
        let ids: Vec<_> = p.sections.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["muc-1", "muc-2", "muc-3"]);
        let numerals: Vec<_> = p.sections.iter().map(|s| s.numeral.as_str()).collect();
        assert_eq!(numerals, ["I", "II", "III"]);

        let part_ids = |i: usize| -> Vec<String> {
            p.sections[i].parts.iter().map(|pt| pt.id.clone()).collect()
        };
        assert_eq!(part_ids(0), ["muc-1-1", "muc-1-2", "muc-1-3"]);
        let nv: Vec<String> = (1..=11).map(|n| format!("nv-{n}")).collect();
        assert_eq!(part_ids(1), nv);
        assert_eq!(part_ids(2), ["tc-1", "tc-2"]);
        for section in &p.sections {
            for (i, part) in section.parts.iter().enumerate() {
                assert_eq!(usize::from(part.number), i + 1, "{}", part.id);
            }
        }
    }

    #[test]
    fn section_headings_are_whole() {
        let headings: Vec<_> = plan().sections.iter().map(|s| s.heading.as_str()).collect();
        assert_eq!(
            headings,
            [
                "BỐI CẢNH, MỤC TIÊU, PHƯƠNG CHÂM HÀNH ĐỘNG VÀ TRỌNG TÂM CHỈ ĐẠO ĐIỀU HÀNH",
                "NHIỆM VỤ GIẢI PHÁP CHỦ YẾU",
                "TỔ CHỨC THỰC HIỆN",
            ]
        );
    }

    #[test]
    fn section_one_parts_paragraphs_and_eight_focuses() {
        let parts = &plan().sections[0].parts;
        let headings: Vec<_> = parts.iter().map(|p| p.heading.as_str()).collect();
        assert_eq!(
            headings,
            [
                "Bối cảnh",
                "Mục tiêu tổng quát",
                "Phương châm hành động và trọng tâm chỉ đạo điều hành",
            ]
        );

        // Context: one paragraph; objective: two (the second starts at a
        // short first line after a sentence end); motto: its intro.
        assert_eq!(parts[0].paragraphs.len(), 1);
        assert!(
            parts[0].paragraphs[0].starts_with("Năm 2021 có ý nghĩa đặc biệt quan trọng, là năm")
        );
        assert!(
            parts[0].paragraphs[0].ends_with("đối với sự phát triển kinh tế - xã hội của tỉnh.")
        );
        assert_eq!(parts[1].paragraphs.len(), 2);
        assert!(parts[1].paragraphs[0].ends_with("trong bối cảnh dịch bệnh diễn biến phức tạp."));
        assert!(parts[1].paragraphs[1]
            .starts_with("Đẩy mạnh cải cách hành chính, phát triển chính quyền"));
        assert_eq!(parts[2].paragraphs.len(), 1);
        assert!(parts[2].paragraphs[0].starts_with("Để thực hiện thành công toàn diện"));
        assert!(parts[2].paragraphs[0].ends_with("với 8 trọng tâm chỉ đạo điều hành như sau:"));
        assert!(parts[0].items.is_empty() && parts[1].items.is_empty());

        let focuses = &parts[2].items;
        let ids: Vec<_> = focuses.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(
            ids,
            ["tt-1", "tt-2", "tt-3", "tt-4", "tt-5", "tt-6", "tt-7", "tt-8"]
        );
        for (i, focus) in focuses.iter().enumerate() {
            assert_eq!(usize::from(focus.number), i + 1);
            assert!(!focus.bulleted, "focuses are numbered, not bulleted");
        }
        assert_eq!(
            focuses[0].text,
            "Chuẩn bị chu đáo, kỹ lưỡng để phục vụ tổ chức thành công bầu cử đại biểu \
             Quốc hội khóa XV và bầu cử đại biểu HĐND các cấp nhiệm kỳ 2021-2026. Quyết \
             liệt hành động để thực hiện có hiệu quả các mục tiêu, nhiệm vụ, giải pháp \
             trong Kế hoạch phát triển kinh tế - xã hội 5 năm giai đoạn 2021-2025 ngay \
             trong năm đầu của nhiệm kỳ."
        );
        assert!(focuses[7]
            .text
            .starts_with("Thực hiện tốt công tác thông tin, truyền thông"));
        assert!(focuses[7]
            .text
            .ends_with("phát triển kinh tế xã hội đề ra."));
    }

    #[test]
    fn section_two_has_eleven_groups_with_their_items() {
        let groups = &plan().sections[1].parts;
        // Bullets counted by hand in the text, plus group 4's undashed paragraph.
        let counts: Vec<_> = groups.iter().map(|g| g.items.len()).collect();
        assert_eq!(counts, [2, 2, 7, 9, 5, 5, 12, 3, 7, 3, 2]);
        for group in groups {
            assert!(
                group.paragraphs.is_empty(),
                "{} has no loose paragraph",
                group.id
            );
            for (i, item) in group.items.iter().enumerate() {
                assert_eq!(item.id, format!("{}-{}", group.id, i + 1));
                assert_eq!(usize::from(item.number), i + 1);
            }
        }
        assert_eq!(
            groups[0].heading,
            "Triển khai hiệu quả các nhiệm vụ phục vụ tổ chức bầu cử đại biểu Quốc hội và \
             đại biểu HĐND các cấp; ban hành kế hoạch thực hiện chương trình hành động thực \
             hiện Nghị quyết Đại hội Đảng bộ tỉnh"
        );
        assert_eq!(
            groups[7].heading,
            "Quản lý, khai thác, sử dụng hiệu quả, bền vững tài nguyên thiên nhiên, bảo vệ \
             môi trường; chủ động ứng phó hiệu quả với biến đổi khí hậu; tăng cường phòng, \
             chống và giảm nhẹ thiên tai."
        );
        assert_eq!(
            groups[10].heading,
            "Đẩy mạnh công tác thông tin, báo chí, truyền thông, tranh thủ sự đồng thuận của \
             các tầng lớp Nhân dân, nâng cao hiệu quả phối hợp giữa các cơ quan, tổ chức, Ủy \
             ban Mặt trận Tổ quốc, đoàn thể các cấp"
        );
        assert_eq!(
            groups[1].items[1].text,
            "Chủ động bố trí nguồn lực và triển khai các giải pháp phù hợp, kịp thời để tháo \
             gỡ khó khăn, hỗ trợ doanh nghiệp, người dân, người lao động bị mất việc, thiếu \
             việc làm, giảm thu nhập do đại dịch Covid-19 và khôi phục sản xuất, kinh doanh, \
             nhất là trong các ngành công nghiệp, dịch vụ, du lịch...."
        );
    }

    #[test]
    fn group_four_undashed_paragraph_is_its_own_item_and_the_only_one() {
        let groups = &plan().sections[1].parts;
        let item = &groups[3].items[1];
        assert_eq!(item.id, "nv-4-2");
        assert!(!item.bulleted);
        assert_eq!(
            item.text,
            "Xây dựng nông thôn mới; đẩy mạnh xây dựng mô hình mỗi xã có ít nhất 01 sản phẩm \
             chủ lực; duy trì, giữ vững và nâng chất lượng các xã đạt tiêu chí nông thôn mới, \
             nông thôn mới nâng cao, hướng đến đạt chuẩn nông thôn mới kiểu mẫu."
        );
        assert!(groups[3].items[0]
            .text
            .ends_with("không báo cáo và không theo quy định."));
        let undashed: Vec<_> = groups
            .iter()
            .flat_map(|g| &g.items)
            .filter(|i| !i.bulleted)
            .map(|i| i.id.as_str())
            .collect();
        assert_eq!(undashed, ["nv-4-2"]);
    }

    #[test]
    fn section_three_parts() {
        let parts = &plan().sections[2].parts;
        assert!(parts[0]
            .heading
            .starts_with("Các Sở, ban ngành và UBND huyện, thành phố"));
        assert!(parts[0]
            .heading
            .ends_with("trực tiếp chịu trách nhiệm thực hiện nhiệm vụ sau:"));
        let ids: Vec<_> = parts[0].items.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids, ["tc-1-1", "tc-1-2", "tc-1-3"]);
        assert!(parts[0].items.iter().all(|i| i.bulleted));
        assert!(parts[0].items[1]
            .text
            .contains("trước ngày 18 hàng tháng, quý"));
        assert!(parts[0].items[2].text.contains("trước ngày 18/11/2021"));
        assert!(parts[1].items.is_empty() && parts[1].paragraphs.is_empty());
        assert_eq!(
            parts[1].heading,
            "Sở Kế hoạch và Đầu tư chủ trì, phối hợp với Văn phòng UBND tỉnh và các cơ quan \
             liên quan đôn đốc, theo dõi, kiểm tra và tổng hợp, báo cáo tình hình thực hiện \
             Kế hoạch này; kịp thời báo cáo UBND tỉnh những vấn đề phát sinh trong quá trình \
             thực hiện./."
        );
    }

    #[test]
    fn ids_are_unique_across_the_plan() {
        let p = plan();
        let mut ids: Vec<&str> = Vec::new();
        for s in &p.sections {
            ids.push(&s.id);
            for part in &s.parts {
                ids.push(&part.id);
                ids.extend(part.items.iter().map(|i| i.id.as_str()));
            }
        }
        ids.push(&p.annexes[0].id);
        ids.extend(p.annex_tasks().map(|t| t.id.as_str()));
        let total = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), total);
        assert_eq!(total, 3 + 16 + 8 + 57 + 3 + 1 + 36);
    }

    /// Every string of the plan, found through its serialised form so that no
    /// field is forgotten.
    fn all_strings(value: &serde_json::Value, out: &mut Vec<String>) {
        match value {
            serde_json::Value::String(s) => out.push(s.clone()),
            serde_json::Value::Array(items) => items.iter().for_each(|v| all_strings(v, out)),
            serde_json::Value::Object(map) => map.values().for_each(|v| all_strings(v, out)),
            _ => {}
        }
    }

    #[test]
    fn no_text_field_keeps_layout_debris() {
        let mut strings = Vec::new();
        all_strings(
            &serde_json::to_value(plan()).expect("serialises"),
            &mut strings,
        );
        assert!(strings.len() > 150);
        for s in &strings {
            assert!(!s.is_empty(), "empty text field");
            assert!(!s.contains('|'), "pipe in {s:?}");
            assert!(
                !s.contains('\n') && !s.contains('\r'),
                "line break in {s:?}"
            );
            assert!(!s.contains("  "), "double space in {s:?}");
            assert_eq!(s.trim(), s, "untrimmed {s:?}");
        }
    }
}

mod metadata {
    use super::*;

    #[test]
    fn header_and_signature() {
        let m = &plan().meta;
        assert_eq!(m.issuer_lines, ["ỦY BAN NHÂN DÂN", "TỈNH KIÊN GIANG"]);
        assert_eq!(
            m.national_lines,
            [
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                "Độc lập - Tự do - Hạnh phúc"
            ]
        );
        assert_eq!(m.number, "22/KH-UBND");
        assert_eq!(m.place, "Kiên Giang");
        assert_eq!(m.date, date(2021, 2, 1));
        assert_eq!(m.year, 2021);
        assert_eq!(m.kind, "KẾ HOẠCH");
        assert_eq!(
            m.title,
            "TRIỂN KHAI THỰC HIỆN NGHỊ QUYẾT SỐ 01/NQ-CP NGÀY 01/01/2021 CỦA CHÍNH PHỦ \
             TRÊN ĐỊA BÀN TỈNH KIÊN GIANG"
        );
        assert_eq!(
            m.resolution.as_deref(),
            Some("Nghị quyết số 01/NQ-CP ngày 01/01/2021 của Chính phủ")
        );
        assert_eq!(
            m.signer_capacity,
            ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
        );
        assert_eq!(m.signer, "Nguyễn Đức Chín");
        assert_eq!(
            m.recipients,
            [
                "Bộ Kế hoạch và Đầu tư;",
                "Văn phòng Chính phủ;",
                "Thường trực Tỉnh ủy;",
                "CT và các PCT UBND tỉnh;",
                "Các Sở, ngành thuộc UBND tỉnh;",
                "UBND các huyện, thành phố;",
                "LĐVP; CVNC;",
                "Lưu: VT, btkien. (01b)",
            ]
        );
    }

    #[test]
    fn preamble_is_one_paragraph_naming_the_resolution() {
        let p = plan();
        assert_eq!(
            p.preamble,
            [
                "Thực hiện Nghị quyết số 01/NQ-CP ngày 01/01/2021 của Chính phủ về nhiệm vụ, giải \
             pháp chủ yếu thực hiện Kế hoạch phát triển kinh tế - xã hội và dự toán ngân sách \
             Nhà nước năm 2021 (gọi tắt là Nghị quyết 01/NQ-CP), UBND tỉnh Kiên Giang đề ra \
             kế hoạch triển khai thực hiện cụ thể như sau:"
            ]
        );
        assert!(p.preamble[0].contains(p.meta.resolution.as_deref().unwrap()));
    }

    #[test]
    fn content_fingerprint_follows_the_plan_not_its_bytes() {
        let seed = plan().content_fingerprint();
        assert_eq!(seed.len(), 64);
        let crlf = PLAN_TEXT.replace('\n', "\r\n");
        assert_eq!(parse_plan(&crlf).unwrap().content_fingerprint(), seed);
        let typo_fixed = PLAN_TEXT.replacen("có hiệu quả mục", "có hiệu quả các mục", 1);
        assert_ne!(typo_fixed, PLAN_TEXT);
        assert_eq!(parse_plan(&typo_fixed).unwrap().content_fingerprint(), seed);
        let mut fewer = plan().clone();
        fewer.annexes[0].tasks.pop();
        assert_ne!(fewer.content_fingerprint(), seed);
        let mut other_year = plan().clone();
        other_year.meta.year += 1;
        assert_ne!(other_year.content_fingerprint(), seed);
    }
}

mod annex {
    use super::*;

    /// The annex as printed, read row by row from the end of the seed file:
    /// STT, lead unit, `Thời gian trình` as printed.
    const ROWS: [(u16, &str, &str); 36] = [
        (1, "so-khdt", "Tháng 01"),
        (2, "so-khdt", "Quý I"),
        (3, "so-khdt", "Tháng 12"),
        (4, "so-khdt", "Quý l"),
        (5, "so-khdt", "Quý l"),
        (6, "so-khdt", "Quý II"),
        (7, "so-khdt", "Quý III"),
        (8, "so-khdt", "Quý l"),
        (9, "so-khdt", "Quý III"),
        (10, "so-khdt", "Quý II"),
        (11, "so-khdt", "Quý IV"),
        (12, "so-khdt", "Quý IV"),
        (13, "so-khdt", "Quý III"),
        (14, "ttxtdt-tmdl", "Quý IV"),
        (15, "so-nnptnt", "Quý II"),
        (16, "so-nnptnt", "Quý III"),
        (17, "so-cong-thuong", "Quý IV"),
        (18, "so-cong-thuong", "Quý IV"),
        (19, "so-cong-thuong", "Quý IV"),
        (20, "so-xay-dung", "Quý II"),
        (21, "so-tai-chinh", "Quý I"),
        (22, "so-tnmt", "Quý II"),
        (23, "so-tnmt", "Quý III"),
        (24, "so-tnmt", "Quý IV"),
        (25, "so-khcn", "Quý II"),
        (26, "so-khcn", "Quý III"),
        (27, "so-tttt", "Quý III"),
        (28, "so-ldtbxh", "Quý II"),
        (29, "so-vhtt", "Quý II"),
        (30, "so-vhtt", "Quý II"),
        (31, "so-du-lich", "Quý II"),
        (32, "so-gddt", "Quý I"),
        (33, "so-gddt", "Quý I"),
        (34, "so-noi-vu", "Quý II"),
        (35, "so-noi-vu", "Quý III"),
        (36, "so-ngoai-vu", "Quý IV"),
    ];

    /// The period and due date a printed deadline means, spelled out here
    /// independently of `Period::parse`.
    fn expected_deadline(printed: &str) -> (Period, NaiveDate) {
        match printed {
            "Tháng 01" => (Period::Month(1), date(2021, 1, 31)),
            "Tháng 12" => (Period::Month(12), date(2021, 12, 31)),
            "Quý I" | "Quý l" => (Period::Quarter(1), date(2021, 3, 31)),
            "Quý II" => (Period::Quarter(2), date(2021, 6, 30)),
            "Quý III" => (Period::Quarter(3), date(2021, 9, 30)),
            "Quý IV" => (Period::Quarter(4), date(2021, 12, 31)),
            other => panic!("no expectation for {other:?}"),
        }
    }

    #[test]
    fn title_and_subtitle() {
        let a = &plan().annexes[0];
        assert_eq!(a.id, "phu-luc");
        assert_eq!(
            a.title_lines,
            [
                "DANH MỤC",
                "MỘT SỐ NHIỆM VỤ CHỦ YẾU GIAO CÁC SỞ, NGÀNH",
                "THỰC HIỆN NĂM 2021"
            ]
        );
        assert_eq!(
            a.subtitle.as_deref(),
            Some("(kèm theo Kế hoạch số 22/KH-UBND ngày 01/02/2021 của UBND tỉnh)")
        );
    }

    #[test]
    fn every_row_matches_the_printed_table() {
        let tasks = &plan().annexes[0].tasks;
        assert_eq!(tasks.len(), 36);
        for (task, &(number, unit, printed)) in tasks.iter().zip(ROWS.iter()) {
            let (period, due) = expected_deadline(printed);
            let deadline = task.deadline.expect("every row has a deadline");
            assert_eq!(task.number, number);
            assert_eq!(task.id, format!("pl-{number}"));
            assert_eq!(task.lead_unit, UnitId::new(unit), "row {number}");
            assert_eq!(task.deadline_text, printed, "row {number}");
            assert_eq!(deadline.period, period, "row {number}");
            assert_eq!(deadline.due, Some(due), "row {number}");
            assert!(task.coordinating.is_empty() && task.group.is_none());
        }
    }

    #[test]
    fn row_titles_are_joined_whole() {
        let tasks = &plan().annexes[0].tasks;
        assert_eq!(
            tasks[0].title,
            "Kế hoạch triển khai thực hiện Nghị quyết số 01/NQ-CP ngày 01/01/2021 của Chính phủ \
             về nhiệm vụ, giải pháp chủ yếu thực hiện Kế hoạch phát triển kinh tế - xã hội và \
             Dự toán ngân sách nhà nước năm 2021"
        );
        assert_eq!(
            tasks[26].title,
            "Kế hoạch ngầm hóa hạ tầng mạng viễn thông tỉnh Kiên Giang đến năm 2025 định \
             hướng đến năm 2030."
        );
        assert_eq!(tasks[35].title, "Kế hoạch công tác đối ngoại năm 2022");
    }

    #[test]
    fn lead_units_are_registry_units_with_the_printed_short_form() {
        let units = builtin_units();
        for task in plan().annex_tasks() {
            let unit = units
                .iter()
                .find(|u| u.id == task.lead_unit)
                .expect("known unit");
            assert_eq!(unit.kind, UnitKind::Department);
        }
        let mut leads: Vec<_> = plan().annex_tasks().map(|t| t.lead_unit.clone()).collect();
        leads.sort();
        leads.dedup();
        assert_eq!(
            leads.len(),
            15,
            "every department of the registry leads a task"
        );
    }
}

/// "Nothing lost": the words of the source, in order, equal the words of the
/// parsed plan rendered in document order.
///
/// Source words are the whitespace-separated words of every line except:
/// lines holding only `|` (cell separators) or only dashes (rules); a `-`
/// opening a line (a bullet's dash); a number or roman numeral with its dot
/// opening a line (`3.`, `II.`: consumed as part, item and section numbers);
/// and the `:` closing a section heading (the model keeps headings without
/// it). Nothing else is dropped: labels such as `Số:` and `Nơi nhận:`, the
/// date's words and the annex's column headers are rendered back from the
/// plan, the date from its parsed value and each lead unit from the
/// registry's short form.
mod nothing_lost {
    use super::*;

    fn source_words(text: &str) -> Vec<String> {
        let mut words = Vec::new();
        let mut in_section_heading = false;
        for line in text.lines().map(str::trim) {
            if line == "|" || (line.len() >= 2 && line.chars().all(|c| c == '-')) {
                continue;
            }
            let mut tokens: Vec<&str> = line.split_whitespace().collect();
            let Some(&first) = tokens.first() else {
                continue;
            };
            let marker = first.strip_suffix('.');
            let is_number =
                marker.is_some_and(|m| !m.is_empty() && m.bytes().all(|b| b.is_ascii_digit()));
            let is_roman =
                marker.is_some_and(|m| !m.is_empty() && m.chars().all(|c| "IVX".contains(c)));
            if is_number {
                in_section_heading = false;
            }
            if is_roman {
                in_section_heading = true;
            }
            if first == "-" || is_number || is_roman {
                tokens.remove(0);
            }
            if in_section_heading {
                if let Some(last) = tokens.last_mut() {
                    *last = last.strip_suffix(':').unwrap_or(last);
                }
            }
            words.extend(
                tokens
                    .into_iter()
                    .filter(|t| !t.is_empty())
                    .map(str::to_owned),
            );
        }
        words
    }

    fn plan_words(plan: &Plan) -> Vec<String> {
        let m = &plan.meta;
        let units = builtin_units();
        let mut texts: Vec<String> = Vec::new();
        texts.extend(m.issuer_lines.iter().cloned());
        texts.extend(m.national_lines.iter().cloned());
        texts.push(format!("Số: {}", m.number));
        texts.push(format!(
            "{}, {}",
            m.place,
            m.date.format("ngày %d tháng %m năm %Y")
        ));
        texts.push(m.kind.clone());
        texts.push(m.title.clone());
        texts.extend(plan.preamble.iter().cloned());
        for section in &plan.sections {
            texts.push(section.heading.clone());
            for part in &section.parts {
                texts.push(part.heading.clone());
                texts.extend(part.paragraphs.iter().cloned());
                texts.extend(part.items.iter().map(|i| i.text.clone()));
            }
        }
        texts.push("Nơi nhận:".to_owned());
        texts.extend(m.recipients.iter().cloned());
        texts.extend(m.signer_capacity.iter().cloned());
        texts.push(m.signer.clone());
        let annex = &plan.annexes[0];
        texts.extend(annex.title_lines.iter().cloned());
        texts.extend(annex.subtitle.iter().cloned());
        texts.push("STT Nhiệm vụ Đơn vị chủ trì thực hiện Thời gian trình".to_owned());
        for task in plan.annex_tasks() {
            let unit = units
                .iter()
                .find(|u| u.id == task.lead_unit)
                .expect("known unit");
            texts.push(task.number.to_string());
            texts.push(task.title.clone());
            texts.push(unit.short.clone());
            texts.push(task.deadline_text.clone());
        }
        texts
            .iter()
            .flat_map(|t| t.split_whitespace().map(str::to_owned))
            .collect()
    }

    #[test]
    fn every_source_word_is_in_the_plan_in_order() {
        let source = source_words(PLAN_TEXT);
        let parsed = plan_words(plan());
        if let Some(i) = (0..source.len().min(parsed.len())).find(|&i| source[i] != parsed[i]) {
            let from = i.saturating_sub(5);
            panic!(
                "first difference at word {i}:\n source: {:?}\n plan:   {:?}",
                &source[from..(i + 5).min(source.len())],
                &parsed[from..(i + 5).min(parsed.len())]
            );
        }
        assert_eq!(source.len(), parsed.len());
        assert!(source.len() > 8000, "the whole document was compared");
    }
}

mod errors {
    use super::*;

    fn err(text: &str) -> SeedError {
        parse_plan(text).expect_err("a broken text is an error")
    }

    #[test]
    fn empty_text_is_an_error_at_line_one() {
        let e = err("");
        assert_eq!(e.line, 1);
        assert!(e.message.contains("còn thiếu"), "{e}");
    }

    #[test]
    fn display_names_the_line() {
        let e = SeedError::new(12, "thiếu mục II");
        assert_eq!(e.to_string(), "Dòng 12: thiếu mục II");
    }

    #[test]
    fn missing_section_two_is_reported_where_section_three_comes() {
        let start = PLAN_TEXT.find("II. NHIỆM VỤ GIẢI").expect("section II");
        let end = PLAN_TEXT
            .find("III. TỔ CHỨC THỰC HIỆN")
            .expect("section III");
        let text = format!("{}{}", &PLAN_TEXT[..start], &PLAN_TEXT[end..]);
        let e = err(&text);
        assert_eq!(e.line, line_of(&text, "III. TỔ CHỨC THỰC HIỆN"));
        assert!(
            e.message.contains("mục II") && e.message.contains("mục III"),
            "{e}"
        );
    }

    #[test]
    fn unknown_lead_unit_is_reported_at_its_cell() {
        let text = PLAN_TEXT.replacen("Sở\nTài chính\n|", "Sở\nTài vụ\n|", 1);
        assert_ne!(text, PLAN_TEXT);
        let e = err(&text);
        assert_eq!(e.line, line_of(&text, "Sở\nTài vụ"));
        assert!(
            e.message.contains("STT 21") && e.message.contains("Sở Tài vụ"),
            "{e}"
        );
    }

    #[test]
    fn unreadable_deadline_is_reported_at_its_cell() {
        let text = PLAN_TEXT.replacen("Tài chính\n|\nQuý\nI\n|", "Tài chính\n|\nQuý\nV\n|", 1);
        assert_ne!(text, PLAN_TEXT);
        let e = err(&text);
        assert_eq!(e.line, line_of(&text, "Quý\nV\n"));
        assert!(
            e.message.contains("STT 21") && e.message.contains("Quý V"),
            "{e}"
        );
    }

    #[test]
    fn a_skipped_group_number_is_reported() {
        let text = PLAN_TEXT.replacen("\n5. Tăng cường huy", "\n6. Tăng cường huy", 1);
        let e = err(&text);
        assert_eq!(e.line, line_of(&text, "6. Tăng cường huy"));
        assert!(e.message.contains("không liền mạch"), "{e}");
    }

    #[test]
    fn a_skipped_annex_number_is_reported() {
        let text = PLAN_TEXT.replacen("|\n17\n|", "|\n71\n|", 1);
        let e = err(&text);
        assert_eq!(e.line, line_of(&text, "\n71\n") + 1);
        assert!(e.message.contains("STT 17"), "{e}");
    }

    /// The first `k` lines of the plan text.
    fn first_lines(k: usize) -> String {
        PLAN_TEXT.lines().take(k).collect::<Vec<_>>().join("\n")
    }

    #[test]
    fn cut_at_any_line_is_an_error_within_the_text_or_a_prefix_of_the_annex() {
        let full = plan();
        let total = PLAN_TEXT.lines().count();
        let mut oks = 0;
        for k in 0..total {
            match parse_plan(&first_lines(k)) {
                Err(e) => assert!(
                    (1..=k.max(1)).contains(&e.line),
                    "cut after {k} lines: error at line {}",
                    e.line
                ),
                Ok(p) => {
                    // Only whole annex rows can be cut without a trace.
                    oks += 1;
                    assert_eq!(p.meta, full.meta, "cut after {k} lines");
                    assert_eq!(p.sections, full.sections, "cut after {k} lines");
                    assert!(
                        full.annexes[0].tasks.starts_with(&p.annexes[0].tasks),
                        "cut after {k} lines"
                    );
                    assert!(p.annexes[0].tasks.len() < 36 || k == total - 1);
                }
            }
        }
        // After each of the 36 rows' last cell, with or without its `|`.
        assert_eq!(oks, 2 * 36 - 1);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn cut_at_any_character_never_panics(cut in any::<prop::sample::Index>()) {
            let boundaries: Vec<usize> = PLAN_TEXT.char_indices().map(|(i, _)| i).collect();
            let text = &PLAN_TEXT[..boundaries[cut.index(boundaries.len())]];
            if let Err(e) = parse_plan(text) {
                prop_assert!((1..=text.lines().count().max(1)).contains(&e.line));
            }
        }

        #[test]
        fn dropping_any_line_never_panics(drop in any::<prop::sample::Index>()) {
            let lines: Vec<&str> = PLAN_TEXT.lines().collect();
            let gone = drop.index(lines.len());
            let text = lines
                .iter()
                .enumerate()
                .filter(|&(i, _)| i != gone)
                .map(|(_, l)| *l)
                .collect::<Vec<_>>()
                .join("\n");
            if let Err(e) = parse_plan(&text) {
                prop_assert!((1..lines.len()).contains(&e.line));
            }
        }
    }
}

mod units {
    use super::*;

    #[test]
    fn registry_holds_departments_office_and_districts() {
        let units = builtin_units();
        let count = |kind| units.iter().filter(|u| u.kind == kind).count();
        assert_eq!(count(UnitKind::Department), 15);
        assert_eq!(count(UnitKind::Office), 1);
        assert_eq!(count(UnitKind::District), 15);
        assert!(units.iter().all(|u| u.builtin));

        let mut ids: Vec<_> = units.iter().map(|u| u.id.as_str()).collect();
        for id in &ids {
            assert!(
                id.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                    && !id.starts_with('-')
                    && !id.ends_with('-')
                    && !id.contains("--"),
                "{id} is ASCII kebab"
            );
        }
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), units.len());
    }

    #[test]
    fn named_units() {
        let units = builtin_units();
        let get = |id: &str| units.iter().find(|u| u.id.as_str() == id).expect(id);
        assert_eq!(get("so-khdt").short, "Sở KH&ĐT");
        assert_eq!(get("so-khdt").name, "Sở Kế hoạch và Đầu tư");
        assert_eq!(
            get("ttxtdt-tmdl").name,
            "Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch"
        );
        assert_eq!(get("so-ldtbxh").name, "Sở Lao động - Thương binh và Xã hội");
        assert_eq!(get("vp-ubnd").kind, UnitKind::Office);
        assert_eq!(get("ubnd-rach-gia").short, "UBND TP Rạch Giá");
        assert_eq!(
            get("ubnd-rach-gia").name,
            "Ủy ban nhân dân thành phố Rạch Giá"
        );
        assert_eq!(
            get("ubnd-u-minh-thuong").name,
            "Ủy ban nhân dân huyện U Minh Thượng"
        );
    }

    #[test]
    fn every_short_form_resolves_to_its_own_unit() {
        for unit in builtin_units() {
            assert_eq!(
                resolve_unit(&unit.short),
                Some(unit.id.clone()),
                "{}",
                unit.short
            );
        }
    }

    #[test]
    fn resolution_ignores_line_breaks_spacing_and_case() {
        assert_eq!(resolve_unit("Sở\nKH&ĐT"), Some(UnitId::new("so-khdt")));
        assert_eq!(resolve_unit("Sở Nội\nvụ"), Some(UnitId::new("so-noi-vu")));
        assert_eq!(
            resolve_unit("Trung\ntâm XTĐT, TM&DL"),
            Some(UnitId::new("ttxtdt-tmdl"))
        );
        assert_eq!(
            resolve_unit("  sở  công thương "),
            Some(UnitId::new("so-cong-thuong"))
        );
        assert_eq!(resolve_unit("Sở Tài vụ"), None);
        assert_eq!(resolve_unit(""), None);
    }
}

mod unit_names {
    use super::*;

    #[test]
    fn short_full_and_usual_variants_resolve_to_one_unit() {
        for (printed, id) in [
            ("Sở Kế hoạch và Đầu tư", "so-khdt"),
            ("Sở Kế hoạch & Đầu tư", "so-khdt"),
            ("Sở KH và ĐT", "so-khdt"),
            ("Sở KHĐT", "so-khdt"),
            ("sở kế hoạch và đầu tư", "so-khdt"),
            ("Sở Ke hoach va Dau tu", "so-khdt"),
            ("Sở Kế hoạch\nvà Đầu tư", "so-khdt"),
            ("Sở LĐ-TB&XH", "so-ldtbxh"),
            ("Sở Lao động - Thương binh và Xã hội", "so-ldtbxh"),
            ("Sở Nông nghiệp và PTNT", "so-nnptnt"),
            (
                "Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch",
                "ttxtdt-tmdl",
            ),
            ("Ủy ban nhân dân thành phố Rạch Giá", "ubnd-rach-gia"),
            ("UBND thành phố Rạch Giá", "ubnd-rach-gia"),
            ("Văn phòng Ủy ban nhân dân tỉnh", "vp-ubnd"),
        ] {
            assert_eq!(resolve_unit(printed), Some(UnitId::new(id)), "{printed:?}");
        }
    }

    #[test]
    fn initials_that_two_units_share_name_neither() {
        // Nội vụ and Ngoại vụ are both `Sở NV`.
        assert_eq!(resolve_unit("Sở NV"), None);
        assert_eq!(resolve_unit("Sở Y tế"), None);
        assert_eq!(resolve_unit("Sở"), None);
    }
}
