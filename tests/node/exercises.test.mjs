// Issue #12 through the JavaScript API: a lesson's checks (`runChecks`),
// the smallest change that flips a decision (`suggest`), two versions of a
// policy compared (`compare`). Each suggestion is applied here, as a page
// would apply it, and evaluated again: it must flip the decision.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { loadApi, root } from "./api.mjs";

const api = await loadApi();
const example = async (name) => JSON.parse(await readFile(path.join(root, "web/examples", `${name}.json`), "utf8"));

/** A change applied to a scenario object, as a front end applies it. */
function apply(scenario, change) {
  const copy = structuredClone(scenario);
  switch (change.change) {
    case "setContext":
      copy.request.context = { ...copy.request.context, [change.key]: change.values.length === 1 ? change.values[0] : change.values };
      break;
    case "replaceDocument": {
      const slots = { resource: "resourcePolicy", permissionsBoundary: "permissionsBoundary", session: "sessionPolicy", vpcEndpoint: "vpcEndpointPolicy" };
      const levels = { scp: "serviceControlPolicies", rcp: "resourceControlPolicies" };
      const named = (p) => p.name === change.policy;
      const policy =
        change.policyType === "identity" ? copy.identityPolicies.find(named)
        : levels[change.policyType] ? copy[levels[change.policyType]].filter((l) => !change.level || l.name === change.level).flatMap((l) => l.policies).find(named)
        : copy[slots[change.policyType]];
      policy.document = change.document;
      break;
    }
    case "setEntryContext": {
      const entry = copy.requests[change.request];
      entry.context = { ...(entry.context ?? copy.request.context), [change.key]: change.values.length === 1 ? change.values[0] : change.values };
      break;
    }
    case "addPolicy":
      if (change.policyType === "identity") (copy.identityPolicies ??= []).push({ name: change.name, document: change.document });
      else copy.resourcePolicy = { name: change.name, document: change.document };
      break;
  }
  return copy;
}

test("runChecks: every request of a lesson against its expectation, and whether the exercise is done", async () => {
  const lesson = await example("06-cross-account-external-id");
  const checks = api.runChecks(lesson);
  assert.equal(checks.type, "checks");
  assert.deepEqual([checks.passed, checks.failed, checks.unchecked, checks.done], [2, 3, 0, false]);
  assert.deepEqual(checks.exercise, { goal: lesson.exercise.goal, editable: ["trust policy"] });
  assert.deepEqual(checks.checks.map((c) => [c.name, c.result.decision, c.passed]), [
    ["request", "allowed", true],
    ["without the external ID", "allowed", false],
    ["with another external ID", "allowed", false],
    ["from a third account", "allowed", false],
    ["the partner's automation role, with the ID", "allowed", true],
  ]);
  assert.match(checks.checks[1].mismatches[0], /^decision: expected implicitDeny, got allowed/);
  // The learner's answer, in the one editable policy: every check passes.
  lesson.resourcePolicy.document = {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::444455556666:root" }, Action: "sts:AssumeRole",
                  Condition: { StringEquals: { "sts:ExternalId": "partner-7f3a9c" } } }],
  };
  const solved = api.runChecks(lesson);
  assert.deepEqual([solved.passed, solved.failed, solved.done], [5, 0, true]);
  delete lesson.exercise;
  assert.equal(api.runChecks(lesson).exercise, undefined);
  assert.equal(api.runChecks("{").type, "failure");
});

test("suggest: every suggestion, applied as a page applies it, flips the decision", async () => {
  for (const name of ["04-explicit-deny-wins", "07-boundary-caps-admin", "11-scp-deny-regions", "08-conditions-ip-mfa-region"]) {
    const scenario = await example(name);
    const found = api.suggest(scenario);
    assert.equal(found.type, "suggestions", name);
    assert.equal(found.decision, api.evaluate(scenario).decision, name);
    assert.ok(found.suggestions.length > 0, `${name}: no suggestion`);
    for (const s of found.suggestions) {
      const changed = s.changes.reduce(apply, scenario);
      const after = api.evaluate(changed);
      assert.equal(after.type, "result", `${name}: ${s.summary}: ${JSON.stringify(after.errors ?? [])}`);
      assert.equal(after.decision, s.decision, `${name}: ${s.summary}`);
      assert.notEqual(after.decision === "allowed", found.decision === "allowed", `${name}: ${s.summary}`);
    }
  }
});

test("compare: a wider action pattern shows as newly allowed", () => {
  const version = (action) => ({
    request: { principal: "arn:aws:iam::111122223333:user/a", action: "s3:GetObject", resource: "arn:aws:s3:::b/k" },
    identityPolicies: [{ name: "p", document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: action, Resource: "arn:aws:s3:::b/*" }] } }],
  });
  const found = api.compare(version("s3:GetObject"), version("s3:*Object"), ["s3:GetObject", "s3:PutObject", "s3:ListBucket"]);
  assert.equal(found.type, "comparison");
  assert.deepEqual(found.newlyAllowed.map((c) => [c.action, c.resource]), [
    ["s3:PutObject", "arn:aws:s3:::b/example"],
    ["s3:PutObject", "arn:aws:s3:::b/k"],
  ]);
  assert.deepEqual(found.newlyDenied, []);
  assert.equal(api.compare(version("s3:GetObject"), "{").type, "failure");
});

test("suggest for an entry of requests: by name or index, as a page applies it, to the expected decision", async () => {
  const lesson = await example("06-cross-account-external-id");
  const entry = (scenario, i) => api.runChecks(scenario).checks.find((c) => c.name === lesson.requests[i].name);
  for (const request of ["without the external ID", 0]) {
    const found = api.suggest(lesson, { request });
    assert.equal(found.type, "suggestions", JSON.stringify(found.errors ?? []));
    assert.deepEqual([found.request, found.decision, found.expected], ["without the external ID", "allowed", "implicitDeny"]);
    assert.ok(found.suggestions.length > 0);
    for (const s of found.suggestions) {
      // The exercise: only the editable trust policy is edited.
      assert.deepEqual(s.changes.map((c) => [c.change, c.policy]), [["replaceDocument", "trust policy"]]);
      assert.equal(entry(s.changes.reduce(apply, lesson), 0).result.decision, "implicitDeny", s.summary);
    }
  }
  // Outside an exercise, a context value goes into the entry's own context.
  const free = structuredClone(lesson);
  delete free.exercise;
  free.resourcePolicy.document.Statement[0].Condition = { StringEquals: { "sts:ExternalId": "partner-7f3a9c" } };
  const found = api.suggest(free, { request: "with another external ID" });
  assert.deepEqual(found.suggestions[0].changes, [{ change: "setEntryContext", request: 1, key: "sts:ExternalId", values: ["partner-7f3a9c"] }]);
  const unknown = api.suggest(lesson, { request: 9 });
  assert.equal(unknown.type, "failure");
  assert.match(unknown.errors[0].message, /no request `9`/);
  assert.equal(api.suggest(lesson, { request: true }).type, "failure");
});
