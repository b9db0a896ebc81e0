"""Writes the pipeline example's datasets and canary samples (seeded, so the files are reproducible).

    python3 data/generate.py        # from examples/pipeline

data/train.csv, data/test.csv   this month's customers (churn labels from a known logistic model)
data/reference.csv              last month's customers: the drift reference
canary/baseline.csv, canary/canary.csv
                                per-minute request samples of the serving model (baseline and
                                canary pods), as the workflow exports them from Prometheus
"""

import csv
import pathlib

import numpy as np

HERE = pathlib.Path(__file__).resolve().parent.parent
PLANS = ["basic", "standard", "premium"]
COUNTRIES = ["DE", "FR", "US", "GB"]


def customers(rng, n, first_id, spend_shift=0.0):
    tenure = rng.integers(1, 73, n)
    spend = np.round(rng.gamma(4.0, 12.0, n) + spend_shift, 2)
    tickets = rng.poisson(1.2, n)
    plan = rng.choice(3, n, p=[0.5, 0.35, 0.15])
    country = rng.choice(4, n, p=[0.35, 0.2, 0.3, 0.15])
    logit = -0.4 - 0.045 * tenure + 0.012 * spend + 0.55 * tickets - 0.5 * plan
    churned = rng.random(n) < 1 / (1 + np.exp(-logit))
    rows = []
    for i in range(n):
        rows.append([first_id + i, int(tenure[i]), f"{spend[i]:.2f}", int(tickets[i]),
                     PLANS[plan[i]], COUNTRIES[country[i]], int(churned[i])])
    return rows


def write(path, header, rows):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def main():
    rng = np.random.default_rng(20261127)
    header = ["customer_id", "tenure_months", "monthly_spend", "support_tickets", "plan", "country", "churned"]
    write(HERE / "data/reference.csv", header, customers(rng, 4000, 100000))
    write(HERE / "data/train.csv", header, customers(rng, 4000, 200000, spend_shift=1.5))
    write(HERE / "data/test.csv", header, customers(rng, 1000, 300000, spend_shift=1.5))
    # Per-minute samples over an hour: latency (ms), errors and requests per pod.
    for name, latency, error_rate in [("baseline", 48.0, 0.002), ("canary", 47.0, 0.002)]:
        requests = rng.poisson(1200, 60)
        rows = [[f"{rng.gamma(9.0, latency / 9.0):.2f}", int(rng.binomial(r, error_rate)), int(r)] for r in requests]
        write(HERE / f"canary/{name}.csv", ["latency_ms", "errors", "requests"], rows)


if __name__ == "__main__":
    main()
