// Engine contract: instances by business key and their cancellation. findInstanceByBusinessKey finds the oldest
// instance of the process started with the key that was not canceled (also a completed one); cancelInstance ends
// the instance and closes everything it waited on: tasks canceled, timers canceled, subscriptions closed.
import { expect } from 'chai'
import { EngineError } from '../../engine/port.ts'
import { bpmnFile, flow, message, timerBoundary, userTask } from '../helpers/bpmn-fixture.ts'
import { contractTitle, instanceRow, openTasks, useContractEngine } from '../helpers/engine-contract.ts'

const waits = bpmnFile(
  'ct_instances',
  `<bpmn:startEvent id="s" />${flow('f1', 's', 'split')}<bpmn:parallelGateway id="split" />
   ${flow('f2', 'split', 'review')}${userTask('review', '<zeebe:assignmentDefinition candidateGroups="caseworkers" />')}
   ${timerBoundary('late', 'review', 'P14D')}${flow('f3', 'late', 'eLate')}<bpmn:endEvent id="eLate" />
   ${flow('f4', 'review', 'join')}
   ${flow('f5', 'split', 'docs')}<bpmn:intermediateCatchEvent id="docs"><bpmn:messageEventDefinition messageRef="Msg_ct_instances" /></bpmn:intermediateCatchEvent>
   ${flow('f6', 'docs', 'join')}<bpmn:parallelGateway id="join" />${flow('f7', 'join', 'e')}<bpmn:endEvent id="e" />`,
  message('Msg_ct_instances', 'ct-instances-docs', '=caseId'),
)

const quick = bpmnFile('ct_instances_quick', `<bpmn:startEvent id="s" />${flow('f1', 's', 'e')}<bpmn:endEvent id="e" />`)

// right after the start, a gateway none of whose conditions may match (no default flow)
const choose = bpmnFile(
  'ct_instances_choose',
  `<bpmn:startEvent id="s" />${flow('f1', 's', 'g')}<bpmn:exclusiveGateway id="g" />
   ${flow('low', 'g', 'a', '=income &lt; 1000')}${flow('mid', 'g', 'b', '=income &lt; 2000')}
   ${userTask('a')}${userTask('b')}${flow('fa', 'a', 'ea')}<bpmn:endEvent id="ea" />${flow('fb', 'b', 'eb')}<bpmn:endEvent id="eb" />`,
)

