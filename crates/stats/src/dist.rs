//! Distribution functions and elementary math, the same bits on every platform.
//!
//! The Action runs this crate in WebAssembly and the CLI natively, and their reports must agree
//! byte for byte. `f64::exp`, `ln` and `powf` call the platform's C library natively (glibc,
//! macOS libm) and Rust's own port of musl in wasm, and these differ in the last bit now and then;
//! statrs is built on them. So every transcendental function here comes from the `libm` crate (one
//! Rust implementation everywhere), and the distributions are written on top of it:
//! - normal tails through `erfc`;
//! - the normal quantile by Wichura's AS 241 (PPND16, relative error about 1e-16);
//! - the chi-square tail as the regularized upper incomplete gamma Q(k/2, x/2): the series for
//!   x < a + 1, else Lentz's continued fraction (Numerical Recipes 6.2), to 1e-16;
//! - binomial and hypergeometric probabilities through `lgamma`.

/// e^x.
pub fn exp(x: f64) -> f64 {
    libm::exp(x)
}

/// Natural logarithm.
pub fn ln(x: f64) -> f64 {
    libm::log(x)
}

/// Base-2 logarithm.
pub fn log2(x: f64) -> f64 {
    libm::log2(x)
}

/// x^y.
pub fn pow(x: f64, y: f64) -> f64 {
    libm::pow(x, y)
}

/// ln Γ(x).
pub fn ln_gamma(x: f64) -> f64 {
    libm::lgamma(x)
}

/// P(Z > z) for a standard normal Z.
pub fn norm_sf(z: f64) -> f64 {
    0.5 * libm::erfc(z / std::f64::consts::SQRT_2)
}

/// P(Z <= z).
pub fn norm_cdf(z: f64) -> f64 {
    0.5 * libm::erfc(-z / std::f64::consts::SQRT_2)
}

/// The standard normal quantile (Wichura 1988, AS 241 PPND16); ±inf at 0 and 1, NaN outside.
///
/// Long on purpose: the published algorithm's coefficients, kept as written.
#[allow(
    clippy::too_many_lines,
    reason = "the published algorithm's coefficients, kept as written"
)]
pub fn norm_ppf(p: f64) -> f64 {
    if !(0.0..=1.0).contains(&p) {
        return f64::NAN;
    }
    if p == 0.0 {
        return f64::NEG_INFINITY;
    }
    if p == 1.0 {
        return f64::INFINITY;
    }
    let poly = |c: &[f64], x: f64| c.iter().rev().fold(0.0, |acc, k| acc * x + k);
    let q = p - 0.5;
    if q.abs() <= 0.425 {
        let r = 0.180625 - q * q;
        let a = [
            3.387_132_872_796_366_5,
            133.141_667_891_784_38,
            1_971.590_950_306_551_3,
            13_731.693_765_509_46,
            45_921.953_931_549_87,
            67_265.770_927_008_7,
            33_430.575_583_588_13,
            2_509.080_928_730_122_7,
        ];
        let b = [
            1.0,
            42.313_330_701_600_91,
            687.187_007_492_057_9,
            5_394.196_021_424_751,
            21_213.794_301_586_597,
            39_307.895_800_092_71,
            28_729.085_735_721_943,
            5_226.495_278_852_545,
        ];
        return q * poly(&a, r) / poly(&b, r);
    }
    let r = if q < 0.0 { p } else { 1.0 - p };
    let r = libm::sqrt(-ln(r));
    let value = if r <= 5.0 {
        let r = r - 1.6;
        let c = [
            1.423_437_110_749_683_5,
            4.630_337_846_156_546,
            5.769_497_221_460_691,
            3.647_848_324_763_204_5,
            1.270_458_252_452_368_4,
            0.241_780_725_177_450_6,
            0.022_723_844_989_269_184,
            0.000_774_545_014_278_341_4,
        ];
        let d = [
            1.0,
            2.053_191_626_637_759,
            1.676_384_830_183_803_8,
            0.689_767_334_985_1,
            0.148_103_976_427_480_08,
            0.015_198_666_563_616_457,
            0.000_547_593_808_499_534_5,
            1.050_750_071_644_416_9e-9,
        ];
        poly(&c, r) / poly(&d, r)
    } else {
        let r = r - 5.0;
        let e = [
            6.657_904_643_501_103,
            5.463_784_911_164_114,
            1.784_826_539_917_291_3,
            0.296_560_571_828_504_9,
            0.026_532_189_526_576_124,
            0.001_242_660_947_388_078_4,
            2.711_555_568_743_487_6e-5,
            2.010_334_399_292_288_1e-7,
        ];
        let f = [
            1.0,
            0.599_832_206_555_888,
            0.136_929_880_922_735_8,
            0.014_875_361_290_850_615,
            0.000_786_869_131_145_613_3,
            1.846_318_317_510_054_8e-5,
            1.421_511_758_316_446e-7,
            2.044_263_103_389_939_7e-15,
        ];
        poly(&e, r) / poly(&f, r)
    };
    if q < 0.0 { -value } else { value }
}

