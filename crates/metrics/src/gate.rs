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

use crate::config::{BoundKind, Direction, Kind, MetricsGateConfig, PredictionsConfig, Threshold, kind};
use crate::files::{Lookup, MetricFile};
use crate::predictions::{self, Data, Table};
use crate::scores::{LabelData, ParityData, group_rates};
use crate::slices::{self, Slice};
use mlgate_core::Correction;
use mlgate_core::report::ConfusionMatrix;
use mlgate_stats::multiple::adjust;

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
        out.extend(self.current.clone().map(|f| DeclaredInput::file("/current", f)));
        out.extend(self.baseline.clone().map(|f| DeclaredInput::file("/baseline", f)));
        if let Some(p) = &self.predictions {
            out.push(DeclaredInput::file("/predictions/current", p.current.clone()));
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
        let (checks, confusion) = self.checks(inputs, settings)?;
        Ok(GateReport {
            confusion,
            ..GateReport::from_checks(&self.name, self.kind(), checks)
        })
    }
}

// ---- evaluation ------------------------------------------------------------------------------

impl MetricsGateConfig {
    /// Every threshold's check, in config order, and the confusion matrices when a label metric
    /// is computed from the predictions.
    fn checks(
        &self,
        inputs: &dyn Inputs,
        settings: &Settings,
    ) -> Result<(Vec<CheckResult>, Option<ConfusionMatrix>), SourceError> {
        let needs_file = self.thresholds.values().any(|t| !t.computed());
        let load =
            |path: &str, pointer: &str| MetricFile::load(path, inputs).map_err(|error| SourceError::at(pointer, error));
        let current = match (&self.current, needs_file) {
            (Some(file), true) => Some(load(&file.key(), "/current")?),
            _ => None,
        };
        let baseline = match (&self.baseline, needs_file) {
            (Some(file), true) => Some(load(&file.key(), "/baseline")?),
            _ => None,
        };
        let tables = match &self.predictions {
            Some(p) if self.thresholds.values().any(Threshold::computed) => {
                Some(read_predictions(p, &self.attribute_columns(), inputs)?)
            }
            _ => None,
        };
        let slices = self.slices(tables.as_ref().map(|(cur, _)| cur))?;
        let mut checks = Vec::with_capacity(self.thresholds.len());
        let mut confusion = None;
        for (name, threshold) in &self.thresholds {
            let pointer = PositionIndex::child("/thresholds", name);
            let found = match (&current, &tables, &self.predictions) {
                (_, Some((cur, base)), Some(config)) if threshold.computed() => {
                    let (found, matrices) = computed_checks(
                        &self.name,
                        name,
                        threshold,
                        (cur, base.as_ref()),
                        config,
                        &slices,
                        settings,
                    )
                    .map_err(|error| SourceError::at("/predictions", error))?;
                    // Every label metric reads the same labels: the first one's matrices.
                    confusion = confusion.or(matrices);
                    found
                }
                (Some(current), _, _) => {
                    let observed = current.get(name);
                    let base = baseline.as_ref().map(|b| (b.get(name), b.path.as_str()));
                    vec![judge(&self.name, name, threshold, observed, &current.path, base)]
                }
                // validate() rejects these configs; keep evaluation total anyway.
                _ => vec![CheckResult {
                    id: format!("{}.{name}", self.name),
                    check: "threshold".into(),
                    status: Status::Error,
                    message: "no metric file or predictions to read this metric from".into(),
                    ..CheckResult::default()
                }],
            };
            for mut check in found {
                check.pointer = Some(pointer.clone());
                checks.push(check);
            }
        }
        Ok((checks, confusion))
    }
}

impl MetricsGateConfig {
    /// The slices of the current predictions (none without `predictions.slices`); a `by`
    /// entry with too many values (an id column) is an error at its config line.
    fn slices(&self, current: Option<&Table>) -> Result<Vec<Slice>, SourceError> {
        let (Some(cur), Some(config)) = (current, self.predictions.as_ref().and_then(|p| p.slices.as_ref())) else {
            return Ok(Vec::new());
        };
        let found = slices::slices(cur, config);
        // A column of ids sliced by mistake would give a check per example.
        for (i, entry) in config.by.iter().enumerate() {
            let n = found.iter().filter(|s| s.by == i).count();
            if n > slices::MAX_SLICES {
                return Err(SourceError::at(
                    format!("/predictions/slices/by/{i}"),
                    Error::input(
                        &cur.path,
                        format!(
                            "{} has {n} distinct values, and each would be a slice with its own check; \
                             expected a column of at most {} segments (a country, a device), not an id",
                            entry.label(),
                            slices::MAX_SLICES
                        ),
                    ),
                ));
            }
        }
        Ok(found)
    }

