//! A config's paths stay inside its workspace (the git repository holding it, else its folder):
//! `..`, absolute paths and symlinks that lead out are refused with exit 2 and the config line,
//! unless `--allow-outside-workspace` is given. A symlink loop in a run folder does not hang.

mod common;

use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};

use common::{git, run_in};

fn config(current: &str) -> String {
    format!(
        "version: 1\nmetrics:\n  - name: model\n    current: {current}\n    thresholds:\n      accuracy: {{ min: 0.8 }}\n"
    )
}

/// `base/repo` (a git repository with `ml/`) and `base/outside/m.json` beside it.
fn layout(name: &str) -> (PathBuf, PathBuf) {
    let base = common::tempdir(&format!("workspace-{name}"));
    let repo = base.join("repo");
    std::fs::create_dir_all(repo.join("ml")).unwrap();
    std::fs::create_dir_all(base.join("outside")).unwrap();
    std::fs::write(base.join("outside/m.json"), "{\"accuracy\": 0.9}\n").unwrap();
    std::fs::write(repo.join("ml/m.json"), "{\"accuracy\": 0.9}\n").unwrap();
    std::fs::create_dir_all(repo.join("data")).unwrap();
    std::fs::write(repo.join("data/m.json"), "{\"accuracy\": 0.9}\n").unwrap();
    assert!(git(&repo, &["init", "-q"]).0);
    (base, repo)
}

fn check(repo: &Path, current: &str, extra: &[&str]) -> common::Run {
    std::fs::write(repo.join("ml/mlgate.yaml"), config(current)).unwrap();
    run_in(repo, &[&["check", "-c", "ml/mlgate.yaml"], extra].concat())
}

#[test]
fn paths_that_leave_the_workspace_are_refused() {
    let (base, repo) = layout("refused");
    symlink(base.join("outside/m.json"), repo.join("ml/link.json")).unwrap();
    symlink(base.join("outside"), repo.join("ml/out")).unwrap();
    let outside_abs = base.join("outside/m.json");
    let workspace = repo.canonicalize().unwrap();
    for path in [
        "../../outside/m.json",
        outside_abs.to_str().unwrap(),
        "link.json",
        "out/m.json",
        "../../outside/missing.json",
    ] {
        let run = check(&repo, path, &[]);
        assert_eq!(run.code, 2, "{path}: {}", run.stdout);
        assert_eq!(
            run.stderr,
            format!(
                "error: ml/mlgate.yaml:4:14: metrics[0].current: {path}: cannot read the metric file: the path leaves \
                 the workspace ({}); mlgate reads only files inside it (--allow-outside-workspace lifts this)\n",
                workspace.display()
            ),
            "{path}"
        );
        // Allowed on request (a missing file is then just missing).
        let run = check(&repo, path, &["--allow-outside-workspace"]);
        assert_eq!(
            run.code,
            if path.ends_with("missing.json") { 2 } else { 0 },
            "{path}: {}",
            run.stderr
        );
    }
    // Inside, however written: `..` that stays in, a symlink to a file inside.
    symlink(repo.join("data/m.json"), repo.join("ml/inside.json")).unwrap();
    for path in ["../data/m.json", "./m.json", "inside.json"] {
        let run = check(&repo, path, &[]);
        assert_eq!(run.code, 0, "{path}: {}", run.stderr);
    }
}

#[test]
fn without_a_repository_the_config_folder_is_the_workspace() {
    // Outside this repository (the target folder is inside it), where no folder up has a `.git`.
    let base = std::env::temp_dir().join(format!("mlgate-workspace-norepo-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    std::fs::create_dir_all(base.join("a")).unwrap();
    std::fs::create_dir_all(base.join("b")).unwrap();
    std::fs::write(base.join("b/m.json"), "{\"accuracy\": 0.9}\n").unwrap();
    assert!(base.ancestors().all(|d| !d.join(".git").exists()));
    std::fs::write(base.join("a/mlgate.yaml"), config("../b/m.json")).unwrap();
    let run = run_in(&base, &["check", "-c", "a/mlgate.yaml"]);
    let _ = std::fs::remove_dir_all(&base);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("the path leaves the workspace"), "{}", run.stderr);
}

#[test]
fn a_symlink_loop_in_a_run_folder_ends() {
    let (_, repo) = layout("loop");
    let run_dir = repo.join("ml/run/metrics");
    std::fs::create_dir_all(&run_dir).unwrap();
    std::fs::write(run_dir.join("accuracy"), "1700000000000 0.9 0\n").unwrap();
    symlink("..", run_dir.join("loop")).unwrap();
    let run = check(&repo, "run", &[]);
    // The loop is listed as a file, and reading a folder is an input error.
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(run.stderr.contains("run/metrics/loop"), "{}", run.stderr);
}
