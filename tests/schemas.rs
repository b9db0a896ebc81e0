//! The committed JSON Schemas are what the Rust types generate, describe every field, and
//! accept what mlgate itself writes and reads.

mod common;

use common::{mlgate, root};
use serde_json::Value;

fn committed(name: &str) -> String {
    std::fs::read_to_string(root().join("schemas").join(name)).expect("committed schema")
}

#[test]
fn committed_schemas_equal_the_generated_ones() {
    for (which, file) in [("config", "mlgate.schema.json"), ("report", "report.schema.json")] {
        let run = mlgate(&["schema", which]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(
            run.stdout == committed(file),
            "schemas/{file} differs from `mlgate schema {which}`: run scripts/update-schemas.sh and commit the result"
        );
    }
}

/// Every property of every object schema has a description (editors show them on hover).
fn undescribed(schema: &Value, at: String, out: &mut Vec<String>) {
    match schema {
        Value::Object(map) => {
            if let Some(Value::Object(props)) = map.get("properties") {
                for (name, prop) in props {
                    if prop
                        .get("description")
                        .and_then(Value::as_str)
                        .is_none_or(str::is_empty)
                    {
                        out.push(format!("{at}/properties/{name}"));
                    }
                }
            }
            for (k, v) in map {
                undescribed(v, format!("{at}/{k}"), out);
            }
        }
        Value::Array(items) => items
            .iter()
            .enumerate()
            .for_each(|(i, v)| undescribed(v, format!("{at}/{i}"), out)),
        _ => {}
    }
}

#[test]
fn every_field_has_a_description() {
    for file in ["mlgate.schema.json", "report.schema.json"] {
        let schema: Value = serde_json::from_str(&committed(file)).unwrap();
        let mut missing = Vec::new();
        undescribed(&schema, String::new(), &mut missing);
        assert!(missing.is_empty(), "{file}: fields without a description: {missing:?}");
        assert!(schema.get("description").is_some(), "{file}: no top-level description");
    }
}

fn validator(file: &str) -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(&committed(file)).unwrap();
    jsonschema::validator_for(&schema).expect("schema compiles")
}

fn errors(v: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    v.iter_errors(instance)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

#[test]
fn reports_validate_against_the_report_schema() {
    let v = validator("report.schema.json");
    for config in ["examples/quickstart/mlgate.yaml", "examples/quickstart/failing.yaml"] {
        let run = mlgate(&["check", "-c", config, "--format", "json"]);
        assert!(run.code == 0 || run.code == 1, "{config}: {}", run.stderr);
        let report: Value = serde_json::from_str(&run.stdout).expect("JSON report");
        assert_eq!(errors(&v, &report), Vec::<String>::new(), "{config}");
    }
    // The schema is not a rubber stamp: a report with a wrong status is rejected.
    let run = mlgate(&["check", "-c", "examples/quickstart/mlgate.yaml", "--format", "json"]);
    let mut report: Value = serde_json::from_str(&run.stdout).unwrap();
    report["verdict"] = Value::from("maybe");
    assert!(!errors(&v, &report).is_empty());
}

#[test]
fn example_configs_validate_against_the_config_schema() {
    let v = validator("mlgate.schema.json");
    let dir = root().join("examples/quickstart");
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "yaml") {
            let text = std::fs::read_to_string(&path).unwrap();
            let (json, _, problems) = mlgate_core::yaml::to_json(&mlgate_core::yaml::parse(&text).unwrap());
            assert!(problems.is_empty());
            assert_eq!(errors(&v, &json), Vec::<String>::new(), "{}", path.display());
            let first = text.lines().next().unwrap_or_default();
            assert!(
                first.starts_with("# yaml-language-server: $schema="),
                "{}: first line should be the yaml-language-server modeline",
                path.display()
            );
        }
    }
}
