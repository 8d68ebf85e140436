// The assist module (dist/assist/: policy checks, the AWS action catalog,
// the access summary) loads after the first decision, from the page's own
// origin; then findings are underlined on their line and listed with their
// AWS page, `s3:Get` completes in a listbox, a wildcard expands by access
// level under the pointer or at the caret, each statement's access levels
// show, the access summary decides every S3 action by evaluation (on one
// resource, or on each resource type, with its three filters), and the
// editor's size meter counts as AWS does against the policy kind's quota.
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

// A policy that also lists buckets: rows of two resource types.
const listing = {
  ...scenario,
  identityPolicies: [{
    name: "reader",
    document: doc('      "Effect": "Allow",\n      "Action": ["s3:Get*", "s3:ListBucket"],\n      "Resource": "*"'),
  }],
};

let server, browser;
before(async () => { await mkdir(RESULTS, { recursive: true }); server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.close(); });

/** The page, once the assist module is ready (each policy then offers its access levels). */
async function openAssisted(opening = scenario) {
  const opened = await openPage(browser, `${server.origin}/${fragmentOf(JSON.stringify(opening))}`);
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

test("the editor's size meter counts as AWS does, against the quota of the policy's kind", async () => {
  const { page, errors } = await openAssisted(listing);
  const meter = page.locator('[data-testid=policy][data-policy="reader"] [data-testid=size-meter]');
  const text = listing.identityPolicies[0].document;
  const counted = text.replace(/\s+(?=(?:[^"]*"[^"]*")*[^"]*$)/g, "").length;
  assert.equal(Number(await meter.locator("meter").getAttribute("value")), counted, "white space outside strings left out");
  assert.equal(await meter.locator("meter").getAttribute("max"), "6144");
  assert.match((await meter.innerText()).trim(), new RegExp(`^${counted} of 6,144 characters for a managed policy$`));
  // Past the quota: the meter says by how much, and size-limit is listed.
  const many = Array.from({ length: 300 }, (_, i) => `"s3:GetObjectVersion${i}"`).join(", ");
  await policyEditor(page, "reader").fill(doc(`      "Effect": "Allow",\n      "Action": [${many}],\n      "Resource": "*"`));
  await meter.getByText(/ over$/).waitFor();
  await page.locator('[data-testid=policy][data-policy="reader"] [data-testid=findings] li', { hasText: "size-limit" }).waitFor();
  assert.deepEqual(errors, []);
});

test("the access summary on each resource type, and its three filters", async (t) => {
  const { page, errors } = await openAssisted(listing);
  const summary = page.locator("[data-testid=access-summary]");
  await summary.locator("summary").click();
  const rows = (action) => summary.locator("tr", { has: page.locator("code", { hasText: new RegExp(`^${action}$`) }) });
  const on = (action, type) => rows(action).filter({ has: page.locator("td", { hasText: new RegExp(`^${type}$`) }) });
  await rows("s3:GetObject").waitFor();
  const stats = await summary.locator("[data-testid=access-stats]").innerText();
  const [, evaluations, ms] = /^(\d+) evaluations in ([\d.]+) ms/.exec(stats);
  t.diagnostic(`one resource: ${stats}; ${Math.round((evaluations / ms) * 1000)} evaluations per second`);

  // Each resource type: a row per action and type, decided on an ARN of that type.
  await summary.getByLabel("each resource type").check();
  await summary.getByRole("columnheader", { name: "Resource type" }).first().waitFor();
  assert.equal(await on("s3:GetObject", "object").getAttribute("data-decision"), "allowed");
  assert.equal(await on("s3:ListBucket", "bucket").getAttribute("data-decision"), "allowed");
  assert.equal(await on("s3:PutObject", "object").getAttribute("data-decision"), "implicitDeny");
  assert.ok(await summary.locator("[data-testid=access-resource]").isDisabled(), "no resource to give");
  await summary.locator(".access-types").first().waitFor();
  const typeStats = await summary.locator("[data-testid=access-stats]").innerText();
  assert.match(typeStats, / evaluations in [\d.]+ ms, for each resource type$/);
  const [, typeEvaluations, typeMs] = /^(\d+) evaluations in ([\d.]+) ms/.exec(typeStats);
  t.diagnostic(`each resource type: ${typeStats}; ${Math.round((typeEvaluations / typeMs) * 1000)} evaluations per second`);

  // Allowed only: the denied rows leave.
  const filter = summary.locator("[data-testid=access-filter]");
  await filter.selectOption("allowed");
  await rows("s3:PutObject").first().waitFor({ state: "detached" });
  assert.ok(await rows("s3:GetObject").count() > 0);
  // Writes only: none are allowed yet; then a policy that allows all of S3.
  await filter.selectOption("writes");
  await rows("s3:GetObject").first().waitFor({ state: "detached" });
  await policyEditor(page, "reader").fill(doc('      "Effect": "Allow",\n      "Action": "s3:*",\n      "Resource": "*"'));
  await rows("s3:PutObject").first().waitFor();
  assert.equal(await rows("s3:ListBucket").count(), 0, "List is not a write");
  // Permissions management only.
  await filter.selectOption("permissions");
  await rows("s3:PutBucketPolicy").first().waitFor();
  assert.equal(await rows("s3:PutObject").count(), 0, "Write is not permissions management");
  await page.screenshot({ path: join(RESULTS, "assist-summary-types.png"), fullPage: true });
  assert.deepEqual(errors, []);
});
