//! The report model: what one run found, in the shape `schemas/report.schema.json` fixes.
//!
//! Optional fields are left out of the JSON when a check has nothing to say for them, so a
//! metrics check carries no canary numbers and vice versa.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::error::Error;
use crate::status::{Severity, Status};

/// The version written into every report.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The whole result of `mlgate check`: one verdict over every gate that ran.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Report {
    /// Version of mlgate that wrote this report.
    pub mlgate_version: String,
    /// Path of the config file the run read, as it was given (empty for ad-hoc commands).
    pub config: String,
    /// Worst gate verdict: `pass`, `warn`, `fail` or `error`.
    pub verdict: Status,
    /// Counts of gates and of checks by status.
    pub summary: Summary,
    /// One entry per gate, in config order.
    pub gates: Vec<GateReport>,
    /// Why the run could not be judged (verdict `error`, no gates): every error, as the
    /// terminal shows it. Left out when the run was judged.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<RunError>,
}

/// One reason a run could not be judged, where it points.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RunError {
    /// The file to fix: the config file for a config error and for an input file a config
    /// entry named (at that entry), else the input file.
    pub file: String,
    /// 1-based line in that file, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// 1-based column, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    /// The error as the terminal shows it (after `error: `).
    pub message: String,
}

impl Report {
    /// The report of a run that could not be judged: verdict `error`, no gates, the errors.
    /// Machine-read formats (JSON, JUnit, annotations) are still written, so CI shows why.
    pub fn could_not_judge(config: impl Into<String>, error: &Error) -> Report {
        Report {
            mlgate_version: VERSION.to_string(),
            config: config.into(),
            verdict: Status::Error,
            summary: Summary::default(),
            gates: Vec::new(),
            errors: run_errors(error),
        }
    }

    /// Builds the report of a run from its gates: the verdict and summary are derived here,
    /// never kept by hand.
    pub fn new(config: impl Into<String>, gates: Vec<GateReport>) -> Report {
        let verdict = Status::worst(gates.iter().map(|g| g.verdict));
        let summary = Summary::of(&gates);
        Report {
            mlgate_version: VERSION.to_string(),
            config: config.into(),
            verdict,
            summary,
            gates,
            errors: Vec::new(),
        }
    }
}

/// Each problem of an error, at the place to fix it.
fn run_errors(error: &Error) -> Vec<RunError> {
    match error {
        Error::Config(problems) => problems
            .iter()
            .map(|p| RunError {
                file: p.at.as_ref().map(|at| at.file.clone()).unwrap_or_default(),
                line: p.at.as_ref().map(|at| at.line),
                column: p.at.as_ref().map(|at| at.column),
                message: p.to_string(),
            })
            .collect(),
        Error::Input {
            file,
            position,
            declared_at,
            ..
        } => {
            let (file, line, column) = match (declared_at, position) {
                (Some(at), _) => (at.file.clone(), Some(at.line), Some(at.column)),
                (None, Some((line, column))) => (file.clone(), Some(*line), Some(*column)),
                (None, None) => (file.clone(), None, None),
            };
            vec![RunError {
                file,
                line,
                column,
                message: error.lines().join("\n"),
            }]
        }
        Error::Usage(message) => vec![RunError {
            file: String::new(),
            line: None,
            column: None,
            message: message.clone(),
        }],
        Error::Several(errors) => errors.iter().flat_map(run_errors).collect(),
    }
}

/// Counts over the whole run.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Summary {
    /// Number of gates that ran.
    pub gates: usize,
    /// Number of checks over all gates.
    pub checks: usize,
    /// Checks that passed.
    pub pass: usize,
    /// Checks that breached a `warn` bound.
    pub warn: usize,
    /// Checks that failed.
    pub fail: usize,
    /// Checks that could not be evaluated (bad input).
    pub error: usize,
    /// Checks that were not evaluated, with a reason.
    pub skipped: usize,
    /// Canary metrics without enough data.
    pub nodata: usize,
}

impl Summary {
    fn of(gates: &[GateReport]) -> Summary {
        let mut s = Summary {
            gates: gates.len(),
            ..Summary::default()
        };
        for check in gates.iter().flat_map(|g| &g.checks) {
            s.checks += 1;
            *match check.status {
                Status::Pass => &mut s.pass,
                Status::Warn => &mut s.warn,
                Status::Fail => &mut s.fail,
                Status::Error => &mut s.error,
                Status::Skipped => &mut s.skipped,
                Status::Nodata => &mut s.nodata,
            } += 1;
        }
        s
    }
}

