// The assist module (dist/assist/: policy checks, the AWS action catalog,
// the access summary) loads after the first decision, from the page's own
// origin; then findings are underlined on their line and listed with their
// AWS page, `s3:Get` completes in a listbox, a wildcard expands by access
// level under the pointer or at the caret, each statement's access levels
// show, and the access summary decides every S3 action by evaluation.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { startServer, launchBrowser, openPage, expectDecision, fragmentOf, policyEditor, RESULTS } from "./harness.mjs";

const doc = (statement) => `{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n${statement}\n    }\n  ]\n}`;
const scenario = {
  request: { principal: "arn:aws:iam::111122223333:user/alice", action: "s3:GetObject", resource: "arn:aws:s3:::bucket/key" },
  identityPolicies: [{
    name: "reader",
    document: doc('      "Effect": "Allow",\n      "Action": "s3:Get*",\n      "Resource": "*"'),
  }],
};

let server, browser;
before(async () => { await mkdir(RESULTS, { recursive: true }); server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.close(); });

/** The page, once the assist module is ready (each policy then offers its access levels). */
async function openAssisted() {
  const opened = await openPage(browser, `${server.origin}/${fragmentOf(JSON.stringify(scenario))}`);
  await expectDecision(opened.page, "allowed");
  await opened.page.waitForSelector("[data-testid=statement-levels]", { timeout: 15_000 });
  return opened;
}

/** The overlay line (1-based) holding an underline of a finding. */
async function underlinedLines(page, name) {
  return page.locator(`[data-testid=policy][data-policy="${name}"] .ed-hl`).evaluate((pre) =>
    [...pre.children].filter((el) => el.classList.contains("l"))
      .map((line, i) => (line.querySelector(".dg") ? i + 1 : 0)).filter(Boolean));
}

test("the assist module loads after the decision, from the page's own origin", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const requests = [];
  page.on("request", (r) => requests.push(r.url()));
  await page.goto(`${server.origin}/${fragmentOf(JSON.stringify(scenario))}`);
  await page.waitForSelector("[data-testid=decision]");
  await page.waitForSelector("[data-testid=statement-levels]", { timeout: 15_000 });
  const assist = requests.filter((u) => u.includes("/assist/"));
  assert.deepEqual(assist.map((u) => new URL(u).pathname).sort(), ["/assist/assist-boot.js", "/assist/iamsim_assist.js", "/assist/iamsim_assist_bg.wasm"]);
  assert.ok(assist.every((u) => u.startsWith(server.origin)));
  await context.close();
});

