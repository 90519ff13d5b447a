// Engine contract: message catch events. A message reaches only the instance whose correlation key matches and
// brings its variables; one published before anyone waits is kept for its time to live and taken by a
// subscription opened in that time, not after. The MessageSubscription table shows who waits for what.
import { expect } from 'chai'
import { complete } from '../../engine/job.ts'
import { bpmnFile, flow, message, serviceTask, userTask } from '../helpers/bpmn-fixture.ts'
import { advance, contractTitle, HOUR, instanceRow, instanceVariables, openTasks, useContractEngine } from '../helpers/engine-contract.ts'

const messages = message('Msg_ct_docs', 'ct-documents-received', '=caseId') + message('Msg_ct_answer', 'ct-answer-received', '=applicationNo')

const catchDocs = bpmnFile(
  'ct_message_catch',
  `<bpmn:startEvent id="s" />${flow('f1', 's', 'docs')}
   <bpmn:intermediateCatchEvent id="docs"><bpmn:messageEventDefinition messageRef="Msg_ct_docs" /></bpmn:intermediateCatchEvent>
   ${flow('f2', 'docs', 'check')}${userTask('check', '<zeebe:assignmentDefinition candidateGroups="caseworkers" />')}${flow('f3', 'check', 'e')}<bpmn:endEvent id="e" />`,
  messages,
)

// a service task first: the subscription opens only after the job ran
const catchAnswerLater = bpmnFile(
  'ct_message_buffered',
  `<bpmn:startEvent id="s" />${flow('f1', 's', 'ask')}${serviceTask('ask', 'ct-message-ask')}${flow('f2', 'ask', 'answer')}
   <bpmn:intermediateCatchEvent id="answer"><bpmn:messageEventDefinition messageRef="Msg_ct_answer" /></bpmn:intermediateCatchEvent>
   ${flow('f3', 'answer', 'e')}<bpmn:endEvent id="e" />`,
  messages,
)

describe(contractTitle('messages'), function () {
  const ctx = useContractEngine({ start: '2026-03-02T08:00:00Z', handlers: { 'ct-message-ask': async () => complete({ asked: true }) } })

  beforeEach(async () => {
    await ctx.engine.deploy([catchDocs, catchAnswerLater])
  })

  const start = async (processId: string, businessKey: string, variables: Record<string, unknown> = {}) => {
    const { instanceId } = await ctx.engine.startInstance({ processId, businessKey, variables })
    await ctx.engine.idle()
    return instanceId
  }
  const subscriptionsOf = (instanceId: string) => ctx.db.prisma.messageSubscription.findMany({ where: { instanceId } })

  it('should correlate a message only to the instance whose correlation key matches and bring its variables', async () => {
    const keyA = ctx.unique('case')
    const keyB = ctx.unique('case')
    const a = await start('ct_message_catch', keyA)
    const b = await start('ct_message_catch', keyB)
    expect(await subscriptionsOf(a)).to.have.length(1)
    expect((await subscriptionsOf(a))[0]).to.include({ elementId: 'docs', messageName: 'ct-documents-received', correlationKey: keyA, status: 'open' })

    expect(await ctx.engine.publishMessage({ name: 'ct-documents-received', correlationKey: ctx.unique('nobody') })).to.deep.equal({ correlated: 0 })
    const published = await ctx.engine.publishMessage({ name: 'ct-documents-received', correlationKey: keyB, variables: { pages: 3, senders: ['anna'] } })
    await ctx.engine.idle()

    expect(published).to.deep.equal({ correlated: 1 })
    expect((await openTasks(ctx, b)).map((t) => t.elementId)).to.deep.equal(['check'])
    const vars = await instanceVariables(ctx, b)
    expect(vars).to.include({ pages: 3 })
    expect(vars.senders).to.deep.equal(['anna'])
    expect((await subscriptionsOf(b)).map((s) => s.status)).to.deep.equal(['correlated'])
    expect(await openTasks(ctx, a), 'the other instance still waits').to.have.length(0)
    expect((await subscriptionsOf(a)).map((s) => s.status)).to.deep.equal(['open'])
    expect((await instanceRow(ctx, a)).status).to.equal('waiting')
  })

  it('should keep a message published before anyone waits and hand it to a subscription opened within its time to live', async () => {
    const applicationNo = ctx.unique('application')
    const early = await ctx.engine.publishMessage({ name: 'ct-answer-received', correlationKey: applicationNo, variables: { answer: 'yes' }, timeToLiveMs: HOUR })
    await ctx.engine.idle()
    expect(early).to.deep.equal({ correlated: 0 })

    const instanceId = await start('ct_message_buffered', ctx.unique('case'), { applicationNo })

    expect((await instanceRow(ctx, instanceId)).status).to.equal('completed')
    expect(await instanceVariables(ctx, instanceId)).to.include({ answer: 'yes', asked: true })
  })

  it('should hand a kept message to an instance whose first step waits for it when the instance starts', async () => {
    const caseId = ctx.unique('case')
    expect(await ctx.engine.publishMessage({ name: 'ct-documents-received', correlationKey: caseId, variables: { pages: 2 }, timeToLiveMs: HOUR })).to.deep.equal({ correlated: 0 })
    await ctx.engine.idle()

    const instanceId = await start('ct_message_catch', caseId)

    expect((await openTasks(ctx, instanceId)).map((t) => t.elementId)).to.deep.equal(['check'])
    expect(await instanceVariables(ctx, instanceId)).to.include({ pages: 2 })
    expect((await subscriptionsOf(instanceId)).map((s) => s.status)).to.deep.equal(['correlated'])
  })

  it('should drop a message whose time to live ran out before a subscription opened', async () => {
    const applicationNo = ctx.unique('application')
    await ctx.engine.publishMessage({ name: 'ct-answer-received', correlationKey: applicationNo, variables: { answer: 'late' }, timeToLiveMs: HOUR })
    await ctx.engine.idle()
    await advance(ctx, 2 * HOUR)

    const instanceId = await start('ct_message_buffered', ctx.unique('case'), { applicationNo })

    expect((await instanceRow(ctx, instanceId)).status).to.equal('waiting')
    expect((await subscriptionsOf(instanceId)).map((s) => s.status)).to.deep.equal(['open'])
    expect(await instanceVariables(ctx, instanceId)).not.to.have.property('answer')
  })

  it('should not keep a message published without a time to live', async () => {
    const applicationNo = ctx.unique('application')
    expect(await ctx.engine.publishMessage({ name: 'ct-answer-received', correlationKey: applicationNo, variables: { answer: 'now' } })).to.deep.equal({ correlated: 0 })

    const instanceId = await start('ct_message_buffered', ctx.unique('case'), { applicationNo })

    expect((await instanceRow(ctx, instanceId)).status).to.equal('waiting')
  })
})
