// `?embed`: the compact view for an iframe in a docs column (600 to 800 px):
// editors and result, no page chrome, a link to the full page; `&readonly`
// for a fixed demonstration.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { inflateRawSync } from "node:zlib";
import { startServer, launchBrowser, openPage, expectDecision, examples, fragmentOf } from "./harness.mjs";

let server, browser, scp, fragment;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  scp = (await examples()).find((e) => e.id === "11-scp-deny-regions").scenario;
  fragment = fragmentOf(JSON.stringify(scp));
});
after(async () => { await browser?.close(); await server?.close(); });

for (const width of [640, 600, 800]) {
  test(`embed view at ${width} px has no horizontal scroll`, async () => {
    const { page } = await openPage(browser, `${server.origin}/?embed${fragment}`, { viewport: { width, height: 800 } });
    await expectDecision(page, "explicitDeny");
    assert.equal(await page.locator(".page-header").count(), 0, "no page chrome");
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `scrolls ${overflow} px sideways`);
    const link = page.getByRole("link", { name: /open in full simulator/i });
    const href = await link.getAttribute("href");
    assert.ok(!href.includes("embed"), "the link opens the full page");
    const linked = JSON.parse(inflateRawSync(Buffer.from(href.split("#s=")[1], "base64url")).toString("utf8"));
    assert.deepEqual(linked.request, scp.request, "the link carries the same scenario");
    assert.deepEqual(linked.serviceControlPolicies.map((l) => l.policies.map((p) => p.name)),
      scp.serviceControlPolicies.map((l) => l.policies.map((p) => p.name)));
  });
}

test("embed=1&readonly shows the scenario without edit controls", async () => {
  const { page } = await openPage(browser, `${server.origin}/?embed=1&readonly${fragment}`, { viewport: { width: 640, height: 800 } });
  await expectDecision(page, "explicitDeny");
  assert.equal(await page.locator("button.add").count(), 0, "no add buttons");
  assert.equal(await page.locator("textarea:not([readonly])").count(), 0, "editors are read-only");
});

test("the full page fits a phone", async () => {
  const { page } = await openPage(browser, `${server.origin}/${fragment}`, { viewport: { width: 375, height: 740 } });
  await expectDecision(page, "explicitDeny");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `scrolls ${overflow} px sideways`);
});
