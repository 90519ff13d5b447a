// Any deployed procedure can be started (issue 13, item 5): a procedure a manager deploys through the API (not one of
// the shipped ones, with a sub-process and a job type nobody takes) is offered on the registration page, is
// registered as a case from the page and the API, and its first task reaches the inbox of the group it names; its
// job waits for a worker instead of holding anything up. On the engine under test.
import { expect } from 'chai'
import type { Express } from 'express'
import request from 'supertest'
import { FakeClock } from '../../engine/clock.ts'
import { restrictedAssignmentGuard } from '../../src/procedures/check-restricted-assignments.ts'
import { createHandlers } from '../../workers/create-handlers.ts'
import { bpmnFile, flow, serviceTask, userTask } from '../helpers/bpmn-fixture.ts'
import { createTestEngine, stopTestEngine, type TestEngine } from '../helpers/engine-under-test.ts'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'
import { bearer, browserFor, createWebTestApp, TEST_NOW, tokenFor } from '../helpers/web-app.ts'
import { APPLICANT_PESEL } from '../helpers/web-fixtures.ts'

describe('web: a procedure a manager deployed is registered as a case', function () {
  this.timeout(120_000)
  let db: TestDatabase
  let app: Express
  let engine: TestEngine | null = null
  const tokens: Record<string, string> = {}
  const processId = `housing_help_${Date.now()}`

  before(async () => {
    db = await createTestDatabase()
  })
  after(async () => db?.close())
  beforeEach(async () => {
    await db.reset()
    const clock = new FakeClock(TEST_NOW)
    engine = await createTestEngine({
      prisma: db.prisma,
      clock,
      handlers: createHandlers({ prisma: db.prisma, clock, caseNumberPrefix: 'OPS.8311' }),
      deploymentGuard: restrictedAssignmentGuard(db.prisma),
    })
    ;({ app } = await createWebTestApp(db, { engine, clock }))
    for (const login of ['kierownik', 'pracownik']) tokens[login] = await tokenFor(app, login)
  })
  afterEach(async () => {
    await stopTestEngine(engine)
    engine = null
  })

  const post = (p: string, login: string, body: object = {}) => request(app).post(p).set(bearer(tokens[login])).send(body)
  const get = (p: string, login: string) => request(app).get(p).set(bearer(tokens[login]))

  async function deployHousingHelp() {
    const file = bpmnFile(
      processId,
      `<bpmn:startEvent id="s" />${flow('f1', 's', 'visit')}
       <bpmn:subProcess id="visit" name="Wizyta"><bpmn:startEvent id="vs" />${flow('v1', 'vs', 'Task_assess')}
         ${userTask('Task_assess', '<zeebe:assignmentDefinition candidateGroups="caseworkers" />')}${flow('v2', 'Task_assess', 've')}<bpmn:endEvent id="ve" /></bpmn:subProcess>
       ${flow('f2', 'visit', 'Task_archive')}${serviceTask('Task_archive', 'send-to-archive')}${flow('f3', 'Task_archive', 'e')}<bpmn:endEvent id="e" />`,
    )
    const deployed = await post('/api/deployments', 'kierownik', { files: [{ ...file, content: file.content.replace(`name="${processId}"`, 'name="Pomoc mieszkaniowa"') }] })
    expect(deployed.status, JSON.stringify(deployed.body)).to.equal(201)
    expect(deployed.body.warnings.map((w: { rule: string; elementId: string }) => `${w.rule}:${w.elementId}`)).to.include('job-type:Task_archive')
  }

  it('should offer it on the registration page and register it from the page and the API with its first task in the group inbox', async () => {
    await deployHousingHelp()
    const { agent, csrf } = await browserFor(app, 'pracownik')
    const page = await agent.get('/cases/new')
    expect(page.text).to.include(`<option value="${processId}"`)
    expect(page.text).to.include('Pomoc mieszkaniowa')

    const fromPage = await agent.post('/cases').type('form').send({
      _csrf: csrf,
      idempotencyKey: '0f8fad5b-d9cb-469f-a165-70867728950e',
      procedure: processId,
      receivedAt: '2026-03-09',
      'applicant.pesel': APPLICANT_PESEL,
      'applicant.firstName': 'Anna',
      'applicant.lastName': 'Nowak',
    })
    expect(fromPage.status, fromPage.text.slice(0, 500)).to.equal(303)
    const fromApi = await post('/api/cases', 'pracownik', { procedure: processId, receivedAt: '2026-03-09', applicant: { pesel: APPLICANT_PESEL, firstName: 'Anna', lastName: 'Nowak' } })
    expect(fromApi.status, JSON.stringify(fromApi.body)).to.equal(201)
    await engine!.idle()

    const cases = await db.prisma.case.findMany({ where: { procedure: processId } })
    expect(cases).to.have.length(2)
    const inbox = (await get('/api/tasks?view=group', 'pracownik')).body as { caseId: string; elementId?: string; name: string }[]
    for (const kase of cases) {
      expect(inbox.find((t) => t.caseId === kase.id), `the first task of case ${kase.number}`).to.include({ name: 'Task_assess' })
    }
  })
})
