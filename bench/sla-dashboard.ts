// SLA dashboard latency on PostgreSQL: the queries of GET /api/sla/summary, the breaches chart, the time-per-task
// table and the overdue drill-down (src/sla/sla-summary.ts, the functions the page and the API call), with OPEN open
// tasks and CLOSED completed tasks in the Task table (plus cases with statutory deadlines), at growing sizes.
// Rows are seeded with set-based SQL (generate_series), spread over 6 procedures, 4 groups, 40 people, due dates
// from 60 days overdue to 60 days ahead and completions over two years; then ANALYZE. Sequential calls after a
// warm-up; median and p95 in ms. Also one SLA monitor round with nothing new (the API and the page run one first).
//
//   BENCH_DATABASE_URL=postgresql://welfare:welfare@127.0.0.1:5432/welfare_sla_bench npx tsx bench/sla-dashboard.ts
// Knobs: BENCH_SLA_SIZES ("10000:100000,100000:1000000" as open:closed), BENCH_SLA_RUNS (20). The database is
// emptied: it must be local and its name must contain "bench".
import { openDatabase } from '../src/storage/open-database.ts'
import { breachesByWeek, slaItems, slaSummary, taskTimings } from '../src/sla/sla-summary.ts'
import { checkBenchDatabaseUrl, emitResult, envInt, fmt, machine, stats, type BenchRow } from './lib/common.ts'
import type { PrismaClient } from '../src/generated/prisma/client.ts'
import { SlaMonitor } from '../src/sla/sla-monitor.ts'
import { FakeClock } from '../engine/clock.ts'
import type { WorkflowEngine } from '../engine/port.ts'
import { createLogger } from '../src/logger.ts'

const RUNS = envInt('BENCH_SLA_RUNS', 20)
const SIZES = (process.env.BENCH_SLA_SIZES ?? '10000:100000,100000:1000000').split(',').map((s) => s.split(':').map(Number) as [number, number])
const NOW = new Date('2026-06-15T09:00:00Z')
const rows: BenchRow[] = []
const log = (msg: string) => console.log(msg)

async function seed(prisma: PrismaClient, open: number, closed: number): Promise<void> {
  await prisma.$executeRawUnsafe('TRUNCATE "Task", "Case", "SlaEscalation" CASCADE')
  const now = NOW.toISOString()
  const insert = (status: string, count: number, offset: number) => `
    INSERT INTO "Task" ("id", "engine", "engineKey", "instanceId", "caseId", "processId", "elementId", "name", "candidateGroups", "candidateUsers",
      "assignee", "dueAt", "priority", "status", "createdAt", "completedAt", "completedBy", "slaDueAt", "slaAtRiskAt", "slaAppliedAt", "variables", "properties", "revision")
    SELECT gen_random_uuid()::text, 'embedded', 'k-${status}-' || g, 'i-' || g, NULL,
      (ARRAY['benefit-application','crisis-intervention','municipal-funeral','za-zyciem-coordination','family-assistant','blue-card'])[1 + g % 6],
      'Task_' || (g % 7), 'Zadanie ' || (g % 7),
      ARRAY[(ARRAY['caseworkers','family-assistants','psychologists','blue-card-team'])[1 + g % 4]], ARRAY[]::text[],
      CASE WHEN g % 3 = 0 THEN NULL ELSE 'user' || (g % 40) END,
      d.due, 50, '${status}', d.created,
      ${status === 'completed' ? "d.created + ((g % 500) || ' hours')::interval" : 'NULL'},
      ${status === 'completed' ? "'user' || (g % 40)" : 'NULL'},
      d.due, d.due - interval '3 days', d.created, '{}', '{}', 0
    FROM generate_series(${offset + 1}, ${offset + count}) AS g,
    LATERAL (SELECT
      ${status === 'completed'
        ? `timestamptz '${now}' - ((g % 730) || ' days')::interval - interval '30 days' AS created, timestamptz '${now}' - ((g % 730) || ' days')::interval - interval '16 days' AS due`
        : `timestamptz '${now}' - ((g % 90) || ' days')::interval AS created, timestamptz '${now}' + (((g % 120) - 60) || ' days')::interval AS due`}) AS d`
  const batch = 200_000
  for (let done = 0; done < open; done += batch) await prisma.$executeRawUnsafe(insert('open', Math.min(batch, open - done), done))
  for (let done = 0; done < closed; done += batch) await prisma.$executeRawUnsafe(insert('completed', Math.min(batch, closed - done), open + done))
  await prisma.$executeRawUnsafe(`
    INSERT INTO "Case" ("id", "procedure", "status", "receivedAt", "ownerGroup", "variables", "createdAt", "slaDueAt", "slaAtRiskAt", "slaPolicyId", "slaAppliedAt")
    SELECT gen_random_uuid()::text, 'benefit-application', 'open', date '2026-06-15' - (g % 60), 'caseworkers', '{}', timestamptz '${now}',
      timestamptz '${now}' + (((g % 60) - 30) || ' days')::interval, timestamptz '${now}' + (((g % 60) - 37) || ' days')::interval, 'p', timestamptz '${now}'
    FROM generate_series(1, ${Math.max(1, Math.round(open / 5))}) AS g`)
  await prisma.$executeRawUnsafe('ANALYZE "Task"')
  await prisma.$executeRawUnsafe('ANALYZE "Case"')
}

