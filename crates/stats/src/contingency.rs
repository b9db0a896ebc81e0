//! Tests on counts: chi-square homogeneity, Fisher's exact test, the binomial test, the pooled
//! two-proportion z-test and McNemar's test.

use crate::dist::{binom_pmf, chi2_sf, hypergeom_pmf, norm_sf};
use crate::{Alternative, StatsError};

/// Result of a test on counts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CountTest {
    pub statistic: f64,
    pub p_value: f64,
}

/// Chi-square test of homogeneity of a 2×k table (two samples' counts over k categories), as
/// `scipy.stats.chi2_contingency([a, b], correction=yates)`: expected counts from the margins,
/// statistic Σ(O − E)²/E, k − 1 degrees of freedom. Yates' correction (|O − E| reduced by up to
/// 0.5) applies only when there is one degree of freedom and `yates` is true, as scipy.
/// Categories empty in both samples are dropped (scipy refuses zero expected counts).
/// Fewer than two non-empty categories: statistic 0, p-value 1.
pub fn chi2_homogeneity(a: &[f64], b: &[f64], yates: bool) -> Result<CountTest, StatsError> {
    if a.len() != b.len() {
        return Err(StatsError::Invalid(format!(
            "the two rows differ in length ({} and {})",
            a.len(),
            b.len()
        )));
    }
    if a.iter().chain(b).any(|c| !c.is_finite() || *c < 0.0) {
        return Err(StatsError::Invalid("counts must be finite and non-negative".into()));
    }
    let cols: Vec<(f64, f64)> = a
        .iter()
        .zip(b)
        .map(|(x, y)| (*x, *y))
        .filter(|(x, y)| x + y > 0.0)
        .collect();
    let (ra, rb) = (
        cols.iter().map(|c| c.0).sum::<f64>(),
        cols.iter().map(|c| c.1).sum::<f64>(),
    );
    if ra == 0.0 || rb == 0.0 {
        return Err(StatsError::Degenerate("a row of the table has no counts".into()));
    }
    if cols.len() < 2 {
        return Ok(CountTest {
            statistic: 0.0,
            p_value: 1.0,
        });
    }
    let total = ra + rb;
    let df = (cols.len() - 1) as f64;
    let correct = yates && cols.len() == 2;
    let mut stat = 0.0;
    for (x, y) in &cols {
        for (observed, row) in [(*x, ra), (*y, rb)] {
            let expected = row * (x + y) / total;
            let mut diff = observed - expected;
            if correct {
                // Shift each |O − E| toward 0 by min(0.5, |O − E|), as scipy.
                diff = diff.signum() * (diff.abs() - 0.5).max(0.0);
            }
            stat += diff * diff / expected;
        }
    }
    Ok(CountTest {
        statistic: stat,
        p_value: chi2_sf(stat, df),
    })
}

/// Fisher's exact test on a 2×2 table [[a, b], [c, d]], as `scipy.stats.fisher_exact`:
/// `statistic` is the sample odds ratio ad/bc (infinite when bc = 0 and ad > 0); the two-sided
/// p-value sums the probabilities of every table with the same margins that is at most as likely
/// as the observed one (relative tolerance 1e-14); `Greater`/`Less` sum one tail of cell a.
/// A zero row or column sum gives p = 1 (and odds ratio NaN, as scipy).
pub fn fisher_exact(table: [[u64; 2]; 2], alternative: Alternative) -> CountTest {
    let [[a, b], [c, d]] = table;
    let (r1, r2, c1) = ((a + b) as f64, (c + d) as f64, (a + c) as f64);
    if a + b == 0 || c + d == 0 || a + c == 0 || b + d == 0 {
        return CountTest {
            statistic: f64::NAN,
            p_value: 1.0,
        };
    }
    let odds = if c > 0 && b > 0 {
        (a as f64 * d as f64) / (c as f64 * b as f64)
    } else {
        f64::INFINITY
    };
    let lo = (c1 - r2).max(0.0) as u64;
    let hi = c1.min(r1) as u64;
    // Cell a is hypergeometric: population a+b+c+d, a+b "successes", a+c draws.
    let p = |x: u64| hypergeom_pmf(x, a + b + c + d, a + b, a + c);
    let p_value = match alternative {
        Alternative::Less => (lo..=a).map(p).sum::<f64>(),
        Alternative::Greater => (a..=hi).map(p).sum::<f64>(),
        Alternative::TwoSided => {
            let observed = p(a);
            let bound = observed * (1.0 + 1e-14);
            (lo..=hi).map(p).filter(|q| *q <= bound).sum::<f64>()
        }
    };
    CountTest {
        statistic: odds,
        p_value: p_value.min(1.0),
    }
}

