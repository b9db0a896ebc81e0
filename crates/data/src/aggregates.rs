//! Aggregates: one number computed over a column's present values, against bounds.
//!
//! Aggregates over no values fail (the mean of nothing is in no range); `n_unique` counts
//! distinct present values (0 for none). `std` has ddof = 1; `median`/`quantile` interpolate
//! linearly (numpy's default). Sums use compensated (Neumaier) summation. A value that is not a
//! number (in a text column) fails the aggregate, named with its row.

use std::cell::OnceCell;

use mlgate_core::CheckResult;
use mlgate_core::report::{format_rounded, number_value};
use mlgate_stats::quantile::quantile_select;
use serde_json::json;

use crate::column::{ColumnView, give_back, spare_buffer};
use crate::config::{ColumnCheck, ColumnChecks, Range};
use crate::finding::{Finding, judge_range, range_text};

/// The aggregate `check` of the column against its bounds in `c`.
pub(crate) fn aggregate(view: &ColumnView, check: ColumnCheck, c: &ColumnChecks, r: &mut CheckResult) -> Finding {
    if check == ColumnCheck::NUnique {
        return n_unique(view, c.n_unique.as_ref().unwrap_or(&Range::default()), r);
    }
    let (range, q) = match (check, &c.quantile) {
        (ColumnCheck::Quantile, Some(q)) => (Range { min: q.min, max: q.max }, Some(q.q)),
        _ => (c.range(check).copied().unwrap_or_default(), None),
    };
    let name = check.id();
    let values = match present_numbers(view, name) {
        Ok(v) => v,
        Err(f) => return f,
    };
    let n = values.len();
    r.element_count = Some(n as u64);
    if n == 0 {
        return Finding::Breach(format!(
            "no values to compute the {name} of; expected {}",
            range_text(&range)
        ));
    }
    let value = match (check, q) {
        (ColumnCheck::Mean, _) => mean(&values),
        (ColumnCheck::Median, _) => values.quantile(0.5),
        (ColumnCheck::Std, _) => std_dev(&values),
        (ColumnCheck::Sum, _) => Some(neumaier_sum(values.iter())),
        (ColumnCheck::MinValue, _) => values.iter().reduce(f64::min),
        (ColumnCheck::MaxValue, _) => values.iter().reduce(f64::max),
        (ColumnCheck::Quantile, Some(q)) => values.quantile(q),
        _ => None,
    };
    match value {
        Some(x) if !x.is_nan() => {
            r.observed = Some(number_value(x));
            let label = match r.expected.as_ref().and_then(|e| e.get("q")) {
                Some(q) => format!("quantile {q}"),
                None => name.to_string(),
            };
            judge_range(&range, x, format!("{label} {}", format_rounded(x)))
        }
        _ => Finding::Breach(format!(
            "the {name} of {n} value(s) is undefined; expected {}",
            range_text(&range)
        )),
    }
}

/// The present values as numbers, or the finding that says why there are none to use.
fn present_numbers<'v>(view: &'v ColumnView, check: &str) -> Result<Present<'v>, Finding> {
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

/// `n_unique`: the number of distinct present values, against its bounds.
fn n_unique(view: &ColumnView, range: &Range, r: &mut CheckResult) -> Finding {
    match view.distinct_present() {
        Ok(n) => {
            r.observed = Some(json!(n));
            r.element_count = Some(view.present() as u64);
            judge_range(range, n as f64, format!("{n} distinct values"))
        }
        Err(e) => Finding::Error(format!("cannot count distinct values of column {:?}: {e}", view.name)),
    }
}

/// The present (non-NaN) values of a column, read in place: only quantiles copy them.
struct Present<'a> {
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
fn neumaier_sum(values: impl Iterator<Item = f64>) -> f64 {
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

fn mean(v: &Present<'_>) -> Option<f64> {
    Some(*v.mean.get_or_init(|| neumaier_sum(v.iter()) / v.len() as f64))
}

/// Sample standard deviation (ddof = 1), two passes.
fn std_dev(v: &Present<'_>) -> Option<f64> {
    if v.len() < 2 {
        return None;
    }
    let m = mean(v)?;
    let ss = neumaier_sum(v.iter().map(|x| (x - m) * (x - m)));
    Some((ss / (v.len() - 1) as f64).sqrt())
}
