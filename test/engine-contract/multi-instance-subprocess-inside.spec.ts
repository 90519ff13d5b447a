// Engine contract: what happens inside an inner instance of a multi-instance sub-process, beyond jobs and inbox tasks
// (multi-instance-subprocess.spec.ts): a boundary timer on a task fires in its own inner instance only, a job's BPMN
// error caught inside the inner instance leaves the error's variables in that inner instance, a script's and a
// decision's results stay in their inner instance, a receive task keyed by the item gets the message for its item
// only, and what a called instance returns stays in its inner instance. On both engines.
import { expect } from 'chai'
import { bpmnError, complete } from '../../engine/job.ts'
import { bpmnFile, flow, message, serviceTask, timerBoundary, userTask } from '../helpers/bpmn-fixture.ts'
import { businessRuleTask, dmnFile } from '../helpers/dmn-fixture.ts'
import { advance, callsOf, contractTitle, HOUR, instanceVariables, openTasks, useContractEngine } from '../helpers/engine-contract.ts'

const loop = (output: string) =>
  `<bpmn:multiInstanceLoopCharacteristics isSequential="false"><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=household" inputElement="member" outputCollection="results" outputElement="${output}" /></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics>`

/** A process whose `each` is a multi-instance sub-process (`inner` its body from `is` to `ie`), then a task `after`. */
const subEach = (processId: string, output: string, inner: string, rootElements = '') =>
  bpmnFile(
    processId,
    `<bpmn:startEvent id="s" />${flow('f1', 's', 'each')}<bpmn:subProcess id="each">${loop(output)}<bpmn:startEvent id="is" />${inner}<bpmn:endEvent id="ie" /></bpmn:subProcess>${flow('f2', 'each', 'after')}${userTask('after')}${flow('f3', 'after', 'e')}<bpmn:endEvent id="e" />`,
    rootElements,
  )

const vars = (task: { variables: unknown }) => task.variables as Record<string, unknown>

