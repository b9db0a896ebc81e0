//! The real `mlgate` binary on the data commands: `data infer` fed back through
//! `data validate --gate` passes on every dataset fixture, ad-hoc validation and drift, and the
//! exit codes.

mod common;

use std::path::{Path, PathBuf};

use common::{assert_no_panic, mlgate, root, run_in};
use serde_json::Value;

fn tempdir(name: &str) -> PathBuf {
    common::tempdir(&format!("data-{name}"))
}

/// Every dataset the repository carries as a fixture or an example.
fn datasets() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for dir in ["crates/data/tests/fixtures", "examples/quickstart/data"] {
        for entry in std::fs::read_dir(root().join(dir)).unwrap() {
            let path = entry.unwrap().path();
            let ext = path
                .extension()
                .map(|e| e.to_string_lossy().into_owned())
                .unwrap_or_default();
            if ["csv", "tsv", "json", "jsonl", "parquet"].contains(&ext.as_str()) {
                out.push(path);
            }
        }
    }
    out.sort();
    assert!(out.len() >= 10, "fixtures found: {out:?}");
    out
}

#[test]
fn an_inferred_gate_passes_on_its_own_file() {
    let dir = tempdir("infer");
    for data in datasets() {
        let name = data.file_name().unwrap().to_string_lossy().into_owned();
        let inferred = mlgate(&["data", "infer", data.to_str().unwrap()]);
        assert_no_panic(&inferred, &name);
        assert_eq!(inferred.code, 0, "{name}: {}", inferred.stderr);
        assert!(
            inferred.stdout.starts_with("# Inferred by `mlgate data infer`"),
            "{name}"
        );
        let gate = dir.join(format!("{name}.yaml"));
        std::fs::write(&gate, &inferred.stdout).unwrap();
        let run = mlgate(&[
            "data",
            "validate",
            data.to_str().unwrap(),
            "--gate",
            gate.to_str().unwrap(),
            "--format",
            "json",
        ]);
        assert_eq!(
            run.code, 0,
            "{name}: the inferred gate fails on its own file:\n{}\n{}{}",
            inferred.stdout, run.stdout, run.stderr
        );
        let report: Value = serde_json::from_str(&run.stdout).unwrap();
        let checks = report["summary"]["checks"].as_u64().unwrap();
        assert!(checks >= 1, "{name}: the inferred gate checks something");
        assert_eq!(
            report["summary"]["pass"].as_u64().unwrap(),
            checks,
            "{name}: every check passes"
        );
    }
}

