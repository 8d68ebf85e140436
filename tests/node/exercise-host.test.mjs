// docs/examples/exercise-host.html's script, the host side of an exercise
// embed (docs/embedding.md), run in Node against a stand-in page: the
// exercise it loads is a valid exercise that starts unsolved, it answers
// `iamsim:ready` with the load, shows `iamsim:exercise` progress and
// unlocks the next lesson on `done`, and ignores every other sender.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import vm from "node:vm";
import { loadApi, root } from "./api.mjs";

const api = await loadApi();
const here = "https://docs.example.com/lessons/exercise-host.html";

/** The script run in a stand-in page; returns what it touched. */
async function host() {
  const elements = {};
  const element = (id) => (elements[id] ??= { id, hidden: id === "next", value: 0, max: 1, textContent: "", className: "" });
  const sent = [];
  const frameWindow = { postMessage: (message, origin) => sent.push({ message, origin }) };
  element("exercise").contentWindow = frameWindow;
  const listeners = [];
  const context = vm.createContext({
    URL,
    URLSearchParams,
    location: new URL(here),
    document: { getElementById: element },
    window: { addEventListener: (type, listener) => type === "message" && listeners.push(listener) },
  });
  const code = await readFile(path.join(root, "docs/examples/exercise-host.js"), "utf8");
  vm.runInContext(code, context);
  const receive = (data, { origin = "https://docs.example.com", source = frameWindow } = {}) =>
    listeners.forEach((l) => l({ data, origin, source }));
  return { elements, sent, receive, exercise: vm.runInContext("exercise", context), frameWindow };
}

test("the host page's exercise is an exercise that starts unsolved", async () => {
  const { exercise, elements } = await host();
  assert.equal(elements.exercise.src, "https://docs.example.com/lessons/?embed&origin=https%3A%2F%2Fdocs.example.com");
  const checks = api.runChecks(exercise);
  assert.equal(checks.type, "checks", JSON.stringify(checks.errors));
  assert.deepEqual([checks.passed, checks.failed, checks.done], [3, 2, false]);
  assert.deepEqual(checks.exercise.editable, ["reports-access"]);
});

test("the host page loads the exercise on ready and reacts to progress and completion", async () => {
  const { elements, sent, receive, exercise } = await host();
  receive({ type: "iamsim:ready" });
  assert.equal(sent.length, 1);
  // Objects of the stand-in page's realm: compared as JSON.
  assert.deepEqual(JSON.parse(JSON.stringify(sent[0])), {
    message: { type: "iamsim:load", scenario: JSON.parse(JSON.stringify(exercise)) },
    origin: "https://docs.example.com",
  });

  receive({ type: "iamsim:exercise", passed: 3, total: 5, done: false });
  assert.deepEqual([elements.progress.value, elements.progress.max], [3, 5]);
  assert.equal(elements.status.textContent, "3 of 5 checks pass.");
  assert.equal(elements.next.hidden, true);

  receive({ type: "iamsim:exercise", passed: 5, total: 5, done: true });
  assert.equal(elements.status.textContent, "Done: all 5 checks pass.");
  assert.equal(elements.next.hidden, false);
  // Edited again after finishing: locked again.
  receive({ type: "iamsim:exercise", passed: 4, total: 5, done: false });
  assert.equal(elements.next.hidden, true);
});

test("the host page ignores other origins, other windows and malformed messages", async () => {
  const { elements, sent, receive } = await host();
  const done = { type: "iamsim:exercise", passed: 5, total: 5, done: true };
  receive(done, { origin: "https://evil.example" });
  receive(done, { source: {} });
  receive({ type: "iamsim:ready" }, { origin: "https://evil.example" });
  for (const junk of [null, "iamsim:ready", 7, { type: "iamsim:unknown" }]) receive(junk);
  assert.equal(elements.next.hidden, true);
  assert.equal(sent.length, 0);
});

test("docs/embedding.md shows the host page as it is in docs/examples/", async () => {
  const doc = await readFile(path.join(root, "docs/embedding.md"), "utf8");
  const js = await readFile(path.join(root, "docs/examples/exercise-host.js"), "utf8");
  const html = await readFile(path.join(root, "docs/examples/exercise-host.html"), "utf8");
  const body = html.slice(html.indexOf("<body>"), html.indexOf("</body>") + "</body>".length);
  assert.ok(doc.includes(js.trim()), "the script");
  assert.ok(doc.includes(body.trim()), "the page's body");
});
