// Throughput on growing batches drawn from the whole corpus (tests/corpus/
// and the page's examples, repeated in order, warnings included): the native
// CLI (`iamsim eval FILE --format json`, the whole process, its peak memory
// by /usr/bin/time), the JS API's evaluateMany in wasm (dist/api/, called on
// the JSON text of 10,000 scenarios at a time: a JS string holds at most
// 512 MB), and @cloud-copilot/iam-simulate's runSimulation, one scenario at a
// time, in this Node process. Scenarios per second for each, and the ratios,
// from the same run. Both in-process ones evaluate one call (of one or of
// 10,000 scenarios) after another, so their rate does not depend on the
// batch's size: they are timed on its first WASM_SAMPLE and PEER_SAMPLE
// scenarios (the peer does a few hundred of these scenarios per CPU-second:
// a million would take an hour). The linear growth itself is tested by
// tests/node/scaling.test.mjs.
//
// usage: node batches.mjs [path/to/iamsim] [SIZE...]   (run.sh builds first)
// env: WASM_SAMPLE (default 100000), PEER_SAMPLE (default 10000)

import { spawnSync } from 'node:child_process'
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, writeSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { runSimulation } from '@cloud-copilot/iam-simulate'
import { toSimulation } from './simulation.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const root = join(here, '../..')
const iamsim = process.argv[2] ?? join(root, 'target/release/iamsim')
const sizes = process.argv.slice(3).map(Number)
if (sizes.length === 0) sizes.push(10_000, 100_000, 1_000_000)
const out = join(here, 'out')
mkdirSync(out, { recursive: true })

const corpus = []
for (const dir of ['tests/corpus', 'web/examples']) {
  for (const name of readdirSync(join(root, dir)).sort()) {
    if (!name.endsWith('.json')) continue
    const value = JSON.parse(readFileSync(join(root, dir, name), 'utf8'))
    corpus.push(...(Array.isArray(value) ? value : [value]))
  }
}
const texts = corpus.map((s) => JSON.stringify(s))
/** The JSON text of scenarios `from..to` of the repeated corpus. */
const slice = (from, to) => {
  const parts = []
  for (let i = from; i < to; i++) parts.push(texts[i % texts.length])
  return `[${parts.join(',')}]`
}

const api = await loadApi()
const CHUNK = 10_000
const WASM_SAMPLE = Number(process.env.WASM_SAMPLE ?? 100_000)
const PEER_SAMPLE = Number(process.env.PEER_SAMPLE ?? 10_000)
const rate = (n, seconds) => Math.round(n / seconds)
for (const n of sizes) {
  // The file, written a chunk at a time: 1,000,000 scenarios are 0.9 GB.
  const file = join(out, `corpus-${n}.json`)
  const fd = openSync(file, 'w')
  for (let from = 0; from < n; from += CHUNK) {
    const text = slice(from, Math.min(n, from + CHUNK))
    writeSync(fd, (from === 0 ? '[' : ',') + text.slice(1, -1))
  }
  writeSync(fd, n === 0 ? '[]' : ']')
  closeSync(fd)

  // Native: best of 3 (of 1 for a million), stdout to /dev/null.
  let native = Infinity
  let nativeCpu = Infinity
  let rss = 0
  let warnings = 0
  for (let run = 0; run < (n >= 1_000_000 ? 1 : 3); run++) {
    const r = spawnSync('/usr/bin/time', ['-f', '%e %M %U %S', iamsim, 'eval', file, '--format', 'json'], {
      stdio: ['ignore', 'ignore', 'pipe'],
      encoding: 'utf8',
      maxBuffer: 1 << 30,
    })
    const [seconds, kb, user, system] = r.stderr.trim().split('\n').at(-1).split(' ').map(Number)
    if (r.status !== 0) throw new Error(`iamsim exited with ${r.status}: ${r.stderr.slice(-2000)}`)
    native = Math.min(native, seconds)
    nativeCpu = Math.min(nativeCpu, user + system)
    rss = Math.max(rss, kb)
    warnings = (r.stderr.match(/^warning\[/gm) ?? []).length
  }
  rmSync(file)

  // wasm: evaluateMany on the text of CHUNK scenarios at a time.
  let started = process.hrtime.bigint()
  let cpuStarted = process.cpuUsage()
  let wasmWarnings = 0
  const wasmN = Math.min(n, WASM_SAMPLE)
  for (let from = 0; from < wasmN; from += CHUNK) {
    const outcomes = api.evaluateMany(slice(from, Math.min(wasmN, from + CHUNK)))
    for (const o of outcomes) wasmWarnings += o.warnings?.length ?? 0
  }
  const wasm = Number(process.hrtime.bigint() - started) / 1e9
  const wasmCpu = cpuSeconds(cpuStarted)

  // The peer: one runSimulation per scenario.
  const simulations = corpus.map(toSimulation)
  started = process.hrtime.bigint()
  cpuStarted = process.cpuUsage()
  let rejected = 0
  const peerN = Math.min(n, PEER_SAMPLE)
  for (let i = 0; i < peerN; i++) {
    const response = await runSimulation(simulations[i % simulations.length], {})
    if (response.resultType === 'error') rejected++
  }
  const peer = Number(process.hrtime.bigint() - started) / 1e9
  const peerCpu = cpuSeconds(cpuStarted)

  console.log(`${n} scenarios (warnings: ${warnings} shown in full by the CLI, the rest counted)`)
  console.log(`  iamsim native:  ${rate(n, native)}/s (${native.toFixed(2)} s), ${rate(n, nativeCpu)} per CPU-second, peak RSS ${(rss / 1024).toFixed(0)} MB`)
  const sampled = (k) => (k < n ? `, timed on the first ${k}` : '')
  console.log(`  iamsim wasm:    ${rate(wasmN, wasm)}/s (${wasm.toFixed(2)} s${sampled(wasmN)}), ${rate(wasmN, wasmCpu)} per CPU-second, ${wasmWarnings} warnings in its results`)
  console.log(`  iam-simulate:   ${rate(peerN, peer)}/s (${peer.toFixed(2)} s${sampled(peerN)}), ${rate(peerN, peerCpu)} per CPU-second, ${rejected} rejected as invalid`)
  // Ratios of rates: each side's scenarios per second over the peer's.
  const ratio = (k, s, pk, ps) => (k / s / (pk / ps)).toFixed(1)
  console.log(
    `  ratios to the peer, clock / CPU: native ${ratio(n, native, peerN, peer)}x / ${ratio(n, nativeCpu, peerN, peerCpu)}x, ` +
      `wasm ${ratio(wasmN, wasm, peerN, peer)}x / ${ratio(wasmN, wasmCpu, peerN, peerCpu)}x`,
  )
}

/** CPU seconds of this process since `started` (a process.cpuUsage()). */
function cpuSeconds(started) {
  const { user, system } = process.cpuUsage(started)
  return (user + system) / 1e6
}

async function loadApi() {
  const dir = join(root, 'dist/api')
  if (!existsSync(join(dir, 'iamsim.js'))) throw new Error(`${dir} is missing: run scripts/build-api.sh first`)
  const api = await import(pathToFileURL(join(dir, 'iamsim.js')).href)
  await api.default({ module_or_path: readFileSync(join(dir, 'iamsim_bg.wasm')) })
  return api
}
