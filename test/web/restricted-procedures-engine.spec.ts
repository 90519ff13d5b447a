// Issue 12, item 6: the Blue Card restriction holds on the engine under test (test/helpers/engine-under-test.ts:
// embedded by default, Operaton with TEST_ENGINE=operaton), end to end: the real blue-card procedure with every
// handler, a version a manager outside the team deployed whose first task names its assignee by a FEEL expression
// that evaluates to him, the web app and the SLA monitor (whose first step takes a restricted task from an assignee
// outside its groups: src/inbox/release-restricted-tasks.ts). The engine must follow: the task it holds for the
// outsider is released there too, so a team member claims and completes it and the procedure moves on.
import { expect } from 'chai'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import request from 'supertest'
import type { Express } from 'express'
import { FakeClock } from '../../engine/clock.ts'
import { deployProcessesFolder, PROCESSES_DIR } from '../../engine/deploy-folder.ts'
import { OperatonEngine } from '../../engine/operaton/operaton-engine.ts'
import { DeploymentError } from '../../engine/port.ts'
import { silentLogger } from '../../src/logger.ts'
import { restrictedAssignmentGuard } from '../../src/procedures/check-restricted-assignments.ts'
import { SlaMonitor } from '../../src/sla/sla-monitor.ts'
import { createUser } from '../../src/users/create-user.ts'
import { createHandlers } from '../../workers/create-handlers.ts'
import { createTestEngine, stopTestEngine, type TestEngine } from '../helpers/engine-under-test.ts'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'
import { bearer, browserFor, createWebTestApp, TEST_NOW, tokenFor } from '../helpers/web-app.ts'
import { APPLICANT_PESEL } from '../helpers/web-fixtures.ts'
import { blueCardRegistration } from '../helpers/start-form-fixtures.ts'

const FIRST_TASK = 'Task_forwardFormA'
const SHIPPED_ASSIGNMENT = '<zeebe:assignmentDefinition candidateGroups="blue-card-team" />'
/** Two ways a version can name kierownik: an expression (computed by the engine) and a plain variable reference. */
const OUTSIDER_ASSIGNMENTS = [
  { label: 'an expression', assignment: '<zeebe:assignmentDefinition candidateGroups="blue-card-team" assignee="=if urgent then &quot;kierownik&quot; else null" />' },
  { label: 'a variable reference', assignment: '<zeebe:assignmentDefinition candidateGroups="blue-card-team" assignee="=reportedBy" />' },
]
const START_FORM_LINK = '<zeebe:formDefinition formId="blue-card-start" />'
/** Form A as the team fills it in (dates between the start, 9 March, and today, 10 March). */
const FORM_A = { formBHandedOver: true, formAForwardedOn: '2026-03-09', chairReceivedOn: '2026-03-10' }

