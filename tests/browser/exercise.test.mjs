// Exercise embeds (issue 12): the goal and the progress, the read-only
// policies read-only and the editable one editable, and once every check
// passes, "done" in the frame and the completion message to the host page:
// docs/examples/exercise-host.html, served beside the simulator as its
// comments say, drives the frame as a lesson would.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { cp, mkdtemp, rm } from "node:fs/promises";
import { mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServer, launchBrowser, openPage, fragmentOf, examples, policyEditor, DIST, ROOT, RESULTS } from "./harness.mjs";

let server, browser, site;
before(async () => {
  site = await mkdtemp(join(tmpdir(), "iamsim-exercise-"));
  await cp(DIST, site, { recursive: true });
  for (const file of ["exercise-host.html", "exercise-host.js"]) {
    await cp(join(ROOT, "docs", "examples", file), join(site, file));
  }
  server = await startServer(site);
  browser = await launchBrowser();
  mkdirSync(RESULTS, { recursive: true });
});
after(async () => {
  await browser?.close();
  await server?.close();
  if (site) await rm(site, { recursive: true, force: true });
});

// The solution: reading and writing under monthly/, nothing more.
const SOLVED = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["s3:GetObject", "s3:PutObject"],
      "Resource": "arn:aws:s3:::example-reports/monthly/*"
    }
  ]
}`;

test("the lesson page's exercise reaches done and the host hears it", async () => {
  const context = await browser.newContext({ viewport: { width: 900, height: 1000 } });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e));
  // Every message the frame sends, as the host page receives it.
  await page.addInitScript(() => {
    window.received = [];
    window.addEventListener("message", (e) => window.received.push(e.data));
  });
  await page.goto(`${server.origin}/exercise-host.html`);
  const frame = page.frameLocator("[data-testid=exercise-frame]");
  await frame.getByTestId("goal").waitFor({ timeout: 15_000 });
  assert.match(await frame.getByTestId("goal").innerText(), /^Goal: Make all five checks pass/);
  await page.getByTestId("status").filter({ hasText: "3 of 5 checks pass." }).waitFor();
  assert.equal(await frame.getByTestId("checks-progress").innerText(), "3 of 5 checks pass");
  assert.equal(await frame.getByTestId("exercise-done").count(), 0);
  assert.equal(await page.getByTestId("next").isHidden(), true);

  // Only the exercise's policy is editable: the request is not, nor are the what-if switches.
  assert.equal(await policyEditor(frame, "reports-access").isEditable(), true);
  assert.equal(await frame.getByLabel("Action", { exact: true }).isEditable(), false);
  assert.equal(await frame.getByRole("button", { name: "Add an identity policy" }).isVisible(), false);
  assert.equal(await frame.getByTestId("policy-switch").count(), 0);

  const progressOf = async () => (await page.evaluate(() => window.received)).filter((m) => m?.type === "iamsim:exercise");
  assert.deepEqual((await progressOf()).at(-1), { type: "iamsim:exercise", passed: 3, total: 5, done: false });

  await policyEditor(frame, "reports-access").fill(SOLVED);
  await frame.getByTestId("exercise-done").waitFor();
  assert.equal(await frame.getByTestId("checks-progress").innerText(), "5 of 5 checks pass");
  await page.getByTestId("status").filter({ hasText: "Done: all 5 checks pass." }).waitFor();
  assert.equal(await page.getByTestId("next").isVisible(), true);
  assert.deepEqual((await progressOf()).at(-1), { type: "iamsim:exercise", passed: 5, total: 5, done: true });
  await frame.locator("body").evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(RESULTS, "exercise-done.png"), fullPage: true });

  // Done can turn back: the learner edits again.
  await policyEditor(frame, "reports-access").fill(SOLVED.replace('"s3:PutObject"', '"s3:*"'));
  await page.getByTestId("status").filter({ hasText: "of 5 checks pass." }).waitFor();
  assert.equal(await frame.getByTestId("exercise-done").count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test("an exercise's read-only policies are read-only in the embed, not on the full page", async () => {
  const { scenario } = (await examples()).find((e) => e.id === "03-least-privilege-3-scoped");
  const fragment = fragmentOf(JSON.stringify(scenario));
  const { page } = await openPage(browser, `${server.origin}/?embed${fragment}`, { viewport: { width: 700, height: 900 } });
  await page.getByTestId("goal").waitFor();
  assert.equal(await policyEditor(page, "dev-boundary").isEditable(), false);
  assert.equal(await policyEditor(page, "reports-access").isEditable(), true);
  await page.screenshot({ path: join(RESULTS, "exercise-embed.png"), fullPage: true });

  // The full page is where an author edits the exercise: everything is editable.
  const { page: full } = await openPage(browser, `${server.origin}/${fragment}`);
  await full.getByTestId("goal").waitFor();
  assert.equal(await policyEditor(full, "dev-boundary").isEditable(), true);
});
