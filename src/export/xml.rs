//! What every XML part of the Office files needs: the declaration and text
//! escaped as data. Pure; knows nothing of spreadsheets or documents.

/// The declaration every part starts with.
pub(super) const HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#;

/// Escapes XML's special characters and drops the control characters XML
/// 1.0 forbids, which a pasted note can carry and which would make Excel
/// or Word refuse the whole file.
pub(super) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // A raw CR would be read back as LF (XML normalises line ends).
            '\r' => out.push_str("&#13;"),
            '\t' | '\n' => out.push(c),
            c if c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escape_drops_forbidden_controls_and_keeps_vietnamese() {
        assert_eq!(
            escape("Sở KH&ĐT <b>\"x\"</b> 'y'\u{1}\u{0}\tz\r\n"),
            "Sở KH&amp;ĐT &lt;b&gt;&quot;x&quot;&lt;/b&gt; &apos;y&apos;\tz&#13;\n"
        );
    }
}
