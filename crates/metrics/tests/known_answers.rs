//! Known answers for metrics computed from predictions: every case of reference/vectors.json
//! (scikit-learn, statsmodels, fairlearn for slices and parity metrics, and the same seeded
//! resampling in Python) within 1e-9 relative
//! (absolute 1e-12 near zero), through the same path the gate takes: table → data → metric.

use mlgate_metrics::config::{AverageKind, PredictionsConfig, SliceBy, SlicesConfig};
use mlgate_metrics::predictions::{self, Column, Table};
use mlgate_metrics::slices;
use serde_json::Value;

const REL: f64 = 1e-9;

fn column(name: &str, v: &Value) -> Column {
    let items = v.as_array().expect("a list");
    if items.iter().all(Value::is_number) {
        let numbers: Vec<f64> = items.iter().map(|x| x.as_f64().unwrap()).collect();
        let text = numbers
            .iter()
            .map(|x| {
                if x.fract() == 0.0 {
                    format!("{}", *x as i64)
                } else {
                    format!("{x}")
                }
            })
            .collect();
        Column {
            name: name.into(),
            text,
            numbers: Some(numbers),
        }
    } else {
        Column {
            name: name.into(),
            text: items.iter().map(|x| x.as_str().unwrap().to_string()).collect(),
            numbers: None,
        }
    }
}

fn table(labels: &Value, predictions: &Value) -> Table {
    Table {
        path: "p.csv".into(),
        ids: None,
        labels: column("y", labels),
        predictions: column("y_hat", predictions),
        attributes: Vec::new(),
    }
}

fn config(a: &Value) -> PredictionsConfig {
    let mut c: PredictionsConfig = serde_json::from_value(
        serde_json::json!({"current": "p.csv", "label_column": "y", "prediction_column": "y_hat"}),
    )
    .unwrap();
    c.average = match a["average"].as_str() {
        Some("binary") => Some(AverageKind::Binary),
        Some("macro") => Some(AverageKind::Macro),
        Some("micro") => Some(AverageKind::Micro),
        Some("weighted") => Some(AverageKind::Weighted),
        _ => None,
    };
    c.positive_label = a["positive_label"].as_str().map(str::to_string);
    if let Some(conf) = a["confidence"].as_f64() {
        c.confidence = conf;
    }
    if let Some(b) = a["resamples"].as_u64() {
        c.resamples = b as usize;
    }
    if let Some(s) = a["seed"].as_u64() {
        c.seed = s;
    }
    c
}

fn close(got: f64, want: f64) -> bool {
    (got - want).abs() <= (REL * want.abs()).max(1e-12)
}

#[test]
fn every_reference_vector_matches() {
    let v: Value = serde_json::from_str(include_str!("reference/vectors.json")).unwrap();
    let cases = v["cases"].as_array().unwrap();
    assert!(cases.len() >= 60);
    let mut wrong = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        let (a, e) = (&case["args"], &case["expected"]);
        let metric = a["metric"].as_str().unwrap();
        let cfg = config(a);
        let mut got: Vec<(&str, f64)> = Vec::new();
        match case["test"].as_str().unwrap() {
            "metric" | "interval" => {
                let t = table(&a["labels"], &a["predictions"]);
                let data = predictions::data_for(metric, &t, &cfg).expect("data");
                if case["test"] == "metric" {
                    let all: Vec<usize> = (0..data.len()).collect();
                    got.push(("value", data.metric(metric, &all)));
                } else {
                    let all: Vec<usize> = (0..data.len()).collect();
                    let (value, ci) = predictions::value_and_interval(metric, &data, &all, &cfg);
                    let ci = ci.expect("interval");
                    got.extend([("value", value), ("ci_low", ci[0]), ("ci_high", ci[1])]);
                }
            }
            "paired" => {
                let cur = predictions::data_for(metric, &table(&a["labels"], &a["current"]), &cfg).unwrap();
                let base = predictions::data_for(metric, &table(&a["labels"], &a["baseline"]), &cfg).unwrap();
                let all: Vec<usize> = (0..cur.len()).collect();
                let d = predictions::difference(metric, &cur, &base, &all, &cfg);
                got.extend([
                    ("delta", d.delta),
                    ("ci_low", d.ci[0]),
                    ("ci_high", d.ci[1]),
                    ("p_value", d.p_value),
                ]);
            }
            "slice" => got.push(("gap", slice_case(i, a, e, &cfg, &mut wrong))),
            "parity" => {
                let mut t = table(&a["labels"], &a["predictions"]);
                t.attributes.push(column("group", &a["group"]));
                let data = predictions::parity_data(metric, &t, &cfg, "group").expect("parity data");
                let all: Vec<usize> = (0..data.len()).collect();
                got.push(("value", data.metric(metric, &all)));
            }
            other => panic!("unknown case {other}"),
        }
        for (field, g) in got {
            let w = e[field].as_f64().unwrap();
            if !close(g, w) {
                wrong.push(format!(
                    "case {i} {} {metric} {:?}: {field} {g}, want {w}",
                    case["test"], a["average"]
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{} disagree:\n{}", wrong.len(), wrong.join("\n"));
}

/// A "slice" case: every slice of one `by` entry against fairlearn's MetricFrame.by_group (each
/// disagreement pushed to `wrong`); returns the gap between the largest and smallest slice.
fn slice_case(i: usize, a: &Value, e: &Value, cfg: &PredictionsConfig, wrong: &mut Vec<String>) -> f64 {
    let metric = a["metric"].as_str().unwrap();
    // Every slice of one `by` entry against fairlearn's MetricFrame.by_group, and the gap.
    let mut t = table(&a["labels"], &a["predictions"]);
    let by: Vec<String> = serde_json::from_value(a["by"].clone()).unwrap();
    for c in &by {
        t.attributes.push(column(c, &a["columns"][c]));
    }
    let data = predictions::data_for(metric, &t, cfg).expect("data");
    let entry = if by.len() == 1 {
        SliceBy::Column(by[0].clone())
    } else {
        SliceBy::Crossing(by.clone())
    };
    let found = slices::slices(
        &t,
        &SlicesConfig {
            by: vec![entry],
            min_support: 1,
        },
    );
    let groups = e["groups"].as_object().unwrap();
    assert_eq!(found.len(), groups.len(), "case {i}: slices {found:?}");
    let mut values = Vec::new();
    for s in &found {
        let want = groups[&s.label()].as_f64().unwrap();
        let value = data.metric(metric, &s.rows);
        values.push(value);
        if !close(value, want) {
            wrong.push(format!("case {i} slice {metric} {}: {value}, want {want}", s.label()));
        }
    }
    let (lo, hi) = values
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), v| (l.min(*v), h.max(*v)));
    hi - lo
}
