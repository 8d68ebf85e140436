// Shared by the browser tests: a static server over dist/ on a random free
// port of 127.0.0.1, Debian's headless Chromium through playwright-core (never
// a downloaded browser), share-link encoding, and the example scenarios.
// The page must be built first: `trunk build --release` (scripts/test.sh does).
import { createServer } from "node:http";
import { readFile, readdir, stat } from "node:fs/promises";
import { existsSync } from "node:fs";
import { join, extname, normalize, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { deflateRawSync } from "node:zlib";
import { chromium } from "playwright-core";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const DIST = join(ROOT, "dist");
export const RESULTS = join(ROOT, "tests", "browser", "test-results");

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".wasm": "application/wasm",
  ".css": "text/css",
  ".json": "application/json",
  ".png": "image/png",
};

/** Serves dist/ (or another build's directory); resolves to { origin, close }. */
export async function startServer(dir = DIST) {
  if (!existsSync(join(dir, "index.html"))) {
    throw new Error(`${dir} is not built: run \`trunk build --release\` first`);
  }
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname)).replace(/^(\.\.[/\\])+/, "");
    let file = join(dir, path);
    try {
      if ((await stat(file)).isDirectory()) file = join(file, "index.html");
      const body = await readFile(file);
      res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
      res.end(body);
    } catch {
      res.writeHead(404).end("not found");
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }),
  };
}

/** Headless Debian Chromium; flags keep it from reaching outside hosts. */
export function launchBrowser() {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
  });
}

/** A fresh page of `browser`; resolves once the decision is on screen. */
export async function openPage(browser, url, { viewport, colorScheme } = {}) {
  const context = await browser.newContext({ viewport: viewport ?? { width: 1280, height: 900 }, colorScheme });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e));
  await page.goto(url);
  await page.waitForSelector("[data-testid=decision]", { timeout: 15_000 });
  return { page, context, errors };
}

/** The decision the page shows. */
export async function decisionOf(page) {
  return page.getAttribute("[data-testid=decision]", "data-decision");
}

/** Waits until the page shows `decision`. */
export async function expectDecision(page, decision) {
  await page.waitForSelector(`[data-testid=decision][data-decision=${decision}]`, { timeout: 5_000 });
}

/** The share-link fragment of a scenario JSON text (as the spec says, in Node). */
export function fragmentOf(json) {
  return "#s=" + deflateRawSync(Buffer.from(json, "utf8"), { level: 9 }).toString("base64url");
}

/** The example scenarios: [{ id, scenario }]. */
export async function examples() {
  const dir = join(ROOT, "web", "examples");
  const names = (await readdir(dir)).filter((n) => n.endsWith(".json")).sort();
  return Promise.all(names.map(async (name) => ({
    id: name.replace(/\.json$/, ""),
    scenario: JSON.parse(await readFile(join(dir, name), "utf8")),
  })));
}

/** The textarea of the policy named `name`. */
export function policyEditor(page, name) {
  return page.locator(`[data-testid=policy][data-policy="${name}"] textarea`);
}
