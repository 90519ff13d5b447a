// Backs the surname-filter remark of bench/RESULTS.md §4: the inbox's applicant filter with and without
// "Person_lower_lastName_idx" (migration person_surname_search) on the same data at the same moment. Seeds
// BENCH_OPEN (100000) open tasks like bench/inbox-latency.ts, drops the index, times queryInbox (group view,
// caseworker) for a common surname, a rare one and one that matches nobody, prints EXPLAIN ANALYZE of the page
// SQL, recreates the index (as the migration does), ANALYZE, and does the same again.
//
//   npx tsx bench/checks/surname-index.ts                                   # PGlite in a temporary folder
//   BENCH_DATABASE_URL=postgresql://welfare:welfare@127.0.0.1:5432/welfare_bench npx tsx bench/checks/surname-index.ts
import { Prisma } from '../../src/generated/prisma/client.ts'
import { parseInboxQuery, sortLevels } from '../../src/inbox/inbox-query.ts'
import { andAll, filterConditions, pageQuery, viewCondition, viewerOf } from '../../src/inbox/inbox-sql.ts'
import { restrictionsOf } from '../../domain/procedure-restriction.ts'
import { DEFAULT_RESTRICTIONS } from '../../src/procedures/load-restrictions.ts'
import { queryInbox } from '../../src/inbox/list-tasks.ts'
import { openDatabase } from '../../src/storage/open-database.ts'
import type { Actor } from '../../src/users/actor.ts'
import { checkBenchDatabaseUrl, cleanupTempDirs, envInt, fmt, machine, makeTempDir, stats } from '../lib/common.ts'
import { emptyTables, seedInbox } from '../lib/inbox-seed.ts'

const OPEN = envInt('BENCH_OPEN', 100_000)
const ITERATIONS = envInt('BENCH_ITERATIONS', 15)
const INDEX_SQL = 'CREATE INDEX IF NOT EXISTS "Person_lower_lastName_idx" ON "Person" (lower("lastName") text_pattern_ops)'

const url = process.env.BENCH_DATABASE_URL ? checkBenchDatabaseUrl(process.env.BENCH_DATABASE_URL) : null
const db = await openDatabase({ dataDir: url ? '' : makeTempDir('surname'), databaseUrl: url })
try {
  const now = new Date(Math.floor(Date.now() / 60_000) * 60_000)
  const clock = { now: () => now }
  const caseworker: Actor = { user: { id: 'bench-pracownik', login: 'pracownik', displayName: 'pracownik', groups: ['caseworkers'] }, ip: null }
  console.log(`surname-index ${machine().date} · ${db.kind} · ${OPEN} open · load ${machine().loadavg.join(' ')}`)
  await emptyTables(db.prisma)
  await seedInbox(db.prisma, OPEN, OPEN, now)

  const run = async (label: string) => {
    for (const applicant of ['wiśniewsk', 'sobczyk', 'xyzzy']) {
      const parsed = parseInboxQuery({ view: 'group', applicant })
      if (!parsed.ok) throw new Error('bad query')
      const q = parsed.value
      const call = () => queryInbox({ prisma: db.prisma, clock }, caseworker, q)
      for (let i = 0; i < 3; i++) await call()
      const samples: number[] = []
      let items = 0
      for (let i = 0; i < ITERATIONS; i++) {
        const t = performance.now()
        items = (await call()).items.length
        samples.push(performance.now() - t)
      }
      const s = stats(samples)
      const where = andAll([viewCondition('group', viewerOf({ login: 'pracownik', groups: ['caseworkers'] }, restrictionsOf([], DEFAULT_RESTRICTIONS))), ...filterConditions(q.filters, now)])
      const plan = await db.prisma.$queryRaw<{ 'QUERY PLAN': string }[]>(
        Prisma.sql`EXPLAIN ANALYZE ${pageQuery(where, sortLevels(q.sort, q.dir), null, q.limit + 1)}`,
      )
      console.log(`${label}, surname "${applicant}": queryInbox median ${fmt(s.median, 1)} ms, p95 ${fmt(s.p95, 1)} ms (${items} items)\n    ` +
        plan.map((r) => r['QUERY PLAN']).join('\n    '))
    }
  }
  await db.prisma.$executeRawUnsafe('DROP INDEX IF EXISTS "Person_lower_lastName_idx"')
  await db.prisma.$executeRawUnsafe('ANALYZE "Person"')
  await run('without the index')
  await db.prisma.$executeRawUnsafe(INDEX_SQL)
  await db.prisma.$executeRawUnsafe('ANALYZE "Person"')
  await run('with the index')
  console.log(`load at the end ${machine().loadavg.join(' ')}`)
} finally {
  await db.prisma.$executeRawUnsafe(INDEX_SQL).catch(() => {}) // never leave the database without the migration's index
  if (url) await emptyTables(db.prisma).catch(() => {})
  await db.close()
  cleanupTempDirs()
}
process.exit(0)
