#!/usr/bin/env python3
"""Writes the slices example's per-example predictions (seeded, so the files are reproducible):
4,000 held-out churn examples with the true label `y`, each model's score for the positive class,
and the columns the gate slices by (`country`, `device`, `plan`, `gender`).

The candidate is better than main on every country but Brazil, where a change to its features
made it worse: its overall accuracy rises while Brazil's falls."""
import csv
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(22)
n = 4000
country = rng.choice(["BR", "DE", "FR", "US", "IS"], n, p=[0.2, 0.25, 0.2, 0.335, 0.015])
device = rng.choice(["desktop", "mobile"], n, p=[0.45, 0.55])
plan = rng.choice(["free", "pro"], n, p=[0.7, 0.3])
gender = rng.choice(["female", "male"], n)
y = rng.integers(0, 2, n)
signal = rng.normal(0, 1, n)


def write(name, strength, noise_seed):
    noise = np.random.default_rng(noise_seed).normal(0, 1, n)
    score = 1 / (1 + np.exp(-(strength * (2 * y - 1) + 0.6 * signal + noise)))
    with open(os.path.join(HERE, name), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "y", "score", "country", "device", "plan", "gender"])
        for i in range(n):
            w.writerow([f"ex{i:05d}", int(y[i]), f"{score[i]:.4f}", country[i], device[i], plan[i], gender[i]])


# main: the same skill everywhere; the candidate: better, except in Brazil.
write("main.csv", np.full(n, 1.0), 31)
write("candidate.csv", np.where(country == "BR", 0.55, 1.35), 32)
