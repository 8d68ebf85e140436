#!/usr/bin/env bash
# Builds and serves the simulator page at http://127.0.0.1:8080 (PORT to change).
# `scripts/serve.sh` runs `trunk serve` (rebuilds on change);
# `scripts/serve.sh --release` builds dist/ for release and serves it as a
# static host would.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
port="${PORT:-8080}"

if [ "${1:-}" = "--release" ]; then
  trunk build --release
  echo "serving dist/ at http://127.0.0.1:$port/"
  exec python3 -m http.server "$port" --bind 127.0.0.1 --directory dist
fi
exec trunk serve --port "$port" --address 127.0.0.1
