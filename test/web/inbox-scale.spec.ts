// The inbox with 100 000 tasks (75 000 open) on 30 000 cases: pages, deep keyset pages and counts stay on the
// indexes (checked on the query plans, never on wall-clock times; the times are printed for the record).
import { expect } from 'chai'
import { FakeClock } from '../../engine/clock.ts'
import { Prisma } from '../../src/generated/prisma/client.ts'
import { COUNT_LIMIT, countQuery, countTasks } from '../../src/inbox/count-tasks.ts'
import { cursorValues, encodeCursor, parseInboxQuery, sortLevels, type InboxQuery } from '../../src/inbox/inbox-query.ts'
import { andAll, filterConditions, pageQuery, viewCondition, viewerOf } from '../../src/inbox/inbox-sql.ts'
import { restrictionsOf } from '../../domain/procedure-restriction.ts'
import { DEFAULT_RESTRICTIONS } from '../../src/procedures/load-restrictions.ts'
import { queryInbox } from '../../src/inbox/list-tasks.ts'
import type { Actor } from '../../src/users/actor.ts'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'

const TASKS = 100_000
const CASES = 30_000

const caseworker: Actor = { user: { id: 'u-1', login: 'pracownik', displayName: 'P', groups: ['caseworkers'] }, ip: null }
const manager: Actor = { user: { id: 'u-2', login: 'kierownik', displayName: 'K', groups: ['managers'] }, ip: null }
// the viewers as the services build them: Blue Card (the shipped restriction) hidden from both
const viewer = (user: { login: string; groups: string[] }) => viewerOf(user, restrictionsOf([], DEFAULT_RESTRICTIONS))

