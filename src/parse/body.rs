//! The body: document kind, title, preamble and the roman-numbered sections
//! with their parts and items (ids as `super`'s comment says), and the
//! reporting rule the sections state.

use chrono::NaiveDate;

use crate::model::plan::{Item, Part, Section};
use crate::model::reporting::ReportingRule;
use crate::search::fold;

use super::review::{Place, RuleSource};
use super::text::{
    bullet, is_recipients_label, is_upper, join, letter_item, numbered, roman, section_numeral,
};
use super::{ParseError, Piece, Reader};

/// What the body holds, ready to go into the plan.
pub(super) struct Body {
    pub kind: String,
    pub title: String,
    pub preamble: Vec<String>,
    pub resolution: Option<String>,
    pub sections: Vec<Section>,
}

/// Reads the body, from the kind (`KẾ HOẠCH`) to `Nơi nhận` (not included).
pub(super) fn parse_body(reader: &mut Reader<'_>) -> Result<Body, ParseError> {
    let Some(kind) = reader.next_para_if(is_upper) else {
        return Err(reader.unexpected("loại văn bản viết hoa (KẾ HOẠCH)"));
    };
    reader.place(kind, Place::Title);

    // The title is the upper-case paragraphs under the kind.
    let mut title = Vec::new();
    while let Some(para) = reader.next_para_if(|t| is_upper(t) && section_numeral(t).is_none()) {
        reader.place(para, Place::Title);
        title.push(para.text());
    }
    if title.is_empty() {
        return Err(reader.unexpected("tên kế hoạch (chữ in hoa) dưới “KẾ HOẠCH”"));
    }

    // The preamble runs up to section I.
    let mut preamble = Vec::new();
    while let Some(para) = reader.next_para_if(|t| !ends_preamble(t)) {
        reader.place(para, Place::Preamble);
        preamble.push(para.text());
    }
    let resolution = preamble.iter().find_map(|p| carried_out(p));

    let mut sections: Vec<Section> = Vec::new();
    let mut ids = IdScheme::default();
    while let Some(para) = reader.peek_para() {
        let text = para.text();
        let Some((numeral, _)) = section_numeral(&text) else {
            break;
        };
        let k = sections.len() + 1;
        let expected = roman(u32::try_from(k).unwrap_or(u32::MAX));
        if numeral != expected {
            return Err(ParseError::new(
                para.first,
                format!("mong đợi mục {expected}, nhưng gặp mục {numeral}"),
            ));
        }
        sections.push(parse_section(reader, k, &mut ids)?);
    }
    if sections.is_empty() {
        return Err(reader.unexpected("mục I (I. …) của kế hoạch"));
    }
    Ok(Body {
        kind: kind.text(),
        title: join(title.iter().map(String::as_str)),
        preamble,
        resolution,
        sections,
    })
}

/// A paragraph the preamble stops at.
fn ends_preamble(text: &str) -> bool {
    section_numeral(text).is_some() || is_recipients_label(text)
}

/// A paragraph that ends a section's parts: the next section, `Nơi nhận`,
/// or a signature's capacity line (`TM. …`).
fn ends_section(text: &str) -> bool {
    ends_preamble(text) || text.starts_with("TM.") || text.starts_with("KT.")
}

/// What the plan carries out, as the preamble names it: from `Nghị quyết
/// số` (or `Chỉ thị số`, `Kết luận số`, `Quyết định số`) up to the ` về `
/// that starts its subject, or the end of its clause.
fn carried_out(preamble: &str) -> Option<String> {
    let start = [
        "Nghị quyết số",
        "Chỉ thị số",
        "Kết luận số",
        "Quyết định số",
    ]
    .iter()
    .filter_map(|k| preamble.find(k))
    .min()?;
    let named = &preamble[start..];
    let end = [" về ", ", ", "; ", " (", ". "]
        .iter()
        .filter_map(|k| named.find(k))
        .min()
        .unwrap_or(named.len());
    Some(named[..end].trim_end_matches(['.', ',', ';']).to_owned())
}

/// The id prefixes already given, so that each special one goes once.
#[derive(Default)]
struct IdScheme {
    tasks_taken: bool,
    organisation_taken: bool,
    focuses_taken: bool,
}

impl IdScheme {
    /// The prefix of section `k`'s part ids.
    fn part_prefix(&mut self, k: usize, heading: &str) -> String {
        let folded = fold(heading);
        if !self.tasks_taken && folded.starts_with("nhiem vu") {
            self.tasks_taken = true;
            "nv-".to_owned()
        } else if !self.organisation_taken && folded.starts_with("to chuc thuc hien") {
            self.organisation_taken = true;
            "tc-".to_owned()
        } else {
            format!("muc-{k}-")
        }
    }

    /// Whether a part's items are the focuses (`tt-1` …).
    fn focuses(&mut self, heading: &str) -> bool {
        let yes = !self.focuses_taken && fold(heading).contains("trong tam");
        self.focuses_taken |= yes;
        yes
    }
}

