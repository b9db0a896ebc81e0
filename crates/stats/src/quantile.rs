//! Quantiles as numpy computes them by default (`np.quantile(a, q)`, method "linear",
//! Hyndman & Fan type 7): with the sample sorted ascending and h = (n − 1)·q,
//! Q(q) = x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]).

use crate::{StatsError, check_sample};

/// The q-quantile (0 <= q <= 1) of a sample (by selection on a copy: the bootstrap calls this
/// thousands of times, and a sort is several times slower).
pub fn quantile(xs: &[f64], q: f64) -> Result<f64, StatsError> {
    check_sample(xs, "the sample")?;
    check_q(q)?;
    Ok(select(&mut xs.to_vec(), q))
}

pub(crate) fn check_q(q: f64) -> Result<(), StatsError> {
    if (0.0..=1.0).contains(&q) {
        Ok(())
    } else {
        Err(StatsError::Invalid(format!(
            "a quantile must be between 0 and 1, found {q}"
        )))
    }
}

/// The q-quantile of a sorted, non-empty sample.
pub fn quantile_sorted(sorted: &[f64], q: f64) -> f64 {
    let n = sorted.len();
    let h = (n - 1) as f64 * q;
    let lo = (h.floor() as usize).min(n - 1);
    let hi = (lo + 1).min(n - 1);
    let t = h - lo as f64;
    let (a, b) = (sorted[lo], sorted[hi]);
    // numpy's _lerp: a + t·(b − a), computed from the upper end when t >= 0.5 so that
    // t = 1 gives exactly b.
    let diff = b - a;
    if t >= 0.5 { b - diff * (1.0 - t) } else { a + diff * t }
}

/// The q-quantile of an unsorted sample without sorting it: the two order statistics the
/// interpolation needs are found by selection (O(n)), then combined exactly as
/// [`quantile_sorted`] does. The sample is reordered. Infinities are values here (the median
/// of [1, 2, inf] is 2); NaN is refused.
pub fn quantile_select(xs: &mut [f64], q: f64) -> Result<f64, StatsError> {
    if xs.is_empty() {
        return Err(StatsError::Empty("the sample"));
    }
    if xs.iter().any(|x| x.is_nan()) {
        return Err(StatsError::NonFinite("the sample"));
    }
    check_q(q)?;
    Ok(select(xs, q))
}

/// [`quantile_select`] on a checked, non-empty sample.
fn select(xs: &mut [f64], q: f64) -> f64 {
    let n = xs.len();
    let h = (n - 1) as f64 * q;
    let lo = (h.floor() as usize).min(n - 1);
    let (_, a, upper) = xs.select_nth_unstable_by(lo, f64::total_cmp);
    let a = *a;
    // The next order statistic is the smallest value above position `lo`, in the order a sort
    // by `total_cmp` gives (−0 before 0), so that the result is the sorted one's to the bit.
    let b = upper
        .iter()
        .copied()
        .reduce(|m, x| if x.total_cmp(&m).is_lt() { x } else { m })
        .unwrap_or(a);
    let pair = [a, if lo + 1 < n { b } else { a }];
    quantile_sorted(&pair, if lo + 1 < n { h - lo as f64 } else { 0.0 })
}

/// The median (mean of the two middle values for an even count).
pub fn median(xs: &[f64]) -> Result<f64, StatsError> {
    quantile(xs, 0.5)
}
