// Engine contract: multi-instance embedded sub-processes, Zeebe style (zeebe:loopCharacteristics). Each inner
// instance has a variable scope of its own: its item (the input element), its loop counter and whatever its jobs,
// tasks and scripts set stay in it; only its output element reaches the parent, in the output collection (item
// order). A completion condition ends the loop early; a collection that is not a list is an incident naming the
// element. A message reaches the one inner instance whose correlation key it names. Both engines run them (on
// Operaton: translate-loop.ts, translate-inner-scope.ts).
import { expect } from 'chai'
import { complete } from '../../engine/job.ts'
import { bpmnFile, flow, message, serviceTask, userTask } from '../helpers/bpmn-fixture.ts'
import { callsOf, contractTitle, instanceRow, instanceVariables, openTasks, useContractEngine } from '../helpers/engine-contract.ts'

const loop = (sequential: boolean, output = '', completion = '') =>
  `<bpmn:multiInstanceLoopCharacteristics isSequential="${sequential}"><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=household" inputElement="member" ${output} /></bpmn:extensionElements>${
    completion ? `<bpmn:completionCondition xsi:type="bpmn:tFormalExpression">${completion}</bpmn:completionCondition>` : ''
  }</bpmn:multiInstanceLoopCharacteristics>`

/** A process whose `each` is a multi-instance sub-process (`inner` its body from `is` to `ie`), then a task `after`. */
const subEach = (processId: string, loopXml: string, inner: string) =>
  bpmnFile(
    processId,
    `<bpmn:startEvent id="s" />${flow('f1', 's', 'each')}<bpmn:subProcess id="each">${loopXml}<bpmn:startEvent id="is" />${inner}<bpmn:endEvent id="ie" /></bpmn:subProcess>${flow('f2', 'each', 'after')}${userTask('after')}${flow('f3', 'after', 'e')}<bpmn:endEvent id="e" />`,
  )

/** Inside each inner instance: a job (`check`), then an inbox task (`review`). */
const checkThenReview = `${flow('i1', 'is', 'check')}${serviceTask('check', 'mi-sub-check')}${flow('i2', 'check', 'review')}${userTask('review')}${flow('i3', 'review', 'ie')}`

const members = ['anna', 'jan', 'ola']

