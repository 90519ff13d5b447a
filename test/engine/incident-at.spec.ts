// ProcessInstance.incidentAt: when an instance went into incident (the engine's clock), kept while it stays in
// incident, cleared wherever the incident is cleared (retryJob, resolveIncident, a run that leaves the incident).
import { expect } from 'chai'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'
import { bpmnFile, flow, serviceTask, userTask } from '../helpers/bpmn-fixture.ts'
import { EmbeddedEngine } from '../../engine/embedded/embedded-engine.ts'
import { FakeClock } from '../../engine/clock.ts'
import { complete, type JobHandler } from '../../engine/job.ts'
import { listIncidents } from '../../src/incidents/list-incidents.ts'

const HOUR = 3600_000

describe('embedded engine: incidentAt', function () {
  let db: TestDatabase
  let clock: FakeClock
  let engine: EmbeddedEngine
  let broken: boolean

  /** Fails without retries left while `broken` (straight into incident). */
  const failing: JobHandler = { taskType: 'check', handle: async () => (broken ? { kind: 'fail', message: 'service down', retries: 0 } : complete()) }
  const noop: JobHandler = { taskType: 'noop', handle: async () => complete() }

  before(async function () {
    db = await createTestDatabase()
  })
  after(async () => db?.close())
  beforeEach(async () => {
    await db.reset()
    clock = new FakeClock('2026-03-02T08:00:00Z')
    broken = true
    engine = new EmbeddedEngine({ prisma: db.prisma, clock, schedulerIntervalMs: 0 })
    engine.registerHandler(failing)
    engine.registerHandler(noop)
  })
  afterEach(async () => engine?.stop())

  const instance = (id: string) => db.prisma.processInstance.findUniqueOrThrow({ where: { id } })

  it('should set incidentAt when a job runs out of retries and clear it when the job is retried', async () => {
    // given
    await engine.deploy([bpmnFile('one', `<bpmn:startEvent id="s" />${flow('f1', 's', 'check')}${serviceTask('check', 'check')}${flow('f2', 'check', 'e')}<bpmn:endEvent id="e" />`)])
    const { instanceId } = await engine.startInstance({ processId: 'one' })
    // when
    await engine.idle()
    // then
    const failedAt = clock.now()
    expect(await instance(instanceId)).to.deep.include({ status: 'incident', incidentAt: failedAt })
    const job = await db.prisma.job.findFirstOrThrow({ where: { instanceId, status: 'incident' } })
    // when: retried, it fails again an hour later
    clock.advance(HOUR)
    await engine.retryJob(job.id, 1)
    // (not asserted in between: the retried job is handed out at once and may already have failed again)
    await engine.idle()
    // then: a new incident, a new time (had the retry not cleared it, the first time would have been kept)
    expect(await instance(instanceId)).to.deep.include({ status: 'incident', incidentAt: clock.now() })
    expect(clock.now().getTime()).to.equal(failedAt.getTime() + HOUR)
    // when: retried once more, the cause fixed
    broken = false
    await engine.retryJob(job.id)
    await engine.idle()
    // then
    expect(await instance(instanceId)).to.deep.include({ status: 'completed', incidentAt: null })
  })

  it('should keep the first incidentAt when another branch goes on or fails while the instance is in incident', async () => {
    // given: a job failing on one branch, a user task and a second failing job on others
    await engine.deploy([
      bpmnFile('par', `<bpmn:startEvent id="s" />${flow('f1', 's', 'split')}<bpmn:parallelGateway id="split" />
        ${flow('f2', 'split', 'check')}${flow('f3', 'split', 'ut')}${serviceTask('check', 'check')}${userTask('ut')}
        ${flow('f4', 'check', 'join')}${flow('f5', 'ut', 'second')}${serviceTask('second', 'check')}${flow('f6', 'second', 'join')}
        <bpmn:parallelGateway id="join" />${flow('f7', 'join', 'e')}<bpmn:endEvent id="e" />`),
    ])
    const { instanceId } = await engine.startInstance({ processId: 'par' })
    await engine.idle()
    const first = (await instance(instanceId)).incidentAt
    expect(first).to.be.instanceOf(Date)
    const task = await db.prisma.task.findFirstOrThrow({ where: { instanceId, status: 'open' } })
    clock.advance(HOUR)
    // when: the user task is completed (a run of an instance in incident) and the next job fails too
    await engine.completeUserTask(task.engineKey, {})
    await engine.idle()
    // then
    expect(await db.prisma.job.count({ where: { instanceId, status: 'incident' } })).to.equal(2)
    expect(await instance(instanceId)).to.deep.include({ status: 'incident', incidentAt: first })
    // when: one job is retried while the other stays in incident
    const [a, b] = await db.prisma.job.findMany({ where: { instanceId, status: 'incident' }, orderBy: { createdAt: 'asc' } })
    broken = false
    await engine.retryJob(a.id)
    await engine.idle()
    // then: still in incident, the same time; out of it once the last one is retried
    expect(await instance(instanceId)).to.deep.include({ status: 'incident', incidentAt: first })
    await engine.retryJob(b.id)
    await engine.idle()
    expect(await instance(instanceId)).to.deep.include({ status: 'completed', incidentAt: null })
  })

  it('should clear incidentAt when a run takes the instance out of an incident without a job', async () => {
    // given: a user task whose completion fails (no flow out of the gateway), then is completed again
    await engine.deploy([
      bpmnFile('gw', `<bpmn:startEvent id="s" />${flow('f1', 's', 'ut')}${userTask('ut')}${flow('f2', 'ut', 'g')}<bpmn:exclusiveGateway id="g" />
        ${flow('f3', 'g', 'after', '=x &gt; 1')}${serviceTask('after', 'noop')}${flow('f4', 'after', 'wait')}${userTask('wait')}${flow('f5', 'wait', 'e')}<bpmn:endEvent id="e" />`),
    ])
    const { instanceId } = await engine.startInstance({ processId: 'gw' })
    const task = await db.prisma.task.findFirstOrThrow({ where: { instanceId, status: 'open' } })
    clock.advance(HOUR)
    await engine.completeUserTask(task.engineKey, { x: 0 }).catch(() => undefined)
    expect(await instance(instanceId)).to.deep.include({ status: 'incident', incidentAt: clock.now() })
    // when
    await engine.completeUserTask(task.engineKey, { x: 2 })
    await engine.idle()
    // then
    expect(await instance(instanceId)).to.deep.include({ status: 'waiting', incidentAt: null, incident: null })
  })

  it('should set incidentAt, list it as the incident\'s time, and clear it when a timer whose firing failed is resumed', async () => {
    // given
    await engine.deploy([
      bpmnFile('ti', `<bpmn:startEvent id="s" />${flow('f1', 's', 'wait')}<bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>${flow('f2', 'wait', 'g')}<bpmn:exclusiveGateway id="g" />${flow('f3', 'g', 'after', '=x &gt; 1')}${serviceTask('after', 'noop')}${flow('f4', 'after', 'e')}<bpmn:endEvent id="e" />`),
    ])
    const { instanceId } = await engine.startInstance({ processId: 'ti', variables: {} })
    clock.advance(HOUR + 1000)
    await engine.runDueWork()
    expect(await instance(instanceId)).to.deep.include({ status: 'incident', incidentAt: clock.now() })
    // the incident list gives that time (not the timer's due time) for an incident without a job
    const actor = { user: { id: 'u-admin', login: 'admin', displayName: 'admin', groups: ['admins'] }, ip: null }
    const listed = await listIncidents({ prisma: db.prisma, clock }, actor, {})
    expect(listed.items.map((i) => [i.kind, i.at.toISOString()])).to.deep.equal([['timer', clock.now().toISOString()]])
    // when
    await engine.resolveIncident(instanceId)
    // then
    expect(await instance(instanceId)).to.deep.include({ status: 'waiting', incidentAt: null })
  })
})
