// The JavaScript API against the native evaluator: every scenario of the
// conformance corpus and of the page's examples gives the same decision and
// the same matched statements as `iamsim eval FILE --format json`; and the
// shapes of check, version and failures.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { essentials, loadApi, nativeEval, root, scenarioFiles } from "./api.mjs";

const api = await loadApi();
const asList = (x) => (Array.isArray(x) ? x : [x]);

test("every corpus and example scenario: the same result as the native CLI", async (t) => {
  const files = await scenarioFiles();
  assert.ok(files.length > 0, "no scenario files found under tests/corpus or web/examples");
  for (const file of files) {
    await t.test(path.relative(root, file), async () => {
      const text = await readFile(file, "utf8");
      const native = asList(nativeEval(file));
      const parsed = JSON.parse(text);
      // The text itself: positions point into the same text, so they agree too.
      const fromText = asList(Array.isArray(parsed) ? api.evaluateMany(text) : api.evaluate(text));
      assert.deepEqual(fromText.map(essentials), native.map(essentials));
      for (const r of fromText) assert.equal(r.type, "result");
      // The object: the same decisions and the same statements.
      const fromObject = asList(Array.isArray(parsed) ? api.evaluateMany(parsed) : api.evaluate(parsed));
      const statements = (r) => r.matchedStatements.map((m) => [m.policyType, m.policy, m.statementIndex, m.effect]);
      assert.deepEqual(fromObject.map((r) => r.decision), native.map((r) => r.decision));
      assert.deepEqual(fromObject.map(statements), native.map(statements));
    });
  }
});

const scenario = {
  request: { principal: "arn:aws:iam::111122223333:user/alice", action: "s3:GetObject", resource: "arn:aws:s3:::b/k" },
  identityPolicies: [
    {
      name: "read",
      document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] },
    },
  ],
};

test("evaluate returns the result contract as plain objects", () => {
  const r = api.evaluate(scenario);
  assert.equal(r.type, "result");
  assert.equal(r.decision, "allowed");
  assert.equal(Object.getPrototypeOf(r), Object.prototype);
  assert.ok(Array.isArray(r.matchedStatements) && Array.isArray(r.missingContextKeys) && Array.isArray(r.trace));
  assert.deepEqual(r.matchedStatements.map((m) => [m.policy, m.statementIndex]), [["read", 0]]);
  assert.deepEqual(JSON.parse(JSON.stringify(r)), r, "JSON-compatible: no Map, no BigInt, no undefined");
  // An object is read as its two-space rendering: positions point into that text.
  assert.deepEqual(essentials(api.evaluate(JSON.stringify(scenario, null, 2))), essentials(r));
  assert.equal(api.evaluate(JSON.stringify(scenario)).decision, "allowed");
});

function assertFailure(value, id) {
  assert.equal(value.type, "failure", JSON.stringify(value));
  assert.ok(value.errors.length > 0);
  for (const e of value.errors) {
    for (const key of ["line", "column", "endLine", "endColumn", "start", "end"]) {
      assert.equal(typeof e[key], "number", `${key} of ${JSON.stringify(e)}`);
    }
    assert.equal(e.severity, "error");
    assert.match(e.id, /^[a-z]+(-[a-z]+)*$/);
    assert.ok(e.message.length > 0);
  }
  if (id) assert.equal(value.errors[0].id, id);
}

test("bad input is a failure value, never a throw or a trap", () => {
  const broken = '{\n  "request": {\n    "principal": "anonymous",\n    "action": }\n}';
  const failure = api.evaluate(broken);
  assertFailure(failure);
  assert.equal(failure.errors[0].line, 4, "the position of the syntax error");
  assertFailure(api.evaluate({ request: { principal: "anonymous" }, unknownField: 1 }));
  for (const value of [42, undefined, null, true]) assertFailure(api.evaluate(value), "invalid-argument");
  const cyclic = { request: {} };
  cyclic.request.self = cyclic;
  assertFailure(api.evaluate(cyclic), "invalid-argument");
  assertFailure(api.evaluate({ request: { principal: 1n } }), "invalid-argument");
  // The module still works after all of the above.
  assert.equal(api.evaluate(scenario).decision, "allowed");
});

test("evaluateMany: one outcome per scenario, in order", () => {
  const many = api.evaluateMany([scenario, "{", JSON.stringify(scenario)]);
  assert.deepEqual(many.map((r) => r.type), ["result", "failure", "result"]);
  const fromText = api.evaluateMany(JSON.stringify([scenario, scenario]));
  assert.deepEqual(fromText.map((r) => r.decision), ["allowed", "allowed"]);
  assertFailure(api.evaluateMany("[{]"));
  assertFailure(api.evaluateMany(scenario), "invalid-argument");
  assertFailure(api.evaluateMany(7), "invalid-argument");
});

test("check reports every diagnostic with positions, or a failure for a bad kind", () => {
  const good = JSON.stringify(scenario.identityPolicies[0].document, null, 2);
  assert.deepEqual(api.check(good, "identity"), { type: "check", valid: true, diagnostics: [] });
  const bad = '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Effect": "Maybe", "Action": "s3:*", "Resource": "*" }]\n}';
  const report = api.check(bad, "identity");
  assert.equal(report.type, "check");
  assert.equal(report.valid, false);
  const error = report.diagnostics.find((d) => d.severity === "error");
  assert.ok(error, JSON.stringify(report));
  assert.equal(error.line, 3);
  assert.equal(bad.slice(error.start, error.end), '"Maybe"', "byte offsets point at the bad value");
  assert.equal(api.check("{", "resource").valid, false);
  // The kind decides the rules that depend on where a policy is attached.
  const trust = JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
  });
  assert.equal(api.check(trust, "resource").valid, true, JSON.stringify(api.check(trust, "resource")));
  assert.equal(api.check(trust, "identity").valid, false);
  assertFailure(api.check(good, "bucket"), "unknown-policy-kind");
  assertFailure(api.check(undefined, "identity"), "invalid-argument");
});

test("version is the crate version", async () => {
  const manifest = await readFile(path.join(root, "Cargo.toml"), "utf8");
  const version = manifest.match(/\[workspace\.package\][^[]*?version = "([^"]+)"/)[1];
  assert.equal(api.version(), version);
});

test("evaluate with { draft: true }: policies AWS would refuse, evaluated as they read", () => {
  const scenario = {
    request: { principal: "arn:aws:iam::111122223333:user/alice", action: "s3:GetObject", resource: "arn:aws:s3:::b/k" },
    identityPolicies: [{ name: "p", document: { Version: "2012-10-17", Statement: [
      { Effect: "Allow", Action: "s3:GetObject", Resource: "*" },
      { Effect: "Deny", Action: "s3:", Resource: "*" },
    ] } }],
  };
  const refused = api.evaluate(scenario);
  assert.equal(refused.type, "failure");
  assert.deepEqual(refused.errors.map((e) => e.id), ["invalid-action"]);
  const draft = api.evaluate(scenario, { draft: true });
  assert.equal(draft.type, "result");
  assert.equal(draft.decision, "allowed");
  assert.equal(draft.draft, true);
  assert.deepEqual(draft.errors.map((e) => e.id), ["invalid-action"]);
  const statements = draft.trace.flatMap((s) => s.policies).flatMap((p) => p.statements);
  assert.ok(statements.some((s) => s.skipped?.includes("invalid-action")));
  // A scenario without errors: an ordinary result.
  scenario.identityPolicies[0].document.Statement.pop();
  assert.equal(api.evaluate(scenario, { draft: true }).draft, undefined);
});
