// A decision draft the manager sends back for correction goes to its author again (zeebe:properties returnToAuthor:
// the SLA monitor gives the new task to whoever completed the previous one, right after the completion), through the
// real API, the real benefit-application procedure on the embedded engine and the real SLA monitor.
import { expect } from 'chai'
import request from 'supertest'
import type { Express } from 'express'
import { FakeClock } from '../../engine/clock.ts'
import type { TestEngine } from '../helpers/engine-under-test.ts'
import { startProceduresEngine } from '../helpers/procedures-engine.ts'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'
import { bearer, createWebTestApp, tokenFor } from '../helpers/web-app.ts'
import { benefitApplication } from '../helpers/web-fixtures.ts'

const INTERVIEW = { interviewDate: '2026-03-09', assistanceReason: 'poverty', householdSizeConfirmed: 3, situationDescription: 'Rodzina w trudnej sytuacji.', cooperates: true }
const DRAFT = { proposedOutcome: 'grant', proposedAmount: 300, periodMonths: 3, justification: 'Dochód rodziny jest niższy od kryterium; rodzina współpracuje (art. 11).' }

describe('web: a decision draft returned for correction', function () {
  let db: TestDatabase
  let app: Express
  let engine: TestEngine

  before(async () => {
    db = await createTestDatabase()
  })
  after(async () => db?.close())
  beforeEach(async () => {
    await db.reset()
    const clock = new FakeClock('2026-03-10T09:00:00Z')
    engine = await startProceduresEngine(db.prisma, clock)
    ;({ app } = await createWebTestApp(db, { engine, clock, withSla: true }))
  })
  afterEach(async () => engine?.stop())

  async function completeOpen(caseId: string, elementId: string, login: string, variables: object) {
    await engine.idle()
    const task = await db.prisma.task.findFirstOrThrow({ where: { caseId, elementId, status: 'open' } })
    const res = await request(app).post(`/api/tasks/${task.id}/complete`).set(bearer(await tokenFor(app, login))).send({ variables })
    expect(res.status, JSON.stringify(res.body)).to.equal(200)
    await engine.idle()
  }

  it('should give the draft back to the caseworker who wrote it when the manager returns it', async () => {
    const created = await request(app).post('/api/cases').set(bearer(await tokenFor(app, 'pracownik'))).send(benefitApplication())
    expect(created.status).to.equal(201)
    const caseId = created.body.id as string
    await completeOpen(caseId, 'Task_familyInterview', 'pracownik2', INTERVIEW)
    const first = await db.prisma.task.findFirstOrThrow({ where: { caseId, elementId: 'Task_draftDecision', status: 'open' } })
    expect(first.assignee).to.equal(null) // the first draft: the group's
    await completeOpen(caseId, 'Task_draftDecision', 'pracownik', DRAFT)
    await completeOpen(caseId, 'Task_approveDecision', 'kierownik', { approvalDecision: 'return', approvalComment: 'Popraw okres.' })
    const again = await db.prisma.task.findFirstOrThrow({ where: { caseId, elementId: 'Task_draftDecision', status: 'open' } })
    expect(again.id).not.to.equal(first.id)
    expect(again.assignee).to.equal('pracownik')
    expect(again.candidateGroups).to.deep.equal(['caseworkers']) // a manager may still give it to someone else
    const notice = await db.prisma.notification.findFirstOrThrow({ where: { login: 'pracownik', taskId: again.id } })
    expect(notice).to.include({ type: 'task-assigned' })
    expect(await db.prisma.caseEvent.count({ where: { caseId, type: 'task-assigned' } })).to.equal(1)
  })

  it('should leave the draft with the group when its author is no longer active', async () => {
    const created = await request(app).post('/api/cases').set(bearer(await tokenFor(app, 'pracownik'))).send(benefitApplication())
    const caseId = created.body.id as string
    await completeOpen(caseId, 'Task_familyInterview', 'pracownik2', INTERVIEW)
    await completeOpen(caseId, 'Task_draftDecision', 'pracownik', DRAFT)
    await db.prisma.user.update({ where: { login: 'pracownik' }, data: { active: false } })
    await completeOpen(caseId, 'Task_approveDecision', 'kierownik', { approvalDecision: 'return' })
    const again = await db.prisma.task.findFirstOrThrow({ where: { caseId, elementId: 'Task_draftDecision', status: 'open' } })
    expect(again.assignee).to.equal(null)
  })
})
