//! Column checks: the type, nulls, value checks (each value passes or fails; `mostly` says
//! what share must pass) and aggregates (one number against bounds).
//!
//! - Value checks look at non-null values (NaN counts as null). `element_count` is the number
//!   of values looked at, `unexpected_count` those that failed, and up to 20 failing rows are
//!   kept as samples. The check passes when (element_count − unexpected_count) / element_count
//!   >= mostly (default 1); a column without values passes.
//! - `unique`: every occurrence of a repeated value fails. `monotonic`: the first value passes,
//!   each later one is compared with the previous non-null value.
//! - Aggregates over no values fail (the mean of nothing is in no range); `n_unique` counts
//!   distinct non-null values (0 for none). `std` has ddof = 1; `median`/`quantile` interpolate
//!   linearly (numpy's default). Sums use compensated (Neumaier) summation.
//! - A declared `type` the column does not have fails the type check; the checks that depend on
//!   the values' type are then skipped with that reason. A missing column fails every check.

use std::cell::OnceCell;

use mlgate_core::report::{Sample, format_rounded, number_value};
use mlgate_core::{CheckResult, Severity, Status};
use mlgate_stats::quantile::quantile_select;
use polars::prelude::{DataFrame, StringChunked};
use polars_arrow::array::{Array, Utf8ViewArray, View};
use serde_json::{Map, Value, json};

use crate::column::{ColumnView, ValueSet, Values, give_back, spare_buffer};
use crate::gate::{ColumnChecks, Monotonic, Range, Scalar, expected_of};
use crate::pattern::WholeMatch;
use crate::read::Table;

/// Failing rows kept per check unless a gate says otherwise (`samples:`).
pub const DEFAULT_SAMPLES: usize = 20;

/// Every check declared on one column: its own, then those of its `warn:` block.
/// `samples`: failing-row samples kept per check.
pub fn evaluate(gate: &str, name: &str, config: &ColumnChecks, table: &Table, samples: usize) -> Vec<CheckResult> {
    let view = ColumnView::of(table, name);
    let mut out = Vec::new();
    let declared_type = config.column_type.or(config.warn.as_ref().and_then(|w| w.column_type));
    // A type the column does not have (declared in either block) skips type-dependent checks.
    let type_mismatch = match (&view, declared_type) {
        (Ok(v), Some(t)) if !v.has_type(t, table.is_text_format()) => Some(format!(
            "column {name:?} is {}, not {} as declared",
            v.type_name(),
            t.as_str()
        )),
        _ => None,
    };
    let own = Block {
        column: name,
        id_prefix: format!("{gate}.columns.{name}."),
        severity: Severity::Fail,
        samples,
    };
    own.run(config, &view, table, type_mismatch.as_deref(), &mut out);
    if let Some(warn) = &config.warn {
        let block = Block {
            id_prefix: format!("{gate}.columns.{name}.warn."),
            severity: Severity::Warn,
            ..own
        };
        block.run(warn, &view, table, type_mismatch.as_deref(), &mut out);
    }
    if let Ok(view) = view {
        view.recycle();
    }
    out
}

/// The checks of one block (a column's own, or its `warn:` block), which share a severity.
struct Block<'a> {
    column: &'a str,
    id_prefix: String,
    severity: Severity,
    /// Failing-row samples kept per check.
    samples: usize,
}

/// What one check found, before the block's severity turns a breach into fail or warn.
enum Finding {
    Pass(String),
    Breach(String),
    Skipped(String),
    Error(String),
}

