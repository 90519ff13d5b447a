// Business rule tasks on the embedded engine: zeebe:calledDecision evaluates the latest deployed version of a DMN
// decision inside the run (result variable, then output mappings, then the gateway sees it); a failing evaluation
// is an incident; zeebe:taskDefinition makes it a job like a service task.
import { expect } from 'chai'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'
import { bpmnFile, flow, userTask } from '../helpers/bpmn-fixture.ts'
import { businessRuleTask, dmnFile, type TableSpec } from '../helpers/dmn-fixture.ts'
import { EmbeddedEngine, IncidentRaised } from '../../engine/embedded/embedded-engine.ts'
import { FakeClock } from '../../engine/clock.ts'
import { DeploymentError } from '../../engine/port.ts'
import { complete } from '../../engine/job.ts'

const levels = (limit: number): TableSpec => ({
  decisionId: 'level',
  hitPolicy: 'UNIQUE',
  inputs: ['income'],
  outputs: ['level'],
  rules: [[`< ${limit}`, '"low"'], [`>= ${limit}`, '"high"']],
})

const process = (extra = '') =>
  bpmnFile(
    'brt',
    `<bpmn:startEvent id="s" />${flow('f1', 's', 'decide')}
     ${businessRuleTask('decide', 'level', 'incomeLevel', extra)}
     ${flow('f2', 'decide', 'g')}
     <bpmn:exclusiveGateway id="g" default="toHigh" />
     ${flow('toLow', 'g', 'low', '=incomeLevel = "low"')}${flow('toHigh', 'g', 'high')}
     ${userTask('low')}${userTask('high')}`,
  )