    /// The further columns of the current predictions the thresholds read — slice columns and
    /// sensitive features — each with the config pointer that names it (an error points there).
    fn attribute_columns(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = Vec::new();
        if let Some(slicing) = self.predictions.as_ref().and_then(|p| p.slices.as_ref())
            && self
                .thresholds
                .values()
                .any(|t| t.per_slice == Some(true) || t.max_slice_gap.is_some())
        {
            for (i, entry) in slicing.by.iter().enumerate() {
                let at = format!("/predictions/slices/by/{i}");
                out.extend(entry.columns().into_iter().map(|c| (c.to_string(), at.clone())));
            }
        }
        for (name, t) in &self.thresholds {
            if let Some(column) = t.sensitive.as_ref().filter(|_| t.computed()) {
                out.push((
                    column.clone(),
                    format!("{}/sensitive", PositionIndex::child("/thresholds", name)),
                ));
            }
        }
        out
    }
}

/// The current predictions table (with the `attributes` columns, each named by a config pointer)
/// and, when declared, main's aligned to it.
fn read_predictions(
    config: &PredictionsConfig,
    attributes: &[(String, String)],
    inputs: &dyn Inputs,
) -> Result<(Table, Option<Table>), SourceError> {
    let read = |path: &str, pointer: &str, attributes: &[(String, String)]| -> Result<Table, SourceError> {
        let bytes = inputs
            .read(path)
            .map_err(|e| SourceError::at(pointer, Error::input(path, format!("cannot read the predictions: {e}"))))?;
        let frame = predictions::read_frame(path, &bytes).map_err(|error| SourceError::at(pointer, error))?;
        let mut table = Table::from_frame(path, &frame, config).map_err(|error| SourceError::at(pointer, error))?;
        for (column, at) in attributes {
            if table.attribute(column).is_none() {
                let read = predictions::column(&frame, path, column).map_err(|error| SourceError::at(at, error))?;
                table.attributes.push(read);
            }
        }
        Ok(table)
    };
    let current = read(&config.current.key(), "/predictions/current", attributes)?;
    let baseline = match &config.baseline {
        Some(file) => {
            let b = read(&file.key(), "/predictions/baseline", &[])?;
            let mut aligned =
                predictions::align(&current, &b).map_err(|error| SourceError::at("/predictions/baseline", error))?;
            // Slices and groups are the examples' own: main's rows, aligned, share the current ones'.
            aligned.attributes.clone_from(&current.attributes);
            Some(aligned)
        }
        None => None,
    };
    Ok((current, baseline))
}

/// The checks of one metric computed from predictions: the whole test set's, then (with
/// `per_slice`) one per slice, worst first; and for a label metric, the confusion matrices.
///
/// Slices: a slice with fewer than `min_support` examples is reported (`skipped`), not judged;
/// one where the metric is undefined ([`Data::undefined_on`]) is an `error` naming it. The
/// regression tests of the judged slices are corrected together with `correction`.
/// `max_slice_gap` bounds, per `slices.by` entry, the best judged slice's value minus the worst's;
/// a breach is a breach of the whole test set's check.
#[allow(
    clippy::too_many_arguments,
    reason = "the gate's inputs for one threshold: its tables, slices and settings"
)]
fn computed_checks(
    gate: &str,
    name: &str,
    t: &Threshold,
    tables: (&Table, Option<&Table>),
    config: &PredictionsConfig,
    slices: &[Slice],
    settings: &Settings,
) -> Result<(Vec<CheckResult>, Option<ConfusionMatrix>), Error> {
    let (current, baseline) = tables;
    let data_of = |table: &Table| match &t.sensitive {
        Some(column) if kind(name) == Some(Kind::Parity) => predictions::parity_data(name, table, config, column),
        _ => predictions::data_for(name, table, config),
    };
    let data = data_of(current)?;
    let base_data = baseline.map(data_of).transpose()?;
    let all: Vec<usize> = (0..data.len()).collect();
    let overall = Measured::on(name, &data, base_data.as_ref(), &all, config);
    let sliced = Sliced {
        name,
        t,
        data: &data,
        baseline: base_data.as_ref(),
        slices,
        points: slices
            .iter()
            .map(|s| (data.metric(name, &s.rows), data.undefined_on(name, &s.rows)))
            .collect(),
        config,
        min_support: config.slices.as_ref().map_or(1, |s| s.min_support),
    };
    let (gap_breaches, gaps) = sliced.gaps();
    let mut whole = judge_computed(name, name, t, &overall, None, gap_breaches, config, settings.alpha);
    whole.id = format!("{gate}.{name}");
    if whole.status == Status::Error {
        whole.message = match &data {
            Data::Parity(_) => format!(
                "{name} is undefined on {}: the largest group rate is 0, so the ratio is 0/0",
                current.path
            ),
            _ => format!(
                "{name} is undefined on {} (the labels hold a single class)",
                current.path
            ),
        };
    }
    if !gaps.is_empty() {
        whole
            .effect
            .get_or_insert_with(Map::new)
            .insert("slice_gap".into(), Value::Object(gaps));
    }
    let matrices = match (&data, base_data.as_ref()) {
        (Data::Labels(labels, _), Some(Data::Labels(base, _))) => confusion(labels, Some(base)),
        (Data::Labels(labels, _), _) => confusion(labels, None),
        _ => None,
    };
    if let Data::Parity(parity) = &data {
        whole
            .effect
            .get_or_insert_with(Map::new)
            .insert("by_group".into(), by_group(parity, &all));
    }
    let mut checks = vec![whole];
    if t.per_slice == Some(true) {
        checks.extend(sliced.checks(gate, settings));
    }
    Ok((checks, matrices))
}

