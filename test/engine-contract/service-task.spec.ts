// Engine contract: service tasks. The handler sees the variables after the task's input mappings (and the task
// headers, the business key); its result goes back through the output mappings, or is merged as it is when the
// task has none. Structured values (contexts, lists) survive the round trip.
import { expect } from 'chai'
import { complete } from '../../engine/job.ts'
import { bpmnFile, flow, serviceTask } from '../helpers/bpmn-fixture.ts'
import { callsOf, contractTitle, instanceRow, instanceVariables, useContractEngine } from '../helpers/engine-contract.ts'

const mapped = bpmnFile(
  'ct_service_mapped',
  `<bpmn:startEvent id="s" />${flow('f1', 's', 'calc')}
   ${serviceTask(
     'calc',
     'ct-double',
     `<zeebe:taskHeaders><zeebe:header key="channel" value="post" /></zeebe:taskHeaders>
      <zeebe:ioMapping>
        <zeebe:input source="=amount + 1" target="input" />
        <zeebe:input source="=applicant.name" target="who" />
        <zeebe:output source="=result" target="doubled" />
        <zeebe:output source="=who" target="handledFor" />
      </zeebe:ioMapping>`,
   )}
   ${flow('f2', 'calc', 'merge')}${serviceTask('merge', 'ct-household')}${flow('f3', 'merge', 'e')}<bpmn:endEvent id="e" />`,
)

describe(contractTitle('service tasks'), function () {
  const ctx = useContractEngine({
    start: '2026-03-02T08:00:00Z',
    handlers: {
      'ct-double': async (job) => complete({ result: Number(job.variables.input) * 2, scratch: 'not mapped' }),
      'ct-household': async () => complete({ household: { size: 2, members: ['anna', 'jan'] }, checked: true }),
    },
  })

  beforeEach(async () => {
    await ctx.engine.deploy([mapped])
  })

  it('should hand the handler the variables after the input mappings, the headers and the business key when a service task is reached', async () => {
    const businessKey = ctx.unique('case')
    const { instanceId } = await ctx.engine.startInstance({
      processId: 'ct_service_mapped',
      businessKey,
      variables: { amount: 59, applicant: { name: 'Anna', incomes: [900, 0] } },
    })
    await ctx.engine.idle()

    const [job] = callsOf(ctx, instanceId, 'calc')
    expect(callsOf(ctx, instanceId, 'calc'), 'the job ran once').to.have.length(1)
    expect(job).to.include({ type: 'ct-double', elementId: 'calc', businessKey, processInstanceId: instanceId })
    expect(job.variables).to.include({ input: 60, who: 'Anna', amount: 59 })
    expect(job.variables.applicant).to.deep.equal({ name: 'Anna', incomes: [900, 0] })
    expect(job.headers).to.deep.equal({ channel: 'post' })
  })

  it('should apply the output mappings only when the task has them and merge the whole result when it has none', async () => {
    const { instanceId } = await ctx.engine.startInstance({
      processId: 'ct_service_mapped',
      businessKey: ctx.unique('case'),
      variables: { amount: 59, applicant: { name: 'Anna', incomes: [900, 0] } },
    })
    await ctx.engine.idle()

    expect((await instanceRow(ctx, instanceId)).status).to.equal('completed')
    const vars = await instanceVariables(ctx, instanceId)
    expect(vars).to.include({ doubled: 120, handledFor: 'Anna', checked: true, amount: 59 })
    expect(vars.household).to.deep.equal({ size: 2, members: ['anna', 'jan'] })
    expect(vars, 'the result of a task with output mappings stays local').not.to.have.any.keys('result', 'scratch')
    expect(vars, 'input mappings stay local to the task').not.to.have.any.keys('input', 'who')
  })

  it('should give the business key to the instance as the caseId variable when it is started with one', async () => {
    const businessKey = ctx.unique('case')
    const { instanceId } = await ctx.engine.startInstance({
      processId: 'ct_service_mapped',
      businessKey,
      variables: { amount: 1, applicant: { name: 'Jan', incomes: [] } },
    })
    await ctx.engine.idle()

    expect(callsOf(ctx, instanceId, 'merge')[0].variables).to.include({ caseId: businessKey })
    expect(await instanceVariables(ctx, instanceId)).to.include({ caseId: businessKey })
  })
})
