//! `mlgate --version` names the commit the binary was built from, as ruff and uv do:
//! `mlgate 0.1.0 (97c4c2673 2026-11-30)` — a short hash and the commit's date. The commit comes
//! from `MLGATE_COMMIT` when set (release builds, the container image: `HASH DATE` or a hash),
//! else from git when the source is a git checkout; a build from a source archive (the wheel's
//! sdist, crates.io) prints the version alone.

use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-env-changed=MLGATE_COMMIT");
    let version = env!("CARGO_PKG_VERSION");
    let commit = std::env::var("MLGATE_COMMIT")
        .ok()
        .map(|c| c.trim().to_string())
        .filter(|c| !c.is_empty())
        .or_else(git_commit);
    let text = match commit {
        Some(commit) => format!("{version} ({commit})"),
        None => version.to_string(),
    };
    println!("cargo:rustc-env=MLGATE_VERSION_TEXT={text}");
}

/// `HASH DATE` of the checkout's HEAD, with the files a new commit or checkout changes watched,
/// so the next build after one asks again.
fn git_commit() -> Option<String> {
    let git = |args: &[&str]| -> Option<String> {
        let out = Command::new("git")
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .ok()?;
        let text = String::from_utf8(out.stdout).ok()?.trim().to_string();
        (out.status.success() && !text.is_empty()).then_some(text)
    };
    let git_dir = PathBuf::from(git(&["rev-parse", "--absolute-git-dir"])?);
    let common_dir = git(&["rev-parse", "--git-common-dir"])
        .map_or_else(|| git_dir.clone(), |d| Path::new(env!("CARGO_MANIFEST_DIR")).join(d));
    // HEAD (a checkout), the branch's own ref (a commit: it is a loose file until packed), the
    // folder of loose refs (a new branch) and packed-refs.
    let mut watched = vec![git_dir.join("HEAD"), common_dir.join("refs/heads")];
    if let Some(branch) = git(&["symbolic-ref", "-q", "HEAD"]) {
        watched.push(common_dir.join(branch));
    }
    watched.push(common_dir.join("packed-refs"));
    for path in watched.iter().filter(|p| p.exists()) {
        println!("cargo:rerun-if-changed={}", path.display());
    }
    git(&["log", "-1", "--abbrev=9", "--format=%h %cs"])
}
