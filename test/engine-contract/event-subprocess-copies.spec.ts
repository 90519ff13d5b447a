// Engine contract: a non-interrupting event sub-process starts a copy each time its event comes, while earlier copies
// still run (three messages: three tasks), as on Zeebe; a timer cycle on its start (R3/PT1H) starts a copy at each
// occurrence while its scope runs. Operaton runs them natively; the embedded engine through
// engine/embedded/event-subprocess-copies.ts (README › Engines, Event sub-processes).
import { expect } from 'chai'
import { complete } from '../../engine/job.ts'
import { bpmnFile, flow, message, serviceTask, userTask } from '../helpers/bpmn-fixture.ts'
import { withEventSubProcess as withEvents } from '../helpers/event-subprocess-fixture.ts'
import { advance, callsOf, contractTitle, HOUR, instanceRow, openTasks, useContractEngine } from '../helpers/engine-contract.ts'

const onDocument = withEvents(
  'espc_message',
  '<bpmn:startEvent id="evStart" isInterrupting="false"><bpmn:messageEventDefinition messageRef="Msg_doc" /></bpmn:startEvent>',
  message('Msg_doc', 'espc-document-received', '=caseId'),
)

const onSignal = (signalName: string) =>
  withEvents(
    'espc_signal',
    '<bpmn:startEvent id="evStart" isInterrupting="false"><bpmn:signalEventDefinition signalRef="Sig_espc" /></bpmn:startEvent>',
    `<bpmn:signal id="Sig_espc" name="${signalName}" />`,
  )

const signalThrower = (signalName: string) =>
  bpmnFile(
    'espc_signal_thrower',
    `<bpmn:startEvent id="s" />${flow('t1', 's', 'announce')}<bpmn:intermediateThrowEvent id="announce"><bpmn:signalEventDefinition signalRef="Sig_espc_t" /></bpmn:intermediateThrowEvent>${flow('t2', 'announce', 'e')}<bpmn:endEvent id="e" />`,
    `<bpmn:signal id="Sig_espc_t" name="${signalName}" />`,
  )

const hourly = withEvents(
  'espc_cycle',
  '<bpmn:startEvent id="evStart" isInterrupting="false"><bpmn:timerEventDefinition><bpmn:timeCycle xsi:type="bpmn:tFormalExpression">R3/PT1H</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>',
)

// a copy whose work is a job: a job per copy, each seeing the message that started it
const onDocumentJob = bpmnFile(
  'espc_job',
  `<bpmn:startEvent id="s" />${flow('f1', 's', 'first')}${userTask('first')}${flow('f2', 'first', 'e')}<bpmn:endEvent id="e" />
   <bpmn:subProcess id="events" triggeredByEvent="true"><bpmn:startEvent id="evStart" isInterrupting="false"><bpmn:messageEventDefinition messageRef="Msg_doc_j" /></bpmn:startEvent>${flow('ef1', 'evStart', 'check')}${serviceTask('check', 'espc-check')}${flow('ef2', 'check', 'evEnd')}<bpmn:endEvent id="evEnd" /></bpmn:subProcess>`,
  message('Msg_doc_j', 'espc-j-document-received', '=caseId'),
)

// copies of a non-interrupting event sub-process beside an interrupting one that ends them all
const withdrawable = bpmnFile(
  'espc_withdrawn',
  `<bpmn:startEvent id="s" />${flow('f1', 's', 'first')}${userTask('first')}${flow('f2', 'first', 'e')}<bpmn:endEvent id="e" />
   <bpmn:subProcess id="events" triggeredByEvent="true"><bpmn:startEvent id="evStart" isInterrupting="false"><bpmn:messageEventDefinition messageRef="Msg_doc_w" /></bpmn:startEvent>${flow('ef1', 'evStart', 'handle')}${userTask('handle')}${flow('ef2', 'handle', 'evEnd')}<bpmn:endEvent id="evEnd" /></bpmn:subProcess>
   <bpmn:subProcess id="withdrawal" triggeredByEvent="true"><bpmn:startEvent id="wStart" isInterrupting="true"><bpmn:messageEventDefinition messageRef="Msg_withdrawn_w" /></bpmn:startEvent>${flow('wf1', 'wStart', 'close')}${userTask('close')}${flow('wf2', 'close', 'wEnd')}<bpmn:endEvent id="wEnd" /></bpmn:subProcess>`,
  `${message('Msg_doc_w', 'espc-w-document-received', '=caseId')}${message('Msg_withdrawn_w', 'espc-w-withdrawn', '=caseId')}`,
)

