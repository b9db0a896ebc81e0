//! Escaping user text for markup: one rule for the JUnit XML and the HTML page with its SVG, so
//! a hostile name is made harmless the same way wherever it is written.

/// Text for element content or a quoted attribute value of HTML or SVG, and for XML element
/// content: `&`, `<`, `>` and both quotes escaped; characters XML 1.0 cannot hold replaced.
pub fn text(s: &str) -> String {
    escape(s, false)
}

/// Text for an XML attribute value, where line breaks and tabs would be normalised to spaces:
/// kept as character references.
pub fn attribute(s: &str) -> String {
    escape(s, true)
}

fn escape(s: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\r' if attribute => out.push_str("&#13;"),
            '\t' if attribute => out.push_str("&#9;"),
            '\n' | '\t' => out.push(c),
            '\r' => {}
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_and_controls_never_survive() {
        let hostile = "<a href='x'>\"&\u{1}\r\n\t";
        assert_eq!(text(hostile), "&lt;a href=&apos;x&apos;&gt;&quot;&amp;\u{FFFD}\n\t");
        assert_eq!(
            attribute(hostile),
            "&lt;a href=&apos;x&apos;&gt;&quot;&amp;\u{FFFD}&#13;&#10;&#9;"
        );
    }
}