describe('web: inbox with 100 000 tasks', function () {
  this.timeout(300_000)
  let db: TestDatabase
  const clock = new FakeClock('2026-03-10T09:00:00Z')
  const deps = () => ({ prisma: db.prisma, clock })
  const timings: string[] = []

  before(async () => {
    db = await createTestDatabase()
    await db.reset()
    const { prisma } = db
    await prisma.$executeRawUnsafe(`
      INSERT INTO "Case" (id, number, procedure, "receivedAt", benefit)
      SELECT 'case-' || g, 'OPS.8311.' || g || '.2026', 'benefit-application', DATE '2026-01-02', 'zasilek-okresowy'
      FROM generate_series(1, ${CASES}) g`)
    await prisma.$executeRawUnsafe(`
      INSERT INTO "Person" (id, "caseId", role, "firstName", "lastName")
      SELECT 'person-' || g, 'case-' || g, 'applicant', 'Anna',
             (ARRAY['Nowak','Kowalska','Wiśniewska','Wójcik','Kamińska','Lewandowska','Zielińska','Szymańska'])[1 + g % 8] || (g % 500)
      FROM generate_series(1, ${CASES}) g`)
    await prisma.$executeRawUnsafe(`
      INSERT INTO "Task" (id, engine, "engineKey", "instanceId", "caseId", "processId", "elementId", name,
                          "candidateGroups", "candidateUsers", assignee, "dueAt", priority, status, "createdAt", "completedBy")
      SELECT 'task-' || lpad(g::text, 6, '0'), 'embedded', 'exec-' || g, 'instance-' || g, 'case-' || (1 + g % ${CASES}),
             'benefit-application',
             CASE WHEN g % 3 = 0 THEN 'Task_draftDecision' ELSE 'Task_familyInterview' END,
             CASE WHEN g % 3 = 0 THEN 'Projekt decyzji' ELSE 'Rodzinny wywiad środowiskowy' END,
             CASE g % 10 WHEN 0 THEN ARRAY['family-assistants'] WHEN 1 THEN ARRAY['managers'] ELSE ARRAY['caseworkers'] END,
             '{}',
             CASE g % 7 WHEN 0 THEN 'pracownik' WHEN 1 THEN 'pracownik2' ELSE NULL END,
             CASE WHEN g % 5 = 0 THEN NULL ELSE TIMESTAMP '2026-03-10 00:00' + (g % 60 - 20) * INTERVAL '1 day' + (g % 24) * INTERVAL '1 hour' END,
             (g * 37) % 101,
             CASE WHEN g % 4 = 0 THEN 'completed' ELSE 'open' END,
             TIMESTAMP '2026-01-01 00:00' + (g % 5000) * INTERVAL '1 minute',
             CASE WHEN g % 4 = 0 THEN 'pracownik' ELSE NULL END
      FROM generate_series(1, ${TASKS}) g`)
    await prisma.$executeRawUnsafe('ANALYZE "Task"')
    await prisma.$executeRawUnsafe('ANALYZE "Case"')
    await prisma.$executeRawUnsafe('ANALYZE "Person"')
  })
  after(async () => {
    if (timings.length) console.log(`      (${db?.kind}) ${timings.join('; ')}`)
    await db?.close()
  })

  async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
    const started = performance.now()
    const result = await fn()
    timings.push(`${label} ${(performance.now() - started).toFixed(0)} ms`)
    return result
  }

  function query(raw: Record<string, string>): InboxQuery {
    const parsed = parseInboxQuery(raw)
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.fields))
    return parsed.value
  }

  async function plan(q: InboxQuery, actor: Actor): Promise<string> {
    const where = andAll([viewCondition(q.view, viewer(actor.user)), ...filterConditions(q.filters, clock.now())])
    const sql = pageQuery(where, sortLevels(q.sort, q.dir), q.cursor?.values ?? null, q.limit + 1)
    const rows = await db.prisma.$queryRaw<{ 'QUERY PLAN': string }[]>(Prisma.sql`EXPLAIN ${sql}`)
    return rows.map((r) => r['QUERY PLAN']).join('\n')
  }

  /** A cursor pointing at the row `offset` rows down the sorted view (built from the row, as the API would). */
  async function cursorAt(raw: Record<string, string>, offset: number): Promise<string> {
    const q = query(raw)
    const levels = sortLevels(q.sort, q.dir)
    const where = andAll([viewCondition(q.view, viewer({ login: 'kierownik', groups: ['managers'] }))])
    const [row] = await db.prisma.$queryRaw<{ id: string; dueAt: Date | null; createdAt: Date; priority: number; completedAt: Date | null }[]>(
      Prisma.sql`SELECT t.id, t."dueAt", t."createdAt", t.priority, t."completedAt" FROM "Task" t WHERE ${where}
                 ORDER BY ${Prisma.raw(levels.map((l) => `t.${l.column === 'priority' || l.column === 'id' ? l.column : `"${l.column}"`} ${l.desc ? 'DESC' : 'ASC'} NULLS LAST`).join(', '))}
                 OFFSET ${offset} LIMIT 1`,
    )
    return encodeCursor({ sort: q.sort, dir: q.dir, values: cursorValues(levels, row) })
  }

  it('should read the first page of the group view from the due-date index when nothing is filtered', async () => {
    const page = await timed('group p1', () => queryInbox(deps(), caseworker, query({ view: 'group' })))
    expect(page.items).to.have.length(50)
    expect(page.nextCursor).to.be.a('string')
    const p = await plan(query({ view: 'group' }), caseworker)
    expect(p).to.match(/Index Scan using "Task_status_dueAt_createdAt_id_idx"/)
    expect(p).not.to.match(/Seq Scan on "Task"/)
  })

  for (const [sort, index] of [['due', 'Task_status_dueAt_createdAt_id_idx'], ['priority', 'Task_status_priority_dueAt_createdAt_id_idx'], ['created', 'Task_status_createdAt_id_idx']] as const) {
    it(`should read a page 50 000 rows deep by keyset from ${index} when sorted by ${sort}`, async () => {
      const raw = { view: 'all', sort }
      const cursor = await cursorAt(raw, 50_000)
      const page = await timed(`all ${sort} deep`, () => queryInbox(deps(), manager, query({ ...raw, cursor })))
      expect(page.items).to.have.length(50)
      const p = await plan(query({ ...raw, cursor }), manager)
      if (process.env.SHOW_PLANS) console.log(p)
      expect(p).to.include(index)
      expect(p).not.to.match(/Seq Scan on "Task"/)
      // the branches are read in index order (only the merge of their ≤ 51 rows each is sorted)
      expect(p).not.to.match(/Sort Key: t\./)
    })
  }

  it('should stop each count at the limit and read at most limit + 1 rows per view when 75 000 tasks are open', async () => {
    const counts = await timed('counts (manager)', () => countTasks(deps(), manager))
    expect(counts).to.include({ all: COUNT_LIMIT, group: COUNT_LIMIT, unassigned: COUNT_LIMIT, overdue: COUNT_LIMIT, limit: COUNT_LIMIT })
    expect(counts.overLimit).to.have.members(['all', 'group', 'unassigned', 'overdue'])
    // every sub-count is limited (the restricted-procedure test runs only on the rows read)
    const countPlan = (await db.prisma.$queryRaw<{ 'QUERY PLAN': string }[]>(
      Prisma.sql`EXPLAIN ${countQuery(viewer({ login: 'kierownik', groups: ['managers'] }), true, {}, clock.now())}`,
    )).map((r) => r['QUERY PLAN']).join('\n')
    if (process.env.SHOW_PLANS) console.log(countPlan)
    expect(countPlan.match(/-> {2}Limit/g) ?? [], 'one Limit per view').to.have.length(5)
    // the exact figures are still there for whoever asks with a larger limit
    const exact = await timed('counts (manager, exact)', () => countTasks(deps(), manager, {}, 100_000))
    expect(exact).to.include({ all: 75_000 })
    expect(exact.overLimit).to.deep.equal([])
  })

  it('should filter by applicant surname and case number and stop a caseworker\'s own count at the limit', async () => {
    const mine = await timed('counts (caseworker)', () => countTasks(deps(), caseworker))
    const held = await db.prisma.task.count({ where: { status: 'open', assignee: 'pracownik' } })
    expect(held, 'the seed gives pracownik more tasks than the limit').to.be.greaterThan(COUNT_LIMIT)
    expect(mine).to.include({ mine: COUNT_LIMIT })
    expect(mine.overLimit).to.include('mine')
    expect(mine.overLimit).not.to.include('all')
    const bySurname = await timed('surname filter', () => queryInbox(deps(), caseworker, query({ view: 'group', applicant: 'wiśniewska12' })))
    expect(bySurname.items.length).to.be.greaterThan(0)
    expect(bySurname.items.every((i) => i.applicant?.startsWith('Wiśniewska12'))).to.equal(true)
    const byNumber = await timed('case number filter', () => queryInbox(deps(), caseworker, query({ view: 'group', caseNumber: 'OPS.8311.2999' })))
    expect(byNumber.items.every((i) => i.caseNumber?.includes('OPS.8311.2999'))).to.equal(true)
    const completed = await timed('completed view', () => queryInbox(deps(), caseworker, query({ view: 'completed' })))
    expect(completed.items).to.have.length(50)
  })
})
