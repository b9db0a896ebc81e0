//! The settings of a whole run (`settings:` in `mlgate.yaml`), which every gate reads.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::status::FailOn;

/// Settings for the whole run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Which verdict makes the exit code 1: `fail` (default), `warn` or `never`. `--fail-on` overrides it.
    #[serde(default)]
    pub fail_on: FailOn,
    /// Significance level of the tests against main's predictions (default 0.05).
    #[serde(default = "default_alpha")]
    #[schemars(range(min = 0.000001, max = 0.5))]
    pub alpha: f64,
    /// Default multiple-comparison correction across the statistical tests of one gate:
    /// `none`, `bonferroni`, `holm` (default) or `bh`.
    #[serde(default)]
    pub correction: Correction,
    /// Largest input file read, in MB (default 1024): a larger one is an error, before it is read.
    #[serde(default = "default_max_input_mb")]
    #[schemars(range(min = 1))]
    pub max_input_mb: u64,
    /// The MLflow tracking server that `{mlflow: ...}` sources read (else the environment's
    /// `MLFLOW_TRACKING_URI`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mlflow: Option<MlflowSettings>,
    /// The run's time in nanoseconds since the Unix epoch, which the host gives the run (not a
    /// key of the config): what `today` and `now` in date bounds mean.
    #[serde(skip)]
    #[schemars(skip)]
    pub now_ns: Option<i128>,
}

/// `settings.mlflow`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MlflowSettings {
    /// The server's URL (`http://127.0.0.1:5000`), or `databricks` for Databricks' hosted MLflow
    /// (`DATABRICKS_HOST` and `DATABRICKS_TOKEN`). Credentials never go here: they come from
    /// `MLFLOW_TRACKING_TOKEN`, or `MLFLOW_TRACKING_USERNAME` and `MLFLOW_TRACKING_PASSWORD`.
    #[schemars(length(min = 1))]
    pub tracking_uri: String,
}

fn default_max_input_mb() -> u64 {
    1024
}

fn default_alpha() -> f64 {
    0.05
}

impl Settings {
    /// `max_input_mb` in bytes.
    pub fn max_input_bytes(&self) -> u64 {
        self.max_input_mb.saturating_mul(1 << 20)
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            fail_on: FailOn::default(),
            alpha: default_alpha(),
            correction: Correction::default(),
            max_input_mb: default_max_input_mb(),
            mlflow: None,
            now_ns: None,
        }
    }
}

/// Multiple-comparison correction: `none`, `bonferroni`, `holm` or `bh` (Benjamini-Hochberg).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Correction {
    None,
    Bonferroni,
    #[default]
    Holm,
    Bh,
}

impl Correction {
    /// The stats crate's method of the same name, which computes the adjusted p-values.
    pub fn stats(self) -> mlgate_stats::multiple::Correction {
        use mlgate_stats::multiple::Correction as Method;
        match self {
            Correction::None => Method::None,
            Correction::Bonferroni => Method::Bonferroni,
            Correction::Holm => Method::Holm,
            Correction::Bh => Method::BenjaminiHochberg,
        }
    }
}
