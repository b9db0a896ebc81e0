#!/usr/bin/env bash
# The data gate benchmark: a 10M-row, 8-column CSV (~0.7 GB), a 30-check gate, and the same file
# read by python polars and checked by pandera (pandas backend). Prints wall time and peak
# memory per tool (best of 3; pandera once: it is slow).
#
#   benches/data_gate.sh [ROWS]        (default 10000000; the files go to target/bench-data/)
#
# Needs python3 with venv; installs numpy, polars, pandas and pandera into target/bench-venv.
set -euo pipefail
cd "$(dirname "$0")/.."
rows="${1:-10000000}"
work=target/bench-data
venv=target/bench-venv
mkdir -p "$work"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet -r benches/data_gate/requirements.txt
fi
py="$venv/bin/python"
data="$work/data-$rows.csv"
if [ ! -f "$data" ]; then
  echo "generating $rows rows..." >&2
  "$py" benches/data_gate/generate.py "$data" "$rows"
fi
cp "$data" "$work/data.csv"
cp benches/data_gate/gate.yaml "$work/gate.yaml"
cargo build --release -p mlgate --locked --quiet
echo "file: $data ($(du -h "$data" | cut -f1), $rows rows), $(nproc) cores"
printf '%-40s %10s %11s\n' "tool" "wall" "peak RSS"
m="$py benches/data_gate/measure.py"
$m 3 "mlgate check (30 checks)" target/release/mlgate check -c "$work/gate.yaml"
$m 3 "python polars read_csv" "$py" -c "import polars, sys; polars.read_csv(sys.argv[1], try_parse_dates=True)" "$work/data.csv"
$m 1 "pandera 30 checks (pandas)" "$py" benches/data_gate/pandera_checks.py "$work/data.csv"
