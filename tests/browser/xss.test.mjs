// Text never reaches the page as HTML (issue 13). Script tags, event
// handlers and `javascript:` URLs go into every field a scenario has: from a
// share link, typed into the page, in the embed URL's query, and in
// postMessage loads of the embed bridge. Each payload would set
// window.__pwned or open a dialog if it ran; none may, and none may leave an
// element, a handler attribute or a `javascript:` link in the DOM.
// (hostile.test.mjs covers broken and huge links; csp.test.mjs shows the
// Content-Security-Policy would stop a script that got in: this test checks
// that none gets in, whatever the policy.)
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, fragmentOf, policyEditor } from "./harness.mjs";

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.close(); });

const PAYLOADS = [
  '<script>window.__pwned = "script"</script>',
  '<img src=x onerror="window.__pwned = \'img\'">',
  '"><svg onload="window.__pwned = \'svg\'"></svg>',
  "'><iframe src=\"javascript:parent.__pwned = 'iframe'\"></iframe>",
  "javascript:window.__pwned = 'url'//",
  "<a href=\"javascript:alert('link')\">link</a>",
];
const X = PAYLOADS.join(" ");

/** A policy document of text, every string of it a payload. */
const documentText = (effect = "Allow") => JSON.stringify({
  Version: "2012-10-17",
  Id: X,
  Statement: [
    { Sid: "payload", Effect: effect, Action: [X, "s3:GetObject"], Resource: [X, "*"],
      Condition: { StringEquals: { [X]: X }, StringLikeIfExists: { "aws:PrincipalTag/team": [X] } } },
    { Sid: "x", Effect: effect, NotAction: X, NotResource: X, Principal: { AWS: X } },
  ],
}, null, 2);

/** A scenario with a payload in every field it has, and every kind of policy. */
function hostileScenario() {
  const policy = (kind) => ({ name: `${kind} ${X}`, document: documentText() });
  return {
    title: X,
    description: X,
    docs: [{ page: "javascript:window.__pwned='docs'//", heading: X }, { page: X }],
    request: {
      principal: X, action: X, resource: X, resourceAccount: X,
      context: { [X]: X, "aws:PrincipalTag/team": [X, X], "aws:SourceIp": X },
    },
    identityPolicies: [policy("identity"), { ...policy("second"), attachedTo: "group", managed: true },
      { name: "broken " + X, document: `{"Statement": [{"Effect": "${X.replaceAll('"', "'")}"}]}` }],
    resourcePolicy: policy("resource"),
    permissionsBoundary: policy("boundary"),
    sessionPolicy: policy("session"),
    vpcEndpointPolicy: policy("endpoint"),
    serviceControlPolicies: [{ name: X, policies: [policy("scp")] }],
    resourceControlPolicies: [{ name: X, policies: [policy("rcp")] }],
  };
}

/**
 * A scenario like the above with a valid request: the page evaluates it (as a
 * draft: its policies have errors), so the reason and the trace show the
 * payloads it compared.
 */
function evaluatedScenario() {
  const scenario = hostileScenario();
  scenario.request = {
    principal: "arn:aws:iam::111122223333:user/alice", action: "s3:GetObject",
    resource: `arn:aws:s3:::bucket/${X}`, context: { [X]: X, "aws:PrincipalTag/team": [X] },
  };
  scenario.identityPolicies = scenario.identityPolicies.slice(0, 2);
  delete scenario.resourcePolicy;
  return scenario;
}

/** A fresh page that counts dialogs and CSP violations (a blocked payload would show as one). */
async function watchedPage() {
  const context = await browser.newContext();
  await context.addInitScript(() => {
    window.__violations = [];
    document.addEventListener("securitypolicyviolation", (e) => window.__violations.push(e.effectiveDirective));
  });
  const page = await context.newPage();
  const dialogs = [];
  page.on("dialog", (d) => { dialogs.push(d.message()); d.dismiss(); });
  return { page, context, dialogs };
}

