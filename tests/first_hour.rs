//! A new user's first hour, through the real binary: reports that show the bad values, errors
//! that point at the cause, dates that can be bounded, one run for every output. The churn
//! example (examples/churn, its problems planted by generate.py) is the trial; the other cases
//! are small projects written here.

mod common;

use std::path::Path;

use common::{mlgate, root, run_in, tempdir};
use serde_json::Value;

/// Writes `files` (path, content) under a fresh folder holding a git repository (its workspace).
fn project(name: &str, files: &[(&str, &str)]) -> std::path::PathBuf {
    let dir = tempdir(name);
    assert!(common::git(&dir, &["init", "-q"]).0);
    for (path, content) in files {
        let full = dir.join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, content).unwrap();
    }
    dir
}

/// The line of the text report about `check` (its label, as the report shows it).
fn line<'a>(report: &'a str, check: &str) -> &'a str {
    report
        .lines()
        .find(|l| {
            l.trim_start()
                .split_once("  ")
                .is_some_and(|(_, rest)| rest.trim_start().starts_with(&format!("{check}:")))
        })
        .unwrap_or_else(|| panic!("no line for {check} in:\n{report}"))
}

#[test]
fn the_churn_trial_names_every_planted_problem() {
    let run = mlgate(&["check", "-c", "examples/churn/mlgate.yaml"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let report = &run.stdout;
    insta::assert_snapshot!("churn_text", report);
    // Each problem README's table lists, with the values behind it.
    assert!(line(report, "age.type").contains(r#"row 742: "unknown""#), "{report}");
    assert!(
        line(report, "age.type").contains("1 of 1499 values are not integers"),
        "N/A is a null: {report}"
    );
    assert!(
        line(report, "income.null_fraction").contains("45 of 1500 rows null"),
        "{report}"
    );
    assert!(
        line(report, "plan.allowed").contains(r#"row 88: "Premium", row 1203: "enterprise""#),
        "{report}"
    );
    assert!(
        line(report, "signup.max").contains(r#"row 500: "2031-03-02""#),
        "{report}"
    );
    assert!(
        line(report, "signup.type").contains(r#"row 901: "2023-02-30""#),
        "{report}"
    );
    assert!(
        line(report, "customer_id.unique").contains("row 1498: 11498, row 1499: 11498"),
        "{report}"
    );
    assert!(
        line(report, "f1").contains("higher is better for f1, from \"f1\" in its name"),
        "{report}"
    );
    assert!(
        line(report, "latency").contains(r#"no column "latency" in canary/baseline.csv (did you mean "latency_ms"?)"#),
        "{report}"
    );
    // The age checks ran on the integers, and say what they left out.
    assert!(!report.contains("SKIPPED"), "{report}");
    let verbose = mlgate(&["check", "-c", "examples/churn/mlgate.yaml", "-v"]).stdout;
    assert!(
        line(&verbose, "age.min").ends_with("(1 value(s) that are not integers left out: see the type check)"),
        "{verbose}"
    );
}

#[test]
fn pandas_null_texts_are_nulls_unless_the_config_says_otherwise() {
    let dir = project(
        "first-hour-nulls",
        &[
            ("d.csv", "x,name\n1.5,a\nN/A,b\nNaN,c\n2.5,NA\nnull,None\n"),
            (
                "mlgate.yaml",
                "version: 1\ndata:\n  - name: d\n    path: d.csv\n    columns:\n      x: { type: float, null_fraction: { max: 0 } }\n      name: { nullable: false }\n",
            ),
            (
                "own.yaml",
                "version: 1\ndata:\n  - name: d\n    path: d.csv\n    csv: { null_values: [\"\"] }\n    columns:\n      x: { type: float }\n      name: { nullable: false }\n",
            ),
        ],
    );
    let run = run_in(&dir, &["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        line(&run.stdout, "x.null_fraction").contains("3 of 5 rows null (0.6)"),
        "{}",
        run.stdout
    );
    assert!(
        line(&run.stdout, "name.nullable").contains("2 of 5 rows are null"),
        "{}",
        run.stdout
    );
    // `csv.null_values` replaces the list: the texts are values again (and x is text).
    let own = run_in(&dir, &["check", "-c", "own.yaml"]);
    assert!(
        line(&own.stdout, "x.type").contains("are not numbers (the column reads as string)"),
        "{}",
        own.stdout
    );
    assert!(!own.stdout.contains("name.nullable"), "{}", own.stdout);
}

#[test]
fn a_canary_metric_naming_a_missing_column_fails_naming_the_file_and_its_columns() {
    let samples = "latency_ms,errors,requests\n100,1,1000\n101,0,1000\n99,2,1000\n";
    let dir = project(
        "first-hour-canary",
        &[
            ("b.csv", samples),
            ("c.csv", samples),
            (
                "mlgate.yaml",
                "version: 1\ncanary:\n  - name: c\n    baseline: b.csv\n    canary: c.csv\n    metrics:\n      latency_ms: { min_samples: 1 }\n      error_rate: { test: proportion, successes: error, trials: requests }\n",
            ),
        ],
    );
    let run = run_in(&dir, &["check"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        line(&run.stdout, "error_rate").contains(
            r#"no column "error" in b.csv (did you mean "errors"?); the columns are "latency_ms", "errors", "requests""#
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.starts_with("FAIL  canary gate c"),
        "the gate fails whatever its score: {}",
        run.stdout
    );
    // And in `canary compare`.
    let compare = run_in(
        &dir,
        &[
            "canary",
            "compare",
            "--baseline",
            "b.csv",
            "--canary",
            "c.csv",
            "--metric",
            "latency",
        ],
    );
    assert_eq!(compare.code, 1, "{}{}", compare.stdout, compare.stderr);
    assert!(
        compare
            .stdout
            .contains(r#"no column "latency" in b.csv (did you mean "latency_ms"?)"#),
        "{}",
        compare.stdout
    );
}

#[test]
fn one_run_writes_every_format_asked_for() {
    let out = tempdir("first-hour-reports");
    let (junit, markdown, json) = (out.join("r.xml"), out.join("r.md"), out.join("r.json"));
    let arg = |format: &str, file: &Path| format!("{format}={}", file.display());
    let run = mlgate(&[
        "check",
        "-c",
        "examples/quickstart/failing.yaml",
        "--report",
        &arg("junit", &junit),
        "--report",
        &arg("markdown", &markdown),
        "--report",
        &arg("json", &json),
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    // Standard output keeps the chosen format (text), and each file is what its own run writes
    // (timings aside).
    assert!(run.stdout.starts_with("FAIL  data gate train"), "{}", run.stdout);
    for (format, file) in [("markdown", &markdown), ("json", &json)] {
        let alone = mlgate(&["check", "-c", "examples/quickstart/failing.yaml", "--format", format]).stdout;
        assert_eq!(
            without_timings(&std::fs::read_to_string(file).unwrap()),
            without_timings(&alone),
            "{format}"
        );
    }
    assert!(
        std::fs::read_to_string(&junit)
            .unwrap()
            .contains("<testsuites name=\"mlgate\" tests=\"39\"")
    );
    let bad = mlgate(&["check", "-c", "examples/quickstart/mlgate.yaml", "--report", "yaml=x"]);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("unknown format \"yaml\""), "{}", bad.stderr);
}

#[test]
fn the_markdown_links_the_html_report_where_ci_uploaded_it() {
    let url = "https://github.com/o/r/actions/runs/9/artifacts/17";
    let args = [
        "check",
        "-c",
        "examples/quickstart/failing.yaml",
        "--format",
        "markdown",
    ];
    let linked = mlgate(&[&args[..], &["--html-report-url", url]].concat());
    assert_eq!(linked.code, 1, "{}", linked.stderr);
    let plain = mlgate(&args).stdout;
    let line = format!("📊 [The HTML report]({url}): every check with the charts behind its verdict.");
    assert_eq!(linked.stdout.replacen(&format!("\n{line}\n"), "", 1), plain);
    assert!(
        linked.stdout.lines().nth(5).is_some_and(|l| l == line),
        "{}",
        linked.stdout
    );
    // Only http(s): anything else is refused before the run, with what was expected.
    let bad = mlgate(&[&args[..], &["--html-report-url", "javascript:alert(1)"]].concat());
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr
            .contains("expected an http or https URL for the HTML report, found \"javascript:alert(1)\""),
        "{}",
        bad.stderr
    );
}

/// Reports with their timings (`duration_ms`, JUnit `time`) zeroed.
fn without_timings(text: &str) -> String {
    let re = |s: &str, pattern: &str, with: &str| {
        let mut out = String::new();
        for line in s.lines() {
            let cut = line.find(pattern).map_or(line.to_string(), |at| {
                let end = line[at + pattern.len()..]
                    .find(|c: char| !c.is_ascii_digit() && c != '.')
                    .map_or(line.len(), |e| at + pattern.len() + e);
                format!("{}{with}{}", &line[..at + pattern.len()], &line[end..])
            });
            out.push_str(&cut);
            out.push('\n');
        }
        out
    };
    re(&re(text, "\"duration_ms\": ", "0"), "time=\"", "0")
}

#[test]
fn failing_values_show_in_the_text_report_three_at_a_time() {
    let run = mlgate(&["check", "-c", "examples/quickstart/failing.yaml"]);
    let allowed = line(&run.stdout, "country.allowed");
    assert!(allowed.contains("; row "), "{allowed}");
    assert!(allowed.ends_with("and 18 more"), "{allowed}");
    assert_eq!(allowed.matches("row ").count(), 3, "{allowed}");
    let verbose = mlgate(&["check", "-c", "examples/quickstart/failing.yaml", "-v"]).stdout;
    assert_eq!(
        line(&verbose, "country.allowed").matches("row ").count(),
        20,
        "every sample kept"
    );
}

#[test]
fn dates_are_bounded_by_dates_and_times_relative_to_the_run() {
    let dir = project(
        "first-hour-dates",
        &[
            (
                "d.csv",
                "signup,seen,written\n2024-01-05,2024-01-05T10:00:00,05/01/2024\n2031-03-02,2026-01-01T00:00:00,31/02/2024\n",
            ),
            (
                "d.jsonl",
                "{\"signup\": \"2024-01-05\", \"seen\": \"2024-01-05T10:00:00\"}\n{\"signup\": \"2031-03-02\", \"seen\": \"2026-01-01T00:00:00\"}\n",
            ),
            (
                "mlgate.yaml",
                "version: 1\ndata:\n  - name: csv\n    path: d.csv\n    columns:\n      signup: { type: date, min: \"2020-01-01\", max: today }\n      seen: { type: datetime, max: \"2025-12-31T23:59:59Z\" }\n      written: { format: \"%d/%m/%Y\" }\n  - name: jsonl\n    path: d.jsonl\n    columns:\n      signup: { type: date, max: today+365d }\n      seen: { type: datetime, min: now-100000d }\n",
            ),
        ],
    );
    let run = run_in(&dir, &["check", "-v"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let report = &run.stdout;
    assert!(
        line(report, "signup.min").contains("all 2 values on or after 2020-01-01"),
        "{report}"
    );
    assert!(
        line(report, "signup.max").contains(r#"1 of 2 values after today (latest 2031-03-02); row 1: "2031-03-02""#),
        "{report}"
    );
    assert!(
        line(report, "seen.max").contains("1 of 2 values after 2025-12-31T23:59:59Z"),
        "{report}"
    );
    assert!(
        line(report, "written.format")
            .contains(r#"1 of 2 values are not dates in the format "%d/%m/%Y"; row 1: "31/02/2024""#),
        "{report}"
    );
    // JSON Lines dates are typed as in CSV: the type checks pass and the bounds compare dates.
    let jsonl = report.split_once("data gate jsonl").unwrap().1;
    assert!(
        line(jsonl, "signup.type").contains("column \"signup\" is date"),
        "{report}"
    );
    assert!(
        line(jsonl, "seen.type").contains("column \"seen\" is datetime"),
        "{report}"
    );
    assert!(
        line(jsonl, "signup.max").contains("1 of 2 values after today+365d (latest 2031-03-02)"),
        "{report}"
    );
    assert!(
        line(jsonl, "seen.min").contains("all 2 values on or after now-100000d"),
        "{report}"
    );
}

#[test]
fn a_config_names_where_a_misplaced_key_belongs_and_what_a_switch_does() {
    // (the snapshots in tests/snapshots/config_errors__*.snap hold the whole messages)
    let run = mlgate(&["check", "-c", "tests/fixtures/bad-config/misplaced_key/mlgate.yaml"]);
    assert!(
        run.stderr.contains("`resamples` is a key of `metrics[].predictions`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("`sequential` is a key of `canary[]`"),
        "{}",
        run.stderr
    );
    let run = mlgate(&["check", "-c", "tests/fixtures/bad-config/boolean_switch/mlgate.yaml"]);
    assert!(
        run.stderr
            .contains("expected a boolean (`true`: `min` itself is not allowed"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_metric_compare_without_bounds_is_the_diff_table() {
    let run = mlgate(&[
        "metrics",
        "compare",
        "examples/quickstart/metrics/candidate.json",
        "--baseline",
        "examples/quickstart/metrics/main.json",
    ]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    insta::assert_snapshot!("metrics_compare_without_bounds", run.stdout);
    assert!(
        line(&run.stdout, "accuracy").contains("(baseline 0.905, delta "),
        "{}",
        run.stdout
    );
}

#[test]
fn data_drift_takes_columns_a_threshold_and_each_columns_fitting_test() {
    let (train, reference) = (
        "examples/quickstart/data/train.csv",
        "examples/quickstart/data/reference.csv",
    );
    let run = mlgate(&[
        "data",
        "drift",
        train,
        reference,
        "--method",
        "ks",
        "--columns",
        "age,country",
        "--threshold",
        "0.01",
        "-v",
    ]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        line(&run.stdout, "drift.age").contains("did not drift: ks p = "),
        "{}",
        run.stdout
    );
    assert!(
        line(&run.stdout, "drift.country").contains("(ks compares numbers: chi2 for this categorical column)"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("drift.income"), "{}", run.stdout);
    assert!(
        line(&run.stdout, "drift.share")
            .contains("0 of 2 columns drifted (0), under the share of 0.5 that breaks the gate"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_column_that_is_a_date_in_one_file_and_text_in_the_other_is_compared_as_dates() {
    let dir = project(
        "first-hour-drift-types",
        &[
            ("cur.csv", "d\n2024-01-01\n2024-01-02\n2024-01-03\n2024-13-01\n"),
            ("ref.csv", "d\n2024-01-01\n2024-01-02\n2024-01-03\n"),
        ],
    );
    let run = run_in(
        &dir,
        &["data", "drift", "cur.csv", "ref.csv", "-v", "--method", "wasserstein"],
    );
    let drift = line(&run.stdout, "drift.d");
    assert!(
        drift.contains("(string in cur.csv, date in the reference ref.csv: compared as text)"),
        "{}",
        run.stdout
    );
    let same = project(
        "first-hour-drift-types-2",
        &[
            ("cur.csv", "d\n2024-01-01\n2024-01-02\n"),
            ("ref.jsonl", "{\"d\": \"2024-01-01\"}\n{\"d\": \"2024-01-02\"}\n"),
        ],
    );
    let run = run_in(&same, &["data", "drift", "cur.csv", "ref.jsonl", "-v"]);
    assert!(line(&run.stdout, "drift.d").contains("did not drift"), "{}", run.stdout);
}

#[test]
fn a_significant_regression_beyond_every_resample_says_p_below_one_over_b_plus_one() {
    let mut current = String::from("id,y,score\n");
    let mut baseline = String::from("id,y,score\n");
    for i in 0..400 {
        let y = i % 2;
        current.push_str(&format!("{i},{y},{}\n", if y == 1 { 0.9 } else { 0.1 }));
        baseline.push_str(&format!("{i},{y},{}\n", if y == 1 { 0.6 } else { 0.5 }));
    }
    let dir = project(
        "first-hour-p",
        &[
            ("cur.csv", &current),
            ("base.csv", &baseline),
            (
                "mlgate.yaml",
                "version: 1\nmetrics:\n  - name: m\n    thresholds:\n      brier: { source: predictions, max_regression: 0.0 }\n    predictions:\n      current: base.csv\n      baseline: cur.csv\n      id_column: id\n      label_column: y\n      prediction_column: score\n",
            ),
        ],
    );
    let run = run_in(&dir, &["check"]);
    assert!(
        run.stdout
            .contains("paired bootstrap p < 1/2001 = 0.00049975 < alpha 0.05"),
        "{}{}",
        run.stdout,
        run.stderr
    );
}

#[test]
fn every_missing_file_of_a_run_is_reported_at_once_with_the_name_it_may_have_meant() {
    let run = mlgate(&[
        "check",
        "-c",
        "tests/fixtures/bad-config/missing_files_at_once/mlgate.yaml",
    ]);
    assert_eq!(run.code, 2);
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 3, "{}", run.stderr);
    assert!(
        lines[0].ends_with(
            "../inputs/dta.csv: cannot read the file: no such file or directory (did you mean \"../inputs/data.csv\"?)"
        ),
        "{}",
        run.stderr
    );
    assert!(
        lines[1].contains("(did you mean \"../inputs/metrics.json\"?)"),
        "{}",
        run.stderr
    );
    assert!(!lines[2].contains("did you mean"), "{}", run.stderr);
}

#[test]
fn machine_read_formats_carry_an_error_and_annotations_point_from_the_repository_root() {
    let config = "tests/fixtures/bad-config/missing_files_at_once/mlgate.yaml";
    let github = mlgate(&["check", "-c", config, "--format", "github"]);
    assert_eq!(github.code, 2);
    assert!(github.stdout.starts_with("::error file=tests/fixtures/bad-config/missing_files_at_once/mlgate.yaml,line=4,col=11,title=mlgate could not judge::"), "{}", github.stdout);
    assert!(
        github.stderr.starts_with("error: "),
        "the terminal still gets the error: {}",
        github.stderr
    );
    let out = tempdir("first-hour-error-reports");
    let junit = out.join("r.xml");
    let run = mlgate(&[
        "check",
        "-c",
        config,
        "--format",
        "json",
        "--report",
        &format!("junit={}", junit.display()),
    ]);
    assert_eq!(run.code, 2);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["verdict"], "error");
    assert_eq!(report["errors"].as_array().unwrap().len(), 3);
    let xml = std::fs::read_to_string(&junit).unwrap();
    assert!(
        xml.contains("<testsuite name=\"mlgate\" tests=\"3\" failures=\"0\" errors=\"3\""),
        "{xml}"
    );
    // From another folder, annotation paths are still the repository's.
    let sub = root().join("examples");
    let run = run_in(&sub, &["check", "-c", "quickstart/failing.yaml", "--format", "github"]);
    assert!(
        run.stdout
            .contains("::error file=examples/quickstart/failing.yaml,line="),
        "{}",
        run.stdout
    );
}

#[test]
fn init_recognises_metrics_predictions_and_canary_samples_by_what_they_hold() {
    let dir = tempdir("first-hour-init");
    let quickstart = root().join("examples/quickstart");
    for sub in ["metrics", "preds", "canary", "data"] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
        for entry in std::fs::read_dir(quickstart.join(sub)).unwrap() {
            let entry = entry.unwrap();
            if entry.path().extension().is_some_and(|e| e != "py") {
                std::fs::copy(entry.path(), dir.join(sub).join(entry.file_name())).unwrap();
            }
        }
    }
    assert!(common::git(&dir, &["init", "-q"]).0);
    let run = run_in(&dir, &["init"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let config = std::fs::read_to_string(dir.join("mlgate.yaml")).unwrap();
    insta::assert_snapshot!("init_quickstart_layout", config);
    assert!(
        run.stderr
            .contains("metrics/candidate.json (5 metrics against metrics/main.json)"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("preds/candidate.csv (predictions: 2 metrics against preds/main.csv)"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("canary/baseline.csv and canary/canary.csv (canary samples"),
        "{}",
        run.stderr
    );
    assert!(
        !config.contains("path: preds/"),
        "predictions are not datasets:\n{config}"
    );
    let check = run_in(&dir, &["check"]);
    assert_eq!(
        check.code, 0,
        "the written config passes:\n{}{}",
        check.stdout, check.stderr
    );
}

#[test]
fn data_infer_gives_codes_allowed_values_and_identifiers_their_order() {
    let dir = project(
        "first-hour-infer",
        &[("d.csv", &{
            let mut s = String::from("id,flag,rating,amount\n");
            for i in 0..40 {
                s.push_str(&format!(
                    "{},{},{},{}\n",
                    100 + i,
                    i % 2,
                    1 + i % 5,
                    10.5 + f64::from(i)
                ));
            }
            s
        })],
    );
    let run = run_in(&dir, &["data", "infer", "d.csv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("      id:\n        type: integer\n        nullable: false\n        min: 0\n        unique: true\n        monotonic: strictly_increasing\n"), "{}", run.stdout);
    assert!(run.stdout.contains("allowed: [0, 1]"), "{}", run.stdout);
    assert!(run.stdout.contains("allowed: [1, 2, 3, 4, 5]"), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("      amount:\n        type: float\n        nullable: false\n        min: "),
        "{}",
        run.stdout
    );
}

#[test]
fn canary_compare_chooses_the_quantile_and_the_proportion_test() {
    let (base, canary) = (
        "examples/quickstart/canary/baseline.csv",
        "examples/quickstart/canary/regressed.csv",
    );
    let run = mlgate(&[
        "canary",
        "compare",
        "--baseline",
        base,
        "--canary",
        canary,
        "--metric",
        "latency_ms",
        "--test",
        "quantile",
        "--q",
        "0.99",
        "--direction",
        "increase",
        "--format",
        "json",
    ]);
    let report: Value = serde_json::from_str(&run.stdout).unwrap_or_else(|_| panic!("{}{}", run.stdout, run.stderr));
    let check = &report["gates"][0]["checks"][0];
    assert_eq!(
        (check["check"].as_str(), check["expected"]["direction"].as_str()),
        (Some("quantile"), Some("increase"))
    );
    let run = mlgate(&[
        "canary",
        "compare",
        "--baseline",
        base,
        "--canary",
        canary,
        "--successes",
        "errors",
        "--trials",
        "requests",
        "--format",
        "json",
    ]);
    let report: Value = serde_json::from_str(&run.stdout).unwrap_or_else(|_| panic!("{}{}", run.stdout, run.stderr));
    let check = &report["gates"][0]["checks"][0];
    assert_eq!(
        (check["id"].as_str(), check["check"].as_str()),
        (Some("canary.errors_rate"), Some("proportion"))
    );
    // The config's rules hold for the flags too.
    let bad = mlgate(&[
        "canary",
        "compare",
        "--baseline",
        base,
        "--canary",
        canary,
        "--q",
        "0.9",
    ]);
    assert_eq!(bad.code, 2, "{}", bad.stderr);
    assert_eq!(bad.stderr, "error: `q` only applies to test: quantile\n");
}

#[test]
fn a_drift_column_missing_from_a_file_fails_its_check_as_a_checked_column_does() {
    let dir = project(
        "first-hour-drift-missing",
        &[
            ("cur.csv", "a,b\n1,x\n2,y\n"),
            ("ref.csv", "a\n1\n2\n"),
            (
                "mlgate.yaml",
                "version: 1\ndata:\n  - name: d\n    path: cur.csv\n    columns:\n      zip: { nullable: false }\n    drift: { reference: ref.csv, columns: [a, b] }\n",
            ),
        ],
    );
    let run = run_in(&dir, &["check"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        line(&run.stdout, "zip.nullable").contains("no column \"zip\" in cur.csv"),
        "{}",
        run.stdout
    );
    assert!(
        line(&run.stdout, "drift.b").trim_start().starts_with("FAIL"),
        "{}",
        run.stdout
    );
    assert!(
        line(&run.stdout, "drift.b").contains("no column \"b\" in ref.csv; the columns are \"a\""),
        "{}",
        run.stdout
    );
}