// copies of an event sub-process of an embedded sub-process: the sub-process ends when its path and its copies have
const inSubProcess = bpmnFile(
  'espc_nested',
  `<bpmn:startEvent id="s" />${flow('f1', 's', 'sub')}
   <bpmn:subProcess id="sub"><bpmn:startEvent id="subStart" />${flow('sf1', 'subStart', 'first')}${userTask('first')}${flow('sf2', 'first', 'subEnd')}<bpmn:endEvent id="subEnd" />
     <bpmn:subProcess id="events" triggeredByEvent="true"><bpmn:startEvent id="evStart" isInterrupting="false"><bpmn:messageEventDefinition messageRef="Msg_doc_n" /></bpmn:startEvent>${flow('ef1', 'evStart', 'handle')}${userTask('handle')}${flow('ef2', 'handle', 'evEnd')}<bpmn:endEvent id="evEnd" /></bpmn:subProcess>
   </bpmn:subProcess>${flow('f2', 'sub', 'after')}${userTask('after')}${flow('f3', 'after', 'e')}<bpmn:endEvent id="e" />`,
  message('Msg_doc_n', 'espc-n-document-received', '=caseId'),
)

// an escalation thrown twice on the process's path, each caught beside it by the non-interrupting event sub-process
const onEscalation = bpmnFile(
  'espc_escalation',
  `<bpmn:startEvent id="s" />${flow('f1', 's', 'late1')}<bpmn:intermediateThrowEvent id="late1"><bpmn:escalationEventDefinition escalationRef="Esc_espc" /></bpmn:intermediateThrowEvent>${flow('f2', 'late1', 'late2')}<bpmn:intermediateThrowEvent id="late2"><bpmn:escalationEventDefinition escalationRef="Esc_espc" /></bpmn:intermediateThrowEvent>${flow('f3', 'late2', 'first')}${userTask('first')}${flow('f4', 'first', 'e')}<bpmn:endEvent id="e" />
   <bpmn:subProcess id="events" triggeredByEvent="true"><bpmn:startEvent id="evStart" isInterrupting="false"><bpmn:escalationEventDefinition escalationRef="Esc_espc" /></bpmn:startEvent>${flow('ef1', 'evStart', 'handle')}${userTask('handle')}${flow('ef2', 'handle', 'evEnd')}<bpmn:endEvent id="evEnd" /></bpmn:subProcess>`,
  '<bpmn:escalation id="Esc_espc" name="Late" escalationCode="ESPC_LATE" />',
)

