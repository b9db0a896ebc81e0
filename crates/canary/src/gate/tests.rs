//! Kayenta's documented classifier and scorer behaviour, with the reasons in the messages, and
//! what mlgate adds (exact error-rate tests, corrections, sequential looks).

use super::*;
use crate::config::ScoreThresholds;
use mlgate_core::MemoryInputs;
use serde_json::json;

/// A spread of values with ties-free structure: 0.0, 1.3, 2.6, ... (n values).
fn spread(n: usize, shift: f64) -> Vec<f64> {
    (0..n).map(|i| ((i * 37) % n) as f64 * 1.3 + shift).collect()
}

fn metric(extra: Value) -> MetricConfig {
    let mut base = json!({"min_samples": 1});
    for (k, v) in extra.as_object().unwrap() {
        base[k] = v.clone();
    }
    serde_json::from_value(base).expect("metric config")
}

/// Runs a gate with one source pair in memory; metrics as (name, config, baseline, canary).
fn run_gate(metrics: Vec<(&str, MetricConfig, Vec<f64>, Vec<f64>)>, correction: Option<Correction>) -> GateReport {
    let mut b = Map::new();
    let mut c = Map::new();
    for (name, _, base, can) in &metrics {
        b.insert(name.to_string(), json!(base));
        c.insert(name.to_string(), json!(can));
    }
    let mut inputs = MemoryInputs::new();
    inputs
        .insert("b.json", serde_json::to_vec(&b).unwrap())
        .insert("c.json", serde_json::to_vec(&c).unwrap());
    let gate = CanaryGateConfig {
        name: "g".into(),
        baseline: Some(Source::Path("b.json".into())),
        canary: Some(Source::Path("c.json".into())),
        score: ScoreThresholds::default(),
        correction,
        sequential: false,
        metrics: metrics.into_iter().map(|(n, m, _, _)| (n.to_string(), m)).collect(),
    };
    assert_eq!(gate.validate(), vec![]);
    gate.evaluate(
        &inputs,
        &Settings {
            correction: Correction::None,
            ..Settings::default()
        },
    )
    .expect("gate runs")
}

fn one(m: MetricConfig, base: Vec<f64>, can: Vec<f64>) -> CheckResult {
    run_gate(vec![("m", m, base, can)], None).checks.remove(0)
}

#[test]
fn high_low_and_pass_by_the_tolerance_band() {
    let base = spread(40, 100.0);
    let high = one(metric(json!({})), base.clone(), spread(40, 140.0));
    assert_eq!(
        (high.classification.as_deref(), high.status),
        (Some("high"), Status::Fail)
    );
    assert!(high.message.starts_with("canary higher: shift +40"), "{}", high.message);
    let low = one(metric(json!({})), base.clone(), spread(40, 60.0));
    assert_eq!(low.classification.as_deref(), Some("low"));
    assert!(low.message.starts_with("canary lower: shift -40"), "{}", low.message);
    let pass = one(metric(json!({})), base.clone(), spread(40, 100.5));
    assert_eq!(pass.classification.as_deref(), Some("pass"));
    // The numbers behind the decision are all in the report.
    assert_eq!((high.n_baseline, high.n_canary), (Some(40), Some(40)));
    assert!(high.p_value.unwrap() < 1e-10 && high.ci.unwrap()[0] > 0.0 && high.statistic.is_some());
    assert!((high.effect.as_ref().unwrap()["mean_ratio"].as_f64().unwrap() - 140.0 / 100.0).abs() < 0.1);
}

#[test]
fn direction_decides_which_change_is_bad() {
    let base = spread(40, 100.0);
    let up = one(
        metric(json!({"direction": "decrease"})),
        base.clone(),
        spread(40, 140.0),
    );
    assert_eq!(up.classification.as_deref(), Some("pass"));
    assert!(
        up.message
            .contains("canary higher, but direction: decrease flags only decreases"),
        "{}",
        up.message
    );
    let down = one(metric(json!({"direction": "increase"})), base.clone(), spread(40, 60.0));
    assert_eq!(down.classification.as_deref(), Some("pass"));
    assert!(down.message.contains("direction: increase flags only increases"));
    let bad = one(metric(json!({"direction": "increase"})), base, spread(40, 140.0));
    assert_eq!(bad.classification.as_deref(), Some("high"));
}

