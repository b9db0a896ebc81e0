//! Sample sources: from bytes to one sample per metric.
//!
//! Formats (chosen from the content, then the extension):
//! - a Prometheus HTTP API response (`{"status": ..., "data": {"resultType": "vector" | "matrix",
//!   "result": [...]}}`), as `/api/v1/query` or `/api/v1/query_range` return it. Values are
//!   strings; "NaN", "+Inf" and "-Inf" are honoured. Every series' values are flattened into one
//!   sample, in series order (as Argo Rollouts does). A file declared for a whole gate assigns each
//!   series to the metric named by its `__name__` label; one declared for a metric takes all
//!   series. `"status": "error"` is an input error carrying Prometheus' message.
//! - JSON `{metric: [values]}`: numbers, `null` (a missing value, read as NaN) or the strings
//!   "NaN", "Infinity", "-Infinity".
//! - CSV/TSV with a header: one column per metric. Empty cells are missing values (skipped, so
//!   arms and metrics may differ in length); "NaN"/"nan" is NaN; other text is an input error with
//!   the row and column.
//! - Parquet (read with polars' eager reader): every numeric or boolean column, cast to f64; nulls
//!   are missing values (skipped); other columns are ignored.
//!
//! Non-finite values (NaN, ±Inf) are all subject to the metric's `nan` strategy.

use indexmap::IndexMap;
use mlgate_core::Error;

/// The samples of one source, by metric name.
pub type Samples = IndexMap<String, Vec<f64>>;

/// A parsed source.
#[derive(Debug, Clone, PartialEq)]
pub struct SampleSet {
    /// It was a Prometheus response: series are keyed by their `__name__` label.
    pub prometheus: bool,
    pub columns: Samples,
}

impl SampleSet {
    /// The sample of `metric`. A Prometheus response declared on the metric itself gives all its
    /// series to that metric; otherwise the column (or series name) must match. None: not there.
    pub fn get(&self, metric: &str, per_metric: bool) -> Option<Vec<f64>> {
        match self.columns.get(metric) {
            Some(v) => Some(v.clone()),
            None if self.prometheus && per_metric => Some(flatten(&self.columns)),
            None => None,
        }
    }
}

/// Parses a source file. `path` names it in errors.
pub fn parse(path: &str, bytes: &[u8]) -> Result<SampleSet, Error> {
    let (prometheus, columns) = parse_columns(path, bytes)?;
    Ok(SampleSet { prometheus, columns })
}

fn parse_columns(path: &str, bytes: &[u8]) -> Result<(bool, Samples), Error> {
    if path.to_ascii_lowercase().ends_with(".parquet") || bytes.starts_with(b"PAR1") {
        return Ok((false, parquet_columns(path, bytes)?));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        Error::input(
            path,
            format!(
                "not UTF-8 text (invalid byte at offset {}); expected a sample file",
                e.valid_up_to()
            ),
        )
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let trimmed = text.trim_start();
    let lower = path.to_ascii_lowercase();
    if trimmed.starts_with('{') {
        let value: serde_json::Value = serde_json::from_str(text)
            .map_err(|e| Error::invalid_json(path, &e, "{metric: [values]} or a Prometheus API response"))?;
        if value.get("status").is_some() && (value.get("data").is_some() || value.get("error").is_some()) {
            return Ok((true, prometheus(path, &value)?));
        }
        return Ok((false, json_columns(path, &value)?));
    }
    if lower.ends_with(".csv") || lower.ends_with(".tsv") {
        return Ok((
            false,
            csv_columns(path, bytes, if lower.ends_with(".tsv") { b'\t' } else { b',' })?,
        ));
    }
    Err(Error::input(
        path,
        "unknown sample file format; expected a .csv, .tsv or .parquet file with one column per metric, \
         JSON {metric: [values]}, or a Prometheus API response",
    ))
}

fn number(v: &serde_json::Value) -> Option<f64> {
    match v {
        serde_json::Value::Number(n) => n.as_f64(),
        serde_json::Value::Null => Some(f64::NAN),
        serde_json::Value::String(s) => parse_float(s),
        _ => None,
    }
}

/// Numbers as Prometheus and Python write them: "NaN", "+Inf", "-Inf", "Infinity", "1e3".
fn parse_float(s: &str) -> Option<f64> {
    s.trim().parse::<f64>().ok()
}

fn json_columns(path: &str, value: &serde_json::Value) -> Result<Samples, Error> {
    let Some(object) = value.as_object() else {
        return Err(Error::input(path, "expected a JSON object {metric: [values]}"));
    };
    let mut out = Samples::new();
    for (metric, values) in object {
        let Some(items) = values.as_array() else {
            return Err(Error::input(
                path,
                format!("{metric:?} is not a list; expected {{metric: [values]}}"),
            ));
        };
        let mut sample = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            match number(item) {
                Some(x) => sample.push(x),
                None => {
                    return Err(Error::input(
                        path,
                        format!("{metric}[{i}] is {item}; expected a number, null or \"NaN\""),
                    ));
                }
            }
        }
        out.insert(metric.clone(), sample);
    }
    Ok(out)
}

