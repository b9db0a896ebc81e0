//! Known-answer tests: every case in reference/vectors.json (written by
//! reference/make_vectors.py from numpy/scipy) must match within 1e-9 relative on statistics
//! and 1e-6 relative on p-values (absolute 1e-12 near zero). All mismatches are reported at once.

#![allow(
    clippy::too_many_lines,
    reason = "a test reads top to bottom, as the story it checks"
)]

use mlgate_stats::bootstrap::{self, Interval, Settings, SplitMix64};
use mlgate_stats::contingency::{binomial_test, chi2_homogeneity, fisher_exact, mcnemar, two_proportion_z};
use mlgate_stats::distance::{binned, jensen_shannon, linf, psi, wasserstein, wasserstein_normalized};
use mlgate_stats::hodges_lehmann::hodges_lehmann;
use mlgate_stats::ks::{kolmogorov_sf, ks_2samp, smirnov_sf};
use mlgate_stats::mann_whitney::mann_whitney_u;
use mlgate_stats::msprt::msprt_mean_difference;
use mlgate_stats::multiple::{Correction, adjust};
use mlgate_stats::{Alternative, Method, StatsError, quantile};
use serde_json::Value;

const STAT_REL: f64 = 1e-9;
const P_REL: f64 = 1e-6;
const ABS_NEAR_ZERO: f64 = 1e-12;

fn vectors() -> Vec<Value> {
    let text = include_str!("reference/vectors.json");
    let v: Value = serde_json::from_str(text).expect("vectors.json parses");
    v["cases"].as_array().expect("cases").clone()
}

fn num(v: &Value) -> f64 {
    match v {
        Value::Number(n) => n.as_f64().unwrap(),
        Value::String(s) if s == "inf" => f64::INFINITY,
        Value::String(s) if s == "-inf" => f64::NEG_INFINITY,
        Value::String(s) if s == "nan" => f64::NAN,
        other => panic!("not a number: {other}"),
    }
}

/// A sample written out, or a generator spec reproduced with SplitMix64 exactly as the script does.
fn sample(v: &Value) -> Vec<f64> {
    if let Some(items) = v.as_array() {
        return items.iter().map(num).collect();
    }
    let g = &v["gen"];
    let (n, seed) = (g["n"].as_u64().unwrap() as usize, g["seed"].as_u64().unwrap());
    let (scale, shift, levels) = (num(&g["scale"]), num(&g["shift"]), g["levels"].as_u64().unwrap());
    let mut rng = SplitMix64::new(seed);
    (0..n)
        .map(|_| {
            let u = (rng.next_u64() >> 11) as f64 * 2f64.powi(-53);
            let q = if levels > 0 {
                (u * levels as f64).floor() / levels as f64
            } else {
                u
            };
            shift + scale * q
        })
        .collect()
}

fn alternative(v: &Value) -> Alternative {
    match v.as_str().unwrap() {
        "two-sided" => Alternative::TwoSided,
        "greater" => Alternative::Greater,
        "less" => Alternative::Less,
        other => panic!("alternative {other}"),
    }
}

/// None when `got` matches `want` within the tolerance.
fn mismatch(field: &str, got: f64, want: f64, rel: f64) -> Option<String> {
    let ok = if want.is_nan() {
        got.is_nan()
    } else if want.is_infinite() {
        got == want
    } else {
        (got - want).abs() <= (rel * want.abs()).max(ABS_NEAR_ZERO)
    };
    (!ok).then(|| {
        format!(
            "{field}: got {got:e}, want {want:e} (rel err {:e})",
            ((got - want) / want).abs()
        )
    })
}

fn check(errors: &mut Vec<String>, expected: &Value, got: &[(&str, f64)]) {
    let mut problems = Vec::new();
    for (field, value) in got {
        let rel = if field.starts_with("p_value") || field.ends_with("_p") {
            P_REL
        } else {
            STAT_REL
        };
        if let Some(p) = mismatch(field, *value, num(&expected[*field]), rel) {
            problems.push(p);
        }
    }
    if !problems.is_empty() {
        errors.push(problems.join("; "));
    }
}

fn method(v: &Value) -> Method {
    match v.as_str().unwrap() {
        "auto" => Method::Auto,
        "exact" => Method::Exact,
        _ => Method::Asymptotic,
    }
}

fn e<T>(r: Result<T, StatsError>) -> Result<T, String> {
    r.map_err(|e| e.to_string())
}

