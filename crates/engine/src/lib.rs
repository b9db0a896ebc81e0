//! The whole mlgate config, run end to end.
//!
//! Read top to bottom:
//! - [`config`]: the types of `mlgate.yaml` as a whole (each gate's own types are its crate's);
//! - [`schema`]: the JSON Schemas generated from those types, of the config and of the report
//!   (committed under `schemas/`);
//! - [`load`]: text into a typed config, validated against that schema and each gate's own
//!   rules, with every problem of a file reported at once at its line and column;
//! - [`host`]: what any host must do before a run (files to read, files from git, live queries
//!   as finished requests), and the check of each live answer;
//! - [`mlflow`]: MLflow sources as chains of REST calls a host performs round by round, the check
//!   of each answer, what each source resolved to, and the calls that record a verdict on a run;
//! - [`run`]: evaluate the gates a config declares over [`mlgate_core::Inputs`], every gate
//!   through the same [`mlgate_core::Gate`] contract;
//! - [`render`]: the report as JSON, text, markdown, HTML, JUnit or GitHub annotations;
//! - [`adhoc`]: the configs behind one-off commands such as `mlgate metrics compare`;
//! - [`init`]: a starting `mlgate.yaml` from the files a host found.
//!
//! Both shells (the CLI and the wasm Action) call this crate, and only this crate, so they judge
//! alike; neither reads a gate crate directly.

pub mod adhoc;
pub mod config;
pub mod host;
pub mod init;
pub mod load;
pub mod mlflow;
pub mod render;
pub mod run;
pub mod schema;

pub use config::{Config, LoadedConfig};
pub use load::{load, load_with};
pub use run::{RunOptions, run};
