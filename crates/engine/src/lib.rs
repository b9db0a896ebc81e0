//! The whole mlgate config, run end to end.
//!
//! - [`config`]: `mlgate.yaml` into typed structs, validated against the JSON Schema generated
//!   from those types, with every problem of a file reported at once at its line and column;
//! - [`schema`]: the JSON Schemas of the config and of the report (committed under `schemas/`);
//! - [`run`]: evaluate the gates a config declares over [`mlgate_core::Inputs`];
//! - [`render`]: the report as JSON or terminal text;
//! - [`adhoc`]: the configs behind one-off commands such as `mlgate metrics compare`;
//! - [`fs_inputs`]: the native host's inputs, read from the file system;
//! - [`host`]: what any host must read before a run (files, live queries).
//!
//! Both shells (the CLI and the wasm Action) call this crate, so they judge alike.

pub mod adhoc;
pub mod config;
pub mod fs_inputs;
pub mod host;
pub mod render;
pub mod run;
pub mod schema;

pub use config::{Config, LoadedConfig, Settings};
pub use fs_inputs::{FsInputs, workspace_of};
pub use run::{RunOptions, run};
