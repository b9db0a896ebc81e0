//! The canary gate, top to bottom: config types, validation, evaluation, scoring, result.
//!
//! Scoring follows Kayenta's NetflixACAJudge:
//! - counted metrics: pass, high, low, and nodata when `must_have_data`; other nodata metrics,
//!   error metrics and muted metrics are left out;
//! - score = 100 · Σ weight(pass) / Σ weight(counted) (0 when nothing is counted);
//! - a `critical` metric that is high, low or nodata sets the score to 0, and so do nodata
//!   metrics making up half or more of the (unmuted) metrics;
//! - judgement: score >= `score.pass` → pass, >= `score.marginal` → marginal, else fail; the gate's
//!   verdict is its judgement (pass, warn, fail) — except that a metric in `error` (its data could
//!   not be judged) makes the verdict `error`: a canary is never passed on data nobody looked at.
//! - Multiple comparisons: the p-values of the gate's unmuted metrics are adjusted together with
//!   `correction` (default: the settings' correction, itself holm by default).

use indexmap::IndexMap;
use mlgate_core::report::{ArmQuantiles, Judgement, finite, number_value};
use mlgate_core::{CheckResult, Error, GateKind, GateReport, Inputs, Status};
use mlgate_stats::multiple::{Correction as StatsCorrection, adjust};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::judge::{CHART_QUANTILES, Classification, Measurement, MetricData, classify, measure};
use crate::sources::{self, SampleSet};

// ---- config ----------------------------------------------------------------------------------

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

/// A Prometheus query: `query_range` when `start` is set, an instant `query` otherwise.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LiveQuery {
    /// Base URL of the Prometheus server, e.g. http://127.0.0.1:9090.
    #[schemars(length(min = 1))]
    pub url: String,
    /// The PromQL query.
    #[schemars(length(min = 1))]
    pub query: String,
    /// Start of the range: RFC 3339, a unix timestamp, or relative to now (`-30m`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    /// End of the range, in the same forms as `start` (`now` by default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
    /// Resolution step of the range, a duration (`15s`) or seconds (default 15s).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<String>,
}

impl LiveQuery {
    /// The key under which the host hands the query's response over through `Inputs`.
    pub fn key(&self) -> String {
        let opt = |o: &Option<String>| o.clone().unwrap_or_default();
        format!(
            "prometheus:{}|{}|{}|{}|{}",
            self.url,
            self.query,
            opt(&self.start),
            opt(&self.end),
            opt(&self.step)
        )
    }
}

impl Source {
    /// How the source is named in messages.
    fn describe(&self) -> String {
        match self {
            Source::Path(p) => p.clone(),
            Source::Live(l) => format!("Prometheus query {:?} at {}", l.prometheus.query, l.prometheus.url),
        }
    }

