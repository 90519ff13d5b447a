// A centre moved from the embedded engine to Operaton (engine/routing-engine.ts): cases started before the move
// finish on the embedded engine (user tasks, boundary timers, service-task jobs, messages), new cases start on
// Operaton, and the inbox tables show the tasks of both. The embedded engine is the Operaton adapter's catalog.
import { expect } from 'chai'
import { randomUUID } from 'node:crypto'
import { FakeClock } from '../../engine/clock.ts'
import { EmbeddedEngine } from '../../engine/embedded/embedded-engine.ts'
import { complete, type Job, type JobHandler } from '../../engine/job.ts'
import { createOperatonTestEngine, type OperatonTestEngine } from '../../engine/operaton/operaton-test-engine.ts'
import { RoutingEngine } from '../../engine/routing-engine.ts'
import type { Actor } from '../../src/users/actor.ts'
import { inboxFilter } from '../../src/inbox/list-tasks.ts'
import { bpmnFile, flow, message, serviceTask, timerBoundary, userTask } from '../helpers/bpmn-fixture.ts'
import { describeOnOperaton } from '../helpers/operaton.ts'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'

const HOUR = 3600_000
const DAY = 24 * HOUR

const review = bpmnFile(
  'rt_route_review',
  `<bpmn:startEvent id="s" />${flow('f1', 's', 'wait')}${userTask('wait', '<zeebe:assignmentDefinition candidateGroups="rt-caseworkers" />')}
   ${timerBoundary('late', 'wait', 'P2D')}${flow('f2', 'late', 'escalate')}${serviceTask('escalate', 'rt-note')}${flow('f3', 'escalate', 'eLate')}<bpmn:endEvent id="eLate" />
   ${flow('f4', 'wait', 'eDone')}<bpmn:endEvent id="eDone" />`,
)

const awaitReply = bpmnFile(
  'rt_route_reply',
  `<bpmn:startEvent id="s" />${flow('f0', 's', 'ask')}${serviceTask('ask', 'rt-note')}${flow('f1', 'ask', 'reply')}
   <bpmn:intermediateCatchEvent id="reply"><bpmn:messageEventDefinition messageRef="m_reply" /></bpmn:intermediateCatchEvent>
   ${flow('f2', 'reply', 'e')}<bpmn:endEvent id="e" />`,
  message('m_reply', 'rt-reply', '=caseId'),
)

const caseworker: Actor = { user: { login: 'rt-anna', groups: ['rt-caseworkers'] } as Actor['user'], ip: null }

