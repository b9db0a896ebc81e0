//! `mlgate init`: a starting `mlgate.yaml` from the files of a repository. The host walks the
//! folder and hands each file over ([`Proposal::file`]); this module decides what each one is
//! and writes the config:
//!
//! - Metric files — .json objects named like `metrics`, `eval`, `scores` or `results`, or whose
//!   values are all numbers — and the latest MLflow run get a metrics gate each: every number
//!   becomes a threshold. Which way is better comes from the name (`direction_by_name`: loss,
//!   error, latency, ... lower; accuracy, f1, auc, ... higher) and is said in a comment; the
//!   bound sits 2% (higher) or 10% (lower) beyond today's value, so the file passes as it is.
//! - Predictions — a table with a label column (`y`, `label`, `target`, ...) and a prediction
//!   column (`score`, `prediction`, `proba`, ...) — get a metrics gate computing metrics from
//!   them (roc_auc and accuracy for scores of two classes, accuracy and f1 for classes, rmse and
//!   r2 for numbers), bounds beside today's values as above.
//! - Canary samples — tables named like `baseline` and `canary` in one folder (any table in a
//!   folder named `canary` is a sample) — get a canary gate judging every numeric column both
//!   have.
//! - Other datasets (.csv, .tsv, .parquet, .jsonl, .ndjson, and .json arrays) get a data gate
//!   each, inferred as `mlgate data infer` does (it passes on the file as it is).
//!
//! A metric or predictions file named like `main`, `baseline`, `champion`, `reference` or `prod`
//! beside another one in its folder becomes that one's baseline rather than a gate of its own.

use std::fmt::Write as _;

use mlgate_data::infer::{gate_entry, round_down, round_up, yaml_string};
use mlgate_data::read::Table;
use mlgate_metrics::config::{Direction, PredictionsConfig, direction_by_name};
use serde_json::Value;

/// Name parts that make a JSON object a metric file.
const METRIC_FILE_WORDS: &[&str] = &["metric", "eval", "score", "result"];

/// File stems that name what the others are compared with.
const BASELINE_STEMS: &[&str] = &["main", "baseline", "champion", "reference", "prod", "production"];

/// Column names of true labels, and of predictions, in a predictions table.
const LABEL_COLUMNS: &[&str] = &["y", "label", "target", "truth", "y_true", "actual"];
const PREDICTION_COLUMNS: &[&str] = &[
    "score",
    "prediction",
    "pred",
    "y_pred",
    "y_score",
    "proba",
    "probability",
];

/// The gates proposed so far: files classified as they come, written in [`Proposal::finish`]
/// (which pairs candidates with their baselines).
#[derive(Debug, Default)]
pub struct Proposal {
    names: Vec<String>,
    data: String,
    metrics: String,
    metric_files: Vec<(String, Vec<(String, f64)>)>,
    predictions: Vec<Predictions>,
    samples: Vec<(String, Vec<String>)>,
    /// The latest MLflow run and its metrics.
    mlflow: Option<(String, Vec<(String, f64)>)>,
    found: Vec<String>,
}

/// A predictions table: its columns and today's metrics.
#[derive(Debug)]
struct Predictions {
    rel: String,
    label: String,
    prediction: String,
    id: Option<String>,
    metrics: Vec<(String, f64)>,
}

impl Proposal {
    pub fn new() -> Proposal {
        Proposal::default()
    }

