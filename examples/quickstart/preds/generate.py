#!/usr/bin/env python3
"""Writes the quickstart's per-example predictions (seeded, so the files are reproducible):
500 held-out examples with the true label `y` and each model's score for the positive class."""
import csv
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(7)
n = 500
y = rng.integers(0, 2, n)
signal = rng.normal(0, 1, n)


def write(name, strength, noise_seed):
    noise = np.random.default_rng(noise_seed).normal(0, 1, n)
    score = 1 / (1 + np.exp(-(strength * (2 * y - 1) + 0.6 * signal + noise)))
    with open(os.path.join(HERE, name), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "y", "score"])
        for i in range(n):
            w.writerow([f"ex{i:04d}", int(y[i]), f"{score[i]:.4f}"])


write("candidate.csv", 1.2, 11)
write("main.csv", 1.15, 12)
