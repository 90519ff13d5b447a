// Restricted procedures are data (ProcedureRestriction) that only administrators read and change, every change audited:
// the API and the page, the start-up seed, and everything that asks "who may see this procedure's cases and tasks"
// following a change at once — case pages, tasks, the inbox, SLA policies, the monitor, the engine's deploy guard.
import { expect } from 'chai'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import request from 'supertest'
import type { Express } from 'express'
import { FakeClock } from '../../engine/clock.ts'
import { deployProcessesFolder, PROCESSES_DIR } from '../../engine/deploy-folder.ts'
import { DeploymentError } from '../../engine/port.ts'
import { restrictedAssignmentGuard } from '../../src/procedures/check-restricted-assignments.ts'
import { seedRestrictions } from '../../src/procedures/procedure-restrictions.ts'
import { forgetRestrictions } from '../../src/procedures/load-restrictions.ts'
import { createUser } from '../../src/users/create-user.ts'
import { bpmnFile, flow, userTask } from '../helpers/bpmn-fixture.ts'
import { createTestEngine, stopTestEngine, type TestEngine } from '../helpers/engine-under-test.ts'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'
import { bearer, browserFor, createWebTestApp, TEST_NOW, tokenFor, type WebTestApp } from '../helpers/web-app.ts'
import { insertTask } from '../helpers/web-fixtures.ts'

const CRISIS_XML = bpmnFile('crisis-intervention', `<bpmn:startEvent id="Start" />${flow('f1', 'Start', 'Task_a')}${userTask('Task_a', '<zeebe:assignmentDefinition candidateGroups="caseworkers" />')}${flow('f2', 'Task_a', 'End')}<bpmn:endEvent id="End" />`).content