    /// One file (its path relative to the config's folder, and its bytes), classified (see the
    /// module documentation); anything else (or a file that does not read as what its name
    /// says) is left out, not an error: init only proposes.
    pub fn file(&mut self, rel: &str, bytes: &[u8]) {
        let lower = rel.to_ascii_lowercase();
        let ext = lower.rsplit_once('.').map(|(_, e)| e).unwrap_or_default();
        let is_data = matches!(ext, "csv" | "tsv" | "parquet" | "jsonl" | "ndjson");
        if ext == "json" {
            match serde_json::from_slice::<Value>(bytes) {
                Ok(Value::Array(_)) => {}
                Ok(value @ Value::Object(_)) if looks_like_metrics(rel, &value) => {
                    let numbers = numeric_leaves(&value);
                    if !numbers.is_empty() {
                        self.metric_files.push((rel.to_string(), numbers));
                    }
                    return;
                }
                _ => return,
            }
        } else if !is_data {
            return;
        }
        let Ok(table) = mlgate_data::read::table(rel, bytes, None, None, &[]) else {
            return;
        };
        if let Some(predictions) = predictions(rel, bytes, &table) {
            self.predictions.push(predictions);
        } else if is_samples(rel) {
            self.samples.push((rel.to_string(), numeric_columns(&table)));
        } else {
            let name = unique_name(stem(rel), &mut self.names);
            self.data.push_str(&gate_entry(&name, rel, &table));
            self.found.push(rel.to_string());
        }
    }

    /// The latest MLflow run (its folder relative to the config's) and its metric files, by
    /// name, as MLflow writes them (`timestamp value step` lines).
    pub fn mlflow_run(&mut self, run: &str, metric_files: &[(String, String)]) {
        let numbers: Vec<(String, f64)> = (metric_files.iter())
            .filter_map(|(name, text)| Some((name.clone(), last_value(text)?)))
            .collect();
        if numbers.is_empty() {
            return;
        }
        self.mlflow = Some((run.to_string(), numbers));
    }

    /// The config's text and what it was written from; `None` when nothing was found.
    pub fn finish(mut self) -> Option<(String, Vec<String>)> {
        self.write_metric_files();
        if let Some((run, numbers)) = self.mlflow.take() {
            let name = unique_name("mlflow".into(), &mut self.names);
            metrics_gate(&mut self.metrics, &name, &run, None, &numbers);
            self.found
                .push(format!("{run} ({} metrics, the latest MLflow run)", numbers.len()));
        }
        self.write_predictions();
        let canary = self.write_canary();
        if self.found.is_empty() {
            return None;
        }
        let mut text = String::from(
            "# yaml-language-server: $schema=https://raw.githubusercontent.com/mlgate/mlgate/main/schemas/mlgate.schema.json\n\
             # Written by `mlgate init`: a starting point that passes on the files as they are now.\n\
             # Tighten the bounds to what the model and the data must keep. Run it with `mlgate check`.\n\
             version: 1\n",
        );
        for (section, gates) in [("data", &self.data), ("metrics", &self.metrics), ("canary", &canary)] {
            if !gates.is_empty() {
                let _ = write!(text, "\n{section}:\n{gates}");
            }
        }
        Some((text, self.found))
    }

    fn write_metric_files(&mut self) {
        let files = std::mem::take(&mut self.metric_files);
        let rels: Vec<&str> = files.iter().map(|(rel, _)| rel.as_str()).collect();
        for (rel, numbers) in &files {
            if baseline_of(rel, &rels).is_some() {
                continue;
            }
            let baseline = baselines_beside(rel, &rels);
            let name = unique_name(stem(rel), &mut self.names);
            metrics_gate(&mut self.metrics, &name, rel, baseline, numbers);
            let against = baseline.map(|b| format!(" against {b}")).unwrap_or_default();
            self.found.push(format!("{rel} ({} metrics{against})", numbers.len()));
        }
    }