/// The exact binomial test of k successes in n trials against success probability `p`, as
/// `scipy.stats.binomtest`: `Greater` P(X >= k), `Less` P(X <= k), two-sided the sum of the
/// probabilities of all outcomes at most as likely as k (relative tolerance 1e-7).
/// `statistic` is k/n.
pub fn binomial_test(k: u64, n: u64, p: f64, alternative: Alternative) -> Result<CountTest, StatsError> {
    if n == 0 || k > n {
        return Err(StatsError::Invalid(format!(
            "need 0 <= k <= n and n >= 1, found k = {k}, n = {n}"
        )));
    }
    if !(0.0..=1.0).contains(&p) {
        return Err(StatsError::Invalid(format!("p must be in [0, 1], found {p}")));
    }
    let pmf = |x: u64| binom_pmf(x, n, p);
    let p_value = match alternative {
        Alternative::Less => (0..=k).map(pmf).sum::<f64>(),
        Alternative::Greater => (k..=n).map(pmf).sum::<f64>(),
        Alternative::TwoSided => {
            if k as f64 == p * n as f64 {
                1.0
            } else {
                let bound = pmf(k) * (1.0 + 1e-7);
                (0..=n).map(pmf).filter(|q| *q <= bound).sum::<f64>()
            }
        }
    };
    Ok(CountTest {
        statistic: k as f64 / n as f64,
        p_value: p_value.min(1.0),
    })
}

/// Pooled two-proportion z-test of x1/n1 against x2/n2:
/// z = (x1/n1 − x2/n2) / √(p̂(1 − p̂)(1/n1 + 1/n2)) with p̂ = (x1 + x2)/(n1 + n2);
/// p-value by the normal tail(s). Both proportions 0 or both 1 (no variance): z = 0, p = 1.
pub fn two_proportion_z(x1: u64, n1: u64, x2: u64, n2: u64, alternative: Alternative) -> Result<CountTest, StatsError> {
    if n1 == 0 || n2 == 0 || x1 > n1 || x2 > n2 {
        return Err(StatsError::Invalid(format!(
            "need 0 <= x <= n and n >= 1, found {x1}/{n1} and {x2}/{n2}"
        )));
    }
    let (p1, p2) = (x1 as f64 / n1 as f64, x2 as f64 / n2 as f64);
    let pooled = (x1 + x2) as f64 / (n1 + n2) as f64;
    let se = (pooled * (1.0 - pooled) * (1.0 / n1 as f64 + 1.0 / n2 as f64)).sqrt();
    if se == 0.0 {
        return Ok(CountTest {
            statistic: 0.0,
            p_value: 1.0,
        });
    }
    let z = (p1 - p2) / se;
    let p_value = match alternative {
        Alternative::TwoSided => 2.0 * norm_sf(z.abs()),
        Alternative::Greater => norm_sf(z),
        Alternative::Less => norm_sf(-z),
    };
    Ok(CountTest {
        statistic: z,
        p_value: p_value.min(1.0),
    })
}

/// McNemar's test on the discordant counts b and c of a paired 2×2 table, as statsmodels'
/// `mcnemar`: exact, statistic min(b, c) and p = min(1, 2·P(X <= min(b, c))) for
/// X ~ Binomial(b + c, ½); chi-square, statistic (|b − c| − 1)²/(b + c) with the continuity
/// correction and p from chi-square with 1 degree of freedom. No discordant pairs: p = 1.
pub fn mcnemar(b: u64, c: u64, exact: bool) -> CountTest {
    let n = b + c;
    if n == 0 {
        return CountTest {
            statistic: 0.0,
            p_value: 1.0,
        };
    }
    if exact {
        let k = b.min(c);
        let tail: f64 = (0..=k).map(|x| binom_pmf(x, n, 0.5)).sum();
        CountTest {
            statistic: k as f64,
            p_value: (2.0 * tail).min(1.0),
        }
    } else {
        let diff = (b as f64 - c as f64).abs() - 1.0;
        let stat = diff * diff / n as f64;
        CountTest {
            statistic: stat,
            p_value: chi2_sf(stat, 1.0),
        }
    }
}
