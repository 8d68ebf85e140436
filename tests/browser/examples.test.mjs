// Every example of the menu opens and shows the decision its file expects
// (the same files the conformance tests check against AWS's documentation).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, openPage, expectDecision, decisionOf, examples } from "./harness.mjs";

let server, browser, page;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  ({ page } = await openPage(browser, `${server.origin}/`));
});
after(async () => { await browser?.close(); await server?.close(); });

test("the menu lists every example file", async () => {
  // The toolbar loads after the first decision.
  await page.waitForFunction(() => document.querySelectorAll("[data-testid=examples] option").length > 1);
  const values = await page.locator("[data-testid=examples] option").evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
  assert.deepEqual(values, (await examples()).map((e) => e.id));
});

for (const { id, scenario } of await examples()) {
  test(`example ${id} shows ${scenario.expect.decision}`, async () => {
    await page.selectOption("[data-testid=examples]", id);
    await page.waitForFunction((title) => document.querySelector(".intro h2")?.textContent === title, scenario.title);
    try {
      await expectDecision(page, scenario.expect.decision);
    } catch {
      assert.equal(await decisionOf(page), scenario.expect.decision, `${id}: ${scenario.title}`);
    }
  });
}
