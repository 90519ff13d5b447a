// The embedded engine's multi-instance sub-processes across a restart: each inner instance's scope (its item and what
// its job set) is saved with the instance's state, so an engine started afresh opens nothing twice, gives each task
// its own inner instance's variables and collects the outputs as if it had never stopped
// (engine/embedded/loop-scopes.ts).
import { expect } from 'chai'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'
import { bpmnFile, flow, serviceTask, userTask } from '../helpers/bpmn-fixture.ts'
import { EmbeddedEngine } from '../../engine/embedded/embedded-engine.ts'
import { FakeClock } from '../../engine/clock.ts'
import { complete } from '../../engine/job.ts'

const file = bpmnFile(
  'mis_restart',
  `<bpmn:startEvent id="s" />${flow('f1', 's', 'each')}
   <bpmn:subProcess id="each"><bpmn:multiInstanceLoopCharacteristics isSequential="false"><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=household" inputElement="member" outputCollection="notes" outputElement="={member: member, score: score, note: note}" /></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics>
     <bpmn:startEvent id="is" />${flow('i1', 'is', 'score')}${serviceTask('score', 'mis-score')}${flow('i2', 'score', 'review')}${userTask('review')}${flow('i3', 'review', 'ie')}<bpmn:endEvent id="ie" />
   </bpmn:subProcess>${flow('f2', 'each', 'e')}<bpmn:endEvent id="e" />`,
)

describe('embedded engine: multi-instance sub-processes across a restart', function () {
  let db: TestDatabase
  let clock: FakeClock
  const newEngine = () => {
    const engine = new EmbeddedEngine({ prisma: db.prisma, clock, schedulerIntervalMs: 0 })
    engine.registerHandler({ taskType: 'mis-score', handle: async (job) => complete({ score: String(job.variables.member).length }) })
    return engine
  }
  const openTasks = async (instanceId: string) => db.prisma.task.findMany({ where: { instanceId, status: 'open' }, orderBy: { createdAt: 'asc' } })

  before(async function () {
    db = await createTestDatabase()
  })
  after(async () => db?.close())
  beforeEach(async () => {
    await db.reset()
    clock = new FakeClock('2026-03-02T08:00:00Z')
  })

  it('should keep each inner instance\'s variables and collect the outputs when the engine restarts while inner instances wait', async () => {
    const engine = newEngine()
    await engine.deploy([file])
    const { instanceId } = await engine.startInstance({ processId: 'mis_restart', variables: { household: ['anna', 'jan', 'ola'] } })
    await engine.runDueWork()
    await engine.runDueWork()
    const before = await openTasks(instanceId)
    expect(before.map((t) => (t.variables as Record<string, unknown>).member).sort()).to.deep.equal(['anna', 'jan', 'ola'])
    const anna = before.find((t) => (t.variables as Record<string, unknown>).member === 'anna')!
    await engine.completeUserTask(anna.engineKey, { note: 'first' })
    // the first engine is dropped without stopping, as a killed process would be
    const restarted = newEngine()
    await restarted.start()
    const waiting = await openTasks(instanceId)
    expect(waiting.map((t) => [(t.variables as Record<string, unknown>).member, (t.variables as Record<string, unknown>).score]).sort()).to.deep.equal([['jan', 3], ['ola', 3]])
    for (const task of waiting) await restarted.completeUserTask(task.engineKey, { note: `after ${String((task.variables as Record<string, unknown>).member)}` })
    const row = await db.prisma.processInstance.findUniqueOrThrow({ where: { id: instanceId } })
    expect(row.status).to.equal('completed')
    const vars = row.variables as Record<string, unknown>
    expect(vars.notes).to.deep.equal([
      { member: 'anna', score: 4, note: 'first' },
      { member: 'jan', score: 3, note: 'after jan' },
      { member: 'ola', score: 3, note: 'after ola' },
    ])
    expect(vars, 'nothing of an inner instance reaches the process').not.to.have.any.keys('member', 'score', 'note', 'wf:loop-scopes')
    await restarted.stop()
  })
})