test("a finding is underlined on its line and listed with its help and AWS page", async () => {
  const { page, errors } = await openAssisted();
  const editor = policyEditor(page, "reader");
  // admin-access: Allow of * on *, reported on the statement (line 4 on).
  await editor.fill(doc('      "Effect": "Allow",\n      "Action": "*",\n      "Resource": "*"'));
  const finding = page.locator('[data-testid=policy][data-policy="reader"] [data-testid=findings] li', { hasText: "admin-access" });
  await finding.waitFor();
  const text = await finding.innerText();
  assert.match(text, /Help: /);
  const href = await finding.locator("a").getAttribute("href");
  assert.match(href, /^https:\/\/docs\.aws\.amazon\.com\/IAM\//);
  const at = await finding.locator(".ed-diag-at").innerText();
  const line = Number(/(\d+):\d+/.exec(at)[1]);
  assert.ok((await underlinedLines(page, "reader")).includes(line), `line ${line} underlined`);
  // A close variant without the finding: the list empties, no underline.
  await editor.fill(scenario.identityPolicies[0].document);
  await finding.waitFor({ state: "detached" });
  assert.deepEqual(errors, []);
});

test("typing s3:Get in an Action lists completions; Enter takes the chosen one", async () => {
  const { page, errors } = await openAssisted();
  const editor = policyEditor(page, "reader");
  const empty = doc('      "Effect": "Allow",\n      "Action": "",\n      "Resource": "*"');
  await editor.fill(empty);
  const inside = empty.indexOf('"Action": "') + '"Action": "'.length;
  await editor.evaluate((ta, at) => { ta.focus(); ta.setSelectionRange(at, at); }, inside);
  await page.keyboard.type("s3:Get");
  const listbox = page.locator("[data-testid=completions]");
  await listbox.waitFor();
  const options = await listbox.locator("[role=option]").allInnerTexts();
  assert.ok(options.some((o) => o.startsWith("s3:GetObject")), options.join(", "));
  assert.ok(options.every((o) => o.startsWith("s3:Get")));
  assert.equal(await editor.getAttribute("aria-autocomplete"), "list");
  assert.equal(await editor.getAttribute("aria-controls"), await listbox.getAttribute("id"));
  const active = await editor.getAttribute("aria-activedescendant");
  assert.equal(await page.locator(`#${active}`).getAttribute("aria-selected"), "true");
  await page.keyboard.press("ArrowDown");
  const chosen = (await page.locator(`#${await editor.getAttribute("aria-activedescendant")} .ed-opt-name`).innerText());
  await page.keyboard.press("Enter");
  await listbox.waitFor({ state: "hidden" });
  assert.ok((await editor.inputValue()).includes(`"Action": "${chosen}"`));
  // The request form's action field completes from the same catalog.
  await page.getByLabel("Action", { exact: true }).fill("s3:PutObj");
  const suggested = await page.locator("#action-completions option").evaluateAll((os) => os.map((o) => o.value));
  assert.ok(suggested.includes("s3:PutObject"), suggested.join(", "));
  assert.deepEqual(errors, []);
});

test("a wildcard expands by access level under the pointer and at the caret", async () => {
  const { page, errors } = await openAssisted();
  const editor = policyEditor(page, "reader");
  const text = scenario.identityPolicies[0].document;
  const at = text.indexOf("s3:Get*") + 3;
  const lines = text.slice(0, at).split("\n");
  // Over the pattern: the probe gives the text's origin and a character's width.
  const point = await page.locator('[data-testid=policy][data-policy="reader"] .ed-probe').evaluate((probe, [line, column]) => {
    const r = probe.getBoundingClientRect();
    const lineHeight = parseFloat(getComputedStyle(probe.closest(".ed-body")).getPropertyValue("--ed-lh"));
    return { x: r.x + (column + 0.5) * (r.width / 10), y: r.y + (line + 0.5) * lineHeight };
  }, [lines.length - 1, lines.at(-1).length]);
  await page.mouse.move(point.x, point.y);
  const expansion = page.locator("[data-testid=expansion]");
  await expansion.waitFor();
  assert.match(await expansion.locator(".ed-expand-head").innerText(), /s3:Get\* grants \d+ actions/);
  const levels = await expansion.locator("section").evaluateAll((s) => s.map((e) => e.dataset.level));
  assert.ok(levels.includes("Read"), levels.join(", "));
  assert.ok(await expansion.getByText("s3:GetObject", { exact: true }).count() > 0);
  await page.screenshot({ path: join(RESULTS, "assist-expansion.png") });
  // Keyboard: the caret inside the pattern shows it too.
  await page.mouse.move(0, 0);
  await expansion.waitFor({ state: "hidden" });
  await editor.evaluate((ta, at) => { ta.focus(); ta.setSelectionRange(at, at); }, at);
  await page.keyboard.press("ArrowRight");
  await expansion.waitFor();
  // Each statement's access levels, as the console summarizes them.
  const levelsBox = page.locator('[data-testid=policy][data-policy="reader"] [data-testid=statement-levels]');
  await levelsBox.locator("summary").click();
  await levelsBox.getByText(/Amazon S3: .*Read \((Full|Limited)/).waitFor();
  assert.deepEqual(errors, []);
});

test("the access summary decides every S3 action by evaluation", async () => {
  const { page, errors } = await openAssisted();
  const summary = page.locator("[data-testid=access-summary]");
  await summary.locator("summary").click();
  const row = (action) => summary.locator("tr", { has: page.locator("code", { hasText: new RegExp(`^${action}$`) }) });
  await row("s3:GetObject").waitFor();
  assert.equal(await row("s3:GetObject").getAttribute("data-decision"), "allowed");
  assert.equal(await row("s3:PutObject").getAttribute("data-decision"), "implicitDeny");
  assert.match(await summary.locator("[data-testid=access-stats]").innerText(), /^\d+ evaluations in [\d.]+ ms/);
  // Filters, and recomputed as the policy changes.
  await summary.locator("select").selectOption("writes");
  await row("s3:GetObject").waitFor({ state: "detached" });
  await policyEditor(page, "reader").fill(doc('      "Effect": "Allow",\n      "Action": "s3:*",\n      "Resource": "*"'));
  await row("s3:PutObject").waitFor();
  await page.screenshot({ path: join(RESULTS, "assist-summary.png"), fullPage: true });
  assert.deepEqual(errors, []);
});

test("without the assist module the page works on and says so quietly", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e));
  await page.route("**/assist/**", (route) => route.abort());
  await page.goto(`${server.origin}/${fragmentOf(JSON.stringify(scenario))}`);
  await expectDecision(page, "allowed");
  await page.locator("[data-testid=assist-note]").waitFor();
  await policyEditor(page, "reader").fill(doc('      "Effect": "Deny",\n      "Action": "*",\n      "Resource": "*"'));
  await expectDecision(page, "explicitDeny");
  assert.equal(await page.locator("[data-testid=findings]").count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});