impl Block<'_> {
    fn run(
        &self,
        c: &ColumnChecks,
        view: &Result<ColumnView, String>,
        table: &Table,
        type_mismatch: Option<&str>,
        out: &mut Vec<CheckResult>,
    ) {
        let mostly = c.mostly.unwrap_or(1.0);
        let view = match view {
            Ok(v) => v,
            Err(missing) => {
                for check in declared(c) {
                    let mut r = self.result(check);
                    self.finish(&mut r, Finding::Breach(missing.clone()));
                    out.push(r);
                }
                return;
            }
        };
        if let Some(t) = c.column_type {
            let mut r = self.result("type");
            r.observed = Some(Value::String(view.type_name()));
            r.expected = Some(Map::from_iter([("type".to_string(), json!(t.as_str()))]));
            let finding = if view.has_type(t, table.is_text_format()) {
                Finding::Pass(format!("column {:?} is {}", self.column, view.type_name()))
            } else {
                Finding::Breach(format!(
                    "column {:?} is {}; expected {}",
                    self.column,
                    view.type_name(),
                    t.as_str()
                ))
            };
            self.finish(&mut r, finding);
            out.push(r);
        }
        if c.nullable == Some(false) {
            let mut r = self.result("nullable");
            r.expected = Some(Map::from_iter([("nullable".to_string(), json!(false))]));
            r.observed = Some(json!(view.missing));
            // The count is known; only the first rows that are null are looked for, as samples.
            let samples: Vec<Sample> = if view.missing == 0 {
                Vec::new()
            } else {
                (view.present_mask().iter().enumerate())
                    .filter(|(_, present)| !**present)
                    .take(self.samples)
                    .map(|(i, _)| Sample {
                        row: i as u64,
                        value: view.sample_value(i),
                    })
                    .collect()
            };
            let scan = Scan {
                element_count: view.len,
                unexpected_count: view.missing,
                samples,
            };
            let finding = if view.missing == 0 {
                Finding::Pass(format!("no nulls in {} rows", view.len))
            } else {
                Finding::Breach(format!("{} of {} rows are null; expected none", view.missing, view.len))
            };
            scan.fill(&mut r);
            self.finish(&mut r, finding);
            out.push(r);
        }
        if let Some(range) = &c.null_fraction {
            let mut r = self.result("null_fraction");
            r.expected = Some(expected_of(&[("min", range.min), ("max", range.max)]));
            let fraction = if view.len == 0 {
                0.0
            } else {
                view.missing as f64 / view.len as f64
            };
            r.observed = Some(number_value(fraction));
            r.element_count = Some(view.len as u64);
            r.unexpected_count = Some(view.missing as u64);
            let what = format!(
                "{} of {} rows null ({})",
                view.missing,
                view.len,
                format_rounded(fraction)
            );
            self.finish(&mut r, judge_range(range, fraction, what));
            out.push(r);
        }

        // Checks below depend on the values' type.
        let skip = |r: &mut CheckResult| {
            if let Some(reason) = type_mismatch {
                self.finish(r, Finding::Skipped(reason.to_string()));
                true
            } else {
                false
            }
        };
        // A numeric column's bounds are counted in one pass over its values, which is what
        // the scan costs (a bound left out passes every number).
        let numbers = match (&view.values, type_mismatch) {
            (Values::Numbers, None) if c.min.is_some() || c.max.is_some() => view.numbers(),
            _ => None,
        };
        let mut scanned = match numbers {
            Some(n) => {
                let everything = (f64::NEG_INFINITY, f64::INFINITY);
                let within = [
                    c.min
                        .map_or(everything, |low| bound_interval(true, low, c.exclusive_min)),
                    c.max
                        .map_or(everything, |high| bound_interval(false, high, c.exclusive_max)),
                ];
                let ([low_scan, high_scan], extremes) = scan_within(view, &n.values, self.samples, within);
                [
                    Some((low_scan, extremes.map(|e| e.0))),
                    Some((high_scan, extremes.map(|e| e.1))),
                ]
            }
            None => [None, None],
        };
        for (k, (check, bound, exclusive)) in [("min", c.min, c.exclusive_min), ("max", c.max, c.exclusive_max)]
            .into_iter()
            .enumerate()
        {
            let Some(bound) = bound else { continue };
            let mut r = self.result(check);
            let mut expected = expected_of(&[(check, Some(bound))]);
            if exclusive {
                expected.insert(format!("exclusive_{check}"), json!(true));
            }
            r.expected = Some(expected);
            if !skip(&mut r) {
                let finding = self.bound_check(
                    view,
                    check == "min",
                    bound,
                    exclusive,
                    mostly,
                    scanned[k].take(),
                    &mut r,
                );
                self.finish(&mut r, finding);
            }
            out.push(r);
        }
        for (check, set, members_fail, failed, passed) in [
            (
                "allowed",
                &c.allowed,
                false,
                "not in the allowed set",
                "in the allowed set",
            ),
            (
                "forbidden",
                &c.forbidden,
                true,
                "in the forbidden set",
                "outside the forbidden set",
            ),
        ] {
            let Some(set) = set else { continue };
            let mut r = self.result(check);
            r.expected = Some(Map::from_iter([(check.to_string(), json!(set))]));
            if !skip(&mut r) {
                let finding = match set_scan(view, set, members_fail, self.samples) {
                    Some(scan) => judged(scan, mostly, failed, passed, &mut r),
                    None => Finding::Error(no_text(view)),
                };
                self.finish(&mut r, finding);
            }
            out.push(r);
        }
        if let Some(pattern) = &c.regex {
            let mut r = self.result("regex");
            r.expected = Some(Map::from_iter([("regex".to_string(), json!(pattern))]));
            if !skip(&mut r) {
                let finding = match (WholeMatch::new(pattern), view.text()) {
                    (Ok(re), Some(text)) => {
                        // Every value is matched first (in batches, which is faster; a null's
                        // empty text is matched too and then passed over), then scanned.
                        let mut matches = Vec::with_capacity(view.len);
                        for array in text.downcast_iter() {
                            re.match_each(array.values_iter(), |m| matches.push(m));
                        }
                        let scan = scan_text(view, text, self.samples, |v| !matches[v.row]);
                        judged(scan, mostly, "do not match", "match", &mut r)
                    }
                    (Err(e), _) => Finding::Error(format!("invalid regular expression: {e}")),
                    (_, None) => Finding::Error(no_text(view)),
                };
                self.finish(&mut r, finding);
            }
            out.push(r);
        }
        if let Some(range) = &c.length {
            let mut r = self.result("length");
            r.expected = Some(expected_of(&[("min", range.min), ("max", range.max)]));
            if !skip(&mut r) {
                let finding = match view.text() {
                    Some(text) => {
                        let scan = scan_text(view, text, self.samples, |v| !length_within(range, &v));
                        judged(
                            scan,
                            mostly,
                            &format!("with a length outside {}", range_text(range)),
                            &format!("of length {}", range_text(range)),
                            &mut r,
                        )
                    }
                    None => Finding::Error(no_text(view)),
                };
                self.finish(&mut r, finding);
            }
            out.push(r);
        }
        if c.unique == Some(true) {
            let mut r = self.result("unique");
            r.expected = Some(Map::from_iter([("unique".to_string(), json!(true))]));
            let finding = match duplicated(view) {
                Ok(dup) => {
                    let scan = scan_rows(
                        view,
                        self.samples,
                        |i| dup.as_ref().is_some_and(|d| d[i]),
                        view.len,
                        false,
                    );
                    judged(scan, mostly, "repeat another value", "are distinct", &mut r)
                }
                Err(e) => Finding::Error(format!("cannot compare the values of column {:?}: {e}", self.column)),
            };
            self.finish(&mut r, finding);
            out.push(r);
        }
        if let Some(order) = c.monotonic {
            let mut r = self.result("monotonic");
            r.expected = Some(Map::from_iter([("monotonic".to_string(), json!(order.as_str()))]));
            if !skip(&mut r) {
                let finding = match out_of_order(view, order) {
                    Some(failing) => {
                        let scan = scan_rows(view, self.samples, |i| failing[i], view.len, false);
                        judged(
                            scan,
                            mostly,
                            &format!("break the {} order", order.as_str().replace('_', " ")),
                            &format!("are in {} order", order.as_str().replace('_', " ")),
                            &mut r,
                        )
                    }
                    None => Finding::Error(format!(
                        "column {:?} holds {} values, which have no order",
                        self.column,
                        view.type_name()
                    )),
                };
                self.finish(&mut r, finding);
            }
            out.push(r);
        }
        let median = |v: &Present| v.quantile(0.5);
        let sum = |v: &Present| Some(neumaier_sum(v.iter()));
        let min_value = |v: &Present| v.iter().reduce(f64::min);
        let max_value = |v: &Present| v.iter().reduce(f64::max);
        let aggregate = |check: &str, range: &Option<Range>, compute: &dyn Fn(&Present) -> Option<f64>| {
            let range = range.as_ref()?;
            let mut r = self.result(check);
            r.expected = Some(expected_of(&[("min", range.min), ("max", range.max)]));
            if !skip(&mut r) {
                let finding = self.aggregate(view, check, range, compute, &mut r);
                self.finish(&mut r, finding);
            }
            Some(r)
        };
        out.extend(aggregate("mean", &c.mean, &|v| mean(v)));
        out.extend(aggregate("median", &c.median, &median));
        out.extend(aggregate("std", &c.std, &|v| std_dev(v)));
        out.extend(aggregate("sum", &c.sum, &sum));
        if let Some(range) = &c.n_unique {
            out.push(self.n_unique(view, range));
        }
        out.extend(aggregate("min_value", &c.min_value, &min_value));
        out.extend(aggregate("max_value", &c.max_value, &max_value));
        if let Some(q) = &c.quantile {
            let mut r = self.result("quantile");
            let mut expected = expected_of(&[("min", q.min), ("max", q.max)]);
            expected.insert("q".into(), number_value(q.q));
            r.expected = Some(expected);
            if !skip(&mut r) {
                let range = Range { min: q.min, max: q.max };
                let finding = self.aggregate(view, "quantile", &range, &|v| v.quantile(q.q), &mut r);
                self.finish(&mut r, finding);
            }
            out.push(r);
        }
    }

    fn result(&self, check: &str) -> CheckResult {
        CheckResult {
            id: format!("{}{check}", self.id_prefix),
            check: check.to_string(),
            column: Some(self.column.to_string()),
            severity: Some(self.severity),
            ..CheckResult::default()
        }
    }

    /// Sets status and message from a finding: a breach fails, or warns in a `warn:` block.
    fn finish(&self, r: &mut CheckResult, finding: Finding) {
        let (status, message) = match finding {
            Finding::Pass(m) => (Status::Pass, m),
            Finding::Breach(m) => (
                match self.severity {
                    Severity::Fail => Status::Fail,
                    Severity::Warn => Status::Warn,
                },
                m,
            ),
            Finding::Skipped(m) => (Status::Skipped, m),
            Finding::Error(m) => (Status::Error, m),
        };
        r.status = status;
        r.message = message;
    }

    /// `min` or `max` on every value; `scanned`: the scan (and the extreme) of a numeric
    /// column, already made.
    #[allow(clippy::too_many_arguments)]
    fn bound_check(
        &self,
        view: &ColumnView,
        is_min: bool,
        bound: f64,
        exclusive: bool,
        mostly: f64,
        scanned: Option<(Scan, Option<f64>)>,
        r: &mut CheckResult,
    ) -> Finding {
        if let Err(why) = view.numeric_kind() {
            return Finding::Error(format!("{why}; `{}` needs numbers", if is_min { "min" } else { "max" }));
        }
        let Some(numbers) = view.numbers() else {
            return Finding::Error(format!("column {:?} has no numbers", self.column));
        };
        let values = &numbers.values;
        let (low, high) = bound_interval(is_min, bound, exclusive);
        let (scan, extreme) = match scanned {
            Some(scanned) => scanned,
            // Text read as numbers (a numeric column was scanned above).
            None => {
                let scan = scan_rows(
                    view,
                    self.samples,
                    |i| !(low..=high).contains(&values[i]),
                    view.len,
                    false,
                );
                let extreme =
                    values
                        .iter()
                        .copied()
                        .filter(|x| !x.is_nan())
                        .reduce(if is_min { f64::min } else { f64::max });
                (scan, extreme)
            }
        };
        r.observed = extreme.map(number_value);
        let op = match (is_min, exclusive) {
            (true, false) => "below",
            (true, true) => "at or below",
            (false, false) => "above",
            (false, true) => "at or above",
        };
        let pass_op = match (is_min, exclusive) {
            (true, false) => ">=",
            (true, true) => ">",
            (false, false) => "<=",
            (false, true) => "<",
        };
        let extreme_text = extreme
            .map(|x| format!(" ({} {})", if is_min { "lowest" } else { "highest" }, format_rounded(x)))
            .unwrap_or_default();
        let not_numbers = if numbers.not_number_count == 0 {
            String::new()
        } else {
            format!(" or not numbers ({} not numbers)", numbers.not_number_count)
        };
        let b = format_rounded(bound);
        judged(
            scan,
            mostly,
            &format!("{op} {b}{not_numbers}{extreme_text}"),
            &format!("{pass_op} {b}{extreme_text}"),
            r,
        )
    }

    /// An aggregate of the values against its bounds.
    fn aggregate(
        &self,
        view: &ColumnView,
        check: &str,
        range: &Range,
        compute: &dyn Fn(&Present) -> Option<f64>,
        r: &mut CheckResult,
    ) -> Finding {
        let values = match self.values_for_aggregate(view, check) {
            Ok(v) => v,
            Err(f) => return f,
        };
        let n = values.len();
        r.element_count = Some(n as u64);
        if n == 0 {
            return Finding::Breach(format!(
                "no values to compute the {check} of; expected {}",
                range_text(range)
            ));
        }
        match compute(&values) {
            Some(x) if !x.is_nan() => {
                r.observed = Some(number_value(x));
                let label = match r.expected.as_ref().and_then(|e| e.get("q")) {
                    Some(q) => format!("quantile {q}"),
                    None => check.to_string(),
                };
                judge_range(range, x, format!("{label} {}", format_rounded(x)))
            }
            _ => Finding::Breach(format!(
                "the {check} of {n} value(s) is undefined; expected {}",
                range_text(range)
            )),
        }
    }

    /// The present values as numbers, or the finding that says why there are none to use.
    fn values_for_aggregate<'v>(&self, view: &'v ColumnView, check: &str) -> Result<Present<'v>, Finding> {
        if let Err(why) = view.numeric_kind() {
            return Err(Finding::Error(format!("{why}; `{check}` needs numbers")));
        }
        let numbers = view
            .numbers()
            .ok_or_else(|| Finding::Error(format!("`{check}` needs numbers")))?;
        if let Some((row, text)) = &numbers.first_not_number {
            return Err(Finding::Breach(format!(
                "{} value(s) are not numbers (row {row}: {text:?}); `{check}` needs numbers",
                numbers.not_number_count
            )));
        }
        Ok(Present {
            all: &numbers.values,
            count: numbers.present,
            mean: &numbers.mean,
        })
    }

    fn n_unique(&self, view: &ColumnView, range: &Range) -> CheckResult {
        let mut r = self.result("n_unique");
        r.expected = Some(expected_of(&[("min", range.min), ("max", range.max)]));
        let finding = match view.distinct_present() {
            Ok(n) => {
                r.observed = Some(json!(n));
                r.element_count = Some(view.present() as u64);
                judge_range(range, n as f64, format!("{n} distinct values"))
            }
            Err(e) => Finding::Error(format!("cannot count distinct values of column {:?}: {e}", self.column)),
        };
        self.finish(&mut r, finding);
        r
    }
}

