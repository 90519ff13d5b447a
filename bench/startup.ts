// Start-up time of `npm start` on the embedded defaults (issue 16): from spawning the server to the first
// `/health` answer, on a fresh data folder (database created, migrations applied, the shipped procedures deployed,
// demo accounts made) and on existing data (a restart). Each stage's time comes from the server's own
// `start-up: …` log lines. The client bundles are built by `npm install` (postinstall), not at start.
//   npx tsx bench/startup.ts
// Knobs: BENCH_STARTUP_ROUNDS (3): fresh starts, each followed by the same number of restarts on its data.
import { spawn } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { cleanupTempDirs, emitResult, envInt, fmt, machine, makeTempDir, stats } from './lib/common.ts'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const ROUNDS = envInt('BENCH_STARTUP_ROUNDS', 3)

interface StartResult {
  /** Spawn to the first 200 from /health. */
  healthMs: number
  /** The server's own stage times (ms since createSystem began), by stage name. */
  stages: Record<string, number>
  /** Spawn to SIGTERM's exit. */
  stopMs: number
}

async function startOnce(dataDir: string): Promise<StartResult> {
  const began = performance.now()
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', DATABASE_URL: '', ENGINE: 'embedded' },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const stages: Record<string, number> = {}
  let port = 0
  let buffer = ''
  child.stdout!.setEncoding('utf8')
  child.stdout!.on('data', (chunk: string) => {
    buffer += chunk
    let nl: number
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl)
      buffer = buffer.slice(nl + 1)
      try {
        const entry = JSON.parse(line) as { msg?: string; ms?: number; port?: number }
        if (entry.msg?.startsWith('start-up: ')) stages[entry.msg.slice('start-up: '.length)] = entry.ms ?? NaN
        if (entry.msg === 'start-up: listening' && entry.port) port = entry.port
      } catch {
        /* not a log line */
      }
    }
  })
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  let healthMs = NaN
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode} before answering /health`)
    if (port) {
      const ok = await fetch(`http://127.0.0.1:${port}/health`).then((r) => r.ok, () => false)
      if (ok) {
        healthMs = performance.now() - began
        break
      }
    }
    await new Promise((r) => setTimeout(r, 20))
  }
  const stopping = performance.now()
  child.kill('SIGTERM')
  await exited
  return { healthMs, stages, stopMs: performance.now() - stopping }
}

function stageLine(label: string, r: StartResult): string {
  const parts = Object.entries(r.stages).map(([name, ms]) => `${name} ${ms}`)
  return `${label}: /health after ${fmt(r.healthMs, 0)} ms (stages, ms since createSystem began: ${parts.join(', ')}); stopped in ${fmt(r.stopMs, 0)} ms`
}

async function main() {
  console.log(JSON.stringify(machine()))
  const fresh: StartResult[] = []
  const restart: StartResult[] = []
  for (let round = 1; round <= ROUNDS; round++) {
    const dataDir = makeTempDir('startup')
    const first = await startOnce(dataDir)
    fresh.push(first)
    console.log(stageLine(`round ${round}, fresh data folder`, first))
    for (let again = 1; again <= ROUNDS; again++) {
      const r = await startOnce(dataDir)
      restart.push(r)
      console.log(stageLine(`round ${round}, restart ${again} on existing data`, r))
    }
  }
  const f = stats(fresh.map((r) => r.healthMs))
  const e = stats(restart.map((r) => r.healthMs))
  console.log(`\nfresh data folder (${f.n}): median ${fmt(f.median, 0)} ms, max ${fmt(f.max, 0)} ms (goal ≤ 15 000 ms)`)
  console.log(`existing data (${e.n}): median ${fmt(e.median, 0)} ms, max ${fmt(e.max, 0)} ms (goal ≤ 5 000 ms)`)
  emitResult('startup', [
    { name: 'start-up to /health, fresh data folder (median)', value: +fmt(f.median, 0), unit: 'ms' },
    { name: 'start-up to /health, existing data (median)', value: +fmt(e.median, 0), unit: 'ms' },
  ])
}

main()
  .catch((err) => {
    console.error(err)
    process.exitCode = 1
  })
  .finally(cleanupTempDirs)
