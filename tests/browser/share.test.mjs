// Every edit updates the fragment (replaceState, no history entry per
// keystroke); the link opened in a new page restores the scenario.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { inflateRawSync } from "node:zlib";
import { startServer, launchBrowser, openPage, expectDecision, decisionOf, policyEditor } from "./harness.mjs";

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.close(); });

test("a share link restores the same scenario and decision", async () => {
  const { page } = await openPage(browser, `${server.origin}/`);
  await page.selectOption("[data-testid=examples]", "04-explicit-deny-wins");
  await expectDecision(page, "explicitDeny");
  const editor = policyEditor(page, "no-bucket-deletes");
  const edited = (await editor.inputValue()).replace('"Deny"', '"Allow"');
  await editor.fill(edited);
  await expectDecision(page, "allowed");
  const historyLength = await page.evaluate(() => history.length);
  await page.waitForFunction(() => location.hash.startsWith("#s="));
  // The fragment settles after the last edit.
  await page.waitForTimeout(400);
  const url = page.url();
  assert.equal(await page.evaluate(() => history.length), historyLength, "replaceState, not pushState");

  // The fragment is raw DEFLATE + base64url, readable without the page.
  const json = JSON.parse(inflateRawSync(Buffer.from(new URL(url).hash.slice(3), "base64url")).toString("utf8"));
  assert.equal(json.identityPolicies.find((p) => p.name === "no-bucket-deletes").document, edited);

  const { page: second } = await openPage(browser, url);
  await expectDecision(second, "allowed");
  assert.equal(await policyEditor(second, "no-bucket-deletes").inputValue(), edited);
  assert.equal(await second.getByLabel("Action", { exact: true }).inputValue(), "s3:DeleteBucket");
  assert.equal(await decisionOf(second), await decisionOf(page));
});

test("the share button gives the link", async () => {
  const { page, context } = await openPage(browser, `${server.origin}/`);
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.origin });
  await page.click("[data-testid=share]");
  await page.waitForSelector(".share-status");
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(copied, /^http:\/\/127\.0\.0\.1:\d+\/#s=[A-Za-z0-9_-]+$/);
});