    fn write_predictions(&mut self) {
        let all = std::mem::take(&mut self.predictions);
        let rels: Vec<&str> = all.iter().map(|p| p.rel.as_str()).collect();
        for p in &all {
            if baseline_of(&p.rel, &rels).is_some() || p.metrics.is_empty() {
                continue;
            }
            let baseline = baselines_beside(&p.rel, &rels);
            let name = unique_name(format!("{}_predictions", stem(&p.rel)), &mut self.names);
            let out = &mut self.metrics;
            let _ = writeln!(out, "  - name: {}", yaml_string(&name));
            let _ = writeln!(out, "    predictions:");
            let _ = writeln!(out, "      current: {}", yaml_string(&p.rel));
            if let Some(b) = baseline {
                let _ = writeln!(out, "      baseline: {}", yaml_string(b));
            }
            if let Some(id) = &p.id {
                let _ = writeln!(out, "      id_column: {}", yaml_string(id));
            }
            let _ = writeln!(out, "      label_column: {}", yaml_string(&p.label));
            let _ = writeln!(out, "      prediction_column: {}", yaml_string(&p.prediction));
            let _ = writeln!(out, "    thresholds:");
            for (metric, value) in &p.metrics {
                let _ = writeln!(out, "      {}", threshold_line(metric, *value, "source: predictions, "));
            }
            let against = baseline.map(|b| format!(" against {b}")).unwrap_or_default();
            self.found
                .push(format!("{} (predictions: {} metrics{against})", p.rel, p.metrics.len()));
        }
    }

    /// One canary gate per folder holding a `baseline` and a `canary` table.
    fn write_canary(&mut self) -> String {
        let mut out = String::new();
        let named = |word: &str| {
            (self.samples.iter())
                .filter(|(rel, _)| stem(rel).to_ascii_lowercase().contains(word))
                .collect::<Vec<_>>()
        };
        let canaries = named("canary");
        for (base_rel, base_cols) in named("baseline") {
            let Some((canary_rel, canary_cols)) = canaries.iter().find(|(rel, _)| folder(rel) == folder(base_rel))
            else {
                continue;
            };
            let shared: Vec<&String> = base_cols.iter().filter(|c| canary_cols.contains(c)).collect();
            // Counts of errors and of requests make an error rate (one proportion test), not two
            // distributions to compare.
            let named = |words: &[&str]| {
                shared
                    .iter()
                    .find(|c| words.contains(&c.to_ascii_lowercase().as_str()))
                    .copied()
            };
            let rate =
                named(&["errors", "failures", "error_count"]).zip(named(&["requests", "trials", "total", "calls"]));
            let metrics: Vec<&String> = shared
                .iter()
                .copied()
                .filter(|c| rate.is_none_or(|(e, t)| *c != e && *c != t))
                .collect();
            if metrics.is_empty() && rate.is_none() {
                continue;
            }
            let base = stem(folder(base_rel));
            let name = if folder(base_rel).is_empty() || base.contains("canary") {
                "canary".to_string()
            } else {
                format!("canary_{base}")
            };
            let name = unique_name(name, &mut self.names);
            let _ = writeln!(out, "  - name: {}", yaml_string(&name));
            let _ = writeln!(out, "    baseline: {}", yaml_string(base_rel));
            let _ = writeln!(out, "    canary: {}", yaml_string(canary_rel));
            let _ = writeln!(
                out,
                "    metrics:   # Mann-Whitney with a Hodges-Lehmann interval; say which way is bad:"
            );
            for metric in &metrics {
                let _ = writeln!(
                    out,
                    "      {}: {{}}   # direction: increase | decrease | either (default)",
                    yaml_string(metric)
                );
            }
            if let Some((errors, requests)) = rate {
                let _ = writeln!(
                    out,
                    "      error_rate: {{ test: proportion, successes: {}, trials: {}, direction: increase }}",
                    yaml_string(errors),
                    yaml_string(requests)
                );
            }
            let count = metrics.len() + usize::from(rate.is_some());
            self.found
                .push(format!("{base_rel} and {canary_rel} (canary samples: {count} metrics)"));
        }
        out
    }
}

/// Whether a JSON object is a metric file: named like one (or in a folder named like one), or
/// holding numbers only (at any depth).
fn looks_like_metrics(rel: &str, value: &Value) -> bool {
    fn numbers_only(v: &Value) -> bool {
        match v {
            Value::Number(_) => true,
            Value::Object(o) => !o.is_empty() && o.values().all(numbers_only),
            _ => false,
        }
    }
    let lower = rel.to_ascii_lowercase();
    METRIC_FILE_WORDS.iter().any(|w| lower.contains(w)) || numbers_only(value)
}

