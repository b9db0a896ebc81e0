//! The canary gate: is the canary deployment statistically worse than the baseline?
//!
//! It keeps Kayenta's classification and scoring (NetflixACAJudge) so users can move over, and
//! adds what Kayenta lacks: p-values and intervals in the report, an exact test for error rates
//! (a zero-error baseline against errors in the canary is caught), multiple-comparison
//! correction across a gate's metrics, quantile comparisons, and always-valid p-values for
//! pipelines that look again and again.
//!
//! Read top to bottom:
//! - [`config`]: the config types (the `canary:` section of `mlgate.yaml`) and the rules the
//!   schema cannot express; any other module may read it, it reads none of them;
//! - [`sources`] turns sample files (CSV columns, JSON `{metric: [values]}`, Prometheus API
//!   responses) into per-metric samples;
//! - [`judge`] measures and classifies one metric (pass, high, low, nodata, error);
//! - [`gate`]: the gate's contract with the engine ([`mlgate_core::Gate`]): its inputs, and the
//!   evaluation that runs every metric, corrects p-values and scores the gate.

pub mod config;
pub mod gate;
pub mod judge;
pub mod sources;

pub use config::{CanaryGateConfig, MetricConfig, Source};
