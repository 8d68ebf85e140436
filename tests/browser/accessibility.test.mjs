// Light and dark themes follow the system; axe-core finds no serious or
// critical violation in either, nor in the embed view.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import AxeBuilder from "@axe-core/playwright";
import { startServer, launchBrowser, openPage, expectDecision } from "./harness.mjs";

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.close(); });

const background = (page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
const luminance = (rgb) => {
  const [r, g, b] = rgb.match(/\d+/g).map(Number);
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
};

test("dark mode follows prefers-color-scheme", async () => {
  const { page: light } = await openPage(browser, `${server.origin}/`, { colorScheme: "light" });
  const { page: dark } = await openPage(browser, `${server.origin}/`, { colorScheme: "dark" });
  assert.ok(luminance(await background(light)) > 0.8, `light background ${await background(light)}`);
  assert.ok(luminance(await background(dark)) < 0.2, `dark background ${await background(dark)}`);
});

for (const [name, path, colorScheme] of [
  ["full page, light", "/", "light"],
  ["full page, dark", "/", "dark"],
  ["embed view", "/?embed", "light"],
]) {
  test(`axe-core: no serious or critical violations (${name})`, async () => {
    const { page } = await openPage(browser, `${server.origin}${path}`, { colorScheme });
    await expectDecision(page, "allowed");
    const { violations } = await new AxeBuilder({ page }).analyze();
    const bad = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    assert.deepEqual(
      bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")})`),
      [],
    );
  });
}

test("keyboard: Tab reaches the examples menu, the request and the editors", async () => {
  const { page } = await openPage(browser, `${server.origin}/`);
  // The toolbar loads after the first decision.
  await page.waitForSelector("[data-testid=examples]");
  const reached = new Set();
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press("Tab");
    reached.add(await page.evaluate(() => {
      const el = document.activeElement;
      return el?.getAttribute("data-testid") ?? el?.getAttribute("aria-label") ?? el?.tagName;
    }));
  }
  assert.ok(reached.has("examples"), "examples menu");
  assert.ok([...reached].some((r) => r?.startsWith?.("Policy document")), `an editor among ${[...reached]}`);
});
