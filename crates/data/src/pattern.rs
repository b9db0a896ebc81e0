//! Whole-value regular expressions (`regex:`), matched as fast as a pattern allows.
//!
//! A value passes when the pattern matches all of it (`^(?:pattern)$`, the `regex` crate's
//! syntax and semantics). The check runs once per value, millions of times, on short texts, so
//! the pattern is compiled ahead into a dense DFA when that stays small: a match is then one
//! table lookup per byte, about twice as fast as `regex::Regex::is_match`, which pays a
//! search's setup per call. Patterns whose DFA would be large (Unicode classes repeated many
//! times) or that a DFA cannot express (Unicode word boundaries) use `regex` itself. Both give
//! the same answer: a test compares them over patterns and texts.

use regex_automata::dfa::dense::{self, DFA};
use regex_automata::dfa::{Automaton, StartKind};
use regex_automata::util::primitives::StateID;
use regex_automata::util::start;
use regex_automata::{Anchored, MatchKind};

/// A DFA of more bytes than this (or one that needs more to build) is not built.
const DFA_LIMIT: usize = 1 << 20;

/// A compiled whole-value pattern.
pub struct WholeMatch {
    engine: Engine,
}

enum Engine {
    /// The anchored DFA and its start state.
    Dfa {
        dfa: Box<DFA<Vec<u32>>>,
        start: StateID,
    },
    Regex(regex::Regex),
}

impl WholeMatch {
    /// Compiles `pattern`; the error is `regex`'s, whichever engine is used.
    pub fn new(pattern: &str) -> Result<WholeMatch, regex::Error> {
        // The pattern must stand on its own, or the anchors put around it would not hold all of
        // it: `a)|(b` is refused, not read as `^(?:a)|(b)$` (a text starting with `a`, or
        // ending with `b`). The gate's config validation refuses it the same way.
        regex::Regex::new(pattern)?;
        let whole = format!("^(?:{pattern})$");
        let engine = match dfa(&whole) {
            Some((dfa, start)) => Engine::Dfa {
                dfa: Box::new(dfa),
                start,
            },
            None => Engine::Regex(regex::Regex::new(&whole)?),
        };
        Ok(WholeMatch { engine })
    }

    /// Whether the pattern matches the whole of `text`.
    pub fn is_match(&self, text: &str) -> bool {
        match &self.engine {
            Engine::Dfa { dfa, start } => walk(dfa, *start, text.as_bytes()),
            Engine::Regex(regex) => regex.is_match(text),
        }
    }

    /// Whether the pattern matches each of `texts` (the whole of it), in order, to `each`. On a
    /// DFA, [`LANES`] texts are walked side by side: each walk is a chain of table lookups, each
    /// waiting on the one before, so interleaving independent chains lets the processor overlap
    /// them (about twice the speed of one text at a time).
    pub fn match_each<'t>(&self, texts: impl Iterator<Item = &'t str>, mut each: impl FnMut(bool)) {
        let Engine::Dfa { dfa, start } = &self.engine else {
            texts.for_each(|text| each(self.is_match(text)));
            return;
        };
        let mut lanes: [&[u8]; LANES] = [&[]; LANES];
        let mut filled = 0;
        for text in texts {
            lanes[filled] = text.as_bytes();
            filled += 1;
            if filled == LANES {
                walk_side_by_side(dfa, *start, &lanes).into_iter().for_each(&mut each);
                filled = 0;
            }
        }
        for text in &lanes[..filled] {
            each(walk(dfa, *start, text));
        }
    }

    /// Whether the pattern runs on a DFA (for tests).
    pub fn uses_dfa(&self) -> bool {
        matches!(self.engine, Engine::Dfa { .. })
    }
}

/// Texts [`WholeMatch::match_each`] walks side by side.
const LANES: usize = 4;

/// Whether the DFA, from `start`, matches all of `text`.
fn walk(dfa: &DFA<Vec<u32>>, start: StateID, text: &[u8]) -> bool {
    let mut state = start;
    for &byte in text {
        state = dfa.next_state(state, byte);
        // No match can follow a dead state. (Match states are only reached at the end: the
        // pattern ends with `$`.)
        if dfa.is_dead_state(state) {
            return false;
        }
    }
    dfa.is_match_state(dfa.next_eoi_state(state))
}

/// [`walk`] over each of `texts`, in lockstep up to the end of the shortest (a dead state is
/// never left, so a lane that dies walks on harmlessly), then each on its own.
fn walk_side_by_side(dfa: &DFA<Vec<u32>>, start: StateID, texts: &[&[u8]; LANES]) -> [bool; LANES] {
    let shortest = texts.iter().map(|t| t.len()).min().unwrap_or(0);
    let mut states = [start; LANES];
    for i in 0..shortest {
        for (state, text) in states.iter_mut().zip(texts) {
            *state = dfa.next_state(*state, text[i]);
        }
    }
    std::array::from_fn(|lane| walk(dfa, states[lane], &texts[lane][shortest..]))
}

