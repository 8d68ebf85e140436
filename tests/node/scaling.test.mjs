// Batches grow linearly: doubling a batch of 20,000 scenarios must not more
// than triple its time (a quadratic step quadruples it), for the native CLI
// (`iamsim eval FILE --format json`, the whole process) and for the JS API's
// `evaluateMany` in wasm. The scenarios are the whole corpus and the page's
// examples, repeated, warnings included (`2008-10-17` policies with
// variables, ...), written as one line as generators write them. A ratio
// measured in one run, each size timed a few times, interleaved, and the
// best run kept: on a busy 2-core machine the best run is the least
// disturbed one, and noise makes a ratio look worse, not better.

import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { cli, loadApi, scenarioFiles } from "./api.mjs";

const SIZE = 20_000;
const RUNS = 3;
const MAX_RATIO = 3;

/** `n` corpus scenarios, repeated in order, as one line of JSON. */
async function batch(n) {
  const all = [];
  for (const file of await scenarioFiles()) {
    const value = JSON.parse(readFileSync(file, "utf8"));
    all.push(...(Array.isArray(value) ? value : [value]));
  }
  return JSON.stringify(Array.from({ length: n }, (_, i) => all[i % all.length]));
}

/** The best time of `run` at each size, in seconds, runs interleaved. */
function bestTimes(sizes, run) {
  const best = sizes.map(() => Infinity);
  for (let round = 0; round < RUNS; round++) {
    sizes.forEach((size, i) => {
      const started = process.hrtime.bigint();
      run(size);
      best[i] = Math.min(best[i], Number(process.hrtime.bigint() - started) / 1e9);
    });
  }
  return best;
}

function assertLinear(what, [small, big]) {
  const ratio = big / small;
  console.log(`${what}: ${SIZE} in ${small.toFixed(3)} s, ${2 * SIZE} in ${big.toFixed(3)} s: x${ratio.toFixed(2)}`);
  assert.ok(ratio <= MAX_RATIO, `${what}: doubling the batch took ${ratio.toFixed(2)} times as long (at most ${MAX_RATIO})`);
}

test("iamsim eval: twice the scenarios, at most three times the time", async () => {
  assert.ok(existsSync(cli), `${cli} is missing: run \`cargo build --release --bin iamsim\` first`);
  const dir = mkdtempSync(path.join(os.tmpdir(), "iamsim-scaling-"));
  try {
    const files = new Map();
    for (const size of [SIZE, 2 * SIZE]) {
      files.set(size, path.join(dir, `${size}.json`));
      writeFileSync(files.get(size), await batch(size));
    }
    let warned = false;
    const times = bestTimes([SIZE, 2 * SIZE], (size) => {
      const run = spawnSync(cli, ["eval", files.get(size), "--format", "json"], {
        stdio: ["ignore", "ignore", "pipe"],
        encoding: "utf8",
      });
      assert.equal(run.status, 0, run.stderr);
      warned ||= run.stderr.includes("warning[");
    });
    assert.ok(warned, "the batch draws warnings");
    assertLinear("native", times);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("evaluateMany: twice the scenarios, at most three times the time", async () => {
  const api = await loadApi();
  const texts = new Map([
    [SIZE, await batch(SIZE)],
    [2 * SIZE, await batch(2 * SIZE)],
  ]);
  let warnings = 0;
  const times = bestTimes([SIZE, 2 * SIZE], (size) => {
    const outcomes = api.evaluateMany(texts.get(size));
    assert.equal(outcomes.length, size);
    warnings = outcomes.reduce((sum, o) => sum + (o.warnings?.length ?? 0), 0);
  });
  assert.ok(warnings > 0, "the batch draws warnings");
  assertLinear("wasm evaluateMany", times);
});
