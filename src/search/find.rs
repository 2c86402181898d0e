//! Substring search tuned for folded text: it scans for the needle's rarest
//! byte (by the index's own byte counts) eight bytes at a time, then checks
//! the whole needle. Portable (no SIMD), so it is as fast in WASM.

/// How often each byte occurs in the indexed folded text.
#[derive(Debug, Clone)]
pub(crate) struct ByteCounts([u64; 256]);

impl Default for ByteCounts {
    fn default() -> Self {
        ByteCounts([0; 256])
    }
}

impl ByteCounts {
    pub fn add(&mut self, text: &str) {
        for &b in text.as_bytes() {
            self.0[usize::from(b)] += 1;
        }
    }
}

/// A needle prepared for repeated search.
pub(crate) struct Finder<'n> {
    needle: &'n [u8],
    /// Offset in `needle` of its rarest byte.
    rare_at: usize,
}

impl<'n> Finder<'n> {
    /// Prepares a non-empty `needle`.
    pub fn new(needle: &'n str, counts: &ByteCounts) -> Self {
        let needle = needle.as_bytes();
        let rare_at = (0..needle.len())
            .min_by_key(|&i| counts.0[usize::from(needle[i])])
            .unwrap_or(0);
        Finder { needle, rare_at }
    }

    /// The first match in `hay` starting at or after byte `from`; matches
    /// may overlap. Matches of a whole UTF-8 needle are on char boundaries.
    pub fn find(&self, hay: &str, from: usize) -> Option<usize> {
        let hay = hay.as_bytes();
        let rare = self.needle[self.rare_at];
        let mut probe = from + self.rare_at;
        while let Some(at) = find_byte(rare, hay, probe) {
            let start = at - self.rare_at;
            if self.needle.len() == 1 || hay[start..].starts_with(self.needle) {
                return Some(start);
            }
            probe = at + 1;
        }
        None
    }
}

/// The first `byte` in `hay` at or after `from`, eight bytes at a time.
fn find_byte(byte: u8, hay: &[u8], from: usize) -> Option<usize> {
    const ONES: u64 = u64::from_le_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_le_bytes([0x80; 8]);
    let repeated = ONES * u64::from(byte);
    let mut at = from;
    while let Some(chunk) = hay.get(at..at + 8) {
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or_default()) ^ repeated;
        // A zero byte in `word` marks a match; the lowest flag is exact.
        let zeros = word.wrapping_sub(ONES) & !word & HIGHS;
        if zeros != 0 {
            return Some(at + (zeros.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    hay.get(at..)?
        .iter()
        .position(|&b| b == byte)
        .map(|i| at + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(hay: &str, needle: &str) -> Vec<usize> {
        let mut counts = ByteCounts::default();
        counts.add(hay);
        let finder = Finder::new(needle, &counts);
        let mut found = Vec::new();
        let mut from = 0;
        while let Some(at) = finder.find(hay, from) {
            found.push(at);
            from = at + 1;
        }
        found
    }

    #[test]
    fn finds_overlapping_matches_at_every_offset() {
        assert_eq!(all("aaaa", "aa"), vec![0, 1, 2]);
        let hay = "xx hoa xxxxxxxxxxxhoa hoa";
        assert_eq!(all(hay, "hoa"), vec![3, 18, 22]);
        assert_eq!(all(hay, "q"), Vec::<usize>::new());
        assert_eq!(all("ab", "abc"), Vec::<usize>::new());
    }

    #[test]
    fn byte_scan_agrees_with_a_plain_scan() {
        let hay: Vec<u8> = (0..200u32).map(|i| (i * 37 % 11) as u8).collect();
        for byte in 0..12 {
            for from in 0..hay.len() + 2 {
                let plain = hay
                    .get(from..)
                    .and_then(|h| h.iter().position(|&b| b == byte))
                    .map(|i| from + i);
                assert_eq!(find_byte(byte, &hay, from), plain, "{byte} {from}");
            }
        }
    }

    #[test]
    fn multibyte_needles_match_whole_characters() {
        assert_eq!(all("a – b –", "–"), vec![2, 8]);
    }
}
