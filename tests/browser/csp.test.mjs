// The page's Content-Security-Policy (issue 13): the built page carries it,
// everyday use never trips it, and it does what it is there for: an injected
// inline script does not run, and nothing reaches another origin.
// The embedding example page has its own policy, which its use never trips.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { join } from "node:path";
import { startServer, launchBrowser, expectDecision, policyEditor, DIST } from "./harness.mjs";

let server, other, browser;
/** The paths the other origin was asked for. */
const otherHits = [];
before(async () => {
  server = await startServer();
  // Another origin, as a third-party host would be: it answers everything, and counts.
  const counting = createServer((req, res) => { otherHits.push(req.url); res.end("x"); });
  await new Promise((resolve) => counting.listen(0, "127.0.0.1", resolve));
  other = {
    origin: `http://127.0.0.1:${counting.address().port}`,
    close: () => new Promise((resolve) => { counting.closeAllConnections(); counting.close(resolve); }),
  };
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
  await other?.close();
});

/** A page whose every frame records its CSP violations in `window.__violations`. */
async function watchedPage() {
  const context = await browser.newContext();
  await context.addInitScript(() => {
    window.__violations = [];
    document.addEventListener("securitypolicyviolation", (e) => {
      window.__violations.push({ directive: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample });
    });
  });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  return { page, context, errors };
}

/** The violations every frame of `page` has recorded. */
async function violations(page) {
  const all = [];
  for (const frame of page.frames()) {
    all.push(...(await frame.evaluate(() => window.__violations ?? []).catch(() => [])));
  }
  return all;
}

/** The policy's directives, from a page's text: Map(name -> sources). */
function directivesOf(html) {
  const meta = html.match(/<meta[^>]*http-equiv="?Content-Security-Policy"?[^>]*>/i);
  assert.ok(meta, "a CSP <meta>");
  const content = meta[0].match(/content="([^"]*)"/i)[1];
  return new Map(content.split(";").map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([k, ...v]) => [k, v]));
}

test("the built page carries a policy with no inline script and no other origin", async () => {
  const html = await readFile(join(DIST, "index.html"), "utf8");
  const csp = directivesOf(html);
  assert.deepEqual(csp.get("default-src"), ["'self'"]);
  assert.deepEqual(csp.get("script-src"), ["'self'", "'wasm-unsafe-eval'"]);
  assert.deepEqual(csp.get("connect-src"), ["'self'"]);
  assert.deepEqual(csp.get("object-src"), ["'none'"]);
  assert.deepEqual(csp.get("base-uri"), ["'none'"]);
  for (const [name, sources] of csp) {
    assert.ok(!sources.some((s) => /^(https?:|wss?:|\*|blob:)/.test(s)), `${name} names no other origin: ${sources}`);
    if (name.startsWith("script")) assert.ok(!sources.includes("'unsafe-inline'") && !sources.includes("'unsafe-eval'"), name);
  }
  // Every script of the page is a file.
  for (const [, attrs, body] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    assert.match(attrs, /\bsrc=/, `inline script: ${body.slice(0, 80)}`);
  }
});

test("everyday use trips no violation: load, examples, edits, export, share link, embed view, Embed dialog", async () => {
  const { page, errors } = await watchedPage();
  await page.goto(`${server.origin}/`);
  await page.waitForSelector("[data-testid=decision]", { timeout: 15_000 });
  assert.equal(await page.locator('meta[http-equiv="Content-Security-Policy"]').count(), 1);

  await page.selectOption("[data-testid=examples]", "04-explicit-deny-wins");
  await expectDecision(page, "explicitDeny");
  const editor = policyEditor(page, "no-bucket-deletes");
  await editor.fill((await editor.inputValue()).replace('"Deny"', '"Allow"'));
  await expectDecision(page, "allowed");
  // The editor scrolls its overlay and gutter along (style attributes).
  await editor.evaluate((ta) => { ta.value += "\n".repeat(200); ta.dispatchEvent(new Event("input", { bubbles: true })); });
  await editor.evaluate((ta) => { ta.scrollTop = 400; ta.dispatchEvent(new Event("scroll")); });

  // Export: a download from a blob: URL.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export", exact: true }).click()]);
  assert.equal(download.suggestedFilename(), "scenario.json");

  // The share link: the page rewrites its own fragment, and the link opens elsewhere.
  await page.waitForFunction(() => location.hash.startsWith("#s="));
  await page.waitForTimeout(400);
  const link = page.url();
  const { page: second } = await watchedPage();
  await second.goto(link);
  await expectDecision(second, "allowed");

  // The embed view, and the Embed dialog's measuring iframe.
  const { page: embedded } = await watchedPage();
  await embedded.goto(`${server.origin}/?embed${new URL(link).hash}`);
  await expectDecision(embedded, "allowed");
  await page.getByTestId("embed-open").click();
  await page.waitForSelector("[data-testid=embed-height]:not(:has-text('Measuring'))", { timeout: 15_000 });

  for (const p of [page, second, embedded]) {
    assert.deepEqual(await violations(p), [], `no violation on ${p.url()}`);
  }
  assert.deepEqual(errors, []);
});

