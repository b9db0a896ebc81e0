//! `mlgate init [DIR]`: the host's part — walk DIR, read the files, hand them to the engine's
//! proposal (`mlgate_engine::init`, which says what becomes a gate) and write `mlgate.yaml`.
//! An existing config is never replaced without `--force`.
//!
//! Hidden folders, `target`, `node_modules`, virtual environments and `__pycache__` are skipped.

use std::path::{Path, PathBuf};

use mlgate_core::Error;
use mlgate_engine::init::Proposal;

use crate::fs_inputs::slash_path;

/// Folders never looked into.
const SKIPPED: &[&str] = &["target", "node_modules", "venv", "__pycache__", "dist"];
/// How deep below DIR files are looked for.
const MAX_DEPTH: usize = 4;

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
    let mut proposal = Proposal::new();
    for rel in &files {
        if let Ok(bytes) = std::fs::read(dir.join(rel)) {
            proposal.file(rel, &bytes);
        }
    }
    if let Some((run, metric_files)) = latest_mlflow_run(dir) {
        proposal.mlflow_run(&run, &metric_files);
    }
    let Some((text, found)) = proposal.finish() else {
        return Err(Error::Usage(format!(
            "found no datasets, metric files or MLflow runs under {}; expected .csv/.parquet/.jsonl data, a metrics .json or mlruns/",
            dir.display()
        )));
    };
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

/// The most recent MLflow run under `mlruns/` (by the time its metric files were written), as a
/// path relative to DIR, with its metric files (name and text), sorted by name.
fn latest_mlflow_run(dir: &Path) -> Option<(String, Vec<(String, String)>)> {
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
    let mut entries: Vec<_> = std::fs::read_dir(run.join("metrics")).ok()?.flatten().collect();
    entries.sort_by_key(std::fs::DirEntry::file_name);
    let metric_files = (entries.iter())
        .map(|entry| {
            let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
            (entry.file_name().to_string_lossy().into_owned(), text)
        })
        .collect();
    Some((slash_path(run.strip_prefix(dir).ok()?), metric_files))
}
