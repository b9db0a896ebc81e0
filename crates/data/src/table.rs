//! Table checks: the row count, the columns present, compound keys.
//!
//! - `row_count`: data rows (the header is not a row), inclusive bounds.
//! - `columns`: `required` must all be present; `exact` allows no others; `ordered` wants the
//!   required columns in the order given (with `exact`: the header is exactly that list).
//! - `unique`: rows are compared on the key's columns; every row of a repeated key fails, and a
//!   key column that is missing fails the check.

use mlgate_core::report::Sample;
use mlgate_core::{CheckResult, Number, Severity, Status};
use serde_json::{Map, Value, json};

use crate::config::{ColumnsCheck, Range, TableChecks};
use crate::finding::{expected_of, range_text};
use crate::read::Table;

/// Every table check the config declares, in order; `samples` failing rows kept per check.
pub fn evaluate(gate: &str, config: &TableChecks, table: &Table, samples: usize) -> Vec<CheckResult> {
    let mut out = Vec::new();
    if let Some(range) = &config.row_count {
        out.push(row_count(gate, range, table));
    }
    if let Some(columns) = &config.columns {
        out.push(columns_check(gate, columns, table));
    }
    for key in &config.unique {
        out.push(unique_key(gate, key, table, samples));
    }
    out
}

fn result(id: String, check: &str) -> CheckResult {
    CheckResult {
        id,
        check: check.to_string(),
        severity: Some(Severity::Fail),
        pointer: Some(format!("/table/{check}")),
        ..CheckResult::default()
    }
}

fn row_count(gate: &str, range: &Range, table: &Table) -> CheckResult {
    let mut r = result(format!("{gate}.table.row_count"), "row_count");
    let rows = table.frame.height();
    r.observed = Some(json!(rows));
    r.expected = Some(expected_of(&[("min", range.min), ("max", range.max)]));
    if range.contains(Number::Int(rows as i128)) {
        r.message = format!("{rows} rows, within {}", range_text(range));
    } else {
        r.status = Status::Fail;
        r.message = format!("{rows} rows; expected {}", range_text(range));
    }
    r
}

fn columns_check(gate: &str, check: &ColumnsCheck, table: &Table) -> CheckResult {
    let mut r = result(format!("{gate}.table.columns"), "columns");
    let found: Vec<&str> = table.frame.get_column_names().iter().map(|c| c.as_str()).collect();
    r.observed = Some(json!(found));
    let mut expected = Map::new();
    expected.insert("required".into(), json!(check.required));
    expected.insert("exact".into(), json!(check.exact));
    expected.insert("ordered".into(), json!(check.ordered));
    r.expected = Some(expected);
    let quoted = |names: &[&str]| names.iter().map(|n| format!("{n:?}")).collect::<Vec<_>>().join(", ");
    let missing: Vec<&str> = check
        .required
        .iter()
        .map(String::as_str)
        .filter(|c| !found.contains(c))
        .collect();
    let extra: Vec<&str> = found
        .iter()
        .copied()
        .filter(|c| !check.required.iter().any(|r| r == c))
        .collect();
    let mut problems = Vec::new();
    if !missing.is_empty() {
        problems.push(format!("missing {}", quoted(&missing)));
    }
    if check.exact && !extra.is_empty() {
        problems.push(format!("not expected {}", quoted(&extra)));
    }
    if check.ordered && missing.is_empty() {
        // The required columns, in the order the file has them.
        let in_file: Vec<&str> = found
            .iter()
            .copied()
            .filter(|c| check.required.iter().any(|r| r == c))
            .collect();
        let wanted: Vec<&str> = check.required.iter().map(String::as_str).collect();
        if in_file != wanted {
            problems.push(format!(
                "in the order {}; expected {}",
                quoted(&in_file),
                quoted(&wanted)
            ));
        }
    }
    if problems.is_empty() {
        r.message = format!("columns {}", quoted(&found));
    } else {
        r.status = Status::Fail;
        r.message = format!("columns {}", problems.join("; "));
    }
    r
}

fn unique_key(gate: &str, key: &[String], table: &Table, max_samples: usize) -> CheckResult {
    let mut r = result(format!("{gate}.table.unique.{}", key.join("+")), "unique");
    r.expected = Some(Map::from_iter([("unique".to_string(), json!(key))]));
    let missing: Vec<&String> = key.iter().filter(|c| table.frame.column(c.as_str()).is_err()).collect();
    if !missing.is_empty() {
        r.status = Status::Fail;
        r.message = format!(
            "no column {} in {}; expected every column of the key",
            missing.iter().map(|c| format!("{c:?}")).collect::<Vec<_>>().join(", "),
            table.path
        );
        return r;
    }
    let duplicated = table
        .frame
        .select(key.iter().map(String::as_str))
        .and_then(|f| f.is_duplicated());
    let duplicated = match duplicated {
        Ok(d) => d,
        Err(e) => {
            r.status = Status::Error;
            r.message = format!("cannot compare the rows on {}: {e}", key.join(", "));
            return r;
        }
    };
    let rows = table.frame.height();
    let mut unexpected = 0usize;
    let mut samples = Vec::new();
    for (i, d) in duplicated.iter().enumerate() {
        if d == Some(true) {
            unexpected += 1;
            if samples.len() < max_samples {
                samples.push(Sample {
                    row: i as u64,
                    value: key_value(table, key, i),
                });
            }
        }
    }
    r.element_count = Some(rows as u64);
    r.unexpected_count = Some(unexpected as u64);
    r.unexpected_fraction = Some(if rows == 0 {
        0.0
    } else {
        unexpected as f64 / rows as f64
    });
    if !samples.is_empty() {
        r.samples = Some(samples);
    }
    if unexpected == 0 {
        r.message = format!("all {rows} rows have a distinct ({})", key.join(", "));
    } else {
        r.status = Status::Fail;
        r.message = format!(
            "{unexpected} of {rows} rows repeat a ({}) of another row",
            key.join(", ")
        );
    }
    r
}

/// A row's key as a JSON object of column -> value.
fn key_value(table: &Table, key: &[String], row: usize) -> Value {
    let mut out = Map::new();
    for c in key {
        let v = table
            .frame
            .column(c)
            .ok()
            .and_then(|col| col.get(row).ok())
            .map_or(Value::Null, |v| {
                if v.is_null() {
                    Value::Null
                } else {
                    Value::String(v.str_value().to_string())
                }
            });
        out.insert(c.clone(), v);
    }
    Value::Object(out)
}
