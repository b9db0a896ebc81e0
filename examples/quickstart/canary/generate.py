#!/usr/bin/env python3
"""Writes the quickstart's canary samples (seeded, so the files are reproducible).

baseline.csv / canary.csv: a healthy canary. regressed.csv: latency up ~30% and errors up.
Columns: latency_ms (one value per sampled request, lognormal), and per-minute errors and
requests counts (fewer rows: the empty cells below them are skipped).
"""
import csv
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def write(name, seed, latency_scale, error_rate):
    rng = np.random.default_rng(seed)
    latency = rng.lognormal(np.log(80 * latency_scale), 0.35, 600)
    requests = rng.poisson(1200, 60)
    errors = rng.binomial(requests, error_rate)
    with open(os.path.join(HERE, name), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["latency_ms", "errors", "requests"])
        for i in range(600):
            row = [f"{latency[i]:.2f}"]
            row += [int(errors[i]), int(requests[i])] if i < 60 else ["", ""]
            w.writerow(row)


write("baseline.csv", 1, 1.0, 0.002)
write("canary.csv", 2, 1.0, 0.002)
write("regressed.csv", 3, 1.3, 0.006)
