//! Every rule of the metrics gate, as a table: inputs, expected status and message.

#![allow(
    clippy::too_many_lines,
    reason = "a test reads top to bottom, as the story it checks"
)]

use super::*;
use mlgate_core::{FileRef, MemoryInputs, Severity};
use serde_json::json;

/// One case: current and baseline file content (JSON), a threshold (YAML-ish JSON), and the outcome.
struct Case {
    what: &'static str,
    current: &'static str,
    baseline: Option<&'static str>,
    threshold: Value,
    status: Status,
    message: &'static str,
}

/// A config's problems as `<pointer> <message>` lines, for comparing with the expected ones.
pub(super) fn problem_lines(gate: &MetricsGateConfig) -> Vec<String> {
    gate.validate()
        .into_iter()
        .map(|p| format!("{} {}", p.pointer, p.message))
        .collect()
}

fn run(case: &Case) -> CheckResult {
    let mut inputs = MemoryInputs::new();
    inputs.insert("cur.json", case.current.as_bytes().to_vec());
    if let Some(b) = case.baseline {
        inputs.insert("base.json", b.as_bytes().to_vec());
    }
    let threshold: Threshold = serde_json::from_value(case.threshold.clone()).expect("test threshold");
    let gate = MetricsGateConfig {
        name: "model".into(),
        current: Some(FileRef::Path("cur.json".into())),
        baseline: case.baseline.map(|_| FileRef::Path("base.json".into())),
        thresholds: [("acc".to_string(), threshold)].into_iter().collect(),
        predictions: None,
    };
    assert_eq!(
        gate.validate(),
        vec![],
        "{}: the case's config must be valid",
        case.what
    );
    let mut checks = gate
        .evaluate(&inputs, &Settings::default())
        .expect("inputs are readable")
        .checks;
    assert_eq!(checks.len(), 1);
    checks.remove(0)
}

