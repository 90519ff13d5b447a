import { expect } from 'chai'
import request from 'supertest'
import type { Express } from 'express'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'
import { bearer, browserFor, createWebTestApp, tokenFor } from '../helpers/web-app.ts'
import type { FakeEngine } from '../helpers/web-fake-engine.ts'
import { EngineError } from '../../engine/port.ts'
import { insertForm, insertTask, interviewForm, validInterview } from '../helpers/web-fixtures.ts'

describe('web: tasks API', function () {
  let db: TestDatabase
  let app: Express
  let engine: FakeEngine
  const tokens: Record<string, string> = {}

  before(async () => {
    db = await createTestDatabase()
  })
  after(async () => db?.close())
  beforeEach(async () => {
    await db.reset()
    const built = await createWebTestApp(db)
    app = built.app
    engine = built.fakeEngine!
    for (const login of ['pracownik', 'pracownik2', 'kierownik', 'asystent']) tokens[login] = await tokenFor(app, login)
  })

  const get = (path: string, login: string) => request(app).get(path).set(bearer(tokens[login]))
  const post = (path: string, login: string, body: object = {}) => request(app).post(path).set(bearer(tokens[login])).send(body)

  describe('GET /api/tasks', () => {
    it('should list open group tasks by due date with undated ones last when view=group', async () => {
      // given
      const late = await insertTask(db.prisma, { name: 'late', dueAt: new Date('2026-03-20T10:00:00Z') })
      const undated = await insertTask(db.prisma, { name: 'undated' })
      const early = await insertTask(db.prisma, { name: 'early', dueAt: new Date('2026-03-12T10:00:00Z'), assignee: 'pracownik2' })
      const mineAsUser = await insertTask(db.prisma, { name: 'candidate user', candidateGroups: ['managers'], candidateUsers: ['pracownik'] })
      await insertTask(db.prisma, { name: 'other group', candidateGroups: ['family-assistants'] })
      await insertTask(db.prisma, { name: 'done', status: 'completed' })
      // when
      const res = await get('/api/tasks?view=group', 'pracownik')
      // then
      expect(res.status).to.equal(200)
      expect(res.body.map((t: { id: string }) => t.id)).to.deep.equal([early.id, late.id, undated.id, mineAsUser.id])
      expect(res.body[0]).to.deep.equal({
        id: early.id, name: 'early', caseId: null, candidateGroups: ['caseworkers'], assignee: 'pracownik2',
        dueAt: '2026-03-12T10:00:00.000Z', priority: 50, status: 'open',
      })
    })

    it('should list only tasks assigned to me when view=mine', async () => {
      const mine = await insertTask(db.prisma, { assignee: 'pracownik' })
      await insertTask(db.prisma, { assignee: 'pracownik2' })
      await insertTask(db.prisma, {})
      const res = await get('/api/tasks?view=mine', 'pracownik')
      expect(res.body.map((t: { id: string }) => t.id)).to.deep.equal([mine.id])
    })

    it('should answer 400 when view is not a known view', async () => {
      expect((await get('/api/tasks?view=everything', 'pracownik')).status).to.equal(400)
    })
  })

  describe('GET /api/tasks/:id', () => {
    it('should return the task with its newest form and variables when I am a candidate', async () => {
      await insertForm(db.prisma, { ...interviewForm, components: [] }, 1)
      await insertForm(db.prisma, interviewForm, 2)
      const task = await insertTask(db.prisma, { formKey: 'web-interview', variables: { householdSize: 3 } })
      const res = await get(`/api/tasks/${task.id}`, 'pracownik')
      expect(res.status).to.equal(200)
      expect(res.body).to.include({ id: task.id, formKey: 'web-interview', status: 'open' })
      expect(res.body.form.components).to.have.length(interviewForm.components.length)
      expect(res.body.variables).to.deep.equal({ householdSize: 3 })
      expect(await db.prisma.auditEvent.count({ where: { action: 'task.read', taskId: task.id } })).to.equal(1)
    })

    it('should give form null when the task has no form', async () => {
      const task = await insertTask(db.prisma)
      expect((await get(`/api/tasks/${task.id}`, 'pracownik')).body.form).to.equal(null)
    })

    it('should answer 403 when the task is outside my groups and 404 when it does not exist', async () => {
      const task = await insertTask(db.prisma)
      expect((await get(`/api/tasks/${task.id}`, 'asystent')).status).to.equal(403)
      expect((await get('/api/tasks/nope', 'pracownik')).status).to.equal(404)
    })
  })

  describe('claim and unclaim', () => {
    it('should assign the task to me and record it when I claim an unassigned task', async () => {
      const task = await insertTask(db.prisma, { caseId: null })
      const res = await post(`/api/tasks/${task.id}/claim`, 'pracownik')
      expect(res.status).to.equal(200)
      expect(res.body.assignee).to.equal('pracownik')
      expect(engine.assigned).to.deep.equal([{ key: task.engineKey, assignee: 'pracownik' }])
      expect(await db.prisma.auditEvent.count({ where: { action: 'task.claim', taskId: task.id } })).to.equal(1)
    })

    it('should answer 409 when someone else already holds the task', async () => {
      const task = await insertTask(db.prisma)
      await post(`/api/tasks/${task.id}/claim`, 'pracownik')
      const res = await post(`/api/tasks/${task.id}/claim`, 'pracownik2')
      expect(res.status).to.equal(409)
      expect(res.body.error.code).to.equal('CONFLICT')
      expect((await db.prisma.task.findUniqueOrThrow({ where: { id: task.id } })).assignee).to.equal('pracownik')
    })

    it('should let exactly one of two simultaneous claims win when they race', async () => {
      const task = await insertTask(db.prisma)
      const results = await Promise.all([post(`/api/tasks/${task.id}/claim`, 'pracownik'), post(`/api/tasks/${task.id}/claim`, 'pracownik2')])
      expect(results.map((r) => r.status).sort()).to.deep.equal([200, 409])
    })

    it('should answer 200 without a new event when I claim a task I already hold', async () => {
      const task = await insertTask(db.prisma)
      await post(`/api/tasks/${task.id}/claim`, 'pracownik')
      const again = await post(`/api/tasks/${task.id}/claim`, 'pracownik')
      expect(again.status).to.equal(200)
      expect(engine.assigned).to.have.length(1)
    })

    it('should answer 403 when the task is outside my groups', async () => {
      const task = await insertTask(db.prisma)
      const res = await post(`/api/tasks/${task.id}/claim`, 'asystent')
      expect(res.status).to.equal(403)
      expect(await db.prisma.auditEvent.count({ where: { action: 'task.claim-denied' } })).to.equal(1)
    })

    it('should answer 409 when the task is no longer open', async () => {
      const task = await insertTask(db.prisma, { status: 'completed' })
      expect((await post(`/api/tasks/${task.id}/claim`, 'pracownik')).status).to.equal(409)
    })

    it('should undo the claim when the engine refuses it', async () => {
      const task = await insertTask(db.prisma)
      engine.assignUserTask = async () => {
        throw new EngineError('UNAVAILABLE', 'down')
      }
      const res = await post(`/api/tasks/${task.id}/claim`, 'pracownik')
      expect(res.status).to.equal(503)
      expect((await db.prisma.task.findUniqueOrThrow({ where: { id: task.id } })).assignee).to.equal(null)
    })

    it('should release the task when its assignee unclaims it', async () => {
      const task = await insertTask(db.prisma, { assignee: 'pracownik' })
      const res = await post(`/api/tasks/${task.id}/unclaim`, 'pracownik')
      expect(res.status).to.equal(200)
      expect(res.body.assignee).to.equal(null)
      expect(await db.prisma.auditEvent.count({ where: { action: 'task.unclaim' } })).to.equal(1)
    })

    it('should let a manager release a task when someone else holds it', async () => {
      const task = await insertTask(db.prisma, { assignee: 'pracownik' })
      const res = await post(`/api/tasks/${task.id}/unclaim`, 'kierownik')
      expect(res.status).to.equal(200)
      expect(res.body.assignee).to.equal(null)
    })

    it('should answer 403 when a colleague who is not a manager unclaims my task', async () => {
      const task = await insertTask(db.prisma, { assignee: 'pracownik' })
      expect((await post(`/api/tasks/${task.id}/unclaim`, 'pracownik2')).status).to.equal(403)
      expect((await post(`/api/tasks/${task.id}/unclaim`, 'asystent')).status).to.equal(403)
    })
  })

  describe('POST /api/tasks/:id/complete', () => {
    beforeEach(async () => insertForm(db.prisma))

    it('should complete the task with the form variables when I hold it and the form is valid', async () => {
      // given
      const kase = await db.prisma.case.create({ data: { procedure: 'benefit-application', receivedAt: new Date('2026-03-01') } })
      const task = await insertTask(db.prisma, { formKey: 'web-interview', assignee: 'pracownik', caseId: kase.id })
      // when
      const res = await post(`/api/tasks/${task.id}/complete`, 'pracownik', { variables: { ...validInterview, injected: 'x' } })
      // then
      expect(res.status).to.equal(200)
      expect(res.body.status).to.equal('completed')
      const { id: pracownikId } = await db.prisma.user.findUniqueOrThrow({ where: { login: 'pracownik' } })
      expect(engine.completed).to.deep.equal([{ key: task.engineKey, variables: { ...validInterview, recordedBy: pracownikId } }])
      const stored = await db.prisma.task.findUniqueOrThrow({ where: { id: task.id } })
      expect(stored.completedBy).to.equal('pracownik')
      const events = await db.prisma.caseEvent.findMany({ where: { caseId: kase.id } })
      expect(events.map((e) => e.type)).to.deep.equal(['task-completed'])
      expect(await db.prisma.auditEvent.count({ where: { action: 'task.complete', taskId: task.id } })).to.equal(1)
    })

    it('should answer 422 with a message per field when the form values break its rules', async () => {
      const task = await insertTask(db.prisma, { formKey: 'web-interview', assignee: 'pracownik' })
      const res = await post(`/api/tasks/${task.id}/complete`, 'pracownik', {
        variables: { interviewDate: '2026-02-30', assistanceReason: 'wealth', householdSizeConfirmed: 0, situationDescription: 'short', postcode: '123' },
      })
      expect(res.status).to.equal(422)
      expect(res.body.error.code).to.equal('VALIDATION_FAILED')
      expect(res.body.error.fields).to.deep.equal({
        interviewDate: 'Nieprawidłowa data (RRRR-MM-DD)',
        assistanceReason: 'Wybierz jedną z dostępnych wartości',
        householdSizeConfirmed: 'Wartość nie może być mniejsza niż 1',
        situationDescription: 'Co najmniej 10 znaków',
        postcode: 'Nieprawidłowy format',
      })
      expect(engine.completed).to.have.length(0)
      const missing = await post(`/api/tasks/${task.id}/complete`, 'pracownik', { variables: { householdSizeConfirmed: 'three' } })
      expect(missing.body.error.fields).to.include({ interviewDate: 'Pole wymagane', householdSizeConfirmed: 'Podaj liczbę' })
    })

    it('should answer 409 when someone else holds the task', async () => {
      const task = await insertTask(db.prisma, { formKey: 'web-interview', assignee: 'pracownik2' })
      const res = await post(`/api/tasks/${task.id}/complete`, 'pracownik', { variables: validInterview })
      expect(res.status).to.equal(409)
      expect(engine.completed).to.have.length(0)
    })

    it('should claim and complete in one go when a candidate completes an unassigned task', async () => {
      const task = await insertTask(db.prisma, { formKey: 'web-interview' })
      const res = await post(`/api/tasks/${task.id}/complete`, 'pracownik', { variables: validInterview })
      expect(res.status).to.equal(200)
      expect(res.body.assignee).to.equal('pracownik')
      expect(engine.assigned).to.deep.equal([{ key: task.engineKey, assignee: 'pracownik' }])
    })

    it('should answer 403 when a non-candidate completes an unassigned task', async () => {
      const task = await insertTask(db.prisma, { formKey: 'web-interview' })
      expect((await post(`/api/tasks/${task.id}/complete`, 'asystent', { variables: validInterview })).status).to.equal(403)
    })

    it('should accept any variables object when the task has no form', async () => {
      const task = await insertTask(db.prisma, { assignee: 'pracownik' })
      const res = await post(`/api/tasks/${task.id}/complete`, 'pracownik', { variables: { approved: true } })
      expect(res.status).to.equal(200)
      const { id: pracownikId } = await db.prisma.user.findUniqueOrThrow({ where: { login: 'pracownik' } })
      expect(engine.completed[0].variables).to.deep.equal({ approved: true, recordedBy: pracownikId })
      const bad = await insertTask(db.prisma, { assignee: 'pracownik' })
      expect((await post(`/api/tasks/${bad.id}/complete`, 'pracownik', { variables: [1, 2] })).status).to.equal(422)
    })

    it('should answer 403 FOUR_EYES when the drafter claims or completes the approval', async () => {
      // given: pracownik completed the draft; the approval names the draft as its four-eyes partner
      const common = { instanceId: 'instance-9', candidateGroups: ['caseworkers', 'managers'] }
      const draft = await insertTask(db.prisma, { ...common, elementId: 'Task_draftDecision', assignee: 'pracownik' })
      await post(`/api/tasks/${draft.id}/complete`, 'pracownik', { variables: {} })
      const approval = await insertTask(db.prisma, { ...common, elementId: 'Task_approveDecision', properties: { fourEyesWith: 'Task_draftDecision' } })
      // when
      const claim = await post(`/api/tasks/${approval.id}/claim`, 'pracownik')
      const complete = await post(`/api/tasks/${approval.id}/complete`, 'pracownik', { variables: {} })
      // then
      expect(claim.status).to.equal(403)
      expect(claim.body.error.code).to.equal('FOUR_EYES')
      expect(complete.status).to.equal(403)
      expect(complete.body.error.code).to.equal('FOUR_EYES')
      expect((await post(`/api/tasks/${approval.id}/claim`, 'kierownik')).status).to.equal(200)
    })

    it('should tell the drafter before claiming and offer neither the claim nor the form on the task page and the inbox when the four-eyes rule applies', async () => {
      const common = { instanceId: 'instance-10', candidateGroups: ['caseworkers', 'managers'] }
      const draft = await insertTask(db.prisma, { ...common, elementId: 'Task_draftDecision', assignee: 'pracownik' })
      await post(`/api/tasks/${draft.id}/complete`, 'pracownik', { variables: {} })
      const approval = await insertTask(db.prisma, { ...common, elementId: 'Task_approveDecision', properties: { fourEyesWith: 'Task_draftDecision' } })
      const other = await insertTask(db.prisma, { instanceId: 'instance-11', elementId: 'Task_approveDecision', properties: { fourEyesWith: 'Task_draftDecision' } })

      const drafter = await browserFor(app, 'pracownik')
      const page = await drafter.agent.get(`/tasks/${approval.id}`)
      expect(page.status).to.equal(200)
      expect(page.text).to.include('zasada dwóch par oczu')
      expect(page.text).not.to.include(`action="/tasks/${approval.id}/claim"`)
      expect(page.text).not.to.match(/<button type="submit">Zakończ zadanie<\/button>/)
      const inbox = await drafter.agent.get('/inbox?tab=group')
      expect(inbox.text).to.include('dla innej osoby')
      expect(inbox.text).not.to.include(`action="/tasks/${approval.id}/claim"`)
      expect(inbox.text, 'another case\'s approval stays claimable').to.include(`action="/tasks/${other.id}/claim"`)

      const manager = await browserFor(app, 'kierownik')
      const managerPage = await manager.agent.get(`/tasks/${approval.id}`)
      expect(managerPage.text).not.to.include('zasada dwóch par oczu')
      expect(managerPage.text).to.include(`action="/tasks/${approval.id}/claim"`)
    })

    it('should clear completedBy and answer 409 when the engine no longer knows the task', async () => {
      const task = await insertTask(db.prisma, { assignee: 'pracownik' })
      engine.completeUserTask = async () => {
        throw new EngineError('NOT_FOUND', 'gone')
      }
      const res = await post(`/api/tasks/${task.id}/complete`, 'pracownik', { variables: {} })
      expect(res.status).to.equal(409)
      expect((await db.prisma.task.findUniqueOrThrow({ where: { id: task.id } })).completedBy).to.equal(null)
    })

    it('should answer 200 and record the completion when the engine completed the task but its answer was lost', async () => {
      // given: the engine applies the completion (its sync marks our row completed), then the call fails, as when an
      // Operaton node is killed before it answers
      const kase = await db.prisma.case.create({ data: { procedure: 'benefit-application', receivedAt: new Date('2026-03-01') } })
      const task = await insertTask(db.prisma, { assignee: 'pracownik', caseId: kase.id })
      engine.completeUserTask = async () => {
        await db.prisma.task.update({ where: { id: task.id }, data: { status: 'completed', completedAt: new Date() } })
        throw new EngineError('UNAVAILABLE', 'connection reset')
      }
      // when
      const res = await post(`/api/tasks/${task.id}/complete`, 'pracownik', { variables: {} })
      // then
      expect(res.status).to.equal(200)
      expect((await db.prisma.task.findUniqueOrThrow({ where: { id: task.id } })).completedBy).to.equal('pracownik')
      const events = await db.prisma.caseEvent.findMany({ where: { caseId: kase.id } })
      expect(events.map((e) => e.type)).to.deep.equal(['task-completed'])
    })

    it('should answer 503 and clear completedBy when the engine is unavailable and the task is still open', async () => {
      const task = await insertTask(db.prisma, { assignee: 'pracownik' })
      engine.completeUserTask = async () => {
        throw new EngineError('UNAVAILABLE', 'connection refused')
      }
      const res = await post(`/api/tasks/${task.id}/complete`, 'pracownik', { variables: {} })
      expect(res.status).to.equal(503)
      expect((await db.prisma.task.findUniqueOrThrow({ where: { id: task.id } })).completedBy).to.equal(null)
    })
  })
})
