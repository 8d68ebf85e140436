#!/usr/bin/env bash
# Builds the JavaScript API (crates/iamsim-wasm) into dist/api/:
# iamsim.js (wasm-bindgen --target web, default export `init`), iamsim_bg.wasm
# and iamsim.d.ts. Trunk runs it as a post_build hook (see Trunk.toml), so
# `trunk build --release` builds the page and the API together; it then writes
# into Trunk's staging folder, which Trunk moves to dist/. Run by hand, it
# writes to dist/api/ directly (release, size-optimized).
#
# Needs on PATH: wasm-bindgen (the exact version of the crate in Cargo.lock)
# and, for release builds, wasm-opt from npm's binaryen (node_modules/.bin).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
out="${TRUNK_STAGING_DIR:-$root/dist}/api"
export PATH="$root/node_modules/.bin:$PATH"

# `trunk serve` builds debug: skip the slow size work there.
if [ "${TRUNK_PROFILE:-release}" = "debug" ]; then
  profile=dev dir=debug
else
  profile=wasm-release dir=wasm-release
fi

cargo build --manifest-path "$root/Cargo.toml" -p iamsim-wasm \
  --target wasm32-unknown-unknown --profile "$profile"
mkdir -p "$out"
wasm-bindgen --target web --out-dir "$out" --out-name iamsim \
  "$root/target/wasm32-unknown-unknown/$dir/iamsim_wasm.wasm"
if [ "$profile" != dev ]; then
  wasm-opt -Oz "$out/iamsim_bg.wasm" -o "$out/iamsim_bg.wasm"
fi
# Only the files the API needs: wasm-bindgen also writes a .d.ts for the glue.
rm -f "$out/iamsim_bg.wasm.d.ts"
