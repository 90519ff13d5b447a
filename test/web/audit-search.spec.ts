// The administrators' audit search: GET /api/audit, the CSV export and the page /admin/audit. Every filter,
// keyset paging through ties while events are added, 403 for everyone but administrators, CSV escaping, the
// search audited with ids only, Polish and English pages.
import { randomUUID } from 'node:crypto'
import { expect } from 'chai'
import type { Express } from 'express'
import request from 'supertest'
import { Prisma } from '../../src/generated/prisma/client.ts'
import { auditPageQuery, type ResolvedAuditFilters } from '../../src/audit/search-audit.ts'
import { capturingLogger } from '../helpers/inbox-fixtures.ts'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'
import { bearer, browserFor, createWebTestApp, tokenFor } from '../helpers/web-app.ts'

const CASE_ID = '11111111-1111-4111-8111-111111111111'
const OTHER_CASE_ID = '22222222-2222-4222-8222-222222222222'
const CASE_NUMBER = 'OPS.8311.7.2026'
const TASK_ID = '33333333-3333-4333-8333-333333333333'
const E = (n: number) => `aaaaaaaa-0000-4000-8000-${String(n).padStart(12, '0')}`

interface Item {
  id: string
  at: string
  action: string
  userId: string | null
  user: { login: string; displayName: string } | null
  caseId: string | null
  caseNumber: string | null
  taskId: string | null
  ip: string | null
  details: unknown
}

/** Undoes Handlebars' attribute escaping (it writes = as &#x3D;). */
const decode = (html: string) => html.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&')

/** Reads the body as raw bytes (to see the byte-order mark). */
function binary(res: request.Response, done: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = []
  res.on('data', (c: Buffer) => chunks.push(c))
  res.on('end', () => done(null, Buffer.concat(chunks)))
}

