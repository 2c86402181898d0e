//! The Word documents read back with readers the project did not write:
//! the archive with `zip`, every part with `quick-xml` (well-formed, every
//! reference resolved), then the page, the fonts, the tables and the text
//! checked against the reports they were made from.

#[path = "fixtures/report_data.rs"]
mod data;

use std::collections::BTreeMap;
use std::io::{Cursor, Read};

use data::*;
use ke_hoach::export::docx::{consolidated_docx, unit_docx};
use ke_hoach::model::consolidated::{wording, ConsolidatedReport};
use ke_hoach::model::report::TaskInput;
use ke_hoach::model::tracking::{Status, Tracking, Update};
use ke_hoach::model::unit::{builtin_units, UnitId};
use ke_hoach::model::unit_report::{UnitReport, UnitReportInput};
use proptest::prelude::*;
use quick_xml::events::Event;
use quick_xml::Reader;

/// An element of a parsed part, its text children kept in order.
#[derive(Debug, Default)]
struct El {
    name: String,
    attrs: BTreeMap<String, String>,
    children: Vec<Node>,
}

#[derive(Debug)]
enum Node {
    El(El),
    Text(String),
}

impl El {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.get(name).map(String::as_str)
    }

    fn elements(&self) -> impl Iterator<Item = &El> {
        self.children.iter().filter_map(|n| match n {
            Node::El(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    fn child(&self, name: &str) -> Option<&El> {
        self.elements().find(|e| e.name == name)
    }

    /// Every element named `name` below this one, in document order.
    fn find_all<'a>(&'a self, name: &str, out: &mut Vec<&'a El>) {
        for e in self.elements() {
            if e.name == name {
                out.push(e);
            }
            e.find_all(name, out);
        }
    }

    fn all(&self, name: &str) -> Vec<&El> {
        let mut out = Vec::new();
        self.find_all(name, &mut out);
        out
    }

    /// The text Word shows: `w:t` contents, `w:br` as a line break, `w:tab`
    /// as a tab, paragraphs one per line.
    fn text(&self) -> String {
        let paragraphs = self.all("w:p");
        if self.name != "w:p" && !paragraphs.is_empty() {
            return paragraphs
                .iter()
                .map(|p| p.text())
                .collect::<Vec<_>>()
                .join("\n");
        }
        let mut out = String::new();
        self.push_text(&mut out);
        out
    }

    fn push_text(&self, out: &mut String) {
        for node in &self.children {
            match node {
                Node::Text(t) if self.name == "w:t" => out.push_str(t),
                Node::Text(_) => {}
                Node::El(e) => match e.name.as_str() {
                    "w:br" => out.push('\n'),
                    "w:tab" => out.push('\t'),
                    // Field codes are not shown text.
                    "w:instrText" => {}
                    _ => e.push_text(out),
                },
            }
        }
    }

    /// The element's own character data (not Word's text).
    fn content(&self) -> String {
        self.children
            .iter()
            .filter_map(|n| match n {
                Node::Text(t) => Some(t.as_str()),
                Node::El(_) => None,
            })
            .collect()
    }

    /// Whether the paragraph is in `style`.
    fn has_style(&self, style: &str) -> bool {
        self.child("w:pPr")
            .and_then(|p| p.child("w:pStyle"))
            .and_then(|s| s.attr("w:val"))
            == Some(style)
    }
}

/// Parses a part; panics unless it is well-formed XML with one root.
fn parse(name: &str, xml: &str) -> El {
    let mut reader = Reader::from_str(xml);
    let decoder = reader.decoder();
    let mut stack = vec![El::default()];
    let start = |e: &quick_xml::events::BytesStart<'_>| El {
        name: String::from_utf8(e.name().as_ref().to_vec()).unwrap(),
        attrs: e
            .attributes()
            .map(|a| {
                let a = a.unwrap_or_else(|err| panic!("{name}: bad attribute: {err}"));
                (
                    String::from_utf8(a.key.as_ref().to_vec()).unwrap(),
                    a.decode_and_unescape_value(decoder).unwrap().into_owned(),
                )
            })
            .collect(),
        children: Vec::new(),
    };
    let push = |stack: &mut Vec<El>, node| stack.last_mut().unwrap().children.push(node);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => stack.push(start(&e)),
            Ok(Event::Empty(e)) => push(&mut stack, Node::El(start(&e))),
            Ok(Event::End(_)) => {
                let done = stack.pop().unwrap();
                assert!(!stack.is_empty(), "{name}: an end tag without a start");
                push(&mut stack, Node::El(done));
            }
            Ok(Event::Text(t)) => push(&mut stack, Node::Text(t.xml_content().unwrap().into())),
            Ok(Event::GeneralRef(r)) => {
                let text = match r.resolve_char_ref().unwrap() {
                    Some(c) => c.to_string(),
                    None => quick_xml::escape::resolve_xml_entity(&r.decode().unwrap())
                        .unwrap_or_else(|| panic!("{name}: unknown entity {r:?}"))
                        .to_string(),
                };
                push(&mut stack, Node::Text(text));
            }
            Ok(Event::Eof) => break,
            Ok(Event::Decl(_) | Event::Comment(_) | Event::PI(_)) => {}
            Ok(other) => panic!("{name}: unexpected {other:?}"),
            Err(e) => panic!(
                "{name}: not well-formed at {}: {e}",
                reader.buffer_position()
            ),
        }
    }
    assert_eq!(stack.len(), 1, "{name}: unclosed elements");
    let mut root = stack.pop().unwrap();
    let mut elements: Vec<El> = root
        .children
        .drain(..)
        .filter_map(|n| match n {
            Node::El(e) => Some(e),
            Node::Text(t) => {
                assert!(t.trim().is_empty(), "{name}: text outside the root");
                None
            }
        })
        .collect();
    assert_eq!(elements.len(), 1, "{name}: one root element");
    elements.pop().unwrap()
}

