//! A real MLflow tracking server on 127.0.0.1 — `mlflow server` with its basic-authentication
//! app, from target/tools-venv (scripts/test.sh installs it) — seeded with MLflow's own client
//! (tests/mlflow/seed.py), and `mlgate check` judging the candidate against the champion from it:
//! every source form (a run id, an experiment's latest run matching a filter, a registered
//! model's alias and version, their artifacts), what each resolved to, the bad inputs (unknown
//! model, alias, version, run, experiment match or artifact; the server down; refused
//! credentials), and `--mlflow-log` read back with MLflow's client. The server is stopped, with
//! its workers, when the test ends, pass or fail.

#![allow(
    clippy::too_many_lines,
    reason = "a test reads top to bottom, as the story it checks"
)]

mod common;

use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{Run, free_port, require_tool, root, run_with, tempdir};
use serde_json::Value;

const TOOLS: &str = "it installs mlflow[auth] in target/tools-venv";
const USER: &str = "admin";
const PASSWORD: &str = "mlgate-test-Passw0rd";

/// The server and its workers (one process group), stopped however the test ends.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let group = format!("-{}", self.0.id());
        let _ = Command::new("kill").args(["-TERM", "--", &group]).status();
        let _ = self.0.wait();
    }
}

/// `mlflow server` with basic authentication on a free port, its stores in `dir`; waits until
/// it answers.
fn start(dir: &Path) -> (Server, String) {
    let mlflow = require_tool("mlflow", TOOLS);
    let port = free_port();
    let log = std::fs::File::create(dir.join("server.log")).unwrap();
    let child = Command::new(mlflow)
        .args([
            "server",
            "--app-name",
            "basic-auth",
            "--host",
            "127.0.0.1",
            "--workers",
            "1",
        ])
        .args(["--port", &port.to_string()])
        .arg("--backend-store-uri")
        .arg(format!("sqlite:///{}", dir.join("store.db").display()))
        .arg("--artifacts-destination")
        .arg(dir.join("artifacts"))
        .current_dir(dir)
        .env("MLFLOW_SERVER_ENABLE_JOB_EXECUTION", "false")
        .env("MLFLOW_DISABLE_TELEMETRY", "true")
        .env("DO_NOT_TRACK", "true")
        .env("MLFLOW_AUTH_ADMIN_PASSWORD", PASSWORD)
        .env("MLFLOW_FLASK_SERVER_SECRET_KEY", "mlgate-test-secret")
        .stdin(Stdio::null())
        .stdout(log.try_clone().unwrap())
        .stderr(log)
        .process_group(0)
        .spawn()
        .expect("mlflow server starts");
    let server = Server(child);
    let url = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(120);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            Instant::now() < deadline,
            "mlflow server did not start: {}",
            std::fs::read_to_string(dir.join("server.log")).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(250));
    }
    (server, url)
}

/// Python of the tools' venv (the one with mlflow), running `script` with `args`, credentials set.
fn python(script: &str, args: &[&str]) -> String {
    let venv_python = require_tool("mlflow", TOOLS).with_file_name("python");
    let out = Command::new(venv_python)
        .arg("-c")
        .arg(script)
        .args(args)
        .env("MLFLOW_TRACKING_USERNAME", USER)
        .env("MLFLOW_TRACKING_PASSWORD", PASSWORD)
        // Nothing leaves the machine (and the telemetry thread has failed a client call).
        .env("MLFLOW_DISABLE_TELEMETRY", "true")
        .env("DO_NOT_TRACK", "true")
        .stdin(Stdio::null())
        .output()
        .expect("python runs");
    assert!(
        out.status.success(),
        "python failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// `mlgate check` in `dir` against the server, with its credentials unless `env` overrides them.
fn check(dir: &Path, url: &str, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut all = vec![
        ("MLFLOW_TRACKING_URI", url),
        ("MLFLOW_TRACKING_USERNAME", USER),
        ("MLFLOW_TRACKING_PASSWORD", PASSWORD),
        ("MLFLOW_TRACKING_TOKEN", ""),
    ];
    all.extend_from_slice(env);
    run_with(dir, &[&["check"], args].concat(), &all)
}

/// The example config with `replace` applied, written to `dir/mlgate.yaml`.
fn config(dir: &Path, replace: &[(&str, &str)]) -> PathBuf {
    let mut text = std::fs::read_to_string(root().join("tests/mlflow/mlgate.yaml")).unwrap();
    for (from, to) in replace {
        assert!(text.contains(from), "{from}");
        text = text.replace(from, to);
    }
    let file = dir.join("mlgate.yaml");
    std::fs::write(&file, text).unwrap();
    file
}

fn checks(report: &Value) -> Vec<(String, Value, Value)> {
    report["gates"][0]["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["metric"].as_str().unwrap().to_string(),
                c["observed"].clone(),
                c["baseline"].clone(),
            )
        })
        .collect()
}

