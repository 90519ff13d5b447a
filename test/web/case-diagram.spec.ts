// GET /api/cases/:id/diagram and the diagram container on the case and task pages, on the real embedded engine
// with the real benefit-application procedure.
import { expect } from 'chai'
import request from 'supertest'
import type { Express } from 'express'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'
import { bearer, browserFor, createWebTestApp, tokenFor } from '../helpers/web-app.ts'
import { benefitApplication } from '../helpers/web-fixtures.ts'
import { FakeClock } from '../../engine/clock.ts'
import type { TestEngine } from '../helpers/engine-under-test.ts'
import { startProceduresEngine } from '../helpers/procedures-engine.ts'
import { boundaryEventIds, diagramMarkers } from '../../src/cases/case-diagram.ts'

describe('web: process diagram of a case', function () {
  let db: TestDatabase
  let app: Express
  let engine: TestEngine
  let clock: FakeClock

  before(async () => {
    db = await createTestDatabase()
  })
  after(async () => db?.close())
  beforeEach(async () => {
    await db.reset()
    clock = new FakeClock('2026-03-10T09:00:00Z')
    engine = await startProceduresEngine(db.prisma, clock)
    ;({ app } = await createWebTestApp(db, { engine, clock }))
  })
  afterEach(async () => engine?.stop())

  async function startCase(): Promise<{ caseId: string; token: string }> {
    const token = await tokenFor(app, 'pracownik')
    const created = await request(app).post('/api/cases').set(bearer(token)).send(benefitApplication())
    expect(created.status).to.equal(201)
    await engine.idle()
    return { caseId: created.body.id as string, token }
  }

  it('should answer the XML of the instance version with the family interview active when the case waits there', async () => {
    const { caseId, token } = await startCase()
    const res = await request(app).get(`/api/cases/${caseId}/diagram`).set(bearer(token))
    expect(res.status).to.equal(200)
    const instance = await db.prisma.processInstance.findFirstOrThrow({ where: { businessKey: caseId }, include: { definition: true } })
    expect(res.body.xml).to.equal(instance.definition.xml)
    expect(res.body.active).to.deep.equal(['Task_familyInterview'])
    expect(res.body.completed).to.deep.equal(['Start_applicationReceived', 'Task_registerCase', 'Task_computeDeadlines'])
    const audit = await db.prisma.auditEvent.findMany({ where: { action: 'case.diagram', caseId } })
    expect(audit).to.have.length(1)
  })

  it('should refuse with 403 and audit the refusal when the user may not see the case', async () => {
    const { caseId } = await startCase()
    const other = await tokenFor(app, 'asystent')
    const res = await request(app).get(`/api/cases/${caseId}/diagram`).set(bearer(other))
    expect(res.status).to.equal(403)
    expect(res.body.xml).to.equal(undefined)
    expect(await db.prisma.auditEvent.count({ where: { action: 'case.diagram-denied', caseId } })).to.equal(1)
  })

  it('should answer 404 when the case does not exist', async () => {
    const token = await tokenFor(app, 'pracownik')
    const res = await request(app).get('/api/cases/00000000-0000-0000-0000-000000000000/diagram').set(bearer(token))
    expect(res.status).to.equal(404)
  })

  it('should put the diagram container with the case id on the case page and the task page when the case is open', async () => {
    const { caseId } = await startCase()
    const { agent } = await browserFor(app, 'pracownik')
    const casePage = await agent.get(`/cases/${caseId}`)
    expect(casePage.status).to.equal(200)
    expect(casePage.text).to.include(`id="process-diagram" class="wf-diagram" data-case-id="${caseId}"`)
    expect(casePage.text).to.include('<script src="/static/build/viewer.js" defer></script>')
    expect(casePage.text).not.to.match(/<script>(?!<\/script>)/)
    const task = await db.prisma.task.findFirstOrThrow({ where: { caseId, status: 'open' } })
    const taskPage = await agent.get(`/tasks/${task.id}`)
    expect(taskPage.status).to.equal(200)
    expect(taskPage.text).to.include(`data-case-id="${caseId}"`)
  })
})

describe('case diagram markers', () => {
  it('should mark an element active when it was entered and not left, and completed when it was left', () => {
    const trail = [
      { elementId: 'Start', event: 'start', at: 'x' }, { elementId: 'Start', event: 'end', at: 'x' },
      { elementId: 'Task_a', event: 'start', at: 'x' }, { elementId: 'Task_a', event: 'end', at: 'x' },
      { elementId: 'Task_a', event: 'start', at: 'x' },
      { elementId: 'Timer_b', event: 'start', at: 'x' },
    ]
    expect(diagramMarkers(trail, ['Task_c'])).to.deep.equal({ active: ['Task_c', 'Task_a', 'Timer_b'], completed: ['Start'] })
    expect(diagramMarkers(trail, [], new Set(['Timer_b'])).active).to.deep.equal(['Task_a'])
  })

  it('should find the boundary event ids when the XML has prefixed elements', () => {
    const xml = '<bpmn:boundaryEvent id="Timer_x" attachedToRef="T"/><bpmn:intermediateCatchEvent id="Catch_y"/>'
    expect([...boundaryEventIds(xml)]).to.deep.equal(['Timer_x'])
  })
})
