// An unexpected failure shows a message, never a blank page: here the
// WebAssembly is damaged in transit.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser } from "./harness.mjs";

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.close(); });

test("a damaged wasm file shows the error message", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.route("**/*.wasm", (route) =>
    route.fulfill({ status: 200, contentType: "application/wasm", body: Buffer.from("not wasm at all") }));
  await page.goto(`${server.origin}/`);
  await page.waitForSelector("#fatal:not([hidden])", { timeout: 10_000 });
  assert.match(await page.textContent("#fatal"), /unexpected error/);
});

// The page's lazily loaded parts (docs/size.md, "Code splitting"): a host
// that lost one of the chunk files must not leave a half-built page in silence.
test("a chunk the host cannot serve shows the error message after the first decision", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const refused = [];
  await page.route("**/*-lazy-split_trace_view_*.wasm", (route) => {
    refused.push(route.request().url());
    return route.fulfill({ status: 404, body: "not found" });
  });
  await page.goto(`${server.origin}/`);
  await page.waitForSelector("#fatal:not([hidden])", { timeout: 10_000 });
  assert.equal(refused.length, 1, "the trace's chunk was asked for once");
  // The main module did its part: the decision was painted before the chunk failed.
  assert.equal(await page.getAttribute("[data-testid=decision]", "data-decision"), "allowed");
  assert.match(await page.textContent("#fatal"), /unexpected error/);
});

test("every lazily loaded part arrives: the toolbar, the intro, the trace", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const chunks = [];
  page.on("requestfinished", (r) => { if (/-lazy-.*\.wasm$/.test(r.url())) chunks.push(r.url()); });
  await page.goto(`${server.origin}/`);
  await page.waitForSelector("[data-testid=examples]");
  await page.waitForSelector(".intro h2");
  await page.waitForSelector(".rv-steps li");
  assert.ok(chunks.length > 0, "the parts came as chunks");
  assert.equal(await page.isHidden("#fatal"), true);
});
