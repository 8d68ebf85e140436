#!/usr/bin/env bash
# Builds the page's two extra wasm modules beside it:
# - the JavaScript API (crates/iamsim-wasm) into dist/api/: iamsim.js
#   (wasm-bindgen --target web, default export `init`), iamsim_bg.wasm and
#   iamsim.d.ts;
# - the page's assist module (crates/iamsim-assist: policy checks, the AWS
#   action catalog, the access summary) into dist/assist/: iamsim_assist.js
#   and iamsim_assist_bg.wasm, which the page imports after its first paint.
# Trunk runs it as a post_build hook (see Trunk.toml), so
# `trunk build --release` builds the page and the modules together; it then
# writes into Trunk's staging folder, which Trunk moves to dist/. Run by hand,
# it writes to dist/ directly (release, size-optimized).
#
# Needs on PATH: wasm-bindgen (the exact version of the crate in Cargo.lock)
# and, for release builds, wasm-opt from npm's binaryen (node_modules/.bin).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
dist="${TRUNK_STAGING_DIR:-$root/dist}"
export PATH="$root/node_modules/.bin:$PATH"

# `trunk serve` builds debug: skip the slow size work there.
if [ "${TRUNK_PROFILE:-release}" = "debug" ]; then
  profile=dev dir=debug
else
  profile=wasm-release dir=wasm-release
fi

cargo build --manifest-path "$root/Cargo.toml" -p iamsim-wasm -p iamsim-assist \
  --target wasm32-unknown-unknown --profile "$profile"

# module CRATE_LIB OUT_DIR NAME: binds (and in release shrinks) one module.
module() {
  local out="$dist/$2"
  mkdir -p "$out"
  wasm-bindgen --target web --out-dir "$out" --out-name "$3" \
    "$root/target/wasm32-unknown-unknown/$dir/$1.wasm"
  if [ "$profile" != dev ]; then
    wasm-opt -Oz "$out/$3_bg.wasm" -o "$out/$3_bg.wasm"
  fi
  # Only the files a module needs: wasm-bindgen also writes a .d.ts for the glue.
  rm -f "$out/$3_bg.wasm.d.ts"
}
module iamsim_wasm api iamsim
module iamsim_assist assist iamsim_assist
# The page imports the assist module itself: no declarations to ship.
rm -f "$dist/assist/iamsim_assist.d.ts"
