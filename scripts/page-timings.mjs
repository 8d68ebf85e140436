#!/usr/bin/env node
// Measures the built page (dist/, `trunk build --release` first) in Debian's
// headless Chromium, the way the browser tests run it (tests/browser/harness.mjs:
// a static server on 127.0.0.1, /usr/bin/chromium through playwright-core).
// It is a measuring tool, not a test: it prints figures and asserts nothing
// about time (it does stop if a keystroke loses text or the caret).
//
//   node scripts/page-timings.mjs [--runs N] [--keys K] [--gap MS] [--dist DIR] [--trace FILE] [--json]
//
// (--dist measures another build's directory, e.g. a copy of dist/ kept from
// before a change, under the same conditions.)
//
// Over N page loads (default 10) and K keystrokes per position (default 40)
// it prints the median, p90 and max of:
//
// (a) Page start, a fresh browser context per load (empty cache), for the
//     default page (the first example) and for a link to a 200-statement policy:
//     - wasm fetched: the wasm file's responseEnd (resource timing);
//     - app started: Trunk's `TrunkApplicationStarted` event (wasm instantiated,
//       `main` ran, so the first render and the first evaluation are done);
//     - decision in DOM: the MutationObserver callback that first sees
//       [data-testid=decision];
//     - decision painted, frame: the end of the main thread's work on the frame
//       that first shows it (see "frame" below);
//     - decision painted, presented: the first contentful paint (Paint
//       Timing: the presentation time of that frame), when the decision was
//       in the DOM before it (nothing the page shows before the app mounts is
//       contentful, so that paint is the one that shows the decision; Element
//       Timing would be exact but Chromium reports no text inserted by script
//       after the first paint). This is the page-start figure.
//     All from navigation start (performance.now() of the page).
//
// (b) A keystroke in a 200-statement policy (Playwright's keyboard.press,
//     real trusted key events through the DevTools protocol), typed at three
//     places: in the middle (in statement 100's Resource, which decides: "x"
//     then Backspace, so the decision flips between allowed and implicitDeny
//     every key); in the middle again, in statement 100's Sid (the decision
//     stays allowed: the most common keystroke); and at the end of the text
//     (after the last "}": "x" makes the JSON invalid, Backspace makes it
//     valid, so it flips between error and allowed). Keys are --gap ms apart
//     (default 150, about typing speed); after each, the text and the caret
//     are checked.
//     From the `input` event's timeStamp (when the browser created it):
//     - decision in DOM: the MutationObserver callback that sees the
//       decision banner re-rendered (its data-decision or its text), showing
//       the decision expected;
//     - frame done: the end of the main thread's work on the frame that shows
//       it: a requestAnimationFrame callback (which runs at the start of a
//       frame, once the keystroke's task and microtasks are done; the first
//       one that runs after the decision is in the DOM) posts a
//       MessageChannel message, which runs once that frame's style, layout,
//       paint and commit are done. It includes any wait for the frame to
//       begin (headless Chromium begins one at once when idle; a compositor
//       already producing frames waits for the next vsync, up to 16.7 ms) and
//       not the raster and display that follow on other threads;
//     - frame work: that rAF callback to that message (the frame's style,
//       layout, paint and commit);
//     - presented: Event Timing (PerformanceObserver 'event') durations of the
//       keystroke's events, keydown's hardware timestamp to the presentation
//       of the next frame. The API only reports events of 16 ms or more
//       (rounded to 8 ms): "presented >= 16 ms" counts those keystrokes.
//     Also the main thread's time per keystroke from the DevTools protocol's
//     Performance.getMetrics (script, style recalculation, layout, all tasks),
//     the difference over all the keystrokes of a position divided by K.
//
// Last, the floor: the same keystrokes in a page holding only a textarea.
//
// --trace FILE records a DevTools (Tracing) trace of the middle keystrokes
// (TRACE_PLACE=sid or end for the others; TRACE_CATEGORIES=a,b for other
// categories) into FILE (open it in Perfetto) and prints the renderer main
// thread's time per keystroke by event name.
import { writeFile } from "node:fs/promises";
import { startServer, launchBrowser, fragmentOf } from "../tests/browser/harness.mjs";

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const RUNS = Number(opt("runs", 10));
const KEYS = Number(opt("keys", 40));
const GAP = Number(opt("gap", 150));
const TRACE = opt("trace", null);
const JSON_OUT = args.includes("--json");
const DIST_DIR = opt("dist", undefined);

// The 200-statement policy of tests/browser/editing.test.mjs; statement 100
// decides, so a keystroke in its Resource changes the decision.
const statements = Array.from({ length: 200 }, (_, i) =>
  `    {\n      "Sid": "S${i}",\n      "Effect": "Allow",\n      "Action": "s3:GetObject",\n      "Resource": "arn:aws:s3:::bucket-${i}/*"\n    }`);
