// Shared by the benchmarks: machine description, temporary folders, statistics, and the one-line JSON result
// that bench/run-all.ts collects from each script's output.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'

export const BENCH_RESULT_PREFIX = 'BENCH_RESULT '

export interface BenchRow {
  /** What was measured, e.g. "embedded engine, PGlite on disk". */
  name: string
  value: number
  unit: string
  note?: string
}

export function machine() {
  let cpu = os.cpus()[0]?.model ?? 'unknown'
  try {
    cpu = /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpu
  } catch {
    /* not Linux */
  }
  let nproc = String(os.availableParallelism())
  try {
    nproc = execFileSync('nproc', { encoding: 'utf8' }).trim()
  } catch {
    /* no nproc */
  }
  return {
    date: new Date().toISOString(),
    nproc,
    node: process.version,
    cpu,
    memGiB: +(os.totalmem() / 2 ** 30).toFixed(1),
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    /** Other work on the machine skews the figures: the 1/5/15-minute load averages when this was taken. */
    loadavg: os.loadavg().map((l) => +l.toFixed(2)),
  }
}

const tempDirs = new Set<string>()

/** A fresh folder under the OS temp dir; removed by cleanupTempDirs() (also on SIGINT/SIGTERM). */
export function makeTempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `welfare-bench-${prefix}-`))
  tempDirs.add(dir)
  return dir
}

export function cleanupTempDirs(): void {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true })
  tempDirs.clear()
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    cleanupTempDirs()
    process.exit(130)
  })
}

/** `du -sk` of a folder, in bytes (what the disk really holds), and `du -sh`'s text. */
export function diskUsage(dir: string): { bytes: number; human: string } {
  const kb = Number(execFileSync('du', ['-sk', dir], { encoding: 'utf8' }).split(/\s/)[0])
  const human = execFileSync('du', ['-sh', dir], { encoding: 'utf8' }).split(/\s/)[0]
  return { bytes: kb * 1024, human }
}

export function quantile(sorted: number[], q: number): number {
  if (!sorted.length) return NaN
  const pos = (sorted.length - 1) * q
  const lo = Math.floor(pos)
  const hi = Math.ceil(pos)
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo)
}

export function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b)
  const sum = sorted.reduce((a, b) => a + b, 0)
  return {
    n: sorted.length,
    mean: sum / sorted.length,
    median: quantile(sorted, 0.5),
    p95: quantile(sorted, 0.95),
    min: sorted[0],
    max: sorted[sorted.length - 1],
  }
}

export const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : String(n))
export const mib = (bytes: number) => bytes / 2 ** 20

/** Prints the machine-readable result line (one per script) that run-all.ts picks up. */
export function emitResult(script: string, rows: BenchRow[], extra: Record<string, unknown> = {}): void {
  console.log(BENCH_RESULT_PREFIX + JSON.stringify({ script, machine: machine(), rows, ...extra }))
}

export function envInt(name: string, fallback: number): number {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return fallback
  const n = Number(raw)
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number, got "${raw}"`)
  return n
}

/** Empties a bench PostgreSQL database: its public schema dropped and made again (migrations run on next open). */
export async function dropPublicSchema(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query('DROP SCHEMA IF EXISTS public CASCADE')
    await client.query('CREATE SCHEMA public')
  } finally {
    await client.end()
  }
}

/** Refuses a PostgreSQL URL that is not local or whose database name does not say "bench" (the scripts empty it). */
export function checkBenchDatabaseUrl(url: string): string {
  const parsed = new URL(url)
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname)) {
    throw new Error(`BENCH_DATABASE_URL must point at 127.0.0.1 (got host ${parsed.hostname})`)
  }
  const name = parsed.pathname.replace(/^\//, '')
  if (!/bench/i.test(name)) {
    throw new Error(`BENCH_DATABASE_URL names database "${name}": the benchmark empties its tables, so its name must contain "bench"`)
  }
  return url
}
