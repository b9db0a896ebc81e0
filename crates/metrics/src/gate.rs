//! The metrics gate, top to bottom: config types, validation, evaluation, result.
//!
//! One check per metric named in `thresholds`, with id `<gate>.<metric>`. Rules (MLflow's
//! model-validation semantics, and DESIGN.md):
//! - `min`/`max` are inclusive bounds on the current value.
//! - `direction` is `higher` or `lower`; when left out it is inferred from `min` (higher) or
//!   `max` (lower). A regression bound needs a direction, and a `baseline` file.
//! - worsening = `baseline - current` (higher is better) or `current - baseline` (lower is
//!   better). `max_regression` bounds it in the metric's units, `max_regression_rel` as a fraction
//!   of `|baseline|`; with a zero baseline any worsening breaches a relative bound (said so, never a
//!   division by zero). Equality passes: differences are compared with a tolerance of 1e-12
//!   relative to the values, so `0.90 - 0.89` meets `max_regression: 0.01`.
//! - A metric missing from the current file, or NaN or infinite, is a breach, never a pass; one
//!   missing from the baseline breaches a regression bound (it cannot be checked).
//! - A value that is not a number at all (a string, a mapping) is an `error`: the input is wrong.
//! - Every breach gets the metric's `severity` (`fail` by default, or `warn`).

use indexmap::IndexMap;
use mlgate_core::report::{finite, format_rounded, format_signed, number_value};
use mlgate_core::{CheckResult, Error, Inputs, Severity, Status};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::files::{Lookup, MetricFile, split_path};

// ---- config ----------------------------------------------------------------------------------

/// A metrics gate: model metrics from a file, against thresholds and against a baseline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MetricsGateConfig {
    /// A gate name of letters, digits, `_` and `-`, unique in the file. Check ids are `<name>.<metric>`.
    #[schemars(regex(pattern = r"^[A-Za-z0-9_-]+$"))]
    pub name: String,
    /// Metric file of the candidate model, relative to this config: JSON, YAML or TOML (dotted
    /// paths), CSV/TSV (`name,value` rows) or an MLflow run directory.
    #[schemars(length(min = 1))]
    pub current: String,
    /// Metric file of the model to compare against (usually main's), in the same formats.
    /// Needed by `max_regression` and `max_regression_rel`; shown as a delta otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1))]
    pub baseline: Option<String>,
    /// Bounds per metric. Keys are metric names: dotted paths into JSON/YAML/TOML files
    /// (`eval.auc`; quote a segment holding dots: `'"val.acc".mean'`), literal names for CSV and MLflow.
    #[schemars(extend("minProperties" = 1))]
    pub thresholds: IndexMap<String, Threshold>,
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
}

/// Which way a metric is better: `higher` or `lower`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Higher,
    Lower,
}

impl Direction {
    fn as_str(self) -> &'static str {
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

    fn has_regression_bound(&self) -> bool {
        self.max_regression.is_some() || self.max_regression_rel.is_some()
    }

