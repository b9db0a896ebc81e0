"""Trains the pipeline example's churn model: a logistic regression in numpy, nothing else.

    python3 train.py [--epochs N]       # from examples/pipeline

Reads data/train.csv and data/test.csv; writes
  model/model.json     weights and feature scaling (what serve/ loads)
  metrics/eval.json    test-set metrics (the metrics gate reads it; main's copy is its baseline)
  preds/test.csv       per-example test predictions (the gate's significance test against main's)
Values are rounded to 6 decimals so a retrain on another machine writes the same files.
"""

import argparse
import csv
import json
import pathlib

import numpy as np

HERE = pathlib.Path(__file__).resolve().parent
NUMERIC = ["tenure_months", "monthly_spend", "support_tickets"]
PLANS = ["standard", "premium"]  # one-hot against "basic"


def load(path):
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    ids = [r["customer_id"] for r in rows]
    numeric = np.array([[float(r[c]) for c in NUMERIC] for r in rows])
    plans = np.array([[1.0 if r["plan"] == p else 0.0 for p in PLANS] for r in rows])
    y = np.array([float(r["churned"]) for r in rows])
    return ids, numeric, plans, y


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def roc_auc(y, score):
    """Probability that a random positive outranks a random negative (ties count half)."""
    order = np.argsort(score, kind="mergesort")
    ranks = np.empty(len(score))
    sorted_scores = score[order]
    i = 0
    while i < len(score):
        j = i
        while j + 1 < len(score) and sorted_scores[j + 1] == sorted_scores[i]:
            j += 1
        ranks[order[i:j + 1]] = (i + j) / 2 + 1
        i = j + 1
    pos = y == 1
    n_pos, n_neg = pos.sum(), (~pos).sum()
    return (ranks[pos].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=400, help="gradient steps (default 400)")
    args = parser.parse_args()

    _, train_num, train_plans, y_train = load(HERE / "data/train.csv")
    test_ids, test_num, test_plans, y_test = load(HERE / "data/test.csv")
    mean, std = train_num.mean(axis=0), train_num.std(axis=0)
    design = lambda num, plans: np.hstack([np.ones((len(num), 1)), (num - mean) / std, plans])
    x_train, x_test = design(train_num, train_plans), design(test_num, test_plans)

    # Full-batch gradient descent on the mean log loss.
    w = np.zeros(x_train.shape[1])
    for _ in range(args.epochs):
        w -= 0.5 * x_train.T @ (sigmoid(x_train @ w) - y_train) / len(y_train)

    score = np.round(sigmoid(x_test @ w), 6)
    predicted = score >= 0.5
    tp = float(np.sum(predicted & (y_test == 1)))
    precision = tp / max(predicted.sum(), 1)
    recall = tp / max((y_test == 1).sum(), 1)
    clipped = np.clip(score, 1e-12, 1 - 1e-12)
    metrics = {
        "accuracy": float(np.mean(predicted == (y_test == 1))),
        "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        "roc_auc": float(roc_auc(y_test, score)),
        "log_loss": float(-np.mean(y_test * np.log(clipped) + (1 - y_test) * np.log(1 - clipped))),
        "n_test": len(y_test),
    }
    metrics = {k: round(v, 6) if isinstance(v, float) else v for k, v in metrics.items()}

    for folder in ("model", "metrics", "preds"):
        (HERE / folder).mkdir(exist_ok=True)
    model = {"features": ["bias", *NUMERIC, *(f"plan={p}" for p in PLANS)], "weights": np.round(w, 6).tolist(),
             "mean": np.round(mean, 6).tolist(), "std": np.round(std, 6).tolist()}
    (HERE / "model/model.json").write_text(json.dumps(model, indent=2) + "\n")
    (HERE / "metrics/eval.json").write_text(json.dumps(metrics, indent=2) + "\n")
    with open(HERE / "preds/test.csv", "w", newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(["customer_id", "churned", "score"])
        for cid, label, s in zip(test_ids, y_test, score):
            out.writerow([cid, int(label), f"{s:.6f}"])
    print(f"trained {args.epochs} epochs: " + ", ".join(f"{k} {v}" for k, v in metrics.items()))


if __name__ == "__main__":
    main()
