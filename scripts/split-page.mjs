// Splits the page's wasm at its `#[leptos::lazy]` functions, so that the
// parts of the page not needed for the first decision (the toolbar, the
// trace, ...) load after the first paint (docs/size.md, "Code splitting").
//
// Trunk runs it as a post_build hook (Trunk.toml), after Trunk has built the
// page whole. Splitting must come before wasm-bindgen (the splitter reads the
// linker's relocations, which web/build.rs keeps with
// `--emit-relocs`), so this redoes Trunk's last steps on the split module:
//   1. wasm-split-cli cuts Cargo's wasm into the main module, one chunk per
//      lazy function and a JS loader that fetches a chunk when it is called;
//   2. wasm-bindgen binds the main module (the JS differs from Trunk's: the
//      closures' table slots moved);
//   3. in release, wasm-opt -Os shrinks every module and terser minifies the
//      JS (Trunk's own wasm-opt pass is off: index.html's data-wasm-opt="0");
//   4. the files replace Trunk's under Trunk's hashed names; the chunks and
//      the loader take the same hash, so a new build never meets an old
//      chunk in a cache; index.html's integrity hashes are updated and the
//      loader is preloaded beside the main module.
//
// Needs on PATH: wasm-split-cli (scripts/setup.sh installs the version that
// matches Cargo.lock's wasm_split_helpers), wasm-bindgen, and for release
// builds wasm-opt and terser (node_modules/.bin).
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { minify } from "terser";

const root = path.resolve(import.meta.dirname, "..");
const staging = process.env.TRUNK_STAGING_DIR ?? path.join(root, "dist");
const release = (process.env.TRUNK_PROFILE ?? "release") !== "debug";
const raw = path.join(root, "target/wasm32-unknown-unknown", release ? "wasm-release" : "debug", "iamsim-web.wasm");

const fail = (message) => {
  console.error(`split-page: ${message}`);
  process.exit(1);
};
const run = (tool, args) => execFileSync(tool, args, { stdio: ["ignore", "ignore", "inherit"] });
const sri = (file) => createHash("sha384").update(fs.readFileSync(file)).digest("base64");

// Trunk's names: iamsim-web-<hash>.js and iamsim-web-<hash>_bg.wasm.
const bg = fs.readdirSync(staging).find((f) => /^iamsim-web-[0-9a-f]+_bg\.wasm$/.test(f));
if (!bg) fail(`no iamsim-web-<hash>_bg.wasm in ${staging}`);
const stem = bg.replace(/_bg\.wasm$/, "");
const mainJs = path.join(staging, `${stem}.js`);
const mainWasm = path.join(staging, bg);
const loaderName = `${stem}_split.js`;
const oldHashes = [mainJs, mainWasm].map(sri);

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "iamsim-split-"));
try {
  run("wasm-split-cli", ["--target", "web", "--out-name", stem, raw, path.join(tmp, "split")]);
  run("wasm-bindgen", ["--target", "web", "--no-typescript", "--keep-lld-exports", "--out-dir", path.join(tmp, "bg"),
    "--out-name", stem, path.join(tmp, "split", `${stem}.wasm`)]);

  const shrink = (from, to) => (release ? run("wasm-opt", ["-Os", from, "-o", to]) : fs.copyFileSync(from, to));
  const js = async (text) => (release ? (await minify(text, { module: true })).code : text);
  // Replaces `from` in `text` exactly `times` times, or fails: a new splitter
  // or wasm-bindgen that writes its JS otherwise must not ship a broken page.
  const replace = (text, from, to, times, what) => {
    const parts = text.split(from);
    if (parts.length - 1 !== times) fail(`${what}: expected ${times} × ${from}, found ${parts.length - 1}`);
    return parts.join(to);
  };

  shrink(path.join(tmp, "bg", `${stem}_bg.wasm`), mainWasm);
  // The lazy functions' chunks, and chunks of code that several of them share.
  const chunks = fs.readdirSync(path.join(tmp, "split")).filter((f) => f.endsWith(".wasm") && f !== `${stem}.wasm`);
  let loader = fs.readFileSync(path.join(tmp, "split", "__wasm_split.js"), "utf8");
  for (const chunk of chunks) {
    shrink(path.join(tmp, "split", chunk), path.join(staging, `${stem}-lazy-${chunk}`));
    loader = replace(loader, `"./${chunk}"`, `"./${stem}-lazy-${chunk}"`, 1, "the chunk loader");
  }
  fs.writeFileSync(path.join(staging, loaderName), await js(loader));
  const bound = fs.readFileSync(path.join(tmp, "bg", `${stem}.js`), "utf8");
  // Only the import's path changes: the wasm still names its import module "./__wasm_split.js".
  fs.writeFileSync(mainJs, await js(replace(bound, "from './__wasm_split.js'", `from './${loaderName}'`, 1, "the page's JS")));

  // Trunk's index.html names the old files' SRI hashes: name the new ones,
  // and preload the loader, which the main module imports.
  const html = path.join(staging, "index.html");
  let page = fs.readFileSync(html, "utf8");
  [mainJs, mainWasm].forEach((file, i) => {
    page = replace(page, `sha384-${oldHashes[i]}`, `sha384-${sri(file)}`, 1, "index.html");
  });
  page = replace(page, "</head>",
    `<link rel="modulepreload" href="./${loaderName}" crossorigin integrity="sha384-${sri(path.join(staging, loaderName))}"></head>`,
    1, "index.html");
  fs.writeFileSync(html, page);
  console.log(`split-page: ${stem}: main module and ${chunks.length} lazily loaded chunks`);
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
