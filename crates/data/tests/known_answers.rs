//! Aggregates and quantiles against numpy (tests/reference/make_reference.py wrote the answers),
//! drift against the stats crate's own reference-tested functions on the same values, and typed
//! columns from Parquet.

use std::io::Cursor;

use mlgate_core::{CheckResult, Gate, MemoryInputs, Settings, Status};
use mlgate_data::DataGateConfig;
use mlgate_stats::multiple::{Correction, adjust};
use mlgate_stats::{Alternative, Method, contingency, distance, ks};
use polars::prelude::{DataFrame, NamedFrom, ParquetWriter, Series};
use serde_json::{Value, json};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn evaluate(config: Value, files: &[(&str, Vec<u8>)]) -> Vec<CheckResult> {
    let gate: DataGateConfig = serde_json::from_value(config).unwrap();
    assert_eq!(gate.validate(), vec![]);
    let mut inputs = MemoryInputs::new();
    for (name, bytes) in files {
        inputs.insert(*name, bytes.clone());
    }
    gate.evaluate(&inputs, &Settings::default()).unwrap().checks
}

fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * b.abs().max(1e-300)
}

#[test]
fn aggregates_equal_numpy() {
    let reference: Value = serde_json::from_slice(
        &std::fs::read(format!(
            "{}/tests/reference/aggregates.json",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap(),
    )
    .unwrap();
    for column in ["x", "k"] {
        let want = &reference[column];
        let mut checks = json!({
            "mean": {"min": -1e9}, "median": {"min": -1e9}, "std": {"min": -1e9}, "sum": {"min": -1e9},
            "min_value": {"min": -1e9}, "max_value": {"min": -1e9}, "n_unique": {"min": 0},
        });
        let mut results = evaluate(
            json!({"name": "g", "path": "a.csv", "columns": {column: checks.take()}}),
            &[("a.csv", fixture("aggregates.csv"))],
        );
        for (check, key) in [
            ("mean", "mean"),
            ("median", "median"),
            ("std", "std"),
            ("sum", "sum"),
            ("n_unique", "n_unique"),
            ("min_value", "min"),
            ("max_value", "max"),
        ] {
            let c = results.iter().find(|c| c.check == check).unwrap();
            assert_eq!(c.status, Status::Pass, "{column}.{check}");
            let got = c.observed.as_ref().unwrap().as_f64().unwrap();
            let expected = want[key].as_f64().unwrap();
            assert!(
                close(got, expected, 1e-9),
                "{column}.{check}: {got} vs numpy {expected}"
            );
            if check != "n_unique" {
                assert_eq!(
                    c.element_count,
                    want["count"].as_u64(),
                    "{column}.{check} counts non-null values"
                );
            }
        }
        for (q, expected) in want["quantiles"].as_object().unwrap() {
            let q: f64 = q.parse().unwrap();
            results = evaluate(
                json!({"name": "g", "path": "a.csv", "columns": {column: {"quantile": {"q": q, "min": -1e9}}}}),
                &[("a.csv", fixture("aggregates.csv"))],
            );
            let got = results[0].observed.as_ref().unwrap().as_f64().unwrap();
            let expected = expected.as_f64().unwrap();
            assert!(close(got, expected, 1e-9), "{column} q={q}: {got} vs numpy {expected}");
        }
    }
}

/// A decimal text as (mantissa, power of ten), for sums beyond the float range ("4e308",
/// "4.0000000000000000e+308").
fn scientific(text: &str) -> (f64, i32) {
    let (mantissa, power) = text.split_once('e').unwrap_or((text, "0"));
    (mantissa.parse().unwrap(), power.parse().unwrap())
}

/// 1e-9 relative, or two ulps of the subnormals for results down there.
fn close_to_exact(x: f64, exact: f64) -> bool {
    (x - exact).abs() <= (1e-9 * exact.abs()).max(2.0 * f64::from_bits(1))
}

/// mean, std and sum near the float limits (tests/reference/edges.json): mlgate gives the exact
/// value everywhere — where numpy overflows to inf or underflows to 0 too — and numpy's where
/// numpy is right; the places where numpy is wrong are listed, so the reference cannot drift.
#[test]
fn sums_means_and_stds_near_the_float_limits_are_exact() {
    let reference: Value = serde_json::from_slice(
        &std::fs::read(format!("{}/tests/reference/edges.json", env!("CARGO_MANIFEST_DIR"))).unwrap(),
    )
    .unwrap();
    let mut numpy_wrong = Vec::new();
    for (case, want) in reference
        .as_object()
        .unwrap()
        .iter()
        .filter(|(k, _)| !k.starts_with('_'))
    {
        let values: Vec<&str> = want["values"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        let csv = format!("v\n{}\n", values.join("\n"));
        let checks = json!({"mean": {"min": -1.7e308}, "std": {"min": 0}, "sum": {"min": -1.7e308}});
        let results = evaluate(
            json!({"name": "g", "path": "a.csv", "columns": {"v": checks}}),
            &[("a.csv", csv.into_bytes())],
        );
        for stat in ["mean", "std", "sum"] {
            let c = results.iter().find(|c| c.check == stat).unwrap();
            let exact = want["exact"][stat].as_str().unwrap();
            let got = c.observed.as_ref().unwrap();
            match got {
                // Beyond the float range: the exact value to 6 significant digits.
                Value::String(text) => {
                    let ((m, p), (em, ep)) = (scientific(text), scientific(exact));
                    assert!(
                        p == ep && (m - em).abs() <= 1e-5 * em.abs(),
                        "{case}.{stat}: {text} vs exact {exact}"
                    );
                    assert!(c.message.contains("(beyond the float range)"), "{}", c.message);
                }
                number => {
                    let (got, exact) = (number.as_f64().unwrap(), exact.parse::<f64>().unwrap());
                    assert!(close_to_exact(got, exact), "{case}.{stat}: {got} vs exact {exact}");
                }
            }
            let numpy = &want["numpy"][stat];
            let numpy_right = numpy
                .as_f64()
                .is_some_and(|x| close_to_exact(x, exact.parse().unwrap()));
            if !numpy_right {
                numpy_wrong.push(format!("{case}.{stat} ({numpy})"));
            }
        }
    }
    assert_eq!(
        numpy_wrong,
        [
            "four_1e308.mean (\"inf\")",
            "four_1e308.std (\"inf\")",
            "four_1e308.sum (\"inf\")",
            "four_minus_1e308.mean (\"-inf\")",
            "four_minus_1e308.std (\"inf\")",
            "four_minus_1e308.sum (\"-inf\")",
            "cancelling_1e308.std (\"inf\")",
            "1e300s.std (\"inf\")",
            "1e-200s.std (0.0)",
            "subnormals.std (0.0)",
        ],
        "numpy overflows or underflows exactly there"
    );
}

/// Two numeric columns and a categorical one; the current side shifted.
fn drift_files(n_ref: usize, n_cur: usize) -> (String, String) {
    let mut state = 7u64;
    let mut next = || {
        // xorshift: a fixed, dependency-free sequence.
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % 10_000) as f64 / 100.0
    };
    let mut reference = String::from("a,b,c\n");
    for i in 0..n_ref {
        reference.push_str(&format!("{},{},{}\n", next(), i % 7, ["x", "y", "z"][i % 3]));
    }
    let mut current = String::from("a,b,c\n");
    for i in 0..n_cur {
        current.push_str(&format!("{},{},{}\n", next() + 8.0, i % 5, ["x", "y", "z", "z"][i % 4]));
    }
    (reference, current)
}

fn column(csv: &str, index: usize) -> Vec<String> {
    csv.lines()
        .skip(1)
        .map(|l| l.split(',').nth(index).unwrap().to_string())
        .collect()
}

fn numbers(csv: &str, index: usize) -> Vec<f64> {
    column(csv, index).iter().map(|v| v.parse().unwrap()).collect()
}

fn drift(method: &str, reference: &str, current: &str) -> Vec<CheckResult> {
    evaluate(
        json!({"name": "g", "path": "cur.csv", "drift": {"reference": "ref.csv", "method": method}}),
        &[
            ("cur.csv", current.as_bytes().to_vec()),
            ("ref.csv", reference.as_bytes().to_vec()),
        ],
    )
}

/// Counts per category over the union of categories, sorted.
fn counts(reference: &[String], current: &[String]) -> (Vec<f64>, Vec<f64>) {
    let mut keys: Vec<&String> = reference.iter().chain(current).collect();
    keys.sort();
    keys.dedup();
    let count = |side: &[String], k: &String| side.iter().filter(|v| *v == k).count() as f64;
    (
        keys.iter().map(|k| count(reference, k)).collect(),
        keys.iter().map(|k| count(current, k)).collect(),
    )
}

#[test]
fn drift_statistics_are_the_stats_crates() {
    let (reference, current) = drift_files(300, 200);
    let (ra, ca) = (numbers(&reference, 0), numbers(&current, 0));
    let (rc, cc) = (column(&reference, 2), column(&current, 2));

    // ks, with p-values adjusted (holm) across the three tested columns.
    let results = drift("ks", &reference, &current);
    let t = ks::ks_2samp(&ra, &ca, Alternative::TwoSided, Method::Auto).unwrap();
    assert_eq!(results[0].statistic, Some(t.statistic));
    assert_eq!(results[0].p_value, Some(t.p_value));
    assert_eq!(results[0].method.as_deref(), Some("ks"));
    assert_eq!(
        results[0].status,
        Status::Warn,
        "a shift of 8 in a 0..100 spread drifts"
    );
    // c is text: ks compares numbers, so chi2, its counterpart for categories, judges it, and
    // the message says so; its p-value is adjusted with the others.
    assert_eq!(results[2].method.as_deref(), Some("chi2"));
    assert!(
        results[2]
            .message
            .contains("(ks compares numbers: chi2 for this categorical column)"),
        "{}",
        results[2].message
    );
    let (r2, c2) = counts(&column(&reference, 2), &column(&current, 2));
    let chi = contingency::chi2_homogeneity(&r2, &c2, false).unwrap();
    assert_eq!(results[2].statistic, Some(chi.statistic));
    let tb = ks::ks_2samp(
        &numbers(&reference, 1),
        &numbers(&current, 1),
        Alternative::TwoSided,
        Method::Auto,
    )
    .unwrap();
    let adjusted = adjust(&[t.p_value, tb.p_value, chi.p_value], Correction::Holm).unwrap();
    assert_eq!(results[0].p_value_adjusted, Some(adjusted[0]));
    assert_eq!(results[1].p_value_adjusted, Some(adjusted[1]));
    assert_eq!(results[2].p_value_adjusted, Some(adjusted[2]));

    let results = drift("wasserstein", &reference, &current);
    assert_eq!(
        results[0].statistic,
        Some(distance::wasserstein_normalized(&ra, &ca).unwrap())
    );

    let (rb, cb) = distance::binned(&ra, &ca).unwrap();
    for (method, f) in [
        ("psi", distance::psi as fn(&[f64], &[f64]) -> _),
        ("js", distance::jensen_shannon),
        ("linf", distance::linf),
    ] {
        let results = drift(method, &reference, &current);
        assert_eq!(results[0].statistic, Some(f(&rb, &cb).unwrap()), "{method} on numbers");
        let (r, c) = counts(&rc, &cc);
        let share = |v: &[f64]| v.iter().map(|x| x / v.iter().sum::<f64>()).collect::<Vec<f64>>();
        assert_eq!(
            results[2].statistic,
            Some(f(&share(&r), &share(&c)).unwrap()),
            "{method} on categories"
        );
        assert_eq!(results[2].threshold, Some(0.1));
    }

    let results = drift("chi2", &reference, &current);
    let (r, c) = counts(&rc, &cc);
    let t = contingency::chi2_homogeneity(&r, &c, false).unwrap();
    assert_eq!(results[2].statistic, Some(t.statistic));
    assert_eq!(results[2].p_value, Some(t.p_value));
    assert_eq!(results[2].threshold, Some(0.05));
}

#[test]
fn auto_drift_follows_evidently() {
    // <= 1000 reference rows: ks for a numeric column with > 5 distinct values, chi2 otherwise
    // (b has 7 distinct values in the reference, c is text).
    let (reference, current) = drift_files(300, 200);
    let methods: Vec<Option<String>> = drift("auto", &reference, &current)
        .into_iter()
        .map(|c| c.method)
        .collect();
    assert_eq!(
        methods[..3],
        [Some("ks".into()), Some("ks".into()), Some("chi2".into())]
    );
    let (reference, current) = drift_files(1001, 200);
    let results = drift("auto", &reference, &current);
    let methods: Vec<Option<String>> = results.iter().map(|c| c.method.clone()).collect();
    assert_eq!(
        methods[..3],
        [
            Some("wasserstein".into()),
            Some("wasserstein".into()),
            Some("js".into())
        ]
    );
    // Every column moved (a by +8, b from i % 7 to i % 5, c towards z): 3 of 3 drift.
    let share = results.last().unwrap();
    assert_eq!(share.id, "g.drift.share");
    assert_eq!(share.element_count, Some(3));
    assert!(results[..3].iter().all(|c| c.status == Status::Warn), "{results:#?}");
    assert_eq!((share.status, share.unexpected_count), (Status::Fail, Some(3)));
    assert_eq!(
        share.message,
        "3 of 3 columns drifted (1); the gate breaks at a share of 0.5"
    );
    // The same file against itself drifts nowhere, and says so with every value reported.
    let same = drift("auto", &reference, &reference);
    assert!(same.iter().all(|c| c.status == Status::Pass), "{same:#?}");
    assert!(
        same[..3]
            .iter()
            .all(|c| c.statistic == Some(0.0) && c.threshold == Some(0.1))
    );
}

#[test]
fn parquet_columns_keep_their_types() {
    let mut frame = DataFrame::new(
        3,
        vec![
            Series::new("i".into(), [1i64, 2, 3]).into(),
            Series::new("f".into(), [1.0f64, 2.0, 3.0]).into(),
            Series::new("s".into(), ["a", "b", "c"]).into(),
            Series::new("b".into(), [true, false, true]).into(),
        ],
    )
    .unwrap();
    let mut bytes = Cursor::new(Vec::new());
    ParquetWriter::new(&mut bytes).finish(&mut frame).unwrap();
    let results = evaluate(
        json!({"name": "g", "path": "t.parquet", "columns": {
            "i": {"type": "integer", "max": 3},
            "f": {"type": "integer"},
            "s": {"type": "string", "allowed": ["a", "b", "c"]},
            "b": {"type": "string"}
        }}),
        &[("t.parquet", bytes.into_inner())],
    );
    let statuses: Vec<(&str, Status)> = results.iter().map(|c| (c.id.as_str(), c.status)).collect();
    assert_eq!(
        statuses,
        vec![
            ("g.columns.i.type", Status::Pass),
            ("g.columns.i.max", Status::Pass),
            // Parquet keeps 1.0 a float: unlike CSV, the file says what the type is.
            ("g.columns.f.type", Status::Fail),
            ("g.columns.s.type", Status::Pass),
            ("g.columns.s.allowed", Status::Pass),
            ("g.columns.b.type", Status::Fail),
        ]
    );
}
