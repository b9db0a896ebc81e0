//! A cheap guard in front of JSON readers that recurse per level of nesting (polars' JSON
//! reader overflowed the stack on a line of 50,000 `[`): find where a document nests too deep
//! before handing it over.

/// The byte offset of the first `[` or `{` nested deeper than `max` levels in JSON text,
/// brackets inside strings aside; `None` when the text stays within `max`.
pub fn json_nested_beyond(bytes: &[u8], max: usize) -> Option<usize> {
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for (i, &b) in bytes.iter().enumerate() {
        match (in_string, b) {
            (true, _) if escaped => escaped = false,
            (true, b'\\') => escaped = true,
            (_, b'"') => in_string = !in_string,
            (false, b'[' | b'{') => {
                depth += 1;
                if depth > max {
                    return Some(i);
                }
            }
            (false, b']' | b'}') => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depth_counts_brackets_outside_strings() {
        assert_eq!(json_nested_beyond(br#"{"a": [[1]]}"#, 3), None);
        assert_eq!(json_nested_beyond(br#"{"a": [[1]]}"#, 2), Some(7));
        // Brackets in strings, escaped quotes included, do not count.
        assert_eq!(json_nested_beyond(br#"{"a": "[[[\"[[["}"#, 1), None);
        // Siblings do not add up.
        assert_eq!(json_nested_beyond(b"[[],[],[]]\n[[]]", 2), None);
        let deep = "[".repeat(50_000);
        assert_eq!(json_nested_beyond(deep.as_bytes(), 64), Some(64));
    }
}
