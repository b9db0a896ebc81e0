//! Slices and parity metrics through the gate: each slice judged as its rows alone would be,
//! worst first, small slices reported and not judged, undefined ones named, the gap between
//! slices, corrected tests, and the config rules.

#![allow(
    clippy::too_many_lines,
    reason = "a test reads top to bottom, as the story it checks"
)]

use super::tests::problem_lines;
use super::*;
use mlgate_core::MemoryInputs;
use mlgate_stats::bootstrap::SplitMix64;
use serde_json::json;

/// One example of the predictions files: id, label, the two models' predictions, its country.
struct Example {
    id: usize,
    y: u8,
    candidate: u8,
    main: u8,
    country: &'static str,
}

/// 1,200 examples over four countries (`LU` has 40): main is right 85% of the time everywhere;
/// the candidate 90% everywhere but `BR`, where it is right 70% of the time.
fn examples() -> Vec<Example> {
    let mut rng = SplitMix64::new(11);
    (0..1200)
        .map(|id| {
            let country = match id % 60 {
                0 | 1 => "LU",
                k if k < 21 => "BR",
                k if k < 40 => "DE",
                _ => "US",
            };
            let y = rng.index(2) as u8;
            let mut right = |p_right: usize| if rng.index(100) < p_right { y } else { 1 - y };
            let candidate = right(if country == "BR" { 70 } else { 90 });
            let main = right(85);
            Example {
                id,
                y,
                candidate,
                main,
                country,
            }
        })
        .collect()
}

fn csv(rows: &[&Example], main: bool) -> Vec<u8> {
    let mut out = String::from("id,y,y_hat,country\n");
    for e in rows {
        let p = if main { e.main } else { e.candidate };
        out.push_str(&format!("ex{},{},{p},{}\n", e.id, e.y, e.country));
    }
    out.into_bytes()
}

fn inputs(rows: &[&Example]) -> MemoryInputs {
    let mut inputs = MemoryInputs::new();
    inputs
        .insert("cand.csv", csv(rows, false))
        .insert("main.csv", csv(rows, true));
    inputs
}

fn gate(thresholds: Value, slices: Value) -> MetricsGateConfig {
    let gate: MetricsGateConfig = serde_json::from_value(json!({
        "name": "model",
        "thresholds": thresholds,
        "predictions": {
            "current": "cand.csv", "baseline": "main.csv", "id_column": "id",
            "label_column": "y", "prediction_column": "y_hat", "resamples": 400, "slices": slices
        }
    }))
    .unwrap();
    assert_eq!(gate.validate(), vec![], "the test's config must be valid");
    gate
}

fn checks(gate: &MetricsGateConfig, inputs: &MemoryInputs) -> Vec<CheckResult> {
    gate.evaluate(inputs, &Settings::default()).expect("readable").checks
}

#[test]
fn a_slice_is_judged_as_its_rows_alone_would_be() {
    let all = examples();
    let rows: Vec<&Example> = all.iter().collect();
    let threshold = json!({"source": "predictions", "min": 0.8, "max_regression": 0.02, "per_slice": true});
    let sliced = checks(
        &gate(
            json!({"accuracy": threshold}),
            json!({"by": ["country"], "min_support": 50}),
        ),
        &inputs(&rows),
    );
    let br = sliced
        .iter()
        .find(|c| c.id == "model.accuracy[country=BR]")
        .expect("the BR slice");

    // The same gate without slices, on a file holding only BR's examples.
    let only_br: Vec<&Example> = all.iter().filter(|e| e.country == "BR").collect();
    let alone = checks(
        &gate(
            json!({"accuracy": {"source": "predictions", "min": 0.8, "max_regression": 0.02}}),
            Value::Null,
        ),
        &inputs(&only_br),
    )
    .remove(0);
    assert_eq!(br.element_count, Some(only_br.len() as u64));
    assert_eq!(br.observed, alone.observed);
    assert_eq!(br.ci, alone.ci, "the same resamples of the same rows");
    assert_eq!(br.baseline, alone.baseline);
    assert_eq!(br.p_value, alone.p_value);
    assert_eq!(br.effect, alone.effect);
    assert_eq!(br.status, Status::Fail, "{}", br.message);
    assert_eq!(br.slice, Some(Map::from_iter([("country".to_string(), json!("BR"))])));
    assert_eq!(br.pointer.as_deref(), Some("/thresholds/accuracy"));
    // Its test is corrected across the three judged slices (Holm by default).
    let judged: Vec<&CheckResult> = sliced.iter().filter(|c| c.p_value_adjusted.is_some()).collect();
    assert_eq!(judged.len(), 3);
    let raw: Vec<f64> = judged.iter().map(|c| c.p_value.unwrap()).collect();
    let holm = adjust(&raw, mlgate_stats::multiple::Correction::Holm).unwrap();
    for (c, want) in judged.iter().zip(holm) {
        assert_eq!(c.p_value_adjusted, Some(want), "{}", c.id);
    }
    assert!(
        br.message.starts_with("accuracy[country=BR] 0.")
            && br.message.contains("significant (McNemar p = ")
            && br.message.contains(", adjusted across slices "),
        "{}",
        br.message
    );
}

