//! The metrics gate, top to bottom: what it reads, how it judges each metric, and its result
//! (its config is `config.rs`).
//!
//! One check per metric named in `thresholds`, with id `<gate>.<metric>`. Rules (MLflow's
//! model-validation semantics):
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

use mlgate_core::report::{finite, format_rounded, format_signed, number_value};
use mlgate_core::yaml::PositionIndex;
use mlgate_core::{
    CheckResult, ConfigProblem, DeclaredInput, Error, Gate, GateKind, GateReport, Inputs, Settings, SourceError, Status,
};
use serde_json::{Map, Value};

use crate::config::{BoundKind, Direction, MetricsGateConfig, PredictionsConfig, Threshold};
use crate::files::{Lookup, MetricFile};
use crate::predictions::{self, Table};

impl Gate for MetricsGateConfig {
    fn name(&self) -> &str {
        &self.name
    }

    fn kind(&self) -> GateKind {
        GateKind::Metrics
    }

    fn validate(&self) -> Vec<ConfigProblem> {
        MetricsGateConfig::validate(self)
    }

    /// The metric files (current, baseline), then the predictions (current, baseline).
    fn inputs(&self) -> Vec<DeclaredInput> {
        let mut out = Vec::new();
        out.extend(self.current.as_deref().map(|p| DeclaredInput::path("/current", p)));
        out.extend(self.baseline.clone().map(|f| DeclaredInput::file("/baseline", f)));
        if let Some(p) = &self.predictions {
            out.push(DeclaredInput::path("/predictions/current", &p.current));
            out.extend(
                p.baseline
                    .clone()
                    .map(|f| DeclaredInput::file("/predictions/baseline", f)),
            );
        }
        out
    }

    /// Reads the metric files (and predictions) and judges every threshold, in config order.
    /// The settings' `alpha` is the significance level of the tests against main's predictions.
    fn evaluate(&self, inputs: &dyn Inputs, settings: &Settings) -> Result<GateReport, SourceError> {
        let checks = self.checks(inputs, settings.alpha)?;
        Ok(GateReport::from_checks(&self.name, self.kind(), checks))
    }
}

// ---- evaluation ------------------------------------------------------------------------------

impl MetricsGateConfig {
    /// Every threshold's check, in config order.
    fn checks(&self, inputs: &dyn Inputs, alpha: f64) -> Result<Vec<CheckResult>, SourceError> {
        let needs_file = self.thresholds.values().any(|t| !t.computed());
        let load =
            |path: &str, pointer: &str| MetricFile::load(path, inputs).map_err(|error| SourceError::at(pointer, error));
        let current = match (&self.current, needs_file) {
            (Some(path), true) => Some(load(path, "/current")?),
            _ => None,
        };
        let baseline = match (&self.baseline, needs_file) {
            (Some(file), true) => Some(load(&file.key(), "/baseline")?),
            _ => None,
        };
        let tables = match &self.predictions {
            Some(p) if self.thresholds.values().any(Threshold::computed) => Some(read_predictions(p, inputs)?),
            _ => None,
        };
        let mut checks = Vec::with_capacity(self.thresholds.len());
        for (name, threshold) in &self.thresholds {
            let mut check = match (&current, &tables, &self.predictions) {
                (_, Some((cur, base)), Some(config)) if threshold.computed() => {
                    judge_computed(&self.name, name, threshold, cur, base.as_ref(), config, alpha)
                        .map_err(|error| SourceError::at("/predictions", error))?
                }
                (Some(current), _, _) => {
                    let observed = current.get(name);
                    let base = baseline.as_ref().map(|b| (b.get(name), b.path.as_str()));
                    judge(&self.name, name, threshold, observed, &current.path, base)
                }
                // validate() rejects these configs; keep evaluation total anyway.
                _ => CheckResult {
                    id: format!("{}.{name}", self.name),
                    check: "threshold".into(),
                    status: Status::Error,
                    message: "no metric file or predictions to read this metric from".into(),
                    ..CheckResult::default()
                },
            };
            check.pointer = Some(PositionIndex::child("/thresholds", name));
            checks.push(check);
        }
        Ok(checks)
    }
}

/// The current predictions table and, when declared, main's aligned to it.
fn read_predictions(config: &PredictionsConfig, inputs: &dyn Inputs) -> Result<(Table, Option<Table>), SourceError> {
    let read = |path: &str, pointer: &str| -> Result<Table, SourceError> {
        let bytes = inputs
            .read(path)
            .map_err(|e| SourceError::at(pointer, Error::input(path, format!("cannot read the predictions: {e}"))))?;
        predictions::read_table(path, &bytes, config).map_err(|error| SourceError::at(pointer, error))
    };
    let current = read(&config.current, "/predictions/current")?;
    let baseline = match &config.baseline {
        Some(file) => {
            let b = read(&file.key(), "/predictions/baseline")?;
            Some(predictions::align(&current, &b).map_err(|error| SourceError::at("/predictions/baseline", error))?)
        }
        None => None,
    };
    Ok((current, baseline))
}

