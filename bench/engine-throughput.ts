// Benefit-application instances per second, start to end, through:
//   1. plain bpmn-engine in memory (no persistence), parsing the XML per instance and with the parse cached;
//   2. the embedded engine's run cycle without a database (InstanceRun: start, then recover → apply → snapshot
//      per event, state through JSON as the database would hand it back), handler results stubbed;
//   3. the embedded engine with persistence: PGlite in a temporary data dir (on disk), PGlite in memory, and
//      PostgreSQL when BENCH_DATABASE_URL is set — the real file, the real handlers, a Case row per instance,
//      the three user tasks completed from here. One instance at a time, then BENCH_CONCURRENCY at a time.
// For the first persistent backend a second, instrumented pass splits the time: database calls outside
// transactions, engine saves (persistRun transactions), handler transactions, and the rest (engine CPU).
//
//   npx tsx bench/engine-throughput.ts
//   BENCH_DATABASE_URL=postgresql://welfare:welfare@127.0.0.1:5432/welfare_bench npx tsx bench/engine-throughput.ts
// Then, per backend, the ratio to plain measured interleaved (BENCH_RATIO_ROUNDS rounds of: 5 plain instances, 3
// embedded one at a time, 5 plain, one batch of BENCH_CONCURRENCY embedded at once): both sides of each round see
// the same load on a shared machine, where plain alone moved between 90 and 165 ms within an hour (§1i).
// Knobs: BENCH_INSTANCES (100), BENCH_PLAIN_INSTANCES (300), BENCH_WARMUP (5), BENCH_SPLIT_INSTANCES (30),
//        BENCH_CONCURRENCY (4), BENCH_RATIO_ROUNDS (6), BENCH_BACKENDS (pglite-disk,pglite-memory[,postgresql]).
import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { PrismaClient } from '../src/generated/prisma/client.ts'
import { FakeClock } from '../engine/clock.ts'
import { PROCESSES_DIR } from '../engine/deploy-folder.ts'
import { buildSourceContext, InstanceRun, type JobResult, type RunSnapshot } from '../engine/embedded/instance-run.ts'
import { parseBpmn } from '../engine/embedded/process-model.ts'
import { openDatabase, type OpenedDatabase } from '../src/storage/open-database.ts'
import { AFTER_APPEAL_PERIOD, BENCH_NOW, createBenchEngine, DELIVERED_AT, runBatch, runFullInstance, START_VARIABLES, USER_TASK_STEPS, type PhaseTimes } from './lib/benefit-driver.ts'
import {
  checkBenchDatabaseUrl,
  cleanupTempDirs,
  emitResult,
  envInt,
  fmt,
  makeTempDir,
  machine,
  stats,
  type BenchRow,
} from './lib/common.ts'
import { DbTimings, instrumentPrisma } from './lib/prisma-timing.ts'
import { plainSourceContext, runPlainInstance } from './lib/plain-engine.ts'

const N = envInt('BENCH_INSTANCES', 100)
const N_PLAIN = envInt('BENCH_PLAIN_INSTANCES', 300)
const WARMUP = envInt('BENCH_WARMUP', 5)
const N_SPLIT = envInt('BENCH_SPLIT_INSTANCES', 30)
const CONCURRENCY = envInt('BENCH_CONCURRENCY', 4)
const RATIO_ROUNDS = envInt('BENCH_RATIO_ROUNDS', 6)
const DATABASE_URL = process.env.BENCH_DATABASE_URL ? checkBenchDatabaseUrl(process.env.BENCH_DATABASE_URL) : null
type Backend = 'pglite-disk' | 'pglite-memory' | 'postgresql'
const BACKENDS = (process.env.BENCH_BACKENDS?.split(',') ?? ['pglite-disk', 'pglite-memory', 'postgresql'])
  .map((b) => b.trim() as Backend)
  .filter((b) => b !== 'postgresql' || DATABASE_URL)

const SOURCE = readFileSync(path.join(PROCESSES_DIR, 'benefit-application.bpmn'), 'utf8')
const rows: BenchRow[] = []
const log = (msg: string) => console.log(msg)

// ----------------------------------------------------------------------------------------------- plain engine