const bigDocument = `{\n  "Version": "2012-10-17",\n  "Statement": [\n${statements.join(",\n")}\n  ]\n}`;
const bigScenario = {
  request: { principal: "arn:aws:iam::111122223333:user/alice", action: "s3:GetObject", resource: "arn:aws:s3:::bucket-100/key" },
  identityPolicies: [{ name: "reader", document: bigDocument }],
};
const bigLink = fragmentOf(JSON.stringify(bigScenario));

// Runs in the page before its own scripts: records the page-start marks into
// window.__start, and for every `input` event the marks described above into
// window.__keys. It observes as little as it can (the page's own work is
// measured): the document's child lists until the decision first appears,
// then only the decision's attribute.
function instrument() {
  const marks = (window.__start = {});
  const keys = (window.__keys = []);
  window.__expect = null;
  let current = null;
  const decision = () => document.querySelector("[data-testid=decision]");
  // done(when the frame's rAF callbacks ran, when its rendering was done).
  // (Not the rAF timestamp: that is the frame's begin time, which may come
  // before an input event handled just ahead of the frame.)
  const afterFrame = (done) => requestAnimationFrame(() => {
    const raf = performance.now();
    const ch = new MessageChannel();
    ch.port1.onmessage = () => done(raf, performance.now());
    ch.port2.postMessage(0);
  });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (e.name === "first-contentful-paint") marks.fcp = e.startTime;
  }).observe({ type: "paint", buffered: true });
  // The events of a keystroke (keydown, beforeinput, input, keyup) count for
  // the keystroke whose input event follows them closely or they follow.
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const key = keys.findLast((k) => k.t0 <= e.startTime + 40);
      if (key) key.presented = Math.max(key.presented ?? 0, e.duration);
    }
  }).observe({ type: "event", durationThreshold: 16, buffered: true });
  addEventListener("TrunkApplicationStarted", () => { marks.started = performance.now(); });
  const start = new MutationObserver(() => {
    if (!decision()) return;
    marks.dom = performance.now();
    start.disconnect();
    afterFrame((_, t) => { marks.frame = t; });
    // The result view: the banner's data-decision, and the deciding
    // statements' names (a keystroke in a Sid shows there).
    new MutationObserver(() => {
      if (!current || current.dom !== undefined) return;
      const { decision: d, decider } = current.expect;
      if (decision().dataset.decision !== d) return;
      if (decider && !document.querySelector(".rv-deciders")?.textContent.includes(decider)) return;
      current.dom = performance.now();
    }).observe(decision().parentElement, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ["data-decision"] });
  });
  start.observe(document, { subtree: true, childList: true });
  addEventListener("input", (e) => {
    // Only the keys measured (a rAF loop left running would keep the
    // compositor producing frames, and align every keystroke to them).
    if (!window.__expect) return;
    const key = { t0: e.timeStamp, expect: window.__expect };
    current = key;
    keys.push(key);
    let frames = 0;
    const wait = () => afterFrame((raf, end) => {
      // The frame shows the keystroke only if the decision was in the DOM before it.
      if (key.dom === undefined || key.dom > raf) return ++frames < 60 ? wait() : undefined;
      key.raf = raf;
      key.frame = end;
      key.value = e.target.value;
      key.caret = e.target.selectionStart;
    });
    wait();
  }, true);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Waits for `test` to hold in the page, checking every 100 ms with a plain
// evaluate (waitForFunction would poll on every frame, inside the frames measured).
async function until(page, test, arg) {
  for (let i = 0; i < 150; i++) {
    if (await page.evaluate(test, arg)) return;
    await sleep(100);
  }
  throw new Error(`timed out: ${test}`);
}

const stats = (xs) => {
  const v = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return { n: 0 };
  const q = (p) => v[Math.min(v.length - 1, Math.ceil(p * v.length) - 1)];
  return { n: v.length, median: q(0.5), p90: q(0.9), max: v.at(-1), min: v[0] };
};
const fmt = (s) => (s.n ? `median ${s.median.toFixed(1)}  p90 ${s.p90.toFixed(1)}  max ${s.max.toFixed(1)}  (min ${s.min.toFixed(1)}, n=${s.n})` : "n=0");

async function pageStart(browser, origin, path) {
  const rows = [];
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addInitScript(instrument);
    const page = await context.newPage();
    await page.goto(`${origin}/${path}`, { waitUntil: "commit" });
    await until(page, () => window.__start.frame !== undefined && window.__start.fcp !== undefined);
    rows.push(await page.evaluate(() => {
      const wasm = performance.getEntriesByType("resource").find((r) => r.name.endsWith(".wasm"));
      const s = window.__start;
      // Nothing the page shows is contentful before the app mounts: when the
      // decision is in the DOM before the first contentful paint, that paint shows it.
      return { ...s, wasm: wasm?.responseEnd, presented: s.dom <= s.fcp ? s.fcp : undefined };
    }));
    await context.close();
  }
  const col = (k) => stats(rows.map((r) => r[k]));
  return {
    wasmFetched: col("wasm"), appStarted: col("started"), decisionInDom: col("dom"),
    decisionFrame: col("frame"), decisionPresented: col("presented"),
  };
}

