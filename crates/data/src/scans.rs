//! The passes over a column's values that value checks share: which present values fail, how
//! many, and the first failing rows as samples. Each walks the column once, in row order, so the
//! samples are the first failing rows whatever the check.

use mlgate_core::report::Sample;
use polars::prelude::StringChunked;
use polars_arrow::array::{Array, Utf8ViewArray, View};

use crate::column::ColumnView;
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

/// The values that pass `min` (`is_min`) or `max` at `bound`, as inclusive bounds: an
/// exclusive bound moves to the next number inward (`> 1` is `>= 1.0000000000000002`), and
/// nothing is beyond an infinite one.
pub(crate) fn bound_interval(is_min: bool, bound: f64, exclusive: bool) -> (f64, f64) {
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
