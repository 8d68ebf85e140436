#!/usr/bin/env bash
# Runs every test of the project, installing what is missing first:
# the evaluator's and the CLI's tests (conformance corpus included), lints,
# the evaluator's wasm build, the page and the JS API build, then the Node
# tests of the JS API and the browser tests of the page in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

step() { printf '\n==> %s\n' "$*"; }

step "lints (no panicking calls outside tests)"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "evaluator for wasm32 (no I/O, no wasm-only dependency)"
cargo build --locked -p iamsim --target wasm32-unknown-unknown

step "page logic (host)"
cargo test --locked -p iamsim-web

step "the CLI, release build (used by the Node tests)"
cargo build --locked --release --bin iamsim

step "page and JS API: trunk build --release"
trunk build --release

step "size report"
scripts/size-report.sh

step "Node tests of the JS API, browser tests of the page"
node --test tests/node/ tests/browser/

# Last, so that its summary closes the log: evaluator and CLI tests,
# the conformance corpus and the malformed-input list among them.
step "evaluator and CLI tests"
cargo test --locked
