// The page makes no request beyond its own files, and none after it loads:
// no fonts, analytics or CDN. Its own files include the assist module
// (assist/assist-boot.js, assist/iamsim_assist.js and its wasm: the policy checks and the AWS
// catalog), fetched once right after the first decision is painted, before
// the page settles; nothing is fetched while the page is used. It also
// measures how long it takes to show a decision.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, expectDecision } from "./harness.mjs";

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.close(); });

test("only the page's own origin, and nothing after load", async (t) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const requests = [];
  let loaded = false;
  const late = [];
  page.on("request", (r) => { requests.push(r.url()); if (loaded) late.push(r.url()); });
  await page.goto(`${server.origin}/`, { waitUntil: "load" });
  await page.waitForSelector("[data-testid=decision]");
  const ms = await page.evaluate(() => performance.now());
  t.diagnostic(`decision shown ${Math.round(ms)} ms after navigation start`);
  await page.waitForLoadState("networkidle");
  const assist = requests.filter((u) => u.includes("/assist/")).map((u) => new URL(u).pathname).sort();
  assert.deepEqual(assist, ["/assist/assist-boot.js", "/assist/iamsim_assist.js", "/assist/iamsim_assist_bg.wasm"], "the assist module, once, before the page settles");
  loaded = true;
  // Use the page: open examples, edit, share; still nothing goes out.
  await page.selectOption("[data-testid=examples]", "08-conditions-ip-mfa-region");
  await expectDecision(page, "allowed");
  await page.getByLabel("Action", { exact: true }).fill("ec2:StopInstances");
  await expectDecision(page, "implicitDeny");
  await page.waitForTimeout(500);
  const foreign = requests.filter((u) => !u.startsWith(server.origin) && !u.startsWith("data:"));
  assert.deepEqual(foreign, [], "requests to other origins");
  assert.deepEqual(late, [], "requests after load");
});
