//! Shared vocabulary of mlgate.
//!
//! Every other crate speaks in these types: the [`Status`] of a check, the [`Report`] a run
//! produces, the [`Error`] that stops a run from being judged, the [`Gate`] contract every gate
//! keeps with the engine (its [`ConfigProblem`]s, its [`DeclaredInput`]s, its [`SourceError`]),
//! the run-wide [`Settings`], the [`Inputs`] through which gates read bytes (from the file system
//! natively, from the Action's JavaScript in wasm), and the position-tracking [`yaml`] loader that
//! lets config errors name a line and column.
//!
//! This crate does no I/O of its own.

pub mod csv_records;
pub mod error;
pub mod gate;
pub mod inputs;
pub mod names;
pub mod nesting;
pub mod number;
pub mod report;
pub mod settings;
pub mod status;
pub mod time;
pub mod yaml;

pub use error::{ConfigProblem, Error, Location};
pub use gate::{Gate, SourceError};
pub use inputs::{
    BASE_REVISION, DeclaredInput, FileRef, GitFile, Input, InputError, Inputs, LiveQuery, MLFLOW_RUN_PREFIX,
    MemoryInputs, MlflowFile, MlflowSource, NotRegular, SizeLimited, WithResolved,
};
pub use number::Number;
pub use report::{CheckResult, GateKind, GateReport, Report, Summary, VERSION};
pub use settings::{Correction, MlflowSettings, Settings};
pub use status::{FailOn, Severity, Status};