/// Which kind of gate produced a [`GateReport`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum GateKind {
    Data,
    Metrics,
    Canary,
}

impl GateKind {
    pub fn as_str(self) -> &'static str {
        match self {
            GateKind::Data => "data",
            GateKind::Metrics => "metrics",
            GateKind::Canary => "canary",
        }
    }
}

/// Canary judgement from the score: `pass`, `marginal` (a warning) or `fail`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Judgement {
    Pass,
    Marginal,
    Fail,
}

/// The result of one gate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GateReport {
    /// Gate name from the config (unique in the file).
    pub name: String,
    /// Kind of gate: `data`, `metrics` or `canary`.
    pub kind: GateKind,
    /// Worst status of the gate's checks (for canary gates: its judgement).
    pub verdict: Status,
    /// Wall time the gate took, in milliseconds (left out of parity comparisons).
    pub duration_ms: u64,
    /// Canary gates: score from 0 to 100.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    /// Canary gates: judgement from the score.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub judgement: Option<Judgement>,
    /// Canary gates: the lowest scores judged `pass` and `marginal`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score_thresholds: Option<ScoreThresholds>,
    /// Metrics gates judging label metrics from predictions: the confusion matrices of the whole
    /// test set, current and main's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confusion: Option<ConfusionMatrix>,
    /// The gate's MLflow sources and what each resolved to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<ResolvedSource>,
    /// Every check of the gate, in config order.
    pub checks: Vec<CheckResult>,
}

impl GateReport {
    /// A data or metrics gate: the verdict is the worst status of its checks.
    pub fn from_checks(name: impl Into<String>, kind: GateKind, checks: Vec<CheckResult>) -> GateReport {
        GateReport {
            name: name.into(),
            kind,
            verdict: Status::worst(checks.iter().map(|c| c.status)),
            duration_ms: 0,
            score: None,
            judgement: None,
            score_thresholds: None,
            confusion: None,
            sources: Vec::new(),
            checks,
        }
    }
}

/// An MLflow source of a gate and the run it resolved to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ResolvedSource {
    /// The config key that declares it, relative to the gate (`baseline`, `predictions/current`).
    pub input: String,
    /// The source as the config names it: `run ID`, `experiment NAME [FILTER]`, `MODEL@ALIAS`,
    /// `MODEL version N`.
    pub source: String,
    /// The run it resolved to.
    pub run_id: String,
    /// Registered models: the version the alias (or number) named.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// The artifact read, when it is one of the run's files rather than its metrics.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub artifact: Option<String>,
}

impl ResolvedSource {
    /// `churn@champion = version 7, run 3f2a9c1e2b4d`: the source and what it resolved to (the
    /// run id shortened to 12 characters, as MLflow's UI lists runs).
    pub fn describe(&self) -> String {
        let run: String = self.run_id.chars().take(12).collect();
        let resolved = match &self.version {
            Some(v) if !self.source.ends_with(&format!("version {v}")) => format!("version {v}, run {run}"),
            _ => format!("run {run}"),
        };
        if self.source.starts_with("run ") {
            self.source.chars().take(16).collect()
        } else {
            format!("{} = {resolved}", self.source)
        }
    }
}

/// The lowest scores of a canary gate's judgements.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScoreThresholds {
    /// Lowest score judged `pass`.
    pub pass: f64,
    /// Lowest score judged `marginal`; below it the gate fails.
    pub marginal: f64,
}

/// A failing row kept as an example.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Sample {
    /// 0-based data row (header excluded).
    pub row: u64,
    /// The value found in that row.
    pub value: Value,
}

