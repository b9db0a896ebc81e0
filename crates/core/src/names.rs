//! A name that was not found — a column, a metric, a file — and what there is instead: the
//! names that exist, and the nearest of them ("did you mean").

/// Levenshtein distance: the edits (insert, delete, replace a character) from `a` to `b`.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = if ca == *cb { prev } else { 1 + prev.min(cur).min(row[j]) };
            prev = cur;
        }
    }
    row[b.len()]
}

/// The candidate nearest to `name`: equal but for case, else `name` with a suffix (`latency` →
/// `latency_ms`), else within two edits and no more than a third of the name (`mostyl` →
/// `mostly`, but not `zip` → `id`) — the first of the nearest, in the candidates' order; `None`
/// when none is that near.
pub fn nearest<'c>(name: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    let lower = name.to_lowercase();
    let length = name.chars().count();
    let suffixed = |c: &str| {
        length >= 3
            && c.strip_prefix(name)
                .is_some_and(|rest| rest.starts_with(['_', '-', '.']))
    };
    candidates
        .into_iter()
        .filter(|c| *c != name)
        .map(|c| {
            let distance = if c.to_lowercase() == lower {
                0
            } else if suffixed(c) {
                1
            } else {
                edit_distance(c, name)
            };
            (distance, c)
        })
        .filter(|(d, _)| *d <= 2 && 3 * d <= length)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// `"a", "b", "c"`: names as messages list them.
pub fn quoted_list<'n>(names: impl IntoIterator<Item = &'n str>) -> String {
    names
        .into_iter()
        .map(|n| format!("{n:?}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// ` (did you mean "age"?)` when a candidate is near `name`, else nothing.
pub fn did_you_mean<'c>(name: &str, candidates: impl IntoIterator<Item = &'c str>) -> String {
    nearest(name, candidates).map_or_else(String::new, |n| format!(" (did you mean {n:?}?)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_names_are_suggested() {
        assert_eq!(edit_distance("thresholds", "threshold"), 1);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(nearest("Age", ["id", "age", "income"]), Some("age"));
        assert_eq!(
            nearest("latency", ["latency_ms", "errors"]),
            Some("latency_ms"),
            "a suffix away"
        );
        assert_eq!(
            nearest("lat", ["latency_ms"]),
            None,
            "too far, and no suffix at a separator"
        );
        assert_eq!(
            nearest("zip", ["id", "age"]),
            None,
            "two edits of three letters is another word"
        );
        assert_eq!(
            nearest("y_hat", ["id", "y", "z"]),
            None,
            "a shorter name is not a prefix suggestion"
        );
        assert_eq!(nearest("latncy_ms", ["latency_ms", "errors"]), Some("latency_ms"));
        assert_eq!(
            did_you_mean("acuracy", ["accuracy", "f1"]),
            " (did you mean \"accuracy\"?)"
        );
        assert_eq!(did_you_mean("zip", ["accuracy"]), "");
        assert_eq!(quoted_list(["a", "b"]), "\"a\", \"b\"");
    }
}