#[test]
fn every_metric_rule() {
    use Status::*;
    let cases = [
        // Bounds on the current value, both directions, inclusive.
        Case {
            what: "above min",
            current: r#"{"acc": 0.9}"#,
            baseline: None,
            threshold: json!({"min": 0.85}),
            status: Pass,
            message: "0.9 meets min 0.85",
        },
        Case {
            what: "min is inclusive",
            current: r#"{"acc": 0.85}"#,
            baseline: None,
            threshold: json!({"min": 0.85}),
            status: Pass,
            message: "0.85 meets min 0.85",
        },
        Case {
            what: "below min",
            current: r#"{"acc": 0.8}"#,
            baseline: None,
            threshold: json!({"min": 0.85}),
            status: Fail,
            message: "0.8 is below min 0.85",
        },
        Case {
            what: "max is inclusive",
            current: r#"{"acc": 120}"#,
            baseline: None,
            threshold: json!({"max": 120}),
            status: Pass,
            message: "120 meets max 120",
        },
        Case {
            what: "above max",
            current: r#"{"acc": 130}"#,
            baseline: None,
            threshold: json!({"max": 120}),
            status: Fail,
            message: "130 is above max 120",
        },
        Case {
            what: "inside min and max",
            current: r#"{"acc": 0.5}"#,
            baseline: None,
            threshold: json!({"min": 0, "max": 1}),
            status: Pass,
            message: "0.5 meets min 0, max 1",
        },
        Case {
            what: "no bounds: present and finite",
            current: r#"{"acc": 0.5}"#,
            baseline: None,
            threshold: json!({}),
            status: Pass,
            message: "0.5 (no bounds set)",
        },
        Case {
            what: "severity warn",
            current: r#"{"acc": 0.8}"#,
            baseline: None,
            threshold: json!({"min": 0.85, "severity": "warn"}),
            status: Warn,
            message: "0.8 is below min 0.85",
        },
        // Absolute regression, higher is better, at the boundary.
        Case {
            what: "abs regression exactly at the bound",
            current: r#"{"acc": 0.89}"#,
            baseline: Some(r#"{"acc": 0.90}"#),
            threshold: json!({"direction": "higher", "max_regression": 0.01}),
            status: Pass,
            message: "0.89 meets max_regression 0.01 (baseline 0.9, delta -0.01)",
        },
        Case {
            what: "abs regression just past the bound",
            current: r#"{"acc": 0.8899}"#,
            baseline: Some(r#"{"acc": 0.90}"#),
            threshold: json!({"direction": "higher", "max_regression": 0.01}),
            status: Fail,
            message: "worse than baseline 0.9 by 0.0101 (max_regression 0.01)",
        },
        Case {
            what: "improvement passes a zero regression bound",
            current: r#"{"acc": 0.95}"#,
            baseline: Some(r#"{"acc": 0.90}"#),
            threshold: json!({"min": 0.5, "max_regression": 0}),
            status: Pass,
            message: "0.95 meets min 0.5, max_regression 0 (baseline 0.9, delta +0.05)",
        },
        // Absolute regression, lower is better (direction inferred from max).
        Case {
            what: "lower: abs regression at the bound",
            current: r#"{"acc": 110}"#,
            baseline: Some(r#"{"acc": 100}"#),
            threshold: json!({"max": 200, "max_regression": 10}),
            status: Pass,
            message: "110 meets max 200, max_regression 10 (baseline 100, delta +10)",
        },
        Case {
            what: "lower: abs regression past the bound",
            current: r#"{"acc": 110.5}"#,
            baseline: Some(r#"{"acc": 100}"#),
            threshold: json!({"max": 200, "max_regression": 10}),
            status: Fail,
            message: "worse than baseline 100 by 10.5 (max_regression 10)",
        },
        // Relative regression, both directions, at the boundary.
        Case {
            what: "lower: rel regression at the bound",
            current: r#"{"acc": 110}"#,
            baseline: Some(r#"{"acc": 100}"#),
            threshold: json!({"direction": "lower", "max_regression_rel": 0.1}),
            status: Pass,
            message: "110 meets max_regression_rel 0.1 (baseline 100, delta +10)",
        },
        Case {
            what: "lower: rel regression past the bound",
            current: r#"{"acc": 111}"#,
            baseline: Some(r#"{"acc": 100}"#),
            threshold: json!({"direction": "lower", "max_regression_rel": 0.1}),
            status: Fail,
            message: "worse than baseline 100 by 11% (max_regression_rel 0.1 = 10%)",
        },
        Case {
            what: "higher: rel regression at the bound",
            current: r#"{"acc": 0.72}"#,
            baseline: Some(r#"{"acc": 0.8}"#),
            threshold: json!({"min": 0, "max_regression_rel": 0.1}),
            status: Pass,
            message: "0.72 meets min 0, max_regression_rel 0.1 (baseline 0.8, delta -0.08)",
        },
        Case {
            what: "higher: rel regression past the bound",
            current: r#"{"acc": 0.71}"#,
            baseline: Some(r#"{"acc": 0.8}"#),
            threshold: json!({"min": 0, "max_regression_rel": 0.1}),
            status: Fail,
            message: "worse than baseline 0.8 by 11.25% (max_regression_rel 0.1 = 10%)",
        },
        Case {
            what: "negative baseline: relative to |baseline|",
            current: r#"{"acc": -1.1}"#,
            baseline: Some(r#"{"acc": -1.0}"#),
            threshold: json!({"direction": "higher", "max_regression_rel": 0.05}),
            status: Fail,
            message: "worse than baseline -1 by 10% (max_regression_rel 0.05 = 5%)",
        },
        Case {
            what: "both bounds breached: both said",
            current: r#"{"acc": 0.7}"#,
            baseline: Some(r#"{"acc": 0.9}"#),
            threshold: json!({"min": 0.8, "max_regression": 0.05}),
            status: Fail,
            message: "0.7 is below min 0.8; worse than baseline 0.9 by 0.2 (max_regression 0.05)",
        },
        // Zero baseline with a relative bound.
        Case {
            what: "zero baseline, worse",
            current: r#"{"acc": 0.1}"#,
            baseline: Some(r#"{"acc": 0}"#),
            threshold: json!({"direction": "lower", "max_regression_rel": 0.5}),
            status: Fail,
            message: "worse than baseline 0 by 0.1; with a zero baseline any worsening exceeds max_regression_rel",
        },
        Case {
            what: "zero baseline, equal",
            current: r#"{"acc": 0}"#,
            baseline: Some(r#"{"acc": 0}"#),
            threshold: json!({"direction": "lower", "max_regression_rel": 0.5}),
            status: Pass,
            message: "0 meets max_regression_rel 0.5 (baseline 0, delta 0)",
        },
        Case {
            what: "zero baseline, better",
            current: r#"{"acc": -0.1}"#,
            baseline: Some(r#"{"acc": 0}"#),
            threshold: json!({"direction": "lower", "max_regression_rel": 0.5}),
            status: Pass,
            message: "-0.1 meets max_regression_rel 0.5 (baseline 0, delta -0.1)",
        },
        // Missing values.
        Case {
            what: "missing from current",
            current: r#"{"f1": 0.9}"#,
            baseline: None,
            threshold: json!({"min": 0.5}),
            status: Fail,
            message: "acc not found in cur.json; the file has \"f1\"",
        },
        Case {
            what: "missing from current, warn",
            current: r#"{"f1": 0.9}"#,
            baseline: None,
            threshold: json!({"min": 0.5, "severity": "warn"}),
            status: Warn,
            message: "acc not found in cur.json; the file has \"f1\"",
        },
        Case {
            what: "missing from baseline with a regression bound",
            current: r#"{"acc": 0.9}"#,
            baseline: Some(r#"{"f1": 0.9}"#),
            threshold: json!({"min": 0.5, "max_regression": 0.01}),
            status: Fail,
            message: "not in the baseline file base.json, so max_regression cannot be checked",
        },
        Case {
            what: "missing from baseline without a regression bound",
            current: r#"{"acc": 0.9}"#,
            baseline: Some(r#"{"f1": 0.9}"#),
            threshold: json!({"min": 0.5}),
            status: Pass,
            message: "0.9 meets min 0.5",
        },
        // NaN and infinities never pass.
        Case {
            what: "NaN current",
            current: r#"{"acc": NaN}"#,
            baseline: None,
            threshold: json!({"min": 0.5}),
            status: Fail,
            message: "acc is NaN in cur.json; a metric must be a finite number",
        },
        Case {
            what: "NaN current without bounds",
            current: r#"{"acc": NaN}"#,
            baseline: None,
            threshold: json!({}),
            status: Fail,
            message: "acc is NaN in cur.json; a metric must be a finite number",
        },
        Case {
            what: "infinite current",
            current: r#"{"acc": Infinity}"#,
            baseline: None,
            threshold: json!({"min": 0.5}),
            status: Fail,
            message: "acc is inf in cur.json; a metric must be a finite number",
        },
        Case {
            what: "NaN baseline with a regression bound",
            current: r#"{"acc": 0.9}"#,
            baseline: Some(r#"{"acc": NaN}"#),
            threshold: json!({"min": 0.5, "max_regression_rel": 0.1}),
            status: Fail,
            message: "baseline is NaN in base.json, so max_regression_rel cannot be checked",
        },
        // Values that are not numbers are input errors.
        Case {
            what: "string current",
            current: r#"{"acc": "n/a"}"#,
            baseline: None,
            threshold: json!({"min": 0.5}),
            status: Error,
            message: "acc in cur.json is a string \"n/a\"; expected a number",
        },
        Case {
            what: "string baseline",
            current: r#"{"acc": 0.9}"#,
            baseline: Some(r#"{"acc": true}"#),
            threshold: json!({"min": 0.5}),
            status: Error,
            message: "acc in the baseline file base.json is a boolean true; expected a number",
        },
        Case {
            what: "mapping current",
            current: r#"{"acc": {"mean": 0.9}}"#,
            baseline: None,
            threshold: json!({"min": 0.5}),
            status: Error,
            message: "acc in cur.json is a mapping; expected a number",
        },
    ];
    let mut wrong = Vec::new();
    for case in &cases {
        let c = run(case);
        if c.status != case.status || c.message != case.message {
            wrong.push(format!(
                "{}: got {} {:?}, expected {} {:?}",
                case.what, c.status, c.message, case.status, case.message
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} cases wrong:\n{}",
        wrong.len(),
        cases.len(),
        wrong.join("\n")
    );
}

#[test]
fn report_fields_of_a_regression_check() {
    let c = run(&Case {
        what: "fields",
        current: r#"{"acc": 0.88}"#,
        baseline: Some(r#"{"acc": 0.8}"#),
        threshold: json!({"min": 0.85, "max_regression": 0.01}),
        status: Status::Pass,
        message: "",
    });
    assert_eq!(c.id, "model.acc");
    assert_eq!(c.observed, Some(json!(0.88)));
    assert_eq!(c.baseline, Some(json!(0.8)));
    assert!((c.delta.unwrap() - 0.08).abs() < 1e-12);
    assert!((c.delta_rel.unwrap() - 0.1).abs() < 1e-12);
    assert_eq!(
        Value::Object(c.expected.unwrap()),
        json!({"direction": "higher", "min": 0.85, "max_regression": 0.01})
    );
    assert_eq!(c.severity, Some(Severity::Fail));
}

#[test]
fn zero_baseline_has_no_relative_delta() {
    let c = run(&Case {
        what: "zero",
        current: r#"{"acc": 1}"#,
        baseline: Some(r#"{"acc": 0}"#),
        threshold: json!({"max": 5}),
        status: Status::Pass,
        message: "",
    });
    assert_eq!(c.delta, Some(1.0));
    assert_eq!(c.delta_rel, None);
}

#[test]
fn validation_rules_the_schema_cannot_express() {
    let threshold = |v: Value| serde_json::from_value::<Threshold>(v).unwrap();
    let gate = MetricsGateConfig {
        name: "m".into(),
        current: Some(FileRef::Path("c.json".into())),
        baseline: None,
        thresholds: [
            ("ok".to_string(), threshold(json!({"min": 0.1, "max": 0.9}))),
            ("inverted".to_string(), threshold(json!({"min": 0.9, "max": 0.1}))),
            (
                "both".to_string(),
                threshold(json!({"min": 0.1, "max": 0.9, "max_regression": 0.1})),
            ),
            ("a..b".to_string(), threshold(json!({}))),
        ]
        .into_iter()
        .collect(),
        predictions: None,
    };
    let problems = problem_lines(&gate);
    assert_eq!(
        problems,
        vec![
            "/thresholds/inverted/min min 0.9 is greater than max 0.1; expected min <= max",
            "/thresholds/both max_regression needs to know which way is better, and it cannot be inferred (it is when only one of min and max is set, or from a well-known name such as accuracy, f1, loss or latency); expected `direction: higher` or `direction: lower`",
            "/thresholds/both/max_regression max_regression compares with a baseline, but the gate has none; expected `baseline:` on the gate",
            "/thresholds/a..b empty segment in metric name \"a..b\"; expected a dotted path such as `eval.auc`",
        ]
    );
}

#[test]
fn unreadable_files_say_which_field_named_them() {
    let gate = MetricsGateConfig {
        name: "m".into(),
        current: Some(FileRef::Path("c.json".into())),
        baseline: Some(FileRef::Path("b.json".into())),
        thresholds: [("acc".to_string(), Threshold::default())].into_iter().collect(),
        predictions: None,
    };
    let mut inputs = MemoryInputs::new();
    assert_eq!(
        gate.evaluate(&inputs, &Settings::default()).unwrap_err().pointer,
        "/current"
    );
    inputs.insert("c.json", b"{}".to_vec());
    let e = gate.evaluate(&inputs, &Settings::default()).unwrap_err();
    assert_eq!(e.pointer, "/baseline");
    assert_eq!(
        e.error.to_string(),
        "b.json: cannot read the metric file: no such file or directory; expected a metric file at this path, relative to the config's folder"
    );
}

// ---- metrics from predictions ----------------------------------------------------------------

/// A predictions CSV `id,y,y_hat` where `right` of `n` predictions are correct; `flip_from`
/// chooses which rows are wrong (the last `n - right` rows from there on, wrapping).
fn predictions_csv(n: usize, wrong: &[usize]) -> Vec<u8> {
    let mut out = String::from("id,y,y_hat\n");
    for i in 0..n {
        let y = i % 2;
        let p = if wrong.contains(&i) { 1 - y } else { y };
        out.push_str(&format!("ex{i},{y},{p}\n"));
    }
    out.into_bytes()
}

fn predictions_gate(threshold: Value, baseline: bool) -> MetricsGateConfig {
    serde_json::from_value(json!({
        "name": "model",
        "thresholds": {"accuracy": threshold},
        "predictions": {
            "current": "cand.csv",
            "baseline": if baseline { json!("main.csv") } else { Value::Null },
            "id_column": "id", "label_column": "y", "prediction_column": "y_hat", "resamples": 300
        }
    }))
    .map(|mut g: MetricsGateConfig| {
        if !baseline {
            g.predictions.as_mut().unwrap().baseline = None;
        }
        g
    })
    .unwrap()
}

#[test]
fn a_small_regression_on_few_examples_is_not_significant() {
    // 300 examples: main gets 45 wrong, the candidate 48 (1 point worse), sharing 40 of them.
    let main_wrong: Vec<usize> = (0..45).collect();
    let cand_wrong: Vec<usize> = (0..40).chain(100..108).collect();
    let mut inputs = MemoryInputs::new();
    inputs
        .insert("cand.csv", predictions_csv(300, &cand_wrong))
        .insert("main.csv", predictions_csv(300, &main_wrong));
    let gate = predictions_gate(json!({"source": "predictions", "max_regression": 0.005}), true);
    assert_eq!(gate.validate(), vec![]);
    let c = gate.evaluate(&inputs, &Settings::default()).unwrap().checks.remove(0);
    assert_eq!(c.status, Status::Pass, "{}", c.message);
    assert!((c.delta.unwrap() + 0.01).abs() < 1e-12);
    assert!(
        c.message
            .contains("worse than baseline 0.85 by 0.01 (max_regression 0.005), but not significant (McNemar p = "),
        "{}",
        c.message
    );
    assert_eq!(c.effect.as_ref().unwrap()["discordant"], json!([5, 8]));
    let ci = c.ci.unwrap();
    assert!(ci[0] < 0.84 && 0.84 < ci[1]);
}

#[test]
fn a_large_regression_on_many_examples_fails() {
    // 20,000 examples: main 85% right, the candidate 80%.
    let main_wrong: Vec<usize> = (0..3000).collect();
    let cand_wrong: Vec<usize> = (0..2000).chain(5000..7000).collect();
    let mut inputs = MemoryInputs::new();
    inputs
        .insert("cand.csv", predictions_csv(20_000, &cand_wrong))
        .insert("main.csv", predictions_csv(20_000, &main_wrong));
    let gate = predictions_gate(json!({"source": "predictions", "max_regression": 0.01}), true);
    let c = gate.evaluate(&inputs, &Settings::default()).unwrap().checks.remove(0);
    assert_eq!(c.status, Status::Fail, "{}", c.message);
    assert!(
        c.message
            .contains("worse than baseline 0.85 by 0.05 (max_regression 0.01), significant (McNemar p = "),
        "{}",
        c.message
    );
    assert!(c.p_value.unwrap() < 1e-20, "{:?}", c.p_value);
    assert_eq!(c.effect.as_ref().unwrap()["discordant"], json!([1000, 2000]));
}

#[test]
fn bound_lower_ci_applies_min_to_the_interval() {
    let wrong: Vec<usize> = (0..24).collect(); // 176 of 200 right: 0.88
    let mut inputs = MemoryInputs::new();
    inputs.insert("cand.csv", predictions_csv(200, &wrong));
    let point = predictions_gate(json!({"source": "predictions", "min": 0.85}), false);
    assert_eq!(
        point.evaluate(&inputs, &Settings::default()).unwrap().checks[0].status,
        Status::Pass
    );
    let lower = predictions_gate(
        json!({"source": "predictions", "min": 0.85, "bound": "lower_ci"}),
        false,
    );
    let c = lower.evaluate(&inputs, &Settings::default()).unwrap().checks.remove(0);
    assert_eq!(c.status, Status::Fail, "{}", c.message);
    assert!(
        c.message.contains("(lower end of the 95% interval) is below min 0.85"),
        "{}",
        c.message
    );
}

#[test]
fn prediction_input_errors_are_clear() {
    let run = |cand: &str, main: Option<&str>, threshold: Value| {
        let mut inputs = MemoryInputs::new();
        inputs.insert("cand.csv", cand.as_bytes().to_vec());
        if let Some(m) = main {
            inputs.insert("main.csv", m.as_bytes().to_vec());
        }
        let gate = predictions_gate(threshold, main.is_some());
        gate.evaluate(&inputs, &Settings::default())
            .map(|mut r| r.checks.remove(0))
            .map_err(|e| (e.pointer, e.error.to_string()))
    };
    let acc = json!({"source": "predictions", "min": 0.5});
    assert_eq!(
        run("id,y,y_hat\na,1,1\nb,0,0\n", Some("id,y,y_hat\na,1,1\nc,0,0\n"), acc.clone()).unwrap_err(),
        (
            "/predictions/baseline".to_string(),
            "main.csv: the examples differ from cand.csv: 1 of its ids are missing here (first \"b\") and 1 ids here are not there; expected the same examples".into()
        )
    );
    assert_eq!(
        run(
            "id,y,y_hat\na,1,1\na,0,0\n",
            Some("id,y,y_hat\na,1,1\nb,0,0\n"),
            acc.clone()
        )
        .unwrap_err()
        .1,
        "cand.csv: the id \"a\" appears twice; expected each example once"
    );
    assert_eq!(
        run(
            "id,y,y_hat\na,1,1\nb,0,0\n",
            Some("id,y,y_hat\na,1,1\nb,1,0\n"),
            acc.clone()
        )
        .unwrap_err()
        .1,
        "main.csv: the label of example \"b\" is \"1\" here but \"0\" in cand.csv; expected the same labels"
    );
    assert_eq!(
        run("id,y,z\na,1,1\n", None, acc.clone()).unwrap_err().1,
        "cand.csv: no column \"y_hat\"; the columns are \"id\", \"y\", \"z\""
    );
    let gate_for = |metric: &str| -> MetricsGateConfig {
        serde_json::from_value(json!({
            "name": "model", "thresholds": {metric: {"source": "predictions"}},
            "predictions": {"current": "cand.csv", "label_column": "y", "prediction_column": "y_hat"}
        }))
        .unwrap()
    };
    let mut inputs = MemoryInputs::new();
    inputs.insert("cand.csv", b"y,y_hat\n1,0.9\n0,NaN\n1,0.4\n".to_vec());
    let e = gate_for("roc_auc").evaluate(&inputs, &Settings::default()).unwrap_err();
    assert_eq!(
        e.error.to_string(),
        "cand.csv: column \"y_hat\" holds NaN at row 1; roc_auc needs finite scores"
    );
    inputs.insert("cand.csv", b"y,y_hat\n1,1.2\n0,0.1\n".to_vec());
    let e = gate_for("log_loss")
        .evaluate(&inputs, &Settings::default())
        .unwrap_err();
    assert_eq!(
        e.error.to_string(),
        "cand.csv: \"y_hat\" is 1.2 at row 0; log_loss needs probabilities between 0 and 1"
    );
    // One class only: the metric is undefined, an error for that check (exit 2), not a pass.
    inputs.insert("cand.csv", b"y,y_hat\n1,0.9\n1,0.4\n".to_vec());
    let c = gate_for("roc_auc")
        .evaluate(&inputs, &Settings::default())
        .unwrap()
        .checks
        .remove(0);
    assert_eq!(c.status, Status::Error);
    assert_eq!(
        c.message,
        "roc_auc is undefined on cand.csv (the labels hold a single class)"
    );
}

#[test]
fn computed_metric_config_rules() {
    let gate: MetricsGateConfig = serde_json::from_value(json!({
        "name": "m",
        "thresholds": {
            "accuracy": {"source": "predictions", "max_regression": 0.01},
            "speed": {"source": "predictions"},
            "f1": {"bound": "lower_ci", "min": 0.5}
        }
    }))
    .unwrap();
    let problems = problem_lines(&gate);
    assert_eq!(
        problems,
        vec![
            "/thresholds/accuracy/source `source: predictions` needs a `predictions:` block on the gate",
            "/thresholds/speed \"speed\" is not a metric mlgate computes; expected one of accuracy, balanced_accuracy, precision, recall, f1, roc_auc, pr_auc, log_loss, brier, mae, rmse, r2, mape, demographic_parity_difference, demographic_parity_ratio, equalized_odds_difference, equalized_odds_ratio",
            "/thresholds/speed/source `source: predictions` needs a `predictions:` block on the gate",
            "/thresholds/f1/bound `bound` applies to computed metrics only; expected `source: predictions`",
            "/thresholds/f1 \"f1\" is read from the metric file, but the gate has no `current:`; expected `current:` or `source: predictions`",
        ]
    );
}

#[test]
fn predictions_from_csv_parquet_and_jsonl_agree() {
    let mut inputs = MemoryInputs::new();
    inputs
        .insert("p.csv", b"id,y,score\na,1,0.9\nb,0,0.2\nc,1,0.4\nd,0,0.6\n".to_vec())
        .insert("p.parquet", include_bytes!("../../tests/fixtures/predictions.parquet").to_vec())
        .insert(
            "p.jsonl",
            b"{\"id\": \"a\", \"y\": 1, \"score\": 0.9}\n{\"id\": \"b\", \"y\": 0, \"score\": 0.2}\n{\"id\": \"c\", \"y\": 1, \"score\": 0.4}\n{\"id\": \"d\", \"y\": 0, \"score\": 0.6}\n".to_vec(),
        );
    for file in ["p.csv", "p.parquet", "p.jsonl"] {
        let gate: MetricsGateConfig = serde_json::from_value(json!({
            "name": "m", "thresholds": {"roc_auc": {"source": "predictions"}, "accuracy": {"source": "predictions"}},
            "predictions": {"current": file, "label_column": "y", "prediction_column": "score", "resamples": 100}
        }))
        .unwrap();
        let checks = gate.evaluate(&inputs, &Settings::default()).unwrap().checks;
        // Positives score 0.9 and 0.4, negatives 0.2 and 0.6: 3 of 4 pairs ordered right.
        assert_eq!(checks[0].observed, Some(json!(0.75)), "{file}");
        // At 0.5: a right, b right, c wrong (0.4), d wrong (0.6).
        assert_eq!(checks[1].observed, Some(json!(0.5)), "{file}");
    }
}
