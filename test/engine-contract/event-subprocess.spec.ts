// Engine contract: event sub-processes (interrupting and not; message, timer, error starts). Operaton runs them
// natively (the translation keeps them); the embedded engine refuses them at deployment naming the sub-process, and
// each test holds it to that (README › BPMN coverage).
import { expect } from 'chai'
import { bpmnError } from '../../engine/job.ts'
import { DeploymentError } from '../../engine/port.ts'
import { bpmnFile, flow, message, serviceTask, userTask } from '../helpers/bpmn-fixture.ts'
import { contractTitle, instanceRow, openTasks, useContractEngine } from '../helpers/engine-contract.ts'
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

describe(contractTitle('event sub-processes'), function () {
  const ctx = useContractEngine({ start: '2026-03-02T08:00:00Z', handlers: { 'esp-refuse': async () => bpmnError('ESP_REFUSED', 'refused') } })
  const runs = engineKind() === 'operaton'

  /** Deploys the file: true when the engine runs event sub-processes; on the others, checks the refusal. */
  async function deployed(file: { name: string; content: string }): Promise<boolean> {
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
    if (!(await deployed(onMessage))) return
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
    if (!(await deployed(onError))) return
    const { instanceId } = await start('esp_error')
    expect(await open(instanceId)).to.deep.equal(['handle'])
    expect((await instanceRow(ctx, instanceId)).status).not.to.equal('incident')
  })
})
