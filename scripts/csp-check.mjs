#!/usr/bin/env node
// Holds every page of the build to its own Content-Security-Policy: each
// .html file at the top of the build must carry a CSP <meta>, and each of its
// inline <script> and <style> elements must be allowed by a 'sha256-...'
// source of that policy, or the build fails naming the element and the hash
// to add. index.html lists no hash, so it may have no inline script at all
// (its loader is web/boot.js); web/embed-example.html lists its own.
//
// Trunk runs it as a post_build hook (Trunk.toml) on its staging folder. In a
// debug build (`trunk serve`) Trunk adds one inline script of its own, the
// autoreload client: that one gets a fresh nonce, added to the policy.
// By hand: `node scripts/csp-check.mjs [DIR]` (default dist/).
import { createHash, randomBytes } from "node:crypto";
import { readFile, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";

const dir = process.env.TRUNK_STAGING_DIR ?? process.argv[2] ?? "dist";
const debug = process.env.TRUNK_PROFILE === "debug";

/** The attributes of a tag's attribute text, names lowercased (quoted, unquoted or bare). */
function attributes(text) {
  const attrs = {};
  for (const m of text.matchAll(/([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g)) {
    attrs[m[1].toLowerCase()] = m[2] ?? m[3] ?? m[4] ?? "";
  }
  return attrs;
}

/** The CSP <meta> of `html`: its whole tag and its policy, or null. */
function policyOf(html) {
  for (const m of html.matchAll(/<meta\b([^>]*)>/gi)) {
    const attrs = attributes(m[1]);
    if (attrs["http-equiv"]?.toLowerCase() === "content-security-policy") {
      return { tag: m[0], policy: attrs.content ?? "" };
    }
  }
  return null;
}

/** The sources of `directive` in `policy`, falling back as CSP does to `fallbacks` in order. */
function sources(policy, directive, ...fallbacks) {
  const directives = new Map(
    policy.split(";").map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([name, ...rest]) => [name.toLowerCase(), rest]),
  );
  for (const name of [directive, ...fallbacks]) {
    if (directives.has(name)) return directives.get(name);
  }
  return [];
}

const EXECUTABLE = new Set(["", "module", "text/javascript", "application/javascript"]);

/** Checks one page; returns its text (changed only for the autoreload nonce) and the problems found. */
function check(name, html) {
  const problems = [];
  const found = policyOf(html);
  if (!found) return { html, problems: [`${name}: no <meta http-equiv="Content-Security-Policy">`] };
  let { tag, policy } = found;
  const hashOf = (text) => `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;
  const allowed = {
    script: sources(policy, "script-src-elem", "script-src", "default-src"),
    style: sources(policy, "style-src-elem", "style-src", "default-src"),
  };
  let nonce = null;
  html = html.replace(/<(script|style)\b([^>]*)>([\s\S]*?)<\/\1\s*>/gi, (element, kind, attrText, body) => {
    kind = kind.toLowerCase();
    const attrs = attributes(attrText);
    if (kind === "script" && ("src" in attrs || !EXECUTABLE.has((attrs.type ?? "").toLowerCase()))) return element;
    if (allowed[kind].includes(hashOf(body))) return element;
    if (kind === "script" && debug && body.includes(".well-known/trunk/ws")) {
      nonce ??= randomBytes(16).toString("base64");
      return `<script nonce="${nonce}"${attrText}>${body}</script>`;
    }
    problems.push(`${name}: an inline <${kind}> its policy does not allow (${JSON.stringify(body.trim().slice(0, 60))}…); ` +
      `move it to a file, or add ${hashOf(body)} to ${kind}-src`);
    return element;
  });
  if (nonce) {
    const widened = policy.replace(/(^|;\s*)script-src(?=\s)/, `$1script-src 'nonce-${nonce}'`);
    html = html.replace(tag, tag.replace(policy, widened));
  }
  return { html, problems };
}

const pages = (await readdir(dir)).filter((n) => n.endsWith(".html"));
if (!pages.includes("index.html")) {
  console.error(`csp-check: ${dir} has no index.html`);
  process.exit(1);
}
const problems = [];
for (const name of pages) {
  const path = join(dir, name);
  const before = await readFile(path, "utf8");
  const result = check(name, before);
  problems.push(...result.problems);
  if (result.html !== before) await writeFile(path, result.html);
}
if (problems.length) {
  console.error(`csp-check: ${problems.join("\ncsp-check: ")}`);
  process.exit(1);
}
console.log(`csp-check: ${pages.length} pages hold to their Content-Security-Policy`);
