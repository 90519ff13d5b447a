// The case page's decision section: the document links once drafted, and the delivery / appeal / SKO forms
// exactly when the procedure waits for them, on the real benefit-application procedure.
import { expect } from 'chai'
import request from 'supertest'
import type { Express } from 'express'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'
import { bearer, browserFor, createWebTestApp, tokenFor } from '../helpers/web-app.ts'
import { benefitApplication } from '../helpers/web-fixtures.ts'
import { FakeClock } from '../../engine/clock.ts'
import type { TestEngine } from '../helpers/engine-under-test.ts'
import { startProceduresEngine } from '../helpers/procedures-engine.ts'

const INTERVIEW = { interviewDate: '2026-03-09', assistanceReason: 'poverty', householdSizeConfirmed: 3, situationDescription: 'Rodzina w trudnej sytuacji.', cooperates: true }
const DRAFT = { proposedOutcome: 'grant', proposedAmount: 300, periodMonths: 3, justification: 'Dochód rodziny jest niższy od kryterium; rodzina współpracuje.' }

describe('web: decision events on the case page', function () {
  let db: TestDatabase
  let app: Express
  let engine: TestEngine
  let clock: FakeClock

  before(async () => {
    db = await createTestDatabase()
  })
  after(async () => db?.close())
  beforeEach(async () => {
    await db.reset()
    clock = new FakeClock('2026-03-10T09:00:00Z')
    engine = await startProceduresEngine(db.prisma, clock)
    ;({ app } = await createWebTestApp(db, { engine, clock }))
  })
  afterEach(async () => engine?.stop())

  async function complete(caseId: string, elementId: string, variables: Record<string, unknown>, login: string) {
    await engine.idle()
    const task = await db.prisma.task.findFirstOrThrow({ where: { caseId, status: 'open' } })
    expect(task.elementId).to.equal(elementId)
    await db.prisma.task.update({ where: { id: task.id }, data: { completedBy: login } })
    await engine.completeUserTask(task.engineKey, variables)
    await engine.idle()
  }

  it('should offer the delivery form only once the decision is issued, and record delivery from it', async () => {
    const token = await tokenFor(app, 'pracownik')
    const created = await request(app).post('/api/cases').set(bearer(token)).send(benefitApplication())
    expect(created.status).to.equal(201)
    const caseId = created.body.id as string
    const { agent, csrf } = await browserFor(app, 'pracownik')

    await complete(caseId, 'Task_familyInterview', INTERVIEW, 'pracownik')
    await complete(caseId, 'Task_draftDecision', DRAFT, 'pracownik')
    let page = await agent.get(`/cases/${caseId}`)
    expect(page.text).to.include(`href="/cases/${caseId}/decision.pdf"`)
    expect(page.text).not.to.include(`action="/cases/${caseId}/delivery"`)

    await complete(caseId, 'Task_approveDecision', { approvalDecision: 'approve' }, 'kierownik')
    page = await agent.get(`/cases/${caseId}`)
    expect(page.text).to.include(`action="/cases/${caseId}/delivery"`)
    expect(page.text).to.include('<label for="deliveredAt">')

    // a date in the future is refused with a notice and changes nothing
    const future = await agent.post(`/cases/${caseId}/delivery`).type('form').send({ _csrf: csrf, deliveredAt: '2026-04-01' })
    expect(future.status).to.equal(303)
    expect(future.headers.location).to.equal(`/cases/${caseId}?notice=decisionEventInvalid`)

    const ok = await agent.post(`/cases/${caseId}/delivery`).type('form').send({ _csrf: csrf, deliveredAt: '2026-03-10' })
    expect(ok.headers.location).to.equal(`/cases/${caseId}?notice=decisionEventRecorded`)
    await engine.idle()
    page = await agent.get(`/cases/${caseId}`)
    expect(page.text).not.to.include(`action="/cases/${caseId}/delivery"`)
    expect(page.text).to.include(`action="/cases/${caseId}/appeal"`)
  })

  it('should refuse the form without the CSRF token', async () => {
    const { agent } = await browserFor(app, 'pracownik')
    const res = await agent.post('/cases/00000000-0000-0000-0000-000000000000/delivery').type('form').send({ deliveredAt: '2026-03-10' })
    expect(res.status).to.equal(403)
  })
})
