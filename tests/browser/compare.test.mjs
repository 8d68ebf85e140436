// A policy compared with a new version on the page: the requests whose
// decision the new version changes, with their action and resource.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { startServer, launchBrowser, openPage, expectDecision, fragmentOf, RESULTS } from "./harness.mjs";

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.close(); });

const scenario = {
  request: { principal: "arn:aws:iam::111122223333:user/alice", action: "s3:GetObject", resource: "arn:aws:s3:::b/k" },
  identityPolicies: [{
    name: "p",
    document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: "arn:aws:s3:::b/*" }] },
  }],
};

test("a new version of a policy with one more action lists exactly that action as newly allowed", async () => {
  const { page, errors } = await openPage(browser, `${server.origin}/${fragmentOf(JSON.stringify(scenario))}`);
  await expectDecision(page, "allowed");
  const panel = page.locator('[data-testid=policy][data-policy="p"]');
  await panel.getByRole("button", { name: "Compare with a new version" }).click();
  const newVersion = page.getByRole("textbox", { name: "New version of p" });
  const next = structuredClone(scenario.identityPolicies[0].document);
  next.Statement[0].Action.push("s3:DeleteObject");
  await newVersion.fill(JSON.stringify(next, null, 2));
  const allowed = page.locator("[data-testid=newly-allowed] [data-testid=changed-request]");
  await allowed.first().waitFor();
  const rows = await allowed.allTextContents();
  assert.ok(rows.length > 0);
  assert.ok(rows.every((r) => r.startsWith("s3:DeleteObject on arn:aws:s3:::b/")), rows.join("\n"));
  assert.equal(await page.locator("[data-testid=newly-denied]").count(), 0);
  await page.screenshot({ path: join(RESULTS, "whatif-compare.png"), fullPage: true });
  // The current version is untouched until the new one is taken.
  const current = page.getByRole("textbox", { name: "Policy document: p" });
  assert.doesNotMatch(await current.inputValue(), /s3:DeleteObject/);
  await page.getByRole("button", { name: "Use the new version" }).click();
  assert.match(await current.inputValue(), /s3:DeleteObject/);
  assert.equal(await page.locator("[data-testid=compare]").count(), 0);
  assert.deepEqual(errors, []);
});

test("with the assist module's catalog, a wildcard's actions are compared: s3:* newly allows actions no policy names", async () => {
  const { page, errors } = await openPage(browser, `${server.origin}/${fragmentOf(JSON.stringify(scenario))}`);
  await expectDecision(page, "allowed");
  // The module (and its catalog) is there once it has drawn the editor's size meter.
  await page.locator('[data-testid=policy][data-policy="p"] meter').waitFor();
  const panel = page.locator('[data-testid=policy][data-policy="p"]');
  await panel.getByRole("button", { name: "Compare with a new version" }).click();
  const next = structuredClone(scenario.identityPolicies[0].document);
  next.Statement[0].Action = "s3:*";
  await page.getByRole("textbox", { name: "New version of p" }).fill(JSON.stringify(next, null, 2));
  const allowed = page.locator("[data-testid=newly-allowed] [data-testid=changed-request]");
  await allowed.first().waitFor();
  const actions = new Set((await allowed.allTextContents()).map((r) => r.split(" on ")[0]));
  for (const action of ["s3:DeleteObject", "s3:PutObjectAcl", "s3:DeleteBucket"]) {
    assert.ok(actions.has(action), `${action} among ${actions.size} newly allowed`);
  }
  assert.ok(![...actions].some((a) => a === "s3:GetObject" || a === "s3:PutObject"), "allowed before already");
  assert.ok([...actions].every((a) => a.startsWith("s3:")), "only the service the policies name");
  assert.deepEqual(errors, []);
});
