// Engine contract: timer cycles on non-interrupting boundary events (a reminder every hour while the task waits, at
// most as many times as the cycle says, none once the task ended), driven by the engine's clock. A cycle anywhere
// else but there and on timer start events is refused at deployment naming the element, as Camunda 8 does.
import { expect } from 'chai'
import { complete } from '../../engine/job.ts'
import { DeploymentError } from '../../engine/port.ts'
import { bpmnFile, flow, serviceTask, userTask } from '../helpers/bpmn-fixture.ts'
import { advance, callsOf, contractTitle, HOUR, instanceRow, openTasks, useContractEngine } from '../helpers/engine-contract.ts'

const cycle = (value: string) => `<bpmn:timerEventDefinition><bpmn:timeCycle xsi:type="bpmn:tFormalExpression">${value}</bpmn:timeCycle></bpmn:timerEventDefinition>`

// a reminder job every hour while the decision waits, three times at most
const reminders = bpmnFile(
  'cycle_reminders',
  `<bpmn:startEvent id="s" />${flow('f1', 's', 'decide')}${userTask('decide')}${flow('f2', 'decide', 'e')}<bpmn:endEvent id="e" />
   <bpmn:boundaryEvent id="hourly" attachedToRef="decide" cancelActivity="false">${cycle('R3/PT1H')}</bpmn:boundaryEvent>
   ${flow('f3', 'hourly', 'remind')}${serviceTask('remind', 'cycle-remind')}${flow('f4', 'remind', 'eRemind')}<bpmn:endEvent id="eRemind" />`,
)

const refusedOn = (processId: string, body: string) =>
  bpmnFile(processId, `<bpmn:startEvent id="s" />${flow('f1', 's', 'decide')}${userTask('decide')}${flow('f2', 'decide', 'e')}<bpmn:endEvent id="e" />${body}`)

const onInterruptingBoundary = refusedOn(
  'cycle_interrupting',
  `<bpmn:boundaryEvent id="tick" attachedToRef="decide" cancelActivity="true">${cycle('R3/PT1H')}</bpmn:boundaryEvent>${flow('f3', 'tick', 'eTick')}<bpmn:endEvent id="eTick" />`,
)

const onCatchEvent = bpmnFile(
  'cycle_catch',
  `<bpmn:startEvent id="s" />${flow('f1', 's', 'tick')}<bpmn:intermediateCatchEvent id="tick">${cycle('R2/PT1H')}</bpmn:intermediateCatchEvent>${flow('f2', 'tick', 'e')}<bpmn:endEvent id="e" />`,
)

const onInterruptingEventSubProcess = refusedOn(
  'cycle_interrupting_esp',
  `<bpmn:subProcess id="events" triggeredByEvent="true"><bpmn:startEvent id="tick" isInterrupting="true">${cycle('R3/PT1H')}</bpmn:startEvent>${flow('ef1', 'tick', 'evEnd')}<bpmn:endEvent id="evEnd" /></bpmn:subProcess>`,
)

describe(contractTitle('timer cycles'), function () {
  const ctx = useContractEngine({ start: '2026-03-02T08:00:00Z', handlers: { 'cycle-remind': async () => complete() } })

  const start = async (processId: string) => {
    const { instanceId } = await ctx.engine.startInstance({ processId, businessKey: ctx.unique('cycle') })
    await ctx.engine.idle()
    return instanceId
  }
  /** Moves the clock on an hour at a time, `hours` times, and says how many reminders the instance has had. */
  const hoursLater = async (instanceId: string, hours: number) => {
    for (let i = 0; i < hours; i++) await advance(ctx, HOUR)
    return callsOf(ctx, instanceId, 'remind').length
  }

  it('should remind every hour while the task waits and stop after three reminders when the boundary timer cycle is R3/PT1H', async () => {
    await ctx.engine.deploy([reminders])
    const instanceId = await start('cycle_reminders')
    await advance(ctx, HOUR - 60_000)
    expect(callsOf(ctx, instanceId, 'remind'), 'not before the first hour').to.have.length(0)
    expect(await hoursLater(instanceId, 1), 'after one hour').to.equal(1)
    expect(await hoursLater(instanceId, 1), 'after two hours').to.equal(2)
    expect(await hoursLater(instanceId, 1), 'after three hours').to.equal(3)
    expect(await hoursLater(instanceId, 3), 'never a fourth').to.equal(3)
    expect((await openTasks(ctx, instanceId)).map((t) => t.elementId), 'the task still waits').to.deep.equal(['decide'])
    const [decide] = await openTasks(ctx, instanceId)
    await ctx.engine.completeUserTask(decide!.engineKey, {})
    await ctx.engine.idle()
    expect((await instanceRow(ctx, instanceId)).status).to.equal('completed')
  })

  it('should send no more reminders when the task ends before the cycle has run out', async () => {
    await ctx.engine.deploy([reminders])
    const instanceId = await start('cycle_reminders')
    expect(await hoursLater(instanceId, 1)).to.equal(1)
    const [decide] = await openTasks(ctx, instanceId)
    await ctx.engine.completeUserTask(decide!.engineKey, {})
    await ctx.engine.idle()
    expect((await instanceRow(ctx, instanceId)).status).to.equal('completed')
    expect(await hoursLater(instanceId, 3), 'none after the task ended').to.equal(1)
    expect(await ctx.db.prisma.timer.count({ where: { instanceId, status: 'pending' } }), 'no timer left armed').to.equal(0)
  })

  for (const [what, file, elementId] of [
    ['an interrupting boundary event', onInterruptingBoundary, 'tick'],
    ['an intermediate catch event', onCatchEvent, 'tick'],
    ['the start of an interrupting event sub-process', onInterruptingEventSubProcess, 'tick'],
  ] as const) {
    it(`should refuse a timer cycle on ${what} at deployment, naming the element and saying why`, async () => {
      const refused = await ctx.engine.deploy([file]).catch((err: unknown) => err)
      expect(refused, 'refused at deployment').to.be.instanceOf(DeploymentError)
      const problem = (refused as DeploymentError).problems.find((p) => p.elementId === elementId)
      expect(problem, JSON.stringify((refused as DeploymentError).problems)).to.exist
      expect(problem!.message).to.match(/cycle/i).and.to.match(/non-interrupting boundary/)
    })
  }
})
