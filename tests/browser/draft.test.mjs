// While typing, policies AWS would refuse to save are evaluated as a draft
// (docs/scenario.md, "Drafts"): the errors stay listed as errors, the
// decision is the one the policies plainly mean, and the banner says it is a
// draft, not AWS's answer. Broken JSON still stops the evaluation.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { mkdirSync } from "node:fs";
import { startServer, launchBrowser, openPage, expectDecision, fragmentOf, policyEditor, RESULTS } from "./harness.mjs";

const policy = (statements) => JSON.stringify({ Version: "2012-10-17", Statement: statements }, null, 2);
const scenario = {
  request: { principal: "arn:aws:iam::111122223333:user/alice", action: "s3:GetObject", resource: "arn:aws:s3:::reports/q4.csv" },
  identityPolicies: [{
    name: "reader",
    document: policy([
      { Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::reports/*" },
      { Effect: "Deny", Action: "s3:", Resource: "*" },
    ]),
  }],
  resourcePolicy: {
    name: "bucket",
    document: policy([{ Effect: "Deny", Principal: "arn:aws:iam::111122223333:user/alice", Action: "s3:GetObject", Resource: "*" }]),
  },
};

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.close(); });

test("refused policies are evaluated as they read, marked as a draft", async () => {
  const { page, errors } = await openPage(browser, `${server.origin}/${fragmentOf(JSON.stringify(scenario))}`);
  // The bare-string Principal names alice: her Deny applies.
  await expectDecision(page, "explicitDeny");
  assert.match(await page.textContent("[data-testid=draft]"), /AWS would refuse these policies \(2 errors/);
  const problems = await page.locator(".rv-problem-error").allTextContents();
  assert.equal(problems.length, 2, problems.join("\n"));
  assert.ok(problems.some((p) => p.includes("invalid-action")));
  assert.ok(problems.some((p) => p.includes("invalid-principal")));
  mkdirSync(RESULTS, { recursive: true });
  await page.screenshot({ path: join(RESULTS, "draft.png"), fullPage: true });

  // Removing the Deny's principal leaves a statement with no plain meaning:
  // skipped, and the identity policy's allow decides.
  await policyEditor(page, "bucket").fill(policy([{ Effect: "Deny", Action: "s3:GetObject", Resource: "*" }]));
  await expectDecision(page, "allowed");
  await page.waitForSelector("[data-testid=draft]");

  // Fixed policies: an ordinary answer, no draft banner.
  await policyEditor(page, "reader").fill(policy([{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }]));
  await policyEditor(page, "bucket").fill(policy([{ Effect: "Deny", Principal: { AWS: "arn:aws:iam::111122223333:user/bob" }, Action: "s3:*", Resource: "*" }]));
  await expectDecision(page, "allowed");
  assert.equal(await page.locator("[data-testid=draft]").count(), 0);

  // Broken JSON is not a draft: nothing is evaluated.
  await policyEditor(page, "bucket").fill('{ "Version": "2012-10-17", "Statement": [ ');
  await expectDecision(page, "error");
  assert.deepEqual(errors, []);
});
