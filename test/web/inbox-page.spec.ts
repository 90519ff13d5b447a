import { expect } from 'chai'
import type { Express } from 'express'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'
import { browserFor, createWebTestApp } from '../helpers/web-app.ts'
import { COUNT_LIMIT } from '../../src/inbox/count-tasks.ts'
import { insertTask } from '../helpers/web-fixtures.ts'
import { notifyLogins } from '../../src/sla/sla-notify.ts'
import { insertCase } from '../helpers/inbox-fixtures.ts'

const labelsFor = (html: string) => new Set([...html.matchAll(/<label for="([^"]+)"/g)].map((m) => m[1]))
const visibleInputIds = (html: string) =>
  [...html.matchAll(/<(?:input|select|textarea)\b([^>]*)>/g)]
    .filter((m) => !/type="hidden"/.test(m[1]))
    .map((m) => /\bid="([^"]+)"/.exec(m[1])?.[1] ?? '(no id)')
const unescape = (s: string) => s.replace(/&amp;/g, '&').replace(/&#x3D;/g, '=')
const taskRowIds = (html: string) => [...html.matchAll(/data-task-id="([^"]+)"/g)].map((m) => m[1])

describe('web: inbox page', function () {
  let db: TestDatabase
  let app: Express

  before(async () => {
    db = await createTestDatabase()
  })
  after(async () => db?.close())
  beforeEach(async () => {
    await db.reset()
    app = (await createWebTestApp(db)).app
  })

  it('should show the tabs with their counts and the all tab only to managers', async () => {
    await insertTask(db.prisma, { assignee: 'pracownik', dueAt: new Date('2026-03-01T10:00:00Z') })
    await insertTask(db.prisma, {})
    await insertTask(db.prisma, { candidateGroups: ['managers'] })
    const { agent } = await browserFor(app, 'pracownik')
    const page = await agent.get('/inbox?tab=group')
    expect(page.text).to.include('Moje zadania (1)').and.include('Zadania moich grup (2)').and.include('Nieprzypisane (1)')
    expect(page.text).to.include('Zakończone przeze mnie').and.include('Po terminie: 1')
    expect(page.text).not.to.include('Wszystkie')
    expect((await agent.get('/inbox?tab=all')).status).to.equal(403)
    const manager = await browserFor(app, 'kierownik')
    const all = await manager.agent.get('/inbox?tab=all')
    expect(all.status).to.equal(200)
    expect(all.text).to.include('Wszystkie (3)')
    expect(taskRowIds(all.text)).to.have.length(3)
  })

  it('should show "200+" on a tab whose count passes the limit when more tasks are open than the counts read', async () => {
    await db.prisma.task.createMany({
      data: Array.from({ length: COUNT_LIMIT + 1 }, (_, i) => ({
        engine: 'embedded', engineKey: `exec-many-${i}`, instanceId: 'instance-1', processId: 'benefit-application',
        elementId: 'Task_familyInterview', name: `Zadanie ${i}`, candidateGroups: ['caseworkers'], candidateUsers: [], createdAt: new Date(Date.UTC(2026, 2, 1, 7, 0, 0, i)),
      })),
    })
    await insertTask(db.prisma, { assignee: 'pracownik' })
    const { agent } = await browserFor(app, 'pracownik')
    const page = await agent.get('/inbox?tab=group')
    expect(page.text).to.include(`Zadania moich grup (${COUNT_LIMIT}+)`).and.include(`Nieprzypisane (${COUNT_LIMIT}+)`)
    expect(page.text).to.include('Moje zadania (1)')
  })

  it('should start a notice with "System" or the person\'s name, not a login, when a task was assigned to me', async () => {
    const task = await insertTask(db.prisma, { assignee: 'pracownik' })
    await notifyLogins(db.prisma, new Date('2026-03-10T08:00:00Z'), ['pracownik'], { type: 'task-assigned', taskId: task.id, caseId: null, data: { by: 'system' } })
    await notifyLogins(db.prisma, new Date('2026-03-10T08:01:00Z'), ['pracownik'], { type: 'task-assigned', taskId: task.id, caseId: null, data: { by: 'kierownik' } })
    const { agent } = await browserFor(app, 'pracownik')
    const page = await agent.get('/inbox?tab=mine')
    expect(page.text).to.include('System przydziela Ci zadanie').and.include('Kierownik Działu przydziela Ci zadanie')
    expect(page.text).not.to.include('system przydziela').and.not.include('kierownik przydziela')
  })

  it('should link a case notice by the case number, not the word "sprawa", when a manager is told of an escalation', async () => {
    const kase = await db.prisma.case.create({ data: { number: 'OPS.8311.7.2026', procedure: 'benefit-application', receivedAt: new Date('2026-01-05') } })
    await notifyLogins(db.prisma, new Date('2026-03-10T08:00:00Z'), ['kierownik'], { type: 'sla-case-escalated', caseId: kase.id, data: { due: '2026-03-06' } })
    const { agent } = await browserFor(app, 'kierownik')
    const page = await agent.get('/inbox?tab=all')
    expect(page.text).to.include('Eskalacja: sprawa po terminie ustawowym')
    expect(page.text).to.match(/href="\/notifications\/[^"]+">OPS\.8311\.7\.2026<\/a>/)
  })

  it('should label every filter field and keep the values entered when the filter form is used', async () => {
    const kase = await insertCase(db.prisma, { number: 'OPS.8311.5.2026', applicant: { firstName: 'Anna', lastName: 'Nowak' } })
    const match = await insertTask(db.prisma, { caseId: kase.id, dueAt: new Date('2026-03-11T10:00:00Z') })
    await insertTask(db.prisma, { dueAt: new Date('2026-03-11T10:00:00Z') })
    const { agent, csrf } = await browserFor(app, 'pracownik')
    const page = await agent.post('/inbox').type('form').send({ _csrf: csrf, tab: 'group', applicant: 'nowak', atRisk: '1', caseNumber: '8311.5', task: '' }).redirects(1)
    expect(page.status).to.equal(200)
    const labels = labelsFor(page.text)
    for (const id of visibleInputIds(page.text)) expect(labels.has(id), `label for ${id}`).to.equal(true)
    expect(page.text).to.include('id="filter-applicant" name="applicant" type="text" value="nowak"')
    expect(page.text).to.match(/id="filter-at-risk" name="atRisk" value="1" checked/)
    expect(taskRowIds(page.text)).to.deep.equal([match.id])
    expect(page.text).to.include('Nowak A.').and.include('OPS.8311.5.2026').and.include('Zasiłek okresowy')
    expect(page.text).to.include('zagrożone').and.include('zostało dni: 1')
  })

  it('should show the errors and no list when a filter is invalid', async () => {
    await insertTask(db.prisma, {})
    const { agent } = await browserFor(app, 'pracownik')
    const page = await agent.get('/inbox?tab=group&dueBefore=31.02.2026')
    expect(page.status).to.equal(400)
    expect(page.text).to.include('Filtry zawierają błędy').and.include('Nieprawidłowa data (RRRR-MM-DD)')
    expect(page.text).to.include('aria-invalid="true" aria-describedby="filter-due-before-error"')
    expect(taskRowIds(page.text)).to.have.length(0)
  })

  it('should sort by a column header and page with a next link that keeps filters and sort', async () => {
    const low = await insertTask(db.prisma, { priority: 10, dueAt: new Date('2026-03-11T10:00:00Z') })
    const high = await insertTask(db.prisma, { priority: 90, dueAt: new Date('2026-03-20T10:00:00Z') })
    const mid = await insertTask(db.prisma, { priority: 60 })
    const { agent } = await browserFor(app, 'pracownik')
    const first = await agent.get('/inbox?tab=group')
    expect(taskRowIds(first.text)).to.deep.equal([low.id, high.id, mid.id])
    expect(first.text).to.include('aria-sort="ascending"')
    const priorityHref = unescape(/<a href="([^"]*sort&#x3D;priority[^"]*)"/.exec(first.text)![1])
    const byPriority = await agent.get(`${priorityHref}&limit=2`)
    expect(taskRowIds(byPriority.text)).to.deep.equal([high.id, mid.id])
    expect(byPriority.text).to.include('aria-sort="descending"')
    const next = unescape(/<a href="([^"]+)" rel="next"/.exec(byPriority.text)![1])
    expect(next).to.include('sort=priority').and.include('limit=2').and.include('cursor=')
    const second = await agent.get(next)
    expect(taskRowIds(second.text)).to.deep.equal([low.id])
    expect(second.text).not.to.include('rel="next"')
    expect(second.text).to.include('Pierwsza strona')
  })

  it('should show the tasks I completed in the completed tab', async () => {
    const done = await insertTask(db.prisma, { status: 'completed', completedBy: 'pracownik', completedAt: new Date('2026-03-09T10:00:00Z') })
    const { agent } = await browserFor(app, 'pracownik')
    const page = await agent.get('/inbox?tab=completed')
    expect(taskRowIds(page.text)).to.deep.equal([done.id])
    expect(page.text).to.include('09.03.2026 11:00')
    expect(page.text).not.to.include(`/tasks/${done.id}/claim`)
  })

  describe('filters kept out of the address', () => {
    const FILTER_URL = /^\/inbox\?tab=group&f=[\w-]{16}$/

    async function twoNowaks() {
      const nowak = await insertCase(db.prisma, { number: 'OPS.8311.5.2026', applicant: { firstName: 'Anna', lastName: 'Nowak' } })
      const other = await insertCase(db.prisma, { number: 'OPS.8311.6.2026', applicant: { firstName: 'Jan', lastName: 'Kowalski' } })
      const match = await insertTask(db.prisma, { caseId: nowak.id, dueAt: new Date('2026-03-11T10:00:00Z'), priority: 80 })
      const second = await insertTask(db.prisma, { caseId: nowak.id, dueAt: new Date('2026-03-12T10:00:00Z'), priority: 10 })
      const miss = await insertTask(db.prisma, { caseId: other.id, dueAt: new Date('2026-03-11T10:00:00Z') })
      return { match, second, miss }
    }

    it('should redirect to an address without the surname, the login or the case number and list only the matching tasks when the filter form is posted', async () => {
      const { match, second } = await twoNowaks()
      const { agent, csrf } = await browserFor(app, 'pracownik')
      const res = await agent.post('/inbox').type('form').send({ _csrf: csrf, tab: 'group', applicant: 'Nowak', caseNumber: '8311.5', assignee: '', procedure: '' })
      expect(res.status).to.equal(303)
      expect(res.headers.location).to.match(FILTER_URL)
      for (const secret of ['Nowak', 'nowak', '8311', 'applicant', 'caseNumber']) expect(res.headers.location).not.to.include(secret)
      const page = await agent.get(res.headers.location)
      expect(page.status).to.equal(200)
      expect(taskRowIds(page.text)).to.deep.equal([match.id, second.id])
      expect(page.text).to.include('id="filter-applicant" name="applicant" type="text" value="Nowak"')
      expect(page.text).to.include('<form method="post" action="/inbox" class="filter-form"')
      const hrefs = [...page.text.matchAll(/(?:href|value)="([^"]*)"/g)].map((m) => unescape(m[1])).filter((h) => h.startsWith('/inbox'))
      expect(hrefs.length).to.be.greaterThan(5) // tabs, sort headers, the bulk and claim forms' returnTo
      for (const href of hrefs) expect(href, href).not.to.match(/Nowak|8311|applicant=|caseNumber=/)
      const f = res.headers.location.split('f=')[1]
      expect(hrefs).to.include(`/inbox?tab=mine&f=${f}`)

      // sorting and paging keep the stored filters through the id
      const byPriority = await agent.get(`/inbox?tab=group&f=${f}&sort=priority&dir=asc&limit=1`)
      expect(taskRowIds(byPriority.text)).to.deep.equal([second.id])
      const next = unescape(/<a href="([^"]+)" rel="next"/.exec(byPriority.text)![1])
      expect(next).to.match(/^\/inbox\?tab=group&f=[\w-]{16}&sort=priority&dir=asc&limit=1&cursor=[\w-]+$/)
      expect(taskRowIds((await agent.get(next)).text)).to.deep.equal([match.id])

      // a claim comes back to the filtered list
      const claim = await agent.post(`/tasks/${match.id}/claim`).type('form').send({ _csrf: csrf, returnTo: res.headers.location })
      expect(claim.headers.location).to.equal(`${res.headers.location}&notice=claimed`)
      const audit = await db.prisma.auditEvent.findMany({ where: { action: 'tasks.list' } })
      for (const event of audit) expect(JSON.stringify(event.details)).not.to.include('Nowak')
    })

    it('should move a surname or a login of an old address into the session when the inbox is asked for with them', async () => {
      await twoNowaks()
      const { agent } = await browserFor(app, 'pracownik')
      const res = await agent.get('/inbox?tab=group&applicant=Nowak&assignee=pracownik2')
      expect(res.status).to.equal(303)
      expect(res.headers.location).to.match(FILTER_URL)
      const page = await agent.get(res.headers.location)
      expect(page.text).to.include('value="pracownik2"')
      expect(taskRowIds(page.text)).to.deep.equal([])
    })

    it('should show the tab unfiltered with a notice when the filter id is unknown', async () => {
      const { match, second, miss } = await twoNowaks()
      const { agent } = await browserFor(app, 'pracownik')
      const page = await agent.get('/inbox?tab=group&f=AAAAAAAAAAAAAAAA&cursor=abc')
      expect(page.status).to.equal(200)
      expect(page.text).to.include('<p class="notice" role="status">Nie znaleziono zapamiętanych filtrów')
      expect(taskRowIds(page.text)).to.have.members([match.id, second.id, miss.id])
      expect(page.text).not.to.include('f=AAAAAAAAAAAAAAAA')
    })

    it('should treat a colleague\'s filter id as unknown when a second caseworker follows it', async () => {
      const { match, second, miss } = await twoNowaks()
      const mine = await browserFor(app, 'pracownik')
      const location = (await mine.agent.post('/inbox').type('form').send({ _csrf: mine.csrf, tab: 'group', applicant: 'Nowak' })).headers.location as string
      const colleague = await browserFor(app, 'pracownik2')
      const theirs = await colleague.agent.get(location)
      expect(theirs.status).to.equal(200)
      expect(theirs.text).to.include('Nie znaleziono zapamiętanych filtrów')
      expect(theirs.text).not.to.include('value="Nowak"')
      expect(taskRowIds(theirs.text)).to.have.members([match.id, second.id, miss.id])
      expect(taskRowIds((await mine.agent.get(location)).text)).to.deep.equal([match.id, second.id])
    })

    it('should answer 403 and store nothing when the filter form is posted without the CSRF token', async () => {
      const { agent, csrf } = await browserFor(app, 'pracownik')
      const res = await agent.post('/inbox').type('form').send({ tab: 'group', applicant: 'Nowak' })
      expect(res.status).to.equal(403)
      expect(res.text).not.to.include('Nowak')
      expect((await agent.post('/inbox').type('form').send({ _csrf: 'x', tab: 'group', applicant: 'Nowak' })).status).to.equal(403)
      expect(await db.prisma.sessionFilter.count()).to.equal(0)
      expect((await agent.post('/inbox').type('form').send({ _csrf: csrf, tab: 'all', applicant: 'Nowak' })).status).to.equal(403)
    })

    it('should show the errors with the values entered and no redirect when a posted filter is invalid', async () => {
      await insertTask(db.prisma, {})
      const { agent, csrf } = await browserFor(app, 'pracownik')
      const page = await agent.post('/inbox').type('form').send({ _csrf: csrf, tab: 'group', applicant: 'Nowak', dueBefore: '31.02.2026' })
      expect(page.status).to.equal(400)
      expect(page.text).to.include('Filtry zawierają błędy').and.include('value="Nowak"').and.include('value="31.02.2026"')
      expect(taskRowIds(page.text)).to.have.length(0)
      expect(await db.prisma.sessionFilter.count()).to.equal(0)
    })
  })
})
