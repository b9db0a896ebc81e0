//! Judging one canary metric, Kayenta's way plus what it lacks.
//!
//! 1. Prepare each arm: the `nan` strategy (remove, or replace with 0) applies to every
//!    non-finite value; `outliers: {strategy: remove, factor: f}` drops values outside
//!    [Q1 − f·IQR, Q3 + f·IQR] (quartiles of that arm, numpy's type-7 quantiles), as Kayenta's
//!    IQRDetector.
//! 2. An arm with fewer than `min_samples` values is `nodata`.
//! 3. Measure:
//!    - `mann_whitney`: two-sided Mann-Whitney p-value of canary against baseline, the
//!      Hodges-Lehmann shift canary − baseline and its interval at `confidence`; with
//!      `sequential: true` instead the mSPRT always-valid p-value, the mean difference and its
//!      confidence sequence;
//!    - `quantile`: difference of the q-quantiles, with a seeded percentile bootstrap interval;
//!    - `proportion`: canary rate − baseline rate; Fisher's exact test when an expected cell count
//!      is below 5 or an arm has no events, else the pooled two-proportion z-test.
//! 4. Classify (see [`classify`]).

use mlgate_core::report::format_rounded;
use mlgate_stats::Alternative;
use mlgate_stats::bootstrap::{self, Interval, Settings};
use mlgate_stats::contingency::{fisher_exact, two_proportion_z};
use mlgate_stats::hodges_lehmann::mann_whitney_with_shift;
use mlgate_stats::msprt::msprt_mean_difference;
use mlgate_stats::quantile::{quantile, quantile_sorted};

use crate::config::{Direction, MetricConfig, NanStrategy, OutlierStrategy, TestKind};

/// The data of one metric, after the sources were read.
#[derive(Debug, Clone, PartialEq)]
pub enum MetricData {
    /// Raw values per arm (NaN and outliers not yet handled).
    Values { baseline: Vec<f64>, canary: Vec<f64> },
    /// Events and trials per arm, for `test: proportion`.
    Counts { baseline: (u64, u64), canary: (u64, u64) },
}

/// What was measured, before correction and classification.
#[derive(Debug, Clone, PartialEq)]
pub enum Measurement {
    NoData {
        n_baseline: u64,
        n_canary: u64,
        why: String,
    },
    Error {
        why: String,
    },
    /// A column the metric names is not in an arm's file: the metric fails, and so does the
    /// gate, whatever its score (a misspelt column is not a canary without data).
    Missing {
        why: String,
    },
    Shift(Shift),
    Rates(Rates),
}

/// A location shift between the arms (Mann-Whitney/HL, mSPRT, or a quantile difference).
#[derive(Debug, Clone, PartialEq)]
pub struct Shift {
    /// `mann_whitney`, `msprt` or `quantile`.
    pub test: &'static str,
    pub n_baseline: u64,
    pub n_canary: u64,
    pub statistic: Option<f64>,
    pub p_value: Option<f64>,
    pub estimate: f64,
    pub ci: [f64; 2],
    /// Whether the test sees the canary as the larger one (decides zero-inflated cases).
    pub canary_higher: bool,
    /// Name and value of the ratio the effect-size filter reads (`mean_ratio`, `quantile_ratio`);
    /// None when the baseline's value is 0.
    pub ratio_name: &'static str,
    pub ratio: Option<f64>,
    /// p50, p90, p95 and p99 of each arm (after NaN and outlier handling), for the report's charts.
    pub quantiles: [[f64; 4]; 2],
}

/// The probabilities of [`Shift::quantiles`].
pub const CHART_QUANTILES: [f64; 4] = [0.5, 0.9, 0.95, 0.99];

fn chart_quantiles(v: &[f64]) -> [f64; 4] {
    let mut s = v.to_vec();
    s.sort_unstable_by(f64::total_cmp);
    CHART_QUANTILES.map(|q| quantile_sorted(&s, q))
}

/// Two event rates.
#[derive(Debug, Clone, PartialEq)]
pub struct Rates {
    /// `fisher` or `z`.
    pub method: &'static str,
    pub baseline: (u64, u64),
    pub canary: (u64, u64),
    pub statistic: f64,
    pub p_value: f64,
}

