// A case for every instance a signal start event starts (src/cases/start-event-cases.ts, engine/signal-starts.ts): one
// numbered case per throw, made before the instance, its task in the inbox; a throw handed over again makes none. On
// the engine under test.
import { expect } from 'chai'
import type { Express } from 'express'
import request from 'supertest'
import { FakeClock } from '../../engine/clock.ts'
import { startEventCases } from '../../src/cases/start-event-cases.ts'
import { silentLogger } from '../../src/logger.ts'
import { bpmnFile, flow, userTask } from '../helpers/bpmn-fixture.ts'
import { createTestEngine, stopTestEngine, type TestEngine } from '../helpers/engine-under-test.ts'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'
import { bearer, browserFor, createWebTestApp, TEST_NOW, tokenFor } from '../helpers/web-app.ts'

const PREFIX = 'OPS.8311'
// unique per run: the Operaton nodes keep the deployments of earlier runs
const RUN = Date.now().toString(36)
const ROUND = `winter_round_${RUN}`
const WARNING = `frost_warning_${RUN}`
const SIGNAL = `frost-warning-${RUN}`

const signalStarted = bpmnFile(
  ROUND,
  `<bpmn:startEvent id="byNotice"><bpmn:signalEventDefinition signalRef="Sig_winter" /></bpmn:startEvent>
   ${flow('f1', 'byNotice', 'Task_visit')}${userTask('Task_visit', '<zeebe:assignmentDefinition candidateGroups="caseworkers" />')}${flow('f2', 'Task_visit', 'e')}<bpmn:endEvent id="e" />`,
  `<bpmn:signal id="Sig_winter" name="${SIGNAL}" />`,
)

const thrower = bpmnFile(
  WARNING,
  `<bpmn:startEvent id="s" />${flow('t1', 's', 'announce')}
   <bpmn:intermediateThrowEvent id="announce"><bpmn:extensionElements><zeebe:ioMapping><zeebe:input source="=level" target="frostLevel" /></zeebe:ioMapping></bpmn:extensionElements><bpmn:signalEventDefinition signalRef="Sig_frost" /></bpmn:intermediateThrowEvent>
   ${flow('t2', 'announce', 'e')}<bpmn:endEvent id="e" />`,
  `<bpmn:signal id="Sig_frost" name="${SIGNAL}" />`,
)

describe('web: a case for every instance a signal starts', function () {
  this.timeout(120_000)
  let db: TestDatabase
  let app: Express
  let clock: FakeClock
  let engine: TestEngine

  before(async () => {
    db = await createTestDatabase()
  })
  after(async () => db?.close())
  beforeEach(async () => {
    await db.reset()
    clock = new FakeClock(TEST_NOW)
    engine = await createTestEngine({ prisma: db.prisma, clock })
    engine.setStartEventCases(startEventCases({ prisma: db.prisma, engine, clock, logger: silentLogger, caseNumberPrefix: PREFIX }))
    ;({ app } = await createWebTestApp(db, { engine, clock }))
    await engine.deploy([signalStarted, thrower])
  })
  afterEach(async () => stopTestEngine(engine))

  const throwOnce = async (level: number) => {
    await engine.startInstance({ processId: WARNING, businessKey: `warning-${level}`, variables: { level } })
    await engine.idle()
  }

  it('should make a numbered case whose task is in the inbox for each throw of the signal', async () => {
    await throwOnce(2)
    await throwOnce(3)

    const cases = await db.prisma.case.findMany({ where: { procedure: ROUND }, orderBy: { createdAt: 'asc' } })
    expect(cases, 'a case per throw').to.have.length(2)
    expect(new Set(cases.map((c) => c.startKey)).size, 'each throw its own start key').to.equal(2)
    for (const kase of cases) expect(kase.startKey).to.match(new RegExp(`^signal:${ROUND}:.+$`))
    for (const kase of cases) {
      expect(kase.number).to.match(/^OPS\.8311\.\d+\.2026$/)
      expect(kase).to.include({ ownerGroup: 'caseworkers', correlationKey: null, startPendingSince: null })
      const instance = await db.prisma.processInstance.findUniqueOrThrow({ where: { id: kase.processInstanceId! } })
      expect(instance.businessKey, 'the case id is the business key').to.equal(kase.id)
      expect(await db.prisma.auditEvent.findMany({ where: { caseId: kase.id, action: 'case.create-by-signal' }, select: { details: true } }))
        .to.deep.equal([{ details: { procedure: ROUND, signalName: SIGNAL } }])
    }
    const levels = await Promise.all(cases.map(async (c) => ((await db.prisma.processInstance.findUniqueOrThrow({ where: { id: c.processInstanceId! } })).variables as Record<string, unknown>).frostLevel))
    expect(levels).to.have.members([2, 3])

    const inbox = await request(app).get('/api/tasks?view=group&fields=full').set(bearer(await tokenFor(app, 'pracownik')))
    expect((inbox.body as { caseId: string }[]).map((t) => t.caseId)).to.include.members(cases.map((c) => c.id))
    const { agent } = await browserFor(app, 'pracownik')
    const page = await agent.get(`/cases/${cases[0]!.id}`)
    expect(page.status).to.equal(200)
    expect(page.text).to.include('Sprawę założył sygnał').and.to.include(`„${SIGNAL}”`)
  })

  it('should make no second case when the same throw is handed to the hook again', async () => {
    await throwOnce(1)
    const [kase] = await db.prisma.case.findMany({ where: { procedure: ROUND } })
    const throwId = kase!.startKey!.split(':').pop()!
    const cases = startEventCases({ prisma: db.prisma, engine, clock, logger: silentLogger, caseNumberPrefix: PREFIX })
    const again = await cases({ processId: ROUND, trigger: { kind: 'signal', signalName: SIGNAL, throwId }, variables: {} }, (r) => engine.startInstance(r))
    expect(again).to.equal(false)
    expect(await db.prisma.case.count({ where: { procedure: ROUND } })).to.equal(1)
    expect(await db.prisma.processInstance.count({ where: { processId: ROUND } })).to.equal(1)
  })
})
