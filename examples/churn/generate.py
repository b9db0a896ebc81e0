#!/usr/bin/env python3
"""Writes the churn example's files (seeded, so they are reproducible), with the problems a new
user's project has planted in them. Run from anywhere:

    python3 examples/churn/generate.py

data/train.csv (1,500 customers): customer_id, signup, age, income, plan, country, tenure_months,
churned. Planted: an age of "unknown" (row 742) and one of "N/A" (pandas' null), incomes of
"N/A" in 3% of the rows, two plans outside the catalogue ("Premium" at row 88, "enterprise" at
row 1203), a signup in 2031 (row 500), an impossible date "2023-02-30" (row 901), a customer id
repeated (row 1499 repeats row 1498's).

metrics/candidate.json and metrics/main.json: the candidate's f1 is 0.03 below main's.

canary/baseline.csv and canary/canary.csv: latency_ms per request (the canary 12% slower),
errors and requests per minute.
"""
import csv
import datetime
import json
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
PLANS = ["free", "pro", "team"]
COUNTRIES = ["DE", "FR", "US", "GB", "ES"]


def train():
    rng = np.random.default_rng(2026)
    n = 1500
    day0 = datetime.date(2024, 1, 1)
    ages = np.clip(rng.normal(39, 11, n).round(), 18, 85).astype(int)
    incomes = rng.lognormal(np.log(52_000), 0.5, n).round(2)
    plans = rng.choice(PLANS, n, p=[0.55, 0.35, 0.10])
    countries = rng.choice(COUNTRIES, n)
    tenure = rng.integers(0, 60, n)
    churned = (rng.random(n) < 0.2).astype(int)
    no_income = set(rng.choice(n, 45, replace=False).tolist())
    rows = []
    for i in range(n):
        rows.append({
            "customer_id": 10_000 + i,
            "signup": (day0 + datetime.timedelta(days=int(i * 700 / n))).isoformat(),
            "age": str(ages[i]),
            "income": "N/A" if i in no_income else f"{incomes[i]:.2f}",
            "plan": plans[i],
            "country": countries[i],
            "tenure_months": int(tenure[i]),
            "churned": int(churned[i]),
        })
    rows[742]["age"] = "unknown"
    rows[743]["age"] = "N/A"
    rows[88]["plan"] = "Premium"
    rows[1203]["plan"] = "enterprise"
    rows[500]["signup"] = "2031-03-02"
    rows[901]["signup"] = "2023-02-30"
    rows[1499]["customer_id"] = rows[1498]["customer_id"]
    with open(os.path.join(HERE, "data", "train.csv"), "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)


def metrics():
    main = {"accuracy": 0.874, "f1": 0.712, "roc_auc": 0.913, "log_loss": 0.311, "latency_p95_ms": 38.0}
    candidate = {"accuracy": 0.879, "f1": 0.682, "roc_auc": 0.915, "log_loss": 0.305, "latency_p95_ms": 41.5}
    for name, values in [("main", main), ("candidate", candidate)]:
        with open(os.path.join(HERE, "metrics", f"{name}.json"), "w") as f:
            json.dump(values, f, indent=2)
            f.write("\n")


def canary():
    rng = np.random.default_rng(7)
    for name, scale, error_rate in [("baseline", 1.0, 0.004), ("canary", 1.12, 0.004)]:
        n = 600
        latency = rng.lognormal(np.log(120 * scale), 0.3, n).round(1)
        requests = rng.integers(900, 1100, n)
        errors = rng.binomial(requests, error_rate)
        with open(os.path.join(HERE, "canary", f"{name}.csv"), "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["latency_ms", "errors", "requests"])
            for i in range(n):
                w.writerow([latency[i], errors[i], requests[i]])


if __name__ == "__main__":
    train()
    metrics()
    canary()
