//! The annexes: each is its title paragraphs (`DANH MỤC …`, `(kèm theo …)`)
//! and a table whose columns are found by their headers in any order
//! (`STT`/`TT`, `Nhiệm vụ`/`Nội dung nhiệm vụ`, `Đơn vị chủ trì`/`Cơ quan
//! chủ trì (thực hiện)`, `Cơ quan phối hợp`, `Thời gian trình`/`Thời gian
//! hoàn thành`/`Thời hạn`, `Sản phẩm`, `Ghi chú`; others kept as printed).
//! A row is a task (its STT a number), a group (`I. LĨNH VỰC KINH TẾ`
//! spanning the table, or a numeral in the STT column), a row of column
//! numbers (`(1) (2) (3)`), or not understood. STTs go on one by one, or
//! start again at 1 under a group. An empty lead or deadline cell takes the
//! row above's (a cell merged down the rows), and the review says so.

use chrono::{Datelike, NaiveDate};

use crate::model::plan::{Annex, AnnexColumn, AnnexGroup, AnnexTask, ColumnRole};
use crate::model::unit::UnitId;
use crate::search::fold;

use super::document::{Cell, Para, Row, Table};
use super::review::{Correction, Field, Inferred, Place, Problem, RowReview};
use super::text::{excerpt, is_roman, is_upper, join, slug};
use super::units::{Resolver, Role, UnitUse};
use super::{ParseError, Piece, Reader};

/// The role of a column, by its header as printed.
pub(super) fn column_role(label: &str) -> ColumnRole {
    // A header is a few words; folding a long text only to refuse it is costly.
    if label.len() > 120 {
        return ColumnRole::Other;
    }
    let f = fold(label);
    let starts = |ps: &[&str]| ps.iter().any(|p| f.starts_with(p));
    if is_number_header(label) {
        ColumnRole::Number
    } else if f.contains("chu tri") {
        ColumnRole::Lead
    } else if f.contains("phoi hop") {
        ColumnRole::Coordinating
    } else if starts(&[
        "nhiem vu",
        "noi dung",
        "ten nhiem vu",
        "ten de an",
        "ten van ban",
        "cong viec",
    ]) {
        ColumnRole::Task
    } else if starts(&[
        "thoi gian",
        "thoi han",
        "tien do",
        "han hoan thanh",
        "thoi diem",
    ]) {
        ColumnRole::Deadline
    } else if starts(&["san pham", "hinh thuc", "ket qua"]) {
        ColumnRole::Product
    } else if starts(&["ghi chu"]) {
        ColumnRole::Remarks
    } else {
        ColumnRole::Other
    }
}

/// `STT`, `TT`, `Số TT`, `Số thứ tự`.
pub(super) fn is_number_header(label: &str) -> bool {
    label.len() <= 16
        && matches!(
            fold(label).trim_end_matches('.'),
            "stt" | "tt" | "so tt" | "so thu tu"
        )
}

/// A task row's STT: `12`, `12.`.
pub(super) fn row_number(text: &str) -> Option<u16> {
    let digits = text.trim().trim_end_matches('.');
    if digits.is_empty() || digits.len() > 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// A group row's text: `I. LĨNH VỰC KINH TẾ`, `B - Nhóm …` → numeral and title.
pub(super) fn group_heading(text: &str) -> Option<(String, String)> {
    let at = text.find(['.', ')', '-'])?;
    let (head, rest) = (text[..at].trim(), text[at + 1..].trim());
    let letter = head.len() == 1 && head.bytes().all(|b| b.is_ascii_uppercase());
    ((is_roman(head) || letter) && !rest.is_empty()).then(|| (head.to_owned(), rest.to_owned()))
}

/// The header row of a task table and its cells' roles: the first of the
/// first three rows naming a number, task, lead and deadline column.
fn header_row(table: &Table) -> Option<(usize, Vec<ColumnRole>)> {
    table.rows.iter().take(3).enumerate().find_map(|(i, row)| {
        let roles: Vec<ColumnRole> = row.cells.iter().map(|c| column_role(&c.text())).collect();
        let has = |r| roles.contains(&r);
        (has(ColumnRole::Number)
            && has(ColumnRole::Task)
            && has(ColumnRole::Lead)
            && has(ColumnRole::Deadline))
        .then_some((i, roles))
    })
}

/// Whether a table is an annex table of tasks.
pub(super) fn is_task_table(table: &Table) -> bool {
    header_row(table).is_some()
}

/// The annexes and what the review needs of them.
pub(super) struct Annexes {
    pub annexes: Vec<Annex>,
    /// The plan's year: from the first annex's title (`… NĂM 2021`), else
    /// the plan's title, else the document's date.
    pub year: i32,
    pub rows: Vec<RowReview>,
    pub problems: Vec<Problem>,
}

/// The last `NĂM yyyy` of some text.
fn year_of<'a>(texts: impl IntoIterator<Item = &'a str>) -> Option<i32> {
    let folded: Vec<String> = texts.into_iter().map(fold).collect();
    let words: Vec<&str> = folded.iter().flat_map(|t| t.split_whitespace()).collect();
    words
        .windows(2)
        .rev()
        .filter(|w| w[0] == "nam" && w[1].len() == 4)
        .find_map(|w| w[1].parse().ok())
}

