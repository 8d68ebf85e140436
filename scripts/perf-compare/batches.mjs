// Throughput on growing batches drawn from the whole corpus (tests/corpus/
// and the page's examples, repeated in order, warnings included): the native
// CLI (`iamsim eval FILE --format json`, the whole process, its peak memory
// by /usr/bin/time), the JS API's evaluateMany in wasm (dist/api/, called on
// the JSON text of 10,000 scenarios at a time: a JS string holds at most
// 512 MB), and @cloud-copilot/iam-simulate's runSimulation, one scenario at a
// time, in this Node process. Scenarios per second for each, and the ratios,
// from the same run. The linear growth itself is tested by
// tests/node/scaling.test.mjs.
//
// usage: node batches.mjs [path/to/iamsim] [SIZE...]   (run.sh builds first)

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
  let rss = 0
  let warnings = 0
  for (let run = 0; run < (n >= 1_000_000 ? 1 : 3); run++) {
    const r = spawnSync('/usr/bin/time', ['-f', '%e %M', iamsim, 'eval', file, '--format', 'json'], {
      stdio: ['ignore', 'ignore', 'pipe'],
      encoding: 'utf8',
      maxBuffer: 1 << 30,
    })
    const [seconds, kb] = r.stderr.trim().split('\n').at(-1).split(' ').map(Number)
    if (r.status !== 0) throw new Error(`iamsim exited with ${r.status}: ${r.stderr.slice(-2000)}`)
    native = Math.min(native, seconds)
    rss = Math.max(rss, kb)
    warnings = (r.stderr.match(/^warning\[/gm) ?? []).length
  }
  rmSync(file)

  // wasm: evaluateMany on the text of CHUNK scenarios at a time.
  let started = process.hrtime.bigint()
  let wasmWarnings = 0
  for (let from = 0; from < n; from += CHUNK) {
    const outcomes = api.evaluateMany(slice(from, Math.min(n, from + CHUNK)))
    for (const o of outcomes) wasmWarnings += o.warnings?.length ?? 0
  }
  const wasm = Number(process.hrtime.bigint() - started) / 1e9

  // The peer: one runSimulation per scenario.
  const simulations = corpus.map(toSimulation)
  started = process.hrtime.bigint()
  let rejected = 0
  for (let i = 0; i < n; i++) {
    const response = await runSimulation(simulations[i % simulations.length], {})
    if (response.resultType === 'error') rejected++
  }
  const peer = Number(process.hrtime.bigint() - started) / 1e9

  console.log(
    `${n} scenarios: native ${rate(n, native)}/s (${native.toFixed(2)} s, peak ${(rss / 1024).toFixed(0)} MB, ` +
      `${warnings} warnings shown), wasm evaluateMany ${rate(n, wasm)}/s (${wasm.toFixed(2)} s, ${wasmWarnings} warnings), ` +
      `iam-simulate ${rate(n, peer)}/s (${peer.toFixed(2)} s, ${rejected} rejected as invalid): ` +
      `native ${(peer / native).toFixed(1)}x, wasm ${(peer / wasm).toFixed(1)}x the peer`,
  )
}

async function loadApi() {
  const dir = join(root, 'dist/api')
  if (!existsSync(join(dir, 'iamsim.js'))) throw new Error(`${dir} is missing: run scripts/build-api.sh first`)
  const api = await import(pathToFileURL(join(dir, 'iamsim.js')).href)
  await api.default({ module_or_path: readFileSync(join(dir, 'iamsim_bg.wasm')) })
  return api
}
