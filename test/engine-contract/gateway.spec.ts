// Engine contract: exclusive gateways with FEEL conditions. The flow whose condition holds is taken, over plain and
// structured variables; the default flow when none holds.
import { expect } from 'chai'
import { bpmnFile, flow, userTask } from '../helpers/bpmn-fixture.ts'
import { contractTitle, openTaskElements, useContractEngine } from '../helpers/engine-contract.ts'

const routing = bpmnFile(
  'ct_gateway',
  `<bpmn:startEvent id="s" />${flow('f1', 's', 'route')}
   <bpmn:exclusiveGateway id="route" default="toOther" />
   ${flow('toA', 'route', 'kindA', '=kind = &quot;a&quot;')}
   ${flow('toMany', 'route', 'manyItems', '=kind != &quot;a&quot; and count(items) &gt; 2')}
   ${flow('toOther', 'route', 'other')}
   ${userTask('kindA')}${userTask('manyItems')}${userTask('other')}
   ${flow('f2', 'kindA', 'e1')}<bpmn:endEvent id="e1" />${flow('f3', 'manyItems', 'e2')}<bpmn:endEvent id="e2" />${flow('f4', 'other', 'e3')}<bpmn:endEvent id="e3" />`,
)

describe(contractTitle('exclusive gateways (FEEL)'), function () {
  const ctx = useContractEngine({ start: '2026-03-02T08:00:00Z' })

  const routeOf = async (variables: Record<string, unknown>) => {
    const { instanceId } = await ctx.engine.startInstance({ processId: 'ct_gateway', businessKey: ctx.unique('case'), variables })
    await ctx.engine.idle()
    return openTaskElements(ctx, instanceId)
  }

  beforeEach(async () => {
    await ctx.engine.deploy([routing])
  })

  it('should take the first conditional flow when its condition holds', async () => {
    expect(await routeOf({ kind: 'a', items: [1, 2, 3] })).to.deep.equal(['kindA'])
  })

  it('should take the second conditional flow when its condition over a list holds', async () => {
    expect(await routeOf({ kind: 'b', items: [1, 2, 3] })).to.deep.equal(['manyItems'])
  })

  it('should take the default flow when no condition holds', async () => {
    expect(await routeOf({ kind: 'b', items: [1] })).to.deep.equal(['other'])
  })
})
