//! What a check found, before its block's severity turns a breach into `fail` or `warn`, and how
//! findings are worded: the counts of a value check under `mostly`, a number against bounds.
//!
//! - A value check passes when (element_count − unexpected_count) / element_count >= mostly
//!   (default 1); a check that found no values to look at passes.
//! - Bounds are inclusive; `[a, b]`, `>= a`, `<= b` and `= a` say which.

use mlgate_core::report::{Sample, format_rounded};
use mlgate_core::{CheckResult, Number};
use serde_json::{Map, Value};

use crate::config::Range;

/// What one check found.
pub(crate) enum Finding {
    Pass(String),
    /// The check's bound is breached: `fail`, or `warn` in a `warn:` block.
    Breach(String),
    Skipped(String),
    /// The check could not judge the values it was given.
    Error(String),
}

/// Counts of a value check: values looked at, values that failed, the first failing rows.
#[derive(Clone)]
pub(crate) struct Scan {
    pub element_count: usize,
    pub unexpected_count: usize,
    pub samples: Vec<Sample>,
}

impl Scan {
    pub(crate) fn empty() -> Scan {
        Scan {
            element_count: 0,
            unexpected_count: 0,
            samples: Vec::new(),
        }
    }

    /// Whether the check passes under `mostly` (a check without values passes).
    pub(crate) fn passes(&self, mostly: f64) -> bool {
        let (n, u) = (self.element_count, self.unexpected_count);
        n == 0 || (n - u) as f64 / n as f64 >= mostly
    }

    /// The counts and samples, as the report's fields.
    pub(crate) fn fill(&self, r: &mut CheckResult) {
        r.element_count = Some(self.element_count as u64);
        r.unexpected_count = Some(self.unexpected_count as u64);
        r.unexpected_fraction = Some(if self.element_count == 0 {
            0.0
        } else {
            self.unexpected_count as f64 / self.element_count as f64
        });
        if !self.samples.is_empty() {
            r.samples = Some(self.samples.clone());
        }
    }
}

/// A value check's finding under `mostly`, with its counts and samples written into `r`.
/// `failed` and `passed` finish "N of M values ..." and "all M values ...".
pub(crate) fn judged(scan: Scan, mostly: f64, failed: &str, passed: &str, r: &mut CheckResult) -> Finding {
    let finding = under_mostly(&scan, mostly, failed, passed);
    scan.fill(r);
    finding
}

/// Pass or breach of a value check under `mostly`, with its message.
fn under_mostly(scan: &Scan, mostly: f64, failed: &str, passed: &str) -> Finding {
    let (n, u) = (scan.element_count, scan.unexpected_count);
    if n == 0 {
        return Finding::Pass("no values to check".into());
    }
    let share = (n - u) as f64 / n as f64;
    let passes = scan.passes(mostly);
    let mostly_text = |verb: &str| {
        format!(
            "; {} of values pass, mostly {} {verb}",
            format_percent(share),
            format_rounded(mostly)
        )
    };
    if u == 0 {
        Finding::Pass(format!("all {n} values {passed}"))
    } else if passes {
        Finding::Pass(format!("{u} of {n} values {failed}{}", mostly_text("allows it")))
    } else if mostly < 1.0 {
        Finding::Breach(format!("{u} of {n} values {failed}{}", mostly_text("needs more")))
    } else {
        Finding::Breach(format!("{u} of {n} values {failed}"))
    }
}

fn format_percent(share: f64) -> String {
    format!("{}%", format_rounded(share * 100.0))
}

/// An observed number against inclusive bounds (exactly); `what` says what was observed.
pub(crate) fn judge_range(range: &Range, x: Number, what: String) -> Finding {
    if range.contains(x) {
        Finding::Pass(format!("{what}, within {}", range_text(range)))
    } else {
        Finding::Breach(format!("{what}; expected {}", range_text(range)))
    }
}

/// `[0, 1]`, `>= 3`, `<= 0.5`.
pub(crate) fn range_text(range: &Range) -> String {
    match (range.min, range.max) {
        (Some(a), Some(b)) if a == b => format!("= {}", a.rounded()),
        (Some(a), Some(b)) => format!("[{}, {}]", a.rounded(), b.rounded()),
        (Some(a), None) => format!(">= {}", a.rounded()),
        (None, Some(b)) => format!("<= {}", b.rounded()),
        (None, None) => "any value".into(),
    }
}

/// `{"min": 1, "max": 2}` for the report's `expected`: the bounds that are set.
pub(crate) fn expected_of(pairs: &[(&str, Option<Number>)]) -> Map<String, Value> {
    pairs
        .iter()
        .filter_map(|(k, v)| v.map(|v| (k.to_string(), v.to_json())))
        .collect()
}
