//! Drift: each column of the dataset against the same column of a reference dataset, with the
//! stats crate's tests and distances (this module only prepares their inputs).
//!
//! - Numeric columns (integers, floats, dates as instants) are compared as samples: `ks` is
//!   `ks_2samp` (two-sided, exact up to 10,000 values per side), `wasserstein` the distance
//!   divided by the reference's standard deviation (ddof = 0, Evidently's normalisation); `psi`,
//!   `js` and `linf` compare shares in Sturges bins of the pooled values (`np.histogram_bin_edges`);
//!   `chi2` counts each distinct value as a category.
//! - Text and boolean columns are categorical: shares (or counts for `chi2`) per category over
//!   the union of both sides' categories.
//! - `chi2` is the chi-square test of homogeneity of the 2×k table of counts (no continuity
//!   correction).
//! - `auto` (Evidently's defaults): with at most 1000 reference rows, `ks` for numeric columns with
//!   more than 5 distinct reference values, else `chi2`; with more, `wasserstein` or `js`.
//! - A column drifted when its test's p-value — adjusted across the gate's tested columns with the
//!   settings' `correction` — is below `threshold` (default 0.05), or its distance is at or above
//!   `threshold` (default 0.1). A drifted column shows as `warn`; the gate's `drift.share` check
//!   breaches (with `severity`) when at least `share` of the compared columns drifted. Values are
//!   reported whether or not the column drifted. Nulls and NaN are left out of both sides.
//! - For charts, each check reports both sides as shares (`distribution`): numeric columns on 30
//!   equal-width bins over their pooled range, categories the 20 most frequent first (the rest
//!   summed), and for `ks` where the empirical CDFs are furthest apart.

use std::borrow::Cow;
use std::collections::BTreeMap;

use mlgate_core::report::Distribution;
use mlgate_core::report::{finite, format_rounded, number_value};
use mlgate_core::{CheckResult, Severity, Status};
use mlgate_stats::multiple::{Correction, adjust};
use mlgate_stats::{Alternative, Method, contingency, distance, ks};
use serde_json::Map;

use crate::column::{ColumnView, Values, number_text};
use crate::config::{DriftConfig, DriftMethod};
use crate::read::Table;

/// Reference sizes up to this use tests in `auto`, as Evidently.
const AUTO_SMALL_REFERENCE: usize = 1000;
/// More distinct reference values than this make a numeric column numeric for `auto`.
const AUTO_NUMERIC_DISTINCT: usize = 5;

/// A column's values, as the tests need them.
enum Sample {
    Numeric(Vec<f64>),
    Categorical(Vec<String>),
}

/// Bins of a numeric column's chart: few enough to read, enough to see a shape.
const CHART_BINS: usize = 30;
/// Most categories a chart lists; the rest are summed.
const CHART_CATEGORIES: usize = 20;

/// One column measured.
struct Measured {
    column: String,
    method: DriftMethod,
    statistic: f64,
    p_value: Option<f64>,
    /// Both sides summarised for the report's charts.
    distribution: Distribution,
    /// What the message adds: the column's types when the files disagree, and the method used
    /// instead of the one asked for when that one does not apply.
    notes: Vec<String>,
}

/// Every column's drift check, then the gate's `drift.share` check. `correction` adjusts the
/// tests' p-values across the compared columns.
pub fn evaluate(
    gate: &str,
    config: &DriftConfig,
    current: &Table,
    reference: &Table,
    correction: Correction,
) -> Vec<CheckResult> {
    let columns: Vec<String> = match &config.columns {
        Some(c) => c.clone(),
        None => current
            .frame
            .get_column_names()
            .iter()
            .map(ToString::to_string)
            .filter(|c| reference.frame.column(c).is_ok())
            .collect(),
    };
    let mut results: Vec<CheckResult> = Vec::new();
    let mut measured: Vec<(usize, Measured)> = Vec::new();
    for column in &columns {
        let mut r = CheckResult {
            id: format!("{gate}.drift.{column}"),
            check: "drift".into(),
            column: Some(column.clone()),
            severity: Some(Severity::Warn),
            pointer: Some("/drift".into()),
            ..CheckResult::default()
        };
        match measure(column, config, current, reference) {
            Ok(m) => measured.push((results.len(), m)),
            // A column missing from either file fails its check, as a checked column does; one
            // whose values cannot be compared is an error.
            Err(why) => {
                r.status = if missing_from(column, current, reference) {
                    Status::Fail
                } else {
                    Status::Error
                };
                r.message = why;
            }
        }
        results.push(r);
    }
    let drifted = judge_columns(config, &measured, &mut results, correction);
    let errors = results.iter().filter(|c| c.status == Status::Error).count();
    results.push(share_check(
        gate,
        config,
        &columns,
        measured.len(),
        drifted,
        errors,
        reference,
    ));
    results
}

