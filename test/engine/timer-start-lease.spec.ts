// A timer start claimed by a round that never finishes (its process killed between the claim and the start) is
// not lost: the first round after the lease takes it over and starts the instance once (engine/timer-starts.ts).
import { expect } from 'chai'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'
import { bpmnFile, flow, userTask } from '../helpers/bpmn-fixture.ts'
import { EmbeddedEngine } from '../../engine/embedded/embedded-engine.ts'
import { FakeClock } from '../../engine/clock.ts'
import { fireDueTimerStarts, TIMER_START_LEASE_MS, type TimerStartDeps } from '../../engine/timer-starts.ts'

const timerStarted = bpmnFile(
  'lease_daily',
  `<bpmn:startEvent id="clock"><bpmn:timerEventDefinition><bpmn:timeCycle xsi:type="bpmn:tFormalExpression">R/2026-03-03T07:00:00Z/P1D</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>
   ${flow('f1', 'clock', 'review')}${userTask('review')}${flow('f2', 'review', 'e')}<bpmn:endEvent id="e" />`,
)

describe('timer start events: a claim whose round stopped', function () {
  let db: TestDatabase
  let engine: EmbeddedEngine
  const clock = new FakeClock('2026-03-02T08:00:00Z')

  before(async () => {
    db = await createTestDatabase()
  })
  after(async () => db?.close())
  beforeEach(async () => {
    await db.reset()
    clock.set('2026-03-02T08:00:00Z')
    engine = new EmbeddedEngine({ prisma: db.prisma, clock, schedulerIntervalMs: 0 })
    await engine.deploy([timerStarted])
    await engine.start()
  })
  afterEach(async () => engine.stop())

  const deps = (start: TimerStartDeps['start']): TimerStartDeps => ({
    prisma: db.prisma,
    now: clock.now(),
    timerStartsOf: (definitionId) => engine.timerStartsOf(definitionId),
    start,
    exists: async (processId, businessKey) => (await db.prisma.processInstance.count({ where: { processId, businessKey } })) > 0,
  })
  const keys = async () => (await db.prisma.processInstance.findMany({ where: { processId: 'lease_daily' } })).map((r) => r.businessKey)

  it('should start the instance once after the lease when the round that claimed it never started it', async () => {
    clock.set('2026-03-03T07:00:05Z')
    // the first round claims the due time, then its process "dies": the start never happens
    void fireDueTimerStarts(deps(() => new Promise(() => {})))
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(await keys()).to.deep.equal([])
    // within the lease nobody else takes it
    expect(await fireDueTimerStarts(deps((r) => engine.startInstance(r)))).to.equal(0)
    clock.set(new Date(clock.now().getTime() + TIMER_START_LEASE_MS + 1000).toISOString())
    expect(await fireDueTimerStarts(deps((r) => engine.startInstance(r)))).to.equal(1)
    expect(await keys()).to.deep.equal(['lease_daily@2026-03-03T07:00:00.000Z'])
    const rows = await db.prisma.timer.findMany({ where: { elementId: 'clock' }, orderBy: { executionId: 'asc' } })
    expect(rows.map((r) => [r.status, r.dueAt.toISOString()])).to.deep.equal([
      ['fired', '2026-03-03T07:00:00.000Z'],
      ['pending', '2026-03-04T07:00:00.000Z'],
    ])
  })

  it('should not start a second instance when the round stopped after the start but before marking it fired', async () => {
    clock.set('2026-03-03T07:00:05Z')
    // the start happened (an instance with the occurrence's business key), the mark did not
    await engine.startInstance({ processId: 'lease_daily', businessKey: 'lease_daily@2026-03-03T07:00:00.000Z', variables: {} })
    const row = await db.prisma.timer.findFirstOrThrow({ where: { elementId: 'clock', status: 'pending' } })
    await db.prisma.timer.update({ where: { id: row.id }, data: { dueAt: new Date(clock.now().getTime() - 1000) } })
    expect(await fireDueTimerStarts(deps((r) => engine.startInstance(r)))).to.equal(1)
    expect(await keys()).to.deep.equal(['lease_daily@2026-03-03T07:00:00.000Z'])
  })
})
