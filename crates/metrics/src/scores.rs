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
//!
//! Parity metrics (fairlearn 0.15's definitions, `method="between_groups"`, `agg="worst_case"`),
//! over the groups of a sensitive feature present in the rows:
//! - per group: selection rate = share predicted positive; TPR = TP/(TP + FN) and
//!   FPR = FP/(FP + TN), each 0 for a group without positives (negatives), as scikit-learn's
//!   `confusion_matrix(normalize="true")` makes them;
//! - `demographic_parity_difference` = max − min of the selection rates, `demographic_parity_ratio`
//!   = min / max;
//! - `equalized_odds_difference` = the larger of the TPR and FPR differences, `equalized_odds_ratio`
//!   = the smaller of the TPR and FPR ratios;
//! - a ratio whose largest rate is 0 is 0/0: undefined (NaN), where fairlearn would divide by zero.

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
    /// Each example's place among the distinct scores, highest first (tied scores share one). The
    /// ranking metrics count a resample's examples per place in O(n) instead of sorting it: the
    /// bootstrap evaluates them thousands of times.
    place: Vec<usize>,
    places: usize,
}

impl ScoreData {
    pub fn new(truth: Vec<bool>, score: Vec<f64>) -> ScoreData {
        let mut order: Vec<usize> = (0..score.len()).collect();
        order.sort_unstable_by(|a, b| score[*b].total_cmp(&score[*a]));
        let mut place = vec![0; score.len()];
        let mut places = 0;
        for (k, &i) in order.iter().enumerate() {
            // Equal neighbours in this order are one place, as `==` groups them (−0 with 0).
            if k > 0 && score[i] != score[order[k - 1]] {
                places += 1;
            }
            place[i] = places;
        }
        ScoreData {
            truth,
            score,
            place,
            places: places + usize::from(!order.is_empty()),
        }
    }
}

/// Binary truth and predicted class, with each example's group of a sensitive feature.
#[derive(Debug, Clone, PartialEq)]
pub struct ParityData {
    pub truth: Vec<bool>,
    pub predicted: Vec<bool>,
    /// Each example's group: an index into `groups` (sorted).
    pub group: Vec<usize>,
    pub groups: Vec<String>,
}

/// One group's rates on some rows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GroupRates {
    pub n: u64,
    pub selection_rate: f64,
    pub true_positive_rate: f64,
    pub false_positive_rate: f64,
}

/// Each group's rates over the rows `idx` (None for a group the rows do not hold).
pub fn group_rates(d: &ParityData, idx: &[usize]) -> Vec<Option<GroupRates>> {
    // [n, predicted positive, positives, true positives, false positives] per group.
    let mut counts = vec![[0u64; 5]; d.groups.len()];
    for &i in idx {
        let c = &mut counts[d.group[i]];
        c[0] += 1;
        c[1] += u64::from(d.predicted[i]);
        c[2] += u64::from(d.truth[i]);
        c[3] += u64::from(d.truth[i] && d.predicted[i]);
        c[4] += u64::from(!d.truth[i] && d.predicted[i]);
    }
    counts
        .iter()
        .map(|&[n, selected, positives, tp, fp]| {
            (n > 0).then(|| GroupRates {
                n,
                selection_rate: selected as f64 / n as f64,
                true_positive_rate: ratio(tp as f64, positives as f64),
                false_positive_rate: ratio(fp as f64, (n - positives) as f64),
            })
        })
        .collect()
}

