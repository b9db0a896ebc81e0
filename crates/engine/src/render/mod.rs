//! Reports as text. Pure functions: report in, text out, so both shells render the same bytes.
//!
//! - [`json`]: the report itself (`schemas/report.schema.json`);
//! - [`text`]: the terminal view (colour is the caller's decision: a TTY without `NO_COLOR`);
//! - [`markdown`]: the pull-request comment and job summary;
//! - [`html`]: one self-contained page with the charts behind the verdicts ([`svg`] draws them);
//! - [`junit`]: JUnit XML for CI test reporters;
//! - [`github`]: GitHub workflow commands that annotate the config lines of failing checks;
//! - [`words`]: how the renderers name counts, judgements and checks, alike;
//! - [`xml`]: how they escape user text in markup, alike.

pub mod github;
pub mod html;
pub mod junit;
pub mod markdown;
pub mod svg;
pub mod text;
pub mod words;
pub mod xml;

pub use github::github;
pub use html::html;
pub use junit::junit;
pub use markdown::markdown;
pub use text::{TextOptions, text};

use mlgate_core::Report;

/// The report as pretty-printed JSON (valid against `schemas/report.schema.json`), newline-terminated.
pub fn json(report: &Report) -> String {
    // Serialising plain data into a String cannot fail.
    let mut out = serde_json::to_string_pretty(report).unwrap_or_default();
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use mlgate_core::{CheckResult, GateKind, GateReport, Status};

    #[test]
    fn json_round_trips() {
        let check = CheckResult {
            id: "g.a".into(),
            check: "threshold".into(),
            metric: Some("a".into()),
            message: "fine".into(),
            ..CheckResult::default()
        };
        let r = Report::new(
            "mlgate.yaml",
            vec![GateReport::from_checks("g", GateKind::Metrics, vec![check])],
        );
        assert_eq!(r.gates[0].checks[0].status, Status::Pass);
        let back: Report = serde_json::from_str(&json(&r)).unwrap();
        assert_eq!(back, r);
    }
}
