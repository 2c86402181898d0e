//! Just enough XML to walk `word/document.xml`: start, end and empty tags
//! with their attributes, text with the five named entities and character
//! references; the declaration, comments, processing instructions and
//! CDATA are passed over. Names keep their prefix (`w:p`). Not a validating
//! parser: a tag left open or an unknown entity is an error naming the
//! byte where it is.

/// One piece of the document.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Event<'a> {
    /// `<w:p …>` or `<w:br/>` (`empty`).
    Start {
        name: &'a str,
        attrs: &'a str,
        empty: bool,
    },
    End(&'a str),
    Text(String),
}

/// The events of an XML text, in order.
pub(super) struct Events<'a> {
    xml: &'a str,
    at: usize,
}

impl<'a> Events<'a> {
    pub fn new(xml: &'a str) -> Self {
        Self { xml, at: 0 }
    }

    fn error(&self, what: &str) -> String {
        format!("XML không hợp lệ ở byte {}: {what}", self.at)
    }
}

impl<'a> Iterator for Events<'a> {
    type Item = Result<Event<'a>, String>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let rest = &self.xml[self.at..];
            if rest.is_empty() {
                return None;
            }
            if !rest.starts_with('<') {
                let end = rest.find('<').unwrap_or(rest.len());
                let raw = &rest[..end];
                let text = unescape(raw).ok_or_else(|| self.error("thực thể không rõ"));
                self.at += end;
                return Some(text.map(Event::Text));
            }
            // Declaration, processing instruction, comment, CDATA, doctype.
            let special = [
                ("<?", "?>"),
                ("<!--", "-->"),
                ("<![CDATA[", "]]>"),
                ("<!", ">"),
            ]
            .into_iter()
            .find_map(|(open, close)| Some((open, close, rest.strip_prefix(open)?)));
            if let Some((open, close, body)) = special {
                let Some(end) = body.find(close) else {
                    return Some(Err(self.error("khối không đóng")));
                };
                self.at += open.len() + end + close.len();
                if open == "<![CDATA[" {
                    return Some(Ok(Event::Text(body[..end].to_owned())));
                }
                continue;
            }
            let Some(end) = tag_end(rest) else {
                return Some(Err(self.error("thẻ không đóng")));
            };
            let tag = &rest[1..end];
            self.at += end + 1;
            if let Some(name) = tag.strip_prefix('/') {
                return Some(Ok(Event::End(name.trim())));
            }
            let (tag, empty) = match tag.strip_suffix('/') {
                Some(t) => (t, true),
                None => (tag, false),
            };
            let split = tag.find(|c: char| c.is_whitespace()).unwrap_or(tag.len());
            return Some(Ok(Event::Start {
                name: &tag[..split],
                attrs: &tag[split..],
                empty,
            }));
        }
    }
}

/// The position of the `>` closing the tag that starts `text`, skipping
/// any `>` inside quoted attribute values.
fn tag_end(text: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return Some(i),
            _ => {}
        }
    }
    None
}

/// An attribute's value by its name (`w:val`), unescaped.
pub(super) fn attr(attrs: &str, name: &str) -> Option<String> {
    let mut rest = attrs;
    while let Some(eq) = rest.find('=') {
        let key = rest[..eq].trim();
        let after = rest[eq + 1..].trim_start();
        let quote = after.chars().next()?;
        let body = &after[1..];
        let close = body.find(quote)?;
        if key == name {
            return unescape(&body[..close]);
        }
        rest = &body[close + 1..];
    }
    None
}

/// Text with `&amp;` `&lt;` `&gt;` `&quot;` `&apos;` and `&#…;` replaced.
fn unescape(raw: &str) -> Option<String> {
    if !raw.contains('&') {
        return Some(raw.to_owned());
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let semi = after.find(';')?;
        let entity = &after[..semi];
        let c = match entity {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let code = match entity
                    .strip_prefix("#x")
                    .or_else(|| entity.strip_prefix("#X"))
                {
                    Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                    None => entity.strip_prefix('#')?.parse().ok()?,
                };
                char::from_u32(code)?
            }
        };
        out.push(c);
        rest = &after[semi + 1..];
    }
    out.push_str(rest);
    Some(out)
}
