//! The peers' own test cases, run through the real binary: 153 from Great Expectations'
//! expectation definitions (the data gate) and 41 from Kayenta's classifier and scorer suites
//! (the canary gate). Each case is a folder of `tests/acceptance/{gx,kayenta}/` holding an
//! `mlgate.yaml`, its data and `expected.json`; `tests/acceptance/README.md` says where they come
//! from and the rules by which a report agrees with `expected.json`, which this file implements.
//!
//! A disagreement names the case, the check and both values; every disagreement of a set is
//! reported at once. The number of agreeing cases is printed (`scripts/test.sh` shows it).

mod common;

use std::path::{Path, PathBuf};

use common::{mlgate, root};
use serde_json::{Map, Value};

/// The sets and how many cases each must hold (a case left out by accident fails the count).
const SETS: &[(&str, usize)] = &[("gx", 153), ("kayenta", 41)];

/// A value at a dotted path of nested objects.
fn lookup<'v>(holder: &'v Value, path: &str) -> Option<&'v Value> {
    path.split('.').try_fold(holder, |cur, part| cur.get(part))
}

fn shown(v: &Value) -> String {
    let text = v.to_string();
    text.chars().take(80).collect()
}

/// Why `holder`'s `field` does not meet `spec`, or `None` when it does.
///
/// A spec is a value (equal; numbers compared as numbers), a list (any of its values), or a
/// number spec `{"value": v | "any_of": [...], "rel": r, "abs": a, "fields": [...]}`:
/// `|observed − v| <= max(abs, rel·|v|)` for some target, the observed value read from the
/// first of `fields` (dotted paths; default the field itself) that is present. NaN matches NaN.
fn disagreement(field: &str, spec: &Value, holder: &Value) -> Option<String> {
    if let Some(number) = spec
        .as_object()
        .filter(|o| o.contains_key("value") || o.contains_key("any_of"))
    {
        return number_disagreement(field, number, holder);
    }
    let Some(observed) = lookup(holder, field) else {
        return Some(format!("{field}: missing"));
    };
    match spec {
        Value::Array(options) if options.contains(observed) => None,
        Value::Array(_) => Some(format!("{field}: {}, expected one of {}", shown(observed), shown(spec))),
        Value::Number(n) if observed.as_f64() == n.as_f64() => None,
        _ if observed == spec => None,
        _ => Some(format!("{field}: {}, expected {}", shown(observed), shown(spec))),
    }
}

fn number_disagreement(field: &str, spec: &Map<String, Value>, holder: &Value) -> Option<String> {
    let fields: Vec<&str> = match spec.get("fields").and_then(Value::as_array) {
        Some(list) => list.iter().filter_map(Value::as_str).collect(),
        None => vec![field],
    };
    let Some((used, observed)) = fields.iter().find_map(|f| lookup(holder, f).map(|v| (*f, v))) else {
        return Some(format!("{field}: missing (looked for {})", fields.join(", ")));
    };
    // Non-finite numbers are written as the strings "NaN", "inf", "-inf" in reports.
    let observed_number = match observed {
        Value::String(s) if s == "NaN" => Some(f64::NAN),
        other => other.as_f64(),
    };
    let Some(x) = observed_number else {
        return Some(format!("{used}: expected a number, got {}", shown(observed)));
    };
    let targets: Vec<&Value> = match spec.get("any_of").and_then(Value::as_array) {
        Some(list) => list.iter().collect(),
        None => spec.get("value").into_iter().collect(),
    };
    let rel = spec.get("rel").and_then(Value::as_f64).unwrap_or(0.0);
    let abs = spec.get("abs").and_then(Value::as_f64).unwrap_or(0.0);
    let close = |t: f64| (x.is_nan() && t.is_nan()) || (x - t).abs() <= abs.max(rel * t.abs());
    if targets.iter().filter_map(|t| t.as_f64()).any(close) {
        return None;
    }
    let wanted: Vec<String> = targets.iter().map(|t| shown(t)).collect();
    Some(format!(
        "{used}: {x}, expected {}{} (rel {rel}, abs {abs})",
        if wanted.len() > 1 { "one of " } else { "" },
        wanted.join(", ")
    ))
}

