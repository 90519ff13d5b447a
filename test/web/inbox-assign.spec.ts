import { expect } from 'chai'
import request from 'supertest'
import type { Express } from 'express'
import { EngineError } from '../../engine/port.ts'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'
import { bearer, browserFor, createWebTestApp, tokenFor } from '../helpers/web-app.ts'
import type { FakeEngine } from '../helpers/web-fake-engine.ts'
import { insertTask } from '../helpers/web-fixtures.ts'
import { insertCase } from '../helpers/inbox-fixtures.ts'

describe('web: assign, release and bulk actions', function () {
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
    for (const login of ['pracownik', 'pracownik2', 'kierownik', 'asystent', 'admin']) tokens[login] = await tokenFor(app, login)
  })

  const post = (path: string, login: string, body: object = {}) => request(app).post(path).set(bearer(tokens[login])).send(body)
  const assigneeOf = async (id: string) => (await db.prisma.task.findUniqueOrThrow({ where: { id } })).assignee

  describe('POST /api/tasks/:id/assign', () => {
    it('should assign an unassigned task to a member of its groups and record it when a manager asks', async () => {
      // given
      const kase = await insertCase(db.prisma)
      const task = await insertTask(db.prisma, { caseId: kase.id })
      // when
      const res = await post(`/api/tasks/${task.id}/assign`, 'kierownik', { assignee: 'pracownik2' })
      // then
      expect(res.status).to.equal(200)
      expect(res.body.assignee).to.equal('pracownik2')
      expect(engine.assigned).to.deep.equal([{ key: task.engineKey, assignee: 'pracownik2' }])
      const audit = await db.prisma.auditEvent.findFirstOrThrow({ where: { action: 'task.assign', taskId: task.id } })
      expect(audit.details).to.deep.include({ assignee: 'pracownik2', previousAssignee: null })
      const events = await db.prisma.caseEvent.findMany({ where: { caseId: kase.id } })
      expect(events.map((e) => e.type)).to.deep.equal(['task-assigned'])
    })

    it('should reassign a task someone holds when a manager asks', async () => {
      const task = await insertTask(db.prisma, { assignee: 'pracownik' })
      const res = await post(`/api/tasks/${task.id}/assign`, 'admin', { assignee: 'pracownik2' })
      expect(res.status).to.equal(200)
      expect(await assigneeOf(task.id)).to.equal('pracownik2')
    })

    it('should answer 422 naming the field when the person is not in the task\'s groups, unknown or inactive', async () => {
      const task = await insertTask(db.prisma)
      const outsider = await post(`/api/tasks/${task.id}/assign`, 'kierownik', { assignee: 'asystent' })
      expect(outsider.status).to.equal(422)
      expect(outsider.body.error.code).to.equal('VALIDATION_FAILED')
      expect(outsider.body.error.fields).to.deep.equal({ assignee: 'Ta osoba nie należy do grup, które mogą wykonać to zadanie' })
      expect((await post(`/api/tasks/${task.id}/assign`, 'kierownik', { assignee: 'nikt' })).status).to.equal(422)
      await db.prisma.user.update({ where: { login: 'pracownik2' }, data: { active: false } })
      expect((await post(`/api/tasks/${task.id}/assign`, 'kierownik', { assignee: 'pracownik2' })).status).to.equal(422)
      expect((await post(`/api/tasks/${task.id}/assign`, 'kierownik', {})).status).to.equal(422)
      expect(await assigneeOf(task.id)).to.equal(null)
      expect(await db.prisma.auditEvent.count({ where: { action: 'task.assign-rejected' } })).to.equal(3)
    })

    it('should accept a candidate user of the task who is not in its groups', async () => {
      const task = await insertTask(db.prisma, { candidateUsers: ['asystent'] })
      expect((await post(`/api/tasks/${task.id}/assign`, 'kierownik', { assignee: 'asystent' })).status).to.equal(200)
    })

    it('should answer 403 when a caseworker assigns, and 403 FOUR_EYES when the assignee drafted the decision', async () => {
      const task = await insertTask(db.prisma)
      const denied = await post(`/api/tasks/${task.id}/assign`, 'pracownik', { assignee: 'pracownik2' })
      expect(denied.status).to.equal(403)
      expect(await db.prisma.auditEvent.count({ where: { action: 'task.assign-denied' } })).to.equal(1)
      const common = { instanceId: 'instance-4', candidateGroups: ['caseworkers', 'managers'] }
      await insertTask(db.prisma, { ...common, elementId: 'Task_draftDecision', status: 'completed', completedBy: 'pracownik' })
      const approval = await insertTask(db.prisma, { ...common, elementId: 'Task_approveDecision', properties: { fourEyesWith: 'Task_draftDecision' } })
      const fourEyes = await post(`/api/tasks/${approval.id}/assign`, 'kierownik', { assignee: 'pracownik' })
      expect(fourEyes.status).to.equal(403)
      expect(fourEyes.body.error.code).to.equal('FOUR_EYES')
    })

    it('should answer 409 when the task is no longer open and undo the change when the engine refuses', async () => {
      const done = await insertTask(db.prisma, { status: 'completed' })
      expect((await post(`/api/tasks/${done.id}/assign`, 'kierownik', { assignee: 'pracownik' })).status).to.equal(409)
      const task = await insertTask(db.prisma, { assignee: 'pracownik' })
      engine.assignUserTask = async () => {
        throw new EngineError('UNAVAILABLE', 'down')
      }
      expect((await post(`/api/tasks/${task.id}/assign`, 'kierownik', { assignee: 'pracownik2' })).status).to.equal(503)
      expect(await assigneeOf(task.id)).to.equal('pracownik')
    })

    it('should keep a restricted group\'s task out of a manager\'s reach: no assign, no release, not in the all view', async () => {
      const blueCard = await insertTask(db.prisma, { processId: 'blue-card', candidateGroups: ['blue-card-team'], assignee: 'pracownik' })
      const ordinary = await insertTask(db.prisma)
      expect((await post(`/api/tasks/${blueCard.id}/assign`, 'kierownik', { assignee: 'pracownik2' })).status).to.equal(403)
      expect((await post(`/api/tasks/${blueCard.id}/unclaim`, 'kierownik')).status).to.equal(403)
      const all = await request(app).get('/api/tasks?view=all').set(bearer(tokens.kierownik))
      expect(all.body.map((t: { id: string }) => t.id)).to.deep.equal([ordinary.id])
      const counts = await request(app).get('/api/tasks/counts').set(bearer(tokens.kierownik))
      expect(counts.body.all).to.equal(1)
    })
  })

  describe('POST /api/tasks/bulk', () => {
    it('should claim each task on its own and answer a result per task when some are held or forbidden', async () => {
      // given
      const free1 = await insertTask(db.prisma)
      const held = await insertTask(db.prisma, { assignee: 'pracownik2' })
      const forbidden = await insertTask(db.prisma, { candidateGroups: ['family-assistants'] })
      const free2 = await insertTask(db.prisma)
      // when
      const res = await post('/api/tasks/bulk', 'pracownik', { action: 'claim', taskIds: [free1.id, held.id, forbidden.id, 'no-such-task', free2.id] })
      // then
      expect(res.status).to.equal(200)
      expect(res.body.results.map((r: { taskId: string; ok: boolean; status: number }) => [r.taskId, r.ok, r.status])).to.deep.equal([
        [free1.id, true, 200], [held.id, false, 409], [forbidden.id, false, 403], ['no-such-task', false, 404], [free2.id, true, 200],
      ])
      expect(res.body.results[1].error.code).to.equal('CONFLICT')
      expect(await assigneeOf(free1.id)).to.equal('pracownik')
      expect(await assigneeOf(held.id)).to.equal('pracownik2')
      expect(await assigneeOf(forbidden.id)).to.equal(null)
      expect(await assigneeOf(free2.id)).to.equal('pracownik')
      const bulkAudit = await db.prisma.auditEvent.findFirstOrThrow({ where: { action: 'tasks.bulk' } })
      expect(bulkAudit.details).to.deep.equal({ bulkAction: 'claim', tasks: 5, succeeded: 2, failed: 3 })
      expect(await db.prisma.auditEvent.count({ where: { action: 'task.claim' } })).to.equal(2)
    })

    it('should let exactly one of two simultaneous bulk claims win each task', async () => {
      const tasks = [await insertTask(db.prisma), await insertTask(db.prisma), await insertTask(db.prisma)]
      const taskIds = tasks.map((t) => t.id)
      const [a, b] = await Promise.all([
        post('/api/tasks/bulk', 'pracownik', { action: 'claim', taskIds }),
        post('/api/tasks/bulk', 'pracownik2', { action: 'claim', taskIds: [...taskIds].reverse() }),
      ])
      for (const id of taskIds) {
        const wins = [a, b].map((res) => res.body.results.find((r: { taskId: string }) => r.taskId === id))
        expect(wins.map((r) => r.status).sort()).to.deep.equal([200, 409])
        const winner = wins[0].ok ? 'pracownik' : 'pracownik2'
        expect(await assigneeOf(id)).to.equal(winner)
      }
    })

    it('should reassign in bulk and report the tasks it could not assign when a manager asks', async () => {
      const held = await insertTask(db.prisma, { assignee: 'pracownik' })
      const free = await insertTask(db.prisma)
      const otherGroup = await insertTask(db.prisma, { candidateGroups: ['family-assistants'] })
      const done = await insertTask(db.prisma, { status: 'completed' })
      const res = await post('/api/tasks/bulk', 'kierownik', { action: 'assign', assignee: 'pracownik2', taskIds: [held.id, free.id, otherGroup.id, done.id] })
      expect(res.body.results.map((r: { status: number }) => r.status)).to.deep.equal([200, 200, 422, 409])
      expect(res.body.results[2].error.fields).to.have.keys(['assignee'])
      expect(await assigneeOf(held.id)).to.equal('pracownik2')
      expect(await assigneeOf(free.id)).to.equal('pracownik2')
    })

    it('should release in bulk only what I may release', async () => {
      const mine = await insertTask(db.prisma, { assignee: 'pracownik' })
      const theirs = await insertTask(db.prisma, { assignee: 'pracownik2' })
      const res = await post('/api/tasks/bulk', 'pracownik', { action: 'unclaim', taskIds: [mine.id, theirs.id] })
      expect(res.body.results.map((r: { status: number }) => r.status)).to.deep.equal([200, 403])
      expect(await assigneeOf(mine.id)).to.equal(null)
    })

    it('should answer 422 naming the fields when the request is malformed', async () => {
      const res = await post('/api/tasks/bulk', 'kierownik', { action: 'complete', taskIds: [] })
      expect(res.status).to.equal(422)
      expect(Object.keys(res.body.error.fields).sort()).to.deep.equal(['action', 'taskIds'])
      const noAssignee = await post('/api/tasks/bulk', 'kierownik', { action: 'assign', taskIds: ['x'] })
      expect(Object.keys(noAssignee.body.error.fields)).to.deep.equal(['assignee'])
      const tooMany = await post('/api/tasks/bulk', 'kierownik', { action: 'claim', taskIds: Array.from({ length: 101 }, (_, i) => `t${i}`) })
      expect(tooMany.status).to.equal(422)
    })
  })

  describe('inbox page', () => {
    it('should offer checkboxes and a bulk bar with CSRF, and assignment only to managers', async () => {
      await insertTask(db.prisma)
      const caseworker = await browserFor(app, 'pracownik')
      const page = await caseworker.agent.get('/inbox?tab=group')
      expect(page.text).to.include('id="bulk-form" method="post" action="/tasks/bulk"')
      expect(page.text).to.include(`name="_csrf" value="${caseworker.csrf}"`)
      expect(page.text).to.match(/<input type="checkbox" id="select-[^"]+" name="taskIds" value="[^"]+" form="bulk-form">/)
      expect(page.text).not.to.include('value="assign"')
      const manager = await browserFor(app, 'kierownik')
      const managerPage = await manager.agent.get('/inbox?tab=all')
      expect(managerPage.text).to.include('value="assign"').and.include('<option value="pracownik2">')
    })

    it('should run the bulk action from the form and say how many were done when it comes back', async () => {
      const free = await insertTask(db.prisma)
      const held = await insertTask(db.prisma, { assignee: 'pracownik2' })
      const { agent, csrf } = await browserFor(app, 'pracownik')
      const res = await agent.post('/tasks/bulk').type('form')
        .send(`_csrf=${encodeURIComponent(csrf)}&returnTo=${encodeURIComponent('/inbox?tab=group')}&action=claim&taskIds=${free.id}&taskIds=${held.id}`)
      expect(res.status).to.equal(303)
      expect(res.headers.location).to.equal('/inbox?tab=group&notice=bulk&ok=1&failed=1&why=CONFLICT.1')
      const back = await agent.get(res.headers.location)
      expect(back.text).to.include('Działanie zbiorcze: wykonano 1, nie wykonano 1.')
      expect(await assigneeOf(free.id)).to.equal('pracownik')
      const forged = await agent.post('/tasks/bulk').type('form').send({ action: 'unclaim', taskIds: free.id })
      expect(forged.status).to.equal(403)
      expect(await assigneeOf(free.id)).to.equal('pracownik')
    })

    it('should come back with a hint when nothing was selected', async () => {
      const { agent, csrf } = await browserFor(app, 'pracownik')
      const res = await agent.post('/tasks/bulk').type('form').send({ _csrf: csrf, action: 'claim', returnTo: '/inbox?tab=group' })
      expect(res.headers.location).to.equal('/inbox?tab=group&notice=bulkInvalid')
    })
  })
})
