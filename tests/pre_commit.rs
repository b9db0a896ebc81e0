//! The repository as a pre-commit framework hook source: `pre-commit try-repo` (PyPI's
//! pre-commit, which scripts/test.sh installs) runs each hook of `.pre-commit-hooks.yaml` in a
//! project — `mlgate`, which installs the `mlgate` wheel with pip (`language: python`), with no
//! cargo or rustc on PATH; and `mlgate-rust`, which builds mlgate with `cargo install --path .`.
//! Each passes a good change and blocks one that drops accuracy below its bound.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{build_wheel, combined, git, require_tool, root};

/// `pre-commit try-repo <this repository> HOOK --all-files` in `project`: (exit code, output).
fn try_repo(project: &Path, home: &Path, hook: &str, env: &[(&str, &std::ffi::OsStr)]) -> (i32, String) {
    let pre_commit = require_tool("pre-commit", "it installs PyPI's pre-commit in target/tools-venv");
    let mut cmd = Command::new(pre_commit);
    cmd.args(["try-repo", root().to_str().unwrap(), hook, "--all-files"])
        .current_dir(project)
        .env("PRE_COMMIT_HOME", home);
    for (k, v) in env {
        cmd.env(k, v);
    }
    combined(&mut cmd, "pre-commit")
}

/// A project whose gate passes, committed; the hook's two runs on it: it passes, then blocks a
/// model below its bound with mlgate's report.
fn passes_then_blocks(name: &str, hook: &str, env: &[(&str, &std::ffi::OsStr)]) {
    let base = common::tempdir(name);
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
    let hook_line = |output: &str, verdict: &str| {
        output
            .lines()
            .any(|l| l.starts_with("mlgate check") && l.ends_with(verdict))
    };

    let (code, output) = try_repo(&project, &home, hook, env);
    assert_eq!(code, 0, "{output}");
    assert!(hook_line(&output, "Passed"), "{output}");

    // A model below its bound: the hook fails, and pre-commit shows mlgate's report.
    std::fs::write(project.join("metrics.json"), "{\"accuracy\": 0.85}\n").unwrap();
    let (code, output) = try_repo(&project, &home, hook, env);
    assert_eq!(code, 1, "{output}");
    assert!(hook_line(&output, "Failed"), "{output}");
    assert!(output.contains("- exit code: 1"), "{output}");
    assert!(output.contains("FAIL  accuracy: 0.85 is below min 0.9"), "{output}");
}

/// PATH without any folder that holds cargo or rustc.
fn path_without_rust() -> std::ffi::OsString {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let kept: Vec<PathBuf> = std::env::split_paths(&path)
        .filter(|dir| !dir.join("cargo").exists() && !dir.join("rustc").exists())
        .collect();
    std::env::join_paths(kept).unwrap()
}

#[test]
fn the_python_hook_installs_the_wheel_without_rust_and_runs_mlgate() {
    let wheel = build_wheel();
    let wheelhouse = wheel.parent().unwrap().as_os_str().to_owned();
    let path = path_without_rust();
    // pre-commit itself must be found without the rest of PATH.
    let pre_commit = require_tool("pre-commit", "it installs PyPI's pre-commit in target/tools-venv");
    let mut dirs = vec![pre_commit.parent().unwrap().to_path_buf()];
    dirs.extend(std::env::split_paths(&path));
    let path = std::env::join_paths(dirs).unwrap();
    assert!(
        std::env::split_paths(&path).all(|d| !d.join("cargo").exists()),
        "cargo is still on PATH"
    );
    // pip installs the hook package and the wheel from target/wheelhouse only (the wheel just
    // built and setuptools, which scripts/test.sh downloads from scripts/wheelhouse.txt).
    passes_then_blocks(
        "pre-commit-python",
        "mlgate",
        &[
            ("PATH", &path),
            ("PIP_NO_INDEX", "1".as_ref()),
            ("PIP_FIND_LINKS", &wheelhouse),
            ("PIP_DISABLE_PIP_VERSION_CHECK", "1".as_ref()),
        ],
    );
}

#[test]
fn the_rust_hook_builds_mlgate_with_cargo_and_runs_it() {
    let target = root().join("target/pre-commit");
    // pre-commit runs `cargo install --path .`: build it in a target folder of its own that later
    // runs reuse, and without optimisation (the hook's behaviour is what is tested).
    passes_then_blocks(
        "pre-commit-rust",
        "mlgate-rust",
        &[
            ("CARGO_TARGET_DIR", target.as_os_str()),
            ("CARGO_PROFILE_RELEASE_OPT_LEVEL", "0".as_ref()),
            ("CARGO_PROFILE_RELEASE_DEBUG", "false".as_ref()),
            ("CARGO_PROFILE_RELEASE_LTO", "false".as_ref()),
        ],
    );
}
