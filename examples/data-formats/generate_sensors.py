#!/usr/bin/env python3
"""Writes sensors.parquet: typed columns (int32, float64 with NaN and inf, bool, timestamp)."""
import datetime
import os

import pyarrow as pa
import pyarrow.parquet as pq

HERE = os.path.dirname(os.path.abspath(__file__))
start = datetime.datetime(2026, 11, 1, 8, 0, 0)
table = pa.table(
    {
        "sensor": pa.array([1, 2, 3, 4, 5, 6], type=pa.int32()),
        "reading": pa.array([20.5, 21.0, float("nan"), 19.75, float("inf"), 22.25], type=pa.float64()),
        "ok": pa.array([True, True, False, True, False, True]),
        "at": pa.array([start + datetime.timedelta(minutes=5 * i) for i in range(6)], type=pa.timestamp("ms")),
    }
)
pq.write_table(table, os.path.join(HERE, "sensors.parquet"), compression="snappy")