impl Rates {
    pub fn rate_baseline(&self) -> f64 {
        self.baseline.0 as f64 / self.baseline.1 as f64
    }
    pub fn rate_canary(&self) -> f64 {
        self.canary.0 as f64 / self.canary.1 as f64
    }
    /// Canary rate / baseline rate; None when the baseline rate is 0.
    pub fn rate_ratio(&self) -> Option<f64> {
        let b = self.rate_baseline();
        (b > 0.0).then(|| self.rate_canary() / b)
    }
}

/// NaN strategy and outlier removal on one arm.
pub fn prepare(values: &[f64], config: &MetricConfig) -> Vec<f64> {
    let mut v: Vec<f64> = match config.nan {
        NanStrategy::Remove => values.iter().copied().filter(|x| x.is_finite()).collect(),
        NanStrategy::Replace => values.iter().map(|x| if x.is_finite() { *x } else { 0.0 }).collect(),
    };
    if config.outliers.strategy == OutlierStrategy::Remove && v.len() >= 2 {
        let mut s = v.clone();
        s.sort_unstable_by(f64::total_cmp);
        let (q1, q3) = (quantile_sorted(&s, 0.25), quantile_sorted(&s, 0.75));
        let f = config.outliers.factor * (q3 - q1);
        v.retain(|x| *x >= q1 - f && *x <= q3 + f);
    }
    v
}

fn mean(v: &[f64]) -> f64 {
    v.iter().sum::<f64>() / v.len() as f64
}

/// Measures one metric.
///
/// Long on purpose: the three tests of step 3 of the module's rule, side by side in the order the prose gives them.
#[allow(
    clippy::too_many_lines,
    reason = "the three tests of step 3 of the module's rule, side by side in the order the prose gives them"
)]
pub fn measure(config: &MetricConfig, data: &MetricData, sequential: bool) -> Measurement {
    match data {
        MetricData::Counts { baseline, canary } => measure_rates(config, *baseline, *canary),
        MetricData::Values { baseline, canary } => {
            let (b, c) = (prepare(baseline, config), prepare(canary, config));
            let (nb, nc) = (b.len() as u64, c.len() as u64);
            if nb < config.min_samples || nc < config.min_samples {
                return Measurement::NoData {
                    n_baseline: nb,
                    n_canary: nc,
                    why: format!(
                        "{nb} baseline and {nc} canary values after NaN and outlier handling; min_samples is {}",
                        config.min_samples
                    ),
                };
            }
            let ratio = |num: f64, den: f64| (den != 0.0).then(|| num / den);
            let result = match config.test {
                TestKind::MannWhitney if sequential => msprt_mean_difference(&b, &c, 1.0 - config.confidence, None)
                    .map(|m| Shift {
                        test: "msprt",
                        n_baseline: nb,
                        n_canary: nc,
                        statistic: None,
                        p_value: Some(m.p_value),
                        estimate: m.estimate,
                        ci: m.ci,
                        canary_higher: m.estimate > 0.0,
                        ratio_name: "mean_ratio",
                        ratio: ratio(mean(&c), mean(&b)),
                        quantiles: [chart_quantiles(&b), chart_quantiles(&c)],
                    }),
                TestKind::Proportion => {
                    // 0/1 per request: count the events.
                    if let Some(bad) = b.iter().chain(&c).find(|x| **x != 0.0 && **x != 1.0) {
                        return Measurement::Error {
                            why: format!(
                                "a per-request value is {bad}; test: proportion expects 0/1 values, or `successes` and `trials` columns"
                            ),
                        };
                    }
                    let events = |v: &[f64]| v.iter().filter(|x| **x == 1.0).count() as u64;
                    return measure_rates(config, (events(&b), nb), (events(&c), nc));
                }
                TestKind::MannWhitney => mann_whitney_with_shift(&b, &c, config.confidence).map(|(test, hl)| Shift {
                    test: "mann_whitney",
                    n_baseline: nb,
                    n_canary: nc,
                    statistic: Some(test.statistic),
                    p_value: Some(test.p_value),
                    estimate: hl.estimate,
                    ci: hl.ci,
                    canary_higher: test.statistic > (nb * nc) as f64 / 2.0,
                    ratio_name: "mean_ratio",
                    ratio: ratio(mean(&c), mean(&b)),
                    quantiles: [chart_quantiles(&b), chart_quantiles(&c)],
                }),
                TestKind::Quantile => {
                    let q = config.q.unwrap_or(0.5);
                    let settings = Settings {
                        confidence: config.confidence,
                        resamples: config.resamples,
                        seed: config.seed,
                        interval: Interval::Percentile,
                        ..Settings::default()
                    };
                    let diff = |x: &[f64], y: &[f64]| match (quantile(y, q), quantile(x, q)) {
                        (Ok(a), Ok(b)) => a - b,
                        _ => f64::NAN,
                    };
                    bootstrap::bootstrap_two(&b, &c, diff, settings).and_then(|boot| {
                        let (qb, qc) = (quantile(&b, q)?, quantile(&c, q)?);
                        Ok(Shift {
                            test: "quantile",
                            n_baseline: nb,
                            n_canary: nc,
                            statistic: None,
                            p_value: None,
                            estimate: boot.estimate,
                            ci: boot.ci,
                            canary_higher: boot.estimate > 0.0,
                            ratio_name: "quantile_ratio",
                            ratio: ratio(qc, qb),
                            quantiles: [chart_quantiles(&b), chart_quantiles(&c)],
                        })
                    })
                }
            };
            match result {
                Ok(shift) => Measurement::Shift(shift),
                Err(e) => Measurement::Error {
                    why: format!("the statistics could not be computed: {e}"),
                },
            }
        }
    }
}

