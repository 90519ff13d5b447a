// The case history names the person who acted: a benefit case walked through the web on the real procedure — the
// tasks completed by API, the delivery and the SKO ruling recorded by API and by the case page's forms, a pause, a
// document — and every history entry a person's action caused carries that person, the entries the procedure's
// service steps write after it (decision issued, delivery, appeal, SKO ruling) included. Only what the system does
// on its own (the case number, the decision becoming final, payments, closing) is the system's.
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
const PDF = Buffer.from('%PDF-1.4\n' + 'x'.repeat(2000) + '\n%%EOF\n')

interface HistoryEntry {
  type: string
  actor: string | null
  data: Record<string, unknown>
}

describe('web: the case history names who acted', function () {
  this.timeout(60_000)
  let db: TestDatabase
  let app: Express
  let engine: TestEngine
  let clock: FakeClock
  const tokens: Record<string, string> = {}

  before(async () => {
    db = await createTestDatabase()
  })
  after(async () => db?.close())
  beforeEach(async () => {
    await db.reset()
    clock = new FakeClock('2026-03-10T09:00:00Z')
    engine = await startProceduresEngine(db.prisma, clock)
    ;({ app } = await createWebTestApp(db, { engine, clock }))
    for (const login of ['pracownik', 'pracownik2', 'kierownik']) tokens[login] = await tokenFor(app, login)
  })
  afterEach(async () => engine?.stop())

  const post = (path: string, login: string, body: object = {}) => request(app).post(path).set(bearer(tokens[login])).send(body)

  /** Completes the case's open task by API as `login`. */
  async function complete(caseId: string, elementId: string, variables: Record<string, unknown>, login: string): Promise<void> {
    await engine.idle()
    const task = await db.prisma.task.findFirstOrThrow({ where: { caseId, status: 'open' } })
    expect(task.elementId).to.equal(elementId)
    const res = await post(`/api/tasks/${task.id}/complete`, login, { variables })
    expect(res.status, JSON.stringify(res.body)).to.equal(200)
    await engine.idle()
  }

  async function history(caseId: string): Promise<HistoryEntry[]> {
    await engine.idle()
    const res = await request(app).get(`/api/cases/${caseId}`).set(bearer(tokens.kierownik))
    return res.body.history as HistoryEntry[]
  }

  const actorsOf = (entries: HistoryEntry[], type: string) => entries.filter((e) => e.type === type).map((e) => e.actor)

  async function issued(): Promise<string> {
    const created = await post('/api/cases', 'pracownik', benefitApplication())
    expect(created.status).to.equal(201)
    const caseId = created.body.id as string
    await complete(caseId, 'Task_familyInterview', INTERVIEW, 'pracownik')
    await complete(caseId, 'Task_draftDecision', DRAFT, 'pracownik')
    await complete(caseId, 'Task_approveDecision', { approvalDecision: 'approve' }, 'kierownik')
    return caseId
  }

  it('should name the caseworker who recorded the delivery by API, and the manager whose approval issued the decision', async () => {
    const caseId = await issued()
    expect((await post(`/api/cases/${caseId}/delivery`, 'pracownik2', { deliveredAt: '2026-03-10' })).status).to.equal(200)
    const entries = await history(caseId)
    expect(actorsOf(entries, 'decision-delivered')).to.deep.equal(['pracownik2'])
    expect(actorsOf(entries, 'decision-issued')).to.deep.equal(['kierownik'])
    expect(actorsOf(entries, 'task-completed')).to.deep.equal(['pracownik', 'pracownik', 'kierownik'])
  })

  it('should name the caseworker who recorded the delivery with the case page form', async () => {
    const caseId = await issued()
    const { agent, csrf } = await browserFor(app, 'pracownik2')
    const res = await agent.post(`/cases/${caseId}/delivery`).type('form').send({ _csrf: csrf, deliveredAt: '2026-03-10' })
    expect(res.status).to.equal(303)
    expect(res.headers.location).to.include('notice=decisionEventRecorded')
    expect(actorsOf(await history(caseId), 'decision-delivered')).to.deep.equal(['pracownik2'])
  })

  it('should name who registered the appeal in its task, who forwarded it and who recorded the SKO ruling', async () => {
    const caseId = await issued()
    expect((await post(`/api/cases/${caseId}/delivery`, 'pracownik', { deliveredAt: '2026-03-10' })).status).to.equal(200)
    await complete(caseId, 'Task_appealWindow', { appealFiledAt: '2026-03-10' }, 'pracownik2')
    await complete(caseId, 'Task_reviewAppeal', { appealResolution: 'forward', appealReviewComment: 'Brak podstaw do uwzględnienia.' }, 'kierownik')
    await complete(caseId, 'Task_forwardToSko', { skoForwardedAt: '2026-03-10' }, 'pracownik')
    expect((await post(`/api/cases/${caseId}/sko-ruling`, 'kierownik', { ruling: 'upheld', ruledAt: '2026-03-10' })).status).to.equal(200)
    const entries = await history(caseId)
    expect(actorsOf(entries, 'appeal-filed')).to.deep.equal(['pracownik2'])
    expect(actorsOf(entries, 'sko-ruling')).to.deep.equal(['kierownik'])
    // what the procedure does on its own stays the system's
    expect(actorsOf(entries, 'decision-final')).to.deep.equal([null])
    expect(actorsOf(entries, 'closed')).to.deep.equal([null])
  })

  it('should name who filed the appeal by API and who granted it in self-control', async () => {
    const caseId = await issued()
    expect((await post(`/api/cases/${caseId}/delivery`, 'pracownik', { deliveredAt: '2026-03-10' })).status).to.equal(200)
    await engine.idle()
    expect((await post(`/api/cases/${caseId}/appeal`, 'pracownik2', { filedAt: '2026-03-10' })).status).to.equal(200)
    await complete(caseId, 'Task_reviewAppeal', { appealResolution: 'self-grant', appealReviewComment: 'Odwołanie zasadne w całości.' }, 'kierownik')
    const entries = await history(caseId)
    expect(actorsOf(entries, 'appeal-filed')).to.deep.equal(['pracownik2'])
    expect(actorsOf(entries, 'appeal-self-granted')).to.deep.equal(['kierownik'])
  })

  it('should leave no entry of a person\'s action without its actor when a case goes from registration to its decision with a pause and a document', async () => {
    const created = await post('/api/cases', 'pracownik', benefitApplication())
    const caseId = created.body.id as string
    expect((await post(`/api/cases/${caseId}/pauses`, 'pracownik2', { reason: 'awaiting-party', from: '2026-03-09' })).status).to.be.oneOf([200, 201])
    const upload = await request(app).post(`/api/cases/${caseId}/documents`).set(bearer(tokens.pracownik)).field('kind', 'other').field('title', 'Zaświadczenie').attach('file', PDF, 'z.pdf')
    expect(upload.status).to.equal(201)
    await complete(caseId, 'Task_familyInterview', INTERVIEW, 'pracownik')
    await complete(caseId, 'Task_draftDecision', DRAFT, 'pracownik')
    await complete(caseId, 'Task_approveDecision', { approvalDecision: 'approve' }, 'kierownik')
    const entries = await history(caseId)
    const systemOnly = new Set(['number-assigned', 'decision-final', 'closed', 'payments-scheduled', 'deadline-missed', 'sla-escalation'])
    const withoutActor = entries.filter((e) => e.actor === null && !systemOnly.has(e.type)).map((e) => e.type)
    expect(withoutActor).to.deep.equal([])
    expect(actorsOf(entries, 'deadline-paused')).to.deep.equal(['pracownik2'])
    expect(actorsOf(entries, 'document-added')).to.deep.equal(['pracownik'])
  })
})
