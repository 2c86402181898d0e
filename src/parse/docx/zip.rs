//! Just enough of ZIP to take one entry out of a `.docx`: the end of the
//! central directory, its entries, stored and deflated data (inflated by
//! `miniz_oxide`), each checked against its CRC-32 (the one the spreadsheet
//! writer uses, `export::zip`). No ZIP64, encryption or multi-disk
//! archives: a `.docx` needs none.

use crate::export::zip::crc32;

/// The end-of-central-directory record's signature.
const END: u32 = 0x0605_4b50;
const CENTRAL: u32 = 0x0201_4b50;
const LOCAL: u32 = 0x0403_4b50;
/// No entry of a document may inflate past this: a bomb is refused.
const MAX_ENTRY: usize = 64 << 20;

/// An entry of the central directory.
struct Entry<'a> {
    name: &'a [u8],
    method: u16,
    crc: u32,
    compressed: usize,
    size: usize,
    local: usize,
}

fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(bytes.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

/// A ZIP archive's entries.
pub(super) struct Archive<'a> {
    bytes: &'a [u8],
    entries: Vec<Entry<'a>>,
}

impl<'a> Archive<'a> {
    /// Reads the central directory; the error says what is wrong.
    pub fn open(bytes: &'a [u8]) -> Result<Self, String> {
        // The record is 22 bytes plus a comment of at most 65 535.
        let from = bytes.len().saturating_sub(22 + 0xFFFF);
        let end = (from..bytes.len().saturating_sub(21))
            .rev()
            .find(|&i| u32_at(bytes, i) == Some(END))
            .ok_or("không thấy mục lục của tệp nén; tệp có thể bị cắt")?;
        let count = usize::from(u16_at(bytes, end + 10).ok_or("mục lục bị cắt")?);
        let offset = u32_at(bytes, end + 16).ok_or("mục lục bị cắt")? as usize;
        let mut entries = Vec::with_capacity(count);
        let mut at = offset;
        for _ in 0..count {
            let bad = || "một mục của mục lục bị hỏng".to_owned();
            if u32_at(bytes, at) != Some(CENTRAL) {
                return Err(bad());
            }
            let field = |o| u32_at(bytes, at + o).map(|v| v as usize).ok_or_else(bad);
            let short = |o| u16_at(bytes, at + o).map(usize::from).ok_or_else(bad);
            let (name_len, extra_len, comment_len) = (short(28)?, short(30)?, short(32)?);
            let entry = Entry {
                method: u16_at(bytes, at + 10).ok_or_else(bad)?,
                crc: u32_at(bytes, at + 16).ok_or_else(bad)?,
                compressed: field(20)?,
                size: field(24)?,
                local: field(42)?,
                name: bytes.get(at + 46..at + 46 + name_len).ok_or_else(bad)?,
            };
            if entry.compressed == 0xFFFF_FFFF || entry.size == 0xFFFF_FFFF {
                return Err("tệp nén dạng ZIP64 không được hỗ trợ".to_owned());
            }
            entries.push(entry);
            at += 46 + name_len + extra_len + comment_len;
        }
        Ok(Self { bytes, entries })
    }

    /// Whether the archive has an entry of this name.
    pub fn has(&self, name: &str) -> bool {
        self.entries.iter().any(|e| e.name == name.as_bytes())
    }

    /// The entry's bytes, inflated and checked; `None` if there is none.
    pub fn read(&self, name: &str) -> Option<Result<Vec<u8>, String>> {
        let entry = self.entries.iter().find(|e| e.name == name.as_bytes())?;
        Some(self.extract(entry, name))
    }

    fn extract(&self, entry: &Entry<'_>, name: &str) -> Result<Vec<u8>, String> {
        let cut = || format!("mục “{name}” bị cắt");
        let at = entry.local;
        if u32_at(self.bytes, at) != Some(LOCAL) {
            return Err(format!("mục “{name}” bị hỏng"));
        }
        let name_len = usize::from(u16_at(self.bytes, at + 26).ok_or_else(cut)?);
        let extra_len = usize::from(u16_at(self.bytes, at + 28).ok_or_else(cut)?);
        let start = at + 30 + name_len + extra_len;
        let data = self
            .bytes
            .get(start..start + entry.compressed)
            .ok_or_else(cut)?;
        if entry.size > MAX_ENTRY {
            return Err(format!("mục “{name}” quá lớn"));
        }
        let out = match entry.method {
            0 => data.to_vec(),
            8 => miniz_oxide::inflate::decompress_to_vec_with_limit(data, entry.size.max(1))
                .map_err(|_| format!("không giải nén được mục “{name}”"))?,
            other => {
                return Err(format!(
                    "mục “{name}” nén theo cách {other} không được hỗ trợ"
                ))
            }
        };
        if out.len() != entry.size || crc32(&out) != entry.crc {
            return Err(format!("mã kiểm tra của mục “{name}” không khớp"));
        }
        Ok(out)
    }
}
