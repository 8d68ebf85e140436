// Every policy kind can be added, edited and removed; unused kinds stay
// folded behind their "Add ..." button; the resource policy of
// sts:AssumeRole* on a role is titled "Trust policy".
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, openPage, expectDecision } from "./harness.mjs";

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.close(); });

const ADD_BUTTONS = [
  ["Add a resource policy", "Resource policy"],
  ["Add a permissions boundary", "Permissions boundary"],
  ["Add a session policy", "Session policy"],
  ["Add a VPC endpoint policy", "VPC endpoint policy"],
  ["Add service control policies", "Root policy"],
  ["Add resource control policies", "Root policy"],
  ["Add an identity policy", "Identity policy"],
];

test("each kind is added, evaluated, and removed", async () => {
  const { page, errors } = await openPage(browser, `${server.origin}/`);
  await page.selectOption("[data-testid=examples]", "02-least-privilege-2-service");
  await expectDecision(page, "allowed");
  for (const [button, heading] of ADD_BUTTONS) {
    const before = await page.locator("[data-testid=policy]").count();
    await page.getByRole("button", { name: button }).click();
    assert.equal(await page.locator("[data-testid=policy]").count(), before + 1, button);
    const added = page.locator("[data-testid=policy]").filter({ has: page.getByRole("heading", { name: heading }) }).last();
    // Edit the new policy: the page keeps evaluating.
    await added.locator("textarea").fill('{"Version": "2012-10-17", "Statement": []}');
    await page.waitForSelector("[data-testid=decision]");
    if (!button.startsWith("Add an identity")) {
      assert.equal(await page.getByRole("button", { name: button }).count(), 0, `${button} folds away while in use`);
    }
  }
  // A boundary with no statement denies implicitly.
  await expectDecision(page, "implicitDeny");
  const names = await page.locator("[data-testid=policy]").evaluateAll((ps) => ps.map((p) => p.dataset.policy));
  for (const name of names.slice(1)) {
    await page.getByRole("button", { name: `Remove ${name}`, exact: true }).click();
  }
  // An organization level without any policy allows nothing: remove the levels too.
  await expectDecision(page, "implicitDeny");
  while (await page.getByRole("button", { name: "Remove level Root" }).count()) {
    await page.getByRole("button", { name: "Remove level Root" }).first().click();
  }
  await expectDecision(page, "allowed");
  assert.equal(await page.getByRole("button", { name: "Add a permissions boundary" }).count(), 1);
  assert.deepEqual(errors, []);
});

test("the resource policy is the trust policy for sts:AssumeRole on a role", async () => {
  const { page } = await openPage(browser, `${server.origin}/`);
  await page.selectOption("[data-testid=examples]", "05-lambda-trust-policy");
  await expectDecision(page, "allowed");
  const heading = (name) => page.locator(".policies").getByRole("heading", { name, exact: true });
  assert.equal(await heading("Trust policy").count(), 1);
  await page.getByLabel("Action", { exact: true }).fill("s3:GetObject");
  assert.equal(await heading("Resource policy").count(), 1);
});

test("identity policies are renamed and marked as the user's, a group's or the role's", async () => {
  const { page } = await openPage(browser, `${server.origin}/`);
  await page.selectOption("[data-testid=examples]", "04-explicit-deny-wins");
  const panel = page.locator('[data-testid=policy][data-policy="s3-full"]');
  await panel.getByLabel("Attached to").selectOption("role");
  await panel.getByLabel("Type").selectOption("inline");
  await panel.getByLabel("Name").fill("renamed");
  await panel.getByLabel("Name").press("Tab");
  await page.waitForSelector('[data-testid=policy][data-policy="renamed"]');
  await page.waitForFunction(() => location.hash.startsWith("#s="));
  await expectDecision(page, "explicitDeny");
});
