"""Known answers for the data gate's aggregates and quantiles, from numpy.

Writes fixtures/aggregates.csv (a column of 1001 seeded lognormal values with nulls, NaN
and ties, and an integer column) and reference/aggregates.json with what numpy computes over
the non-missing values: mean, median, std (ddof=1), sum, min, max and quantiles (linear, numpy's
default), and reference/edges.json: mean, std and sum of values near the float limits (1e308,
1e300, 1e-200, subnormals), as numpy computes them and exactly (fractions, and a 60-digit
square root), so the test can show where numpy overflows or underflows and that mlgate gives
the exact value there. Run with the versions in requirements.txt:

    python3 crates/data/tests/reference/make_reference.py
"""
import decimal
import json
import pathlib
from fractions import Fraction

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


def exact_text(f):
    """A Fraction as a decimal with 17 significant digits ("4.0000000000000000e308")."""
    with decimal.localcontext() as ctx:
        ctx.prec = 60
        d = decimal.Decimal(f.numerator) / decimal.Decimal(f.denominator)
        return f"{d:.16e}"


def exact_sqrt(f):
    with decimal.localcontext() as ctx:
        ctx.prec = 60
        d = (decimal.Decimal(f.numerator) / decimal.Decimal(f.denominator)).sqrt()
        return f"{d:.16e}"


def numpy_number(x):
    x = float(x)
    return x if np.isfinite(x) else repr(x)


edges = {}
with np.errstate(all="ignore"):
    for name, values in [
        ("four_1e308", [1e308] * 4),
        ("four_minus_1e308", [-1e308] * 4),
        ("cancelling_1e308", [1e308, -1e308, 1e308, 5e307]),
        ("1e300s", [1e300, 2e300, 3e300]),
        ("1e-200s", [1e-200, 3e-200, 2e-200]),
        ("subnormals", [1e-320, 3e-320]),
    ]:
        a = np.array(values)
        exact = [Fraction(v) for v in values]
        n = len(exact)
        mean = sum(exact) / n
        variance = sum((v - mean) ** 2 for v in exact) / (n - 1)
        edges[name] = {
            "values": [repr(v) for v in values],
            "numpy": {"mean": numpy_number(np.mean(a)), "std": numpy_number(np.std(a, ddof=1)), "sum": numpy_number(np.sum(a))},
            "exact": {"mean": exact_text(mean), "std": exact_sqrt(variance), "sum": exact_text(sum(exact))},
        }
edges["_versions"] = {"numpy": np.__version__}
(here / "edges.json").write_text(json.dumps(edges, indent=1) + "\n")