/// What the shared parse state holds for the annexes.
pub(super) struct Context<'r, 'a> {
    pub resolver: &'r mut Resolver<'a>,
    pub corrections: &'r [Correction],
}

/// Reads every annex after the signature.
pub(super) fn parse_annexes(
    reader: &mut Reader<'_>,
    ctx: &mut Context<'_, '_>,
    plan_title: &str,
    date: NaiveDate,
) -> Result<Annexes, ParseError> {
    let mut out = Annexes {
        annexes: Vec::new(),
        year: date.year(),
        rows: Vec::new(),
        problems: Vec::new(),
    };
    let mut title_paras: Vec<&Para> = Vec::new();
    let mut year = None;
    while let Some(piece) = reader.peek() {
        reader.advance();
        let table = match piece {
            Piece::Para(p) => {
                title_paras.push(p);
                continue;
            }
            Piece::Table(t) => t,
        };
        let k = out.annexes.len() + 1;
        let id = if k == 1 {
            "phu-luc".to_owned()
        } else {
            format!("phu-luc-{k}")
        };
        let (title_lines, subtitle) = annex_title(reader, &title_paras, &id);
        title_paras.clear();
        let y = *year.get_or_insert_with(|| {
            year_of(title_lines.iter().map(String::as_str))
                .or_else(|| year_of([plan_title]))
                .unwrap_or(date.year())
        });
        let annex = parse_table(
            reader,
            ctx,
            table,
            k,
            id,
            title_lines,
            subtitle,
            y,
            &mut out,
        )?;
        out.annexes.push(annex);
    }
    // Paragraphs after the last table stay not understood.
    if let Some(y) = year {
        out.year = y;
    }
    if out.annexes.iter().all(|a| a.tasks.is_empty()) {
        return Err(ParseError::cut_short(
            reader.last_line,
            "bảng phụ lục nhiệm vụ (STT, Nhiệm vụ, Đơn vị chủ trì, Thời gian …)",
        ));
    }
    Ok(out)
}

/// An annex's title lines and `(kèm theo …)` subtitle from the paragraphs
/// before its table: upper-case lines, or lines starting `Phụ lục`, `Danh
/// mục`, `Biểu`; the subtitle runs from a `(` to its `)`. Others stay not
/// understood.
fn annex_title(
    reader: &mut Reader<'_>,
    paras: &[&Para],
    id: &str,
) -> (Vec<String>, Option<String>) {
    let mut title = Vec::new();
    let mut subtitle: Option<String> = None;
    let mut open = false;
    for para in paras {
        let text = para.text();
        let titled = ["phu luc", "danh muc", "bieu"]
            .iter()
            .any(|p| fold(&text).starts_with(p));
        if open || (text.starts_with('(') && subtitle.is_none()) {
            subtitle = Some(match subtitle.take() {
                Some(s) => join([s.as_str(), &text]),
                None => text.clone(),
            });
            open = !text.ends_with(')');
        } else if is_upper(&text) || titled {
            title.extend(para.lines.iter().map(|l| join([l.as_str()])));
        } else {
            continue;
        }
        reader.place(para, Place::Annex(id.to_owned()));
    }
    (title, subtitle)
}

/// A row's cells by grid column (a cell spanning columns sits in each).
fn grid(row: &Row) -> Vec<&Cell> {
    row.cells
        .iter()
        .flat_map(|c| std::iter::repeat_n(c, usize::from(c.span.max(1))))
        .collect()
}