async function keystrokes(browser, origin) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(instrument);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Performance.enable");
  await page.goto(`${origin}/${bigLink}`);
  await until(page, () => document.querySelector("[data-testid=decision]")?.dataset.decision === "allowed");
  const editor = page.locator("[data-testid=policy][data-policy=reader] textarea");
  const places = {
    middle: { at: bigDocument.indexOf("bucket-100/") + "bucket-100".length, flip: ["implicitDeny", "allowed"] },
    sid: { at: bigDocument.indexOf('"S100"') + 5, flip: ["allowed", "allowed"], decider: ["\u201cS100x\u201d", "\u201cS100\u201d"] },
    end: { at: bigDocument.length, flip: ["error", "allowed"] },
  };
  const out = {};
  for (const [where, { at, flip, decider }] of Object.entries(places)) {
    await editor.evaluate((ta, at) => { ta.focus(); ta.setSelectionRange(at, at); }, at);
    // Two keys unmeasured: the caret scrolls into view, the overlay renders its lines.
    await page.evaluate(() => { window.__expect = null; });
    for (const key of ["x", "Backspace"]) { await page.keyboard.press(key); await sleep(GAP); }
    const tracing = TRACE && where === (process.env.TRACE_PLACE ?? "middle");
    if (tracing) {
      await cdp.send("Tracing.start", {
        transferMode: "ReturnAsStream",
        traceConfig: { includedCategories: process.env.TRACE_CATEGORIES?.split(",") ?? ["devtools.timeline", "disabled-by-default-devtools.timeline", "blink.user_timing", "v8.execute"] },
      });
    }
    await page.evaluate(() => { window.__keys.length = 0; });
    const before = await metrics(cdp);
    for (let k = 0; k < KEYS; k++) {
      const expect = { decision: flip[k % 2], decider: decider?.[k % 2] };
      await page.evaluate((e) => { window.__expect = e; }, expect);
      const n = k + 1;
      await page.keyboard.press(k % 2 === 0 ? "x" : "Backspace");
      await sleep(GAP);
      await until(page, (n) => window.__keys.length >= n && window.__keys[n - 1].frame !== undefined, n);
    }
    const after = await metrics(cdp);
    if (tracing) out.trace = await stopTrace(cdp);
    const keys = await page.evaluate(() => window.__keys);
    keys.forEach((key, k) => {
      const text = k % 2 === 0 ? bigDocument.slice(0, at) + "x" + bigDocument.slice(at) : bigDocument;
      const caret = k % 2 === 0 ? at + 1 : at;
      if (key.value !== text || key.caret !== caret) throw new Error(`${where} key ${k}: the text or the caret was lost`);
    });
    const per = (name) => ((after[name] - before[name]) * 1000) / KEYS;
    out[where] = {
      dom: stats(keys.map((k) => k.dom - k.t0)),
      frame: stats(keys.map((k) => k.frame - k.t0)),
      frameWork: stats(keys.map((k) => k.frame - k.raf)),
      presentedOver16: keys.filter((k) => k.presented >= 16).length,
      presented: stats(keys.map((k) => k.presented)),
      mainThreadPerKey: { script: per("ScriptDuration"), style: per("RecalcStyleDuration"), layout: per("LayoutDuration"), tasks: per("TaskDuration") },
    };
  }
  await context.close();
  return out;
}

// The floor on this machine: the same keystrokes in a page holding only a
// textarea (no page work), measured by the same instrumentation.
async function calibration(browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(instrument);
  const page = await context.newPage();
  await page.goto("data:text/html,<textarea cols=80 rows=20></textarea><div data-testid=decision data-decision=none></div>");
  await page.focus("textarea");
  await page.evaluate(() => { window.__expect = { decision: "none" }; });
  // Nothing to wait for here: the "DOM" mark is the input event itself.
  await page.evaluate(() => addEventListener("input", () => { window.__keys.at(-1).dom = performance.now(); }, true));
  for (let k = 0; k < KEYS; k++) {
    await page.keyboard.press(k % 2 === 0 ? "x" : "Backspace");
    await sleep(GAP);
  }
  const keys = await page.evaluate(() => window.__keys);
  await context.close();
  return { frame: stats(keys.map((k) => k.frame - k.t0)), presentedOver16: keys.filter((k) => k.presented >= 16).length };
}

