//! How gates read bytes without touching the outside world themselves.
//!
//! The host resolves what a config declares (files natively, the Action's file reads in wasm)
//! and hands it over through [`Inputs`]. Paths are the ones written in the config, relative to
//! the config's folder, with `/` as separator.

use std::collections::BTreeMap;
use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A file a config names: a path, a file as it is at a git revision (main's metrics, a
/// reference dataset on main), or a run's metrics or artifact on an MLflow tracking server. The
/// host resolves the last two before the run and hands their bytes over under [`FileRef::key`],
/// so gates read every kind alike.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum FileRef {
    /// A path relative to the config file.
    Path(#[schemars(length(min = 1))] String),
    /// A file at a git revision.
    Git(GitFile),
    /// A run's metrics, or one of its artifacts, on an MLflow tracking server.
    Mlflow(MlflowFile),
}

/// `{mlflow: {...}}`: what a metrics gate reads from MLflow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MlflowFile {
    /// The run (`run`, `experiment` with `filter`, or `model` with `alias` or `version`) and,
    /// with `artifact`, the file of it to read.
    pub mlflow: MlflowSource,
}

/// An MLflow run — by id, the latest of an experiment's runs matching a filter, or the run
/// behind a registered model's alias or version — and, with `artifact`, one file it logged
/// (read through the server's artifact proxy); without it, the run's metrics.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MlflowSource {
    /// A run id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1))]
    pub run: Option<String>,
    /// An experiment's name: its latest run (by start time) matching `filter`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1))]
    pub experiment: Option<String>,
    /// With `experiment`: an MLflow search filter (`tags.git_sha = 'abc' and metrics.f1 > 0.5`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1))]
    pub filter: Option<String>,
    /// A registered model's name: the run behind its `alias` or `version`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1))]
    pub model: Option<String>,
    /// With `model`: an alias (`champion`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1))]
    pub alias: Option<String>,
    /// With `model`: a version number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub version: Option<u64>,
    /// A file the run logged, relative to its artifact root (`preds/test.parquet`); its format
    /// comes from its extension.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1))]
    pub artifact: Option<String>,
}

impl MlflowSource {
    /// How messages and keys name the run: `run 3f2a…`, `experiment churn [filter]`,
    /// `churn@champion`, `churn version 7`.
    pub fn run_label(&self) -> String {
        match (&self.run, &self.experiment, &self.model) {
            (Some(run), _, _) => format!("run {run}"),
            (_, Some(experiment), _) => match &self.filter {
                Some(filter) => format!("experiment {experiment} [{filter}]"),
                None => format!("experiment {experiment}"),
            },
            (_, _, Some(model)) => match (&self.alias, self.version) {
                (Some(alias), _) => format!("{model}@{alias}"),
                (_, Some(version)) => format!("{model} version {version}"),
                _ => model.clone(),
            },
            _ => "an MLflow run".into(),
        }
    }

    /// What is wrong with the combination of keys, if anything.
    pub fn problem(&self) -> Option<String> {
        let named = [self.run.is_some(), self.experiment.is_some(), self.model.is_some()]
            .iter()
            .filter(|b| **b)
            .count();
        if named != 1 {
            return Some("expected exactly one of `run`, `experiment` or `model`".into());
        }
        if self.filter.is_some() && self.experiment.is_none() {
            return Some("`filter` searches an experiment's runs: it goes with `experiment`".into());
        }
        if self.model.is_some() && (self.alias.is_some() == self.version.is_some()) {
            return Some("a registered model needs exactly one of `alias` or `version`".into());
        }
        if self.model.is_none() && (self.alias.is_some() || self.version.is_some()) {
            return Some("`alias` and `version` name a registered model's version: they go with `model`".into());
        }
        if let Some(a) = &self.artifact
            && (a.starts_with('/') || a.split('/').any(|part| part == ".." || part.is_empty()))
        {
            return Some(format!(
                "artifact {a:?}: expected a path relative to the run's artifact root, without `..` or empty parts"
            ));
        }
        None
    }
}

