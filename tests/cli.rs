//! The real `mlgate` binary on the quickstart and on every metric file format.

mod common;

use common::{mlgate, run_in, run_with};
use serde_json::Value;

fn report(stdout: &str) -> Value {
    serde_json::from_str(stdout).expect("JSON report on stdout")
}

#[test]
fn quickstart_passes() {
    let run = mlgate(&["check", "-c", "examples/quickstart/mlgate.yaml"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    insta::assert_snapshot!("quickstart_text", run.stdout);
}

#[test]
fn quickstart_failing_variant_fails() {
    let run = mlgate(&["check", "-c", "examples/quickstart/failing.yaml"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    insta::assert_snapshot!("quickstart_failing_text", run.stdout);
}

#[test]
fn quickstart_failing_json_report() {
    let run = mlgate(&["check", "-c", "examples/quickstart/failing.yaml", "--format", "json"]);
    assert_eq!(run.code, 1);
    let mut r = report(&run.stdout);
    for gate in r["gates"].as_array_mut().unwrap() {
        gate["duration_ms"] = Value::from(0);
    }
    insta::assert_snapshot!("quickstart_failing_json", serde_json::to_string_pretty(&r).unwrap());
}

#[test]
fn verbose_lists_passing_checks() {
    let quiet = mlgate(&["check", "-c", "examples/quickstart/mlgate.yaml"]);
    let verbose = mlgate(&["check", "-c", "examples/quickstart/mlgate.yaml", "-v"]);
    assert!(!quiet.stdout.contains("accuracy:"));
    assert!(
        verbose
            .stdout
            .contains("PASS  accuracy: 0.912 meets min 0.85, max_regression 0.01"),
        "{}",
        verbose.stdout
    );
}

#[test]
fn no_colour_when_not_a_terminal() {
    let run = run_with(
        &common::root(),
        &["check", "-c", "examples/quickstart/failing.yaml"],
        &[("NO_COLOR", "")],
    );
    assert!(!run.stdout.contains('\x1b'));
}

#[test]
fn fail_on_decides_the_exit_code() {
    let failing = "examples/quickstart/failing.yaml";
    assert_eq!(mlgate(&["check", "-c", failing, "--fail-on", "never"]).code, 0);
    assert_eq!(mlgate(&["check", "-c", failing, "--fail-on", "warn"]).code, 1);
    // A warning alone exits 0, unless --fail-on warn.
    let dir = tempdir("warn_only");
    std::fs::write(dir.join("m.json"), r#"{"auc": 0.8}"#).unwrap();
    std::fs::write(
        dir.join("mlgate.yaml"),
        "version: 1\nmetrics:\n  - name: m\n    current: m.json\n    thresholds:\n      auc: { min: 0.9, severity: warn }\n",
    )
    .unwrap();
    assert_eq!(run_in(&dir, &["check"]).code, 0);
    assert_eq!(run_in(&dir, &["check", "--fail-on", "warn"]).code, 1);
    // settings.fail_on in the config, overridden by the flag.
    std::fs::write(
        dir.join("strict.yaml"),
        "version: 1\nsettings: { fail_on: warn }\nmetrics:\n  - name: m\n    current: m.json\n    thresholds:\n      auc: { min: 0.9, severity: warn }\n",
    )
    .unwrap();
    assert_eq!(run_in(&dir, &["check", "-c", "strict.yaml"]).code, 1);
    assert_eq!(
        run_in(&dir, &["check", "-c", "strict.yaml", "--fail-on", "fail"]).code,
        0
    );
}

#[test]
fn output_file_and_only() {
    let dir = tempdir("output");
    let out = dir.join("report.json");
    let run = mlgate(&[
        "check",
        "-c",
        "examples/quickstart/mlgate.yaml",
        "--only",
        "model",
        "--format",
        "json",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0);
    assert_eq!(run.stdout, "");
    let r = report(&std::fs::read_to_string(out).unwrap());
    assert_eq!(r["summary"]["checks"], 7);
    assert_eq!(r["gates"][0]["checks"][0]["config_line"], 36);
}

/// A fresh folder for one test of this file.
fn tempdir(name: &str) -> std::path::PathBuf {
    common::tempdir(&format!("cli-{name}"))
}

#[test]
fn every_metric_file_format() {
    let dir = tempdir("formats");
    let files: [(&str, &str); 6] = [
        ("m.json", r#"{"acc": 0.91, "eval": {"auc": 0.95}}"#),
        ("m.yaml", "acc: 0.91\neval:\n  auc: 0.95\n"),
        ("m.toml", "acc = 0.91\n[eval]\nauc = 0.95\n"),
        ("m.csv", "name,value\nacc,0.91\neval.auc,0.95\n"),
        ("m.tsv", "acc\t0.91\neval.auc\t0.95\n"),
        ("run/metrics/acc", "1700000000000 0.5 0\n1700000000100 0.91 3\n"),
    ];
    for (path, content) in files {
        let full = dir.join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, content).unwrap();
    }
    std::fs::write(dir.join("run/metrics/eval.auc"), "1700000000000 0.95 0\n").unwrap();
    for current in ["m.json", "m.yaml", "m.toml", "m.csv", "m.tsv", "run"] {
        let auc = if matches!(current, "m.csv" | "m.tsv" | "run") {
            "'eval.auc'"
        } else {
            "eval.auc"
        };
        let config = format!(
            "version: 1\nmetrics:\n  - name: m\n    current: {current}\n    thresholds:\n      acc: {{ min: 0.9 }}\n      {auc}: {{ min: 0.9 }}\n"
        );
        std::fs::write(dir.join("mlgate.yaml"), config).unwrap();
        let run = run_in(&dir, &["check", "--format", "json"]);
        assert_eq!(run.code, 0, "{current}: {}{}", run.stdout, run.stderr);
        let r = report(&run.stdout);
        assert_eq!(r["gates"][0]["checks"][0]["observed"], 0.91, "{current}");
        assert_eq!(r["gates"][0]["checks"][1]["observed"], 0.95, "{current}");
    }
}

#[test]
fn metrics_compare_without_a_config() {
    let q = "examples/quickstart/metrics";
    let run = mlgate(&[
        "metrics",
        "compare",
        &format!("{q}/regressed.json"),
        "--baseline",
        &format!("{q}/main.json"),
        "--min",
        "accuracy=0.85",
        "--max-regression",
        "accuracy=0.01",
        "--max",
        "eval.log_loss=0.5",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "FAIL  metrics gate metrics: 2 checks, 1 failed\n      \
         FAIL  accuracy: worse than baseline 0.905 by 0.034 (max_regression 0.01)\n\
         FAIL  1 gate, 2 checks: 1 pass, 1 fail\n"
    );
    let pass = mlgate(&[
        "metrics",
        "compare",
        &format!("{q}/candidate.json"),
        "--min",
        "accuracy=0.9",
    ]);
    assert_eq!(pass.code, 0, "{}", pass.stderr);
}

#[test]
fn metrics_compare_usage_errors() {
    let q = "examples/quickstart/metrics/candidate.json";
    let cases: [(&[&str], &str); 3] = [
        (
            &["--max-regression", "spread=0.01"],
            "error: metric spread: max_regression needs to know which way is better, and it cannot be inferred \
             (it is when only one of min and max is set, or from a well-known name such as accuracy, f1, loss or latency); \
             expected --direction spread=higher or --direction spread=lower\n",
        ),
        (
            &["--min", "accuracy=0.8", "--max-regression", "accuracy=0.01"],
            "error: metric accuracy: max_regression compares with a baseline, but the gate has none; expected --baseline FILE\n",
        ),
        (
            &["--min", "accuracy=0.8", "--min", "accuracy=0.9"],
            "error: --min accuracy is given twice; expected it once\n",
        ),
    ];
    for (extra, stderr) in cases {
        let mut args = vec!["metrics", "compare", q];
        args.extend_from_slice(extra);
        let run = mlgate(&args);
        assert_eq!(run.code, 2, "{extra:?}");
        assert_eq!(run.stderr, stderr, "{extra:?}");
    }
    let run = mlgate(&["metrics", "compare", q, "--min", "accuracy"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("expected NAME=VALUE"), "{}", run.stderr);
}

#[test]
fn help_is_there_for_a_newcomer() {
    let run = mlgate(&["--help"]);
    assert_eq!(run.code, 0);
    for word in ["check", "metrics", "schema", "Exit codes: 0 passed"] {
        assert!(run.stdout.contains(word), "--help lacks {word:?}:\n{}", run.stdout);
    }
    let run = mlgate(&["check", "--help"]);
    assert!(run.stdout.contains("--fail-on"));
}

#[test]
fn canary_compare_without_a_config() {
    let q = "examples/quickstart/canary";
    let run = mlgate(&[
        "canary",
        "compare",
        "--baseline",
        &format!("{q}/baseline.csv"),
        "--canary",
        &format!("{q}/regressed.csv"),
        "--metric",
        "latency_ms",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let r = report(&run.stdout);
    assert_eq!(r["gates"][0]["name"], "canary");
    assert_eq!(r["gates"][0]["checks"][0]["classification"], "high");
    // Without --metric: every column present in both files.
    let all = mlgate(&[
        "canary",
        "compare",
        "--baseline",
        &format!("{q}/baseline.csv"),
        "--canary",
        &format!("{q}/canary.csv"),
        "--format",
        "json",
    ]);
    assert_eq!(all.code, 0, "{}", all.stderr);
    let ids: Vec<String> = report(&all.stdout)["gates"][0]["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, vec!["canary.latency_ms", "canary.errors", "canary.requests"]);
}

/// Two Prometheus responses of a computed query (series without `__name__`), as the
/// pipeline example's AnalysisTemplate exports them: one `--metric` takes every series.
#[test]
fn canary_compare_of_two_prometheus_responses() {
    let dir = tempdir("canary-prometheus");
    let response = |offset: f64| {
        let values: Vec<String> = (0..60)
            .map(|i| {
                format!(
                    "[{}, \"{}\"]",
                    1_700_000_000 + 60 * i,
                    100.0 + offset + f64::from(i % 7)
                )
            })
            .collect();
        format!(
            "{{\"status\":\"success\",\"data\":{{\"resultType\":\"matrix\",\"result\":[{{\"metric\":{{\"track\":\"t\"}},\"values\":[{}]}}]}}}}",
            values.join(",")
        )
    };
    std::fs::write(dir.join("baseline.json"), response(0.0)).unwrap();
    std::fs::write(dir.join("canary.json"), response(60.0)).unwrap();
    let args = [
        "canary",
        "compare",
        "--baseline",
        "baseline.json",
        "--canary",
        "canary.json",
    ];
    let run = run_in(
        &dir,
        &[&args[..], &["--metric", "latency_ms", "--format", "json"]].concat(),
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let check = &report(&run.stdout)["gates"][0]["checks"][0];
    assert_eq!(check["id"], "canary.latency_ms");
    assert_eq!(
        (check["n_baseline"].as_u64(), check["n_canary"].as_u64()),
        (Some(60), Some(60))
    );
    assert_eq!(check["classification"], "high");
    let run = run_in(&dir, &args);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: baseline.json and canary.json have no metric in common: their series share no `__name__` \
         (a computed query has none); name the metric with --metric NAME\n"
    );
}

/// Prometheus API responses of every shape, as per-metric sources.
#[test]
fn prometheus_response_fixtures() {
    let dir = tempdir("prometheus-fixtures");
    let fixtures = common::root().join("tests/fixtures/prometheus");
    for f in ["matrix.json", "vector.json", "empty.json", "error.json", "scalar.json"] {
        std::fs::copy(fixtures.join(f), dir.join(f)).unwrap();
    }
    let config = |baseline: &str, canary: &str| {
        format!(
            "version: 1\ncanary:\n  - name: c\n    metrics:\n      latency_ms:\n        min_samples: 1\n        baseline: {baseline}\n        canary: {canary}\n"
        )
    };
    // Matrix: two series flattened, NaN and +Inf removed by the default nan strategy.
    std::fs::write(dir.join("mlgate.yaml"), config("vector.json", "matrix.json")).unwrap();
    let run = run_in(&dir, &["check", "--format", "json"]);
    assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
    let check = &report(&run.stdout)["gates"][0]["checks"][0];
    assert_eq!(
        (check["n_baseline"].as_u64(), check["n_canary"].as_u64()),
        (Some(1), Some(5))
    );
    // Empty result: nodata, never a pass.
    std::fs::write(dir.join("mlgate.yaml"), config("vector.json", "empty.json")).unwrap();
    let run = run_in(&dir, &["check", "--format", "json"]);
    let r = report(&run.stdout);
    assert_eq!(r["gates"][0]["checks"][0]["classification"], "nodata");
    assert_eq!(r["gates"][0]["judgement"], "fail");
    assert_eq!(run.code, 1);
    // Error envelope and an unsupported result type: exit 2 with the file, the config line and why.
    std::fs::write(dir.join("mlgate.yaml"), config("vector.json", "error.json")).unwrap();
    let run = run_in(&dir, &["check"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: mlgate.yaml:8:17: canary[0].metrics.latency_ms.canary: error.json: Prometheus answered status \"error\" \
         (bad_data): invalid parameter \"query\": 1:11: parse error: unexpected \"{\" in label matching\n"
    );
    std::fs::write(dir.join("mlgate.yaml"), config("scalar.json", "matrix.json")).unwrap();
    let run = run_in(&dir, &["check"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("scalar.json: Prometheus resultType \"scalar\"; expected \"vector\" or \"matrix\""),
        "{}",
        run.stderr
    );
}

#[test]
fn every_report_format_from_the_cli() {
    let dir = tempdir("formats-out");
    for (format, starts) in [
        (
            "markdown",
            "<!-- mlgate-report config=examples/quickstart/failing.yaml -->\n### ❌ mlgate: 13 checks failed in 3 of 3 gates",
        ),
        (
            "junit",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"mlgate\" tests=\"39\" failures=\"13\"",
        ),
        (
            "github",
            "::error file=examples/quickstart/failing.yaml,line=14,title=mlgate fail%3A train.columns.user_id.unique::",
        ),
    ] {
        let run = mlgate(&["check", "-c", "examples/quickstart/failing.yaml", "--format", format]);
        assert_eq!(run.code, 1, "{format}: {}", run.stderr);
        assert!(run.stdout.starts_with(starts), "{format}:\n{}", run.stdout);
        let out = dir.join(format!("report.{format}"));
        let to_file = mlgate(&[
            "check",
            "-c",
            "examples/quickstart/failing.yaml",
            "--format",
            format,
            "-o",
            out.to_str().unwrap(),
        ]);
        assert_eq!((to_file.code, to_file.stdout.as_str()), (1, ""));
        // The same report, apart from timings (JUnit carries each gate's duration).
        let untimed = |s: &str| {
            let mut parts = s.split(" time=\"");
            let first = parts.next().unwrap_or_default().to_string();
            parts.fold(first, |acc, part| {
                format!("{acc} time=\"{}", part.split_once('"').map_or(part, |(_, rest)| rest))
            })
        };
        assert_eq!(
            untimed(&std::fs::read_to_string(&out).unwrap()),
            untimed(&run.stdout),
            "{format}: -o writes the same report"
        );
    }
}

#[test]
fn metrics_compare_from_predictions() {
    let p = "examples/quickstart/preds";
    let run = mlgate(&[
        "metrics",
        "compare",
        "--predictions",
        &format!("{p}/candidate.csv"),
        "--baseline-predictions",
        &format!("{p}/main.csv"),
        "--id",
        "id",
        "--label",
        "y",
        "--prediction",
        "score",
        "--metric",
        "accuracy",
        "--min",
        "roc_auc=0.95",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let r = report(&run.stdout);
    let checks = r["gates"][0]["checks"].as_array().unwrap();
    assert_eq!(checks[0]["id"], "metrics.roc_auc");
    assert_eq!(checks[0]["status"], "fail");
    assert_eq!(checks[1]["id"], "metrics.accuracy");
    assert_eq!(checks[1]["status"], "pass");
    assert_eq!(checks[1]["effect"]["test"], "mcnemar");
    assert!(checks[1]["ci"].as_array().is_some_and(|ci| ci.len() == 2));
    // A metric file and predictions at once is a usage error.
    let both = mlgate(&[
        "metrics",
        "compare",
        "x.json",
        "--predictions",
        "p.csv",
        "--label",
        "y",
        "--prediction",
        "s",
    ]);
    assert_eq!(both.code, 2);
    let unknown = mlgate(&[
        "metrics",
        "compare",
        "--predictions",
        &format!("{p}/candidate.csv"),
        "--label",
        "y",
        "--prediction",
        "score",
        "--metric",
        "speed",
    ]);
    assert_eq!(unknown.code, 2);
    assert!(
        unknown.stderr.contains("\"speed\" is not a metric mlgate computes"),
        "{}",
        unknown.stderr
    );
}

/// The YAML limits are documented defaults that flags raise (or lower), and their errors say so.
#[test]
fn yaml_limits_have_flags() {
    let q = "examples/quickstart/mlgate.yaml";
    let run = mlgate(&["check", "-c", q, "--max-yaml-nodes", "50"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.starts_with(
            "error: examples/quickstart/mlgate.yaml:"
        ) && run.stderr.contains(
            "the document expands to more than 50 nodes (aliases included) (--max-yaml-nodes raises it); expected a small config"
        ),
        "{}",
        run.stderr
    );
    let dir = tempdir("yaml-depth");
    let deep: String = (0..150).map(|i| format!("{}k{i}:\n", " ".repeat(i))).collect();
    std::fs::write(dir.join("mlgate.yaml"), format!("version: 1\n{deep}")).unwrap();
    let run = run_in(&dir, &["check"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("nested deeper than 128 levels (--max-yaml-depth raises it)"),
        "{}",
        run.stderr
    );
    // Raised, the document is read, and what is wrong with it comes next.
    let run = run_in(&dir, &["check", "--max-yaml-depth", "200"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("unknown key `k0`"), "{}", run.stderr);
    assert_eq!(mlgate(&["check", "-c", q, "--max-yaml-depth", "200"]).code, 0);
}
