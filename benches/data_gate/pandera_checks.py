"""The benchmark gate's 30 checks in pandera (pandas backend), as a pandera user writes them."""
import sys

import pandas as pd
import pandera.pandas as pa
from pandera import Check

path = sys.argv[1]
frame = pd.read_csv(path, parse_dates=["day"])
schema = pa.DataFrameSchema(
    {
        "id": pa.Column(int, [Check.ge(1), Check(lambda s: s.is_monotonic_increasing)], nullable=False, unique=True),
        "day": pa.Column("datetime64[ns]", nullable=False),
        "age": pa.Column(
            int,
            [
                Check.ge(18),
                Check.le(90),
                Check(lambda s: s.isna().mean() <= 0.01, element_wise=False),
                Check(lambda s: 30 <= s.mean() <= 50),
                Check(lambda s: 30 <= s.median() <= 50),
                Check(lambda s: s.std() <= 20),
            ],
            nullable=True,
        ),
        "income": pa.Column(
            float,
            [
                Check.ge(0),
                Check.le(10_000_000),
                Check(lambda s: 20_000 <= s.mean() <= 90_000),
                Check(lambda s: s.quantile(0.99) <= 500_000),
            ],
        ),
        "country": pa.Column(str, Check.isin(["DE", "FR", "US", "GB", "ES"]), nullable=False),
        "plan": pa.Column(str, [Check.isin(["free", "pro", "team"]), Check(lambda s: s.nunique() <= 3)]),
        "email": pa.Column(
            str, [Check.str_matches(r"^[a-z0-9._+-]+@[a-z0-9.-]+\.[a-z]{2,}$"), Check.str_length(max_value=64)]
        ),
        "score": pa.Column(
            float,
            # pandera has no `mostly`: the share of non-null values in range, by hand.
            [
                Check(lambda s: s.isna().mean() <= 0.02),
                Check(lambda s: s.dropna().between(0, 1).mean() >= 0.99),
            ],
            nullable=True,
        ),
    },
    checks=[Check(lambda df: len(df) >= 1000)],
    strict=True,
    ordered=False,
)
schema.validate(frame, lazy=True)
print("pandera: all checks passed")
