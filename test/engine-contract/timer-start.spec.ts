// Engine contract: timer start events (engine/timer-starts.ts). The schedule is rows armed by the deployment: it
// survives a restart of the engine, starts one instance per due time however often the scheduler looks, and a newer
// version's timers replace the older version's.
import { expect } from 'chai'
import { DeploymentError } from '../../engine/port.ts'
import { bpmnFile, flow, userTask } from '../helpers/bpmn-fixture.ts'
import { advance, contractTitle, DAY, openTaskElements, useContractEngine } from '../helpers/engine-contract.ts'
import { createTestEngine, stopTestEngine } from '../helpers/engine-under-test.ts'

const timerStarted = (processId: string, timer: string) =>
  bpmnFile(
    processId,
    `<bpmn:startEvent id="clock"><bpmn:timerEventDefinition>${timer}</bpmn:timerEventDefinition></bpmn:startEvent>
     ${flow('f1', 'clock', 'review')}${userTask('review')}${flow('f2', 'review', 'e')}<bpmn:endEvent id="e" />`,
  )
const cycle = (text: string) => `<bpmn:timeCycle xsi:type="bpmn:tFormalExpression">${text}</bpmn:timeCycle>`
const date = (text: string) => `<bpmn:timeDate xsi:type="bpmn:tFormalExpression">${text}</bpmn:timeDate>`

describe(contractTitle('timer start events'), function () {
  const ctx = useContractEngine({ start: '2026-03-02T08:00:00Z' })
  const runs = (processId: string) => ctx.db.prisma.processInstance.findMany({ where: { processId }, orderBy: { startedAt: 'asc' } })
  const keys = async (processId: string) => (await runs(processId)).map((r) => r.businessKey)

  it('should start one instance per due time when the scheduler looks several times', async () => {
    await ctx.engine.deploy([timerStarted('ts_daily', cycle('R3/2026-03-03T07:00:00Z/P1D'))])
    ctx.clock.set('2026-03-03T07:00:00Z')
    for (let i = 0; i < 3; i++) await advance(ctx, 0)
    expect(await keys('ts_daily')).to.deep.equal(['ts_daily@2026-03-03T07:00:00.000Z'])
    const [first] = await runs('ts_daily')
    expect(await openTaskElements(ctx, first!.id)).to.deep.equal(['review'])
    // three repetitions, then no more
    for (let day = 0; day < 4; day++) await advance(ctx, DAY)
    expect(await keys('ts_daily')).to.deep.equal(['ts_daily@2026-03-03T07:00:00.000Z', 'ts_daily@2026-03-04T07:00:00.000Z', 'ts_daily@2026-03-05T07:00:00.000Z'])
  })

  it('should start at a date once when the timer is a date', async () => {
    await ctx.engine.deploy([timerStarted('ts_once', date('2026-03-10T09:00:00Z'))])
    await advance(ctx, 7 * DAY)
    expect(await keys('ts_once')).to.deep.equal([])
    await advance(ctx, 2 * DAY)
    await advance(ctx, 30 * DAY)
    expect(await keys('ts_once')).to.deep.equal(['ts_once@2026-03-10T09:00:00.000Z'])
  })

  it('should keep the schedule when the engine restarts', async () => {
    await ctx.engine.deploy([timerStarted('ts_restart', cycle('R/2026-04-01T06:00:00Z/P1M'))])
    await stopTestEngine(ctx.engine)
    ctx.engine = await createTestEngine({ prisma: ctx.db.prisma, clock: ctx.clock })
    ctx.clock.set('2026-04-01T06:00:10Z')
    await advance(ctx, 0)
    expect(await keys('ts_restart')).to.deep.equal(['ts_restart@2026-04-01T06:00:00.000Z'])
  })

  it('should replace the older version\'s timers when a newer version is deployed', async () => {
    await ctx.engine.deploy([timerStarted('ts_versions', cycle('R/2026-04-01T06:00:00Z/P1M'))])
    ctx.clock.set('2026-04-01T06:00:10Z')
    await advance(ctx, 0)
    // version 2 runs mid-month instead
    await ctx.engine.deploy([timerStarted('ts_versions', cycle('R/2026-05-15T06:00:00Z/P1M'))])
    ctx.clock.set('2026-05-01T06:00:10Z')
    await advance(ctx, 0)
    expect(await keys('ts_versions'), 'the first of the month no longer').to.deep.equal(['ts_versions@2026-04-01T06:00:00.000Z'])
    ctx.clock.set('2026-05-15T06:00:10Z')
    await advance(ctx, 0)
    const all = await runs('ts_versions')
    expect(all.map((r) => r.businessKey)).to.deep.equal(['ts_versions@2026-04-01T06:00:00.000Z', 'ts_versions@2026-05-15T06:00:00.000Z'])
    const versions = await ctx.db.prisma.processDefinition.findMany({ where: { id: { in: all.map((r) => r.definitionId) } }, select: { id: true, version: true } })
    expect(all.map((r) => versions.find((v) => v.id === r.definitionId)!.version)).to.deep.equal([1, 2])
  })

  it('should start at the date a FEEL constant gives when the timer is one', async () => {
    await ctx.engine.deploy([
      timerStarted('ts_feel_date', date('=date and time(&quot;2026-03-10T09:00:00Z&quot;)')),
      timerStarted('ts_feel_cycle', cycle('=&quot;R2/2026-03-04T07:00:00Z/&quot; + &quot;P1D&quot;')),
    ])
    await advance(ctx, 10 * DAY)
    expect(await keys('ts_feel_date')).to.deep.equal(['ts_feel_date@2026-03-10T09:00:00.000Z'])
    expect(await keys('ts_feel_cycle')).to.deep.equal(['ts_feel_cycle@2026-03-04T07:00:00.000Z', 'ts_feel_cycle@2026-03-05T07:00:00.000Z'])
  })

  it('should refuse a timer start event when its value is FEEL that needs variables or functions, or not an ISO 8601 cycle', async () => {
    for (const [processId, timer] of [
      ['ts_feel', cycle('=monthly')],
      ['ts_feel_loop', date('=string(count(for i in 1..10000000 return i))')],
      ['ts_cron', cycle('0 0 8 1 * ?')],
    ] as const) {
      const refused = await ctx.engine.deploy([timerStarted(processId, timer)]).catch((err: unknown) => err)
      expect(refused, processId).to.be.instanceOf(DeploymentError)
      expect((refused as DeploymentError).problems.map((p) => p.elementId)).to.include('clock')
    }
  })
})