/// `{git: REF, path: P}`: the file `P` as it is at revision `REF`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GitFile {
    /// A git revision: a branch (`origin/main`), a tag or a commit. Without it, the base branch:
    /// the pull request's base commit in the Action, `origin/HEAD` (the remote's default
    /// branch) in the CLI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1))]
    pub git: Option<String>,
    /// The file's path, relative to this config like every path (not to the repository root).
    #[schemars(length(min = 1))]
    pub path: String,
}

/// How a [`GitFile`] without `git:` names its revision in keys and messages. `@{` cannot start
/// a ref name, so no revision a config writes can look like it.
pub const BASE_REVISION: &str = "@{base}";

impl FileRef {
    /// The key its bytes are read under from [`Inputs`], and how messages name it: the path, or
    /// `REV:path` as git writes a file at a revision (`origin/main:metrics/eval.json`).
    pub fn key(&self) -> String {
        match self {
            FileRef::Path(p) => p.clone(),
            FileRef::Git(g) => g.key(),
            FileRef::Mlflow(m) => m.key(),
        }
    }

    /// The path, when it is a file of the working tree.
    pub fn as_path(&self) -> Option<&str> {
        match self {
            FileRef::Path(p) => Some(p),
            FileRef::Git(_) | FileRef::Mlflow(_) => None,
        }
    }

    /// The same file with its path changed by `f` (paths and git files are config-relative;
    /// an MLflow source has no path).
    pub fn map_path(&self, f: impl FnOnce(&str) -> String) -> FileRef {
        match self {
            FileRef::Path(p) => FileRef::Path(f(p)),
            FileRef::Git(g) => FileRef::Git(GitFile {
                git: g.git.clone(),
                path: f(&g.path),
            }),
            FileRef::Mlflow(m) => FileRef::Mlflow(m.clone()),
        }
    }
}

impl GitFile {
    /// The revision as written, or [`BASE_REVISION`].
    pub fn revision(&self) -> &str {
        self.git.as_deref().unwrap_or(BASE_REVISION)
    }

    /// `REV:path`: see [`FileRef::key`].
    pub fn key(&self) -> String {
        format!("{}:{}", self.revision(), self.path)
    }
}

/// How the key of a run's metrics on an MLflow server begins: its bytes are the server's
/// `runs/get` answer.
pub const MLFLOW_RUN_PREFIX: &str = "mlflow-run:";

impl MlflowFile {
    /// `mlflow-run:<run>` for a run's metrics (MLflow's answer about the run, which metric
    /// readers recognise by [`MLFLOW_RUN_PREFIX`]), `mlflow:<run>/artifacts/<artifact>` for an
    /// artifact (its extension last, so readers take the format from the key as from a path).
    pub fn key(&self) -> String {
        match &self.mlflow.artifact {
            Some(artifact) => format!("mlflow:{}/artifacts/{artifact}", self.mlflow.run_label()),
            None => format!("{MLFLOW_RUN_PREFIX}{}", self.mlflow.run_label()),
        }
    }
}

// Read live by the host before the run; the engine turns it into a request (`mlgate_engine::host`).
/// A Prometheus query: `query_range` when `start` is set, an instant `query` otherwise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LiveQuery {
    /// Base URL of the Prometheus server, e.g. http://127.0.0.1:9090.
    #[schemars(length(min = 1))]
    pub url: String,
    /// The PromQL query.
    #[schemars(length(min = 1))]
    pub query: String,
    /// Start of the range: RFC 3339, a unix timestamp, or relative to now (`-30m`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    /// End of the range, in the same forms as `start` (`now` by default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
    /// Resolution step of the range, a duration (`15s`) or seconds (default 15s).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<String>,
}

impl LiveQuery {
    /// The key under which the host hands the query's response over through [`Inputs`].
    pub fn key(&self) -> String {
        let opt = |o: &Option<String>| o.clone().unwrap_or_default();
        format!(
            "prometheus:{}|{}|{}|{}|{}",
            self.url,
            self.query,
            opt(&self.start),
            opt(&self.end),
            opt(&self.step)
        )
    }
}

