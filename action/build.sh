#!/usr/bin/env bash
# Rebuilds dist/ (the bundled Action: index.js + mlgate_wasm_bg.wasm) from source, reproducibly:
# pinned tools (the toolchain of rust-toolchain.toml, wasm-bindgen-cli at the crate's exact
# version, binaryen and esbuild from action/package-lock.json), and paths remapped so the bytes do
# not depend on where the repository or the cargo home live. CI rebuilds and diffs dist/.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
cargo_home=${CARGO_HOME:-$HOME/.cargo}

rustup target add wasm32-unknown-unknown >/dev/null
./action/install-wasm-bindgen.sh >/dev/null
(cd action && npm ci --no-audit --no-fund --loglevel=error)

RUSTFLAGS="--remap-path-prefix=$root=/mlgate --remap-path-prefix=$cargo_home=/cargo" \
  cargo build -p mlgate-wasm --target wasm32-unknown-unknown --profile wasm --locked
rm -rf action/wasm
wasm-bindgen --target nodejs --out-dir action/wasm target/wasm32-unknown-unknown/wasm/mlgate_wasm.wasm
# wasm-bindgen's nodejs glue is CommonJS; action/ is an ES module package.
echo '{"type": "commonjs"}' > action/wasm/package.json
# The shell's JSDoc types against the core's generated .d.ts (nothing is emitted).
action/node_modules/.bin/tsc -p action/tsconfig.json
# --strip-debug drops the name section: symbol hashes depend on where path dependencies live.
action/node_modules/.bin/wasm-opt -Oz --strip-debug --strip-producers \
  --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-reference-types --enable-multivalue --enable-mutable-globals \
  action/wasm/mlgate_wasm_bg.wasm -o action/wasm/mlgate_wasm_bg.wasm
mkdir -p dist
# The bundle is CommonJS, where `import.meta` is empty: the ES modules that read import.meta.url
# (Azure's storage client, under @actions/artifact) get the bundle's own file URL.
action/node_modules/.bin/esbuild action/src/index.js --bundle --platform=node --target=node20 --format=cjs \
  --define:import.meta.url=bundle_file_url \
  --banner:js='var bundle_file_url = require("node:url").pathToFileURL(__filename).href;' \
  --legal-comments=none --log-level=warning --outfile=dist/index.js
cp action/wasm/mlgate_wasm_bg.wasm dist/mlgate_wasm_bg.wasm
ls -l dist