/// The result of one check. Which optional fields are present depends on the kind of check.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckResult {
    /// Unique id: `<gate>.<metric>` for metrics and canary, `<gate>.<section>.<column>.<check>` for data.
    pub id: String,
    /// What kind of check this is (for example `threshold`, `max`, `mann_whitney`).
    pub check: String,
    /// Data checks: the column checked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// Metrics and canary checks: the metric checked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metric: Option<String>,
    /// Metrics checks of one slice of the predictions: each slice column with its value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slice: Option<Map<String, Value>>,
    /// Outcome of the check.
    pub status: Status,
    /// What a breach does: `fail` or `warn`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<Severity>,
    /// The value found (a number, or a string such as "NaN" when it is not a finite number).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed: Option<Value>,
    /// The bounds the check applied, by name (for example `{"min": 0.85}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected: Option<Map<String, Value>>,
    /// The baseline value compared against.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<Value>,
    /// Observed minus baseline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delta: Option<f64>,
    /// Delta as a fraction of the absolute baseline (absent when the baseline is 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delta_rel: Option<f64>,
    /// Data checks: number of values the check looked at.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub element_count: Option<u64>,
    /// Data checks: number of values that failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unexpected_count: Option<u64>,
    /// Data checks: failing values as a fraction of the values looked at.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unexpected_fraction: Option<f64>,
    /// Data checks: up to 20 failing rows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub samples: Option<Vec<Sample>>,
    /// Canary checks: `pass`, `high`, `low`, `nodata` or `error`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub classification: Option<String>,
    /// Canary checks: number of baseline samples used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub n_baseline: Option<u64>,
    /// Canary checks: number of canary samples used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub n_canary: Option<u64>,
    /// Drift checks: the method used (`ks`, `chi2`, `psi`, `js`, `wasserstein`, `linf`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// Drift checks: the distance threshold, or the alpha of `ks`/`chi2`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threshold: Option<f64>,
    /// Statistical checks: the test statistic.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub statistic: Option<f64>,
    /// Statistical checks: the p-value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub p_value: Option<f64>,
    /// Statistical checks: the p-value after the gate's multiple-comparison correction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub p_value_adjusted: Option<f64>,
    /// Statistical checks: the effect estimate (for example the Hodges-Lehmann shift).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub estimate: Option<f64>,
    /// Statistical checks: the confidence interval of the estimate, `[low, high]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ci: Option<[f64; 2]>,
    /// Statistical checks: the confidence level of `ci`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f64>,
    /// Statistical checks: effect sizes by name (for example `{"mean_ratio": 1.21}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effect: Option<Map<String, Value>>,
    /// Canary checks on continuous metrics: quantiles of each arm, for charts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantiles: Option<ArmQuantiles>,
    /// Drift checks: both sides' distributions on shared bins or categories, for charts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub distribution: Option<Distribution>,
    /// One line saying what was found and what was expected.
    pub message: String,
    /// Line of the config file this check was declared on (for annotations).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config_line: Option<usize>,
    /// Where the check is declared, as a JSON pointer relative to its gate
    /// (`/columns/age/warn/max`), set by the gate; the engine turns it into `config_line` and
    /// clears it. Not part of the report.
    #[serde(skip)]
    pub pointer: Option<String>,
}

/// Both sides of a drift check, summarised for charts: shares per shared bin (numeric columns) or
/// per category, never the rows themselves.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Distribution {
    /// Numeric columns: the bin edges, one more than the shares; equal widths over both sides'
    /// range, the last bin closed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edges: Option<Vec<f64>>,
    /// Categorical columns: the categories, the most frequent (both sides pooled) first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub categories: Option<Vec<String>>,
    /// The reference's share of its values in each bin or category.
    pub reference: Vec<f64>,
    /// The current dataset's share of its values in each bin or category.
    pub current: Vec<f64>,
    /// Categorical columns with more categories than are listed: the shares of the rest
    /// (reference, current).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub others: Option<[f64; 2]>,
    /// KS: where the empirical CDFs are furthest apart, `[x, reference CDF, current CDF]`
    /// (the CDFs at x, values <= x).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ks_gap: Option<[f64; 3]>,
    /// Date and datetime columns: the edges and the gap's x are instants, in nanoseconds since
    /// 1970-01-01T00:00:00Z.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub temporal: bool,
}

/// Confusion matrices of the current predictions and main's: `[true class][predicted class]`
/// counts over `classes`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ConfusionMatrix {
    /// The classes, sorted as the labels' text: the rows (true) and columns (predicted).
    pub classes: Vec<String>,
    /// Counts of the current predictions.
    pub current: Vec<Vec<u64>>,
    /// Counts of main's predictions of the same examples.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<Vec<Vec<u64>>>,
}