/// Something a gate reads: a file (in the working tree or at a git revision), or a live query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    File(FileRef),
    Live(LiveQuery),
}

/// An input and the key of the config that declares it (a JSON pointer relative to the gate).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeclaredInput {
    pub pointer: String,
    pub input: Input,
}

impl DeclaredInput {
    /// A file of the working tree, declared at `pointer`.
    pub fn path(pointer: impl Into<String>, path: &str) -> DeclaredInput {
        DeclaredInput::file(pointer, FileRef::Path(path.to_string()))
    }

    /// A file (a path or a file at a git revision), declared at `pointer`.
    pub fn file(pointer: impl Into<String>, file: FileRef) -> DeclaredInput {
        DeclaredInput {
            pointer: pointer.into(),
            input: Input::File(file),
        }
    }
}

/// Why an input could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputError {
    /// Nothing at the path; `nearest`: the file beside it whose name is nearest (within two
    /// edits), as the config would write its path — "did you mean".
    NotFound { nearest: Option<String> },
    /// Any other reason, said by the host (permissions, not a file, ...).
    Unreadable(String),
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::NotFound { nearest: None } => f.write_str("no such file or directory"),
            InputError::NotFound { nearest: Some(n) } => write!(f, "no such file or directory (did you mean {n:?}?)"),
            InputError::Unreadable(why) => f.write_str(why),
        }
    }
}

/// What a path is when it is not a regular file. Hosts refuse such paths before opening them:
/// reading a named pipe waits for a writer forever, a device never ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotRegular {
    Fifo,
    Socket,
    CharacterDevice,
    BlockDevice,
    /// Anything else a platform has.
    Other,
}

impl NotRegular {
    /// The kind as hosts name it (`fifo`, `socket`, `character-device`, `block-device`; the
    /// Action's JavaScript hands these over).
    pub fn from_name(name: &str) -> NotRegular {
        match name {
            "fifo" => NotRegular::Fifo,
            "socket" => NotRegular::Socket,
            "character-device" => NotRegular::CharacterDevice,
            "block-device" => NotRegular::BlockDevice,
            _ => NotRegular::Other,
        }
    }

    /// The refusal, in the same words in every shell.
    pub fn error(self) -> InputError {
        let what = match self {
            NotRegular::Fifo => "is a named pipe (FIFO)",
            NotRegular::Socket => "is a socket",
            NotRegular::CharacterDevice => "is a character device",
            NotRegular::BlockDevice => "is a block device",
            NotRegular::Other => "is not a regular file",
        };
        InputError::Unreadable(format!("{what}; mlgate reads only regular files"))
    }
}

/// Read access to the files a run needs.
pub trait Inputs {
    /// The whole content of a file.
    fn read(&self, path: &str) -> Result<Vec<u8>, InputError>;
    /// Whether `path` is a directory.
    fn is_dir(&self, path: &str) -> bool;
    /// Every file below a directory, recursively, as paths relative to it (`/`-separated), sorted.
    fn list_files(&self, dir: &str) -> Result<Vec<String>, InputError>;
    /// A stream over a file, for readers that can work block by block (large datasets). `None`
    /// when the host has only whole files (the default, and wasm's case): callers then `read`.
    fn open(&self, _path: &str) -> Option<Result<Box<dyn std::io::Read + '_>, InputError>> {
        None
    }
    /// The size of a file in bytes, when the host can tell without reading it.
    fn size(&self, _path: &str) -> Option<u64> {
        None
    }
}

/// Inputs whose files may not be larger than a limit: a larger one is an error saying so
/// before a byte of it is read (a hostile pull request can commit a file of any size).
pub struct SizeLimited<'i> {
    pub inputs: &'i dyn Inputs,
    pub max_bytes: u64,
    /// How a user raises the limit, for the message (`settings.max_input_mb`).
    pub raise_with: &'static str,
}

