// The access summary's speed: evaluations per second of the page's assist
// module (dist/assist/, wasm, in this Node process: the same code the page
// runs, its JSON in and out included) beside the native CLI
// (`iamsim eval --format json` on an array of the same scenarios, one per
// action, as a whole process). The page's goal: 2,000 evaluations within a
// 16 ms frame, i.e. 125,000 per second.
//
// usage: node scripts/perf-compare/access-summary.mjs [path/to/iamsim]
//   (needs dist/assist/ from `trunk build --release` or scripts/build-api.sh,
//    and `cargo build --release --bin iamsim`)

import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const root = join(here, '..', '..')
const iamsim = process.argv[2] ?? join(root, 'target/release/iamsim')
const glue = join(root, 'dist/assist/iamsim_assist.js')
const assist = await import(pathToFileURL(glue).href)
assist.initSync({ module: readFileSync(join(root, 'dist/assist/iamsim_assist_bg.wasm')) })
assist.catalogInfo()

// A developer's everyday policies over a dozen services (about 2,000
// actions, the page's goal): reads, writes by tag, one denied write.
const scenario = {
  request: { principal: 'arn:aws:iam::111122223333:user/alice', action: 's3:GetObject', resource: 'arn:aws:s3:::reports/2026/q4.csv' },
  identityPolicies: [{
    name: 'everyday',
    document: {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: ['s3:Get*', 's3:List*', 'dynamodb:Query', 'dynamodb:GetItem', 'iam:Get*', 'iam:List*', 'sts:GetCallerIdentity'], Resource: '*' },
        { Effect: 'Allow', Action: ['lambda:*', 'logs:*', 'cloudwatch:Describe*', 'kms:Decrypt', 'sqs:SendMessage', 'sns:Publish', 'rds:Describe*'], Resource: '*' },
        { Effect: 'Allow', Action: 'ec2:*', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/team': 'data' } } },
        { Effect: 'Deny', Action: 's3:DeleteObject', Resource: 'arn:aws:s3:::reports/*' },
      ],
    },
  }],
}
const json = JSON.stringify(scenario)
const now = Math.floor(Date.now() / 1000)

// wasm: best of twenty whole summaries (the page's call: JSON in, table
// out), by the clock and by this process's CPU time, which other processes
// on a busy machine do not inflate (the clock's best is the figure on an
// idle one).
const bestOf = (call) => {
  let best = Infinity
  let bestCpu = Infinity
  let answer
  for (let run = 0; run < 20; run++) {
    const cpu = process.cpuUsage()
    const started = performance.now()
    answer = JSON.parse(call())
    best = Math.min(best, performance.now() - started)
    const used = process.cpuUsage(cpu)
    bestCpu = Math.min(bestCpu, (used.user + used.system) / 1000)
  }
  return { best, bestCpu, answer }
}
const { best, bestCpu, answer: summary } = bestOf(() => assist.accessSummary(json, '', 'all', now))
const evaluations = summary.evaluations
const wasmRate = evaluations / (best / 1000)
// The same on each resource type (more evaluations: one per action and type).
const byType = bestOf(() => assist.accessSummaryByResourceType(json, 'all', now))

// native: the same evaluations as an array batch, one process, best of five.
// The actions: every action of the summary's services, from the catalog file.
const services = new Set([...summary.html.matchAll(/data-service="([^"]+)"/g)].map((m) => m[1]))
const actions = []
let service = null
for (const line of readFileSync(join(root, 'crates/iamsim-catalog/data/aws-catalog.tsv'), 'utf8').split('\n')) {
  const [tag, name] = line.split('\t')
  if (tag === 'S') service = name
  else if (tag === 'A' && services.has(service)) actions.push(`${service}:${name}`)
}
if (actions.length !== evaluations) throw new Error(`${actions.length} catalog actions, ${evaluations} evaluations`)
const batch = actions.map((action) => ({ ...scenario, request: { ...scenario.request, action } }))
const out = join(here, 'out')
mkdirSync(out, { recursive: true })
const file = join(out, 'access-summary.json')
writeFileSync(file, JSON.stringify(batch))
let nativeBest = Infinity
for (let run = 0; run < 5; run++) {
  const started = performance.now()
  const { status, stdout } = spawnSync(iamsim, ['eval', '--format', 'json', file], { maxBuffer: 1 << 30 })
  const ms = performance.now() - started
  if (status !== 0) throw new Error(`iamsim eval exited ${status}`)
  const decided = JSON.parse(stdout)
  if (decided.length !== evaluations) throw new Error(`iamsim decided ${decided.length}, not ${evaluations}`)
  nativeBest = Math.min(nativeBest, ms)
}
const nativeRate = evaluations / (nativeBest / 1000)

const fmt = (n) => Math.round(n).toLocaleString('en-US')
console.log(`access summary: ${evaluations} evaluations (${[...services].join(', ')})`)
const cpuRate = evaluations / (bestCpu / 1000)
console.log(`wasm (assist module, JSON in and out): ${best.toFixed(1)} ms, ${fmt(wasmRate)} evaluations/s` +
  `; ${(2000 / wasmRate * 1000).toFixed(1)} ms per 2,000 (goal: 16 ms)`)
console.log(`  by CPU time: ${bestCpu.toFixed(1)} ms, ${fmt(cpuRate)} evaluations/s; ${(2000 / cpuRate * 1000).toFixed(1)} ms per 2,000`)
console.log(`wasm, each resource type: ${byType.answer.evaluations} evaluations in ${byType.best.toFixed(1)} ms ` +
  `(CPU ${byType.bestCpu.toFixed(1)} ms), ${fmt(byType.answer.evaluations / (byType.bestCpu / 1000))} evaluations/s by CPU time`)
console.log(`native CLI (one process, array batch, JSON out): ${nativeBest.toFixed(1)} ms, ${fmt(nativeRate)} evaluations/s`)
