// A claim never takes over a task someone else holds in Operaton. Our Task row can read "free" after a mirror round
// that read the engine before another app's claim reached it (the cluster test saw two winners of one raced claim
// that way): the claim then asks the engine with the assignee it expected, and the engine's holder stays.
import { expect } from 'chai'
import { randomUUID } from 'node:crypto'
import { FakeClock } from '../../engine/clock.ts'
import { createOperatonTestEngine, type OperatonTestEngine } from '../../engine/operaton/operaton-test-engine.ts'
import { EngineError } from '../../engine/port.ts'
import { bpmnFile, flow, userTask } from '../helpers/bpmn-fixture.ts'
import { describeOnOperaton, operatonNode } from '../helpers/operaton.ts'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'

const review = bpmnFile(
  'ch_claim_held_review',
  `<bpmn:startEvent id="s" />${flow('f1', 's', 'review')}${userTask('review', '<zeebe:assignmentDefinition candidateGroups="ch-caseworkers" />')}
   ${flow('f2', 'review', 'e')}<bpmn:endEvent id="e" />`,
)

describeOnOperaton('Operaton: a claim of a task someone else holds in the engine', (urls) => {
  let db: TestDatabase
  let engine: OperatonTestEngine

  before(async function () {
    this.timeout(120_000)
    db = await createTestDatabase()
  })
  after(async () => db?.close())
  beforeEach(async function () {
    this.timeout(120_000)
    await db.reset()
    engine = await createOperatonTestEngine({ prisma: db.prisma, clock: new FakeClock(new Date('2026-05-04T08:00:00Z')), handlers: [], urls })
    await engine.start()
    await engine.deploy([review])
  })
  afterEach(async () => engine?.stop())

  const openTask = async () => {
    const { instanceId } = await engine.startInstance({ processId: 'ch_claim_held_review', businessKey: `case-${randomUUID()}` })
    await engine.idle()
    return db.prisma.task.findFirstOrThrow({ where: { instanceId, status: 'open' } })
  }
  const engineAssignee = async (key: string) => (await operatonNode(urls[0]!).rest(`/task/${encodeURIComponent(key)}`)).body.assignee

  it('should refuse with CONFLICT and leave the holder when a claim expects a free task that another person claimed in the engine', async function () {
    this.timeout(120_000)
    const task = await openTask()
    await engine.assignUserTask(task.engineKey, 'ch-anna')
    // our row reads free again, as after a mirror round older than Anna's claim
    await db.prisma.task.update({ where: { id: task.id }, data: { assignee: null } })

    const refused = await engine.assignUserTask(task.engineKey, 'ch-piotr', { expectedAssignee: null }).then(() => null, (err: unknown) => err)
    expect(refused).to.be.instanceOf(EngineError)
    expect((refused as EngineError).code).to.equal('CONFLICT')
    expect(await engineAssignee(task.engineKey)).to.equal('ch-anna')
  })

  it('should hand the task over when a manager reassigns it without an expected assignee', async function () {
    this.timeout(120_000)
    const task = await openTask()
    await engine.assignUserTask(task.engineKey, 'ch-anna')
    await engine.assignUserTask(task.engineKey, 'ch-piotr')
    expect(await engineAssignee(task.engineKey)).to.equal('ch-piotr')
  })
})
