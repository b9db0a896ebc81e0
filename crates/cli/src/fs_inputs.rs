//! The native host's [`Inputs`]: files under the config's folder, confined to the workspace.
//!
//! A config comes with a pull request, perhaps from a stranger: its paths must not read the
//! runner's files (`/etc/passwd`, `../../.ssh/id_rsa`, a symlink committed to point outside). So
//! every path of a config resolves, symlinks followed, inside the workspace — the repository that
//! holds the config, else the config's folder — unless the user allows more.

use std::path::{Component, Path, PathBuf};

use mlgate_core::{InputError, Inputs, NotRegular};

/// Reads paths relative to a root folder (the config's folder, or the working directory for
/// ad-hoc commands).
#[derive(Debug, Clone)]
pub struct FsInputs {
    root: PathBuf,
    /// When set (canonical), no path may resolve outside it.
    workspace: Option<PathBuf>,
}

impl FsInputs {
    /// Paths relative to `root`, anywhere on the file system (ad-hoc commands: the user named them).
    pub fn new(root: impl Into<PathBuf>) -> FsInputs {
        FsInputs {
            root: root.into(),
            workspace: None,
        }
    }

    /// Paths relative to `root` that must resolve inside `workspace`.
    pub fn confined(root: impl Into<PathBuf>, workspace: &Path) -> std::io::Result<FsInputs> {
        Ok(FsInputs {
            root: root.into(),
            workspace: Some(workspace.canonicalize()?),
        })
    }

    /// The path to open: inside the workspace, and a regular file (checked before opening, as
    /// opening a named pipe waits for a writer forever). A directory is said to be one.
    fn file(&self, path: &str) -> Result<PathBuf, InputError> {
        let full = self.path(path)?;
        match std::fs::metadata(&full) {
            Ok(meta) if meta.is_dir() => Err(InputError::Unreadable("is a directory".into())),
            Ok(meta) if !meta.is_file() => Err(not_regular(&meta.file_type()).error()),
            // A missing file is reported by the read itself.
            _ => Ok(full),
        }
    }

    fn path(&self, path: &str) -> Result<PathBuf, InputError> {
        let full = self.root.join(path);
        match &self.workspace {
            Some(workspace) if !resolve(&full).starts_with(workspace) => Err(InputError::Unreadable(format!(
                "the path leaves the workspace ({}); mlgate reads only files inside it \
                 (--allow-outside-workspace lifts this)",
                workspace.display()
            ))),
            _ => Ok(full),
        }
    }
}

/// The folder whose files a config may read: the git work tree holding `config_dir` (the
/// nearest folder up with a `.git`), else `config_dir` itself.
pub fn workspace_of(config_dir: &Path) -> PathBuf {
    let start = config_dir.canonicalize().unwrap_or_else(|_| config_dir.to_path_buf());
    start
        .ancestors()
        .find(|dir| dir.join(".git").exists())
        .unwrap_or(&start)
        .to_path_buf()
}

/// Where a path really points: its existing part with symlinks followed, the rest (a file not
/// there yet) appended with `.` and `..` applied.
fn resolve(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut existing = absolute.as_path();
    let mut rest: Vec<Component<'_>> = Vec::new();
    loop {
        if let Ok(real) = existing.canonicalize() {
            let mut out = real;
            for c in rest.iter().rev() {
                match c {
                    Component::ParentDir => {
                        out.pop();
                    }
                    Component::Normal(part) => out.push(part),
                    _ => {}
                }
            }
            return out;
        }
        match (existing.parent(), existing.components().next_back()) {
            (Some(parent), Some(last)) => {
                rest.push(last);
                existing = parent;
            }
            _ => return absolute,
        }
    }
}

/// A relative path as configs write it: `/`-separated on every platform.
pub fn slash_path(rel: &Path) -> String {
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/")
}

/// What a path that is neither a file nor a directory is.
fn not_regular(kind: &std::fs::FileType) -> NotRegular {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return NotRegular::Fifo;
        }
        if kind.is_socket() {
            return NotRegular::Socket;
        }
        if kind.is_char_device() {
            return NotRegular::CharacterDevice;
        }
        if kind.is_block_device() {
            return NotRegular::BlockDevice;
        }
    }
    let _ = kind;
    NotRegular::Other
}

/// A file that is not there, with the nearest name beside it (as the config wrote the path).
fn not_found(written: &str, full: &Path) -> InputError {
    let siblings: Vec<String> = full
        .parent()
        .and_then(|dir| std::fs::read_dir(dir).ok())
        .map(|entries| {
            entries
                .flatten()
                .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
                .filter_map(|e| e.file_name().into_string().ok())
                .collect()
        })
        .unwrap_or_default();
    InputError::NotFound {
        nearest: mlgate_core::inputs::nearest_path(written, siblings.iter().map(String::as_str)),
    }
}

fn io_error(e: std::io::Error) -> InputError {
    match e.kind() {
        std::io::ErrorKind::NotFound => InputError::NotFound { nearest: None },
        std::io::ErrorKind::IsADirectory => InputError::Unreadable("is a directory".into()),
        _ => InputError::Unreadable(e.to_string()),
    }
}

impl Inputs for FsInputs {
    fn read(&self, path: &str) -> Result<Vec<u8>, InputError> {
        let full = self.file(path)?;
        std::fs::read(&full).map_err(|e| match io_error(e) {
            InputError::NotFound { .. } => not_found(path, &full),
            other => other,
        })
    }

    fn is_dir(&self, path: &str) -> bool {
        self.path(path).is_ok_and(|p| p.is_dir())
    }

    fn size(&self, path: &str) -> Option<u64> {
        let meta = std::fs::metadata(self.path(path).ok()?).ok()?;
        meta.is_file().then_some(meta.len())
    }

    fn open(&self, path: &str) -> Option<Result<Box<dyn std::io::Read + '_>, InputError>> {
        let full = match self.file(path) {
            Ok(full) => full,
            Err(e) => return Some(Err(e)),
        };
        Some(
            std::fs::File::open(&full)
                .map(|f| Box::new(f) as Box<dyn std::io::Read>)
                .map_err(|e| match io_error(e) {
                    InputError::NotFound { .. } => not_found(path, &full),
                    other => other,
                }),
        )
    }

    fn list_files(&self, dir: &str) -> Result<Vec<String>, InputError> {
        fn walk(base: &Path, dir: &Path, out: &mut Vec<String>) -> Result<(), InputError> {
            for entry in std::fs::read_dir(dir).map_err(io_error)? {
                let entry = entry.map_err(io_error)?;
                let path = entry.path();
                // Only real folders are entered: a symlink (to a folder, or a loop back up) is
                // listed as a file, and reading it is confined like any other path.
                if entry.file_type().map_err(io_error)?.is_dir() {
                    walk(base, &path, out)?;
                } else if let Ok(rel) = path.strip_prefix(base) {
                    out.push(slash_path(rel));
                }
            }
            Ok(())
        }
        let base = self.path(dir)?;
        let mut files = Vec::new();
        walk(&base, &base, &mut files)?;
        files.sort();
        Ok(files)
    }
}
