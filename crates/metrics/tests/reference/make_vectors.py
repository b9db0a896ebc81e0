#!/usr/bin/env python3
"""Known answers for metrics computed from predictions (crates/metrics/src/scores.rs and
predictions.rs): scikit-learn for the metrics, statsmodels for McNemar, fairlearn for metrics per
slice (`MetricFrame.by_group`, `.difference()`) and the parity metrics, and this crate's own
seeded resampling scheme (SplitMix64, as crates/stats/src/bootstrap.rs) for the bootstrap
intervals, with the interval formulas written out here.

Writes vectors.json next to this script; tests/known_answers.rs compares within 1e-9.

    /tmp/refenv/bin/pip install -r crates/metrics/tests/reference/requirements.txt
    /tmp/refenv/bin/python crates/metrics/tests/reference/make_vectors.py
"""
import json
import os
import sys

import fairlearn
import numpy as np
import pandas as pd
import sklearn
import statsmodels
from scipy import stats
from sklearn import metrics as skm
from fairlearn import metrics as flm
from statsmodels.stats.contingency_tables import mcnemar

CASES = []

# The same SplitMix64 the stats crate's reference uses (and crates/stats/src/bootstrap.rs).
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../stats/tests/reference"))
from make_vectors import SplitMix64  # noqa: E402


def plain(v):
    return [x.item() if hasattr(x, "item") else x for x in v]


def add(test, args, expected):
    CASES.append({"test": test, "args": args, "expected": expected})


LABEL_METRICS = {
    "accuracy": lambda y, p, **kw: skm.accuracy_score(y, p),
    "balanced_accuracy": lambda y, p, **kw: skm.balanced_accuracy_score(y, p),
    "precision": lambda y, p, **kw: skm.precision_score(y, p, zero_division=0, **kw),
    "recall": lambda y, p, **kw: skm.recall_score(y, p, zero_division=0, **kw),
    "f1": lambda y, p, **kw: skm.f1_score(y, p, zero_division=0, **kw),
}


def label_cases():
    rng = np.random.default_rng(101)
    # binary 0/1
    y = rng.integers(0, 2, 200)
    p = np.where(rng.random(200) < 0.8, y, 1 - y)
    for name, f in LABEL_METRICS.items():
        for average in ("binary", "macro", "micro", "weighted"):
            kw = {} if name in ("accuracy", "balanced_accuracy") else {"average": average}
            add("metric", {"metric": name, "labels": plain(y), "predictions": plain(p), "average": average},
                {"value": f(y, p, **kw)})
    # multiclass: class 3 never predicted, class 4 predicted but absent from labels
    y = rng.integers(0, 4, 150)
    p = np.where(rng.random(150) < 0.6, y, rng.integers(0, 3, 150))
    p[p == 3] = 2
    p[:5] = 4
    for name, f in LABEL_METRICS.items():
        for average in ("macro", "micro", "weighted"):
            kw = {} if name in ("accuracy", "balanced_accuracy") else {"average": average}
            add("metric", {"metric": name, "labels": plain(y), "predictions": plain(p), "average": average},
                {"value": f(y, p, **kw)})
    # string labels with an explicit positive class
    y = np.array(["cat", "dog"])[rng.integers(0, 2, 90)]
    p = np.where(rng.random(90) < 0.7, y, np.where(y == "cat", "dog", "cat"))
    for name in ("precision", "recall", "f1"):
        add("metric", {"metric": name, "labels": plain(y), "predictions": plain(p), "average": "binary",
                       "positive_label": "cat"},
            {"value": LABEL_METRICS[name](y, p, average="binary", pos_label="cat")})
    # scores thresholded at 0.5 into labels
    y = rng.integers(0, 2, 120)
    s = np.clip(y * 0.3 + rng.random(120) * 0.7, 0, 1)
    for name in ("accuracy", "f1"):
        kw = {} if name == "accuracy" else {"average": "binary"}
        add("metric", {"metric": name, "labels": plain(y), "predictions": plain(s), "average": "binary"},
            {"value": LABEL_METRICS[name](y, (s >= 0.5).astype(int), **kw)})


def score_cases():
    rng = np.random.default_rng(202)
    for n, decimals in [(100, None), (250, 1), (60, 2)]:
        y = rng.integers(0, 2, n)
        s = np.clip(0.35 * y + 0.65 * rng.random(n), 0, 1)
        if decimals is not None:
            s = np.round(s, decimals)
        s[0], s[1] = 0.0, 1.0  # probabilities at the ends: log_loss clips
        for name, f in [("roc_auc", skm.roc_auc_score), ("pr_auc", skm.average_precision_score),
                        ("log_loss", skm.log_loss), ("brier", skm.brier_score_loss)]:
            add("metric", {"metric": name, "labels": plain(y), "predictions": plain(s)}, {"value": f(y, s)})


