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