describeOnOperaton('routing engine: a centre moved to Operaton', (urls) => {
  let db: TestDatabase
  let clock: FakeClock
  let lastTime = new Date('2026-03-01T08:00:00Z').getTime()
  let calls: Job[]
  let embedded: EmbeddedEngine | null
  let operaton: OperatonTestEngine | null
  let routing: RoutingEngine
  const run = randomUUID().slice(0, 8)
  let counter = 0
  const unique = (prefix: string) => `${prefix}-${run}-${++counter}`

  const handlers = (): JobHandler[] => [{ taskType: 'rt-note', handle: async (job) => (calls.push(job), complete({ noted: true })) }]

  before(async function () {
    this.timeout(120_000)
    db = await createTestDatabase()
  })
  after(async () => db?.close())

  beforeEach(async function () {
    this.timeout(120_000)
    await db.reset()
    // each test starts where the last one ended: the engine nodes' test clock is shared, and moving it back makes
    // them hold external tasks a later test waits for
    clock = new FakeClock(new Date(lastTime + DAY))
    calls = []
    operaton = null
    // before the move: the embedded engine alone
    embedded = new EmbeddedEngine({ prisma: db.prisma, clock, schedulerIntervalMs: 0 })
    for (const h of handlers()) embedded.registerHandler(h)
    await embedded.start()
    await embedded.deploy([review, awaitReply])
  })

  afterEach(async () => {
    lastTime = clock.now().getTime()
    await embedded?.stop()
    if (operaton) await routing.stop()
  })

  /** The move: the embedded engine stops; the app starts again with ENGINE=operaton and routes. */
  const move = async () => {
    await embedded!.stop()
    embedded = null
    operaton = await createOperatonTestEngine({ prisma: db.prisma, clock, handlers: handlers(), urls })
    routing = new RoutingEngine({ prisma: db.prisma, operaton })
    await routing.start()
    await routing.deploy([review, awaitReply])
  }
  const settle = async () => {
    await routing.embedded.idle()
    await operaton!.idle()
  }
  const dueWork = async () => {
    await routing.embedded.runDueWork()
    await operaton!.runDueWork()
  }
  const instance = (id: string) => db.prisma.processInstance.findUniqueOrThrow({ where: { id } })
  const openTask = (instanceId: string) => db.prisma.task.findFirstOrThrow({ where: { instanceId, status: 'open' } })

  it('should start new cases on Operaton and finish older ones on the embedded engine when the centre moved to Operaton', async function () {
    this.timeout(120_000)
    const toComplete = (await embedded!.startInstance({ processId: 'rt_route_review', businessKey: unique('case') })).instanceId
    const toTimeOut = (await embedded!.startInstance({ processId: 'rt_route_review', businessKey: unique('case') })).instanceId
    await embedded!.idle()
    clock.advance(DAY)

    await move()
    const newKey = unique('case')
    const fresh = (await routing.startInstance({ processId: 'rt_route_review', businessKey: newKey })).instanceId
    await settle()

    expect((await instance(fresh)).engine).to.equal('operaton')
    expect((await instance(toComplete)).engine).to.equal('embedded')
    const inbox = await db.prisma.task.findMany({ where: inboxFilter('group', caseworker) })
    expect(inbox.map((t) => [t.instanceId, t.engine]), 'the inbox lists the tasks of both engines').to.have.deep.members([
      [toComplete, 'embedded'],
      [toTimeOut, 'embedded'],
      [fresh, 'operaton'],
    ])
    expect(await routing.findInstanceByBusinessKey('rt_route_review', newKey)).to.deep.equal({ instanceId: fresh })

    // the older case's task is completed on the embedded engine, where it waits
    await routing.completeUserTask((await openTask(toComplete)).engineKey, { approved: true })
    await settle()
    expect(await instance(toComplete)).to.include({ status: 'completed', engine: 'embedded' })

    // the older case's timer is due (two days after its start), the new case's is not (a day later)
    clock.advance(DAY + 1000)
    await dueWork()
    expect(await instance(toTimeOut)).to.include({ status: 'completed', engine: 'embedded' })
    expect(calls.map((c) => c.processInstanceId), 'the escalation ran once, for the older case').to.deep.equal([toTimeOut])
    const freshTimers = await db.prisma.timer.findMany({ where: { instanceId: fresh } })
    expect(freshTimers.map((t) => t.status), "the embedded scheduler leaves Operaton's timer alone").to.deep.equal(['pending'])
    expect((await instance(fresh)).status).to.equal('waiting')

    // the new case goes on on Operaton: its task is assigned and completed there
    const freshTask = await openTask(fresh)
    expect(freshTask.engine).to.equal('operaton')
    await routing.assignUserTask(freshTask.engineKey, 'rt-anna')
    await routing.completeUserTask(freshTask.engineKey, {})
    await settle()
    expect(await instance(fresh)).to.include({ status: 'completed', engine: 'operaton' })
  })

  it('should correlate a message with the waiting cases of both engines and buffer an unawaited one once', async function () {
    this.timeout(120_000)
    const key = unique('case')
    const older = (await embedded!.startInstance({ processId: 'rt_route_reply', businessKey: key })).instanceId
    await embedded!.idle()

    await move()
    const fresh = (await routing.startInstance({ processId: 'rt_route_reply', businessKey: unique('case'), variables: { caseId: key } })).instanceId
    await settle()

    expect(await routing.publishMessage({ name: 'rt-reply', correlationKey: key, variables: { answer: 'yes' } })).to.deep.equal({ correlated: 2 })
    await settle()
    expect(await instance(older)).to.include({ status: 'completed', engine: 'embedded' })
    expect(await instance(fresh)).to.include({ status: 'completed', engine: 'operaton' })

    // nobody waits: kept once for its time to live, and taken by the next case that waits for it
    const later = unique('case')
    expect(await routing.publishMessage({ name: 'rt-reply', correlationKey: later, timeToLiveMs: HOUR })).to.deep.equal({ correlated: 0 })
    expect(await db.prisma.bufferedMessage.count({ where: { correlationKey: later } })).to.equal(1)
    const taker = (await routing.startInstance({ processId: 'rt_route_reply', businessKey: later })).instanceId
    await settle()
    expect(await instance(taker)).to.include({ status: 'completed', engine: 'operaton' })
    expect(await db.prisma.bufferedMessage.count({ where: { correlationKey: later } })).to.equal(0)
  })

  it('should cancel each case on the engine that runs it', async function () {
    this.timeout(120_000)
    const older = (await embedded!.startInstance({ processId: 'rt_route_review', businessKey: unique('case') })).instanceId
    await embedded!.idle()
    await move()
    const fresh = (await routing.startInstance({ processId: 'rt_route_review', businessKey: unique('case') })).instanceId
    await settle()

    await routing.cancelInstance(older)
    await routing.cancelInstance(fresh)
    await settle()

    expect(await instance(older)).to.include({ status: 'canceled', engine: 'embedded' })
    expect(await instance(fresh)).to.include({ status: 'canceled', engine: 'operaton' })
    expect(await db.prisma.task.count({ where: { status: 'open' } })).to.equal(0)
  })
})
