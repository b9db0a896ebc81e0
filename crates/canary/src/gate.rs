//! The canary gate, top to bottom: what it reads, how it judges each metric and scores the
//! gate, and its result (its config is `config.rs`).
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
use mlgate_core::names::{did_you_mean, quoted_list};
use mlgate_core::report::{ArmQuantiles, Judgement, finite, number_value};
use mlgate_core::yaml::PositionIndex;
use mlgate_core::{
    CheckResult, ConfigProblem, Correction, DeclaredInput, Error, FileRef, Gate, GateKind, GateReport, Input, Inputs,
    Settings, SourceError, Status,
};
use mlgate_stats::multiple::adjust;
use serde_json::{Map, Value};

use crate::config::{CanaryGateConfig, Direction, MetricConfig, Source, TestKind};
use crate::judge::{CHART_QUANTILES, Classification, Measurement, MetricData, classify, measure};
use crate::sources::{self, SampleSet};

impl Gate for CanaryGateConfig {
    fn name(&self) -> &str {
        &self.name
    }

    fn kind(&self) -> GateKind {
        GateKind::Canary
    }

    fn validate(&self) -> Vec<ConfigProblem> {
        CanaryGateConfig::validate(self)
    }

    /// The gate's two arms, then each metric's own, in config order (repeats included: the
    /// host reads each once).
    fn inputs(&self) -> Vec<DeclaredInput> {
        let gate = [
            ("/baseline".to_string(), &self.baseline),
            ("/canary".to_string(), &self.canary),
        ];
        let metrics = self.metrics.iter().flat_map(|(name, m)| {
            let at = PositionIndex::child("/metrics", name);
            [
                (format!("{at}/baseline"), &m.baseline),
                (format!("{at}/canary"), &m.canary),
            ]
        });
        (gate.into_iter().chain(metrics))
            .filter_map(|(pointer, source)| {
                let input = match source.as_ref()? {
                    Source::Path(p) => Input::File(FileRef::Path(p.clone())),
                    Source::Live(l) => Input::Live(l.prometheus.clone()),
                };
                Some(DeclaredInput { pointer, input })
            })
            .collect()
    }

    /// Reads the samples, judges every metric and scores the gate. The gate's `correction`, else
    /// the settings', adjusts the metrics' p-values together.
    fn evaluate(&self, inputs: &dyn Inputs, settings: &Settings) -> Result<GateReport, SourceError> {
        let measured = self.measure(inputs)?;
        Ok(self.judge(measured, self.correction.unwrap_or(settings.correction)))
    }
}

// ---- evaluation ------------------------------------------------------------------------------

/// One metric, measured, before correction.
struct Measured<'a> {
    name: &'a str,
    config: &'a MetricConfig,
    measurement: Measurement,
}