/// A parity metric over the rows `idx`.
pub fn parity_metric(metric: &str, d: &ParityData, idx: &[usize]) -> f64 {
    let rates: Vec<GroupRates> = group_rates(d, idx).into_iter().flatten().collect();
    let spread = |rate: fn(&GroupRates) -> f64| {
        let (lo, hi) = rates
            .iter()
            .map(rate)
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), r| (lo.min(r), hi.max(r)));
        let ratio = if hi == 0.0 { f64::NAN } else { lo / hi };
        (hi - lo, ratio)
    };
    let selection = spread(|r| r.selection_rate);
    let tpr = spread(|r| r.true_positive_rate);
    let fpr = spread(|r| r.false_positive_rate);
    match metric {
        "demographic_parity_difference" => selection.0,
        "demographic_parity_ratio" => selection.1,
        "equalized_odds_difference" => tpr.0.max(fpr.0),
        // NaN when either ratio is undefined (f64::min would drop it).
        _ if tpr.1.is_nan() || fpr.1.is_nan() => f64::NAN,
        _ => tpr.1.min(fpr.1),
    }
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
            // Positives and negatives per distinct score, highest first; tied scores form one group.
            let (mut pos, mut neg) = (vec![0u64; d.places], vec![0u64; d.places]);
            for &i in idx {
                if d.truth[i] {
                    pos[d.place[i]] += 1;
                } else {
                    neg[d.place[i]] += 1;
                }
            }
            let positives = pos.iter().sum::<u64>() as f64;
            let negatives = n - positives;
            if positives == 0.0 || (metric == "roc_auc" && negatives == 0.0) {
                return f64::NAN;
            }
            let (mut tp, mut fp) = (0.0, 0.0);
            let (mut auc, mut ap, mut last_recall) = (0.0, 0.0, 0.0);
            for (&gp, &gn) in pos.iter().zip(&neg) {
                if gp == 0 && gn == 0 {
                    continue; // a score this resample does not hold
                }
                let (gp, gn) = (gp as f64, gn as f64);
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
        let d = ScoreData::new(vec![true, false, true, false], vec![0.9, 0.9, 0.5, 0.1]);
        let idx: Vec<usize> = (0..4).collect();
        // Pairs (pos, neg): (0.9, 0.9) tie ½, (0.9, 0.1) 1, (0.5, 0.9) 0, (0.5, 0.1) 1 → 2.5 / 4.
        assert_eq!(score_metric("roc_auc", &d, &idx), 0.625);
    }

    /// The ranking metrics as they were computed before places: each resample sorted.
    fn ranking_by_sorting(metric: &str, d: &ScoreData, idx: &[usize]) -> f64 {
        let mut order: Vec<usize> = idx.to_vec();
        order.sort_unstable_by(|a, b| d.score[*b].total_cmp(&d.score[*a]));
        let positives = idx.iter().filter(|&&i| d.truth[i]).count() as f64;
        let negatives = idx.len() as f64 - positives;
        if positives == 0.0 || (metric == "roc_auc" && negatives == 0.0) {
            return f64::NAN;
        }
        let (mut tp, mut fp, mut auc, mut ap, mut last_recall) = (0.0, 0.0, 0.0, 0.0, 0.0);
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
            auc += gp * (fp + gn / 2.0);
            tp += gp;
            fp += gn;
            let recall = tp / positives;
            ap += (recall - last_recall) * tp / (tp + fp);
            last_recall = recall;
        }
        if metric == "roc_auc" {
            1.0 - auc / (positives * negatives)
        } else {
            ap
        }
    }

    #[test]
    fn counting_by_place_equals_sorting_each_resample_bit_for_bit() {
        let mut rng = mlgate_stats::bootstrap::SplitMix64::new(7);
        for n in [1usize, 2, 5, 40, 333] {
            // Few distinct scores (many ties), −0 beside 0, and both extremes.
            let score: Vec<f64> = (0..n)
                .map(|_| match rng.index(9) {
                    0 => -0.0,
                    1 => 0.0,
                    2 => 1.0,
                    k => (rng.index(20 + k) as f64) / 17.0,
                })
                .collect();
            let truth: Vec<bool> = (0..n).map(|_| rng.index(3) == 0).collect();
            let d = ScoreData::new(truth, score);
            for _ in 0..50 {
                let idx: Vec<usize> = (0..n).map(|_| rng.index(n)).collect();
                for metric in ["roc_auc", "pr_auc"] {
                    let (new, old) = (score_metric(metric, &d, &idx), ranking_by_sorting(metric, &d, &idx));
                    assert!(
                        new.to_bits() == old.to_bits() || (new.is_nan() && old.is_nan()),
                        "{metric} n={n}: {new} vs {old}"
                    );
                }
            }
        }
    }
}
