// Engine contract: event sub-processes (interrupting and not; message, timer, error, signal, escalation starts). Operaton runs them
// natively (the translation keeps them); the embedded engine runs those whose trigger it supports
// (EMBEDDED_TRIGGERS) and refuses the others at deployment naming the sub-process, and each test holds it to that
// (README › BPMN coverage).
import { expect } from 'chai'
import { bpmnError } from '../../engine/job.ts'
import { DeploymentError } from '../../engine/port.ts'
import { bpmnFile, flow, message, serviceTask, userTask } from '../helpers/bpmn-fixture.ts'
import { advance, contractTitle, DAY, instanceRow, openTasks, useContractEngine } from '../helpers/engine-contract.ts'
import { engineKind } from '../helpers/engine-under-test.ts'

const withEvents = (processId: string, main: string, start: string, rootElements = '') =>
  bpmnFile(
    processId,
    `<bpmn:startEvent id="s" />${flow('f1', 's', 'first')}${main}
     <bpmn:subProcess id="events" triggeredByEvent="true">${start}${flow('ef1', 'evStart', 'handle')}${userTask('handle')}${flow('ef2', 'handle', 'evEnd')}<bpmn:endEvent id="evEnd" /></bpmn:subProcess>`,
    rootElements,
  )

const onMessage = withEvents(
  'esp_message',
  `${userTask('first')}${flow('f2', 'first', 'e')}<bpmn:endEvent id="e" />`,
  '<bpmn:startEvent id="evStart" isInterrupting="true"><bpmn:messageEventDefinition messageRef="Msg_withdrawn" /></bpmn:startEvent>',
  message('Msg_withdrawn', 'esp-withdrawn', '=caseId'),
)

const onError = withEvents(
  'esp_error',
  `${serviceTask('first', 'esp-refuse')}${flow('f2', 'first', 'e')}<bpmn:endEvent id="e" />`,
  '<bpmn:startEvent id="evStart"><bpmn:errorEventDefinition errorRef="Err_esp" /></bpmn:startEvent>',
  '<bpmn:error id="Err_esp" name="Refused" errorCode="ESP_REFUSED" />',
)

const onMessageBeside = withEvents(
  'esp_message_beside',
  `${userTask('first')}${flow('f2', 'first', 'e')}<bpmn:endEvent id="e" />`,
  '<bpmn:startEvent id="evStart" isInterrupting="false"><bpmn:messageEventDefinition messageRef="Msg_note" /></bpmn:startEvent>',
  message('Msg_note', 'esp-note', '=caseId'),
)

const onTimer = withEvents(
  'esp_timer',
  `${userTask('first')}${flow('f2', 'first', 'e')}<bpmn:endEvent id="e" />`,
  '<bpmn:startEvent id="evStart" isInterrupting="true"><bpmn:timerEventDefinition><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">P2D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:startEvent>',
)

// a message event sub-process of an embedded sub-process: only while the sub-process runs
const inSubProcess = bpmnFile(
  'esp_nested',
  `<bpmn:startEvent id="s" />${flow('f1', 's', 'sub')}
   <bpmn:subProcess id="sub"><bpmn:startEvent id="subStart" />${flow('sf1', 'subStart', 'first')}${userTask('first')}${flow('sf2', 'first', 'subEnd')}<bpmn:endEvent id="subEnd" />
     <bpmn:subProcess id="events" triggeredByEvent="true"><bpmn:startEvent id="evStart" isInterrupting="true"><bpmn:messageEventDefinition messageRef="Msg_nested" /></bpmn:startEvent>${flow('ef1', 'evStart', 'handle')}${userTask('handle')}${flow('ef2', 'handle', 'evEnd')}<bpmn:endEvent id="evEnd" /></bpmn:subProcess>
   </bpmn:subProcess>${flow('f2', 'sub', 'after')}${userTask('after')}${flow('f3', 'after', 'e')}<bpmn:endEvent id="e" />`,
  message('Msg_nested', 'esp-nested', '=caseId'),
)

// an error end event inside an embedded sub-process, caught by the process's error event sub-process
const onErrorEnd = withEvents(
  'esp_error_end',
  `<bpmn:subProcess id="first"><bpmn:startEvent id="subStart" />${flow('sf1', 'subStart', 'subFail')}<bpmn:endEvent id="subFail"><bpmn:errorEventDefinition errorRef="Err_esp_end" /></bpmn:endEvent></bpmn:subProcess>
   ${flow('f2', 'first', 'after')}${userTask('after')}${flow('f3', 'after', 'e')}<bpmn:endEvent id="e" />`,
  '<bpmn:startEvent id="evStart"><bpmn:errorEventDefinition errorRef="Err_esp_end" /></bpmn:startEvent>',
  '<bpmn:error id="Err_esp_end" name="Ineligible" errorCode="ESP_INELIGIBLE" />',
)

