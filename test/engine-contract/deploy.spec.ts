// Engine contract: deployments are checked before anything is stored. A broken BPMN file is refused with a
// DeploymentError naming the resource and the element; a bad file makes the whole deployment fail (the good files
// with it are not deployed either); the application's deployment guard is applied the same way.
import { expect } from 'chai'
import { complete } from '../../engine/job.ts'
import { DeploymentError, EngineError, type DeploymentProblem } from '../../engine/port.ts'
import { bpmnFile, flow, serviceTask, userTask } from '../helpers/bpmn-fixture.ts'
import { advance, contractTitle, instanceRow, openTaskElements, useContractEngine } from '../helpers/engine-contract.ts'

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

  it('should deploy a service task whose job type has no handler with a warning naming the element, and leave its job waiting instead of an incident', async () => {
    const file = bpmnFile('ct_deploy_job_type', `<bpmn:startEvent id="s" />${flow('f1', 's', 'work')}${serviceTask('work', 'ct-no-such-type')}${flow('f2', 'work', 'e')}<bpmn:endEvent id="e" />`)

    const deployed = await ctx.engine.deploy([file])

    expect(deployed.warnings).to.deep.include({
      resource: 'ct_deploy_job_type.bpmn',
      elementId: 'work',
      rule: 'job-type',
      message: 'No handler is registered for job type "ct-no-such-type": its jobs wait until a worker for it runs',
    })
    const { instanceId } = await ctx.engine.startInstance({ processId: 'ct_deploy_job_type', businessKey: ctx.unique('case') })
    await ctx.engine.idle()
    await advance(ctx, 60 * 60_000)

    const job = await ctx.db.prisma.job.findFirst({ where: { instanceId, elementId: 'work' } })
    expect(job, 'the job row').to.include({ type: 'ct-no-such-type', status: 'pending' })
    expect((await instanceRow(ctx, instanceId)).status, 'waiting is not an incident').to.equal('waiting')
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
    const file = bpmnFile('ct_deploy_script', `<bpmn:startEvent id="s" />${flow('f1', 's', 'script')}<bpmn:complexGateway id="script" />${flow('f2', 'script', 'e')}<bpmn:endEvent id="e" />`)

    const problems = problemsOf(await ctx.engine.deploy([file]).catch((e: unknown) => e))

    expect(problems.map((p) => `${p.elementId}:${p.rule}`)).to.include('script:supported-subset')
  })

  it('should refuse malformed XML naming the resource', async () => {
    const problems = problemsOf(await ctx.engine.deploy([{ name: 'ct_deploy_broken.bpmn', content: '<bpmn:definitions><oops' }]).catch((e: unknown) => e))

    expect(problems[0]).to.include({ resource: 'ct_deploy_broken.bpmn', rule: 'xml' })
    expect(problems[0]!.message, 'where it breaks, as an editor counts').to.include('(line 1, column 19: unclosed tag)')
  })

  it('should deploy none of the files when one of them is refused', async () => {
    const processId = ctx.unique('ct_deploy_good').replace(/-/g, '_')
    const good = bpmnFile(processId, `<bpmn:startEvent id="s" />${flow('f1', 's', 'work')}${serviceTask('work', 'ct-deploy-noop')}${flow('f2', 'work', 'e')}<bpmn:endEvent id="e" />`)
    const bad = bpmnFile('ct_deploy_bad', `<bpmn:startEvent id="s" />${flow('f1', 's', 'work')}<bpmn:complexGateway id="work" />${flow('f2', 'work', 'e')}<bpmn:endEvent id="e" />`)

    problemsOf(await ctx.engine.deploy([good, bad]).catch((e: unknown) => e))

    expect((await ctx.engine.listProcesses()).map((p) => p.id)).not.to.include(processId)
    const start = await ctx.engine.startInstance({ processId }).catch((e: unknown) => e)
    expect(start).to.be.instanceOf(EngineError).and.include({ code: 'NOT_FOUND' })
  })

  it('should deploy and run a file whose diagram names elements that are not there, with a warning naming the shape', async () => {
    const processId = ctx.unique('ct_deploy_diagram').replace(/-/g, '_')
    const file = {
      name: `${processId}.bpmn`,
      content: `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"
  xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="Definitions_${processId}" targetNamespace="http://welfare-flow.local/test">
  <bpmn:process id="${processId}" isExecutable="true">
    <bpmn:startEvent id="s" />${flow('f1', 's', 'check')}${userTask('check')}${flow('f2', 'check', 'e')}<bpmn:endEvent id="e" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="Diagram_1"><bpmndi:BPMNPlane id="Plane_1" bpmnElement="Collaboration_gone">
    <bpmndi:BPMNShape id="Shape_check" bpmnElement="check"><dc:Bounds x="100" y="80" width="100" height="80" /></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="Shape_gone" bpmnElement="Task_deleted_long_ago"><dc:Bounds x="300" y="80" width="100" height="80" /></bpmndi:BPMNShape>
  </bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
</bpmn:definitions>`,
    }

    const deployed = await ctx.engine.deploy([file])

    expect(deployed.warnings?.map((w) => `${w.elementId}:${w.rule}`)).to.include.members(['Shape_gone:diagram', 'Plane_1:diagram'])
    const { instanceId } = await ctx.engine.startInstance({ processId, businessKey: ctx.unique('case') })
    await ctx.engine.idle()
    expect(await openTaskElements(ctx, instanceId)).to.deep.equal(['check'])
  })

  /** A collaboration as a modeler draws it: another party's pool (not executable, listed first) beside ours. */
  const withPool = (processId: string, poolId: string, poolExecutable: boolean | null, ours: string) => ({
    name: `${processId}.bpmn`,
    content: `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="Definitions_${processId}" targetNamespace="http://welfare-flow.local/test">
  <bpmn:collaboration id="Collab_${processId}">
    <bpmn:participant id="Applicant_${processId}" name="Wnioskodawca" processRef="${poolId}" />
    <bpmn:participant id="Centre_${processId}" name="MOPS" processRef="${processId}" />
    <bpmn:messageFlow id="Apply_${processId}" sourceRef="apply" targetRef="s" />
  </bpmn:collaboration>
  <bpmn:process id="${poolId}" name="Wnioskodawca"${poolExecutable === null ? '' : ` isExecutable="${poolExecutable}"`}>
    <bpmn:startEvent id="p_s" />${flow('p_f1', 'p_s', 'apply')}
    <bpmn:sendTask id="apply" name="Składa wniosek" />${flow('p_f2', 'apply', 'p_script')}
    <bpmn:scriptTask id="p_script" />${flow('p_f3', 'p_script', 'p_e')}<bpmn:endEvent id="p_e" />
  </bpmn:process>
  <bpmn:process id="${processId}" name="${processId}" isExecutable="true">${ours}</bpmn:process>
</bpmn:definitions>`,
  })

  it('should deploy and run the executable process and leave another party\'s non-executable pool alone when a file has both', async () => {
    const processId = ctx.unique('ct_deploy_collab').replace(/-/g, '_')
    const poolId = `${processId}_applicant`
    const file = withPool(processId, poolId, false, `<bpmn:startEvent id="s" />${flow('f1', 's', 'work')}${serviceTask('work', 'ct-deploy-noop')}${flow('f2', 'work', 'e')}<bpmn:endEvent id="e" />`)

    const deployed = await ctx.engine.deploy([file])

    expect(deployed.processes.map((p) => p.processId)).to.deep.equal([processId])
    expect((await ctx.engine.listProcesses()).map((p) => p.id)).to.include(processId).and.not.include(poolId)
    const { instanceId } = await ctx.engine.startInstance({ processId })
    await ctx.engine.idle()
    expect(ctx.calls.map((c) => c.elementId)).to.deep.equal(['work'])
    expect((await ctx.db.prisma.processInstance.findUniqueOrThrow({ where: { id: instanceId } })).status).to.equal('completed')
  })

  it('should refuse a file whose only processes are marked not executable, naming them', async () => {
    const processId = ctx.unique('ct_deploy_none').replace(/-/g, '_')
    const file = withPool(processId, `${processId}_applicant`, false, '<bpmn:startEvent id="s" />')
    file.content = file.content.replace(`id="${processId}" name="${processId}" isExecutable="true"`, `id="${processId}" name="${processId}" isExecutable="false"`)

    const problems = problemsOf(await ctx.engine.deploy([file]).catch((e: unknown) => e))

    expect(problems.filter((p) => p.rule === 'process').map((p) => p.elementId)).to.have.members([`${processId}_applicant`, processId])
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
