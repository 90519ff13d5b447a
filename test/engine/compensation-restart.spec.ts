// The embedded engine's compensation across restarts: which activities completed is kept by bpmn-elements'
// compensation boundary events in the saved state (engine/embedded/compensation.ts), so an engine restarted between
// the activity's completion and the throw still compensates it, and one restarted while a handler runs still waits
// for that handler before the throw goes on.
import { expect } from 'chai'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'
import { bpmnFile, flow, serviceTask, userTask } from '../helpers/bpmn-fixture.ts'
import { EmbeddedEngine } from '../../engine/embedded/embedded-engine.ts'
import { FakeClock } from '../../engine/clock.ts'
import { complete } from '../../engine/job.ts'

const handlerOf = (activityId: string, handler: string) =>
  `<bpmn:boundaryEvent id="${activityId}_comp" attachedToRef="${activityId}"><bpmn:compensateEventDefinition /></bpmn:boundaryEvent>
   ${handler.replace(/^<bpmn:(\w+) /, '<bpmn:$1 isForCompensation="true" ')}
   <bpmn:association id="${activityId}_assoc" sourceRef="${activityId}_comp" targetRef="${handler.match(/id="([^"]+)"/)![1]}" />`

const file = bpmnFile(
  'comp_restart',
  `<bpmn:startEvent id="s" />${flow('f1', 's', 'book')}${serviceTask('book', 'book')}${flow('f2', 'book', 'pay')}${serviceTask('pay', 'pay')}
   ${flow('f3', 'pay', 'review')}${userTask('review')}${flow('f4', 'review', 'undo')}
   <bpmn:intermediateThrowEvent id="undo"><bpmn:compensateEventDefinition /></bpmn:intermediateThrowEvent>
   ${flow('f5', 'undo', 'after')}${userTask('after')}${flow('f6', 'after', 'e')}<bpmn:endEvent id="e" />
   ${handlerOf('book', serviceTask('unbook', 'unbook'))}${handlerOf('pay', userTask('refund'))}`,
)

describe('embedded engine: compensation across a restart', function () {
  let db: TestDatabase
  let clock: FakeClock
  const calls: string[] = []
  const newEngine = () => {
    const engine = new EmbeddedEngine({ prisma: db.prisma, clock, schedulerIntervalMs: 0, liveInstances: 0 })
    for (const type of ['book', 'pay', 'unbook']) engine.registerHandler({ taskType: type, handle: async () => (calls.push(type), complete()) })
    return engine
  }
  const openTasks = (instanceId: string) => db.prisma.task.findMany({ where: { instanceId, status: 'open' } })

  before(async function () {
    db = await createTestDatabase()
  })
  after(async () => db?.close())
  beforeEach(async () => {
    await db.reset()
    calls.length = 0
    clock = new FakeClock('2026-03-02T08:00:00Z')
  })

  it('should compensate the activities completed before a restart and wait for a handler across another restart', async () => {
    const first = newEngine()
    await first.deploy([file])
    const { instanceId } = await first.startInstance({ processId: 'comp_restart', variables: {} })
    await first.idle()
    expect(calls).to.deep.equal(['book', 'pay'])
    // the first engine is dropped without stopping, as a killed process would be
    const second = newEngine()
    await second.start()
    const [review] = await openTasks(instanceId)
    await second.completeUserTask(review!.engineKey, {})
    await second.idle()
    await second.runDueWork()
    await second.idle()
    expect(calls, 'the job handler ran once').to.deep.equal(['book', 'pay', 'unbook'])
    expect((await openTasks(instanceId)).map((t) => t.elementId), 'the throw waits for the user-task handler').to.deep.equal(['refund'])
    const third = newEngine()
    await third.start()
    const [refund] = await openTasks(instanceId)
    await third.completeUserTask(refund!.engineKey, {})
    await third.idle()
    expect((await openTasks(instanceId)).map((t) => t.elementId)).to.deep.equal(['after'])
    const trail = (await db.prisma.processInstance.findUniqueOrThrow({ where: { id: instanceId } })).trail as { elementId: string; event: string }[]
    const started = trail.filter((t) => t.event === 'start' && ['unbook', 'refund'].includes(t.elementId)).map((t) => t.elementId)
    expect(started, 'the latest completed activity is compensated first, each once').to.deep.equal(['refund', 'unbook'])
    expect(calls).to.deep.equal(['book', 'pay', 'unbook'])
  })
})
