//! Aggregates: one number computed over a column's present values, against bounds.
//!
//! Aggregates over no values fail (the mean of nothing is in no range); `n_unique` counts
//! distinct present values (0 for none). `std` has ddof = 1; `median`/`quantile` interpolate
//! linearly (numpy's default). Sums use compensated (Neumaier) summation. A value that is not a
//! number (in a text column) fails the aggregate, named with its row.
//!
//! Exact where floats are not:
//! - On an integer column `sum`, `min_value` and `max_value` are exact integers, and `median`
//!   and `quantile` are the column's own value whenever numpy's position falls on one (a whole
//!   position, or two equal neighbours); between two different values they are numpy's
//!   interpolation.
//! - `sum`, `mean` and `std` do not overflow on their way: values far from 1 (beyond 2^900 for
//!   sums, beyond 2^±450 for the squares of `std`) are first scaled by a power of two, which is
//!   exact, and the result scaled back — four values of 1e308 have the mean 1e308 and the std 0
//!   (numpy: inf for both). Elsewhere the arithmetic is the plain one, bit for bit. A sum whose
//!   exact value is beyond the float range says so (`sum 4e308 (beyond the float range)`) and
//!   is above every finite bound.

use std::cell::OnceCell;

use mlgate_core::report::format_rounded;
use mlgate_core::{CheckResult, Number};
use mlgate_stats::quantile::{quantile_select, quantile_sorted};
use polars::prelude::{ChunkedArray, PolarsNumericType};
use serde_json::{Value, json};

use crate::column::{ColumnView, ExactInt, Integers, each_integer_type, give_back, integer_chunks, spare_buffer};
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
    // An integer column's exact aggregates read its integers, never a copy as floats.
    let integers = view.integers().filter(|_| {
        matches!(
            check,
            ColumnCheck::Sum
                | ColumnCheck::MinValue
                | ColumnCheck::MaxValue
                | ColumnCheck::Median
                | ColumnCheck::Quantile
        )
    });
    let values = match integers {
        Some(_) => None,
        None => match present_numbers(view, name) {
            Ok(v) => Some(v),
            Err(f) => return f,
        },
    };
    let n = values.as_ref().map_or_else(|| view.present(), Present::len);
    r.element_count = Some(n as u64);
    if n == 0 {
        return Finding::Breach(format!(
            "no values to compute the {name} of; expected {}",
            range_text(&range)
        ));
    }
    let value = match (integers, &values) {
        (Some(ints), _) => match integer_aggregate(view, check, ints, n, q) {
            Ok(value) => value,
            Err(f) => return f,
        },
        (None, Some(values)) => float_aggregate(values, check, q),
        (None, None) => None,
    };
    let label = match r.expected.as_ref().and_then(|e| e.get("q")) {
        Some(q) => format!("quantile {q}"),
        None => name.to_string(),
    };
    match value {
        Some(Observed::Number(x)) if !x.as_f64().is_nan() => {
            r.observed = Some(x.to_json());
            judge_range(&range, x, format!("{label} {}", x.rounded()))
        }
        Some(Observed::BeyondFloats { negative, text }) => {
            r.observed = Some(Value::String(text.clone()));
            let beyond = if negative { f64::NEG_INFINITY } else { f64::INFINITY };
            judge_range(
                &range,
                Number::Float(beyond),
                format!("{label} {text} (beyond the float range)"),
            )
        }
        _ => Finding::Breach(format!(
            "the {name} of {n} value(s) is undefined; expected {}",
            range_text(&range)
        )),
    }
}

/// An aggregate of an integer column, exact (`n` present values; `q` for `quantile`).
fn integer_aggregate(
    view: &ColumnView,
    check: ColumnCheck,
    integers: &Integers,
    n: usize,
    q: Option<f64>,
) -> Result<Option<Observed>, Finding> {
    let int = |x: Option<i128>| x.map(|x| Observed::Number(Number::Int(x)));
    Ok(match check {
        // Only an i128 column's sum can overflow i128: then it is summed as floats.
        ColumnCheck::Sum => match integer_sum(integers) {
            Some(sum) => int(Some(sum)),
            None => Some(float_sum(&present_numbers(view, check.id())?)),
        },
        ColumnCheck::MinValue | ColumnCheck::MaxValue => int(integer_extreme(integers, check == ColumnCheck::MinValue)),
        _ => each_integer_type!(integers, ca => integer_quantile(ca, n, q.unwrap_or(0.5))).map(Observed::Number),
    })
}

/// An aggregate of a column's values as floats (`q` for `quantile`).
fn float_aggregate(values: &Present<'_>, check: ColumnCheck, q: Option<f64>) -> Option<Observed> {
    let value = match (check, q) {
        (ColumnCheck::Mean, _) => mean(values),
        (ColumnCheck::Std, _) => std_dev(values),
        (ColumnCheck::Sum, _) => return Some(float_sum(values)),
        (ColumnCheck::MinValue, _) => values.iter().reduce(f64::min),
        (ColumnCheck::MaxValue, _) => values.iter().reduce(f64::max),
        (ColumnCheck::Median, _) => values.quantile(0.5),
        (ColumnCheck::Quantile, Some(q)) => values.quantile(q),
        _ => None,
    };
    value.map(|x| Observed::Number(Number::Float(x)))
}