/// The anchored DFA of `whole`, when it can be built within [`DFA_LIMIT`]. `MatchKind::All`
/// keeps every way the pattern can match, so reaching the end in a match state means some way
/// matches the whole text (leftmost-first would drop alternatives once one matched).
fn dfa(whole: &str) -> Option<(DFA<Vec<u32>>, StateID)> {
    let dfa = dense::Builder::new()
        .configure(
            dense::Config::new()
                .match_kind(MatchKind::All)
                .start_kind(StartKind::Anchored)
                .dfa_size_limit(Some(DFA_LIMIT))
                .determinize_size_limit(Some(DFA_LIMIT)),
        )
        .build(whole)
        .ok()?;
    // Quit states stop a DFA on bytes it cannot decide (none are configured: a pattern that
    // would need them failed to build above).
    let start = dfa.start_state(&start::Config::new().anchored(Anchored::Yes)).ok()?;
    Some((dfa, start))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The DFA and `regex` agree on every pattern and text here.
    #[test]
    fn dfa_agrees_with_regex() {
        let patterns = [
            r"[a-z0-9._+-]+@[a-z0-9.-]+\.[a-z]{2,}",
            r"\d{3}-\d{4}",
            r"[A-Z]{2}",
            r"a|ab",
            r"ab|a",
            r"(a|ab)(c|bcd)",
            r"a*",
            r"",
            r"^abc",
            r"abc$",
            r"(?i)straße",
            r".*",
            r".+x",
            r"\w+",
            r"[^,]*",
            r"x?y??z*?",
            r"(?m)^a$",
            r"\bword\b",
            r"\p{Greek}+",
            r"[[:alpha:]]+\s[[:digit:]]",
            r"é|e\u{301}",
        ];
        let texts = [
            "",
            "a",
            "ab",
            "abc",
            "abcd",
            "abbcd",
            "acd",
            "ABC",
            "x",
            "yz",
            "yzzz",
            "abc\n",
            "a\nb",
            "123-4567",
            "١٢٣-٤٥٦٧",
            "12-34567",
            "DE",
            "De",
            "jane.doe+ml@example.co.uk",
            "jane@example",
            "jane@example.c",
            "@example.com",
            "STRASSE",
            "Straße",
            "STRAẞE",
            "word",
            "two words",
            "αβγ",
            "αβγ1",
            "abc 1",
            "é",
            "e\u{301}",
            "a,b",
            "日本語",
        ];
        let mut dfa_patterns = 0;
        for pattern in patterns {
            let fast = WholeMatch::new(pattern).unwrap();
            let reference = regex::Regex::new(&format!("^(?:{pattern})$")).unwrap();
            dfa_patterns += usize::from(fast.uses_dfa());
            for text in texts {
                assert_eq!(
                    fast.is_match(text),
                    reference.is_match(text),
                    "pattern {pattern:?} on {text:?}"
                );
            }
        }
        // All but the Unicode word boundaries run on a DFA.
        assert_eq!(dfa_patterns, patterns.len() - 1);
    }

    /// Matching many texts side by side gives each text's own answer, in order, whatever
    /// their lengths and however many are left over after the last full set of lanes.
    #[test]
    fn match_each_agrees_with_is_match() {
        let texts = [
            "jane@example.com",
            "",
            "x",
            "bob@b.io",
            "@",
            "a.b+c@d-e.fr",
            "no at sign",
            "é@x.de",
            "z@z.zz",
            "q@q.q",
            "long.name.with.dots@sub.domain.example.org",
            "A@B.CD",
            "k@k.kk",
        ];
        for pattern in [r"[a-z0-9._+-]+@[a-z0-9.-]+\.[a-z]{2,}", r"\bx\b", r".*"] {
            let m = WholeMatch::new(pattern).unwrap();
            for n in 0..=texts.len() {
                let mut got = Vec::new();
                m.match_each(texts[..n].iter().copied(), |b| got.push(b));
                let want: Vec<bool> = texts[..n].iter().map(|t| m.is_match(t)).collect();
                assert_eq!(got, want, "pattern {pattern:?}, {n} texts");
            }
        }
    }

    #[test]
    fn large_dfa_falls_back_to_regex() {
        let pattern = r"\w{50}";
        let m = WholeMatch::new(pattern).unwrap();
        assert!(!m.uses_dfa());
        assert!(m.is_match(&"é".repeat(50)));
        assert!(!m.is_match(&"é".repeat(49)));
    }

    #[test]
    fn invalid_pattern_is_regex_error() {
        let bad = "(unclosed";
        let e = WholeMatch::new(bad).err().unwrap();
        let want = regex::Regex::new(bad).unwrap_err();
        assert_eq!(e.to_string(), want.to_string());
        // A pattern that only parses inside the anchors is refused too.
        let escaping = "a)|(b";
        assert!(regex::Regex::new(&format!("^(?:{escaping})$")).is_ok());
        assert!(WholeMatch::new(escaping).is_err());
    }
}