/// A rough cost of a column's checks, in tenths of a pass over its values (measured on the
/// benchmark's 10M rows: a pass is ~16 ms), to hand the costliest columns to threads first so
/// that they finish together. Reading a column as numbers, once for all its numeric checks,
/// costs two passes; a regex about eight.
pub fn effort(c: &ColumnChecks) -> u32 {
    let checks: Vec<&str> = [Some(c), c.warn.as_deref()]
        .into_iter()
        .flatten()
        .flat_map(declared)
        .collect();
    let numeric = [
        "min",
        "max",
        "mean",
        "median",
        "std",
        "sum",
        "min_value",
        "max_value",
        "quantile",
    ];
    let as_numbers = if checks.iter().any(|check| numeric.contains(check)) {
        20
    } else {
        0
    };
    let passes: u32 = checks
        .iter()
        .map(|check| match *check {
            "regex" => 80,
            "median" | "quantile" => 35,
            "allowed" | "forbidden" | "std" => 20,
            "monotonic" | "n_unique" => 15,
            "type" | "nullable" | "null_fraction" => 0,
            _ => 10,
        })
        .sum();
    as_numbers + passes
}

/// The checks a block declares, in report order (for a missing column).
fn declared(c: &ColumnChecks) -> Vec<&'static str> {
    let mut out = Vec::new();
    let mut add = |on: bool, name: &'static str| {
        if on {
            out.push(name)
        }
    };
    add(c.column_type.is_some(), "type");
    add(c.nullable == Some(false), "nullable");
    add(c.null_fraction.is_some(), "null_fraction");
    add(c.min.is_some(), "min");
    add(c.max.is_some(), "max");
    add(c.allowed.is_some(), "allowed");
    add(c.forbidden.is_some(), "forbidden");
    add(c.regex.is_some(), "regex");
    add(c.length.is_some(), "length");
    add(c.unique == Some(true), "unique");
    add(c.monotonic.is_some(), "monotonic");
    add(c.mean.is_some(), "mean");
    add(c.median.is_some(), "median");
    add(c.std.is_some(), "std");
    add(c.sum.is_some(), "sum");
    add(c.n_unique.is_some(), "n_unique");
    add(c.min_value.is_some(), "min_value");
    add(c.max_value.is_some(), "max_value");
    add(c.quantile.is_some(), "quantile");
    out
}

