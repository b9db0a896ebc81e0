//! mSPRT for the difference of means: always-valid p-values and a confidence sequence over
//! time-ordered samples, so a gate re-run at every look does not inflate false alarms.
//!
//! Definition (Johari, Pekelis & Walsh, "Always valid inference", 2017; normal mixture):
//! - Looks k = 1..L, L = max(n_b, n_c); look k uses the first ⌈k·n_b/L⌉ baseline and
//!   ⌈k·n_c/L⌉ canary values (both arms advance together in time order).
//! - θ̂ₖ = mean(canary so far) − mean(baseline so far); Vₖ = σ_b²/n_b,k + σ_c²/n_c,k with
//!   σ² the sample variances (ddof = 1) of each whole arm (plug-in).
//! - Mixture likelihood ratio against H₀: θ = 0 with mixing distribution N(0, τ²):
//!   Λₖ = √(Vₖ/(Vₖ+τ²)) · exp(τ²θ̂ₖ² / (2Vₖ(Vₖ+τ²))).
//! - Always-valid p-value pₖ = min(1, pₖ₋₁, 1/Λₖ); confidence sequence at level 1 − α:
//!   θ̂ₖ ± √(Vₖ(Vₖ+τ²)/τ² · (ln((Vₖ+τ²)/Vₖ) − 2 ln α)), intersected over looks.
//! - Default mixing variance τ² = (σ_b² + σ_c²)/2: the prior expects shifts of the order of one
//!   standard deviation.

use crate::dist::{exp, ln};
use crate::{StatsError, check_level, check_sample};

/// The sequence of looks and the final answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Msprt {
    /// θ̂ at the last look: mean(canary) − mean(baseline).
    pub estimate: f64,
    /// Always-valid p-value after the last look.
    pub p_value: f64,
    /// Confidence sequence after the last look (the running intersection).
    pub ci: [f64; 2],
    /// The always-valid p-value after every look.
    pub p_values: Vec<f64>,
    /// The mixing variance used.
    pub tau2: f64,
}

fn variance(xs: &[f64]) -> f64 {
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    xs.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / (n - 1.0)
}

/// mSPRT of canary − baseline means at level `alpha`, with mixing variance `tau2` (None: the default).
pub fn msprt_mean_difference(
    baseline: &[f64],
    canary: &[f64],
    alpha: f64,
    tau2: Option<f64>,
) -> Result<Msprt, StatsError> {
    check_sample(baseline, "the baseline sample")?;
    check_sample(canary, "the canary sample")?;
    check_level(alpha, "alpha")?;
    if baseline.len() < 2 || canary.len() < 2 {
        return Err(StatsError::Degenerate(
            "each arm needs at least 2 values for a variance".into(),
        ));
    }
    let (vb, vc) = (variance(baseline), variance(canary));
    if vb + vc == 0.0 {
        return Err(StatsError::Degenerate("both arms are constant (variance 0)".into()));
    }
    let tau2 = tau2.unwrap_or((vb + vc) / 2.0);
    if !(tau2.is_finite() && tau2 > 0.0) {
        return Err(StatsError::Invalid(format!(
            "the mixing variance must be positive, found {tau2}"
        )));
    }
    let (nb, nc) = (baseline.len(), canary.len());
    let looks = nb.max(nc);
    let (mut sum_b, mut sum_c) = (0.0, 0.0);
    let (mut used_b, mut used_c) = (0usize, 0usize);
    let mut p = 1.0f64;
    let mut ci = [f64::NEG_INFINITY, f64::INFINITY];
    let mut p_values = Vec::with_capacity(looks);
    let mut estimate = 0.0;
    for k in 1..=looks {
        let want_b = (k * nb).div_ceil(looks);
        let want_c = (k * nc).div_ceil(looks);
        sum_b += baseline[used_b..want_b].iter().sum::<f64>();
        sum_c += canary[used_c..want_c].iter().sum::<f64>();
        (used_b, used_c) = (want_b, want_c);
        let theta = sum_c / used_c as f64 - sum_b / used_b as f64;
        estimate = theta;
        let v = vb / used_b as f64 + vc / used_c as f64;
        let ln_lambda = 0.5 * ln(v / (v + tau2)) + tau2 * theta * theta / (2.0 * v * (v + tau2));
        p = p.min(exp(-ln_lambda)).min(1.0);
        p_values.push(p);
        let radius = (v * (v + tau2) / tau2 * (ln((v + tau2) / v) - 2.0 * ln(alpha))).sqrt();
        ci = [ci[0].max(theta - radius), ci[1].min(theta + radius)];
    }
    Ok(Msprt {
        estimate,
        p_value: p,
        ci,
        p_values,
        tau2,
    })
}
