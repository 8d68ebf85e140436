// The embedding kit end to end (issue 4): embed-example.html's three ways
// (an iframe by link, an iframe driven by postMessage, a widget on the JS
// API), the bridge's origin rules, and the page's Embed dialog.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { launchBrowser, policyEditor, startServer } from "./harness.mjs";

let site, other, browser;
before(async () => {
  site = await startServer();
  // A second origin serving the same files: "another site".
  other = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await site?.close();
  await other?.close();
});

const timeout = 15_000;

/** The decision a frame (or page) shows, once it shows `decision`. */
const showsDecision = (frame, decision) =>
  frame.locator(`[data-testid=decision][data-decision=${decision}]`).waitFor({ timeout });

/** A page that collects every uncaught error and console error, its frames' included. */
async function strictPage() {
  // Through a context: axe-core's Playwright binding needs one.
  const page = await (await browser.newContext()).newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console error: ${m.text()}`);
  });
  return { page, problems };
}

/** Records the messages the top page receives, each with the test id (or id) of the frame that sent it. */
async function recordMessages(page) {
  await page.evaluate(() => {
    window.received = [];
    window.addEventListener("message", (e) => {
      const frame = [...document.querySelectorAll("iframe")].find((f) => f.contentWindow === e.source);
      window.received.push({ from: frame?.dataset.testid || frame?.id, data: e.data });
    });
  });
}

/** The messages recorded from frame `from` (an id or a test id), in order. */
const messagesFrom = (page, from) =>
  page.evaluate((from) => window.received.filter((m) => m.from === from).map((m) => m.data), from);

/**
 * Waits until frame `from` has sent a message that `predicate` (source text)
 * accepts. The predicate runs here, in Node: the example page's
 * Content-Security-Policy forbids `new Function` in the page.
 */
async function waitForMessage(page, from, predicate) {
  const accepts = new Function("m", `return ${predicate}`);
  const deadline = Date.now() + timeout;
  while (!(await messagesFrom(page, from)).some((m) => accepts(m))) {
    if (Date.now() > deadline) throw new Error(`no message from ${from} for which ${predicate}`);
    await page.waitForTimeout(50);
  }
}

const report = (bucket) => ({
  request: {
    principal: "arn:aws:iam::111122223333:user/dana",
    action: "s3:GetObject",
    resource: `arn:aws:s3:::${bucket}/2026/q1.csv`,
  },
  identityPolicies: [
    {
      name: "read-own-reports",
      document: {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::finance-reports/*" }],
      },
    },
  ],
});

test("1. an iframe by link shows the linked scenario's decision", async () => {
  const { page, problems } = await strictPage();
  await page.goto(`${site.origin}/embed-example.html`);
  const frame = page.frameLocator("[data-testid=link-frame]");
  await showsDecision(frame, "explicitDeny");
  assert.deepEqual(problems, []);
  await page.context().close();
});

/** The frame's text once it has stopped changing (parts that follow the result a moment later have come). */
async function settledText(frame) {
  let last = await frame.locator("body").innerText();
  for (let tries = 0; tries < 25; tries++) {
    await new Promise((resolve) => setTimeout(resolve, 400));
    const now = await frame.locator("body").innerText();
    if (now === last) return now;
    last = now;
  }
  throw new Error("the frame's text never settled");
}

test("2. an iframe driven by postMessage: loads, results, malformed messages ignored", async () => {
  const { page, problems } = await strictPage();
  await page.goto(`${site.origin}/embed-example.html`);
  const frame = page.frameLocator("[data-testid=message-frame]");
  // The example page loads the allowed scenario once the frame says it is ready.
  await page.locator("[data-testid=message-result][data-decision=allowed]").waitFor({ timeout });
  await showsDecision(frame, "allowed");

  await page.getByTestId("load-denied").click();
  await page.locator("[data-testid=message-result][data-decision=implicitDeny]").waitFor({ timeout });
  await showsDecision(frame, "implicitDeny");

  // Malformed messages: ignored, nothing shown to the reader, nothing sent back.
  await recordMessages(page);
  // The suggestions under the result follow once typing (here: loading) pauses.
  const before = await settledText(frame);
  await page.evaluate(() => {
    const target = document.querySelector("[data-testid=message-frame]").contentWindow;
    for (const junk of [null, 42, "iamsim:load", [], { type: "iamsim:load" }, { type: "iamsim:load", scenario: 7 }, { type: "other", scenario: {} }, { scenario: {} }]) {
      target.postMessage(junk, "*");
    }
  });
  await page.waitForTimeout(500);
  assert.equal(await frame.locator("body").innerText(), before, "the reader sees no change");
  assert.equal(await frame.getByRole("alert").count(), 0, "no error shown");
  assert.deepEqual(await messagesFrom(page, "message-frame"), []);

  // A well-formed load of a scenario that is not valid: the author hears why; the reader sees nothing.
  await page.evaluate(() => {
    const target = document.querySelector("[data-testid=message-frame]").contentWindow;
    target.postMessage({ type: "iamsim:load", scenario: "{ not json" }, "*");
  });
  await waitForMessage(page, "message-frame", "true");
  const [rejected] = await messagesFrom(page, "message-frame");
  assert.equal(rejected.type, "iamsim:error");
  assert.equal(typeof rejected.message, "string");
  assert.equal(await frame.locator("body").innerText(), before);

  // The bridge still works: a load as JSON text, answered with the result fields.
  await page.evaluate((s) => {
    window.received = [];
    document.querySelector("[data-testid=message-frame]").contentWindow.postMessage({ type: "iamsim:load", scenario: JSON.stringify(s) }, "*");
  }, report("finance-reports"));
  await waitForMessage(page, "message-frame", 'm.type === "iamsim:result"');
  const result = (await messagesFrom(page, "message-frame")).find((m) => m.type === "iamsim:result");
  assert.equal(result.decision, "allowed");
  assert.equal(typeof result.reason, "string");
  assert.deepEqual(result.matchedStatements.map((m) => [m.policy, m.statementIndex]), [["read-own-reports", 0]]);
  assert.deepEqual(result.missingContextKeys, []);

  // The reader's own edits inside the frame: each evaluation is reported, a broken policy as a failure.
  await page.evaluate(() => (window.received = []));
  const editor = policyEditor(frame, "read-own-reports");
  const text = await editor.inputValue();
  await editor.fill(text.replace('"s3:GetObject"', '"s3:GetObject",'));
  await waitForMessage(page, "message-frame", 'm.type === "iamsim:failure"');
  const failure = (await messagesFrom(page, "message-frame")).find((m) => m.type === "iamsim:failure");
  assert.ok(failure.errors.length > 0 && failure.errors.every((e) => e.line > 0 && e.severity), JSON.stringify(failure));
  await editor.fill(text.replace('"s3:GetObject"', '"s3:Get*"'));
  await waitForMessage(page, "message-frame", 'm.type === "iamsim:result" && m.decision === "allowed"');
  assert.deepEqual(problems, []);
  await page.context().close();
});

test("2b. origin rules: with origin= only that origin drives the frame and hears it", async () => {
  const { page, problems } = await strictPage();
  await page.goto(`${site.origin}/embed-example.html`);
  await recordMessages(page);
  const addFrame = (id, allowed) =>
    page.evaluate(
      ([id, src]) =>
        new Promise((resolve) => {
          const f = document.createElement("iframe");
          f.id = id;
          f.src = src;
          f.onload = resolve;
          document.body.append(f);
        }),
      [id, `${site.origin}/?embed&origin=${encodeURIComponent(allowed)}`],
    );
  await addFrame("locked-elsewhere", other.origin);
  await addFrame("locked-here", site.origin);
  const send = (id, s) =>
    page.evaluate(([id, s]) => document.getElementById(id).contentWindow.postMessage({ type: "iamsim:load", scenario: s }, "*"), [id, s]);

  // This page is not the allowed origin: its loads are ignored.
  const locked = page.frameLocator("#locked-elsewhere");
  await locked.locator("[data-testid=decision]").waitFor({ timeout });
  await page.frameLocator("#locked-here").locator("[data-testid=decision]").waitFor({ timeout });
  const shown = await settledText(locked);
  await send("locked-elsewhere", report("hr-reports"));
  await page.waitForTimeout(1000);
  assert.equal(await locked.locator("body").innerText(), shown, "a load from another origin changes nothing");

  // The allowed origin: loads work and results arrive.
  await waitForMessage(page, "locked-here", 'm.type === "iamsim:ready"');
  await send("locked-here", report("hr-reports"));
  await showsDecision(page.frameLocator("#locked-here"), "implicitDeny");
  await waitForMessage(page, "locked-here", 'm.type === "iamsim:result" && m.decision === "implicitDeny"');
  // The frame locked to the other origin never wrote to this page.
  assert.deepEqual(await messagesFrom(page, "locked-elsewhere"), []);
  // Chromium reports each message it dropped for the wrong origin; nothing else may go wrong.
  const dropped = /target origin provided \('http:\/\/127\.0\.0\.1:\d+'\) does not match/;
  assert.deepEqual(problems.filter((p) => !dropped.test(p)), []);
  await page.context().close();
});

test("3. a widget on the JS API: the exercise checks the reader's policy", async () => {
  const { page, problems } = await strictPage();
  await page.goto(`${site.origin}/embed-example.html`);
  const check = page.getByTestId("exercise-check");
  const verdict = page.getByTestId("exercise-verdict");
  await page.waitForFunction(() => !document.querySelector("[data-testid=exercise-check]").disabled, null, { timeout });

  await check.click();
  assert.match(await verdict.innerText(), /^Not yet: implicitly denied/);

  const policy = page.getByTestId("exercise-policy");
  await policy.fill((await policy.inputValue()).replace('"s3:GetObject"', '"s3:PutObject"'));
  await check.click();
  assert.equal(await verdict.innerText(), "Allowed. Well done!");

  await policy.fill('{\n  "Version": "2012-10-17",\n  "Statement": [\n}');
  await check.click();
  assert.match(await verdict.innerText(), /^Not a valid policy: line \d+, column \d+: /);
  assert.deepEqual(problems, []);
  await page.context().close();
});

test("the Embed dialog writes an iframe snippet, measured to fit, that shows the same scenario", async () => {
  const { page, problems } = await strictPage();
  // Open the full page on the example's linked scenario.
  await page.goto(`${site.origin}/embed-example.html`);
  const linked = await page.getByTestId("link-frame").getAttribute("src");
  await page.goto(new URL(linked.replace("?embed", ""), `${site.origin}/embed-example.html`).href);
  await page.getByTestId("embed-open").click();
  await page.getByRole("dialog").waitFor({ timeout });
  assert.equal(await page.evaluate(() => document.activeElement.dataset.testid), "embed-snippet", "the snippet has the focus");
  // The preview evaluates, then the dialog measures it.
  const heightText = page.getByTestId("embed-height");
  await page.waitForFunction(() => /^Height: \d+ px/.test(document.querySelector("[data-testid=embed-height]").textContent), null, { timeout });
  const [, measured, width] = (await heightText.innerText()).match(/^Height: (\d+) px, the whole view at (\d+) px wide/);
  const snippet = await page.getByTestId("embed-snippet").inputValue();
  const [, src, height] = snippet.match(/^<iframe src="([^"]+)" title="IAM policy simulator: An explicit deny wins" width="100%" height="(\d+)"/);
  assert.ok(src.startsWith(`${site.origin}/?embed#s=`), src);
  assert.equal(height, measured);
  const { violations } = await new AxeBuilder({ page }).include("[data-testid=embed-dialog]").analyze();
  const serious = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  assert.deepEqual(serious.map((v) => `${v.id}: ${v.help}`), [], "the open dialog passes axe-core");

  // The snippet, pasted into another site's page at the measured width, shows the scenario without a scrollbar.
  // (A plain lesson page: embed-example.html's own Content-Security-Policy frames only its own origin.)
  const lessonDir = await mkdtemp(join(tmpdir(), "lesson-"));
  await writeFile(join(lessonDir, "index.html"), "<!doctype html><html lang=en><title>A lesson</title><link rel=icon href=data:,><body><h1>A lesson</h1></body></html>");
  const lesson = await startServer(lessonDir);
  await page.goto(`${lesson.origin}/`);
  await page.evaluate(
    ([html, width]) => {
      const box = document.createElement("div");
      box.style.width = `${width}px`;
      box.innerHTML = html.replace("<iframe ", '<iframe id="pasted" ');
      document.body.prepend(box);
    },
    [snippet, Number(width) + 2],
  );
  const pasted = page.frameLocator("#pasted");
  await showsDecision(pasted, "explicitDeny");
  const inner = await pasted.locator("html").evaluate((html) => [html.scrollHeight, html.clientHeight]);
  assert.ok(inner[0] <= inner[1], `content ${inner[0]} px fits the frame's ${inner[1]} px`);

  await lesson.close();
  await rm(lessonDir, { recursive: true });

  // Escape closes the dialog and gives the focus back to the button.
  await page.goto(src.replace("?embed", ""));
  await page.getByTestId("embed-open").click();
  await page.getByRole("dialog").waitFor({ timeout });
  await page.keyboard.press("Escape");
  assert.equal(await page.getByRole("dialog").count(), 0, "Escape closes the dialog");
  assert.equal(await page.evaluate(() => document.activeElement.dataset.testid), "embed-open");
  assert.deepEqual(problems, []);
  await page.context().close();
});
