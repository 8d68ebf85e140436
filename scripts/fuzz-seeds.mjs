// Builds the fuzz targets' seed corpora in fuzz/seeds/<target>/ from the
// conformance corpus (tests/corpus/), the page's examples (web/examples/)
// and the malformed inputs (tests/malformed/), in the input shape each
// target reads (see fuzz/src/checks.rs). scripts/fuzz.sh runs it first;
// the folder is rebuilt from scratch each time and is not committed.
//
//   node scripts/fuzz-seeds.mjs
import { readFileSync, readdirSync, mkdirSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { createHash } from "node:crypto";
import { deflateRawSync } from "node:zlib";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const out = path.join(root, "fuzz/seeds");

/** Policy kinds, in the order of `KINDS` in fuzz/src/checks.rs. */
const KINDS = ["identity", "resource", "permissionsBoundary", "session", "scp", "rcp", "vpcEndpoint"];
/** Operator families, in the order of `FAMILIES` in fuzz/src/checks.rs. */
const FAMILY = [/^Date/, /^Numeric/, /IpAddress$/, /^Arn/, /^String/, /^(Bool|Null)$/, /^Binary/];
const SEP = "\u001f";

const seeds = new Map();
function add(target, bytes) {
  const data = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes);
  const name = createHash("sha1").update(data).digest("hex");
  if (!seeds.has(target)) seeds.set(target, new Map());
  seeds.get(target).set(name, data);
}
const withByte = (byte, text) => Buffer.concat([Buffer.from([byte]), Buffer.from(text)]);

function jsonFiles(dir) {
  const full = path.join(root, dir);
  if (!existsSync(full)) return [];
  return readdirSync(full).filter((n) => n.endsWith(".json")).sort().map((n) => path.join(full, n));
}

/** Every policy of a scenario, as [kind, document text, parsed document or null]. */
function policies(scenario) {
  const found = [];
  const one = (kind, p) => {
    if (!p || typeof p !== "object" || p.document === undefined) return;
    const text = typeof p.document === "string" ? p.document : JSON.stringify(p.document, null, 2);
    let doc = null;
    try { doc = typeof p.document === "string" ? JSON.parse(p.document) : p.document; } catch { /* a broken document is a seed too */ }
    found.push([kind, text, doc]);
  };
  for (const p of scenario.identityPolicies ?? []) one("identity", p);
  one("resource", scenario.resourcePolicy);
  one("permissionsBoundary", scenario.permissionsBoundary);
  one("session", scenario.sessionPolicy);
  for (const [field, kind] of [["serviceControlPolicies", "scp"], ["resourceControlPolicies", "rcp"]]) {
    for (const level of scenario[field] ?? []) for (const p of level?.policies ?? []) one(kind, p);
  }
  one("vpcEndpoint", scenario.vpcEndpointPolicy);
  return found;
}

/** Every condition of a policy document: [operator, key, values]. */
function conditions(doc) {
  const found = [];
  const statements = Array.isArray(doc?.Statement) ? doc.Statement : [doc?.Statement];
  for (const s of statements) {
    for (const [op, block] of Object.entries(s?.Condition ?? {})) {
      for (const [key, values] of Object.entries(block ?? {})) {
        found.push([op, key, (Array.isArray(values) ? values : [values]).map(String)]);
      }
    }
  }
  return found;
}

function conditionSeed(op, key, values, context) {
  const base = op.replace(/^For(All|Any)Values?:/, "").replace(/IfExists$/, "");
  const family = FAMILY.findIndex((re) => re.test(base));
  if (family < 0) return;
  const qualifier = op.startsWith("ForAllValues:") ? 1 : op.startsWith("ForAnyValue:") ? 2 : 0;
  const entry = Object.entries(context ?? {}).find(([k]) => k.toLowerCase() === key.toLowerCase());
  const request = entry === undefined ? [] : Array.isArray(entry[1]) ? entry[1].map(String) : [String(entry[1])];
  const flags = qualifier | (op.endsWith("IfExists") ? 4 : 0) | 8 | (entry === undefined ? 16 : 0) | (entry && Array.isArray(entry[1]) ? 32 : 0);
  add("condition_values", Buffer.concat([Buffer.from([family, flags]), Buffer.from(`${values.join(SEP)}\n${request.join(SEP)}`)]));
}

for (const file of [...jsonFiles("tests/corpus"), ...jsonFiles("web/examples")]) {
  const text = readFileSync(file, "utf8");
  add("scenario_json", text);
  const parsed = JSON.parse(text);
  for (const scenario of Array.isArray(parsed) ? parsed : [parsed]) {
    const json = JSON.stringify(scenario);
    add("scenario_json", JSON.stringify(scenario, null, 2));
    add("share_link", withByte(0, "#s=" + deflateRawSync(Buffer.from(json), { level: 9 }).toString("base64url")));
    add("share_link", withByte(1, json));
    for (const [kind, docText, doc] of policies(scenario)) {
      add("policy_text", withByte(KINDS.indexOf(kind), docText));
      for (const [op, key, values] of conditions(doc)) conditionSeed(op, key, values, scenario.request?.context);
    }
  }
}
// The malformed inputs: broken scenarios, and broken policies among them.
for (const file of jsonFiles("tests/malformed")) {
  const bytes = readFileSync(file);
  add("scenario_json", bytes);
  add("policy_text", Buffer.concat([Buffer.from([0]), bytes]));
  add("share_link", withByte(1, bytes.toString("utf8")));
}
// Values at the edges of each family's syntax.
const edges = [
  [0, ["2026-12-06T22:25:00Z", "1780000000", "2026-12-06", "2026-12-06T22:25:00.123+01:00"], ["2026-12-06T22:25:00Z"]],
  [1, ["10", "-0.5", "1e3", "007", "18446744073709551616", "0x10"], ["10.0"]],
  [2, ["203.0.113.0/24", "2001:db8::/32", "10.0.0.1", "::ffff:10.0.0.1/128", "0.0.0.0/0"], ["203.0.113.7"]],
  [3, ["arn:aws:iam::*:role/${aws:username}", "arn:aws:s3:::b/*", "arn:*:*:*:*:*"], ["arn:aws:iam::111122223333:role/alice"]],
  [4, ["${aws:username}", "a*b?c", "${*}${?}${$}", "${aws:PrincipalTag/team}", "ÉCOLE"], ["alice", "école"]],
  [5, ["true", "false", "${aws:username}"], ["true"]],
  [6, ["QmluYXJ5", "QmluYXJ5===", "!!"], ["QmluYXJ5"]],
];
for (const [family, values, request] of edges) {
  for (const flags of [0, 1, 2, 4, 8, 16, 40]) {
    add("condition_values", Buffer.concat([Buffer.from([family, flags]), Buffer.from(`${values.join(SEP)}\n${request.join(SEP)}`)]));
    for (const v of values) add("condition_values", Buffer.concat([Buffer.from([family, flags & ~32]), Buffer.from(`${v}\n${request[0]}`)]));
  }
}

rmSync(out, { recursive: true, force: true });
for (const [target, files] of seeds) {
  const dir = path.join(out, target);
  mkdirSync(dir, { recursive: true });
  for (const [name, data] of files) writeFileSync(path.join(dir, name), data);
  console.log(`${target}: ${files.size} seeds in ${path.relative(root, dir)}/`);
}
