#!/usr/bin/env bash
# Runs every test of the project, installing what is missing first (see
# scripts/setup.sh): lints, the evaluator's and the CLI's tests (the
# conformance corpus and the malformed-input list among them), the
# evaluator's wasm build, the page's logic tests, the page and JS API build,
# then the Node tests of the JS API and the browser tests of the page in
# headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

step() { printf '\n==> %s\n' "$*"; }

step "format and lints (no panicking calls outside tests)"
cargo fmt --all --check
cargo clippy --workspace --all-targets --locked -- -D warnings
scripts/module-deps.sh --check

step "evaluator and CLI: unit, conformance, malformed inputs, laws, limits, fuzz regressions, CLI"
cargo test --locked --all-targets

step "evaluator for wasm32 (no I/O, no wasm-only dependency)"
cargo build --locked -p iamsim --target wasm32-unknown-unknown

step "page logic and JS API declarations (host)"
cargo test --locked -p iamsim-web -p iamsim-wasm

step "the CLI, release build (the Node tests compare with it)"
cargo build --locked --release --bin iamsim

step "page and JS API: trunk build --release"
trunk build --release

step "size report (fails over the 250 KB gzip budget of the first load)"
scripts/size-report.sh --check

step "Node tests of the JS API, browser tests of the page"
node --test tests/node/ tests/browser/
