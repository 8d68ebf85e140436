// Export downloads the scenario as JSON; importing that file (or any
// scenario file) restores it; a file that is not a scenario shows an error.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { startServer, launchBrowser, openPage, expectDecision, policyEditor } from "./harness.mjs";

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.close(); });

test("export, then import, restores the scenario", async () => {
  const { page } = await openPage(browser, `${server.origin}/`);
  await page.selectOption("[data-testid=examples]", "12-session-policy-narrows-role");
  await expectDecision(page, "implicitDeny");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export", exact: true }).click()]);
  assert.equal(download.suggestedFilename(), "scenario.json");
  const exported = JSON.parse(await readFile(await download.path(), "utf8"));
  assert.equal(exported.sessionPolicy.name, "read-only-session");
  assert.equal(typeof exported.sessionPolicy.document, "string");

  const { page: other } = await openPage(browser, `${server.origin}/`);
  await other.setInputFiles("input[type=file]", await download.path());
  await expectDecision(other, "implicitDeny");
  assert.equal(await policyEditor(other, "read-only-session").inputValue(), exported.sessionPolicy.document);
});

test("a file that is not a scenario shows an error and changes nothing", async () => {
  const { page } = await openPage(browser, `${server.origin}/`);
  await expectDecision(page, "allowed");
  await page.setInputFiles("input[type=file]", { name: "notes.json", mimeType: "application/json", buffer: Buffer.from('{"hello": 1}') });
  await page.waitForSelector("[data-testid=notice]");
  assert.match(await page.textContent("[data-testid=notice]"), /not a valid scenario/);
  await expectDecision(page, "allowed");
});
