//! `examples/pipeline`: the example runs end to end in a fresh clone (train, then every gate,
//! main's metrics read from git), its workflow passes actionlint, its AnalysisTemplate has the
//! fields Argo Rollouts requires and its `mlgate` arguments work, and its images are built in
//! stages and run as non-root users.
//!
//! Needs `python3` with numpy and `actionlint` on PATH (scripts/test.sh installs both in
//! target/tools-venv).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{actionlint, combined, git, mlgate_bin, require_tool, root, run_in};
use mlgate_core::yaml;
use serde_json::Value;

const TOOLS: &str = "it installs numpy and actionlint in target/tools-venv";

fn example() -> PathBuf {
    root().join("examples/pipeline")
}

/// `run.sh` in `dir` with the freshly built binary: (exit code, stdout + stderr).
fn run_example(dir: &Path, args: &[&str]) -> (i32, String) {
    require_tool("python3", TOOLS);
    combined(
        Command::new(dir.join("run.sh"))
            .args(args)
            .current_dir(dir)
            .env("MLGATE", mlgate_bin()),
        "run.sh",
    )
}

#[test]
fn the_example_runs_end_to_end_in_a_fresh_clone() {
    // The example as its own repository's main branch, cloned as a user (or CI) would.
    let clone = common::clone_of(&example(), "pipeline-e2e");

    let (code, output) = run_example(&clone, &[]);
    assert_eq!(code, 0, "{output}");
    assert!(
        output.contains("trained 400 epochs: accuracy 0.748, f1 0.452174, roc_auc 0.78994, log_loss 0.487129"),
        "{output}"
    );
    assert!(output.contains("PASS  data gate training-data: 28 checks"), "{output}");
    assert!(output.contains("PASS  metrics gate model: 4 checks"), "{output}");
    assert!(
        output.contains("PASS  canary gate serving: score 100 (pass), 3 checks"),
        "{output}"
    );
    assert!(output.ends_with("PASS  3 gates, 35 checks: 35 pass\n"), "{output}");
    // Training is reproducible: the retrained model equals the committed one, byte for byte.
    let (same, diff) = git(&clone, &["diff", "--stat", "--exit-code"]);
    assert!(same, "training changed committed files:\n{diff}");

    // An undertrained model fails against main's: below its bounds and worse than main's by more
    // than allowed (main's values come from git).
    let (code, output) = run_example(&clone, &["--epochs", "3"]);
    assert_eq!(code, 1, "{output}");
    assert!(
        output.contains(
            "FAIL  f1: 0.391089 is below min 0.4; worse than baseline 0.452174 by 0.061085 (max_regression 0.03)"
        ),
        "{output}"
    );
    assert!(
        output.contains(
            "FAIL  log_loss: 0.595018 is above max 0.55; worse than baseline 0.487129 by 0.107889 (max_regression 0.02)"
        ),
        "{output}"
    );
    assert!(
        output.ends_with("FAIL  3 gates, 35 checks: 33 pass, 2 fail\n"),
        "{output}"
    );
}

#[test]
fn the_workflow_passes_actionlint() {
    let workflow = example().join(".github/workflows/ml-pipeline.yml");
    let (ok, output) = actionlint(&workflow);
    assert!(ok, "{output}");
    assert_eq!(output, "");

    // The linter does look: a job that needs one that does not exist is reported.
    let broken = common::tempdir("pipeline-actionlint").join("ml-pipeline.yml");
    let text = std::fs::read_to_string(&workflow).unwrap();
    std::fs::write(&broken, text.replace("needs: train", "needs: training")).unwrap();
    let (ok, output) = actionlint(&broken);
    assert!(!ok);
    assert!(output.contains("\"training\""), "{output}");
}

