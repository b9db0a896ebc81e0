//! The repository as a pre-commit framework hook source: `pre-commit try-repo` (PyPI's
//! pre-commit, which scripts/test.sh installs) builds mlgate from this repository with
//! `language: rust` and runs the `mlgate` hook of `.pre-commit-hooks.yaml` in a project.

mod common;

use std::path::Path;
use std::process::Command;

use common::{combined, git, require_tool, root};

/// `pre-commit try-repo <this repository> mlgate --all-files` in `project`: (exit code, output).
fn try_repo(project: &Path, home: &Path) -> (i32, String) {
    let pre_commit = require_tool("pre-commit", "it installs PyPI's pre-commit in target/tools-venv");
    combined(
        Command::new(pre_commit)
            .args(["try-repo", root().to_str().unwrap(), "mlgate", "--all-files"])
            .current_dir(project)
            .env("PRE_COMMIT_HOME", home)
            // pre-commit runs `cargo install --path .`: build it in a target folder of its own that
            // later runs reuse, and without optimisation (the hook's behaviour is what is tested).
            .env("CARGO_TARGET_DIR", root().join("target/pre-commit"))
            .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "0")
            .env("CARGO_PROFILE_RELEASE_DEBUG", "false")
            .env("CARGO_PROFILE_RELEASE_LTO", "false"),
        "pre-commit",
    )
}

#[test]
fn pre_commit_try_repo_builds_and_runs_the_mlgate_hook() {
    let base = common::tempdir("pre-commit");
    let project = base.join("project");
    std::fs::create_dir_all(&project).unwrap();
    assert!(git(&project, &["init", "-q", "-b", "main"]).0);
    std::fs::write(
        project.join("mlgate.yaml"),
        "version: 1\nmetrics:\n  - name: model\n    current: metrics.json\n    thresholds:\n      accuracy: { min: 0.9 }\n",
    )
    .unwrap();
    std::fs::write(project.join("metrics.json"), "{\"accuracy\": 0.93}\n").unwrap();
    assert!(git(&project, &["add", "."]).0);
    assert!(git(&project, &["commit", "-q", "-m", "first"]).0);
    let home = base.join("pre-commit-home");

    let (code, output) = try_repo(&project, &home);
    assert_eq!(code, 0, "{output}");
    assert!(
        output
            .lines()
            .any(|l| l.starts_with("mlgate check") && l.ends_with("Passed")),
        "{output}"
    );

    // A model below its bound: the hook fails, and pre-commit shows mlgate's report.
    std::fs::write(project.join("metrics.json"), "{\"accuracy\": 0.85}\n").unwrap();
    let (code, output) = try_repo(&project, &home);
    assert_eq!(code, 1, "{output}");
    assert!(
        output
            .lines()
            .any(|l| l.starts_with("mlgate check") && l.ends_with("Failed")),
        "{output}"
    );
    assert!(output.contains("- exit code: 1"), "{output}");
    assert!(output.contains("FAIL  accuracy: 0.85 is below min 0.9"), "{output}");
}