#[test]
fn effect_size_filter_on_the_mean_ratio() {
    let base = spread(40, 100.0);
    // +40 on a mean of ~125: ratio ~1.32.
    let small = one(
        metric(json!({"allowed_increase": 1.5})),
        base.clone(),
        spread(40, 140.0),
    );
    assert_eq!(small.classification.as_deref(), Some("pass"));
    assert!(
        small.message.contains("mean_ratio 1.31911") && small.message.contains("below allowed_increase 1.5"),
        "{}",
        small.message
    );
    let big = one(
        metric(json!({"allowed_increase": 1.2})),
        base.clone(),
        spread(40, 140.0),
    );
    assert_eq!(big.classification.as_deref(), Some("high"));
    let low = one(metric(json!({"allowed_decrease": 0.5})), base, spread(40, 60.0));
    assert_eq!(low.classification.as_deref(), Some("pass"));
    assert!(low.message.contains("above allowed_decrease 0.5"), "{}", low.message);
}

#[test]
fn zero_baseline_mean_skips_the_filter_and_says_so() {
    let base: Vec<f64> = (0..40).map(|i| if i % 2 == 0 { 1.0 } else { -1.0 }).collect();
    let c = one(metric(json!({"allowed_increase": 1.1})), base, spread(40, 50.0));
    assert_eq!(c.classification.as_deref(), Some("high"));
    assert!(
        c.message
            .contains("the baseline's value is 0, so the mean_ratio filter was skipped"),
        "{}",
        c.message
    );
    assert!(c.effect.is_none());
}

#[test]
fn zero_inflated_data_is_classified_by_the_test() {
    // Most values 0 in both arms: the Hodges-Lehmann shift is exactly 0, but the canary has far
    // more non-zero values (kayenta#426).
    let base: Vec<f64> = (0..1000).map(|i| if i % 50 == 0 { 5.0 } else { 0.0 }).collect();
    let can: Vec<f64> = (0..1000).map(|i| if i % 5 == 0 { 5.0 } else { 0.0 }).collect();
    let c = one(metric(json!({})), base, can);
    assert_eq!(c.estimate, Some(0.0));
    assert_eq!(c.classification.as_deref(), Some("high"), "{}", c.message);
    assert!(c.message.contains("the shift estimate is 0"), "{}", c.message);
}

#[test]
fn too_few_samples_is_nodata_never_a_silent_pass() {
    let c = one(metric(json!({"min_samples": 10})), spread(5, 0.0), spread(40, 0.0));
    assert_eq!(
        (c.classification.as_deref(), c.status),
        (Some("nodata"), Status::Nodata)
    );
    assert_eq!(
        c.message,
        "no data: 5 baseline and 40 canary values after NaN and outlier handling; min_samples is 10"
    );
    let must = one(
        metric(json!({"min_samples": 10, "must_have_data": true})),
        spread(5, 0.0),
        spread(40, 0.0),
    );
    assert_eq!(must.status, Status::Fail);
    // NaN removed first, then counted.
    let nan = one(
        metric(json!({"min_samples": 3})),
        vec![f64::NAN, 1.0, 2.0],
        spread(5, 0.0),
    );
    assert_eq!(nan.classification.as_deref(), Some("nodata"));
    let replaced = one(
        metric(json!({"min_samples": 3, "nan": "replace"})),
        vec![f64::NAN, 1.0, 2.0],
        spread(5, 0.0),
    );
    assert_ne!(replaced.classification.as_deref(), Some("nodata"));
}