#[test]
fn the_analysis_template_has_argos_fields_and_working_mlgate_arguments() {
    let text = std::fs::read_to_string(example().join("deploy/analysis-template.yaml")).unwrap();
    let (template, _, problems) = yaml::to_json(&yaml::parse(&text).expect("the template is YAML"));
    assert!(problems.is_empty());
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("tests/fixtures/argo/analysis-template.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&template)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");

    // Every `{{args.NAME}}` the template uses is declared in spec.args.
    let declared: Vec<&str> = template["spec"]["args"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    for used in text.split("{{args.").skip(1) {
        let name = used.split("}}").next().unwrap();
        assert!(
            declared.contains(&name),
            "{{{{args.{name}}}}} is not declared in spec.args"
        );
    }

    // The mlgate container's arguments, run on two Prometheus responses like the ones the init
    // container exports: a canary 40% slower is judged high (exit 1), an equal one passes.
    let pod = &template["spec"]["metrics"][0]["provider"]["job"]["spec"]["template"]["spec"];
    let container = &pod["containers"][0];
    assert!(
        container["image"]
            .as_str()
            .unwrap()
            .starts_with("ghcr.io/mlgate/mlgate:")
    );
    let args: Vec<String> = container["args"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap().to_string())
        .collect();
    assert_eq!(&args[..2], ["canary", "compare"]);
    let dir = common::tempdir("pipeline-analysis");
    let response = |level: f64| {
        let values: Vec<String> = (0..30)
            .map(|i| format!("[{}, \"{}\"]", 1_700_000_000 + 60 * i, level + f64::from(i % 5)))
            .collect();
        format!(
            r#"{{"status":"success","data":{{"resultType":"matrix","result":[{{"metric":{{}},"values":[{}]}}]}}}}"#,
            values.join(",")
        )
    };
    let run = |canary_level: f64| {
        std::fs::write(dir.join("baseline.json"), response(50.0)).unwrap();
        std::fs::write(dir.join("canary.json"), response(canary_level)).unwrap();
        let local: Vec<String> = args.iter().map(|a| a.replace("/samples/", "")).collect();
        let local: Vec<&str> = local.iter().map(String::as_str).collect();
        run_in(&dir, &local)
    };
    let slower = run(70.0);
    assert_eq!(slower.code, 1, "{}", slower.stderr);
    assert!(slower.stdout.contains("FAIL  latency_ms"), "{}", slower.stdout);
    let same = run(50.0);
    assert_eq!(same.code, 0, "{}", same.stderr);
    assert!(
        same.stdout
            .contains("PASS  canary gate canary: score 100 (pass), 1 check"),
        "{}",
        same.stdout
    );
    // The pod runs as a non-root user and never restarts (a Job metric's verdict is its exit code).
    assert_eq!(pod["restartPolicy"], "Never");
    assert_eq!(pod["securityContext"]["runAsNonRoot"], true);
}

/// The instructions of a Dockerfile as (keyword, rest), continuation lines joined.
fn instructions(path: &Path) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(path).unwrap().replace("\\\n", " ");
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (keyword, rest) = l.split_once(' ').unwrap_or((l, ""));
            (keyword.to_ascii_uppercase(), rest.trim().to_string())
        })
        .collect()
}

#[test]
fn the_images_build_in_stages_and_run_as_non_root_users() {
    // The mlgate CLI image: a build stage and a runtime stage that takes only the binary.
    let cli = instructions(&root().join("Dockerfile"));
    let froms: Vec<&str> = cli
        .iter()
        .filter(|(k, _)| k == "FROM")
        .map(|(_, r)| r.as_str())
        .collect();
    assert_eq!(froms.len(), 2, "{froms:?}");
    assert!(froms[0].ends_with(" AS build"), "{froms:?}");
    let runtime = &cli[cli.iter().rposition(|(k, _)| k == "FROM").unwrap()..];
    assert!(
        runtime
            .iter()
            .any(|(k, r)| k == "COPY" && r.starts_with("--from=build "))
    );
    assert!(
        cli.iter()
            .any(|(k, r)| k == "RUN" && r.contains("cargo build --release --locked --bin mlgate"))
    );
    let serve = instructions(&example().join("serve/Dockerfile"));
    for (name, steps) in [("Dockerfile", runtime), ("serve/Dockerfile", &serve[..])] {
        let user = steps.iter().rev().find(|(k, _)| k == "USER").map(|(_, r)| r.as_str());
        assert!(
            user.is_some_and(|u| u.parse::<u32>().is_ok_and(|uid| uid >= 1000)),
            "{name}: the last USER is {user:?}; expected a non-root uid"
        );
        // Every file the image copies from the build context exists.
        let context = if name == "Dockerfile" { root() } else { example() };
        for (_, rest) in steps.iter().filter(|(k, r)| k == "COPY" && !r.starts_with("--from")) {
            let sources: Vec<&str> = rest.split_whitespace().collect();
            for source in &sources[..sources.len() - 1] {
                assert!(
                    context.join(source).exists(),
                    "{name}: COPY {source}: not in the build context"
                );
            }
        }
    }
}
