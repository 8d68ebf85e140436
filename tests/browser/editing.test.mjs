// Editing re-evaluates without a button; a syntax error is underlined at its
// line, listed, and the page keeps working.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, openPage, expectDecision, fragmentOf, policyEditor } from "./harness.mjs";

const scenario = {
  request: { principal: "arn:aws:iam::111122223333:user/alice", action: "s3:GetObject", resource: "arn:aws:s3:::bucket/key" },
  identityPolicies: [{
    name: "reader",
    document: '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Action": "s3:GetObject",\n      "Resource": "*"\n    }\n  ]\n}',
  }],
};

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.close(); });

test("typing into a policy changes the decision", async () => {
  const { page, errors } = await openPage(browser, `${server.origin}/${fragmentOf(JSON.stringify(scenario))}`);
  await expectDecision(page, "allowed");
  const editor = policyEditor(page, "reader");
  await editor.fill(scenario.identityPolicies[0].document.replace('"Allow"', '"Deny"'));
  await expectDecision(page, "explicitDeny");
  // Typing key by key, too: replace the action's last letter.
  await editor.fill(scenario.identityPolicies[0].document);
  await expectDecision(page, "allowed");
  await editor.focus();
  await editor.press("Control+End");
  await page.keyboard.type("\n");
  await expectDecision(page, "allowed");
  // The request form re-evaluates as well.
  await page.getByLabel("Action", { exact: true }).fill("s3:PutObject");
  await expectDecision(page, "implicitDeny");
  assert.deepEqual(errors, []);
});

test("Enter keeps the line's indent, one level deeper after a bracket, and Ctrl+Z undoes it", async () => {
  const { page, errors } = await openPage(browser, `${server.origin}/${fragmentOf(JSON.stringify(scenario))}`);
  await expectDecision(page, "allowed");
  const editor = policyEditor(page, "reader");
  const original = scenario.identityPolicies[0].document;
  await editor.focus();
  // The caret after line 3's `"Statement": [`.
  await editor.evaluate((ta) => {
    const at = ta.value.indexOf("[") + 1;
    ta.setSelectionRange(at, at);
  });
  await editor.press("Enter");
  await page.keyboard.type('"x"');
  const expected = original.replace('"Statement": [\n', '"Statement": [\n    "x"\n');
  assert.equal(await editor.inputValue(), expected);
  await expectDecision(page, "error");
  // Back to the text as it was: the typed word, then the line break.
  for (let i = 0; i < 5 && (await editor.inputValue()) !== original; i++) await editor.press("Control+z");
  assert.equal(await editor.inputValue(), original);
  await expectDecision(page, "allowed");
  assert.deepEqual(errors, []);
});

test("a syntax error is underlined at its line and the page stays alive", async () => {
  const { page, errors } = await openPage(browser, `${server.origin}/${fragmentOf(JSON.stringify(scenario))}`);
  const broken = scenario.identityPolicies[0].document.replace('"Effect": "Allow",', '"Effect": "Allow"');
  await policyEditor(page, "reader").fill(broken);
  await expectDecision(page, "error");
  // The missing comma is after line 5's value: the error points at line 5 or 6.
  const underlined = await page.locator("[data-testid=policy][data-policy=reader] .ed-hl > span.l").evaluateAll(
    (lines) => lines.map((l, i) => (l.querySelector(".dg-error") ? i + 1 : 0)).filter(Boolean),
  );
  assert.ok(underlined.length > 0, "an underlined span");
  assert.ok(underlined.every((line) => line === 5 || line === 6), `underlined lines ${underlined}`);
  assert.ok(await page.locator(".ed-diags li").count() > 0, "listed under the editor");
  // Fixing it brings the result back.
  await policyEditor(page, "reader").fill(scenario.identityPolicies[0].document);
  await expectDecision(page, "allowed");
  assert.deepEqual(errors, []);
});

test("a keystroke in a 200-statement policy is evaluated and rendered quickly", async (t) => {
  const statements = Array.from({ length: 200 }, (_, i) =>
    `    {\n      "Sid": "S${i}",\n      "Effect": "Allow",\n      "Action": "s3:GetObject",\n      "Resource": "arn:aws:s3:::bucket-${i}/*"\n    }`);
  const document = `{\n  "Version": "2012-10-17",\n  "Statement": [\n${statements.join(",\n")}\n  ]\n}`;
  const big = { ...scenario, request: { ...scenario.request, resource: "arn:aws:s3:::bucket-199/key" },
    identityPolicies: [{ name: "reader", document }] };
  const { page } = await openPage(browser, `${server.origin}/${fragmentOf(JSON.stringify(big))}`);
  await expectDecision(page, "allowed");
  // Time from a keystroke that changes the decision to the new decision on screen.
  const ms = await page.evaluate(async () => {
    const ta = document.querySelector('[data-testid=policy][data-policy=reader] textarea');
    const at = ta.value.lastIndexOf('"Allow"');
    const start = performance.now();
    ta.setRangeText('"Deny" ', at, at + 7);
    ta.dispatchEvent(new InputEvent("input", { bubbles: true }));
    await new Promise((resolve) => {
      const check = () => document.querySelector("[data-testid=decision]")?.dataset.decision === "explicitDeny"
        ? resolve() : requestAnimationFrame(check);
      check();
    });
    return performance.now() - start;
  });
  t.diagnostic(`keystroke to rendered decision: ${ms.toFixed(1)} ms (200 statements)`);
  assert.ok(ms < 250, `took ${ms} ms`);
});

test("typing in the middle of a request field or a context key keeps the caret", async () => {
  const { page } = await openPage(browser, `${server.origin}/${fragmentOf(JSON.stringify(scenario))}`);
  const action = page.getByLabel("Action", { exact: true });
  await action.click();
  await action.press("Home");
  for (let i = 0; i < 3; i++) await action.press("ArrowRight");
  await page.keyboard.type("xy");
  assert.equal(await action.inputValue(), "s3:xyGetObject");
  await page.getByRole("button", { name: "Add context key" }).click();
  const key = page.getByRole("combobox", { name: "Context key", exact: true }).last();
  await key.fill("aws:SourceIp");
  await key.press("End");
  for (let i = 0; i < 2; i++) await key.press("ArrowLeft");
  await page.keyboard.type("--");
  assert.equal(await key.inputValue(), "aws:Source--Ip");
});
