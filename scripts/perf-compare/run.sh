#!/usr/bin/env bash
# Compares iamsim's throughput with @cloud-copilot/iam-simulate's: compare.mjs
# on N generated everyday scenarios, then batches.mjs on batches of 10k, 100k
# and 1M scenarios drawn from the whole corpus, warnings included (native,
# wasm and the peer). Installs and builds what is missing first.
# usage: scripts/perf-compare/run.sh [N=30000 [SIZE...]]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/../.."
[ -d "$here/node_modules/@cloud-copilot/iam-simulate" ] || (cd "$here" && npm ci --no-audit --no-fund)
cargo build --release --bin iamsim --manifest-path "$root/Cargo.toml"
[ -f "$root/dist/api/iamsim.js" ] || "$root/scripts/build-api.sh"
node "$here/compare.mjs" "${1:-30000}" "$root/target/release/iamsim"
node "$here/batches.mjs" "$root/target/release/iamsim" "${@:2}"