fn csv_columns(path: &str, bytes: &[u8], delimiter: u8) -> Result<Samples, Error> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(true)
        .from_reader(bytes);
    let bad = |line: Option<u64>, message: String| Error::Input {
        file: path.to_string(),
        position: line.map(|l| (l as usize, 1)),
        message,
        declared_at: None,
    };
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| {
            bad(
                e.position().map(csv::Position::line),
                format!("invalid CSV header: {e}"),
            )
        })?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    if headers.iter().all(String::is_empty) {
        return Err(bad(
            Some(1),
            "no header row; expected one column per metric, named in the first row".into(),
        ));
    }
    let mut columns: Vec<Vec<f64>> = vec![Vec::new(); headers.len()];
    for record in reader.records() {
        let record = record.map_err(|e| {
            bad(
                e.position().map(csv::Position::line),
                format!("invalid CSV: {e}; expected the same number of fields in every row"),
            )
        })?;
        let line = record.position().map(csv::Position::line);
        for (j, field) in record.iter().enumerate() {
            let field = field.trim();
            if field.is_empty() {
                continue;
            }
            match parse_float(field) {
                Some(x) => columns[j].push(x),
                None => {
                    return Err(bad(
                        line,
                        format!("column {:?} holds {field:?}; expected a number", headers[j]),
                    ));
                }
            }
        }
    }
    Ok(headers.into_iter().zip(columns).collect())
}

fn parquet_columns(path: &str, bytes: &[u8]) -> Result<Samples, Error> {
    use polars::prelude::{DataType, ParquetReader, SerReader};
    let df = ParquetReader::new(std::io::Cursor::new(bytes)).finish().map_err(|e| {
        Error::input(
            path,
            format!("not a readable Parquet file ({e}); expected one column per metric"),
        )
    })?;
    let mut out = Samples::new();
    for column in df.columns() {
        if !(column.dtype().is_primitive_numeric() || column.dtype() == &DataType::Boolean) {
            continue;
        }
        let values = column
            .cast(&DataType::Float64)
            .and_then(|c| c.f64().map(|ca| ca.into_iter().flatten().collect::<Vec<f64>>()))
            .map_err(|e| {
                Error::input(
                    path,
                    format!("column {:?} cannot be read as numbers: {e}", column.name()),
                )
            })?;
        out.insert(column.name().to_string(), values);
    }
    Ok(out)
}

fn prometheus(path: &str, value: &serde_json::Value) -> Result<Samples, Error> {
    let status = value.get("status").and_then(|s| s.as_str()).unwrap_or_default();
    if status != "success" {
        let kind = value.get("errorType").and_then(|s| s.as_str()).unwrap_or("unknown");
        let why = value.get("error").and_then(|s| s.as_str()).unwrap_or("no message");
        return Err(Error::input(
            path,
            format!("Prometheus answered status {status:?} ({kind}): {why}"),
        ));
    }
    let data = &value["data"];
    let result_type = data.get("resultType").and_then(|s| s.as_str()).unwrap_or_default();
    let Some(result) = data.get("result").and_then(|r| r.as_array()) else {
        return Err(Error::input(
            path,
            "a Prometheus response without data.result; expected a query or query_range answer",
        ));
    };
    let mut out = Samples::new();
    for (i, series) in result.iter().enumerate() {
        let name = series
            .get("metric")
            .and_then(|m| m.get("__name__"))
            .and_then(|n| n.as_str())
            .unwrap_or_default()
            .to_string();
        let points: Vec<&serde_json::Value> = match result_type {
            "matrix" => series
                .get("values")
                .and_then(|v| v.as_array())
                .map(|v| v.iter().collect())
                .unwrap_or_default(),
            "vector" => series.get("value").into_iter().collect(),
            other => {
                return Err(Error::input(
                    path,
                    format!("Prometheus resultType {other:?}; expected \"vector\" or \"matrix\""),
                ));
            }
        };
        let sample = out.entry(name).or_default();
        for point in points {
            let v = point.get(1).and_then(|v| v.as_str()).and_then(parse_float);
            match v {
                Some(x) => sample.push(x),
                None => {
                    return Err(Error::input(
                        path,
                        format!("data.result[{i}] holds the point {point}; expected [timestamp, \"value\"]"),
                    ));
                }
            }
        }
    }
    Ok(out)
}

