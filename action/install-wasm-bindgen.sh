#!/usr/bin/env bash
# Installs wasm-bindgen-cli at exactly the version of the wasm-bindgen crate in Cargo.lock
# (the two must match). `cargo install --locked` of 0.2.130 asks for webpki-roots 1.0.11, which the
# registry does not serve; its source is unpacked and that one dependency pinned to 1.0.10.
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if command -v wasm-bindgen >/dev/null && [ "$(wasm-bindgen --version | awk '{print $2}')" = "$version" ]; then
  exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
crate="$HOME/.cargo/registry/cache"
# Fetch the crate's source through cargo (a throwaway project depending on it).
mkdir -p "$work/fetch/src" && echo 'fn main() {}' > "$work/fetch/src/main.rs"
printf '[package]\nname = "fetch"\nversion = "0.0.0"\nedition = "2021"\n[dependencies]\nwasm-bindgen-cli-support = "=%s"\n' "$version" > "$work/fetch/Cargo.toml"
(cd "$work/fetch" && cargo fetch -q)
cargo_crate=$(find "$crate" -name "wasm-bindgen-cli-$version.crate" | head -n 1)
if [ -z "$cargo_crate" ]; then
  (cd "$work" && cargo install wasm-bindgen-cli --version "$version" --locked >/dev/null 2>&1) || true
  cargo_crate=$(find "$crate" -name "wasm-bindgen-cli-$version.crate" | head -n 1)
fi
tar -xzf "$cargo_crate" -C "$work"
cd "$work/wasm-bindgen-cli-$version"
cargo update -q -p webpki-roots --precise 1.0.10
cargo install -q --path . --locked
wasm-bindgen --version