fn measure_rates(config: &MetricConfig, baseline: (u64, u64), canary: (u64, u64)) -> Measurement {
    let (nb, nc) = (baseline.1, canary.1);
    if nb < config.min_samples || nc < config.min_samples || nb == 0 || nc == 0 {
        return Measurement::NoData {
            n_baseline: nb,
            n_canary: nc,
            why: format!(
                "{nb} baseline and {nc} canary trials; min_samples is {}",
                config.min_samples
            ),
        };
    }
    let (xb, xc) = (baseline.0, canary.0);
    let total = (nb + nc) as f64;
    let events = (xb + xc) as f64;
    let expected_min = [nb as f64, nc as f64]
        .iter()
        .flat_map(|n| [n * events / total, n * (total - events) / total])
        .fold(f64::INFINITY, f64::min);
    let exact = expected_min < 5.0 || xb == 0 || xc == 0;
    let (method, statistic, p_value) = if exact {
        let t = fisher_exact([[xc, nc - xc], [xb, nb - xb]], Alternative::TwoSided);
        ("fisher", t.statistic, t.p_value)
    } else {
        match two_proportion_z(xc, nc, xb, nb, Alternative::TwoSided) {
            Ok(t) => ("z", t.statistic, t.p_value),
            Err(e) => return Measurement::Error { why: e.to_string() },
        }
    };
    Measurement::Rates(Rates {
        method,
        baseline,
        canary,
        statistic,
        p_value,
    })
}

/// Kayenta's classification of a metric.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Classification {
    Pass,
    High,
    Low,
    NoData,
    /// A column the metric names is missing from a sample file (see [`Measurement::Missing`]).
    Missing,
    Error,
}

impl Classification {
    pub fn as_str(self) -> &'static str {
        match self {
            Classification::Pass => "pass",
            Classification::High => "high",
            Classification::Low => "low",
            Classification::NoData => "nodata",
            Classification::Missing => "missing",
            Classification::Error => "error",
        }
    }
}