/// Every part of the archive by name, each parsed.
fn open(bytes: &[u8]) -> BTreeMap<String, El> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("a ZIP archive");
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).unwrap();
            let mut text = String::new();
            file.read_to_string(&mut text).expect("UTF-8 parts");
            let name = file.name().to_string();
            let root = parse(&name, &text);
            (name, root)
        })
        .collect()
}

/// The rows of each table of the body, each row its cells' texts, and
/// whether each row is marked to repeat as a header.
fn tables(document: &El) -> Vec<Vec<(bool, Vec<String>)>> {
    document
        .all("w:tbl")
        .into_iter()
        .map(|tbl| {
            tbl.elements()
                .filter(|e| e.name == "w:tr")
                .map(|tr| {
                    let header = tr
                        .child("w:trPr")
                        .is_some_and(|p| p.child("w:tblHeader").is_some());
                    let cells = tr
                        .elements()
                        .filter(|e| e.name == "w:tc")
                        .map(El::text)
                        .collect();
                    (header, cells)
                })
                .collect()
        })
        .collect()
}

/// The tables whose header starts with these columns.
fn tables_headed<'a>(
    all: &'a [Vec<(bool, Vec<String>)>],
    heads: &[&str],
) -> Vec<&'a Vec<(bool, Vec<String>)>> {
    all.iter()
        .filter(|t| {
            t[0].1
                .iter()
                .map(String::as_str)
                .take(heads.len())
                .eq(heads.iter().copied())
        })
        .collect()
}