async function benchPlain() {
  const results: Record<string, number> = {}
  if (N_PLAIN === 0) return results
  const context = await plainSourceContext(SOURCE)
  for (const [label, input] of [
    ['plain bpmn-engine, XML parsed per instance', { source: SOURCE }],
    ['plain bpmn-engine, parsed once (sourceContext)', { sourceContext: context }],
  ] as const) {
    for (let i = 0; i < Math.min(20, N_PLAIN); i++) await runPlainInstance(input, i) // warm-up
    const started = await runPlainInstance(input, -1)
    // the grant path since the procedures issue: registration to approval, delivery, the appeal period passing,
    // final decision, payments, closing (24 activities, boundary events included; 23 before a later process change)
    if (started !== 24) throw new Error(`plain run started ${started} activities, expected 24 (the grant path)`)
    const t = performance.now()
    for (let i = 0; i < N_PLAIN; i++) await runPlainInstance(input, i)
    const ms = (performance.now() - t) / N_PLAIN
    results[label] = ms
    rows.push({ name: `${label}: ms per instance`, value: ms, unit: 'ms', note: `${N_PLAIN} instances, sequential` })
    rows.push({ name: `${label}: instances/s`, value: 1000 / ms, unit: '/s' })
    log(`${label}: ${fmt(ms, 2)} ms/instance, ${fmt(1000 / ms)} instances/s (${N_PLAIN} instances)`)
  }
  return results
}

// ------------------------------------------------------------------------------- embedded run cycle, no database

/**
 * The embedded engine's per-event cycle (engine/embedded/embedded-engine.ts) minus the database. `live`: the run is
 * kept between events (engine/embedded/live-instances.ts) instead of recovered from the state for each one; the
 * state is still taken and serialised for every event, as the save needs it.
 */
async function benchInstanceRun(jobResults: Map<string, Record<string, unknown>>, live = false) {
  const parsed = await parseBpmn('benefit-application.bpmn', SOURCE)
  const cached = { model: parsed.processes[0], sourceContext: await buildSourceContext(SOURCE) }
  const clock = new FakeClock(BENCH_NOW)
  let stateBytes = 0
  let saves = 0
  const one = async () => {
    clock.set(BENCH_NOW)
    const liveRun = new InstanceRun(cached, clock)
    let snap: RunSnapshot = await liveRun.start({ ...START_VARIABLES, caseId: 'bench-case' }, { keepLive: live })
    let step = 0
    /** The run for the next event: the live one continued, or a fresh one recovered from the state as saved. */
    const runFor = async (state: string, results?: Map<string, JobResult>) => {
      if (live) {
        if (!liveRun.continueWith(new Map(), results)) throw new Error('the live run cannot continue')
        return liveRun
      }
      const run = new InstanceRun(cached, clock, results)
      await run.recover(JSON.parse(state)) // what a Json column hands back
      return run
    }
    for (let guard = 0; snap.status === 'waiting' && guard < 50; guard++) {
      const state = JSON.stringify(snap.state) // what the save writes
      stateBytes += state.length
      saves++
      if (snap.jobs.length) {
        const job = snap.jobs[0]
        const result: JobResult = { kind: 'complete', variables: jobResults.get(job.type) ?? {} }
        const run = await runFor(state, new Map([[job.executionId, result]]))
        snap = await run.snapshot({ keepLive: live })
      } else if (snap.messages.some((m) => m.messageName === 'decision-delivered')) {
        const message = snap.messages.find((m) => m.messageName === 'decision-delivered')!
        const run = await runFor(state)
        run.correlateMessage(message.executionId, { deliveredAt: DELIVERED_AT })
        snap = await run.snapshot({ keepLive: live })
      } else if (snap.userTasks.some((t) => t.model.id === 'Task_appealWindow')) {
        // the appeal period passes: the clock moves past it and its boundary timer fires
        const timer = snap.timers.find((t) => t.elementId === 'Timer_appealDeadline')
        if (!timer) throw new Error('the appeal window has no timer')
        clock.set(AFTER_APPEAL_PERIOD)
        const run = await runFor(state)
        run.fireTimer(timer.executionId)
        snap = await run.snapshot({ keepLive: live })
      } else if (snap.userTasks.length) {
        const run = await runFor(state)
        run.completeUserTask(snap.userTasks[0].executionId, USER_TASK_STEPS[step++].variables)
        snap = await run.snapshot({ keepLive: live })
      } else {
        throw new Error('waiting on neither a job nor a user task')
      }
    }
    if (snap.status !== 'completed') throw new Error(`InstanceRun cycle ended ${snap.status}: ${snap.error?.message}`)
  }
  for (let i = 0; i < WARMUP; i++) await one()
  stateBytes = 0
  saves = 0
  const n = Math.max(N, 20)
  const t = performance.now()
  for (let i = 0; i < n; i++) await one()
  const ms = (performance.now() - t) / n
  const label = live ? 'embedded run cycle without database, run kept live (InstanceRun)' : 'embedded run cycle without database (InstanceRun)'
  rows.push({ name: `${label}: ms per instance`, value: ms, unit: 'ms', note: `${n} instances; ${fmt(saves / n, 0)} snapshots per instance` })
  rows.push({ name: `${label}: ms per event (${live ? 'continue' : 'recover'}+apply+snapshot)`, value: ms / (saves / n + 1), unit: 'ms' })
  rows.push({ name: `${label}: mean saved state size`, value: stateBytes / saves, unit: 'chars', note: 'JSON.stringify(state).length per save' })
  log(`${label}: ${fmt(ms, 2)} ms/instance, ${fmt(saves / n, 0)} waits per instance, mean state ${fmt(stateBytes / saves, 0)} chars`)
  return ms
}

