//! The hostile-input corpus (tests/fixtures/hostile/, written by its make.py): every case ends
//! with its documented exit code within its time bound, without a panic, with the text it must
//! show, and — when it could not be judged (exit 2) — either with no report at all and an error
//! that names the file, or with a whole report whose verdict is `error`; never a partial one.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{git, mlgate_bin, root};
use serde_json::Value;

fn corpus() -> PathBuf {
    root().join("tests/fixtures/hostile")
}

const METRICS: &str =
    "version: 1\nmetrics:\n  - name: m\n    current: FILE\n    thresholds:\n      accuracy: { min: 0.5 }\n";
const DATA: &str = "version: 1\ndata:\n  - name: d\n    path: FILE\n    table: { row_count: { min: 1 } }\n    columns:\n      a: { min: 0, max: 10 }\n      b: { regex: '[a-z]+', length: { max: 10 } }\n";
const PREDICTIONS: &str = "version: 1\nmetrics:\n  - name: p\n    current: m.json\n    thresholds:\n      roc_auc: { source: predictions, min: 0.5 }\n    predictions:\n      current: FILE\n      id_column: id\n      label_column: y\n      prediction_column: score\n";
const CHECKS: &str = "version: 1\ndata:\n  - name: d\n    path: FILE\n    columns:\n      v: CHECKS\n";
const SAMPLES: &str = "version: 1\ncanary:\n  - name: c\n    baseline: FILE\n    canary: FILE\n    metrics:\n      latency: { direction: increase }\n";

/// The case's folder: a git repository (its workspace) with a valid metric file and dataset
/// beside the hostile input, and the config that reads it.
fn prepare(dir: &Path, case: &Value) -> String {
    std::fs::create_dir_all(dir).unwrap();
    assert!(git(dir, &["init", "-q"]).0);
    std::fs::write(dir.join("m.json"), "{\"accuracy\": 0.9}\n").unwrap();
    std::fs::write(dir.join("d.csv"), "a,b\n1,x\n").unwrap();
    let file = case["file"].as_str().unwrap();
    let kind = case["kind"].as_str().unwrap();
    match case["generate"].as_str() {
        Some(how) => generate(how, &dir.join(file), dir),
        None => {
            std::fs::copy(corpus().join("files").join(file), dir.join(file)).unwrap();
        }
    }
    let config = match kind {
        "config" => return file.to_string(),
        "metrics" => METRICS,
        "data" => DATA,
        "samples" => SAMPLES,
        "predictions" => PREDICTIONS,
        "checks" => CHECKS,
        other => panic!("unknown kind {other}"),
    };
    let checks = case["checks"].as_str().unwrap_or_default();
    std::fs::write(
        dir.join("mlgate.yaml"),
        config.replace("FILE", file).replace("CHECKS", checks),
    )
    .unwrap();
    "mlgate.yaml".to_string()
}

