// Instances kept live between events (engine/embedded/live-instances.ts): the cache is bounded, and a live run
// never wins over the stored state — any change made elsewhere since its last save makes the event apply to the
// stored state instead.
import { expect } from 'chai'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'
import { bpmnFile, flow, serviceTask, userTask } from '../helpers/bpmn-fixture.ts'
import { EmbeddedEngine } from '../../engine/embedded/embedded-engine.ts'
import { LiveInstances } from '../../engine/embedded/live-instances.ts'
import type { InstanceRun } from '../../engine/embedded/instance-run.ts'
import { FakeClock } from '../../engine/clock.ts'
import { complete } from '../../engine/job.ts'

describe('live instances', function () {
  describe('the bounded cache', () => {
    const entry = (stopped: string[], id: string) => ({
      run: { cancel: () => stopped.push(id) } as unknown as InstanceRun,
      definitionId: 'd',
      processId: 'p',
      businessKey: null,
      revision: 1,
      waits: [],
      variablesJson: '{}',
    })

    it('should drop and stop the least recently used run when the capacity is reached', () => {
      const stopped: string[] = []
      const live = new LiveInstances(2)
      live.put('a', entry(stopped, 'a'))
      live.put('b', entry(stopped, 'b'))
      live.put('a', live.take('a')!) // a used again: b is now the oldest
      live.put('c', entry(stopped, 'c'))
      expect(live.size).to.equal(2)
      expect(stopped).to.deep.equal(['b'])
      expect(live.take('b')).to.equal(undefined)
      expect(live.take('a')?.revision).to.equal(1)
    })

    it('should keep nothing when the capacity is 0', () => {
      const stopped: string[] = []
      const live = new LiveInstances(0)
      live.put('a', entry(stopped, 'a'))
      expect(live.size).to.equal(0)
      expect(stopped).to.deep.equal(['a'])
    })

    it('should hand a run out once when it is taken, so that a failed event leaves none behind', () => {
      const live = new LiveInstances(5)
      live.put('a', entry([], 'a'))
      expect(live.take('a')).to.not.equal(undefined)
      expect(live.take('a')).to.equal(undefined)
    })
  })

  describe('in the engine', () => {
    let db: TestDatabase
    let clock: FakeClock

    const process = bpmnFile(
      'seq',
      `<bpmn:startEvent id="s" />${flow('f1', 's', 'calc')}${serviceTask('calc', 'noop')}${flow('f2', 'calc', 'a')}${userTask('a')}${flow('f3', 'a', 'b')}${userTask('b')}${flow('f4', 'b', 'e')}<bpmn:endEvent id="e" />`,
    )

    function newEngine(liveInstances?: number): EmbeddedEngine {
      const engine = new EmbeddedEngine({ prisma: db.prisma, clock, schedulerIntervalMs: 0, liveInstances })
      engine.registerHandler({ taskType: 'noop', handle: async () => complete() })
      return engine
    }

    const openTask = async (elementId: string, instanceId: string) =>
      (await db.prisma.task.findFirstOrThrow({ where: { elementId, instanceId, status: 'open' } })).engineKey

    before(async () => {
      db = await createTestDatabase()
    })
    after(async () => db?.close())
    beforeEach(async () => {
      await db.reset()
      clock = new FakeClock('2026-03-02T08:00:00Z')
    })

    it('should keep at most the configured number of instances live when more wait', async () => {
      const engine = newEngine(2)
      await engine.deploy([process])
      const ids: string[] = []
      for (let i = 0; i < 3; i++) ids.push((await engine.startInstance({ processId: 'seq' })).instanceId)
      await engine.idle()
      expect(engine.liveInstanceCount()).to.equal(2)
      // the one dropped from memory goes on from its stored state like the others
      for (const id of ids) await engine.completeUserTask(await openTask('a', id), {})
      for (const id of ids) await engine.completeUserTask(await openTask('b', id), {})
      const statuses = await db.prisma.processInstance.findMany({ select: { status: true } })
      expect(statuses.map((s) => s.status)).to.deep.equal(['completed', 'completed', 'completed'])
    })

    it('should apply the event to the stored state when another engine moved the instance after the live run was saved', async () => {
      // given: one engine holds the instance live (waiting at task a); a second engine on the same database
      // completes task a, so the stored instance now waits at task b
      const first = newEngine()
      await first.deploy([process])
      const { instanceId } = await first.startInstance({ processId: 'seq', variables: { by: 'nobody' } })
      await first.idle()
      expect(first.liveInstanceCount()).to.equal(1)
      const second = newEngine()
      await second.completeUserTask(await openTask('a', instanceId), { by: 'second' })

      // when: the first engine, whose live run still waits at a, gets the completion of b
      await first.completeUserTask(await openTask('b', instanceId), {})

      // then: it was applied to the stored state (b after a, once each), not to the stale live run
      const row = await db.prisma.processInstance.findUniqueOrThrow({ where: { id: instanceId } })
      expect(row.status).to.equal('completed')
      expect((row.variables as Record<string, unknown>).by).to.equal('second')
      const ends = (row.trail as { elementId: string; event: string }[]).filter((t) => t.event === 'end').map((t) => t.elementId)
      expect(ends).to.deep.equal(['s', 'calc', 'a', 'b', 'e'])
      const tasks = await db.prisma.task.findMany({ where: { instanceId }, orderBy: { createdAt: 'asc' } })
      expect(tasks.map((t) => `${t.elementId}:${t.status}`)).to.deep.equal(['a:completed', 'b:completed'])
      await first.stop()
      await second.stop()
    })

    it('should recover from the stored state when an instance in incident was live', async () => {
      // given: a live instance, then marked in incident by an operation elsewhere (no new revision)
      const engine = newEngine()
      await engine.deploy([process])
      const { instanceId } = await engine.startInstance({ processId: 'seq' })
      await engine.idle()
      await db.prisma.processInstance.update({ where: { id: instanceId }, data: { status: 'incident', incident: 'set by a test', incidentAt: clock.now() } })

      // when: its task is completed
      await engine.completeUserTask(await openTask('a', instanceId), {})

      // then: the event went through the stored row, which knew the incident and cleared it (nothing else is in incident)
      const row = await db.prisma.processInstance.findUniqueOrThrow({ where: { id: instanceId } })
      expect(row.status).to.equal('waiting')
      expect(row.incidentAt).to.equal(null)
      expect(await openTask('b', instanceId)).to.be.a('string')
    })
  })
})