/// Reads one section: its heading paragraph(s) and its parts.
fn parse_section(
    reader: &mut Reader<'_>,
    k: usize,
    ids: &mut IdScheme,
) -> Result<Section, ParseError> {
    let para = reader.peek_para().expect("the caller saw the heading");
    reader.advance();
    let text = para.text();
    let (numeral, rest) = section_numeral(&text).expect("the caller saw the heading");
    let id = format!("muc-{k}");
    reader.place(para, Place::Section(id.clone()));
    let mut heading = vec![rest.to_owned()];
    // A heading split over paragraphs goes on while they stay upper case.
    while let Some(more) = reader.next_para_if(|t| is_upper(t) && !is_structural(t)) {
        reader.place(more, Place::Section(id.clone()));
        heading.push(more.text());
    }
    let heading = join(heading.iter().map(String::as_str));
    let heading = heading
        .strip_suffix(':')
        .unwrap_or(&heading)
        .trim_end()
        .to_owned();

    let prefix = ids.part_prefix(k, &heading);
    let parts = parse_parts(reader, numeral, &prefix, ids)?;
    if parts.is_empty() {
        return Err(ParseError::new(
            para.first,
            format!("mục {numeral} không có nội dung"),
        ));
    }
    Ok(Section {
        id,
        numeral: numeral.to_owned(),
        heading,
        parts,
    })
}

/// A paragraph that starts something: a section, a numbered line, a
/// bullet, a lettered item, `Nơi nhận`.
fn is_structural(text: &str) -> bool {
    section_numeral(text).is_some()
        || numbered(text).is_some()
        || bullet(text).is_some()
        || letter_item(text).is_some()
        || is_recipients_label(text)
}

/// Reads the parts of a section, up to the next section or `Nơi nhận`.
///
/// A numbered paragraph is an item of the current part when it continues
/// that part's numbered list (a list starts at `1.` right after a
/// paragraph ending in `:`, as the 8 focuses do after `… như sau:`);
/// otherwise it must be the section's next part. Any other number is an
/// error. Paragraphs before the first numbered part make part 0.
fn parse_parts(
    reader: &mut Reader<'_>,
    numeral: &str,
    prefix: &str,
    ids: &mut IdScheme,
) -> Result<Vec<Part>, ParseError> {
    let mut parts: Vec<Part> = Vec::new();
    let mut part: Option<PartReader> = None;
    // The last paragraph read, whole: numbered lists are recognised from it.
    let mut last = String::new();
    while let Some(Piece::Para(para)) = reader.peek() {
        let text = para.text();
        if ends_section(&text) {
            break;
        }
        reader.advance();
        if let Some((n, rest)) = numbered(&text) {
            if let Some(p) = part.as_mut().filter(|p| p.takes_numbered_item(n, &last)) {
                let id = p.push_item(BlockKind::Numbered, rest.to_owned());
                reader.place(para, Place::Item(id));
                last = text;
                continue;
            }
            let numbered_parts = parts.iter().filter(|p| p.number > 0).count()
                + usize::from(part.as_ref().is_some_and(|p| p.number > 0));
            let expected = numbered_parts + 1;
            if usize::from(n) != expected {
                return Err(ParseError::new(
                    para.first,
                    format!(
                        "số thứ tự “{n}.” không liền mạch: mong đợi phần {expected} của mục {numeral}"
                    ),
                ));
            }
            let number = u8::try_from(n)
                .map_err(|_| ParseError::new(para.first, format!("số thứ tự phần {n} quá lớn")))?;
            if let Some(done) = part.take() {
                parts.push(done.finish());
            }
            let p = PartReader::new(number, rest.to_owned(), prefix, ids);
            reader.place(para, Place::Part(p.id.clone()));
            part = Some(p);
            last = text;
            continue;
        }
        let p = part.get_or_insert_with(|| PartReader::new(0, String::new(), prefix, ids));
        let place = if let Some(rest) = bullet(&text) {
            Place::Item(p.push_item(BlockKind::Bullet, rest.to_owned()))
        } else if letter_item(&text).is_some() {
            Place::Item(p.push_item(BlockKind::Lettered, text.clone()))
        } else if p.items.is_empty() {
            p.paragraphs.push(text.clone());
            Place::Part(p.id.clone())
        } else {
            // After the first item, a paragraph is an item of its own
            // (22/KH-UBND's group 4: `Xây dựng nông thôn mới; …`).
            Place::Item(p.push_item(BlockKind::Paragraph, text.clone()))
        };
        reader.place(para, place);
        last = text;
    }
    if let Some(done) = part {
        parts.push(done.finish());
    }
    Ok(parts)
}

/// How an item began.
#[derive(Clone, Copy, PartialEq, Eq)]
enum BlockKind {
    /// A plain paragraph (no dash, no number).
    Paragraph,
    /// A `- ` bullet.
    Bullet,
    /// An item of a numbered list (`1. …`).
    Numbered,
    /// A lettered item (`a) …`), which keeps its letter.
    Lettered,
}

