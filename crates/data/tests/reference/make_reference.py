"""Known answers for the data gate's aggregates and quantiles, from numpy.

Writes fixtures/aggregates.csv (a column of 1001 seeded lognormal values with nulls, NaN
and ties, and an integer column) and reference/aggregates.json with what numpy computes over
the non-missing values: mean, median, std (ddof=1), sum, min, max and quantiles (linear, numpy's
default). Run with the versions in requirements.txt:

    python3 crates/data/tests/reference/make_reference.py
"""
import json
import pathlib

import numpy as np

here = pathlib.Path(__file__).resolve().parent
rng = np.random.default_rng(20261126)
n = 1001
x = np.round(rng.lognormal(mean=3.0, sigma=0.8, size=n), 3)
x[rng.choice(n, 40, replace=False)] = np.nan  # missing: written as empty cells or NaN
k = rng.integers(-50, 50, size=n)

rows = ["x,k"]
for i in range(n):
    cell = "" if np.isnan(x[i]) and i % 2 == 0 else ("NaN" if np.isnan(x[i]) else repr(float(x[i])))
    rows.append(f"{cell},{int(k[i])}")
(here.parent / "fixtures" / "aggregates.csv").write_text("\n".join(rows) + "\n")

qs = [0.0, 0.01, 0.25, 0.5, 0.9, 0.99, 1.0]
out = {}
for name, col in [("x", x[~np.isnan(x)]), ("k", k.astype(float))]:
    out[name] = {
        "count": int(col.size),
        "mean": float(np.mean(col)),
        "median": float(np.median(col)),
        "std": float(np.std(col, ddof=1)),
        "sum": float(np.sum(col)),
        "min": float(np.min(col)),
        "max": float(np.max(col)),
        "n_unique": int(np.unique(col).size),
        "quantiles": {str(q): float(np.quantile(col, q)) for q in qs},
    }
out["_versions"] = {"numpy": np.__version__}
(here / "aggregates.json").write_text(json.dumps(out, indent=1) + "\n")
