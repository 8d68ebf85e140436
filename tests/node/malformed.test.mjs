// Bad input through the JavaScript API: every case of the malformed corpus
// (tests/malformed/cases.json) comes back as a failure value with the same
// diagnostic at the same line and column as the native loader reports, and
// hostile inputs (deep nesting, a large text) never trap the module.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { loadApi, root } from "./api.mjs";

const api = await loadApi();
const dir = path.join(root, "tests/malformed");
const cases = JSON.parse(await readFile(path.join(dir, "cases.json"), "utf8"));

/** The diagnostics the API reports for a case: scenario files as a whole file, bare policies as identity policies. */
function diagnostics(kind, text) {
  if (kind === "policy") {
    const report = api.check(text, "identity");
    assert.equal(report.type, "check");
    assert.equal(report.valid, false);
    return report.diagnostics;
  }
  const outcome = api.evaluateMany(text);
  assert.equal(outcome.type, "failure", `not a failure: ${JSON.stringify(outcome).slice(0, 200)}`);
  return outcome.errors;
}

test("every malformed case fails where its manifest says", async (t) => {
  assert.ok(cases.length > 0);
  for (const c of cases) {
    const bytes = await readFile(path.join(dir, c.file));
    let text;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      continue; // Not UTF-8: JavaScript strings cannot carry it (the byte loader's own test covers it).
    }
    await t.test(c.file, () => {
      const found = diagnostics(c.kind, text);
      const match = found.find((d) => d.id === c.id && d.line === c.line && d.column === c.column);
      assert.ok(match, `expected ${c.id} at ${c.line}:${c.column}, got ${found.map((d) => `${d.id} at ${d.line}:${d.column}`).join(", ")}`);
      assert.equal(match.severity, "error");
      if (c.policy) assert.equal(match.location, c.policy);
    });
  }
});

test("hostile input is a failure, and the module keeps working", () => {
  const deep = "[".repeat(100_000);
  assert.equal(api.evaluate(deep).type, "failure");
  assert.equal(api.evaluateMany(deep).type, "failure");
  assert.equal(api.check(deep, "identity").valid, false);
  const deepObject = JSON.parse(`${'{"a":'.repeat(2_000)}1${"}".repeat(2_000)}`);
  assert.equal(api.evaluate({ request: deepObject }).type, "failure");
  const big = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "x".repeat(12_000_000) }] });
  assert.equal(api.check(big, "identity").valid, false, "a policy over the size limit");
  const ok = api.evaluate({ request: { principal: "anonymous", action: "s3:GetObject", resource: "*" } });
  assert.equal(ok.type, "result");
});
