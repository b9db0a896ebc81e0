#!/usr/bin/env bash
# Writes the seed corpora (fuzz/seeds/<target>/) from the repository's fixtures and examples.
# The format-picking targets take a first byte: 0 json/csv, 1 yaml/jsonl, 2 toml, 3 csv, 4 tsv.
set -euo pipefail
cd "$(dirname "$0")/.."
out=fuzz/seeds
rm -rf "$out" && mkdir -p "$out"/{config,metric_file,data_input,prometheus,markdown,pattern}
n=0
seed() { # target, prefix byte (or ""), file
  n=$((n + 1))
  { [ -n "$2" ] && printf "\\x$2"; cat "$3"; } > "$out/$1/$(printf %03d $n)-$(basename "$3")"
}
for f in examples/*/mlgate.yaml examples/quickstart/failing.yaml examples/data-formats/*.yaml tests/fixtures/bad-config/*/mlgate.yaml; do
  seed config "" "$f"
done
for f in examples/quickstart/metrics/*.json; do seed metric_file 00 "$f"; done
printf 'accuracy: 0.9\neval:\n  auc: 0.95\n  "val.acc": [0.8, 0.9]\n' > /tmp/mlgate-seed.yaml && seed metric_file 01 /tmp/mlgate-seed.yaml
printf 'accuracy = 0.9\n[eval]\nauc = 0.95\nloss = nan\n' > /tmp/mlgate-seed.toml && seed metric_file 02 /tmp/mlgate-seed.toml
printf 'name,value\naccuracy,0.9\nf1,NaN\n' > /tmp/mlgate-seed.csv && seed metric_file 03 /tmp/mlgate-seed.csv
printf 'accuracy\t0.9\n' > /tmp/mlgate-seed.tsv && seed metric_file 04 /tmp/mlgate-seed.tsv
printf '1700000000000 0.9 0\n1700000000001 0.91 1\n' > /tmp/mlgate-seed-run && seed metric_file 05 /tmp/mlgate-seed-run
for f in crates/data/tests/fixtures/*.csv; do seed data_input 00 "$f"; done
for f in crates/data/tests/fixtures/*.jsonl; do seed data_input 01 "$f"; done
# The hostile corpus's small datasets (quoting, BOMs, line endings, the inputs that broke polars).
for f in tests/fixtures/hostile/files/csv-*.csv; do if [ "$(wc -c < "$f")" -le 8192 ]; then seed data_input 00 "$f"; fi; done
head -c 4000 examples/quickstart/data/train.csv > /tmp/mlgate-seed-train.csv && seed data_input 00 /tmp/mlgate-seed-train.csv
for f in tests/fixtures/prometheus/*.json examples/quickstart/canary/*.csv; do seed prometheus "" "$f"; done
cargo run -q --locked -- check -c examples/quickstart/failing.yaml --format json > /tmp/mlgate-seed-report.json || true
seed markdown "" /tmp/mlgate-seed-report.json
printf 'id<script>\0check\0col](javascript:alert(1))\0@here\0![x](http://e/x.png)\0|a|b|\n\0`code`' > /tmp/mlgate-seed-strings
seed markdown "" /tmp/mlgate-seed-strings
# Patterns (first line) and texts (after it, separated by NUL): DFA-sized ones, Unicode classes
# and case folding, alternatives whose order matters elsewhere, a word boundary (no DFA), line
# breaks inside texts.
printf '[a-z0-9._+-]+@[a-z0-9.-]+\\.[a-z]{2,}\njane.doe+ml@example.co.uk\000jane@example\000@x.io\000bob@b.io\000a@b.cd\n' > /tmp/mlgate-seed-email && seed pattern "" /tmp/mlgate-seed-email
printf '\\d{3}-\\d{4}\n123-4567\000\xd9\xa1\xd9\xa2\xd9\xa3-\xd9\xa4\xd9\xa5\xd9\xa6\xd9\xa7\00012-34567' > /tmp/mlgate-seed-digits && seed pattern "" /tmp/mlgate-seed-digits
printf '(a|ab)(c|bcd)\nabcd\000acd\000abc\000' > /tmp/mlgate-seed-alternatives && seed pattern "" /tmp/mlgate-seed-alternatives
printf '(?i)stra\xc3\x9fe|\\p{Greek}+\nSTRASSE\000Stra\xc3\x9fe\000\xce\xb1\xce\xb2\xce\xb3' > /tmp/mlgate-seed-unicode && seed pattern "" /tmp/mlgate-seed-unicode
printf '\\bword\\b.*\nword up\000words\000word\nnext' > /tmp/mlgate-seed-boundary && seed pattern "" /tmp/mlgate-seed-boundary
printf '(?m)^a$\na\000a\nb\000a\n' > /tmp/mlgate-seed-lines && seed pattern "" /tmp/mlgate-seed-lines
find "$out" -type f | wc -l | xargs echo "seeds:"
