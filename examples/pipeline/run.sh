#!/bin/sh
# The pipeline example end to end on this machine: train the model, then run every gate.
#   examples/pipeline/run.sh [--epochs N]
# Needs python3 with numpy, and git history with the base branch (origin/HEAD): the metrics gate
# compares with main's metrics and predictions. mlgate is taken from $MLGATE, else from PATH,
# else built from this repository with cargo.
set -eu
cd "$(dirname "$0")"
python3 -c "import numpy" 2>/dev/null || { echo "error: train.py needs numpy: pip install numpy" >&2; exit 2; }
python3 train.py "$@"
if [ -n "${MLGATE:-}" ]; then
  exec "$MLGATE" check -c mlgate.yaml
elif command -v mlgate >/dev/null 2>&1; then
  exec mlgate check -c mlgate.yaml
else
  exec cargo run --quiet --locked --manifest-path ../../Cargo.toml -- check -c mlgate.yaml
fi