/// A table under a folder named `canary`, or named like `baseline` or `canary`.
fn is_samples(rel: &str) -> bool {
    let lower = rel.to_ascii_lowercase();
    let in_canary_folder = lower.split('/').rev().skip(1).any(|part| part == "canary");
    let s = stem(&lower);
    in_canary_folder || s.contains("canary") || s.contains("baseline")
}

/// The numeric columns of a table.
fn numeric_columns(table: &Table) -> Vec<String> {
    (table.frame.columns().iter())
        .filter(|c| c.dtype().is_primitive_numeric())
        .map(|c| c.name().to_string())
        .collect()
}

/// A predictions table: a label and a prediction column (by name), and the metrics computed
/// from them today.
fn predictions(rel: &str, bytes: &[u8], table: &Table) -> Option<Predictions> {
    let names: Vec<String> = table.frame.get_column_names().iter().map(ToString::to_string).collect();
    let find = |candidates: &[&str]| {
        (candidates.iter()).find_map(|c| names.iter().find(|n| n.eq_ignore_ascii_case(c)).cloned())
    };
    let (label, prediction) = (find(LABEL_COLUMNS)?, find(PREDICTION_COLUMNS)?);
    let id = find(&["id", "example_id", "row_id"]);
    let config: PredictionsConfig = serde_json::from_value(serde_json::json!({
        "current": rel, "label_column": label, "prediction_column": prediction, "id_column": id,
    }))
    .ok()?;
    let parsed = mlgate_metrics::predictions::read_table(rel, bytes, &config).ok()?;
    let classes = {
        let mut labels = parsed.labels.text.clone();
        labels.sort_unstable();
        labels.dedup();
        labels.len()
    };
    let fractional = (parsed.predictions.numbers.as_ref())
        .is_some_and(|v| v.iter().all(|x| (0.0..=1.0).contains(x)) && v.iter().any(|x| x.fract() != 0.0));
    let candidates: &[&str] = match (classes, fractional) {
        (2, true) => &["roc_auc", "accuracy"],
        (c, _) if c <= 20 => &["accuracy", "f1"],
        _ => &["rmse", "r2"],
    };
    let all: Vec<usize> = (0..parsed.labels.text.len()).collect();
    let metrics = (candidates.iter())
        .filter_map(|m| {
            let data = mlgate_metrics::predictions::data_for(m, &parsed, &config).ok()?;
            let value = data.metric(m, &all);
            value.is_finite().then(|| (m.to_string(), value))
        })
        .collect();
    Some(Predictions {
        rel: rel.to_string(),
        label,
        prediction,
        id,
        metrics,
    })
}

/// The folder of a relative path (`""` at the top).
fn folder(rel: &str) -> &str {
    rel.rsplit_once('/').map_or("", |(dir, _)| dir)
}

/// Whether `rel` is a baseline beside another of `all` in its folder: then that other file.
fn baseline_of<'a>(rel: &str, all: &[&'a str]) -> Option<&'a str> {
    let beside = |other: &&&str| **other != rel && folder(other) == folder(rel) && !named_baseline(other);
    named_baseline(rel).then(|| all.iter().find(beside)).flatten().copied()
}

/// The baseline beside `rel` in its folder, when there is one.
fn baselines_beside<'a>(rel: &str, all: &[&'a str]) -> Option<&'a str> {
    (all.iter())
        .find(|other| **other != rel && folder(other) == folder(rel) && named_baseline(other))
        .copied()
}

/// Whether a file is named like a baseline (`main.json`, `champion.csv`).
fn named_baseline(rel: &str) -> bool {
    BASELINE_STEMS.contains(&stem(rel).to_ascii_lowercase().as_str())
}