describe('web: the Blue Card restriction on the engine under test (a FEEL assignee outside the team)', function () {
  this.timeout(120_000)
  let db: TestDatabase
  let app: Express
  let engine: TestEngine | null = null
  let sla: SlaMonitor
  let shippedXml: string
  const tokens: Record<string, string> = {}

  before(async () => {
    db = await createTestDatabase()
    shippedXml = await readFile(path.join(PROCESSES_DIR, 'blue-card.bpmn'), 'utf8')
  })
  after(async () => db?.close())
  beforeEach(async () => {
    await db.reset()
    const clock = new FakeClock(TEST_NOW)
    // as src/system.ts builds it: every handler, the restricted-procedure guard on every deployment
    engine = await createTestEngine({
      prisma: db.prisma,
      clock,
      handlers: createHandlers({ prisma: db.prisma, clock, caseNumberPrefix: 'OPS.8311' }),
      deploymentGuard: restrictedAssignmentGuard(db.prisma),
    })
    await deployProcessesFolder(engine)
    ;({ app } = await createWebTestApp(db, { engine, clock }))
    sla = new SlaMonitor({ prisma: db.prisma, engine, clock, logger: silentLogger })
    // zespol: a caseworker in the Blue Card team; kierownik, admin, pracownik: outside it
    await createUser(db.prisma, { login: 'zespol', displayName: 'Członek GDP', password: 'demo', groups: ['caseworkers', 'blue-card-team'] })
    for (const login of ['kierownik', 'admin', 'pracownik', 'zespol']) tokens[login] = await tokenFor(app, login)
  })
  afterEach(async () => {
    await stopTestEngine(engine)
    engine = null
  })

  const get = (p: string, login: string) => request(app).get(p).set(bearer(tokens[login]))
  const post = (p: string, login: string, body: object = {}) => request(app).post(p).set(bearer(tokens[login])).send(body)
  const deployBlueCard = (content: string) => post('/api/deployments', 'kierownik', { files: [{ name: 'blue-card.bpmn', content }] })
  const withFirstTask = (assignment: string) => {
    expect(shippedXml).to.include(SHIPPED_ASSIGNMENT)
    return shippedXml.replace(SHIPPED_ASSIGNMENT, assignment) // the first occurrence: Task_forwardFormA
  }

  /** kierownik deploys a version giving the first task to an outsider, then registers a Blue Card that reaches it. */
  async function outsiderVersionAndCase(assignment: string): Promise<{ caseId: string }> {
    // reportedBy is no field of form A: that version links no start form, so it registers the minimal way, whose
    // `variables` may carry it (a start form passes only the fields it marks as process variables)
    const byVariable = assignment.includes('=reportedBy')
    const xml = withFirstTask(assignment)
    const deployed = await deployBlueCard(byVariable ? xml.replace(START_FORM_LINK, '') : xml)
    expect(deployed.status, JSON.stringify(deployed.body)).to.equal(201)
    expect(deployed.body.processes[0]).to.include({ processId: 'blue-card', version: 2 })
    const registered = await post('/api/cases', 'kierownik', byVariable
      ? { procedure: 'blue-card', receivedAt: '2026-03-09', urgent: true, applicant: { pesel: APPLICANT_PESEL, firstName: 'Anna', lastName: 'Nowak' }, variables: { perpetratorPresent: true, reportedBy: 'kierownik' } }
      : blueCardRegistration({ perpetratorPresent: true }, { urgent: true }))
    expect(registered.status, JSON.stringify(registered.body)).to.equal(201)
    await engine!.idle()
    return { caseId: registered.body.id as string }
  }

  const openTasks = (caseId: string) => db.prisma.task.findMany({ where: { caseId, status: 'open' }, orderBy: { createdAt: 'asc' } })

  /** The assignee the engine itself holds for the task: Operaton's, read from a node; the embedded engine's row. */
  async function assigneeInEngine(engineKey: string): Promise<string | null> {
    if (engine instanceof OperatonEngine) {
      return (await engine.client.request<{ assignee: string | null }>('GET', `/task/${encodeURIComponent(engineKey)}`)).assignee
    }
    return (await db.prisma.task.findUniqueOrThrow({ where: { engineKey } })).assignee
  }

  /** Everything `login` could try with the task: none of it may work, nothing of the case may show. */
  async function expectOutOfReach(login: string, taskId: string): Promise<void> {
    for (const view of ['mine', 'group', 'unassigned', ...(login === 'pracownik' ? [] : ['all'])]) {
      const list = await get(`/api/tasks?view=${view}&fields=full`, login)
      expect(list.status, `${login} ${view}`).to.equal(200)
      expect(list.body.map((t: { id: string }) => t.id), `${login} ${view}`).not.to.include(taskId)
      expect(JSON.stringify(list.body), `${login} ${view}`).not.to.include('Nowak')
    }
    const counts = await get('/api/tasks/counts', login)
    expect(counts.body, login).to.include({ mine: 0, group: 0, unassigned: 0 })
    expect((await get(`/api/tasks/${taskId}`, login)).status, login).to.equal(403)
    expect((await request(app).put(`/api/tasks/${taskId}/draft`).set(bearer(tokens[login])).send({ values: { formBHandedOver: true } })).status, login).to.equal(403)
    expect((await post(`/api/tasks/${taskId}/claim`, login)).status, login).to.equal(403)
    expect((await post(`/api/tasks/${taskId}/complete`, login, { variables: FORM_A })).status, login).to.equal(403)
    const { agent } = await browserFor(app, login)
    expect((await agent.get(`/tasks/${taskId}`)).status, login).to.equal(403)
    expect((await agent.get('/inbox?tab=mine')).text, login).not.to.include('Nowak')
  }

  for (const { label, assignment } of OUTSIDER_ASSIGNMENTS) {
    it(`should leave the task with the Blue Card team alone, in our inbox and in the engine, when ${label} names kierownik as its assignee`, async () => {
      const { caseId } = await outsiderVersionAndCase(assignment)
      // the engine created the task assigned to kierownik: even so, he can do nothing with it
      const [created] = await openTasks(caseId)
      expect(created).to.deep.include({ elementId: FIRST_TASK, assignee: 'kierownik', candidateGroups: ['blue-card-team'] })
      await expectOutOfReach('kierownik', created.id)
      // when: the monitor's round
      const round = await sla.runOnce()
      await engine!.idle()
      // then: only the team's group, here and in the engine (a sync would copy the engine's assignee back)
      expect(round.released).to.equal(1)
      const [task] = await openTasks(caseId)
      expect(task).to.deep.include({ id: created.id, elementId: FIRST_TASK, assignee: null, candidateGroups: ['blue-card-team'], candidateUsers: [] })
      expect(await assigneeInEngine(task.engineKey)).to.equal(null)
      const released = await db.prisma.caseEvent.findFirstOrThrow({ where: { caseId, type: 'task-unclaimed' } })
      expect(released.data).to.include({ taskId: task.id, by: 'system', reason: 'outsideRestriction', previousAssignee: 'kierownik' })
      expect(await db.prisma.auditEvent.count({ where: { taskId: task.id, action: 'task.release-restricted' } })).to.equal(1)
      for (const login of ['kierownik', 'admin', 'pracownik']) await expectOutOfReach(login, task.id)
      expect(await db.prisma.notification.count({ where: { login: { in: ['kierownik', 'admin', 'pracownik'] } } })).to.equal(0)
      const unassigned = await get('/api/tasks?view=unassigned', 'zespol')
      expect(unassigned.body.map((t: { id: string }) => t.id)).to.deep.equal([task.id])
    })
  }

  it('should let a team member claim and complete the task and move the procedure on when the engine had given it to kierownik', async () => {
    const { caseId } = await outsiderVersionAndCase(OUTSIDER_ASSIGNMENTS[0].assignment)
    await sla.runOnce()
    const [task] = await openTasks(caseId)
    expect(task.assignee).to.equal(null)
    // claim: ours and the engine's
    const claimed = await post(`/api/tasks/${task.id}/claim`, 'zespol')
    expect(claimed.status, JSON.stringify(claimed.body)).to.equal(200)
    expect(claimed.body.assignee).to.equal('zespol')
    await engine!.idle()
    expect((await db.prisma.task.findUniqueOrThrow({ where: { id: task.id } })).assignee).to.equal('zespol')
    expect(await assigneeInEngine(task.engineKey)).to.equal('zespol')
    expect((await post(`/api/tasks/${task.id}/claim`, 'kierownik')).status).to.equal(403)
    // complete: the procedure moves on to the referral to the group, again the team's only
    const completed = await post(`/api/tasks/${task.id}/complete`, 'zespol', { variables: FORM_A })
    expect(completed.status, JSON.stringify(completed.body)).to.equal(200)
    await engine!.idle()
    expect(await db.prisma.task.findUniqueOrThrow({ where: { id: task.id } })).to.deep.include({ status: 'completed', completedBy: 'zespol' })
    const next = await openTasks(caseId)
    expect(next.map((t) => t.elementId)).to.deep.equal(['Task_referToGdp'])
    expect(next[0]).to.deep.include({ assignee: null, candidateGroups: ['blue-card-team'] })
    const instance = await db.prisma.processInstance.findFirstOrThrow({ where: { businessKey: caseId } })
    expect(instance.status).to.equal('waiting')
    expect(instance.variables).to.include({ formAForwardedOn: '2026-03-09', chairReceivedOn: '2026-03-10' })
    expect(await db.prisma.caseEvent.count({ where: { caseId, type: 'task-completed' } })).to.equal(1)
    await expectOutOfReach('kierownik', next[0].id)
  })

  it('should refuse a blue-card version offering a task to managers, naming the element, through the upload and on the engine itself', async () => {
    const offeredToManagers = withFirstTask('<zeebe:assignmentDefinition candidateGroups="managers" />')
    const upload = await deployBlueCard(offeredToManagers)
    expect(upload.status).to.equal(400)
    const problems = upload.body.error.problems as { elementId: string; rule: string; message: string }[]
    expect(problems.map((p) => `${p.elementId} ${p.rule}`)).to.deep.equal([`${FIRST_TASK} restricted-procedure`])
    expect(problems[0].message).to.include('managers').and.include('blue-card-team')
    // the engine's own guard, for whatever reaches it without the upload checks
    let error: unknown = null
    try {
      await engine!.deploy([{ name: 'blue-card.bpmn', content: offeredToManagers }])
    } catch (err) {
      error = err
    }
    expect(error).to.be.instanceOf(DeploymentError)
    expect((error as DeploymentError).problems.map((p) => `${p.elementId} ${p.rule}`)).to.deep.equal([`${FIRST_TASK} restricted-procedure`])
    // the shipped version is still the one a Blue Card starts
    expect((await engine!.listProcesses()).find((p) => p.id === 'blue-card')).to.include({ version: 1 })
    expect(await db.prisma.processDefinition.count({ where: { processId: 'blue-card' } })).to.equal(1)
  })
})
