// Memory with waiting benefit-application instances vs none: the embedded engine should hold nothing of an instance
// that waits (it lives as rows: state, timer, task). Each instance is created through the engine (Case row,
// startInstance, its register-case and compute-deadlines jobs run) and then waits at the family interview with its
// boundary timer. RSS and heapUsed are read after forced GCs at checkpoints, so the slope per instance shows.
// Creation is bounded by a time budget; when the target is not reached in it, the database is topped up to the
// target with SQL copies of the real rows (new ids, same contents) for the disk-size figure only — the copies
// are never loaded by the engine and say nothing about its memory. Compared with plain bpmn-engine instances
// kept live, waiting at the same user task with the same boundary timer.
//
//   node --expose-gc --import tsx bench/waiting-memory.ts
// Knobs: BENCH_WAITING (10000), BENCH_WAITING_BUDGET_S (180), BENCH_CHECKPOINT (250), BENCH_LIVE (300),
//        BENCH_TOP_UP (1: copy rows up to BENCH_WAITING when the budget ran out; 0: don't).
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { FakeClock } from '../engine/clock.ts'
import { PROCESSES_DIR } from '../engine/deploy-folder.ts'
import type { PrismaClient } from '../src/generated/prisma/client.ts'
import { openDatabase } from '../src/storage/open-database.ts'
import { BENCH_NOW, createBenchEngine, runFullInstance, startCase } from './lib/benefit-driver.ts'
import { cleanupTempDirs, diskUsage, emitResult, envInt, fmt, machine, makeTempDir, mib, type BenchRow } from './lib/common.ts'
import { plainSourceContext, startPlainWaiting } from './lib/plain-engine.ts'

const TARGET = envInt('BENCH_WAITING', 10_000)
const BUDGET_MS = envInt('BENCH_WAITING_BUDGET_S', 180) * 1000
const CHECKPOINT = envInt('BENCH_CHECKPOINT', 250)
const LIVE = envInt('BENCH_LIVE', 300)
const TOP_UP = envInt('BENCH_TOP_UP', 1) === 1

const gc = (globalThis as { gc?: () => void }).gc
if (!gc) {
  console.error('run with: node --expose-gc --import tsx bench/waiting-memory.ts')
  process.exit(2)
}

const rows: BenchRow[] = []
const log = (msg: string) => console.log(msg)

async function settledMemory() {
  for (let i = 0; i < 4; i++) {
    gc!()
    await new Promise((r) => setImmediate(r))
  }
  return process.memoryUsage()
}

function slope(points: { x: number; y: number }[]): number {
  const n = points.length
  const mx = points.reduce((a, p) => a + p.x, 0) / n
  const my = points.reduce((a, p) => a + p.y, 0) / n
  const num = points.reduce((a, p) => a + (p.x - mx) * (p.y - my), 0)
  const den = points.reduce((a, p) => a + (p.x - mx) ** 2, 0)
  return den ? num / den : NaN
}

const memText = (m: NodeJS.MemoryUsage) =>
  `rss ${fmt(mib(m.rss))} MiB, heapUsed ${fmt(mib(m.heapUsed))} MiB, external ${fmt(mib(m.external))} MiB (arrayBuffers ${fmt(mib(m.arrayBuffers))})`

/** Copies real waiting instances (case, its events, instance, jobs, timer, task) with new ids up to `count` more. */
async function topUp(prisma: PrismaClient, count: number) {
  const exec = (sql: string) => prisma.$executeRawUnsafe(sql)
  await exec(`DROP TABLE IF EXISTS bench_src, bench_clone`)
  await exec(`CREATE TEMP TABLE bench_src AS SELECT row_number() OVER (ORDER BY "startedAt", id) AS rn, id AS inst_id, "businessKey" AS case_id
              FROM "ProcessInstance" WHERE status = 'waiting'`)
  const batch = 1000
  for (let done = 0; done < count; done += batch) {
    const k = Math.min(batch, count - done)
    await exec(`DROP TABLE IF EXISTS bench_clone`)
    await exec(`CREATE TEMP TABLE bench_clone AS
      SELECT g + ${done} AS n, s.inst_id AS src_inst, s.case_id AS src_case, gen_random_uuid()::text AS new_inst, gen_random_uuid()::text AS new_case
      FROM generate_series(1, ${k}) g JOIN bench_src s ON s.rn = 1 + (g + ${done} - 1) % (SELECT count(*) FROM bench_src)`)
    const copy = (table: string, alias: string, join: string, overrides: string) =>
      exec(`INSERT INTO "${table}" SELECT (jsonb_populate_record(NULL::"${table}", to_jsonb(${alias}) || jsonb_build_object(${overrides}))).*
            FROM bench_clone m JOIN "${table}" ${alias} ON ${join}`)
    await copy('Case', 'c', 'c.id = m.src_case', `'id', m.new_case, 'number', 'BENCH.' || m.n || '.2026'`)
    await copy('CaseEvent', 'e', 'e."caseId" = m.src_case', `'id', gen_random_uuid()::text, 'caseId', m.new_case`)
    await copy('ProcessInstance', 'p', 'p.id = m.src_inst', `'id', m.new_inst, 'businessKey', m.new_case`)
    await copy('Job', 'j', 'j."instanceId" = m.src_inst', `'id', gen_random_uuid()::text, 'instanceId', m.new_inst, 'executionId', gen_random_uuid()::text`)
    await copy('Timer', 't', 't."instanceId" = m.src_inst', `'id', gen_random_uuid()::text, 'instanceId', m.new_inst, 'executionId', gen_random_uuid()::text`)
    await copy('Task', 't', 't."instanceId" = m.src_inst', `'id', gen_random_uuid()::text, 'instanceId', m.new_inst, 'caseId', m.new_case, 'engineKey', gen_random_uuid()::text`)
  }
  await exec(`DROP TABLE IF EXISTS bench_src, bench_clone`)
  await exec('CHECKPOINT')
}

