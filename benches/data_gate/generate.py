"""Writes the benchmark dataset: N rows (default 10 million), 8 columns, about 0.6-0.7 GB of CSV.

Columns: id (increasing integers), day (ISO dates), age (integers), income (floats), country
(5 codes), plan (3 names), email (text), score (floats, 1% empty). Seeded: the same file every time.
"""
import sys

import numpy as np
import polars as pl

path, n = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 10_000_000
rng = np.random.default_rng(2026)
ids = np.arange(1, n + 1)
score = rng.normal(0.5, 0.15, n).round(4)
frame = pl.DataFrame(
    {
        "id": ids,
        "day": (np.datetime64("2024-01-01") + (ids * 730 // n).astype("timedelta64[D]")).astype(str),
        "age": np.clip(rng.normal(41, 12, n).round(), 18, 90).astype(np.int64),
        "income": rng.lognormal(np.log(48_000), 0.45, n).round(2),
        "country": rng.choice(np.array(["DE", "FR", "US", "GB", "ES"]), n),
        "plan": rng.choice(np.array(["free", "pro", "team"]), n, p=[0.6, 0.3, 0.1]),
        "email": pl.Series(ids).cast(pl.String).map_elements(lambda i: f"user{i}@example.com", return_dtype=pl.String)
        if n <= 100_000
        else ("user" + pl.Series(ids).cast(pl.String) + "@example.com"),
        "score": pl.Series(score).scatter(rng.choice(n, n // 100, replace=False), None),
    }
)
frame.write_csv(path)
