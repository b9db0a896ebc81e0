//! `mlgate.yaml`: from text to typed, validated config.
//!
//! 1. YAML is parsed with positions ([`mlgate_core::yaml`]) and turned into JSON plus an index
//!    from JSON pointers back to line and column.
//! 2. The JSON is validated against the schema generated from [`Config`] with the `jsonschema`
//!    crate, which reports every error (unknown keys, wrong types, bad enum values, ...), not only
//!    the first.
//! 3. It is deserialised into [`Config`], and the rules a schema cannot say (unique gate names,
//!    `min <= max`, a direction for regression bounds, ...) are checked.
//!
//! All problems of a file come back together, sorted by position, each naming the file, line,
//! column, YAML path and what was expected.

use std::collections::HashMap;
use std::sync::OnceLock;

use jsonschema::error::{TypeKind, ValidationErrorKind};
use mlgate_canary::gate::Correction;
use mlgate_canary::{CanaryGateConfig, LiveQuery, Source};
use mlgate_core::yaml::{self, Place, PositionIndex};
use mlgate_core::{ConfigProblem, Error, FailOn, FileRef, GitFile, Location};
use mlgate_data::DataGateConfig;
use mlgate_metrics::MetricsGateConfig;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::schema;

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
    /// Every gate name with its section and index, in report order.
    pub fn gate_names(&self) -> Vec<(&str, &'static str, usize)> {
        let data = self.data.iter().enumerate().map(|(i, g)| (g.name.as_str(), "data", i));
        let metrics = self
            .metrics
            .iter()
            .enumerate()
            .map(|(i, g)| (g.name.as_str(), "metrics", i));
        let canary = self
            .canary
            .iter()
            .enumerate()
            .map(|(i, g)| (g.name.as_str(), "canary", i));
        data.chain(metrics).chain(canary).collect()
    }
}

/// Settings for the whole run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Which verdict makes the exit code 1: `fail` (default), `warn` or `never`. `--fail-on` overrides it.
    #[serde(default)]
    pub fail_on: FailOn,
    /// Significance level of the tests against main's predictions (default 0.05).
    #[serde(default = "default_alpha")]
    #[schemars(range(min = 0.000001, max = 0.5))]
    pub alpha: f64,
    /// Default multiple-comparison correction across the statistical tests of one gate:
    /// `none`, `bonferroni`, `holm` (default) or `bh`.
    #[serde(default)]
    pub correction: Correction,
    /// Largest input file read, in MB (default 1024): a larger one is an error, before it is read.
    #[serde(default = "default_max_input_mb")]
    #[schemars(range(min = 1))]
    pub max_input_mb: u64,
}

fn default_max_input_mb() -> u64 {
    1024
}

fn default_alpha() -> f64 {
    0.05
}

impl Settings {
    /// `max_input_mb` in bytes.
    pub fn max_input_bytes(&self) -> u64 {
        self.max_input_mb.saturating_mul(1 << 20)
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            fail_on: FailOn::default(),
            alpha: default_alpha(),
            correction: Correction::default(),
            max_input_mb: default_max_input_mb(),
        }
    }
}

/// A config that passed validation, with what is needed to point back into its file.
#[derive(Debug, Clone)]
pub struct LoadedConfig {
    /// The config file as the user named it (used in messages and in the report).
    pub file: String,
    pub config: Config,
    /// Positions of the file's values; `None` for configs built from command-line flags.
    positions: Option<PositionIndex>,
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

    /// Every live query the config declares, with where it was declared, for the host to
    /// resolve before the run.
    pub fn live_queries(&self) -> Vec<(LiveQuery, Option<Location>)> {
        let mut out = Vec::new();
        for (i, gate) in self.config.canary.iter().enumerate() {
            let mut add = |source: &Option<Source>, pointer: String| {
                if let Some(Source::Live(live)) = source
                    && !out.iter().any(|(q, _): &(LiveQuery, _)| q == &live.prometheus)
                {
                    out.push((live.prometheus.clone(), self.location(&pointer)));
                }
            };
            add(&gate.baseline, format!("/canary/{i}/baseline"));
            add(&gate.canary, format!("/canary/{i}/canary"));
            for (name, m) in &gate.metrics {
                let at = PositionIndex::child(&format!("/canary/{i}/metrics"), name);
                add(&m.baseline, format!("{at}/baseline"));
                add(&m.canary, format!("{at}/canary"));
            }
        }
        out
    }