fn run_case(case: &Value) -> Result<Vec<(&'static str, f64)>, String> {
    let a = &case["args"];
    Ok(match case["test"].as_str().unwrap() {
        "mann_whitney" => {
            let method = method(&a["method"]);
            let r = e(mann_whitney_u(
                &sample(&a["x"]),
                &sample(&a["y"]),
                alternative(&a["alternative"]),
                method,
            ))?;
            vec![("statistic", r.statistic), ("p_value", r.p_value)]
        }
        "hodges_lehmann" => {
            let r = e(hodges_lehmann(
                &sample(&a["baseline"]),
                &sample(&a["canary"]),
                num(&a["confidence"]),
            ))?;
            vec![("estimate", r.estimate), ("ci_low", r.ci[0]), ("ci_high", r.ci[1])]
        }
        "ks_2samp" => {
            let method = method(&a["method"]);
            let r = e(ks_2samp(
                &sample(&a["x"]),
                &sample(&a["y"]),
                alternative(&a["alternative"]),
                method,
            ))?;
            vec![("statistic", r.statistic), ("p_value", r.p_value)]
        }
        "kolmogorov_sf" => vec![("p_value", kolmogorov_sf(a["n"].as_u64().unwrap(), num(&a["x"])))],
        "smirnov_sf" => vec![("p_value", smirnov_sf(a["n"].as_u64().unwrap(), num(&a["x"])))],
        "chi2_homogeneity" => {
            let r = e(chi2_homogeneity(
                &sample(&a["a"]),
                &sample(&a["b"]),
                a["yates"].as_bool().unwrap(),
            ))?;
            vec![("statistic", r.statistic), ("p_value", r.p_value)]
        }
        "fisher_exact" => {
            let t: Vec<Vec<u64>> = serde_json::from_value(a["table"].clone()).unwrap();
            let r = fisher_exact([[t[0][0], t[0][1]], [t[1][0], t[1][1]]], alternative(&a["alternative"]));
            vec![("statistic", r.statistic), ("p_value", r.p_value)]
        }
        "binomial_test" => {
            let (k, n) = (a["k"].as_u64().unwrap(), a["n"].as_u64().unwrap());
            let r = e(binomial_test(k, n, num(&a["p"]), alternative(&a["alternative"])))?;
            vec![("statistic", r.statistic), ("p_value", r.p_value)]
        }
        "two_proportion_z" => {
            let g = |k: &str| a[k].as_u64().unwrap();
            let r = e(two_proportion_z(
                g("x1"),
                g("n1"),
                g("x2"),
                g("n2"),
                alternative(&a["alternative"]),
            ))?;
            vec![("statistic", r.statistic), ("p_value", r.p_value)]
        }
        "mcnemar" => {
            let r = mcnemar(
                a["b"].as_u64().unwrap(),
                a["c"].as_u64().unwrap(),
                a["exact"].as_bool().unwrap(),
            );
            vec![("statistic", r.statistic), ("p_value", r.p_value)]
        }
        "psi" => vec![("statistic", e(psi(&sample(&a["reference"]), &sample(&a["current"])))?)],
        "jensen_shannon" => vec![(
            "statistic",
            e(jensen_shannon(&sample(&a["reference"]), &sample(&a["current"])))?,
        )],
        "linf" => vec![("statistic", e(linf(&sample(&a["reference"]), &sample(&a["current"])))?)],
        "wasserstein" => vec![(
            "statistic",
            e(wasserstein(&sample(&a["reference"]), &sample(&a["current"])))?,
        )],
        "wasserstein_normalized" => {
            vec![(
                "statistic",
                e(wasserstein_normalized(&sample(&a["reference"]), &sample(&a["current"])))?,
            )]
        }
        "quantile" => vec![("statistic", e(quantile::quantile(&sample(&a["sample"]), num(&a["q"])))?)],
        _ => return Err("not a scalar case".into()),
    })
}