#[test]
fn inferred_gate_for_the_quickstart_training_data() {
    let run = mlgate(&["data", "infer", "examples/quickstart/data/train.csv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!("infer_quickstart_train", run.stdout);
}

#[test]
fn the_inferred_gate_catches_the_broken_file() {
    let dir = tempdir("infer-broken");
    let gate = dir.join("gate.yaml");
    let inferred = mlgate(&["data", "infer", "examples/quickstart/data/train.csv"]);
    std::fs::write(&gate, inferred.stdout).unwrap();
    let run = mlgate(&[
        "data",
        "validate",
        "examples/quickstart/data/broken.csv",
        "--gate",
        gate.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    for expected in [
        "user_id.unique",
        "age.nullable",
        "income.min",
        "country.allowed",
        "email.length",
    ] {
        assert!(
            run.stdout.contains(&format!("FAIL  {expected}:")),
            "{expected} in\n{}",
            run.stdout
        );
    }
}

#[test]
fn validate_without_a_gate_needs_a_readable_file_with_rows() {
    let run = mlgate(&["data", "validate", "examples/quickstart/data/train.csv"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(
        run.stdout,
        "PASS  data gate data: 1 check\nPASS  1 gate, 1 check: 1 pass\n"
    );
    let run = mlgate(&["data", "validate", "crates/data/tests/fixtures/header_only.csv"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains("FAIL  table.row_count: 0 rows; expected >= 1"),
        "{}",
        run.stdout
    );
    let run = mlgate(&["data", "validate", "nope.csv"]);
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (2, "error: nope.csv: cannot read the file: no such file or directory\n")
    );
    let run = mlgate(&["data", "validate", "README.md"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("README.md: cannot tell the format from the extension"),
        "{}",
        run.stderr
    );
}

#[test]
fn validate_with_a_gate_reads_its_other_files_beside_it() {
    // The quickstart config's drift reference is relative to examples/quickstart/.
    let run = mlgate(&[
        "data",
        "validate",
        "examples/quickstart/data/train.csv",
        "--gate",
        "examples/quickstart/mlgate.yaml",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["summary"]["gates"], 1, "only the data gates run");
    assert_eq!(
        report["gates"][0]["checks"].as_array().unwrap().last().unwrap()["id"],
        "train.drift.share"
    );
    let run = mlgate(&[
        "data",
        "validate",
        "x.csv",
        "--gate",
        "tests/fixtures/bad-config/no_gates/mlgate.yaml",
    ]);
    assert_eq!(run.code, 2);
}

#[test]
fn drift_between_two_files() {
    let run = mlgate(&[
        "data",
        "drift",
        "examples/quickstart/data/train.csv",
        "examples/quickstart/data/reference.csv",
        "-v",
    ]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    insta::assert_snapshot!("drift_train_reference", run.stdout);
    let run = mlgate(&[
        "data",
        "drift",
        "examples/quickstart/data/broken.csv",
        "examples/quickstart/data/reference.csv",
        "--method",
        "psi",
        "--format",
        "json",
    ]);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    let checks = report["gates"][0]["checks"].as_array().unwrap();
    assert!(checks.iter().take(checks.len() - 1).all(|c| c["method"] == "psi"));
    let income = checks.iter().find(|c| c["column"] == "income").unwrap();
    assert_eq!(income["status"], "warn", "{income}");
    let run = mlgate(&["data", "drift", "a.csv", "b.csv", "--method", "cosine"]);
    assert_eq!(run.code, 2);
}

#[test]
fn a_data_gate_in_a_config_folder() {
    let dir = tempdir("config");
    std::fs::create_dir_all(dir.join("data")).unwrap();
    std::fs::copy(
        root().join("crates/data/tests/fixtures/people.csv"),
        dir.join("data/people.csv"),
    )
    .unwrap();
    std::fs::write(
        dir.join("mlgate.yaml"),
        "version: 1\ndata:\n  - name: people\n    path: data/people.csv\n    columns:\n      age: { max: 50, warn: { min: 20 } }\n",
    )
    .unwrap();
    let run = run_in(Path::new(&dir), &["check", "--format", "github"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    // Annotations name the config from the repository's root (this test's folder is inside it).
    let from_root = dir.canonicalize().unwrap();
    let from_root = from_root
        .strip_prefix(root().canonicalize().unwrap())
        .unwrap()
        .to_string_lossy()
        .replace('\\', "/");
    assert_eq!(
        run.stdout,
        format!(
            "::error file={from_root}/mlgate.yaml,line=6,title=mlgate fail%3A people.columns.age.max::1 of 4 values above 50 (highest 60)\n\
             ::warning file={from_root}/mlgate.yaml,line=6,title=mlgate warn%3A people.columns.age.warn.min::1 of 4 values below 20 (lowest 18)\n"
        )
    );
    // In a repository of its own, the path is the config's own.
    assert!(common::git(&dir, &["init", "-q"]).0);
    let run = run_in(Path::new(&dir), &["check", "--format", "github"]);
    assert!(
        run.stdout.starts_with("::error file=mlgate.yaml,line=6,"),
        "{}",
        run.stdout
    );
}

#[test]
fn every_format_in_the_data_formats_example() {
    let run = mlgate(&["check", "-c", "examples/data-formats/mlgate.yaml", "-v"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    insta::assert_snapshot!("data_formats_verbose", run.stdout);
}