// ----------------------------------------------------------------------------------------- embedded, persisted

async function openBackend(backend: Backend): Promise<OpenedDatabase> {
  if (backend === 'postgresql') {
    const db = await openDatabase({ dataDir: '', databaseUrl: DATABASE_URL })
    await emptyTables(db.prisma)
    return db
  }
  if (backend === 'pglite-memory') return openDatabase({ dataDir: '', databaseUrl: null }, { inMemory: true })
  return openDatabase({ dataDir: makeTempDir('throughput'), databaseUrl: null })
}

async function emptyTables(prisma: PrismaClient) {
  const tables = await prisma.$queryRawUnsafe<{ name: string }[]>(
    `SELECT quote_ident(tablename) AS name FROM pg_tables WHERE schemaname = current_schema() AND tablename <> '_prisma_migrations'`,
  )
  if (tables.length) await prisma.$executeRawUnsafe(`TRUNCATE ${tables.map((t) => t.name).join(', ')} RESTART IDENTITY CASCADE`)
}

async function harvestJobResults(prisma: PrismaClient) {
  const jobs = await prisma.job.findMany({ where: { status: 'completed' }, select: { type: true, result: true } })
  return new Map(jobs.map((j) => [j.type, (j.result ?? {}) as Record<string, unknown>]))
}

async function benchBackend(backend: Backend, withSplit: boolean) {
  const label = `embedded + ${backend}`
  const tOpen = performance.now()
  const db = await openBackend(backend)
  log(`${label}: database opened and migrated in ${fmt(performance.now() - tOpen, 0)} ms`)
  const clock = new FakeClock(BENCH_NOW)
  let jobResults = new Map<string, Record<string, unknown>>()
  try {
    // sequential
    let engine = await createBenchEngine(db.prisma, clock)
    for (let i = 0; i < WARMUP; i++) await runFullInstance(engine, db.prisma)
    jobResults = await harvestJobResults(db.prisma)
    const phases: PhaseTimes[] = []
    const ids: string[] = []
    const cpu0 = process.cpuUsage()
    const t = performance.now()
    for (let i = 0; i < N; i++) {
      const r = await runFullInstance(engine, db.prisma)
      phases.push(r)
      ids.push(r.instanceId)
    }
    const wall = performance.now() - t
    const cpu = process.cpuUsage(cpu0)
    const cpuShare = (cpu.user + cpu.system) / 1000 / wall
    await engine.stop()
    const completed = await db.prisma.processInstance.count({ where: { id: { in: ids }, status: 'completed' } })
    if (completed !== N) throw new Error(`${label}: only ${completed} of ${N} instances completed`)
    const closed = await db.prisma.case.count({ where: { status: 'closed', outcome: 'granted' } })
    const s = stats(phases.map((p) => p.total))
    const mean = (k: keyof PhaseTimes) => phases.reduce((a, p) => a + p[k], 0) / phases.length
    rows.push({ name: `${label}, 1 at a time: instances/s`, value: (N * 1000) / wall, unit: '/s', note: `${N} instances, all completed, ${closed} cases closed as granted (incl. warm-up)` })
    rows.push({ name: `${label}, 1 at a time: ms per instance (mean)`, value: wall / N, unit: 'ms', note: `median ${fmt(s.median)} ms, p95 ${fmt(s.p95)} ms; this process on CPU ${fmt(cpuShare * 100, 0)}% of the wall time` })
    const phaseNote = `case row ${fmt(mean('caseCreate'))}, start→interview waiting ${fmt(mean('start'))}, open-task lookups ${fmt(mean('lookups'))}, interview ${fmt(mean('interview'))}, draft ${fmt(mean('draft'))}, approval→end ${fmt(mean('approve'))}`
    rows.push({ name: `${label}, 1 at a time: phases (ms, mean)`, value: mean('total'), unit: 'ms', note: phaseNote })
    log(`${label}, 1 at a time: ${fmt((N * 1000) / wall)} instances/s, ${fmt(wall / N)} ms/instance (median ${fmt(s.median)}, p95 ${fmt(s.p95)}); this process on CPU ${fmt(cpuShare * 100, 0)}% of the time`)
    log(`  phases (mean ms): ${phaseNote}`)

    // instrumented: where the time goes
    if (withSplit && N_SPLIT > 0) {
      const { client, timings } = instrumentPrisma(db.prisma)
      engine = await createBenchEngine(client, clock)
      await runFullInstance(engine, client)
      timings.reset()
      const ts = performance.now()
      for (let i = 0; i < N_SPLIT; i++) await runFullInstance(engine, client)
      const splitWall = performance.now() - ts
      await engine.stop()
      reportSplit(label, timings, splitWall, N_SPLIT)
    }

    // concurrent
    if (CONCURRENCY > 1) {
      engine = await createBenchEngine(db.prisma, clock)
      // batches of CONCURRENCY instances in parallel up to their decisions' delivery, then one clock move for the
      // batch (the clock is shared: moving it per instance would race between drivers)
      const tc = performance.now()
      const cIds: string[] = []
      while (cIds.length < N) cIds.push(...(await runBatch(engine, db.prisma, Math.min(CONCURRENCY, N - cIds.length))))
      const cWall = performance.now() - tc
      await engine.stop()
      const cDone = await db.prisma.processInstance.count({ where: { id: { in: cIds }, status: 'completed' } })
      const incidents = await db.prisma.processInstance.count({ where: { status: 'incident' } })
      rows.push({
        name: `${label}, ${CONCURRENCY} at a time: instances/s`,
        value: (cIds.length * 1000) / cWall,
        unit: '/s',
        note: `${cIds.length} instances, ${cDone} completed, ${incidents} incidents`,
      })
      log(`${label}, ${CONCURRENCY} at a time: ${fmt((cIds.length * 1000) / cWall)} instances/s (${cDone}/${cIds.length} completed, ${incidents} incidents)`)
    }
    if (RATIO_ROUNDS > 0) await interleavedRatios(label, db.prisma, clock)
    return { msPerInstance: wall / N, jobResults }
  } finally {
    if (backend === 'postgresql') await emptyTables(db.prisma).catch(() => undefined)
    await db.close()
  }
}

