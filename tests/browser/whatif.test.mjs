// What-if (issue 12): a policy or a statement switched off, and on again,
// without deleting it; the decision and the trace follow, the result says
// what was left out and which policy decided, the editor dims what is off,
// and a share link keeps the switches.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { inflateRawSync } from "node:zlib";
import { startServer, launchBrowser, openPage, expectDecision, fragmentOf, RESULTS } from "./harness.mjs";

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); mkdirSync(RESULTS, { recursive: true }); });
after(async () => { await browser?.close(); await server?.close(); });

const panel = (page, name) => page.locator(`[data-testid=policy][data-policy="${name}"]`);
const dimmedLines = (page, name) => panel(page, name).locator(".ed-hl > span.l").evaluateAll(
  (lines) => lines.map((l, i) => (l.classList.contains("off") ? i + 1 : 0)).filter(Boolean));

test("switching the deny statement off flips the decision and says which policy decided", async () => {
  const { page, errors } = await openPage(browser, `${server.origin}/`);
  // Two policies: one allows S3 on the bucket, the other denies deleting it.
  await page.selectOption("[data-testid=examples]", "04-explicit-deny-wins");
  await expectDecision(page, "explicitDeny");
  const deny = panel(page, "no-bucket-deletes");
  const statement = deny.getByRole("checkbox", { name: /^Statement 1 .*\(Deny\)$/ });
  assert.equal(await statement.isChecked(), true);

  await statement.uncheck();
  await expectDecision(page, "allowed");
  const whatif = page.getByTestId("whatif");
  assert.match(await whatif.innerText(), /What-if/);
  assert.match(await whatif.innerText(), /identity policy no-bucket-deletes, statement 1/);
  // Which policy decided: the reason and the deciding statement name the allowing policy.
  assert.match(await page.locator(".rv-reason").innerText(), /identity-based policy s3-full allows/);
  assert.match(await page.locator(".rv-deciders").innerText(), /s3-full: Statement 1 .*\(Allow\)/);
  // The statement switched off is dimmed in its editor; the trace says it is switched off.
  assert.ok((await dimmedLines(page, "no-bucket-deletes")).length > 1);
  const denyStep = page.locator(".rv-steps > li", { hasText: "Explicit deny check" });
  await denyStep.locator("summary").first().click();
  await denyStep.getByText(/switched off \(what-if\)/).waitFor();
  await page.screenshot({ path: join(RESULTS, "whatif-statement-off.png"), fullPage: true });

  // On again: as before, nothing dimmed, no what-if note.
  await statement.check();
  await expectDecision(page, "explicitDeny");
  assert.equal(await whatif.count(), 0);
  assert.deepEqual(await dimmedLines(page, "no-bucket-deletes"), []);
  assert.deepEqual(errors, []);
});

// An allow and a deny, with no `expect` naming them (a renamed policy
// would not be the one `expect` names).
const DENIED = {
  request: { principal: "arn:aws:iam::111122223333:user/alice", action: "s3:DeleteBucket", resource: "arn:aws:s3:::example-reports" },
  identityPolicies: [
    { name: "s3-full", document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }] } },
    { name: "no-bucket-deletes", document: { Version: "2012-10-17", Statement: [{ Effect: "Deny", Action: "s3:DeleteBucket", Resource: "*" }] } },
  ],
};

test("switching a whole policy off, renaming it, and the share link", async () => {
  const { page } = await openPage(browser, `${server.origin}/${fragmentOf(JSON.stringify(DENIED))}`);
  await expectDecision(page, "explicitDeny");
  const deny = panel(page, "no-bucket-deletes");
  await deny.getByTestId("policy-switch").uncheck();
  await expectDecision(page, "allowed");
  assert.match(await page.getByTestId("whatif").innerText(), /identity policy no-bucket-deletes$/m);
  // The whole editor is dimmed, and the statements' toggles wait for the policy.
  const lines = await deny.locator(".ed-hl > span.l").count();
  assert.equal((await dimmedLines(page, "no-bucket-deletes")).length, lines);
  assert.equal(await deny.getByRole("checkbox", { name: /^Statement/ }).count(), 0);

  // A rename takes the switch along: still switched off, no unknown-policy error.
  const name = deny.getByLabel("Name");
  await name.fill("deny-deletes");
  // The name is taken when the field is left.
  await name.press("Tab");
  await expectDecision(page, "allowed");
  assert.match(await page.getByTestId("whatif").innerText(), /identity policy deny-deletes$/m);

  await page.waitForTimeout(400);
  const url = page.url();
  const json = JSON.parse(inflateRawSync(Buffer.from(new URL(url).hash.slice(3), "base64url")).toString("utf8"));
  assert.deepEqual(json.switchedOff, [{ policy: "deny-deletes" }]);
  const { page: second } = await openPage(browser, url);
  await expectDecision(second, "allowed");
  assert.equal(await panel(second, "deny-deletes").getByTestId("policy-switch").isChecked(), false);
  await panel(second, "deny-deletes").getByTestId("policy-switch").check();
  await expectDecision(second, "explicitDeny");
});