    /// The key it is read under from `Inputs`.
    fn key(&self) -> String {
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

/// Multiple-comparison correction: `none`, `bonferroni`, `holm` or `bh` (Benjamini-Hochberg).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Correction {
    None,
    Bonferroni,
    #[default]
    Holm,
    Bh,
}

impl Correction {
    pub fn stats(self) -> StatsCorrection {
        match self {
            Correction::None => StatsCorrection::None,
            Correction::Bonferroni => StatsCorrection::Bonferroni,
            Correction::Holm => StatsCorrection::Holm,
            Correction::Bh => StatsCorrection::BenjaminiHochberg,
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

// ---- validation ------------------------------------------------------------------------------

/// A rule the schema cannot express, broken: where (JSON pointer relative to the gate) and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigProblem {
    pub pointer: String,
    pub message: String,
}

impl CanaryGateConfig {
    /// Every metric needs both arms' sources; score thresholds in order; test-specific keys only
    /// where they mean something.
    pub fn validate(&self) -> Vec<ConfigProblem> {
        let mut out = Vec::new();
        if self.score.marginal > self.score.pass {
            out.push(ConfigProblem {
                pointer: "/score/marginal".into(),
                message: format!(
                    "marginal {} is above pass {}; expected marginal <= pass",
                    self.score.marginal, self.score.pass
                ),
            });
        }
        for (name, m) in &self.metrics {
            let at = |field: &str| format!("/metrics/{}{field}", name.replace('~', "~0").replace('/', "~1"));
            for (arm, own, gate) in [
                ("baseline", &m.baseline, &self.baseline),
                ("canary", &m.canary, &self.canary),
            ] {
                if own.is_none() && gate.is_none() {
                    out.push(ConfigProblem {
                        pointer: at(""),
                        message: format!(
                            "metric {name:?} has no {arm} samples; expected `{arm}:` on the gate or on the metric"
                        ),
                    });
                }
            }
            if m.test != TestKind::Quantile && m.q.is_some() {
                out.push(ConfigProblem {
                    pointer: at("/q"),
                    message: "`q` only applies to test: quantile".into(),
                });
            }
            if m.test != TestKind::Proportion && (m.successes.is_some() || m.trials.is_some()) {
                out.push(ConfigProblem {
                    pointer: at(if m.successes.is_some() { "/successes" } else { "/trials" }),
                    message: "`successes` and `trials` only apply to test: proportion".into(),
                });
            }
            if m.test == TestKind::Proportion && (m.successes.is_some() != m.trials.is_some()) {
                out.push(ConfigProblem {
                    pointer: at(""),
                    message:
                        "test: proportion needs both `successes` and `trials`, or neither (0/1 values per request)"
                            .into(),
                });
            }
            if let (Some(inc), Some(dec)) = (m.allowed_increase, m.allowed_decrease)
                && dec > inc
            {
                out.push(ConfigProblem {
                    pointer: at("/allowed_decrease"),
                    message: format!(
                        "allowed_decrease {dec} is above allowed_increase {inc}; expected decrease <= increase"
                    ),
                });
            }
        }
        out
    }

    /// Every source this gate reads (files and live queries), in config order, without repeats.
    pub fn sources(&self) -> Vec<&Source> {
        let mut all: Vec<&Source> = Vec::new();
        let gate = [&self.baseline, &self.canary];
        let metrics = self.metrics.values().flat_map(|m| [&m.baseline, &m.canary]);
        for s in gate.into_iter().chain(metrics).flatten() {
            if !all.contains(&s) {
                all.push(s);
            }
        }
        all
    }
}

// ---- evaluation ------------------------------------------------------------------------------

/// An input error, with the config field that named the source (JSON pointer relative to the gate).
#[derive(Debug, Clone, PartialEq)]
pub struct SourceError {
    pub pointer: String,
    pub error: Error,
}

/// One metric, measured, before correction.
struct Measured<'a> {
    name: &'a str,
    config: &'a MetricConfig,
    measurement: Measurement,
}

impl CanaryGateConfig {
    /// Reads the samples, judges every metric and scores the gate. `default_correction` is the
    /// settings' correction, used when the gate sets none.
    pub fn evaluate(&self, inputs: &dyn Inputs, default_correction: Correction) -> Result<GateReport, SourceError> {
        let mut parsed: IndexMap<String, SampleSet> = IndexMap::new();
        let mut read = |source: &Source, pointer: String| -> Result<SampleSet, SourceError> {
            let key = source.key();
            if let Some(s) = parsed.get(&key) {
                return Ok(s.clone());
            }
            let bytes = inputs.read(&key).map_err(|e| SourceError {
                pointer: pointer.clone(),
                error: Error::input(source.describe(), format!("cannot read the samples: {e}")),
            })?;
            let samples = sources::parse(&source.describe(), &bytes).map_err(|error| SourceError { pointer, error })?;
            parsed.insert(key, samples.clone());
            Ok(samples)
        };

        let mut measured = Vec::new();
        for (name, config) in &self.metrics {
            let escaped = name.replace('~', "~0").replace('/', "~1");
            let mut arms = Vec::new();
            for (arm, own, gate) in [
                ("baseline", &config.baseline, &self.baseline),
                ("canary", &config.canary, &self.canary),
            ] {
                let (source, pointer, per_metric) = match (own, gate) {
                    (Some(s), _) => (s, format!("/metrics/{escaped}/{arm}"), true),
                    (None, Some(s)) => (s, format!("/{arm}"), false),
                    // validate() rejects configs without a source; keep the gate total anyway.
                    (None, None) => {
                        return Err(SourceError {
                            pointer: format!("/metrics/{escaped}"),
                            error: Error::input(name.as_str(), format!("no {arm} source")),
                        });
                    }
                };
                arms.push((read(source, pointer)?, per_metric, source.describe()));
            }
            let data = metric_data(name, config, &arms[0], &arms[1]);
            let measurement = match data {
                Ok(data) => measure(config, &data, self.sequential),
                Err(why) => Measurement::Error { why },
            };
            measured.push(Measured {
                name,
                config,
                measurement,
            });
        }
        Ok(self.judge(measured, self.correction.unwrap_or(default_correction)))
    }