/// What an aggregate found.
enum Observed {
    Number(Number),
    /// A sum whose exact value no float holds: its sign, and its value to 6 significant digits.
    BeyondFloats {
        negative: bool,
        text: String,
    },
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
        largest: &numbers.largest,
    })
}

/// `n_unique`: the number of distinct present values, against its bounds.
fn n_unique(view: &ColumnView, range: &Range, r: &mut CheckResult) -> Finding {
    match view.distinct_present() {
        Ok(n) => {
            r.observed = Some(json!(n));
            r.element_count = Some(view.present() as u64);
            judge_range(range, Number::Int(n as i128), format!("{n} distinct values"))
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
    /// The largest magnitude, found at most once.
    largest: &'a OnceCell<f64>,
}

impl<'a> Present<'a> {
    fn len(&self) -> usize {
        self.count
    }

    fn iter(&self) -> impl Iterator<Item = f64> + 'a {
        self.all.iter().copied().filter(|x| !x.is_nan())
    }

    /// The largest magnitude (f64::max passes over NaN).
    fn largest(&self) -> f64 {
        *self
            .largest
            .get_or_init(|| self.all.iter().fold(0.0, |m, x| m.max(x.abs())))
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

/// 2^k, exactly (k within the normal exponents).
fn power_of_two(k: i32) -> f64 {
    f64::from_bits(((k + 1023) as u64) << 52)
}

/// Sums of values up to this magnitude cannot overflow on their way (2^900 · 2^64 rows is
/// still below 2^1024); beyond it values are summed scaled by 2^-[`SUM_SCALE`].
const SUM_SAFE: f64 = 8.452712498170644e270; // 2^900
const SUM_SCALE: i32 = 64;

/// Neumaier's compensated sum: stable, and the same bits natively and in wasm.
fn neumaier_sum(values: impl Iterator<Item = f64>) -> f64 {
    neumaier_sum_and_largest(values).0
}

/// [`neumaier_sum`], and the largest magnitude met on the way (one pass for both).
fn neumaier_sum_and_largest(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (mut sum, mut compensation, mut largest) = (0.0f64, 0.0f64, 0.0f64);
    for x in values {
        let t = sum + x;
        if sum.abs() >= x.abs() {
            compensation += (sum - t) + x;
        } else {
            compensation += (x - t) + sum;
        }
        sum = t;
        largest = largest.max(x.abs());
    }
    let total = sum + compensation;
    // Infinities make the compensation NaN; the plain sum is then the answer.
    (if total.is_nan() && !sum.is_nan() { sum } else { total }, largest)
}

/// The sum in units of 2^k, as (sum, k): the plain compensated sum (k = 0); values large enough
/// for the way to overflow summed scaled by 2^-64 (k = 64); with infinities among the values,
/// what they alone decide (`inf`, `-inf`, or NaN for both), as the finite ones cannot change it.
fn scaled_sum(v: &Present<'_>) -> (f64, i32) {
    // The plain sum first, finding the largest magnitude on the way: most columns need no more.
    let plain = match v.largest.get() {
        Some(_) => None,
        None => {
            let (sum, largest) = neumaier_sum_and_largest(v.iter());
            let _ = v.largest.set(largest);
            Some(sum)
        }
    };
    let largest = v.largest();
    if largest.is_infinite() {
        let (up, down) = v.iter().fold((false, false), |(up, down), x| {
            (up | (x == f64::INFINITY), down | (x == f64::NEG_INFINITY))
        });
        return (
            if up && down {
                f64::NAN
            } else if up {
                f64::INFINITY
            } else {
                f64::NEG_INFINITY
            },
            0,
        );
    }
    if largest > SUM_SAFE {
        return (neumaier_sum(v.iter().map(|x| x * power_of_two(-SUM_SCALE))), SUM_SCALE);
    }
    (plain.unwrap_or_else(|| neumaier_sum(v.iter())), 0)
}

/// The sum, or its value in decimal when no float holds it.
fn float_sum(v: &Present<'_>) -> Observed {
    let (scaled, k) = scaled_sum(v);
    let total = scaled * power_of_two(k);
    if total.is_finite() || !scaled.is_finite() {
        return Observed::Number(Number::Float(total));
    }
    // scaled · 2^k in decimal: 10^(log10 |scaled| + k · log10 2), to 6 significant digits.
    let exponent10 = libm::log10(scaled.abs()) + f64::from(k) * std::f64::consts::LOG10_2;
    let mut power = libm::floor(exponent10);
    let mut mantissa = libm::pow(10.0, exponent10 - power);
    if format_rounded(mantissa) == "10" {
        (mantissa, power) = (1.0, power + 1.0);
    }
    Observed::BeyondFloats {
        negative: scaled < 0.0,
        text: format!(
            "{}{}e{power}",
            if scaled < 0.0 { "-" } else { "" },
            format_rounded(mantissa)
        ),
    }
}

/// The mean: no larger than the largest value, so finite whenever the values are.
fn mean(v: &Present<'_>) -> Option<f64> {
    Some(*v.mean.get_or_init(|| {
        let (scaled, k) = scaled_sum(v);
        scaled / v.len() as f64 * power_of_two(k)
    }))
}

/// Squares of deviations stay normal floats for values between these magnitudes.
const SQUARES_SAFE: (f64, f64) = (3.507_466_211_043_404e-136, 2.851_124_700_007_701e135); // 2^-450, 2^450

/// Sample standard deviation (ddof = 1), two passes.
fn std_dev(v: &Present<'_>) -> Option<f64> {
    if v.len() < 2 {
        return None;
    }
    let largest = v.largest();
    let n1 = (v.len() - 1) as f64;
    if largest.is_finite() && largest > 0.0 && !(SQUARES_SAFE.0..=SQUARES_SAFE.1).contains(&largest) {
        // Scaled by a power of two that brings the largest value near 1 (2^±1000 at most, which
        // a float holds), then scaled back: exact but for the one rounding of each step.
        let exponent = (libm::frexp(largest).1 - 1).clamp(-1000, 1000);
        let scale = power_of_two(-exponent);
        let m = neumaier_sum(v.iter().map(|x| x * scale)) / v.len() as f64;
        let ss = neumaier_sum(v.iter().map(|x| (x * scale - m) * (x * scale - m)));
        return Some((ss / n1).sqrt() / scale);
    }
    let m = mean(v)?;
    let ss = neumaier_sum(v.iter().map(|x| (x - m) * (x - m)));
    Some((ss / n1).sqrt())
}

/// The q-quantile of an integer column: the column's own value where numpy's position falls on
/// one, else numpy's interpolation of the two values around it.
fn integer_quantile<T>(ca: &ChunkedArray<T>, present: usize, q: f64) -> Option<Number>
where
    T: PolarsNumericType,
    T::Native: ExactInt,
{
    let mut values: Vec<T::Native> = Vec::with_capacity(present);
    for (chunk, validity) in integer_chunks(ca) {
        match validity {
            None => values.extend_from_slice(chunk),
            Some(valid) => values.extend(chunk.iter().zip(valid.iter()).filter(|(_, ok)| *ok).map(|(x, _)| *x)),
        }
    }
    let n = values.len();
    if n == 0 || !(0.0..=1.0).contains(&q) {
        return None;
    }
    // numpy's position h = (n − 1)·q, between the order statistics ⌊h⌋ and ⌊h⌋ + 1.
    let h = (n - 1) as f64 * q;
    let lo = (h.floor() as usize).min(n - 1);
    let (_, a, upper) = values.select_nth_unstable(lo);
    let a = *a;
    let b = upper.iter().copied().min().unwrap_or(a);
    let t = h - lo as f64;
    Some(if t == 0.0 || a == b {
        Number::Int(a.into())
    } else {
        let (a, b): (i128, i128) = (a.into(), b.into());
        Number::Float(quantile_sorted(&[a as f64, b as f64], t))
    })
}

/// The exact sum of an integer column (`None` if it overflowed i128, which only i128 columns can).
fn integer_sum(integers: &Integers) -> Option<i128> {
    fn sum<T>(ca: &ChunkedArray<T>) -> Option<i128>
    where
        T: PolarsNumericType,
        T::Native: ExactInt,
    {
        let mut total: i128 = 0;
        for (chunk, validity) in integer_chunks(ca) {
            let present = |(x, ok): (&T::Native, bool)| if ok { (*x).into() } else { 0 };
            let part = match validity {
                None => chunk.iter().try_fold(0i128, |s, x| s.checked_add((*x).into())),
                Some(valid) => chunk
                    .iter()
                    .zip(valid.iter())
                    .map(present)
                    .try_fold(0i128, i128::checked_add),
            };
            total = total.checked_add(part?)?;
        }
        Some(total)
    }
    each_integer_type!(integers, ca => sum(ca))
}

/// The lowest (`is_min`) or highest present value of an integer column.
fn integer_extreme(integers: &Integers, is_min: bool) -> Option<i128> {
    fn extreme<T>(ca: &ChunkedArray<T>, is_min: bool) -> Option<i128>
    where
        T: PolarsNumericType,
        T::Native: ExactInt,
    {
        let mut found: Option<T::Native> = None;
        for (chunk, validity) in integer_chunks(ca) {
            for (i, &x) in chunk.iter().enumerate() {
                if validity.is_some_and(|v| !v.get_bit(i)) {
                    continue;
                }
                found = Some(match found {
                    Some(e) if is_min => e.min(x),
                    Some(e) => e.max(x),
                    None => x,
                });
            }
        }
        found.map(Into::into)
    }
    each_integer_type!(integers, ca => extreme(ca, is_min))
}