/// One threshold's metric over the slices.
struct Sliced<'a> {
    name: &'a str,
    t: &'a Threshold,
    data: &'a Data,
    baseline: Option<&'a Data>,
    slices: &'a [Slice],
    /// Per slice, computed once: the metric's point value, and why it is undefined there.
    points: Vec<(f64, Option<String>)>,
    config: &'a PredictionsConfig,
    min_support: u64,
}

impl Sliced<'_> {
    /// Whether slice `i` is judged: enough examples, and the metric defined on them.
    fn judged(&self, i: usize) -> bool {
        self.slices[i].rows.len() as u64 >= self.min_support && self.points[i].1.is_none()
    }

    /// The gap per `by` entry, from the judged slices' point values: breaches of
    /// `max_slice_gap`, and each entry's gap for the report.
    fn gaps(&self) -> (Vec<String>, Map<String, Value>) {
        let name = self.name;
        let mut gap_breaches = Vec::new();
        let mut gaps = Map::new();
        if let (Some(allowed), Some(slicing)) = (self.t.max_slice_gap, self.config.slices.as_ref()) {
            let higher = self.t.effective_direction(name) != Some(Direction::Lower);
            for (by, entry) in slicing.by.iter().enumerate() {
                let mut values: Vec<(f64, &Slice)> = self
                    .slices
                    .iter()
                    .enumerate()
                    .filter(|(i, s)| s.by == by && self.judged(*i))
                    .map(|(i, s)| (self.points[i].0, s))
                    .filter(|(v, _)| v.is_finite())
                    .collect();
                if values.len() < 2 {
                    continue;
                }
                values.sort_by(|a, b| a.0.total_cmp(&b.0));
                let ((lo, lo_slice), (hi, hi_slice)) = (values[0], values[values.len() - 1]);
                let (best, worst) = if higher {
                    ((hi, hi_slice), (lo, lo_slice))
                } else {
                    ((lo, lo_slice), (hi, hi_slice))
                };
                let gap = hi - lo;
                gaps.insert(entry.label(), number_value(gap));
                if gap - allowed > 1e-12 * hi.abs().max(lo.abs()) {
                    gap_breaches.push(format!(
                        "the gap between slices of {} is {} (best {} {}, worst {} {}), above max_slice_gap {}",
                        entry.label(),
                        format_rounded(gap),
                        best.1.label(),
                        format_rounded(best.0),
                        worst.1.label(),
                        format_rounded(worst.0),
                        format_rounded(allowed)
                    ));
                }
            }
        }
        (gap_breaches, gaps)
    }

    /// Each slice's check, worst first: the judged ones measured (interval, test against main)
    /// and judged on p-values corrected across them.
    fn checks(&self, gate: &str, settings: &Settings) -> Vec<CheckResult> {
        let (name, t, data, config, min_support) = (self.name, self.t, self.data, self.config, self.min_support);
        let measured: Vec<Option<Measured>> = self
            .slices
            .iter()
            .enumerate()
            .map(|(i, s)| {
                self.judged(i)
                    .then(|| Measured::on(name, data, self.baseline, &s.rows, config))
            })
            .collect();
        let tested: Vec<(usize, f64)> = measured
            .iter()
            .enumerate()
            .filter_map(|(i, m)| m.as_ref()?.difference.as_ref().map(|d| (i, d.p_value)))
            .collect();
        let raw: Vec<f64> = tested.iter().map(|(_, p)| *p).collect();
        let adjusted = adjust(&raw, settings.correction.stats()).unwrap_or(raw);
        let mut sliced_checks: Vec<(u8, f64, CheckResult)> = Vec::with_capacity(self.slices.len());
        for (i, (slice, m)) in self.slices.iter().zip(&measured).enumerate() {
            let label = format!("{name}[{}]", slice.label());
            let (value, undefined) = &self.points[i];
            let value = *value;
            let mut check = match m {
                Some(m) => {
                    let p_adjusted = (settings.correction != Correction::None)
                        .then(|| tested.iter().position(|(k, _)| *k == i).map(|j| adjusted[j]))
                        .flatten();
                    judge_computed(&label, name, t, m, p_adjusted, Vec::new(), config, settings.alpha)
                }
                None => {
                    let mut check = CheckResult {
                        check: "predictions".into(),
                        metric: Some(name.to_string()),
                        severity: Some(t.severity.unwrap_or_default()),
                        element_count: Some(slice.rows.len() as u64),
                        ..CheckResult::default()
                    };
                    if let Some(why) = undefined {
                        check.status = Status::Error;
                        check.message = format!("{label} is undefined on {} examples: {why}", slice.rows.len());
                    } else {
                        check.status = Status::Skipped;
                        check.observed = finite(value).map(number_value);
                        check.message = format!(
                            "{label} {} on {} examples, fewer than min_support {min_support}: reported, not judged",
                            format_rounded(value),
                            slice.rows.len()
                        );
                    }
                    check
                }
            };
            check.id = format!("{gate}.{label}");
            check.slice = Some(
                slice
                    .key
                    .iter()
                    .map(|(c, v)| (c.clone(), Value::from(v.as_str())))
                    .collect(),
            );
            // Worst first: errors, then judged slices by value, then the unjudged.
            let group = match (check.status, m.is_some()) {
                (Status::Error, _) => 0,
                (_, true) => 1,
                (_, false) => 2,
            };
            let worse_first = if t.effective_direction(name) == Some(Direction::Lower) {
                -value
            } else {
                value
            };
            sliced_checks.push((group, worse_first, check));
        }
        // A stable sort keeps `by` order among equal values.
        sliced_checks.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
        sliced_checks.into_iter().map(|(_, _, c)| c).collect()
    }
}

