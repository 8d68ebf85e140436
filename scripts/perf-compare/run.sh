#!/usr/bin/env bash
# Compares iamsim's throughput with @cloud-copilot/iam-simulate's on the same
# generated scenarios. Installs and builds what is missing, then runs
# compare.mjs. usage: scripts/perf-compare/run.sh [N=30000]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/../.."
[ -d "$here/node_modules/@cloud-copilot/iam-simulate" ] || (cd "$here" && npm ci --no-audit --no-fund)
cargo build --release --bin iamsim --manifest-path "$root/Cargo.toml"
node "$here/compare.mjs" "${1:-30000}" "$root/target/release/iamsim"
