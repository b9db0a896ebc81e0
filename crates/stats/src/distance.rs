//! Distances between a reference and a current distribution, for drift checks, and the
//! binning that turns numeric samples into frequencies.
//!
//! Frequencies are per-bin shares summing to 1 (`binned` gives them for numeric samples;
//! categorical callers count categories themselves).

use crate::dist::{ln, log2};
use crate::quantile::quantile_sorted;
use crate::{StatsError, check_sample, sorted, tie_groups};

/// Empty bins are replaced by this share in PSI, as Evidently does (a log of 0 is undefined).
pub const PSI_EPSILON: f64 = 0.0001;

fn check_frequencies(reference: &[f64], current: &[f64]) -> Result<(), StatsError> {
    if reference.len() != current.len() || reference.is_empty() {
        return Err(StatsError::Invalid(format!(
            "frequency vectors must be non-empty and of equal length, found {} and {}",
            reference.len(),
            current.len()
        )));
    }
    if reference.iter().chain(current).any(|f| !f.is_finite() || *f < 0.0) {
        return Err(StatsError::Invalid(
            "frequencies must be finite and non-negative".into(),
        ));
    }
    Ok(())
}

/// Population Stability Index: Σ (c − r)·ln(c / r) over bins, with shares of 0 replaced by
/// [`PSI_EPSILON`] first (Evidently's definition).
pub fn psi(reference: &[f64], current: &[f64]) -> Result<f64, StatsError> {
    check_frequencies(reference, current)?;
    let fix = |x: f64| if x == 0.0 { PSI_EPSILON } else { x };
    Ok(reference
        .iter()
        .zip(current)
        .map(|(r, c)| (fix(*c) - fix(*r)) * ln(fix(*c) / fix(*r)))
        .sum())
}

/// Jensen-Shannon distance in base 2 (the square root of the divergence), as
/// `scipy.spatial.distance.jensenshannon(p, q, base=2)`: both vectors are normalised to sum 1
/// first; terms with a zero share contribute 0. In [0, 1].
pub fn jensen_shannon(reference: &[f64], current: &[f64]) -> Result<f64, StatsError> {
    check_frequencies(reference, current)?;
    let (sr, sc) = (reference.iter().sum::<f64>(), current.iter().sum::<f64>());
    if sr == 0.0 || sc == 0.0 {
        return Err(StatsError::Degenerate("a frequency vector sums to 0".into()));
    }
    let mut divergence = 0.0;
    for (r, c) in reference.iter().zip(current) {
        let (p, q) = (r / sr, c / sc);
        let m = (p + q) / 2.0;
        if p > 0.0 {
            divergence += p * ln(p / m);
        }
        if q > 0.0 {
            divergence += q * ln(q / m);
        }
    }
    Ok((divergence / 2.0 / std::f64::consts::LN_2).max(0.0).sqrt())
}

/// L∞ distance between two frequency vectors: max |r − c|.
pub fn linf(reference: &[f64], current: &[f64]) -> Result<f64, StatsError> {
    check_frequencies(reference, current)?;
    Ok(reference
        .iter()
        .zip(current)
        .map(|(r, c)| (r - c).abs())
        .fold(0.0, f64::max))
}

/// First Wasserstein distance between two samples (the area between their empirical CDFs), as
/// `scipy.stats.wasserstein_distance(u, v)`.
pub fn wasserstein(reference: &[f64], current: &[f64]) -> Result<f64, StatsError> {
    check_sample(reference, "the reference sample")?;
    check_sample(current, "the current sample")?;
    let (u, v) = (sorted(reference), sorted(current));
    let (nu, nv) = (u.len() as f64, v.len() as f64);
    // Walk the pooled sorted values; between consecutive ones both CDFs are constant.
    let (mut i, mut j) = (0, 0);
    let mut prev: Option<f64> = None;
    let mut area = 0.0;
    for (x, a, b) in tie_groups(&u, &v) {
        if let Some(p) = prev {
            area += (i as f64 / nu - j as f64 / nv).abs() * (x - p);
        }
        (i, j) = (i + a, j + b);
        prev = Some(x);
    }
    Ok(area)
}

