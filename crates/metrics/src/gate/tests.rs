//! Every rule of the metrics gate, as a table: inputs, expected status and message.

use super::*;
use mlgate_core::MemoryInputs;
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

fn run(case: &Case) -> CheckResult {
    let mut inputs = MemoryInputs::new();
    inputs.insert("cur.json", case.current.as_bytes().to_vec());
    if let Some(b) = case.baseline {
        inputs.insert("base.json", b.as_bytes().to_vec());
    }
    let threshold: Threshold = serde_json::from_value(case.threshold.clone()).expect("test threshold");
    let gate = MetricsGateConfig {
        name: "model".into(),
        current: "cur.json".into(),
        baseline: case.baseline.map(|_| "base.json".into()),
        thresholds: [("acc".to_string(), threshold)].into_iter().collect(),
    };
    assert_eq!(
        gate.validate(),
        vec![],
        "{}: the case's config must be valid",
        case.what
    );
    let mut checks = gate.evaluate(&inputs).expect("inputs are readable");
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
            message: "acc not found in cur.json",
        },
        Case {
            what: "missing from current, warn",
            current: r#"{"f1": 0.9}"#,
            baseline: None,
            threshold: json!({"min": 0.5, "severity": "warn"}),
            status: Warn,
            message: "acc not found in cur.json",
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
        current: "c.json".into(),
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
    };
    let problems: Vec<String> = gate
        .validate()
        .into_iter()
        .map(|p| format!("{} {}", p.pointer, p.message))
        .collect();
    assert_eq!(
        problems,
        vec![
            "/thresholds/inverted/min min 0.9 is greater than max 0.1; expected min <= max",
            "/thresholds/both max_regression needs to know which way is better, and it cannot be inferred (it is when only one of min and max is set); expected `direction: higher` or `direction: lower`",
            "/thresholds/both/max_regression max_regression compares with a baseline, but the gate has none; expected `baseline:` on the gate",
            "/thresholds/a..b empty segment in metric name \"a..b\"; expected a dotted path such as `eval.auc`",
        ]
    );
}

#[test]
fn unreadable_files_say_which_field_named_them() {
    let gate = MetricsGateConfig {
        name: "m".into(),
        current: "c.json".into(),
        baseline: Some("b.json".into()),
        thresholds: [("acc".to_string(), Threshold::default())].into_iter().collect(),
    };
    let mut inputs = MemoryInputs::new();
    assert_eq!(gate.evaluate(&inputs).unwrap_err().field, "current");
    inputs.insert("c.json", b"{}".to_vec());
    let e = gate.evaluate(&inputs).unwrap_err();
    assert_eq!(e.field, "baseline");
    assert_eq!(
        e.error.to_string(),
        "b.json: cannot read the metric file: no such file or directory; expected a metric file at this path, relative to the config's folder"
    );
}
