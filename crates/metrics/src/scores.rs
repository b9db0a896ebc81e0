//! Standard model metrics computed from per-example predictions, with scikit-learn's definitions.
//!
//! Every function takes the rows to use (`idx`), so the bootstrap resamples rows without copying
//! the data. Definitions (scikit-learn 1.9):
//! - `accuracy`: share of examples whose predicted class equals the true one.
//! - `balanced_accuracy`: mean over the classes present in the labels of each class's recall
//!   (classes only predicted are left out, as sklearn does).
//! - `precision`, `recall`, `f1` with `average`: `binary` (the positive class only), `macro`
//!   (unweighted mean over every class seen in labels or predictions), `weighted` (mean weighted
//!   by each class's number of true examples), `micro` (from the summed counts). A 0/0 ratio is 0
//!   (sklearn's `zero_division` default). f1 = 2·TP / (2·TP + FP + FN).
//! - `roc_auc` (binary): the probability that a random positive scores above a random negative,
//!   ties counting ½ (equal to the area under sklearn's ROC curve).
//! - `pr_auc` (`average_precision_score`): Σ (Rₙ − Rₙ₋₁)·Pₙ over the distinct score thresholds,
//!   highest first (tied scores form one threshold).
//! - `log_loss` (binary): −mean(y·ln p + (1 − y)·ln(1 − p)), with p and 1 − p each clipped to
//!   [ε, 1 − ε], ε = 2.22e-16 (f64 machine epsilon).
//! - `brier`: mean((p − y)²).
//! - `mae`, `rmse` (√MSE), `r2` (1 − SS_res/SS_tot; 1 when both are 0, 0 when only SS_tot is,
//!   sklearn's `force_finite`), `mape` (mean |y − ŷ| / max(|y|, ε)).

use mlgate_stats::dist::ln;

/// How per-class results are combined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Average {
    /// The positive class only (its index in `LabelData::classes`).
    Binary(usize),
    Macro,
    Micro,
    Weighted,
}

/// Class labels as indices into `classes` (sorted, as sklearn orders them).
#[derive(Debug, Clone, PartialEq)]
pub struct LabelData {
    pub classes: Vec<String>,
    pub truth: Vec<usize>,
    pub predicted: Vec<usize>,
}

/// Binary truth and a score per example.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoreData {
    pub truth: Vec<bool>,
    pub score: Vec<f64>,
}

/// Numeric truth and prediction.
#[derive(Debug, Clone, PartialEq)]
pub struct RegressionData {
    pub truth: Vec<f64>,
    pub predicted: Vec<f64>,
}

fn ratio(num: f64, den: f64) -> f64 {
    if den == 0.0 { 0.0 } else { num / den }
}

/// A label metric over the rows `idx`.
pub fn label_metric(metric: &str, average: Average, d: &LabelData, idx: &[usize]) -> f64 {
    let k = d.classes.len();
    let n = idx.len() as f64;
    let (mut tp, mut fp, mut fne) = (vec![0.0; k], vec![0.0; k], vec![0.0; k]);
    let mut support = vec![0.0; k];
    let mut correct = 0.0;
    for &i in idx {
        let (t, p) = (d.truth[i], d.predicted[i]);
        support[t] += 1.0;
        if t == p {
            tp[t] += 1.0;
            correct += 1.0;
        } else {
            fp[p] += 1.0;
            fne[t] += 1.0;
        }
    }
    match metric {
        "accuracy" => ratio(correct, n),
        "balanced_accuracy" => {
            let recalls: Vec<f64> = (0..k)
                .filter(|c| support[*c] > 0.0)
                .map(|c| tp[c] / support[c])
                .collect();
            ratio(recalls.iter().sum(), recalls.len() as f64)
        }
        _ => {
            let per_class = |c: usize| match metric {
                "precision" => ratio(tp[c], tp[c] + fp[c]),
                "recall" => ratio(tp[c], tp[c] + fne[c]),
                _ => ratio(2.0 * tp[c], 2.0 * tp[c] + fp[c] + fne[c]),
            };
            // sklearn averages over the labels seen in either column.
            let seen: Vec<usize> = (0..k).filter(|c| support[*c] > 0.0 || tp[*c] + fp[*c] > 0.0).collect();
            match average {
                Average::Binary(positive) => per_class(positive),
                Average::Macro => ratio(seen.iter().map(|c| per_class(*c)).sum(), seen.len() as f64),
                Average::Weighted => ratio(
                    seen.iter().map(|c| per_class(*c) * support[*c]).sum(),
                    seen.iter().map(|c| support[*c]).sum(),
                ),
                Average::Micro => {
                    let (t, f, m) = (tp.iter().sum::<f64>(), fp.iter().sum::<f64>(), fne.iter().sum::<f64>());
                    match metric {
                        "precision" => ratio(t, t + f),
                        "recall" => ratio(t, t + m),
                        _ => ratio(2.0 * t, 2.0 * t + f + m),
                    }
                }
            }
        }
    }
}