/// P(X > x) for X ~ chi-square with `df` degrees of freedom.
pub fn chi2_sf(x: f64, df: f64) -> f64 {
    if df.is_nan() || df <= 0.0 || x.is_nan() {
        return f64::NAN;
    }
    if x <= 0.0 {
        return 1.0;
    }
    gamma_q(df / 2.0, x / 2.0)
}

/// The regularized upper incomplete gamma function Q(a, x) = Γ(a, x)/Γ(a).
fn gamma_q(a: f64, x: f64) -> f64 {
    let ln_prefix = a * ln(x) - x - ln_gamma(a);
    if x < a + 1.0 {
        // P(a, x) by its series; Q = 1 − P.
        let (mut term, mut sum, mut ap) = (1.0 / a, 1.0 / a, a);
        for _ in 0..100_000 {
            ap += 1.0;
            term *= x / ap;
            sum += term;
            if term.abs() < sum.abs() * 1e-17 {
                break;
            }
        }
        (1.0 - sum * exp(ln_prefix)).clamp(0.0, 1.0)
    } else {
        // Q(a, x) by Lentz's continued fraction.
        let tiny = 1e-300;
        let mut b = x + 1.0 - a;
        let mut c = 1.0 / tiny;
        let mut d = 1.0 / b;
        let mut h = d;
        for i in 1..100_000 {
            let an = -(i as f64) * (i as f64 - a);
            b += 2.0;
            d = an * d + b;
            if d.abs() < tiny {
                d = tiny;
            }
            c = b + an / c;
            if c.abs() < tiny {
                c = tiny;
            }
            d = 1.0 / d;
            let delta = d * c;
            h *= delta;
            if (delta - 1.0).abs() < 1e-17 {
                break;
            }
        }
        (exp(ln_prefix) * h).clamp(0.0, 1.0)
    }
}

/// ln C(n, k) for real n, k (through lgamma).
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
        exp(ln_binom(n as f64, k as f64))
    }
}

/// P(X = k) for X ~ Binomial(n, p).
pub fn binom_pmf(k: u64, n: u64, p: f64) -> f64 {
    if k > n {
        return 0.0;
    }
    if p == 0.0 {
        return f64::from(k == 0);
    }
    if p == 1.0 {
        return f64::from(k == n);
    }
    exp(ln_binom(n as f64, k as f64) + k as f64 * ln(p) + (n - k) as f64 * libm::log1p(-p))
}

/// P(X = x) for X hypergeometric: `draws` from `population` holding `successes`.
pub fn hypergeom_pmf(x: u64, population: u64, successes: u64, draws: u64) -> f64 {
    if x > successes || x > draws || draws - x > population - successes {
        return 0.0;
    }
    exp(
        ln_binom(successes as f64, x as f64) + ln_binom((population - successes) as f64, (draws - x) as f64)
            - ln_binom(population as f64, draws as f64),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantile_inverts_the_cdf() {
        for p in [1e-300, 1e-12, 0.001, 0.02, 0.3, 0.5, 0.7, 0.975, 0.999999] {
            let z = norm_ppf(p);
            assert!(
                (norm_cdf(z) - p).abs() <= 1e-14 * p.max(1e-300) + 1e-300,
                "{p}: {}",
                norm_cdf(z)
            );
        }
        assert!((norm_ppf(0.975) - 1.959963984540054).abs() < 1e-15);
    }

    #[test]
    fn chi_square_tails() {
        // scipy.stats.chi2.sf(3.84, 1), chi2.sf(20, 10), chi2.sf(0.5, 3)
        assert!((chi2_sf(3.84, 1.0) - 0.05004352124870519).abs() < 1e-15);
        assert!((chi2_sf(20.0, 10.0) - 0.029252688076961124).abs() < 1e-15);
        assert!((chi2_sf(0.5, 3.0) - 0.9188914116546758).abs() < 1e-14);
    }
}