#[test]
fn slices_come_worst_first_and_small_ones_are_reported_not_judged() {
    let all = examples();
    let rows: Vec<&Example> = all.iter().collect();
    let found = checks(
        &gate(
            json!({"accuracy": {"source": "predictions", "min": 0.8, "per_slice": true}}),
            json!({"by": ["country"], "min_support": 50}),
        ),
        &inputs(&rows),
    );
    let ids: Vec<&str> = found.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids[0], "model.accuracy", "the whole test set first");
    assert_eq!(ids[1], "model.accuracy[country=BR]", "then the worst slice");
    assert_eq!(ids.last(), Some(&"model.accuracy[country=LU]"), "the unjudged last");
    let values: Vec<f64> = found[1..4]
        .iter()
        .map(|c| c.observed.as_ref().unwrap().as_f64().unwrap())
        .collect();
    assert!(values.windows(2).all(|w| w[0] <= w[1]), "{values:?}");
    let lu = found.last().unwrap();
    assert_eq!(lu.status, Status::Skipped);
    assert_eq!(lu.element_count, Some(40));
    assert!(lu.ci.is_none() && lu.p_value.is_none());
    assert_eq!(
        lu.message,
        format!(
            "accuracy[country=LU] {} on 40 examples, fewer than min_support 50: reported, not judged",
            format_rounded(lu.observed.as_ref().unwrap().as_f64().unwrap())
        )
    );
}

#[test]
fn the_gap_between_slices_is_a_breach_of_the_whole_check() {
    let all = examples();
    let rows: Vec<&Example> = all.iter().collect();
    let found = checks(
        &gate(
            json!({"accuracy": {"source": "predictions", "max_slice_gap": 0.1}}),
            json!({"by": ["country"], "min_support": 50}),
        ),
        &inputs(&rows),
    );
    assert_eq!(found.len(), 1, "no per_slice: only the whole test set's check");
    let c = &found[0];
    let value = |country: &str| {
        let r: Vec<&&Example> = rows.iter().filter(|e| e.country == country).collect();
        r.iter().filter(|e| e.y == e.candidate).count() as f64 / r.len() as f64
    };
    // LU (40 examples) is below min_support: not part of the gap.
    let judged = [value("BR"), value("DE"), value("US")];
    let gap = judged.iter().copied().fold(f64::NEG_INFINITY, f64::max) - value("BR");
    assert!(gap > 0.1, "{gap}");
    assert_eq!(c.status, Status::Fail, "{}", c.message);
    assert_eq!(c.effect.as_ref().unwrap()["slice_gap"], json!({"country": gap}));
    assert!(
        c.message.contains(&format!(
            "the gap between slices of country is {} (best country=",
            format_rounded(gap)
        )) && c.message.contains(&format!(
            ", worst country=BR {}), above max_slice_gap 0.1",
            format_rounded(value("BR"))
        )),
        "{}",
        c.message
    );
}

