// Engine contract: multi-instance call activities (zeebe:loopCharacteristics on a call activity), on both engines:
// one called instance per item, each receiving its item (the input element); what a called instance returns stays
// with its inner instance, and only the output element reaches the caller, in the output collection (item order).
// Both engines run them in parallel and one after another (on Operaton a sequential loop runs its inner instances on
// one execution: what a called instance brought back is removed when its inner instance ends, LoopFeel.release).
import { expect } from 'chai'
import { complete } from '../../engine/job.ts'
import { bpmnFile, flow, serviceTask, userTask } from '../helpers/bpmn-fixture.ts'
import { contractTitle, instanceVariables, openTasks, useContractEngine } from '../helpers/engine-contract.ts'

const loop = (sequential: boolean, output = '') =>
  `<bpmn:multiInstanceLoopCharacteristics isSequential="${sequential}"><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=household" inputElement="member" ${output} /></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics>`

const called = bpmnFile('mic_called', `<bpmn:startEvent id="cs" />${flow('c1', 'cs', 'check')}${serviceTask('check', 'mic-check')}${flow('c2', 'check', 'ce')}<bpmn:endEvent id="ce" />`)

const caller = (processId: string, sequential: boolean) =>
  bpmnFile(
    processId,
    `<bpmn:startEvent id="s" />${flow('f1', 's', 'each')}<bpmn:callActivity id="each"><bpmn:extensionElements><zeebe:calledElement processId="mic_called" /></bpmn:extensionElements>${loop(sequential, 'outputCollection="verdicts" outputElement="=verdict"')}</bpmn:callActivity>${flow('f2', 'each', 'after')}${userTask('after')}${flow('f3', 'after', 'e')}<bpmn:endEvent id="e" />`,
  )

const members = ['anna', 'jan', 'ola']

describe(contractTitle('multi-instance call activities'), function () {
  const ctx = useContractEngine({
    start: '2026-03-02T08:00:00Z',
    handlers: { 'mic-check': async (job) => complete({ verdict: `checked ${String(job.variables.member)}` }) },
  })
  const start = async (processId: string, variables: Record<string, unknown>) => {
    const { instanceId } = await ctx.engine.startInstance({ processId, businessKey: ctx.unique('mic'), variables })
    await ctx.engine.idle()
    return instanceId
  }
  const openElements = async (instanceId: string) => (await openTasks(ctx, instanceId)).map((t) => t.elementId)

  for (const sequential of [false, true]) {
    it(`should start one called instance per item, each receiving its item, and collect their results in item order when the call activity is ${sequential ? 'sequential' : 'parallel'}`, async () => {
      await ctx.engine.deploy([called])
      const processId = sequential ? 'mic_sequential' : 'mic_parallel'
      await ctx.engine.deploy([caller(processId, sequential)])
      const instanceId = await start(processId, { household: members })
      const jobs = ctx.calls.filter((j) => j.elementId === 'check')
      expect(jobs.map((j) => j.variables.member).sort(), 'each called instance receives its item').to.deep.equal(members)
      expect(jobs.map((j) => j.variables.verdict ?? null), 'no called instance sees another one\'s result').to.deep.equal([null, null, null])
      const vars = await instanceVariables(ctx, instanceId)
      expect(vars.verdicts).to.deep.equal(members.map((m) => `checked ${m}`))
      expect(vars, 'only the output collection reaches the caller').not.to.have.any.keys('member', 'verdict')
      expect(await openElements(instanceId)).to.deep.equal(['after'])
    })
  }
})
