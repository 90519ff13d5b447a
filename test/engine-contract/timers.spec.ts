// Engine contract: timers on the engine's clock (a FakeClock moved by the test, then runDueWork). An interrupting
// boundary timer cancels its user task and takes its own path, once; intermediate timers wait for a duration or a
// date read from a variable. The Timer table shows what is armed and what fired.
import { expect } from 'chai'
import { complete } from '../../engine/job.ts'
import { bpmnFile, flow, serviceTask, timerBoundary, userTask } from '../helpers/bpmn-fixture.ts'
import { advance, callsOf, contractTitle, DAY, HOUR, instanceRow, openTasks, useContractEngine } from '../helpers/engine-contract.ts'

const boundary = bpmnFile(
  'ct_timer_boundary',
  `<bpmn:startEvent id="s" />${flow('f1', 's', 'wait')}${userTask('wait', '<zeebe:assignmentDefinition candidateGroups="caseworkers" />')}
   ${timerBoundary('late', 'wait', 'P2D')}${flow('f2', 'late', 'escalate')}${serviceTask('escalate', 'ct-timer-note')}${flow('f3', 'escalate', 'eLate')}<bpmn:endEvent id="eLate" />
   ${flow('f4', 'wait', 'eDone')}<bpmn:endEvent id="eDone" />`,
)

const intermediate = (processId: string, definition: string) =>
  bpmnFile(
    processId,
    `<bpmn:startEvent id="s" />${flow('f1', 's', 'pause')}
     <bpmn:intermediateCatchEvent id="pause"><bpmn:timerEventDefinition>${definition}</bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
     ${flow('f2', 'pause', 'after')}${serviceTask('after', 'ct-timer-note')}${flow('f3', 'after', 'e')}<bpmn:endEvent id="e" />`,
  )
const afterDuration = intermediate('ct_timer_duration', '<bpmn:timeDuration xsi:type="bpmn:tFormalExpression">PT1H</bpmn:timeDuration>')
const untilDate = intermediate('ct_timer_date', '<bpmn:timeDate xsi:type="bpmn:tFormalExpression">=wakeAt</bpmn:timeDate>')

describe(contractTitle('timers'), function () {
  const ctx = useContractEngine({ start: '2026-03-02T08:00:00Z', handlers: { 'ct-timer-note': async () => complete({ noted: true }) } })

  beforeEach(async () => {
    await ctx.engine.deploy([boundary, afterDuration, untilDate])
  })

  const start = async (processId: string, variables: Record<string, unknown> = {}) => {
    const { instanceId } = await ctx.engine.startInstance({ processId, businessKey: ctx.unique('case'), variables })
    await ctx.engine.idle()
    return instanceId
  }
  const timersOf = (instanceId: string) => ctx.db.prisma.timer.findMany({ where: { instanceId } })

  it('should cancel the user task and take the timer path once when an interrupting boundary timer comes due', async () => {
    const instanceId = await start('ct_timer_boundary')
    const [armed] = await timersOf(instanceId)
    expect(armed).to.include({ elementId: 'late', status: 'pending' })
    expect(armed.dueAt.toISOString()).to.equal('2026-03-04T08:00:00.000Z')

    await advance(ctx, DAY)
    expect((await openTasks(ctx, instanceId)).map((t) => t.elementId), 'not due yet').to.deep.equal(['wait'])
    expect(callsOf(ctx, instanceId)).to.have.length(0)

    await advance(ctx, DAY + 1000)
    const task = await ctx.db.prisma.task.findFirstOrThrow({ where: { instanceId, elementId: 'wait' } })
    expect(task.status).to.equal('canceled')
    expect(callsOf(ctx, instanceId, 'escalate')).to.have.length(1)
    expect((await instanceRow(ctx, instanceId)).status).to.equal('completed')
    expect((await timersOf(instanceId)).map((t) => t.status)).to.deep.equal(['fired'])

    await advance(ctx, DAY)
    expect(callsOf(ctx, instanceId, 'escalate'), 'fired once').to.have.length(1)
  })

  it('should cancel the boundary timer when the user task is completed before it is due', async () => {
    const instanceId = await start('ct_timer_boundary')
    const [task] = await openTasks(ctx, instanceId)

    await ctx.engine.completeUserTask(task.engineKey, {})
    await ctx.engine.idle()
    await advance(ctx, 3 * DAY)

    expect((await instanceRow(ctx, instanceId)).status).to.equal('completed')
    expect((await timersOf(instanceId)).map((t) => t.status)).to.deep.equal(['canceled'])
    expect(callsOf(ctx, instanceId)).to.have.length(0)
  })

  it('should wait the duration of an intermediate timer and go on when it has passed', async () => {
    const instanceId = await start('ct_timer_duration')
    const [armed] = await timersOf(instanceId)
    expect(armed).to.include({ elementId: 'pause', status: 'pending' })
    expect(armed.dueAt.toISOString()).to.equal('2026-03-02T09:00:00.000Z')

    await advance(ctx, HOUR - 60_000)
    expect(callsOf(ctx, instanceId)).to.have.length(0)
    expect((await instanceRow(ctx, instanceId)).status).to.equal('waiting')

    await advance(ctx, 2 * 60_000)
    expect(callsOf(ctx, instanceId, 'after')).to.have.length(1)
    expect((await instanceRow(ctx, instanceId)).status).to.equal('completed')
    expect((await timersOf(instanceId)).map((t) => t.status)).to.deep.equal(['fired'])
  })

  it('should wait for the date an intermediate timer reads from a variable', async () => {
    const instanceId = await start('ct_timer_date', { wakeAt: '2026-03-10T12:00:00Z' })
    const [armed] = await timersOf(instanceId)
    expect(armed.dueAt.toISOString()).to.equal('2026-03-10T12:00:00.000Z')

    ctx.clock.set('2026-03-10T11:59:00Z')
    await advance(ctx, 0)
    expect(callsOf(ctx, instanceId)).to.have.length(0)

    ctx.clock.set('2026-03-10T12:00:01Z')
    await advance(ctx, 0)
    expect(callsOf(ctx, instanceId, 'after')).to.have.length(1)
    expect((await instanceRow(ctx, instanceId)).status).to.equal('completed')
  })
})