#[test]
fn outliers_are_removed_with_iqr_fences() {
    let mut base = spread(40, 100.0);
    base.push(1e6);
    let kept = one(metric(json!({})), base.clone(), spread(40, 100.0));
    assert_eq!(kept.n_baseline, Some(41));
    let removed = one(
        metric(json!({"outliers": {"strategy": "remove", "factor": 3.0}})),
        base,
        spread(40, 100.0),
    );
    assert_eq!(removed.n_baseline, Some(40));
}

#[test]
fn scoring_weights_critical_and_nodata_share() {
    let base = spread(40, 100.0);
    let pass = || (metric(json!({})), base.clone(), spread(40, 100.5));
    let high = |extra: Value| (metric(extra), base.clone(), spread(40, 140.0));
    // 3 of 4 weight units pass: 75 -> marginal (the boundary is inclusive), verdict warn.
    let (m1, b1, c1) = pass();
    let (m2, b2, c2) = pass();
    let (m3, b3, c3) = pass();
    let (m4, b4, c4) = high(json!({}));
    let g = run_gate(
        vec![
            ("a", m1, b1, c1),
            ("b", m2, b2, c2),
            ("c", m3, b3, c3),
            ("d", m4, b4, c4),
        ],
        None,
    );
    assert_eq!(
        (g.score, g.judgement, g.verdict),
        (Some(75.0), Some(Judgement::Marginal), Status::Warn)
    );
    // Weights: the failing metric weighs 3 of 6.
    let (m1, b1, c1) = pass();
    let (m2, b2, c2) = high(json!({"weight": 3}));
    let (m3, b3, c3) = pass();
    let (m4, b4, c4) = pass();
    let g = run_gate(
        vec![
            ("a", m1, b1, c1),
            ("b", m2, b2, c2),
            ("c", m3, b3, c3),
            ("d", m4, b4, c4),
        ],
        None,
    );
    assert_eq!(g.score, Some(50.0));
    assert_eq!(g.judgement, Some(Judgement::Fail));
    // A critical failure sets the score to 0 whatever the rest.
    let mut metrics = vec![];
    for name in ["a", "b", "c", "d", "e"] {
        let (m, b, c) = pass();
        metrics.push((name, m, b, c));
    }
    let (m, b, c) = high(json!({"critical": true}));
    metrics.push(("crit", m, b, c));
    let g = run_gate(metrics, None);
    assert_eq!((g.score, g.verdict), (Some(0.0), Status::Fail));
    // Half the metrics nodata: score 0.
    let (m1, b1, c1) = pass();
    let g = run_gate(
        vec![
            ("a", m1, b1, c1),
            ("n", metric(json!({"min_samples": 100})), base.clone(), base.clone()),
        ],
        None,
    );
    assert_eq!(g.score, Some(0.0));
    // A minority of nodata metrics is left out of the score.
    let (m1, b1, c1) = pass();
    let (m2, b2, c2) = pass();
    let g = run_gate(
        vec![
            ("a", m1, b1, c1),
            ("b", m2, b2, c2),
            ("n", metric(json!({"min_samples": 100})), base.clone(), base.clone()),
        ],
        None,
    );
    assert_eq!(g.score, Some(100.0));
    // Muted metrics are shown but not scored.
    let (m1, b1, c1) = pass();
    let (m2, b2, c2) = high(json!({"muted": true}));
    let g = run_gate(vec![("a", m1, b1, c1), ("m", m2, b2, c2)], None);
    assert_eq!(g.score, Some(100.0));
    assert!(g.checks[1].message.ends_with("(muted: not scored)"));
}

