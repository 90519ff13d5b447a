// A case for every instance a message or timer start event starts (issue 13, item 1; src/cases/start-event-cases.ts):
// the case exists before the instance, has a number, the procedure's owner group and the start's Warsaw day, its
// first task reaches the inbox linked to the case page, and a start delivered twice makes one case. On the engine
// under test.
import { expect } from 'chai'
import type { Express } from 'express'
import request from 'supertest'
import { FakeClock } from '../../engine/clock.ts'
import { retryPendingStarts } from '../../src/cases/retry-pending-starts.ts'
import { DEFAULT_START_GRACE_MS } from '../../src/cases/start-case-process.ts'
import { startEventCases } from '../../src/cases/start-event-cases.ts'
import { silentLogger } from '../../src/logger.ts'
import { SlaMonitor } from '../../src/sla/sla-monitor.ts'
import { createHandlers } from '../../workers/create-handlers.ts'
import { bpmnFile, flow, userTask } from '../helpers/bpmn-fixture.ts'
import { createTestEngine, stopTestEngine, type TestEngine } from '../helpers/engine-under-test.ts'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'
import { bearer, browserFor, createWebTestApp, TEST_NOW, tokenFor } from '../helpers/web-app.ts'

const PREFIX = 'OPS.8311'
// unique per run: the Operaton nodes keep the deployments of earlier runs
const RUN = Date.now().toString(36)
const groupTask = (id: string) => userTask(id, '<zeebe:assignmentDefinition candidateGroups="caseworkers" />')

const messageStarted = (processId: string, messageName: string) =>
  bpmnFile(
    processId,
    `<bpmn:startEvent id="byMessage"><bpmn:messageEventDefinition messageRef="Msg_start" /></bpmn:startEvent>
     ${flow('f1', 'byMessage', 'Task_review')}${groupTask('Task_review')}${flow('f2', 'Task_review', 'e')}<bpmn:endEvent id="e" />`,
    `<bpmn:message id="Msg_start" name="${messageName}"><bpmn:extensionElements><zeebe:subscription correlationKey="=caseId" /></bpmn:extensionElements></bpmn:message>`,
  )

const timerStarted = (processId: string, timeDate: string) =>
  bpmnFile(
    processId,
    `<bpmn:startEvent id="clock"><bpmn:timerEventDefinition><bpmn:timeDate xsi:type="bpmn:tFormalExpression">${timeDate}</bpmn:timeDate></bpmn:timerEventDefinition></bpmn:startEvent>
     ${flow('f1', 'clock', 'Task_payments')}${groupTask('Task_payments')}${flow('f2', 'Task_payments', 'e')}<bpmn:endEvent id="e" />`,
  )