/**
 * Embedded ÷ plain (parsed once) per round, each round measuring both sides back to back: 5 plain instances, 3
 * embedded one at a time, 5 plain, then CONCURRENCY embedded at once (their wall time ÷ CONCURRENCY against the
 * plain mean around it). Reports the median and the range of the rounds' ratios.
 */
async function interleavedRatios(label: string, prisma: PrismaClient, clock: FakeClock) {
  const context = await plainSourceContext(SOURCE)
  const engine = await createBenchEngine(prisma, clock)
  const plainMean = async () => {
    const t = performance.now()
    for (let i = 0; i < 5; i++) await runPlainInstance({ sourceContext: context }, i)
    return (performance.now() - t) / 5
  }
  const one: number[] = []
  const batch: number[] = []
  try {
    for (let round = 0; round < RATIO_ROUNDS; round++) {
      const p1 = await plainMean()
      let t = performance.now()
      for (let i = 0; i < 3; i++) await runFullInstance(engine, prisma)
      one.push((performance.now() - t) / 3 / p1)
      const p2 = await plainMean()
      t = performance.now()
      await runBatch(engine, prisma, CONCURRENCY)
      batch.push((performance.now() - t) / CONCURRENCY / p2)
    }
  } finally {
    await engine.stop()
  }
  for (const [what, ratios] of [['1 at a time', one], [`${CONCURRENCY} at a time`, batch]] as const) {
    const s = stats(ratios)
    const note = `median of ${ratios.length} interleaved rounds; range ${fmt(Math.min(...ratios), 2)}–${fmt(Math.max(...ratios), 2)}`
    rows.push({ name: `ratio ${label}, ${what} / plain (parsed once), interleaved`, value: s.median, unit: '×', note })
    log(`ratio ${label}, ${what}: ${fmt(s.median, 2)}× plain (parsed once), interleaved (${note})`)
  }
}