fn june_30(tasks: &[TaskInput<'_>], t: &Tracking) -> ConsolidatedReport {
    report(tasks, t, d(2021, 6, 30))
}

fn unit_report_of(unit: &str, tasks: &[TaskInput<'_>], t: &Tracking) -> UnitReport {
    let unit = builtin_units()
        .into_iter()
        .find(|u| u.id.as_str() == unit)
        .unwrap();
    UnitReport::build(UnitReportInput {
        plan: plan_ref(),
        unit: &unit,
        period: JUNE,
        as_of: d(2021, 6, 30),
        tasks,
        tracking: t,
        due_soon_days: 15,
        unit_name: &unit_name,
    })
}

/// A note written straight into the record, as a file from elsewhere could
/// carry it: no editor's checks between it and the writer.
fn raw_note(t: &mut Tracking, task: &str, unit: &str, date: chrono::NaiveDate, text: &str) {
    let update = Update {
        id: format!("{unit}-1"),
        date,
        unit: UnitId::new(unit),
        text: text.into(),
        status: Status::InProgress,
        progress: 10,
        at: 1,
    };
    t.records
        .entry(task.into())
        .or_default()
        .updates
        .insert(update.id.clone(), update);
}

fn both_documents() -> [Vec<u8>; 2] {
    let (units, t) = (units(), planted());
    let tasks = inputs(&units);
    [
        consolidated_docx(&june_30(&tasks, &t)).unwrap(),
        unit_docx(&unit_report_of(KHDT, &tasks, &t)).unwrap(),
    ]
}

#[test]
fn every_part_is_well_formed_and_every_reference_resolves() {
    for bytes in both_documents() {
        let parts = open(&bytes);
        let types = &parts["[Content_Types].xml"];
        let overrides: Vec<&str> = types
            .all("Override")
            .iter()
            .map(|o| o.attr("PartName").unwrap())
            .collect();
        for name in parts.keys() {
            let declared = overrides.contains(&format!("/{name}").as_str())
                || name.ends_with(".rels")
                || name == "[Content_Types].xml";
            assert!(declared, "{name} has no content type");
        }
        for part in &overrides {
            assert!(
                parts.contains_key(&part[1..]),
                "{part} is declared but missing"
            );
        }
        for (rels, base) in [
            ("_rels/.rels", ""),
            ("word/_rels/document.xml.rels", "word/"),
        ] {
            for rel in parts[rels].all("Relationship") {
                let target = format!("{base}{}", rel.attr("Target").unwrap());
                assert!(
                    parts.contains_key(&target),
                    "{rels} points at missing {target}"
                );
            }
        }
        let ids: Vec<&str> = parts["word/_rels/document.xml.rels"]
            .all("Relationship")
            .iter()
            .map(|r| r.attr("Id").unwrap())
            .collect();
        for reference in parts["word/document.xml"].all("w:headerReference") {
            assert!(ids.contains(&reference.attr("r:id").unwrap()));
        }
        // Every table cell ends with a paragraph, or Word asks to repair.
        for tc in parts["word/document.xml"].all("w:tc") {
            assert_eq!(tc.elements().last().unwrap().name, "w:p");
        }
    }
}

#[test]
fn a4_margins_page_numbers_and_times_new_roman_as_the_decree_asks() {
    for bytes in both_documents() {
        let parts = open(&bytes);
        let section = parts["word/document.xml"].all("w:sectPr")[0];
        let twips = |e: &El, a: &str| e.attr(a).unwrap().parse::<f64>().unwrap();
        let page = section.child("w:pgSz").unwrap();
        assert_eq!((twips(page, "w:w"), twips(page, "w:h")), (11906.0, 16838.0));
        let margins = section.child("w:pgMar").unwrap();
        let mm = |a| twips(margins, a) / 56.692;
        assert!(
            (20.0..=25.0).contains(&mm("w:top").round()),
            "top {}",
            mm("w:top")
        );
        assert!((20.0..=25.0).contains(&mm("w:bottom").round()));
        assert!((30.0..=35.0).contains(&mm("w:left").round()));
        assert!((15.0..=20.0).contains(&mm("w:right").round()));
        // Numbers from page 2 on: the first page has its own, empty header.
        assert!(section.child("w:titlePg").is_some());
        let instr: Vec<String> = parts["word/header1.xml"]
            .all("w:instrText")
            .iter()
            .map(|i| i.content().trim().to_string())
            .collect();
        assert_eq!(instr, ["PAGE"]);
        assert_eq!(parts["word/header2.xml"].text(), "");

        let styles = &parts["word/styles.xml"];
        let defaults = styles.child("w:docDefaults").unwrap().all("w:rFonts")[0];
        for a in ["w:ascii", "w:hAnsi", "w:cs"] {
            assert_eq!(defaults.attr(a), Some("Times New Roman"));
        }
        let style = |id: &str| {
            styles
                .all("w:style")
                .into_iter()
                .find(|s| s.attr("w:styleId") == Some(id))
                .unwrap_or_else(|| panic!("style {id}"))
        };
        let size = |id: &str| {
            style(id)
                .all("w:sz")
                .first()
                .map(|s| s.attr("w:val").unwrap().to_string())
        };
        assert_eq!(size("Normal").as_deref(), Some("28"), "14 pt");
        assert_eq!(size("TableText").as_deref(), Some("26"), "13 pt");
        assert_eq!(
            style("Normal").all("w:lang")[0].attr("w:val"),
            Some("vi-VN")
        );
        // Every style a paragraph or run names exists.
        let document = &parts["word/document.xml"];
        for s in document
            .all("w:pStyle")
            .iter()
            .chain(&document.all("w:rStyle"))
        {
            style(s.attr("w:val").unwrap());
        }
    }
}

#[test]
fn the_consolidated_document_says_what_the_report_says() {
    let (units, t) = (units(), planted());
    let tasks = inputs(&units);
    let r = june_30(&tasks, &t);
    let parts = open(&consolidated_docx(&r).unwrap());
    let document = &parts["word/document.xml"];
    let paragraphs: Vec<String> = document.all("w:body")[0]
        .elements()
        .filter(|e| e.name == "w:p")
        .map(El::text)
        .collect();
    let h = &r.header;
    assert_eq!(paragraphs[..2], [h.kind.clone(), h.subject.clone()]);
    assert!(h.subject.contains("22/KH-UBND"));
    let headings: Vec<String> = document
        .all("w:p")
        .into_iter()
        .filter(|p| p.has_style("Heading1"))
        .map(El::text)
        .collect();
    assert_eq!(
        headings,
        [
            wording::GENERAL,
            wording::BY_UNIT,
            wording::OVERDUE,
            wording::NEXT,
            &r.not_reported_heading
        ]
    );
    for text in [&r.summary.sentence, &r.not_reported_text] {
        assert!(paragraphs.contains(text), "{text}");
    }
    for section in &r.sections {
        assert!(paragraphs.contains(&section.summary));
    }

    let all = tables(document);
    // The header table: issuer and number | motto, place and date.
    let head = &all[0][0].1;
    assert_eq!(
        head[0],
        [&h.authority, &h.office, "", &h.number_line]
            .map(|s| s.to_string())
            .join("\n")
    );
    assert_eq!(
        head[1],
        [&h.motto, &h.motto_sub, "", &h.place_date]
            .map(|s| s.to_string())
            .join("\n")
    );
    // One task table per unit section, header row first and marked to
    // repeat, then exactly the section's tasks.
    let task_tables = tables_headed(&all, &wording::TASK_HEADS);
    assert_eq!(task_tables.len(), r.sections.len());
    for (table, section) in task_tables.iter().zip(&r.sections) {
        assert!(table[0].0, "the header row repeats on every page");
        assert!(table[1..].iter().all(|(header, _)| !header));
        let rows: Vec<(&str, &str, &str)> = table[1..]
            .iter()
            .map(|(_, c)| (c[0].as_str(), c[1].as_str(), c[2].as_str()))
            .collect();
        let expected: Vec<(&str, &str, &str)> = section
            .tasks
            .iter()
            .map(|t| (t.number.as_str(), t.title.as_str(), t.due_text.as_str()))
            .collect();
        assert_eq!(rows, expected, "{}", section.unit);
    }
    let listed: usize = task_tables.iter().map(|t| t.len() - 1).sum();
    assert_eq!(listed, r.tasks.len(), "one row per task");
    // pl-1's row: status, and its document under the latest update.
    let pl1 = &task_tables[0][1].1;
    assert_eq!(pl1[3], "Hoàn thành đúng hạn");
    assert_eq!(pl1[4], "Văn bản số 123/KH-SKHĐT, ngày 20/01/2021");
    let pl3 = task_tables
        .iter()
        .flat_map(|t| &t[1..])
        .find(|(_, c)| c[0] == "3")
        .unwrap();
    assert_eq!(pl3.1[3], "Sắp đến hạn\nTiến độ 60%");
    assert_eq!(pl3.1[4], "25/06/2021: Đã trình UBND tỉnh, đang chờ góp ý");

    let [stt, task, unit, due] = wording::DEADLINE_HEADS;
    let deadline_tables = tables_headed(&all, &[stt, task, unit, due]);
    let numbers = |t: &Vec<(bool, Vec<String>)>| -> Vec<String> {
        t[1..].iter().map(|(_, c)| c[0].clone()).collect()
    };
    let expected = |rows: &[ke_hoach::model::consolidated::DeadlineRow]| -> Vec<String> {
        rows.iter().map(|r| r.task.number.clone()).collect()
    };
    assert_eq!(numbers(deadline_tables[0]), expected(&r.overdue));
    assert_eq!(numbers(deadline_tables[1]), expected(&r.next_deadlines));
    assert_eq!(deadline_tables[0][0].1[4], wording::OVERDUE_DAYS);

    // The foot: recipients and capacity, the signer's name a placeholder.
    let foot = &all.last().unwrap()[0].1;
    assert!(foot[0].starts_with("Nơi nhận:\n- Thường trực UBND tỉnh (b/c);"));
    assert_eq!(foot[1], "GIÁM ĐỐC\nHọ và tên người ký");
    let core = &parts["docProps/core.xml"];
    assert_eq!(core.child("dc:title").unwrap().content(), r.title);
    assert_eq!(core.child("dc:language").unwrap().content(), "vi-VN");
    assert_eq!(
        consolidated_docx(&r).unwrap(),
        consolidated_docx(&r).unwrap(),
        "the same report makes the same file"
    );
}

#[test]
fn the_unit_document_lists_its_tasks_notes_overdue_and_leaves_placeholders() {
    let (units, mut t) = (units(), planted());
    raw_note(&mut t, "pl-5", TC, d(2021, 6, 10), "Đã gửi dự thảo\nlần 2");
    let tasks = inputs(&units);
    let r = unit_report_of(TC, &tasks, &t);
    let parts = open(&unit_docx(&r).unwrap());
    let document = &parts["word/document.xml"];
    let all = tables(document);
    let task_tables = tables_headed(&all, &ke_hoach::model::unit_report::wording::TASK_HEADS);
    assert_eq!(task_tables.len(), r.groups.len());
    let rows: Vec<Vec<String>> = task_tables[0][1..].iter().map(|(_, c)| c.clone()).collect();
    let numbers: Vec<&str> = rows.iter().map(|c| c[0].as_str()).collect();
    // Sở Tài chính leads pl-5 and pl-6; pl-7 went to Sở Xây dựng.
    assert_eq!(numbers, ["5", "6"]);
    assert_eq!(rows[0][4], "10/06/2021: Đã gửi dự thảo\nlần 2");
    assert_eq!(rows[1][4], ke_hoach::model::unit_report::wording::NO_NOTE);
    let headings: Vec<String> = document
        .all("w:p")
        .into_iter()
        .filter(|p| p.has_style("Heading2"))
        .map(El::text)
        .collect();
    assert_eq!(headings, ["1. Các nhiệm vụ đơn vị chủ trì"]);
    // The header table has no borders; the task tables have the grid.
    let tbl_style = |i: usize| {
        document.all("w:tbl")[i]
            .child("w:tblPr")
            .unwrap()
            .child("w:tblStyle")
            .map(|s| s.attr("w:val").unwrap().to_string())
    };
    assert_eq!(tbl_style(0), None);
    assert_eq!(tbl_style(1).as_deref(), Some("TableGrid"));
    assert!(document.all("w:tblBorders").is_empty());
    // The proposals: the stopped task's reason, then the officer's own.
    let body_text = document.text();
    assert!(body_text.contains("- Nhiệm vụ 6 (Dừng thực hiện): Lý do"));
    let placeholders: Vec<(String, String)> = document
        .all("w:sdt")
        .into_iter()
        .map(|sdt| {
            let pr = sdt.child("w:sdtPr").unwrap();
            assert!(pr.child("w:showingPlcHdr").is_some());
            (
                pr.child("w:tag")
                    .unwrap()
                    .attr("w:val")
                    .unwrap()
                    .to_string(),
                sdt.child("w:sdtContent").unwrap().text(),
            )
        })
        .collect();
    assert_eq!(
        placeholders,
        [
            (
                "kien-nghi".to_string(),
                "Nêu kiến nghị, đề xuất của đơn vị (nếu có).".to_string()
            ),
            ("nguoi-ky".to_string(), "Họ và tên người ký".to_string())
        ]
    );
    assert_eq!(
        all[0][0].1[0],
        "UBND TỈNH KIÊN GIANG\nSỞ TÀI CHÍNH\n\nSố:        /BC-STC"
    );
}

#[test]
fn short_rows_stay_on_one_page_and_a_row_longer_than_half_a_page_may_break() {
    let (units, mut t) = (units(), planted());
    raw_note(
        &mut t,
        "pl-4",
        XD,
        d(2021, 6, 20),
        &"Đã rà soát hồ sơ. ".repeat(120),
    );
    let tasks = inputs(&units);
    let parts = open(&consolidated_docx(&june_30(&tasks, &t)).unwrap());
    let kept: Vec<(String, bool)> = parts["word/document.xml"]
        .all("w:tr")
        .into_iter()
        .filter(|tr| {
            tr.child("w:trPr")
                .is_none_or(|p| p.child("w:tblHeader").is_none())
        })
        .filter_map(|tr| {
            let first = tr.elements().find(|e| e.name == "w:tc")?.text();
            let whole = tr
                .child("w:trPr")
                .is_some_and(|p| p.child("w:cantSplit").is_some());
            Some((first, whole))
        })
        .collect();
    let row = |n: &str| kept.iter().find(|(first, _)| first == n).unwrap().1;
    assert!(row("3") && row("5"), "ordinary rows are kept whole");
    assert!(!row("4"), "the row with a long note may break");
}

/// What Word shows of a text: XML's forbidden characters gone, line ends
/// as breaks.
fn shown(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter(|&c| c >= ' ' || c == '\t' || c == '\n')
        .filter(|&c| c != '\u{FFFE}' && c != '\u{FFFF}')
        .collect()
}

#[test]
fn markup_and_formulas_in_user_text_are_printed_as_typed() {
    let (units, mut t) = (units(), planted());
    let title = "<script>alert('x')</script> & =HYPERLINK(\"http://x\")";
    let note = "Họp \"tổ\" <b>công tác</b> & thống nhất\r\nchờ ký\u{1}\tban hành";
    let mut tasks = inputs(&units);
    tasks.push(task(
        "u-9",
        40,
        title,
        Some(&units[0]),
        Some(d(2021, 8, 31)),
    ));
    raw_note(&mut t, "u-9", KHDT, d(2021, 6, 20), note);
    let r = june_30(&tasks, &t);
    let parts = open(&consolidated_docx(&r).unwrap());
    let all = tables(&parts["word/document.xml"]);
    let row = all
        .iter()
        .flat_map(|t| t.iter())
        .find(|(_, c)| c[0] == "40")
        .expect("the user task's row");
    assert_eq!(row.1[1], title);
    assert_eq!(row.1[4], format!("20/06/2021: {}", shown(note)));
    assert_eq!(
        row.1[4],
        "20/06/2021: Họp \"tổ\" <b>công tác</b> & thống nhất\nchờ ký\tban hành"
    );
    let unit = unit_report_of(KHDT, &tasks, &t);
    let parts = open(&unit_docx(&unit).unwrap());
    assert!(parts["word/document.xml"].text().contains(title));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Any title and note a file can carry leaves the document well-formed
    /// and is printed as typed, less what XML cannot hold.
    #[test]
    fn any_user_text_survives_as_data(title in any::<String>(), note in any::<String>()) {
        let (units, mut t) = (units(), planted());
        let mut tasks = inputs(&units);
        tasks.push(task("u-9", 40, &title, Some(&units[0]), None));
        raw_note(&mut t, "u-9", KHDT, d(2021, 6, 20), &note);
        let consolidated = open(&consolidated_docx(&june_30(&tasks, &t)).unwrap());
        let unit = open(&unit_docx(&unit_report_of(KHDT, &tasks, &t)).unwrap());
        for parts in [consolidated, unit] {
            let all = tables(&parts["word/document.xml"]);
            let row = all.iter().flat_map(|t| t.iter()).find(|(_, c)| c[0] == "40").unwrap();
            prop_assert_eq!(&row.1[1], &shown(&title));
            prop_assert_eq!(&row.1[4], &format!("20/06/2021: {}", shown(&note)));
        }
    }
}