/// The part being read.
struct PartReader {
    id: String,
    number: u8,
    heading: String,
    paragraphs: Vec<String>,
    items: Vec<(BlockKind, Item)>,
    /// Items are `tt-n` rather than `<part>-n`.
    focuses: bool,
}

impl PartReader {
    fn new(number: u8, heading: String, prefix: &str, ids: &mut IdScheme) -> Self {
        Self {
            id: format!("{prefix}{number}"),
            number,
            focuses: ids.focuses(&heading),
            heading,
            paragraphs: Vec::new(),
            items: Vec::new(),
        }
    }

    /// Whether `n.` continues this part's numbered list (see [`parse_parts`]).
    fn takes_numbered_item(&self, n: u16, last: &str) -> bool {
        let next = self.items.len() + 1;
        let continues = if next == 1 {
            last.ends_with(':')
        } else {
            self.items
                .last()
                .is_some_and(|(kind, _)| *kind == BlockKind::Numbered)
        };
        usize::from(n) == next && continues
    }

    /// Adds an item; gives its id.
    fn push_item(&mut self, kind: BlockKind, text: String) -> String {
        let number = u16::try_from(self.items.len() + 1).unwrap_or(u16::MAX);
        let id = if self.focuses {
            format!("tt-{number}")
        } else {
            format!("{}-{number}", self.id)
        };
        self.items.push((
            kind,
            Item {
                id: id.clone(),
                number,
                text,
                bulleted: kind == BlockKind::Bullet,
            },
        ));
        id
    }

    fn finish(self) -> Part {
        Part {
            id: self.id,
            number: self.number,
            heading: self.heading,
            paragraphs: self.paragraphs,
            items: self.items.into_iter().map(|(_, item)| item).collect(),
        }
    }
}

/// The reporting rule the sections state: the first text saying "trước
/// ngày N hàng (hằng) tháng" gives the monthly day, the first text about
/// the year's review ("tổng kết") saying "trước ngày D/M/Y" gives its date;
/// [`ReportingRule::default_for`] fills what they do not say.
pub(super) fn reporting_rule(sections: &[Section], year: i32) -> (ReportingRule, RuleSource) {
    let mut rule = ReportingRule::default_for(year);
    let mut from = RuleSource::default();
    let texts = sections.iter().flat_map(|s| &s.parts).flat_map(|p| {
        std::iter::once((&p.id, &p.heading))
            .chain(p.paragraphs.iter().map(move |t| (&p.id, t)))
            .chain(p.items.iter().map(|i| (&i.id, &i.text)))
    });
    for (id, text) in texts {
        // Folding whole paragraphs is costly: only the few words around a
        // number that could be the day (`18 hàng`) or the date (`18/11/2021`).
        for window in number_windows(text) {
            let folded = fold(window);
            if from.monthly.is_none() {
                if let Some(day) = monthly_day(&folded) {
                    rule.monthly_before = day;
                    from.monthly = Some(id.clone());
                }
            }
            if from.review.is_none() {
                if let Some(date) = date_before(&folded).filter(|_| fold(text).contains("tong ket"))
                {
                    rule.review_before = date;
                    from.review = Some(id.clone());
                }
            }
        }
    }
    (rule, from)
}

/// The stretches of `text` around each digit followed by `/` and a digit
/// or by ` h`: from 32 bytes before it to 32 after.
fn number_windows(text: &str) -> impl Iterator<Item = &str> {
    let back = |mut at: usize| {
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        at
    };
    let forward = |mut at: usize| {
        while !text.is_char_boundary(at) {
            at += 1;
        }
        at
    };
    text.as_bytes()
        .windows(3)
        .enumerate()
        .filter(|(_, w)| {
            w[0].is_ascii_digit()
                && ((w[1] == b'/' && w[2].is_ascii_digit())
                    || (w[1] == b' ' && matches!(w[2], b'h' | b'H')))
        })
        .map(move |(i, _)| &text[back(i.saturating_sub(32))..forward((i + 32).min(text.len()))])
}

/// `… trước ngày 18 hàng tháng …` (folded) → 18.
fn monthly_day(folded: &str) -> Option<u8> {
    folded.match_indices("truoc ngay ").find_map(|(at, m)| {
        let rest = &folded[at + m.len()..];
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        let after = rest[digits.len()..].trim_start();
        let day: u8 = digits.parse().ok()?;
        ((2..=31).contains(&day) && after.starts_with("hang thang")).then_some(day)
    })
}

/// `… trước ngày 18/11/2021 …` (folded) → 18/11/2021.
fn date_before(folded: &str) -> Option<NaiveDate> {
    folded.match_indices("truoc ngay ").find_map(|(at, m)| {
        let rest = &folded[at + m.len()..];
        let date: String = rest
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '/')
            .collect();
        (date.matches('/').count() == 2)
            .then(|| crate::i18n::parse_date(&date))
            .flatten()
    })
}
