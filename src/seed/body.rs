//! The body cell: document kind, title, preamble, sections I–III and the
//! `Nơi nhận` list. A line-based state machine: each line is classified
//! (section heading, numbered, bullet, plain) and fed to the part being read.

use crate::model::plan::{Item, Part, Section};

use super::text::{
    bullet, ends_paragraph, excerpt, is_recipients_label, is_upper, join, numbered,
    section_numeral, starts_upper, Cell, Cursor, Line,
};
use super::SeedError;

/// What the body cell holds, ready to go into the plan.
pub(super) struct Body {
    pub kind: String,
    pub title: String,
    pub preamble: String,
    pub resolution: String,
    pub sections: Vec<Section>,
    pub recipients: Vec<String>,
}

/// How a section's parts and items are named.
struct Scheme {
    numeral: &'static str,
    id: &'static str,
    /// Part ids are this prefix and the part's number.
    part_prefix: &'static str,
    /// Section I names its only items (the focuses) on their own: `tt-3`.
    /// Other sections name items under their part: `nv-4-2`.
    flat_item_prefix: Option<&'static str>,
}

/// The plan's three sections, in order.
const SCHEMES: [Scheme; 3] = [
    Scheme {
        numeral: "I",
        id: "muc-1",
        part_prefix: "muc-1-",
        flat_item_prefix: Some("tt-"),
    },
    Scheme {
        numeral: "II",
        id: "muc-2",
        part_prefix: "nv-",
        flat_item_prefix: None,
    },
    Scheme {
        numeral: "III",
        id: "muc-3",
        part_prefix: "tc-",
        flat_item_prefix: None,
    },
];

/// Reads the body cell, from `KẾ HOẠCH` to the last recipient.
pub(super) fn parse_body(cell: &Cell<'_>) -> Result<Body, SeedError> {
    let mut cur = Cursor::new(cell);

    let kind = cur.next("loại văn bản (KẾ HOẠCH)")?;
    if !is_upper(kind.text) {
        return Err(SeedError::new(
            kind.no,
            format!(
                "mong đợi loại văn bản viết hoa (KẾ HOẠCH), nhưng gặp “{}”",
                excerpt(kind.text)
            ),
        ));
    }

    // The title is the upper-case lines under the kind.
    let title = take_lines(&mut cur, |t| is_upper(t) && section_numeral(t).is_none());
    if title.is_empty() {
        return Err(cur.unexpected("tên kế hoạch (chữ in hoa) dưới “KẾ HOẠCH”"));
    }

    // The preamble runs up to section I.
    let preamble = take_lines(&mut cur, |t| {
        section_numeral(t).is_none() && !is_recipients_label(t)
    });
    let Some(first) = preamble.first() else {
        return Err(cur.unexpected("đoạn mở đầu (“Thực hiện Nghị quyết …”)"));
    };
    let preamble_no = first.no;
    let preamble = join(preamble.iter().map(|l| l.text));
    let resolution = resolution(&preamble).ok_or_else(|| {
        SeedError::new(
            preamble_no,
            "đoạn mở đầu không nêu nghị quyết được triển khai (“Nghị quyết số … về …”)",
        )
    })?;

    let sections = SCHEMES
        .iter()
        .map(|scheme| parse_section(&mut cur, scheme))
        .collect::<Result<Vec<_>, _>>()?;

    if cur.next_if(is_recipients_label).is_none() {
        return Err(cur.unexpected("“Nơi nhận:” sau mục III"));
    }
    let recipients = parse_recipients(&mut cur)?;

    Ok(Body {
        kind: join([kind.text]),
        title: join(title.iter().map(|l| l.text)),
        preamble,
        resolution,
        sections,
        recipients,
    })
}

/// Consumes the lines `keep` accepts, up to the first it refuses.
fn take_lines<'a>(cur: &mut Cursor<'_, 'a>, keep: impl Fn(&str) -> bool) -> Vec<Line<'a>> {
    std::iter::from_fn(|| cur.next_if(&keep)).collect()
}

/// The resolution the plan carries out, as the preamble names it: from
/// `Nghị quyết số` up to the ` về ` that starts its subject.
fn resolution(preamble: &str) -> Option<String> {
    let named = &preamble[preamble.find("Nghị quyết số")?..];
    Some(named[..named.find(" về ")?].to_owned())
}

