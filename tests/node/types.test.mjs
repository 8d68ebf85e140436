// The TypeScript declarations cannot drift from the Rust types: every corpus
// and example scenario, its real result, and real check and failure values
// are written as object literals annotated with the declared types and
// type-checked with `tsc --strict`. Excess-property checks catch a field
// added or renamed in Rust; missing-property checks catch one removed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile, writeFile, copyFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import ts from "typescript";
import { apiDir, loadApi, scenarioFiles } from "./api.mjs";

const api = await loadApi();

test("the .d.ts declares every value the API returns and every scenario it takes", async () => {
  const dir = await mkdtemp(path.join(tmpdir(), "iamsim-types-"));
  try {
    await copyFile(path.join(apiDir, "iamsim.d.ts"), path.join(dir, "iamsim.d.ts"));
    const lines = [
      'import init, { evaluate, evaluateMany, check, version, runChecks, suggest, compare } from "./iamsim.js";',
      'import type { Scenario, EvalResult, Failure, CheckReport, Checks, Suggestions, Comparison } from "./iamsim.js";',
      // The signatures, as a user calls them.
      "export async function use(s: Scenario): Promise<string> {",
      "  await init();",
      "  const r = evaluate(s);",
      '  if (r.type === "failure") return r.errors[0]?.message ?? "";',
      '  const many = evaluateMany([s, "{}"]);',
      '  const c = check("{}", "identity");',
      '  const k = runChecks(s), g = suggest(s), d = compare(s, s, ["s3:GetObject"]), e = suggest(s, { request: 0 }), f = suggest(s, { request: "name" });',
      '  return `${r.decision} ${version()} ${Array.isArray(many)} ${c.type} ${k.type} ${g.type} ${d.type} ${e.type} ${f.type}`;',
      "}",
    ];
    let n = 0;
    const declare = (type, value) => lines.push(`export const v${n++}: ${type} = ${JSON.stringify(value)};`);
    const files = await scenarioFiles();
    assert.ok(files.length > 0, "no scenario files found");
    for (const file of files) {
      const parsed = JSON.parse(await readFile(file, "utf8"));
      for (const scenario of Array.isArray(parsed) ? parsed : [parsed]) {
        declare("Scenario", scenario);
        const result = api.evaluate(scenario);
        declare(result.type === "failure" ? "Failure" : "EvalResult", result);
        // The page's examples (lessons among them): their checks and suggestions too.
        if (file.includes(`${path.sep}examples${path.sep}`)) {
          declare("Checks", api.runChecks(scenario));
          declare("Suggestions", api.suggest(scenario));
          // Every entry of `requests` too, by index.
          (scenario.requests ?? []).forEach((_, i) => declare("Suggestions", api.suggest(scenario, { request: i })));
        }
      }
    }
    const [before, after] = [0, 1].map((i) => ({
      request: { principal: "arn:aws:iam::111122223333:user/a", action: "s3:GetObject", resource: "arn:aws:s3:::b/k" },
      identityPolicies: [{ name: "p", document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: i ? "s3:*" : "s3:GetObject", Resource: "*" }] } }],
    }));
    declare("Comparison", api.compare(before, after, ["s3:GetObject", "s3:PutObject"]));
    declare("Failure", api.suggest("{"));
    declare("Failure", api.evaluate("{"));
    declare("Failure", api.evaluate(42));
    declare("CheckReport", api.check('{"Statement": [{"Effect": "Maybe"}]}', "identity"));
    declare("Failure", api.check("{}", "bucket"));
    const source = path.join(dir, "check.ts");
    await writeFile(source, lines.join("\n"));
    const program = ts.createProgram([source], {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ES2022,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
    });
    const errors = ts.getPreEmitDiagnostics(program).map((d) => {
      const where = d.file ? `${path.basename(d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}` : "";
      return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, "\n").slice(0, 400)}`;
    });
    assert.deepEqual(errors, []);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