/// Every reason the case's report disagrees with its `expected.json` (none: it agrees).
fn run_case(case: &Path) -> Vec<String> {
    let expected: Value = serde_json::from_str(&std::fs::read_to_string(case.join("expected.json")).unwrap()).unwrap();
    let config = case.join("mlgate.yaml");
    let config = config.strip_prefix(root()).unwrap().to_str().unwrap();
    let run = mlgate(&["check", "-c", config, "--format", "json"]);
    let first_error = run
        .stderr
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("(no stderr)");
    if run.code != 0 && run.code != 1 {
        // A run that could not be judged never agrees.
        return vec![format!("mlgate exited {}: {first_error}", run.code)];
    }
    let Ok(report) = serde_json::from_str::<Value>(&run.stdout) else {
        return vec![format!("stdout is not a JSON report; stderr: {first_error}")];
    };
    let mut reasons = Vec::new();
    if let Some(exit) = expected.get("exit").and_then(Value::as_i64)
        && i64::from(run.code) != exit
    {
        reasons.push(format!("exit {}, expected {exit}", run.code));
    }
    if let Some(verdict) = expected.get("verdict") {
        reasons.extend(disagreement("verdict", verdict, &report));
    }
    let gates = report["gates"].as_array().cloned().unwrap_or_default();
    for (name, spec) in expected.get("gates").and_then(Value::as_object).into_iter().flatten() {
        let Some(gate) = gates.iter().find(|g| g["name"] == *name) else {
            reasons.push(format!("gate {name:?} not in the report"));
            continue;
        };
        for (field, field_spec) in spec.as_object().into_iter().flatten() {
            reasons.extend(disagreement(field, field_spec, gate).map(|r| format!("gate {name}: {r}")));
        }
    }
    let checks: Vec<&Value> = gates
        .iter()
        .flat_map(|g| g["checks"].as_array().into_iter().flatten())
        .collect();
    for (key, spec) in expected.get("checks").and_then(Value::as_object).into_iter().flatten() {
        // `a|b`: either id.
        let Some(check) = key.split('|').find_map(|id| checks.iter().find(|c| c["id"] == id)) else {
            let ids: Vec<&str> = checks.iter().filter_map(|c| c["id"].as_str()).take(6).collect();
            reasons.push(format!("check {key} not in the report (ids: {})", ids.join(", ")));
            continue;
        };
        let id = check["id"].as_str().unwrap_or(key);
        // A bare string is the expected status.
        let spec = match spec {
            Value::String(status) => Value::Object(Map::from_iter([("status".into(), Value::from(status.clone()))])),
            other => other.clone(),
        };
        for (field, field_spec) in spec.as_object().into_iter().flatten() {
            reasons.extend(disagreement(field, field_spec, check).map(|r| format!("{id}: {r}")));
        }
    }
    reasons
}

fn cases(set: &str) -> Vec<PathBuf> {
    let dir = root().join("tests/acceptance").join(set);
    let mut out: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("mlgate.yaml").is_file() && p.join("expected.json").is_file())
        .collect();
    out.sort();
    out
}

#[test]
fn acceptance_cases_of_great_expectations_and_kayenta_agree() {
    let mut disagreements = Vec::new();
    for (set, count) in SETS {
        let cases = cases(set);
        assert_eq!(
            cases.len(),
            *count,
            "tests/acceptance/{set}: the number of cases changed"
        );
        let mut agree = 0;
        for case in &cases {
            let reasons = run_case(case);
            let name = case.file_name().unwrap().to_string_lossy();
            if reasons.is_empty() {
                agree += 1;
            } else {
                disagreements.push(format!("DISAGREE {set}/{name}: {}", reasons.join("; ")));
            }
        }
        println!("acceptance {set}: {agree}/{} cases agree", cases.len());
    }
    assert!(disagreements.is_empty(), "\n{}", disagreements.join("\n"));
}

/// The comparison does look: a wrong status, a number out of tolerance, a missing check, a
/// wrong exit code and an alternative id are each told apart.
#[test]
fn the_comparison_rules_refuse_what_differs() {
    let check = serde_json::json!({"id": "g.a", "status": "fail", "statistic": 0.5, "effect": {"ratio": 2.0}});
    assert_eq!(disagreement("status", &Value::from("fail"), &check), None);
    assert_eq!(
        disagreement("status", &Value::from("pass"), &check).unwrap(),
        "status: \"fail\", expected \"pass\""
    );
    assert_eq!(
        disagreement("status", &serde_json::json!(["pass", "fail"]), &check),
        None
    );
    let near = serde_json::json!({"value": 0.51, "abs": 0.02});
    assert_eq!(disagreement("statistic", &near, &check), None);
    let far = serde_json::json!({"value": 0.6, "rel": 0.1});
    assert!(
        disagreement("statistic", &far, &check)
            .unwrap()
            .starts_with("statistic: 0.5, expected 0.6")
    );
    let nested = serde_json::json!({"any_of": [1.0, 2.0], "fields": ["missing", "effect.ratio"]});
    assert_eq!(disagreement("x", &nested, &check), None);
    assert_eq!(
        disagreement("p_value", &Value::from(0.1), &check).unwrap(),
        "p_value: missing"
    );

    // A whole case: a copy of one whose expectations are then changed.
    let original = cases("gx").into_iter().next().unwrap();
    let copy = root().join("target/acceptance-doctored");
    let _ = std::fs::remove_dir_all(&copy);
    std::fs::create_dir_all(&copy).unwrap();
    for entry in std::fs::read_dir(&original).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), copy.join(entry.file_name())).unwrap();
    }
    assert_eq!(run_case(&copy), Vec::<String>::new());
    let mut expected: Value =
        serde_json::from_str(&std::fs::read_to_string(copy.join("expected.json")).unwrap()).unwrap();
    let (id, status) = {
        let (id, status) = expected["checks"].as_object().unwrap().iter().next().unwrap();
        (id.clone(), status.as_str().unwrap().to_string())
    };
    let other = if status == "pass" { "fail" } else { "pass" };
    expected["checks"][&id] = Value::from(other);
    expected["exit"] = Value::from(7);
    std::fs::write(copy.join("expected.json"), expected.to_string()).unwrap();
    let reasons = run_case(&copy);
    assert_eq!(reasons.len(), 2, "{reasons:?}");
    assert!(reasons[0].starts_with("exit "), "{reasons:?}");
    assert_eq!(reasons[1], format!("{id}: status: {status:?}, expected {other:?}"));
}
