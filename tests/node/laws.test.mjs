// The wasm build against the native evaluator on generated scenarios: the
// law tests (crates/iamsim/tests/laws/) write 2,000 scenarios over a small
// alphabet of actions, ARNs, principals and condition keys to
// target/tmp/law-scenarios.json; here the JavaScript API (dist/api/) and
// `iamsim eval --format json` must give the same decision, deciding step,
// matched statements and missing context keys for every one of them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import path from "node:path";
import { essentials, loadApi, nativeEval, root } from "./api.mjs";

const scenarios = path.join(root, "target/tmp/law-scenarios.json");

test("generated scenarios: the wasm API decides as the native CLI", async () => {
  assert.ok(existsSync(scenarios), `${scenarios} is missing: run \`cargo test -p iamsim --test laws\` first`);
  const api = await loadApi();
  const text = await readFile(scenarios, "utf8");
  const native = nativeEval(scenarios, { maxBuffer: 1 << 30 });
  const wasm = api.evaluateMany(text);
  assert.ok(native.length >= 1000, `only ${native.length} scenarios`);
  assert.equal(wasm.length, native.length);
  const decisions = new Set();
  for (let i = 0; i < native.length; i++) {
    assert.equal(wasm[i].type, "result", `scenario ${i}: ${JSON.stringify(wasm[i].errors)}`);
    assert.deepEqual(essentials(wasm[i]), essentials(native[i]), `scenario ${i}`);
    decisions.add(native[i].decision);
  }
  // The generator reaches every decision, or the comparison proves little.
  assert.deepEqual([...decisions].sort(), ["allowed", "explicitDeny", "implicitDeny"]);
});
