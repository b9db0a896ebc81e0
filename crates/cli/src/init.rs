//! `mlgate init [DIR]`: a starting `mlgate.yaml` from the files a repository holds.
//!
//! - Datasets (.csv, .tsv, .parquet, .jsonl, .ndjson, and .json files holding an array) get a
//!   data gate each, inferred as `mlgate data infer` does (it passes on the file as it is).
//! - Metric files (.json objects with numbers, named like `metrics`, `eval`, `scores` or
//!   `results`) and the latest MLflow run under `mlruns/` get a metrics gate each: every number
//!   becomes a threshold. Which way is better is guessed from the name (loss, error, latency, ...
//!   lower; accuracy, f1, auc, ... higher) and said in a comment; the bound sits 2% (higher) or
//!   10% (lower) beyond today's value, so the file passes as it is.
//! - An existing config is never replaced without `--force`.
//!
//! Hidden folders, `target`, `node_modules`, virtual environments and `__pycache__` are skipped.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use mlgate_core::Error;
use mlgate_data::infer::{gate_entry, round_down, round_up, yaml_string};
use mlgate_engine::fs_inputs::slash_path;
use serde_json::Value;

/// Folders never looked into.
const SKIPPED: &[&str] = &["target", "node_modules", "venv", "__pycache__", "dist"];
/// How deep below DIR files are looked for.
const MAX_DEPTH: usize = 4;
/// Name parts that make a JSON object a metric file.
const METRIC_FILE_WORDS: &[&str] = &["metric", "eval", "score", "result"];

/// Writes DIR/mlgate.yaml; the summary line to print.
pub fn init(dir: &Path, force: bool) -> Result<String, Error> {
    let target = dir.join("mlgate.yaml");
    let shown = target.display().to_string();
    if target.exists() && !force {
        return Err(Error::Usage(format!(
            "{shown} exists; rerun with --force to replace it"
        )));
    }
    let mut files = Vec::new();
    walk(dir, dir, 0, &mut files);
    files.sort();

    let mut names: Vec<String> = Vec::new();
    let mut data = String::new();
    let mut metrics = String::new();
    let mut found: Vec<String> = Vec::new();
    for rel in &files {
        let lower = rel.to_ascii_lowercase();
        let ext = lower.rsplit_once('.').map(|(_, e)| e).unwrap_or_default();
        let is_data = matches!(ext, "csv" | "tsv" | "parquet" | "jsonl" | "ndjson");
        let bytes = match std::fs::read(dir.join(rel)) {
            Ok(b) => b,
            Err(_) => continue,
        };
        if ext == "json" {
            match serde_json::from_slice::<Value>(&bytes) {
                Ok(Value::Array(_)) => {}
                Ok(value @ Value::Object(_)) if looks_like_metrics(rel) => {
                    let numbers = numeric_leaves(&value);
                    if !numbers.is_empty() {
                        let name = unique_name(stem(rel), &mut names);
                        metrics_gate(&mut metrics, &name, rel, &numbers);
                        found.push(format!("{rel} ({} metrics)", numbers.len()));
                    }
                    continue;
                }
                _ => continue,
            }
        } else if !is_data {
            continue;
        }
        // A file that does not read as a dataset is left out, not an error: init only proposes.
        let Ok(table) = mlgate_data::read::table(rel, &bytes, None, None, &[]) else {
            continue;
        };
        let name = unique_name(stem(rel), &mut names);
        data.push_str(&gate_entry(&name, rel, &table));
        found.push(rel.clone());
    }
    if let Some((run, numbers)) = latest_mlflow_run(dir) {
        let name = unique_name("mlflow".into(), &mut names);
        metrics_gate(&mut metrics, &name, &run, &numbers);
        found.push(format!("{run} ({} metrics, the latest MLflow run)", numbers.len()));
    }
    if found.is_empty() {
        return Err(Error::Usage(format!(
            "found no datasets, metric files or MLflow runs under {}; expected .csv/.parquet/.jsonl data, a metrics .json or mlruns/",
            dir.display()
        )));
    }
    let mut text = String::from(
        "# yaml-language-server: $schema=https://raw.githubusercontent.com/mlgate/mlgate/main/schemas/mlgate.schema.json\n\
         # Written by `mlgate init`: a starting point that passes on the files as they are now.\n\
         # Tighten the bounds to what the model and the data must keep. Run it with `mlgate check`.\n\
         version: 1\n",
    );
    if !data.is_empty() {
        text.push_str("\ndata:\n");
        text.push_str(&data);
    }
    if !metrics.is_empty() {
        text.push_str("\nmetrics:\n");
        text.push_str(&metrics);
    }
    std::fs::write(&target, text).map_err(|e| Error::input(&shown, format!("cannot write the config: {e}")))?;
    Ok(format!("wrote {shown} from {}", found.join(", ")))
}

fn walk(root: &Path, dir: &Path, depth: usize, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || SKIPPED.contains(&name.as_str()) || name == "mlruns" {
            continue;
        }
        if path.is_dir() {
            if depth < MAX_DEPTH {
                walk(root, &path, depth + 1, out);
            }
        } else if let Ok(rel) = path.strip_prefix(root) {
            out.push(slash_path(rel));
        }
    }
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

/// The most recent MLflow run under `mlruns/` (by the time its metric files were written), as a
/// path relative to DIR, with the last value of each metric.
fn latest_mlflow_run(dir: &Path) -> Option<(String, Vec<(String, f64)>)> {
    let mlruns = dir.join("mlruns");
    let mut best: Option<(std::time::SystemTime, PathBuf)> = None;
    for experiment in std::fs::read_dir(&mlruns).ok()?.flatten() {
        let Ok(runs) = std::fs::read_dir(experiment.path()) else {
            continue;
        };
        for run in runs.flatten() {
            let metrics = run.path().join("metrics");
            let Ok(modified) = std::fs::metadata(&metrics).and_then(|m| m.modified()) else {
                continue;
            };
            if best.as_ref().is_none_or(|(t, _)| modified > *t) {
                best = Some((modified, run.path()));
            }
        }
    }
    let (_, run) = best?;
    let mut numbers = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(run.join("metrics")).ok()?.flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        // `timestamp value step` lines: the highest step wins, then the latest timestamp (as the
        // metrics gate reads it).
        let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
        let last = text
            .lines()
            .filter_map(|l| {
                let mut parts = l.split_whitespace();
                let ts: f64 = parts.next()?.parse().ok()?;
                let value: f64 = parts.next()?.parse().ok()?;
                let step: f64 = parts.next().and_then(|s| s.parse().ok()).unwrap_or(0.0);
                Some((step, ts, value))
            })
            .max_by(|a, b| (a.0, a.1).partial_cmp(&(b.0, b.1)).unwrap_or(std::cmp::Ordering::Equal))
            .map(|(_, _, value)| value);
        if let Some(x) = last.filter(|x| x.is_finite()) {
            numbers.push((entry.file_name().to_string_lossy().into_owned(), x));
        }
    }
    let rel = slash_path(run.strip_prefix(dir).ok()?);
    (!numbers.is_empty()).then_some((rel, numbers))
}
