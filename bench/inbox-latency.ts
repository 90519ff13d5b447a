// Inbox list and count latency (median, p95) with 1 000, 10 000 and 100 000 open tasks, on PGlite (a file
// database in a temporary DATA_DIR, as the app runs it) and on PostgreSQL when BENCH_DATABASE_URL is set.
//
// For each size the tables are emptied and seeded with set-based SQL (bench/lib/inbox-seed.ts: N open tasks over
// six procedures, five groups and ~40 people, as many completed tasks, N cases with applicants and household
// members), then VACUUM ANALYZE. Each measure calls the service functions GET /api/tasks and GET /api/tasks/counts
// call (queryInbox, countTasks: keyset page SQL, rows by id, business columns from Case/Person, one audit row),
// with the query parsed by the same parser (parseInboxQuery), but without HTTP (bench/tasks-api-latency.ts measures
// the server). Sequential calls: BENCH_INBOX_WARMUP warm-up, then BENCH_INBOX_ITERATIONS timed; median and p95.
// A measure whose median exceeds BENCH_INBOX_EXPLAIN_MS gets the EXPLAIN ANALYZE of its main SQL printed.
// Nothing asserts a time.
//
//   npm run bench:inbox
//   BENCH_DATABASE_URL=postgresql://welfare:welfare@127.0.0.1:5432/welfare_bench npm run bench:inbox
// Knobs: BENCH_INBOX_SIZES (1000,10000,100000), BENCH_INBOX_ITERATIONS (30), BENCH_INBOX_WARMUP (5),
// BENCH_INBOX_COMPLETED_PER_OPEN (1), BENCH_INBOX_BACKENDS (pglite,postgresql), BENCH_INBOX_EXPLAIN_MS (200),
// BENCH_INBOX_COUNT_LIMITS (the shipped COUNT_LIMIT; a list such as 100,500,1000,1000000 compares where counts stop),
// BENCH_DATABASE_URL (the PostgreSQL rows; its tables are emptied: it must be local and named *bench*).
import { Prisma } from '../src/generated/prisma/client.ts'
import type { Clock } from '../engine/clock.ts'
import { COUNT_LIMIT, countQuery, countTasks } from '../src/inbox/count-tasks.ts'
import { parseInboxFilters, parseInboxQuery, sortLevels, type InboxFilters, type InboxQuery } from '../src/inbox/inbox-query.ts'
import { andAll, filterConditions, pageQuery, viewCondition, viewerOf } from '../src/inbox/inbox-sql.ts'
import { restrictionsOf } from '../domain/procedure-restriction.ts'
import { DEFAULT_RESTRICTIONS } from '../src/procedures/load-restrictions.ts'
import { queryInbox } from '../src/inbox/list-tasks.ts'
import { openDatabase, type OpenedDatabase } from '../src/storage/open-database.ts'
import type { Actor } from '../src/users/actor.ts'
import { isPrivileged } from '../src/users/groups.ts'
import { checkBenchDatabaseUrl, cleanupTempDirs, emitResult, envInt, fmt, machine, makeTempDir, stats, type BenchRow } from './lib/common.ts'
import { emptyTables, seedInbox } from './lib/inbox-seed.ts'

/** Where the counts stop: src/inbox/count-tasks.ts COUNT_LIMIT, and any other limits listed to compare. */
const COUNT_LIMITS = (process.env.BENCH_INBOX_COUNT_LIMITS ?? String(COUNT_LIMIT)).split(',').map(Number)
const SIZES = (process.env.BENCH_INBOX_SIZES ?? '1000,10000,100000').split(',').map((s) => {
  const n = Number(s.trim())
  if (!Number.isInteger(n) || n < 1) throw new Error(`BENCH_INBOX_SIZES: "${s}" is not a positive whole number`)
  return n
})
const ITERATIONS = envInt('BENCH_INBOX_ITERATIONS', 30)
const WARMUP = envInt('BENCH_INBOX_WARMUP', 5)
const COMPLETED_PER_OPEN = Number(process.env.BENCH_INBOX_COMPLETED_PER_OPEN ?? '1')
const EXPLAIN_MS = envInt('BENCH_INBOX_EXPLAIN_MS', 200)
const BACKENDS = (process.env.BENCH_INBOX_BACKENDS ?? 'pglite,postgresql').split(',').map((s) => s.trim())
if (!Number.isFinite(COMPLETED_PER_OPEN) || COMPLETED_PER_OPEN < 0) throw new Error('BENCH_INBOX_COMPLETED_PER_OPEN must be ≥ 0')

const log = (msg: string) => console.log(msg)
const rows: BenchRow[] = []