describe('web: a case for every instance a message or a timer starts', function () {
  this.timeout(120_000)
  let db: TestDatabase
  let app: Express
  let clock: FakeClock
  let engine: TestEngine | null = null

  before(async () => {
    db = await createTestDatabase()
  })
  after(async () => db?.close())
  beforeEach(async () => {
    await db.reset()
    clock = new FakeClock(TEST_NOW)
    engine = await createTestEngine({ prisma: db.prisma, clock, handlers: createHandlers({ prisma: db.prisma, clock, caseNumberPrefix: PREFIX }) })
    engine.setStartEventCases(startEventCases({ prisma: db.prisma, engine, clock, logger: silentLogger, caseNumberPrefix: PREFIX }))
    ;({ app } = await createWebTestApp(db, { engine, clock }))
  })
  afterEach(async () => {
    await stopTestEngine(engine)
    engine = null
  })

  const casesOf = (procedure: string) => db.prisma.case.findMany({ where: { procedure }, orderBy: { createdAt: 'asc' } })

  /** The case's first task is in the group inbox (API and page) and links to the case page, which shows it. */
  async function expectTaskInInbox(caseId: string, number: string, taskName: string): Promise<string> {
    const answer = await request(app).get('/api/tasks?view=group&fields=full').set(bearer(await tokenFor(app, 'pracownik')))
    expect(answer.status, JSON.stringify(answer.body)).to.equal(200)
    const inbox = answer.body as { caseId: string; caseNumber: string; name: string }[]
    expect(inbox.find((t) => t.caseId === caseId), 'the task in the group inbox').to.include({ name: taskName, caseNumber: number })
    const { agent } = await browserFor(app, 'pracownik')
    const page = await agent.get('/inbox?tab=group')
    expect(page.text, 'a link to the case page').to.include(`<a href="/cases/${caseId}">${number}</a>`)
    const casePage = await agent.get(`/cases/${caseId}`)
    expect(casePage.status).to.equal(200)
    expect(casePage.text).to.include(number).and.to.include(taskName)
    return casePage.text
  }

  it('should make a numbered case whose task is in the inbox when a message starts an instance', async () => {
    const processId = `referral_intake_${RUN}`
    await engine!.deploy([messageStarted(processId, 'court-referral')])
    expect(await engine!.publishMessage({ name: 'court-referral', correlationKey: 'ref-2026-17', variables: { source: 'court' } })).to.deep.equal({ correlated: 1 })
    await engine!.idle()

    const [kase, ...more] = await casesOf(processId)
    expect(more, 'one case').to.have.length(0)
    expect(kase!.number).to.match(/^OPS\.8311\.\d+\.2026$/)
    expect(kase).to.include({ ownerGroup: 'caseworkers', correlationKey: 'ref-2026-17', startPendingSince: null })
    expect(kase!.receivedAt.toISOString().slice(0, 10)).to.equal('2026-03-10')
    const instance = await db.prisma.processInstance.findUniqueOrThrow({ where: { id: kase!.processInstanceId! } })
    expect(instance.businessKey, 'the case id is the business key').to.equal(kase!.id)
    expect(instance.variables).to.include({ source: 'court', caseId: kase!.id })
    const casePage = await expectTaskInInbox(kase!.id, kase!.number!, 'Task_review')
    expect(casePage, 'the history says what made the case').to.include('Sprawę założyła wiadomość').and.to.include('„court-referral”')
    expect(await db.prisma.auditEvent.count({ where: { caseId: kase!.id, action: 'case.read' } })).to.be.greaterThan(0)

    const audit = await db.prisma.auditEvent.findMany({ where: { caseId: kase!.id, action: 'case.create-by-message' } })
    expect(audit).to.have.length(1)
    expect(audit[0]!.details).to.deep.equal({ procedure: processId, messageName: 'court-referral' })
    const history = await db.prisma.caseEvent.findMany({ where: { caseId: kase!.id }, orderBy: { at: 'asc' } })
    expect(history.map((e) => e.type)).to.include.members(['started-by-message', 'number-assigned'])
  })

  it('should make one case when a message with an open case\'s correlation key is delivered again', async () => {
    const processId = `referral_repeat_${RUN}`
    await engine!.deploy([messageStarted(processId, 'repeat-referral')])
    await engine!.publishMessage({ name: 'repeat-referral', correlationKey: 'ref-1', variables: {}, timeToLiveMs: 0 })
    await engine!.idle()
    expect(await engine!.publishMessage({ name: 'repeat-referral', correlationKey: 'ref-1', variables: {}, timeToLiveMs: 0 })).to.deep.equal({ correlated: 0 })
    await engine!.idle()
    expect(await casesOf(processId)).to.have.length(1)

    // another key is another case; once the first case's instance is over, its key starts a new case
    await engine!.publishMessage({ name: 'repeat-referral', correlationKey: 'ref-2', variables: {}, timeToLiveMs: 0 })
    await engine!.idle()
    const [first] = await casesOf(processId)
    await engine!.cancelInstance(first!.processInstanceId!)
    await engine!.idle()
    await engine!.publishMessage({ name: 'repeat-referral', correlationKey: 'ref-1', variables: {}, timeToLiveMs: 0 })
    await engine!.idle()
    const all = await casesOf(processId)
    expect(all.map((c) => c.correlationKey).sort()).to.deep.equal(['ref-1', 'ref-1', 'ref-2'])
    expect(new Set(all.map((c) => c.number)).size, 'each its own number').to.equal(3)
  })

  it('should make a numbered case on the due time\'s Warsaw day whose task is in the inbox when a timer starts an instance', async () => {
    const processId = `payment_run_${RUN}`
    // 23:30 UTC on 31 March is 1 April in Warsaw
    await engine!.deploy([timerStarted(processId, '2026-03-31T23:30:00Z')])
    clock.set('2026-03-31T23:30:05Z')
    await engine!.runDueWork()
    await engine!.idle()

    const [kase, ...more] = await casesOf(processId)
    expect(more, 'one case').to.have.length(0)
    expect(kase!.number).to.match(/^OPS\.8311\.\d+\.2026$/)
    expect(kase).to.include({ startKey: `timer:${processId}@2026-03-31T23:30:00.000Z`, correlationKey: null, startPendingSince: null })
    expect(kase!.receivedAt.toISOString().slice(0, 10)).to.equal('2026-04-01')
    const instance = await db.prisma.processInstance.findUniqueOrThrow({ where: { id: kase!.processInstanceId! } })
    expect(instance.businessKey).to.equal(kase!.id)
    expect(await expectTaskInInbox(kase!.id, kase!.number!, 'Task_payments')).to.include('Sprawę założył harmonogram procedury')
    await new SlaMonitor({ prisma: db.prisma, engine: engine!, clock, logger: silentLogger }).runOnce()
    const watched = await db.prisma.case.findUniqueOrThrow({ where: { id: kase!.id } })
    expect(watched.slaAppliedAt, 'the SLA monitor took the case up').to.not.equal(null)
    const audit = await db.prisma.auditEvent.findMany({ where: { caseId: kase!.id, action: 'case.create-by-timer' } })
    expect(audit.map((a) => a.details)).to.deep.equal([{ procedure: processId, elementId: 'clock', dueAt: '2026-03-31T23:30:00.000Z' }])
  })

  it('should make one case when a due time is delivered twice', async () => {
    const processId = `payment_twice_${RUN}`
    await engine!.deploy([timerStarted(processId, '2026-03-12T07:00:00Z')])
    clock.set('2026-03-12T07:00:01Z')
    await engine!.runDueWork()
    await engine!.idle()
    // the same occurrence handed to the hook again (a round taken over after a lease, a start delivered twice)
    const cases = startEventCases({ prisma: db.prisma, engine: engine!, clock, logger: silentLogger, caseNumberPrefix: PREFIX })
    const again = await cases(
      { processId, trigger: { kind: 'timer', elementId: 'clock', dueAt: new Date('2026-03-12T07:00:00Z') }, variables: {} },
      (r) => engine!.startInstance(r),
    )
    expect(again, 'nothing started').to.equal(false)
    expect(await casesOf(processId)).to.have.length(1)
    expect(await db.prisma.processInstance.count({ where: { processId } })).to.equal(1)
  })

  it('should leave the case start-pending and let the pending-start round start it when the engine refuses the start', async () => {
    const processId = `referral_refused_${RUN}`
    await engine!.deploy([messageStarted(processId, 'refused-referral')])
    const deps = { prisma: db.prisma, engine: engine!, clock, logger: silentLogger, caseNumberPrefix: PREFIX }
    const started = await startEventCases(deps)(
      { processId, trigger: { kind: 'message', messageName: 'refused-referral', correlationKey: 'ref-5' }, variables: { source: 'court' } },
      () => Promise.reject(new Error('engine unavailable')),
    )
    expect(started).to.equal(false)
    const [pending] = await casesOf(processId)
    expect(pending!.number, 'numbered at once').to.match(/^OPS\.8311\.\d+\.2026$/)
    expect(pending!.startPendingSince).to.not.equal(null)
    expect(pending!.processInstanceId).to.equal(null)

    clock.advance(DEFAULT_START_GRACE_MS * 10)
    await retryPendingStarts(deps)
    await engine!.idle()
    const [kase, ...more] = await casesOf(processId)
    expect(more).to.have.length(0)
    expect(kase!.startPendingSince).to.equal(null)
    const instance = await db.prisma.processInstance.findUniqueOrThrow({ where: { id: kase!.processInstanceId! } })
    expect(instance.businessKey).to.equal(kase!.id)
    expect(instance.variables).to.include({ source: 'court', caseId: kase!.id })
  })

  it('should make one case when two deliveries of a message race', async () => {
    const processId = `referral_race_${RUN}`
    await engine!.deploy([messageStarted(processId, 'race-referral')])
    const cases = startEventCases({ prisma: db.prisma, engine: engine!, clock, logger: silentLogger, caseNumberPrefix: PREFIX })
    const deliver = () => cases(
      { processId, trigger: { kind: 'message', messageName: 'race-referral', correlationKey: 'ref-9' }, variables: {} },
      (r) => engine!.startInstance(r),
    )
    const results = await Promise.all([deliver(), deliver()])
    await engine!.idle()
    expect(results.filter(Boolean)).to.have.length(1)
    expect(await casesOf(processId)).to.have.length(1)
    expect(await db.prisma.processInstance.count({ where: { processId } })).to.equal(1)
  })
})
