// Engine contract: long and deep processes run (issue 13). On the embedded engine a chain of steps that never waits
// ran in one synchronous call stack: 500 gateways in a row overflowed it (an incident) and held the server
// meanwhile; now a run yields to the event loop every STEPS_PER_TICK steps (engine/embedded/zeebe-elements.ts).
import { expect } from 'chai'
import { bpmnFile, flow, userTask } from '../helpers/bpmn-fixture.ts'
import { contractTitle, instanceRow, openTaskElements, useContractEngine } from '../helpers/engine-contract.ts'

/** start → n exclusive gateways in a row (each with a condition that holds and a default flow) → a user task. */
function gatewayChain(processId: string, n: number) {
  let body = '<bpmn:startEvent id="s" />'
  let previous = 's'
  for (let i = 0; i < n; i++) {
    body += `${flow(`in${i}`, previous, `g${i}`)}<bpmn:exclusiveGateway id="g${i}" default="d${i}" />`
    body += `${flow(`c${i}`, `g${i}`, `j${i}`, `=step &lt; ${n + 1}`)}${flow(`d${i}`, `g${i}`, `j${i}`)}<bpmn:exclusiveGateway id="j${i}" />`
    previous = `j${i}`
  }
  return bpmnFile(processId, `${body}${flow('last', previous, 'after')}${userTask('after')}${flow('out', 'after', 'e')}<bpmn:endEvent id="e" />`)
}

/** `depth` sub-processes one inside the other, the user task in the innermost. */
function nestedSubProcesses(processId: string, depth: number) {
  let inner = `<bpmn:startEvent id="s${depth}" />${flow(`f${depth}a`, `s${depth}`, 'after')}${userTask('after')}${flow(`f${depth}b`, 'after', `e${depth}`)}<bpmn:endEvent id="e${depth}" />`
  for (let level = depth - 1; level >= 0; level--) {
    inner = `<bpmn:startEvent id="s${level}" />${flow(`f${level}a`, `s${level}`, `sub${level}`)}<bpmn:subProcess id="sub${level}">${inner}</bpmn:subProcess>${flow(`f${level}b`, `sub${level}`, `e${level}`)}<bpmn:endEvent id="e${level}" />`
  }
  return bpmnFile(processId, inner)
}

describe(contractTitle('long and deep processes'), function () {
  const ctx = useContractEngine({ start: '2026-03-02T08:00:00Z' })

  it('should reach the task after 1,000 gateways in a row instead of an incident', async function () {
    this.timeout(180_000)
    await ctx.engine.deploy([gatewayChain('ct_long_chain', 1000)])

    const { instanceId } = await ctx.engine.startInstance({ processId: 'ct_long_chain', businessKey: ctx.unique('case'), variables: { step: 1 } })
    await ctx.engine.idle()

    expect((await instanceRow(ctx, instanceId)).status).to.equal('waiting')
    expect(await openTaskElements(ctx, instanceId)).to.deep.equal(['after'])
  })

  it('should reach a task 30 sub-processes deep and complete the instance through all of them', async function () {
    this.timeout(180_000)
    await ctx.engine.deploy([nestedSubProcesses('ct_deep_nesting', 30)])

    const { instanceId } = await ctx.engine.startInstance({ processId: 'ct_deep_nesting', businessKey: ctx.unique('case') })
    await ctx.engine.idle()
    expect(await openTaskElements(ctx, instanceId)).to.deep.equal(['after'])
    const [task] = await ctx.db.prisma.task.findMany({ where: { instanceId, status: 'open' } })
    await ctx.engine.completeUserTask(task!.engineKey, {})
    await ctx.engine.idle()

    expect((await instanceRow(ctx, instanceId)).status).to.equal('completed')
  })
})
