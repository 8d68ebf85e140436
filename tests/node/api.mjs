// Loads the built JavaScript API (dist/api/, from `trunk build --release` or
// scripts/build-api.sh) the way a Node user does: the wasm bytes passed to `init`.
import { readFile, readdir } from "node:fs/promises";
import { existsSync } from "node:fs";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const apiDir = path.join(root, "dist/api");

export async function loadApi() {
  const glue = path.join(apiDir, "iamsim.js");
  if (!existsSync(glue)) {
    throw new Error(`${glue} is missing: run \`trunk build --release\` or scripts/build-api.sh first`);
  }
  const api = await import(pathToFileURL(glue).href);
  await api.default({ module_or_path: await readFile(path.join(apiDir, "iamsim_bg.wasm")) });
  return api;
}

/** Every scenario file the native evaluator is held to: the corpus and the page's examples. */
export async function scenarioFiles() {
  const files = [];
  for (const dir of ["tests/corpus", "web/examples"]) {
    const full = path.join(root, dir);
    if (!existsSync(full)) continue;
    for (const name of (await readdir(full, { recursive: true })).sort()) {
      if (name.endsWith(".json")) files.push(path.join(full, name));
    }
  }
  return files;
}

/** The native CLI the JS API is held to: a release build. */
export const cli = path.join(root, "target/release/iamsim");

/** `iamsim eval FILE --format json`, parsed: one result, or an array for an array. */
export function nativeEval(file, options = {}) {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`cargo build --release --bin iamsim\` first`);
  return JSON.parse(execFileSync(cli, ["eval", file, "--format", "json"], { encoding: "utf8", ...options }));
}

/** What the native and the wasm evaluators must agree on (the trace holds the current time). */
export const essentials = (r) => ({
  decision: r.decision,
  decidedBy: r.decidedBy,
  matchedStatements: r.matchedStatements,
  missingContextKeys: r.missingContextKeys,
});
