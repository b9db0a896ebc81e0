//! The `canary:` section of `mlgate.yaml`: the config types of a canary gate (defaults follow
//! Kayenta's judge) and the rules its JSON Schema cannot express.
//!
//! Any other file of the crate may read these types; this one reads none of them.

use indexmap::IndexMap;
use mlgate_core::yaml::PositionIndex;
use mlgate_core::{ConfigProblem, Correction, LiveQuery};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A canary gate: baseline and canary samples of each metric, judged as Kayenta does.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CanaryGateConfig {
    /// A gate name of letters, digits, `_` and `-`, unique in the file. Check ids are `<name>.<metric>`.
    #[schemars(regex(pattern = r"^[A-Za-z0-9_-]+$"))]
    pub name: String,
    /// Samples of the baseline deployment for every metric: a CSV file with one column per metric,
    /// JSON {metric: [values]}, a Prometheus API response, or a live Prometheus query.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<Source>,
    /// Samples of the canary deployment, in the same forms as `baseline`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub canary: Option<Source>,
    /// Score thresholds of the judgement (Kayenta's defaults: pass 95, marginal 75).
    #[serde(default)]
    pub score: ScoreThresholds,
    /// Multiple-comparison correction across this gate's metrics (default: `settings.correction`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub correction: Option<Correction>,
    /// Judge `mann_whitney` metrics with always-valid p-values (mSPRT) over time-ordered samples,
    /// so re-running the gate at every look does not inflate false alarms.
    #[serde(default)]
    pub sequential: bool,
    /// The metrics to judge, by name (the column or series name in the sample files).
    #[schemars(extend("minProperties" = 1))]
    pub metrics: IndexMap<String, MetricConfig>,
}

/// Where samples come from: a file path relative to the config, or a live Prometheus query.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Source {
    Path(String),
    Live(LiveSource),
}

/// A live source, resolved by the host (the CLI over HTTP) before the gate runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LiveSource {
    /// A Prometheus range (or instant) query.
    pub prometheus: LiveQuery,
}

impl Source {
    /// How the source is named in messages.
    pub fn describe(&self) -> String {
        match self {
            Source::Path(p) => p.clone(),
            Source::Live(l) => format!("Prometheus query {:?} at {}", l.prometheus.query, l.prometheus.url),
        }
    }

    /// The key it is read under from `Inputs`.
    pub fn key(&self) -> String {
        match self {
            Source::Path(p) => p.clone(),
            Source::Live(l) => l.prometheus.key(),
        }
    }
}

/// Score thresholds of the judgement.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScoreThresholds {
    /// Lowest score judged `pass`.
    #[serde(default = "default_pass")]
    #[schemars(range(min = 0, max = 100))]
    pub pass: f64,
    /// Lowest score judged `marginal` (a warning); below it the gate fails.
    #[serde(default = "default_marginal")]
    #[schemars(range(min = 0, max = 100))]
    pub marginal: f64,
}

fn default_pass() -> f64 {
    95.0
}
fn default_marginal() -> f64 {
    75.0
}

impl Default for ScoreThresholds {
    fn default() -> Self {
        ScoreThresholds {
            pass: default_pass(),
            marginal: default_marginal(),
        }
    }
}

/// How one metric is judged. Defaults follow Kayenta's judge.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MetricConfig {
    /// Which change is bad: `increase`, `decrease` or `either` (default).
    #[serde(default)]
    pub direction: Direction,
    /// The test: `mann_whitney` (default), `quantile` or `proportion` (error rates from counts).
    #[serde(default)]
    pub test: TestKind,
    /// Confidence level of the interval; high/low also need p < 1 − confidence (default 0.98).
    #[serde(default = "default_confidence")]
    #[schemars(range(min = 0.5, max = 0.999999))]
    pub confidence: f64,
    /// Band around 0 as a fraction of |estimate| that the interval must clear (default 0.25, as Kayenta).
    #[serde(default = "default_tolerance")]
    #[schemars(range(min = 0))]
    pub tolerance: f64,
    /// Effect-size filter: high only when canary/baseline (mean, quantile or rate ratio) reaches this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub allowed_increase: Option<f64>,
    /// Effect-size filter: low only when canary/baseline is at most this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub allowed_decrease: Option<f64>,
    /// A critical metric that is high, low or nodata sets the gate's score to 0.
    #[serde(default)]
    pub critical: bool,
    /// Count a nodata result against the score instead of leaving it out.
    #[serde(default)]
    pub must_have_data: bool,
    /// Fewest values (or trials) per arm to judge; fewer is nodata (default 10).
    #[serde(default = "default_min_samples")]
    #[schemars(range(min = 1))]
    pub min_samples: u64,
    /// What to do with NaN and infinite values: `remove` (default) or `replace` with 0.
    #[serde(default)]
    pub nan: NanStrategy,
    /// Outlier handling before the test.
    #[serde(default)]
    pub outliers: Outliers,
    /// Weight in the score (default 1).
    #[serde(default = "default_weight")]
    #[schemars(range(min = 0))]
    pub weight: f64,
    /// Computed and shown, but left out of the score and of the correction.
    #[serde(default)]
    pub muted: bool,
    /// The column (or Prometheus series name) holding this metric's values (default: the metric's name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1))]
    pub column: Option<String>,
    /// `test: proportion`: the column (or series) counting events, e.g. errors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub successes: Option<String>,
    /// `test: proportion`: the column (or series) counting trials, e.g. requests.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trials: Option<String>,
    /// `test: quantile`: which quantile to compare (default 0.5).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0, max = 1))]
    pub q: Option<f64>,
    /// `test: quantile`: bootstrap resamples (default 2000).
    #[serde(default = "default_resamples")]
    #[schemars(range(min = 100))]
    pub resamples: usize,
    /// `test: quantile`: bootstrap seed (default 0): the same seed gives the same numbers everywhere.
    #[serde(default)]
    pub seed: u64,
    /// This metric's baseline samples, overriding the gate's `baseline`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<Source>,
    /// This metric's canary samples, overriding the gate's `canary`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub canary: Option<Source>,
}

