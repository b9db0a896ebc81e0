//! Where a command's report goes: one format on standard output (or `-o FILE`), further formats
//! to files from the same run (`--report junit=report.xml`, repeatable), and the exit code from
//! the verdict. A run that could not be judged still writes its machine-read formats (JSON,
//! JUnit, GitHub annotations, markdown) with the error in them, so a CI test tab or annotation
//! shows why; the terminal gets the error on standard error.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use mlgate_core::{Error, FailOn, Report};
use mlgate_engine::render::{self, TextOptions};

use crate::fs_inputs::{slash_path, workspace_of};

#[derive(Args)]
pub(crate) struct OutputArgs {
    /// Report format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Write the report to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<String>,
    /// Also write the report in FORMAT to FILE, from the same run (repeat for several:
    /// `--report junit=report.xml --report markdown=comment.md`).
    #[arg(long = "report", value_name = "FORMAT=FILE", value_parser = report_target)]
    reports: Vec<(Format, String)>,
    /// Link the HTML report at URL from the markdown report (where a CI step uploaded it,
    /// e.g. actions/upload-artifact's `artifact-url`).
    #[arg(long, value_name = "URL", value_parser = html_report_url)]
    html_report_url: Option<String>,
    /// Which verdict makes the exit code 1 [default: the config's settings.fail_on, else fail].
    #[arg(long, value_enum, value_name = "VERDICT")]
    fail_on: Option<FailOnArg>,
    /// Also list the checks that passed, and every failing value kept (text format).
    #[arg(short, long)]
    verbose: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// The terminal view.
    Text,
    /// The report as JSON (schemas/report.schema.json).
    Json,
    /// The pull-request comment (GitHub-flavoured markdown).
    Markdown,
    /// JUnit XML for CI test reporters.
    Junit,
    /// GitHub workflow commands annotating the config lines of failing checks.
    Github,
    /// One self-contained HTML page with the charts behind every verdict.
    Html,
}

#[derive(Clone, Copy, ValueEnum)]
enum FailOnArg {
    Fail,
    Warn,
    Never,
}

fn html_report_url(s: &str) -> Result<String, String> {
    render::markdown::check_html_report_url(s).map(|()| s.to_string())
}

/// `junit=report.xml`.
fn report_target(s: &str) -> Result<(Format, String), String> {
    let (format, file) = s
        .split_once('=')
        .filter(|(_, file)| !file.is_empty())
        .ok_or_else(|| format!("expected FORMAT=FILE (junit=report.xml), found {s:?}"))?;
    let format = Format::from_str(format, true)
        .map_err(|_| format!("unknown format {format:?}; expected text, json, markdown, junit, github or html"))?;
    Ok((format, file.to_string()))
}

/// The config a report is about, as annotations name it: relative to the repository root, so
/// GitHub can place them whatever folder the command ran from.
pub(crate) struct AnnotatedConfig {
    /// As the command was given it.
    given: String,
    /// Relative to the repository root.
    in_repository: String,
    /// Its folder, which relative input paths start from.
    folder: PathBuf,
    /// The repository root (or the config's folder outside a repository).
    root: PathBuf,
}

impl AnnotatedConfig {
    pub(crate) fn new(config: &str) -> AnnotatedConfig {
        let folder = Path::new(config)
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let root = workspace_of(folder);
        let in_repository = std::path::absolute(config)
            .ok()
            .and_then(|a| a.canonicalize().ok().or(Some(a)))
            .and_then(|a| a.strip_prefix(&root).ok().map(slash_path))
            .unwrap_or_else(|| config.to_string());
        AnnotatedConfig {
            given: config.to_string(),
            in_repository,
            folder: folder.to_path_buf(),
            root,
        }
    }

    /// A file as a report names it, relative to the repository root.
    fn in_repository(&self, file: &str) -> String {
        if file == self.given {
            return self.in_repository.clone();
        }
        let full = self.folder.join(file);
        std::path::absolute(&full)
            .ok()
            .and_then(|a| a.strip_prefix(&self.root).ok().map(slash_path))
            .unwrap_or_else(|| file.to_string())
    }

    /// The report with its files named relative to the repository root (for annotations).
    fn rebased(&self, report: &Report) -> Report {
        let mut report = report.clone();
        report.config = self.in_repository.clone();
        for error in &mut report.errors {
            error.file = self.in_repository(&error.file);
        }
        report
    }
}

impl OutputArgs {
    /// The text view lists the passing checks too, as `-v` does.
    pub(crate) fn show_passing(&mut self) {
        self.verbose = true;
    }

    /// Writes the report in every requested format and turns the verdict into the exit code
    /// (`fail_on` is the config's, which `--fail-on` overrides).
    pub(crate) fn emit(
        &self,
        report: &Report,
        fail_on: FailOn,
        config: Option<&AnnotatedConfig>,
    ) -> Result<i32, Error> {
        self.write_all(report, config)?;
        let fail_on = match self.fail_on {
            Some(FailOnArg::Fail) => FailOn::Fail,
            Some(FailOnArg::Warn) => FailOn::Warn,
            Some(FailOnArg::Never) => FailOn::Never,
            None => fail_on,
        };
        Ok(report.verdict.exit_code(fail_on))
    }

    /// The run could not be judged: the machine-read formats get a report carrying `error`
    /// (the text view has none: the error goes to standard error); the error is handed back.
    pub(crate) fn emit_error(&self, config: &str, error: Error, annotated: Option<&AnnotatedConfig>) -> Error {
        let report = Report::could_not_judge(config, &error);
        match self.write_all(&report, annotated) {
            Ok(()) => error,
            Err(write_error) => Error::Several(vec![error, write_error]),
        }
    }

    fn write_all(&self, report: &Report, config: Option<&AnnotatedConfig>) -> Result<(), Error> {
        let judged = report.errors.is_empty();
        let targets = std::iter::once((self.format, self.output.as_deref()))
            .chain(self.reports.iter().map(|(format, file)| (*format, Some(file.as_str()))));
        for (format, file) in targets {
            if !judged && format == Format::Text {
                continue;
            }
            let color = format == Format::Text
                && file.is_none()
                && std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
            let rendered = match format {
                Format::Json => render::json(report),
                Format::Markdown => render::markdown(report, self.html_report_url.as_deref()),
                Format::Junit => render::junit(report),
                Format::Html => render::html(report),
                Format::Github => match config {
                    Some(config) => render::github(&config.rebased(report)),
                    None => render::github(report),
                },
                Format::Text => render::text(
                    report,
                    TextOptions {
                        color,
                        verbose: self.verbose,
                    },
                ),
            };
            write_out(file, &rendered)?;
        }
        Ok(())
    }
}

/// Writes `text` to `path`, or to standard output.
pub(crate) fn write_out(path: Option<&str>, text: &str) -> Result<(), Error> {
    match path {
        Some(path) => {
            std::fs::write(path, text).map_err(|e| Error::input(path, format!("cannot write the report: {e}")))
        }
        None => {
            let mut stdout = std::io::stdout().lock();
            // A closed pipe (`mlgate check | head`) is not an error worth a panic.
            let _ = stdout.write_all(text.as_bytes());
            let _ = stdout.flush();
            Ok(())
        }
    }
}
