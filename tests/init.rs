//! `mlgate init` on a fixture repository: the config it writes is accepted by `mlgate check` and
//! passes on the files as they are, and an existing config is replaced only with --force.

mod common;

use std::path::PathBuf;

use common::{root, run_in};

/// Datasets, a metric file, an MLflow run, and files init must leave alone.
fn fixture_repo() -> PathBuf {
    let dir = common::tempdir("init-repo");
    for sub in ["data", "metrics", "mlruns/0/3f2a/metrics", ".git", "node_modules/x"] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
    }
    let fixtures = root().join("crates/data/tests/fixtures");
    std::fs::copy(fixtures.join("people.csv"), dir.join("data/people.csv")).unwrap();
    std::fs::copy(fixtures.join("people.jsonl"), dir.join("data/events.jsonl")).unwrap();
    std::fs::write(
        dir.join("metrics/eval_metrics.json"),
        r#"{"accuracy": 0.912, "loss": 0.231, "eval": {"auc": 0.951, "latency_ms": 84}, "epochs": 12, "note": "x"}"#,
    )
    .unwrap();
    // MLflow: `timestamp value step` lines; the highest step is the value the gate reads.
    std::fs::write(
        dir.join("mlruns/0/3f2a/metrics/val_f1"),
        "1700000000 0.70 1\n1700000100 0.81 2\n1700000050 0.75 0\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("mlruns/0/3f2a/metrics/train_loss"),
        "1700000000 0.5 1\n1700000100 0.3 2\n",
    )
    .unwrap();
    std::fs::write(dir.join("node_modules/x/data.csv"), "a\n1\n").unwrap();
    std::fs::write(dir.join(".git/config.csv"), "a\n1\n").unwrap();
    std::fs::write(dir.join("package.json"), r#"{"name": "not metrics", "version": 1}"#).unwrap();
    dir
}

#[test]
fn init_writes_a_config_that_passes_on_the_repository() {
    let dir = fixture_repo();
    let run = run_in(&dir, &["init"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "wrote ./mlgate.yaml from data/events.jsonl, data/people.csv, metrics/eval_metrics.json (5 metrics), mlruns/0/3f2a (2 metrics, the latest MLflow run)\n"
    );
    let config = std::fs::read_to_string(dir.join("mlgate.yaml")).unwrap();
    insta::assert_snapshot!("init_config", config);
    let check = run_in(&dir, &["check", "-v"]);
    assert_eq!(
        check.code, 0,
        "the written config passes:\n{}{}",
        check.stdout, check.stderr
    );
    assert!(check.stdout.contains("PASS  4 gates"), "{}", check.stdout);

    // Never replaced without --force.
    let again = run_in(&dir, &["init"]);
    assert_eq!(again.code, 2);
    assert_eq!(
        again.stderr,
        "error: ./mlgate.yaml exists; rerun with --force to replace it\n"
    );
    assert_eq!(run_in(&dir, &["init", "--force"]).code, 0);
    assert_eq!(
        std::fs::read_to_string(dir.join("mlgate.yaml")).unwrap(),
        config,
        "the same files give the same config"
    );
}

#[test]
fn init_in_a_folder_without_anything_to_check_says_so() {
    let dir = common::tempdir("init-empty");
    let run = run_in(&dir, &["init"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("found no datasets, metric files or MLflow runs"),
        "{}",
        run.stderr
    );
    assert!(!dir.join("mlgate.yaml").exists());
}