/// A score metric over the rows `idx`; NaN when undefined for these rows (one class only).
pub fn score_metric(metric: &str, d: &ScoreData, idx: &[usize]) -> f64 {
    let n = idx.len() as f64;
    match metric {
        "log_loss" => {
            let eps = f64::EPSILON;
            let total: f64 = idx
                .iter()
                .map(|&i| {
                    let p = d.score[i];
                    let q = if d.truth[i] { p } else { 1.0 - p };
                    -ln(q.clamp(eps, 1.0 - eps))
                })
                .sum();
            total / n
        }
        "brier" => {
            idx.iter()
                .map(|&i| (d.score[i] - f64::from(u8::from(d.truth[i]))).powi(2))
                .sum::<f64>()
                / n
        }
        _ => {
            // Rows by score, highest first; tied scores form one group.
            let mut order: Vec<usize> = idx.to_vec();
            order.sort_unstable_by(|a, b| d.score[*b].total_cmp(&d.score[*a]));
            let positives = idx.iter().filter(|&&i| d.truth[i]).count() as f64;
            let negatives = n - positives;
            if positives == 0.0 || (metric == "roc_auc" && negatives == 0.0) {
                return f64::NAN;
            }
            let (mut tp, mut fp) = (0.0, 0.0);
            let (mut auc, mut ap, mut last_recall) = (0.0, 0.0, 0.0);
            let mut g = 0;
            while g < order.len() {
                let s = d.score[order[g]];
                let (mut gp, mut gn) = (0.0, 0.0);
                while g < order.len() && d.score[order[g]] == s {
                    if d.truth[order[g]] {
                        gp += 1.0;
                    } else {
                        gn += 1.0;
                    }
                    g += 1;
                }
                // Positives in this group beat the negatives seen before and tie with their own.
                auc += gp * (fp + gn / 2.0);
                tp += gp;
                fp += gn;
                let recall = tp / positives;
                ap += (recall - last_recall) * tp / (tp + fp);
                last_recall = recall;
            }
            if metric == "roc_auc" {
                // auc counted negatives ranked above each positive; flip to "positive above negative".
                1.0 - auc / (positives * negatives)
            } else {
                ap
            }
        }
    }
}

/// A regression metric over the rows `idx`.
pub fn regression_metric(metric: &str, d: &RegressionData, idx: &[usize]) -> f64 {
    let n = idx.len() as f64;
    match metric {
        "mae" => idx.iter().map(|&i| (d.truth[i] - d.predicted[i]).abs()).sum::<f64>() / n,
        "rmse" => (idx.iter().map(|&i| (d.truth[i] - d.predicted[i]).powi(2)).sum::<f64>() / n).sqrt(),
        "mape" => {
            idx.iter()
                .map(|&i| (d.predicted[i] - d.truth[i]).abs() / d.truth[i].abs().max(f64::EPSILON))
                .sum::<f64>()
                / n
        }
        _ => {
            let mean = idx.iter().map(|&i| d.truth[i]).sum::<f64>() / n;
            let ss_res: f64 = idx.iter().map(|&i| (d.truth[i] - d.predicted[i]).powi(2)).sum();
            let ss_tot: f64 = idx.iter().map(|&i| (d.truth[i] - mean).powi(2)).sum();
            if ss_tot == 0.0 {
                if ss_res == 0.0 { 1.0 } else { 0.0 }
            } else {
                1.0 - ss_res / ss_tot
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auc_counts_ties_as_half() {
        let d = ScoreData {
            truth: vec![true, false, true, false],
            score: vec![0.9, 0.9, 0.5, 0.1],
        };
        let idx: Vec<usize> = (0..4).collect();
        // Pairs (pos, neg): (0.9, 0.9) tie ½, (0.9, 0.1) 1, (0.5, 0.9) 0, (0.5, 0.1) 1 → 2.5 / 4.
        assert_eq!(score_metric("roc_auc", &d, &idx), 0.625);
    }
}
