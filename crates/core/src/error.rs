//! Errors that stop a run from being judged (exit code 2).
//!
//! Every error names the file it is about; config errors add the line, the column, the YAML path
//! (`metrics[0].thresholds.accuracy.min`) and what was expected. An input error that a config
//! entry led to also names that entry, so the user knows which line to fix.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A place in a config file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Location {
    /// The config file as the user named it.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// YAML path of the value, `metrics[0].current`; empty for the document root.
    pub path: String,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)?;
        if !self.path.is_empty() {
            write!(f, ": {}", self.path)?;
        }
        Ok(())
    }
}

/// One thing wrong with a config: where (a JSON pointer into the config) and what was found and
/// what was expected. Gates report problems with pointers relative to themselves
/// (`/thresholds/accuracy/min`); the loader moves them [`within`](ConfigProblem::within) the
/// whole config and places them in its file ([`at`](ConfigProblem::at)) before they reach the
/// user, who is shown only the place and the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigProblem {
    /// JSON pointer of the value the problem is about.
    pub pointer: String,
    /// Shown at the key rather than at its value: an unknown or repeated key, or a whole entry
    /// of a map (a threshold, a canary metric), which is named by its key.
    pub at_key: bool,
    /// What was found and what was expected.
    pub message: String,
    /// Where it is in the config file, once placed (`None` while a gate reports it, and for
    /// configs built from command-line flags).
    pub at: Option<Location>,
}

impl ConfigProblem {
    /// A problem with the value at `pointer`.
    pub fn new(pointer: impl Into<String>, message: impl Into<String>) -> ConfigProblem {
        ConfigProblem {
            pointer: pointer.into(),
            at_key: false,
            message: message.into(),
            at: None,
        }
    }

    /// A problem shown at the key of `pointer` rather than at its value: a map entry as a whole,
    /// or a key whose value is fine but contradicts another.
    pub fn entry(pointer: impl Into<String>, message: impl Into<String>) -> ConfigProblem {
        ConfigProblem {
            at_key: true,
            ..ConfigProblem::new(pointer, message)
        }
    }

    /// The same problem with its pointer inside `prefix` (a gate's problem in the whole config).
    pub fn within(mut self, prefix: &str) -> ConfigProblem {
        self.pointer = format!("{prefix}{}", self.pointer);
        self
    }
}

impl fmt::Display for ConfigProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.at {
            Some(at) => write!(f, "{at}: {}", self.message),
            None if self.pointer.is_empty() => f.write_str(&self.message),
            None => write!(f, "{}: {}", self.pointer, self.message),
        }
    }
}

/// Why a run could not be judged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// The config is invalid: every problem found in the file, placed in it, in file order.
    Config(Vec<ConfigProblem>),
    /// An input file could not be read or understood.
    Input {
        /// The input file, as the config (or the command line) named it.
        file: String,
        /// Line and column in the input file, when the parser knows them.
        position: Option<(usize, usize)>,
        /// What was found and what was expected.
        message: String,
        /// The config entry that named the file, when there is one (boxed: errors travel in
        /// `Result`s and should stay small).
        declared_at: Option<Box<Location>>,
    },
    /// The command line asked for something that cannot be done.
    Usage(String),
    /// Several errors of one run (each gate's inputs), reported together rather than one per run.
    Several(Vec<Error>),
}

impl Error {
    /// An input error not yet tied to the config entry that named the file.
    pub fn input(file: impl Into<String>, message: impl Into<String>) -> Error {
        Error::Input {
            file: file.into(),
            position: None,
            message: message.into(),
            declared_at: None,
        }
    }

    /// A file that is not valid JSON: the parser's line and column, its message (without the
    /// position it repeats), and what was expected.
    pub fn invalid_json(file: &str, e: &serde_json::Error, expected: &str) -> Error {
        let message = e.to_string();
        let message = message.rsplit_once(" at line ").map_or(message.as_str(), |(m, _)| m);
        Error::Input {
            file: file.to_string(),
            position: Some((e.line(), e.column())),
            message: format!("invalid JSON: {message}; expected {expected}"),
            declared_at: None,
        }
    }

    /// Ties an input error to the config entry that declared the file (first one wins).
    pub fn declared_at(self, at: &Location) -> Error {
        match self {
            Error::Input {
                file,
                position,
                message,
                declared_at: None,
            } => Error::Input {
                file,
                position,
                message,
                declared_at: Some(Box::new(at.clone())),
            },
            other => other,
        }
    }

    /// The error as lines, one per problem, for the terminal (`error: ` is the caller's prefix).
    pub fn lines(&self) -> Vec<String> {
        match self {
            Error::Config(problems) => problems.iter().map(ToString::to_string).collect(),
            Error::Input {
                file,
                position,
                message,
                declared_at,
            } => {
                let mut line = String::new();
                if let Some(at) = declared_at {
                    line.push_str(&format!("{at}: "));
                }
                line.push_str(file);
                if let Some((l, c)) = position {
                    line.push_str(&format!(":{l}:{c}"));
                }
                line.push_str(": ");
                line.push_str(message);
                vec![line]
            }
            Error::Usage(message) => vec![message.clone()],
            Error::Several(errors) => errors.iter().flat_map(Error::lines).collect(),
        }
    }

    /// One error for all of `errors` (the only one, when there is one).
    pub fn all(mut errors: Vec<Error>) -> Option<Error> {
        match errors.len() {
            0 => None,
            1 => errors.pop(),
            _ => Some(Error::Several(errors)),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.lines().join("\n"))
    }
}

impl std::error::Error for Error {}

/// 1-based line and column (in characters) of a byte offset in a file's text, for an
/// [`Error::Input`] position.
pub fn line_and_column(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let start = before.iter().rposition(|b| *b == b'\n').map_or(0, |p| p + 1);
    let column = String::from_utf8_lossy(&before[start..]).chars().count() + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_error_names_the_config_entry_then_the_file() {
        let at = Location {
            file: "mlgate.yaml".into(),
            line: 4,
            column: 14,
            path: "metrics[0].current".into(),
        };
        let e = Error::Input {
            file: "m.json".into(),
            position: Some((3, 5)),
            message: "invalid JSON".into(),
            declared_at: None,
        }
        .declared_at(&at);
        assert_eq!(
            e.to_string(),
            "mlgate.yaml:4:14: metrics[0].current: m.json:3:5: invalid JSON"
        );
    }
}
