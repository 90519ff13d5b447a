// Engine contract: what a handler's outcome does. A BPMN error with a code an error boundary event catches takes
// the boundary's path (with the error's variables); a code nobody catches is an incident. A job that keeps failing
// is retried after its backoff until its retries run out, then it is an incident (ProcessInstance and Job rows in
// status "incident"); retryJob after the cause is fixed runs it again and the process goes on.
import { expect } from 'chai'
import { bpmnError, complete, fail, type JobOutcome } from '../../engine/job.ts'
import { EngineError } from '../../engine/port.ts'
import { bpmnFile, flow, serviceTask, userTask } from '../helpers/bpmn-fixture.ts'
import { advance, callsOf, contractTitle, instanceRow, instanceVariables, openTaskElements, useContractEngine } from '../helpers/engine-contract.ts'

const checked = bpmnFile(
  'ct_job_errors',
  `<bpmn:startEvent id="s" />${flow('f1', 's', 'check')}${serviceTask('check', 'ct-check')}
   <bpmn:boundaryEvent id="refused" attachedToRef="check"><bpmn:errorEventDefinition errorRef="Err_ct_refused" /></bpmn:boundaryEvent>
   ${flow('f2', 'refused', 'explain')}${userTask('explain', '<zeebe:assignmentDefinition candidateGroups="caseworkers" />')}${flow('f3', 'explain', 'eRefused')}<bpmn:endEvent id="eRefused" />
   ${flow('f4', 'check', 'proceed')}${userTask('proceed', '<zeebe:assignmentDefinition candidateGroups="caseworkers" />')}${flow('f5', 'proceed', 'eOk')}<bpmn:endEvent id="eOk" />`,
  '<bpmn:error id="Err_ct_refused" name="Refused" errorCode="CT_REFUSED" />',
)

describe(contractTitle('job outcomes, incidents and retries'), function () {
  let outcome: () => JobOutcome
  const ctx = useContractEngine({ start: '2026-03-02T08:00:00Z', handlers: { 'ct-check': async () => outcome() } })

  beforeEach(async () => {
    outcome = () => complete({ checkedOk: true })
    await ctx.engine.deploy([checked])
  })

  const start = async () => {
    const { instanceId } = await ctx.engine.startInstance({ processId: 'ct_job_errors', businessKey: ctx.unique('case') })
    await ctx.engine.idle()
    return instanceId
  }
  const jobOf = (instanceId: string) => ctx.db.prisma.job.findFirstOrThrow({ where: { instanceId, elementId: 'check' } })

  /** Moves the clock on ten minutes at a time until the instance is in incident (at most `rounds` times). */
  async function runUntilIncident(instanceId: string, rounds = 10) {
    for (let i = 0; i < rounds; i++) {
      if ((await instanceRow(ctx, instanceId)).status === 'incident') return
      await advance(ctx, 10 * 60_000)
    }
  }

  it('should go on along the normal flow with the result when the handler completes', async () => {
    const instanceId = await start()

    expect(await openTaskElements(ctx, instanceId)).to.deep.equal(['proceed'])
    expect(await instanceVariables(ctx, instanceId)).to.include({ checkedOk: true })
    expect((await jobOf(instanceId)).status).to.equal('completed')
  })

  it('should take the error boundary path with the error variables when the handler throws a BPMN error it catches', async () => {
    outcome = () => bpmnError('CT_REFUSED', 'not eligible', { refusalReason: 'income' })

    const instanceId = await start()

    expect(await openTaskElements(ctx, instanceId)).to.deep.equal(['explain'])
    expect(await instanceVariables(ctx, instanceId)).to.include({ refusalReason: 'income' })
    expect((await instanceRow(ctx, instanceId)).status).to.equal('waiting')
  })

  it('should raise an incident when no error boundary event catches the BPMN error code', async () => {
    outcome = () => bpmnError('CT_UNKNOWN', 'nobody catches this')

    const instanceId = await start()
    await runUntilIncident(instanceId)

    const row = await instanceRow(ctx, instanceId)
    expect(row.status).to.equal('incident')
    expect(row.incident).to.contain('CT_UNKNOWN')
    expect((await jobOf(instanceId)).status).to.equal('incident')
    expect(await openTaskElements(ctx, instanceId)).to.deep.equal([])
  })

  it('should retry a failing job only after its backoff and raise an incident when its retries run out', async () => {
    outcome = () => fail('register unreachable')

    const instanceId = await start()
    expect(callsOf(ctx, instanceId, 'check'), 'the first attempt').to.have.length(1)
    await ctx.engine.runDueWork()
    await ctx.engine.idle()
    expect(callsOf(ctx, instanceId, 'check'), 'not again before the backoff').to.have.length(1)
    expect((await instanceRow(ctx, instanceId)).status).not.to.equal('incident')

    await runUntilIncident(instanceId)

    expect(callsOf(ctx, instanceId, 'check'), 'retries="3": three attempts').to.have.length(3)
    const row = await instanceRow(ctx, instanceId)
    expect(row.status).to.equal('incident')
    expect(row.incident).to.contain('register unreachable')
    expect(row.incidentAt).not.to.equal(null)
    const job = await jobOf(instanceId)
    expect(job).to.include({ status: 'incident', retries: 0, type: 'ct-check' })
    expect(job.errorMessage).to.contain('register unreachable')
    await advance(ctx, 60 * 60_000)
    expect(callsOf(ctx, instanceId, 'check'), 'no attempt while in incident').to.have.length(3)
  })

  it('should run the job again and go on when a job in incident is retried after the cause is fixed', async () => {
    outcome = () => fail('register unreachable')
    const instanceId = await start()
    await runUntilIncident(instanceId)
    const job = await jobOf(instanceId)
    expect(job.status).to.equal('incident')

    outcome = () => complete({ checkedOk: true })
    await ctx.engine.retryJob(job.id)
    await ctx.engine.idle()
    await ctx.engine.runDueWork()
    await ctx.engine.idle()

    expect(callsOf(ctx, instanceId, 'check')).to.have.length(4)
    const row = await instanceRow(ctx, instanceId)
    expect(row).to.include({ status: 'waiting', incident: null, incidentAt: null })
    expect(await openTaskElements(ctx, instanceId)).to.deep.equal(['proceed'])
    expect((await jobOf(instanceId)).status).to.equal('completed')
  })

  it('should refuse with NOT_FOUND to retry a job that is not in incident', async () => {
    const instanceId = await start()
    const job = await jobOf(instanceId)

    const completed = await ctx.engine.retryJob(job.id).catch((e: unknown) => e)
    const unknown = await ctx.engine.retryJob('no-such-job').catch((e: unknown) => e)

    expect(completed).to.be.instanceOf(EngineError).and.include({ code: 'NOT_FOUND' })
    expect(unknown).to.be.instanceOf(EngineError).and.include({ code: 'NOT_FOUND' })
  })
})
