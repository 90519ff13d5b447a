// Engine contract: the BPMN coverage table. Every row of bpmn-coverage.json says, per engine, whether the element
// runs or is refused at deployment; here each row's scenario (coverage-scenarios.ts) is deployed on the engine under
// test and the cell is held to what happens. A cell that claims "runs" for an element the engine refuses, or
// "refused" for one it now runs, fails. README › BPMN coverage is rendered from the same file.
import { expect } from 'chai'
import { readFileSync } from 'node:fs'
import { DeploymentError } from '../../engine/port.ts'
import { contractTitle, useContractEngine } from '../helpers/engine-contract.ts'
import { engineKind } from '../helpers/engine-under-test.ts'
import { COVERAGE_HANDLERS, COVERAGE_SCENARIOS } from './coverage-scenarios.ts'

export interface CoverageRow {
  id: string
  element: string
  embedded: 'runs' | 'refused'
  operaton: 'runs' | 'refused'
}

export const coverageRows: CoverageRow[] = JSON.parse(readFileSync(new URL('./bpmn-coverage.json', import.meta.url), 'utf8')).rows

/** Variables every scenario starts with (the gateways and the script task read them). */
const START_VARIABLES = { amount: 150, needsA: true, needsB: true, needsC: false, amounts: [10, 20, 30] }

describe(contractTitle('BPMN coverage (the README table)'), function () {
  const ctx = useContractEngine({ start: '2026-03-02T08:00:00Z', handlers: COVERAGE_HANDLERS })
  const engine = engineKind()

  it('should have a scenario for every row of the table and a row for every scenario', () => {
    expect(coverageRows.map((r) => r.id).sort()).to.deep.equal(Object.keys(COVERAGE_SCENARIOS).sort())
  })

  for (const row of coverageRows) {
    const claim = row[engine]
    const scenario = COVERAGE_SCENARIOS[row.id]
    if (!scenario) continue // the test above fails
    if (claim === 'runs') {
      it(`should run ${row.element} when deployed (${row.id})`, async () => {
        expect(scenario.run ?? scenario.startsItself, `the scenario of ${row.id} drives a run`).to.be.a('function')
        if (scenario.extraFiles) await ctx.engine.deploy(scenario.extraFiles)
        const deployed = await ctx.engine.deploy([scenario.file]).catch((err: unknown) => err)
        if (deployed instanceof DeploymentError) expect.fail(`refused: ${deployed.problems.map((p) => `${p.elementId}: ${p.message}`).join('; ')}`)
        if (deployed instanceof Error) throw deployed
        if (scenario.startsItself) return scenario.startsItself(ctx)
        const businessKey = ctx.unique('cov')
        const { instanceId } = await ctx.engine.startInstance({ processId: scenario.processId, businessKey, variables: START_VARIABLES })
        await ctx.engine.idle()
        await scenario.run!(ctx, { instanceId, businessKey })
      })
    } else {
      it(`should refuse ${row.element} at deployment, naming the element (${row.id})`, async () => {
        const refused = await ctx.engine.deploy([scenario.file]).catch((err: unknown) => err)
        expect(refused, 'the deployment is refused').to.be.instanceOf(DeploymentError)
        const problems = (refused as DeploymentError).problems
        expect(problems.map((p) => p.elementId), problems.map((p) => p.message).join('; ')).to.include(scenario.refusedElement)
      })
    }
  }
})
