//! Distribution functions, from statrs.

use statrs::distribution::{ChiSquared, ContinuousCDF, Normal};

fn std_normal() -> Normal {
    // Mean 0 and sd 1 are valid parameters: this cannot fail.
    Normal::new(0.0, 1.0).unwrap_or_else(|_| unreachable!())
}

/// P(Z > z) for a standard normal Z.
pub fn norm_sf(z: f64) -> f64 {
    std_normal().sf(z)
}

/// P(Z <= z).
pub fn norm_cdf(z: f64) -> f64 {
    std_normal().cdf(z)
}

/// The standard normal quantile.
pub fn norm_ppf(p: f64) -> f64 {
    std_normal().inverse_cdf(p)
}

/// P(X > x) for X ~ chi-square with `df` degrees of freedom.
pub fn chi2_sf(x: f64, df: f64) -> f64 {
    match ChiSquared::new(df) {
        Ok(d) => d.sf(x),
        Err(_) => f64::NAN,
    }
}

pub use statrs::function::gamma::ln_gamma;

/// ln C(n, k) for real n, k (as scipy.special.binom through lgamma).
pub fn ln_binom(n: f64, k: f64) -> f64 {
    ln_gamma(n + 1.0) - ln_gamma(k + 1.0) - ln_gamma(n - k + 1.0)
}

/// C(n, k) as a float, exact for small arguments (product form), else through lgamma.
pub fn binom(n: u64, k: u64) -> f64 {
    if k > n {
        return 0.0;
    }
    let k = k.min(n - k);
    if k <= 30 {
        let mut r = 1.0;
        for i in 1..=k {
            r = r * (n - k + i) as f64 / i as f64;
        }
        r
    } else {
        ln_binom(n as f64, k as f64).exp()
    }
}
