//! Seeded bootstrap confidence intervals (percentile and BCa) for a statistic of one or two
//! samples.
//!
//! Resampling is defined exactly so that it can be reproduced anywhere (the Python reference in
//! `tests/reference/make_vectors.py` does): a SplitMix64 generator seeded with `seed`; each index
//! in [0, n) is ⌊next_u64 · n / 2⁶⁴⌋ (a 128-bit multiply); replicate r draws the n₁ indices of
//! the first sample, then the n₂ of the second. Same seed, same numbers, on every platform.
//!
//! - Percentile: the α/2 and 1 − α/2 quantiles (numpy type 7) of the B replicates, α = 1 − level.
//! - BCa (Efron 1987, as `scipy.stats.bootstrap(method="BCa")`): bias z₀ = Φ⁻¹(#{θ* < θ̂}/B);
//!   acceleration from the jackknife, a = Σ(θ̄ⱼ − θ₍ⱼᵢ₎)³ / (6·(Σ(θ̄ⱼ − θ₍ⱼᵢ₎)²)^{3/2}) where θ₍ⱼᵢ₎
//!   leaves out value i of sample j and θ̄ⱼ is the mean over sample j's leave-one-outs; the
//!   interval is the quantiles at Φ(z₀ + (z₀ + z)/(1 − a(z₀ + z))) for z = Φ⁻¹(α/2), Φ⁻¹(1 − α/2).
//!   A sample longer than `jackknife_groups` is jackknifed by leaving out contiguous blocks
//!   instead of single values (the delete-d jackknife): block j of G holds the values
//!   ⌊j·n/G⌋ .. ⌊(j+1)·n/G⌋, which keeps BCa at O(n·G) on large samples.
//!   All replicates on one side of θ̂, or a jackknife without spread, is a typed error.

use crate::dist::{norm_cdf, norm_ppf, pow};
use crate::quantile::quantile_sorted;
use crate::{StatsError, check_level, check_sample};

/// SplitMix64 (Steele, Lea & Flood 2014): tiny, fast, and the same everywhere.
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    pub fn new(seed: u64) -> SplitMix64 {
        SplitMix64(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// An index in [0, n): ⌊next · n / 2⁶⁴⌋.
    pub fn index(&mut self, n: usize) -> usize {
        ((self.next_u64() as u128 * n as u128) >> 64) as usize
    }
}

/// Which interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Interval {
    Percentile,
    Bca,
}

/// A bootstrap result.
#[derive(Debug, Clone, PartialEq)]
pub struct Bootstrap {
    /// The statistic on the original samples.
    pub estimate: f64,
    pub ci: [f64; 2],
}

/// Settings of a bootstrap run.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    pub confidence: f64,
    pub resamples: usize,
    pub seed: u64,
    pub interval: Interval,
    /// Most jackknife evaluations per sample for BCa; longer samples leave out blocks.
    pub jackknife_groups: usize,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            confidence: 0.95,
            resamples: 2000,
            seed: 0,
            interval: Interval::Bca,
            jackknife_groups: usize::MAX,
        }
    }
}

/// Bootstrap interval of `statistic` over one sample.
pub fn bootstrap_one(
    sample: &[f64],
    statistic: impl Fn(&[f64]) -> f64,
    settings: Settings,
) -> Result<Bootstrap, StatsError> {
    bootstrap(&[sample], |s: &[&[f64]]| statistic(s[0]), settings)
}

/// Bootstrap interval of `statistic` over two independent samples, each resampled on its own.
pub fn bootstrap_two(
    a: &[f64],
    b: &[f64],
    statistic: impl Fn(&[f64], &[f64]) -> f64,
    settings: Settings,
) -> Result<Bootstrap, StatsError> {
    bootstrap(&[a, b], |s: &[&[f64]]| statistic(s[0], s[1]), settings)
}

fn bootstrap(
    samples: &[&[f64]],
    statistic: impl Fn(&[&[f64]]) -> f64,
    settings: Settings,
) -> Result<Bootstrap, StatsError> {
    for s in samples {
        check_sample(s, "a bootstrap sample")?;
    }
    check_level(settings.confidence, "the confidence level")?;
    if settings.resamples < 2 {
        return Err(StatsError::Invalid(format!(
            "need at least 2 resamples, found {}",
            settings.resamples
        )));
    }
    let estimate = statistic(samples);
    if !estimate.is_finite() {
        return Err(StatsError::Degenerate(
            "the statistic of the samples is not a finite number".into(),
        ));
    }
    let mut rng = SplitMix64::new(settings.seed);
    let mut buffers: Vec<Vec<f64>> = samples.iter().map(|s| vec![0.0; s.len()]).collect();
    let mut replicates = Vec::with_capacity(settings.resamples);
    for _ in 0..settings.resamples {
        for (buf, s) in buffers.iter_mut().zip(samples) {
            for slot in buf.iter_mut() {
                *slot = s[rng.index(s.len())];
            }
        }
        let views: Vec<&[f64]> = buffers.iter().map(Vec::as_slice).collect();
        let r = statistic(&views);
        if !r.is_finite() {
            return Err(StatsError::Degenerate(
                "a bootstrap replicate of the statistic is not finite".into(),
            ));
        }
        replicates.push(r);
    }
    let b = replicates.len() as f64;
    let below = replicates.iter().filter(|r| **r < estimate).count() as f64;
    replicates.sort_unstable_by(f64::total_cmp);
    let alpha = 1.0 - settings.confidence;
    let (q_lo, q_hi) = match settings.interval {
        Interval::Percentile => (alpha / 2.0, 1.0 - alpha / 2.0),
        Interval::Bca => {
            let fraction = below / b;
            if fraction <= 0.0 || fraction >= 1.0 {
                return Err(StatsError::Degenerate(
                    "every bootstrap replicate lies on one side of the estimate; BCa is undefined".into(),
                ));
            }
            let z0 = norm_ppf(fraction);
            let a = acceleration(samples, &statistic, settings.jackknife_groups)?;
            let adjust = |z: f64| norm_cdf(z0 + (z0 + z) / (1.0 - a * (z0 + z)));
            (adjust(norm_ppf(alpha / 2.0)), adjust(norm_ppf(1.0 - alpha / 2.0)))
        }
    };
    Ok(Bootstrap {
        estimate,
        ci: [quantile_sorted(&replicates, q_lo), quantile_sorted(&replicates, q_hi)],
    })
}

/// The jackknife acceleration of BCa.
fn acceleration(samples: &[&[f64]], statistic: &impl Fn(&[&[f64]]) -> f64, groups: usize) -> Result<f64, StatsError> {
    let (mut num, mut den) = (0.0, 0.0);
    for j in 0..samples.len() {
        let s = samples[j];
        let n = s.len();
        let g = n.min(groups.max(2));
        let mut left_out = Vec::with_capacity(g);
        let mut buf = Vec::with_capacity(n);
        for block in 0..g {
            let (from, to) = (block * n / g, (block + 1) * n / g);
            buf.clear();
            buf.extend_from_slice(&s[..from]);
            buf.extend_from_slice(&s[to..]);
            let mut views: Vec<&[f64]> = samples.to_vec();
            views[j] = &buf;
            left_out.push(statistic(&views));
        }
        let mean = left_out.iter().sum::<f64>() / left_out.len() as f64;
        for t in &left_out {
            let d = mean - t;
            num += d * d * d;
            den += d * d;
        }
    }
    let a = num / (6.0 * pow(den, 1.5));
    if !a.is_finite() {
        return Err(StatsError::Degenerate(
            "the jackknife values do not vary; BCa is undefined".into(),
        ));
    }
    Ok(a)
}
