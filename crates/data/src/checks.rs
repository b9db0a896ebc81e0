//! Column checks: every check of the catalog declared on one column, in catalog order — the
//! type, nulls, value checks (`values.rs`: each value passes or fails; `mostly` says what share
//! must pass) and aggregates (`aggregates.rs`: one number against bounds).
//!
//! - Value checks look at non-null values (NaN counts as null). `element_count` is the number
//!   of values looked at, `unexpected_count` those that failed, and the first failing rows are
//!   kept as samples (see `finding.rs` for `mostly`).
//! - A declared `type` the column does not have fails the type check; the checks that depend on
//!   the values' type are then skipped with that reason. A missing column fails every check.

use mlgate_core::report::{Sample, format_rounded, number_value};
use mlgate_core::yaml::PositionIndex;
use mlgate_core::{CheckResult, Number, Severity, Status};
use serde_json::{Map, Value, json};

use polars::prelude::DataType;

use crate::column::{ColumnView, Values};
use crate::config::{Bound, ColumnCheck, ColumnChecks, ColumnType};
use crate::finding::{Finding, Scan, expected_of, judge_range, judged};
use crate::read::Table;
use crate::scans::scan_text;
use crate::values::{self, BoundScans};
use crate::{aggregates, conformance};

/// Failing rows kept per check unless a gate says otherwise (`samples:`).
pub const DEFAULT_SAMPLES: usize = 20;

