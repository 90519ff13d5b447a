// The embedded engine's timer cycles on non-interrupting boundary events: each occurrence is a stored timer row, due
// one interval after the previous due time (a late round does not shift the schedule), and a restarted engine goes
// on with the stored row (engine/embedded/clocked-timer.ts).
import { expect } from 'chai'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'
import { bpmnFile, flow, serviceTask, userTask } from '../helpers/bpmn-fixture.ts'
import { EmbeddedEngine } from '../../engine/embedded/embedded-engine.ts'
import { FakeClock } from '../../engine/clock.ts'
import { complete } from '../../engine/job.ts'

const HOUR = 3600_000

const file = bpmnFile(
  'cycle_restart',
  `<bpmn:startEvent id="s" />${flow('f1', 's', 'decide')}${userTask('decide')}${flow('f2', 'decide', 'e')}<bpmn:endEvent id="e" />
   <bpmn:boundaryEvent id="hourly" attachedToRef="decide" cancelActivity="false"><bpmn:timerEventDefinition><bpmn:timeCycle xsi:type="bpmn:tFormalExpression">R3/PT1H</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:boundaryEvent>
   ${flow('f3', 'hourly', 'remind')}${serviceTask('remind', 'cycle-remind')}${flow('f4', 'remind', 'eRemind')}<bpmn:endEvent id="eRemind" />`,
)

describe('embedded engine: timer cycles on boundary events across a restart', function () {
  let db: TestDatabase
  let clock: FakeClock
  let reminded: number
  const newEngine = () => {
    const engine = new EmbeddedEngine({ prisma: db.prisma, clock, schedulerIntervalMs: 0 })
    engine.registerHandler({ taskType: 'cycle-remind', handle: async () => (reminded++, complete()) })
    return engine
  }
  const timers = async (instanceId: string) =>
    (await db.prisma.timer.findMany({ where: { instanceId, elementId: 'hourly' }, orderBy: { dueAt: 'asc' } })).map((t) => `${t.dueAt.toISOString()} ${t.status}`)

  before(async function () {
    db = await createTestDatabase()
  })
  after(async () => db?.close())
  beforeEach(async () => {
    await db.reset()
    clock = new FakeClock('2026-03-02T08:00:00Z')
    reminded = 0
  })

  it('should arm each occurrence one interval after the previous due time and go on from the stored row when the engine restarts', async () => {
    const engine = newEngine()
    await engine.deploy([file])
    const { instanceId } = await engine.startInstance({ processId: 'cycle_restart' })
    expect(await timers(instanceId)).to.deep.equal(['2026-03-02T09:00:00.000Z pending'])
    // the first occurrence fires 20 minutes late: the next is still due on the hour
    clock.advance(HOUR + 20 * 60_000)
    await engine.runDueWork()
    await engine.idle()
    expect(await timers(instanceId)).to.deep.equal(['2026-03-02T09:00:00.000Z fired', '2026-03-02T10:00:00.000Z pending'])
    // the first engine is dropped without stopping, as a killed process would be
    const restarted = newEngine()
    await restarted.start()
    clock.advance(HOUR)
    await restarted.runDueWork()
    await restarted.idle()
    expect(await timers(instanceId)).to.deep.equal(['2026-03-02T09:00:00.000Z fired', '2026-03-02T10:00:00.000Z fired', '2026-03-02T11:00:00.000Z pending'])
    clock.advance(HOUR)
    await restarted.runDueWork()
    await restarted.idle()
    clock.advance(5 * HOUR)
    await restarted.runDueWork()
    await restarted.idle()
    expect(await timers(instanceId), 'three occurrences, none after').to.deep.equal([
      '2026-03-02T09:00:00.000Z fired',
      '2026-03-02T10:00:00.000Z fired',
      '2026-03-02T11:00:00.000Z fired',
    ])
    expect(reminded, 'a reminder per occurrence').to.equal(3)
    await restarted.stop()
  })
})
