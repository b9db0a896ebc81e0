//! The `metrics:` section of `mlgate.yaml`: the config types of a metrics gate, the names of
//! the metrics it can compute from predictions and the syntax of metric paths, and the rules its
//! JSON Schema cannot express.
//!
//! Any other file of the crate may read these types; this one reads none of them.

use indexmap::IndexMap;
use mlgate_core::report::format_rounded;
use mlgate_core::yaml::PositionIndex;
use mlgate_core::{ConfigProblem, FileRef, Severity};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A metrics gate: model metrics from a file, against thresholds and against a baseline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MetricsGateConfig {
    /// A gate name of letters, digits, `_` and `-`, unique in the file. Check ids are `<name>.<metric>`.
    #[schemars(regex(pattern = r"^[A-Za-z0-9_-]+$"))]
    pub name: String,
    /// Metric file of the candidate model: a path, `{git: REF, path: P}` or `{mlflow: {...}}`. A
    /// path is relative to this config: JSON, YAML or TOML (dotted paths), CSV/TSV (`name,value`
    /// rows) or an MLflow run directory; `{mlflow: ...}` is a run's metrics on an MLflow tracking
    /// server. Needed unless every threshold reads `source: predictions`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current: Option<FileRef>,
    /// Metric file of the model to compare against (usually main's), in the same formats: a
    /// path, `{git: REF, path: P}` for the file as it is at a git revision, or `{mlflow: {...}}`
    /// (the registered champion: `{mlflow: {model: churn, alias: champion}}`).
    /// Needed by `max_regression` and `max_regression_rel`; shown as a delta otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<FileRef>,
    /// Bounds per metric. Keys are metric names: dotted paths into JSON/YAML/TOML files
    /// (`eval.auc`; quote a segment holding dots: `'"val.acc".mean'`), literal names for CSV and MLflow.
    #[schemars(extend("minProperties" = 1))]
    pub thresholds: IndexMap<String, Threshold>,
    /// Per-example predictions: metrics computed from them (thresholds with `source: predictions`),
    /// their bootstrap intervals, and a significance test against main's predictions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub predictions: Option<PredictionsConfig>,
}

/// Where a threshold's metric comes from: the metric `file` (default) or computed from `predictions`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MetricSource {
    #[default]
    File,
    Predictions,
}

/// Which value `min` and `max` apply to: the `point` estimate (default), the interval's lower end
/// (`lower_ci`, for `min`) or its upper end (`upper_ci`, for `max`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum BoundKind {
    #[default]
    Point,
    LowerCi,
    UpperCi,
}

/// Bounds for one metric. Every bound is optional; a metric with none must still be present and finite.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Threshold {
    /// Which way is better: `higher` or `lower`. Inferred from `min` (higher) or `max` (lower) when only one is given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<Direction>,
    /// Smallest allowed value (inclusive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    /// Largest allowed value (inclusive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    /// Largest allowed worsening against the baseline, in the metric's own units.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub max_regression: Option<f64>,
    /// Largest allowed worsening against the baseline, as a fraction of |baseline| (0.1 = 10%).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub max_regression_rel: Option<f64>,
    /// What a breach does: `fail` (default) or `warn`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<Severity>,
    /// `file` (default) or `predictions`: compute the metric from the gate's `predictions`
    /// (accuracy, balanced_accuracy, precision, recall, f1, roc_auc, pr_auc, log_loss, brier, mae, rmse, r2, mape,
    /// and with `sensitive` demographic_parity_difference, demographic_parity_ratio,
    /// equalized_odds_difference, equalized_odds_ratio).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<MetricSource>,
    /// For computed metrics: `point` (default), `lower_ci` (min applies to the interval's lower end)
    /// or `upper_ci` (max applies to its upper end).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bound: Option<BoundKind>,
    /// For computed metrics: judge every slice of `predictions.slices` with these bounds too
    /// (a check per slice, `<gate>.<metric>[<column>=<value>]`; regressions corrected across slices).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_slice: Option<bool>,
    /// For computed metrics: the largest allowed gap between the best and the worst slice of each
    /// `slices.by` entry, in the metric's units.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub max_slice_gap: Option<f64>,
    /// For the parity metrics (`demographic_parity_difference`, `demographic_parity_ratio`,
    /// `equalized_odds_difference`, `equalized_odds_ratio`): the column of the predictions that
    /// holds the sensitive feature (its values are the groups).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1))]
    pub sensitive: Option<String>,
}

/// Which way a metric is better: `higher` or `lower`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Higher,
    Lower,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Higher => "higher",
            Direction::Lower => "lower",
        }
    }
}

