// Engine contract: ad-hoc sub-processes, Camunda 8 style (zeebe:adHoc activeElementsCollection). On entering, each
// element the collection lists is activated once, in parallel, with variables of its own (`adHocElementId` names it);
// a sequence inside runs on; the sub-process completes when every activation has, or when its completion condition
// holds after one (the others are cancelled); the output collection gathers one value per activation. An id that is
// not an element to activate, or a collection that is not a list, holds the instance in an incident; an empty list
// passes through (engine/ad-hoc-subprocess.ts says why).
import { expect } from 'chai'
import { complete } from '../../engine/job.ts'
import { DeploymentError } from '../../engine/port.ts'
import { bpmnFile, flow, serviceTask, userTask } from '../helpers/bpmn-fixture.ts'
import { callsOf, contractTitle, instanceRow, instanceVariables, openTasks, useContractEngine } from '../helpers/engine-contract.ts'

const q = (s: string) => s.replace(/"/g, '&quot;')

/** A process whose `help` is an ad-hoc sub-process over `=chosen`, then a user task `after`. */
const adHoc = (processId: string, attrs: string, inner: string, completion = '') =>
  bpmnFile(
    processId,
    `<bpmn:startEvent id="s" />${flow('f1', 's', 'help')}<bpmn:adHocSubProcess id="help" ${attrs}><bpmn:extensionElements><zeebe:adHoc activeElementsCollection="=chosen" outputCollection="notes" outputElement="=note" /></bpmn:extensionElements>${inner}${
      completion ? `<bpmn:completionCondition xsi:type="bpmn:tFormalExpression">${q(completion)}</bpmn:completionCondition>` : ''
    }</bpmn:adHocSubProcess>${flow('f2', 'help', 'after')}${userTask('after')}${flow('f3', 'after', 'e')}<bpmn:endEvent id="e" />`,
  )

/** Three forms of help a caseworker may choose: an interview, food aid (a job, then a task), a referral. */
const offers = `${userTask('interview')}${serviceTask('orderFood', 'adhoc-order')}${flow('i1', 'orderFood', 'deliverFood')}${userTask('deliverFood')}${userTask('referral')}`

describe(contractTitle('ad-hoc sub-processes'), function () {
  const ctx = useContractEngine({
    start: '2026-03-02T08:00:00Z',
    handlers: { 'adhoc-order': async (job) => complete({ ordered: job.variables.adHocElementId }) },
  })
  const start = async (processId: string, variables: Record<string, unknown>) => {
    const { instanceId } = await ctx.engine.startInstance({ processId, businessKey: ctx.unique('adhoc'), variables })
    await ctx.engine.idle()
    return instanceId
  }
  const openElements = async (instanceId: string) => (await openTasks(ctx, instanceId)).map((t) => t.elementId).sort()
  const completeAt = async (instanceId: string, elementId: string, variables: Record<string, unknown>) => {
    const task = (await openTasks(ctx, instanceId)).find((t) => t.elementId === elementId)
    expect(task, `an open task at ${elementId}`).to.exist
    await ctx.engine.completeUserTask(task!.engineKey, variables)
    await ctx.engine.idle()
  }

  it('should activate only the chosen elements and wait for all of them when there is no completion condition', async () => {
    await ctx.engine.deploy([adHoc('adhoc_all', '', offers)])
    const instanceId = await start('adhoc_all', { chosen: ['orderFood', 'referral'] })
    expect(callsOf(ctx, instanceId, 'orderFood')).to.have.length(1)
    expect(await openElements(instanceId)).to.deep.equal(['deliverFood', 'referral'])
    await completeAt(instanceId, 'referral', { note: 'referred' })
    expect(await openElements(instanceId)).to.deep.equal(['deliverFood'])
    await completeAt(instanceId, 'deliverFood', { note: 'delivered' })
    const vars = await instanceVariables(ctx, instanceId)
    expect(vars).to.deep.include({ notes: ['delivered', 'referred'] })
    expect(vars, 'what an activation set stays in it').not.to.have.any.keys('note', 'ordered', 'adHocElementId')
    expect(await openElements(instanceId)).to.deep.equal(['after'])
  })

  it('should cancel the other activations when the completion condition holds after one', async () => {
    await ctx.engine.deploy([adHoc('adhoc_first', '', offers, '=list contains(notes, "urgent")')])
    const instanceId = await start('adhoc_first', { chosen: ['interview', 'referral'] })
    await completeAt(instanceId, 'interview', { note: 'routine' })
    expect(await openElements(instanceId), 'the condition does not hold yet').to.deep.equal(['referral'])
    await ctx.engine.deploy([adHoc('adhoc_first2', '', offers, '=list contains(notes, "urgent")')])
    const second = await start('adhoc_first2', { chosen: ['interview', 'referral', 'orderFood'] })
    await completeAt(second, 'referral', { note: 'urgent' })
    expect(await openElements(second), 'the interview and the food delivery are cancelled').to.deep.equal(['after'])
  })

  it('should pass through when the list is empty', async () => {
    await ctx.engine.deploy([adHoc('adhoc_empty', '', offers)])
    const instanceId = await start('adhoc_empty', { chosen: [] })
    expect(callsOf(ctx, instanceId)).to.have.length(0)
    expect(await openElements(instanceId)).to.deep.equal(['after'])
  })

  it('should hold the instance in an incident when the list names an element that cannot be activated', async () => {
    await ctx.engine.deploy([adHoc('adhoc_unknown', '', offers)])
    const instanceId = await start('adhoc_unknown', { chosen: ['interview', 'deliverFood'] })
    expect((await instanceRow(ctx, instanceId)).status).to.equal('incident')
  })

  it('should hold the instance in an incident when the collection is not a list', async () => {
    await ctx.engine.deploy([adHoc('adhoc_not_list', '', offers)])
    const instanceId = await start('adhoc_not_list', { chosen: 'interview' })
    const row = await instanceRow(ctx, instanceId)
    expect(row.status).to.equal('incident')
    expect(row.incident).to.include('"help"')
  })

  it('should refuse an ad-hoc sub-process with no collection, or one with start or end events, naming it', async () => {
    const noCollection = bpmnFile('adhoc_bare', `<bpmn:startEvent id="s" />${flow('f1', 's', 'bare')}<bpmn:adHocSubProcess id="bare">${userTask('one')}</bpmn:adHocSubProcess>${flow('f2', 'bare', 'e')}<bpmn:endEvent id="e" />`)
    const withEnd = adHoc('adhoc_end', '', `${userTask('one')}<bpmn:endEvent id="innerEnd" />`)
    for (const file of [noCollection, withEnd]) {
      const refused = await ctx.engine.deploy([file]).catch((err: unknown) => err)
      expect(refused).to.be.instanceOf(DeploymentError)
      const problems = (refused as DeploymentError).problems
      expect(problems.map((p) => p.elementId), problems.map((p) => p.message).join('; ')).to.include(file === noCollection ? 'bare' : 'help')
    }
  })
})