// a signal event sub-process (its signal named per test: an Operaton engine keeps the waiting instances of earlier runs)
const onSignal = (processId: string, signalName: string, interrupting: boolean) =>
  withEvents(
    processId,
    `${userTask('first')}${flow('f2', 'first', 'e')}<bpmn:endEvent id="e" />`,
    `<bpmn:startEvent id="evStart" isInterrupting="${interrupting}"><bpmn:signalEventDefinition signalRef="Sig_esp" /></bpmn:startEvent>`,
    `<bpmn:signal id="Sig_esp" name="${signalName}" />`,
  )

// another procedure broadcasts the signal, with one variable mapped
const signalThrower = (signalName: string) =>
  bpmnFile(
    'esp_signal_thrower',
    `<bpmn:startEvent id="s" />${flow('t1', 's', 'announce')}<bpmn:intermediateThrowEvent id="announce"><bpmn:extensionElements><zeebe:ioMapping><zeebe:input source="=reason" target="closedFor" /></zeebe:ioMapping></bpmn:extensionElements><bpmn:signalEventDefinition signalRef="Sig_esp_t" /></bpmn:intermediateThrowEvent>${flow('t2', 'announce', 'e')}<bpmn:endEvent id="e" />`,
    `<bpmn:signal id="Sig_esp_t" name="${signalName}" />`,
  )

const escalation = '<bpmn:escalation id="Esc_esp" name="Late" escalationCode="ESP_LATE" />'

// an escalation thrown on the process's path, caught beside it by a non-interrupting escalation event sub-process
const onEscalationBeside = withEvents(
  'esp_escalation_beside',
  `<bpmn:intermediateThrowEvent id="first"><bpmn:escalationEventDefinition escalationRef="Esc_esp" /></bpmn:intermediateThrowEvent>${flow('f2', 'first', 'work')}${userTask('work')}${flow('f3', 'work', 'e')}<bpmn:endEvent id="e" />`,
  '<bpmn:startEvent id="evStart" isInterrupting="false"><bpmn:escalationEventDefinition escalationRef="Esc_esp" /></bpmn:startEvent>',
  escalation,
)

// an escalation end event inside an embedded sub-process, caught by the process's interrupting escalation event sub-process
const onEscalationEnd = withEvents(
  'esp_escalation_end',
  `<bpmn:subProcess id="first"><bpmn:startEvent id="subStart" />${flow('sf1', 'subStart', 'subLate')}<bpmn:endEvent id="subLate"><bpmn:escalationEventDefinition escalationRef="Esc_esp" /></bpmn:endEvent></bpmn:subProcess>
   ${flow('f2', 'first', 'after')}${userTask('after')}${flow('f3', 'after', 'e')}<bpmn:endEvent id="e" />`,
  '<bpmn:startEvent id="evStart" isInterrupting="true"><bpmn:escalationEventDefinition escalationRef="Esc_esp" /></bpmn:startEvent>',
  escalation,
)

