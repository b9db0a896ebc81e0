//! The native host resolves files taken from git (`{git: REF, path: P}`) before the run, with
//! git itself: `git cat-file blob REF:./P` in the config's folder, so `P` is relative to the
//! config like every path. The bytes are handed to the gates under the file's key (`REF:P`),
//! exactly as the Action hands over what it read with git or the GitHub contents API.
//!
//! A revision that is not there gets a message saying why: a shallow clone (the usual CI case)
//! is named as such, with the fetch that fixes it.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};

use mlgate_core::{Error, GitFile};
use mlgate_engine::LoadedConfig;

/// The revision a file without `git:` is read at: the remote's default branch.
const DEFAULT_REVISION: &str = "origin/HEAD";

/// Reads every git file of the config, from the repository that holds `root` (the config's folder).
pub fn resolve(loaded: &LoadedConfig, root: &Path) -> Result<BTreeMap<String, Vec<u8>>, Error> {
    let mut out = BTreeMap::new();
    for (file, declared_at) in loaded.git_files() {
        let key = file.key();
        let bytes = read(root, &file).map_err(|message| {
            let e = Error::input(&key, message);
            match &declared_at {
                Some(at) => e.declared_at(at),
                None => e,
            }
        })?;
        out.insert(key, bytes);
    }
    Ok(out)
}

/// What one git command did: (success, stdout, stderr's first line).
fn git(root: &Path, args: &[&str]) -> Result<(bool, Vec<u8>, String), String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run git ({e}); expected git on PATH to read files from the history"))?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    let first = stderr
        .lines()
        .next()
        .unwrap_or("")
        .trim_start_matches("fatal: ")
        .to_string();
    Ok((out.status.success(), out.stdout, first))
}

fn read(root: &Path, file: &GitFile) -> Result<Vec<u8>, String> {
    let (inside, _, why) = git(root, &["rev-parse", "--is-inside-work-tree"])?;
    if !inside {
        return Err(format!(
            "{} is not in a git repository ({why}); expected the config inside a clone to read files from its history",
            root.display()
        ));
    }
    let revision = file.git.as_deref().unwrap_or(DEFAULT_REVISION);
    let commit = format!("{revision}^{{commit}}");
    let (found, _, _) = git(root, &["rev-parse", "--verify", "--quiet", "--end-of-options", &commit])?;
    if !found {
        let (_, shallow, _) = git(root, &["rev-parse", "--is-shallow-repository"])?;
        let fix = match shallow.trim_ascii() {
            b"true" => "this clone is shallow (fetched with --depth): fetch the history first \
                 (`git fetch --unshallow`, or `fetch-depth: 0` in actions/checkout)"
                .to_string(),
            _ if file.git.is_none() => "no `git:` revision is given and origin/HEAD (the remote's \
                 default branch) is not set here; write `git: origin/main`, or run `git remote set-head origin --auto`"
                .to_string(),
            _ => "expected a branch, tag or commit of this repository (fetched? `git fetch origin`)".to_string(),
        };
        return Err(format!("revision {revision} is not in this repository; {fix}"));
    }
    let object = format!("{revision}:./{}", file.path.trim_start_matches("./"));
    let (exists, kind, _) = git(root, &["cat-file", "-t", "--end-of-options", &object])?;
    if !exists {
        return Err(format!(
            "{revision} has no file {} (relative to the config's folder); expected a file committed there",
            file.path
        ));
    }
    if kind.trim_ascii() != b"blob" {
        return Err(format!("{} at {revision} is a directory; expected a file", file.path));
    }
    match git(root, &["cat-file", "blob", "--end-of-options", &object])? {
        (true, bytes, _) => Ok(bytes),
        (false, _, why) => Err(format!("cannot read {} at {revision}: {why}", file.path)),
    }
}
