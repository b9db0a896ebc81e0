//! The passes over a column's values that value checks share: which present values fail, how
//! many, and the first failing rows as samples. Each walks the column once, in row order, so the
//! samples are the first failing rows whatever the check.

use std::cmp::Ordering;

use mlgate_core::Number;
use mlgate_core::report::Sample;
use polars::prelude::{ChunkedArray, PolarsNumericType, StringChunked};
use polars_arrow::array::{Array, Utf8ViewArray, View};

use crate::column::{ColumnView, ExactInt, integer_chunks};
use crate::finding::Scan;

/// Rows `0..len` that hold a value (all rows when `all_rows`), counted as failing by `fails`.
pub(crate) fn scan_rows(
    view: &ColumnView,
    max: usize,
    fails: impl Fn(usize) -> bool,
    len: usize,
    all_rows: bool,
) -> Scan {
    let present = view.present_mask();
    let mut scan = Scan::empty();
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
pub(crate) fn scan_numbers(view: &ColumnView, values: &[f64], max: usize, fails: impl Fn(f64) -> bool) -> Scan {
    let mut scan = Scan::empty();
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

/// The floats that pass `min` (`is_min`) or `max` at `bound`, as inclusive bounds, exactly: an
/// exclusive bound moves to the next float inward (`> 1` is `>= 1.0000000000000002`), an
/// integer bound no float holds to the nearest float on its passing side (`>= 2^53 + 1` is
/// `>= 2^53 + 2`), and nothing is beyond an infinite one.
pub(crate) fn bound_interval(is_min: bool, bound: Number, exclusive: bool) -> (f64, f64) {
    const NOTHING: (f64, f64) = (f64::INFINITY, f64::NEG_INFINITY);
    let mut edge = bound.as_f64();
    // The float nearest the bound, moved onto the bound's passing side if it fell outside.
    match (is_min, bound.cmp_float(edge)) {
        (true, Some(Ordering::Greater)) => edge = edge.next_up(),
        (false, Some(Ordering::Less)) => edge = edge.next_down(),
        _ => {}
    }
    let on_bound = bound.cmp_float(edge) == Some(Ordering::Equal);
    match (is_min, exclusive && on_bound) {
        (true, true) if edge == f64::INFINITY => NOTHING,
        (false, true) if edge == f64::NEG_INFINITY => NOTHING,
        (true, false) => (edge, f64::INFINITY),
        (true, true) => (edge.next_up(), f64::INFINITY),
        (false, false) => (f64::NEG_INFINITY, edge),
        (false, true) => (f64::NEG_INFINITY, edge.next_down()),
    }
}

/// The integers that pass `min` (`is_min`) or `max` at `bound`, as an inclusive interval of `T`
/// (empty, `(HIGHEST, LOWEST)`, when none does).
pub(crate) fn integer_interval<T: ExactInt>(is_min: bool, bound: Number, exclusive: bool) -> (T, T) {
    match (bound.int_bound(is_min, exclusive), is_min) {
        (None, _) => (T::HIGHEST, T::LOWEST),
        (Some(low), true) if low > T::HIGHEST.into() => (T::HIGHEST, T::LOWEST),
        (Some(high), false) if high < T::LOWEST.into() => (T::HIGHEST, T::LOWEST),
        (Some(low), true) => (T::clamped(low), T::HIGHEST),
        (Some(high), false) => (T::LOWEST, T::clamped(high)),
    }
}

/// [`scan_within`] for an integer column in its own type: N checks at once, check k passing the
/// values within `within[k]`; also gives the lowest and highest present value. Branch-free
/// counting, then samples only when values fail.
pub(crate) fn scan_integers_within<T, const N: usize>(
    view: &ColumnView,
    ca: &ChunkedArray<T>,
    max: usize,
    within: [(T::Native, T::Native); N],
) -> ([Scan; N], Option<(Number, Number)>)
where
    T: PolarsNumericType,
    T::Native: ExactInt,
{
    let (mut present, mut failing) = (0usize, [0usize; N]);
    let (mut lowest, mut highest) = (T::Native::HIGHEST, T::Native::LOWEST);
    for (values, validity) in integer_chunks(ca) {
        let mut count = |x: T::Native, is_present: bool| {
            present += usize::from(is_present);
            lowest = if is_present && x < lowest { x } else { lowest };
            highest = if is_present && x > highest { x } else { highest };
            for (count, (low, high)) in failing.iter_mut().zip(within) {
                *count += usize::from(is_present & !((x >= low) & (x <= high)));
            }
        };
        match validity {
            None => values.iter().for_each(|&x| count(x, true)),
            Some(valid) => values.iter().zip(valid.iter()).for_each(|(&x, ok)| count(x, ok)),
        }
    }
    let scans = std::array::from_fn(|k| {
        let (low, high): (i128, i128) = (within[k].0.into(), within[k].1.into());
        let scan = |x: i128| !((x >= low) & (x <= high));
        match failing[k] {
            0 => Scan {
                element_count: present,
                unexpected_count: 0,
                samples: Vec::new(),
            },
            _ => scan_integers(view, ca, max, scan),
        }
    });
    let extremes = (present > 0).then(|| (Number::Int(lowest.into()), Number::Int(highest.into())));
    (scans, extremes)
}

/// Like [`scan_rows`] over an integer column's present values (read in their own type).
pub(crate) fn scan_integers<T>(
    view: &ColumnView,
    ca: &ChunkedArray<T>,
    max: usize,
    fails: impl Fn(i128) -> bool,
) -> Scan
where
    T: PolarsNumericType,
    T::Native: ExactInt,
{
    let mut scan = Scan::empty();
    let mut first_row = 0;
    for (values, validity) in integer_chunks(ca) {
        for (index, &x) in values.iter().enumerate() {
            if validity.is_some_and(|valid| !valid.get_bit(index)) {
                continue;
            }
            scan.element_count += 1;
            if fails(x.into()) {
                scan.unexpected_count += 1;
                if scan.samples.len() < max {
                    let row = first_row + index;
                    scan.samples.push(Sample {
                        row: row as u64,
                        value: view.sample_value(row),
                    });
                }
            }
        }
        first_row += values.len();
    }
    scan
}

/// Like [`scan_rows`] over a numeric column's values (NaN missing) for N checks at once, check
/// k passing the values within `within[k]` (inclusive; NaN is within nothing); also gives the
/// lowest and highest present value. One pass without branches (which the compiler makes
/// vector code) counts values, failing values and extremes; only when values fail does a second
/// pass pick the first of them as samples.
pub(crate) fn scan_within<const N: usize>(
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
pub(crate) struct TextValue<'a> {
    pub view: View,
    array: &'a Utf8ViewArray,
    index: usize,
    /// The row in the column.
    pub row: usize,
}

impl TextValue<'_> {
    pub(crate) fn text(&self) -> &str {
        // SAFETY: `index` is within the array it came from (scan_text walks its views).
        unsafe { self.array.value_unchecked(self.index) }
    }
}

/// Like [`scan_rows`] over the column's text, walked front to back, chunk by chunk.
pub(crate) fn scan_text(
    view: &ColumnView,
    text: &StringChunked,
    max: usize,
    fails: impl Fn(TextValue<'_>) -> bool,
) -> Scan {
    let mut scan = Scan::empty();
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

#[cfg(test)]
mod tests {
    use std::cmp::Ordering;

    use mlgate_core::Number;

    use super::{bound_interval, integer_interval};

    /// Whether `x` passes a bound, the way scans test it.
    fn passes(x: f64, is_min: bool, bound: f64, exclusive: bool) -> bool {
        let (low, high) = bound_interval(is_min, Number::Float(bound), exclusive);
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

    /// Floats against integer bounds that no float holds, and integer columns against any
    /// bound: the intervals say what the exact comparison says.
    #[test]
    fn integer_bounds_are_exact() {
        let two_53 = 9_007_199_254_740_992i128;
        for bound in [
            Number::Int(two_53 + 1),
            Number::Int(two_53 - 1),
            Number::Int(-two_53 - 1),
            Number::Float(2.5),
        ] {
            for x in [
                two_53 as f64,
                (two_53 as f64).next_up(),
                -(two_53 as f64),
                (-(two_53 as f64)).next_down(),
                2.0,
                3.0,
            ] {
                for exclusive in [false, true] {
                    let (low, high) = bound_interval(true, bound, exclusive);
                    let above = bound.cmp_float(x) == Some(Ordering::Less);
                    let at = bound.cmp_float(x) == Some(Ordering::Equal);
                    assert_eq!((low..=high).contains(&x), above || (at && !exclusive), "{x} >= {bound}");
                    let (low, high) = bound_interval(false, bound, exclusive);
                    let below = bound.cmp_float(x) == Some(Ordering::Greater);
                    assert_eq!((low..=high).contains(&x), below || (at && !exclusive), "{x} <= {bound}");
                }
            }
        }
        assert_eq!(
            integer_interval::<i64>(false, Number::Int(two_53), false),
            (i64::MIN, two_53 as i64)
        );
        assert_eq!(integer_interval::<u64>(true, Number::Int(-5), false), (0, u64::MAX));
        assert_eq!(
            integer_interval::<u64>(false, Number::Int(-5), false),
            (u64::MAX, 0),
            "nothing passes"
        );
        assert_eq!(
            integer_interval::<i64>(true, Number::Float(1e300), false),
            (i64::MAX, i64::MIN),
            "nothing passes"
        );
        assert_eq!(integer_interval::<i64>(true, Number::Float(-0.5), true), (0, i64::MAX));
    }
}
