//! `cargo bench -p mlgate-canary`: wall time of one canary gate with 10 metrics × 100,000
//! samples per arm, read from CSV bytes, judged (Mann-Whitney + Hodges-Lehmann interval) and scored.

use std::time::Instant;

use mlgate_canary::CanaryGateConfig;
use mlgate_core::{Gate, MemoryInputs, Settings};
use mlgate_stats::bootstrap::SplitMix64;

const METRICS: usize = 10;
const SAMPLES: usize = 100_000;

/// A CSV with one lognormal-like column per metric (canary shifted by `shift` in log space).
fn csv(seed: u64, shift: f64) -> Vec<u8> {
    let mut rng = SplitMix64::new(seed);
    let mut u = || ((rng.next_u64() >> 11) as f64 + 0.5) * 2f64.powi(-53);
    let mut out = String::new();
    out.push_str(&(0..METRICS).map(|m| format!("m{m}")).collect::<Vec<_>>().join(","));
    out.push('\n');
    for _ in 0..SAMPLES {
        let row: Vec<String> = (0..METRICS)
            .map(|m| {
                let z = (-2.0 * u().ln()).sqrt() * (2.0 * std::f64::consts::PI * u()).cos();
                format!("{:.4}", (4.0 + 0.001 * m as f64 + shift + 0.5 * z).exp())
            })
            .collect();
        out.push_str(&row.join(","));
        out.push('\n');
    }
    out.into_bytes()
}

fn main() {
    let mut inputs = MemoryInputs::new();
    inputs
        .insert("baseline.csv", csv(1, 0.0))
        .insert("canary.csv", csv(2, 0.01));
    let metrics: serde_json::Map<String, serde_json::Value> =
        (0..METRICS).map(|m| (format!("m{m}"), serde_json::json!({}))).collect();
    let gate: CanaryGateConfig = serde_json::from_value(serde_json::json!({
        "name": "bench", "baseline": "baseline.csv", "canary": "canary.csv", "metrics": metrics
    }))
    .expect("config");
    let mut best = f64::INFINITY;
    let mut score = 0.0;
    for _ in 0..3 {
        let t = Instant::now();
        let report = gate.evaluate(&inputs, &Settings::default()).expect("gate runs");
        best = best.min(t.elapsed().as_secs_f64());
        score = report.score.unwrap_or(f64::NAN);
    }
    println!("canary gate, {METRICS} metrics x {SAMPLES} samples per arm: {best:.3} s (best of 3), score {score}");
}