/// Every check declared on one column: its own, then those of its `warn:` block.
/// `samples`: failing-row samples kept per check.
/// `now_ns`: the run's time (nanoseconds since the epoch), for `today` and `now` in date bounds.
pub fn evaluate(
    gate: &str,
    name: &str,
    config: &ColumnChecks,
    table: &Table,
    samples: usize,
    now_ns: Option<i128>,
) -> Vec<CheckResult> {
    let view = ColumnView::of(table, name);
    let mut out = Vec::new();
    let declaring = [Some(config), config.warn.as_deref()]
        .into_iter()
        .flatten()
        .find(|c| c.column_type.is_some());
    let types = match (&view, declaring) {
        (Ok(v), Some(c)) => TypeJudgement::of(v, c.column_type.unwrap_or(ColumnType::String), table, samples),
        _ => TypeJudgement::Matches,
    };
    // A column of another type than declared (in either block) skips the type-dependent checks;
    // a text column judged value by value runs them on the values that are of the type.
    let type_mismatch = match (&view, declaring, &types) {
        (Ok(v), Some(c), TypeJudgement::Mismatch) => Some(format!(
            "column {name:?} is {}, not {} as declared",
            v.type_name(),
            c.column_type.unwrap_or(ColumnType::String).as_str()
        )),
        _ => None,
    };
    let own = Block {
        column: name,
        id_prefix: format!("{gate}.columns.{name}."),
        pointer: PositionIndex::child("/columns", name),
        severity: Severity::Fail,
        samples,
        now_ns,
    };
    own.run(config, &view, &types, type_mismatch.as_deref(), &mut out);
    if let Some(warn) = &config.warn {
        let block = Block {
            id_prefix: format!("{gate}.columns.{name}.warn."),
            pointer: format!("{}/warn", own.pointer),
            severity: Severity::Warn,
            ..own
        };
        block.run(warn, &view, &types, type_mismatch.as_deref(), &mut out);
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
    /// The block's JSON pointer in its gate (`/columns/age`, `/columns/age/warn`).
    pointer: String,
    severity: Severity,
    /// Failing-row samples kept per check.
    samples: usize,
    /// The run's time, for relative date bounds.
    now_ns: Option<i128>,
}

/// The column's type against the declared one, found once for both blocks.
enum TypeJudgement {
    Matches,
    /// A text column of a CSV or JSON file: each value judged (see `conformance.rs`), and the
    /// values that are of the type, typed, which the column's other checks read.
    ByValue {
        scan: Scan,
        declared: ColumnType,
        typed: Option<Box<ColumnView>>,
    },
    /// The column as a whole is of another type.
    Mismatch,
}

impl TypeJudgement {
    fn of(view: &ColumnView, declared: ColumnType, table: &Table, samples: usize) -> TypeJudgement {
        if view.has_type(declared, table.is_text_format()) {
            return TypeJudgement::Matches;
        }
        match &view.values {
            Values::Text(text) if table.is_text_format() && view.dtype == DataType::String => TypeJudgement::ByValue {
                scan: scan_text(view, text, samples, |v| !conformance::is_a(declared, v.text())),
                declared,
                typed: conformance::typed(text, declared)
                    .and_then(|s| ColumnView::from_series(&view.name, s).ok())
                    .map(Box::new),
            },
            _ => TypeJudgement::Mismatch,
        }
    }
}

impl Block<'_> {
    /// Every check of the block, in catalog order; a missing column breaches each of them.
    fn run(
        &self,
        c: &ColumnChecks,
        view: &Result<ColumnView, String>,
        types: &TypeJudgement,
        type_mismatch: Option<&str>,
        out: &mut Vec<CheckResult>,
    ) {
        let view = match view {
            Ok(v) => v,
            Err(missing) => {
                for check in c.declared() {
                    let mut r = self.result(check);
                    self.finish(&mut r, Finding::Breach(missing.clone()));
                    out.push(r);
                }
                return;
            }
        };
        // Checks that depend on the type read the values of the declared type, when the column
        // was judged value by value; the rest were reported by the type check, and are counted.
        let (typed, left_out) = match types {
            TypeJudgement::ByValue { scan, declared, typed } => (
                typed.as_deref().unwrap_or(view),
                (scan.unexpected_count > 0).then(|| {
                    format!(
                        " ({} value(s) that are not {} left out: see the type check)",
                        scan.unexpected_count,
                        conformance::plural(*declared)
                    )
                }),
            ),
            _ => (view, None),
        };
        let mut bounds = BoundScans::new(c, typed, type_mismatch.is_some(), self.samples);
        for check in c.declared() {
            let mut r = self.result(check);
            r.expected = Some(expected(check, c));
            let reads_type = check.needs_declared_type();
            let finding = match type_mismatch {
                Some(reason) if reads_type => Finding::Skipped(reason.to_string()),
                _ => self.check(
                    check,
                    c,
                    if reads_type { typed } else { view },
                    types,
                    &mut bounds,
                    &mut r,
                ),
            };
            self.finish(&mut r, finding);
            if let (true, Some(note)) = (reads_type && check != ColumnCheck::Type, &left_out) {
                r.message.push_str(note);
            }
            out.push(r);
        }
    }

    /// One check of the catalog on the column.
    fn check(
        &self,
        check: ColumnCheck,
        c: &ColumnChecks,
        view: &ColumnView,
        types: &TypeJudgement,
        bounds: &mut BoundScans,
        r: &mut CheckResult,
    ) -> Finding {
        let mostly = c.mostly.unwrap_or(1.0);
        let samples = self.samples;
        match check {
            ColumnCheck::Type => self.type_check(c.column_type.unwrap_or(ColumnType::String), view, types, mostly, r),
            ColumnCheck::Nullable => self.nullable(view, r),
            ColumnCheck::NullFraction => null_fraction(view, c.null_fraction.unwrap_or_default(), r),
            ColumnCheck::Min | ColumnCheck::Max => {
                let is_min = check == ColumnCheck::Min;
                let (bound, exclusive) = match is_min {
                    true => (&c.min, c.exclusive_min),
                    false => (&c.max, c.exclusive_max),
                };
                let bound = bound.clone().unwrap_or(Bound::Number(Number::Int(0)));
                values::bound(view, is_min, &bound, exclusive, mostly, bounds, samples, self.now_ns, r)
            }
            ColumnCheck::Allowed => values::set(
                view,
                c.allowed.as_deref().unwrap_or_default(),
                false,
                mostly,
                samples,
                r,
            ),
            ColumnCheck::Forbidden => values::set(
                view,
                c.forbidden.as_deref().unwrap_or_default(),
                true,
                mostly,
                samples,
                r,
            ),
            ColumnCheck::Regex => values::regex(view, c.regex.as_deref().unwrap_or_default(), mostly, samples, r),
            ColumnCheck::Format => values::format(view, c.format.as_deref().unwrap_or_default(), mostly, samples, r),
            ColumnCheck::Length => values::length(view, &c.length.unwrap_or_default(), mostly, samples, r),
            ColumnCheck::Unique => values::unique(view, mostly, samples, r),
            ColumnCheck::Monotonic => match c.monotonic {
                Some(order) => values::monotonic(view, order, mostly, samples, r),
                None => Finding::Pass("no order declared".into()),
            },
            ColumnCheck::Mean
            | ColumnCheck::Median
            | ColumnCheck::Std
            | ColumnCheck::Sum
            | ColumnCheck::NUnique
            | ColumnCheck::MinValue
            | ColumnCheck::MaxValue
            | ColumnCheck::Quantile => aggregates::aggregate(view, check, c, r),
        }
    }

    fn result(&self, check: ColumnCheck) -> CheckResult {
        CheckResult {
            id: format!("{}{}", self.id_prefix, check.id()),
            check: check.id().to_string(),
            column: Some(self.column.to_string()),
            severity: Some(self.severity),
            pointer: Some(format!("{}/{}", self.pointer, check.id())),
            ..CheckResult::default()
        }
    }

    /// Sets status and message from a finding: a breach fails, or warns in a `warn:` block.
    fn finish(&self, r: &mut CheckResult, finding: Finding) {
        let (status, message) = match finding {
            Finding::Pass(m) => (Status::Pass, m),
            Finding::Breach(m) => (self.severity.breach_status(), m),
            Finding::Skipped(m) => (Status::Skipped, m),
            Finding::Error(m) => (Status::Error, m),
        };
        r.status = status;
        r.message = message;
    }

    /// `type`: the column's type against the declared one, or each value's.
    fn type_check(
        &self,
        declared: ColumnType,
        view: &ColumnView,
        types: &TypeJudgement,
        mostly: f64,
        r: &mut CheckResult,
    ) -> Finding {
        r.observed = Some(Value::String(view.type_name()));
        match types {
            TypeJudgement::Matches => Finding::Pass(format!("column {:?} is {}", self.column, view.type_name())),
            TypeJudgement::ByValue { scan, .. } => {
                // The values themselves are the samples (the text report shows the first ones).
                let kind = conformance::plural(declared);
                let reads_as = format!("the column reads as {}", view.type_name());
                judged(
                    scan.clone(),
                    mostly,
                    &format!("are not {kind} ({reads_as})"),
                    &format!("are {kind} ({reads_as})"),
                    r,
                )
            }
            TypeJudgement::Mismatch => Finding::Breach(format!(
                "column {:?} is {}; expected {}",
                self.column,
                view.type_name(),
                declared.as_str()
            )),
        }
    }

    /// `nullable: false`: no null at all.
    fn nullable(&self, view: &ColumnView, r: &mut CheckResult) -> Finding {
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
        scan.fill(r);
        if view.missing == 0 {
            Finding::Pass(format!("no nulls in {} rows", view.len))
        } else {
            Finding::Breach(format!("{} of {} rows are null; expected none", view.missing, view.len))
        }
    }
}