const actor = (login: string, groups: string[]): Actor => ({ user: { id: `bench-${login}`, login, displayName: login, groups }, ip: null })
const caseworker = actor('pracownik', ['caseworkers'])
const caseworkerTwoGroups = actor('pw03', ['caseworkers', 'psychologists'])
const manager = actor('kierownik', ['managers'])

interface Measure {
  label: string
  /** one call of the service, returning what it found (for the record) */
  run(): Promise<string>
  /** the main SQL, for EXPLAIN ANALYZE when it is slow */
  sql(): Prisma.Sql
}

interface Result {
  label: string
  median: number
  p95: number
  found: string
}

function parse(raw: Record<string, string>): InboxQuery {
  const parsed = parseInboxQuery(raw)
  if (!parsed.ok) throw new Error(`bad inbox query ${JSON.stringify(raw)}: ${JSON.stringify(parsed.fields)}`)
  return parsed.value
}

function measures(db: OpenedDatabase, clock: Clock, secondPageCursor: string | null): Measure[] {
  const deps = { prisma: db.prisma, clock }
  const list = (label: string, who: Actor, raw: Record<string, string>): Measure => {
    const query = parse(raw)
    return {
      label,
      async run() {
        const page = await queryInbox(deps, who, query)
        return `${page.items.length} items${page.nextCursor ? ', more' : ''}`
      },
      sql() {
        const viewer = viewerOf(who.user, restrictionsOf([], DEFAULT_RESTRICTIONS))
        const where = andAll([viewCondition(query.view, viewer), ...filterConditions(query.filters, clock.now())])
        return pageQuery(where, sortLevels(query.sort, query.dir), query.cursor?.values ?? null, query.limit + 1)
      },
    }
  }
  const counts = (label: string, who: Actor, limit: number): Measure => {
    const parsed = parseInboxFilters({})
    if (!parsed.ok) throw new Error('no filters')
    const filters: InboxFilters = parsed.value
    return {
      label,
      async run() {
        const c = await countTasks(deps, who, filters, limit)
        return Object.entries(c).map(([k, v]) => `${k} ${v}`).join(', ')
      },
      sql: () => countQuery(viewerOf(who.user, restrictionsOf([], DEFAULT_RESTRICTIONS)), isPrivileged(who.user.groups), filters, clock.now(), limit),
    }
  }
  const out: Measure[] = [
    list('view mine (caseworker)', caseworker, { view: 'mine' }),
    list('view group (caseworker, 1 group)', caseworker, { view: 'group' }),
    list('view group (caseworker, 2 groups)', caseworkerTwoGroups, { view: 'group' }),
    list('view unassigned (caseworker)', caseworker, { view: 'unassigned' }),
    list('view all (manager)', manager, { view: 'all' }),
    list('view completed (caseworker)', caseworker, { view: 'completed' }),
    list('group + procedure municipal-funeral + overdue', caseworker, { view: 'group', procedure: 'municipal-funeral', overdue: '1' }),
    list('group + surname "wiśniewsk" (common)', caseworker, { view: 'group', applicant: 'wiśniewsk' }),
    list('group + surname "sobczyk" (rare)', caseworker, { view: 'group', applicant: 'sobczyk' }),
  ]
  if (secondPageCursor) out.push(list('view group, 2nd page (keyset cursor)', caseworker, { view: 'group', cursor: secondPageCursor }))
  for (const limit of COUNT_LIMITS) {
    const at = limit === COUNT_LIMIT ? '' : `, limit ${limit}`
    out.push(counts(`counts (caseworker${at})`, caseworker, limit), counts(`counts (manager, with all${at})`, manager, limit))
  }
  return out
}

async function time(m: Measure): Promise<Result> {
  let found = ''
  for (let i = 0; i < WARMUP; i++) found = await m.run()
  const samples: number[] = []
  for (let i = 0; i < ITERATIONS; i++) {
    const t = performance.now()
    found = await m.run()
    samples.push(performance.now() - t)
  }
  const s = stats(samples)
  return { label: m.label, median: s.median, p95: s.p95, found }
}

async function explain(db: OpenedDatabase, m: Measure): Promise<string> {
  const plan = await db.prisma.$queryRaw<{ 'QUERY PLAN': string }[]>(Prisma.sql`EXPLAIN ANALYZE ${m.sql()}`)
  return plan.map((p) => p['QUERY PLAN']).join('\n    ')
}

