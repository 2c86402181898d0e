//! The document's frame: the header above the kind (issuer, national
//! heading, number, place and date, recognised by what they say, in any
//! layout) and, after the body, `Nơi nhận` and the signature.

use chrono::NaiveDate;

use super::review::Place;
use super::text::{bullet, excerpt, folded_starts_with, is_capacity, is_rule, is_upper, join};
use super::{ParseError, Reader};

/// The header's fields.
pub(super) struct Head {
    pub issuer_lines: Vec<String>,
    pub national_lines: Vec<String>,
    pub number: String,
    pub place: String,
    pub date: NaiveDate,
}

/// `CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM`, in any case, with or without marks.
fn is_national(line: &str) -> bool {
    folded_starts_with(line, "cong hoa xa hoi chu nghia viet nam")
}

/// `Độc lập - Tự do - Hạnh phúc`.
fn is_motto(line: &str) -> bool {
    folded_starts_with(line, "doc lap")
}

/// `Số: 22/KH-UBND` → `22/KH-UBND`.
fn number_of(line: &str) -> Option<&str> {
    let rest = line.strip_prefix("Số")?.trim_start();
    let number = rest.strip_prefix(':').unwrap_or(rest).trim();
    (!number.is_empty() && number.contains('/')).then_some(number)
}

/// `Kiên Giang, ngày 01 tháng 02 năm 2021` → the place and the date.
fn place_and_date(line: &str) -> Option<(String, NaiveDate)> {
    let (place, date) = line.split_once(", ngày ")?;
    let words: Vec<&str> = date.split_whitespace().collect();
    let [day, "tháng", month, "năm", year] = words[..] else {
        return None;
    };
    let date = NaiveDate::from_ymd_opt(
        year.trim_end_matches('.').parse().ok()?,
        month.parse().ok()?,
        day.parse().ok()?,
    )?;
    let place = place.trim();
    (!place.is_empty()).then(|| (place.to_owned(), date))
}

/// Reads the header, up to (not including) the kind (`KẾ HOẠCH`): the
/// issuer's lines before the national heading, the heading and its motto,
/// then the number and the place and date in either order. Any other line
/// there is left not understood.
pub(super) fn parse_head(reader: &mut Reader<'_>) -> Result<Head, ParseError> {
    let mut issuer_lines: Vec<String> = Vec::new();
    let mut national_lines: Vec<String> = Vec::new();
    let mut number: Option<String> = None;
    let mut place_date: Option<(String, NaiveDate)> = None;
    loop {
        let done = !national_lines.is_empty() && number.is_some() && place_date.is_some();
        let Some(para) = reader.peek_para() else {
            if done {
                return Err(reader.unexpected("loại văn bản (KẾ HOẠCH)"));
            }
            let what = if national_lines.is_empty() {
                if issuer_lines.is_empty() {
                    "cơ quan ban hành (ỦY BAN NHÂN DÂN …)"
                } else {
                    "quốc hiệu (CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM)"
                }
            } else if number.is_none() {
                "số hiệu văn bản (Số: …)"
            } else {
                "địa danh và ngày ban hành"
            };
            return Err(reader.unexpected(what));
        };
        let lines: Vec<&str> = para
            .lines
            .iter()
            .map(|l| l.trim())
            .filter(|l| !l.is_empty() && !is_rule(l))
            .collect();
        if lines.is_empty() {
            reader.place(para, Place::Layout);
            reader.advance();
            continue;
        }
        // The kind follows a complete header: an upper-case line that is
        // none of the header's.
        if done && is_upper(lines[0]) && !is_national(lines[0]) {
            break;
        }
        let mut understood = true;
        for &line in &lines {
            if national_lines.is_empty() {
                if is_national(line) {
                    national_lines.push(join([line]));
                } else if number_of(line).is_some() || place_and_date(line).is_some() {
                    return Err(ParseError::new(
                        para.first,
                        format!(
                            "mong đợi quốc hiệu (CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM) trước “{}”",
                            excerpt(line)
                        ),
                    ));
                } else {
                    issuer_lines.push(join([line]));
                }
            } else if national_lines.len() == 1 && is_motto(line) {
                national_lines.push(join([line]));
            } else if let (None, Some(n)) = (&number, number_of(line)) {
                number = Some(n.to_owned());
            } else if let (None, Some(pd)) = (&place_date, place_and_date(line)) {
                place_date = Some(pd);
            } else if is_upper(line) && number.is_some() && place_date.is_none() {
                return Err(ParseError::new(
                    para.first,
                    format!(
                        "mong đợi “<địa danh>, ngày … tháng … năm …”, nhưng gặp “{}”",
                        excerpt(line)
                    ),
                ));
            } else if is_upper(line) && number.is_none() {
                return Err(ParseError::new(
                    para.first,
                    format!(
                        "mong đợi số hiệu văn bản “Số: …”, nhưng gặp “{}”",
                        excerpt(line)
                    ),
                ));
            } else {
                understood = false;
            }
        }
        if issuer_lines.is_empty() && !national_lines.is_empty() {
            return Err(ParseError::new(
                para.first,
                "thiếu cơ quan ban hành (ỦY BAN NHÂN DÂN …) trước quốc hiệu",
            ));
        }
        reader.place(
            para,
            if understood {
                Place::Header
            } else {
                Place::NotUnderstood
            },
        );
        reader.advance();
    }
    let (place, date) = place_date.expect("checked before the kind");
    Ok(Head {
        issuer_lines,
        national_lines,
        number: number.expect("checked before the kind"),
        place,
        date,
    })
}

