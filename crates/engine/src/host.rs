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
    /// `settings.max_input_mb` in bytes: a host leaves a larger file unread and hands over its
    /// size instead ([`mlgate_core::MemoryInputs::insert_unread`]); the run refuses it as the
    /// CLI does.
    pub max_input_bytes: u64,
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
    Needs {
        files,
        live,
        git,
        max_input_bytes: loaded.config.settings.max_input_bytes(),
    }
}

#[cfg(test)]
mod tests {
    use mlgate_core::{InputError, Inputs, MemoryInputs};

    use super::*;
    use crate::config;
    use crate::run::{RunOptions, run};

    #[test]
    fn a_file_left_unread_is_refused_by_its_size_as_the_cli_refuses_it() {
        let text = "version: 1\nsettings: { max_input_mb: 1 }\nmetrics:\n  - name: m\n    current: ./runs//m.json\n    thresholds: { accuracy: { min: 0.5 } }\n";
        let loaded = config::load("mlgate.yaml", text).unwrap();
        assert_eq!(needs(&loaded).max_input_bytes, 1 << 20);
        let mut handed = MemoryInputs::new();
        handed.insert("runs/other.json", b"{}".to_vec());
        handed.insert_unread("runs/m.json", 3 << 30);
        // Listed and sized like a file that was read; reading it says why it was not.
        assert_eq!(handed.size("./runs/m.json"), Some(3 << 30));
        assert!(handed.is_dir("runs"));
        assert_eq!(handed.list_files("runs").unwrap(), vec!["m.json", "other.json"]);
        assert!(matches!(handed.read("runs/m.json"), Err(InputError::Unreadable(_))));
        let error = run(&loaded, &handed, &RunOptions::default()).unwrap_err();
        assert_eq!(
            error.to_string(),
            "mlgate.yaml:5:14: metrics[0].current: ./runs//m.json: cannot read the metric file: the file is 3072 MB, larger than the limit of 1 MB (settings.max_input_mb raises it)"
        );
    }
}
