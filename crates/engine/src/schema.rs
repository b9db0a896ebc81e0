//! JSON Schemas generated from the Rust types: the config (`schemas/mlgate.schema.json`, which
//! editors use through yaml-language-server and which [`crate::config`] validates against) and the
//! report (`schemas/report.schema.json`).

use std::sync::OnceLock;

use schemars::JsonSchema;
use schemars::generate::SchemaSettings;
use serde_json::Value;

use crate::config::Config;

/// The config schema.
pub fn config_schema() -> Value {
    generate::<Config>(
        "mlgate config",
        "An mlgate.yaml file: the data, metrics and canary gates one run evaluates.",
    )
}

/// The report schema (`mlgate check --format json`).
pub fn report_schema() -> Value {
    generate::<mlgate_core::Report>("mlgate report", "The report of one mlgate run.")
}

/// The config schema, generated once per process.
pub(crate) fn cached_config_schema() -> &'static Value {
    static SCHEMA: OnceLock<Value> = OnceLock::new();
    SCHEMA.get_or_init(config_schema)
}

fn generate<T: JsonSchema>(title: &str, description: &str) -> Value {
    let schema = SchemaSettings::draft2020_12()
        .into_generator()
        .into_root_schema_for::<T>();
    let mut value = schema.to_value();
    drop_null_from_optionals(&mut value);
    if let Value::Object(root) = &mut value {
        root.insert("title".into(), Value::from(title));
        root.insert("description".into(), Value::from(description));
    }
    value
}

/// An optional field is one that may be left out, not one that may be `null`: schemars writes
/// `Option<T>` as "T or null", which would let `min: ~` through and make every type error read
/// "expected a number or null". Only the T is kept.
fn drop_null_from_optionals(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if let Some(Value::Array(types)) = map.get_mut("type") {
                types.retain(|t| t != "null");
                if types.len() == 1 {
                    let only = types.remove(0);
                    map.insert("type".into(), only);
                }
            }
            let null_branch =
                |v: &Value| v.get("type").is_some_and(|t| t == "null") && v.as_object().is_some_and(|o| o.len() == 1);
            if let Some(Value::Array(branches)) = map.get("anyOf")
                && branches.len() == 2
                && branches.iter().any(null_branch)
            {
                let kept = branches.iter().find(|b| !null_branch(b)).cloned();
                map.remove("anyOf");
                if let Some(Value::Object(kept)) = kept {
                    for (k, v) in kept {
                        map.entry(k).or_insert(v);
                    }
                }
            }
            if let Some(Value::Array(options)) = map.get_mut("enum") {
                options.retain(|o| !o.is_null());
            }
            map.values_mut().for_each(drop_null_from_optionals);
        }
        Value::Array(items) => items.iter_mut().for_each(drop_null_from_optionals),
        _ => {}
    }
}

/// The subschema that describes the value at a JSON pointer (following `$ref`s into `$defs`),
/// used to list the keys allowed where an unknown one was found.
pub(crate) fn schema_at<'s>(root: &'s Value, pointer: &str) -> Option<&'s Value> {
    let mut cur = resolve(root, root)?;
    for seg in pointer.split('/').skip(1) {
        let seg = seg.replace("~1", "/").replace("~0", "~");
        let step = |node: &'s Value| {
            node.get("properties")
                .and_then(|p| p.get(&seg))
                .or_else(|| node.get("additionalProperties").filter(|a| a.is_object()))
                .or_else(|| node.get("items").filter(|_| seg.parse::<usize>().is_ok()))
        };
        // A value of several forms (anyOf): the first form that has this child.
        let branches = cur.get("anyOf").or_else(|| cur.get("oneOf")).and_then(Value::as_array);
        let next = step(cur).or_else(|| branches?.iter().filter_map(|b| resolve(root, b)).find_map(step))?;
        cur = resolve(root, next)?;
    }
    Some(cur)
}

/// The description of the value at a JSON pointer: the one written beside a `$ref` (a field's
/// own doc) wins over the referenced type's.
pub(crate) fn description_at<'s>(root: &'s Value, pointer: &str) -> Option<&'s str> {
    let (parent, last) = pointer.rsplit_once('/')?;
    let last = last.replace("~1", "/").replace("~0", "~");
    let holder = schema_at(root, parent)?;
    let raw = holder
        .get("properties")
        .and_then(|p| p.get(&last))
        .or_else(|| holder.get("additionalProperties").filter(|a| a.is_object()))
        .or_else(|| holder.get("items"))?;
    raw.get("description")
        .or_else(|| resolve(root, raw).and_then(|r| r.get("description")))
        .and_then(Value::as_str)
}

/// Where in a config `key` is a key: the places whose mappings declare it, written as a reader
/// finds them (`metrics[].predictions`, `data[].columns.<name>`, `settings`), sorted. For the
/// message on a key written in the wrong place ("`resamples` is a key of `metrics[].predictions`").
pub(crate) fn places_of_key(root: &Value, key: &str) -> Vec<String> {
    let mut out = Vec::new();
    walk_for_key(root, root, String::new(), key, &mut Vec::new(), &mut out);
    out.sort();
    out.dedup();
    out
}

fn walk_for_key<'s>(
    root: &'s Value,
    node: &'s Value,
    path: String,
    key: &str,
    refs: &mut Vec<&'s str>,
    out: &mut Vec<String>,
) {
    if let Some(reference) = node.get("$ref").and_then(Value::as_str) {
        // A type that holds itself (`warn:` holds a column's checks) is walked once per path.
        if refs.contains(&reference) {
            return;
        }
        if let Some(target) = reference.strip_prefix('#').and_then(|p| root.pointer(p)) {
            refs.push(reference);
            walk_for_key(root, target, path, key, refs, out);
            refs.pop();
        }
        return;
    }
    let child = |name: &str| {
        if path.is_empty() {
            name.to_string()
        } else {
            format!("{path}.{name}")
        }
    };
    if let Some(properties) = node.get("properties").and_then(Value::as_object) {
        if properties.contains_key(key) && !path.is_empty() {
            out.push(path.clone());
        }
        for (name, schema) in properties {
            walk_for_key(root, schema, child(name), key, refs, out);
        }
    }
    if let Some(values) = node.get("additionalProperties").filter(|a| a.is_object()) {
        walk_for_key(root, values, child("<name>"), key, refs, out);
    }
    if let Some(items) = node.get("items").filter(|i| i.is_object()) {
        walk_for_key(root, items, format!("{path}[]"), key, refs, out);
    }
    for branches in ["anyOf", "oneOf", "allOf"] {
        for branch in node.get(branches).and_then(Value::as_array).into_iter().flatten() {
            walk_for_key(root, branch, path.clone(), key, refs, out);
        }
    }
}

fn resolve<'s>(root: &'s Value, schema: &'s Value) -> Option<&'s Value> {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(r) => root.pointer(r.strip_prefix('#')?),
        None => Some(schema),
    }
}

/// A schema as committed under `schemas/`: pretty JSON with a final newline.
pub fn pretty(schema: &Value) -> String {
    let mut out = serde_json::to_string_pretty(schema).unwrap_or_default();
    out.push('\n');
    out
}