#[test]
fn zero_error_baseline_against_errors_is_caught_exactly() {
    let rate = |xb: u64, nb: u64, xc: u64, nc: u64| {
        let to01 = |x: u64, n: u64| (0..n).map(|i| if i < x { 1.0 } else { 0.0 }).collect::<Vec<f64>>();
        one(
            metric(json!({"test": "proportion", "direction": "increase", "critical": true})),
            to01(xb, nb),
            to01(xc, nc),
        )
    };
    let caught = rate(0, 10_000, 12, 10_000);
    assert_eq!(
        (caught.classification.as_deref(), caught.status),
        (Some("high"), Status::Fail)
    );
    assert_eq!(caught.effect.as_ref().unwrap()["method"], "fisher");
    assert!(caught.p_value.unwrap() < 0.001, "{:?}", caught.p_value);
    assert!(
        caught.message.contains("baseline's value is 0") || caught.effect.as_ref().unwrap().get("rate_ratio").is_none()
    );
    let noise = rate(0, 100, 1, 100);
    assert_eq!(noise.classification.as_deref(), Some("pass"), "{}", noise.message);
    // Large counts use the pooled z-test.
    let z = rate(300, 10_000, 420, 10_000);
    assert_eq!(z.effect.as_ref().unwrap()["method"], "z");
    assert_eq!(z.classification.as_deref(), Some("high"));
    assert!((z.effect.as_ref().unwrap()["rate_ratio"].as_f64().unwrap() - 1.4).abs() < 1e-12);
}

#[test]
fn counts_from_successes_and_trials_columns() {
    let mut inputs = MemoryInputs::new();
    inputs
        .insert("b.csv", b"errors,requests\n0,5000\n0,5000\n".to_vec())
        .insert("c.csv", b"errors,requests\n5,5000\n7,5000\n".to_vec());
    let gate: CanaryGateConfig = serde_json::from_value(json!({
        "name": "g", "baseline": "b.csv", "canary": "c.csv",
        "metrics": {"error_rate": {"test": "proportion", "successes": "errors", "trials": "requests"}}
    }))
    .unwrap();
    let r = gate.evaluate(&inputs, &Settings::default()).unwrap();
    let c = &r.checks[0];
    assert_eq!((c.n_baseline, c.n_canary), (Some(10_000), Some(10_000)));
    assert_eq!(c.classification.as_deref(), Some("high"));
    assert!((c.estimate.unwrap() - 0.0012).abs() < 1e-15);
}

#[test]
fn correction_can_turn_a_marginal_result_into_a_pass() {
    // Five metrics: one with p just below 0.02, the others null. Holm multiplies by 5.
    let base = spread(60, 100.0);
    let shifted = spread(60, 111.0);
    let mut metrics = vec![(
        "shifted",
        metric(json!({"tolerance": 0.0})),
        base.clone(),
        shifted.clone(),
    )];
    for name in ["a", "b", "c", "d"] {
        metrics.push((name, metric(json!({})), base.clone(), base.clone()));
    }
    let plain = run_gate(metrics.clone(), Some(Correction::None));
    let holm = run_gate(metrics, Some(Correction::Holm));
    let p = plain.checks[0].p_value.unwrap();
    assert!(p < 0.02 && p * 5.0 > 0.02, "choose data near the edge: p = {p}");
    assert_eq!(plain.checks[0].classification.as_deref(), Some("high"));
    assert_eq!(holm.checks[0].classification.as_deref(), Some("pass"));
    assert!((holm.checks[0].p_value_adjusted.unwrap() - 5.0 * p).abs() < 1e-12);
}

#[test]
fn a_metric_in_error_makes_the_gate_error() {
    let c = run_gate(
        vec![(
            "m",
            metric(json!({"test": "proportion"})),
            vec![0.0, 1.0, 2.0],
            vec![0.0, 1.0, 1.0],
        )],
        None,
    );
    assert_eq!(c.checks[0].status, Status::Error);
    assert!(
        c.checks[0].message.contains("expects 0/1 values"),
        "{}",
        c.checks[0].message
    );
    assert_eq!(c.verdict, Status::Error);
}

