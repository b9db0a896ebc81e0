//! The metrics gate: model metrics against thresholds and against the baseline from main.
//!
//! What teams hand-write today as `evaluate.py --min-accuracy 0.85`, or get from MLflow's
//! `validate_evaluation_results`: a metric file of the candidate model (JSON, YAML, TOML, CSV or an
//! MLflow run directory) is checked metric by metric against `min`/`max` bounds and, with a
//! baseline file, against the largest allowed regression (absolute or relative).
//!
//! - [`files`] reads metric files into named numbers;
//! - [`scores`] computes standard model metrics from per-example predictions (sklearn's definitions);
//! - [`predictions`] reads prediction tables, bootstraps intervals and tests against main;
//! - [`gate`] holds the gate's config types, its evaluation and its check results.

pub mod files;
pub mod gate;
pub mod predictions;
pub mod scores;

pub use gate::{ConfigProblem, Direction, MetricsGateConfig, SourceError, Threshold};
