//! Configs built from command-line flags, for one-off commands.

use indexmap::IndexMap;
use mlgate_canary::sources;
use mlgate_canary::{CanaryGateConfig, MetricConfig, Source};
use mlgate_core::{Error, Inputs};
use mlgate_metrics::{Direction, MetricsGateConfig, Threshold};

use crate::config::{Config, LoadedConfig, Settings};

/// Bounds given on the command line, as `(metric name, value)` pairs per flag.
#[derive(Debug, Clone, Default)]
pub struct MetricBounds {
    pub min: Vec<(String, f64)>,
    pub max: Vec<(String, f64)>,
    pub max_regression: Vec<(String, f64)>,
    pub max_regression_rel: Vec<(String, f64)>,
    /// Which way each named metric is better, where `--min`/`--max` do not say.
    pub direction: Vec<(String, Direction)>,
}

/// Per-example predictions named on the command line.
#[derive(Debug, Clone, Default)]
pub struct PredictionArgs {
    pub current: String,
    pub baseline: Option<String>,
    pub label: String,
    pub prediction: String,
    pub id_column: Option<String>,
}

/// The config behind `mlgate metrics compare`: one metrics gate named `metrics`, reading either a
/// metric file (`CURRENT [--baseline FILE]`) or predictions (`--predictions FILE ...`, every named
/// metric then computed). `--metric NAME` adds a metric without bounds (reported, present and finite).
pub fn metrics_compare(
    current: Option<&str>,
    baseline: Option<&str>,
    predictions: Option<PredictionArgs>,
    metrics: &[String],
    bounds: &MetricBounds,
) -> Result<LoadedConfig, Error> {
    let mut thresholds: IndexMap<String, Threshold> = IndexMap::new();
    /// A flag, its values, and the threshold field it sets.
    type Flag<'b> = (
        &'static str,
        &'b Vec<(String, f64)>,
        fn(&mut Threshold) -> &mut Option<f64>,
    );
    let flags: [Flag<'_>; 4] = [
        ("--min", &bounds.min, |t| &mut t.min),
        ("--max", &bounds.max, |t| &mut t.max),
        ("--max-regression", &bounds.max_regression, |t| &mut t.max_regression),
        ("--max-regression-rel", &bounds.max_regression_rel, |t| {
            &mut t.max_regression_rel
        }),
    ];
    for (flag, pairs, field) in flags {
        for (name, value) in pairs {
            if !value.is_finite() {
                return Err(Error::Usage(format!("{flag} {name}={value}: expected a finite number")));
            }
            if flag.starts_with("--max-regression") && *value < 0.0 {
                return Err(Error::Usage(format!("{flag} {name}={value}: expected a number >= 0")));
            }
            let slot = field(thresholds.entry(name.clone()).or_default());
            if slot.is_some() {
                return Err(Error::Usage(format!("{flag} {name} is given twice; expected it once")));
            }
            *slot = Some(*value);
        }
    }
    for (name, direction) in &bounds.direction {
        let Some(t) = thresholds.get_mut(name) else {
            return Err(Error::Usage(format!(
                "--direction {name}: no bound is given for {name}; expected a bound flag too"
            )));
        };
        t.direction = Some(*direction);
    }
    for name in metrics {
        thresholds.entry(name.clone()).or_default();
    }
    if thresholds.is_empty() {
        return Err(Error::Usage(
            "no metric named; expected --metric NAME or at least one --min, --max, --max-regression or --max-regression-rel"
                .into(),
        ));
    }
    let predictions = match predictions {
        Some(p) => {
            if current.is_some() {
                return Err(Error::Usage("give a metric file or --predictions, not both".into()));
            }
            for t in thresholds.values_mut() {
                t.source = Some(mlgate_metrics::gate::MetricSource::Predictions);
            }
            let mut config: mlgate_metrics::predictions::PredictionsConfig =
                serde_json::from_value(serde_json::json!({
                    "current": p.current, "label_column": p.label, "prediction_column": p.prediction
                }))
                .map_err(|e| Error::Usage(format!("internal: default predictions settings: {e}")))?;
            config.baseline = p.baseline;
            config.id_column = p.id_column;
            Some(config)
        }
        None if current.is_none() => {
            return Err(Error::Usage(
                "no metrics to read; expected a metric file (CURRENT) or --predictions FILE".into(),
            ));
        }
        None => None,
    };
    let gate = MetricsGateConfig {
        name: "metrics".into(),
        current: current.map(str::to_string),
        baseline: baseline.map(str::to_string),
        thresholds,
        predictions,
    };
    if let Some(problem) = gate.validate().into_iter().next() {
        let metric = problem
            .pointer
            .trim_start_matches("/thresholds/")
            .split('/')
            .next()
            .unwrap_or_default()
            .to_string();
        let message = problem
            .message
            .replace("`baseline:` under `predictions:`", "--baseline-predictions FILE")
            .replace("`baseline:` on the gate", "--baseline FILE")
            .replace(
                "`direction: higher` or `direction: lower`",
                &format!("--direction {metric}=higher or --direction {metric}=lower"),
            );
        return Err(Error::Usage(format!("metric {metric}: {message}")));
    }
    Ok(LoadedConfig::without_file(Config {
        version: 1,
        settings: Settings::default(),
        metrics: vec![gate],
        canary: vec![],
    }))
}

/// The config behind `mlgate canary compare --baseline FILE --canary FILE [--metric NAME]...`:
/// one canary gate named `canary`, every metric with the defaults (Mann-Whitney, either
/// direction, 98%). Without `--metric`, every metric present in both files is judged.
pub fn canary_compare(
    baseline: &str,
    canary: &str,
    metrics: &[String],
    inputs: &dyn Inputs,
) -> Result<LoadedConfig, Error> {
    let names: Vec<String> = if metrics.is_empty() {
        let columns = |path: &str| -> Result<Vec<String>, Error> {
            let bytes = inputs
                .read(path)
                .map_err(|e| Error::input(path, format!("cannot read the samples: {e}")))?;
            Ok(sources::parse(path, &bytes)?.columns.keys().cloned().collect())
        };
        let in_canary = columns(canary)?;
        let both: Vec<String> = columns(baseline)?
            .into_iter()
            .filter(|m| !m.is_empty() && in_canary.contains(m))
            .collect();
        if both.is_empty() {
            return Err(Error::Usage(format!(
                "{baseline} and {canary} have no metric in common; expected the same column names, or --metric NAME"
            )));
        }
        both
    } else {
        metrics.to_vec()
    };
    let default_metric: MetricConfig = serde_json::from_value(serde_json::json!({}))
        .map_err(|e| Error::Usage(format!("internal: default metric settings: {e}")))?;
    let gate = CanaryGateConfig {
        name: "canary".into(),
        baseline: Some(Source::Path(baseline.to_string())),
        canary: Some(Source::Path(canary.to_string())),
        score: Default::default(),
        correction: None,
        sequential: false,
        metrics: names.into_iter().map(|n| (n, default_metric.clone())).collect(),
    };
    Ok(LoadedConfig::without_file(Config {
        version: 1,
        settings: Settings::default(),
        metrics: vec![],
        canary: vec![gate],
    }))
}