#[test]
fn a_slice_where_the_metric_is_undefined_is_an_error_naming_it() {
    // roc_auc on scores; the slice `XX` holds only negatives.
    let mut csv = String::from("y,score,country\n");
    for i in 0..80 {
        csv.push_str(&format!(
            "{},{},{}\n",
            i % 2,
            (i % 7) as f64 / 7.0,
            if i < 60 { "A" } else { "B" }
        ));
    }
    csv.push_str("0,0.3,XX\n0,0.6,XX\n");
    let mut inputs = MemoryInputs::new();
    inputs.insert("cand.csv", csv.into_bytes());
    let gate: MetricsGateConfig = serde_json::from_value(json!({
        "name": "m",
        "thresholds": {"roc_auc": {"source": "predictions", "per_slice": true}},
        "predictions": {"current": "cand.csv", "label_column": "y", "prediction_column": "score",
                        "resamples": 100, "slices": {"by": ["country"], "min_support": 1}}
    }))
    .unwrap();
    let found = checks(&gate, &inputs);
    let xx = &found[1];
    assert_eq!(xx.id, "m.roc_auc[country=XX]", "errors first among the slices");
    assert_eq!(xx.status, Status::Error);
    assert_eq!(
        xx.message,
        "roc_auc[country=XX] is undefined on 2 examples: its labels hold one class (no positive), and roc_auc needs both"
    );
}

#[test]
fn crossings_name_each_column() {
    let mut csv = String::from("y,y_hat,device,plan\n");
    for i in 0..40 {
        let (device, plan) = (["mobile", "desktop"][i % 2], ["free", "pro"][(i / 2) % 2]);
        csv.push_str(&format!("{},{},{device},{plan}\n", i % 3 % 2, i % 5 % 2));
    }
    let mut inputs = MemoryInputs::new();
    inputs.insert("cand.csv", csv.into_bytes());
    let gate: MetricsGateConfig = serde_json::from_value(json!({
        "name": "m",
        "thresholds": {"accuracy": {"source": "predictions", "per_slice": true}},
        "predictions": {"current": "cand.csv", "label_column": "y", "prediction_column": "y_hat",
                        "resamples": 100, "slices": {"by": [["device", "plan"]], "min_support": 1}}
    }))
    .unwrap();
    let mut ids: Vec<String> = checks(&gate, &inputs).into_iter().map(|c| c.id).collect();
    ids.sort();
    assert_eq!(
        ids,
        [
            "m.accuracy",
            "m.accuracy[device=desktop,plan=free]",
            "m.accuracy[device=desktop,plan=pro]",
            "m.accuracy[device=mobile,plan=free]",
            "m.accuracy[device=mobile,plan=pro]",
        ]
    );
}

#[test]
fn a_parity_metric_reports_each_groups_rates() {
    // Group a: 4 examples, 2 positives, predicted 1,1,0,0 against truth 1,0,1,0; group b: 2 examples.
    let csv = "y,y_hat,g\n1,1,a\n0,1,a\n1,0,a\n0,0,a\n1,1,b\n0,0,b\n";
    let mut inputs = MemoryInputs::new();
    inputs.insert("cand.csv", csv.as_bytes().to_vec());
    let gate: MetricsGateConfig = serde_json::from_value(json!({
        "name": "m",
        "thresholds": {
            "demographic_parity_difference": {"source": "predictions", "sensitive": "g", "max": 0.1},
            "equalized_odds_ratio": {"source": "predictions", "sensitive": "g", "min": 0.4}
        },
        "predictions": {"current": "cand.csv", "label_column": "y", "prediction_column": "y_hat", "resamples": 100}
    }))
    .unwrap();
    assert_eq!(gate.validate(), vec![]);
    let found = checks(&gate, &inputs);
    // Selection rates: a 2/4, b 1/2: difference 0.
    assert_eq!(found[0].observed, Some(json!(0.0)));
    assert_eq!(found[0].status, Status::Pass, "{}", found[0].message);
    assert_eq!(
        found[0].effect.as_ref().unwrap()["by_group"],
        json!({
            "a": {"n": 4, "selection_rate": 0.5, "true_positive_rate": 0.5, "false_positive_rate": 0.5},
            "b": {"n": 2, "selection_rate": 0.5, "true_positive_rate": 1.0, "false_positive_rate": 0.0}
        })
    );
    // TPR ratio 0.5/1, FPR ratio 0/0.5: the smaller, 0.
    assert_eq!(found[1].observed, Some(json!(0.0)));
    assert_eq!(found[1].status, Status::Fail);
}