/// Whether `column` is missing from one of the files.
fn missing_from(column: &str, current: &Table, reference: &Table) -> bool {
    current.frame.column(column).is_err() || reference.frame.column(column).is_err()
}

/// Each measured column against its threshold (tests' p-values corrected together; distances
/// need no correction), written into its result; how many drifted.
fn judge_columns(
    config: &DriftConfig,
    measured: &[(usize, Measured)],
    results: &mut [CheckResult],
    correction: Correction,
) -> usize {
    let tested: Vec<usize> = (0..measured.len())
        .filter(|&i| measured[i].1.p_value.is_some())
        .collect();
    let raw: Vec<f64> = tested.iter().filter_map(|&i| measured[i].1.p_value).collect();
    let adjusted = adjust(&raw, correction).unwrap_or(raw.clone());
    let mut drifted = 0usize;
    for (k, (at, m)) in measured.iter().enumerate() {
        let r = &mut results[*at];
        let p_adjusted = tested.iter().position(|&i| i == k).map(|j| adjusted[j]);
        let threshold = config.threshold.unwrap_or(match m.method {
            DriftMethod::Ks | DriftMethod::Chi2 => 0.05,
            _ => 0.1,
        });
        r.method = Some(method_name(m.method).into());
        r.distribution = Some(m.distribution.clone());
        r.statistic = finite(m.statistic);
        r.p_value = m.p_value;
        if correction != Correction::None {
            r.p_value_adjusted = p_adjusted;
        }
        r.threshold = Some(threshold);
        r.expected = Some(Map::from_iter([(
            if m.p_value.is_some() { "alpha" } else { "threshold" }.to_string(),
            number_value(threshold),
        )]));
        r.observed = Some(number_value(m.statistic));
        let is_drift = match p_adjusted {
            Some(p) => p < threshold,
            None => m.statistic >= threshold,
        };
        let judged = match p_adjusted {
            Some(p) => format!(
                "{} p = {}{}",
                method_name(m.method),
                format_rounded(p),
                if correction != Correction::None {
                    " (adjusted)"
                } else {
                    ""
                }
            ),
            None => format!("{} {}", method_name(m.method), format_rounded(m.statistic)),
        };
        // Each message says which side of the threshold the column is on.
        let threshold_text = format_rounded(threshold);
        let notes: String = m.notes.iter().map(|n| format!(" ({n})")).collect();
        if is_drift {
            drifted += 1;
            r.status = Status::Warn;
            let rule = match p_adjusted {
                Some(_) => format!("below alpha {threshold_text}"),
                None => format!("at or above {threshold_text}"),
            };
            r.message = format!("column {:?} drifted: {judged}, {rule}{notes}", m.column);
        } else {
            let rule = match p_adjusted {
                Some(_) => format!("at or above alpha {threshold_text}"),
                None => format!("below {threshold_text}"),
            };
            r.message = format!("column {:?} did not drift: {judged}, {rule}{notes}", m.column);
        }
    }
    drifted
}

/// The gate's decision: the share of compared columns that drifted, against `share`.
fn share_check(
    gate: &str,
    config: &DriftConfig,
    columns: &[String],
    compared: usize,
    drifted: usize,
    errors: usize,
    reference: &Table,
) -> CheckResult {
    let share = if compared == 0 {
        0.0
    } else {
        drifted as f64 / compared as f64
    };
    let mut r = CheckResult {
        id: format!("{gate}.drift.share"),
        check: "drift_share".into(),
        severity: Some(config.severity),
        pointer: Some("/drift".into()),
        observed: Some(number_value(share)),
        expected: Some(Map::from_iter([("share".to_string(), number_value(config.share))])),
        element_count: Some(compared as u64),
        unexpected_count: Some(drifted as u64),
        unexpected_fraction: Some(share),
        ..CheckResult::default()
    };
    if compared == 0 {
        r.status = Status::Error;
        r.message = if columns.is_empty() {
            format!(
                "no column in common with the reference {}; nothing to compare",
                reference.path
            )
        } else {
            "no column could be compared".into()
        };
    } else if drifted > 0 && share >= config.share {
        r.status = config.severity.breach_status();
        r.message = format!(
            "{drifted} of {compared} columns drifted ({}); the gate breaks at a share of {}",
            format_rounded(share),
            format_rounded(config.share)
        );
    } else if config.share == 0.0 {
        r.message = format!("none of {compared} columns drifted; any drifting column breaks the gate");
    } else {
        r.message = format!(
            "{drifted} of {compared} columns drifted ({}), under the share of {} that breaks the gate",
            format_rounded(share),
            format_rounded(config.share)
        );
    }
    if errors > 0 && compared > 0 {
        r.message
            .push_str(&format!("; {errors} column(s) could not be compared"));
    }
    r
}