/// Every value of every series, flattened (a per-metric source takes all of them).
pub fn flatten(samples: &Samples) -> Vec<f64> {
    samples.values().flatten().copied().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_columns_with_nulls_and_nan_strings() {
        let s = parse("s.json", br#"{"latency": [1, 2.5, null, "NaN", "+Inf"], "errors": []}"#)
            .unwrap()
            .columns;
        let latency = &s["latency"];
        assert_eq!(&latency[..2], &[1.0, 2.5]);
        assert!(latency[2].is_nan() && latency[3].is_nan());
        assert_eq!(latency[4], f64::INFINITY);
        assert!(s["errors"].is_empty());
        let e = parse("s.json", br#"{"latency": [1, "slow"]}"#).unwrap_err();
        assert_eq!(
            e.to_string(),
            "s.json: latency[1] is \"slow\"; expected a number, null or \"NaN\""
        );
    }

    #[test]
    fn csv_columns_skip_empty_cells() {
        let s = parse("s.csv", b"latency,errors\n10,0\n12,\n,1\nNaN,0\n")
            .unwrap()
            .columns;
        assert_eq!(s["errors"], vec![0.0, 1.0, 0.0]);
        assert_eq!(s["latency"].len(), 3);
        let e = parse("s.csv", b"latency\n10\nfast\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "s.csv:3:1: column \"latency\" holds \"fast\"; expected a number"
        );
    }

    #[test]
    fn parquet_columns_with_nulls() {
        // Written by pyarrow: latency = [1.5, null, 3.0] (double), errors = [0, 2, 1] (int64), note = strings.
        let bytes = include_bytes!("../tests/fixtures/samples.parquet");
        let s = parse("s.parquet", bytes).unwrap().columns;
        assert_eq!(s["latency"], vec![1.5, 3.0]);
        assert_eq!(s["errors"], vec![0.0, 2.0, 1.0]);
        assert!(!s.contains_key("note"));
        let e = parse("bad.parquet", b"PAR1 this is not parquet").unwrap_err();
        assert!(
            e.to_string().starts_with("bad.parquet: not a readable Parquet file"),
            "{e}"
        );
    }

    #[test]
    fn prometheus_vector_matrix_and_errors() {
        let matrix = br#"{"status":"success","data":{"resultType":"matrix","result":[
            {"metric":{"__name__":"latency","pod":"a"},"values":[[1,"1.5"],[2,"NaN"]]},
            {"metric":{"__name__":"latency","pod":"b"},"values":[[1,"+Inf"],[2,"-Inf"]]}]}}"#;
        let set = parse("p.json", matrix).unwrap();
        assert!(set.prometheus);
        let l = &set.columns["latency"];
        assert_eq!(l.len(), 4);
        assert_eq!((l[0], l[2], l[3]), (1.5, f64::INFINITY, f64::NEG_INFINITY));
        let vector = br#"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"7"]}]}}"#;
        let set = parse("p.json", vector).unwrap();
        assert_eq!(set.get("anything", true), Some(vec![7.0]));
        assert_eq!(set.get("anything", false), None);
        let empty = br#"{"status":"success","data":{"resultType":"matrix","result":[]}}"#;
        assert!(parse("p.json", empty).unwrap().columns.is_empty());
        let error = br#"{"status":"error","errorType":"bad_data","error":"parse error at char 3"}"#;
        assert_eq!(
            parse("p.json", error).unwrap_err().to_string(),
            "p.json: Prometheus answered status \"error\" (bad_data): parse error at char 3"
        );
    }
}