async function measure(name: string, fn: () => Promise<unknown>): Promise<void> {
  for (let i = 0; i < 3; i++) await fn()
  const samples: number[] = []
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now()
    await fn()
    samples.push(performance.now() - t0)
  }
  const s = stats(samples.sort((a, b) => a - b))
  log(`  ${name.padEnd(58)} median ${fmt(s.median).padStart(8)} ms   p95 ${fmt(s.p95).padStart(8)} ms`)
  rows.push({ name, value: s.median, unit: 'ms median', note: `p95 ${fmt(s.p95)} ms` })
}

async function main(): Promise<void> {
  const url = process.env.BENCH_DATABASE_URL
  if (!url) {
    log('sla-dashboard: BENCH_DATABASE_URL is not set; this benchmark runs on PostgreSQL only')
    emitResult('bench/sla-dashboard.ts', rows)
    return
  }
  const m = machine()
  log(`sla-dashboard ${m.date} · ${m.cpu} · nproc ${m.nproc} · node ${m.node} · load ${m.loadavg.join(' ')}`)
  const db = await openDatabase({ dataDir: '', databaseUrl: checkBenchDatabaseUrl(url) })
  const managers = ['managers']
  try {
    for (const [open, closed] of SIZES) {
      const t0 = performance.now()
      await seed(db.prisma, open, closed)
      log(`\n${open} open + ${closed} completed tasks (seeded in ${fmt((performance.now() - t0) / 1000)} s)`)
      const size = `${open / 1000}k open / ${closed / 1000}k closed`
      await measure(`summary (state × procedure, team, person; cases) ${size}`, () => slaSummary(db.prisma, NOW, managers))
      await measure(`breaches per week, 12 weeks ${size}`, () => breachesByWeek(db.prisma, NOW, 12, managers))
      await measure(`time per task vs target, 90 days ${size}`, () => taskTimings(db.prisma, new Date(NOW.getTime() - 90 * 86_400_000), managers))
      await measure(`drill-down: overdue tasks, first 200 ${size}`, () => slaItems(db.prisma, NOW, managers, { kind: 'task', state: 'overdue' }))
      await measure(`oldest overdue, 10 ${size}`, () => slaItems(db.prisma, NOW, managers, { kind: 'task', state: 'overdue', limit: 10 }))
      // what GET /api/sla/summary and the page run first (refreshSla): a monitor round with nothing new to measure
      const monitor = new SlaMonitor({ prisma: db.prisma, engine: {} as WorkflowEngine, clock: new FakeClock(NOW), logger: createLogger({ level: 'error' }) })
      await measure(`monitor round, nothing new ${size}`, () => monitor.runOnce())
    }
  } finally {
    await db.prisma.$executeRawUnsafe('TRUNCATE "Task", "Case", "SlaEscalation" CASCADE').catch(() => undefined)
    await db.close()
  }
  emitResult('bench/sla-dashboard.ts', rows)
}

await main()