/// The config name of a drift method.
pub fn method_name(m: DriftMethod) -> &'static str {
    match m {
        DriftMethod::Auto => "auto",
        DriftMethod::Ks => "ks",
        DriftMethod::Chi2 => "chi2",
        DriftMethod::Psi => "psi",
        DriftMethod::Js => "js",
        DriftMethod::Wasserstein => "wasserstein",
        DriftMethod::Linf => "linf",
    }
}

/// The column's values for drift: numeric or categorical.
fn sample(view: &ColumnView, side: &str) -> Result<Sample, String> {
    match &view.values {
        Values::Numbers => Ok(Sample::Numeric(
            view.numbers()
                .map(|n| n.values.iter().copied().filter(|x| !x.is_nan()).collect())
                .unwrap_or_default(),
        )),
        // In nanoseconds, so that a date and a datetime column compare on one scale.
        Values::Temporal => {
            let unit = view.time_unit_ns().unwrap_or(1) as f64;
            Ok(Sample::Numeric(
                view.instants().iter().flatten().map(|x| *x as f64 * unit).collect(),
            ))
        }
        Values::Text(_) | Values::Booleans(_) => text_sample(view),
        Values::Other => Err(format!(
            "column {:?} of the {side} holds {} values, which drift cannot compare",
            view.name,
            view.type_name()
        )),
    }
}

/// Long on purpose: one arm per drift method, as the module documentation lists them.
#[allow(
    clippy::too_many_lines,
    reason = "one arm per drift method, as the module documentation lists them"
)]
fn measure(column: &str, config: &DriftConfig, current: &Table, reference: &Table) -> Result<Measured, String> {
    let cur_view = ColumnView::of(current, column)?;
    let ref_view = ColumnView::of(reference, column)?;
    let cur = sample(&cur_view, "dataset")?;
    let refs = sample(&ref_view, "reference")?;
    // A column of another type in each file (a stray value makes a CSV column text) is compared
    // as the type both can be read as — dates when the text is dates, else text — and said so.
    let mut notes = Vec::new();
    let (cur_type, ref_type) = (cur_view.type_name(), ref_view.type_name());
    let temporal = |v: &ColumnView| matches!(v.values, Values::Temporal);
    let (cur, refs) = match (cur, refs) {
        (Sample::Numeric(c), Sample::Numeric(r)) => (Sample::Numeric(c), Sample::Numeric(r)),
        (Sample::Numeric(c), Sample::Categorical(r)) if temporal(&cur_view) && instants(&r).is_some() => {
            (Sample::Numeric(c), Sample::Numeric(instants(&r).unwrap_or_default()))
        }
        (Sample::Categorical(c), Sample::Numeric(r)) if temporal(&ref_view) && instants(&c).is_some() => {
            (Sample::Numeric(instants(&c).unwrap_or_default()), Sample::Numeric(r))
        }
        (_, _) => (text_sample(&cur_view)?, text_sample(&ref_view)?),
    };
    if cur_type != ref_type {
        let compared = match &cur {
            Sample::Numeric(_) if temporal(&cur_view) || temporal(&ref_view) => "dates and times",
            Sample::Numeric(_) => "numbers",
            Sample::Categorical(_) => "text",
        };
        notes.push(format!(
            "{cur_type} in {}, {ref_type} in the reference {}: compared as {compared}",
            current.path, reference.path
        ));
    }
    let empty = |s: &Sample| match s {
        Sample::Numeric(v) => v.is_empty(),
        Sample::Categorical(v) => v.is_empty(),
    };
    if empty(&refs) {
        return Err(format!(
            "column {column:?} has no values in the reference {}",
            reference.path
        ));
    }
    if empty(&cur) {
        return Err(format!("column {column:?} has no values in {}", current.path));
    }
    let method = match config.method {
        DriftMethod::Auto => {
            let numeric = match &refs {
                Sample::Numeric(r) => distinct(r) > AUTO_NUMERIC_DISTINCT,
                Sample::Categorical(_) => false,
            };
            match (reference.frame.height() <= AUTO_SMALL_REFERENCE, numeric) {
                (true, true) => DriftMethod::Ks,
                (true, false) => DriftMethod::Chi2,
                (false, true) => DriftMethod::Wasserstein,
                (false, false) => DriftMethod::Js,
            }
        }
        // A test of numbers on categories: its counterpart for categories, said so.
        m @ (DriftMethod::Ks | DriftMethod::Wasserstein) if matches!(refs, Sample::Categorical(_)) => {
            let instead = if m == DriftMethod::Ks {
                DriftMethod::Chi2
            } else {
                DriftMethod::Js
            };
            notes.push(format!(
                "{} compares numbers: {} for this categorical column",
                method_name(m),
                method_name(instead)
            ));
            instead
        }
        m => m,
    };
    let stats_error =
        |e: mlgate_stats::StatsError| format!("column {column:?}: {} cannot be computed: {e}", method_name(method));
    let (statistic, p_value) = match (&refs, &cur, method) {
        (Sample::Numeric(r), Sample::Numeric(c), DriftMethod::Ks) => {
            let t = ks::ks_2samp(r, c, Alternative::TwoSided, Method::Auto).map_err(stats_error)?;
            (t.statistic, Some(t.p_value))
        }
        (Sample::Numeric(r), Sample::Numeric(c), DriftMethod::Wasserstein) => {
            (distance::wasserstein_normalized(r, c).map_err(stats_error)?, None)
        }
        (Sample::Numeric(r), Sample::Numeric(c), DriftMethod::Psi | DriftMethod::Js | DriftMethod::Linf) => {
            let (rf, cf) = distance::binned(r, c).map_err(stats_error)?;
            (distance_of(method, &rf, &cf).map_err(stats_error)?, None)
        }
        (r, c, DriftMethod::Chi2) => {
            let (rc, cc) = category_counts(r, c);
            let t = contingency::chi2_homogeneity(&rc, &cc, false).map_err(stats_error)?;
            (t.statistic, Some(t.p_value))
        }
        (r, c, _) => {
            let (rc, cc) = category_counts(r, c);
            let share = |v: &[f64]| {
                let n: f64 = v.iter().sum();
                v.iter().map(|x| x / n).collect::<Vec<f64>>()
            };
            (
                distance_of(method, &share(&rc), &share(&cc)).map_err(stats_error)?,
                None,
            )
        }
    };
    Ok(Measured {
        column: column.to_string(),
        method,
        statistic,
        p_value,
        distribution: Distribution {
            temporal: matches!(cur, Sample::Numeric(_)) && (temporal(&cur_view) || temporal(&ref_view)),
            ..distribution(&refs, &cur, method == DriftMethod::Ks)
        },
        notes,
    })
}

