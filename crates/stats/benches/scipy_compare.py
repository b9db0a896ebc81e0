#!/usr/bin/env python3
"""The same sizes as `cargo bench -p mlgate-stats`, in scipy, for comparison.

scipy has no Hodges-Lehmann interval; the estimate alone is numpy's median of all pairwise
differences, which needs n*n memory: it is timed at 1e3 per arm only (1e5 would need 80 GB).
Run with the venv of tests/reference (numpy, scipy).
"""
import time

import numpy as np
from scipy import stats


def best(f):
    t = []
    for _ in range(3):
        s = time.perf_counter()
        f()
        t.append(time.perf_counter() - s)
    return min(t)


rng = np.random.default_rng(1)
print(f"{'case':<40} {'seconds':>10}")
for n in (1_000, 100_000, 1_000_000):
    b = rng.lognormal(3.0, 0.5, n)
    c = rng.lognormal(3.02, 0.5, n)
    print(f"{f'scipy mannwhitneyu, {n} per arm':<40} {best(lambda: stats.mannwhitneyu(c, b)):>10.4f}")
    if n <= 1_000:
        print(f"{f'numpy HL estimate (outer), {n} per arm':<40} {best(lambda: np.median(np.subtract.outer(c, b))):>10.4f}")
b = rng.lognormal(3.0, 0.5, 1_000_000)
c = rng.lognormal(3.01, 0.5, 1_000_000)
print(f"{'scipy ks_2samp, 1000000 per arm':<40} {best(lambda: stats.ks_2samp(b, c)):>10.4f}")