/// Counts of a value check.
pub(crate) struct Scan {
    pub element_count: usize,
    pub unexpected_count: usize,
    pub samples: Vec<Sample>,
}

impl Scan {
    fn fill(&self, r: &mut CheckResult) {
        r.element_count = Some(self.element_count as u64);
        r.unexpected_count = Some(self.unexpected_count as u64);
        r.unexpected_fraction = Some(if self.element_count == 0 {
            0.0
        } else {
            self.unexpected_count as f64 / self.element_count as f64
        });
        if !self.samples.is_empty() {
            r.samples = Some(self.samples.clone());
        }
    }
}

/// Rows `0..len` that hold a value (all rows when `all_rows`), counted as failing by `fails`.
fn scan_rows(view: &ColumnView, max: usize, fails: impl Fn(usize) -> bool, len: usize, all_rows: bool) -> Scan {
    let present = view.present_mask();
    let mut scan = Scan {
        element_count: 0,
        unexpected_count: 0,
        samples: Vec::new(),
    };
    for (i, &is_present) in present.iter().enumerate().take(len) {
        if !all_rows && !is_present {
            continue;
        }
        scan.element_count += 1;
        if fails(i) {
            scan.unexpected_count += 1;
            if scan.samples.len() < max {
                scan.samples.push(Sample {
                    row: i as u64,
                    value: view.sample_value(i),
                });
            }
        }
    }
    scan
}

