#!/usr/bin/env bash
# Regenerates schemas/ from the Rust types (tests/schemas.rs fails when they differ).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo run -q -p mlgate -- schema config > schemas/mlgate.schema.json
cargo run -q -p mlgate -- schema report > schemas/report.schema.json
echo "schemas/ regenerated"