impl Threshold {
    /// The explicit direction, else the one `min` or `max` implies (none when both or neither are set).
    pub fn direction(&self) -> Option<Direction> {
        self.direction.or(match (self.min, self.max) {
            (Some(_), None) => Some(Direction::Higher),
            (None, Some(_)) => Some(Direction::Lower),
            _ => None,
        })
    }

    /// Whether the metric is computed from the gate's predictions (`source: predictions`).
    pub fn computed(&self) -> bool {
        self.source == Some(MetricSource::Predictions)
    }

    /// The direction: explicit or inferred from `min`/`max`, else for computed metrics which way
    /// the metric is better, else the one a well-known name says ([`direction_by_name`]).
    pub fn effective_direction(&self, name: &str) -> Option<Direction> {
        self.direction()
            .or_else(|| {
                (self.computed() && kind(name).is_some()).then(|| {
                    if higher_is_better(name) {
                        Direction::Higher
                    } else {
                        Direction::Lower
                    }
                })
            })
            .or_else(|| direction_by_name(name).map(|(d, _)| d))
    }

    /// The word of the metric's name the direction was taken from, when nothing else set it (the
    /// report says so: "higher is better for `f1`, by its name").
    pub fn direction_from_name(&self, name: &str) -> Option<&'static str> {
        let decided = self.direction().is_some() || (self.computed() && kind(name).is_some());
        (!decided)
            .then(|| direction_by_name(name).map(|(_, word)| word))
            .flatten()
    }

    /// Whether a bound against the baseline is set.
    pub fn has_regression_bound(&self) -> bool {
        self.max_regression.is_some() || self.max_regression_rel.is_some()
    }

    /// Names of the regression bounds that are set, for messages.
    pub fn regression_bound_names(&self) -> String {
        let names: Vec<&str> = [
            self.max_regression.map(|_| "max_regression"),
            self.max_regression_rel.map(|_| "max_regression_rel"),
        ]
        .into_iter()
        .flatten()
        .collect();
        names.join(" and ")
    }
}

/// The `predictions:` block of a metrics gate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PredictionsConfig {
    /// Per-example predictions of the candidate model: CSV, Parquet or JSON Lines, one row per
    /// example; a path, or `{mlflow: {..., artifact: PATH}}`, a file the run logged.
    pub current: FileRef,
    /// Predictions of the model on main for the same examples, for the significance test.
    /// A path, `{git: REF, path: P}` for the file at a git revision, or `{mlflow: {...,
    /// artifact: PATH}}` (the champion's predictions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<FileRef>,
    /// Column that identifies an example, to join current and baseline rows (default: row order).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_column: Option<String>,
    /// Column of true labels (classes) or targets (regression).
    #[schemars(length(min = 1))]
    pub label_column: String,
    /// Column of predictions: a class, a score or probability of the positive class, or a number.
    #[schemars(length(min = 1))]
    pub prediction_column: String,
    /// Confidence level of the intervals (default 0.95).
    #[serde(default = "default_confidence")]
    #[schemars(range(min = 0.5, max = 0.999999))]
    pub confidence: f64,
    /// How precision, recall and f1 combine classes: `binary`, `macro`, `micro` or `weighted`
    /// (default: binary with two classes, macro with more).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub average: Option<AverageKind>,
    /// The positive class of binary metrics, as written in the label column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub positive_label: Option<String>,
    /// Score at or above which a prediction counts as the positive class, for label metrics on scores (default 0.5).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threshold: Option<f64>,
    /// Bootstrap resamples for the intervals (default 2000).
    #[serde(default = "default_resamples")]
    #[schemars(range(min = 100))]
    pub resamples: usize,
    /// Bootstrap seed (default 0): the same seed gives the same intervals everywhere.
    #[serde(default)]
    pub seed: u64,
    /// Segments of the examples to judge apart: thresholds with `per_slice` or `max_slice_gap` read them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slices: Option<SlicesConfig>,
}

/// The `slices:` block of `predictions:`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SlicesConfig {
    /// Columns of the current predictions to slice by: a column (`country`: a slice per value) or a
    /// crossing (`[device, plan]`: a slice per combination of values).
    #[schemars(length(min = 1))]
    pub by: Vec<SliceBy>,
    /// Slices with fewer examples are reported, not judged (default 30).
    #[serde(default = "default_min_support")]
    #[schemars(range(min = 1))]
    pub min_support: u64,
}