    /// Every file the config takes from git (`{git: REF, path: P}`), with where it was
    /// declared, for the host to resolve before the run; in config order, without repeats.
    pub fn git_files(&self) -> Vec<(GitFile, Option<Location>)> {
        let mut out: Vec<(GitFile, Option<Location>)> = Vec::new();
        let mut add = |file: Option<&FileRef>, pointer: String| {
            if let Some(FileRef::Git(g)) = file
                && !out.iter().any(|(seen, _)| seen == g)
            {
                out.push((g.clone(), self.location(&pointer)));
            }
        };
        for (i, gate) in self.config.data.iter().enumerate() {
            add(
                gate.drift.as_ref().map(|d| &d.reference),
                format!("/data/{i}/drift/reference"),
            );
        }
        for (i, gate) in self.config.metrics.iter().enumerate() {
            add(gate.baseline.as_ref(), format!("/metrics/{i}/baseline"));
            add(
                gate.predictions.as_ref().and_then(|p| p.baseline.as_ref()),
                format!("/metrics/{i}/predictions/baseline"),
            );
        }
        out
    }

    /// Line of the key at `pointer` (the line a check was declared on).
    pub fn key_line(&self, pointer: &str) -> Option<usize> {
        let place = self.positions.as_ref()?.find(pointer);
        Some(place.key.unwrap_or(place.value).line)
    }
}

/// Parses and validates a config. `file` is how the file is named in messages.
pub fn load(file: &str, text: &str) -> Result<LoadedConfig, Error> {
    load_with(file, text, yaml::Limits::default())
}

/// [`load`] with other bounds on the YAML document (the CLI's `--max-yaml-depth` and
/// `--max-yaml-nodes`).
pub fn load_with(file: &str, text: &str, limits: yaml::Limits) -> Result<LoadedConfig, Error> {
    let mut problems = Problems { file, list: Vec::new() };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let root = yaml::parse_with(text, limits).map_err(|e| {
        Error::Config(vec![ConfigProblem {
            at: Location {
                file: file.into(),
                line: e.pos.line,
                column: e.pos.column,
                path: String::new(),
            },
            message: e.message,
        }])
    })?;
    let (json, index, conversion) = yaml::to_json(&root);
    // Values JSON cannot hold were replaced by null: schema errors about that null are noise.
    let replaced: Vec<String> = conversion.iter().map(|p| p.pointer.clone()).collect();
    for p in conversion {
        problems.push(&p.place, p.place.key.is_some(), p.message);
    }
    if !json.is_object() {
        let found = if json.is_null() {
            "an empty file".to_string()
        } else {
            describe(&json)
        };
        problems.push(
            &index.find(""),
            false,
            format!("found {found}; expected a mapping that starts with `version: 1`"),
        );
        return Err(problems.into_error());
    }

    for error in validator().iter_errors(&json) {
        if !replaced.iter().any(|r| r == error.instance_path().as_str()) {
            schema_problem(&error, &json, &index, &mut problems);
        }
    }
    if !problems.list.is_empty() {
        return Err(problems.into_error());
    }

    let config: Config = serde_path_to_error::deserialize(json).map_err(|e| {
        let pointer: String = e.path().iter().map(|seg| format!("/{seg}")).collect();
        let mut problems = Problems { file, list: Vec::new() };
        problems.push(&index.find(&pointer), false, e.inner().to_string());
        problems.into_error()
    })?;

    semantic_problems(&config, &index, &mut problems);
    if !problems.list.is_empty() {
        return Err(problems.into_error());
    }
    Ok(LoadedConfig {
        file: file.to_string(),
        config,
        positions: Some(index),
    })
}

/// Problems found so far in one file.
struct Problems<'f> {
    file: &'f str,
    list: Vec<ConfigProblem>,
}