describe('web: restricted procedures are data administrators change (GET/PUT /api/admin/restrictions, /admin/restrictions)', function () {
  this.timeout(60_000)
  let db: TestDatabase
  let t: WebTestApp
  let app: Express
  const tokens: Record<string, string> = {}

  before(async () => {
    db = await createTestDatabase()
  })
  after(async () => db?.close())
  beforeEach(async () => {
    await db.reset()
    t = await createWebTestApp(db, { withSla: true })
    app = t.app
    await createUser(db.prisma, { login: 'psycholog', displayName: 'Psycholog', password: 'demo', groups: ['psychologists'] })
    await createUser(db.prisma, { login: 'zespol', displayName: 'Członek GDP', password: 'demo', groups: ['caseworkers', 'blue-card-team'] })
    for (const [processId, name, xml] of [['crisis-intervention', 'Interwencja kryzysowa', CRISIS_XML], ['blue-card', 'Niebieska Karta', '<bpmn:process id="blue-card"><bpmn:userTask id="Task_x" /></bpmn:process>']]) {
      await db.prisma.processDefinition.create({ data: { processId, version: 1, name, resourceName: `${processId}.bpmn`, xml, checksum: processId } })
    }
    for (const login of ['admin', 'kierownik', 'pracownik', 'psycholog', 'zespol']) tokens[login] = await tokenFor(app, login)
  })

  const get = (p: string, login: string) => request(app).get(p).set(bearer(tokens[login]))
  const put = (processId: string, groups: unknown, login = 'admin') =>
    request(app).put(`/api/admin/restrictions/${processId}`).set(bearer(tokens[login])).send({ groups })
  const audits = (action: string) => db.prisma.auditEvent.findMany({ where: { action } })
  const newCase = (procedure: string, ownerGroup: string) =>
    db.prisma.case.create({ data: { procedure, receivedAt: new Date('2026-03-02'), ownerGroup, number: `${procedure}.1`, createdAt: new Date(TEST_NOW) } })

  it('should list every deployed procedure with blue-card restricted to its team when an administrator asks, and audit the read', async () => {
    const res = await get('/api/admin/restrictions', 'admin')
    expect(res.status).to.equal(200)
    const byId = new Map(res.body.items.map((i: { processId: string }) => [i.processId, i]))
    expect(byId.get('blue-card')).to.deep.include({ groups: ['blue-card-team'], restricted: true, stored: false, name: 'Niebieska Karta' })
    expect(byId.get('crisis-intervention')).to.deep.include({ groups: [], restricted: false, conflicts: [] })
    expect(res.body.groups.map((g: { key: string }) => g.key)).to.include.members(['blue-card-team', 'psychologists', 'managers'])
    expect(await audits('restrictions.list')).to.have.length(1)
    // the start-up seed stores it; a second start changes nothing
    expect(await seedRestrictions(db.prisma, t.clock)).to.deep.equal(['blue-card'])
    expect(await seedRestrictions(db.prisma, t.clock)).to.deep.equal([])
    const seeded = (await get('/api/admin/restrictions', 'admin')).body.items.find((i: { processId: string }) => i.processId === 'blue-card')
    expect(seeded).to.deep.include({ stored: true, updatedBy: null, groups: ['blue-card-team'] })
  })

  it('should refuse the list, a change and the page with 403 and audit it when a manager or a Blue Card member asks', async () => {
    for (const login of ['kierownik', 'zespol']) {
      expect((await get('/api/admin/restrictions', login)).status, login).to.equal(403)
      expect((await put('blue-card', [], login)).status, login).to.equal(403)
      const { agent, csrf } = await browserFor(app, login)
      expect((await agent.get('/admin/restrictions')).status).to.equal(403)
      expect((await agent.post('/admin/restrictions').type('form').send({ _csrf: csrf, processId: 'blue-card' })).status).to.equal(403)
    }
    expect(await audits('restrictions.list-denied')).to.have.length(4)
    expect(await audits('restriction.save-denied')).to.have.length(4)
    expect(await db.prisma.procedureRestriction.count()).to.equal(0)
  })

  it('should keep managers and the task group out of a procedure at once when an administrator restricts it, and audit the change', async () => {
    // given: a crisis-intervention case and its task, visible to managers and the caseworkers
    const kase = await newCase('crisis-intervention', 'caseworkers')
    const task = await insertTask(db.prisma, { processId: 'crisis-intervention', elementId: 'Task_a', caseId: kase.id, assignee: 'pracownik' })
    expect((await get(`/api/cases/${kase.id}`, 'kierownik')).status).to.equal(200)
    expect((await get(`/api/tasks/${task.id}`, 'pracownik')).status).to.equal(200)
    // when
    const res = await put('crisis-intervention', ['psychologists'])
    // then
    expect(res.status).to.equal(200)
    expect(res.body).to.deep.include({ processId: 'crisis-intervention', groups: ['psychologists'], restricted: true, stored: true, updatedBy: 'admin' })
    // its newest version still offers Task_a to the caseworkers: named, so the administrator knows what to redeploy
    expect(res.body.conflicts.map((c: { elementId: string; rule: string }) => `${c.elementId} ${c.rule}`)).to.deep.equal(['Task_a restricted-procedure'])
    const [saved] = await audits('restriction.save')
    expect(saved.details).to.deep.equal({ processId: 'crisis-intervention', groups: 'psychologists', previous: '' })
    expect((await get(`/api/cases/${kase.id}`, 'kierownik')).status).to.equal(403)
    expect((await get(`/api/cases/${kase.id}`, 'admin')).status).to.equal(403)
    expect((await get(`/api/cases/${kase.id}`, 'psycholog')).status).to.equal(200)
    expect((await get(`/api/tasks/${task.id}`, 'pracownik')).status).to.equal(403)
    expect((await get('/api/tasks?view=all', 'kierownik')).body).to.deep.equal([])
    // the task its holder may no longer see went back to its group in the same request (the SLA round)
    expect((await db.prisma.task.findUniqueOrThrow({ where: { id: task.id } })).assignee).to.equal(null)
  })

  it('should show Blue Card cases to managers again when an administrator lifts the restriction, and keep it lifted after a restart', async () => {
    const kase = await newCase('blue-card', 'blue-card-team')
    expect((await get(`/api/cases/${kase.id}`, 'kierownik')).status).to.equal(403)
    const res = await put('blue-card', [])
    expect(res.body).to.deep.include({ restricted: false, stored: true, groups: [] })
    expect((await get(`/api/cases/${kase.id}`, 'kierownik')).status).to.equal(200)
    expect(await seedRestrictions(db.prisma, t.clock)).to.deep.equal([])
    expect((await db.prisma.procedureRestriction.findUniqueOrThrow({ where: { processId: 'blue-card' } })).groups).to.deep.equal([])
    expect((await audits('restriction.save'))[0].details).to.deep.equal({ processId: 'blue-card', groups: '', previous: 'blue-card-team' })
  })

  it('should refuse an unknown group or process id with the reason and store nothing', async () => {
    const unknown = await put('crisis-intervention', ['psychologists', 'no-such-group'])
    expect(unknown.status).to.equal(422)
    expect(unknown.body.error.fields).to.deep.equal({ groups: 'Nieznana grupa: no-such-group' })
    const badId = await request(app).put('/api/admin/restrictions/bad%20id').set(bearer(tokens.admin)).send({ groups: ['psychologists'] })
    expect(badId.status).to.equal(422)
    expect(badId.body.error.fields).to.have.property('processId')
    expect(await audits('restriction.save-rejected')).to.have.length(2)
    expect(await db.prisma.procedureRestriction.count()).to.equal(0)
  })

  it('should follow the data in SLA policies: refuse a person outside a newly restricted procedure, accept one for a lifted one', async () => {
    const definition = (assignee: string) => ({ name: 'x', target: { anchor: 'task-due' }, atRisk: { amount: 1, unit: 'days' }, escalations: [{ id: 'r', on: 'overdue', action: 'reassign', assignee }] })
    const save = (processId: string, assignee: string) => request(app).post('/api/sla/policies').set(bearer(tokens.kierownik)).send({ processId, elementId: '*', definition: definition(assignee) })
    expect((await save('crisis-intervention', 'pracownik')).status).to.equal(201)
    await put('crisis-intervention', ['psychologists'])
    const refused = await save('crisis-intervention', 'pracownik')
    expect(refused.status).to.equal(400)
    expect(refused.body.error.problems[0]).to.deep.include({ code: 'assigneeOutsideRestriction', params: { procedure: 'crisis-intervention', groups: 'psychologists' } })
    expect((await save('crisis-intervention', 'psycholog')).status).to.equal(201)
    expect((await save('blue-card', 'kierownik')).status).to.equal(400)
    await put('blue-card', [])
    expect((await save('blue-card', 'kierownik')).status).to.equal(201)
  })

  it('should show the page in Polish with a CSRF-protected form per procedure and save what an administrator posts', async () => {
    const { agent, csrf } = await browserFor(app, 'admin')
    const page = await agent.get('/admin/restrictions')
    expect(page.status).to.equal(200)
    expect(page.text).to.include('<h1>Procedury zastrzeżone</h1>').and.include('href="/admin/restrictions" aria-current="page"')
    expect(page.text).to.include('Grupa diagnostyczno-pomocowa (Niebieska Karta)').and.include('Interwencja kryzysowa')
    expect(page.text).to.match(/<tr data-process-id="blue-card" class="restricted">/)
    expect(page.text).to.include('id="restriction-blue-card-blue-card-team" name="groups" value="blue-card-team" checked')
    expect((await agent.post('/admin/restrictions').type('form').send({ processId: 'crisis-intervention', groups: 'psychologists' })).status).to.equal(403)
    const saved = await agent.post('/admin/restrictions').type('form').send({ _csrf: csrf, processId: 'crisis-intervention', groups: ['psychologists', 'managers'] })
    expect(saved.status).to.equal(303)
    expect(saved.headers.location).to.equal('/admin/restrictions?notice=saved')
    const after = await agent.get(saved.headers.location)
    expect(after.text).to.include('Zapisano: sprawy i zadania tej procedury widzą teraz tylko członkowie wybranych grup.')
    expect(after.text).to.include('Zadanie Task_a najnowszej wersji:')
    expect((await db.prisma.procedureRestriction.findUniqueOrThrow({ where: { processId: 'crisis-intervention' } })).groups).to.deep.equal(['psychologists', 'managers'])
    const refused = await agent.post('/admin/restrictions').type('form').send({ _csrf: csrf, processId: 'new-procedure', groups: 'no-such-group' })
    expect(refused.status).to.equal(422)
    expect(refused.text).to.include('Nieznana grupa: no-such-group').and.include('value="new-procedure"')
    const english = await agent.get('/admin/restrictions?lang=en')
    expect(english.text).to.include('<h1>Restricted procedures</h1>').and.include('Who sees its cases and tasks')
  })

  it('should show the administrators, and nobody else, the link to the page', async () => {
    const admin = await browserFor(app, 'admin')
    expect((await admin.agent.get('/inbox')).text).to.include('href="/admin/restrictions"')
    const manager = await browserFor(app, 'kierownik')
    expect((await manager.agent.get('/inbox')).text).not.to.include('href="/admin/restrictions"')
  })
})