async function metrics(cdp) {
  const { metrics } = await cdp.send("Performance.getMetrics");
  return Object.fromEntries(metrics.map((m) => [m.name, m.value]));
}

// Stops tracing, writes the trace to TRACE and sums the renderer main
// thread's complete events by name, per keystroke.
async function stopTrace(cdp) {
  const done = new Promise((resolve) => cdp.once("Tracing.tracingComplete", resolve));
  await cdp.send("Tracing.end");
  const { stream } = await done;
  let data = "";
  for (;;) {
    const chunk = await cdp.send("IO.read", { handle: stream });
    data += chunk.base64Encoded ? Buffer.from(chunk.data, "base64").toString() : chunk.data;
    if (chunk.eof) break;
  }
  await cdp.send("IO.close", { handle: stream });
  await writeFile(TRACE, data);
  const events = JSON.parse(data);
  const list = Array.isArray(events) ? events : events.traceEvents;
  const main = list.find((e) => e.name === "thread_name" && e.args?.name === "CrRendererMain");
  const sums = {};
  for (const e of list) {
    if (e.ph !== "X" || e.pid !== main?.pid || e.tid !== main?.tid) continue;
    sums[e.name] = (sums[e.name] ?? 0) + e.dur / 1000 / KEYS;
  }
  const names = ["RunTask", "EventDispatch", "FunctionCall", "RunMicrotasks", "v8.callFunction", "UpdateLayoutTree", "Layout", "PrePaint", "Paint", "Layerize", "Commit", "HitTest", "MinorGC", "V8.GC_SCAVENGER", "ParseHTML"];
  return Object.fromEntries(names.filter((n) => sums[n]).map((n) => [n, sums[n]]));
}

const server = await startServer(DIST_DIR);
const browser = await launchBrowser();
try {
  const result = {
    conditions: { runs: RUNS, keys: KEYS, gap: GAP, chromium: browser.version(), cores: (await import("node:os")).cpus().length, load: (await import("node:os")).loadavg()[0] },
    startDefault: await pageStart(browser, server.origin, ""),
    startBig: await pageStart(browser, server.origin, bigLink),
    keys: await keystrokes(browser, server.origin),
    floor: await calibration(browser),
  };
  if (JSON_OUT) {
    console.log(JSON.stringify(result, null, 2));
  } else {
    const c = result.conditions;
    console.log(`headless Chromium ${c.chromium}, ${c.cores} cores, load average ${c.load.toFixed(2)}; ${c.runs} loads, ${c.keys} keys per place, ${c.gap} ms apart (ms)`);
    for (const [title, s] of [["page start, default page", result.startDefault], ["page start, 200-statement link", result.startBig]]) {
      console.log(`\n${title}, from navigation start`);
      console.log(`  wasm fetched       ${fmt(s.wasmFetched)}`);
      console.log(`  app started        ${fmt(s.appStarted)}`);
      console.log(`  decision in DOM    ${fmt(s.decisionInDom)}`);
      console.log(`  decision frame     ${fmt(s.decisionFrame)}`);
      console.log(`  decision presented ${fmt(s.decisionPresented)}`);
    }
    const titles = {
      middle: "in the middle (statement 100's Resource, the decision changes)",
      sid: "in the middle (statement 100's Sid, the same decision)",
      end: "at the end of the text (the JSON breaks and mends)",
    };
    for (const where of Object.keys(titles)) {
      const s = result.keys[where];
      const m = s.mainThreadPerKey;
      console.log(`\nkeystroke in a 200-statement policy, ${titles[where]}, from the input event`);
      console.log(`  decision in DOM    ${fmt(s.dom)}`);
      console.log(`  frame done         ${fmt(s.frame)}`);
      console.log(`  frame work         ${fmt(s.frameWork)}`);
      console.log(`  presented >= 16 ms ${s.presentedOver16} of ${KEYS} keys${s.presented.n ? `; those: ${fmt(s.presented)}` : ""}`);
      console.log(`  main thread / key  script ${m.script.toFixed(1)}, style ${m.style.toFixed(1)}, layout ${m.layout.toFixed(1)}, all tasks ${m.tasks.toFixed(1)}`);
    }
    console.log(`\nthe floor: a keystroke in a page holding only a textarea`);
    console.log(`  frame done         ${fmt(result.floor.frame)}`);
    console.log(`  presented >= 16 ms ${result.floor.presentedOver16} of ${KEYS} keys`);
    if (result.keys.trace) {
      console.log(`\ntrace of the middle keys written to ${TRACE}; renderer main thread per key (ms, nested events overlap):`);
      for (const [name, ms] of Object.entries(result.keys.trace)) console.log(`  ${name.padEnd(18)} ${ms.toFixed(2)}`);
    }
  }
} finally {
  await browser.close();
  await server.close();
}
