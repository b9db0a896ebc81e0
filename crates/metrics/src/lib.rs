//! The metrics gate: model metrics against thresholds and against the baseline from main.
//!
//! What teams hand-write today as `evaluate.py --min-accuracy 0.85`, or get from MLflow's
//! `validate_evaluation_results`: a metric file of the candidate model (JSON, YAML, TOML, CSV or an
//! MLflow run directory) is checked metric by metric against `min`/`max` bounds and, with a
//! baseline file, against the largest allowed regression (absolute or relative).
//!
//! Read top to bottom:
//! - [`config`]: the config types (the `metrics:` section of `mlgate.yaml`), the names of the
//!   metrics it computes and the syntax of metric paths, and the rules the schema cannot
//!   express; any other module may read it, it reads none of them;
//! - [`files`] reads metric files into named numbers;
//! - [`scores`] computes standard model metrics from per-example predictions (sklearn's definitions);
//! - [`predictions`] reads prediction tables, bootstraps intervals and tests against main;
//! - [`slices`] splits the examples into slices by the values of columns;
//! - [`gate`]: the gate's contract with the engine ([`mlgate_core::Gate`]): its inputs, its
//!   evaluation and its check results.

pub mod config;
pub mod files;
pub mod gate;
pub mod predictions;
pub mod scores;
pub mod slices;

pub use config::{Direction, MetricsGateConfig, Threshold};
