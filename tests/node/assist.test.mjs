// The page's assist module (dist/assist/, built beside the JS API) through
// its JavaScript functions, in wasm: the access summary on one resource and
// on each resource type, its rows held to the native CLI's decisions.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { nativeEval, root } from "./api.mjs";

const dir = path.join(root, "dist/assist");
const glue = path.join(dir, "iamsim_assist.js");
if (!existsSync(glue)) throw new Error(`${glue} is missing: run \`trunk build --release\` or scripts/build-api.sh first`);
const assist = await import(pathToFileURL(glue).href);
assist.initSync({ module: readFileSync(path.join(dir, "iamsim_assist_bg.wasm")) });

const scenario = {
  request: { principal: "arn:aws:iam::111122223333:user/alice", action: "s3:GetObject", resource: "arn:aws:s3:::reports/2026/q4.csv" },
  identityPolicies: [{
    name: "reader",
    document: {
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Action: ["s3:Get*", "s3:List*", "s3:PutObject"], Resource: ["arn:aws:s3:::reports", "arn:aws:s3:::reports/*"] },
        { Effect: "Deny", Action: "s3:DeleteObject", Resource: "arn:aws:s3:::reports/*" },
      ],
    },
  }],
};
const json = JSON.stringify(scenario);
const now = 1_800_000_000;

/** The rows of a summary's table: action, resource type (or null), decision. */
const rows = (html) =>
  [...html.matchAll(/<tr data-decision="(\w+)"><td><code>([^<]+)<\/code><\/td><td>[^<]*<\/td>(?:<td title="([^"]*)">([^<]+)<\/td>)?/g)]
    .map(([, decision, action, arn, type]) => ({ decision, action, arn: arn ?? null, type: type ?? null }));

/** The native CLI's decisions for a list of requests against the scenario's policies. */
function native(requests) {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "assist-")), "batch.json");
  writeFileSync(file, JSON.stringify(requests.map((r) => ({ ...scenario, request: { ...scenario.request, ...r } }))));
  return nativeEval(file).map((r) => r.decision);
}

test("on one resource: every S3 action, decided as the CLI decides", () => {
  const summary = JSON.parse(assist.accessSummary(json, "", "all", now));
  assert.equal(summary.resource, scenario.request.resource);
  const table = rows(summary.html);
  assert.equal(table.length, summary.evaluations);
  const pick = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:PutBucketPolicy"].map((a) => table.find((r) => r.action === a));
  assert.deepEqual(pick.map((r) => r.decision), ["allowed", "allowed", "explicitDeny", "implicitDeny"]);
  assert.deepEqual(native(pick.map((r) => ({ action: r.action }))), pick.map((r) => r.decision));
});

test("on each resource type: one row per action and type, on the policies' own ARNs, decided as the CLI decides", () => {
  const summary = JSON.parse(assist.accessSummaryByResourceType(json, "all", now));
  assert.equal(summary.resource, null);
  const table = rows(summary.html);
  assert.equal(table.length, summary.evaluations);
  const row = (action, type) => table.find((r) => r.action === action && r.type === type);
  assert.equal(row("s3:PutObject", "object").arn, "arn:aws:s3:::reports/example");
  assert.equal(row("s3:ListBucket", "bucket").arn, "arn:aws:s3:::reports");
  assert.equal(row("s3:ListAllMyBuckets", "*").arn, "*");
  const pick = [row("s3:PutObject", "object"), row("s3:ListBucket", "bucket"), row("s3:GetJobTagging", "job"), row("s3:DeleteObject", "object"), row("s3:ListAllMyBuckets", "*")];
  assert.deepEqual(pick.map((r) => r.decision), ["allowed", "allowed", "implicitDeny", "explicitDeny", "implicitDeny"]);
  assert.deepEqual(native(pick.map((r) => ({ action: r.action, resource: r.arn }))), pick.map((r) => r.decision));
  assert.match(summary.html, /Decided on: .*bucket <code>arn:aws:s3:::reports<\/code> \(a Resource of the policies\)/);
});

test("filters keep the allowed writes only", () => {
  const { html } = JSON.parse(assist.accessSummaryByResourceType(json, "writes", now));
  const table = rows(html);
  assert.ok(table.length > 0);
  assert.ok(table.every((r) => r.decision === "allowed"), "allowed only");
  assert.deepEqual([...new Set(table.map((r) => r.action))], ["s3:PutObject"]);
});
