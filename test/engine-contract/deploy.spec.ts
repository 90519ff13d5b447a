// Engine contract: deployments are checked before anything is stored. A broken BPMN file is refused with a
// DeploymentError naming the resource and the element; a bad file makes the whole deployment fail (the good files
// with it are not deployed either); the application's deployment guard is applied the same way.
import { expect } from 'chai'
import { complete } from '../../engine/job.ts'
import { DeploymentError, EngineError, type DeploymentProblem } from '../../engine/port.ts'
import { bpmnFile, flow, serviceTask, userTask } from '../helpers/bpmn-fixture.ts'
import { contractTitle, useContractEngine } from '../helpers/engine-contract.ts'

const problemsOf = (err: unknown): DeploymentProblem[] => {
  expect(err).to.be.instanceOf(DeploymentError)
  return (err as DeploymentError).problems
}

describe(contractTitle('deployment checks'), function () {
  const guarded = new Set<string>()
  const ctx = useContractEngine({
    start: '2026-03-02T08:00:00Z',
    handlers: { 'ct-deploy-noop': async () => complete() },
    deploymentGuard: async (resources) =>
      resources
        .filter((r) => guarded.has(r.name))
        .map((r) => ({ resource: r.name, elementId: null, rule: 'ct-guard', message: 'Refused by the application' })),
  })

  afterEach(() => guarded.clear())

  it('should refuse a service task whose job type has no handler, naming the element', async () => {
    const file = bpmnFile('ct_deploy_job_type', `<bpmn:startEvent id="s" />${flow('f1', 's', 'work')}${serviceTask('work', 'ct-no-such-type')}${flow('f2', 'work', 'e')}<bpmn:endEvent id="e" />`)

    const problems = problemsOf(await ctx.engine.deploy([file]).catch((e: unknown) => e))

    expect(problems).to.deep.include({ resource: 'ct_deploy_job_type.bpmn', elementId: 'work', rule: 'job-type', message: 'No handler is registered for job type "ct-no-such-type"' })
  })

  it('should refuse a gateway flow without a condition and an unparsable FEEL condition, naming the flows', async () => {
    const file = bpmnFile(
      'ct_deploy_gateway',
      `<bpmn:startEvent id="s" />${flow('f1', 's', 'g')}<bpmn:exclusiveGateway id="g" />
       ${flow('bad', 'g', 'a', '=(income &lt; 823')}${flow('bare', 'g', 'b')}${userTask('a')}${userTask('b')}`,
    )

    const problems = problemsOf(await ctx.engine.deploy([file]).catch((e: unknown) => e))

    expect(problems.map((p) => `${p.resource}#${p.elementId}:${p.rule}`)).to.include.members(['ct_deploy_gateway.bpmn#bad:feel', 'ct_deploy_gateway.bpmn#bare:gateway'])
  })

  it('should refuse an element outside the supported subset, naming it', async () => {
    const file = bpmnFile('ct_deploy_script', `<bpmn:startEvent id="s" />${flow('f1', 's', 'script')}<bpmn:scriptTask id="script" />${flow('f2', 'script', 'e')}<bpmn:endEvent id="e" />`)

    const problems = problemsOf(await ctx.engine.deploy([file]).catch((e: unknown) => e))

    expect(problems.map((p) => `${p.elementId}:${p.rule}`)).to.include('script:supported-subset')
  })

  it('should refuse malformed XML naming the resource', async () => {
    const problems = problemsOf(await ctx.engine.deploy([{ name: 'ct_deploy_broken.bpmn', content: '<bpmn:definitions><oops' }]).catch((e: unknown) => e))

    expect(problems[0]).to.include({ resource: 'ct_deploy_broken.bpmn', rule: 'xml' })
  })

  it('should deploy none of the files when one of them is refused', async () => {
    const processId = ctx.unique('ct_deploy_good').replace(/-/g, '_')
    const good = bpmnFile(processId, `<bpmn:startEvent id="s" />${flow('f1', 's', 'work')}${serviceTask('work', 'ct-deploy-noop')}${flow('f2', 'work', 'e')}<bpmn:endEvent id="e" />`)
    const bad = bpmnFile('ct_deploy_bad', `<bpmn:startEvent id="s" />${flow('f1', 's', 'work')}${serviceTask('work', 'ct-no-such-type')}${flow('f2', 'work', 'e')}<bpmn:endEvent id="e" />`)

    problemsOf(await ctx.engine.deploy([good, bad]).catch((e: unknown) => e))

    expect((await ctx.engine.listProcesses()).map((p) => p.id)).not.to.include(processId)
    const start = await ctx.engine.startInstance({ processId }).catch((e: unknown) => e)
    expect(start).to.be.instanceOf(EngineError).and.include({ code: 'NOT_FOUND' })
  })

  it('should refuse a deployment the application guard rejects and deploy it once the guard lets it through', async () => {
    const processId = ctx.unique('ct_deploy_guarded').replace(/-/g, '_')
    const file = bpmnFile(processId, `<bpmn:startEvent id="s" />${flow('f1', 's', 'e')}<bpmn:endEvent id="e" />`)
    guarded.add(file.name)

    const problems = problemsOf(await ctx.engine.deploy([file]).catch((e: unknown) => e))
    expect(problems).to.deep.equal([{ resource: file.name, elementId: null, rule: 'ct-guard', message: 'Refused by the application' }])
    expect((await ctx.engine.listProcesses()).map((p) => p.id)).not.to.include(processId)

    guarded.clear()
    const deployed = await ctx.engine.deploy([file])
    expect(deployed.processes.map((p) => p.processId)).to.deep.equal([processId])
    expect((await ctx.engine.listProcesses()).map((p) => p.id)).to.include(processId)
  })
})
