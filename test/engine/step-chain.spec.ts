// Fewer saves per chain of events (issue 16): a side-effect-free job is completed within the step that reaches it
// (side-effect-free-jobs.ts), and a job whose handler runs in this process is inserted already claimed and handed
// to its handler after the commit, with no claim statement (claimed-new-jobs.ts). Neither may lose or duplicate.
import { expect } from 'chai'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'
import { bpmnFile, flow, serviceTask, userTask } from '../helpers/bpmn-fixture.ts'
import { EmbeddedEngine } from '../../engine/embedded/embedded-engine.ts'
import { FakeClock } from '../../engine/clock.ts'
import { bpmnError, complete, fail, type JobHandler, type JobOutcome } from '../../engine/job.ts'

describe('event chains', function () {
  let db: TestDatabase
  let clock: FakeClock
  const engines: EmbeddedEngine[] = []

  // s → calc (side-effect free) → check (side-effect free) → a (user task) → effect (a job with an effect) → e
  const chain = bpmnFile(
    'chain',
    `<bpmn:startEvent id="s" />${flow('f1', 's', 'calc')}${serviceTask('calc', 'calc')}${flow('f2', 'calc', 'check')}${serviceTask('check', 'check')}` +
      `${flow('f3', 'check', 'a')}${userTask('a')}${flow('f4', 'a', 'effect')}${serviceTask('effect', 'effect')}${flow('f5', 'effect', 'e')}<bpmn:endEvent id="e" />`,
  )

  function newEngine(handlers: JobHandler[]): EmbeddedEngine {
    const engine = new EmbeddedEngine({ prisma: db.prisma, clock, schedulerIntervalMs: 0, defaultJobTimeoutMs: 60_000 })
    for (const handler of handlers) engine.registerHandler(handler)
    engines.push(engine)
    return engine
  }

  const pure = (taskType: string, answer: () => JobOutcome, calls: string[]): JobHandler => ({
    taskType,
    sideEffectFree: true,
    handle: async () => {
      calls.push(taskType)
      return answer()
    },
  })

  const jobOf = (instanceId: string, elementId: string) => db.prisma.job.findFirstOrThrow({ where: { instanceId, elementId } })
  const instance = (id: string) => db.prisma.processInstance.findUniqueOrThrow({ where: { id } })

  before(async () => {
    db = await createTestDatabase()
  })
  after(async () => db?.close())
  beforeEach(async () => {
    await db.reset()
    clock = new FakeClock('2026-03-02T08:00:00Z')
  })
  afterEach(async () => {
    for (const engine of engines.splice(0)) await engine.stop()
  })

  it('should store side-effect-free jobs completed with their results in the one save of the step when their handlers answer at once', async () => {
    const calls: string[] = []
    const engine = newEngine([pure('calc', () => complete({ calculated: 2 }), calls), pure('check', () => complete({ checked: true }), calls)])
    await engine.deploy([chain])
    const { instanceId } = await engine.startInstance({ processId: 'chain' })

    // no idle(): the start itself ran both jobs and saved once
    const row = await instance(instanceId)
    expect(row.revision).to.equal(1)
    expect(row.variables).to.include({ calculated: 2, checked: true })
    expect(calls).to.deep.equal(['calc', 'check'])
    for (const [elementId, result] of [['calc', { calculated: 2 }], ['check', { checked: true }]] as const) {
      expect(await jobOf(instanceId, elementId)).to.deep.include({ status: 'completed', attempts: 1, result, lockedUntil: null })
    }
    expect(await db.prisma.task.count({ where: { instanceId, elementId: 'a', status: 'open' } })).to.equal(1)
    const ends = (row.trail as { elementId: string; event: string }[]).filter((t) => t.event === 'end').map((t) => t.elementId)
    expect(ends).to.deep.equal(['s', 'calc', 'check'])
    await engine.idle()
    expect(calls).to.deep.equal(['calc', 'check'])
  })

  it('should take a caught BPMN error from a side-effect-free handler within the step and store it on the job', async () => {
    const calls: string[] = []
    const caught = bpmnFile(
      'caught',
      `<bpmn:startEvent id="s" />${flow('f1', 's', 'check')}${serviceTask('check', 'check')}` +
        `<bpmn:boundaryEvent id="refused" attachedToRef="check"><bpmn:errorEventDefinition errorRef="Err" /></bpmn:boundaryEvent>` +
        `${flow('f2', 'refused', 'fix')}${userTask('fix')}${flow('f3', 'fix', 'e1')}<bpmn:endEvent id="e1" />${flow('f4', 'check', 'e2')}<bpmn:endEvent id="e2" />`,
      '<bpmn:error id="Err" errorCode="REFUSED" />',
    )
    const engine = newEngine([pure('check', () => bpmnError('REFUSED', 'no', { reason: 'x' }), calls)])
    await engine.deploy([caught])
    const { instanceId } = await engine.startInstance({ processId: 'caught' })
    expect((await instance(instanceId)).revision).to.equal(1)
    expect(await jobOf(instanceId, 'check')).to.deep.include({ status: 'completed', errorCode: 'REFUSED' })
    expect(await db.prisma.task.count({ where: { instanceId, elementId: 'fix', status: 'open' } })).to.equal(1)
  })

  it('should leave a side-effect-free job to the job runner when its handler does not complete it within the step', async () => {
    const calls: string[] = []
    let attempts = 0
    const engine = newEngine([
      pure('calc', () => (++attempts === 1 ? fail('not yet') : complete({ calculated: 3 })), calls),
      pure('check', () => complete({}), calls),
    ])
    await engine.deploy([chain])
    const { instanceId } = await engine.startInstance({ processId: 'chain' })
    await engine.idle()
    // the step's attempt did not count: the runner's answer completed it, once
    expect(calls).to.deep.equal(['calc', 'calc', 'check'])
    expect(await jobOf(instanceId, 'calc')).to.deep.include({ status: 'completed', attempts: 1, result: { calculated: 3 } })
    expect(await db.prisma.task.count({ where: { instanceId, elementId: 'a', status: 'open' } })).to.equal(1)
  })

  it('should insert a job whose handler runs here claimed and hand it to the handler when the save that reaches it commits', async () => {
    let release!: () => void
    const seen: string[] = []
    const engine = newEngine([
      pure('calc', () => complete(), []),
      pure('check', () => complete(), []),
      { taskType: 'effect', handle: (job) => new Promise((resolve) => { seen.push(job.key); release = () => resolve(complete({ done: true })) }) },
    ])
    await engine.deploy([chain])
    const { instanceId } = await engine.startInstance({ processId: 'chain' })
    const key = (await db.prisma.task.findFirstOrThrow({ where: { instanceId, elementId: 'a' } })).engineKey
    await engine.completeUserTask(key, {})

    const job = await jobOf(instanceId, 'effect')
    expect(job).to.deep.include({ status: 'running', attempts: 1 })
    expect(job.lockedUntil?.toISOString()).to.equal('2026-03-02T08:01:00.000Z')
    expect(seen).to.deep.equal([job.id])
    release()
    await engine.idle()
    expect(await jobOf(instanceId, 'effect')).to.deep.include({ status: 'completed', lockedUntil: null, result: { done: true } })
    expect((await instance(instanceId)).status).to.equal('completed')
  })

  it('should hand a claimed job out again when its lock runs out before its handler answers', async () => {
    const seen: string[] = []
    let unstick!: () => void
    const stuckHandler: JobHandler = {
      taskType: 'effect',
      handle: () => new Promise<JobOutcome>((resolve) => { seen.push('stuck'); unstick = () => resolve(complete({ by: 'stuck' })) }),
    }
    const stuck = newEngine([pure('calc', () => complete(), []), pure('check', () => complete(), []), stuckHandler])
    await stuck.deploy([chain])
    const { instanceId } = await stuck.startInstance({ processId: 'chain' })
    const key = (await db.prisma.task.findFirstOrThrow({ where: { instanceId, elementId: 'a' } })).engineKey
    await stuck.completeUserTask(key, {})
    expect(seen).to.deep.equal(['stuck'])

    // another process (not restarted, so it resets nothing at start) finds the lock run out in its due-work round
    const other = new EmbeddedEngine({ prisma: db.prisma, clock, schedulerIntervalMs: 0 })
    other.registerHandler({ taskType: 'effect', handle: async () => (seen.push('other'), complete({ by: 'other' })) })
    await other.runDueWork()
    expect(seen).to.deep.equal(['stuck'])
    clock.advance(61_000)
    await other.runDueWork()
    expect(seen).to.deep.equal(['stuck', 'other'])
    expect(await jobOf(instanceId, 'effect')).to.deep.include({ status: 'completed', attempts: 2, result: { by: 'other' } })
    expect((await instance(instanceId)).status).to.equal('completed')
    await other.stop()
    // the first handler's late answer changes nothing: the job was completed by the other process
    unstick()
    await stuck.idle()
    expect(await jobOf(instanceId, 'effect')).to.deep.include({ status: 'completed', result: { by: 'other' } })
  })
})
