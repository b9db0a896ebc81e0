//! `mlgate.yaml`: from text to a typed, validated config ([`LoadedConfig`]).
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
use mlgate_core::names::edit_distance;
use mlgate_core::yaml::{self, Place, PositionIndex};
use mlgate_core::{ConfigProblem, Error, Location};
use serde_json::Value;

use crate::config::{Config, LoadedConfig};
use crate::schema;

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
            at: Some(Location {
                file: file.into(),
                line: e.pos.line,
                column: e.pos.column,
                path: String::new(),
            }),
            ..ConfigProblem::new("", e.message)
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
            at: Some(Location {
                file: self.file.to_string(),
                line: pos.line,
                column: pos.column,
                path: place.path.clone(),
            }),
            ..ConfigProblem::new("", message)
        });
    }

    fn into_error(mut self) -> Error {
        let position = |p: &ConfigProblem| p.at.as_ref().map(|at| (at.line, at.column));
        self.list.sort_by_key(position);
        self.list.dedup_by(|a, b| a.at == b.at && a.message == b.message);
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
///
/// Long on purpose: one message per kind of JSON Schema error, in one match.
#[allow(
    clippy::too_many_lines,
    reason = "one message per kind of JSON Schema error, in one match"
)]
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
                let elsewhere = match suggestion.is_empty() {
                    true => belongs_elsewhere(schema_root, &pointer, key),
                    false => String::new(),
                };
                out.push(
                    &key_place,
                    true,
                    format!("unknown key `{key}`{suggestion}; expected one of {allowed}{elsewhere}"),
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
            // A switch says what it switches (`exclusive_min: 0` is not a bound).
            let meaning = match expected.as_slice() {
                [only] if only == "a boolean" => schema::description_at(schema_root, &pointer)
                    .map(|d| format!(" (`true`: {})", lowercase_first(first_sentence(d))))
                    .unwrap_or_default(),
                _ => String::new(),
            };
            format!(
                "found {}; expected {}{meaning}",
                describe(instance),
                expected.join(" or ")
            )
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

/// "; `resamples` is a key of `metrics[].predictions`": where an unknown key is a key instead,
/// preferring places in the same section of the file (empty when it is nowhere, or everywhere).
fn belongs_elsewhere(schema_root: &Value, pointer: &str, key: &str) -> String {
    let places = schema::places_of_key(schema_root, key);
    let section = pointer.split('/').nth(1).unwrap_or_default();
    let near: Vec<&String> = places
        .iter()
        .filter(|p| p.split(['.', '[']).next() == Some(section))
        .collect();
    let shown: Vec<&String> = if near.is_empty() { places.iter().collect() } else { near };
    if shown.is_empty() || shown.len() > 3 {
        return String::new();
    }
    let list = shown.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(" and ");
    format!("; `{key}` is a key of {list}")
}

/// Rules the schema cannot express: unique gate names, and each gate's own rules.
fn semantic_problems(config: &Config, index: &PositionIndex, out: &mut Problems<'_>) {
    // Gate names are unique across the whole file: they are the prefix of every check id.
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let gates = config.gates();
    for (at, gate) in &gates {
        let place = index.find(&format!("{at}/name"));
        if let Some(first_line) = seen.get(gate.name()) {
            out.push(
                &place,
                false,
                format!(
                    "duplicate gate name {:?} (first at line {first_line}); expected names unique in the file",
                    gate.name()
                ),
            );
        } else {
            seen.insert(gate.name(), place.value.line);
        }
    }
    for (at, gate) in &gates {
        for problem in gate.validate() {
            let problem = problem.within(at);
            out.push(&index.find(&problem.pointer), problem.at_key, problem.message);
        }
    }
    if gates.is_empty() {
        out.push(
            &index.find(""),
            false,
            "no gates declared; expected at least one gate under `data`, `metrics` or `canary`".into(),
        );
    }
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
