// Issue 15: a page shows the result of the action that led to it. Registering an application on the page lands on
// the case page with the procedure's first task already open; completing the family interview on the task page
// lands on the inbox with the decision draft it led to — on the real procedure and the engine under test, with no
// reload and nothing driving the engine in between (the page waits briefly: src/cases/await-engine-step.ts).
import { expect } from 'chai'
import type { Express } from 'express'
import { FakeClock } from '../../engine/clock.ts'
import type { TestEngine } from '../helpers/engine-under-test.ts'
import { startProceduresEngine } from '../helpers/procedures-engine.ts'
import { stopTestEngine } from '../helpers/engine-under-test.ts'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'
import { browserFor, createWebTestApp } from '../helpers/web-app.ts'
import { APPLICANT_PESEL, SPOUSE_PESEL } from '../helpers/web-fixtures.ts'

describe('web: pages show the result of an action', function () {
  this.timeout(120_000)
  let db: TestDatabase
  let app: Express
  let engine: TestEngine | null = null

  before(async () => { db = await createTestDatabase() })
  after(async () => db?.close())
  beforeEach(async () => {
    await db.reset()
    const clock = new FakeClock('2026-03-10T09:00:00Z')
    // on Operaton the follower brings the engine's changes to the mirror on its own, as in production
    engine = await startProceduresEngine(db.prisma, clock, { followIntervalMs: 200 })
    // long enough for a distributed engine's mirror; the page stops waiting as soon as the case has moved on
    ;({ app } = await createWebTestApp(db, { engine, clock, env: { PAGE_ENGINE_WAIT_MS: '20000' } }))
  })
  afterEach(async () => {
    await stopTestEngine(engine)
    engine = null
  })

  it('should show the first task on the case page and the next task in the inbox when a case is registered and its interview completed on the pages', async () => {
    const { agent, csrf } = await browserFor(app, 'pracownik')
    const registered = await agent.post('/cases').type('form').send({
      _csrf: csrf,
      idempotencyKey: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
      procedure: 'benefit-application',
      receivedAt: '2026-03-09',
      benefit: 'zasilek-okresowy',
      'applicant.pesel': APPLICANT_PESEL,
      'applicant.firstName': 'Anna',
      'applicant.lastName': 'Nowak',
      'household[0].pesel': SPOUSE_PESEL,
      'household[0].firstName': 'Piotr',
      'household[0].lastName': 'Nowak',
      'incomes[0].pesel': APPLICANT_PESEL,
      'incomes[0].monthlyNet': '700',
    })
    expect(registered.status, registered.text.slice(0, 300)).to.equal(303)
    const casePage = await agent.get(registered.headers.location)
    expect(casePage.status).to.equal(200)
    const interview = await db.prisma.task.findFirst({ where: { status: 'open', elementId: 'Task_familyInterview' } })
    expect(interview, 'the interview is open when the case page is shown').to.not.equal(null)
    expect(casePage.text).to.include(`/tasks/${interview!.id}`)

    const claimed = await agent.post(`/tasks/${interview!.id}/claim`).type('form').send({ _csrf: csrf })
    expect(claimed.status).to.equal(303)
    const completed = await agent.post(`/tasks/${interview!.id}/complete`).type('form').send({
      _csrf: csrf, interviewDate: '2026-03-09', assistanceReason: 'poverty', householdSizeConfirmed: '2',
      situationDescription: 'Rodzina w trudnej sytuacji.', cooperates: 'true',
    })
    expect(completed.status, completed.text.slice(0, 300)).to.equal(303)
    const inbox = await agent.get(completed.headers.location.replace('/inbox', '/inbox?tab=group').replace('?tab=group?', '?tab=group&'))
    const draft = await db.prisma.task.findFirst({ where: { status: 'open', elementId: 'Task_draftDecision' } })
    expect(draft, 'the decision draft is open when the inbox is shown').to.not.equal(null)
    expect(inbox.text).to.include(`/tasks/${draft!.id}`)
  })
})