/// Most classes a confusion matrix is reported for (a larger one is not a chart anyone reads).
const MAX_CONFUSION_CLASSES: usize = 20;

/// The confusion matrices of the current predictions and main's, over the classes either holds.
fn confusion(current: &LabelData, baseline: Option<&LabelData>) -> Option<ConfusionMatrix> {
    let mut classes: Vec<String> = current.classes.clone();
    classes.extend(baseline.iter().flat_map(|b| b.classes.iter().cloned()));
    classes.sort();
    classes.dedup();
    if classes.len() > MAX_CONFUSION_CLASSES {
        return None;
    }
    let counts = |d: &LabelData| {
        let at = |i: usize| classes.binary_search(&d.classes[i]).unwrap_or(0);
        let mut m = vec![vec![0u64; classes.len()]; classes.len()];
        for (t, p) in d.truth.iter().zip(&d.predicted) {
            m[at(*t)][at(*p)] += 1;
        }
        m
    };
    Some(ConfusionMatrix {
        current: counts(current),
        baseline: baseline.map(counts),
        classes,
    })
}

/// Each group's rates, for the report of a parity metric.
fn by_group(parity: &ParityData, rows: &[usize]) -> Value {
    let mut out = Map::new();
    for (group, rates) in parity.groups.iter().zip(group_rates(parity, rows)) {
        let Some(r) = rates else { continue };
        out.insert(
            group.clone(),
            Value::Object(Map::from_iter([
                ("n".to_string(), Value::from(r.n)),
                ("selection_rate".to_string(), number_value(r.selection_rate)),
                ("true_positive_rate".to_string(), number_value(r.true_positive_rate)),
                ("false_positive_rate".to_string(), number_value(r.false_positive_rate)),
            ])),
        );
    }
    Value::Object(out)
}

