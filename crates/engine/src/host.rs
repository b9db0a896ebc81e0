//! What a host must hand over before a run: the files a config reads and the live queries it
//! declares. The native CLI reads them itself; the Action's JavaScript reads exactly these.

use mlgate_canary::Source;
use mlgate_core::FileRef;
use serde::Serialize;

use crate::config::LoadedConfig;

/// Everything a run of this config will read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Needs {
    /// Paths relative to the config's folder, as written in the config (a directory means every
    /// file below it, as an MLflow run).
    pub files: Vec<String>,
    /// Live queries, each to be fetched and handed over under its `key`.
    pub live: Vec<LiveNeed>,
    /// Files at git revisions, each to be read (`git show`, or the GitHub contents API) and
    /// handed over under its `key`.
    pub git: Vec<GitNeed>,
}

/// One file at a git revision.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GitNeed {
    /// `REV:path`, the key the gates read it under.
    pub key: String,
    /// The revision as written; `None` means the base branch (the pull request's base commit).
    pub git: Option<String>,
    /// The path relative to the config's folder.
    pub path: String,
    /// Where the config declares it (`file:line:column: path`), for error messages.
    pub declared_at: Option<String>,
}

/// One live Prometheus query.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LiveNeed {
    pub key: String,
    pub url: String,
    pub query: String,
    pub start: Option<String>,
    pub end: Option<String>,
    pub step: Option<String>,
    /// Where the config declares it (`file:line:column: path`), for error messages.
    pub declared_at: Option<String>,
}

/// The files and live queries of a loaded config, in config order, without repeats.
pub fn needs(loaded: &LoadedConfig) -> Needs {
    let mut files: Vec<String> = Vec::new();
    let mut add = |p: &str| {
        if !files.iter().any(|f| f == p) {
            files.push(p.to_string());
        }
    };
    for gate in &loaded.config.data {
        gate.files().into_iter().for_each(&mut add);
    }
    for gate in &loaded.config.metrics {
        gate.current
            .as_deref()
            .into_iter()
            .chain(gate.baseline.as_ref().and_then(FileRef::as_path))
            .for_each(&mut add);
        if let Some(p) = &gate.predictions {
            std::iter::once(p.current.as_str())
                .chain(p.baseline.as_ref().and_then(FileRef::as_path))
                .for_each(&mut add);
        }
    }
    for gate in &loaded.config.canary {
        for source in gate.sources() {
            if let Source::Path(p) = source {
                add(p);
            }
        }
    }
    let live = loaded
        .live_queries()
        .into_iter()
        .map(|(q, at)| LiveNeed {
            key: q.key(),
            url: q.url,
            query: q.query,
            start: q.start,
            end: q.end,
            step: q.step,
            declared_at: at.map(|a| a.to_string()),
        })
        .collect();
    let git = loaded
        .git_files()
        .into_iter()
        .map(|(file, at)| GitNeed {
            key: file.key(),
            git: file.git,
            path: file.path,
            declared_at: at.map(|a| a.to_string()),
        })
        .collect();
    Needs { files, live, git }
}