/// Judges one metric computed from predictions: its value (or interval end) against the bounds,
/// and a regression against main only when it is larger than the bound *and* significant.
///
/// Long on purpose: the rules of computed metrics (bounds on the point or the interval, then a tested regression) in the module documentation's order.
#[allow(
    clippy::too_many_lines,
    reason = "the rules of computed metrics (bounds on the point or the interval, then a tested regression) in the module documentation's order"
)]
fn judge_computed(
    gate: &str,
    name: &str,
    t: &Threshold,
    current: &Table,
    baseline: Option<&Table>,
    config: &PredictionsConfig,
    alpha: f64,
) -> Result<CheckResult, Error> {
    let severity = t.severity.unwrap_or_default();
    let data = predictions::data_for(name, current, config)?;
    let (value, ci) = predictions::value_and_interval(name, &data, config);
    let mut check = CheckResult {
        id: format!("{gate}.{name}"),
        check: "predictions".into(),
        metric: Some(name.to_string()),
        severity: Some(severity),
        expected: Some(expected(t, t.effective_direction(name))),
        confidence: Some(config.confidence),
        element_count: Some(data.len() as u64),
        ..CheckResult::default()
    };
    if !value.is_finite() {
        check.status = Status::Error;
        check.message = format!(
            "{name} is undefined on {} (the labels hold a single class)",
            current.path
        );
        return Ok(check);
    }
    check.observed = Some(number_value(value));
    let level = format_rounded(100.0 * config.confidence);
    let mut notes = Vec::new();
    match &ci {
        Ok(ci) => check.ci = Some(*ci),
        Err(why) => notes.push(format!("no interval: {why}")),
    }
    let mut breaches = Vec::new();
    let compared = |kind: BoundKind| -> Option<(f64, String)> {
        match (kind, &ci) {
            (BoundKind::LowerCi, Ok(ci)) => Some((
                ci[0],
                format!("{} (lower end of the {level}% interval)", format_rounded(ci[0])),
            )),
            (BoundKind::UpperCi, Ok(ci)) => Some((
                ci[1],
                format!("{} (upper end of the {level}% interval)", format_rounded(ci[1])),
            )),
            (BoundKind::Point, _) => Some((value, format_rounded(value))),
            _ => None,
        }
    };
    let bound = t.bound.unwrap_or_default();
    if let Some(min) = t.min {
        match compared(if bound == BoundKind::UpperCi {
            BoundKind::Point
        } else {
            bound
        }) {
            Some((v, shown)) if v < min => breaches.push(format!("{shown} is below min {min}")),
            Some(_) => {}
            None => breaches.push(format!(
                "min {min} applies to the interval, which could not be computed"
            )),
        }
    }
    if let Some(max) = t.max {
        match compared(if bound == BoundKind::LowerCi {
            BoundKind::Point
        } else {
            bound
        }) {
            Some((v, shown)) if v > max => breaches.push(format!("{shown} is above max {max}")),
            Some(_) => {}
            None => breaches.push(format!(
                "max {max} applies to the interval, which could not be computed"
            )),
        }
    }
    if let Some(base_table) = baseline {
        let base_data = predictions::data_for(name, base_table, config)?;
        let diff = predictions::difference(name, &data, &base_data, config);
        check.baseline = Some(number_value(diff.baseline));
        check.delta = finite(diff.delta);
        check.delta_rel = if diff.baseline != 0.0 {
            finite(diff.delta / diff.baseline.abs())
        } else {
            None
        };
        check.p_value = Some(diff.p_value);
        let mut effect = Map::new();
        effect.insert("test".into(), Value::from(diff.test));
        if diff.ci.iter().all(|x| x.is_finite()) {
            effect.insert(
                "delta_ci".into(),
                Value::from(vec![number_value(diff.ci[0]), number_value(diff.ci[1])]),
            );
        }
        if let Some((right_wrong, wrong_right)) = diff.discordant {
            check.statistic = Some(right_wrong.min(wrong_right) as f64);
            effect.insert("discordant".into(), Value::from(vec![right_wrong, wrong_right]));
        }
        check.effect = Some(effect);
        if let (true, Some(direction)) = (t.has_regression_bound(), t.effective_direction(name)) {
            let exceeded = regressions(t, direction, value, diff.baseline);
            let test = if diff.test == "mcnemar" {
                "McNemar"
            } else {
                "paired bootstrap"
            };
            // No resample crossed 0: the p-value is below 1/(B + 1), not 0.
            let p = if diff.test == "paired_bootstrap" && diff.p_value == 0.0 {
                format!(
                    "p < 1/{} = {}",
                    diff.resamples + 1,
                    format_rounded(1.0 / (diff.resamples + 1) as f64)
                )
            } else {
                format!("p = {}", format_rounded(diff.p_value))
            };
            if !exceeded.is_empty() && diff.p_value < alpha {
                breaches.extend(
                    exceeded
                        .into_iter()
                        .map(|e| format!("{e}, significant ({test} {p} < alpha {alpha})")),
                );
            } else if !exceeded.is_empty() {
                notes.push(format!(
                    "{}, but not significant ({test} {p} >= alpha {alpha})",
                    exceeded.join("; ")
                ));
            }
        }
    }
    let ci_text = match &ci {
        Ok([lo, hi]) => format!(" [{}, {}] at {level}%", format_rounded(*lo), format_rounded(*hi)),
        Err(_) => String::new(),
    };
    let (status, mut message) = if breaches.is_empty() {
        let bounds = bound_list(t);
        let head = if bounds.is_empty() {
            format!("{name} {}{ci_text}", format_rounded(value))
        } else {
            format!("{name} {}{ci_text} meets {bounds}", format_rounded(value))
        };
        (Status::Pass, head)
    } else {
        (
            severity.breach_status(),
            format!("{name} {}{ci_text}: {}", format_rounded(value), breaches.join("; ")),
        )
    };
    if let Some(b) = check.baseline.as_ref().and_then(Value::as_f64) {
        message.push_str(&format!(
            " (baseline {}, delta {})",
            format_rounded(b),
            format_signed(value - b)
        ));
    }
    for note in notes {
        message.push_str(&format!("; {note}"));
    }
    check.status = status;
    check.message = message;
    Ok(check)
}

