// A scenario's `requests` as a table (issue 12): each row's decision, what
// it expects and whether it passes, re-evaluated as the policy is typed;
// a row opens its own trace; share links and embeds carry the list.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { inflateRawSync } from "node:zlib";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { startServer, launchBrowser, openPage, fragmentOf, policyEditor, RESULTS } from "./harness.mjs";

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); mkdirSync(RESULTS, { recursive: true }); });
after(async () => { await browser?.close(); await server?.close(); });

// docs/scenario.md's example of `requests`: the policy lets alice read
// every photo, bob's too, which the second check forbids.
const PHOTOS = {
  request: { principal: "arn:aws:iam::111122223333:user/alice", action: "s3:GetObject", resource: "arn:aws:s3:::photos/alice/cat.png" },
  requests: [
    { name: "reads her own photos", expect: { decision: "allowed" } },
    { name: "cannot read bob's", resource: "arn:aws:s3:::photos/bob/dog.png", expect: { decision: "implicitDeny" } },
    { name: "lists the bucket", action: "s3:ListBucket", resource: "arn:aws:s3:::photos" },
  ],
  identityPolicies: [{
    name: "photos",
    document: "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Action\": \"s3:GetObject\",\n      \"Resource\": \"arn:aws:s3:::photos/*\"\n    }\n  ]\n}",
  }],
};

const row = (page, name) => page.locator(`[data-testid=check][data-check="${name}"]`);
const rowsOf = (page) => page.locator("[data-testid=check]").evaluateAll((rows) =>
  rows.map((r) => [r.dataset.check, r.querySelector("[data-decision]").dataset.decision, r.dataset.passed]));

test("a failing row passes once the policy is fixed, and opens its trace", async () => {
  const { page, errors } = await openPage(browser, `${server.origin}/${fragmentOf(JSON.stringify(PHOTOS))}`);
  await page.getByTestId("checks").waitFor();
  assert.deepEqual(await rowsOf(page), [
    ["reads her own photos", "allowed", "pass"],
    ["cannot read bob's", "allowed", "fail"],
    ["lists the bucket", "implicitDeny", "none"],
  ]);
  assert.equal(await page.getByTestId("checks-progress").textContent(), "1 of 2 checks pass");
  assert.match(await row(page, "cannot read bob's").innerText(), /Allowed\s+Implicitly denied\s+✗ fail/);

  // The row opens its own trace: bob's photo, allowed by the policy's statement.
  await row(page, "cannot read bob's").getByRole("button", { name: "cannot read bob's" }).click();
  const detail = row(page, "cannot read bob's").locator(".check-detail");
  await detail.locator(".rv-steps").waitFor();
  assert.match(await detail.innerText(), /expected implicitDeny, got allowed/);
  assert.match(await detail.innerText(), /How AWS evaluated it/);
  await page.screenshot({ path: join(RESULTS, "requests-table-failing.png"), fullPage: true });

  // Typing the fix re-evaluates every row; the open trace follows.
  const editor = policyEditor(page, "photos");
  await editor.fill((await editor.inputValue()).replace("photos/*", "photos/alice/*"));
  await page.locator('[data-testid=check][data-check="cannot read bob\'s"][data-passed=pass]').waitFor();
  assert.deepEqual((await rowsOf(page)).map((r) => r[2]), ["pass", "pass", "none"]);
  assert.equal(await page.getByTestId("checks-progress").textContent(), "2 of 2 checks pass");
  assert.doesNotMatch(await detail.innerText(), /expected implicitDeny/);
  assert.equal(await detail.locator(".rv-steps").count(), 1);
  await page.screenshot({ path: join(RESULTS, "requests-table-passing.png"), fullPage: true });
  assert.deepEqual(errors, []);
});

test("share links and embeds carry the requests", async () => {
  const { page } = await openPage(browser, `${server.origin}/${fragmentOf(JSON.stringify(PHOTOS))}`);
  await page.getByTestId("checks").waitFor();
  const editor = policyEditor(page, "photos");
  await editor.fill((await editor.inputValue()).replace("photos/*", "photos/alice/*"));
  await page.waitForFunction(() => location.hash.length > 3 && document.querySelector("[data-testid=checks-progress]").textContent === "2 of 2 checks pass");
  // The fragment settles after the last edit.
  await page.waitForTimeout(400);
  const url = page.url();
  const json = JSON.parse(inflateRawSync(Buffer.from(new URL(url).hash.slice(3), "base64url")).toString("utf8"));
  assert.deepEqual(json.requests, PHOTOS.requests);

  for (const link of [url, url.replace("/#", "/?embed#")]) {
    const { page: opened } = await openPage(browser, link);
    await opened.getByTestId("checks").waitFor();
    assert.deepEqual((await rowsOf(opened)).map((r) => r[2]), ["pass", "pass", "none"], link);
  }
});
