//! `mlgate hook install|uninstall` in a temporary git repository with a local bare remote: a
//! failing gate blocks `git push` (and `git commit` with the pre-commit hook), a passing one lets
//! it through, an existing hook is kept only when asked and comes back on uninstall.

mod common;

use std::path::{Path, PathBuf};

use common::{git, run_in};

/// A repository with a passing metrics gate, one commit, and a bare remote `origin`.
fn repo(name: &str) -> PathBuf {
    let base = common::tempdir(&format!("hook-{name}"));
    let dir = base.join("work");
    std::fs::create_dir_all(&dir).unwrap();
    assert!(git(&base, &["init", "-q", "--bare", "remote.git"]).0);
    assert!(git(&dir, &["init", "-q", "-b", "main"]).0);
    std::fs::write(
        dir.join("mlgate.yaml"),
        "version: 1\nmetrics:\n  - name: model\n    current: m.json\n    thresholds:\n      accuracy: { min: 0.8 }\n",
    )
    .unwrap();
    set_accuracy(&dir, 0.9);
    assert!(git(&dir, &["add", "."]).0);
    assert!(git(&dir, &["commit", "-q", "-m", "first"]).0);
    assert!(git(&dir, &["remote", "add", "origin", "../remote.git"]).0);
    dir
}

fn set_accuracy(dir: &Path, value: f64) {
    std::fs::write(dir.join("m.json"), format!("{{\"accuracy\": {value}}}\n")).unwrap();
}

fn commit(dir: &Path, message: &str) -> (bool, String) {
    git(dir, &["commit", "-q", "-am", message])
}

fn remote_head(dir: &Path) -> String {
    git(&dir.join("../remote.git"), &["rev-parse", "main"])
        .1
        .trim()
        .to_string()
}

#[test]
fn a_failing_gate_blocks_the_push_and_a_passing_one_lets_it_through() {
    let dir = repo("push");
    let run = run_in(&dir, &["hook", "install"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("hooks/pre-push: `mlgate check -c mlgate.yaml` runs before each push"),
        "{}",
        run.stderr
    );
    let (ok, out) = git(&dir, &["push", "-q", "origin", "main"]);
    assert!(ok, "a passing gate lets the push through: {out}");
    let pushed = remote_head(&dir);

    set_accuracy(&dir, 0.5);
    assert!(commit(&dir, "worse").0);
    let (ok, out) = git(&dir, &["push", "-q", "origin", "main"]);
    assert!(!ok, "a failing gate blocks the push: {out}");
    assert!(
        out.contains("FAIL  accuracy: 0.5 is below min 0.8"),
        "the report is shown: {out}"
    );
    assert_eq!(remote_head(&dir), pushed, "nothing reached the remote");

    // Installing again updates mlgate's own hook; uninstalling lets the push go.
    assert_eq!(run_in(&dir, &["hook", "install"]).code, 0);
    let run = run_in(&dir, &["hook", "uninstall"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!dir.join(".git/hooks/pre-push").exists());
    assert!(git(&dir, &["push", "-q", "origin", "main"]).0);
    assert_ne!(remote_head(&dir), pushed);
    let run = run_in(&dir, &["hook", "uninstall"]);
    assert!(
        run.code == 0 && run.stderr.contains("nothing to remove"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_existing_hook_is_kept_only_with_chain_and_restored_on_uninstall() {
    let dir = repo("chain");
    let hook = dir.join(".git/hooks/pre-push");
    std::fs::write(
        &hook,
        "#!/bin/sh\necho previous-hook-ran >> \"$(git rev-parse --show-toplevel)/hook.log\"\n",
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let run = run_in(&dir, &["hook", "install"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("exists and is not mlgate's; rerun with --chain"),
        "{}",
        run.stderr
    );
    assert!(
        !std::fs::read_to_string(&hook).unwrap().contains("mlgate"),
        "left untouched"
    );

    let run = run_in(&dir, &["hook", "install", "--chain"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("(after the hook that was there)"), "{}", run.stderr);
    assert!(git(&dir, &["push", "-q", "origin", "main"]).0);
    assert_eq!(
        std::fs::read_to_string(dir.join("hook.log")).unwrap(),
        "previous-hook-ran\n"
    );

    let run = run_in(&dir, &["hook", "uninstall"]);
    assert!(run.stderr.contains("put the previous hook back"), "{}", run.stderr);
    assert!(std::fs::read_to_string(&hook).unwrap().contains("previous-hook-ran"));
    // A hook that is not mlgate's is not removed.
    let run = run_in(&dir, &["hook", "uninstall"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("is not mlgate's hook; left as it is"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_pre_commit_hook_blocks_a_commit() {
    let dir = repo("commit");
    assert_eq!(run_in(&dir, &["hook", "install", "--hook", "pre-commit"]).code, 0);
    set_accuracy(&dir, 0.5);
    let (ok, out) = commit(&dir, "worse");
    assert!(!ok, "the commit is blocked: {out}");
    set_accuracy(&dir, 0.95);
    assert!(commit(&dir, "better").0);
    assert_eq!(run_in(&dir, &["hook", "uninstall", "--hook", "pre-commit"]).code, 0);
}

#[test]
fn outside_a_repository_the_hook_command_says_so() {
    // Not under the target directory: that is inside this repository.
    let dir = std::env::temp_dir().join(format!("mlgate-e2e-hook-norepo-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let run = run_in(&dir, &["hook", "install"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("not inside a git repository"), "{}", run.stderr);
}