    /// Names of the regression bounds that are set, for messages.
    fn regression_bound_names(&self) -> String {
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

// ---- validation ------------------------------------------------------------------------------

/// A rule the JSON Schema cannot express, broken: where (a JSON pointer relative to the gate,
/// `/thresholds/accuracy/min`) and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigProblem {
    pub pointer: String,
    pub message: String,
}

impl MetricsGateConfig {
    /// Checks the rules the schema cannot: bounds in order, a direction and a baseline where a
    /// regression bound needs them, metric names that parse as paths.
    pub fn validate(&self) -> Vec<ConfigProblem> {
        let mut problems = Vec::new();
        for (name, t) in &self.thresholds {
            let at = |field: &str| format!("/thresholds/{}{field}", name.replace('~', "~0").replace('/', "~1"));
            let mut problem = |pointer: String, message: String| problems.push(ConfigProblem { pointer, message });
            if let Err(why) = split_path(name) {
                problem(at(""), format!("{why}; expected a dotted path such as `eval.auc`"));
            }
            if let (Some(min), Some(max)) = (t.min, t.max)
                && min > max
            {
                problem(
                    at("/min"),
                    format!("min {min} is greater than max {max}; expected min <= max"),
                );
            }
            if t.has_regression_bound() {
                if t.direction().is_none() {
                    problem(
                        at(""),
                        format!(
                            "{} needs to know which way is better, and it cannot be inferred \
                             (it is when only one of min and max is set); expected `direction: higher` or `direction: lower`",
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

// ---- evaluation ------------------------------------------------------------------------------

/// An input error, with the config field (`current` or `baseline`) that named the file.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceError {
    pub field: &'static str,
    pub error: Error,
}

impl MetricsGateConfig {
    /// Reads the metric files and judges every threshold, in config order.
    pub fn evaluate(&self, inputs: &dyn Inputs) -> Result<Vec<CheckResult>, SourceError> {
        let current = MetricFile::load(&self.current, inputs).map_err(|error| SourceError {
            field: "current",
            error,
        })?;
        let baseline = match &self.baseline {
            Some(path) => Some(MetricFile::load(path, inputs).map_err(|error| SourceError {
                field: "baseline",
                error,
            })?),
            None => None,
        };
        Ok(self
            .thresholds
            .iter()
            .map(|(name, threshold)| {
                let observed = current.get(name);
                let base = baseline.as_ref().map(|b| (b.get(name), b.path.as_str()));
                judge(&self.name, name, threshold, observed, &current.path, base)
            })
            .collect())
    }
}

/// Judges one metric: its current value against its bounds and, when there is one, its baseline.
fn judge(
    gate: &str,
    name: &str,
    t: &Threshold,
    observed: Lookup,
    current_path: &str,
    baseline: Option<(Lookup, &str)>,
) -> CheckResult {
    let severity = t.severity.unwrap_or_default();
    let mut check = CheckResult {
        id: format!("{gate}.{name}"),
        check: "threshold".into(),
        metric: Some(name.to_string()),
        severity: Some(severity),
        expected: Some(expected(t)),
        ..CheckResult::default()
    };
    let finish = |mut check: CheckResult, status: Status, message: String| {
        check.status = status;
        check.message = message;
        check
    };

    let value = match observed {
        Lookup::Number(v) => v,
        Lookup::Missing { hint } => {
            let hint = hint.map(|h| format!("; {h}")).unwrap_or_default();
            return finish(
                check,
                severity.breach_status(),
                format!("{name} not found in {current_path}{hint}"),
            );
        }
        Lookup::NotNumber(what) => {
            return finish(
                check,
                Status::Error,
                format!("{name} in {current_path} is {what}; expected a number"),
            );
        }
    };
    check.observed = Some(number_value(value));
    if !value.is_finite() {
        return finish(
            check,
            severity.breach_status(),
            format!(
                "{name} is {} in {current_path}; a metric must be a finite number",
                format_rounded(value)
            ),
        );
    }

    // The baseline value, when there is a usable one; otherwise why there is none.
    let base: Result<f64, String> = match baseline {
        None => Err(String::new()),
        Some((Lookup::Number(b), _)) if b.is_finite() => Ok(b),
        Some((Lookup::Number(b), path)) => Err(format!("baseline is {} in {path}", format_rounded(b))),
        Some((Lookup::Missing { .. }, path)) => Err(format!("not in the baseline file {path}")),
        Some((Lookup::NotNumber(what), path)) => {
            return finish(
                check,
                Status::Error,
                format!("{name} in the baseline file {path} is {what}; expected a number"),
            );
        }
    };
    if let Ok(b) = base {
        check.baseline = Some(number_value(b));
        check.delta = finite(value - b);
        check.delta_rel = if b != 0.0 { finite((value - b) / b.abs()) } else { None };
    }

    let mut breaches = Vec::new();
    if let Some(min) = t.min
        && value < min
    {
        breaches.push(format!("{value} is below min {min}"));
    }
    if let Some(max) = t.max
        && value > max
    {
        breaches.push(format!("{value} is above max {max}"));
    }
    if let (true, Some(direction)) = (t.has_regression_bound(), t.direction()) {
        match &base {
            Ok(b) => breaches.extend(regressions(t, direction, value, *b)),
            Err(why) => breaches.push(format!("{why}, so {} cannot be checked", t.regression_bound_names())),
        }
    }

    if breaches.is_empty() {
        let bounds = bound_list(t);
        let mut message = if bounds.is_empty() {
            format!("{value} (no bounds set)")
        } else {
            format!("{value} meets {bounds}")
        };
        if let Ok(b) = base {
            message.push_str(&format!(" (baseline {b}, delta {})", format_signed(value - b)));
        }
        finish(check, Status::Pass, message)
    } else {
        finish(check, severity.breach_status(), breaches.join("; "))
    }
}

/// Breaches of the regression bounds, if any.
fn regressions(t: &Threshold, direction: Direction, value: f64, base: f64) -> Vec<String> {
    let worsening = match direction {
        Direction::Higher => base - value,
        Direction::Lower => value - base,
    };
    // Differences carry rounding error (0.90 - 0.89 = 0.010000000000000009): a bound met
    // exactly in decimal must pass.
    let tolerance = 1e-12 * value.abs().max(base.abs());
    let mut out = Vec::new();
    if let Some(allowed) = t.max_regression
        && worsening - allowed > tolerance
    {
        out.push(format!(
            "worse than baseline {base} by {} (max_regression {allowed})",
            format_rounded(worsening)
        ));
    }
    if let Some(allowed_rel) = t.max_regression_rel {
        if base == 0.0 {
            if worsening > tolerance {
                out.push(format!(
                    "worse than baseline 0 by {}; with a zero baseline any worsening exceeds max_regression_rel",
                    format_rounded(worsening)
                ));
            }
        } else if worsening - allowed_rel * base.abs() > tolerance {
            out.push(format!(
                "worse than baseline {base} by {}% (max_regression_rel {allowed_rel} = {}%)",
                format_rounded(100.0 * worsening / base.abs()),
                format_rounded(100.0 * allowed_rel)
            ));
        }
    }
    out
}

// ---- result ----------------------------------------------------------------------------------

/// The bounds as the report's `expected` object.
fn expected(t: &Threshold) -> Map<String, Value> {
    let mut m = Map::new();
    if let Some(d) = t.direction() {
        m.insert("direction".into(), Value::from(d.as_str()));
    }
    for (key, bound) in [
        ("min", t.min),
        ("max", t.max),
        ("max_regression", t.max_regression),
        ("max_regression_rel", t.max_regression_rel),
    ] {
        if let Some(x) = bound {
            m.insert(key.into(), number_value(x));
        }
    }
    m
}

fn bound_list(t: &Threshold) -> String {
    [
        t.min.map(|x| format!("min {x}")),
        t.max.map(|x| format!("max {x}")),
        t.max_regression.map(|x| format!("max_regression {x}")),
        t.max_regression_rel.map(|x| format!("max_regression_rel {x}")),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(", ")
}

#[cfg(test)]
mod tests;