/// A task row as read, before its id is known.
struct RawTask<'d> {
    number: u16,
    row: &'d Row,
    group: Option<usize>,
    title: String,
    lead: Vec<String>,
    lead_line: usize,
    coordinating: Vec<String>,
    deadline_text: String,
    deadline_line: usize,
    product: Option<String>,
    remarks: Option<String>,
    other: Vec<String>,
    inferred: Vec<Inferred>,
}

/// The paragraphs' texts of a cell.
fn para_texts(cell: &Cell) -> Vec<String> {
    cell.paras.iter().map(Para::text).collect()
}

/// `text`, or `None` when empty.
fn non_empty(text: String) -> Option<String> {
    (!text.is_empty()).then_some(text)
}

#[allow(clippy::too_many_arguments)]
fn parse_table(
    reader: &mut Reader<'_>,
    ctx: &mut Context<'_, '_>,
    table: &Table,
    k: usize,
    id: String,
    mut title_lines: Vec<String>,
    subtitle: Option<String>,
    year: i32,
    out: &mut Annexes,
) -> Result<Annex, ParseError> {
    let (h, roles) = header_row(table).expect("only task tables reach here");
    // Rows above the header (a title inside the table) join the title.
    for row in &table.rows[..h] {
        title_lines.extend(row.cells.iter().map(Cell::text).filter(|t| !t.is_empty()));
        place_row(reader, row, Place::Annex(id.clone()));
    }
    let header = &table.rows[h];
    place_row(reader, header, Place::Annex(id.clone()));
    let columns: Vec<AnnexColumn> = header
        .cells
        .iter()
        .zip(&roles)
        .map(|(c, &role)| AnnexColumn {
            role,
            label: c.text(),
        })
        .collect();
    // Each header cell's first grid column, and its label.
    let mut at = 0;
    let header_cols: Vec<(usize, ColumnRole, String)> = header
        .cells
        .iter()
        .zip(&roles)
        .map(|(c, &role)| {
            let col = at;
            at += usize::from(c.span.max(1));
            (col, role, c.text())
        })
        .collect();
    let col_of = |role| header_cols.iter().find(|(_, r, _)| *r == role);

    let mut groups: Vec<AnnexGroup> = Vec::new();
    // Each group's part of its id after the annex's (`ii`, `nhom-2`): task
    // ids carry it when STTs start again under each group.
    let mut group_keys: Vec<String> = Vec::new();
    let mut raw: Vec<RawTask<'_>> = Vec::new();
    let mut restarts = false;
    let mut after_group = false;
    for row in &table.rows[h + 1..] {
        let cells = grid(row);
        let texts: Vec<String> = row.cells.iter().map(Cell::text).collect();
        let filled: Vec<&String> = texts.iter().filter(|t| !t.is_empty()).collect();
        if filled.is_empty() {
            place_row(reader, row, Place::Layout);
            continue;
        }
        let cell_of = |role| col_of(role).and_then(|(col, _, _)| cells.get(*col).copied());
        let text_of = |role| cell_of(role).map(Cell::text).unwrap_or_default();
        let number_text = text_of(ColumnRole::Number);
        if raw.is_empty() && is_column_numbers(&filled) {
            place_row(reader, row, Place::Annex(id.clone()));
            continue;
        }
        let Some(n) = row_number(&number_text) else {
            let group = if filled.len() == 1 {
                group_heading(filled[0])
                    .or_else(|| is_upper(filled[0]).then(|| (String::new(), filled[0].clone())))
            } else {
                let numeral = number_text.trim_end_matches(['.', ')']).trim();
                let letter = numeral.len() == 1 && numeral.bytes().all(|b| b.is_ascii_uppercase());
                let title = text_of(ColumnRole::Task);
                ((is_roman(numeral) || letter) && !title.is_empty())
                    .then(|| (numeral.to_owned(), title))
            };
            if let Some((numeral, title)) = group {
                let key = if numeral.is_empty() {
                    format!("nhom-{}", groups.len() + 1)
                } else {
                    slug(&numeral)
                };
                let key = unique(key, |c| group_keys.iter().any(|g| g == c));
                let gid = format!("{id}-{key}");
                group_keys.push(key);
                place_row(reader, row, Place::AnnexGroup(gid.clone()));
                groups.push(AnnexGroup {
                    id: gid,
                    numeral,
                    title,
                });
                after_group = true;
            }
            // Anything else stays not understood.
            continue;
        };
        let last = raw.last().map_or(0, |t| t.number);
        let expected = last + 1;
        if n != expected {
            if after_group && n == 1 {
                restarts = true;
            } else {
                let cell = cell_of(ColumnRole::Number);
                return Err(ParseError::new(
                    cell.map_or(row.line, Cell::first_line),
                    format!(
                        "mong đợi STT {expected} ở cột đầu bảng phụ lục, nhưng gặp “{}”",
                        excerpt(&number_text)
                    ),
                ));
            }
        }
        after_group = false;
        // A row cut short (fewer cells than the header) is an error.
        if let Some((_, _, label)) = header_cols.iter().find(|(col, _, _)| *col >= cells.len()) {
            return Err(ParseError::new(
                reader.last_line.min(row_last_line(row)),
                format!("hàng STT {n}: thiếu cột “{label}”"),
            ));
        }
        let label_of = |role| col_of(role).map_or(String::new(), |(_, _, l)| l.clone());
        let task_cell = cell_of(ColumnRole::Task).expect("the header has a task column");
        let title = task_cell.text();
        if title.is_empty() {
            return Err(ParseError::new(
                task_cell.first_line(),
                format!("hàng STT {n}: ô “{}” trống", label_of(ColumnRole::Task)),
            ));
        }
        let mut inferred = Vec::new();
        let lead_cell = cell_of(ColumnRole::Lead).expect("the header has a lead column");
        let mut lead = para_texts(lead_cell);
        let mut lead_line = lead_cell.first_line();
        if lead_cell.text().is_empty() {
            let above = raw.last().ok_or_else(|| {
                ParseError::new(
                    lead_cell.line,
                    format!("hàng STT {n}: ô “{}” trống", label_of(ColumnRole::Lead)),
                )
            })?;
            lead = above.lead.clone();
            lead_line = above.lead_line;
            inferred.push(Inferred::LeadFromAbove);
        }
        let deadline_cell =
            cell_of(ColumnRole::Deadline).expect("the header has a deadline column");
        let mut deadline_text = deadline_cell.text();
        let mut deadline_line = deadline_cell.first_line();
        if deadline_text.is_empty() {
            if let Some(above) = raw.last().filter(|a| !a.deadline_text.is_empty()) {
                deadline_text = above.deadline_text.clone();
                deadline_line = above.deadline_line;
                inferred.push(Inferred::DeadlineFromAbove);
            }
        }
        let others: Vec<String> = header_cols
            .iter()
            .filter(|(_, r, _)| *r == ColumnRole::Other)
            .map(|(col, _, _)| cells.get(*col).map(|c| c.text()).unwrap_or_default())
            .collect();
        raw.push(RawTask {
            number: n,
            row,
            group: groups.len().checked_sub(1),
            title,
            lead,
            lead_line,
            coordinating: cell_of(ColumnRole::Coordinating)
                .map(para_texts)
                .unwrap_or_default(),
            deadline_text,
            deadline_line,
            product: non_empty(text_of(ColumnRole::Product)),
            remarks: non_empty(text_of(ColumnRole::Remarks)),
            other: others,
            inferred,
        });
    }

    let prefix = if k == 1 {
        "pl".to_owned()
    } else {
        format!("pl{k}")
    };
    let mut tasks = Vec::new();
    for t in raw {
        let tid = match t.group {
            Some(g) if restarts => format!("{prefix}-{}-{}", group_keys[g], t.number),
            _ => format!("{prefix}-{}", t.number),
        };
        place_row(reader, t.row, Place::AnnexTask(tid.clone()));
        let group = t.group.map(|g| groups[g].id.clone());
        let task = build_task(ctx, &t, &tid, group, year, &id, out);
        tasks.push(task);
    }
    Ok(Annex {
        id,
        title_lines,
        subtitle,
        columns,
        groups,
        tasks,
    })
}