/// One entry of `slices.by`: a column, or a crossing of columns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum SliceBy {
    Column(#[schemars(length(min = 1))] String),
    Crossing(#[schemars(length(min = 1))] Vec<String>),
}

impl SliceBy {
    /// The columns, in the order written.
    pub fn columns(&self) -> Vec<&str> {
        match self {
            SliceBy::Column(c) => vec![c.as_str()],
            SliceBy::Crossing(cs) => cs.iter().map(String::as_str).collect(),
        }
    }

    /// How reports name the entry: `country`, `device×plan`.
    pub fn label(&self) -> String {
        self.columns().join("×")
    }
}

fn default_min_support() -> u64 {
    30
}

fn default_confidence() -> f64 {
    0.95
}
fn default_resamples() -> usize {
    2000
}

/// `binary`, `macro`, `micro` or `weighted`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AverageKind {
    Binary,
    Macro,
    Micro,
    Weighted,
}

// ---- metric names --------------------------------------------------------------------------

/// Which kind of predictions a metric reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Predicted class labels.
    Label,
    /// A score or probability of the positive class.
    Score,
    /// A numeric prediction of a numeric target.
    Regression,
    /// Predicted classes compared across the groups of a sensitive feature (fairlearn's parity metrics).
    Parity,
}

/// Every metric mlgate computes, by name.
pub const METRICS: [&str; 17] = [
    "accuracy",
    "balanced_accuracy",
    "precision",
    "recall",
    "f1",
    "roc_auc",
    "pr_auc",
    "log_loss",
    "brier",
    "mae",
    "rmse",
    "r2",
    "mape",
    "demographic_parity_difference",
    "demographic_parity_ratio",
    "equalized_odds_difference",
    "equalized_odds_ratio",
];

/// The kind of a metric name, or None when mlgate does not compute it.
pub fn kind(metric: &str) -> Option<Kind> {
    match metric {
        "accuracy" | "balanced_accuracy" | "precision" | "recall" | "f1" => Some(Kind::Label),
        "roc_auc" | "pr_auc" | "log_loss" | "brier" => Some(Kind::Score),
        "mae" | "rmse" | "r2" | "mape" => Some(Kind::Regression),
        "demographic_parity_difference"
        | "demographic_parity_ratio"
        | "equalized_odds_difference"
        | "equalized_odds_ratio" => Some(Kind::Parity),
        _ => None,
    }
}

/// Which way a metric is better, from a well-known word of its name — scikit-learn's scorers,
/// losses and errors, and service metrics — and the word that said so. Words are split at
/// anything but letters and digits (`val_f1_macro`, `eval.auc`); a word counts when it is one of
/// these, or one of these with an `s` (`errors`, `losses`). Lower-is-better words win: `error_rate`
/// is an error. `None` for a name with none of them.
pub fn direction_by_name(name: &str) -> Option<(Direction, &'static str)> {
    const LOWER: &[&str] = &[
        "loss",
        "error",
        "err",
        "mse",
        "mae",
        "rmse",
        "mape",
        "smape",
        "msle",
        "rmsle",
        "brier",
        "perplexity",
        "wer",
        "cer",
        "fpr",
        "fnr",
        "latency",
        "duration",
        "time",
        "seconds",
        "ms",
        "regret",
        "cost",
    ];
    const HIGHER: &[&str] = &[
        "accuracy",
        "acc",
        "f1",
        "fbeta",
        "auc",
        "roc",
        "precision",
        "recall",
        "r2",
        "ndcg",
        "map",
        "mrr",
        "score",
        "mcc",
        "kappa",
        "jaccard",
        "iou",
        "dice",
        "specificity",
        "sensitivity",
        "tpr",
        "tnr",
        "bleu",
        "rouge",
        "throughput",
        "qps",
        "rps",
        "hit",
        "coverage",
    ];
    let lower = name.to_ascii_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let hit = |table: &'static [&'static str]| {
        words.iter().find_map(|w| {
            table
                .iter()
                .find(|t| *w == **t || w.strip_suffix('s') == Some(**t) || w.strip_suffix("es") == Some(**t))
                .copied()
        })
    };
    hit(LOWER)
        .map(|w| (Direction::Lower, w))
        .or_else(|| hit(HIGHER).map(|w| (Direction::Higher, w)))
}

/// Whether larger values of a computed metric are better.
pub fn higher_is_better(metric: &str) -> bool {
    !matches!(
        metric,
        "log_loss" | "brier" | "mae" | "rmse" | "mape" | "demographic_parity_difference" | "equalized_odds_difference"
    )
}