/// The last value of an MLflow metric file: the highest step wins, then the latest timestamp
/// (as the metrics gate reads it); `None` when it has no finite value.
fn last_value(text: &str) -> Option<f64> {
    text.lines()
        .filter_map(|l| {
            let mut parts = l.split_whitespace();
            let ts: f64 = parts.next()?.parse().ok()?;
            let value: f64 = parts.next()?.parse().ok()?;
            let step: f64 = parts.next().and_then(|s| s.parse().ok()).unwrap_or(0.0);
            Some((step, ts, value))
        })
        .max_by(|a, b| (a.0, a.1).partial_cmp(&(b.0, b.1)).unwrap_or(std::cmp::Ordering::Equal))
        .map(|(_, _, value)| value)
        .filter(|x| x.is_finite())
}

fn stem(rel: &str) -> String {
    let file = rel.rsplit('/').next().unwrap_or(rel);
    let stem = file.split_once('.').map_or(file, |(s, _)| s);
    let clean: String = stem
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '_' })
        .collect();
    if clean.is_empty() { "gate".into() } else { clean }
}

fn unique_name(base: String, taken: &mut Vec<String>) -> String {
    let mut name = base.clone();
    let mut n = 2;
    while taken.contains(&name) {
        name = format!("{base}_{n}");
        n += 1;
    }
    taken.push(name.clone());
    name
}

/// Numbers in a JSON tree, by dotted path (a key holding a dot is quoted, as thresholds say).
fn numeric_leaves(value: &Value) -> Vec<(String, f64)> {
    fn walk(v: &Value, prefix: &str, out: &mut Vec<(String, f64)>) {
        match v {
            Value::Object(map) => {
                for (k, child) in map {
                    let key = if k.contains('.') { format!("\"{k}\"") } else { k.clone() };
                    let path = if prefix.is_empty() {
                        key
                    } else {
                        format!("{prefix}.{key}")
                    };
                    walk(child, &path, out);
                }
            }
            Value::Number(n) => {
                if let Some(x) = n.as_f64().filter(|x| x.is_finite()) {
                    out.push((prefix.to_string(), x));
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(value, "", &mut out);
    out
}

fn metrics_gate(out: &mut String, name: &str, current: &str, baseline: Option<&str>, numbers: &[(String, f64)]) {
    let _ = writeln!(out, "  - name: {}", yaml_string(name));
    let _ = writeln!(out, "    current: {}", yaml_string(current));
    if let Some(b) = baseline {
        let _ = writeln!(out, "    baseline: {}", yaml_string(b));
    }
    let _ = writeln!(out, "    thresholds:");
    for (metric, value) in numbers {
        let _ = writeln!(out, "      {}", threshold_line(metric, *value, ""));
    }
}

/// A threshold 2% (higher is better) or 10% (lower) beyond today's value, which way said in a
/// comment; `extra` goes first in the mapping (`source: predictions, `).
fn threshold_line(metric: &str, value: f64, extra: &str) -> String {
    let key = yaml_string(metric);
    // A step at the value's 4th significant digit: bounds stay readable and outside the value.
    let step = if value == 0.0 {
        1e-6
    } else {
        10f64.powf(value.abs().log10().floor() - 3.0)
    };
    // Computed metrics know their direction; file metrics are read by their names.
    let direction = match mlgate_metrics::config::kind(metric) {
        Some(_) if !extra.is_empty() => {
            let d = if mlgate_metrics::config::higher_is_better(metric) {
                Direction::Higher
            } else {
                Direction::Lower
            };
            Some((d, metric))
        }
        _ => direction_by_name(metric),
    };
    let today = mlgate_core::report::format_rounded(value);
    match direction {
        Some((Direction::Higher, word)) => format!(
            "{key}: {{ {extra}min: {} }}   # higher is better (from \"{word}\"); today {today}",
            round_down(value - value.abs() * 0.02, step)
        ),
        Some((Direction::Lower, word)) => format!(
            "{key}: {{ {extra}max: {} }}   # lower is better (from \"{word}\"); today {today}",
            round_up(value + value.abs() * 0.10, step)
        ),
        None => format!(
            "{key}: {{{}}}   # which way is better? add min or max; today {today}",
            extra.trim_end_matches(", ")
        ),
    }
}