async function runBackend(kind: 'pglite' | 'postgresql', databaseUrl: string | null): Promise<Map<number, Result[]>> {
  const dataDir = kind === 'pglite' ? makeTempDir('inbox') : ''
  const db = await openDatabase({ dataDir, databaseUrl })
  log(`\n### ${kind} (${db.location})`)
  const bySize = new Map<number, Result[]>()
  try {
    for (const n of SIZES) {
      // "now" is fixed for a size: the seed's due dates and the overdue filter agree for the whole run
      const now = new Date(Math.floor(Date.now() / 60_000) * 60_000)
      const clock: Clock = { now: () => now }
      await emptyTables(db.prisma)
      const t = performance.now()
      const seeded = await seedInbox(db.prisma, n, Math.round(n * COMPLETED_PER_OPEN), now)
      log(`\n${kind}, ${n} open: seeded ${seeded.openTasks} open + ${seeded.completedTasks} completed tasks, ${seeded.cases} cases, ` +
        `${seeded.persons} persons in ${fmt((performance.now() - t) / 1000, 1)} s (incl. VACUUM ANALYZE); load ${machine().loadavg.join(' ')}`)
      const first = await queryInbox({ prisma: db.prisma, clock }, caseworker, parse({ view: 'group' }))
      const results: Result[] = []
      for (const m of measures(db, clock, first.nextCursor)) {
        const r = await time(m)
        results.push(r)
        log(`  ${r.label.padEnd(48)} median ${fmt(r.median, 2).padStart(8)} ms   p95 ${fmt(r.p95, 2).padStart(8)} ms   (${r.found})`)
        rows.push({ name: `${kind} ${n} open: ${r.label}`, value: r.median, unit: 'ms', note: `median; p95 ${fmt(r.p95, 2)} ms; ${r.found}` })
        if (r.median > EXPLAIN_MS) log(`    median over ${EXPLAIN_MS} ms — EXPLAIN ANALYZE of its main SQL:\n    ${await explain(db, m)}`)
      }
      bySize.set(n, results)
    }
  } finally {
    if (kind === 'postgresql') await emptyTables(db.prisma).catch(() => {})
    await db.close()
  }
  return bySize
}

function printTable(kind: string, bySize: Map<number, Result[]>): void {
  const sizes = [...bySize.keys()]
  const labels = bySize.get(sizes[0])?.map((r) => r.label) ?? []
  const header = ['measure (ms: median / p95)', ...sizes.map((n) => `${n.toLocaleString('en').replace(/,/g, ' ')} open`)]
  if (sizes.length > 1) header.push(`median ×, ${sizes[0]} → ${sizes.at(-1)}`)
  const table = [header]
  for (const label of labels) {
    const cells = sizes.map((n) => bySize.get(n)?.find((r) => r.label === label))
    const line = [label, ...cells.map((r) => (r ? `${fmt(r.median, 1)} / ${fmt(r.p95, 1)}` : '—'))]
    if (sizes.length > 1) {
      const [a, b] = [cells[0], cells.at(-1)]
      line.push(a && b ? `${fmt(b.median / a.median, 1)}×` : '—')
    }
    table.push(line)
  }
  const widths = header.map((_, i) => Math.max(...table.map((t) => t[i].length)))
  log(`\n=== ${kind}: inbox latency ===`)
  for (const t of table) log('| ' + t.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ') + ' |')
}

async function main() {
  const m = machine()
  log(`inbox-latency ${m.date} · ${m.cpu} · nproc ${m.nproc} · ${m.memGiB} GiB · node ${m.node} · load ${m.loadavg.join(' ')}`)
  log(`sizes ${SIZES.join(', ')} open; completed per open ${COMPLETED_PER_OPEN}; ${WARMUP} warm-up + ${ITERATIONS} timed calls per measure`)
  const started = performance.now()
  const results: [string, Map<number, Result[]>][] = []
  if (BACKENDS.includes('pglite')) results.push(['PGlite (file, temp DATA_DIR)', await runBackend('pglite', null)])
  const url = process.env.BENCH_DATABASE_URL
  if (BACKENDS.includes('postgresql')) {
    if (url) results.push(['PostgreSQL', await runBackend('postgresql', checkBenchDatabaseUrl(url))])
    else log('\nPostgreSQL: skipped (BENCH_DATABASE_URL is not set)')
  }
  for (const [kind, bySize] of results) printTable(kind, bySize)
  log(`\nrun time ${fmt((performance.now() - started) / 1000, 0)} s; load at the end ${machine().loadavg.join(' ')}`)
  emitResult('inbox-latency', rows, { settings: { SIZES, ITERATIONS, WARMUP, COMPLETED_PER_OPEN } })
}

try {
  await main()
} finally {
  cleanupTempDirs()
}
process.exit(0)