impl SizeLimited<'_> {
    fn check(&self, path: &str) -> Result<(), InputError> {
        match self.inputs.size(path) {
            Some(n) if n > self.max_bytes => Err(InputError::Unreadable(format!(
                "the file is {} MB, larger than the limit of {} MB ({} raises it)",
                n.div_ceil(1 << 20),
                self.max_bytes >> 20,
                self.raise_with
            ))),
            _ => Ok(()),
        }
    }
}

impl Inputs for SizeLimited<'_> {
    fn read(&self, path: &str) -> Result<Vec<u8>, InputError> {
        self.check(path)?;
        self.inputs.read(path)
    }

    fn is_dir(&self, path: &str) -> bool {
        self.inputs.is_dir(path)
    }

    fn list_files(&self, dir: &str) -> Result<Vec<String>, InputError> {
        self.inputs.list_files(dir)
    }

    fn open(&self, path: &str) -> Option<Result<Box<dyn std::io::Read + '_>, InputError>> {
        match self.check(path) {
            Ok(()) => self.inputs.open(path),
            Err(e) => Some(Err(e)),
        }
    }

    fn size(&self, path: &str) -> Option<u64> {
        self.inputs.size(path)
    }
}

/// Inputs held in memory: what the wasm build receives from the Action, and what tests use.
#[derive(Debug, Clone, Default)]
pub struct MemoryInputs {
    files: BTreeMap<String, Vec<u8>>,
    /// Files the host left unread, and why.
    unread: BTreeMap<String, Unread>,
    /// Files the host did not find, with the names of the files beside them (for "did you mean").
    missing: BTreeMap<String, Vec<String>>,
}

/// Why a host left a file unread.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unread {
    /// Over the input limit (reading gigabytes only to refuse them can exhaust the host's
    /// memory), with its size: [`SizeLimited`] refuses it.
    TooLarge(u64),
    NotRegular(NotRegular),
}

impl MemoryInputs {
    pub fn new() -> MemoryInputs {
        MemoryInputs::default()
    }

    pub fn insert(&mut self, path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> &mut Self {
        self.files.insert(normalize(&path.into()), bytes.into());
        self
    }

    /// A file the host did not read, known by its size.
    pub fn insert_unread(&mut self, path: &str, size: u64) -> &mut Self {
        self.unread.insert(normalize(path), Unread::TooLarge(size));
        self
    }

    /// A path the host did not open because it is not a regular file.
    pub fn insert_not_regular(&mut self, path: &str, kind: NotRegular) -> &mut Self {
        self.unread.insert(normalize(path), Unread::NotRegular(kind));
        self
    }

    /// A file the host did not find, and the names of the files in its folder.
    pub fn insert_missing(&mut self, path: &str, siblings: &[String]) -> &mut Self {
        self.missing.insert(normalize(path), siblings.to_vec());
        self
    }

    fn not_found(&self, path: &str) -> InputError {
        let siblings = self.missing.get(path).map(Vec::as_slice).unwrap_or_default();
        InputError::NotFound {
            nearest: nearest_path(path, siblings.iter().map(String::as_str)),
        }
    }

    /// Every file, read or not.
    fn paths(&self) -> impl Iterator<Item = &String> {
        self.files.keys().chain(self.unread.keys())
    }
}

/// The path (normalised), with its file name replaced by the nearest of `siblings` (the names
/// in its folder), when one is near: what the user may have meant.
pub fn nearest_path<'s>(path: &str, siblings: impl IntoIterator<Item = &'s str>) -> Option<String> {
    // As every host names it: `./a//b` is `a/b`.
    let path = normalize(path);
    let (folder, name) = path.rsplit_once('/').map_or(("", path.as_str()), |(f, n)| (f, n));
    // Sorted, so a tie goes the same way whatever order the host listed the folder in.
    let mut siblings: Vec<&str> = siblings.into_iter().collect();
    siblings.sort_unstable();
    let nearest = crate::names::nearest(name, siblings)?;
    Some(if folder.is_empty() {
        nearest.to_string()
    } else {
        format!("{folder}/{nearest}")
    })
}