#[test]
fn the_candidate_is_judged_against_the_registered_champion_from_a_real_mlflow_server() {
    let dir = tempdir("mlflow-e2e");
    let (_server, url) = start(&dir);
    // MLflow's client prints links first; the ids are the last line.
    let seeded = python(
        &std::fs::read_to_string(root().join("tests/mlflow/seed.py")).unwrap(),
        &[&url, root().join("examples/slices/preds").to_str().unwrap()],
    );
    let seeded: Value = serde_json::from_str(seeded.lines().last().unwrap_or_default()).unwrap();
    let (champion, candidate) = (
        seeded["champion"].as_str().unwrap(),
        seeded["candidate"].as_str().unwrap(),
    );
    let work = dir.join("work");
    std::fs::create_dir_all(&work).unwrap();
    config(&work, &[]);

    // The config as shipped: the server from MLFLOW_TRACKING_URI.
    let run = check(&work, &url, &["--format", "json"], &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    // accuracy: the value at the highest step (12), not the one logged last (step 5).
    let found = checks(&report);
    assert_eq!(found[0], ("accuracy".into(), 0.871.into(), 0.905.into()));
    assert_eq!(found[1], ("f1".into(), 0.842.into(), 0.884.into()));
    assert_eq!(report["gates"][0]["checks"][0]["status"], "fail", "0.905 → 0.871");
    assert_eq!(
        report["gates"][0]["sources"],
        serde_json::json!([
            {"input": "current", "source": "experiment churn [tags.git_sha = 'bbb222']", "run_id": candidate},
            {"input": "baseline", "source": "churn@champion", "run_id": champion, "version": "1"},
            {"input": "predictions/current", "source": "experiment churn [tags.git_sha = 'bbb222']", "run_id": candidate, "artifact": "preds/candidate.csv"},
            {"input": "predictions/baseline", "source": "churn@champion", "run_id": champion, "version": "1", "artifact": "preds/main.csv"},
        ])
    );
    // The artifacts are the files that were logged: roc_auc and its test against main are
    // those of the same config over the local files.
    let local = dir.join("local");
    std::fs::create_dir_all(&local).unwrap();
    for file in ["candidate.csv", "main.csv"] {
        std::fs::copy(root().join("examples/slices/preds").join(file), local.join(file)).unwrap();
    }
    std::fs::write(
        local.join("mlgate.yaml"),
        "version: 1\nmetrics:\n  - name: model\n    thresholds:\n      roc_auc: { source: predictions, min: 0.75, max_regression: 0.05 }\n    predictions:\n      current: candidate.csv\n      baseline: main.csv\n      id_column: id\n      label_column: y\n      prediction_column: score\n",
    )
    .unwrap();
    let files = run_with(&local, &["check", "--format", "json"], &[]);
    let files: Value = serde_json::from_str(&files.stdout).unwrap();
    let (a, b) = (&report["gates"][0]["checks"][3], &files["gates"][0]["checks"][0]);
    for key in ["observed", "baseline", "ci", "p_value", "status"] {
        assert_eq!(a[key], b[key], "{key}");
    }

    // The comment names what each column resolved to; the text report too.
    let markdown = check(&work, &url, &["--format", "markdown"], &[]).stdout;
    assert!(
        markdown.contains(&format!(
            "| metric | baseline<br><sub>churn@\u{200b}champion = version 1, run {}</sub> | current<br><sub>experiment churn \\[tags.git\\_sha = 'bbb222'\\] = run {}</sub> |",
            &champion[..12],
            &candidate[..12]
        )),
        "{markdown}"
    );
    let text = check(&work, &url, &[], &[]).stdout;
    assert!(
        text.contains(&format!(
            "      from  baseline: churn@champion = version 1, run {}\n",
            &champion[..12]
        )),
        "{text}"
    );

    // The other forms name the same runs: a run id, a version number.
    let by_id = config(
        &work,
        &[
            (
                "experiment: churn, filter: \"tags.git_sha = 'bbb222'\" } }",
                &format!("run: {candidate} }} }}"),
            ),
            ("model: churn, alias: champion } }", "model: churn, version: 1 } }"),
        ],
    );
    let run = check(&work, &url, &["-c", by_id.to_str().unwrap(), "--format", "json"], &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let by_id: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(checks(&by_id)[..3], found[..3]);
    assert_eq!(by_id["gates"][0]["sources"][1]["source"], "churn version 1");

    // A metric the champion's run never logged breaches its regression bound, as a missing
    // baseline metric does in a file.
    config(
        &work,
        &[(
            "f1: { min: 0.8 }",
            "f1: { min: 0.8 }\n      precision: { max_regression: 0.01 }",
        )],
    );
    let run = check(&work, &url, &["--format", "json"], &[]);
    let missing: Value = serde_json::from_str(&run.stdout).unwrap();
    let precision = &missing["gates"][0]["checks"][2];
    assert_eq!(
        (precision["metric"].as_str(), precision["status"].as_str()),
        (Some("precision"), Some("fail"))
    );
    assert!(
        precision["message"].as_str().unwrap().contains("churn@champion"),
        "{precision}"
    );

    // Bad input: exit 2, the config line and the MLflow object named, MLflow's own words.
    let bad = |replace: &[(&str, &str)], env: &[(&str, &str)]| -> String {
        config(&work, replace);
        let run = check(&work, &url, &[], env);
        assert_eq!(run.code, 2, "{replace:?}: {}{}", run.stdout, run.stderr);
        assert!(!run.stderr.contains(PASSWORD), "the password never prints");
        run.stderr
    };
    let unknown_model = bad(
        &[("model: churn, alias: champion } }", "model: chrun, alias: champion } }")],
        &[],
    );
    assert!(
        unknown_model.starts_with(
            "error: mlgate.yaml:11:15: metrics[0].baseline: MLflow registered model \"chrun\", alias \"champion\": MLflow answered HTTP 4"
        ),
        "{unknown_model}"
    );
    let unknown_alias = bad(
        &[("model: churn, alias: champion } }", "model: churn, alias: champoin } }")],
        &[],
    );
    assert!(
        unknown_alias.contains("MLflow registered model \"churn\", alias \"champoin\": MLflow answered HTTP 400: Registered model alias champoin not found."),
        "{unknown_alias}"
    );
    let unknown_version = bad(
        &[("model: churn, alias: champion } }", "model: churn, version: 9 } }")],
        &[],
    );
    assert!(
        unknown_version.contains("MLflow registered model \"churn\", version 9: MLflow answered HTTP 404"),
        "{unknown_version}"
    );
    let unknown_run = bad(
        &[(
            "experiment: churn, filter: \"tags.git_sha = 'bbb222'\" } }",
            "run: 0123456789abcdef } }",
        )],
        &[],
    );
    assert!(
        unknown_run.contains("mlgate.yaml:10:14: metrics[0].current: MLflow run 0123456789abcdef: MLflow answered HTTP 404: Run with id=0123456789abcdef not found"),
        "{unknown_run}"
    );
    let no_match = bad(&[("'bbb222'\" } }", "'zzz999'\" } }")], &[]);
    assert!(
        no_match.contains("MLflow experiment churn [tags.git_sha = 'zzz999']: no run of experiment \"churn\" matches the filter \"tags.git_sha = 'zzz999'\""),
        "{no_match}"
    );
    let no_experiment = bad(&[("experiment: churn, filter", "experiment: chrun, filter")], &[]);
    assert!(
        no_experiment.contains(
            "MLflow experiment \"chrun\": MLflow answered HTTP 404: Could not find experiment with name 'chrun'"
        ),
        "{no_experiment}"
    );
    let no_artifact = bad(&[("preds/main.csv", "preds/mian.csv")], &[]);
    assert!(
        no_artifact.contains("metrics[0].predictions.baseline: MLflow artifact \"preds/mian.csv\" of run")
            && no_artifact.contains("MLflow answered HTTP 404"),
        "{no_artifact}"
    );
    let refused = bad(&[], &[("MLFLOW_TRACKING_PASSWORD", "wrong-password-1234")]);
    assert!(
        refused.contains(&format!("the MLflow server at {url} refused the request (HTTP 401); set MLFLOW_TRACKING_TOKEN, or MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD")),
        "{refused}"
    );
    let closed = format!("http://127.0.0.1:{}", free_port());
    let down = bad(&[], &[("MLFLOW_TRACKING_URI", &closed)]);
    assert!(
        down.contains(&format!("cannot reach the MLflow server at {closed}: ")),
        "{down}"
    );
    let unset = bad(&[], &[("MLFLOW_TRACKING_URI", "")]);
    assert!(
        unset.contains("no MLflow tracking server: set settings.mlflow.tracking_uri, or MLFLOW_TRACKING_URI"),
        "{unset}"
    );

    // --mlflow-log: the verdict and the report on a run, read back with MLflow's client.
    config(&work, &[]);
    let log_run = seeded["log"].as_str().unwrap();
    let run = check(&work, &url, &["--mlflow-log", log_run], &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let back: Value = serde_json::from_str(&python(
        "import json, sys, mlflow\n\
         client = mlflow.MlflowClient(sys.argv[1])\n\
         run = client.get_run(sys.argv[2])\n\
         path = client.download_artifacts(sys.argv[2], 'mlgate/report.json', sys.argv[3])\n\
         print(json.dumps({'tags': run.data.tags, 'report': json.load(open(path))}))\n",
        &[&url, log_run, work.to_str().unwrap()],
    ))
    .unwrap();
    assert_eq!(back["tags"]["mlgate.verdict"], "fail");
    assert_eq!(back["tags"]["mlgate.failed_checks"], "1");
    assert_eq!(back["report"]["verdict"], "fail");
    assert_eq!(back["report"]["gates"][0]["sources"], report["gates"][0]["sources"]);
}