def regression_cases():
    rng = np.random.default_rng(303)
    y = rng.normal(10, 3, 80)
    p = y + rng.normal(0, 1, 80)
    y[:3] = 0.0  # mape divides by max(|y|, eps)
    for name, f in [("mae", skm.mean_absolute_error), ("rmse", skm.root_mean_squared_error),
                    ("r2", skm.r2_score), ("mape", skm.mean_absolute_percentage_error)]:
        add("metric", {"metric": name, "labels": plain(y), "predictions": plain(p)}, {"value": f(y, p)})
    c = np.full(10, 4.0)
    add("metric", {"metric": "r2", "labels": plain(c), "predictions": plain(c)}, {"value": skm.r2_score(c, c)})
    add("metric", {"metric": "r2", "labels": plain(c), "predictions": plain(c + 1)}, {"value": skm.r2_score(c, c + 1)})


def bca(y, p, metric_fn, conf, B, seed, groups):
    """BCa over examples exactly as the crate does it (rows resampled with SplitMix64)."""
    n = len(y)
    est = metric_fn(y, p)
    rng = SplitMix64(seed)
    reps = []
    for _ in range(B):
        idx = [rng.index(n) for _ in range(n)]
        reps.append(metric_fn(y[idx], p[idx]))
    reps = np.sort(np.array(reps))
    z0 = stats.norm.ppf(np.sum(reps < est) / B)
    g = min(n, max(groups, 2))
    loo = []
    for block in range(g):
        lo, hi = block * n // g, (block + 1) * n // g
        keep = np.r_[0:lo, hi:n]
        loo.append(metric_fn(y[keep], p[keep]))
    loo = np.array(loo)
    d = loo.mean() - loo
    a = np.sum(d ** 3) / (6 * np.sum(d ** 2) ** 1.5)
    alpha = 1 - conf

    def adj(z):
        return stats.norm.cdf(z0 + (z0 + z) / (1 - a * (z0 + z)))

    return est, [float(np.quantile(reps, adj(stats.norm.ppf(alpha / 2)))),
                 float(np.quantile(reps, adj(stats.norm.ppf(1 - alpha / 2))))]


def interval_cases():
    rng = np.random.default_rng(404)
    for n, name, conf, B, seed in [(150, "accuracy", 0.95, 400, 1), (150, "roc_auc", 0.9, 300, 2),
                                   (1500, "accuracy", 0.95, 200, 3)]:
        y = rng.integers(0, 2, n)
        s = np.clip(0.3 * y + 0.7 * rng.random(n), 0, 1)
        if name == "accuracy":
            p = (s >= 0.5).astype(int)
            fn = skm.accuracy_score
        else:
            p = s
            fn = skm.roc_auc_score
        est, ci = bca(y, p, fn, conf, B, seed, 1000)
        add("interval", {"metric": name, "labels": plain(y), "predictions": plain(p), "confidence": conf,
                         "resamples": B, "seed": seed}, {"value": est, "ci_low": ci[0], "ci_high": ci[1]})


def paired_cases():
    rng = np.random.default_rng(505)
    for n, name, B, seed in [(300, "accuracy", 300, 4), (200, "f1", 300, 5), (180, "roc_auc", 250, 6)]:
        y = rng.integers(0, 2, n)
        s1 = np.clip(0.3 * y + 0.7 * rng.random(n), 0, 1)
        s2 = np.clip(0.25 * y + 0.75 * rng.random(n), 0, 1)
        if name == "roc_auc":
            p1, p2, fn = s1, s2, skm.roc_auc_score
        else:
            p1, p2 = (s1 >= 0.5).astype(int), (s2 >= 0.5).astype(int)
            fn = skm.accuracy_score if name == "accuracy" else (lambda a, b: skm.f1_score(a, b, zero_division=0))
        rng2 = SplitMix64(seed)
        diffs = []
        for _ in range(B):
            idx = [rng2.index(n) for _ in range(n)]
            diffs.append(fn(y[idx], p1[idx]) - fn(y[idx], p2[idx]))
        diffs = np.sort(np.array(diffs))
        expected = {"delta": fn(y, p1) - fn(y, p2), "ci_low": float(np.quantile(diffs, 0.025)),
                    "ci_high": float(np.quantile(diffs, 0.975))}
        if name == "accuracy":
            c1, c2 = p1 == y, p2 == y
            table = [[int(np.sum(c1 & c2)), int(np.sum(c1 & ~c2))], [int(np.sum(~c1 & c2)), int(np.sum(~c1 & ~c2))]]
            expected["p_value"] = float(mcnemar(table, exact=True).pvalue)
        else:
            le, ge = np.sum(diffs <= 0), np.sum(diffs >= 0)
            expected["p_value"] = float(min(1.0, 2 * min(le, ge) / B))
        add("paired", {"metric": name, "labels": plain(y), "current": plain(p1), "baseline": plain(p2),
                       "resamples": B, "seed": seed}, expected)


