// Suggestions on the page: a suggestion applied flips the decision (the editors,
// the result and the share link follow) and Undo restores the scenario.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { startServer, launchBrowser, openPage, expectDecision, decisionOf, RESULTS } from "./harness.mjs";

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.close(); });

const texts = (page) => page.locator("[data-testid=policy] textarea").evaluateAll((tas) => tas.map((t) => t.value));

test("a suggestion applied flips the decision, and Undo restores the scenario", async () => {
  const { page, errors } = await openPage(browser, `${server.origin}/`);
  await page.selectOption("[data-testid=examples]", "07-boundary-caps-admin");
  await expectDecision(page, "implicitDeny");
  const suggestion = page.locator("[data-testid=suggestion]").first();
  await suggestion.waitFor();
  // The example's link, written a moment after it opened.
  await page.waitForFunction(() => location.hash.startsWith("#s="));
  const before = { texts: await texts(page), hash: await page.evaluate(() => location.hash) };
  await page.screenshot({ path: join(RESULTS, "whatif-suggestions.png"), fullPage: true });

  await suggestion.getByRole("button", { name: "Apply" }).click();
  await expectDecision(page, "allowed");
  assert.notDeepEqual(await texts(page), before.texts, "the editors show the change");
  // The share link follows (written a moment after the last edit).
  await page.waitForFunction((hash) => location.hash !== hash, before.hash);
  await page.locator(".wi-applied").waitFor();
  await page.screenshot({ path: join(RESULTS, "whatif-applied.png"), fullPage: true });

  await page.getByRole("button", { name: "Undo" }).click();
  await expectDecision(page, "implicitDeny");
  assert.deepEqual(await texts(page), before.texts);
  await page.waitForFunction((hash) => location.hash === hash, before.hash);
  assert.equal(await page.locator(".wi-applied").count(), 0);
  assert.deepEqual(errors, []);
});

test("an allowed request lists the statements its access rests on, and removing one denies it", async () => {
  const { page } = await openPage(browser, `${server.origin}/`);
  await page.selectOption("[data-testid=examples]", "01-least-privilege-1-admin");
  await expectDecision(page, "allowed");
  const suggestion = page.locator("[data-testid=suggestion]").first();
  await suggestion.getByRole("button", { name: "Apply" }).click();
  assert.notEqual(await decisionOf(page), "allowed");
});
