// A case for every instance a signal start event starts (src/cases/start-event-cases.ts, engine/signal-starts.ts): one
// numbered case per throw, made before the instance, its task in the inbox; a throw handed over again makes none.
// The embedded engine only: Operaton's translation refuses signal start events (README › BPMN coverage).
import { expect } from 'chai'
import type { Express } from 'express'
import request from 'supertest'
import { FakeClock } from '../../engine/clock.ts'
import { EmbeddedEngine } from '../../engine/embedded/embedded-engine.ts'
import { startEventCases } from '../../src/cases/start-event-cases.ts'
import { silentLogger } from '../../src/logger.ts'
import { bpmnFile, flow, userTask } from '../helpers/bpmn-fixture.ts'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'
import { bearer, browserFor, createWebTestApp, TEST_NOW, tokenFor } from '../helpers/web-app.ts'

const PREFIX = 'OPS.8311'

const signalStarted = bpmnFile(
  'winter_round',
  `<bpmn:startEvent id="byNotice"><bpmn:signalEventDefinition signalRef="Sig_winter" /></bpmn:startEvent>
   ${flow('f1', 'byNotice', 'Task_visit')}${userTask('Task_visit', '<zeebe:assignmentDefinition candidateGroups="caseworkers" />')}${flow('f2', 'Task_visit', 'e')}<bpmn:endEvent id="e" />`,
  '<bpmn:signal id="Sig_winter" name="frost-warning" />',
)

const thrower = bpmnFile(
  'frost_warning',
  `<bpmn:startEvent id="s" />${flow('t1', 's', 'announce')}
   <bpmn:intermediateThrowEvent id="announce"><bpmn:extensionElements><zeebe:ioMapping><zeebe:input source="=level" target="frostLevel" /></zeebe:ioMapping></bpmn:extensionElements><bpmn:signalEventDefinition signalRef="Sig_frost" /></bpmn:intermediateThrowEvent>
   ${flow('t2', 'announce', 'e')}<bpmn:endEvent id="e" />`,
  '<bpmn:signal id="Sig_frost" name="frost-warning" />',
)

describe('web: a case for every instance a signal starts (embedded engine)', function () {
  this.timeout(120_000)
  let db: TestDatabase
  let app: Express
  let clock: FakeClock
  let engine: EmbeddedEngine

  before(async () => {
    db = await createTestDatabase()
  })
  after(async () => db?.close())
  beforeEach(async () => {
    await db.reset()
    clock = new FakeClock(TEST_NOW)
    engine = new EmbeddedEngine({ prisma: db.prisma, clock, schedulerIntervalMs: 0 })
    engine.setStartEventCases(startEventCases({ prisma: db.prisma, engine, clock, logger: silentLogger, caseNumberPrefix: PREFIX }))
    await engine.start()
    ;({ app } = await createWebTestApp(db, { engine, clock }))
    await engine.deploy([signalStarted, thrower])
  })
  afterEach(async () => engine.stop())

  const throwOnce = async (level: number) => {
    await engine.startInstance({ processId: 'frost_warning', businessKey: `warning-${level}`, variables: { level } })
    await engine.idle()
  }

  it('should make a numbered case whose task is in the inbox for each throw of the signal', async () => {
    await throwOnce(2)
    await throwOnce(3)

    const cases = await db.prisma.case.findMany({ where: { procedure: 'winter_round' }, orderBy: { createdAt: 'asc' } })
    expect(cases, 'a case per throw').to.have.length(2)
    const throws = await db.prisma.job.findMany({ where: { elementId: 'announce' }, select: { id: true } })
    expect(cases.map((c) => c.startKey).sort()).to.deep.equal(throws.map((t) => `signal:winter_round:${t.id}`).sort())
    for (const kase of cases) {
      expect(kase.number).to.match(/^OPS\.8311\.\d+\.2026$/)
      expect(kase).to.include({ ownerGroup: 'caseworkers', correlationKey: null, startPendingSince: null })
      const instance = await db.prisma.processInstance.findUniqueOrThrow({ where: { id: kase.processInstanceId! } })
      expect(instance.businessKey, 'the case id is the business key').to.equal(kase.id)
      expect(await db.prisma.auditEvent.findMany({ where: { caseId: kase.id, action: 'case.create-by-signal' }, select: { details: true } }))
        .to.deep.equal([{ details: { procedure: 'winter_round', signalName: 'frost-warning' } }])
    }
    const levels = await Promise.all(cases.map(async (c) => ((await db.prisma.processInstance.findUniqueOrThrow({ where: { id: c.processInstanceId! } })).variables as Record<string, unknown>).frostLevel))
    expect(levels).to.have.members([2, 3])

    const inbox = await request(app).get('/api/tasks?view=group&fields=full').set(bearer(await tokenFor(app, 'pracownik')))
    expect((inbox.body as { caseId: string }[]).map((t) => t.caseId)).to.include.members(cases.map((c) => c.id))
    const { agent } = await browserFor(app, 'pracownik')
    const page = await agent.get(`/cases/${cases[0]!.id}`)
    expect(page.status).to.equal(200)
    expect(page.text).to.include('Sprawę założył sygnał').and.to.include('„frost-warning”')
  })

  it('should make no second case when the same throw is handed to the hook again', async () => {
    await throwOnce(1)
    const [kase] = await db.prisma.case.findMany({ where: { procedure: 'winter_round' } })
    const throwId = kase!.startKey!.split(':').pop()!
    const cases = startEventCases({ prisma: db.prisma, engine, clock, logger: silentLogger, caseNumberPrefix: PREFIX })
    const again = await cases({ processId: 'winter_round', trigger: { kind: 'signal', signalName: 'frost-warning', throwId }, variables: {} }, (r) => engine.startInstance(r))
    expect(again).to.equal(false)
    expect(await db.prisma.case.count({ where: { procedure: 'winter_round' } })).to.equal(1)
    expect(await db.prisma.processInstance.count({ where: { processId: 'winter_round' } })).to.equal(1)
  })
})