describe('embedded engine: business rule tasks (DMN)', function () {
  let db: TestDatabase
  let clock: FakeClock
  let engine: EmbeddedEngine

  before(async function () {
    db = await createTestDatabase()
  })
  after(async () => db?.close())
  beforeEach(async () => {
    await db.reset()
    clock = new FakeClock('2026-03-02T08:00:00Z')
    engine = new EmbeddedEngine({ prisma: db.prisma, clock, schedulerIntervalMs: 0 })
    engine.registerHandler({ taskType: 'rate', handle: async () => complete({ rated: true }) })
  })

  const openTaskIds = async () => (await db.prisma.task.findMany({ where: { status: 'open' } })).map((t) => t.elementId)
  const vars = async (id: string) => (await db.prisma.processInstance.findUniqueOrThrow({ where: { id } })).variables as Record<string, unknown>

  it('should store the decision result in the result variable and route the gateway on it when a business rule task calls a decision', async () => {
    const result = await engine.deploy([dmnFile(levels(1000)), process()])
    expect(result.decisions).to.deep.equal([{ decisionId: 'level', name: 'level', version: 1, duplicate: false }])
    const low = await engine.startInstance({ processId: 'brt', variables: { income: 700 } })
    const high = await engine.startInstance({ processId: 'brt', variables: { income: 1200 } })
    expect((await vars(low.instanceId)).incomeLevel).to.equal('low')
    expect((await vars(high.instanceId)).incomeLevel).to.equal('high')
    expect((await openTaskIds()).sort()).to.deep.equal(['high', 'low'])
    expect(await db.prisma.job.count(), 'no job: evaluated in the run').to.equal(0)
  })

  it('should apply the output mappings to the result when the task has them', async () => {
    await engine.deploy([
      dmnFile(levels(1000)),
      process('<zeebe:ioMapping><zeebe:output source="=upper case(incomeLevel)" target="levelUpper" /></zeebe:ioMapping>'),
    ])
    const { instanceId } = await engine.startInstance({ processId: 'brt', variables: { income: 700 } })
    const v = await vars(instanceId)
    expect(v.levelUpper).to.equal('LOW')
    expect(v, 'with output mappings the result variable stays local').not.to.have.property('incomeLevel')
  })

  it('should evaluate the latest version of the decision when a new one is deployed after the process', async () => {
    await engine.deploy([dmnFile(levels(1000)), process()])
    const second = await engine.deploy([dmnFile(levels(500))])
    expect(second.decisions?.[0]).to.include({ version: 2, duplicate: false })
    expect((await engine.deploy([dmnFile(levels(500))])).decisions?.[0]).to.include({ version: 2, duplicate: true })
    const { instanceId } = await engine.startInstance({ processId: 'brt', variables: { income: 700 } })
    expect((await vars(instanceId)).incomeLevel).to.equal('high')
  })

  it('should raise an incident and keep the last good state when the evaluation fails', async () => {
    const overlapping: TableSpec = { ...levels(1000), rules: [['< 1000', '"low"'], ['< 2000', '"mid"']] }
    await engine.deploy([
      dmnFile(overlapping),
      bpmnFile('later', `<bpmn:startEvent id="s" />${flow('f1', 's', 'first')}${userTask('first')}${flow('f2', 'first', 'decide')}
        ${businessRuleTask('decide', 'level', 'incomeLevel')}${flow('f3', 'decide', 'e')}<bpmn:endEvent id="e" />`),
    ])
    const { instanceId } = await engine.startInstance({ processId: 'later', variables: { income: 700 } })
    const [task] = await db.prisma.task.findMany({ where: { status: 'open' } })
    const err = await engine.completeUserTask(task.engineKey, {}).catch((e) => e)
    expect(err).to.be.instanceOf(IncidentRaised)
    const inst = await db.prisma.processInstance.findUniqueOrThrow({ where: { id: instanceId } })
    expect(inst.status).to.equal('incident')
    expect(inst.incident).to.contain('Decision "level"').and.contain('UNIQUE')
    expect(inst.incident, 'no input values in the message').not.to.contain('700')
    // a fixed decision deployed, the step can be done again
    await engine.deploy([dmnFile(levels(1000))])
    await engine.completeUserTask(task.engineKey, {})
    expect((await db.prisma.processInstance.findUniqueOrThrow({ where: { id: instanceId } })).status).to.equal('completed')
  })

  it('should keep a start whose decision fails right away in incident and run it from its start variables when the incident is resolved after a fix', async () => {
    const overlapping: TableSpec = { ...levels(1000), rules: [['< 1000', '"low"'], ['< 2000', '"mid"']] }
    await engine.deploy([dmnFile(overlapping), process()])

    const { instanceId } = await engine.startInstance({ processId: 'brt', businessKey: 'case-1', variables: { income: 700 } })

    const inst = await db.prisma.processInstance.findUniqueOrThrow({ where: { id: instanceId } })
    expect(inst).to.include({ status: 'incident', businessKey: 'case-1', state: null })
    expect(inst.incident).to.contain('UNIQUE')
    const since = inst.incidentAt
    clock.advance(60_000)
    await engine.resolveIncident(instanceId)
    const again = await db.prisma.processInstance.findUniqueOrThrow({ where: { id: instanceId } })
    expect(again.status, 'the cause is still there').to.equal('incident')
    expect(again.incidentAt, 'in incident since the first failure').to.deep.equal(since)

    await engine.deploy([dmnFile(levels(1000))])
    await engine.resolveIncident(instanceId)

    const fixed = await db.prisma.processInstance.findUniqueOrThrow({ where: { id: instanceId } })
    expect(fixed).to.include({ status: 'waiting', incident: null, incidentAt: null })
    expect((await vars(instanceId)).incomeLevel).to.equal('low')
    expect(await openTaskIds()).to.deep.equal(['low'])
  })

  it('should refuse a process calling a decision that is neither deployed nor in the deployment', async () => {
    const err = await engine.deploy([process()]).catch((e) => e)
    expect(err).to.be.instanceOf(DeploymentError)
    expect(err.problems).to.deep.include({ resource: 'brt.bpmn', elementId: 'decide', rule: 'decision', message: 'Decision "level" is not deployed' })
    expect(await db.prisma.decisionDefinition.count()).to.equal(0)
  })

  it('should refuse a DMN file whose FEEL does not parse and deploy nothing', async () => {
    const err = await engine.deploy([dmnFile({ ...levels(1000), rules: [['< 1000', '"low"'], ['>= ', '"high"']] }), process()]).catch((e) => e)
    expect(err).to.be.instanceOf(DeploymentError)
    expect(err.problems.map((p: { elementId: string; rule: string }) => `${p.elementId}:${p.rule}`)).to.deep.equal(['r1_in0:feel'])
    expect(await db.prisma.processDefinition.count()).to.equal(0)
  })

  it('should run a job like a service task when a business rule task has a job type', async () => {
    await engine.deploy([
      bpmnFile('jobrule', `<bpmn:startEvent id="s" />${flow('f1', 's', 'r')}
        <bpmn:businessRuleTask id="r" name="r"><bpmn:extensionElements><zeebe:taskDefinition type="rate" /></bpmn:extensionElements></bpmn:businessRuleTask>
        ${flow('f2', 'r', 'e')}<bpmn:endEvent id="e" />`),
    ])
    const { instanceId } = await engine.startInstance({ processId: 'jobrule' })
    await engine.idle()
    expect(await db.prisma.job.count({ where: { type: 'rate', status: 'completed' } })).to.equal(1)
    const inst = await db.prisma.processInstance.findUniqueOrThrow({ where: { id: instanceId } })
    expect(inst.status).to.equal('completed')
    expect(inst.variables).to.include({ rated: true })
  })
})