describe('web: audit search', function () {
  let db: TestDatabase
  let app: Express
  let userIds: Record<string, string>
  let lines: string[]

  before(async () => {
    db = await createTestDatabase()
  })
  after(async () => db?.close())
  beforeEach(async () => {
    await db.reset()
    const captured = capturingLogger()
    lines = captured.lines
    ;({ app } = await createWebTestApp(db, { logger: captured.logger }))
    userIds = Object.fromEntries((await db.prisma.user.findMany()).map((u) => [u.login, u.id]))
    await db.prisma.case.create({ data: { id: CASE_ID, number: CASE_NUMBER, procedure: 'benefit-application', receivedAt: new Date('2026-03-02') } })
    await db.prisma.case.create({ data: { id: OTHER_CASE_ID, number: 'OPS.8311.8.2026', procedure: 'benefit-application', receivedAt: new Date('2026-03-02') } })
  })

  /** Four events around the Warsaw day 05.03.2026 (CET: 2026-03-04T23:00Z to 2026-03-05T23:00Z). */
  async function seedFour(): Promise<void> {
    const rows: Prisma.AuditEventCreateManyInput[] = [
      { id: E(1), at: new Date('2026-03-04T22:59:59.999Z'), userId: userIds.pracownik, action: 'case.read', caseId: CASE_ID, ip: '10.0.0.7' },
      { id: E(2), at: new Date('2026-03-04T23:00:00.000Z'), userId: userIds.pracownik2, action: 'task.claim', caseId: CASE_ID, taskId: TASK_ID, ip: '10.0.0.8', details: { reason: 'x' } },
      { id: E(3), at: new Date('2026-03-05T22:59:59.000Z'), userId: userIds.kierownik, action: 'case.read-denied', caseId: OTHER_CASE_ID, ip: '10.0.0.7' },
      { id: E(4), at: new Date('2026-03-05T23:00:00.000Z'), userId: null, action: 'task.complete', caseId: CASE_ID, taskId: TASK_ID },
    ]
    await db.prisma.auditEvent.createMany({ data: rows })
  }

  async function search(token: string, query: Record<string, string>) {
    return request(app).get('/api/audit').query(query).set(bearer(token))
  }

  /** The seeded events of an answer (the searches' own audit events left out). */
  const seeded = (items: Item[]) => items.filter((i) => !i.action.startsWith('audit.')).map((i) => i.id)

  it('should list every event newest first with the user, the case number and the IP when an administrator searches', async () => {
    await seedFour()
    const res = await search(await tokenFor(app, 'admin'), {})
    expect(res.status).to.equal(200)
    expect(res.body.nextCursor).to.equal(null)
    expect(seeded(res.body.items)).to.deep.equal([E(4), E(3), E(2), E(1)])
    const claim = (res.body.items as Item[]).find((i) => i.id === E(2))!
    expect(claim).to.deep.include({
      at: '2026-03-04T23:00:00.000Z',
      action: 'task.claim',
      userId: userIds.pracownik2,
      caseId: CASE_ID,
      caseNumber: CASE_NUMBER,
      taskId: TASK_ID,
      ip: '10.0.0.8',
    })
    expect(claim.user).to.deep.equal({ login: 'pracownik2', displayName: 'Pracownik Socjalny 2' })
    expect(claim.details).to.deep.equal({ reason: 'x' })
    expect((res.body.items as Item[]).find((i) => i.id === E(4))!.user).to.equal(null)
  })

  it('should narrow the events when each filter is given', async () => {
    await seedFour()
    const token = await tokenFor(app, 'admin')
    const cases: [Record<string, string>, string[]][] = [
      [{ from: '05.03.2026', to: '05.03.2026' }, [E(3), E(2)]],
      [{ from: '2026-03-05' }, [E(4), E(3), E(2)]],
      [{ to: '4.3.2026' }, [E(1)]],
      [{ user: 'pracownik' }, [E(1)]],
      [{ user: 'nikt' }, []],
      [{ action: 'case.read' }, [E(1)]],
      [{ action: 'case.read-denied' }, [E(3)]],
      [{ caseNumber: CASE_NUMBER }, [E(4), E(2), E(1)]],
      [{ caseNumber: 'OPS.8311.99.2026' }, []],
      [{ taskId: TASK_ID }, [E(4), E(2)]],
      [{ ip: '10.0.0.7' }, [E(3), E(1)]],
      [{ ip: '10.0.0.7', user: 'kierownik', from: '05.03.2026', action: 'case.read-denied' }, [E(3)]],
    ]
    for (const [query, expected] of cases) {
      const res = await search(token, query)
      expect(res.status, JSON.stringify(query)).to.equal(200)
      expect(seeded(res.body.items), JSON.stringify(query)).to.deep.equal(expected)
    }
  })

  it('should answer 400 naming each bad parameter when a filter or the cursor is malformed', async () => {
    const token = await tokenFor(app, 'admin')
    const res = await search(token, { from: '31.02.2026', to: 'wczoraj', ip: '10.0.0.1; DROP', cursor: 'bm9wZQ', limit: '500' })
    expect(res.status).to.equal(400)
    expect(res.body.error.code).to.equal('BAD_REQUEST')
    expect(res.body.error.fields).to.have.keys('from', 'to', 'ip', 'cursor', 'limit')
    expect(res.body.error.fields.from).to.equal('Nieprawidłowa data (dd.mm.rrrr)')
    const reversed = await search(token, { from: '06.03.2026', to: '05.03.2026' })
    expect(reversed.status).to.equal(400)
    expect(reversed.body.error.fields).to.have.keys('to')
  })

  it('should say what is wrong when an IP address or a task id is not a whole one, instead of finding nothing', async () => {
    const token = await tokenFor(app, 'admin')
    const res = await search(token, { ip: 'abc', taskId: 'not-a-uuid' })
    expect(res.status).to.equal(400)
    expect(res.body.error.fields).to.deep.equal({
      ip: 'Podaj cały adres IP, np. 10.0.0.7 albo 2001:db8::7',
      taskId: 'Identyfikator zadania ma postać UUID, np. 1b4e28ba-2fa1-11d2-883f-0016d3cca427',
    })
    expect((await search(token, { ip: '10.0.0' })).status).to.equal(400)
  })

  it('should find an IPv4 client recorded in its IPv6-mapped spelling and name the filters that match nothing', async () => {
    await seedFour()
    await db.prisma.auditEvent.create({ data: { id: E(9), at: new Date('2026-03-06T10:00:00.000Z'), userId: userIds.pracownik, action: 'case.read', caseId: CASE_ID, ip: '::ffff:10.0.0.7' } })
    const token = await tokenFor(app, 'admin')
    const byIp = await search(token, { ip: '10.0.0.7' })
    expect(seeded(byIp.body.items)).to.deep.equal([E(9), E(3), E(1)])
    expect(byIp.body.unmatched).to.deep.equal([])
    const nothing = await search(token, { user: 'nikt', caseNumber: 'OPS.8311.99.2026' })
    expect(nothing.body.items).to.deep.equal([])
    expect(nothing.body.unmatched).to.deep.equal(['user', 'caseNumber'])
    const { agent, csrf } = await browserFor(app, 'admin')
    const page = await agent.post('/admin/audit').type('form').send({ _csrf: csrf, caseNumber: '8311.1' }).redirects(1)
    expect(page.status).to.equal(200)
    expect(page.text).to.include('Nie ma sprawy o tej sygnaturze (podaj pełną, np. OPS.8311.1.2026)').and.include('value="8311.1"')
  })

  it('should return every event exactly once across pages when events share a time and new ones arrive between pages', async () => {
    const base = Date.parse('2026-03-02T08:00:00.000Z')
    const original: Prisma.AuditEventCreateManyInput[] = Array.from({ length: 130 }, (_, i) => ({
      id: randomUUID(),
      at: new Date(base + Math.floor(i / 7) * 1000), // ties: 7 events per instant
      userId: i % 2 === 0 ? userIds.pracownik : userIds.pracownik2,
      action: i % 3 === 0 ? 'case.read' : 'tasks.list',
      caseId: CASE_ID,
      ip: '10.0.0.9',
    }))
    await db.prisma.auditEvent.createMany({ data: original })
    const token = await tokenFor(app, 'admin')

    async function walk(query: Record<string, string>, expectedIds: string[], pageSizes: number[]) {
      const seen: string[] = []
      const sizes: number[] = []
      let cursor: string | null = null
      let pageNo = 0
      do {
        const res = await search(token, cursor ? { ...query, cursor } : query)
        expect(res.status).to.equal(200)
        const items = res.body.items as Item[]
        sizes.push(items.length)
        for (let i = 1; i < items.length; i++) {
          const [a, b] = [items[i - 1], items[i]]
          expect(a.at > b.at || (a.at === b.at && a.id > b.id), 'newest first, then id').to.equal(true)
        }
        seen.push(...items.map((i) => i.id))
        cursor = res.body.nextCursor
        // events added meanwhile (newer than any listed, and tied with the newest): none may show up later
        await db.prisma.auditEvent.createMany({
          data: [
            { id: randomUUID(), at: new Date('2026-03-09T10:00:00.000Z'), userId: userIds.pracownik, action: 'case.read', caseId: CASE_ID, ip: '10.0.0.9' },
            { id: randomUUID(), at: new Date('2026-03-09T10:00:00.000Z'), userId: userIds.pracownik2, action: 'tasks.list', caseId: CASE_ID, ip: '10.0.0.9' },
          ],
        })
        pageNo++
      } while (cursor && pageNo < 20)
      expect(seen).to.have.length(expectedIds.length)
      expect(new Set(seen).size).to.equal(seen.length)
      expect([...seen].sort()).to.deep.equal([...expectedIds].sort())
      expect(sizes).to.deep.equal(pageSizes)
    }

    await walk({}, original.map((e) => e.id!), [50, 50, 30])
    const reads = original.filter((e) => e.action === 'case.read').map((e) => e.id!)
    await walk({ action: 'case.read', from: '02.03.2026', to: '02.03.2026', limit: '20' }, reads, [20, 20, 4])
    await walk({ ip: '10.0.0.9', user: 'pracownik', to: '08.03.2026', limit: '30' }, original.filter((e) => e.userId === userIds.pracownik).map((e) => e.id!), [30, 30, 5])
  })

  it('should answer 403 and audit the refusal when a caseworker or a manager asks for the API, the CSV or the page', async () => {
    await seedFour()
    for (const login of ['pracownik', 'kierownik']) {
      const token = await tokenFor(app, login)
      expect((await search(token, {})).status, `${login} api`).to.equal(403)
      expect((await search(token, { from: 'zła data' })).status, `${login} api, bad filter`).to.equal(403)
      expect((await request(app).get('/api/audit.csv').set(bearer(token))).status, `${login} csv`).to.equal(403)
      expect((await search(token, { format: 'csv' })).status, `${login} format=csv`).to.equal(403)
      const { agent } = await browserFor(app, login)
      const page = await agent.get('/admin/audit')
      expect(page.status, `${login} page`).to.equal(403)
      expect(page.text).not.to.include('10.0.0.7')
      const inbox = await agent.get('/inbox')
      expect(inbox.text, `${login} nav`).not.to.include('href="/admin/audit"')
    }
    const denied = await db.prisma.auditEvent.findMany({ where: { action: 'audit.search-denied' } })
    expect(denied).to.have.length(10)
    expect(new Set(denied.map((d) => d.userId))).to.deep.equal(new Set([userIds.pracownik, userIds.kierownik]))
    expect((await request(app).get('/api/audit')).status).to.equal(401)
    const anonymous = await request(app).get('/admin/audit')
    expect(anonymous.status).to.equal(303)
    expect(anonymous.headers.location).to.match(/^\/login/)
  })

  it('should export the filtered events as UTF-8 CSV with a BOM, semicolons, quoting and formula-safe cells when an administrator asks', async () => {
    const mallory = await db.prisma.user.create({ data: { login: 'mallory', displayName: '=HYPERLINK("http://x";"ok")', passwordHash: 'x' } })
    await db.prisma.auditEvent.createMany({
      data: [
        { id: E(11), at: new Date('2026-03-05T10:15:30.000Z'), userId: mallory.id, action: 'case.read', caseId: CASE_ID, ip: '-10.0.0.1', details: { reason: 'a;b "c"' } },
        { id: E(12), at: new Date('2026-03-05T09:00:00.000Z'), userId: userIds.pracownik, action: 'task.claim', caseId: CASE_ID, taskId: TASK_ID, ip: '@10.0.0.2' },
        { id: E(13), at: new Date('2026-03-06T09:00:00.000Z'), userId: userIds.pracownik, action: 'case.read', caseId: OTHER_CASE_ID, ip: '10.0.0.3' },
      ],
    })
    const token = await tokenFor(app, 'admin')
    const res = await request(app).get('/api/audit.csv').query({ from: '05.03.2026', to: '05.03.2026' }).set(bearer(token)).buffer(true).parse(binary)
    expect(res.status).to.equal(200)
    expect(res.headers['content-type']).to.match(/^text\/csv; charset=utf-8/)
    expect(res.headers['content-disposition']).to.include('attachment')
    const bytes = res.body as Buffer
    expect([...bytes.subarray(0, 3)]).to.deep.equal([0xef, 0xbb, 0xbf])
    const text = bytes.subarray(3).toString('utf8')
    const rows = text.split('\r\n')
    expect(rows.at(-1)).to.equal('')
    expect(rows[0]).to.equal('Czas;Login;Imię i nazwisko;Kod działania;Działanie;Sygnatura sprawy;Identyfikator sprawy;Identyfikator zadania;Adres IP;Szczegóły')
    expect(rows).to.have.length(4) // header, two events, the final line break
    expect(rows[1]).to.equal(
      `05.03.2026 11:15:30;mallory;"'=HYPERLINK(""http://x"";""ok"")";case.read;Odczyt sprawy;${CASE_NUMBER};${CASE_ID};;'-10.0.0.1;"{""reason"":""a;b \\""c\\""""}"`,
    )
    expect(rows[2]).to.equal(`05.03.2026 10:00:00;pracownik;Pracownik Socjalny;task.claim;Przejęcie zadania;${CASE_NUMBER};${CASE_ID};${TASK_ID};'@10.0.0.2;{}`)

    const same = await request(app).get('/api/audit').query({ from: '05.03.2026', to: '05.03.2026', format: 'csv' }).set(bearer(token)).buffer(true).parse(binary)
    expect(same.status).to.equal(200)
    expect((same.body as Buffer).equals(bytes)).to.equal(true)

    const exports = await db.prisma.auditEvent.findMany({ where: { action: 'audit.export' } })
    expect(exports).to.have.length(2)
    expect(exports[0].details).to.deep.include({ from: '2026-03-05', to: '2026-03-05', format: 'csv' })
  })

  it('should audit the search with the filters as ids, never the IP, the login or the case number, when an administrator searches', async () => {
    await seedFour()
    const res = await search(await tokenFor(app, 'admin'), { user: 'pracownik', caseNumber: CASE_NUMBER, ip: '10.0.0.7', action: 'case.read', taskId: TASK_ID, from: '01.03.2026' })
    expect(res.status).to.equal(200)
    const events = await db.prisma.auditEvent.findMany({ where: { action: 'audit.search' } })
    expect(events).to.have.length(1)
    const [event] = events
    expect(event.userId).to.equal(userIds.admin)
    expect(event.caseId).to.equal(CASE_ID)
    expect(event.taskId).to.equal(TASK_ID)
    expect(event.details).to.deep.equal({
      from: '2026-03-01', userId: userIds.pracownik, action: 'case.read', caseNumber: true, caseId: CASE_ID, taskId: TASK_ID, ip: true,
      format: 'json', page: 'first', limit: 50, count: 0,
    })
    const stored = JSON.stringify(event.details)
    for (const secret of ['10.0.0.7', 'pracownik"', CASE_NUMBER]) expect(stored).not.to.include(secret)
    for (const secret of ['10.0.0.7', CASE_NUMBER]) expect(lines.join('\n')).not.to.include(secret)

    const next = await search(await tokenFor(app, 'admin'), {})
    expect(seeded(next.body.items)).to.have.length(4)
    expect((next.body.items as Item[])[0]).to.include({ action: 'audit.search', userId: userIds.admin })
  })

  it('should render the page in Polish with escaped details, links and paging, and in English when ?lang=en is given', async () => {
    await seedFour()
    await db.prisma.auditEvent.create({
      data: { id: E(5), at: new Date('2026-03-06T08:30:05.000Z'), userId: userIds.pracownik, action: 'case.read', caseId: CASE_ID, ip: '10.0.0.7', details: { note: '<script>alert(1)</script>' } },
    })
    const { agent, csrf } = await browserFor(app, 'admin')
    const page = await agent.get('/admin/audit')
    expect(page.status).to.equal(200)
    expect(page.text).to.include('<html lang="pl">')
    expect(page.text).to.include('<h1>Dziennik audytu</h1>')
    expect(page.text).to.include('href="/admin/audit" aria-current="page">Dziennik audytu</a>')
    expect(page.text).to.include('Od dnia (dd.mm.rrrr)')
    expect(page.text).to.include('<option value="case.read-denied">Odczyt sprawy (odmowa dostępu) (case.read-denied)</option>')
    expect(page.text).to.include('06.03.2026 09:30:05')
    expect(page.text).to.include(`<a href="/cases/${CASE_ID}">${CASE_NUMBER}</a>`)
    expect(page.text).to.include(`<a href="/tasks/${TASK_ID}">`)
    expect(page.text).to.include('Pracownik Socjalny 2')
    expect(page.text).to.include('Przejęcie zadania<br><code>task.claim</code>')
    expect(page.text).not.to.include('<script>alert(1)</script>')
    expect(page.text).to.include('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(page.text).to.include('href="/admin/audit.csv"')
    expect(page.text).to.include('<form method="post" action="/admin/audit"')

    const filtered = await agent.post('/admin/audit').type('form').send({ _csrf: csrf, from: '2026-03-05', action: 'case.read-denied', ip: '10.0.0.7' }).redirects(1)
    expect(filtered.status).to.equal(200)
    expect(filtered.text).to.include('value="05.03.2026"')
    expect(filtered.text).to.include('<option value="case.read-denied" selected>')
    expect(filtered.text.match(/data-audit-id="/g)).to.have.length(1)
    expect(decode(filtered.text)).to.match(/href="\/admin\/audit\.csv\?f=[\w-]{16}"/)

    const bad = await agent.post('/admin/audit').type('form').send({ _csrf: csrf, from: '32.01.2026' })
    expect(bad.status).to.equal(400)
    expect(bad.text).to.include('Nieprawidłowa data (dd.mm.rrrr)').and.include('value="32.01.2026"')

    await db.prisma.auditEvent.createMany({
      data: Array.from({ length: 55 }, (_, i) => ({ at: new Date(Date.parse('2026-03-01T08:00:00.000Z') + i * 1000), userId: userIds.pracownik, action: 'tasks.list' })),
    })
    const first = await agent.post('/admin/audit').type('form').send({ _csrf: csrf, to: '09.03.2026' }).redirects(1)
    expect(first.text.match(/data-audit-id="/g)).to.have.length(50)
    const nextHref = /<a href="([^"]+)" rel="next">Następna strona<\/a>/.exec(first.text)?.[1]
    expect(nextHref).to.be.a('string')
    expect(decode(nextHref!)).to.match(/^\/admin\/audit\?f=[\w-]{16}&cursor=[\w-]+$/)
    const second = await agent.get(decode(nextHref!))
    expect(second.status).to.equal(200)
    expect(second.text.match(/data-audit-id="/g)).to.have.length(10)
    expect(second.text).to.include('Pierwsza strona')
    expect(second.text).not.to.include('rel="next"')

    const english = await agent.get('/admin/audit?lang=en')
    expect(english.status).to.equal(200)
    expect(english.text).to.include('<html lang="en">')
    expect(english.text).to.include('<h1>Audit log</h1>')
    expect(english.text).to.include('From (dd.mm.yyyy)')
    expect(english.text).to.include('Task claimed<br><code>task.claim</code>')
    expect(english.text).to.include('<option value="case.read-denied">Case read (access denied) (case.read-denied)</option>')
  })

  it('should read the page of every filter from an index, never a sequential scan of AuditEvent, when the log is large', async () => {
    await db.prisma.$executeRawUnsafe(`INSERT INTO "AuditEvent"(id, at, "userId", action, "caseId", "taskId", ip, details)
      SELECT gen_random_uuid()::text, timestamp '2026-01-01' + g * interval '10 seconds', 'u' || (g % 40),
             (ARRAY['case.read', 'tasks.list', 'task.claim', 'tasks.count'])[1 + g % 4] || CASE WHEN g % 997 = 0 THEN '-denied' ELSE '' END,
             'c' || (g % 10000), CASE WHEN g % 3 = 0 THEN 't' || (g % 20000) END, '10.0.' || (g % 200) || '.1', '{}'::jsonb
      FROM generate_series(1, 30000) g`)
    await db.prisma.$executeRawUnsafe('ANALYZE "AuditEvent"')
    const cursor = { at: '2026-01-02T10:00:00.000Z', id: 'ffffffff' }
    const shapes: [string, ResolvedAuditFilters][] = [
      ['none', {}],
      ['days', { from: '2026-01-02', to: '2026-01-02' }],
      ['user', { userId: 'u7' }],
      ['action', { action: 'case.read-denied' }],
      ['case', { caseId: 'c77' }],
      ['task', { taskId: 't300' }],
      ['ip', { ip: '10.0.7.1' }],
      ['ip and days', { ip: '10.0.7.1', from: '2026-01-02', to: '2026-01-03' }],
    ]
    for (const [name, filters] of shapes) {
      for (const c of [null, cursor]) {
        const plan = (await db.prisma.$queryRaw<{ 'QUERY PLAN': string }[]>(Prisma.sql`EXPLAIN (COSTS OFF) ${auditPageQuery(filters, c, 51)}`))
          .map((r) => r['QUERY PLAN']).join('\n')
        expect(plan, `${name}${c ? ' after a cursor' : ''}:\n${plan}`).to.match(/Index (Only )?Scan.*"?AuditEvent_/)
        expect(plan, `${name}:\n${plan}`).not.to.match(/Seq Scan on "AuditEvent"/)
      }
    }
  })

  describe('filters kept out of the address', () => {
    const FILTER_URL = /^\/admin\/audit\?f=[\w-]{16}$/
    const personal = ['pracownik', '10.0.0.7', '10.0.0.8', CASE_NUMBER, '8311']

    /** Posts the filter form; the answer's Location. */
    async function postFilters(agent: request.Agent, body: Record<string, string>): Promise<string> {
      const res = await agent.post('/admin/audit').type('form').send(body)
      expect(res.status, res.text).to.equal(303)
      return res.headers.location as string
    }

    /** A second administrator with the demo password. */
    async function secondAdmin(): Promise<void> {
      const admin = await db.prisma.user.findUniqueOrThrow({ where: { login: 'admin' }, include: { memberships: true } })
      await db.prisma.user.create({
        data: {
          login: 'admin2', displayName: 'Administrator 2', passwordHash: admin.passwordHash,
          memberships: { create: admin.memberships.map((m) => ({ groupId: m.groupId })) },
        },
      })
    }

    it('should redirect to an address without the login, the IP or the case number and show only the matching events when an administrator posts the filter form', async () => {
      await seedFour()
      const { agent, csrf } = await browserFor(app, 'admin')
      const location = await postFilters(agent, { _csrf: csrf, user: 'pracownik', ip: '10.0.0.7', caseNumber: CASE_NUMBER, from: '01.03.2026', action: '' })
      expect(location).to.match(FILTER_URL)
      for (const secret of personal) expect(location).not.to.include(secret)
      const page = await agent.get(location)
      expect(page.status).to.equal(200)
      expect([...page.text.matchAll(/data-audit-id="([^"]+)"/g)].map((m) => m[1])).to.deep.equal([E(1)])
      expect(page.text).to.include('id="audit-user" name="user" type="text" value="pracownik"')
      expect(page.text).to.include('id="audit-ip" name="ip" type="text" value="10.0.0.7"')
      const hrefs = [...page.text.matchAll(/href="([^"]*)"/g)].map((m) => decode(m[1]))
      for (const href of hrefs) for (const secret of ['10.0.0.7', CASE_NUMBER, 'user=']) expect(href).not.to.include(secret)
      expect(hrefs).to.include(`/admin/audit.csv?f=${location.split('f=')[1]}`)
      // the same filters posted again keep their id
      expect(await postFilters(agent, { _csrf: csrf, user: 'pracownik', ip: '10.0.0.7', caseNumber: CASE_NUMBER, from: '2026-03-01' })).to.equal(location)
      // the search is audited as before: once per page shown, the filters as ids
      const searches = await db.prisma.auditEvent.findMany({ where: { action: 'audit.search' } })
      expect(searches).to.have.length(1)
      expect(searches[0].details).to.deep.equal({
        from: '2026-03-01', userId: userIds.pracownik, caseNumber: true, caseId: CASE_ID, ip: true, format: 'page', page: 'first', limit: 50, count: 1,
      })
      for (const secret of ['10.0.0.7', CASE_NUMBER]) expect(lines.join('\n')).not.to.include(secret)
    })

    it('should move the filters of an old address into the session when the page is asked for with them in the query', async () => {
      await seedFour()
      const { agent } = await browserFor(app, 'admin')
      const res = await agent.get('/admin/audit').query({ ip: '10.0.0.7' })
      expect(res.status).to.equal(303)
      expect(res.headers.location).to.match(FILTER_URL)
      const page = await agent.get(res.headers.location)
      expect([...page.text.matchAll(/data-audit-id="([^"]+)"/g)].map((m) => m[1])).to.deep.equal([E(3), E(1)])
    })

    it('should export only the stored filter\'s events as CSV when an administrator follows the export link, and refuse anyone else', async () => {
      await seedFour()
      const { agent, csrf } = await browserFor(app, 'admin')
      const location = await postFilters(agent, { _csrf: csrf, ip: '10.0.0.7' })
      const id = location.split('f=')[1]
      const csv = await agent.get(`/admin/audit.csv?f=${id}`).buffer(true).parse(binary)
      expect(csv.status).to.equal(200)
      expect(csv.headers['content-type']).to.match(/^text\/csv; charset=utf-8/)
      expect(csv.headers['content-disposition']).to.include('attachment')
      const rows = (csv.body as Buffer).subarray(3).toString('utf8').split('\r\n')
      expect(rows).to.have.length(4) // header, E(3), E(1), the final line break
      expect(rows[1]).to.include(';kierownik;').and.include(';case.read-denied;').and.include(';10.0.0.7;')
      expect(rows[2]).to.include(';pracownik;').and.include(';case.read;').and.include(';10.0.0.7;')
      const exports = await db.prisma.auditEvent.findMany({ where: { action: 'audit.export' } })
      expect(exports).to.have.length(1)
      expect(exports[0].details).to.deep.equal({ ip: true, format: 'csv' })

      const everything = await agent.get('/admin/audit.csv').buffer(true).parse(binary)
      expect((everything.body as Buffer).toString('utf8').split('\r\n').filter((r) => r.includes(';case.') || r.includes(';task.'))).to.have.length(4)

      for (const login of ['pracownik', 'kierownik']) {
        const other = await browserFor(app, login)
        const refused = await other.agent.get(`/admin/audit.csv?f=${id}`)
        expect(refused.status, login).to.equal(403)
        expect(refused.text).not.to.include('10.0.0.7')
      }
      expect(await db.prisma.auditEvent.count({ where: { action: 'audit.search-denied', details: { equals: { format: 'csv' } } } })).to.equal(2)
      expect((await request(app).get(`/admin/audit.csv?f=${id}`)).status).to.equal(303) // anonymous: to the login page
    })

    it('should show the unfiltered page with a notice when the filter id is unknown', async () => {
      await seedFour()
      const { agent } = await browserFor(app, 'admin')
      for (const id of ['AAAAAAAAAAAAAAAA', 'not-an-id']) {
        const page = await agent.get(`/admin/audit?f=${id}`)
        expect(page.status, id).to.equal(200)
        expect(page.text).to.include('<p class="notice" role="status">Nie znaleziono zapamiętanych filtrów')
        expect([...page.text.matchAll(/data-audit-id="([^"]+)"/g)].map((m) => m[1]).filter((x) => x.startsWith('aaaaaaaa'))).to.deep.equal([E(4), E(3), E(2), E(1)])
        expect(page.text).to.include('href="/admin/audit.csv"')
      }
      const csv = await agent.get('/admin/audit.csv?f=AAAAAAAAAAAAAAAA')
      expect(csv.status).to.equal(303)
      expect(csv.headers.location).to.equal('/admin/audit?f=AAAAAAAAAAAAAAAA')
      expect(await db.prisma.auditEvent.count({ where: { action: 'audit.export' } })).to.equal(0)
      const english = await agent.get('/admin/audit?f=AAAAAAAAAAAAAAAA&lang=en')
      expect(english.text).to.include('The remembered filters were not found')
    })

    it('should treat another user\'s filter id as unknown when a second administrator follows it', async () => {
      await seedFour()
      await secondAdmin()
      const first = await browserFor(app, 'admin')
      const location = await postFilters(first.agent, { _csrf: first.csrf, user: 'pracownik' })
      const second = await browserFor(app, 'admin2')
      for (const path of [location, location.replace('/admin/audit', '/admin/audit.csv')]) {
        const res = await second.agent.get(path).redirects(1)
        expect(res.status, path).to.equal(200)
        expect(res.text).to.include('Nie znaleziono zapamiętanych filtrów')
        expect(res.text).not.to.include('value="pracownik"')
      }
      // the same administrator in another session neither
      const again = await browserFor(app, 'admin')
      expect((await again.agent.get(location)).text).to.include('Nie znaleziono zapamiętanych filtrów')
      expect((await first.agent.get(location)).text).to.include('value="pracownik"')
    })

    it('should answer 403 and store nothing when the filter form is posted without the CSRF token or by someone who is not an administrator', async () => {
      const { agent, csrf } = await browserFor(app, 'admin')
      const missing = await agent.post('/admin/audit').type('form').send({ ip: '10.0.0.7' })
      expect(missing.status).to.equal(403)
      const wrong = await agent.post('/admin/audit').type('form').send({ _csrf: `${csrf}x`, ip: '10.0.0.7' })
      expect(wrong.status).to.equal(403)
      const caseworker = await browserFor(app, 'pracownik')
      const refused = await caseworker.agent.post('/admin/audit').type('form').send({ _csrf: caseworker.csrf, ip: 'zły adres' })
      expect(refused.status).to.equal(403)
      expect(refused.text).not.to.include('zły adres')
      expect(await db.prisma.sessionFilter.count()).to.equal(0)
      expect(await db.prisma.auditEvent.count({ where: { action: 'audit.search-denied', userId: userIds.pracownik } })).to.equal(1)
    })

    it('should keep only the newest filters of a session when many searches are made', async () => {
      const { agent, csrf } = await browserFor(app, 'admin')
      const first = await postFilters(agent, { _csrf: csrf, ip: '10.0.1.0' })
      for (let i = 1; i <= 20; i++) await postFilters(agent, { _csrf: csrf, ip: `10.0.1.${i}` })
      expect(await db.prisma.sessionFilter.count()).to.equal(20)
      expect((await agent.get(first)).text).to.include('Nie znaleziono zapamiętanych filtrów')
      const signedOut = await agent.post('/logout').type('form').send({ _csrf: csrf })
      expect(signedOut.status).to.equal(303)
      expect(await db.prisma.sessionFilter.count()).to.equal(0)
    })
  })
})
