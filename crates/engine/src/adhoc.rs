//! Configs built from command-line flags, for one-off commands.

use indexmap::IndexMap;
use mlgate_canary::sources;
use mlgate_canary::{CanaryGateConfig, MetricConfig, Source};
use mlgate_core::{Error, FileRef, Inputs, Settings};
use mlgate_data::config::{DataGateConfig, DriftConfig, Range, TableChecks};
use mlgate_metrics::files::MetricFile;
use mlgate_metrics::{MetricsGateConfig, Threshold};

use crate::config::{Config, LoadedConfig};
use crate::load;

/// The choices of ad-hoc flags, named as the gates name them.
pub use mlgate_data::config::DriftMethod;
pub use mlgate_metrics::Direction;

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

impl MetricBounds {
    /// No bound of any kind was given.
    pub fn is_empty(&self) -> bool {
        self.min.is_empty()
            && self.max.is_empty()
            && self.max_regression.is_empty()
            && self.max_regression_rel.is_empty()
            && self.direction.is_empty()
    }
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
/// metric then computed). `--metric NAME` adds a metric without bounds (reported, present and
/// finite); with a metric file and no metric named at all, every metric of the file is.
///
/// Long on purpose: every flag of `mlgate metrics compare` turned into the gate, with its usage errors.
#[allow(
    clippy::too_many_lines,
    reason = "every flag of `mlgate metrics compare` turned into the gate, with its usage errors"
)]
pub fn metrics_compare(
    current: Option<&str>,
    baseline: Option<&str>,
    predictions: Option<PredictionArgs>,
    metrics: &[String],
    bounds: &MetricBounds,
    inputs: &dyn Inputs,
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
    // A metric file and nothing named: every metric of the file, without bounds — the diff
    // against the baseline, as a table.
    if let (true, Some(file), None) = (thresholds.is_empty(), current, &predictions) {
        for name in MetricFile::load(file, inputs)?.names() {
            thresholds.entry(name).or_default();
        }
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
                t.source = Some(mlgate_metrics::config::MetricSource::Predictions);
            }
            let mut config: mlgate_metrics::config::PredictionsConfig = serde_json::from_value(serde_json::json!({
                "current": p.current, "label_column": p.label, "prediction_column": p.prediction
            }))
            .map_err(|e| Error::Usage(format!("internal: default predictions settings: {e}")))?;
            config.baseline = p.baseline.map(FileRef::Path);
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
        current: current.map(|c| FileRef::Path(c.to_string())),
        baseline: baseline.map(|b| FileRef::Path(b.to_string())),
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
        data: Vec::new(),
        version: 1,
        settings: Settings::default(),
        metrics: vec![gate],
        canary: vec![],
    }))
}

/// The config behind `mlgate canary compare --baseline FILE --canary FILE [--metric NAME]...`:
/// one canary gate named `canary`, every metric with the defaults (Mann-Whitney, either
/// direction, 98%). Without `--metric`, every metric present in both files is judged. Two
/// Prometheus responses with one `--metric` give all their series to it, named or not (a
/// computed query such as `sum(rate(...))` has no `__name__`).
/// How `mlgate canary compare` judges its metrics, when not with the defaults: the config's own
/// keys (`test`, `q`, `successes`, `trials`, `direction`), as written there.
#[derive(Debug, Clone, Default)]
pub struct CanaryOptions {
    pub test: Option<String>,
    pub q: Option<f64>,
    pub successes: Option<String>,
    pub trials: Option<String>,
    pub direction: Option<String>,
}

pub fn canary_compare(
    baseline: &str,
    canary: &str,
    metrics: &[String],
    options: &CanaryOptions,
    inputs: &dyn Inputs,
) -> Result<LoadedConfig, Error> {
    let parse = |path: &str| -> Result<sources::SampleSet, Error> {
        let bytes = inputs
            .read(path)
            .map_err(|e| Error::input(path, format!("cannot read the samples: {e}")))?;
        sources::parse(path, &bytes)
    };
    let (base_set, canary_set) = (parse(baseline)?, parse(canary)?);
    let both_prometheus = base_set.prometheus && canary_set.prometheus;
    let proportion = options.successes.is_some() || options.trials.is_some();
    let names: Vec<String> = if metrics.is_empty() && proportion {
        // An error rate is named after its events.
        vec![format!("{}_rate", options.successes.as_deref().unwrap_or("event"))]
    } else if metrics.is_empty() {
        let both: Vec<String> = base_set
            .columns
            .keys()
            .filter(|m| !m.is_empty() && canary_set.columns.contains_key(*m))
            .cloned()
            .collect();
        if both.is_empty() {
            let hint = match both_prometheus {
                true => {
                    ": their series share no `__name__` (a computed query has none); name the metric with --metric NAME"
                }
                false => "; expected the same column names, or --metric NAME",
            };
            return Err(Error::Usage(format!(
                "{baseline} and {canary} have no metric in common{hint}"
            )));
        }
        both
    } else {
        metrics.to_vec()
    };
    let mut default_metric = metric_settings(options)?;
    let (baseline, canary) = (Source::Path(baseline.to_string()), Source::Path(canary.to_string()));
    // Declared on the metric itself, a Prometheus response gives it every series.
    let per_metric = both_prometheus && names.len() == 1;
    if per_metric {
        default_metric.baseline = Some(baseline.clone());
        default_metric.canary = Some(canary.clone());
    }
    let gate = CanaryGateConfig {
        name: "canary".into(),
        baseline: (!per_metric).then_some(baseline),
        canary: (!per_metric).then_some(canary),
        score: Default::default(),
        correction: None,
        sequential: false,
        metrics: names.into_iter().map(|n| (n, default_metric.clone())).collect(),
    };
    if let Some(problem) = gate.validate().into_iter().next() {
        return Err(Error::Usage(problem.message));
    }
    Ok(LoadedConfig::without_file(Config {
        data: Vec::new(),
        version: 1,
        settings: Settings::default(),
        metrics: vec![],
        canary: vec![gate],
    }))
}

