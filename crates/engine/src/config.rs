//! The types of `mlgate.yaml` as a whole: the gates of each section, the run-wide settings, and
//! a loaded config that can point back into its file. Loading and validating one is
//! `load.rs`; its JSON Schema, generated from these types, is `schema.rs`.

use mlgate_canary::CanaryGateConfig;
use mlgate_core::yaml::PositionIndex;
use mlgate_core::{FileRef, Gate, GitFile, Input, LiveQuery, Location, Settings};
use mlgate_data::DataGateConfig;
use mlgate_metrics::MetricsGateConfig;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// An mlgate config: the gates one run evaluates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Version of the config format; only `1` exists.
    #[schemars(extend("const" = 1))]
    pub version: u32,
    /// Settings for the whole run.
    #[serde(default)]
    pub settings: Settings,
    /// Data gates: schema, values, uniqueness, row counts and drift of a dataset.
    #[serde(default)]
    pub data: Vec<DataGateConfig>,
    /// Metrics gates: model metrics from a file, against thresholds and against a baseline.
    #[serde(default)]
    pub metrics: Vec<MetricsGateConfig>,
    /// Canary gates: baseline vs canary deployment samples, judged as Kayenta does.
    #[serde(default)]
    pub canary: Vec<CanaryGateConfig>,
}

impl Config {
    /// Every gate, in report order (data, metrics, canary), with the JSON pointer of its entry
    /// (`/metrics/0`): everything a gate reports points into it from there.
    pub fn gates(&self) -> Vec<(String, &dyn Gate)> {
        fn section<'c, G: Gate>(name: &str, gates: &'c [G]) -> impl Iterator<Item = (String, &'c dyn Gate)> {
            (gates.iter().enumerate()).map(move |(i, g)| (format!("/{name}/{i}"), g as &dyn Gate))
        }
        (section("data", &self.data))
            .chain(section("metrics", &self.metrics))
            .chain(section("canary", &self.canary))
            .collect()
    }
}

/// A config that passed validation, with what is needed to point back into its file.
#[derive(Debug, Clone)]
pub struct LoadedConfig {
    /// The config file as the user named it (used in messages and in the report).
    pub file: String,
    pub config: Config,
    /// Positions of the file's values; `None` for configs built from command-line flags.
    pub(crate) positions: Option<PositionIndex>,
}

impl LoadedConfig {
    /// A config that was not read from a file (ad-hoc commands): it has no positions.
    pub fn without_file(config: Config) -> LoadedConfig {
        LoadedConfig {
            file: String::new(),
            config,
            positions: None,
        }
    }

    /// Where the value at `pointer` was written, if this config came from a file.
    pub fn location(&self, pointer: &str) -> Option<Location> {
        let place = self.positions.as_ref()?.find(pointer);
        Some(Location {
            file: self.file.clone(),
            line: place.value.line,
            column: place.value.column,
            path: place.path,
        })
    }

    /// Every input of every gate, in config order, without repeats (the first declaration is
    /// the one named in messages): what a host reads before the run.
    pub fn inputs(&self) -> Vec<(Input, Option<Location>)> {
        let mut out: Vec<(Input, Option<Location>)> = Vec::new();
        for (at, gate) in self.config.gates() {
            for declared in gate.inputs() {
                if !out.iter().any(|(seen, _)| *seen == declared.input) {
                    out.push((declared.input, self.location(&format!("{at}{}", declared.pointer))));
                }
            }
        }
        out
    }

    /// Every live query the config declares, with where it was declared, for the host to
    /// resolve before the run.
    pub fn live_queries(&self) -> Vec<(LiveQuery, Option<Location>)> {
        (self.inputs().into_iter())
            .filter_map(|(input, at)| match input {
                Input::Live(query) => Some((query, at)),
                Input::File(_) => None,
            })
            .collect()
    }

    /// Every file the config takes from git (`{git: REF, path: P}`), with where it was
    /// declared, for the host to resolve before the run; in config order, without repeats.
    pub fn git_files(&self) -> Vec<(GitFile, Option<Location>)> {
        (self.inputs().into_iter())
            .filter_map(|(input, at)| match input {
                Input::File(FileRef::Git(file)) => Some((file, at)),
                _ => None,
            })
            .collect()
    }

    /// Line of the key at `pointer` (the line a check was declared on).
    pub fn key_line(&self, pointer: &str) -> Option<usize> {
        let place = self.positions.as_ref()?.find(pointer);
        Some(place.key.unwrap_or(place.value).line)
    }
}