/// The `Nơi nhận` list: one recipient per `- ` paragraph; a paragraph
/// without a dash goes on with the recipient above it, unless it starts
/// the signature (`TM. …`, upper case).
pub(super) fn parse_recipients(reader: &mut Reader<'_>) -> Result<Vec<String>, ParseError> {
    let Some(label) = reader.next_para_if(super::text::is_recipients_label) else {
        return Err(reader.unexpected("“Nơi nhận:” sau mục cuối cùng"));
    };
    reader.place(label, Place::Recipients);
    let mut recipients: Vec<String> = Vec::new();
    while let Some(para) = reader.peek_para() {
        let text = para.text();
        match (bullet(&text), recipients.last_mut()) {
            (Some(rest), _) => recipients.push(rest.to_owned()),
            (None, Some(last)) if !is_capacity(&text) => *last = join([last.as_str(), &text]),
            (None, Some(_)) => break,
            (None, None) => {
                return Err(ParseError::new(
                    para.first,
                    format!(
                        "mong đợi nơi nhận bắt đầu bằng “- ”, nhưng gặp “{}”",
                        excerpt(&text)
                    ),
                ))
            }
        }
        reader.place(para, Place::Recipients);
        reader.advance();
    }
    if recipients.is_empty() {
        return Err(reader.unexpected("danh sách nơi nhận"));
    }
    Ok(recipients)
}

/// The signature: the capacity lines (upper case: `TM. ỦY BAN NHÂN DÂN`,
/// `KT. CHỦ TỊCH`), then the signer's name. A note in parentheses between
/// them (`(Đã ký)`) is layout.
pub(super) fn parse_signature(
    reader: &mut Reader<'_>,
) -> Result<(Vec<String>, String), ParseError> {
    let mut capacity = Vec::new();
    while let Some(para) = reader.peek_para() {
        if para.text().starts_with('(') && !capacity.is_empty() {
            reader.place(para, Place::Layout);
            reader.advance();
            continue;
        }
        let lines: Vec<String> = para.lines.iter().map(|l| join([l.as_str()])).collect();
        if !lines.iter().all(|l| is_capacity(l)) {
            break;
        }
        capacity.extend(lines);
        reader.place(para, Place::Signature);
        reader.advance();
    }
    if capacity.is_empty() {
        return Err(reader.unexpected("phần chữ ký (TM. …, KT. CHỦ TỊCH …)"));
    }
    let Some(signer) = reader.peek_para() else {
        return Err(reader.unexpected("tên người ký"));
    };
    reader.place(signer, Place::Signature);
    reader.advance();
    Ok((capacity, signer.text()))
}