/// Both sides as shares: per bin of [`CHART_BINS`] equal widths over their pooled range (numeric
/// columns), else per category, the [`CHART_CATEGORIES`] most frequent (pooled shares) first and
/// the rest summed; for KS, where the two empirical CDFs are furthest apart.
fn distribution(reference: &Sample, current: &Sample, ks: bool) -> Distribution {
    match (reference, current) {
        (Sample::Numeric(r), Sample::Numeric(c)) => {
            let (lo, hi) = r
                .iter()
                .chain(c)
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), x| {
                    (lo.min(*x), hi.max(*x))
                });
            let bins = if hi > lo { CHART_BINS } else { 1 };
            let width = (hi - lo) / bins as f64;
            let edges: Vec<f64> = (0..=bins)
                .map(|i| if i == bins { hi } else { lo + width * i as f64 })
                .collect();
            let shares = |v: &[f64]| {
                let mut counts = vec![0.0; bins];
                for x in v {
                    // The last bin is closed: the maximum counts in it.
                    let i = if width > 0.0 { ((x - lo) / width) as usize } else { 0 };
                    counts[i.min(bins - 1)] += 1.0;
                }
                counts.iter().map(|k| k / v.len() as f64).collect()
            };
            Distribution {
                edges: Some(edges),
                categories: None,
                reference: shares(r),
                current: shares(c),
                others: None,
                ks_gap: ks.then(|| widest_gap(r, c)),
                temporal: false,
            }
        }
        (r, c) => {
            let mut rows = named_category_counts(r, c);
            let (nr, nc) = rows.iter().fold((0.0, 0.0), |(a, b), (_, x, y)| (a + x, b + y));
            let share = |k: f64, n: f64| if n > 0.0 { k / n } else { 0.0 };
            let pooled = |row: &(String, f64, f64)| share(row.1, nr) + share(row.2, nc);
            rows.sort_by(|a, b| pooled(b).total_cmp(&pooled(a)).then_with(|| a.0.cmp(&b.0)));
            let rest = rows.split_off(rows.len().min(CHART_CATEGORIES));
            let others = (!rest.is_empty()).then(|| {
                let (x, y) = rest.iter().fold((0.0, 0.0), |(a, b), (_, x, y)| (a + x, b + y));
                [share(x, nr), share(y, nc)]
            });
            Distribution {
                edges: None,
                reference: rows.iter().map(|row| share(row.1, nr)).collect(),
                current: rows.iter().map(|row| share(row.2, nc)).collect(),
                categories: Some(rows.into_iter().map(|row| row.0).collect()),
                others,
                ks_gap: None,
                temporal: false,
            }
        }
    }
}

