//! `mlgate hook install|uninstall`: a git hook (pre-push by default, or pre-commit) that runs
//! `mlgate check`, so a failing gate stops the push before it leaves the laptop.
//!
//! - The hook is a small sh script marked as mlgate's; installing again updates it.
//! - A hook that is not mlgate's is never overwritten: `--chain` moves it aside
//!   (`<hook>.mlgate-previous`) and mlgate's hook runs it first (same arguments and input), else
//!   the install refuses with a message saying so.
//! - `uninstall` removes mlgate's hook and puts a chained one back; it leaves other hooks alone.

use std::path::{Path, PathBuf};
use std::process::Command;

use mlgate_core::Error;

/// The line that marks a hook as written by mlgate.
const MARKER: &str = "# installed by `mlgate hook install`";

/// Which git hook.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum HookKind {
    PrePush,
    PreCommit,
}

impl HookKind {
    fn file_name(self) -> &'static str {
        match self {
            HookKind::PrePush => "pre-push",
            HookKind::PreCommit => "pre-commit",
        }
    }
}

/// Where git keeps the hook (respecting `core.hooksPath`), from `git rev-parse --git-path`.
fn hook_path(kind: HookKind) -> Result<PathBuf, Error> {
    let out = Command::new("git")
        .args(["rev-parse", "--git-path", &format!("hooks/{}", kind.file_name())])
        .output()
        .map_err(|e| Error::Usage(format!("cannot run git: {e}; expected git on PATH")))?;
    if !out.status.success() {
        return Err(Error::Usage(format!(
            "not inside a git repository ({}); run `mlgate hook` from the repository",
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    Ok(PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()))
}

fn previous_path(hook: &Path) -> PathBuf {
    let mut name = hook.as_os_str().to_owned();
    name.push(".mlgate-previous");
    PathBuf::from(name)
}

fn is_ours(hook: &Path) -> bool {
    std::fs::read_to_string(hook).is_ok_and(|text| text.contains(MARKER))
}

fn io_error(path: &Path, what: &str, e: std::io::Error) -> Error {
    Error::input(path.display().to_string(), format!("cannot {what}: {e}"))
}

/// The hook script: runs a chained hook first, then `mlgate check` on the config.
fn script(kind: HookKind, config: &str, chained: bool) -> String {
    // The binary that installed the hook, so it works without mlgate on the hook's PATH; the
    // one on PATH when that file is gone.
    let exe = std::env::current_exe()
        .ok()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| "mlgate".into());
    let quote = |s: &str| format!("'{}'", s.replace('\'', r"'\''"));
    let mut out = format!(
        "#!/bin/sh\n{MARKER}: `mlgate check` before each {}.\n# Remove it with `mlgate hook uninstall{}`.\n",
        match kind {
            HookKind::PrePush => "push",
            HookKind::PreCommit => "commit",
        },
        if kind == HookKind::PreCommit {
            " --hook pre-commit"
        } else {
            ""
        }
    );
    if chained {
        out.push_str("# The hook that was here before runs first.\n\"$0.mlgate-previous\" \"$@\" || exit $?\n");
    }
    out.push_str(&format!(
        "mlgate={}\n[ -x \"$mlgate\" ] || mlgate=mlgate\nexec \"$mlgate\" check -c {}\n",
        quote(&exe),
        quote(config)
    ));
    out
}

/// Installs the hook; the message to print.
pub fn install(kind: HookKind, config: &str, chain: bool) -> Result<String, Error> {
    let hook = hook_path(kind)?;
    let shown = hook.display().to_string();
    let mut chained = previous_path(&hook).exists();
    if hook.exists() && !is_ours(&hook) {
        if !chain {
            return Err(Error::Usage(format!(
                "{shown} exists and is not mlgate's; rerun with --chain to keep it (it will run first), or remove it"
            )));
        }
        std::fs::rename(&hook, previous_path(&hook)).map_err(|e| io_error(&hook, "move the existing hook aside", e))?;
        chained = true;
    }
    if let Some(dir) = hook.parent() {
        std::fs::create_dir_all(dir).map_err(|e| io_error(dir, "create the hooks folder", e))?;
    }
    std::fs::write(&hook, script(kind, config, chained)).map_err(|e| io_error(&hook, "write the hook", e))?;
    make_executable(&hook)?;
    Ok(format!(
        "installed {shown}: `mlgate check -c {config}` runs before each {}{}",
        if kind == HookKind::PrePush { "push" } else { "commit" },
        if chained {
            " (after the hook that was there)"
        } else {
            ""
        }
    ))
}

/// Removes mlgate's hook and restores a chained one; the message to print.
pub fn uninstall(kind: HookKind) -> Result<String, Error> {
    let hook = hook_path(kind)?;
    let shown = hook.display().to_string();
    if !hook.exists() {
        return Ok(format!("no {shown}: nothing to remove"));
    }
    if !is_ours(&hook) {
        return Err(Error::Usage(format!("{shown} is not mlgate's hook; left as it is")));
    }
    std::fs::remove_file(&hook).map_err(|e| io_error(&hook, "remove the hook", e))?;
    let previous = previous_path(&hook);
    if previous.exists() {
        std::fs::rename(&previous, &hook).map_err(|e| io_error(&previous, "restore the previous hook", e))?;
        return Ok(format!("removed mlgate's {shown} and put the previous hook back"));
    }
    Ok(format!("removed {shown}"))
}

#[cfg(unix)]
fn make_executable(path: &Path) -> Result<(), Error> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755))
        .map_err(|e| io_error(path, "make the hook executable", e))
}

#[cfg(not(unix))]
fn make_executable(_: &Path) -> Result<(), Error> {
    Ok(())
}