impl CanaryGateConfig {
    /// Reads the samples and measures every metric, in config order.
    fn measure<'g>(&'g self, inputs: &dyn Inputs) -> Result<Vec<Measured<'g>>, SourceError> {
        let mut parsed: IndexMap<String, SampleSet> = IndexMap::new();
        let mut read = |source: &Source, pointer: String| -> Result<SampleSet, SourceError> {
            let key = source.key();
            if let Some(s) = parsed.get(&key) {
                return Ok(s.clone());
            }
            let bytes = inputs.read(&key).map_err(|e| {
                SourceError::at(
                    pointer.clone(),
                    Error::input(source.describe(), format!("cannot read the samples: {e}")),
                )
            })?;
            let samples =
                sources::parse(&source.describe(), &bytes).map_err(|error| SourceError::at(pointer, error))?;
            parsed.insert(key, samples.clone());
            Ok(samples)
        };

        let mut measured = Vec::new();
        for (name, config) in &self.metrics {
            let entry = PositionIndex::child("/metrics", name);
            let mut arms = Vec::new();
            for (arm, own, gate) in [
                ("baseline", &config.baseline, &self.baseline),
                ("canary", &config.canary, &self.canary),
            ] {
                let (source, pointer, per_metric) = match (own, gate) {
                    (Some(s), _) => (s, format!("{entry}/{arm}"), true),
                    (None, Some(s)) => (s, format!("/{arm}"), false),
                    // validate() rejects configs without a source; keep the gate total anyway.
                    (None, None) => {
                        return Err(SourceError::at(
                            entry,
                            Error::input(name.as_str(), format!("no {arm} source")),
                        ));
                    }
                };
                arms.push((read(source, pointer)?, per_metric, source.describe()));
            }
            let measurement = match metric_data(name, config, &arms[0], &arms[1]) {
                Ok(data) => measure(config, &data, self.sequential),
                Err(NotMeasured::Missing(why)) => Measurement::Missing { why },
                Err(NotMeasured::Error(why)) => Measurement::Error { why },
            };
            measured.push(Measured {
                name,
                config,
                measurement,
            });
        }
        Ok(measured)
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
        } else if classes.contains(&Classification::Missing) {
            Status::Fail
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
            score_thresholds: Some(mlgate_core::report::ScoreThresholds {
                pass: self.score.pass,
                marginal: self.score.marginal,
            }),
            confusion: None,
            sources: Vec::new(),
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
                Classification::Missing | Classification::Error => {}
            }
        }
        if critical_failure || (unmuted > 0 && 2 * nodata >= unmuted) || counted == 0.0 {
            return 0.0;
        }
        100.0 * passed / counted
    }

    /// The report entry of one metric.
    ///
    /// Long on purpose: one report field after another, in the report's order, so each can be checked against the schema.
    #[allow(
        clippy::too_many_lines,
        reason = "one report field after another, in the report's order, so each can be checked against the schema"
    )]
    fn result(&self, m: &Measured<'_>, class: Classification, p_adjusted: Option<f64>, message: String) -> CheckResult {
        let c = m.config;
        let status = match class {
            Classification::Pass => Status::Pass,
            Classification::High | Classification::Low => Status::Fail,
            Classification::NoData if c.critical || c.must_have_data => Status::Fail,
            Classification::NoData => Status::Nodata,
            Classification::Missing => Status::Fail,
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
            pointer: Some(PositionIndex::child("/metrics", m.name)),
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
            Measurement::Error { .. } | Measurement::Missing { .. } => {}
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

/// Why a metric could not be measured: a column missing from a file, or data that is wrong.
enum NotMeasured {
    Missing(String),
    Error(String),
}

/// The data of one metric from its two arms' samples. A series missing from a Prometheus answer
/// is an empty sample (nodata, as in Kayenta: the query found nothing); a column missing from a
/// file of columns (CSV, JSON, Parquet) is an error naming the file and its columns — a typo in
/// the config, not a canary without data ([`Measurement::Missing`]). Counts that are not whole
/// are an error.
fn metric_data(name: &str, config: &MetricConfig, baseline: &Arm, canary: &Arm) -> Result<MetricData, NotMeasured> {
    let column = |arm: &Arm, col: &str| -> Result<Vec<f64>, NotMeasured> {
        match arm.0.get(col, arm.1) {
            Some(values) => Ok(values),
            None if arm.0.prometheus => Ok(Vec::new()),
            None => {
                let names: Vec<&str> = arm.0.columns.keys().map(String::as_str).collect();
                let there = match names.is_empty() {
                    true => "the file has no columns".to_string(),
                    false => format!("the columns are {}", quoted_list(names.iter().copied())),
                };
                let why = format!(
                    "no column {col:?} in {}{}; {there}",
                    arm.2,
                    did_you_mean(col, names.iter().copied())
                );
                Err(NotMeasured::Missing(why))
            }
        }
    };
    match (&config.successes, &config.trials) {
        (Some(events), Some(trials)) => {
            let error = NotMeasured::Error;
            let count = |arm: &Arm| -> Result<(u64, u64), NotMeasured> {
                let sum = |col: &str| -> Result<u64, NotMeasured> {
                    let mut total = 0u64;
                    for x in column(arm, col)?.iter().filter(|x| !x.is_nan()) {
                        if *x < 0.0 || x.fract() != 0.0 || !x.is_finite() {
                            return Err(error(format!("{col} in {} holds {x}; expected whole counts", arm.2)));
                        }
                        total += *x as u64;
                    }
                    Ok(total)
                };
                let (e, t) = (sum(events)?, sum(trials)?);
                if e > t {
                    return Err(error(format!("{events} ({e}) exceeds {trials} ({t}) in {}", arm.2)));
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
                baseline: column(baseline, col)?,
                canary: column(canary, col)?,
            })
        }
    }
}

#[cfg(test)]
mod tests;