/// Like [`scan_rows`] over a numeric column's values (NaN missing), in one pass.
fn scan_numbers(view: &ColumnView, values: &[f64], max: usize, fails: impl Fn(f64) -> bool) -> Scan {
    let mut scan = Scan {
        element_count: 0,
        unexpected_count: 0,
        samples: Vec::new(),
    };
    for (i, &x) in values.iter().enumerate() {
        if x.is_nan() {
            continue;
        }
        scan.element_count += 1;
        if fails(x) {
            scan.unexpected_count += 1;
            if scan.samples.len() < max {
                scan.samples.push(Sample {
                    row: i as u64,
                    value: view.sample_value(i),
                });
            }
        }
    }
    scan
}

/// The values that pass `min` (`is_min`) or `max` at `bound`, as inclusive bounds: an
/// exclusive bound moves to the next number inward (`> 1` is `>= 1.0000000000000002`), and
/// nothing is beyond an infinite one.
fn bound_interval(is_min: bool, bound: f64, exclusive: bool) -> (f64, f64) {
    const NOTHING: (f64, f64) = (f64::INFINITY, f64::NEG_INFINITY);
    match (is_min, exclusive) {
        (true, true) if bound == f64::INFINITY => NOTHING,
        (false, true) if bound == f64::NEG_INFINITY => NOTHING,
        (true, false) => (bound, f64::INFINITY),
        (true, true) => (bound.next_up(), f64::INFINITY),
        (false, false) => (f64::NEG_INFINITY, bound),
        (false, true) => (f64::NEG_INFINITY, bound.next_down()),
    }
}