/// Judges one metric: its current value against its bounds and, when there is one, its baseline.
///
/// Long on purpose: the module documentation's rules, one after another.
#[allow(
    clippy::too_many_lines,
    reason = "the module documentation's rules, one after another"
)]
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
        expected: Some(expected(t, t.effective_direction(name))),
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

    // Messages round numbers to 6 significant digits (the report's fields keep them whole).
    let shown = format_rounded(value);
    let mut breaches = Vec::new();
    if let Some(min) = t.min
        && value < min
    {
        breaches.push(format!("{shown} is below min {}", format_rounded(min)));
    }
    if let Some(max) = t.max
        && value > max
    {
        breaches.push(format!("{shown} is above max {}", format_rounded(max)));
    }
    if let (true, Some(direction)) = (t.has_regression_bound(), t.effective_direction(name)) {
        match &base {
            Ok(b) => breaches.extend(regressions(t, direction, value, *b)),
            Err(why) => breaches.push(format!("{why}, so {} cannot be checked", t.regression_bound_names())),
        }
    }
    // A direction taken from the metric's name is said, so a surprising one can be corrected.
    let by_name = match (
        t.has_regression_bound(),
        t.direction_from_name(name),
        t.effective_direction(name),
    ) {
        (true, Some(word), Some(d)) => format!(" ({} is better for {name}, from \"{word}\" in its name)", d.as_str()),
        _ => String::new(),
    };

    if breaches.is_empty() {
        let bounds = bound_list(t);
        let mut message = if bounds.is_empty() {
            format!("{shown} (no bounds set)")
        } else {
            format!("{shown} meets {bounds}")
        };
        if let Ok(b) = base {
            message.push_str(&format!(
                " (baseline {}, delta {})",
                format_rounded(b),
                format_signed(value - b)
            ));
        }
        finish(check, Status::Pass, format!("{message}{by_name}"))
    } else {
        finish(
            check,
            severity.breach_status(),
            format!("{}{by_name}", breaches.join("; ")),
        )
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
            "worse than baseline {} by {} (max_regression {})",
            format_rounded(base),
            format_rounded(worsening),
            format_rounded(allowed)
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
                "worse than baseline {} by {}% (max_regression_rel {} = {}%)",
                format_rounded(base),
                format_rounded(100.0 * worsening / base.abs()),
                format_rounded(allowed_rel),
                format_rounded(100.0 * allowed_rel)
            ));
        }
    }
    out
}

// ---- result ----------------------------------------------------------------------------------

/// The bounds as the report's `expected` object.
fn expected(t: &Threshold, direction: Option<Direction>) -> Map<String, Value> {
    let mut m = Map::new();
    if let Some(d) = direction {
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
