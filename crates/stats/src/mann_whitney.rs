//! The Mann-Whitney U test, as `scipy.stats.mannwhitneyu(x, y, use_continuity=True, method=...)`.
//!
//! Definition:
//! - `statistic` is U1 = R1 − n1(n1+1)/2, where R1 is the sum of the (average) ranks of `x` in
//!   the pooled sample. U1 counts pairs with x > y, ties counting one half.
//! - `Greater` tests "x tends to be larger" with U = U1; `Less` uses U = U2 = n1·n2 − U1;
//!   `TwoSided` uses U = max(U1, U2) and doubles the one-sided p-value (clipped to 1).
//! - Exact: P(U' >= U) under the null distribution of U without ties (the coefficients of the
//!   Gaussian binomial coefficient [n1+n2 choose n1]_q).
//! - Asymptotic: z = (U − n1·n2/2 − 0.5) / σ with σ² = n1·n2/12 · ((N+1) − Σ(t³−t)/(N(N−1))),
//!   t the sizes of tie groups in the pooled sample (tie correction) and the 0.5 the continuity
//!   correction; p = P(Z > z).
//! - `Auto` chooses as scipy: asymptotic when both samples have more than 8 values or there are
//!   ties, exact otherwise.
//! - Every value equal (σ = 0): scipy returns NaN; here the p-value is 1 (nothing distinguishes
//!   the samples), documented rather than NaN.

use crate::dist::{binom, norm_sf};
use crate::{Alternative, StatsError, check_sample, sorted, tie_groups};

pub use crate::Method;

/// Result of [`mann_whitney_u`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MannWhitney {
    /// U1, the statistic of `x`.
    pub statistic: f64,
    pub p_value: f64,
    /// The method actually used (`Auto` resolved).
    pub method: Method,
    /// z of the normal approximation (also reported when the exact method was used).
    pub z: f64,
}

/// Rank sums of a pooled sample, from two sorted samples.
pub(crate) struct RankSums {
    /// Sum of the average ranks of the first sample.
    pub r1: f64,
    /// Σ(t³ − t) over tie groups of the pooled sample.
    pub tie_term: f64,
    pub has_ties: bool,
}

/// Walks two sorted samples in merged order, tie group by tie group.
pub(crate) fn rank_sums(xs: &[f64], ys: &[f64]) -> RankSums {
    let mut rank = 0.0; // ranks used so far
    let mut r1 = 0.0;
    let mut tie_term = 0.0;
    let mut has_ties = false;
    for (_, a, b) in tie_groups(xs, ys) {
        let (a, t) = (a as f64, (a + b) as f64);
        let average = rank + (t + 1.0) / 2.0;
        r1 += a * average;
        rank += t;
        if t > 1.0 {
            has_ties = true;
            tie_term += t * t * t - t;
        }
    }
    RankSums { r1, tie_term, has_ties }
}

/// σ of U under the null, with the tie correction.
pub(crate) fn sigma(n1: f64, n2: f64, tie_term: f64) -> f64 {
    let n = n1 + n2;
    (n1 * n2 / 12.0 * ((n + 1.0) - tie_term / (n * (n - 1.0))))
        .max(0.0)
        .sqrt()
}

/// The Mann-Whitney U test of `x` against `y`.
pub fn mann_whitney_u(
    x: &[f64],
    y: &[f64],
    alternative: Alternative,
    method: Method,
) -> Result<MannWhitney, StatsError> {
    check_sample(x, "the first sample")?;
    check_sample(y, "the second sample")?;
    let (xs, ys) = (sorted(x), sorted(y));
    Ok(mann_whitney_sorted(&xs, &ys, alternative, method))
}