describe(contractTitle('concurrent copies of non-interrupting event sub-processes'), function () {
  const ctx = useContractEngine({ start: '2026-03-02T08:00:00Z', handlers: { 'espc-check': async () => complete() } })

  const start = async (processId: string) => {
    const businessKey = ctx.unique('espc')
    const { instanceId } = await ctx.engine.startInstance({ processId, businessKey })
    await ctx.engine.idle()
    return { instanceId, businessKey }
  }
  const open = async (instanceId: string) => (await openTasks(ctx, instanceId)).map((t) => t.elementId).sort()
  /** Completes the open tasks of `instanceId` at `elementId`, one after another. */
  const completeAll = async (instanceId: string, elementId: string) => {
    for (const task of (await openTasks(ctx, instanceId)).filter((t) => t.elementId === elementId)) {
      await ctx.engine.completeUserTask(task.engineKey, {})
      await ctx.engine.idle()
    }
  }

  it('should run three copies at once, each with its own task, when its message arrives three times while the first copies still run', async () => {
    await ctx.engine.deploy([onDocument])
    const { instanceId, businessKey } = await start('espc_message')
    for (const round of [1, 2, 3]) {
      expect(await ctx.engine.publishMessage({ name: 'espc-document-received', correlationKey: businessKey, variables: { documentNo: round } }), `message ${round}`).to.deep.equal({ correlated: 1 })
      await ctx.engine.idle()
    }
    expect(await open(instanceId), 'a task per copy beside the first task').to.deep.equal(['first', 'handle', 'handle', 'handle'])
    expect((await instanceRow(ctx, instanceId)).variables, "a message's variables are the process's, as on Operaton").to.include({ documentNo: 3 })
    // the second copy ends first: the others still run
    const handles = (await openTasks(ctx, instanceId)).filter((t) => t.elementId === 'handle')
    await ctx.engine.completeUserTask(handles[1]!.engineKey, {})
    await ctx.engine.idle()
    expect(await open(instanceId)).to.deep.equal(['first', 'handle', 'handle'])
    expect(await ctx.engine.publishMessage({ name: 'espc-document-received', correlationKey: businessKey }), 'a fourth copy').to.deep.equal({ correlated: 1 })
    await ctx.engine.idle()
    expect(await open(instanceId)).to.deep.equal(['first', 'handle', 'handle', 'handle'])
    await completeAll(instanceId, 'first')
    expect((await instanceRow(ctx, instanceId)).status, 'the copies still run').not.to.equal('completed')
    await completeAll(instanceId, 'handle')
    expect((await instanceRow(ctx, instanceId)).status).to.equal('completed')
  })

  it('should run a copy per broadcast when its signal is broadcast twice while the first copy still runs', async () => {
    const signalName = ctx.unique('espc-office-closed')
    await ctx.engine.deploy([onSignal(signalName), signalThrower(signalName)])
    const { instanceId } = await start('espc_signal')
    for (const round of [1, 2]) {
      await ctx.engine.startInstance({ processId: 'espc_signal_thrower', businessKey: ctx.unique('espc') })
      await ctx.engine.idle()
      await advance(ctx, 1000)
      expect(await open(instanceId), `after broadcast ${round}`).to.deep.equal(['first', ...Array(round).fill('handle')])
    }
    await completeAll(instanceId, 'handle')
    await completeAll(instanceId, 'first')
    expect((await instanceRow(ctx, instanceId)).status).to.equal('completed')
  })

  it('should hand out a job per copy, each with the variables its message brought, when the work of a copy is a job', async () => {
    await ctx.engine.deploy([onDocumentJob])
    const { instanceId, businessKey } = await start('espc_job')
    for (const documentNo of [1, 2, 3]) {
      expect(await ctx.engine.publishMessage({ name: 'espc-j-document-received', correlationKey: businessKey, variables: { documentNo } })).to.deep.equal({ correlated: 1 })
      await ctx.engine.idle()
    }
    await advance(ctx, 1000)
    expect(callsOf(ctx, instanceId, 'check').map((job) => job.variables.documentNo)).to.deep.equal([1, 2, 3])
    expect(await open(instanceId), 'the copies have ended').to.deep.equal(['first'])
    await completeAll(instanceId, 'first')
    expect((await instanceRow(ctx, instanceId)).status).to.equal('completed')
  })

  it('should cancel every running copy when an interrupting event sub-process of the same scope starts', async () => {
    await ctx.engine.deploy([withdrawable])
    const { instanceId, businessKey } = await start('espc_withdrawn')
    for (let i = 0; i < 2; i++) {
      await ctx.engine.publishMessage({ name: 'espc-w-document-received', correlationKey: businessKey })
      await ctx.engine.idle()
    }
    expect(await open(instanceId)).to.deep.equal(['first', 'handle', 'handle'])
    expect(await ctx.engine.publishMessage({ name: 'espc-w-withdrawn', correlationKey: businessKey })).to.deep.equal({ correlated: 1 })
    await ctx.engine.idle()
    expect(await open(instanceId), 'the task and both copies are cancelled').to.deep.equal(['close'])
    expect(await ctx.engine.publishMessage({ name: 'espc-w-document-received', correlationKey: businessKey }), 'no copy after the interrupt').to.deep.equal({ correlated: 0 })
    await completeAll(instanceId, 'close')
    expect((await instanceRow(ctx, instanceId)).status).to.equal('completed')
  })

  it('should run copies in an embedded sub-process and leave it only when its path and every copy have ended', async () => {
    await ctx.engine.deploy([inSubProcess])
    const { instanceId, businessKey } = await start('espc_nested')
    for (let i = 0; i < 2; i++) {
      expect(await ctx.engine.publishMessage({ name: 'espc-n-document-received', correlationKey: businessKey })).to.deep.equal({ correlated: 1 })
      await ctx.engine.idle()
    }
    expect(await open(instanceId)).to.deep.equal(['first', 'handle', 'handle'])
    await completeAll(instanceId, 'first')
    const [one] = (await openTasks(ctx, instanceId)).filter((t) => t.elementId === 'handle')
    await ctx.engine.completeUserTask(one!.engineKey, {})
    await ctx.engine.idle()
    expect(await open(instanceId), 'a copy still runs in the sub-process').to.deep.equal(['handle'])
    await completeAll(instanceId, 'handle')
    expect(await open(instanceId), 'the path after the sub-process').to.deep.equal(['after'])
    expect(await ctx.engine.publishMessage({ name: 'espc-n-document-received', correlationKey: businessKey }), 'no subscription once the sub-process ended').to.deep.equal({ correlated: 0 })
  })

  it('should run a copy per escalation when an escalation is thrown twice in its scope while the first copy still runs', async () => {
    await ctx.engine.deploy([onEscalation])
    const { instanceId } = await start('espc_escalation')
    expect(await open(instanceId)).to.deep.equal(['first', 'handle', 'handle'])
    await completeAll(instanceId, 'handle')
    await completeAll(instanceId, 'first')
    expect((await instanceRow(ctx, instanceId)).status).to.equal('completed')
  })

  it('should start a copy every hour, three at most, while the process runs when the start of a non-interrupting event sub-process has the timer cycle R3/PT1H', async () => {
    await ctx.engine.deploy([hourly])
    const { instanceId } = await start('espc_cycle')
    await advance(ctx, HOUR - 60_000)
    expect(await open(instanceId), 'not before the first hour').to.deep.equal(['first'])
    for (const hour of [1, 2, 3]) {
      await advance(ctx, HOUR)
      expect(await open(instanceId), `after hour ${hour}: the earlier copies still run`).to.deep.equal(['first', ...Array(hour).fill('handle')])
    }
    await advance(ctx, 3 * HOUR)
    expect(await open(instanceId), 'never a fourth').to.deep.equal(['first', 'handle', 'handle', 'handle'])
    await completeAll(instanceId, 'handle')
    await completeAll(instanceId, 'first')
    expect((await instanceRow(ctx, instanceId)).status).to.equal('completed')
  })
})