impl Problems<'_> {
    /// Records a problem at a place: at its key when `at_key` (unknown or duplicate keys), else at its value.
    fn push(&mut self, place: &Place, at_key: bool, message: String) {
        let pos = if at_key {
            place.key.unwrap_or(place.value)
        } else {
            place.value
        };
        self.list.push(ConfigProblem {
            at: Location {
                file: self.file.to_string(),
                line: pos.line,
                column: pos.column,
                path: place.path.clone(),
            },
            message,
        });
    }

    fn into_error(mut self) -> Error {
        self.list.sort_by_key(|a| (a.at.line, a.at.column));
        self.list.dedup();
        Error::Config(self.list)
    }
}

fn validator() -> &'static jsonschema::Validator {
    static VALIDATOR: OnceLock<jsonschema::Validator> = OnceLock::new();
    VALIDATOR.get_or_init(|| {
        // The schema is generated from our own types: failing to compile it is a bug, caught by tests.
        jsonschema::validator_for(schema::cached_config_schema()).expect("the generated config schema compiles")
    })
}

/// Turns one JSON-Schema error into problems a person can act on.
fn schema_problem(
    error: &jsonschema::ValidationError<'_>,
    root: &Value,
    index: &PositionIndex,
    out: &mut Problems<'_>,
) {
    let pointer = error.instance_path().as_str().to_string();
    let place = index.find(&pointer);
    let instance = root.pointer(&pointer).unwrap_or(&Value::Null);
    let schema_root = schema::cached_config_schema();
    let message = match error.kind() {
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            let known: Vec<&str> = schema::schema_at(schema_root, &pointer)
                .and_then(|s| s.get("properties"))
                .and_then(Value::as_object)
                .map(|p| p.keys().map(String::as_str).collect())
                .unwrap_or_default();
            let allowed = known.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ");
            for key in unexpected {
                let key_place = index.find(&PositionIndex::child(&pointer, key));
                let suggestion = known
                    .iter()
                    .filter(|k| edit_distance(k, key) <= 2)
                    .min_by_key(|k| edit_distance(k, key))
                    .map(|k| format!(" (did you mean `{k}`?)"))
                    .unwrap_or_default();
                out.push(
                    &key_place,
                    true,
                    format!("unknown key `{key}`{suggestion}; expected one of {allowed}"),
                );
            }
            return;
        }
        ValidationErrorKind::Required { property } => {
            let name = property.as_str().unwrap_or_default();
            let what = schema::schema_at(schema_root, &PositionIndex::child(&pointer, name))
                .and_then(|s| s.get("description"))
                .and_then(Value::as_str)
                .map(|d| format!(" ({})", first_sentence(d)))
                .unwrap_or_default();
            format!("missing required key `{name}`{what}")
        }
        ValidationErrorKind::Type { kind } => {
            let expected: Vec<String> = match kind {
                TypeKind::Single(t) => vec![type_name(&t.to_string())],
                TypeKind::Multiple(set) => set.iter().map(|t| type_name(&t.to_string())).collect(),
            };
            format!("found {}; expected {}", describe(instance), expected.join(" or "))
        }
        ValidationErrorKind::Enum { options } => {
            let options = options
                .as_array()
                .map(|o| o.iter().map(show).collect::<Vec<_>>().join(", "))
                .unwrap_or_default();
            format!("found {}; expected one of {options}", describe(instance))
        }
        ValidationErrorKind::Constant { expected_value } => {
            format!("found {}; expected {}", describe(instance), show(expected_value))
        }
        ValidationErrorKind::Minimum { limit } => {
            format!("found {}; expected a number >= {limit}", describe(instance))
        }
        ValidationErrorKind::Maximum { limit } => {
            format!("found {}; expected a number <= {limit}", describe(instance))
        }
        ValidationErrorKind::ExclusiveMinimum { limit } => {
            format!("found {}; expected a number > {limit}", describe(instance))
        }
        ValidationErrorKind::ExclusiveMaximum { limit } => {
            format!("found {}; expected a number < {limit}", describe(instance))
        }
        ValidationErrorKind::MinProperties { limit } => {
            format!("found an empty mapping; expected at least {limit} entry")
        }
        ValidationErrorKind::MinLength { .. } => "found an empty string; expected a non-empty one".to_string(),
        ValidationErrorKind::MinItems { limit } => {
            format!("found {}; expected at least {limit} item(s)", describe(instance))
        }
        ValidationErrorKind::Pattern { pattern } => {
            let what = schema::schema_at(schema_root, &pointer)
                .and_then(|s| s.get("description"))
                .and_then(Value::as_str)
                .map(first_sentence)
                .map(lowercase_first)
                .unwrap_or_else(|| "a string".into());
            format!("found {}; expected {what} (pattern {pattern})", describe(instance))
        }
        ValidationErrorKind::AnyOf { context } | ValidationErrorKind::OneOfNotValid { context } => {
            // When the value has the type of one of the forms (a mapping where a path string or a
            // mapping is allowed), that form's own errors say what is wrong with it.
            let same_type = |e: &jsonschema::ValidationError<'_>| {
                matches!(e.kind(), ValidationErrorKind::Type { .. }) && e.instance_path().as_str() == pointer
            };
            if let Some(branch) = context.iter().find(|b| !b.is_empty() && !b.iter().any(same_type)) {
                for e in branch {
                    schema_problem(e, root, index, out);
                }
                return;
            }
            let what = schema::description_at(schema_root, &pointer)
                .map(first_sentence)
                .map(lowercase_first)
                .unwrap_or_else(|| "one of the allowed forms".into());
            format!("found {}; expected {what}", describe(instance))
        }
        _ => error.to_string(),
    };
    out.push(&place, false, message);
}

