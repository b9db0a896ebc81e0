//! `mlgate init`: a starting `mlgate.yaml` from the files of a repository. The host walks the
//! folder and hands each file over ([`Proposal::file`]); this module decides what each one is
//! and writes the config:
//!
//! - Datasets (.csv, .tsv, .parquet, .jsonl, .ndjson, and .json files holding an array) get a
//!   data gate each, inferred as `mlgate data infer` does (it passes on the file as it is).
//! - Metric files (.json objects with numbers, named like `metrics`, `eval`, `scores` or
//!   `results`) and the latest MLflow run get a metrics gate each: every number becomes a
//!   threshold. Which way is better is guessed from the name (loss, error, latency, ... lower;
//!   accuracy, f1, auc, ... higher) and said in a comment; the bound sits 2% (higher) or 10%
//!   (lower) beyond today's value, so the file passes as it is.

use std::fmt::Write as _;

use mlgate_data::infer::{gate_entry, round_down, round_up, yaml_string};
use serde_json::Value;

/// Name parts that make a JSON object a metric file.
const METRIC_FILE_WORDS: &[&str] = &["metric", "eval", "score", "result"];

/// The gates proposed so far.
#[derive(Debug, Default)]
pub struct Proposal {
    names: Vec<String>,
    data: String,
    metrics: String,
    found: Vec<String>,
}

impl Proposal {
    pub fn new() -> Proposal {
        Proposal::default()
    }

    /// One file (its path relative to the config's folder, and its bytes): a data gate for a
    /// dataset, a metrics gate for a metric file; anything else (or a file that does not read
    /// as what its name says) is left out, not an error: init only proposes.
    pub fn file(&mut self, rel: &str, bytes: &[u8]) {
        let lower = rel.to_ascii_lowercase();
        let ext = lower.rsplit_once('.').map(|(_, e)| e).unwrap_or_default();
        let is_data = matches!(ext, "csv" | "tsv" | "parquet" | "jsonl" | "ndjson");
        if ext == "json" {
            match serde_json::from_slice::<Value>(bytes) {
                Ok(Value::Array(_)) => {}
                Ok(value @ Value::Object(_)) if looks_like_metrics(rel) => {
                    let numbers = numeric_leaves(&value);
                    if !numbers.is_empty() {
                        let name = unique_name(stem(rel), &mut self.names);
                        metrics_gate(&mut self.metrics, &name, rel, &numbers);
                        self.found.push(format!("{rel} ({} metrics)", numbers.len()));
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
        let name = unique_name(stem(rel), &mut self.names);
        self.data.push_str(&gate_entry(&name, rel, &table));
        self.found.push(rel.to_string());
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
        let name = unique_name("mlflow".into(), &mut self.names);
        metrics_gate(&mut self.metrics, &name, run, &numbers);
        self.found
            .push(format!("{run} ({} metrics, the latest MLflow run)", numbers.len()));
    }

    /// The config's text and what it was written from; `None` when nothing was found.
    pub fn finish(self) -> Option<(String, Vec<String>)> {
        if self.found.is_empty() {
            return None;
        }
        let mut text = String::from(
            "# yaml-language-server: $schema=https://raw.githubusercontent.com/mlgate/mlgate/main/schemas/mlgate.schema.json\n\
             # Written by `mlgate init`: a starting point that passes on the files as they are now.\n\
             # Tighten the bounds to what the model and the data must keep. Run it with `mlgate check`.\n\
             version: 1\n",
        );
        if !self.data.is_empty() {
            text.push_str("\ndata:\n");
            text.push_str(&self.data);
        }
        if !self.metrics.is_empty() {
            text.push_str("\nmetrics:\n");
            text.push_str(&self.metrics);
        }
        Some((text, self.found))
    }
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

fn looks_like_metrics(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel).to_ascii_lowercase();
    METRIC_FILE_WORDS.iter().any(|w| name.contains(w))
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

/// Which way is better for a metric of this name, and the word that said so.
fn guess_direction(name: &str) -> Option<(bool, &'static str)> {
    let lower = name.to_ascii_lowercase();
    const LOWER: &[&str] = &[
        "loss",
        "error",
        "err",
        "mse",
        "mae",
        "rmse",
        "mape",
        "latency",
        "duration",
        "time",
        "brier",
        "perplexity",
    ];
    const HIGHER: &[&str] = &[
        "accuracy",
        "acc",
        "f1",
        "auc",
        "precision",
        "recall",
        "r2",
        "ndcg",
        "map",
        "score",
    ];
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    for w in &words {
        if let Some(hit) = LOWER.iter().find(|l| *w == **l || w.starts_with(*l)) {
            return Some((false, hit));
        }
    }
    for w in &words {
        if let Some(hit) = HIGHER.iter().find(|h| *w == **h || w.starts_with(*h)) {
            return Some((true, hit));
        }
    }
    None
}

fn metrics_gate(out: &mut String, name: &str, current: &str, numbers: &[(String, f64)]) {
    let _ = writeln!(out, "  - name: {}", yaml_string(name));
    let _ = writeln!(out, "    current: {}", yaml_string(current));
    let _ = writeln!(out, "    thresholds:");
    for (metric, value) in numbers {
        let key = yaml_string(metric);
        // A step at the value's 4th significant digit: bounds stay readable and outside the value.
        let step = if *value == 0.0 {
            1e-6
        } else {
            10f64.powf(value.abs().log10().floor() - 3.0)
        };
        let line = match guess_direction(metric) {
            Some((true, word)) => format!(
                "{key}: {{ min: {} }}   # higher is better (guessed from \"{word}\"); today {value}",
                round_down(value - value.abs() * 0.02, step)
            ),
            Some((false, word)) => format!(
                "{key}: {{ max: {} }}   # lower is better (guessed from \"{word}\"); today {value}",
                round_up(value + value.abs() * 0.10, step)
            ),
            None => format!("{key}: {{}}   # which way is better? add min or max; today {value}"),
        };
        let _ = writeln!(out, "      {line}");
    }
}
