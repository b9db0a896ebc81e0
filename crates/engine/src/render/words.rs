//! How the renderers name things, so the terminal, markdown and JUnit say them alike.

use mlgate_core::CheckResult;
use mlgate_core::GateReport;
use mlgate_core::Summary;
use mlgate_core::report::{Judgement, ResolvedSource};

/// Non-zero status counts of a run: `["4 pass", "1 fail"]`.
pub fn status_counts(s: &Summary) -> Vec<String> {
    [
        (s.pass, "pass"),
        (s.warn, "warn"),
        (s.fail, "fail"),
        (s.error, "error"),
        (s.skipped, "skipped"),
        (s.nodata, "nodata"),
    ]
    .iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, what)| format!("{n} {what}"))
    .collect()
}

/// The word of a canary judgement.
pub fn judgement_word(j: Judgement) -> &'static str {
    match j {
        Judgement::Pass => "pass",
        Judgement::Marginal => "marginal",
        Judgement::Fail => "fail",
    }
}

/// How a check is named inside its gate's section: the metric (with its slice,
/// `accuracy[country=BR]`), or for data checks the id without the gate (`age.max`,
/// `age.warn.max`, `table.row_count`, `drift.age`).
pub fn check_label(check: &CheckResult) -> &str {
    let without_gate = check.id.split_once('.').map_or(check.id.as_str(), |(_, r)| r);
    match (&check.metric, &check.slice) {
        (Some(_), Some(_)) => without_gate,
        (Some(metric), None) => metric,
        _ => without_gate.strip_prefix("columns.").unwrap_or(without_gate),
    }
}

/// The MLflow source of a metrics gate's `baseline` or `current` column: the metric file's,
/// else the predictions'.
pub fn resolved_source<'g>(gate: &'g GateReport, column: &str) -> Option<&'g ResolvedSource> {
    let of = |input: &str| gate.sources.iter().find(|s| s.input == input);
    of(column).or_else(|| of(&format!("predictions/{column}")))
}