describe(contractTitle('event sub-processes'), function () {
  const ctx = useContractEngine({ start: '2026-03-02T08:00:00Z', handlers: { 'esp-refuse': async () => bpmnError('ESP_REFUSED', 'refused') } })
  /** The triggers of event sub-processes the embedded engine runs; Operaton runs them all. */
  const EMBEDDED_TRIGGERS = ['error', 'message', 'timer', 'signal', 'escalation']

  /** Deploys the file: true when the engine runs event sub-processes with this trigger; otherwise checks the refusal. */
  async function deployed(file: { name: string; content: string }, trigger: string): Promise<boolean> {
    const runs = engineKind() === 'operaton' || EMBEDDED_TRIGGERS.includes(trigger)
    const result = await ctx.engine.deploy([file]).catch((err: unknown) => err)
    if (runs) {
      if (result instanceof Error) throw result
      return true
    }
    expect(result, 'refused at deployment').to.be.instanceOf(DeploymentError)
    expect((result as DeploymentError).problems.map((p) => p.elementId)).to.include('events')
    return false
  }
  const start = async (processId: string) => {
    const businessKey = ctx.unique('esp')
    const { instanceId } = await ctx.engine.startInstance({ processId, businessKey })
    await ctx.engine.idle()
    return { instanceId, businessKey }
  }
  const open = async (instanceId: string) => (await openTasks(ctx, instanceId)).map((t) => t.elementId).sort()

  it('should cancel the task and run the event sub-process when the message of an interrupting event sub-process arrives', async () => {
    if (!(await deployed(onMessage, 'message'))) return
    const { instanceId, businessKey } = await start('esp_message')
    expect(await open(instanceId)).to.deep.equal(['first'])
    expect(await ctx.engine.publishMessage({ name: 'esp-withdrawn', correlationKey: businessKey })).to.deep.equal({ correlated: 1 })
    await ctx.engine.idle()
    expect(await open(instanceId), 'the task is cancelled').to.deep.equal(['handle'])
    const [handle] = await openTasks(ctx, instanceId)
    await ctx.engine.completeUserTask(handle!.engineKey, {})
    await ctx.engine.idle()
    expect((await instanceRow(ctx, instanceId)).status).to.equal('completed')
  })

  it('should run the error event sub-process when a job throws its error and no boundary event catches it', async () => {
    if (!(await deployed(onError, 'error'))) return
    const { instanceId } = await start('esp_error')
    expect(await open(instanceId)).to.deep.equal(['handle'])
    expect((await instanceRow(ctx, instanceId)).status).not.to.equal('incident')
    const [handle] = await openTasks(ctx, instanceId)
    await ctx.engine.completeUserTask(handle!.engineKey, {})
    await ctx.engine.idle()
    expect((await instanceRow(ctx, instanceId)).status, 'the interrupted task does not hold the instance').to.equal('completed')
  })

  it('should run the error event sub-process instead of the path after the sub-process when an error end event inside it throws', async () => {
    if (!(await deployed(onErrorEnd, 'error'))) return
    const { instanceId } = await start('esp_error_end')
    expect(await open(instanceId), 'the path after the sub-process is not taken').to.deep.equal(['handle'])
    const [handle] = await openTasks(ctx, instanceId)
    await ctx.engine.completeUserTask(handle!.engineKey, {})
    await ctx.engine.idle()
    expect((await instanceRow(ctx, instanceId)).status).to.equal('completed')
  })

  it('should run a non-interrupting message event sub-process beside the task, again after it ended, only for its correlation key', async () => {
    if (!(await deployed(onMessageBeside, 'message'))) return
    const { instanceId, businessKey } = await start('esp_message_beside')
    expect(await ctx.engine.publishMessage({ name: 'esp-note', correlationKey: `${businessKey}-other` })).to.deep.equal({ correlated: 0 })
    for (const round of [1, 2]) {
      expect(await ctx.engine.publishMessage({ name: 'esp-note', correlationKey: businessKey }), `message ${round}`).to.deep.equal({ correlated: 1 })
      await ctx.engine.idle()
      expect(await open(instanceId), `the task stays open (${round})`).to.deep.equal(['first', 'handle'])
      const handle = (await openTasks(ctx, instanceId)).find((t) => t.elementId === 'handle')
      await ctx.engine.completeUserTask(handle!.engineKey, {})
      await ctx.engine.idle()
      expect(await open(instanceId)).to.deep.equal(['first'])
    }
    const [first] = await openTasks(ctx, instanceId)
    await ctx.engine.completeUserTask(first!.engineKey, {})
    await ctx.engine.idle()
    expect((await instanceRow(ctx, instanceId)).status).to.equal('completed')
    expect(await ctx.engine.publishMessage({ name: 'esp-note', correlationKey: businessKey }), 'no subscription after the scope ended').to.deep.equal({ correlated: 0 })
  })

  it('should cancel the task and run the event sub-process when the timer of an interrupting event sub-process is due, not before', async () => {
    if (!(await deployed(onTimer, 'timer'))) return
    const { instanceId } = await start('esp_timer')
    await advance(ctx, DAY)
    expect(await open(instanceId), 'before the due time').to.deep.equal(['first'])
    await advance(ctx, DAY + 60_000)
    expect(await open(instanceId), 'the task is cancelled').to.deep.equal(['handle'])
    const [handle] = await openTasks(ctx, instanceId)
    await ctx.engine.completeUserTask(handle!.engineKey, {})
    await ctx.engine.idle()
    expect((await instanceRow(ctx, instanceId)).status).to.equal('completed')
  })

  /** Deploys the signal fixtures under a signal name of this test, starts two instances, broadcasts the signal. */
  async function signalled(interrupting: boolean): Promise<string[] | null> {
    const signalName = ctx.unique('esp-office-closed')
    const processId = interrupting ? 'esp_signal' : 'esp_signal_beside'
    if (!(await deployed(onSignal(processId, signalName, interrupting), 'signal'))) return null
    await ctx.engine.deploy([signalThrower(signalName)])
    const waiting = [(await start(processId)).instanceId, (await start(processId)).instanceId]
    for (const instanceId of waiting) expect(await open(instanceId), 'before the signal').to.deep.equal(['first'])
    const { instanceId: thrower } = await ctx.engine.startInstance({ processId: 'esp_signal_thrower', businessKey: ctx.unique('esp'), variables: { reason: 'flood' } })
    await ctx.engine.idle()
    await advance(ctx, 1000)
    expect((await instanceRow(ctx, thrower)).status, 'the thrower goes on').to.equal('completed')
    return waiting
  }

  it('should cancel the task and run the event sub-process in every waiting instance when the signal of an interrupting signal event sub-process is broadcast', async () => {
    const waiting = await signalled(true)
    if (!waiting) return
    for (const instanceId of waiting) {
      expect(await open(instanceId), 'the task is cancelled').to.deep.equal(['handle'])
      expect((await instanceRow(ctx, instanceId)).variables, 'the signal\'s variables').to.include({ closedFor: 'flood' })
      const [handle] = await openTasks(ctx, instanceId)
      await ctx.engine.completeUserTask(handle!.engineKey, {})
      await ctx.engine.idle()
      expect((await instanceRow(ctx, instanceId)).status).to.equal('completed')
    }
  })

  it('should run a non-interrupting signal event sub-process beside the task when its signal is broadcast', async () => {
    const waiting = await signalled(false)
    if (!waiting) return
    for (const instanceId of waiting) {
      expect(await open(instanceId), 'the task stays open').to.deep.equal(['first', 'handle'])
      for (const elementId of ['handle', 'first']) {
        const task = (await openTasks(ctx, instanceId)).find((t) => t.elementId === elementId)
        await ctx.engine.completeUserTask(task!.engineKey, {})
        await ctx.engine.idle()
      }
      expect((await instanceRow(ctx, instanceId)).status).to.equal('completed')
    }
  })

  it('should run a non-interrupting escalation event sub-process beside the path when an escalation is thrown in its scope', async () => {
    if (!(await deployed(onEscalationBeside, 'escalation'))) return
    const { instanceId } = await start('esp_escalation_beside')
    expect(await open(instanceId), 'the path goes on beside the event sub-process').to.deep.equal(['handle', 'work'])
    for (const elementId of ['handle', 'work']) {
      const task = (await openTasks(ctx, instanceId)).find((t) => t.elementId === elementId)
      await ctx.engine.completeUserTask(task!.engineKey, {})
      await ctx.engine.idle()
    }
    expect((await instanceRow(ctx, instanceId)).status).to.equal('completed')
  })

  it('should run the interrupting escalation event sub-process instead of the path after the sub-process when an escalation end event inside it throws', async () => {
    if (!(await deployed(onEscalationEnd, 'escalation'))) return
    const { instanceId } = await start('esp_escalation_end')
    expect(await open(instanceId), 'the path after the sub-process is not taken').to.deep.equal(['handle'])
    const [handle] = await openTasks(ctx, instanceId)
    await ctx.engine.completeUserTask(handle!.engineKey, {})
    await ctx.engine.idle()
    expect((await instanceRow(ctx, instanceId)).status).to.equal('completed')
  })

  it('should interrupt only the embedded sub-process and carry on after it when the message of its event sub-process arrives', async () => {
    if (!(await deployed(inSubProcess, 'message'))) return
    const { instanceId, businessKey } = await start('esp_nested')
    expect(await ctx.engine.publishMessage({ name: 'esp-nested', correlationKey: businessKey })).to.deep.equal({ correlated: 1 })
    await ctx.engine.idle()
    expect(await open(instanceId), 'the task in the sub-process is cancelled').to.deep.equal(['handle'])
    const [handle] = await openTasks(ctx, instanceId)
    await ctx.engine.completeUserTask(handle!.engineKey, {})
    await ctx.engine.idle()
    expect(await open(instanceId), 'the path after the sub-process').to.deep.equal(['after'])
    expect(await ctx.engine.publishMessage({ name: 'esp-nested', correlationKey: businessKey }), 'no subscription once the sub-process ended').to.deep.equal({ correlated: 0 })
  })
})