def slice_data(rng, n):
    """Binary labels, a score, predicted labels and three columns to slice by, the model worse on
    some countries; `LU` is small, `XX` appears on a single example."""
    country = rng.choice(["BR", "DE", "US", "LU"], n, p=[0.3, 0.3, 0.36, 0.04])
    country[0] = "XX"
    device = rng.choice(["mobile", "desktop"], n)
    plan = rng.choice(["free", "pro"], n, p=[0.7, 0.3])
    y = rng.integers(0, 2, n)
    skill = np.where(country == "BR", 0.15, 0.35)
    s = np.clip(skill * y + (1 - skill) * rng.random(n), 0, 1)
    p = (s >= 0.5).astype(int)
    return y, s, p, {"country": country, "device": device, "plan": plan}


def slice_cases():
    """Each metric per slice of `country` and of the crossing `[device, plan]`, with fairlearn's
    MetricFrame, and the gap between the largest and smallest slice (MetricFrame.difference)."""
    rng = np.random.default_rng(404)
    y, s, p, columns = slice_data(rng, 700)
    scored = {"roc_auc": skm.roc_auc_score, "pr_auc": skm.average_precision_score, "brier": skm.brier_score_loss}
    labelled = {name: (lambda f: lambda yt, yp: f(yt, yp, average="binary") if name in ("precision", "recall", "f1")
                       else f(yt, yp))(f) for name, f in LABEL_METRICS.items()}
    for by in (["country"], ["device", "plan"]):
        sensitive = pd.DataFrame({c: columns[c] for c in by})
        for name, f in list(labelled.items()) + list(scored.items()):
            predictions = s if name in scored else p
            keep = np.ones(len(y), bool)
            if name in scored:
                keep = columns["country"] != "XX"  # one example, one class: undefined
            frame = flm.MetricFrame(metrics=f, y_true=y[keep], y_pred=predictions[keep],
                                    sensitive_features=sensitive[keep].reset_index(drop=True))
            groups = {}
            for key, value in frame.by_group.items():
                key = key if isinstance(key, tuple) else (key,)
                groups[",".join(f"{c}={v}" for c, v in zip(by, key))] = float(value)
            add("slice", {"metric": name, "labels": plain(y[keep]), "predictions": plain(predictions[keep]),
                          "by": by, "columns": {c: plain(columns[c][keep]) for c in by}, "average": "binary"},
                {"groups": groups, "gap": float(frame.difference())})


def parity_cases():
    """fairlearn's parity metrics (between groups, worst case), including a group without
    positive labels (its TPR is 0) and string labels with an explicit positive class."""
    rng = np.random.default_rng(505)
    y, s, p, columns = slice_data(rng, 500)
    group = columns["country"]
    y[group == "LU"] = 0  # LU: no positives, TPR 0 by scikit-learn's normalised confusion matrix
    fns = {
        "demographic_parity_difference": flm.demographic_parity_difference,
        "demographic_parity_ratio": flm.demographic_parity_ratio,
        "equalized_odds_difference": flm.equalized_odds_difference,
        "equalized_odds_ratio": flm.equalized_odds_ratio,
    }
    for name, f in fns.items():
        for preds in (p, s):  # predicted classes, and scores thresholded at 0.5
            add("parity", {"metric": name, "labels": plain(y), "predictions": plain(preds), "group": plain(group)},
                {"value": float(f(y, (preds >= 0.5).astype(int), sensitive_features=group))})
        yl = np.where(y == 1, "churn", "stay")
        pl = np.where(p == 1, "churn", "stay")
        add("parity", {"metric": name, "labels": plain(yl), "predictions": plain(pl),
                       "group": plain(columns["device"]), "positive_label": "churn"},
            {"value": float(f(yl == "churn", (pl == "churn").astype(int), sensitive_features=columns["device"]))})


def main():
    label_cases()
    score_cases()
    regression_cases()
    interval_cases()
    paired_cases()
    slice_cases()
    parity_cases()
    out = {"generated_by": "crates/metrics/tests/reference/make_vectors.py", "sklearn": sklearn.__version__,
           "statsmodels": statsmodels.__version__, "fairlearn": fairlearn.__version__, "cases": CASES}
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "vectors.json")
    with open(path, "w") as f:
        json.dump(out, f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {len(CASES)} cases to {path}")


if __name__ == "__main__":
    main()