/// Like [`scan_rows`] over a numeric column's values (NaN missing) for N checks at once, check
/// k passing the values within `within[k]` (inclusive; NaN is within nothing); also gives the
/// lowest and highest present value. One pass without branches (which the compiler makes
/// vector code) counts values, failing values and extremes; only when values fail does a second
/// pass pick the first of them as samples.
fn scan_within<const N: usize>(
    view: &ColumnView,
    values: &[f64],
    max: usize,
    within: [(f64, f64); N],
) -> ([Scan; N], Option<(f64, f64)>) {
    let (mut present, mut failing) = (0usize, [0usize; N]);
    let (mut lowest, mut highest) = (f64::INFINITY, f64::NEG_INFINITY);
    for &x in values {
        let is_present = !x.is_nan();
        present += usize::from(is_present);
        // f64::min and max ignore a NaN operand.
        lowest = lowest.min(x);
        highest = highest.max(x);
        for (count, (low, high)) in failing.iter_mut().zip(within) {
            *count += usize::from(is_present & !((x >= low) & (x <= high)));
        }
    }
    let scans = std::array::from_fn(|k| {
        let (low, high) = within[k];
        let samples = if failing[k] == 0 {
            Vec::new()
        } else {
            (values.iter().enumerate())
                .filter(|(_, x)| !x.is_nan() && !(low..=high).contains(*x))
                .take(max)
                .map(|(i, _)| Sample {
                    row: i as u64,
                    value: view.sample_value(i),
                })
                .collect()
        };
        Scan {
            element_count: present,
            unexpected_count: failing[k],
            samples,
        }
    });
    (scans, (present > 0).then_some((lowest, highest)))
}

/// A present value of a text column as [`scan_text`] hands it over: its string view (which holds
/// a value of up to 12 bytes whole) and its text on demand.
struct TextValue<'a> {
    view: View,
    array: &'a Utf8ViewArray,
    index: usize,
    /// The row in the column.
    row: usize,
}

impl TextValue<'_> {
    fn text(&self) -> &str {
        // SAFETY: `index` is within the array it came from (scan_text walks its views).
        unsafe { self.array.value_unchecked(self.index) }
    }
}