/// Reads one section: its heading line(s) and its numbered parts.
fn parse_section(cur: &mut Cursor<'_, '_>, scheme: &Scheme) -> Result<Section, SeedError> {
    let what = format!("tiêu đề mục {}", scheme.numeral);
    let Some((line, (numeral, rest))) =
        cur.peek().and_then(|l| Some((l, section_numeral(l.text)?)))
    else {
        return Err(cur.unexpected(&what));
    };
    if numeral != scheme.numeral {
        return Err(SeedError::new(
            line.no,
            format!("mong đợi mục {}, nhưng gặp mục {numeral}", scheme.numeral),
        ));
    }
    cur.next(&what)?;

    // A heading split over lines goes on while the lines stay upper case.
    let more = take_lines(cur, |t| is_upper(t) && !is_structural(t));
    let heading = join(std::iter::once(rest).chain(more.iter().map(|l| l.text)));
    let heading = heading.strip_suffix(':').unwrap_or(&heading).trim_end();

    let parts = parse_parts(cur, scheme)?;
    if parts.is_empty() {
        return Err(SeedError::new(
            line.no,
            format!("mục {numeral} không có phần đánh số nào"),
        ));
    }
    Ok(Section {
        id: scheme.id.to_owned(),
        numeral: numeral.to_owned(),
        heading: heading.to_owned(),
        parts,
    })
}

/// A line that starts something: a section, a numbered line, a bullet, `Nơi nhận`.
fn is_structural(text: &str) -> bool {
    section_numeral(text).is_some()
        || numbered(text).is_some()
        || bullet(text).is_some()
        || is_recipients_label(text)
}

/// Reads the parts of a section, up to the next section or `Nơi nhận`.
///
/// A numbered line is an item of the current part when it continues that
/// part's numbered list (a list starts at `1.` right after a line ending in
/// `:`, as the 8 focuses do after `… như sau:`); otherwise it must be the
/// section's next part. Any other number is an error: the copy has no
/// wrapped line that starts with a number and a dot.
fn parse_parts(cur: &mut Cursor<'_, '_>, scheme: &Scheme) -> Result<Vec<Part>, SeedError> {
    let mut parts = Vec::new();
    let mut part: Option<PartReader<'_>> = None;
    while let Some(line) = cur.next_if(|t| section_numeral(t).is_none() && !is_recipients_label(t))
    {
        if let Some((n, rest)) = numbered(line.text) {
            if let Some(p) = part.as_mut() {
                p.end_block();
                if p.takes_numbered_item(n) {
                    p.start(BlockKind::Numbered, rest, line.text);
                    continue;
                }
            }
            let expected = parts.len() + usize::from(part.is_some()) + 1;
            if usize::from(n) != expected {
                return Err(SeedError::new(
                    line.no,
                    format!(
                        "số thứ tự “{n}.” không liền mạch: mong đợi phần {expected} của mục {}",
                        scheme.numeral
                    ),
                ));
            }
            if let Some(done) = part.take() {
                parts.push(done.finish(scheme)?);
            }
            part = Some(PartReader::new(n, rest, line.no)?);
            continue;
        }
        let Some(p) = part.as_mut() else {
            return Err(SeedError::new(
                line.no,
                format!(
                    "mong đợi phần 1 của mục {}, nhưng gặp “{}”",
                    scheme.numeral,
                    excerpt(line.text)
                ),
            ));
        };
        match bullet(line.text) {
            Some(rest) => p.start(BlockKind::Bullet, rest, line.text),
            None => p.push_plain(line.text),
        }
    }
    if let Some(done) = part {
        parts.push(done.finish(scheme)?);
    }
    Ok(parts)
}

/// How a block of lines began.
#[derive(Clone, Copy, PartialEq, Eq)]
enum BlockKind {
    /// A plain paragraph (no dash, no number).
    Paragraph,
    /// A `- ` bullet.
    Bullet,
    /// An item of a numbered list (`1. …`).
    Numbered,
}

/// A finished block of a part's body, once it is known to be an item.
struct Draft {
    text: String,
    kind: BlockKind,
}

/// The part being read.
struct PartReader<'a> {
    number: u8,
    line_no: usize,
    heading: Vec<&'a str>,
    /// Still reading a heading wrapped over lines.
    in_heading: bool,
    paragraphs: Vec<String>,
    items: Vec<Draft>,
    /// The block being read: its kind and lines.
    block: Option<(BlockKind, Vec<&'a str>)>,
    /// The last source line read, whole: paragraph ends and numbered lists
    /// are recognised from it.
    last: &'a str,
}

