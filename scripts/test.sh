#!/usr/bin/env bash
# All of mlgate's tests — the README's test command, and what .ci/run runs.
# Needs only the Rust toolchain pinned in rust-toolchain.toml (1.95.0 with rustfmt and clippy);
# it adds the wasm32-unknown-unknown and x86_64-unknown-linux-musl targets, installs Debian's
# prometheus, libxml2-utils, clang, llvm, python3-venv, musl-tools, file and chromium (with sudo when not
# root), the Python tools of scripts/test-tools.txt (in target/tools-venv) and the wheels of
# scripts/wheelhouse.txt (in target/wheelhouse) itself.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== format and lints"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings

echo "== Debian packages the tests use: prometheus (live canary test), xmllint (JUnit schema check),"
echo "   clang and llvm (the C parts of polars' compression codecs, built for wasm32), musl-tools and"
echo "   file (the static Linux binary), chromium (the HTML report in a real browser)"
missing=()
command -v prometheus >/dev/null && command -v promtool >/dev/null || missing+=(prometheus)
command -v xmllint >/dev/null || missing+=(libxml2-utils)
command -v clang >/dev/null || missing+=(clang)
command -v llvm-ar >/dev/null || missing+=(llvm)
python3 -c "import ensurepip, venv" 2>/dev/null || missing+=(python3-venv)
command -v musl-gcc >/dev/null || missing+=(musl-tools)
command -v file >/dev/null || missing+=(file)
command -v chromium >/dev/null || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

echo "== Python tools the tests run (scripts/test-tools.txt): pre-commit, actionlint, numpy, maturin;"
echo "   and the wheels the offline pre-commit test installs (scripts/wheelhouse.txt)"
[ -x target/tools-venv/bin/python ] || python3 -m venv target/tools-venv
target/tools-venv/bin/pip install -q --disable-pip-version-check -r scripts/test-tools.txt
target/tools-venv/bin/pip download -q --disable-pip-version-check --only-binary=:all: --no-deps \
  -d target/wheelhouse -r scripts/wheelhouse.txt
export PATH="$PWD/target/tools-venv/bin:$PATH"

echo "== the statistics and data crates build for WebAssembly (the Action runs them there)"
rustup target add wasm32-unknown-unknown x86_64-unknown-linux-musl
cargo build -p mlgate-stats -p mlgate-data --target wasm32-unknown-unknown --locked

echo "== the fuzz targets compile (scripts/fuzz.sh runs them)"
cargo check --manifest-path fuzz/Cargo.toml --locked --quiet

echo "== build"
cargo build --workspace --locked

echo "== tests"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
cargo test --workspace --locked -- --skip acceptance_cases_ 2>&1 | tee "$log"

echo "== acceptance: the peers' own cases (tests/acceptance: Great Expectations and Kayenta) through the binary"
cargo test --locked --test acceptance -- --nocapture acceptance_cases_ 2>&1 | tee -a "$log"

echo "== the Action as the runner runs it: action.yml parsed, its defaults as INPUT_*, runs.main under node 24"
(cd action && npm ci --no-audit --no-fund --loglevel=error)
node --test --test-reporter=tap action/test/metadata.test.js action/test/main.test.js action/test/action.test.js action/test/mlflow.test.js action/test/parity.test.js 2>&1 | tee -a "$log"

# One closing line over every test binary (cargo's own last line is often a doc-test "0 passed").
# node --test prints "# pass N" / "# fail N".
awk '/^test result:/ { for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i; if ($(i+1) ~ /^ignored/) s += $i } }
     /^# pass / { p += $3 } /^# fail / { f += $3 } /^# skipped / { s += $3 }
     END { printf "total: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
