// The embedded engine's concurrent copies of non-interrupting event sub-processes across a restart: an instance saved
// with two copies running comes back with both (their tasks, the subscription for a third), and each occurrence of a
// timer cycle on the start is a stored timer that a restarted engine fires at its due time
// (engine/embedded/event-subprocess-copies.ts, instance-run.ts eventSubProcessScopes).
import { expect } from 'chai'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'
import { message } from '../helpers/bpmn-fixture.ts'
import { withEventSubProcess as withEvents } from '../helpers/event-subprocess-fixture.ts'
import { EmbeddedEngine } from '../../engine/embedded/embedded-engine.ts'
import { FakeClock } from '../../engine/clock.ts'

const HOUR = 3600_000

const onDocument = withEvents(
  'espc_restart_message',
  '<bpmn:startEvent id="evStart" isInterrupting="false"><bpmn:messageEventDefinition messageRef="Msg_doc" /></bpmn:startEvent>',
  message('Msg_doc', 'espc-restart-document', '=caseId'),
)

const hourly = withEvents(
  'espc_restart_cycle',
  '<bpmn:startEvent id="evStart" isInterrupting="false"><bpmn:timerEventDefinition><bpmn:timeCycle xsi:type="bpmn:tFormalExpression">R3/PT1H</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>',
)

describe('embedded engine: concurrent copies of event sub-processes across a restart', function () {
  let db: TestDatabase
  let clock: FakeClock
  const newEngine = () => new EmbeddedEngine({ prisma: db.prisma, clock, schedulerIntervalMs: 0 })
  const openElements = async (instanceId: string) =>
    (await db.prisma.task.findMany({ where: { instanceId, status: 'open' } })).map((t) => t.elementId).sort()
  const completeOpen = async (engine: EmbeddedEngine, instanceId: string, elementId: string) => {
    for (const task of await db.prisma.task.findMany({ where: { instanceId, elementId, status: 'open' } })) {
      await engine.completeUserTask(task.engineKey, {})
      await engine.idle()
    }
  }

  before(async function () {
    db = await createTestDatabase()
  })
  after(async () => db?.close())
  beforeEach(async () => {
    await db.reset()
    clock = new FakeClock('2026-03-02T08:00:00Z')
  })

  it('should keep both running copies and start a third when an engine restarted with two copies running gets the message again', async () => {
    const engine = newEngine()
    await engine.deploy([onDocument])
    const { instanceId } = await engine.startInstance({ processId: 'espc_restart_message', businessKey: 'C-1', variables: { caseId: 'C-1' } })
    for (let i = 0; i < 2; i++) {
      expect(await engine.publishMessage({ name: 'espc-restart-document', correlationKey: 'C-1' })).to.deep.equal({ correlated: 1 })
      await engine.idle()
    }
    expect(await openElements(instanceId)).to.deep.equal(['first', 'handle', 'handle'])
    // the first engine is dropped without stopping, as a killed process would be
    const restarted = newEngine()
    await restarted.start()
    expect(await restarted.publishMessage({ name: 'espc-restart-document', correlationKey: 'C-1' }), 'a third copy').to.deep.equal({ correlated: 1 })
    await restarted.idle()
    expect(await openElements(instanceId), 'nothing lost').to.deep.equal(['first', 'handle', 'handle', 'handle'])
    const [oldest] = await db.prisma.task.findMany({ where: { instanceId, elementId: 'handle', status: 'open' }, orderBy: { createdAt: 'asc' } })
    await restarted.completeUserTask(oldest!.engineKey, {})
    await restarted.idle()
    expect(await openElements(instanceId), 'the other copies go on').to.deep.equal(['first', 'handle', 'handle'])
    await completeOpen(restarted, instanceId, 'handle')
    await completeOpen(restarted, instanceId, 'first')
    expect((await db.prisma.processInstance.findUniqueOrThrow({ where: { id: instanceId } })).status).to.equal('completed')
    await restarted.stop()
  })

  it('should store each occurrence of the cycle as a timer due an interval after the previous one and fire the next from a restarted engine', async () => {
    const engine = newEngine()
    await engine.deploy([hourly])
    const { instanceId } = await engine.startInstance({ processId: 'espc_restart_cycle' })
    const pending = async () => (await db.prisma.timer.findMany({ where: { instanceId, status: 'pending' } })).map((t) => t.dueAt.toISOString())
    expect(await pending()).to.deep.equal(['2026-03-02T09:00:00.000Z'])
    clock.advance(HOUR)
    await engine.runDueWork()
    await engine.idle()
    expect(await openElements(instanceId)).to.deep.equal(['first', 'handle'])
    expect(await pending(), 'the second occurrence').to.deep.equal(['2026-03-02T10:00:00.000Z'])
    const restarted = newEngine()
    await restarted.start()
    clock.advance(HOUR - 1000)
    await restarted.runDueWork()
    expect(await openElements(instanceId), 'not yet due').to.deep.equal(['first', 'handle'])
    clock.advance(1000)
    await restarted.runDueWork()
    await restarted.idle()
    expect(await openElements(instanceId), 'two copies run').to.deep.equal(['first', 'handle', 'handle'])
    expect(await pending(), 'the third and last occurrence').to.deep.equal(['2026-03-02T11:00:00.000Z'])
    clock.advance(HOUR)
    await restarted.runDueWork()
    await restarted.idle()
    expect(await openElements(instanceId)).to.deep.equal(['first', 'handle', 'handle', 'handle'])
    expect(await pending(), 'none after the third').to.deep.equal([])
    await restarted.stop()
  })
})