/// A task from its row, with the unit names resolved and the user's
/// corrections laid over it.
fn build_task(
    ctx: &mut Context<'_, '_>,
    t: &RawTask<'_>,
    id: &str,
    group: Option<String>,
    year: i32,
    annex: &str,
    out: &mut Annexes,
) -> AnnexTask {
    let mut corrected = Vec::new();
    // A corrected text of this task's, noting that the field was corrected.
    let mut text_fix = |field: Field| {
        let fix = ctx.corrections.iter().find_map(|c| match (c, field) {
            (Correction::Title { task, title }, Field::Title) if task == id => Some(title.clone()),
            (Correction::Deadline { task, text }, Field::Deadline) if task == id => {
                Some(text.clone())
            }
            _ => None,
        });
        if fix.is_some() {
            corrected.push(field);
        }
        fix
    };
    let title = text_fix(Field::Title).unwrap_or_else(|| t.title.clone());
    let deadline_text = text_fix(Field::Deadline).unwrap_or_else(|| t.deadline_text.clone());
    let used = |role, line| UnitUse {
        line,
        task: id.to_owned(),
        row: t.number,
        role,
    };
    let lead_fix = ctx.corrections.iter().find_map(|c| match c {
        Correction::Lead { task, unit } if task == id => Some(unit.clone()),
        _ => None,
    });
    let mut coordinating: Vec<UnitId> = Vec::new();
    let lead_unit = match lead_fix {
        Some(unit) => {
            corrected.push(Field::Lead);
            unit
        }
        None => {
            let mut units = ctx
                .resolver
                .lead(&t.lead, &used(Role::Lead, t.lead_line))
                .into_iter();
            let lead = units.next().expect("a lead cell names a unit");
            // Further units of the lead cell coordinate.
            coordinating.extend(units);
            lead
        }
    };
    let coordinating_line = t.row.line;
    let named = ctx.resolver.cell(
        &t.coordinating,
        &used(Role::Coordinating, coordinating_line),
    );
    for unit in named {
        if unit != lead_unit && !coordinating.contains(&unit) {
            coordinating.push(unit);
        }
    }
    let deadline = super::deadline::read(&deadline_text, year);
    if deadline.is_none() && !deadline_text.is_empty() {
        out.problems.push(Problem {
            line: Some(t.deadline_line),
            message: format!(
                "hàng STT {}: không đọc được thời hạn “{}” (đọc được, ví dụ: “Quý II”, \
                 “Tháng 3/2022”, “6 tháng đầu năm”, “Năm 2022”, “Trước 30/6/2022”, \
                 “Thường xuyên”)",
                t.number,
                excerpt(&deadline_text)
            ),
        });
    }
    out.rows.push(RowReview {
        task: id.to_owned(),
        annex: annex.to_owned(),
        line: t.row.line,
        lead_printed: join(t.lead.iter().map(String::as_str)),
        lead_known: ctx.resolver.in_registry(&lead_unit),
        inferred: t.inferred.clone(),
        corrected,
    });
    AnnexTask {
        id: id.to_owned(),
        number: t.number,
        group,
        title,
        lead_unit,
        coordinating,
        coordinating_text: non_empty(join(t.coordinating.iter().map(String::as_str))),
        deadline_text,
        deadline,
        product: t.product.clone(),
        remarks: t.remarks.clone(),
        other: t.other.clone(),
    }
}

/// `base`, or `base-2`, `base-3` … whichever `taken` refuses first.
fn unique(base: String, taken: impl Fn(&str) -> bool) -> String {
    if !taken(&base) {
        return base;
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|c| !taken(c))
        .expect("some suffix is free")
}

/// A row of column numbers under the header: `(1) (2) (3) …` or `1 2 3 …`.
fn is_column_numbers(filled: &[&String]) -> bool {
    filled.len() >= 3
        && filled.iter().enumerate().all(|(i, t)| {
            let n = t.trim_start_matches('(').trim_end_matches(')');
            n.parse::<usize>().ok() == Some(i + 1)
        })
}

/// The last source line of a row's cells.
fn row_last_line(row: &Row) -> usize {
    row.cells
        .iter()
        .flat_map(|c| c.paras.iter().map(|p| p.last))
        .max()
        .unwrap_or(row.line)
}

/// Records where a row's lines went.
fn place_row(reader: &mut Reader<'_>, row: &Row, place: Place) {
    reader.place_lines(row.line, row.line, place.clone());
    for para in row.cells.iter().flat_map(|c| &c.paras) {
        reader.place(para, place.clone());
    }
}
