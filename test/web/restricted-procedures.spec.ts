// Issue 14, item 1 (security review): a manager outside the Blue Card team could take Blue Card tasks. An SLA policy
// reassigning to kierownik moved every open Blue Card task to him in one monitor round; he then listed, read,
// drafted and completed them and was notified with the case id. A blue-card version offering its tasks to managers
// did the same. No SLA policy, assignment, absence cover, deployment or notification may put a restricted task, its
// variables or its case number before someone outside the procedure's allowed groups (blue-card → blue-card-team).
import { expect } from 'chai'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import request from 'supertest'
import type { Express } from 'express'
import { FakeClock } from '../../engine/clock.ts'
import { deployProcessesFolder, PROCESSES_DIR } from '../../engine/deploy-folder.ts'
import { silentLogger } from '../../src/logger.ts'
import { SlaMonitor } from '../../src/sla/sla-monitor.ts'
import { createUser } from '../../src/users/create-user.ts'
import { createTestEngine, stopTestEngine, type TestEngine } from '../helpers/engine-under-test.ts'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'
import { bearer, browserFor, createWebTestApp, TEST_NOW, tokenFor } from '../helpers/web-app.ts'
import type { FakeEngine } from '../helpers/web-fake-engine.ts'
import { insertTask } from '../helpers/web-fixtures.ts'

const CASE_NUMBER = 'NK.7.2026'
const OVERDUE = new Date('2026-03-02T22:59:59Z')

/** A policy definition for the whole blue-card procedure with the given steps. */
const policy = (escalations: object[]) => ({
  name: 'Niebieska Karta: terminy',
  target: { anchor: 'task-due' },
  atRisk: { amount: 1, unit: 'working-days' },
  escalations,
})
const toKierownik = { id: 'to-boss', on: 'overdue', action: 'reassign', assignee: 'kierownik' }

