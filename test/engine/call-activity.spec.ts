// Call activities on the embedded engine (engine/embedded/internal-jobs.ts): a called process that is not deployed is
// an incident on the parent, retried once it is; cancelling the parent cancels the child; a child that completed
// while its parent could not be told (a crash between the two) is picked up by the scheduler's next round;
// propagateAllParentVariables / propagateAllChildVariables="false" pass the mappings only.
import { expect } from 'chai'
import { bpmnFile, flow, userTask } from '../helpers/bpmn-fixture.ts'
import { advance, contractTitle, instanceRow, instanceVariables, openTaskElements, useContractEngine } from '../helpers/engine-contract.ts'

const parent = (processId: string, calledElement: string, extra = '') =>
  bpmnFile(
    processId,
    `<bpmn:startEvent id="s" />${flow('f1', 's', 'call')}<bpmn:callActivity id="call"><bpmn:extensionElements>${calledElement}${extra}</bpmn:extensionElements></bpmn:callActivity>
     ${flow('f2', 'call', 'after')}${userTask('after')}${flow('f3', 'after', 'e')}<bpmn:endEvent id="e" />`,
  )
const child = (processId: string) =>
  bpmnFile(processId, `<bpmn:startEvent id="s" />${flow('f1', 's', 'childTask')}${userTask('childTask')}${flow('f2', 'childTask', 'e')}<bpmn:endEvent id="e" />`)

describe(contractTitle('call activities (embedded)'), function () {
  const ctx = useContractEngine({ start: '2026-03-02T08:00:00Z' })

  const childOf = async (businessKey: string, processId: string) => ctx.db.prisma.processInstance.findFirst({ where: { processId, businessKey } })
  const completeOpen = async (instanceId: string) => {
    const [task] = await ctx.db.prisma.task.findMany({ where: { instanceId, status: 'open' } })
    await ctx.engine.completeUserTask(task!.engineKey, { answer: 42 })
    await ctx.engine.idle()
  }

  it('should raise an incident on the parent when the called process is not deployed, and go on once it is and the job is retried', async () => {
    await ctx.engine.deploy([parent('ca_missing_parent', '<zeebe:calledElement processId="ca_not_yet" />')])
    const businessKey = ctx.unique('case')
    const { instanceId } = await ctx.engine.startInstance({ processId: 'ca_missing_parent', businessKey })
    await ctx.engine.idle()

    const row = await instanceRow(ctx, instanceId)
    expect(row.status).to.equal('incident')
    const job = await ctx.db.prisma.job.findFirstOrThrow({ where: { instanceId, elementId: 'call' } })
    expect(job.status).to.equal('incident')
    expect(job.errorMessage).to.equal('The called process "ca_not_yet" is not deployed')

    await ctx.engine.deploy([child('ca_not_yet')])
    await ctx.engine.retryJob(job.id)
    await ctx.engine.idle()

    const started = await childOf(businessKey, 'ca_not_yet')
    expect(started?.id, 'the child takes the call job id').to.equal(job.id)
    await completeOpen(started!.id)
    expect(await openTaskElements(ctx, instanceId)).to.deep.equal(['after'])
  })

  it('should cancel the child when the parent is cancelled', async () => {
    await ctx.engine.deploy([child('ca_child'), parent('ca_cancel_parent', '<zeebe:calledElement processId="ca_child" />')])
    const businessKey = ctx.unique('case')
    const { instanceId } = await ctx.engine.startInstance({ processId: 'ca_cancel_parent', businessKey })
    await ctx.engine.idle()
    const started = await childOf(businessKey, 'ca_child')

    await ctx.engine.cancelInstance(instanceId)

    expect((await instanceRow(ctx, started!.id)).status).to.equal('canceled')
    expect(await ctx.db.prisma.task.count({ where: { instanceId: started!.id, status: 'open' } })).to.equal(0)
  })

  it('should finish a call whose child completed while the parent was not told when the scheduler runs', async () => {
    await ctx.engine.deploy([child('ca_child'), parent('ca_sweep_parent', '<zeebe:calledElement processId="ca_child" />')])
    const businessKey = ctx.unique('case')
    const { instanceId } = await ctx.engine.startInstance({ processId: 'ca_sweep_parent', businessKey })
    await ctx.engine.idle()
    const started = await childOf(businessKey, 'ca_child')
    // as after a crash between the child's last save and the parent's: the child is completed, the call waits
    await ctx.db.prisma.processInstance.update({ where: { id: started!.id }, data: { status: 'completed', state: null as never, variables: { answer: 7 } } })
    expect(await openTaskElements(ctx, instanceId)).to.deep.equal([])

    await advance(ctx, 1000)

    expect(await openTaskElements(ctx, instanceId)).to.deep.equal(['after'])
    expect(await instanceVariables(ctx, instanceId)).to.include({ answer: 7 })
  })

  it('should hand a call out again when it was taken but its child was never made (a crash in between)', async () => {
    await ctx.engine.deploy([child('ca_child'), parent('ca_lost_parent', '<zeebe:calledElement processId="ca_child" />')])
    const businessKey = ctx.unique('case')
    const { instanceId } = await ctx.engine.startInstance({ processId: 'ca_lost_parent', businessKey })
    await ctx.engine.idle()
    const call = await ctx.db.prisma.job.findFirstOrThrow({ where: { instanceId, elementId: 'call' } })
    // as after a crash between taking the call and making the child
    await ctx.engine.cancelInstance(call.id)
    await ctx.db.prisma.processInstance.delete({ where: { id: call.id } })
    await ctx.db.prisma.task.deleteMany({ where: { instanceId: call.id } })
    await ctx.db.prisma.job.update({ where: { id: call.id }, data: { status: 'waiting', updatedAt: ctx.clock.now() } })

    await advance(ctx, 2 * 60_000)

    const remade = await ctx.db.prisma.processInstance.findUnique({ where: { id: call.id } })
    expect(remade?.status, 'the child made again').to.equal('waiting')
    expect(await openTaskElements(ctx, call.id)).to.deep.equal(['childTask'])
  })

  it('should pass only the mappings when propagateAllParentVariables and propagateAllChildVariables are false', async () => {
    await ctx.engine.deploy([
      child('ca_child'),
      parent(
        'ca_mapped_parent',
        '<zeebe:calledElement processId="ca_child" propagateAllParentVariables="false" propagateAllChildVariables="false" />',
        '<zeebe:ioMapping><zeebe:input source="=secret + 1" target="given" /><zeebe:output source="=answer" target="received" /></zeebe:ioMapping>',
      ),
    ])
    const businessKey = ctx.unique('case')
    const { instanceId } = await ctx.engine.startInstance({ processId: 'ca_mapped_parent', businessKey, variables: { secret: 1 } })
    await ctx.engine.idle()
    const started = await childOf(businessKey, 'ca_child')
    // the case id comes with the business key, as for every instance of a case
    expect(started!.variables).to.deep.equal({ given: 2, caseId: businessKey })

    await completeOpen(started!.id)

    const vars = await instanceVariables(ctx, instanceId)
    expect(vars).to.include({ received: 42, secret: 1 })
    expect(vars).not.to.have.property('answer')
  })
})
