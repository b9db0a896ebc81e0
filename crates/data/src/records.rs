//! `json_schema`: every record of a JSON or JSON Lines dataset validated against a JSON Schema
//! (draft 2020-12, with the `jsonschema` crate). One check; each failing record is a sample with
//! its 0-based record number, and its value says where in the record and which schema rule.

use mlgate_core::report::Sample;
use mlgate_core::{CheckResult, Error, Severity, Status};
use serde_json::{Map, Value, json};

/// Validates the records of `data` (the bytes of `data_path`) against the schema file.
pub fn evaluate(
    gate: &str,
    data_path: &str,
    data: &[u8],
    schema_path: &str,
    schema: &[u8],
    max_samples: usize,
) -> Result<CheckResult, Error> {
    let schema_value: Value =
        serde_json::from_slice(strip_bom(schema)).map_err(|e| Error::invalid_json(schema_path, &e, "a JSON Schema"))?;
    let validator = jsonschema::draft202012::new(&schema_value)
        .map_err(|e| Error::input(schema_path, format!("not a valid JSON Schema: {e}")))?;
    let records = records(data_path, data)?;

    let mut r = CheckResult {
        id: format!("{gate}.json_schema"),
        check: "json_schema".into(),
        severity: Some(Severity::Fail),
        pointer: Some("/json_schema".into()),
        expected: Some(Map::from_iter([("json_schema".to_string(), json!(schema_path))])),
        ..CheckResult::default()
    };
    let mut failing = 0usize;
    let mut samples = Vec::new();
    for (i, record) in records.iter().enumerate() {
        let mut errors = validator.iter_errors(record).peekable();
        if errors.peek().is_none() {
            continue;
        }
        failing += 1;
        if samples.len() < max_samples {
            let why: Vec<String> = errors
                .take(3)
                .map(|e| {
                    let at = e.instance_path().as_str();
                    format!(
                        "at {}: {e} (schema {})",
                        if at.is_empty() { "/" } else { at },
                        e.schema_path().as_str()
                    )
                })
                .collect();
            samples.push(Sample {
                row: i as u64,
                value: Value::String(why.join("; ")),
            });
        }
    }
    let n = records.len();
    r.element_count = Some(n as u64);
    r.unexpected_count = Some(failing as u64);
    r.unexpected_fraction = Some(if n == 0 { 0.0 } else { failing as f64 / n as f64 });
    if !samples.is_empty() {
        r.samples = Some(samples);
    }
    if failing == 0 {
        r.message = format!("all {n} records valid against {schema_path}");
    } else {
        r.status = Status::Fail;
        r.message = format!("{failing} of {n} records invalid against {schema_path}");
    }
    Ok(r)
}

fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

/// The records of a JSON array or of JSON Lines (blank lines skipped).
fn records(path: &str, bytes: &[u8]) -> Result<Vec<Value>, Error> {
    let bytes = strip_bom(bytes);
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
    if first == Some(&b'[') {
        let value: Value =
            serde_json::from_slice(bytes).map_err(|e| Error::invalid_json(path, &e, "an array of records"))?;
        return Ok(match value {
            Value::Array(items) => items,
            other => vec![other],
        });
    }
    let mut out = Vec::new();
    for (i, line) in bytes.split(|b| *b == b'\n').enumerate() {
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let value = serde_json::from_slice(line).map_err(|e| {
            let mut err = Error::invalid_json(path, &e, "one JSON record per line");
            if let Error::Input { position, .. } = &mut err {
                *position = Some((i + 1, e.column()));
            }
            err
        })?;
        out.push(value);
    }
    Ok(out)
}