impl<'a> PartReader<'a> {
    fn new(number: u16, heading: &'a str, line_no: usize) -> Result<Self, SeedError> {
        let number = u8::try_from(number)
            .map_err(|_| SeedError::new(line_no, format!("số thứ tự phần {number} quá lớn")))?;
        Ok(Self {
            number,
            line_no,
            heading: vec![heading],
            in_heading: true,
            paragraphs: Vec::new(),
            items: Vec::new(),
            block: None,
            last: heading,
        })
    }

    /// Whether `n.` continues this part's numbered list (see [`parse_parts`]).
    /// Call with the block ended, so that `items` is complete.
    fn takes_numbered_item(&self, n: u16) -> bool {
        let next = self.items.len() + 1;
        let continues = if next == 1 {
            self.last.ends_with(':')
        } else {
            self.items
                .last()
                .is_some_and(|d| d.kind == BlockKind::Numbered)
        };
        usize::from(n) == next && continues
    }

    /// Starts a bullet or numbered item whose first line is `line`.
    fn start(&mut self, kind: BlockKind, rest: &'a str, line: &'a str) {
        self.end_block();
        self.in_heading = false;
        self.block = Some((kind, vec![rest]));
        self.last = line;
    }

    /// A plain line: it continues the heading (a heading wraps mid-sentence,
    /// so its continuation starts in lower case; the body starts with a
    /// capital), continues the block, or starts a paragraph.
    fn push_plain(&mut self, line: &'a str) {
        if self.in_heading && !starts_upper(line) {
            self.heading.push(line);
        } else {
            self.in_heading = false;
            match self.block.as_mut() {
                Some((_, lines)) if !ends_paragraph(self.last, line) => lines.push(line),
                _ => {
                    self.end_block();
                    self.block = Some((BlockKind::Paragraph, vec![line]));
                }
            }
        }
        self.last = line;
    }

    /// Files the block being read: a paragraph before the first item is one
    /// of the part's paragraphs; after it, a paragraph is an item of its own
    /// (group 4's `Xây dựng nông thôn mới; …`).
    fn end_block(&mut self) {
        let Some((kind, lines)) = self.block.take() else {
            return;
        };
        let text = join(lines);
        if kind == BlockKind::Paragraph && self.items.is_empty() {
            self.paragraphs.push(text);
        } else {
            self.items.push(Draft { text, kind });
        }
    }

    fn finish(mut self, scheme: &Scheme) -> Result<Part, SeedError> {
        self.end_block();
        let id = format!("{}{}", scheme.part_prefix, self.number);
        let items = self
            .items
            .into_iter()
            .enumerate()
            .map(|(i, draft)| {
                let number = u16::try_from(i + 1)
                    .map_err(|_| SeedError::new(self.line_no, "phần này có quá nhiều mục"))?;
                Ok(Item {
                    id: match scheme.flat_item_prefix {
                        Some(prefix) => format!("{prefix}{number}"),
                        None => format!("{id}-{number}"),
                    },
                    number,
                    text: draft.text,
                    bulleted: draft.kind == BlockKind::Bullet,
                })
            })
            .collect::<Result<Vec<_>, SeedError>>()?;
        Ok(Part {
            id,
            number: self.number,
            heading: join(self.heading),
            paragraphs: self.paragraphs,
            items,
        })
    }
}

/// The `Nơi nhận` list: one recipient per `- ` line; a line without a dash
/// continues the recipient above it.
fn parse_recipients(cur: &mut Cursor<'_, '_>) -> Result<Vec<String>, SeedError> {
    let mut recipients: Vec<String> = Vec::new();
    while let Some(line) = cur.next_if(|_| true) {
        match (bullet(line.text), recipients.last_mut()) {
            (Some(rest), _) => recipients.push(join([rest])),
            (None, Some(last)) => *last = join([last.as_str(), line.text]),
            (None, None) => {
                return Err(SeedError::new(
                    line.no,
                    format!(
                        "mong đợi nơi nhận bắt đầu bằng “- ”, nhưng gặp “{}”",
                        excerpt(line.text)
                    ),
                ))
            }
        }
    }
    if recipients.is_empty() {
        return Err(cur.missing("danh sách nơi nhận"));
    }
    Ok(recipients)
}