/// Wasserstein distance divided by the reference's population standard deviation (ddof = 0),
/// Evidently's normalised drift score. A constant reference (sd 0) is a typed error.
pub fn wasserstein_normalized(reference: &[f64], current: &[f64]) -> Result<f64, StatsError> {
    let w = wasserstein(reference, current)?;
    let n = reference.len() as f64;
    let mean = reference.iter().sum::<f64>() / n;
    let sd = (reference.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / n).sqrt();
    if sd == 0.0 {
        return Err(StatsError::Degenerate(
            "the reference sample is constant (standard deviation 0)".into(),
        ));
    }
    Ok(w / sd)
}

/// Bin edges by Sturges' rule on the pooled sample, as
/// `np.histogram_bin_edges(np.concatenate([reference, current]), bins="sturges")`:
/// width = range / (log2(n) + 1), ⌈range / width⌉ equal bins from min to max (a constant sample
/// gets one bin [v − 0.5, v + 0.5]). This is Evidently's binning for numeric drift.
pub fn sturges_edges(reference: &[f64], current: &[f64]) -> Result<Vec<f64>, StatsError> {
    check_sample(reference, "the reference sample")?;
    check_sample(current, "the current sample")?;
    let n = (reference.len() + current.len()) as f64;
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for &x in reference.iter().chain(current) {
        lo = lo.min(x);
        hi = hi.max(x);
    }
    let range = hi - lo;
    let bins = if range == 0.0 {
        1
    } else {
        let width = range / (log2(n) + 1.0);
        (range / width).ceil().max(1.0) as usize
    };
    if range == 0.0 {
        lo -= 0.5;
        hi += 0.5;
    }
    // numpy's linspace: start + i·step, with the last edge exactly `hi`.
    let step = (hi - lo) / bins as f64;
    let mut edges: Vec<f64> = (0..=bins).map(|i| lo + i as f64 * step).collect();
    if let Some(last) = edges.last_mut() {
        *last = hi;
    }
    Ok(edges)
}

/// Counts of a sample in bins given by their edges, as `np.histogram(sample, bins=edges)`:
/// bin i holds edges[i] <= x < edges[i+1], the last bin also its right edge; values outside the
/// edges are not counted.
pub fn histogram(sample: &[f64], edges: &[f64]) -> Vec<u64> {
    let bins = edges.len().saturating_sub(1);
    let mut counts = vec![0u64; bins];
    if bins == 0 {
        return counts;
    }
    for &x in sample {
        if !(x >= edges[0] && x <= edges[bins]) {
            continue;
        }
        let i = edges.partition_point(|e| *e <= x).saturating_sub(1).min(bins - 1);
        counts[i] += 1;
    }
    counts
}

/// Shares of reference and current in Sturges bins of the pooled sample (each sums to 1).
pub fn binned(reference: &[f64], current: &[f64]) -> Result<(Vec<f64>, Vec<f64>), StatsError> {
    let edges = sturges_edges(reference, current)?;
    let share = |sample: &[f64]| {
        let n = sample.len() as f64;
        histogram(sample, &edges)
            .into_iter()
            .map(|c| c as f64 / n)
            .collect::<Vec<f64>>()
    };
    Ok((share(reference), share(current)))
}

/// The quantiles `qs` of a sample (numpy's default, type 7).
pub fn quantiles(sample: &[f64], qs: &[f64]) -> Result<Vec<f64>, StatsError> {
    check_sample(sample, "the sample")?;
    let s = sorted(sample);
    qs.iter()
        .map(|&q| {
            crate::quantile::check_q(q)?;
            Ok(quantile_sorted(&s, q))
        })
        .collect()
}