/// Where the empirical CDFs (the share of values <= x) of two samples are furthest apart — the
/// first such x — as `[x, reference CDF, current CDF]`.
fn widest_gap(reference: &[f64], current: &[f64]) -> [f64; 3] {
    let sorted = |v: &[f64]| {
        let mut s = v.to_vec();
        s.sort_unstable_by(f64::total_cmp);
        s
    };
    let (r, c) = (sorted(reference), sorted(current));
    let (nr, nc) = (r.len() as f64, c.len() as f64);
    let (mut i, mut j) = (0, 0);
    let mut best = [f64::NAN, 0.0, 0.0];
    let mut widest = -1.0;
    while i < r.len() || j < c.len() {
        let x = match (r.get(i), c.get(j)) {
            (Some(a), Some(b)) => a.min(*b),
            (Some(a), None) => *a,
            (None, Some(b)) => *b,
            (None, None) => break,
        };
        while i < r.len() && r[i] <= x {
            i += 1;
        }
        while j < c.len() && c[j] <= x {
            j += 1;
        }
        let (fr, fc) = (i as f64 / nr, j as f64 / nc);
        if (fr - fc).abs() > widest {
            widest = (fr - fc).abs();
            best = [x, fr, fc];
        }
    }
    best
}

/// Texts that are all dates or times, as nanoseconds since the epoch (`None` when one is not).
fn instants(texts: &[String]) -> Option<Vec<f64>> {
    texts
        .iter()
        .map(|t| mlgate_core::time::instant(t.trim()).map(|ns| ns as f64))
        .collect()
}

/// A column's present values as categories, by their text.
fn text_sample(view: &ColumnView) -> Result<Sample, String> {
    let text = view
        .text()
        .ok_or_else(|| format!("column {:?} has no text", view.name))?;
    Ok(Sample::Categorical(
        text.iter()
            .zip(view.present_mask())
            .filter_map(|(v, p)| if *p { v.map(str::to_string) } else { None })
            .collect(),
    ))
}

fn distance_of(method: DriftMethod, r: &[f64], c: &[f64]) -> Result<f64, mlgate_stats::StatsError> {
    match method {
        DriftMethod::Psi => distance::psi(r, c),
        DriftMethod::Js => distance::jensen_shannon(r, c),
        _ => distance::linf(r, c),
    }
}

fn distinct(v: &[f64]) -> usize {
    let mut s: Vec<u64> = v.iter().map(|x| x.to_bits()).collect();
    s.sort_unstable();
    s.dedup();
    s.len()
}

/// Counts per category over the union of both sides' categories (sorted by their text).
/// Numbers count as categories by their text; text is counted where it lies.
fn category_counts(reference: &Sample, current: &Sample) -> (Vec<f64>, Vec<f64>) {
    named_category_counts(reference, current)
        .into_iter()
        .map(|(_, r, c)| (r, c))
        .unzip()
}

/// [`category_counts`] with each category's text: `(category, reference count, current count)`.
fn named_category_counts(reference: &Sample, current: &Sample) -> Vec<(String, f64, f64)> {
    fn texts(s: &Sample) -> Vec<Cow<'_, str>> {
        match s {
            Sample::Numeric(v) => v.iter().map(|x| Cow::Owned(number_text(*x, false))).collect(),
            Sample::Categorical(v) => v.iter().map(|t| Cow::Borrowed(t.as_str())).collect(),
        }
    }
    let (reference, current) = (texts(reference), texts(current));
    let mut counts: BTreeMap<&str, (f64, f64)> = BTreeMap::new();
    for k in &reference {
        counts.entry(k.as_ref()).or_default().0 += 1.0;
    }
    for k in &current {
        counts.entry(k.as_ref()).or_default().1 += 1.0;
    }
    counts.into_iter().map(|(k, (r, c))| (k.to_string(), r, c)).collect()
}
