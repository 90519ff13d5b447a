// Versions of a procedure deployed through the API, on the real embedded engine: a new procedure is startable at
// once through POST /api/cases; a case started on version 1 keeps following version 1 after version 2 is
// deployed while a new case follows version 2; the versions list counts instances; roll-back redeploys an older
// version's XML as the newest version.
import { expect } from 'chai'
import request from 'supertest'
import type { Express } from 'express'
import { bpmnFile, flow } from '../helpers/bpmn-fixture.ts'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'
import { bearer, createWebTestApp, tokenFor } from '../helpers/web-app.ts'
import { APPLICANT_PESEL } from '../helpers/web-fixtures.ts'
import { FakeClock } from '../../engine/clock.ts'
import { EmbeddedEngine } from '../../engine/embedded/embedded-engine.ts'

const task = (id: string, name: string) =>
  `<bpmn:userTask id="${id}" name="${name}"><bpmn:extensionElements><zeebe:userTask /><zeebe:assignmentDefinition candidateGroups="caseworkers" /></bpmn:extensionElements></bpmn:userTask>`

/** Version 1: one step "Krok A"; version 2: "Krok A" renamed, then a new step "Krok B". */
const v1 = bpmnFile('home-care', `<bpmn:startEvent id="Start" />${flow('f1', 'Start', 'Task_a')}${task('Task_a', 'Krok A')}${flow('f2', 'Task_a', 'End')}<bpmn:endEvent id="End" />`)
const v2 = bpmnFile(
  'home-care',
  `<bpmn:startEvent id="Start" />${flow('f1', 'Start', 'Task_a')}${task('Task_a', 'Krok A (nowa nazwa)')}${flow('f2', 'Task_a', 'Task_b')}${task('Task_b', 'Krok B')}${flow('f3', 'Task_b', 'End')}<bpmn:endEvent id="End" />`,
)