/// Rules the schema cannot express.
fn semantic_problems(config: &Config, index: &PositionIndex, out: &mut Problems<'_>) {
    // Gate names are unique across the whole file: they are the prefix of every check id.
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (name, section, i) in config.gate_names() {
        let place = index.find(&format!("/{section}/{i}/name"));
        if let Some(first_line) = seen.get(name) {
            out.push(
                &place,
                false,
                format!("duplicate gate name {name:?} (first at line {first_line}); expected names unique in the file"),
            );
        } else {
            seen.insert(name, place.value.line);
        }
    }
    let data_problems = config.data.iter().enumerate().flat_map(|(i, g)| {
        g.validate()
            .into_iter()
            .map(move |p| (format!("/data/{i}{}", p.pointer), p.message))
    });
    let gate_problems = config
        .metrics
        .iter()
        .enumerate()
        .flat_map(|(i, g)| {
            g.validate()
                .into_iter()
                .map(move |p| (format!("/metrics/{i}{}", p.pointer), p.message))
        })
        .chain(config.canary.iter().enumerate().flat_map(|(i, g)| {
            g.validate()
                .into_iter()
                .map(move |p| (format!("/canary/{i}{}", p.pointer), p.message))
        }));
    for (pointer, message) in gate_problems {
        // A whole entry of a map (a threshold, a canary metric): point at its name.
        let at_key = pointer.matches('/').count() == 4;
        out.push(&index.find(&pointer), at_key, message);
    }
    for (pointer, message) in data_problems {
        out.push(&index.find(&pointer), false, message);
    }
    if config.data.is_empty() && config.metrics.is_empty() && config.canary.is_empty() {
        out.push(
            &index.find(""),
            false,
            "no gates declared; expected at least one gate under `data`, `metrics` or `canary`".into(),
        );
    }
}

/// Levenshtein distance, for "did you mean" on unknown keys.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = if ca == *cb { prev } else { 1 + prev.min(cur).min(row[j]) };
            prev = cur;
        }
    }
    row[b.len()]
}

/// "A gate name" -> "a gate name", for descriptions quoted inside a sentence.
fn lowercase_first(text: String) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_lowercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The first sentence of a description, on one line.
fn first_sentence(text: &str) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    one_line
        .split_once(". ")
        .map_or(one_line.trim_end_matches('.'), |(first, _)| first)
        .to_string()
}

fn type_name(t: &str) -> String {
    match t {
        "object" => "a mapping".into(),
        "array" => "a list".into(),
        "string" => "a string".into(),
        "number" => "a number".into(),
        "integer" => "an integer".into(),
        "boolean" => "a boolean".into(),
        other => other.to_string(),
    }
}

/// A value as a message shows it: `a string "high"`, `a number 3`, `a list`.
fn describe(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("a boolean {b}"),
        Value::Number(n) => format!("a number {n}"),
        Value::String(s) => format!("a string {}", show(&Value::String(s.chars().take(60).collect()))),
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "a mapping".into(),
    }
}

fn show(v: &Value) -> String {
    match v {
        Value::String(s) => format!("{s:?}"),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests;