describe(contractTitle('inside multi-instance sub-processes'), function () {
  const ctx = useContractEngine({
    start: '2026-03-02T08:00:00Z',
    handlers: {
      'mis-in-double': async (job) => complete({ doubled: Number(job.variables.member) * 2 }),
      'mis-in-check': async (job) =>
        job.variables.member === 'jan' ? bpmnError('TOO_YOUNG', 'not eligible', { reason: `${String(job.variables.member)} is too young` }) : complete({ verdict: 'eligible' }),
    },
  })
  const start = async (processId: string, variables: Record<string, unknown>) => {
    const { instanceId } = await ctx.engine.startInstance({ processId, businessKey: ctx.unique('misin'), variables })
    await ctx.engine.idle()
    return instanceId
  }
  const completeTask = async (task: { engineKey: string }, variables: Record<string, unknown>) => {
    await ctx.engine.completeUserTask(task.engineKey, variables)
    await ctx.engine.idle()
  }

  it('should fire a boundary timer in the inner instance whose task still waits only, the reminder seeing that inner instance\'s item, when another inner instance finished in time', async () => {
    await ctx.engine.deploy([
      subEach(
        'misin_timer',
        '=answer',
        `${flow('i1', 'is', 'review')}${userTask('review')}${timerBoundary('late', 'review', 'PT2H')}${flow('i2', 'review', 'ie')}${flow('i3', 'late', 'remind')}${userTask('remind')}${flow('i4', 'remind', 'ie')}`,
      ),
    ])
    const instanceId = await start('misin_timer', { household: ['anna', 'jan'] })
    const reviews = await openTasks(ctx, instanceId)
    expect(reviews.map((t) => vars(t).member).sort()).to.deep.equal(['anna', 'jan'])
    await completeTask(reviews.find((t) => vars(t).member === 'anna')!, { answer: 'in time' })
    await advance(ctx, 3 * HOUR)
    const open = await openTasks(ctx, instanceId)
    expect(open.map((t) => [t.elementId, vars(t).member]), 'only jan\'s review timed out').to.deep.equal([['remind', 'jan']])
    expect(vars(open[0]!).answer, 'anna\'s answer stays in her inner instance').to.equal(undefined)
    await completeTask(open[0]!, { answer: 'late' })
    const after = await instanceVariables(ctx, instanceId)
    expect(after.results).to.deep.equal(['in time', 'late'])
    expect(after).not.to.have.any.keys('answer', 'member')
  })

  it('should keep a job\'s BPMN error variables in its inner instance when a boundary event inside the inner instance catches the error', async () => {
    await ctx.engine.deploy([
      subEach(
        'misin_error',
        '={verdict: verdict, reason: reason}',
        `${flow('i1', 'is', 'check')}${serviceTask('check', 'mis-in-check')}<bpmn:boundaryEvent id="caught" attachedToRef="check"><bpmn:errorEventDefinition errorRef="Err_misin" /></bpmn:boundaryEvent>${flow('i2', 'check', 'ie')}${flow('i3', 'caught', 'appeal')}${userTask('appeal')}${flow('i4', 'appeal', 'ie')}`,
        '<bpmn:error id="Err_misin" name="too young" errorCode="TOO_YOUNG" />',
      ),
    ])
    const instanceId = await start('misin_error', { household: ['anna', 'jan', 'ola'] })
    expect(callsOf(ctx, instanceId, 'check').map((j) => j.variables.member).sort()).to.deep.equal(['anna', 'jan', 'ola'])
    const open = await openTasks(ctx, instanceId)
    expect(open.map((t) => [t.elementId, vars(t).member, vars(t).reason]), 'the appeal sees its inner instance\'s error variables').to.deep.equal([['appeal', 'jan', 'jan is too young']])
    expect(await instanceVariables(ctx, instanceId), 'the error\'s variables stay in the inner instance').not.to.have.any.keys('reason', 'verdict')
    await completeTask(open[0]!, { verdict: 'appealed' })
    const after = await instanceVariables(ctx, instanceId)
    expect(after.results).to.deep.equal([
      { verdict: 'eligible', reason: null },
      { verdict: 'appealed', reason: 'jan is too young' },
      { verdict: 'eligible', reason: null },
    ])
    expect(after).not.to.have.any.keys('reason', 'verdict', 'member')
  })

  it('should keep a script task\'s and a decision\'s results in their inner instance, each computed from that inner instance\'s item', async () => {
    await ctx.engine.deploy([
      dmnFile({ decisionId: 'misin_band', inputs: ['doubled'], outputs: ['band'], rules: [['< 50', '"low"'], ['>= 50', '"high"']] }),
      subEach(
        'misin_script',
        '={doubled: doubled, band: band}',
        `${flow('i1', 'is', 'calc')}<bpmn:scriptTask id="calc"><bpmn:extensionElements><zeebe:script expression="=member * 2" resultVariable="doubled" /></bpmn:extensionElements></bpmn:scriptTask>${flow('i2', 'calc', 'rate')}${businessRuleTask('rate', 'misin_band', 'band')}${flow('i3', 'rate', 'review')}${userTask('review')}${flow('i4', 'review', 'ie')}`,
      ),
    ])
    const instanceId = await start('misin_script', { household: [10, 30] })
    const open = await openTasks(ctx, instanceId)
    expect(open.map((t) => [vars(t).member, vars(t).doubled, vars(t).band]).sort()).to.deep.equal([[10, 20, 'low'], [30, 60, 'high']])
    expect(await instanceVariables(ctx, instanceId), 'the results stay in the inner instances').not.to.have.any.keys('doubled', 'band')
    for (const task of open) await completeTask(task, {})
    const after = await instanceVariables(ctx, instanceId)
    expect(after.results).to.deep.equal([{ doubled: 20, band: 'low' }, { doubled: 60, band: 'high' }])
    expect(after).not.to.have.any.keys('doubled', 'band', 'member')
  })

  it('should deliver a message to the receive task of the inner instance whose item is its correlation key only, its variables kept in that inner instance', async () => {
    await ctx.engine.deploy([
      subEach(
        'misin_receive',
        '=answer',
        `${flow('i1', 'is', 'wait')}<bpmn:receiveTask id="wait" messageRef="Msg_misin" />${flow('i2', 'wait', 'review')}${userTask('review')}${flow('i3', 'review', 'ie')}`,
        message('Msg_misin', 'misin-answer', '=member'),
      ),
    ])
    const anna = ctx.unique('anna')
    const jan = ctx.unique('jan')
    const instanceId = await start('misin_receive', { household: [anna, jan] })
    expect(await ctx.engine.publishMessage({ name: 'misin-answer', correlationKey: jan, variables: { answer: 'from jan' } })).to.deep.equal({ correlated: 1 })
    await ctx.engine.idle()
    const open = await openTasks(ctx, instanceId)
    expect(open.map((t) => [vars(t).member, vars(t).answer])).to.deep.equal([[jan, 'from jan']])
    expect(await instanceVariables(ctx, instanceId), 'the message\'s variables stay in the inner instance').not.to.have.property('answer')
    expect(await ctx.engine.publishMessage({ name: 'misin-answer', correlationKey: anna, variables: { answer: 'from anna' } })).to.deep.equal({ correlated: 1 })
    await ctx.engine.idle()
    for (const task of await openTasks(ctx, instanceId)) await completeTask(task, {})
    const after = await instanceVariables(ctx, instanceId)
    expect(after.results).to.deep.equal(['from anna', 'from jan'])
    expect(after).not.to.have.any.keys('answer', 'member')
  })

  it('should keep what a called instance returns in the inner instance that called it, the called instance receiving that inner instance\'s item', async () => {
    await ctx.engine.deploy([
      bpmnFile('misin_called', `<bpmn:startEvent id="cs" />${flow('c1', 'cs', 'double')}${serviceTask('double', 'mis-in-double')}${flow('c2', 'double', 'ce')}<bpmn:endEvent id="ce" />`),
      subEach(
        'misin_call',
        '=doubled',
        `${flow('i1', 'is', 'call')}<bpmn:callActivity id="call"><bpmn:extensionElements><zeebe:calledElement processId="misin_called" /></bpmn:extensionElements></bpmn:callActivity>${flow('i2', 'call', 'review')}${userTask('review')}${flow('i3', 'review', 'ie')}`,
      ),
    ])
    const instanceId = await start('misin_call', { household: [1, 2] })
    expect(ctx.calls.filter((job) => job.elementId === 'double').map((job) => job.variables.member).sort()).to.deep.equal([1, 2])
    const open = await openTasks(ctx, instanceId)
    expect(open.map((t) => [vars(t).member, vars(t).doubled]).sort()).to.deep.equal([[1, 2], [2, 4]])
    expect(await instanceVariables(ctx, instanceId), 'what the called instances returned stays in the inner instances').not.to.have.property('doubled')
    for (const task of open) await completeTask(task, {})
    const after = await instanceVariables(ctx, instanceId)
    expect(after.results).to.deep.equal([2, 4])
    expect(after).not.to.have.any.keys('doubled', 'member')
  })
})
