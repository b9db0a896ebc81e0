//! A progress bar on stderr while large inputs are read, and a spinner while they are checked;
//! only when stderr is a terminal (never in CI logs or pipes).

use std::io::{IsTerminal, Read};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
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

    /// The bar, set up for reading `path`, when there is a terminal and the file is large.
    fn bar_for(&self, path: &str) -> Option<&ProgressBar> {
        let full = self.root.join(path);
        let size = std::fs::metadata(&full).map(|m| m.len()).unwrap_or(0);
        let bar = self.bar.as_ref().filter(|_| size >= LARGE && full.is_file())?;
        bar.set_draw_target(ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template("{msg} [{bar:30}] {bytes}/{total_bytes} ({eta})")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        bar.set_length(size);
        bar.set_position(0);
        bar.set_message(format!("reading {path}"));
        Some(bar)
    }
}

/// Once a file is read, checking gives no progress of its own: a spinner says work goes on.
fn checking(bar: &ProgressBar) {
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.set_message("checking");
    bar.enable_steady_tick(Duration::from_millis(120));
}

/// A stream that moves the bar as it is read.
struct Counted<'a> {
    inner: Box<dyn Read + 'a>,
    bar: &'a ProgressBar,
}

impl Read for Counted<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n == 0 {
            checking(self.bar);
        } else {
            self.bar.inc(n as u64);
        }
        Ok(n)
    }
}

impl<I: Inputs> Inputs for ProgressInputs<I> {
    fn read(&self, path: &str) -> Result<Vec<u8>, InputError> {
        let Some(bar) = self.bar_for(path) else {
            return self.inner.read(path);
        };
        let mut out = Vec::new();
        let stream = self
            .inner
            .open(path)
            .unwrap_or_else(|| Err(InputError::Unreadable("cannot stream".into())));
        match stream {
            Ok(inner) => {
                Counted { inner, bar }
                    .read_to_end(&mut out)
                    .map_err(|e| InputError::Unreadable(e.to_string()))?;
                Ok(out)
            }
            Err(_) => self.inner.read(path),
        }
    }

    fn is_dir(&self, path: &str) -> bool {
        self.inner.is_dir(path)
    }

    fn size(&self, path: &str) -> Option<u64> {
        self.inner.size(path)
    }

    fn list_files(&self, dir: &str) -> Result<Vec<String>, InputError> {
        self.inner.list_files(dir)
    }

    fn open(&self, path: &str) -> Option<Result<Box<dyn Read + '_>, InputError>> {
        let stream = self.inner.open(path)?;
        let Some(bar) = self.bar_for(path) else {
            return Some(stream);
        };
        Some(stream.map(|inner| Box::new(Counted { inner, bar }) as Box<dyn Read + '_>))
    }
}