describe(contractTitle('multi-instance sub-processes'), function () {
  const ctx = useContractEngine({
    start: '2026-03-02T08:00:00Z',
    handlers: {
      'mi-sub-check': async (job) => complete({ verdict: `checked ${String(job.variables.member)}`, seenBefore: job.variables.verdict ?? null }),
    },
  })
  const start = async (processId: string, variables: Record<string, unknown>) => {
    const { instanceId } = await ctx.engine.startInstance({ processId, businessKey: ctx.unique('mis'), variables })
    await ctx.engine.idle()
    return instanceId
  }
  const openElements = async (instanceId: string) => (await openTasks(ctx, instanceId)).map((t) => t.elementId)
  const completeTask = async (task: { engineKey: string }, variables: Record<string, unknown>) => {
    await ctx.engine.completeUserTask(task.engineKey, variables)
    await ctx.engine.idle()
  }


  it('should keep each inner instance\'s variables in its own scope and collect only the output elements when the sub-process is parallel', async () => {
    await ctx.engine.deploy([subEach('mis_parallel', loop(false, 'outputCollection="results" outputElement="={member: member, verdict: verdict, note: note}"'), checkThenReview)])
    const instanceId = await start('mis_parallel', { household: members })
    const jobs = callsOf(ctx, instanceId, 'check')
    expect(jobs.map((j) => j.variables.member).sort(), 'each job sees its item').to.deep.equal(members)
    expect(jobs.map((j) => j.variables.seenBefore ?? j.variables.verdict ?? null), 'no job sees another inner instance\'s result').to.deep.equal([null, null, null])
    const tasks = await openTasks(ctx, instanceId)
    expect(tasks.map((t) => t.elementId)).to.deep.equal(['review', 'review', 'review'])
    expect(tasks.map((t) => (t.variables as Record<string, unknown>).member).sort(), 'each inbox task sees its item').to.deep.equal(members)
    for (const task of tasks) {
      const member = String((task.variables as Record<string, unknown>).member)
      expect((task.variables as Record<string, unknown>).verdict, 'the task sees its own inner instance\'s job result').to.equal(`checked ${member}`)
    }
    const parentMid = await instanceVariables(ctx, instanceId)
    expect(parentMid, 'nothing of an inner instance reaches the parent while it runs').not.to.have.any.keys('member', 'verdict', 'note', 'loopCounter')
    for (const task of [...tasks].reverse()) await completeTask(task, { note: `seen ${String((task.variables as Record<string, unknown>).member)}` })
    const vars = await instanceVariables(ctx, instanceId)
    expect(vars.results).to.deep.equal(members.map((m) => ({ member: m, verdict: `checked ${m}`, note: `seen ${m}` })))
    expect(vars, 'only the output collection reaches the parent').not.to.have.any.keys('member', 'verdict', 'note', 'loopCounter')
    expect(await openElements(instanceId)).to.deep.equal(['after'])
  })

  it('should run one inner instance after another, each starting from the parent\'s variables, when the sub-process is sequential', async () => {
    await ctx.engine.deploy([subEach('mis_sequential', loop(true, 'outputCollection="verdicts" outputElement="=verdict"'), checkThenReview)])
    const instanceId = await start('mis_sequential', { household: members })
    for (const member of members) {
      const open = await openTasks(ctx, instanceId)
      expect(open.map((t) => (t.variables as Record<string, unknown>).member), `one task, for ${member}`).to.deep.equal([member])
      await completeTask(open[0]!, { note: 'ok' })
    }
    expect(callsOf(ctx, instanceId, 'check').map((j) => [j.variables.member, j.variables.seenBefore ?? j.variables.verdict ?? null])).to.deep.equal(members.map((m) => [m, null]))
    const vars = await instanceVariables(ctx, instanceId)
    expect(vars.verdicts).to.deep.equal(members.map((m) => `checked ${m}`))
    expect(vars).not.to.have.any.keys('member', 'verdict', 'note')
    expect(await openElements(instanceId)).to.deep.equal(['after'])
  })

  it('should end the loop and cancel the other inner instances\' tasks when the completion condition holds', async () => {
    await ctx.engine.deploy([
      subEach('mis_first_yes', loop(false, 'outputCollection="answers" outputElement="=answer"', '=count(answers[item = &quot;yes&quot;]) &gt;= 1'), `${flow('i1', 'is', 'review')}${userTask('review')}${flow('i2', 'review', 'ie')}`),
    ])
    const instanceId = await start('mis_first_yes', { household: members })
    const tasks = await openTasks(ctx, instanceId)
    expect(tasks).to.have.length(3)
    const byMember = (m: string) => tasks.find((t) => (t.variables as Record<string, unknown>).member === m)!
    await completeTask(byMember('anna'), { answer: 'no' })
    expect(await openElements(instanceId), 'a "no" does not end the loop').to.deep.equal(['review', 'review'])
    await completeTask(byMember('ola'), { answer: 'yes' })
    expect(await openElements(instanceId)).to.deep.equal(['after'])
    const vars = await instanceVariables(ctx, instanceId)
    expect(vars.answers).to.deep.equal(['no', null, 'yes'])
    expect(vars).not.to.have.any.keys('answer', 'member')
  })

  it('should hold the instance in an incident naming the sub-process when the collection is not a list', async () => {
    await ctx.engine.deploy([subEach('mis_not_list', loop(false), checkThenReview)])
    const instanceId = await start('mis_not_list', { household: 'anna, jan' })
    const row = await instanceRow(ctx, instanceId)
    expect(row.status).to.equal('incident')
    expect(row.incident).to.include('"each"').and.to.include('not a list')
    expect(callsOf(ctx, instanceId)).to.have.length(0)
  })

  const messageInside = (processId: string) =>
    bpmnFile(
      processId,
      `<bpmn:startEvent id="s" />${flow('f1', 's', 'each')}<bpmn:subProcess id="each">${loop(false, 'outputCollection="answers" outputElement="=answer"')}<bpmn:startEvent id="is" />${flow('i1', 'is', 'reply')}<bpmn:intermediateCatchEvent id="reply"><bpmn:messageEventDefinition messageRef="Msg_mis_reply" /></bpmn:intermediateCatchEvent>${flow('i2', 'reply', 'review')}${userTask('review')}${flow('i3', 'review', 'ie')}<bpmn:endEvent id="ie" /></bpmn:subProcess>${flow('f2', 'each', 'after')}${userTask('after')}${flow('f3', 'after', 'e')}<bpmn:endEvent id="e" />`,
      message('Msg_mis_reply', 'mis-reply', '=prefix + member'),
    )

  it('should deliver a message to the one inner instance whose correlation key it names, with its variables kept in that inner instance', async () => {
    const key = ctx.unique('key')
    await ctx.engine.deploy([messageInside('mis_messages')])
    const instanceId = await start('mis_messages', { household: members, prefix: key })
    expect(await ctx.engine.publishMessage({ name: 'mis-reply', correlationKey: `${key}jan`, variables: { answer: 'from jan' } })).to.deep.equal({ correlated: 1 })
    await ctx.engine.idle()
    const tasks = await openTasks(ctx, instanceId)
    expect(tasks.map((t) => [(t.variables as Record<string, unknown>).member, (t.variables as Record<string, unknown>).answer])).to.deep.equal([['jan', 'from jan']])
    expect(await instanceVariables(ctx, instanceId), 'the message\'s variables stay in the inner instance').not.to.have.property('answer')
  })
})