#[test]
fn slice_and_parity_config_rules() {
    let gate: MetricsGateConfig = serde_json::from_value(json!({
        "name": "m",
        "current": "m.json",
        "thresholds": {
            "accuracy": {"source": "predictions", "per_slice": true, "max_slice_gap": 0.1},
            "loss": {"max": 1, "per_slice": true},
            "recall": {"source": "predictions", "sensitive": "gender"},
            "demographic_parity_ratio": {"source": "predictions", "min": 0.8},
            "equalized_odds_difference": {"source": "predictions", "sensitive": "g", "per_slice": true}
        },
        "predictions": {"current": "p.csv", "label_column": "y", "prediction_column": "s"}
    }))
    .unwrap();
    let problems = problem_lines(&gate);
    assert_eq!(
        problems,
        vec![
            "/thresholds/accuracy/per_slice `per_slice` judges slices, but there are none; expected `slices: {by: [COLUMN]}` under `predictions:`",
            "/thresholds/accuracy/max_slice_gap `max_slice_gap` judges slices, but there are none; expected `slices: {by: [COLUMN]}` under `predictions:`",
            "/thresholds/loss/per_slice `per_slice` applies to computed metrics only; expected `source: predictions`",
            "/thresholds/recall/sensitive `sensitive` applies to the parity metrics computed from predictions (demographic_parity_difference, demographic_parity_ratio, equalized_odds_difference, equalized_odds_ratio) only",
            "/thresholds/demographic_parity_ratio demographic_parity_ratio compares groups, but names no column holding them; expected `sensitive: COLUMN`",
            "/thresholds/equalized_odds_difference/per_slice equalized_odds_difference already compares the groups of `sensitive`; `per_slice` does not apply to it",
        ]
    );
}

#[test]
fn a_slice_column_missing_from_the_predictions_is_named_where_the_config_names_it() {
    let all = examples();
    let rows: Vec<&Example> = all.iter().collect();
    let gate = gate(
        json!({"accuracy": {"source": "predictions", "per_slice": true}}),
        json!({"by": ["country", ["contry", "y"]]}),
    );
    let error = gate.evaluate(&inputs(&rows), &Settings::default()).unwrap_err();
    assert_eq!(error.pointer, "/predictions/slices/by/1");
    assert_eq!(
        error.error.to_string(),
        "cand.csv: no column \"contry\" (did you mean \"country\"?); the columns are \"id\", \"y\", \"y_hat\", \"country\""
    );
}

#[test]
fn a_slicing_listed_twice_is_refused() {
    let gate: MetricsGateConfig = serde_json::from_value(json!({
        "name": "m",
        "thresholds": {"accuracy": {"source": "predictions", "per_slice": true}},
        "predictions": {"current": "p.csv", "label_column": "y", "prediction_column": "s",
                        "slices": {"by": ["country", ["plan", "device"], ["device", "plan"], ["plan", "plan"]]}}
    }))
    .unwrap();
    let problems = problem_lines(&gate);
    assert_eq!(
        problems,
        vec![
            "/predictions/slices/by/2 device×plan is listed twice; expected each slicing once",
            "/predictions/slices/by/3 the crossing names \"plan\" twice; expected each column once",
        ]
    );
}

#[test]
fn slicing_by_a_column_of_ids_is_refused() {
    let all = examples();
    let rows: Vec<&Example> = all.iter().collect();
    let gate = gate(
        json!({"accuracy": {"source": "predictions", "per_slice": true}}),
        json!({"by": ["country", "id"]}),
    );
    let error = gate.evaluate(&inputs(&rows), &Settings::default()).unwrap_err();
    assert_eq!(error.pointer, "/predictions/slices/by/1");
    assert_eq!(
        error.error.to_string(),
        "cand.csv: id has 1200 distinct values, and each would be a slice with its own check; expected a column of at most 1000 segments (a country, a device), not an id"
    );
}
