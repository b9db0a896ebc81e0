#!/usr/bin/env python3
"""Writes the quickstart's datasets (seeded, so the files are reproducible).

train.csv: this branch's training data. reference.csv: last month's data, the same population.
broken.csv: what a bad upstream change produces: missing ages, negative incomes, a new country
code, a repeated user, malformed emails, and incomes shifted up (drift).
Columns: user_id, signup_date, age, income, country, plan, email, churned.
"""
import csv
import datetime
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
COUNTRIES = ["DE", "FR", "US", "GB", "ES"]
PLANS = ["free", "pro", "team"]


def rows(seed, n, income_scale=1.0, start_id=1):
    rng = np.random.default_rng(seed)
    day0 = datetime.date(2026, 1, 1)
    ages = np.clip(rng.normal(41, 12, n).round(), 18, 90).astype(int)
    incomes = rng.lognormal(np.log(48_000 * income_scale), 0.45, n).round(2)
    countries = rng.choice(COUNTRIES, n, p=[0.3, 0.2, 0.25, 0.15, 0.1])
    plans = rng.choice(PLANS, n, p=[0.6, 0.3, 0.1])
    churned = rng.random(n) < 0.18
    out = []
    for i in range(n):
        uid = start_id + i
        out.append([
            uid,
            (day0 + datetime.timedelta(days=int(i * 180 / n))).isoformat(),
            int(ages[i]),
            f"{incomes[i]:.2f}",
            countries[i],
            plans[i],
            f"user{uid}@example.com",
            "true" if churned[i] else "false",
        ])
    return out


def write(name, data):
    with open(os.path.join(HERE, name), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["user_id", "signup_date", "age", "income", "country", "plan", "email", "churned"])
        w.writerows(data)


write("train.csv", rows(11, 2000))
write("reference.csv", rows(12, 2000, start_id=50_001))

broken = rows(13, 2000, income_scale=1.6)
for i in range(0, 2000, 25):
    broken[i][2] = ""           # 4% of ages missing
for i in (7, 420, 1311):
    broken[i][3] = f"-{broken[i][3]}"  # negative incomes
for i in range(5, 2000, 97):
    broken[i][4] = "XX"         # a country code nobody expected
broken[900][0] = broken[899][0]  # a repeated user
for i in range(3, 2000, 40):
    broken[i][6] = broken[i][6].replace("@", " at ")  # 2.5% malformed emails
write("broken.csv", broken)