/// The metric settings `canary compare`'s flags give every metric, as the config's keys would.
fn metric_settings(options: &CanaryOptions) -> Result<MetricConfig, Error> {
    let mut settings = serde_json::Map::new();
    let flags = [
        ("test", options.test.clone().map(serde_json::Value::from)),
        ("q", options.q.map(serde_json::Value::from)),
        ("successes", options.successes.clone().map(serde_json::Value::from)),
        ("trials", options.trials.clone().map(serde_json::Value::from)),
        ("direction", options.direction.clone().map(serde_json::Value::from)),
    ];
    for (key, value) in flags {
        if let Some(value) = value {
            settings.insert(key.to_string(), value);
        }
    }
    if (options.successes.is_some() || options.trials.is_some()) && options.test.is_none() {
        settings.insert("test".into(), "proportion".into());
    }
    serde_json::from_value(serde_json::Value::Object(settings))
        .map_err(|e| Error::Usage(format!("--test, --q, --successes, --trials or --direction: {e}")))
}

/// The config behind `mlgate data validate FILE [--gate GATE]`: the data gates of `gate` (a
/// config file, as `mlgate data infer` writes) run on FILE. The gate file's other paths (JSON
/// Schema, drift reference) stay relative to the gate file's folder; FILE is as given. Without
/// a gate: FILE must be readable and have at least one row.
pub fn data_validate(file: &str, gate: Option<(&str, &str)>) -> Result<LoadedConfig, Error> {
    let Some((gate_file, text)) = gate else {
        let gate = DataGateConfig {
            table: Some(TableChecks {
                row_count: Some(Range {
                    min: Some(mlgate_core::Number::Int(1)),
                    max: None,
                }),
                ..TableChecks::default()
            }),
            ..bare_gate("data", file)
        };
        return Ok(LoadedConfig::without_file(Config {
            version: 1,
            settings: Settings::default(),
            data: vec![gate],
            metrics: Vec::new(),
            canary: Vec::new(),
        }));
    };
    let mut loaded = load(gate_file, text)?;
    if loaded.config.data.is_empty() {
        return Err(Error::Usage(format!(
            "--gate {gate_file}: the file declares no data gate; expected a `data:` entry (see `mlgate data infer`)"
        )));
    }
    let folder = std::path::Path::new(gate_file)
        .parent()
        .unwrap_or(std::path::Path::new(""));
    let beside = |p: &str| -> String {
        if std::path::Path::new(p).is_absolute() {
            p.to_string()
        } else {
            folder.join(p).to_string_lossy().replace('\\', "/")
        }
    };
    for gate in &mut loaded.config.data {
        gate.path = file.to_string();
        gate.format = None;
        if let Some(schema) = &mut gate.json_schema {
            *schema = beside(schema);
        }
        if let Some(drift) = &mut gate.drift {
            drift.reference = drift.reference.map_path(beside);
        }
    }
    loaded.config.metrics.clear();
    loaded.config.canary.clear();
    Ok(loaded)
}

/// The config behind `mlgate data drift CURRENT REFERENCE [--method M] [--columns C] [--threshold
/// T]`: every column present in both files (or the columns named), the share rule at its default.
pub fn data_drift(
    current: &str,
    reference: &str,
    method: DriftMethod,
    columns: Option<Vec<String>>,
    threshold: Option<f64>,
) -> Result<LoadedConfig, Error> {
    if let Some(t) = threshold.filter(|t| !(t.is_finite() && *t >= 0.0)) {
        return Err(Error::Usage(format!("--threshold {t}: expected a number >= 0")));
    }
    let drift = DriftConfig {
        columns,
        threshold,
        ..DriftConfig::against(FileRef::Path(reference.to_string()), method)
    };
    let gate = DataGateConfig {
        drift: Some(drift),
        ..bare_gate("drift", current)
    };
    Ok(LoadedConfig::without_file(Config {
        version: 1,
        settings: Settings::default(),
        data: vec![gate],
        metrics: Vec::new(),
        canary: Vec::new(),
    }))
}

/// `mlgate data infer FILE`: a config with one data gate that passes on FILE.
pub fn data_infer(file: &str, inputs: &dyn Inputs) -> Result<String, Error> {
    let bytes = inputs
        .read(file)
        .map_err(|e| Error::input(file, format!("cannot read the file: {e}")))?;
    let table = mlgate_data::read::table(file, &bytes, None, None, &[])?;
    let stem = std::path::Path::new(file)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name: String = stem
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '_' })
        .collect();
    let name = if name.is_empty() { "data".to_string() } else { name };
    Ok(mlgate_data::infer::infer(&name, file, &table))
}

fn bare_gate(name: &str, path: &str) -> DataGateConfig {
    DataGateConfig {
        name: name.into(),
        path: path.into(),
        format: None,
        csv: None,
        table: None,
        columns: Default::default(),
        json_schema: None,
        drift: None,
        samples: None,
    }
}