test("an injected inline script, handler or eval does not run, and is reported", async () => {
  const { page } = await watchedPage();
  await page.goto(`${server.origin}/`);
  await page.waitForSelector("[data-testid=decision]", { timeout: 15_000 });
  const outcome = await page.evaluate(async () => {
    const script = document.createElement("script");
    script.textContent = "window.__ran = 'inline script'";
    document.body.append(script);
    const holder = document.createElement("div");
    holder.innerHTML = '<img src="data:," onerror="window.__ran = \'handler\'" onload="window.__ran = \'handler\'">';
    document.body.append(holder);
    const link = document.createElement("a");
    link.href = "javascript:window.__ran = 'javascript: URL'";
    document.body.append(link);
    link.click();
    // In a task of the page's own: code run by the test itself may eval.
    const evaluated = await new Promise((resolve) => setTimeout(() => {
      try { resolve(eval("'eval ran'")); } catch (e) { resolve(e.name); }
    }, 0));
    await new Promise((r) => setTimeout(r, 300));
    return { ran: window.__ran ?? null, evaluated };
  });
  assert.deepEqual(outcome, { ran: null, evaluated: "EvalError" });
  const directives = new Set((await violations(page)).map((v) => v.directive));
  for (const d of ["script-src-elem", "script-src-attr", "script-src"]) {
    assert.ok(directives.has(d), `a ${d} violation among ${[...directives]}`);
  }
});

test("nothing reaches another origin: fetch, image, script, frame", async () => {
  const { page } = await watchedPage();
  await page.goto(`${server.origin}/`);
  await page.waitForSelector("[data-testid=decision]", { timeout: 15_000 });
  const fetched = await page.evaluate(async (url) => {
    try { await fetch(`${url}/data`, { mode: "no-cors" }); return "fetched"; } catch (e) { return e.name; }
  }, other.origin);
  assert.equal(fetched, "TypeError", "the fetch is refused");
  const imported = await page.evaluate(async (url) => {
    try { await import(`${url}/module.js`); return "imported"; } catch (e) { return e.name; }
  }, other.origin);
  assert.equal(imported, "TypeError", "the script is refused");
  await page.evaluate((url) => {
    const img = new Image();
    img.src = `${url}/x.png`;
    document.body.append(img);
    const frame = document.createElement("iframe");
    frame.src = `${url}/`;
    document.body.append(frame);
  }, other.origin);
  await page.waitForTimeout(500);
  assert.deepEqual(otherHits, [], "the other origin heard nothing");
  const blocked = (await violations(page)).filter((v) => v.blocked.startsWith(other.origin)).map((v) => v.directive);
  assert.deepEqual(new Set(blocked), new Set(["connect-src", "script-src-elem", "img-src", "frame-src"]));
});

test("the embedding example runs under its own policy", async () => {
  const csp = directivesOf(await readFile(join(DIST, "embed-example.html"), "utf8"));
  assert.ok(!csp.get("script-src").includes("'unsafe-inline'"));
  const { page, errors } = await watchedPage();
  await page.goto(`${server.origin}/embed-example.html`);
  // The postMessage-driven frame answers, and the JS API widget works.
  await page.locator("[data-testid=message-result][data-decision=allowed]").waitFor({ timeout: 15_000 });
  await page.getByTestId("exercise-check").click();
  await page.locator("[data-testid=exercise-verdict]:not(:empty)").waitFor();
  await page.frameLocator("[data-testid=link-frame]").locator("[data-testid=decision]").waitFor({ timeout: 15_000 });
  assert.deepEqual(await violations(page), []);
  assert.deepEqual(errors, []);
});
