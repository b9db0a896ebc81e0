use super::*;

const GOOD: &str = "\
version: 1
metrics:
  - name: model
    current: m.json
    thresholds:
      accuracy: { min: 0.8 }
      '\"eval.v2\".auc': { min: 0.9 }
";

#[test]
fn a_valid_config_loads_with_positions() {
    let loaded = load("mlgate.yaml", GOOD).unwrap();
    assert_eq!(loaded.config.metrics[0].name, "model");
    let at = loaded.location("/metrics/0/current").unwrap();
    assert_eq!((at.line, at.column, at.path.as_str()), (4, 14, "metrics[0].current"));
    assert_eq!(loaded.key_line("/metrics/0/thresholds/accuracy"), Some(6));
    assert_eq!(loaded.key_line("/metrics/0/thresholds/\"eval.v2\".auc"), Some(7));
}

#[test]
fn every_problem_of_a_file_comes_back_sorted() {
    let text = "version: 1\nmetrics:\n  - name: a b\n    current: 3\n    thresholds:\n      x: { min: low, mx: 1 }\nextra: 1\n";
    let Err(Error::Config(problems)) = load("c.yaml", text) else {
        panic!("expected config errors")
    };
    let lines: Vec<String> = problems
        .iter()
        .map(|p| p.at.as_ref().expect("placed in the file"))
        .map(|at| format!("{}:{} {}", at.line, at.column, at.path))
        .collect();
    assert_eq!(
        lines,
        vec![
            "3:11 metrics[0].name",
            "4:14 metrics[0].current",
            "6:17 metrics[0].thresholds.x.min",
            "6:22 metrics[0].thresholds.x.mx",
            "7:1 extra"
        ]
    );
}

#[test]
fn a_bom_is_not_a_problem() {
    assert!(load("mlgate.yaml", &format!("\u{feff}{GOOD}")).is_ok());
}

#[test]
fn schema_lookup_follows_refs() {
    let root = schema::cached_config_schema();
    let threshold = schema::schema_at(root, "/metrics/0/thresholds/acc").unwrap();
    assert!(threshold["properties"].get("max_regression").is_some());
    assert!(schema::schema_at(root, "/metrics/x").is_none());
}

#[test]
fn a_misplaced_key_is_said_to_belong_where_it_is_a_key() {
    let root = schema::cached_config_schema();
    assert_eq!(
        schema::places_of_key(root, "resamples")
            .iter()
            .filter(|p| p.starts_with("metrics"))
            .collect::<Vec<_>>(),
        ["metrics[].predictions"]
    );
    assert!(schema::places_of_key(root, "sequential").contains(&"canary[]".to_string()));
    assert_eq!(
        belongs_elsewhere(root, "/metrics/0/thresholds/acc", "resamples"),
        "; `resamples` is a key of `metrics[].predictions`"
    );
    assert_eq!(belongs_elsewhere(root, "/metrics/0/thresholds/acc", "no_such_key"), "");
}