/// Quantiles of both arms of a canary metric.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ArmQuantiles {
    /// The probabilities, e.g. [0.5, 0.9, 0.95, 0.99].
    pub q: Vec<f64>,
    /// Baseline quantiles at `q` (numpy's default, type 7).
    pub baseline: Vec<f64>,
    /// Canary quantiles at `q`.
    pub canary: Vec<f64>,
}

/// A JSON number for a finite value; non-finite values become the strings "NaN", "inf" and
/// "-inf", since JSON has no numbers for them and a report must never hide them as null.
pub fn number_value(x: f64) -> Value {
    match serde_json::Number::from_f64(x) {
        Some(n) => Value::Number(n),
        None if x.is_nan() => Value::String("NaN".into()),
        None if x > 0.0 => Value::String("inf".into()),
        None => Value::String("-inf".into()),
    }
}

/// `Some(x)` when `x` is finite: derived numbers that overflowed are left out, not written as null.
pub fn finite(x: f64) -> Option<f64> {
    x.is_finite().then_some(x)
}

/// A number for messages, rounded to 6 significant digits (derived values such as deltas
/// carry floating-point noise that says nothing: 0.81 - 0.85 is -0.039999999999999925).
pub fn format_rounded(x: f64) -> String {
    if !x.is_finite() {
        return match number_value(x) {
            Value::String(s) => s,
            _ => x.to_string(),
        };
    }
    if x == 0.0 {
        return "0".into();
    }
    // libm, not f64::log10: the same bits natively and in wasm.
    let magnitude = libm::log10(x.abs()).floor() as i32;
    if !(-4..15).contains(&magnitude) {
        let s = format!("{x:.5e}");
        let (mantissa, exp) = s.split_once('e').unwrap_or((&s, "0"));
        let mantissa = mantissa.trim_end_matches('0').trim_end_matches('.');
        return format!("{mantissa}e{exp}");
    }
    let decimals = (5 - magnitude).max(0) as usize;
    let s = format!("{x:.decimals$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// [`format_rounded`] with an explicit sign, for deltas: `+0.01`, `-0.03`.
pub fn format_signed(x: f64) -> String {
    let s = format_rounded(x);
    if x > 0.0 { format!("+{s}") } else { s }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(status: Status) -> CheckResult {
        CheckResult {
            id: "g.x".into(),
            check: "threshold".into(),
            status,
            ..CheckResult::default()
        }
    }

    #[test]
    fn report_derives_verdict_and_summary() {
        let gates = vec![
            GateReport::from_checks("a", GateKind::Metrics, vec![check(Status::Pass), check(Status::Warn)]),
            GateReport::from_checks(
                "b",
                GateKind::Metrics,
                vec![check(Status::Fail), check(Status::Skipped)],
            ),
        ];
        let r = Report::new("mlgate.yaml", gates);
        assert_eq!(r.gates[0].verdict, Status::Warn);
        assert_eq!(r.gates[1].verdict, Status::Fail);
        assert_eq!(r.verdict, Status::Fail);
        assert_eq!(
            r.summary,
            Summary {
                gates: 2,
                checks: 4,
                pass: 1,
                warn: 1,
                fail: 1,
                error: 0,
                skipped: 1,
                nodata: 0
            }
        );
    }

    #[test]
    fn rounded_numbers_drop_float_noise() {
        assert_eq!(format_rounded(0.81 - 0.85), "-0.04");
        assert_eq!(format_rounded(0.9), "0.9");
        assert_eq!(format_rounded(123456.789), "123457");
        assert_eq!(format_rounded(0.000123456), "0.000123456");
        assert_eq!(format_rounded(1.5e-7), "1.5e-7");
        assert_eq!(format_rounded(0.0), "0");
        assert_eq!(format_rounded(f64::NAN), "NaN");
        assert_eq!(format_signed(0.01), "+0.01");
        assert_eq!(format_signed(-0.0333333), "-0.0333333");
    }

    #[test]
    fn non_finite_numbers_are_named_not_nulled() {
        assert_eq!(number_value(0.5), serde_json::json!(0.5));
        assert_eq!(number_value(f64::NAN), serde_json::json!("NaN"));
        assert_eq!(number_value(f64::INFINITY), serde_json::json!("inf"));
        assert_eq!(number_value(f64::NEG_INFINITY), serde_json::json!("-inf"));
        assert_eq!(finite(f64::INFINITY), None);
    }
}
