// The result links back to the inputs: picking a statement in the trace
// highlights it in its editor; a missing context key is one click from the
// request's context table.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, openPage, expectDecision } from "./harness.mjs";

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.close(); });

const highlightedLines = (page, policy) => page.locator(`[data-testid=policy][data-policy="${policy}"] .ed-hl > span.l`).evaluateAll(
  (lines) => lines.map((l, i) => (l.classList.contains("hl") ? i + 1 : 0)).filter(Boolean));

test("clicking a statement in the trace highlights it in the editor", async () => {
  const { page } = await openPage(browser, `${server.origin}/`);
  await page.selectOption("[data-testid=examples]", "07-boundary-caps-admin");
  await expectDecision(page, "implicitDeny");
  // The identity policy's statement allowed, but did not decide: not highlighted yet.
  assert.deepEqual(await highlightedLines(page, "AdministratorAccess"), []);
  await page.locator(".rv-stmt-head").first().click();
  await page.waitForFunction(() =>
    document.querySelector('[data-testid=policy][data-policy="AdministratorAccess"] .ed-hl > span.l.hl'));
  const lines = await highlightedLines(page, "AdministratorAccess");
  assert.equal(lines[0], 4, `highlighted ${lines}`);
});

test("a missing context key is added to the context with one click", async () => {
  const { page } = await openPage(browser, `${server.origin}/`);
  await page.selectOption("[data-testid=examples]", "08-conditions-ip-mfa-region");
  await expectDecision(page, "allowed");
  await page.getByRole("button", { name: "Remove aws:SourceIp" }).click();
  await expectDecision(page, "implicitDeny");
  await page.getByRole("button", { name: "Add aws:SourceIp to the request context" }).click();
  const value = page.getByLabel("Value 1 of aws:SourceIp");
  await value.fill("203.0.113.7");
  await expectDecision(page, "allowed");
});