/** `du -sh` of PGlite's write-ahead log folder inside the data dir. */
function walUsage(dataDir: string): string {
  const wal = path.join(dataDir, 'pglite', 'pg_wal')
  return existsSync(wal) ? diskUsage(wal).human : 'n/a'
}

/** Mean JSON.stringify length of the saved state, variables and trail of the waiting instances (in batches). */
async function savedSizes(prisma: PrismaClient) {
  const sum = { state: 0, variables: 0, trail: 0, maxState: 0, n: 0 }
  for (let cursor: string | undefined; ; ) {
    const batch = await prisma.processInstance.findMany({
      where: { status: 'waiting' },
      select: { id: true, state: true, variables: true, trail: true },
      orderBy: { id: 'asc' },
      take: 500,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    })
    for (const row of batch) {
      const len = JSON.stringify(row.state).length
      sum.state += len
      sum.maxState = Math.max(sum.maxState, len)
      sum.variables += JSON.stringify(row.variables).length
      sum.trail += JSON.stringify(row.trail).length
      sum.n++
    }
    if (batch.length < 500) break
    cursor = batch[batch.length - 1].id
  }
  return { state: sum.state / sum.n, variables: sum.variables / sum.n, trail: sum.trail / sum.n, maxState: sum.maxState }
}

async function dbFigures(prisma: PrismaClient) {
  const [size] = await prisma.$queryRawUnsafe<{ db: bigint }[]>(`SELECT pg_database_size(current_database()) AS db`)
  const tables = await prisma.$queryRawUnsafe<{ name: string; bytes: bigint; rows: bigint }[]>(
    `SELECT c.relname AS name, pg_total_relation_size(c.oid) AS bytes, c.reltuples::bigint AS rows
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = current_schema() AND c.relkind = 'r' ORDER BY pg_total_relation_size(c.oid) DESC LIMIT 6`,
  )
  return { databaseBytes: Number(size.db), tables: tables.map((t) => `${t.name} ${fmt(mib(Number(t.bytes)))} MiB`).join(', ') }
}