    /// Correction, classification and scoring.
    fn judge(&self, measured: Vec<Measured<'_>>, correction: Correction) -> GateReport {
        // Adjust the p-values of the unmuted metrics together.
        let family: Vec<(usize, f64)> = measured
            .iter()
            .enumerate()
            .filter(|(_, m)| !m.config.muted)
            .filter_map(|(i, m)| p_value(&m.measurement).map(|p| (i, p)))
            .collect();
        let raw: Vec<f64> = family.iter().map(|(_, p)| *p).collect();
        let adjusted_family = adjust(&raw, correction.stats()).unwrap_or(raw);
        let mut adjusted: Vec<Option<f64>> = measured.iter().map(|m| p_value(&m.measurement)).collect();
        for ((i, _), a) in family.iter().zip(adjusted_family) {
            adjusted[*i] = Some(a);
        }

        let corrected = correction != Correction::None;
        let mut checks = Vec::new();
        let mut classes = Vec::new();
        for (m, p_adj) in measured.iter().zip(&adjusted) {
            let (class, message) = classify(m.config, &m.measurement, *p_adj, corrected);
            classes.push(class);
            checks.push(self.result(m, class, *p_adj, message));
        }

        let score = self.score(&measured, &classes);
        let judgement = if score >= self.score.pass {
            Judgement::Pass
        } else if score >= self.score.marginal {
            Judgement::Marginal
        } else {
            Judgement::Fail
        };
        let verdict = if classes.contains(&Classification::Error) {
            Status::Error
        } else {
            match judgement {
                Judgement::Pass => Status::Pass,
                Judgement::Marginal => Status::Warn,
                Judgement::Fail => Status::Fail,
            }
        };
        GateReport {
            name: self.name.clone(),
            kind: GateKind::Canary,
            verdict,
            duration_ms: 0,
            score: Some(score),
            judgement: Some(judgement),
            checks,
        }
    }