// on the engine under test (test/helpers/engine-under-test.ts: TEST_ENGINE=operaton runs it on Operaton)
describe('engine: the deployment guard refuses what the upload checks would (restricted procedures)', function () {
  this.timeout(60_000)
  let db: TestDatabase
  let engine: TestEngine | null = null

  before(async () => {
    db = await createTestDatabase()
  })
  after(async () => db?.close())
  beforeEach(async () => {
    await db.reset()
    engine = await createTestEngine({ prisma: db.prisma, clock: new FakeClock(TEST_NOW), deploymentGuard: restrictedAssignmentGuard(db.prisma) })
  })
  afterEach(async () => {
    await stopTestEngine(engine)
    engine = null
  })

  it('should refuse a blue-card version offering a task to managers when it reaches the engine without the upload checks', async () => {
    // the processes folder passes the guard
    await deployProcessesFolder(engine!)
    const xml = (await readFile(path.join(PROCESSES_DIR, 'blue-card.bpmn'), 'utf8')).replace('candidateGroups="blue-card-team"', 'candidateGroups="managers"')
    let error: unknown = null
    try {
      await engine!.deploy([{ name: 'blue-card.bpmn', content: xml }])
    } catch (err) {
      error = err
    }
    expect(error).to.be.instanceOf(DeploymentError)
    expect((error as DeploymentError).problems.map((p) => `${p.elementId} ${p.rule}`)).to.deep.equal(['Task_forwardFormA restricted-procedure'])
    expect(await db.prisma.processDefinition.count({ where: { processId: 'blue-card' } })).to.equal(1)
  })

  it('should still start from an unchanged processes folder when a procedure was restricted after it was deployed, and refuse a changed file', async () => {
    await deployProcessesFolder(engine!)
    // an administrator restricts crisis intervention to the psychologists; its deployed version offers tasks to others
    await db.prisma.procedureRestriction.create({ data: { processId: 'crisis-intervention', groups: ['psychologists'], updatedBy: 'admin', updatedAt: new Date(TEST_NOW) } })
    forgetRestrictions(db.prisma)
    const again = await deployProcessesFolder(engine!)
    expect(again.processes.every((p) => p.duplicate)).to.equal(true)
    // a change of content (a comment or whitespace would not be one: it makes no new version)
    const changed = (await readFile(path.join(PROCESSES_DIR, 'crisis-intervention.bpmn'), 'utf8')).replace('name="Interwencja kryzysowa"', 'name="Interwencja kryzysowa (zmieniona)"')
    let error: unknown = null
    try {
      await engine!.deploy([{ name: 'crisis-intervention.bpmn', content: changed }])
    } catch (err) {
      error = err
    }
    expect(error).to.be.instanceOf(DeploymentError)
    const problems = (error as DeploymentError).problems
    expect(problems.length).to.be.greaterThan(0)
    expect(problems.every((p) => p.rule === 'restricted-procedure' && p.elementId !== null && p.message.includes('psychologists'))).to.equal(true)
  })
})
