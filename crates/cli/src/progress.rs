//! A progress bar on stderr while large inputs are read, and a spinner while they are checked;
//! only when stderr is a terminal (never in CI logs or pipes).

use std::io::{IsTerminal, Read};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};
use mlgate_core::{InputError, Inputs};

/// Files smaller than this are read without a bar.
const LARGE: u64 = 32 * 1024 * 1024;

/// Inputs that show their reading on a progress bar.
pub struct ProgressInputs<I> {
    inner: I,
    root: std::path::PathBuf,
    bar: Option<ProgressBar>,
}

impl<I: Inputs> ProgressInputs<I> {
    /// `root` is the folder `inner` reads from (to size files before reading them).
    pub fn new(inner: I, root: impl Into<std::path::PathBuf>) -> Self {
        let bar = std::io::stderr().is_terminal().then(ProgressBar::hidden);
        ProgressInputs {
            inner,
            root: root.into(),
            bar,
        }
    }

    /// Clears whatever is shown; call when the run is over.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

impl<I: Inputs> Inputs for ProgressInputs<I> {
    fn read(&self, path: &str) -> Result<Vec<u8>, InputError> {
        let full = self.root.join(path);
        let size = std::fs::metadata(&full).map(|m| m.len()).unwrap_or(0);
        let Some(bar) = self.bar.as_ref().filter(|_| size >= LARGE && full.is_file()) else {
            return self.inner.read(path);
        };
        bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template("{msg} [{bar:30}] {bytes}/{total_bytes} ({eta})")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        bar.set_length(size);
        bar.set_position(0);
        bar.set_message(format!("reading {path}"));
        let mut file = std::fs::File::open(&full).map_err(|e| InputError::Unreadable(e.to_string()))?;
        let mut out = Vec::with_capacity(size as usize);
        let mut chunk = vec![0u8; 8 * 1024 * 1024];
        loop {
            let n = file
                .read(&mut chunk)
                .map_err(|e| InputError::Unreadable(e.to_string()))?;
            if n == 0 {
                break;
            }
            out.extend_from_slice(&chunk[..n]);
            bar.inc(n as u64);
        }
        // Parsing and checking give no progress of their own: a spinner says work goes on.
        bar.set_style(
            ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.set_message(format!("checking {path}"));
        bar.enable_steady_tick(Duration::from_millis(120));
        Ok(out)
    }

    fn is_dir(&self, path: &str) -> bool {
        self.inner.is_dir(path)
    }

    fn list_files(&self, dir: &str) -> Result<Vec<String>, InputError> {
        self.inner.list_files(dir)
    }
}
