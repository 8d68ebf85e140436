// Times `iamsim eval --format json` on a file of N scenarios as a whole
// process, and @cloud-copilot/iam-simulate's runSimulation on the same
// scenarios in this Node process; prints both throughputs, the ratio and how
// often the two decisions agree.
//
// usage: node compare.mjs [N] [path/to/iamsim]   (run.sh builds and installs first)

import { spawnSync } from 'node:child_process'
import { mkdirSync, openSync, closeSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { runSimulation } from '@cloud-copilot/iam-simulate'
import { generate } from './scenarios.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const n = Number(process.argv[2] ?? 30000)
const iamsim = process.argv[3] ?? join(here, '../../target/release/iamsim')
const out = join(here, 'out')
mkdirSync(out, { recursive: true })

const scenarios = generate(n)
const scenarioFile = join(out, 'scenarios.json')
writeFileSync(scenarioFile, JSON.stringify(scenarios))

// iamsim: the whole process, reading the file and writing every result.
// Best of three runs: the machine is shared, and the best run is the one
// least disturbed by others.
const resultFile = join(out, 'results.json')
let iamsimSeconds = Infinity
for (let run = 0; run < 3; run++) {
  const fd = openSync(resultFile, 'w')
  const started = process.hrtime.bigint()
  const { status, signal } = spawnSync(iamsim, ['eval', '--format', 'json', scenarioFile], { stdio: ['ignore', fd, 'inherit'] })
  iamsimSeconds = Math.min(iamsimSeconds, Number(process.hrtime.bigint() - started) / 1e9)
  closeSync(fd)
  if (status !== 0) {
    console.error(`iamsim exited with ${status ?? signal}`)
    process.exit(1)
  }
}
const iamsimDecisions = JSON.parse(readFileSync(resultFile, 'utf8')).map((r) => r.decision)

// iam-simulate: the same scenarios, one runSimulation each.
const DECISIONS = { Allowed: 'allowed', ExplicitlyDenied: 'explicitDeny', ImplicitlyDenied: 'implicitDeny' }
const simulations = scenarios.map(toSimulation)
const nodeStarted = process.hrtime.bigint()
const nodeDecisions = []
for (const simulation of simulations) {
  const response = await runSimulation(simulation, {})
  nodeDecisions.push(response.resultType === 'error' ? 'error' : DECISIONS[response.overallResult])
}
const nodeSeconds = Number(process.hrtime.bigint() - nodeStarted) / 1e9

const agree = iamsimDecisions.filter((d, i) => d === nodeDecisions[i]).length
const rate = (seconds) => Math.round(n / seconds)
console.log(`scenarios:     ${n}`)
console.log(`iamsim:        ${iamsimSeconds.toFixed(3)} s, ${rate(iamsimSeconds)} scenarios/s (whole process writing JSON to a file, best of 3)`)
console.log(`iam-simulate:  ${nodeSeconds.toFixed(3)} s, ${rate(nodeSeconds)} scenarios/s (runSimulation in Node ${process.version})`)
console.log(`ratio:         ${(nodeSeconds / iamsimSeconds).toFixed(1)}x`)
console.log(`same decision: ${agree} of ${n}`)
const errors = nodeDecisions.filter((d) => d === 'error').length
if (errors > 0) console.log(`iam-simulate rejected ${errors} scenarios as invalid`)

/** iamsim's scenario format to iam-simulate's Simulation. */
function toSimulation(scenario) {
  const { request } = scenario
  const named = (p) => ({ name: p.name, policy: p.document })
  const levels = (ls) => (ls ?? []).map((l) => ({ orgIdentifier: l.name, policies: l.policies.map(named) }))
  return {
    request: {
      principal: request.principal,
      action: request.action,
      resource: { resource: request.resource, accountId: request.resourceAccount },
      contextVariables: request.context ?? {},
    },
    identityPolicies: (scenario.identityPolicies ?? []).map(named),
    serviceControlPolicies: levels(scenario.serviceControlPolicies),
    resourceControlPolicies: levels(scenario.resourceControlPolicies),
    resourcePolicy: scenario.resourcePolicy?.document,
    permissionBoundaryPolicies: scenario.permissionsBoundary ? [named(scenario.permissionsBoundary)] : undefined,
  }
}