describe('web: restricted procedures hold whatever SLA policies, assignments, absences, deployments and notifications say', function () {
  this.timeout(60_000)
  let db: TestDatabase
  let app: Express
  let engine: FakeEngine
  let clock: FakeClock
  let sla: SlaMonitor
  let caseId: string
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
    clock = built.clock
    sla = new SlaMonitor({ prisma: db.prisma, engine, clock, logger: silentLogger })
    // zespol: a caseworker in the Blue Card team; szefgdp: a manager in the team; kierownik, admin: managers outside it
    await createUser(db.prisma, { login: 'zespol', displayName: 'Członek GDP', password: 'demo', groups: ['caseworkers', 'blue-card-team'] })
    await createUser(db.prisma, { login: 'szefgdp', displayName: 'Kierownik GDP', password: 'demo', groups: ['managers', 'blue-card-team'] })
    // blue-card is deployed (policies may name only a deployed procedure)
    const xml = '<bpmn:process id="blue-card"><bpmn:userTask id="Task_firstMeeting" /><bpmn:userTask id="Task_monitoring" /></bpmn:process>'
    await db.prisma.processDefinition.create({ data: { processId: 'blue-card', version: 1, name: 'Niebieska Karta', resourceName: 'blue-card.bpmn', xml, checksum: 'bc' } })
    const kase = await db.prisma.case.create({
      data: { procedure: 'blue-card', number: CASE_NUMBER, receivedAt: new Date('2026-03-02'), ownerGroup: 'blue-card-team', createdAt: new Date(TEST_NOW) },
    })
    await db.prisma.person.create({ data: { caseId: kase.id, role: 'applicant', firstName: 'Anna', lastName: 'Nowak' } })
    caseId = kase.id
    for (const login of ['kierownik', 'admin', 'zespol', 'szefgdp', 'pracownik']) tokens[login] = await tokenFor(app, login)
  })

  const blueCardTask = (overrides: Parameters<typeof insertTask>[1] = {}) =>
    insertTask(db.prisma, { processId: 'blue-card', elementId: 'Task_firstMeeting', caseId, candidateGroups: ['blue-card-team'], dueAt: OVERDUE, ...overrides })
  const get = (p: string, login: string) => request(app).get(p).set(bearer(tokens[login]))
  const post = (p: string, login: string, body: object = {}) => request(app).post(p).set(bearer(tokens[login])).send(body)
  const assigneeOf = async (id: string) => (await db.prisma.task.findUniqueOrThrow({ where: { id } })).assignee
  const noticesOf = (login: string) => db.prisma.notification.findMany({ where: { login } })

  /** Everything kierownik could do with the task in the review: none of it may work. */
  async function expectOutOfKierownikReach(taskId: string): Promise<void> {
    const mine = await get('/api/tasks?view=mine&fields=full', 'kierownik')
    expect(mine.status).to.equal(200)
    expect(mine.body.map((t: { id: string }) => t.id)).not.to.include(taskId)
    const all = await get('/api/tasks?view=all&fields=full', 'kierownik')
    expect(all.body.map((t: { id: string }) => t.id)).not.to.include(taskId)
    expect(JSON.stringify([mine.body, all.body])).not.to.include(CASE_NUMBER).and.not.include('Nowak')
    const counts = await get('/api/tasks/counts', 'kierownik')
    expect(counts.body).to.include({ mine: 0, all: 0 })
    expect((await get(`/api/tasks/${taskId}`, 'kierownik')).status).to.equal(403)
    expect((await request(app).put(`/api/tasks/${taskId}/draft`).set(bearer(tokens.kierownik)).send({ values: { note: 'x' } })).status).to.equal(403)
    expect((await post(`/api/tasks/${taskId}/complete`, 'kierownik', { variables: {} })).status).to.equal(403)
    expect((await post(`/api/tasks/${taskId}/claim`, 'kierownik')).status).to.equal(403)
    const { agent } = await browserFor(app, 'kierownik')
    const inbox = await agent.get('/inbox?tab=mine')
    expect(inbox.text).not.to.include(CASE_NUMBER).and.not.include('Nowak')
    expect((await agent.get(`/tasks/${taskId}`)).status).to.equal(403)
    const task = await db.prisma.task.findUniqueOrThrow({ where: { id: taskId } })
    expect(task.status).to.equal('open')
    expect(await db.prisma.taskDraft.count({ where: { taskId } })).to.equal(0)
    expect(await db.prisma.caseEvent.count({ where: { caseId, type: 'task-completed' } })).to.equal(0)
    expect(await db.prisma.auditEvent.count({ where: { taskId, action: { in: ['task.read-denied', 'task.draft-save-denied', 'task.complete-denied'] } } })).to.be.at.least(3)
  }

  describe('SLA policies', () => {
    it('should refuse, with the reason in Polish, a blue-card policy reassigning to kierownik or to a caseworker when a manager saves it', async () => {
      const api = await post('/api/sla/policies', 'kierownik', { processId: 'blue-card', elementId: '*', definition: policy([toKierownik]) })
      expect(api.status).to.equal(400)
      const problems = api.body.error.problems as { path: string; code: string; params?: object }[]
      expect(problems.map((p) => `${p.path} ${p.code}`)).to.deep.equal(['definition.escalations.0.assignee assigneeOutsideRestriction'])
      expect(problems[0].params).to.deep.equal({ procedure: 'blue-card', groups: 'blue-card-team' })
      const caseworker = await post('/api/sla/policies', 'kierownik', { processId: 'blue-card', elementId: 'Task_firstMeeting', definition: policy([{ ...toKierownik, assignee: 'pracownik' }]) })
      expect(caseworker.status).to.equal(400)
      const { agent, csrf } = await browserFor(app, 'kierownik')
      const page = await agent.post('/sla/policies').type('form').send({
        _csrf: csrf, processId: 'blue-card', elementId: '*', name: 'NK', anchor: 'task-due', atRiskAmount: '1', atRiskUnit: 'working-days',
        step0Id: 'to-boss', step0On: 'overdue', step0Action: 'reassign', step0Assignee: 'kierownik',
      })
      expect(page.status).to.equal(422)
      expect(page.text).to.include('Krok 1: komu: procedura blue-card jest zastrzeżona dla grup: blue-card-team; ta osoba do nich nie należy')
      expect(await db.prisma.slaPolicy.count({ where: { processId: 'blue-card' } })).to.equal(0)
    })

    it('should refuse a global * policy whose reassign step names someone outside the Blue Card team', async () => {
      const res = await post('/api/sla/policies', 'kierownik', { processId: '*', elementId: '*', definition: policy([toKierownik]) })
      expect(res.status).to.equal(400)
      expect(res.body.error.problems.map((p: { path: string; code: string }) => `${p.path} ${p.code}`)).to.deep.equal(['definition.escalations.0.assignee assigneeOutsideRestriction'])
      expect(await db.prisma.slaPolicy.count()).to.equal(0)
    })

    it('should save a blue-card policy reassigning to a member of the Blue Card team', async () => {
      const res = await post('/api/sla/policies', 'szefgdp', { processId: 'blue-card', elementId: '*', definition: policy([{ ...toKierownik, assignee: 'zespol' }]) })
      expect(res.status, JSON.stringify(res.body)).to.equal(201)
    })

    it('should neither move a Blue Card task to kierownik nor tell him about it when a policy saved before the restriction reassigns to him', async () => {
      // given: the review's policy, already in the database, and open Blue Card tasks past their deadline
      await db.prisma.slaPolicy.create({
        data: { key: 'blue-card/*', version: 1, processId: 'blue-card', elementId: '*', definition: policy([toKierownik, { id: 'tell', on: 'overdue', action: 'notify-group' }]), createdAt: new Date(TEST_NOW) },
      })
      const held = await blueCardTask({ assignee: 'zespol' })
      const free = await blueCardTask({ elementId: 'Task_monitoring' })
      // when: one monitor round
      const round = await sla.runOnce()
      // then: nothing moved, the steps are recorded as refused with the reason
      expect(await assigneeOf(held.id)).to.equal('zespol')
      expect(await assigneeOf(free.id)).to.equal(null)
      expect(await db.prisma.task.count({ where: { assignee: 'kierownik' } })).to.equal(0)
      const steps = await db.prisma.slaEscalation.findMany({ where: { stepId: 'to-boss' } })
      expect(steps).to.have.length(2)
      for (const step of steps) expect(step).to.deep.include({ status: 'failed', result: { reason: 'outsideRestriction', assignee: 'kierownik' } })
      expect(round.failed).to.equal(2)
      expect(await noticesOf('kierownik')).to.deep.equal([])
      expect(await db.prisma.caseEvent.count({ where: { caseId, type: { in: ['task-assigned', 'task-completed'] } } })).to.equal(0)
      // and kierownik can do nothing with them
      await expectOutOfKierownikReach(held.id)
      await expectOutOfKierownikReach(free.id)
    })
  })

  describe('task access', () => {
    it('should keep kierownik from listing, reading, drafting or completing a Blue Card task when he is its assignee', async () => {
      // the state the review found: the task already assigned to him
      const task = await blueCardTask({ assignee: 'kierownik', slaAppliedAt: new Date(TEST_NOW) })
      await db.prisma.notification.create({
        data: { login: 'kierownik', type: 'sla-reassigned', taskId: task.id, caseId, data: { caseNumber: CASE_NUMBER, to: 'kierownik' }, createdAt: new Date(TEST_NOW) },
      })
      await expectOutOfKierownikReach(task.id)
    })

    it('should give a Blue Card task held by someone outside the team back to the team at the next monitor round', async () => {
      const task = await blueCardTask({ assignee: 'kierownik', slaAppliedAt: new Date(TEST_NOW) })
      await sla.runOnce()
      expect(await assigneeOf(task.id)).to.equal(null)
      expect(engine.assigned).to.deep.include({ key: task.engineKey, assignee: null })
      const event = await db.prisma.caseEvent.findFirstOrThrow({ where: { caseId, type: 'task-unclaimed' } })
      expect(event.data).to.include({ taskId: task.id, by: 'system', reason: 'outsideRestriction', previousAssignee: 'kierownik' })
      expect((await post(`/api/tasks/${task.id}/claim`, 'zespol')).body.assignee).to.equal('zespol')
    })

    it('should drop an assignee outside the team from a task the engine created with one (FEEL assignee) and leave it with the group', async () => {
      const task = await blueCardTask({ assignee: 'kierownik', dueAt: null, createdAt: new Date(TEST_NOW) })
      expect((await get(`/api/tasks/${task.id}`, 'kierownik')).status).to.equal(403)
      await sla.runOnce()
      expect(await assigneeOf(task.id)).to.equal(null)
      expect(await noticesOf('kierownik')).to.deep.equal([])
      const group = await get('/api/tasks?view=unassigned', 'zespol')
      expect(group.body.map((t: { id: string }) => t.id)).to.deep.equal([task.id])
    })
  })

  describe('assignment and absences', () => {
    // a task a bad blue-card version offered to the team and to another group as well
    const offeredWide = (groups: string[], overrides: Parameters<typeof insertTask>[1] = {}) => blueCardTask({ candidateGroups: ['blue-card-team', ...groups], ...overrides })

    it('should refuse to assign a Blue Card task to kierownik, alone or in bulk, even when a bad version offered it to managers', async () => {
      const task = await offeredWide(['managers'])
      const single = await post(`/api/tasks/${task.id}/assign`, 'szefgdp', { assignee: 'kierownik' })
      expect(single.status).to.equal(422)
      expect(single.body.error.fields).to.have.property('assignee')
      const bulk = await post('/api/tasks/bulk', 'szefgdp', { action: 'assign', taskIds: [task.id], assignee: 'kierownik' })
      expect(bulk.body.results).to.have.length(1)
      expect(bulk.body.results[0]).to.deep.include({ taskId: task.id, ok: false, status: 422 })
      expect(bulk.body.results[0].error).to.deep.include({ code: 'VALIDATION_FAILED', fields: { assignee: single.body.error.fields.assignee } })
      expect(await assigneeOf(task.id)).to.equal(null)
      expect(await noticesOf('kierownik')).to.deep.equal([])
      expect((await post(`/api/tasks/${task.id}/assign`, 'szefgdp', { assignee: 'zespol' })).status).to.equal(200)
    })

    it('should not let kierownik claim a Blue Card task a bad version offered to managers', async () => {
      const task = await offeredWide(['managers'])
      expect((await post(`/api/tasks/${task.id}/claim`, 'kierownik')).status).to.equal(403)
      expect((await get('/api/tasks?view=group', 'kierownik')).body).to.deep.equal([])
      expect(await assigneeOf(task.id)).to.equal(null)
    })

    it('should never give a Blue Card task to a substitute outside the team when its holder is absent', async () => {
      // zespol is away today; pracownik (a caseworker outside the team) stands in for her
      await db.prisma.absence.create({
        data: { login: 'zespol', from: new Date('2026-03-09'), to: new Date('2026-03-13'), substitute: 'pracownik', createdById: 'x', createdAt: new Date(TEST_NOW) },
      })
      const assigned = await offeredWide(['caseworkers'])
      const res = await post(`/api/tasks/${assigned.id}/assign`, 'szefgdp', { assignee: 'zespol' })
      expect(res.status).to.equal(422)
      expect(await assigneeOf(assigned.id)).to.equal(null)
      // a task the engine created already assigned to her stays with her
      const created = await offeredWide(['caseworkers'], { assignee: 'zespol', dueAt: null, createdAt: new Date(TEST_NOW) })
      await sla.runOnce()
      expect(await assigneeOf(created.id)).to.equal('zespol')
      expect(await noticesOf('pracownik')).to.deep.equal([])
      expect((await get(`/api/tasks/${created.id}`, 'pracownik')).status).to.equal(403)
    })
  })

  describe('notifications', () => {
    it('should tell only the team about a new Blue Card task and its escalations when a bad version offered it to managers', async () => {
      await db.prisma.slaPolicy.create({
        data: {
          key: 'blue-card/*', version: 1, processId: 'blue-card', elementId: '*', createdAt: new Date(TEST_NOW),
          definition: policy([{ id: 'tell', on: 'overdue', action: 'notify-group' }, { id: 'boss', on: 'overdue', action: 'escalate-to-manager' }, { id: 'back', on: 'overdue', action: 'reassign' }]),
        },
      })
      await blueCardTask({ candidateGroups: ['blue-card-team', 'managers'], assignee: 'zespol', createdAt: new Date(TEST_NOW) })
      await blueCardTask({ candidateGroups: ['blue-card-team', 'managers'], dueAt: null, createdAt: new Date(TEST_NOW) })
      await sla.runOnce()
      const told = await db.prisma.notification.findMany()
      expect(told.length).to.be.greaterThan(0)
      expect([...new Set(told.map((n) => n.login))].sort()).to.deep.equal(['szefgdp', 'zespol'])
      for (const login of ['kierownik', 'admin']) expect(await noticesOf(login), login).to.deep.equal([])
    })

    it('should lead kierownik nowhere and show no case when he follows an old notice about a Blue Card task', async () => {
      const task = await blueCardTask({ assignee: 'kierownik', slaAppliedAt: new Date(TEST_NOW) })
      const notice = await db.prisma.notification.create({
        data: { login: 'kierownik', type: 'sla-reassigned', taskId: task.id, caseId, data: { caseNumber: CASE_NUMBER, to: 'kierownik' }, createdAt: new Date(TEST_NOW) },
      })
      const list = await get('/api/notifications', 'kierownik')
      expect(JSON.stringify(list.body)).not.to.include(CASE_NUMBER).and.not.include(caseId).and.not.include(task.name)
      const { agent } = await browserFor(app, 'kierownik')
      const opened = await agent.get(`/notifications/${notice.id}`)
      expect(opened.headers.location).to.equal('/inbox?notice=taskGone')
    })
  })

  // on the engine under test (test/helpers/engine-under-test.ts: TEST_ENGINE=operaton runs it on Operaton)
  describe('deployment', () => {
    let realApp: Express
    let realEngine: TestEngine | null = null
    let blueCardXml: string

    beforeEach(async () => {
      await db.reset()
      const realClock = new FakeClock(TEST_NOW)
      realEngine = await createTestEngine({ prisma: db.prisma, clock: realClock })
      ;({ app: realApp } = await createWebTestApp(db, { engine: realEngine, clock: realClock }))
      await deployProcessesFolder(realEngine)
      tokens.kierownik = await tokenFor(realApp, 'kierownik')
      blueCardXml = await readFile(path.join(PROCESSES_DIR, 'blue-card.bpmn'), 'utf8')
    })
    afterEach(async () => {
      await stopTestEngine(realEngine)
      realEngine = null
    })

    const deploy = (content: string) => request(realApp).post('/api/deployments').set(bearer(tokens.kierownik)).send({ files: [{ name: 'blue-card.bpmn', content }] })
    const firstTask = (assignment: string) => blueCardXml.replace('<zeebe:assignmentDefinition candidateGroups="blue-card-team" />', assignment)

    it('should refuse a blue-card version that offers a task to managers, naming the element', async () => {
      const res = await deploy(firstTask('<zeebe:assignmentDefinition candidateGroups="managers" />'))
      expect(res.status).to.equal(400)
      const problems = res.body.error.problems as { elementId: string; rule: string; message: string }[]
      expect(problems.map((p) => `${p.elementId} ${p.rule}`)).to.deep.equal(['Task_forwardFormA restricted-procedure'])
      expect(problems[0].message).to.include('managers').and.include('blue-card-team')
      expect(await db.prisma.processDefinition.count({ where: { processId: 'blue-card' } })).to.equal(1)
    })

    it('should refuse a blue-card version naming kierownik as a candidate user or a fixed assignee', async () => {
      for (const assignment of [
        '<zeebe:assignmentDefinition candidateGroups="blue-card-team" candidateUsers="kierownik" />',
        '<zeebe:assignmentDefinition candidateGroups="blue-card-team" assignee="kierownik" />',
        '<zeebe:assignmentDefinition candidateGroups="=if urgent then &quot;managers&quot; else &quot;blue-card-team&quot;" />',
      ]) {
        const res = await deploy(firstTask(assignment))
        expect(res.status, assignment).to.equal(400)
        expect(res.body.error.problems.map((p: { elementId: string; rule: string }) => `${p.elementId} ${p.rule}`), assignment).to.deep.equal(['Task_forwardFormA restricted-procedure'])
      }
      expect(await db.prisma.processDefinition.count({ where: { processId: 'blue-card' } })).to.equal(1)
    })

    it('should deploy a blue-card version with a FEEL assignee expression (the inbox drops an assignee outside the team)', async () => {
      const res = await deploy(firstTask('<zeebe:assignmentDefinition candidateGroups="blue-card-team" assignee="=initiator" />'))
      expect(res.status, JSON.stringify(res.body)).to.equal(201)
      expect(res.body.processes[0]).to.include({ processId: 'blue-card', version: 2 })
    })
  })
})
