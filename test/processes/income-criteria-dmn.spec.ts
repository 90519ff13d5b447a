// processes/income-criteria.dmn ("kryterium dochodowe") deployed with the processes folder, called from a small
// test process by a business rule task: its answers equal the TypeScript income criteria (domain) on every
// date the parameter file changes a criterion, the day before each, and later dates; before the first value none.
import { expect } from 'chai'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'
import { bpmnFile, flow, userTask } from '../helpers/bpmn-fixture.ts'
import { businessRuleTask } from '../helpers/dmn-fixture.ts'
import { EmbeddedEngine } from '../../engine/embedded/embedded-engine.ts'
import { FakeClock } from '../../engine/clock.ts'
import { deployProcessesFolder, PROCESSES_DIR } from '../../engine/deploy-folder.ts'
import { parametersOn } from '../../domain/income-criteria.ts'
import { PARAMETERS } from '../../domain/benefit-parameters.ts'
import { parseDmn } from '../../engine/embedded/dmn/parse-dmn.ts'
import { evaluateDecisionTable } from '../../engine/embedded/dmn/decision-table.ts'

const dayBefore = (iso: string) => new Date(Date.parse(`${iso}T12:00:00Z`) - 86_400_000).toISOString().slice(0, 10)

describe('processes: income criteria decision (DMN)', function () {
  let db: TestDatabase
  let engine: EmbeddedEngine

  const validFroms = [...new Set(['criterionSingle', 'criterionPerPersonInFamily'].flatMap((k) => PARAMETERS[k as 'criterionSingle'].values.map((v) => v.validFrom)))].sort()
  const dates = [...new Set([...validFroms, ...validFroms.slice(1).map(dayBefore), '2023-06-15', '2026-11-22'])].sort()

  before(async function () {
    db = await createTestDatabase()
    engine = new EmbeddedEngine({ prisma: db.prisma, clock: new FakeClock('2026-11-22T08:00:00Z'), schedulerIntervalMs: 0 })
    const deployed = await deployProcessesFolder(engine)
    expect(deployed.decisions?.map((d) => d.decisionId)).to.deep.equal(['income-criteria'])
    await engine.deploy([
      bpmnFile(
        'criterion-check',
        `<bpmn:startEvent id="s" />${flow('f1', 's', 'criteria')}
         ${businessRuleTask('criteria', 'income-criteria', 'criteria', '<zeebe:ioMapping><zeebe:output source="=criteria.criterionSingle" target="criterionSingle" /><zeebe:output source="=criteria.criterionPerPersonInFamily" target="criterionPerPersonInFamily" /></zeebe:ioMapping>')}
         ${flow('f2', 'criteria', 'g')}<bpmn:exclusiveGateway id="g" default="toBelow" />
         ${flow('toAbove', 'g', 'above', '=income &gt;= criterionSingle')}${flow('toBelow', 'g', 'below')}
         ${userTask('above')}${userTask('below')}`,
      ),
    ])
  })
  after(async () => db?.close())

  it('should list a rule for every dated value of both criteria when the table is read', async () => {
    const xml = await readFile(path.join(PROCESSES_DIR, 'income-criteria.dmn'), 'utf8')
    const parsed = await parseDmn('income-criteria.dmn', xml)
    expect(parsed.problems).to.deep.equal([])
    expect(parsed.decisions[0]).to.include({ decisionId: 'income-criteria', name: 'kryterium dochodowe', hitPolicy: 'UNIQUE' })
    expect(parsed.decisions[0].rules).to.have.length(validFroms.length)
    for (const date of validFroms) {
      const { result } = evaluateDecisionTable(parsed.decisions[0], { applicationDate: date })
      expect(result, date).to.deep.equal({ criterionSingle: parametersOn(date).criterionSingle, criterionPerPersonInFamily: parametersOn(date).criterionPerPersonInFamily })
    }
    expect(evaluateDecisionTable(parsed.decisions[0], { applicationDate: dayBefore(validFroms[0]) }).result, 'before the first value').to.equal(null)
    expect(() => parametersOn(dayBefore(validFroms[0]))).to.throw(RangeError)
  })

  for (const date of dates) {
    it(`should give the same criteria as the TypeScript income criteria when the application is dated ${date}`, async () => {
      const { instanceId } = await engine.startInstance({ processId: 'criterion-check', variables: { applicationDate: date, income: 900 } })
      const inst = await db.prisma.processInstance.findUniqueOrThrow({ where: { id: instanceId } })
      const expected = parametersOn(date)
      expect(inst.variables).to.include({ criterionSingle: expected.criterionSingle, criterionPerPersonInFamily: expected.criterionPerPersonInFamily })
      const [task] = await db.prisma.task.findMany({ where: { instanceId, status: 'open' } })
      expect(task.elementId).to.equal(900 >= expected.criterionSingle ? 'above' : 'below')
    })
  }
})
