//! A `regex:` pattern and texts from any bytes (the first line is the pattern, then texts
//! separated by NUL, so a text may hold line breaks): when the pattern compiles, mlgate's whole-value match — a DFA walked one text at a
//! time or several side by side, or `regex` when the DFA would be large — agrees with the
//! `regex` crate anchored at both ends.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mlgate_data::pattern::WholeMatch;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (pattern, texts) = text.split_once('\n').unwrap_or((text, ""));
    let Ok(fast) = WholeMatch::new(pattern) else {
        return;
    };
    let reference = regex::Regex::new(&format!("^(?:{pattern})$")).expect("WholeMatch compiled it");
    let texts: Vec<&str> = texts.split('\0').collect();
    let want: Vec<bool> = texts.iter().map(|t| reference.is_match(t)).collect();
    let one_by_one: Vec<bool> = texts.iter().map(|t| fast.is_match(t)).collect();
    assert_eq!(one_by_one, want, "pattern {pattern:?} (DFA: {})", fast.uses_dfa());
    let mut side_by_side = Vec::new();
    fast.match_each(texts.iter().copied(), |m| side_by_side.push(m));
    assert_eq!(side_by_side, want, "pattern {pattern:?}, texts side by side");
});