describe(contractTitle('instances by business key, cancellation'), function () {
  const ctx = useContractEngine({ start: '2026-03-02T08:00:00Z' })

  beforeEach(async () => {
    await ctx.engine.deploy([waits, quick, choose])
  })

  const start = async (processId: string, businessKey: string) => {
    const { instanceId } = await ctx.engine.startInstance({ processId, businessKey })
    await ctx.engine.idle()
    ctx.clock.advance(1000)
    return instanceId
  }

  it('should record the business key on the instance when it is started with one', async () => {
    const businessKey = ctx.unique('case')
    const instanceId = await start('ct_instances', businessKey)

    const row = await instanceRow(ctx, instanceId)
    expect(row).to.include({ processId: 'ct_instances', businessKey, status: 'waiting', endedAt: null })
    expect(row.startedAt.toISOString()).to.equal('2026-03-02T08:00:00.000Z')
    expect((await openTasks(ctx, instanceId))[0]).to.include({ elementId: 'review', caseId: businessKey })
  })

  it('should find the oldest instance with the business key that was not canceled, and nothing for another key or process', async () => {
    const key = ctx.unique('case')
    const otherKey = ctx.unique('case')
    const canceled = await start('ct_instances', key)
    await ctx.engine.cancelInstance(canceled)
    await ctx.engine.idle()
    const first = await start('ct_instances', key)
    await start('ct_instances', key)
    const other = await start('ct_instances', otherKey)

    expect(await ctx.engine.findInstanceByBusinessKey('ct_instances', key)).to.deep.equal({ instanceId: first })
    expect(await ctx.engine.findInstanceByBusinessKey('ct_instances', otherKey)).to.deep.equal({ instanceId: other })
    expect(await ctx.engine.findInstanceByBusinessKey('ct_instances', ctx.unique('case'))).to.equal(null)
    expect(await ctx.engine.findInstanceByBusinessKey('ct_instances_quick', key)).to.equal(null)
  })

  it('should find an instance that already completed when it was started with the business key', async () => {
    const key = ctx.unique('case')
    const instanceId = await start('ct_instances_quick', key)

    expect((await instanceRow(ctx, instanceId)).status).to.equal('completed')
    expect(await ctx.engine.findInstanceByBusinessKey('ct_instances_quick', key)).to.deep.equal({ instanceId })
  })

  it('should keep the start and stop the instance in an incident when no gateway condition matches right after the start', async () => {
    const { instanceId } = await ctx.engine.startInstance({ processId: 'ct_instances_choose', businessKey: ctx.unique('case'), variables: { income: 5000 } })
    await ctx.engine.idle()
    await ctx.engine.runDueWork()

    const row = await instanceRow(ctx, instanceId)
    expect(row.status).to.equal('incident')
    expect(row.incident).to.be.a('string').and.not.equal('')
    expect(row.incidentAt).to.be.instanceOf(Date)
    expect(await openTasks(ctx, instanceId)).to.deep.equal([])

    // retried unchanged (on Operaton the failed continuation is a job, on the embedded engine the instance's start):
    // the cause is still there, and so is the incident
    const job = await ctx.db.prisma.job.findFirst({ where: { instanceId, status: 'incident' } })
    if (job) await ctx.engine.retryJob(job.id)
    else await ctx.engine.resolveIncident(instanceId)
    await ctx.engine.idle()
    await ctx.engine.runDueWork()
    expect((await instanceRow(ctx, instanceId)).status).to.equal('incident')
  })

  it('should run the instance on when the variables let a condition match right after the start', async () => {
    const { instanceId } = await ctx.engine.startInstance({ processId: 'ct_instances_choose', businessKey: ctx.unique('case'), variables: { income: 1500 } })
    await ctx.engine.idle()

    expect((await instanceRow(ctx, instanceId)).status).to.equal('waiting')
    expect((await openTasks(ctx, instanceId)).map((t) => t.elementId)).to.deep.equal(['b'])
  })

  it('should cancel the tasks, timers and subscriptions of an instance when it is canceled', async () => {
    const instanceId = await start('ct_instances', ctx.unique('case'))
    expect(await openTasks(ctx, instanceId)).to.have.length(1)
    expect(await ctx.db.prisma.timer.count({ where: { instanceId, status: 'pending' } })).to.equal(1)
    expect(await ctx.db.prisma.messageSubscription.count({ where: { instanceId, status: 'open' } })).to.equal(1)

    await ctx.engine.cancelInstance(instanceId)
    await ctx.engine.idle()

    const row = await instanceRow(ctx, instanceId)
    expect(row.status).to.equal('canceled')
    expect(row.endedAt).not.to.equal(null)
    const tasks = await ctx.db.prisma.task.findMany({ where: { instanceId } })
    expect(tasks.map((t) => t.status)).to.deep.equal(['canceled'])
    expect(tasks[0].completedAt).not.to.equal(null)
    expect((await ctx.db.prisma.timer.findMany({ where: { instanceId } })).map((t) => t.status)).to.deep.equal(['canceled'])
    expect((await ctx.db.prisma.messageSubscription.findMany({ where: { instanceId } })).map((s) => s.status)).to.deep.equal(['closed'])
  })

  it('should refuse with NOT_FOUND to cancel an instance that has ended', async () => {
    const instanceId = await start('ct_instances', ctx.unique('case'))
    await ctx.engine.cancelInstance(instanceId)
    await ctx.engine.idle()

    const again = await ctx.engine.cancelInstance(instanceId).catch((e: unknown) => e)

    expect(again).to.be.instanceOf(EngineError).and.include({ code: 'NOT_FOUND' })
  })
})