/// Classifies a measurement. `p_adjusted` is the p-value after the gate's correction;
/// `corrected` says whether a correction other than `none` is in force.
///
/// - Shifts: `high` when ci[0] > tolerance·|estimate|, `low` when ci[1] < −tolerance·|estimate|
///   (Kayenta's band); with a correction, also only when the adjusted p-value is below
///   1 − confidence. When the estimate is exactly 0 but the (adjusted) p-value is below
///   1 − confidence (zero-inflated data), the test's own direction decides.
/// - Rates: `high`/`low` when the (adjusted) p-value is below 1 − confidence, by which rate is larger.
/// - Then `direction` (increase: only high counts; decrease: only low) and the effect-size filter
///   (`allowed_increase` / `allowed_decrease` on the mean, quantile or rate ratio; skipped, and
///   said, when the baseline's value is 0) can turn high/low back into pass.
///
/// Returns the classification and the message.
///
/// Long on purpose: Kayenta's classification rules in the order the module documentation states them.
#[allow(
    clippy::too_many_lines,
    reason = "Kayenta's classification rules in the order the module documentation states them"
)]
pub fn classify(
    config: &MetricConfig,
    m: &Measurement,
    p_adjusted: Option<f64>,
    corrected: bool,
) -> (Classification, String) {
    let alpha = 1.0 - config.confidence;
    let significant = p_adjusted.is_some_and(|p| p < alpha);
    let p_text = |p: Option<f64>| match (p, p_adjusted) {
        (Some(p), Some(a)) if corrected => format!("p = {} (adjusted {})", format_rounded(p), format_rounded(a)),
        (Some(p), _) => format!("p = {}", format_rounded(p)),
        (None, _) => String::new(),
    };
    let (raw, ratio_name, ratio, mut message) = match m {
        Measurement::NoData { why, .. } => return (Classification::NoData, format!("no data: {why}")),
        Measurement::Error { why } => return (Classification::Error, why.clone()),
        Measurement::Missing { why } => return (Classification::Missing, why.clone()),
        Measurement::Shift(s) => {
            let band = config.tolerance * s.estimate.abs();
            let mut class = if s.ci[0] > band && (!corrected || significant || s.p_value.is_none()) {
                Classification::High
            } else if s.ci[1] < -band && (!corrected || significant || s.p_value.is_none()) {
                Classification::Low
            } else {
                Classification::Pass
            };
            let mut text = format!(
                "shift {} [{}, {}] at {}%, band ±{}",
                signed(s.estimate),
                format_rounded(s.ci[0]),
                format_rounded(s.ci[1]),
                format_rounded(100.0 * config.confidence),
                format_rounded(band)
            );
            if s.p_value.is_some() {
                text.push_str(&format!("; {}", p_text(s.p_value)));
            }
            if class == Classification::Pass && s.estimate == 0.0 && significant {
                class = if s.canary_higher {
                    Classification::High
                } else {
                    Classification::Low
                };
                text.push_str("; the shift estimate is 0 (most values are equal), but the test rejects");
            }
            (class, s.ratio_name, s.ratio, text)
        }
        Measurement::Rates(r) => {
            let (rb, rc) = (r.rate_baseline(), r.rate_canary());
            let class = if significant && rc > rb {
                Classification::High
            } else if significant && rc < rb {
                Classification::Low
            } else {
                Classification::Pass
            };
            let method = if r.method == "fisher" {
                "Fisher's exact test"
            } else {
                "two-proportion z-test"
            };
            let text = format!(
                "canary rate {} ({}/{}) vs baseline {} ({}/{}); {}, {}",
                format_rounded(rc),
                r.canary.0,
                r.canary.1,
                format_rounded(rb),
                r.baseline.0,
                r.baseline.1,
                method,
                p_text(Some(r.p_value))
            );
            (class, "rate_ratio", r.rate_ratio(), text)
        }
    };

    let class = match (raw, config.direction) {
        (Classification::High, Direction::Decrease) => {
            message.push_str("; canary higher, but direction: decrease flags only decreases");
            Classification::Pass
        }
        (Classification::Low, Direction::Increase) => {
            message.push_str("; canary lower, but direction: increase flags only increases");
            Classification::Pass
        }
        (c, _) => c,
    };
    let filter = match class {
        Classification::High => config.allowed_increase.map(|a| (a, true)),
        Classification::Low => config.allowed_decrease.map(|a| (a, false)),
        _ => None,
    };
    let class = match (filter, ratio) {
        (Some(_), None) => {
            message.push_str(&format!(
                "; the baseline's value is 0, so the {ratio_name} filter was skipped"
            ));
            class
        }
        (Some((allowed, true)), Some(r)) if r < allowed => {
            message.push_str(&format!(
                "; {ratio_name} {} is below allowed_increase {}, so it passes",
                format_rounded(r),
                format_rounded(allowed)
            ));
            Classification::Pass
        }
        (Some((allowed, false)), Some(r)) if r > allowed => {
            message.push_str(&format!(
                "; {ratio_name} {} is above allowed_decrease {}, so it passes",
                format_rounded(r),
                format_rounded(allowed)
            ));
            Classification::Pass
        }
        _ => class,
    };
    let verdict = match class {
        Classification::High => "canary higher: ",
        Classification::Low => "canary lower: ",
        _ => "",
    };
    (class, format!("{verdict}{message}"))
}

fn signed(x: f64) -> String {
    let s = format_rounded(x);
    if x > 0.0 { format!("+{s}") } else { s }
}
