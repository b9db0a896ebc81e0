//! Baselines from git (`{git: REF, path: P}`): metric baselines and drift references are read
//! with git from a temporary repository with two commits; a missing revision, a missing file, a
//! shallow clone and a folder outside any repository stop the run with exit 2 and a message
//! that names the config line.

mod common;

use std::path::{Path, PathBuf};

use common::{git, run_in};
use serde_json::Value;

const CONFIG: &str = "\
version: 1
metrics:
  - name: model
    current: metrics.json
    baseline: BASELINE
    thresholds:
      accuracy: { min: 0.8, direction: higher, max_regression: 0.02 }
";

/// A repository whose config lives in `ml/`: the first commit has accuracy 0.91 and a reference
/// dataset, the second accuracy 0.90 and a shifted dataset. Returns the repository folder.
fn repo(name: &str, baseline: &str) -> PathBuf {
    let dir = common::tempdir(&format!("git-baselines-{name}")).join("repo");
    std::fs::create_dir_all(dir.join("ml")).unwrap();
    assert!(git(&dir, &["init", "-q", "-b", "main"]).0);
    std::fs::write(dir.join("ml/mlgate.yaml"), CONFIG.replace("BASELINE", baseline)).unwrap();
    std::fs::write(dir.join("ml/metrics.json"), "{\"accuracy\": 0.91}\n").unwrap();
    std::fs::write(dir.join("ml/data.csv"), dataset(0.0)).unwrap();
    assert!(git(&dir, &["add", "."]).0);
    assert!(git(&dir, &["commit", "-q", "-m", "first"]).0);
    std::fs::write(dir.join("ml/metrics.json"), "{\"accuracy\": 0.90}\n").unwrap();
    std::fs::write(dir.join("ml/data.csv"), dataset(0.5)).unwrap();
    assert!(git(&dir, &["commit", "-q", "-am", "second"]).0);
    dir
}

/// 200 rows of `x` = i/200 + shift.
fn dataset(shift: f64) -> String {
    let mut text = String::from("x\n");
    for i in 0..200 {
        text.push_str(&format!("{}\n", i as f64 / 200.0 + shift));
    }
    text
}

fn set_baseline(dir: &Path, baseline: &str) {
    std::fs::write(dir.join("ml/mlgate.yaml"), CONFIG.replace("BASELINE", baseline)).unwrap();
}

fn check_json(dir: &Path) -> (i32, Value, String) {
    let run = run_in(dir, &["check", "-c", "ml/mlgate.yaml", "--format", "json"]);
    let report = serde_json::from_str(&run.stdout).unwrap_or(Value::Null);
    (run.code, report, run.stderr)
}

fn accuracy_check(report: &Value) -> &Value {
    &report["gates"][0]["checks"][0]
}

#[test]
fn a_metric_baseline_is_read_from_a_revision() {
    let dir = repo("metrics", "{ git: HEAD~1, path: metrics.json }");
    let (code, report, stderr) = check_json(&dir);
    assert_eq!(code, 0, "{stderr}");
    let check = accuracy_check(&report);
    assert_eq!(check["baseline"], 0.91);
    assert_eq!(check["observed"], 0.90);
    assert_eq!(check["status"], "pass");

    // The same file at HEAD is the current one: no change at all.
    set_baseline(&dir, "{ git: HEAD, path: metrics.json }");
    let (code, report, _) = check_json(&dir);
    assert_eq!((code, accuracy_check(&report)["baseline"].clone()), (0, 0.90.into()));

    // A regression beyond the bound against the older commit fails the gate.
    std::fs::write(dir.join("ml/metrics.json"), "{\"accuracy\": 0.85}\n").unwrap();
    set_baseline(&dir, "{ git: HEAD~1, path: metrics.json }");
    let (code, report, _) = check_json(&dir);
    assert_eq!(code, 1);
    let check = accuracy_check(&report);
    assert_eq!(check["status"], "fail");
    assert_eq!(check["baseline"], 0.91);
    let text = run_in(&dir, &["check", "-c", "ml/mlgate.yaml"]).stdout;
    assert!(text.contains("worse than baseline 0.91 by 0.06"), "{text}");
}