function reportSplit(label: string, t: DbTimings, wall: number, n: number) {
  const per = (ms: number) => ms / n
  const outside = DbTimings.total(t.outside)
  const txTotal = DbTimings.total(t.transactions)
  const inside = DbTimings.total(t.inside)
  const rest = wall - outside.ms - txTotal.ms
  log(`  split over ${n} instrumented instances (${fmt(wall / n)} ms each, instrumented):`)
  log(`    database calls outside transactions: ${fmt(outside.count / n)} per instance, ${fmt(per(outside.ms))} ms`)
  for (const [kind, s] of [...t.transactions].sort((a, b) => b[1].ms - a[1].ms)) {
    log(`    ${kind}: ${fmt(s.count / n)} per instance, ${fmt(per(s.ms))} ms (${fmt(s.ms / s.count, 2)} ms each)`)
  }
  log(`    statements inside transactions: ${fmt(inside.count / n)} per instance`)
  log(`    everything else (bpmn-engine recover/run/getState, FEEL, JSON, handler code, this script): ${fmt(per(rest))} ms`)
  const all = [...t.outside, ...[...t.inside].map(([k, v]) => [`(tx) ${k}`, v] as const)].sort((a, b) => b[1].ms - a[1].ms)
  log(`    statements per instance, by total time (count × mean ms):`)
  for (const [k, v] of all) log(`      ${k.padEnd(44)} ${fmt(v.count / n).padStart(5)} × ${fmt(v.ms / v.count, 2).padStart(6)} ms = ${fmt(v.ms / n).padStart(6)} ms`)
  const save = t.transactions.get('engine save (persistRun)')
  rows.push({ name: `${label}: split, instrumented mean per instance`, value: wall / n, unit: 'ms', note: `${n} instances` })
  rows.push({ name: `${label}: split, DB calls outside transactions`, value: per(outside.ms), unit: 'ms', note: `${fmt(outside.count / n)} calls per instance` })
  if (save) {
    rows.push({
      name: `${label}: split, engine saves (persistRun transactions)`,
      value: per(save.ms),
      unit: 'ms',
      note: `${fmt(save.count / n)} saves per instance, ${fmt(save.ms / save.count, 2)} ms per save`,
    })
  }
  const handlerTx = t.transactions.get('handler transaction')
  if (handlerTx) rows.push({ name: `${label}: split, handler transactions`, value: per(handlerTx.ms), unit: 'ms', note: `${fmt(handlerTx.count / n)} per instance` })
  rows.push({ name: `${label}: split, statements inside transactions`, value: inside.count / n, unit: 'per instance' })
  rows.push({ name: `${label}: split, outside the database (engine CPU etc.)`, value: per(rest), unit: 'ms' })
}

// ------------------------------------------------------------------------------------------------------ main

async function main() {
  const m = machine()
  log(`engine-throughput ${m.date} · ${m.cpu} · nproc ${m.nproc} · node ${m.node} · load ${m.loadavg.join(' ')}`)
  log(`backends: ${BACKENDS.join(', ')}${DATABASE_URL ? '' : ' (BENCH_DATABASE_URL unset: no PostgreSQL)'}`)
  const plain = await benchPlain()
  const embedded: Partial<Record<Backend, number>> = {}
  let jobResults: Map<string, Record<string, unknown>> | null = null
  for (const [i, backend] of BACKENDS.entries()) {
    const r = await benchBackend(backend, i === 0 || backend === 'postgresql')
    embedded[backend] = r.msPerInstance
    jobResults ??= r.jobResults
  }
  const noDb = await benchInstanceRun(jobResults ?? new Map())
  const noDbLive = await benchInstanceRun(jobResults ?? new Map(), true)
  const plainParsed = plain['plain bpmn-engine, XML parsed per instance']
  const plainCached = plain['plain bpmn-engine, parsed once (sourceContext)']
  for (const [backend, ms] of Object.entries(embedded)) {
    if (!plainParsed) break
    rows.push({ name: `ratio embedded + ${backend} / plain (XML parsed per instance)`, value: ms! / plainParsed, unit: '×' })
    rows.push({ name: `ratio embedded + ${backend} / plain (parsed once)`, value: ms! / plainCached, unit: '×' })
    log(`ratio embedded + ${backend}: ${fmt(ms! / plainParsed)}× plain (parse per instance), ${fmt(ms! / plainCached)}× plain (parsed once)`)
  }
  if (plainCached) rows.push({ name: 'ratio run cycle without database / plain (parsed once)', value: noDb / plainCached, unit: '×' })
  if (plainCached) rows.push({ name: 'ratio run cycle without database, kept live / plain (parsed once)', value: noDbLive / plainCached, unit: '×' })
  emitResult('engine-throughput', rows, { settings: { N, N_PLAIN, WARMUP, N_SPLIT, CONCURRENCY, BACKENDS } })
}

try {
  await main()
} finally {
  cleanupTempDirs()
}
process.exit(0)