async function main() {
  const m = machine()
  log(`waiting-memory ${m.date} · ${m.cpu} · nproc ${m.nproc} · node ${m.node} · load ${m.loadavg.join(' ')} · target ${TARGET} waiting, budget ${BUDGET_MS / 1000} s`)
  const dataDir = makeTempDir('waiting')
  const db = await openDatabase({ dataDir, databaseUrl: null })
  const prisma = db.prisma
  const clock = new FakeClock(BENCH_NOW)
  const engine = await createBenchEngine(prisma, clock)
  try {
    // warm-up: every code path once (the definition is cached, handlers loaded), then nothing waits
    for (let i = 0; i < 20; i++) await runFullInstance(engine, prisma)
    await prisma.$executeRawUnsafe('CHECKPOINT')
    const base = await settledMemory()
    const baseDisk = diskUsage(dataDir)
    log(`0 waiting (after 20 completed warm-up instances): ${memText(base)}; data dir ${baseDisk.human}`)
    rows.push({ name: '0 waiting: RSS', value: mib(base.rss), unit: 'MiB', note: 'after forced GC; 20 completed warm-up instances' })
    rows.push({ name: '0 waiting: heapUsed', value: mib(base.heapUsed), unit: 'MiB' })
    rows.push({ name: '0 waiting: PGlite data dir (du)', value: mib(baseDisk.bytes), unit: 'MiB', note: `du -sh: ${baseDisk.human}` })

    // create waiting instances through the engine, within the budget
    const points: { n: number; ms: number; mem: NodeJS.MemoryUsage; diskBytes: number }[] = [{ n: 0, ms: 0, mem: base, diskBytes: baseDisk.bytes }]
    const t0 = performance.now()
    let created = 0
    let createMs = 0 // creation time alone (checkpoints' GC and du excluded)
    while (created < TARGET && performance.now() - t0 < BUDGET_MS) {
      const a = performance.now()
      await startCase(engine, prisma)
      createMs += performance.now() - a
      created++
      if (created % CHECKPOINT === 0 || created === TARGET) {
        const mem = await settledMemory()
        const disk = diskUsage(dataDir)
        points.push({ n: created, ms: createMs, mem, diskBytes: disk.bytes })
        log(`${String(created).padStart(6)} waiting, ${fmt(created / (createMs / 1000))} created/s: ${memText(mem)}; data dir ${disk.human}`)
      }
    }
    const last = points[points.length - 1]
    if (last.n !== created) {
      const mem = await settledMemory()
      points.push({ n: created, ms: createMs, mem, diskBytes: diskUsage(dataDir).bytes })
    }
    const end = points[points.length - 1]
    const rate = created / (createMs / 1000)
    const reached = created >= TARGET
    const internals = engine as unknown as { locks: Map<unknown, unknown>; definitions: Map<unknown, unknown>; queued: Set<unknown>; queue: unknown[] }

    const [counts] = await prisma.$queryRawUnsafe<{ waiting: bigint; tasks: bigint; timers: bigint }[]>(
      `SELECT (SELECT count(*) FROM "ProcessInstance" WHERE status = 'waiting') AS waiting,
              (SELECT count(*) FROM "Task" WHERE status = 'open' AND "elementId" = 'Task_familyInterview') AS tasks,
              (SELECT count(*) FROM "Timer" WHERE status = 'pending' AND "elementId" = 'Timer_interviewDue') AS timers`,
    )
    if (Number(counts.waiting) !== created || Number(counts.tasks) !== created || Number(counts.timers) !== created) {
      throw new Error(`expected ${created} waiting instances with an open interview task and a pending timer, got ${JSON.stringify(counts, (_k, v) => (typeof v === 'bigint' ? Number(v) : v))}`)
    }
    const perInstanceHeap = slope(points.map((p) => ({ x: p.n, y: p.mem.heapUsed })))
    const perInstanceRss = slope(points.map((p) => ({ x: p.n, y: p.mem.rss })))
    const perInstanceDisk = slope(points.map((p) => ({ x: p.n, y: p.diskBytes })))
    log(`created ${created} waiting instances in ${fmt(createMs / 1000)} s of creation time: ${fmt(rate)} per second${reached ? '' : ` — budget of ${BUDGET_MS / 1000} s ran out before ${TARGET}`}`)
    log(`engine holds: ${internals.locks.size} instance locks, ${internals.queued.size} queued jobs, ${internals.definitions.size} cached definition(s)`)
    log(`slope over ${points.length} checkpoints: heapUsed ${fmt(perInstanceHeap, 0)} B/instance, RSS ${fmt(perInstanceRss, 0)} B/instance, disk ${fmt(perInstanceDisk, 0)} B/instance`)
    rows.push({ name: 'creation rate through the engine (case + start + 2 jobs)', value: rate, unit: '/s', note: `${created} in ${fmt(createMs / 1000)} s${reached ? '' : `; budget ${BUDGET_MS / 1000} s ran out, target ${TARGET} not reached`}` })
    rows.push({ name: `${created} waiting (created by the engine): RSS`, value: mib(end.mem.rss), unit: 'MiB', note: `Δ ${fmt(mib(end.mem.rss - base.rss))} MiB vs 0 waiting` })
    rows.push({ name: `${created} waiting (created by the engine): heapUsed`, value: mib(end.mem.heapUsed), unit: 'MiB', note: `Δ ${fmt(mib(end.mem.heapUsed - base.heapUsed))} MiB vs 0 waiting` })
    rows.push({ name: 'heapUsed per waiting instance (slope over checkpoints)', value: perInstanceHeap, unit: 'B', note: `${points.length} checkpoints, every ${CHECKPOINT}` })
    rows.push({ name: 'RSS per waiting instance (slope over checkpoints)', value: perInstanceRss, unit: 'B' })
    rows.push({ name: 'engine-held instance state after creation', value: internals.locks.size + internals.queued.size, unit: 'entries', note: `locks ${internals.locks.size}, queued jobs ${internals.queued.size}, cached definitions ${internals.definitions.size}` })
    rows.push({ name: `${created} waiting: PGlite data dir (du)`, value: mib(end.diskBytes), unit: 'MiB', note: `of which pg_wal ${walUsage(dataDir)}; slope ${fmt(perInstanceDisk / 1024)} KiB per instance` })

    // saved state size, over the instances the engine created
    const sizes = await savedSizes(prisma)
    log(`saved state of a waiting instance: mean ${fmt(sizes.state, 0)} chars (max ${sizes.maxState}) of JSON; variables ${fmt(sizes.variables, 0)}, trail ${fmt(sizes.trail, 0)}`)
    rows.push({ name: 'ProcessInstance.state JSON length, waiting at the interview (mean)', value: sizes.state, unit: 'chars', note: `max ${sizes.maxState}; variables ${fmt(sizes.variables, 0)}, trail ${fmt(sizes.trail, 0)} chars` })
    const figures = await dbFigures(prisma)
    log(`database: pg_database_size ${fmt(mib(figures.databaseBytes))} MiB; largest tables: ${figures.tables}`)
    rows.push({ name: `${created} waiting: pg_database_size`, value: mib(figures.databaseBytes), unit: 'MiB', note: figures.tables })

    // top up with copies to the target, for the disk figure
    if (!reached && TOP_UP && created > 0) {
      const tc = performance.now()
      await topUp(prisma, TARGET - created)
      const copyMs = performance.now() - tc
      const mem = await settledMemory()
      const disk = diskUsage(dataDir)
      const f = await dbFigures(prisma)
      const [c] = await prisma.$queryRawUnsafe<{ waiting: bigint; tasks: bigint }[]>(
        `SELECT (SELECT count(*) FROM "ProcessInstance" WHERE status = 'waiting') AS waiting, (SELECT count(*) FROM "Task" WHERE status = 'open') AS tasks`,
      )
      const wal = walUsage(dataDir)
      log(`topped up to ${c.waiting} waiting instances (${c.tasks} open tasks) with SQL copies in ${fmt(copyMs / 1000)} s: data dir ${disk.human} (pg_wal ${wal}), pg_database_size ${fmt(mib(f.databaseBytes))} MiB; ${memText(mem)}`)
      rows.push({ name: `${c.waiting} waiting (${created} real + copies): PGlite data dir (du)`, value: mib(disk.bytes), unit: 'MiB', note: `du -sh: ${disk.human}, of which pg_wal ${wal}; pg_database_size ${fmt(mib(f.databaseBytes))} MiB; ${f.tables}` })
      rows.push({ name: `${c.waiting} waiting (${created} real + copies): RSS`, value: mib(mem.rss), unit: 'MiB', note: `heapUsed ${fmt(mib(mem.heapUsed))} MiB; copies never loaded by the engine` })
    }
  } finally {
    await engine.stop()
    await db.close()
  }

  // plain bpmn-engine, instances kept live at the same wait
  if (LIVE > 0) {
    const context = await plainSourceContext(readFileSync(path.join(PROCESSES_DIR, 'benefit-application.bpmn'), 'utf8'))
    for (let i = 0; i < 10; i++) (await startPlainWaiting(context, i)).stop()
    const before = await settledMemory()
    const live: any[] = []
    for (let i = 0; i < LIVE; i++) live.push(await startPlainWaiting(context, i))
    const after = await settledMemory()
    const heapPer = (after.heapUsed - before.heapUsed) / LIVE
    const rssPer = (after.rss - before.rss) / LIVE
    const waitingAtInterview = live.filter((e) => e.execution?.getPostponed().some((a: any) => a.id === 'Task_familyInterview')).length
    const withTimer = live.filter((e) => e.execution?.getPostponed().some((a: any) => a.id === 'Timer_interviewDue')).length
    for (const e of live) e.stop()
    log(`plain bpmn-engine, ${LIVE} instances kept live at the interview (${waitingAtInterview} waiting, ${withTimer} with the boundary timer): heapUsed +${fmt(heapPer / 1024)} KiB, RSS +${fmt(rssPer / 1024)} KiB per instance`)
    rows.push({ name: 'plain bpmn-engine instance kept live at the interview: heapUsed', value: heapPer / 1024, unit: 'KiB', note: `${LIVE} instances (${withTimer} with the boundary timer); RSS +${fmt(rssPer / 1024)} KiB each` })
  }
  emitResult('waiting-memory', rows, { settings: { TARGET, BUDGET_MS, CHECKPOINT, LIVE, TOP_UP } })
}

try {
  await main()
} finally {
  cleanupTempDirs()
}
process.exit(0)