/** Asserts that nothing of the payloads runs or lives as markup in `frame` (a page or a frame). */
async function assertInert(frame, dialogs, where) {
  await frame.waitForTimeout?.(300);
  const found = await frame.evaluate(() => ({
    pwned: window.__pwned ?? null,
    violations: window.__violations ?? [],
    handlers: [...document.querySelectorAll("*")].flatMap((el) =>
      [...el.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${el.tagName} ${a.name}`)),
    injected: [...document.querySelectorAll("body img, body svg, body iframe:not([aria-hidden]), body script, body object, body embed")]
      .map((el) => el.outerHTML.slice(0, 80)),
    javascriptUrls: [...document.querySelectorAll("[href], [src], [action], [formaction]")]
      .map((el) => el.getAttribute("href") ?? el.getAttribute("src") ?? el.getAttribute("action") ?? el.getAttribute("formaction"))
      .filter((url) => /^\s*javascript:/i.test(url)),
    foreignLinks: [...document.querySelectorAll("a[href]")].map((a) => a.href)
      .filter((href) => !href.startsWith(location.origin) && !href.startsWith("https://docs.aws.amazon.com/")),
    text: document.body.innerText,
  }));
  assert.equal(found.pwned, null, `${where}: a payload ran`);
  assert.deepEqual(dialogs, [], `${where}: no dialog`);
  assert.deepEqual(found.violations, [], `${where}: nothing even tried to run`);
  assert.deepEqual(found.handlers, [], `${where}: no handler attribute`);
  assert.deepEqual(found.injected, [], `${where}: no injected element`);
  assert.deepEqual(found.javascriptUrls, [], `${where}: no javascript: URL`);
  assert.deepEqual(found.foreignLinks, [], `${where}: links stay on the page or on AWS's docs`);
  return found.text;
}

test("a share link with payloads in every field: shown as text, never run", async () => {
  for (const [label, scenario] of [["invalid request", hostileScenario()], ["evaluated as a draft", evaluatedScenario()]]) {
    const { page, context, dialogs } = await watchedPage();
    await page.goto(`${server.origin}/${fragmentOf(JSON.stringify(scenario))}`);
    await page.waitForSelector("[data-testid=decision], [data-testid=notice]", { timeout: 15_000 });
    const text = await assertInert(page, dialogs, label);
    assert.ok(text.includes('<script>window.__pwned = "script"</script>'), `${label}: the payload is shown as text`);
    if (scenario.request.action === "s3:GetObject") {
      assert.equal(await page.getAttribute("[data-testid=decision]", "data-decision"), "implicitDeny", "evaluated, not refused");
    }
    await context.close();
  }
});

test("payloads typed into the page, then its share link opened", async () => {
  const { page, context, dialogs } = await watchedPage();
  await page.goto(`${server.origin}/`);
  await page.waitForSelector("[data-testid=decision]", { timeout: 15_000 });
  await page.selectOption("[data-testid=examples]", "08-conditions-ip-mfa-region");
  await page.waitForSelector("[data-testid=decision]");
  for (const label of ["Principal", "Action", "Resource", "Resource account"]) {
    await page.getByLabel(label, { exact: true }).fill(X);
  }
  await page.getByLabel("Context key").first().fill(X);
  await page.locator("[data-testid=request] .values input").first().fill(X);
  const panel = page.locator("[data-testid=policy]").first();
  await policyEditor(page, await panel.getAttribute("data-policy")).fill(documentText("Deny"));
  await panel.getByLabel("Name").fill(`typed ${X}`);
  await panel.getByLabel("Name").press("Tab");
  await page.waitForFunction(() => location.hash.startsWith("#s="));
  await page.waitForTimeout(400);
  await assertInert(page, dialogs, "typed");

  const { page: second, context: secondContext, dialogs: secondDialogs } = await watchedPage();
  await second.goto(page.url());
  await second.waitForSelector("[data-testid=decision]", { timeout: 15_000 });
  const text = await assertInert(second, secondDialogs, "typed, then opened by link");
  assert.ok(text.includes(X.split(" ")[0]), "the typed payload came back as text");
  await context.close();
  await secondContext.close();
});

test("payloads in the address: the embed query, origin= and a fragment that is not a link", async () => {
  const link = fragmentOf(JSON.stringify(evaluatedScenario()));
  const addresses = [
    `?embed&origin=${encodeURIComponent("javascript:window.__pwned='origin'")}${link}`,
    `?embed=${encodeURIComponent(X)}&origin=${encodeURIComponent(X)}&${encodeURIComponent(X)}=1${link}`,
    `?${encodeURIComponent(X)}#${encodeURIComponent(X)}`,
    `#s=${encodeURIComponent(X)}`,
    `?embed#${X}`,
  ];
  for (const address of addresses) {
    const { page, context, dialogs } = await watchedPage();
    await page.goto(`${server.origin}/${address}`);
    await page.waitForSelector("[data-testid=decision], [data-testid=notice]", { timeout: 15_000 });
    await assertInert(page, dialogs, address);
    await context.close();
  }
});

test("postMessage loads carrying payloads, from any parent", async () => {
  const { page, context, dialogs } = await watchedPage();
  // A parent page of another origin (about:blank) that frames the embed view with no origin= restriction.
  await page.setContent(`<iframe id="sim" src="${server.origin}/?embed" width="900" height="700"></iframe>`);
  await page.evaluate(() => {
    window.received = [];
    addEventListener("message", (e) => window.received.push(e.data));
  });
  const frame = page.frameLocator("#sim");
  await frame.locator("[data-testid=decision]").waitFor({ timeout: 15_000 });
  const messages = [
    { type: "iamsim:load", scenario: evaluatedScenario() },
    { type: "iamsim:load", scenario: JSON.stringify(hostileScenario()) },
    { type: "iamsim:load", scenario: X },
    { type: X, scenario: X },
    X,
  ];
  for (const message of messages) {
    await page.evaluate((m) => document.getElementById("sim").contentWindow.postMessage(m, "*"), message);
    await page.waitForTimeout(300);
  }
  const simFrame = page.frames().find((f) => f.url().startsWith(server.origin));
  const text = await assertInert(simFrame, dialogs, "embed frame after postMessage loads");
  assert.ok(text.includes('<script>window.__pwned = "script"</script>'), "a loaded payload is shown as text");
  assert.equal(await page.evaluate(() => window.__pwned ?? null), null, "nothing ran in the parent either");
  // The replies are data: the parent heard a result and an error, and still nothing ran.
  const types = await page.evaluate(() => window.received.map((m) => m.type));
  assert.ok(types.includes("iamsim:error"), `replies: ${types}`);
  await context.close();
});
