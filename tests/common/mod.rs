//! Helpers shared by the end-to-end tests: find and run the real `mlgate` binary.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The repository root (the end-to-end tests belong to the root package, the binary).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The `mlgate` binary of the root package, which Cargo builds before these tests.
pub fn mlgate_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_mlgate"))
}

/// A fresh, empty folder for one test, under the target directory (`name` must be unique
/// across the end-to-end tests).
pub fn tempdir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A tool the tests need, from PATH; scripts/test.sh installs each (`how` says how).
pub fn require_tool(tool: &str, how: &str) -> PathBuf {
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|p| p.join(tool))
            .find(|p| p.is_file())
    });
    found.unwrap_or_else(|| panic!("{tool} is not installed: run scripts/test.sh ({how})"))
}

/// Builds the `mlgate` wheel (python/mlgate) with maturin into `target/wheelhouse` and gives its
/// path. A debug build in the shared target folder (the package is what is tested, and the
/// binary is mostly built already); maturin is in target/tools-venv (scripts/test.sh).
pub fn build_wheel() -> PathBuf {
    let maturin = require_tool("maturin", "it installs maturin in target/tools-venv");
    let wheelhouse = root().join("target/wheelhouse");
    let (code, output) = combined(
        Command::new(maturin)
            .args(["build", "--locked", "--profile", "dev", "--strip", "--out"])
            .arg(&wheelhouse)
            .current_dir(root().join("python/mlgate")),
        "maturin",
    );
    assert_eq!(code, 0, "maturin build:\n{output}");
    let built = output
        .lines()
        .find_map(|l| l.split_once("Built wheel to ").map(|(_, p)| p.trim().to_string()))
        .unwrap_or_else(|| panic!("maturin named no wheel:\n{output}"));
    root().join("python/mlgate").join(built)
}

/// Runs a prepared command with no input: (exit code, stdout then stderr). `what` names it in
/// the panic when it cannot start.
pub fn combined(cmd: &mut Command, what: &str) -> (i32, String) {
    let out = cmd
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("{what} does not start: {e}"));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code().unwrap_or(-1), text)
}

/// actionlint on one workflow file (without shellcheck and pyflakes, which the tests do not
/// install): (passed, its report). scripts/test.sh installs it in target/tools-venv.
pub fn actionlint(file: &Path) -> (bool, String) {
    let (code, output) = combined(
        Command::new(require_tool(
            "actionlint",
            "it installs actionlint in target/tools-venv",
        ))
        .args(["-no-color", "-shellcheck=", "-pyflakes="])
        .arg(file),
        "actionlint",
    );
    (code == 0, output)
}

/// Runs git in `dir` with a fixed identity and no user or system config; (success, output).
pub fn git(dir: &Path, args: &[&str]) -> (bool, String) {
    let (code, text) = combined(
        Command::new("git")
            .args(args)
            .current_dir(dir)
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@example.com")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@example.com")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("HOME", dir),
        "git",
    );
    (code == 0, text)
}

/// What one run of the binary did.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    run_with(dir, args, &[])
}

pub fn run_with(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = Command::new(mlgate_bin());
    cmd.args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .env_remove("NO_COLOR");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let Output { status, stdout, stderr } = cmd.output().expect("run mlgate");
    Run {
        code: status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
    }
}

/// Runs mlgate from the repository root.
pub fn mlgate(args: &[&str]) -> Run {
    run_in(&root(), args)
}

/// Asserts that nothing panicked: a panic is a bug, whatever the input.
pub fn assert_no_panic(run: &Run, what: &str) {
    assert!(
        !run.stderr.contains("panicked") && !run.stderr.contains("internal error"),
        "{what}: mlgate panicked:\n{}",
        run.stderr
    );
    assert!(
        matches!(run.code, 0..=2),
        "{what}: exit code {} (stderr: {})",
        run.code,
        run.stderr
    );
}

/// Copies the folder `from` to `to`, recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// `dir` as its own repository's main branch, cloned as a user (or CI) would: the clone's path,
/// under a fresh folder `name`.
pub fn clone_of(dir: &Path, name: &str) -> PathBuf {
    let base = tempdir(name);
    let origin = base.join("origin");
    copy_dir(dir, &origin);
    assert!(git(&origin, &["init", "-q", "-b", "main"]).0);
    assert!(git(&origin, &["add", "."]).0);
    assert!(git(&origin, &["commit", "-q", "-m", "example"]).0);
    assert!(git(&base, &["clone", "-q", "origin", "clone"]).0);
    base.join("clone")
}

/// A port nothing listens on at 127.0.0.1, for a test server.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}