/// `./a//b/` -> `a/b`, so paths written differently in a config find the same file.
fn normalize(path: &str) -> String {
    path.split('/')
        .filter(|p| !p.is_empty() && *p != ".")
        .collect::<Vec<_>>()
        .join("/")
}

impl Inputs for MemoryInputs {
    fn size(&self, path: &str) -> Option<u64> {
        let path = normalize(path);
        (self.files.get(&path).map(|b| b.len() as u64)).or_else(|| match self.unread.get(&path) {
            Some(Unread::TooLarge(size)) => Some(*size),
            _ => None,
        })
    }

    fn read(&self, path: &str) -> Result<Vec<u8>, InputError> {
        let path = normalize(path);
        match self.unread.get(&path) {
            Some(Unread::TooLarge(size)) => {
                return Err(InputError::Unreadable(format!(
                    "left unread by the host ({size} bytes, over the input limit)"
                )));
            }
            Some(Unread::NotRegular(kind)) => return Err(kind.error()),
            None => {}
        }
        match self.files.get(&path) {
            Some(bytes) => Ok(bytes.clone()),
            None if self.is_dir(&path) => Err(InputError::Unreadable("is a directory".into())),
            None => Err(self.not_found(&path)),
        }
    }

    fn is_dir(&self, path: &str) -> bool {
        let prefix = format!("{}/", normalize(path));
        self.paths().any(|k| k.starts_with(&prefix))
    }

    fn list_files(&self, dir: &str) -> Result<Vec<String>, InputError> {
        let prefix = format!("{}/", normalize(dir));
        let mut files: Vec<String> = self
            .paths()
            .filter_map(|k| k.strip_prefix(&prefix))
            .map(str::to_string)
            .collect();
        files.sort();
        if files.is_empty() {
            Err(InputError::NotFound { nearest: None })
        } else {
            Ok(files)
        }
    }
}

/// Files from the host's file system, plus live sources the host resolved before the run
/// (a Prometheus response under its query's key).
#[derive(Debug, Clone)]
pub struct WithResolved<I> {
    pub files: I,
    pub resolved: BTreeMap<String, Vec<u8>>,
}

impl<I: Inputs> Inputs for WithResolved<I> {
    fn read(&self, path: &str) -> Result<Vec<u8>, InputError> {
        match self.resolved.get(path) {
            Some(bytes) => Ok(bytes.clone()),
            None => self.files.read(path),
        }
    }

    fn is_dir(&self, path: &str) -> bool {
        self.files.is_dir(path)
    }

    fn list_files(&self, dir: &str) -> Result<Vec<String>, InputError> {
        self.files.list_files(dir)
    }

    fn open(&self, path: &str) -> Option<Result<Box<dyn std::io::Read + '_>, InputError>> {
        match self.resolved.contains_key(path) {
            true => None,
            false => self.files.open(path),
        }
    }

    fn size(&self, path: &str) -> Option<u64> {
        match self.resolved.get(path) {
            Some(bytes) => Some(bytes.len() as u64),
            None => self.files.size(path),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_inputs_behave_like_a_file_tree() {
        let mut m = MemoryInputs::new();
        m.insert("./run/metrics/acc", b"1 0.9 0".to_vec())
            .insert("run/metrics/loss", b"x".to_vec());
        assert_eq!(m.read("run/metrics/acc").unwrap(), b"1 0.9 0");
        assert!(m.is_dir("run") && m.is_dir("run/metrics/") && !m.is_dir("run/metrics/acc"));
        assert_eq!(m.list_files("run").unwrap(), vec!["metrics/acc", "metrics/loss"]);
        assert_eq!(m.read("nope"), Err(InputError::NotFound { nearest: None }));
        m.insert_missing("data/tran.csv", &["train.csv".into(), "test.csv".into()]);
        assert_eq!(
            m.read("data/tran.csv").unwrap_err().to_string(),
            "no such file or directory (did you mean \"data/train.csv\"?)"
        );
        assert!(matches!(m.read("run"), Err(InputError::Unreadable(_))));
    }
}