/// `null_fraction`: the share of null rows against its bounds.
fn null_fraction(view: &ColumnView, range: crate::config::Range, r: &mut CheckResult) -> Finding {
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
    judge_range(&range, Number::Float(fraction), what)
}

/// The report's `expected` of a check: its bounds or setting as the config declares them.
fn expected(check: ColumnCheck, c: &ColumnChecks) -> Map<String, Value> {
    let one = |key: &str, value: Value| Map::from_iter([(key.to_string(), value)]);
    match check {
        ColumnCheck::Type => one("type", json!(c.column_type.map(ColumnType::as_str))),
        ColumnCheck::Nullable => one("nullable", json!(false)),
        ColumnCheck::Min | ColumnCheck::Max => {
            let (bound, exclusive) = match check == ColumnCheck::Min {
                true => (&c.min, c.exclusive_min),
                false => (&c.max, c.exclusive_max),
            };
            let mut expected: Map<String, Value> =
                bound.iter().map(|b| (check.id().to_string(), b.to_json())).collect();
            if exclusive {
                expected.insert(format!("exclusive_{}", check.id()), json!(true));
            }
            expected
        }
        ColumnCheck::Allowed => one("allowed", json!(c.allowed)),
        ColumnCheck::Forbidden => one("forbidden", json!(c.forbidden)),
        ColumnCheck::Regex => one("regex", json!(c.regex)),
        ColumnCheck::Format => one("format", json!(c.format)),
        ColumnCheck::Unique => one("unique", json!(true)),
        ColumnCheck::Monotonic => one("monotonic", json!(c.monotonic.map(super::config::Monotonic::as_str))),
        ColumnCheck::Quantile => {
            let q = c.quantile.unwrap_or(crate::config::QuantileBound {
                q: 0.5,
                min: None,
                max: None,
            });
            let mut expected = expected_of(&[("min", q.min), ("max", q.max)]);
            expected.insert("q".into(), number_value(q.q));
            expected
        }
        ColumnCheck::NullFraction
        | ColumnCheck::Length
        | ColumnCheck::Mean
        | ColumnCheck::Median
        | ColumnCheck::Std
        | ColumnCheck::Sum
        | ColumnCheck::NUnique
        | ColumnCheck::MinValue
        | ColumnCheck::MaxValue => {
            let range = c.range(check).copied().unwrap_or_default();
            expected_of(&[("min", range.min), ("max", range.max)])
        }
    }
}