/// [`mann_whitney_u`] on samples already sorted ascending and checked.
pub(crate) fn mann_whitney_sorted(xs: &[f64], ys: &[f64], alternative: Alternative, method: Method) -> MannWhitney {
    let (n1, n2) = (xs.len() as f64, ys.len() as f64);
    let sums = rank_sums(xs, ys);
    let u1 = sums.r1 - n1 * (n1 + 1.0) / 2.0;
    let u2 = n1 * n2 - u1;
    let (u, factor) = match alternative {
        Alternative::Greater => (u1, 1.0),
        Alternative::Less => (u2, 1.0),
        Alternative::TwoSided => (u1.max(u2), 2.0),
    };
    let method = match method {
        Method::Auto if (xs.len() > 8 && ys.len() > 8) || sums.has_ties => Method::Asymptotic,
        Method::Auto => Method::Exact,
        m => m,
    };
    let s = sigma(n1, n2, sums.tie_term);
    let z = if s > 0.0 { (u - n1 * n2 / 2.0 - 0.5) / s } else { 0.0 };
    let one_sided = match method {
        Method::Exact => exact_sf(u, xs.len(), ys.len()),
        _ if s == 0.0 => 1.0, // every value equal: no evidence either way
        _ => norm_sf(z),
    };
    MannWhitney {
        statistic: u1,
        p_value: (factor * one_sided).clamp(0.0, 1.0),
        method,
        z,
    }
}

/// P(U >= u) for the exact null distribution of U (no ties), sizes n1 and n2.
///
/// Uses the symmetry P(U >= u) = P(U <= n1·n2 − u), and counts arrangements with U = k as the
/// coefficients of the Gaussian binomial coefficient, Π_{i=1..m} (1 − q^(n+i)) / (1 − q^i) with
/// m = min(n1, n2), truncated at the degree needed. Each factor keeps a polynomial with
/// non-negative coefficients, so the division is a running sum without cancellation.
pub(crate) fn exact_sf(u: f64, n1: usize, n2: usize) -> f64 {
    let (m, n) = (n1.min(n2), n1.max(n2));
    let total_pairs = (m * n) as f64;
    // U takes integer values without ties; round away representation noise.
    let u = u.round();
    if u <= 0.0 {
        return 1.0;
    }
    // P(U >= u) = P(U <= mn - u) by symmetry; when that needs more than half the support,
    // use 1 - P(U <= u - 1) instead (fewer terms).
    let (upper, complement) = if total_pairs - u <= u - 1.0 {
        (total_pairs - u, false)
    } else {
        (u - 1.0, true)
    };
    if upper < 0.0 {
        return if complement { 1.0 } else { 0.0 };
    }
    let kmax = upper as usize;
    let mut c = vec![0.0f64; kmax + 1];
    c[0] = 1.0;
    for i in 1..=m {
        // Multiply by (1 - q^(n+i)).
        let shift = n + i;
        if shift <= kmax {
            for k in (shift..=kmax).rev() {
                c[k] -= c[k - shift];
            }
        }
        // Divide by (1 - q^i): running sum with stride i.
        for k in i..=kmax {
            c[k] += c[k - i];
        }
    }
    let cumulative: f64 = c.iter().sum::<f64>() / binom((m + n) as u64, m as u64);
    if complement { 1.0 - cumulative } else { cumulative }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_distribution_of_tiny_samples() {
        // n1 = n2 = 2: U in {0,1,2,2,3,4} over the 6 arrangements.
        assert!((exact_sf(4.0, 2, 2) - 1.0 / 6.0).abs() < 1e-15);
        assert!((exact_sf(3.0, 2, 2) - 2.0 / 6.0).abs() < 1e-15);
        assert!((exact_sf(2.0, 2, 2) - 4.0 / 6.0).abs() < 1e-15);
        assert!((exact_sf(0.0, 2, 2) - 1.0).abs() < 1e-15);
    }

    #[test]
    fn all_equal_is_p_one_not_nan() {
        let r = mann_whitney_u(&[1.0; 20], &[1.0; 30], Alternative::TwoSided, Method::Auto).unwrap();
        assert_eq!(r.p_value, 1.0);
        assert_eq!(r.statistic, 300.0);
    }
}