/// Inputs too large to commit, written here.
fn generate(how: &str, path: &Path, dir: &Path) {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    match how {
        // A dataset whose second row is one line of a gigabyte.
        "one_gigabyte_line" => {
            out.write_all(b"a,b\n1,").unwrap();
            let chunk = vec![b'x'; 1 << 20];
            for _ in 0..1024 {
                out.write_all(&chunk).unwrap();
            }
            out.write_all(b"\n").unwrap();
        }
        // A Prometheus range answer of ten million points (two series of five million).
        "ten_million_points" => {
            out.write_all(br#"{"status":"success","data":{"resultType":"matrix","result":["#)
                .unwrap();
            for series in 0..2 {
                write!(
                    out,
                    r#"{}{{"metric":{{"__name__":"latency","pod":"{series}"}},"values":["#,
                    if series > 0 { "," } else { "" }
                )
                .unwrap();
                for i in 0..5_000_000u64 {
                    write!(
                        out,
                        r#"{}[{},"{}"]"#,
                        if i > 0 { "," } else { "" },
                        1_700_000_000 + i,
                        100 + i % 17
                    )
                    .unwrap();
                }
                out.write_all(b"]}").unwrap();
            }
            out.write_all(b"]}}").unwrap();
        }
        // Values built to make a backtracking engine explode on `[a-z]+` with a failing tail:
        // Rust's regex is linear, so this stays fast.
        "backtracking_bait" => {
            out.write_all(b"a,b\n").unwrap();
            for i in 0..20_000 {
                writeln!(out, "{},{}!", i % 10, "a".repeat(500)).unwrap();
            }
        }
        // A dataset that is a named pipe no one writes to: opening it would wait forever.
        "fifo" => {
            drop(out);
            std::fs::remove_file(path).unwrap();
            let made = Command::new("mkfifo").arg(path).status().unwrap();
            assert!(made.success(), "mkfifo {}", path.display());
        }
        // A config whose path is a symlink committed to point outside the workspace.
        "symlink_out" => {
            std::os::unix::fs::symlink("/etc/passwd", dir.join("link.json")).unwrap();
            write!(out, "{}", METRICS.replace("FILE", "link.json")).unwrap();
        }
        other => panic!("unknown generator {other}"),
    }
}

struct Outcome {
    code: i32,
    stdout: String,
    stderr: String,
    elapsed: Duration,
}

/// Runs `mlgate check -c CONFIG` in `dir`, killed after `limit`.
fn run(dir: &Path, config: &str, limit: Duration) -> Outcome {
    let start = Instant::now();
    let mut child = Command::new(mlgate_bin())
        .args(["check", "-c", config])
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(dir.join("stdout.txt")).unwrap())
        .stderr(std::fs::File::create(dir.join("stderr.txt")).unwrap())
        .spawn()
        .unwrap();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let read = |f: &str| String::from_utf8_lossy(&std::fs::read(dir.join(f)).unwrap()).into_owned();
    Outcome {
        code: status.and_then(|s| s.code()).unwrap_or(-1),
        stdout: read("stdout.txt"),
        stderr: read("stderr.txt"),
        elapsed: start.elapsed(),
    }
}

#[test]
fn every_hostile_case_ends_as_documented() {
    let cases: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(corpus().join("cases.json")).unwrap()).unwrap();
    assert!(cases.len() >= 100, "{} cases", cases.len());
    let base = common::tempdir("hostile");
    let only = std::env::var("MLGATE_HOSTILE_CASE").ok();
    let mut failures = Vec::new();
    for case in &cases {
        let name = case["name"].as_str().unwrap();
        if only.as_deref().is_some_and(|o| !name.starts_with(o)) {
            continue;
        }
        let dir = base.join(name);
        let config = prepare(&dir, case);
        let limit = Duration::from_secs(case["seconds"].as_u64().unwrap());
        let out = run(&dir, &config, limit);
        let _ = std::fs::remove_file(dir.join(case["file"].as_str().unwrap()));
        let expected = case["exit"].as_i64().unwrap() as i32;
        let mut problems = Vec::new();
        if out.elapsed > limit {
            problems.push(format!("still running after {limit:?}"));
        }
        if out.code != expected {
            problems.push(format!("exit {} (expected {expected})", out.code));
        }
        if out.stderr.contains("panicked") || out.stderr.contains("internal error") {
            problems.push("panicked".into());
        }
        let shown = format!("{}{}", out.stdout, out.stderr);
        for text in case["expect"].as_array().unwrap() {
            let text = text.as_str().unwrap();
            if !shown.contains(text) {
                problems.push(format!("does not show {text:?}"));
            }
        }
        // Exit 2 is either an error before any verdict (no report at all, an `error:` line) or a
        // whole report whose verdict is error (its summary line last).
        let error_line = out.stdout.is_empty() && out.stderr.starts_with("error: ");
        let error_report = out.stderr.is_empty() && out.stdout.lines().last().is_some_and(|l| l.starts_with("ERROR "));
        if out.code == 2 && !error_line && !error_report {
            problems.push("exit 2 with a partial report, or without an error line".into());
        }
        if !problems.is_empty() {
            let cut = |s: &str| s.chars().take(600).collect::<String>();
            failures.push(format!(
                "{name}: {}\n  stdout: {}\n  stderr: {}",
                problems.join("; "),
                cut(&out.stdout),
                cut(&out.stderr)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} case(s) ended otherwise:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
