// Hostile share links: script in policies, 5 MB of JSON, broken base64,
// 10,000 levels of nesting. Each shows an error or renders the text inert;
// none runs script, injects an element or hangs the page.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { deflateRawSync } from "node:zlib";
import { startServer, launchBrowser, fragmentOf } from "./harness.mjs";

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.close(); });

const XSS = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 1">';

/** Opens `fragment`; returns the page after it settled, failing on any dialog or injected element. */
async function open(fragment) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const dialogs = [];
  page.on("dialog", (d) => { dialogs.push(d.message()); d.dismiss(); });
  const started = Date.now();
  await page.goto(`${server.origin}/${fragment}`);
  await page.waitForSelector("[data-testid=decision], [data-testid=notice]", { timeout: 10_000 });
  const elapsed = Date.now() - started;
  // Still responsive: the main thread answers.
  assert.equal(await page.evaluate(() => 1 + 1), 2);
  assert.deepEqual(dialogs, [], "no dialog");
  assert.equal(await page.evaluate(() => window.__pwned), undefined, "no script ran");
  assert.equal(await page.locator("img").count(), 0, "no injected element");
  assert.equal(await page.locator("script", { hasText: "__pwned" }).count(), 0, "no injected script");
  return { page, elapsed, context };
}

test("script tags in policies and names stay text", async () => {
  const scenario = {
    title: XSS,
    description: XSS,
    request: { principal: XSS, action: "s3:GetObject", resource: "*", context: { [XSS]: XSS } },
    identityPolicies: [{ name: XSS, document: `{"Statement": [{"Effect": "Allow", "Action": "${XSS.replaceAll('"', "'")}", "Resource": "*"}]}` }],
  };
  const { page } = await open(fragmentOf(JSON.stringify(scenario)));
  await page.waitForTimeout(300);
  assert.ok((await page.textContent(".intro h2")).includes("<script>"), "shown as text");
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
});

test("broken base64 shows an error", async () => {
  const { page } = await open("#s=%%%not*base64!!!");
  assert.match(await page.textContent("[data-testid=notice]"), /link/i);
});

test("not DEFLATE data shows an error", async () => {
  const { page } = await open("#s=" + Buffer.from("plain text, not compressed").toString("base64url"));
  assert.match(await page.textContent("[data-testid=notice]"), /damaged/i);
});

test("5 MB of JSON is refused quickly", async () => {
  const big = JSON.stringify({ request: {}, description: "x".repeat(5 * 1024 * 1024) });
  const fragment = "#s=" + deflateRawSync(Buffer.from(big), { level: 9 }).toString("base64url");
  const { page, elapsed } = await open(fragment);
  assert.match(await page.textContent("[data-testid=notice]"), /1 MiB/);
  assert.ok(elapsed < 8000, `took ${elapsed} ms`);
});

test("10,000 levels of nesting show an error", async () => {
  const deep = `{"request":{},"expect":${"[".repeat(10_000)}${"]".repeat(10_000)}}`;
  const { page } = await open(fragmentOf(deep));
  assert.match(await page.textContent("[data-testid=notice]"), /not a valid scenario/i);
});

test("deep nesting inside a policy document is a diagnostic, not a hang", async () => {
  const scenario = { request: { principal: "arn:aws:iam::111122223333:user/a", action: "s3:GetObject", resource: "*" },
    identityPolicies: [{ name: "deep", document: `{"Statement": ${"[".repeat(10_000)}${"]".repeat(10_000)}}` }] };
  const { page } = await open(fragmentOf(JSON.stringify(scenario)));
  await page.waitForSelector("[data-testid=decision][data-decision=error]");
});

test("a scenario that is valid JSON but not a scenario shows an error", async () => {
  const { page } = await open(fragmentOf('{"request": 42}'));
  assert.match(await page.textContent("[data-testid=notice]"), /not a valid scenario/i);
});
