#!/usr/bin/env bash
# Prints raw, gzip (level 9) and brotli (quality 11) sizes of every file in
# dist/ (build it first with `trunk build --release`), and the page's
# first-load total (its wasm and JS, gzip) against the 250 KB budget. With
# `--check` it exits 1 over budget. The assist module (dist/assist/: policy
# checks and the AWS catalog, loaded after first paint) is reported apart. Uses Node's zlib, which has both compressors.
set -euo pipefail
cd "$(dirname "$0")/.."
check=0
if [ "${1:-}" = "--check" ]; then check=1; shift; fi
dist="${1:-dist}"
[ -d "$dist" ] || { echo "no $dist/: run trunk build --release first" >&2; exit 1; }

node - "$dist" "$check" <<'JS'
const fs = require("fs"), path = require("path"), zlib = require("zlib");
const dist = process.argv[2];
const files = [];
const walk = (dir) => {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    entry.isDirectory() ? walk(full) : files.push(full);
  }
};
walk(dist);
const kb = (n) => (n / 1024).toFixed(1).padStart(8);
let firstLoad = 0, assist = 0, chunks = 0;
console.log(`${"file".padEnd(48)} ${"raw KB".padStart(8)} ${"gzip KB".padStart(8)} ${"br KB".padStart(8)}`);
for (const file of files.sort()) {
  const data = fs.readFileSync(file);
  const gz = zlib.gzipSync(data, { level: 9 }).length;
  const br = zlib.brotliCompressSync(data, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  const rel = path.relative(dist, file);
  // The page's own first load: its wasm and JS (the JS API under api/ loads
  // only when a page uses it; the assist module and the page's split chunks,
  // scripts/split-page.mjs, after the first paint).
  const chunk = /-lazy-.*\.wasm$/.test(rel);
  const later = chunk || ["api", "assist"].some((dir) => rel.startsWith(dir + path.sep));
  if (!later && /\.(wasm|js)$/.test(rel)) firstLoad += gz;
  if (chunk) chunks += gz;
  if (rel.startsWith("assist" + path.sep)) assist += gz;
  console.log(`${rel.padEnd(48)} ${kb(data.length)} ${kb(gz)} ${kb(br)}`);
}
// 250 KB (issue #11): the page's wasm is split at its #[leptos::lazy]
// functions (scripts/split-page.mjs), and what the first decision does not
// need loads after the first paint (docs/size.md).
const budget = 250 * 1024;
const over = firstLoad > budget;
console.log(`\npage first load (wasm + JS, gzip): ${(firstLoad / 1024).toFixed(1)} KB of the ${budget / 1024} KB budget${over ? ": OVER BUDGET" : ""}`);

console.log(`page chunks after first paint (gzip): ${(chunks / 1024).toFixed(1)} KB`);

// The assist module, loaded after the first decision is painted: the policy
// checks and the evaluator (code) and the AWS action catalog (data, embedded).
const catalog = zlib.gzipSync(fs.readFileSync("crates/iamsim-catalog/data/aws-catalog.tsv"), { level: 9 }).length;
if (assist > 0) {
  console.log(`assist module after first paint (gzip): ${(assist / 1024).toFixed(1)} KB: ` +
    `AWS catalog ~${(catalog / 1024).toFixed(1)} KB, checks + evaluator + glue ~${((assist - catalog) / 1024).toFixed(1)} KB`);
}
process.exit(over && process.argv[3] === "1" ? 1 : 0);
JS