#[test]
fn a_drift_reference_is_read_from_a_revision() {
    let dir = repo("drift", "{ git: HEAD~1, path: metrics.json }");
    std::fs::write(
        dir.join("ml/drift.yaml"),
        "version: 1\ndata:\n  - name: inputs\n    path: data.csv\n    drift:\n      reference: { git: HEAD~1, path: data.csv }\n      method: ks\n",
    )
    .unwrap();
    let run = run_in(&dir, &["check", "-c", "ml/drift.yaml", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    // The same comparison from two files on disk: identical statistic and p-value.
    std::fs::write(dir.join("reference.csv"), dataset(0.0)).unwrap();
    let direct = run_in(
        &dir,
        &[
            "data",
            "drift",
            "ml/data.csv",
            "reference.csv",
            "--method",
            "ks",
            "--format",
            "json",
        ],
    );
    assert_eq!(direct.code, 1, "{}", direct.stderr);
    let from_git: Value = serde_json::from_str(&run.stdout).unwrap();
    let from_files: Value = serde_json::from_str(&direct.stdout).unwrap();
    let drift = |r: &Value| {
        r["gates"][0]["checks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"].as_str().unwrap().ends_with(".drift.x"))
            .cloned()
            .unwrap()
    };
    let (a, b) = (drift(&from_git), drift(&from_files));
    assert_eq!(a["statistic"], b["statistic"]);
    assert_eq!(a["p_value"], b["p_value"]);
    // 200 values i/200 against the same shifted by 0.5: 101 of each side's steps apart.
    assert_eq!(a["statistic"], 0.505);
}

#[test]
fn without_a_revision_the_remote_default_branch_is_used() {
    let origin = repo("default", "{ path: metrics.json }");
    let clone = origin.parent().unwrap().join("clone");
    assert!(git(origin.parent().unwrap(), &["clone", "-q", "repo", "clone"]).0);
    // The clone's working tree gets a worse model than main's (0.90).
    std::fs::write(clone.join("ml/metrics.json"), "{\"accuracy\": 0.87}\n").unwrap();
    let (code, report, stderr) = check_json(&clone);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(accuracy_check(&report)["baseline"], 0.90);

    // In the origin itself there is no origin/HEAD: said so, with the fix.
    let (code, _, stderr) = check_json(&origin);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("error: ml/mlgate.yaml:5:15: metrics[0].baseline: @{base}:metrics.json: revision origin/HEAD is not in this repository; no `git:` revision is given and origin/HEAD (the remote's default branch) is not set here; write `git: origin/main`"),
        "{stderr}"
    );
}

#[test]
fn a_missing_revision_or_file_is_an_error_naming_the_config_line() {
    let dir = repo("missing", "{ git: no-such-branch, path: metrics.json }");
    let (code, report, stderr) = check_json(&dir);
    let message = "ml/mlgate.yaml:5:15: metrics[0].baseline: no-such-branch:metrics.json: revision no-such-branch is not in this repository; expected a branch, tag or commit of this repository (fetched? `git fetch origin`)";
    assert_eq!(stderr.trim(), format!("error: {message}"));
    // The JSON report still comes, and carries the error where it points.
    assert_eq!(code, 2);
    assert_eq!(report["verdict"], "error");
    assert_eq!(
        report["errors"],
        serde_json::json!([{"file": "ml/mlgate.yaml", "line": 5, "column": 15, "message": message}])
    );

    set_baseline(&dir, "{ git: HEAD~1, path: eval/metrics.json }");
    let (code, _, stderr) = check_json(&dir);
    assert_eq!(code, 2);
    assert_eq!(
        stderr.trim(),
        "error: ml/mlgate.yaml:5:15: metrics[0].baseline: HEAD~1:eval/metrics.json: HEAD~1 has no file eval/metrics.json (relative to the config's folder); expected a file committed there"
    );

    set_baseline(&dir, "{ git: HEAD~1, path: . }");
    let (code, _, stderr) = check_json(&dir);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("HEAD~1:.: . at HEAD~1 is a directory; expected a file"),
        "{stderr}"
    );

    // Keys other than git and path are config errors, found before anything is read.
    set_baseline(&dir, "{ git: HEAD~1, file: metrics.json }");
    let (code, _, stderr) = check_json(&dir);
    assert_eq!(code, 2);
    assert!(stderr.contains("ml/mlgate.yaml:5:"), "{stderr}");
    assert!(stderr.contains("unknown key `file`"), "{stderr}");
}

#[test]
fn a_shallow_clone_is_named_with_the_fetch_that_fixes_it() {
    let origin = repo("shallow", "{ git: HEAD~1, path: metrics.json }");
    let base = origin.parent().unwrap();
    let url = format!("file://{}", origin.display());
    assert!(git(base, &["clone", "-q", "--depth", "1", &url, "shallow"]).0);
    let (code, _, stderr) = check_json(&base.join("shallow"));
    assert_eq!(code, 2);
    assert_eq!(
        stderr.trim(),
        "error: ml/mlgate.yaml:5:15: metrics[0].baseline: HEAD~1:metrics.json: revision HEAD~1 is not in this repository; this clone is shallow (fetched with --depth): fetch the history first (`git fetch --unshallow`, or `fetch-depth: 0` in actions/checkout)"
    );
}

#[test]
fn a_config_outside_any_repository_cannot_read_from_git() {
    let dir = common::tempdir("git-baselines-norepo");
    // CARGO_TARGET_TMPDIR is inside this repository's target/: stop git from finding it.
    std::fs::create_dir_all(dir.join("ml")).unwrap();
    std::fs::write(dir.join("ml/metrics.json"), "{\"accuracy\": 0.9}\n").unwrap();
    std::fs::write(
        dir.join("ml/mlgate.yaml"),
        CONFIG.replace("BASELINE", "{ git: main, path: metrics.json }"),
    )
    .unwrap();
    let run = common::run_with(
        &dir,
        &["check", "-c", "ml/mlgate.yaml"],
        &[("GIT_CEILING_DIRECTORIES", dir.parent().unwrap().to_str().unwrap())],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("metrics[0].baseline: main:metrics.json: ml is not in a git repository"),
        "{}",
        run.stderr
    );
}
