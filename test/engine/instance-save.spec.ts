// The embedded engine's save writes only what an event changed (instance-row-update.ts, open-waits.ts): the trail is
// appended, the variables written only when they differ, and a live run diffs against the waits its last save left.
// What it stores must be what a save of everything would store.
import { expect } from 'chai'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'
import { bpmnFile, flow, serviceTask, timerBoundary, userTask } from '../helpers/bpmn-fixture.ts'
import { EmbeddedEngine } from '../../engine/embedded/embedded-engine.ts'
import { FakeClock } from '../../engine/clock.ts'
import { complete } from '../../engine/job.ts'

describe('instance save', function () {
  let db: TestDatabase
  let clock: FakeClock

  const sequence = bpmnFile(
    'seq',
    `<bpmn:startEvent id="s" />${flow('f1', 's', 'calc')}${serviceTask('calc', 'noop')}${flow('f2', 'calc', 'a')}${userTask('a')}${flow('f3', 'a', 'b')}${userTask('b')}${flow('f4', 'b', 'e')}<bpmn:endEvent id="e" />`,
  )
  const guarded = bpmnFile(
    'guarded',
    `<bpmn:startEvent id="s" />${flow('f1', 's', 'a')}${userTask('a')}${timerBoundary('late', 'a', 'PT1H')}${flow('f2', 'late', 'e1')}<bpmn:endEvent id="e1" />${flow('f3', 'a', 'e2')}<bpmn:endEvent id="e2" />`,
  )

  function newEngine(liveInstances?: number): EmbeddedEngine {
    const engine = new EmbeddedEngine({ prisma: db.prisma, clock, schedulerIntervalMs: 0, liveInstances })
    engine.registerHandler({ taskType: 'noop', handle: async () => complete({ calculated: 1 }) })
    return engine
  }

  const openTask = async (elementId: string, instanceId: string) =>
    (await db.prisma.task.findFirstOrThrow({ where: { elementId, instanceId, status: 'open' } })).engineKey

  /** Runs `seq` start to end on an engine that keeps `liveInstances` live; returns the stored row. */
  async function runSequence(liveInstances: number) {
    const engine = newEngine(liveInstances)
    await engine.deploy([sequence])
    const { instanceId } = await engine.startInstance({ processId: 'seq', variables: { kept: 'start' } })
    await engine.idle()
    clock.advance(60_000)
    await engine.completeUserTask(await openTask('a', instanceId), {})
    clock.advance(60_000)
    await engine.completeUserTask(await openTask('b', instanceId), { decided: true })
    await engine.stop()
    return db.prisma.processInstance.findUniqueOrThrow({ where: { id: instanceId } })
  }

  before(async () => {
    db = await createTestDatabase()
  })
  after(async () => db?.close())
  beforeEach(async () => {
    await db.reset()
    clock = new FakeClock('2026-03-02T08:00:00Z')
  })

  it('should store the same trail, variables, revision and end time when the instance ran live as when it was recovered for every event', async () => {
    const recovered = await runSequence(0)
    await db.reset()
    clock = new FakeClock('2026-03-02T08:00:00Z')
    const live = await runSequence(50)

    for (const row of [recovered, live]) {
      expect(row.status).to.equal('completed')
      expect(row.state).to.equal(null)
      expect(row.endedAt?.toISOString()).to.equal('2026-03-02T08:02:00.000Z')
    }
    expect(live.trail).to.deep.equal(recovered.trail)
    expect(live.variables).to.deep.equal(recovered.variables)
    expect(live.variables).to.include({ kept: 'start', calculated: 1, decided: true })
    expect(live.revision).to.equal(recovered.revision)
    const ends = (live.trail as { elementId: string; event: string }[]).filter((t) => t.event === 'end').map((t) => t.elementId)
    expect(ends).to.deep.equal(['s', 'calc', 'a', 'b', 'e'])
  })

  it('should keep the stored variables when a live event changes none and store them when one does', async () => {
    const engine = newEngine()
    await engine.deploy([sequence])
    const { instanceId } = await engine.startInstance({ processId: 'seq', variables: { kept: 'start' } })
    await engine.idle()

    await engine.completeUserTask(await openTask('a', instanceId), {})
    const afterA = await db.prisma.processInstance.findUniqueOrThrow({ where: { id: instanceId } })
    expect(afterA.variables).to.deep.equal({ kept: 'start', calculated: 1 })
    expect((afterA.trail as { elementId: string }[]).map((t) => t.elementId)).to.include.members(['a', 'b'])

    await engine.completeUserTask(await openTask('b', instanceId), { kept: 'changed' })
    const afterB = await db.prisma.processInstance.findUniqueOrThrow({ where: { id: instanceId } })
    expect(afterB.variables).to.deep.equal({ kept: 'changed', calculated: 1 })
    await engine.stop()
  })

  it('should leave a timer as another operation left it when that operation closed it while the instance was live', async () => {
    // given: a live instance waiting at task a with its boundary timer, which an operation elsewhere closes (as the
    // scheduler does when a firing finds nothing to fire) once it is due
    const engine = newEngine()
    await engine.deploy([guarded])
    const { instanceId } = await engine.startInstance({ processId: 'guarded' })
    expect(engine.liveInstanceCount()).to.equal(1)
    clock.advance(2 * 3600_000)
    await db.prisma.timer.updateMany({ where: { instanceId }, data: { status: 'canceled' } })

    // when: the task is completed through the live run, which still knew the timer as open
    await engine.completeUserTask(await openTask('a', instanceId), {})

    // then: the timer stays canceled (not marked fired although it was due), the instance ended on the task's path
    const timer = await db.prisma.timer.findFirstOrThrow({ where: { instanceId } })
    expect(timer.status).to.equal('canceled')
    const row = await db.prisma.processInstance.findUniqueOrThrow({ where: { id: instanceId } })
    expect(row.status).to.equal('completed')
    expect((row.trail as { elementId: string }[]).map((t) => t.elementId)).to.include('e2').and.not.include('e1')
    await engine.stop()
  })
})