/// What a computed metric measured on some rows: its value, interval and test against main.
struct Measured {
    value: f64,
    ci: Result<[f64; 2], String>,
    n: usize,
    difference: Option<predictions::Difference>,
}

impl Measured {
    fn on(name: &str, data: &Data, baseline: Option<&Data>, rows: &[usize], config: &PredictionsConfig) -> Measured {
        let (value, ci) = predictions::value_and_interval(name, data, rows, config);
        let difference = match baseline {
            Some(b) if value.is_finite() => Some(predictions::difference(name, data, b, rows, config)),
            _ => None,
        };
        Measured {
            value,
            ci,
            n: rows.len(),
            difference,
        }
    }
}

/// Judges one measured metric (of the whole test set or a slice, named `label` in messages): its
/// value (or interval end) against the bounds, and a regression against main only when it is
/// larger than the bound *and* significant (on `p_adjusted` when the slices' tests are corrected).
/// `extra` are breaches found elsewhere (the gap between slices).
///
/// Long on purpose: the rules of computed metrics (bounds on the point or the interval, then a tested regression) in the module documentation's order.
#[allow(
    clippy::too_many_lines,
    clippy::too_many_arguments,
    reason = "the rules of computed metrics (bounds on the point or the interval, then a tested regression) in the module documentation's order"
)]
fn judge_computed(
    label: &str,
    name: &str,
    t: &Threshold,
    m: &Measured,
    p_adjusted: Option<f64>,
    extra: Vec<String>,
    config: &PredictionsConfig,
    alpha: f64,
) -> CheckResult {
    let severity = t.severity.unwrap_or_default();
    let value = m.value;
    let mut check = CheckResult {
        check: "predictions".into(),
        metric: Some(name.to_string()),
        severity: Some(severity),
        expected: Some(expected(t, t.effective_direction(name))),
        confidence: Some(config.confidence),
        element_count: Some(m.n as u64),
        ..CheckResult::default()
    };
    if !value.is_finite() {
        check.status = Status::Error;
        check.message = format!("{label} is undefined");
        return check;
    }
    check.observed = Some(number_value(value));
    let level = format_rounded(100.0 * config.confidence);
    let mut notes = Vec::new();
    match &m.ci {
        Ok(ci) => check.ci = Some(*ci),
        Err(why) => notes.push(format!("no interval: {why}")),
    }
    let mut breaches = Vec::new();
    let compared = |kind: BoundKind| -> Option<(f64, String)> {
        match (kind, &m.ci) {
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
    if let Some(diff) = &m.difference {
        check.baseline = Some(number_value(diff.baseline));
        check.delta = finite(diff.delta);
        check.delta_rel = if diff.baseline != 0.0 {
            finite(diff.delta / diff.baseline.abs())
        } else {
            None
        };
        check.p_value = Some(diff.p_value);
        check.p_value_adjusted = p_adjusted;
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
            let mut p = if diff.test == "paired_bootstrap" && diff.p_value == 0.0 {
                format!(
                    "p < 1/{} = {}",
                    diff.resamples + 1,
                    format_rounded(1.0 / (diff.resamples + 1) as f64)
                )
            } else {
                format!("p = {}", format_rounded(diff.p_value))
            };
            if let Some(adjusted) = p_adjusted {
                p.push_str(&format!(", adjusted across slices {}", format_rounded(adjusted)));
            }
            let judged_p = p_adjusted.unwrap_or(diff.p_value);
            if !exceeded.is_empty() && judged_p < alpha {
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
    breaches.extend(extra);
    let ci_text = match &m.ci {
        Ok([lo, hi]) => format!(" [{}, {}] at {level}%", format_rounded(*lo), format_rounded(*hi)),
        Err(_) => String::new(),
    };
    let (status, mut message) = if breaches.is_empty() {
        let bounds = bound_list(t);
        let head = if bounds.is_empty() {
            format!("{label} {}{ci_text}", format_rounded(value))
        } else {
            format!("{label} {}{ci_text} meets {bounds}", format_rounded(value))
        };
        (Status::Pass, head)
    } else {
        (
            severity.breach_status(),
            format!("{label} {}{ci_text}: {}", format_rounded(value), breaches.join("; ")),
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
    check
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
        ("max_slice_gap", t.max_slice_gap),
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
        t.max_slice_gap.map(|x| format!("max_slice_gap {x}")),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(", ")
}

#[cfg(test)]
mod slice_tests;
#[cfg(test)]
mod tests;
