//! The native host's [`Inputs`]: files under the config's folder.

use std::path::{Path, PathBuf};

use mlgate_core::{InputError, Inputs};

/// Reads paths relative to a root folder (the config's folder, or the working directory for
/// ad-hoc commands).
#[derive(Debug, Clone)]
pub struct FsInputs {
    root: PathBuf,
}

impl FsInputs {
    pub fn new(root: impl Into<PathBuf>) -> FsInputs {
        FsInputs { root: root.into() }
    }

    fn path(&self, path: &str) -> PathBuf {
        self.root.join(path)
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

fn io_error(e: std::io::Error) -> InputError {
    match e.kind() {
        std::io::ErrorKind::NotFound => InputError::NotFound,
        std::io::ErrorKind::IsADirectory => InputError::Unreadable("is a directory".into()),
        _ => InputError::Unreadable(e.to_string()),
    }
}

impl Inputs for FsInputs {
    fn read(&self, path: &str) -> Result<Vec<u8>, InputError> {
        let full = self.path(path);
        if full.is_dir() {
            return Err(InputError::Unreadable("is a directory".into()));
        }
        std::fs::read(full).map_err(io_error)
    }

    fn is_dir(&self, path: &str) -> bool {
        self.path(path).is_dir()
    }

    fn open(&self, path: &str) -> Option<Result<Box<dyn std::io::Read + '_>, InputError>> {
        let full = self.path(path);
        if full.is_dir() {
            return Some(Err(InputError::Unreadable("is a directory".into())));
        }
        Some(
            std::fs::File::open(full)
                .map(|f| Box::new(f) as Box<dyn std::io::Read>)
                .map_err(io_error),
        )
    }

    fn list_files(&self, dir: &str) -> Result<Vec<String>, InputError> {
        fn walk(base: &Path, dir: &Path, out: &mut Vec<String>) -> Result<(), InputError> {
            for entry in std::fs::read_dir(dir).map_err(io_error)? {
                let path = entry.map_err(io_error)?.path();
                if path.is_dir() {
                    walk(base, &path, out)?;
                } else if let Ok(rel) = path.strip_prefix(base) {
                    out.push(slash_path(rel));
                }
            }
            Ok(())
        }
        let base = self.path(dir);
        let mut files = Vec::new();
        walk(&base, &base, &mut files)?;
        files.sort();
        Ok(files)
    }
}
