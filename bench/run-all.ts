// Runs every benchmark in sequence, each in its own Node process, and prints a summary table of what they report.
// Not part of `npm test`.
//   npm run bench
//   BENCH_DATABASE_URL=postgresql://welfare:welfare@127.0.0.1:5432/welfare_bench npm run bench
// Each script's knobs (BENCH_*) pass through; see the header of each script.
import { spawn } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { BENCH_RESULT_PREFIX, fmt, machine, type BenchRow } from './lib/common.ts'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

const SCRIPTS: { file: string; nodeArgs: string[] }[] = [
  { file: 'bench/engine-throughput.ts', nodeArgs: [] },
  { file: 'bench/waiting-memory.ts', nodeArgs: ['--expose-gc'] },
  { file: 'bench/tasks-api-latency.ts', nodeArgs: [] },
  { file: 'bench/inbox-latency.ts', nodeArgs: [] },
  { file: 'bench/sla-dashboard.ts', nodeArgs: [] },
]

interface Result {
  script: string
  rows: BenchRow[]
}

function run(file: string, nodeArgs: string[]): Promise<{ code: number; result: Result | null; seconds: number }> {
  return new Promise((resolve) => {
    const started = performance.now()
    const args = [...nodeArgs, '--import', 'tsx', file]
    console.log(`\n=== node ${args.join(' ')} ===`)
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'], env: process.env })
    let result: Result | null = null
    let buffer = ''
    child.stdout.setEncoding('utf8')
    child.stdout.on('data', (chunk: string) => {
      buffer += chunk
      let nl: number
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl)
        buffer = buffer.slice(nl + 1)
        if (line.startsWith(BENCH_RESULT_PREFIX)) result = JSON.parse(line.slice(BENCH_RESULT_PREFIX.length)) as Result
        else console.log(line)
      }
    })
    child.on('close', (code) => resolve({ code: code ?? 1, result, seconds: (performance.now() - started) / 1000 }))
  })
}

const m = machine()
console.log(`bench ${m.date} · ${m.cpu} · nproc ${m.nproc} · ${m.memGiB} GiB · node ${m.node} · ${m.platform}`)
const results: { file: string; code: number; result: Result | null; seconds: number }[] = []
for (const s of SCRIPTS) results.push({ file: s.file, ...(await run(s.file, s.nodeArgs)) })

console.log('\n=== summary ===')
const table: string[][] = [['script', 'measure', 'value', 'note']]
for (const r of results) {
  if (!r.result) {
    table.push([r.file, `FAILED (exit ${r.code}) after ${fmt(r.seconds, 0)} s`, '', ''])
    continue
  }
  for (const row of r.result.rows) {
    const digits = Math.abs(row.value) >= 100 ? 0 : Math.abs(row.value) >= 10 ? 1 : 2
    table.push([r.result.script, row.name, `${fmt(row.value, digits)} ${row.unit}`, row.note ?? ''])
  }
  table.push([r.result.script, 'run time of the script', `${fmt(r.seconds, 0)} s`, ''])
}
const widths = [0, 1, 2].map((i) => Math.max(...table.map((t) => t[i].length)))
for (const t of table) console.log([0, 1, 2].map((i) => (i === 2 ? t[i].padStart(widths[i]) : t[i].padEnd(widths[i]))).join('  ') + '  ' + t[3])
process.exit(results.every((r) => r.code === 0 && r.result) ? 0 : 1)
