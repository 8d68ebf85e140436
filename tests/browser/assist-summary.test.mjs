// Issue 11's page checks beyond assist.test.mjs: the editor's size meter
// against AWS's quota for the policy's kind, and the access summary decided
// on each resource type with every filter (allowed only, writes only,
// permissions management only). Prints the summary's evaluations per second
// in wasm on this page, and leaves a screenshot of the assist interface.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { startServer, launchBrowser, openPage, expectDecision, fragmentOf, policyEditor, RESULTS } from "./harness.mjs";

const doc = (statement) => `{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n${statement}\n    }\n  ]\n}`;
const scenario = {
  request: { principal: "arn:aws:iam::111122223333:user/alice", action: "s3:GetObject", resource: "arn:aws:s3:::bucket/key" },
  identityPolicies: [{
    name: "reader",
    document: doc('      "Effect": "Allow",\n      "Action": ["s3:Get*", "s3:ListBucket"],\n      "Resource": "*"'),
  }],
};

let server, browser;
before(async () => { await mkdir(RESULTS, { recursive: true }); server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.close(); });

/** The page, once the assist module has drawn into the editors. */
async function openAssisted() {
  const opened = await openPage(browser, `${server.origin}/${fragmentOf(JSON.stringify(scenario))}`);
  await expectDecision(opened.page, "allowed");
  await opened.page.waitForSelector("[data-testid=statement-levels]", { timeout: 15_000 });
  return opened;
}

test("the editor's size meter counts as AWS does, against the quota of the policy's kind", async () => {
  const { page, errors } = await openAssisted();
  const meter = page.locator('[data-testid=policy][data-policy="reader"] [data-testid=size-meter]');
  const text = scenario.identityPolicies[0].document;
  const counted = text.replace(/\s+(?=(?:[^"]*"[^"]*")*[^"]*$)/g, "").length;
  assert.equal(Number(await meter.locator("meter").getAttribute("value")), counted, "white space outside strings left out");
  assert.equal(await meter.locator("meter").getAttribute("max"), "6144");
  assert.match((await meter.innerText()).trim(), new RegExp(`^${counted} of 6,144 characters for a managed policy$`));
  // Past the quota: the meter says by how much, and size-limit is listed.
  const many = Array.from({ length: 300 }, (_, i) => `"s3:GetObjectVersion${i}"`).join(", ");
  await policyEditor(page, "reader").fill(doc(`      "Effect": "Allow",\n      "Action": [${many}],\n      "Resource": "*"`));
  await meter.getByText(/ over$/).waitFor();
  await page.locator('[data-testid=policy][data-policy="reader"] [data-testid=findings] li', { hasText: "size-limit" }).waitFor();
  assert.deepEqual(errors, []);
});

test("the access summary on each resource type, and its three filters", async (t) => {
  const { page, errors } = await openAssisted();
  const summary = page.locator("[data-testid=access-summary]");
  await summary.locator("summary").click();
  const rows = (action) => summary.locator("tr", { has: page.locator("code", { hasText: new RegExp(`^${action}$`) }) });
  const on = (action, type) => rows(action).filter({ has: page.locator("td", { hasText: new RegExp(`^${type}$`) }) });
  await rows("s3:GetObject").waitFor();
  const stats = await summary.locator("[data-testid=access-stats]").innerText();
  const [, evaluations, ms] = /^(\d+) evaluations in ([\d.]+) ms/.exec(stats);
  t.diagnostic(`one resource: ${stats}; ${Math.round((evaluations / ms) * 1000)} evaluations per second`);

  // Each resource type: a row per action and type, decided on an ARN of that type.
  await summary.getByLabel("each resource type").check();
  await summary.getByRole("columnheader", { name: "Resource type" }).first().waitFor();
  assert.equal(await on("s3:GetObject", "object").getAttribute("data-decision"), "allowed");
  assert.equal(await on("s3:ListBucket", "bucket").getAttribute("data-decision"), "allowed");
  assert.equal(await on("s3:PutObject", "object").getAttribute("data-decision"), "implicitDeny");
  assert.ok(await summary.locator("[data-testid=access-resource]").isDisabled(), "no resource to give");
  await summary.locator(".access-types").first().waitFor();
  const typeStats = await summary.locator("[data-testid=access-stats]").innerText();
  assert.match(typeStats, / evaluations in [\d.]+ ms, for each resource type$/);
  const [, typeEvaluations, typeMs] = /^(\d+) evaluations in ([\d.]+) ms/.exec(typeStats);
  t.diagnostic(`each resource type: ${typeStats}; ${Math.round((typeEvaluations / typeMs) * 1000)} evaluations per second`);

  // Allowed only: the denied rows leave.
  const filter = summary.locator("[data-testid=access-filter]");
  await filter.selectOption("allowed");
  await rows("s3:PutObject").first().waitFor({ state: "detached" });
  assert.ok(await rows("s3:GetObject").count() > 0);
  // Writes only: none are allowed yet; then a policy that allows all of S3.
  await filter.selectOption("writes");
  await rows("s3:GetObject").first().waitFor({ state: "detached" });
  await policyEditor(page, "reader").fill(doc('      "Effect": "Allow",\n      "Action": "s3:*",\n      "Resource": "*"'));
  await rows("s3:PutObject").first().waitFor();
  assert.equal(await rows("s3:ListBucket").count(), 0, "List is not a write");
  // Permissions management only.
  await filter.selectOption("permissions");
  await rows("s3:PutBucketPolicy").first().waitFor();
  assert.equal(await rows("s3:PutObject").count(), 0, "Write is not permissions management");
  await page.screenshot({ path: join(RESULTS, "assist-summary-types.png"), fullPage: true });
  assert.deepEqual(errors, []);
});
