#!/usr/bin/env bash
# Runs every fuzz target (fuzz/fuzz_targets/) for SECONDS each (default 600), two at a time,
# starting from the committed seeds (fuzz/seeds/<target>/, see fuzz/seed.sh). Corpora grow in
# target/fuzz-corpus/<target>/; a crash is saved under fuzz/artifacts/<target>/ and stops that
# target. Prints each target's last libFuzzer status line (execs, coverage, corpus).
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]
#
# Needs cargo-fuzz (installed here when missing). Fuzzing builds use stable Rust without a
# sanitizer (-s none): Rust code is memory-safe, and what is looked for is panics, aborts,
# hangs (-timeout=10 s per input) and memory use (-rss_limit_mb=4096).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-600}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(config metric_file data_input prometheus markdown pattern)
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --version 0.13.2 --locked
for t in "${targets[@]}"; do cargo fuzz build -s none -O "$t"; done
mkdir -p target/fuzz-logs
run() {
  local t=$1
  mkdir -p "target/fuzz-corpus/$t"
  cargo fuzz run -s none -O "$t" "target/fuzz-corpus/$t" "fuzz/seeds/$t" -- \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 -print_final_stats=1 \
    > "target/fuzz-logs/$t.log" 2>&1 || echo "$t: FAILED (see target/fuzz-logs/$t.log and fuzz/artifacts/$t/)"
  echo "$t: $(grep -E '^#[0-9]+' "target/fuzz-logs/$t.log" | tail -1)"
}
# Two at a time: the machine has two cores.
for ((i = 0; i < ${#targets[@]}; i += 2)); do
  run "${targets[i]}" &
  [ -n "${targets[i + 1]:-}" ] && run "${targets[i + 1]}" &
  wait
done
