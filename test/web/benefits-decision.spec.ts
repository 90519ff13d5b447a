// The decision of a benefit case through the web: delivery, appeal and SKO ruling recorded by API (messages to the
// real benefit-application procedure on the embedded engine), and the decision as printable HTML and PDF.
import { expect } from 'chai'
import request from 'supertest'
import type { Express } from 'express'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'
import { bearer, browserFor, createWebTestApp, tokenFor } from '../helpers/web-app.ts'
import { benefitApplication } from '../helpers/web-fixtures.ts'
import { pdfText } from '../helpers/pdf-text.ts'
import { FakeClock } from '../../engine/clock.ts'
import type { TestEngine } from '../helpers/engine-under-test.ts'
import { startProceduresEngine } from '../helpers/procedures-engine.ts'

const INTERVIEW = { interviewDate: '2026-03-09', assistanceReason: 'poverty', householdSizeConfirmed: 3, situationDescription: 'Rodzina w trudnej sytuacji.', cooperates: true }
const JUSTIFICATION = 'Dochód rodziny jest niższy od kryterium; rodzina współpracuje z pracownikiem socjalnym (art. 11).'

describe('web: benefit decision, delivery and appeal', function () {
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
    ;({ app } = await createWebTestApp(db, { engine, clock, env: { CENTRE_NAME: 'Miejski Ośrodek Pomocy Społecznej w Łodzi' } }))
    for (const login of ['pracownik', 'kierownik', 'asystent']) tokens[login] = await tokenFor(app, login)
  })
  afterEach(async () => engine?.stop())

  /** Moves the clock; sessions last 10 hours, so everyone signs in again. */
  async function later(instant: string) {
    clock.set(instant)
    for (const login of Object.keys(tokens)) tokens[login] = await tokenFor(app, login)
  }

  const post = (path: string, login: string, body: object = {}) => request(app).post(path).set(bearer(tokens[login])).send(body)

  async function complete(caseId: string, elementId: string, variables: Record<string, unknown>, login: string) {
    await engine.idle()
    const task = await db.prisma.task.findFirstOrThrow({ where: { caseId, status: 'open' } })
    expect(task.elementId).to.equal(elementId)
    await db.prisma.task.update({ where: { id: task.id }, data: { completedBy: login } })
    await engine.completeUserTask(task.engineKey, variables)
    await engine.idle()
  }

  /** Registered 2026-03-09 (3 persons, 2 000.50 zł: zasiłek okresowy 234.25–468.50 zł), drafted by pracownik. */
  async function drafted(): Promise<string> {
    const created = await post('/api/cases', 'pracownik', benefitApplication())
    expect(created.status).to.equal(201)
    const caseId = created.body.id as string
    await complete(caseId, 'Task_familyInterview', INTERVIEW, 'pracownik')
    await complete(caseId, 'Task_draftDecision', { proposedOutcome: 'grant', proposedAmount: 300, periodMonths: 3, justification: JUSTIFICATION }, 'pracownik')
    return caseId
  }

  async function issued(): Promise<string> {
    const caseId = await drafted()
    await complete(caseId, 'Task_approveDecision', { approvalDecision: 'approve' }, 'kierownik')
    return caseId
  }

  describe('POST /api/cases/:id/delivery', () => {
    it('should start the appeal period on delivery and answer its last day', async () => {
      const caseId = await issued()
      const res = await post(`/api/cases/${caseId}/delivery`, 'pracownik', { deliveredAt: '2026-03-10' })
      expect(res.status).to.equal(200)
      expect(res.body).to.deep.equal({ caseId, deliveredAt: '2026-03-10', appealDeadline: '2026-03-24' })
      await engine.idle()
      const window = await db.prisma.task.findFirstOrThrow({ where: { caseId, status: 'open' } })
      expect(window.elementId).to.equal('Task_appealWindow')
      expect(window.dueAt?.toISOString()).to.equal('2026-03-24T22:59:59.000Z')
      expect(await db.prisma.auditEvent.count({ where: { caseId, action: 'case.decision-delivered' } })).to.equal(1)
    })

    it('should answer 409 NOT_WAITING before the decision is issued and when the delivery is already recorded', async () => {
      const caseId = await drafted()
      const early = await post(`/api/cases/${caseId}/delivery`, 'pracownik', { deliveredAt: '2026-03-10' })
      expect(early.status).to.equal(409)
      expect(early.body.error.code).to.equal('NOT_WAITING')
      await complete(caseId, 'Task_approveDecision', { approvalDecision: 'approve' }, 'kierownik')
      expect((await post(`/api/cases/${caseId}/delivery`, 'kierownik', { deliveredAt: '2026-03-10' })).status).to.equal(200)
      await engine.idle()
      expect((await post(`/api/cases/${caseId}/delivery`, 'kierownik', { deliveredAt: '2026-03-10' })).status).to.equal(409)
    })

    it('should answer 422 for a missing, future or pre-decision date and 403 for a family assistant', async () => {
      const caseId = await issued()
      const missing = await post(`/api/cases/${caseId}/delivery`, 'pracownik', {})
      expect(missing.status).to.equal(422)
      expect(missing.body.error.fields).to.deep.equal({ deliveredAt: 'Pole wymagane' })
      expect((await post(`/api/cases/${caseId}/delivery`, 'pracownik', { deliveredAt: '2026-03-11' })).body.error.fields).to.deep.equal({ deliveredAt: 'Data nie może być z przyszłości' })
      expect((await post(`/api/cases/${caseId}/delivery`, 'pracownik', { deliveredAt: '2026-03-09' })).body.error.fields).to.deep.equal({ deliveredAt: 'Data nie może być wcześniejsza niż data wydania decyzji (10.03.2026)' })
      expect((await post(`/api/cases/${caseId}/delivery`, 'asystent', { deliveredAt: '2026-03-10' })).status).to.equal(403)
      expect((await post('/api/cases/00000000-0000-0000-0000-000000000000/delivery', 'pracownik', { deliveredAt: '2026-03-10' })).status).to.equal(404)
      expect((await request(app).post(`/api/cases/${caseId}/delivery`).send({ deliveredAt: '2026-03-10' })).status).to.equal(401)
    })
  })

  describe('POST /api/cases/:id/appeal and /sko-ruling', () => {
    async function delivered(): Promise<string> {
      const caseId = await issued()
      expect((await post(`/api/cases/${caseId}/delivery`, 'pracownik', { deliveredAt: '2026-03-10' })).status).to.equal(200)
      await engine.idle()
      return caseId
    }

    it('should open the appeal path for a manager when an appeal is filed in time', async () => {
      const caseId = await delivered()
      await later('2026-03-20T09:00:00Z')
      const res = await post(`/api/cases/${caseId}/appeal`, 'pracownik', { filedAt: '2026-03-19' })
      expect(res.status).to.equal(200)
      expect(res.body).to.deep.equal({ caseId, filedAt: '2026-03-19' })
      await engine.idle()
      const review = await db.prisma.task.findFirstOrThrow({ where: { caseId, status: 'open' } })
      expect(review).to.include({ elementId: 'Task_reviewAppeal' })
      expect(review.candidateGroups).to.deep.equal(['managers'])
    })

    it('should refuse an appeal dated after the last day of the period or before the delivery', async () => {
      const caseId = await delivered()
      await later('2026-03-24T20:00:00Z')
      expect((await post(`/api/cases/${caseId}/appeal`, 'pracownik', { filedAt: '2026-03-09' })).body.error.fields).to.deep.equal({ filedAt: 'Data nie może być wcześniejsza niż data doręczenia decyzji (10.03.2026)' })
      await later('2026-03-25T09:00:00Z')
      const late = await post(`/api/cases/${caseId}/appeal`, 'pracownik', { filedAt: '2026-03-25' })
      expect(late.status).to.equal(422)
      expect(late.body.error.fields).to.deep.equal({ filedAt: 'Data nie może być późniejsza niż ostatni dzień terminu na odwołanie (24.03.2026)' })
    })

    it('should answer 409 NOT_WAITING for an appeal once the decision is final', async () => {
      const caseId = await delivered()
      await later('2026-03-25T09:00:00Z')
      await engine.runDueWork()
      await engine.runDueWork()
      expect(await db.prisma.payment.count({ where: { caseId } })).to.equal(3)
      const res = await post(`/api/cases/${caseId}/appeal`, 'pracownik', { filedAt: '2026-03-24' })
      expect(res.status).to.equal(409)
      expect(res.body.error.code).to.equal('NOT_WAITING')
    })

    it('should record the SKO ruling after the file was forwarded, and refuse a ruling it does not know', async () => {
      const caseId = await delivered()
      expect((await post(`/api/cases/${caseId}/sko-ruling`, 'kierownik', { ruling: 'upheld', ruledAt: '2026-03-10' })).status).to.equal(409)
      expect((await post(`/api/cases/${caseId}/appeal`, 'pracownik', { filedAt: '2026-03-10' })).status).to.equal(200)
      await complete(caseId, 'Task_reviewAppeal', { appealResolution: 'forward', appealReviewComment: 'Brak podstaw do uwzględnienia.' }, 'kierownik')
      await complete(caseId, 'Task_forwardToSko', { skoForwardedAt: '2026-03-10' }, 'pracownik')
      await later('2026-04-20T09:00:00Z')
      const bad = await post(`/api/cases/${caseId}/sko-ruling`, 'kierownik', { ruling: 'maybe', ruledAt: '2026-04-20' })
      expect(bad.status).to.equal(422)
      expect(bad.body.error.fields).to.have.key('ruling')
      const res = await post(`/api/cases/${caseId}/sko-ruling`, 'kierownik', { ruling: 'upheld', ruledAt: '2026-04-17' })
      expect(res.status).to.equal(200)
      await engine.idle()
      expect(await db.prisma.case.findUniqueOrThrow({ where: { id: caseId } })).to.include({ status: 'closed', outcome: 'granted' })
    })
  })

  describe('GET /cases/:id/decision and /decision.pdf', () => {
    it('should show the draft as a PROJEKT before approval, and 404 before a draft exists', async () => {
      const created = await post('/api/cases', 'pracownik', benefitApplication())
      const { agent } = await browserFor(app, 'pracownik')
      expect((await agent.get(`/cases/${created.body.id}/decision`)).status).to.equal(404)
      await complete(created.body.id, 'Task_familyInterview', INTERVIEW, 'pracownik')
      await complete(created.body.id, 'Task_draftDecision', { proposedOutcome: 'grant', proposedAmount: 300, periodMonths: 3, justification: JUSTIFICATION }, 'pracownik')
      const res = await agent.get(`/cases/${created.body.id}/decision`)
      expect(res.status).to.equal(200)
      expect(res.text).to.include('PROJEKT')
    })

    it('should print the issued decision as HTML with every part, audited', async () => {
      const caseId = await issued()
      const { agent } = await browserFor(app, 'pracownik')
      const res = await agent.get(`/cases/${caseId}/decision`)
      expect(res.status).to.equal(200)
      expect(res.type).to.equal('text/html')
      for (const part of [
        'Miejski Ośrodek Pomocy Społecznej w Łodzi',
        'dnia 10.03.2026 r.',
        'Znak sprawy: OPS.8311.1.2026',
        'DECYZJA',
        'art. 104 ustawy z dnia 14 czerwca 1960 r.',
        'Przyznać stronie – Anna Nowak – zasiłek okresowy w wysokości 300,00 zł miesięcznie na okres od 1 marca 2026 r. do 31 maja 2026 r.',
        'UZASADNIENIE',
        JUSTIFICATION.slice(0, 40),
        'POUCZENIE',
        'w terminie 14 dni od dnia jej doręczenia',
        'Zatwierdził(a): Kierownik',
      ]) {
        expect(res.text).to.include(part)
      }
      expect(res.text).not.to.include('PROJEKT')
      expect(await db.prisma.auditEvent.count({ where: { caseId, action: 'decision.read' } })).to.equal(1)
    })

    it('should serve the decision as a PDF with Polish letters', async () => {
      const caseId = await issued()
      const { agent } = await browserFor(app, 'kierownik')
      const res = await agent.get(`/cases/${caseId}/decision.pdf`).buffer(true).parse((r, cb) => {
        const chunks: Buffer[] = []
        r.on('data', (c: Buffer) => chunks.push(c))
        r.on('end', () => cb(null, Buffer.concat(chunks)))
      })
      expect(res.status).to.equal(200)
      expect(res.headers['content-type']).to.equal('application/pdf')
      expect(res.headers['content-disposition']).to.equal('inline; filename="decyzja-OPS.8311.1.2026.pdf"')
      const text = pdfText(res.body as Buffer)
      expect(text).to.include('Przyznać stronie – Anna Nowak – zasiłek okresowy w wysokości 300,00 zł')
      expect(text).to.include('Miejski Ośrodek Pomocy Społecznej w')
      expect(text).to.include('POUCZENIE')
    })

    it('should redirect to the login page without a session and answer 403 outside the case\'s groups', async () => {
      const caseId = await issued()
      const anonymous = await request(app).get(`/cases/${caseId}/decision.pdf`)
      expect(anonymous.status).to.equal(303)
      expect(anonymous.headers.location).to.equal(`/login?next=${encodeURIComponent(`/cases/${caseId}/decision.pdf`)}`)
      const { agent } = await browserFor(app, 'asystent')
      expect((await agent.get(`/cases/${caseId}/decision`)).status).to.equal(403)
      expect(await db.prisma.auditEvent.count({ where: { caseId, action: 'decision.read-denied' } })).to.equal(1)
    })
  })
})