fn default_confidence() -> f64 {
    0.98
}
fn default_tolerance() -> f64 {
    0.25
}
fn default_min_samples() -> u64 {
    10
}
fn default_weight() -> f64 {
    1.0
}
fn default_resamples() -> usize {
    2000
}

/// Which change is bad: `increase`, `decrease` or `either`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Increase,
    Decrease,
    #[default]
    Either,
}

/// The test of a metric: `mann_whitney`, `quantile` or `proportion`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TestKind {
    #[default]
    MannWhitney,
    Quantile,
    Proportion,
}

/// NaN handling: `remove` or `replace` (with 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum NanStrategy {
    #[default]
    Remove,
    Replace,
}

/// Outlier handling of each arm.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Outliers {
    /// `keep` (default) or `remove` values outside the IQR fences.
    #[serde(default)]
    pub strategy: OutlierStrategy,
    /// Fences at Q1 − factor·IQR and Q3 + factor·IQR (default 3.0).
    #[serde(default = "default_factor")]
    #[schemars(range(min = 0))]
    pub factor: f64,
}

fn default_factor() -> f64 {
    3.0
}

impl Default for Outliers {
    fn default() -> Self {
        Outliers {
            strategy: OutlierStrategy::Keep,
            factor: default_factor(),
        }
    }
}

/// `keep` or `remove`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum OutlierStrategy {
    #[default]
    Keep,
    Remove,
}

// ---- validation ----------------------------------------------------------------------------

impl CanaryGateConfig {
    /// Every metric needs both arms' sources; score thresholds in order; test-specific keys only
    /// where they mean something.
    pub fn validate(&self) -> Vec<ConfigProblem> {
        let mut out = Vec::new();
        if self.score.marginal > self.score.pass {
            // Shown at the key, as for a whole entry.
            out.push(ConfigProblem::entry(
                "/score/marginal",
                format!(
                    "marginal {} is above pass {}; expected marginal <= pass",
                    self.score.marginal, self.score.pass
                ),
            ));
        }
        for (name, m) in &self.metrics {
            let entry = PositionIndex::child("/metrics", name);
            let at = |field: &str| format!("{entry}{field}");
            for (arm, own, gate) in [
                ("baseline", &m.baseline, &self.baseline),
                ("canary", &m.canary, &self.canary),
            ] {
                if own.is_none() && gate.is_none() {
                    out.push(ConfigProblem::entry(
                        at(""),
                        format!("metric {name:?} has no {arm} samples; expected `{arm}:` on the gate or on the metric"),
                    ));
                }
            }
            if m.test != TestKind::Quantile && m.q.is_some() {
                out.push(ConfigProblem::new(at("/q"), "`q` only applies to test: quantile"));
            }
            if m.test != TestKind::Proportion && (m.successes.is_some() || m.trials.is_some()) {
                out.push(ConfigProblem::new(
                    at(if m.successes.is_some() { "/successes" } else { "/trials" }),
                    "`successes` and `trials` only apply to test: proportion",
                ));
            }
            if m.test == TestKind::Proportion && (m.successes.is_some() != m.trials.is_some()) {
                out.push(ConfigProblem::entry(
                    at(""),
                    "test: proportion needs both `successes` and `trials`, or neither (0/1 values per request)",
                ));
            }
            if let (Some(inc), Some(dec)) = (m.allowed_increase, m.allowed_decrease)
                && dec > inc
            {
                out.push(ConfigProblem::new(
                    at("/allowed_decrease"),
                    format!("allowed_decrease {dec} is above allowed_increase {inc}; expected decrease <= increase"),
                ));
            }
        }
        out
    }
}