/// Splits a metric path into segments: `a.b`, `"a.b".c` (quotes keep dots).
pub fn split_path(name: &str) -> Result<Vec<String>, String> {
    let mut segments = Vec::new();
    let mut chars = name.chars().peekable();
    loop {
        let mut seg = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            loop {
                match chars.next() {
                    Some('"') => break,
                    Some(c) => seg.push(c),
                    None => return Err(format!("unclosed quote in metric name {name:?}")),
                }
            }
            match chars.next() {
                None => {
                    segments.push(seg);
                    return Ok(segments);
                }
                Some('.') => {}
                Some(c) => {
                    return Err(format!("expected `.` after a quoted segment in {name:?}, found {c:?}"));
                }
            }
        } else {
            loop {
                match chars.next() {
                    None => {
                        if seg.is_empty() {
                            return Err(format!("empty segment in metric name {name:?}"));
                        }
                        segments.push(seg);
                        return Ok(segments);
                    }
                    Some('.') => break,
                    Some(c) => seg.push(c),
                }
            }
            if seg.is_empty() {
                return Err(format!("empty segment in metric name {name:?}"));
            }
        }
        segments.push(seg);
    }
}

// ---- validation ------------------------------------------------------------------------------

impl MetricsGateConfig {
    /// Checks the rules the schema cannot: bounds in order, a direction and a baseline where a
    /// regression bound needs them, metric names that parse as paths.
    ///
    /// Long on purpose: each rule a threshold can break, in one pass over the thresholds.
    #[allow(
        clippy::too_many_lines,
        reason = "each rule a threshold can break, in one pass over the thresholds"
    )]
    pub fn validate(&self) -> Vec<ConfigProblem> {
        let mut problems = Vec::new();
        let predictions = self.predictions.as_ref();
        let files = [
            ("/current", self.current.as_ref()),
            ("/baseline", self.baseline.as_ref()),
            ("/predictions/current", predictions.map(|p| &p.current)),
            ("/predictions/baseline", predictions.and_then(|p| p.baseline.as_ref())),
        ];
        for (pointer, file) in files {
            let Some(FileRef::Mlflow(m)) = file else { continue };
            if let Some(problem) = m.mlflow.problem() {
                problems.push(ConfigProblem::new(format!("{pointer}/mlflow"), problem));
            } else if pointer.starts_with("/predictions") && m.mlflow.artifact.is_none() {
                problems.push(ConfigProblem::new(
                    format!("{pointer}/mlflow"),
                    "predictions are a file the run logged; expected `artifact: PATH` (preds/test.parquet)",
                ));
            }
        }
        // Two entries (or columns of a crossing) alike would give two checks one id.
        if let Some(slices) = self.predictions.as_ref().and_then(|p| p.slices.as_ref()) {
            let mut seen: Vec<Vec<&str>> = Vec::new();
            for (i, entry) in slices.by.iter().enumerate() {
                let mut columns = entry.columns();
                let at = format!("/predictions/slices/by/{i}");
                if let Some(twice) = columns.iter().enumerate().find(|(k, c)| columns[..*k].contains(c)) {
                    problems.push(ConfigProblem::new(
                        at,
                        format!("the crossing names {:?} twice; expected each column once", twice.1),
                    ));
                    continue;
                }
                columns.sort_unstable();
                if seen.contains(&columns) {
                    problems.push(ConfigProblem::new(
                        at,
                        format!("{} is listed twice; expected each slicing once", entry.label()),
                    ));
                }
                seen.push(columns);
            }
        }
        for (name, t) in &self.thresholds {
            let entry = PositionIndex::child("/thresholds", name);
            let at = |field: &str| format!("{entry}{field}");
            // A problem with the whole threshold is shown at its name.
            let mut problem = |pointer: String, message: String| {
                problems.push(match pointer == entry {
                    true => ConfigProblem::entry(pointer, message),
                    false => ConfigProblem::new(pointer, message),
                });
            };
            if let Err(why) = split_path(name) {
                problem(at(""), format!("{why}; expected a dotted path such as `eval.auc`"));
            }
            if let (Some(min), Some(max)) = (t.min, t.max)
                && min > max
            {
                problem(
                    at("/min"),
                    format!(
                        "min {} is greater than max {}; expected min <= max",
                        format_rounded(min),
                        format_rounded(max)
                    ),
                );
            }
            if t.computed() {
                if kind(name).is_none() {
                    problem(
                        at(""),
                        format!(
                            "{name:?} is not a metric mlgate computes; expected one of {}",
                            METRICS.join(", ")
                        ),
                    );
                }
                if self.predictions.is_none() {
                    problem(
                        at("/source"),
                        "`source: predictions` needs a `predictions:` block on the gate".into(),
                    );
                }
                // An interval end applies to one bound only: the other would silently take the
                // point estimate.
                let (end, applies_to, other) = match t.bound {
                    Some(BoundKind::LowerCi) => ("lower_ci", ("min", t.min.is_some()), ("max", t.max.is_some())),
                    Some(BoundKind::UpperCi) => ("upper_ci", ("max", t.max.is_some()), ("min", t.min.is_some())),
                    _ => ("point", ("", true), ("", false)),
                };
                if other.1 {
                    problem(
                        at(&format!("/{}", other.0)),
                        format!(
                            "`bound: {end}` applies to `{}` only (the interval's {} end); `{}` would be compared with \
                             the point estimate; expected `{}` alone, or `bound: point`",
                            applies_to.0,
                            if end == "lower_ci" { "lower" } else { "upper" },
                            other.0,
                            applies_to.0
                        ),
                    );
                } else if !applies_to.1 {
                    problem(
                        at("/bound"),
                        format!(
                            "`bound: {end}` applies to `{0}`, but there is no `{0}`; expected `{0}:` beside it",
                            applies_to.0
                        ),
                    );
                }
                if t.has_regression_bound() && self.predictions.as_ref().is_some_and(|p| p.baseline.is_none()) {
                    problem(
                        at(if t.max_regression.is_some() {
                            "/max_regression"
                        } else {
                            "/max_regression_rel"
                        }),
                        format!(
                            "{} compares with main's predictions, but there are none; expected `baseline:` under `predictions:`",
                            t.regression_bound_names()
                        ),
                    );
                }
            } else {
                if t.bound.is_some() {
                    problem(
                        at("/bound"),
                        "`bound` applies to computed metrics only; expected `source: predictions`".into(),
                    );
                }
                if self.current.is_none() {
                    problem(
                        at(""),
                        format!(
                            "{name:?} is read from the metric file, but the gate has no `current:`; expected `current:` or `source: predictions`"
                        ),
                    );
                }
            }
            let slicing = [
                ("per_slice", t.per_slice == Some(true)),
                ("max_slice_gap", t.max_slice_gap.is_some()),
            ];
            for (field, set) in slicing {
                if !set {
                    continue;
                }
                if !t.computed() {
                    problem(
                        at(&format!("/{field}")),
                        format!("`{field}` applies to computed metrics only; expected `source: predictions`"),
                    );
                } else if kind(name) == Some(Kind::Parity) {
                    problem(
                        at(&format!("/{field}")),
                        format!("{name} already compares the groups of `sensitive`; `{field}` does not apply to it"),
                    );
                } else if self.predictions.as_ref().is_some_and(|p| p.slices.is_none()) {
                    problem(
                        at(&format!("/{field}")),
                        format!(
                            "`{field}` judges slices, but there are none; expected `slices: {{by: [COLUMN]}}` under `predictions:`"
                        ),
                    );
                }
            }
            match (kind(name) == Some(Kind::Parity) && t.computed(), &t.sensitive) {
                (true, None) => problem(
                    at(""),
                    format!("{name} compares groups, but names no column holding them; expected `sensitive: COLUMN`"),
                ),
                (false, Some(_)) => problem(
                    at("/sensitive"),
                    format!(
                        "`sensitive` applies to the parity metrics computed from predictions ({}) only",
                        METRICS
                            .iter()
                            .filter(|m| kind(m) == Some(Kind::Parity))
                            .copied()
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ),
                _ => {}
            }
            if t.has_regression_bound() && t.computed() {
                if t.effective_direction(name).is_none() {
                    problem(
                        at(""),
                        format!(
                            "{} needs a direction; expected `direction: higher` or `direction: lower`",
                            t.regression_bound_names()
                        ),
                    );
                }
            } else if t.has_regression_bound() {
                if t.effective_direction(name).is_none() {
                    problem(
                        at(""),
                        format!(
                            "{} needs to know which way is better, and it cannot be inferred \
                             (it is when only one of min and max is set, or from a well-known name \
                             such as accuracy, f1, loss or latency); expected `direction: higher` or `direction: lower`",
                            t.regression_bound_names()
                        ),
                    );
                }
                if self.baseline.is_none() {
                    let field = if t.max_regression.is_some() {
                        "/max_regression"
                    } else {
                        "/max_regression_rel"
                    };
                    problem(
                        at(field),
                        format!(
                            "{} compares with a baseline, but the gate has none; expected `baseline:` on the gate",
                            t.regression_bound_names()
                        ),
                    );
                }
            }
        }
        problems
    }
}