/// Like [`scan_rows`] over the column's text, walked front to back, chunk by chunk.
fn scan_text(view: &ColumnView, text: &StringChunked, max: usize, fails: impl Fn(TextValue<'_>) -> bool) -> Scan {
    let mut scan = Scan {
        element_count: 0,
        unexpected_count: 0,
        samples: Vec::new(),
    };
    let mut first_row = 0;
    for array in text.downcast_iter() {
        let validity = array.validity().filter(|v| v.unset_bits() > 0);
        for (index, &v) in array.views().iter().enumerate() {
            if validity.is_some_and(|valid| !valid.get_bit(index)) {
                continue;
            }
            scan.element_count += 1;
            let row = first_row + index;
            if fails(TextValue {
                view: v,
                array,
                index,
                row,
            }) {
                scan.unexpected_count += 1;
                if scan.samples.len() < max {
                    scan.samples.push(Sample {
                        row: row as u64,
                        value: view.sample_value(row),
                    });
                }
            }
        }
        first_row += array.len();
    }
    scan
}

/// Whether a value's length in characters is within `range`. A value of n bytes has between
/// ceil(n / 4) and n characters (UTF-8 takes 1 to 4 bytes for one): when the range holds both
/// ends, it holds the length, known from the string view without reading the text.
fn length_within(range: &Range, v: &TextValue<'_>) -> bool {
    let bytes = v.view.length as usize;
    if range.contains(bytes as f64) && range.contains(bytes.div_ceil(4) as f64) {
        return true;
    }
    range.contains(char_length(v.text()) as f64)
}

/// Length in characters (what `length` bounds). Most values are ASCII, where it is the byte
/// length: checked first, a word at a time, before counting characters.
fn char_length(s: &str) -> usize {
    if s.is_ascii() { s.len() } else { s.chars().count() }
}

/// Per row, whether its value occurs more than once (`None`: no value does). Numbers that are
/// strictly monotonic — ids, the common case — are known distinct in one pass; anything else
/// goes through polars' hash-based duplicate search.
fn duplicated(view: &ColumnView) -> Result<Option<Vec<bool>>, polars::error::PolarsError> {
    if let Values::Numbers = view.values
        && let Some(n) = view.numbers()
    {
        let mut present = n.values.iter().copied().filter(|x| !x.is_nan());
        if let Some(first) = present.next() {
            let (mut up, mut down, mut prev) = (true, true, first);
            for x in present {
                up &= x > prev;
                down &= x < prev;
                if !up && !down {
                    break;
                }
                prev = x;
            }
            if up || down {
                return Ok(None);
            }
        }
    }
    let dup = DataFrame::new(view.len, vec![view.series.clone().into()])?.is_duplicated()?;
    Ok(Some(dup.iter().map(|d| d.unwrap_or(false)).collect()))
}

/// `allowed` (`forbidden`: members fail) over the present values, numbers as numbers; `None`
/// for values without text.
fn set_scan(view: &ColumnView, set: &[Scalar], members_fail: bool, max: usize) -> Option<Scan> {
    let set = ValueSet::new(set);
    // (Text columns are not parsed as numbers here: `numbers()` only for numeric columns.)
    if let Values::Numbers = view.values {
        let n = view.numbers()?;
        return Some(scan_numbers(view, &n.values, max, |x| {
            set.has_number(x) == members_fail
        }));
    }
    let member = |v: TextValue<'_>| set.has_inline(v.view).unwrap_or_else(|| set.has_text(v.text()));
    Some(scan_text(view, view.text()?, max, |v| member(v) == members_fail))
}

fn no_text(view: &ColumnView) -> String {
    format!(
        "column {:?} holds {} values, which have no text",
        view.name,
        view.type_name()
    )
}

/// A value check's finding under `mostly`, with its counts and samples written into `r`.
fn judged(scan: Scan, mostly: f64, failed: &str, passed: &str, r: &mut CheckResult) -> Finding {
    let finding = map_finding(&scan, mostly, failed, passed);
    scan.fill(r);
    finding
}

/// Pass or breach of a value check under `mostly`, with its message.
fn map_finding(scan: &Scan, mostly: f64, failed: &str, passed: &str) -> Finding {
    let (n, u) = (scan.element_count, scan.unexpected_count);
    if n == 0 {
        return Finding::Pass("no values to check".into());
    }
    let share = (n - u) as f64 / n as f64;
    let mostly_text = |verb: &str| {
        format!(
            "; {} of values pass, mostly {} {verb}",
            format_percent(share),
            format_rounded(mostly)
        )
    };
    if u == 0 {
        Finding::Pass(format!("all {n} values {passed}"))
    } else if share >= mostly {
        Finding::Pass(format!("{u} of {n} values {failed}{}", mostly_text("allows it")))
    } else if mostly < 1.0 {
        Finding::Breach(format!("{u} of {n} values {failed}{}", mostly_text("needs more")))
    } else {
        Finding::Breach(format!("{u} of {n} values {failed}"))
    }
}

fn format_percent(share: f64) -> String {
    format!("{}%", format_rounded(share * 100.0))
}

/// An observed number against inclusive bounds.
fn judge_range(range: &Range, x: f64, what: String) -> Finding {
    if range.contains(x) {
        Finding::Pass(format!("{what}, within {}", range_text(range)))
    } else {
        Finding::Breach(format!("{what}; expected {}", range_text(range)))
    }
}

/// `[0, 1]`, `>= 3`, `<= 0.5`.
pub(crate) fn range_text(range: &Range) -> String {
    match (range.min, range.max) {
        (Some(a), Some(b)) if a == b => format!("= {}", format_rounded(a)),
        (Some(a), Some(b)) => format!("[{}, {}]", format_rounded(a), format_rounded(b)),
        (Some(a), None) => format!(">= {}", format_rounded(a)),
        (None, Some(b)) => format!("<= {}", format_rounded(b)),
        (None, None) => "any value".into(),
    }
}

/// Per row: whether it breaks the order (each present value against the previous present one).
/// `None` for values without an order.
fn out_of_order(view: &ColumnView, order: Monotonic) -> Option<Vec<bool>> {
    use std::cmp::Ordering;
    let bad = |o: Ordering| match order {
        Monotonic::Increasing => o == Ordering::Less,
        Monotonic::Decreasing => o == Ordering::Greater,
        Monotonic::StrictlyIncreasing => o != Ordering::Greater,
        Monotonic::StrictlyDecreasing => o != Ordering::Less,
    };
    fn walk<T: Copy>(
        items: impl Iterator<Item = Option<T>>,
        cmp: impl Fn(T, T) -> Ordering,
        bad: impl Fn(Ordering) -> bool,
    ) -> Vec<bool> {
        let mut prev: Option<T> = None;
        items
            .map(|v| match v {
                None => false,
                Some(x) => {
                    let failed = prev.is_some_and(|p| bad(cmp(x, p)));
                    prev = Some(x);
                    failed
                }
            })
            .collect()
    }
    Some(match &view.values {
        Values::Numbers => walk(
            view.numbers()?.values.iter().map(|x| (!x.is_nan()).then_some(*x)),
            |a: f64, b: f64| a.total_cmp(&b),
            bad,
        ),
        Values::Text(t) => walk(t.iter(), |a: &str, b: &str| a.cmp(b), bad),
        Values::Booleans(b) => walk(b.iter(), |a: bool, b: bool| a.cmp(&b), bad),
        Values::Temporal => walk(view.instants().iter().copied(), |a: i64, b: i64| a.cmp(&b), bad),
        Values::Other => return None,
    })
}

/// The present (non-NaN) values of a column, read in place: only quantiles copy them.
pub(crate) struct Present<'a> {
    all: &'a [f64],
    count: usize,
    /// The column's mean, computed at most once.
    mean: &'a OnceCell<f64>,
}

