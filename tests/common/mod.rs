//! Helpers shared by the end-to-end tests: find and run the real `mlgate` binary.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The repository root (the end-to-end package is the root package).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The `mlgate` binary built next to this test (`target/<profile>/mlgate`). `cargo test
/// --workspace` builds it (the cli package has integration tests); the README's test command
/// also builds it explicitly first.
pub fn mlgate_bin() -> PathBuf {
    let exe = std::env::current_exe().expect("test binary path");
    let dir = exe.parent().and_then(Path::parent).expect("target/<profile>");
    let bin = dir.join(format!("mlgate{}", std::env::consts::EXE_SUFFIX));
    assert!(
        bin.exists(),
        "{} is missing: build it with `cargo build --workspace` first",
        bin.display()
    );
    bin
}

/// A fresh, empty folder for one test, under the target directory (`name` must be unique
/// across the end-to-end tests).
pub fn tempdir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
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