/// `sequential: true`: on a null stream (no difference) looked at after every batch, the
/// always-valid p-value stays above alpha in at least 1 − alpha of the simulations.
#[test]
fn sequential_looks_keep_the_false_alarm_rate() {
    use mlgate_stats::bootstrap::SplitMix64;
    const SIMULATIONS: usize = 400;
    const LOOKS: usize = 20;
    const BATCH: usize = 25;
    let alpha = 0.05;
    let mut rng = SplitMix64::new(42);
    let mut normal = move || {
        let u1 = ((rng.next_u64() >> 11) as f64 + 0.5) * 2f64.powi(-53);
        let u2 = ((rng.next_u64() >> 11) as f64 + 0.5) * 2f64.powi(-53);
        (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
    };
    let config = metric(json!({"confidence": 1.0 - alpha, "min_samples": 2}));
    let mut false_alarms = 0;
    for _ in 0..SIMULATIONS {
        let base: Vec<f64> = (0..LOOKS * BATCH).map(|_| 100.0 + 10.0 * normal()).collect();
        let can: Vec<f64> = (0..LOOKS * BATCH).map(|_| 100.0 + 10.0 * normal()).collect();
        // The pipeline re-runs the gate after every batch; any rejection is a false alarm.
        let alarmed = (1..=LOOKS).any(|look| {
            let n = look * BATCH;
            let data = MetricData::Values {
                baseline: base[..n].to_vec(),
                canary: can[..n].to_vec(),
            };
            match measure(&config, &data, true) {
                Measurement::Shift(s) => s.p_value.is_some_and(|p| p < alpha),
                _ => false,
            }
        });
        false_alarms += usize::from(alarmed);
    }
    let rate = false_alarms as f64 / SIMULATIONS as f64;
    eprintln!("sequential: {false_alarms} of {SIMULATIONS} null streams alarmed over {LOOKS} looks");
    assert!(
        rate <= alpha,
        "{false_alarms} of {SIMULATIONS} null streams alarmed ({rate})"
    );
    // The fixed-sample test looked at 20 times alarms far more often: that is what sequential fixes.
    let mut rng2 = SplitMix64::new(7);
    let mut normal2 = move || {
        let u1 = ((rng2.next_u64() >> 11) as f64 + 0.5) * 2f64.powi(-53);
        let u2 = ((rng2.next_u64() >> 11) as f64 + 0.5) * 2f64.powi(-53);
        (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
    };
    let mut naive = 0;
    for _ in 0..100 {
        let base: Vec<f64> = (0..LOOKS * BATCH).map(|_| normal2()).collect();
        let can: Vec<f64> = (0..LOOKS * BATCH).map(|_| normal2()).collect();
        let alarmed = (1..=LOOKS).any(|look| {
            let n = look * BATCH;
            let data = MetricData::Values {
                baseline: base[..n].to_vec(),
                canary: can[..n].to_vec(),
            };
            matches!(measure(&config, &data, false), Measurement::Shift(s) if s.p_value.is_some_and(|p| p < alpha))
        });
        naive += usize::from(alarmed);
    }
    eprintln!("fixed-sample test, {LOOKS} looks: {naive} of 100 null streams alarmed");
    assert!(
        naive > 10,
        "repeated fixed-sample looks should inflate alarms above 10%: {naive} of 100"
    );
}

#[test]
fn report_of_a_gate_with_high_pass_nodata_and_critical_proportion() {
    let base = spread(40, 100.0);
    let to01 = |x: usize, n: usize| (0..n).map(|i| if i < x { 1.0 } else { 0.0 }).collect::<Vec<f64>>();
    let gate = run_gate(
        vec![
            (
                "latency_ms",
                metric(json!({"direction": "increase"})),
                base.clone(),
                spread(40, 140.0),
            ),
            ("cpu", metric(json!({})), base.clone(), spread(40, 100.5)),
            (
                "queue_depth",
                metric(json!({"min_samples": 50})),
                base.clone(),
                base.clone(),
            ),
            (
                "error_rate",
                metric(json!({"test": "proportion", "direction": "increase", "critical": true, "min_samples": 100})),
                to01(0, 5000),
                to01(9, 5000),
            ),
        ],
        Some(Correction::Holm),
    );
    insta::assert_json_snapshot!("canary_gate_report", gate);
}
