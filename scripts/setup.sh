#!/usr/bin/env bash
# Installs what building and testing the page needs, only what is missing or
# at the wrong version, so a second run takes seconds. Every tool comes from a
# package registry (crates.io, npm, Debian): nothing is downloaded from GitHub.
#   - the wasm32-unknown-unknown target
#   - trunk 0.21.14 (0.22 needs a newer rustc)
#   - wasm-bindgen-cli at exactly the wasm-bindgen version in Cargo.lock
#   - wasm-split-cli (crate wasm_split_cli_support) matching the
#     wasm_split_helpers version in Cargo.lock: splits the page's wasm
#   - npm packages of package.json: binaryen (wasm-opt for Trunk),
#     playwright-core, axe-core, @axe-core/playwright
#   - Debian's chromium and chromium-driver for the browser tests
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

TRUNK_VERSION=0.21.14
say() { printf 'setup: %s\n' "$*"; }

if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "wasm32-unknown-unknown target present, skipped"
else
  rustup target add wasm32-unknown-unknown
fi

if [ "$(trunk --version 2>/dev/null)" = "trunk $TRUNK_VERSION" ]; then
  say "trunk $TRUNK_VERSION present, skipped"
else
  say "installing trunk $TRUNK_VERSION (several minutes)"
  cargo install trunk --locked --version "$TRUNK_VERSION"
fi

# The CLI must equal the crate exactly, or Trunk tries to download its own.
bindgen_version="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)"
if [ -z "$bindgen_version" ]; then
  say "no wasm-bindgen in Cargo.lock"; exit 1
fi
if [ "$(wasm-bindgen --version 2>/dev/null)" = "wasm-bindgen $bindgen_version" ]; then
  say "wasm-bindgen $bindgen_version present, skipped"
else
  say "installing wasm-bindgen-cli $bindgen_version"
  # Without --locked: its lockfile pins a crate version the registry lacks.
  cargo install wasm-bindgen-cli --version "$bindgen_version"
fi

# The page's splitter must read what Cargo.lock's wasm_split_helpers writes:
# the same minor version (both are 0.2 today; a new minor changes the format).
split_helpers="$(awk '/^name = "wasm_split_helpers"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)"
SPLIT_CLI_VERSION=0.2.4
case "$split_helpers" in
  0.2.*) ;;
  *) say "wasm_split_helpers $split_helpers in Cargo.lock: update SPLIT_CLI_VERSION to match"; exit 1 ;;
esac
# The CLI has no --version: Cargo's list of installed crates says it.
if cargo install --list | grep -qx "wasm_split_cli_support v$SPLIT_CLI_VERSION:"; then
  say "wasm-split-cli $SPLIT_CLI_VERSION present, skipped"
else
  say "installing wasm-split-cli $SPLIT_CLI_VERSION"
  cargo install --locked wasm_split_cli_support --version "$SPLIT_CLI_VERSION" --features build-binary
fi

# npm ci when node_modules is missing or older than the lockfile.
if [ -d node_modules ] && [ node_modules/.package-lock.json -nt package-lock.json ]; then
  say "node_modules up to date, skipped"
else
  say "npm ci"
  npm ci --no-audit --no-fund
fi

if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
  say "chromium present, skipped"
else
  say "installing chromium from Debian"
  apt-get update
  apt-get install -y chromium chromium-driver
fi

# Trunk may run Cargo offline: have every crate in the local registry.
cargo fetch --locked >/dev/null 2>&1 || cargo fetch
say "done"
