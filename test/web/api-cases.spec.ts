// End to end through the JSON API on the real embedded engine: register → the task appears → claim →
// 409 for a second user → 403 outside the groups → complete with 422 then success → the next task, with
// four eyes. The procedure is a small fixture so this suite does not depend on the job handlers.
import { expect } from 'chai'
import request from 'supertest'
import type { Express } from 'express'
import { bpmnFile, flow } from '../helpers/bpmn-fixture.ts'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'
import { bearer, createWebTestApp, tokenFor } from '../helpers/web-app.ts'
import { APPLICANT_PESEL, benefitApplication, deployableInterviewForm, validInterview } from '../helpers/web-fixtures.ts'
import { FakeClock } from '../../engine/clock.ts'
import { EmbeddedEngine } from '../../engine/embedded/embedded-engine.ts'

const userTask = (id: string, name: string, extensions: string) =>
  `<bpmn:userTask id="${id}" name="${name}"><bpmn:extensionElements><zeebe:userTask />${extensions}</bpmn:extensionElements></bpmn:userTask>`

const procedure = bpmnFile(
  'benefit-application',
  `<bpmn:startEvent id="Start" />
  ${flow('f1', 'Start', 'Task_interview')}
  ${userTask('Task_interview', 'Rodzinny wywiad środowiskowy', '<zeebe:assignmentDefinition candidateGroups="caseworkers" /><zeebe:formDefinition formId="web-interview" />')}
  ${flow('f2', 'Task_interview', 'Task_draftDecision')}
  ${userTask('Task_draftDecision', 'Projekt decyzji', '<zeebe:assignmentDefinition candidateGroups="caseworkers" />')}
  ${flow('f3', 'Task_draftDecision', 'Task_approveDecision')}
  ${userTask('Task_approveDecision', 'Zatwierdzenie decyzji', '<zeebe:assignmentDefinition candidateGroups="caseworkers,managers" /><zeebe:properties><zeebe:property name="fourEyesWith" value="Task_draftDecision" /></zeebe:properties>')}
  ${flow('f4', 'Task_approveDecision', 'End')}
  <bpmn:endEvent id="End" />`,
)

