// Engine contract: multi-instance activities, Zeebe style (zeebe:loopCharacteristics): one inner instance per item,
// in parallel or one after another; each sees its item; the outputs come back in the order of the items; a completion
// condition ends the activity early (the open inner instances are cancelled); a collection that is not a list holds
// the instance in an incident (issue 13 item 4), never a server error.
import { expect } from 'chai'
import { complete } from '../../engine/job.ts'
import { bpmnFile, flow, serviceTask, userTask } from '../helpers/bpmn-fixture.ts'
import { callsOf, contractTitle, instanceRow, instanceVariables, openTasks, useContractEngine } from '../helpers/engine-contract.ts'

const loop = (collection: string, sequential: boolean, output = '', completion = '') =>
  `<bpmn:multiInstanceLoopCharacteristics isSequential="${sequential}"><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="${collection}" inputElement="member" ${output} /></bpmn:extensionElements>${
    completion ? `<bpmn:completionCondition xsi:type="bpmn:tFormalExpression">${completion}</bpmn:completionCondition>` : ''
  }</bpmn:multiInstanceLoopCharacteristics>`

/** A process whose `each` is the given multi-instance element, then a user task `after`. */
const around = (processId: string, each: string) =>
  bpmnFile(processId, `<bpmn:startEvent id="s" />${flow('f1', 's', 'each')}${each}${flow('f2', 'each', 'after')}${userTask('after')}${flow('f3', 'after', 'e')}<bpmn:endEvent id="e" />`)

const jobEach = (processId: string, loopXml: string) =>
  around(processId, serviceTask('each', 'mi-check').replace('</bpmn:serviceTask>', `${loopXml}</bpmn:serviceTask>`))
const taskEach = (processId: string, loopXml: string) =>
  around(processId, userTask('each').replace('</bpmn:userTask>', `${loopXml}</bpmn:userTask>`))

const members = ['anna', 'jan', 'ola']

describe(contractTitle('multi-instance activities'), function () {
  const ctx = useContractEngine({
    start: '2026-03-02T08:00:00Z',
    handlers: { 'mi-check': async (job) => complete({ verdict: `checked ${String(job.variables.member)}` }) },
  })
  const start = async (processId: string, variables: Record<string, unknown>) => {
    const { instanceId } = await ctx.engine.startInstance({ processId, businessKey: ctx.unique('mi'), variables })
    await ctx.engine.idle()
    return instanceId
  }
  const openElements = async (instanceId: string) => (await openTasks(ctx, instanceId)).map((t) => t.elementId)

  it('should run a job per item in parallel and collect the results in item order when the task is parallel', async () => {
    await ctx.engine.deploy([jobEach('mi_jobs', loop('=household', false, 'outputCollection="verdicts" outputElement="=verdict"'))])
    const instanceId = await start('mi_jobs', { household: members })
    expect(callsOf(ctx, instanceId, 'each').map((j) => j.variables.member).sort()).to.deep.equal(members)
    expect(await instanceVariables(ctx, instanceId)).to.deep.include({ verdicts: members.map((m) => `checked ${m}`) })
    expect(await instanceVariables(ctx, instanceId), 'the item is the inner instance\'s only').not.to.have.property('member')
    expect(await openElements(instanceId)).to.deep.equal(['after'])
  })

  it('should open one task at a time, each with its item, when the user task is sequential', async () => {
    await ctx.engine.deploy([taskEach('mi_seq_tasks', loop('=household', true, 'outputCollection="notes" outputElement="=note"'))])
    const instanceId = await start('mi_seq_tasks', { household: members })
    for (const member of members) {
      const open = await openTasks(ctx, instanceId)
      expect(open.map((t) => (t.variables as Record<string, unknown>).member)).to.deep.equal([member])
      await ctx.engine.completeUserTask(open[0]!.engineKey, { note: `seen ${member}` })
      await ctx.engine.idle()
    }
    expect(await instanceVariables(ctx, instanceId)).to.deep.include({ notes: members.map((m) => `seen ${m}`) })
    expect(await openElements(instanceId)).to.deep.equal(['after'])
  })

  it('should cancel the open inner tasks when the completion condition holds', async () => {
    await ctx.engine.deploy([taskEach('mi_first_answer', loop('=household', false, 'outputCollection="answers" outputElement="=answer"', '=numberOfCompletedInstances &gt;= 1'))])
    const instanceId = await start('mi_first_answer', { household: members })
    const open = await openTasks(ctx, instanceId)
    expect(open).to.have.length(3)
    const second = open.find((t) => (t.variables as Record<string, unknown>).member === 'jan')!
    await ctx.engine.completeUserTask(second.engineKey, { answer: 'yes' })
    await ctx.engine.idle()
    expect(await openElements(instanceId)).to.deep.equal(['after'])
    expect(await instanceVariables(ctx, instanceId)).to.deep.include({ answers: [null, 'yes', null] })
  })

  it('should pass through with an empty output collection when the collection is empty', async () => {
    await ctx.engine.deploy([jobEach('mi_empty', loop('=household', false, 'outputCollection="verdicts" outputElement="=verdict"'))])
    const instanceId = await start('mi_empty', { household: [] })
    expect(callsOf(ctx, instanceId)).to.have.length(0)
    expect(await instanceVariables(ctx, instanceId)).to.deep.include({ verdicts: [] })
    expect(await openElements(instanceId)).to.deep.equal(['after'])
  })

  it('should hold the instance in an incident naming the element when the collection is not a list', async () => {
    await ctx.engine.deploy([jobEach('mi_not_list', loop('=household', false))])
    const instanceId = await start('mi_not_list', { household: 'anna, jan' })
    const row = await instanceRow(ctx, instanceId)
    expect(row.status).to.equal('incident')
    expect(row.incident).to.include('"each"').and.to.include('not a list')
    expect(callsOf(ctx, instanceId)).to.have.length(0)
  })
})
