// Times `iamsim eval --format json` on a file of N scenarios as a whole
// process, and @cloud-copilot/iam-simulate's runSimulation on the same
// scenarios in this Node process; prints both throughputs, by the clock and
// per CPU-second (on a shared machine the clock also counts waiting for a
// core), the ratios and how often the two decisions agree.
//
// usage: node compare.mjs [N] [path/to/iamsim]   (run.sh builds and installs first)

import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { runSimulation } from '@cloud-copilot/iam-simulate'
import { generate } from './scenarios.mjs'
import { toSimulation } from './simulation.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const n = Number(process.argv[2] ?? 30000)
const iamsim = process.argv[3] ?? join(here, '../../target/release/iamsim')
const out = join(here, 'out')
mkdirSync(out, { recursive: true })

const scenarios = generate(n)
const scenarioFile = join(out, 'scenarios.json')
writeFileSync(scenarioFile, JSON.stringify(scenarios))

// iamsim: the whole process, reading the file and writing every result, run
// by bash so that its `times` reports the process's CPU time too. Best of
// five: the machine is shared, and the best run is the least disturbed. The
// last run's results are deleted first, untimed: truncating 100 MB of them
// as the redirection opens the file costs the kernel 30 ms or more.
const resultFile = join(out, 'results.json')
const script = '"$0" eval --format json "$1" > "$2"; status=$?; times; exit $status'
let iamsimSeconds = Infinity
let iamsimCpuSeconds = Infinity
for (let run = 0; run < 5; run++) {
  rmSync(resultFile, { force: true })
  const started = process.hrtime.bigint()
  const { status, signal, stdout } = spawnSync('bash', ['-c', script, iamsim, scenarioFile, resultFile], {
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
  })
  iamsimSeconds = Math.min(iamsimSeconds, Number(process.hrtime.bigint() - started) / 1e9)
  if (status !== 0) {
    console.error(`iamsim exited with ${status ?? signal}`)
    process.exit(1)
  }
  // `times` prints the shell's user and system time, then its children's.
  const children = stdout.trim().split('\n').at(-1).split(' ').map(minutesSeconds)
  iamsimCpuSeconds = Math.min(iamsimCpuSeconds, children[0] + children[1])
}
const iamsimDecisions = JSON.parse(readFileSync(resultFile, 'utf8')).map((r) => r.decision)

// iam-simulate: the same scenarios, one runSimulation each; best of two
// runs (the second runs on a warmed-up JIT), as iamsim gets its best of three.
const DECISIONS = { Allowed: 'allowed', ExplicitlyDenied: 'explicitDeny', ImplicitlyDenied: 'implicitDeny' }
const simulations = scenarios.map(toSimulation)
let nodeSeconds = Infinity
let nodeCpuSeconds = Infinity
let nodeDecisions = []
for (let run = 0; run < 2; run++) {
  const started = process.hrtime.bigint()
  const cpuStarted = process.cpuUsage()
  nodeDecisions = []
  for (const simulation of simulations) {
    const response = await runSimulation(simulation, {})
    nodeDecisions.push(response.resultType === 'error' ? 'error' : DECISIONS[response.overallResult])
  }
  nodeSeconds = Math.min(nodeSeconds, Number(process.hrtime.bigint() - started) / 1e9)
  const cpu = process.cpuUsage(cpuStarted)
  nodeCpuSeconds = Math.min(nodeCpuSeconds, (cpu.user + cpu.system) / 1e6)
}

const agree = iamsimDecisions.filter((d, i) => d === nodeDecisions[i]).length
const rate = (seconds) => Math.round(n / seconds)
console.log(`scenarios:     ${n}`)
const rates = (wall, cpu) => `${rate(wall)} scenarios/s (${wall.toFixed(3)} s), ${rate(cpu)} per CPU-second (${cpu.toFixed(3)} s)`
console.log(`iamsim:        ${rates(iamsimSeconds, iamsimCpuSeconds)}: the whole process writing JSON to a file, best of 5`)
console.log(`iam-simulate:  ${rates(nodeSeconds, nodeCpuSeconds)}: runSimulation in Node ${process.version}, best of 2`)
console.log(`ratio:         ${(nodeSeconds / iamsimSeconds).toFixed(1)}x by the clock, ${(nodeCpuSeconds / iamsimCpuSeconds).toFixed(1)}x by CPU time`)
console.log(`same decision: ${agree} of ${n}`)
const errors = nodeDecisions.filter((d) => d === 'error').length
if (errors > 0) console.log(`iam-simulate rejected ${errors} scenarios as invalid`)

/** Seconds from bash's `1m2.345s`. */
function minutesSeconds(text) {
  const [, minutes, seconds] = /^(\d+)m([\d.]+)s$/.exec(text) ?? [0, 0, NaN]
  return Number(minutes) * 60 + Number(seconds)
}
