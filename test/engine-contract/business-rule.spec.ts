// Engine contract: business rule tasks calling a DMN decision (zeebe:calledDecision). The result goes to the result
// variable in the shape the hit policy gives (one value for a single hit, a list for COLLECT) and a later gateway
// routes on it; no job is made for it.
import { expect } from 'chai'
import { bpmnFile, flow, userTask } from '../helpers/bpmn-fixture.ts'
import { businessRuleTask, dmnFile } from '../helpers/dmn-fixture.ts'
import { contractTitle, instanceVariables, openTaskElements, useContractEngine } from '../helpers/engine-contract.ts'

const level = dmnFile({
  decisionId: 'ct_income_level',
  hitPolicy: 'UNIQUE',
  inputs: ['income'],
  outputs: ['level'],
  rules: [['< 1000', '"low"'], ['>= 1000', '"high"']],
})

const benefits = dmnFile({
  decisionId: 'ct_benefits',
  hitPolicy: 'COLLECT',
  inputs: ['householdSize', 'disabled'],
  outputs: ['benefit'],
  rules: [
    ['>= 1', '-', '"food"'],
    ['>= 3', '-', '"housing"'],
    ['-', 'true', '"care"'],
  ],
})

const routed = bpmnFile(
  'ct_business_rule',
  `<bpmn:startEvent id="s" />${flow('f1', 's', 'decide')}${businessRuleTask('decide', 'ct_income_level', 'incomeLevel')}
   ${flow('f2', 'decide', 'collect')}${businessRuleTask('collect', 'ct_benefits', 'benefitList')}
   ${flow('f3', 'collect', 'route')}<bpmn:exclusiveGateway id="route" default="toHigh" />
   ${flow('toLow', 'route', 'low', '=incomeLevel = &quot;low&quot;')}${flow('toHigh', 'route', 'high')}
   ${userTask('low', '<zeebe:assignmentDefinition candidateGroups="caseworkers" />')}${userTask('high', '<zeebe:assignmentDefinition candidateGroups="caseworkers" />')}
   ${flow('f4', 'low', 'e1')}<bpmn:endEvent id="e1" />${flow('f5', 'high', 'e2')}<bpmn:endEvent id="e2" />`,
)

describe(contractTitle('business rule tasks (DMN)'), function () {
  const ctx = useContractEngine({ start: '2026-03-02T08:00:00Z' })

  beforeEach(async () => {
    await ctx.engine.deploy([level, benefits, routed])
  })

  const start = async (variables: Record<string, unknown>) => {
    const { instanceId } = await ctx.engine.startInstance({ processId: 'ct_business_rule', businessKey: ctx.unique('case'), variables })
    await ctx.engine.idle()
    return instanceId
  }

  it('should store a single-hit decision result in the result variable and route the gateway on it', async () => {
    const low = await start({ income: 700, householdSize: 1, disabled: false })
    const high = await start({ income: 1200, householdSize: 1, disabled: false })

    expect(await instanceVariables(ctx, low)).to.include({ incomeLevel: 'low' })
    expect(await instanceVariables(ctx, high)).to.include({ incomeLevel: 'high' })
    expect(await openTaskElements(ctx, low)).to.deep.equal(['low'])
    expect(await openTaskElements(ctx, high)).to.deep.equal(['high'])
    expect(await ctx.db.prisma.job.count({ where: { instanceId: { in: [low, high] } } }), 'no job: evaluated by the engine').to.equal(0)
  })

  it('should store the outputs of every matching rule as a list when the hit policy is COLLECT', async () => {
    const instanceId = await start({ income: 700, householdSize: 4, disabled: true })

    expect((await instanceVariables(ctx, instanceId)).benefitList).to.have.members(['food', 'housing', 'care'])
  })

  it('should store an empty list when no rule of a COLLECT decision matches', async () => {
    const instanceId = await start({ income: 700, householdSize: 0, disabled: false })

    expect((await instanceVariables(ctx, instanceId)).benefitList).to.deep.equal([])
  })
})