describe('web: procedure versions and roll-back', function () {
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
    await engine.start()
    ;({ app } = await createWebTestApp(db, { engine, clock }))
    for (const login of ['pracownik', 'kierownik']) tokens[login] = await tokenFor(app, login)
  })
  afterEach(async () => engine?.stop())

  const get = (path: string, login = 'kierownik') => request(app).get(path).set(bearer(tokens[login]))
  const post = (path: string, body: object = {}, login = 'kierownik') => request(app).post(path).set(bearer(tokens[login])).send(body)

  async function startCase(): Promise<string> {
    const res = await post('/api/cases', {
      procedure: 'home-care',
      receivedAt: '2026-03-09',
      applicant: { pesel: APPLICANT_PESEL, firstName: 'Anna', lastName: 'Nowak' },
      variables: { careHours: 10 },
    }, 'pracownik')
    expect(res.status, JSON.stringify(res.body)).to.equal(201)
    return res.body.id as string
  }

  async function openTasks(caseId: string): Promise<{ id: string; name: string }[]> {
    return (await get(`/api/cases/${caseId}`, 'pracownik')).body.openTasks
  }

  async function complete(taskId: string) {
    expect((await post(`/api/tasks/${taskId}/claim`, {}, 'pracownik')).status).to.equal(200)
    expect((await post(`/api/tasks/${taskId}/complete`, { variables: {} }, 'pracownik')).status).to.equal(200)
  }

  it('should start a case on a procedure deployed through the API at once and refuse an unknown procedure', async () => {
    // given
    expect((await post('/api/deployments', { files: [v1] })).status).to.equal(201)
    // when
    const caseId = await startCase()
    const unknown = await post('/api/cases', { procedure: 'not-deployed', receivedAt: '2026-03-09', applicant: { pesel: APPLICANT_PESEL, firstName: 'A', lastName: 'B' } }, 'pracownik')
    // then
    expect((await openTasks(caseId)).map((t) => t.name)).to.deep.equal(['Krok A'])
    const instance = await db.prisma.processInstance.findFirstOrThrow({ where: { businessKey: caseId } })
    expect(instance.variables).to.include({ careHours: 10 })
    expect(unknown.status).to.equal(422)
    expect(unknown.body.error.fields.procedure).to.be.a('string')
  })

  it('should keep a running case on its old version and start a new case on the new version when version 2 is deployed', async () => {
    // given a case on version 1
    await post('/api/deployments', { files: [v1] })
    const oldCase = await startCase()
    // when version 2 is deployed and a new case starts
    const deployed = await post('/api/deployments', { files: [v2], comment: 'Dodano krok B' })
    expect(deployed.body.processes[0]).to.include({ version: 2 })
    const newCase = await startCase()
    // then the new case follows version 2
    expect((await openTasks(newCase)).map((t) => t.name)).to.deep.equal(['Krok A (nowa nazwa)'])
    await complete((await openTasks(newCase))[0].id)
    expect((await openTasks(newCase)).map((t) => t.name)).to.deep.equal(['Krok B'])
    // and the old case still follows version 1: its task keeps the old name and it ends without Krok B
    const [oldTask] = await openTasks(oldCase)
    expect(oldTask.name).to.equal('Krok A')
    await complete(oldTask.id)
    expect(await openTasks(oldCase)).to.deep.equal([])
    const oldInstance = await db.prisma.processInstance.findFirstOrThrow({ where: { businessKey: oldCase }, include: { definition: true } })
    expect(oldInstance.status).to.equal('completed')
    expect(oldInstance.definition.version).to.equal(1)
    // and the versions list counts them
    const versions = await get('/api/procedures/home-care/versions')
    expect(versions.status).to.equal(200)
    expect(versions.body.map((v: { version: number; comment: string | null; deployedBy: string; instances: object }) => [v.version, v.comment, v.deployedBy, v.instances])).to.deep.equal([
      [2, 'Dodano krok B', 'kierownik', { running: 1, total: 1 }],
      [1, null, 'kierownik', { running: 0, total: 1 }],
    ])
    expect(Date.parse(versions.body[0].deployedAt)).to.not.be.NaN
  })

  it('should redeploy version 1 as version 3 and start new cases on it while version 2 cases stay on version 2', async () => {
    // given
    await post('/api/deployments', { files: [v1] })
    await post('/api/deployments', { files: [v2] })
    const caseOnV2 = await startCase()
    // when
    const res = await post('/api/procedures/home-care/versions/1/redeploy', { comment: 'Wracamy do wersji 1' })
    // then
    expect(res.status, JSON.stringify(res.body)).to.equal(201)
    expect(res.body).to.deep.equal({ processId: 'home-care', version: 3, redeployedFrom: 1, duplicate: false })
    const v3 = await db.prisma.processDefinition.findUniqueOrThrow({ where: { processId_version: { processId: 'home-care', version: 3 } } })
    expect(v3.xml).to.equal(v1.content)
    expect(v3).to.include({ deployedBy: 'kierownik', comment: 'Wracamy do wersji 1' })
    const newCase = await startCase()
    expect((await openTasks(newCase)).map((t) => t.name)).to.deep.equal(['Krok A'])
    expect((await openTasks(caseOnV2)).map((t) => t.name)).to.deep.equal(['Krok A (nowa nazwa)'])
    const audit = await db.prisma.auditEvent.findFirstOrThrow({ where: { action: 'deployment.create', details: { path: ['redeployOf'], equals: 'home-care:1' } } })
    expect(audit.details).to.deep.include({ processes: 'home-care:3' })
    const source = await get('/api/procedures/home-care/versions/2')
    expect(source.body).to.include({ processId: 'home-care', version: 2, latestVersion: 3, xml: v2.content })
  })

  it('should list what changed between two versions when GET /api/procedures/:id/diff is called', async () => {
    await post('/api/deployments', { files: [v1] })
    await post('/api/deployments', { files: [v2] })
    const res = await get('/api/procedures/home-care/diff?from=1&to=2')
    expect(res.status, JSON.stringify(res.body)).to.equal(200)
    expect(res.body).to.include({ processId: 'home-care', from: 1, to: 2 })
    expect(res.body.added.map((e: { id: string }) => e.id)).to.include.members(['Task_b', 'f3'])
    expect(res.body.removed).to.deep.equal([])
    expect(res.body.changed).to.deep.include({ id: 'Task_a', type: 'UserTask', name: 'Krok A (nowa nazwa)', oldName: 'Krok A', attributes: ['name'] })
    const back = await get('/api/procedures/home-care/diff?from=2&to=1')
    expect(back.body.removed.map((e: { id: string }) => e.id)).to.include('Task_b')
    expect((await get('/api/procedures/home-care/diff?from=1')).status).to.equal(400)
    expect((await get('/api/procedures/home-care/diff?from=1&to=2', 'pracownik')).status).to.equal(403)
  })

  it('should answer 403 to a caseworker and 404 for an unknown procedure or version', async () => {
    await post('/api/deployments', { files: [v1] })
    expect((await post('/api/procedures/home-care/versions/1/redeploy', {}, 'pracownik')).status).to.equal(403)
    expect((await get('/api/procedures/home-care/versions', 'pracownik')).status).to.equal(403)
    expect((await get('/api/procedures/nothing/versions')).status).to.equal(404)
    expect((await post('/api/procedures/home-care/versions/7/redeploy')).status).to.equal(404)
    expect((await post('/api/procedures/home-care/versions/abc/redeploy')).status).to.equal(404)
    expect(await db.prisma.processDefinition.count()).to.equal(1)
  })
})
