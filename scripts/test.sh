#!/usr/bin/env bash
# All of mlgate's tests — the README's test command, and what .ci/run runs.
# Needs only the Rust toolchain pinned in rust-toolchain.toml (1.95.0 with rustfmt and clippy);
# it adds the wasm32-unknown-unknown target and installs Debian's prometheus and libxml2-utils itself.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== format and lints"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings

echo "== the statistics crate builds for WebAssembly (the Action runs it there)"
rustup target add wasm32-unknown-unknown
cargo build -p mlgate-stats --target wasm32-unknown-unknown --locked

echo "== Debian packages the tests use: prometheus (live canary test), xmllint (JUnit schema check)"
missing=()
command -v prometheus >/dev/null && command -v promtool >/dev/null || missing+=(prometheus)
command -v xmllint >/dev/null || missing+=(libxml2-utils)
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

echo "== build (the end-to-end tests run the real target/debug/mlgate)"
cargo build --workspace --locked

echo "== tests"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
cargo test --workspace --locked 2>&1 | tee "$log"

# One closing line over every test binary (cargo's own last line is often a doc-test "0 passed").
awk '/^test result:/ { for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i; if ($(i+1) ~ /^ignored/) s += $i } }
     END { printf "total: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
