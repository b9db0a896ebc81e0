//! Multiple-comparison corrections: adjusted p-values for a family of tests.
//!
//! Definitions (as statsmodels' `multipletests` and scipy's `false_discovery_control`), with
//! p_(1) <= ... <= p_(m) the sorted p-values:
//! - Bonferroni: min(1, m·p).
//! - Holm (step-down): adj_(i) = max_{j <= i} min(1, (m − j + 1)·p_(j)).
//! - Benjamini-Hochberg (step-up): adj_(i) = min_{j >= i} min(1, m·p_(j)/j).
//!
//! Adjusted values come back in the input order; each is >= its raw p-value.

use crate::StatsError;

/// A correction method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Correction {
    None,
    Bonferroni,
    Holm,
    BenjaminiHochberg,
}

/// Adjusted p-values, in the order given.
pub fn adjust(p_values: &[f64], method: Correction) -> Result<Vec<f64>, StatsError> {
    if let Some(p) = p_values.iter().find(|p| !(0.0..=1.0).contains(*p)) {
        return Err(StatsError::Invalid(format!("p-values must be in [0, 1], found {p}")));
    }
    let m = p_values.len() as f64;
    let mut order: Vec<usize> = (0..p_values.len()).collect();
    order.sort_by(|&a, &b| p_values[a].total_cmp(&p_values[b]));
    let mut adjusted = vec![0.0; p_values.len()];
    match method {
        Correction::None => adjusted.copy_from_slice(p_values),
        Correction::Bonferroni => {
            for (a, p) in adjusted.iter_mut().zip(p_values) {
                *a = (p * m).min(1.0);
            }
        }
        Correction::Holm => {
            let mut running: f64 = 0.0;
            for (rank, &i) in order.iter().enumerate() {
                running = running.max(((m - rank as f64) * p_values[i]).min(1.0));
                adjusted[i] = running;
            }
        }
        Correction::BenjaminiHochberg => {
            let mut running: f64 = 1.0;
            for (rank, &i) in order.iter().enumerate().rev() {
                running = running.min((p_values[i] * m / (rank + 1) as f64).min(1.0));
                adjusted[i] = running;
            }
        }
    }
    Ok(adjusted)
}