#[test]
fn every_reference_vector_matches() {
    let cases = vectors();
    assert!(cases.len() >= 200, "only {} cases", cases.len());
    let mut errors = Vec::new();
    let mut checked = 0;
    for (i, case) in cases.iter().enumerate() {
        let test = case["test"].as_str().unwrap();
        let mut case_errors = Vec::new();
        match test {
            "binned" => {
                let (r, c) = binned(&sample(&case["args"]["reference"]), &sample(&case["args"]["current"])).unwrap();
                let edges = mlgate_stats::distance::sturges_edges(
                    &sample(&case["args"]["reference"]),
                    &sample(&case["args"]["current"]),
                )
                .unwrap();
                for (name, got) in [("edges", edges), ("reference_shares", r), ("current_shares", c)] {
                    let want = sample(&case["expected"][name]);
                    if want.len() != got.len() {
                        case_errors.push(format!("{name}: {} values, want {}", got.len(), want.len()));
                        continue;
                    }
                    for (j, (g, w)) in got.iter().zip(&want).enumerate() {
                        if let Some(p) = mismatch(&format!("{name}[{j}]"), *g, *w, STAT_REL) {
                            case_errors.push(p);
                        }
                    }
                }
            }
            "adjust" => {
                let method = match case["args"]["method"].as_str().unwrap() {
                    "bonferroni" => Correction::Bonferroni,
                    "holm" => Correction::Holm,
                    _ => Correction::BenjaminiHochberg,
                };
                let got = adjust(&sample(&case["args"]["p_values"]), method).unwrap();
                for (j, (g, w)) in got.iter().zip(sample(&case["expected"]["adjusted"])).enumerate() {
                    if let Some(p) = mismatch(&format!("adjusted[{j}]"), *g, w, P_REL) {
                        case_errors.push(p);
                    }
                }
            }
            "bootstrap" => {
                let a = &case["args"];
                let samples: Vec<Vec<f64>> = a["samples"].as_array().unwrap().iter().map(sample).collect();
                let settings = Settings {
                    confidence: num(&a["confidence"]),
                    resamples: a["resamples"].as_u64().unwrap() as usize,
                    seed: a["seed"].as_u64().unwrap(),
                    interval: if a["interval"] == "bca" {
                        Interval::Bca
                    } else {
                        Interval::Percentile
                    },
                    jackknife_groups: a["jackknife_groups"].as_u64().map_or(usize::MAX, |g| g as usize),
                };
                let mean = |s: &[f64]| s.iter().sum::<f64>() / s.len() as f64;
                let r = match a["statistic"].as_str().unwrap() {
                    "mean" => bootstrap::bootstrap_one(&samples[0], mean, settings),
                    "median" => bootstrap::bootstrap_one(&samples[0], |s| quantile::median(s).unwrap(), settings),
                    "std" => bootstrap::bootstrap_one(
                        &samples[0],
                        |s| {
                            let m = mean(s);
                            (s.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / (s.len() as f64 - 1.0)).sqrt()
                        },
                        settings,
                    ),
                    "mean_diff" => {
                        bootstrap::bootstrap_two(&samples[0], &samples[1], |x, y| mean(y) - mean(x), settings)
                    }
                    _ => bootstrap::bootstrap_two(
                        &samples[0],
                        &samples[1],
                        |x, y| quantile::quantile(y, 0.9).unwrap() - quantile::quantile(x, 0.9).unwrap(),
                        settings,
                    ),
                };
                match r {
                    Ok(r) => check(
                        &mut case_errors,
                        &case["expected"],
                        &[("estimate", r.estimate), ("ci_low", r.ci[0]), ("ci_high", r.ci[1])],
                    ),
                    Err(e) => case_errors.push(e.to_string()),
                }
            }
            "msprt" => {
                let a = &case["args"];
                let tau2 = if a["tau2"].is_null() {
                    None
                } else {
                    Some(num(&a["tau2"]))
                };
                match msprt_mean_difference(&sample(&a["baseline"]), &sample(&a["canary"]), num(&a["alpha"]), tau2) {
                    Ok(r) => check(
                        &mut case_errors,
                        &case["expected"],
                        &[
                            ("p_value", r.p_value),
                            ("ci_low", r.ci[0]),
                            ("ci_high", r.ci[1]),
                            ("tau2", r.tau2),
                            ("last_look_p", *r.p_values.last().unwrap()),
                            ("first_look_p", r.p_values[0]),
                        ],
                    ),
                    Err(e) => case_errors.push(e.to_string()),
                }
            }
            _ => match run_case(case) {
                Ok(got) => check(&mut case_errors, &case["expected"], &got),
                Err(e) => case_errors.push(format!("error: {e}")),
            },
        }
        checked += 1;
        if !case_errors.is_empty() {
            let args = case["args"].to_string();
            let args: String = args.chars().take(160).collect();
            errors.push(format!("case {i} {test} {args}: {}", case_errors.join("; ")));
        }
    }
    assert!(
        errors.is_empty(),
        "{} of {checked} cases disagree:\n{}",
        errors.len(),
        errors.join("\n")
    );
}