describe('web: cases and tasks on the embedded engine (API)', function () {
  let db: TestDatabase
  let app: Express
  let engine: EmbeddedEngine
  const tokens: Record<string, string> = {}

  before(async () => {
    db = await createTestDatabase()
  })
  after(async () => db?.close())
  beforeEach(async () => {
    await db.reset()
    const clock = new FakeClock('2026-03-10T09:00:00Z')
    engine = new EmbeddedEngine({ prisma: db.prisma, clock, schedulerIntervalMs: 0 })
    await engine.deploy([{ name: 'web-interview.form', content: JSON.stringify(deployableInterviewForm) }, procedure])
    await engine.start()
    ;({ app } = await createWebTestApp(db, { engine, clock }))
    for (const login of ['pracownik', 'pracownik2', 'kierownik', 'asystent']) tokens[login] = await tokenFor(app, login)
  })
  afterEach(async () => engine?.stop())

  const get = (path: string, login: string) => request(app).get(path).set(bearer(tokens[login]))
  const post = (path: string, login: string, body: object = {}) => request(app).post(path).set(bearer(tokens[login])).send(body)

  async function registerAndFindTask(): Promise<{ caseId: string; taskId: string }> {
    const created = await post('/api/cases', 'pracownik', benefitApplication())
    expect(created.status).to.equal(201)
    const inbox = await get('/api/tasks?view=group', 'pracownik')
    const task = inbox.body.find((t: { caseId: string }) => t.caseId === created.body.id)
    expect(task, 'the interview task is in the group inbox').to.not.equal(undefined)
    return { caseId: created.body.id, taskId: task.id }
  }

  it('should list the deployed procedure when GET /api/procedures is called', async () => {
    const res = await get('/api/procedures', 'pracownik')
    expect(res.body).to.deep.include({ id: 'benefit-application', name: 'benefit-application', version: 1 })
  })

  it('should start the instance and show the first task when an application is registered', async () => {
    const { caseId, taskId } = await registerAndFindTask()
    const kase = await get(`/api/cases/${caseId}`, 'pracownik')
    expect(kase.body.status).to.equal('open')
    expect(kase.body.openTasks.map((t: { id: string }) => t.id)).to.deep.equal([taskId])
    const instance = await db.prisma.processInstance.findFirstOrThrow({ where: { businessKey: caseId } })
    expect(JSON.stringify(instance.variables)).not.to.include(APPLICANT_PESEL)
    expect(JSON.stringify(instance.variables)).not.to.include('Nowak')
    const task = await get(`/api/tasks/${taskId}`, 'pracownik')
    expect(task.body).to.include({ name: 'Rodzinny wywiad środowiskowy', status: 'open', assignee: null })
    expect(task.body.form.id).to.equal('web-interview')
    expect(task.body.variables).to.include({ caseId, householdSize: 3 })
  })

  it('should let one caseworker claim, refuse a second one and anyone outside the groups when they try', async () => {
    const { taskId } = await registerAndFindTask()
    const claim = await post(`/api/tasks/${taskId}/claim`, 'pracownik')
    expect(claim.status).to.equal(200)
    expect(claim.body.assignee).to.equal('pracownik')
    expect((await post(`/api/tasks/${taskId}/claim`, 'pracownik2')).status).to.equal(409)
    expect((await post(`/api/tasks/${taskId}/claim`, 'asystent')).status).to.equal(403)
    expect((await get(`/api/tasks/${taskId}`, 'asystent')).status).to.equal(403)
    const mine = await get('/api/tasks?view=mine', 'pracownik')
    expect(mine.body.map((t: { id: string }) => t.id)).to.deep.equal([taskId])
  })

  it('should refuse invalid form values with 422 and then complete the task and move the process on', async () => {
    // given
    const { caseId, taskId } = await registerAndFindTask()
    await post(`/api/tasks/${taskId}/claim`, 'pracownik')
    // when
    const invalid = await post(`/api/tasks/${taskId}/complete`, 'pracownik', { variables: { ...validInterview, householdSizeConfirmed: 99 } })
    const second = await post(`/api/tasks/${taskId}/complete`, 'pracownik2', { variables: validInterview })
    const done = await post(`/api/tasks/${taskId}/complete`, 'pracownik', { variables: validInterview })
    // then
    expect(invalid.status).to.equal(422)
    expect(invalid.body.error.fields).to.have.key('householdSizeConfirmed')
    expect(second.status).to.equal(409)
    expect(done.status).to.equal(200)
    expect(done.body.status).to.equal('completed')
    const kase = await get(`/api/cases/${caseId}`, 'pracownik')
    expect(kase.body.openTasks.map((t: { name: string }) => t.name)).to.deep.equal(['Projekt decyzji'])
    expect(kase.body.history.map((h: { type: string }) => h.type)).to.deep.equal(['registered', 'number-assigned', 'task-claimed', 'task-completed'])
    const instance = await db.prisma.processInstance.findFirstOrThrow({ where: { businessKey: caseId } })
    expect(instance.variables).to.deep.include({ householdSizeConfirmed: 3, assistanceReason: 'poverty' })
  })

  it('should keep the drafter from approving their own draft (four eyes) when the approval task comes', async () => {
    // given
    const { caseId, taskId } = await registerAndFindTask()
    expect((await post(`/api/tasks/${taskId}/complete`, 'pracownik2', { variables: validInterview })).status).to.equal(200)
    const draft = (await get(`/api/cases/${caseId}`, 'pracownik')).body.openTasks[0]
    expect((await post(`/api/tasks/${draft.id}/complete`, 'pracownik', { variables: {} })).status).to.equal(200)
    const approval = (await get(`/api/cases/${caseId}`, 'pracownik')).body.openTasks[0]
    expect(approval.name).to.equal('Zatwierdzenie decyzji')
    // when
    const byDrafter = await post(`/api/tasks/${approval.id}/claim`, 'pracownik')
    const byManager = await post(`/api/tasks/${approval.id}/complete`, 'kierownik', { variables: { approved: true } })
    // then
    expect(byDrafter.status).to.equal(403)
    expect(byDrafter.body.error.code).to.equal('FOUR_EYES')
    expect(byManager.status).to.equal(200)
    const instance = await db.prisma.processInstance.findFirstOrThrow({ where: { businessKey: caseId } })
    expect(instance.status).to.equal('completed')
  })

  it('should let the assignee release the task and another caseworker claim it', async () => {
    const { taskId } = await registerAndFindTask()
    await post(`/api/tasks/${taskId}/claim`, 'pracownik')
    expect((await post(`/api/tasks/${taskId}/unclaim`, 'pracownik')).body.assignee).to.equal(null)
    expect((await post(`/api/tasks/${taskId}/claim`, 'pracownik2')).status).to.equal(200)
  })
})