    /// Kayenta's score (see the module documentation).
    fn score(&self, measured: &[Measured<'_>], classes: &[Classification]) -> f64 {
        let mut passed = 0.0;
        let mut counted = 0.0;
        let mut nodata = 0usize;
        let mut unmuted = 0usize;
        let mut critical_failure = false;
        for (m, class) in measured.iter().zip(classes) {
            if m.config.muted {
                continue;
            }
            unmuted += 1;
            let w = m.config.weight;
            match class {
                Classification::Pass => {
                    passed += w;
                    counted += w;
                }
                Classification::High | Classification::Low => {
                    counted += w;
                    critical_failure |= m.config.critical;
                }
                Classification::NoData => {
                    nodata += 1;
                    if m.config.must_have_data {
                        counted += w;
                    }
                    critical_failure |= m.config.critical;
                }
                Classification::Error => {}
            }
        }
        if critical_failure || (unmuted > 0 && 2 * nodata >= unmuted) || counted == 0.0 {
            return 0.0;
        }
        100.0 * passed / counted
    }

    /// The report entry of one metric.
    fn result(&self, m: &Measured<'_>, class: Classification, p_adjusted: Option<f64>, message: String) -> CheckResult {
        let c = m.config;
        let status = match class {
            Classification::Pass => Status::Pass,
            Classification::High | Classification::Low => Status::Fail,
            Classification::NoData if c.critical || c.must_have_data => Status::Fail,
            Classification::NoData => Status::Nodata,
            Classification::Error => Status::Error,
        };
        let mut expected = Map::new();
        let dir = match c.direction {
            Direction::Increase => "increase",
            Direction::Decrease => "decrease",
            Direction::Either => "either",
        };
        expected.insert("direction".into(), Value::from(dir));
        if c.test != TestKind::Proportion {
            expected.insert("tolerance".into(), number_value(c.tolerance));
        }
        expected.insert("confidence".into(), number_value(c.confidence));
        if let Some(a) = c.allowed_increase {
            expected.insert("allowed_increase".into(), number_value(a));
        }
        if let Some(a) = c.allowed_decrease {
            expected.insert("allowed_decrease".into(), number_value(a));
        }
        expected.insert("min_samples".into(), Value::from(c.min_samples));
        if c.critical {
            expected.insert("critical".into(), Value::from(true));
        }
        let mut check = CheckResult {
            id: format!("{}.{}", self.name, m.name),
            check: match c.test {
                TestKind::MannWhitney => "mann_whitney",
                TestKind::Quantile => "quantile",
                TestKind::Proportion => "proportion",
            }
            .into(),
            metric: Some(m.name.to_string()),
            status,
            classification: Some(class.as_str().into()),
            confidence: Some(c.confidence),
            expected: Some(expected),
            message: if c.muted {
                format!("{message} (muted: not scored)")
            } else {
                message
            },
            ..CheckResult::default()
        };
        let mut effect = Map::new();
        match &m.measurement {
            Measurement::NoData {
                n_baseline, n_canary, ..
            } => {
                check.n_baseline = Some(*n_baseline);
                check.n_canary = Some(*n_canary);
            }
            Measurement::Error { .. } => {}
            Measurement::Shift(s) => {
                check.check = s.test.into();
                check.n_baseline = Some(s.n_baseline);
                check.n_canary = Some(s.n_canary);
                check.statistic = s.statistic.and_then(finite);
                check.p_value = s.p_value;
                check.p_value_adjusted = p_adjusted.filter(|_| s.p_value.is_some());
                check.estimate = finite(s.estimate);
                if s.ci.iter().all(|x| x.is_finite()) {
                    check.ci = Some(s.ci);
                } else {
                    check
                        .message
                        .push_str("; the interval is unbounded: too few values for this confidence");
                }
                if let Some(r) = s.ratio {
                    effect.insert(s.ratio_name.into(), number_value(r));
                }
                check.quantiles = Some(ArmQuantiles {
                    q: CHART_QUANTILES.to_vec(),
                    baseline: s.quantiles[0].to_vec(),
                    canary: s.quantiles[1].to_vec(),
                });
            }
            Measurement::Rates(r) => {
                check.n_baseline = Some(r.baseline.1);
                check.n_canary = Some(r.canary.1);
                check.statistic = finite(r.statistic);
                check.p_value = Some(r.p_value);
                check.p_value_adjusted = p_adjusted;
                check.estimate = Some(r.rate_canary() - r.rate_baseline());
                effect.insert("method".into(), Value::from(r.method));
                effect.insert("rate_baseline".into(), number_value(r.rate_baseline()));
                effect.insert("rate_canary".into(), number_value(r.rate_canary()));
                if let Some(ratio) = r.rate_ratio() {
                    effect.insert("rate_ratio".into(), number_value(ratio));
                }
            }
        }
        if !effect.is_empty() {
            check.effect = Some(effect);
        }
        check
    }
}

fn p_value(m: &Measurement) -> Option<f64> {
    match m {
        Measurement::Shift(s) => s.p_value,
        Measurement::Rates(r) => Some(r.p_value),
        _ => None,
    }
}

/// One arm's source for a metric: its samples, whether it was declared on the metric itself,
/// and how it is named in messages.
type Arm = (SampleSet, bool, String);

/// The data of one metric from its two arms' samples. A metric missing from a source has an
/// empty sample (so it is nodata, as in Kayenta).
fn metric_data(name: &str, config: &MetricConfig, baseline: &Arm, canary: &Arm) -> Result<MetricData, String> {
    let column = |arm: &Arm, col: &str| arm.0.get(col, arm.1).unwrap_or_default();
    match (&config.successes, &config.trials) {
        (Some(events), Some(trials)) => {
            let count = |arm: &Arm| -> Result<(u64, u64), String> {
                let sum = |col: &str| -> Result<u64, String> {
                    let mut total = 0u64;
                    for x in column(arm, col).iter().filter(|x| !x.is_nan()) {
                        if *x < 0.0 || x.fract() != 0.0 || !x.is_finite() {
                            return Err(format!("{col} in {} holds {x}; expected whole counts", arm.2));
                        }
                        total += *x as u64;
                    }
                    Ok(total)
                };
                let (e, t) = (sum(events)?, sum(trials)?);
                if e > t {
                    return Err(format!("{events} ({e}) exceeds {trials} ({t}) in {}", arm.2));
                }
                Ok((e, t))
            };
            Ok(MetricData::Counts {
                baseline: count(baseline)?,
                canary: count(canary)?,
            })
        }
        _ => {
            let col = config.column.as_deref().unwrap_or(name);
            Ok(MetricData::Values {
                baseline: column(baseline, col),
                canary: column(canary, col),
            })
        }
    }
}

#[cfg(test)]
mod tests;
