// The embedded engine's timer event sub-processes: the timer is armed when the scope starts and stored, so a
// restarted engine fires it at the stored due time (engine/embedded/instance-run.ts eventSubProcessScopes).
import { expect } from 'chai'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'
import { bpmnFile, flow, userTask } from '../helpers/bpmn-fixture.ts'
import { EmbeddedEngine } from '../../engine/embedded/embedded-engine.ts'
import { FakeClock } from '../../engine/clock.ts'

const HOUR = 3600_000

const file = bpmnFile(
  'esp_restart',
  `<bpmn:startEvent id="s" />${flow('f1', 's', 'first')}${userTask('first')}${flow('f2', 'first', 'e')}<bpmn:endEvent id="e" />
   <bpmn:subProcess id="events" triggeredByEvent="true"><bpmn:startEvent id="evStart" isInterrupting="true"><bpmn:timerEventDefinition><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">=wait</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:startEvent>
     ${flow('ef1', 'evStart', 'handle')}${userTask('handle')}${flow('ef2', 'handle', 'evEnd')}<bpmn:endEvent id="evEnd" /></bpmn:subProcess>`,
)

describe('embedded engine: timer event sub-processes across a restart', function () {
  let db: TestDatabase
  let clock: FakeClock
  const newEngine = () => new EmbeddedEngine({ prisma: db.prisma, clock, schedulerIntervalMs: 0 })
  const openElements = async (instanceId: string) =>
    (await db.prisma.task.findMany({ where: { instanceId, status: 'open' } })).map((t) => t.elementId).sort()

  before(async function () {
    db = await createTestDatabase()
  })
  after(async () => db?.close())
  beforeEach(async () => {
    await db.reset()
    clock = new FakeClock('2026-03-02T08:00:00Z')
  })

  it('should store the timer due from the scope start and fire it from a restarted engine when it is due', async () => {
    const engine = newEngine()
    await engine.deploy([file])
    const { instanceId } = await engine.startInstance({ processId: 'esp_restart', variables: { wait: 'PT2H' } })
    const [timer] = await db.prisma.timer.findMany({ where: { instanceId, status: 'pending' } })
    expect(timer?.elementId).to.equal('evStart')
    expect(timer?.dueAt.toISOString()).to.equal('2026-03-02T10:00:00.000Z')
    // the first engine is dropped without stopping, as a killed process would be
    const restarted = newEngine()
    await restarted.start()
    clock.advance(HOUR)
    await restarted.runDueWork()
    expect(await openElements(instanceId), 'not yet due').to.deep.equal(['first'])
    clock.advance(HOUR + 1000)
    await restarted.runDueWork()
    expect(await openElements(instanceId), 'the task is cancelled').to.deep.equal(['handle'])
    expect((await db.prisma.timer.findUniqueOrThrow({ where: { id: timer!.id } })).status).to.equal('fired')
    await restarted.stop()
  })
})