impl<'a> Present<'a> {
    fn len(&self) -> usize {
        self.count
    }

    fn iter(&self) -> impl Iterator<Item = f64> + 'a {
        self.all.iter().copied().filter(|x| !x.is_nan())
    }

    /// The q-quantile, selected in a copy of the values (a spare buffer when there is one).
    fn quantile(&self, q: f64) -> Option<f64> {
        let mut copy = spare_buffer(self.count);
        copy.extend(self.iter());
        let quantile = quantile_select(&mut copy, q).ok();
        give_back(copy);
        quantile
    }
}

/// Neumaier's compensated sum: stable, and the same bits natively and in wasm.
pub(crate) fn neumaier_sum(values: impl Iterator<Item = f64>) -> f64 {
    let (mut sum, mut compensation) = (0.0f64, 0.0f64);
    for x in values {
        let t = sum + x;
        if sum.abs() >= x.abs() {
            compensation += (sum - t) + x;
        } else {
            compensation += (x - t) + sum;
        }
        sum = t;
    }
    let total = sum + compensation;
    // Infinities make the compensation NaN; the plain sum is then the answer.
    if total.is_nan() && !sum.is_nan() { sum } else { total }
}

fn mean(v: &Present) -> Option<f64> {
    Some(*v.mean.get_or_init(|| neumaier_sum(v.iter()) / v.len() as f64))
}

/// Sample standard deviation (ddof = 1), two passes.
fn std_dev(v: &Present) -> Option<f64> {
    if v.len() < 2 {
        return None;
    }
    let m = mean(v)?;
    let ss = neumaier_sum(v.iter().map(|x| (x - m) * (x - m)));
    Some((ss / (v.len() - 1) as f64).sqrt())
}

#[cfg(test)]
mod tests {
    use super::bound_interval;

    /// Whether `x` passes a bound, the way scans test it.
    fn passes(x: f64, is_min: bool, bound: f64, exclusive: bool) -> bool {
        let (low, high) = bound_interval(is_min, bound, exclusive);
        (low..=high).contains(&x)
    }

    /// An inclusive interval says what the comparison says, at the bound, next to it, at the
    /// infinities (which a config cannot write, but a bound stays correct for) and for NaN.
    #[test]
    fn bounds_as_intervals_agree_with_comparisons() {
        let (inf, nan) = (f64::INFINITY, f64::NAN);
        let bounds = [0.0, -0.0, 1.0, -2.5, f64::MIN_POSITIVE, f64::MAX, f64::MIN, inf, -inf];
        for bound in bounds {
            let near = [
                bound,
                bound.next_up(),
                bound.next_down(),
                0.0,
                1.0,
                -1.0,
                inf,
                -inf,
                nan,
            ];
            for x in near {
                assert_eq!(passes(x, true, bound, false), x >= bound, "{x} >= {bound}");
                assert_eq!(passes(x, true, bound, true), x > bound, "{x} > {bound}");
                assert_eq!(passes(x, false, bound, false), x <= bound, "{x} <= {bound}");
                assert_eq!(passes(x, false, bound, true), x < bound, "{x} < {bound}");
            }
        }
    }
}
