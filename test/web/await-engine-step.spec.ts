// A page waits briefly after a registration or a completion until the engine has moved the case on
// (src/cases/await-engine-step.ts), reading the engine's mirror: tasks, jobs, instances.
import { expect } from 'chai'
import { awaitEngineStep, openTaskIds } from '../../src/cases/await-engine-step.ts'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'
import { insertTask } from '../helpers/web-fixtures.ts'

describe('web: a page waits for the engine to move the case on', function () {
  this.timeout(60_000)
  let db: TestDatabase
  const now = () => new Date('2026-03-10T09:00:00Z')

  before(async () => { db = await createTestDatabase() })
  after(async () => db?.close())
  beforeEach(async () => {
    await db.reset()
    await db.prisma.case.create({ data: { id: 'case-1', number: 'OPS.8311.1.2026', procedure: 'benefit-application', receivedAt: new Date('2026-03-09') } })
    await db.prisma.processDefinition.create({ data: { id: 'def-1', processId: 'benefit-application', version: 1, name: 'b', resourceName: 'b.bpmn', xml: '<x/>', checksum: 'c' } })
    await db.prisma.processInstance.create({ data: { id: 'inst-1', definitionId: 'def-1', processId: 'benefit-application', businessKey: 'case-1', status: 'running', startedAt: now() } })
  })

  const job = (status: string, dueAt = now()) =>
    db.prisma.job.create({ data: { instanceId: 'inst-1', elementId: 'Task_register', executionId: `exec-${Math.random()}`, type: 'register-case', status, retries: 3, dueAt, createdAt: now(), updatedAt: now() } })

  it('should answer idle at once when no job of the case is due or running', async () => {
    await job('completed')
    await job('pending', new Date('2026-03-10T10:00:00Z')) // a retry an hour away is not work to wait for
    expect(await awaitEngineStep(db.prisma, 'case-1', new Set(), { timeoutMs: 5000, now })).to.equal('idle')
  })

  it('should wait for the task the running job opens and answer new-task when it appears', async () => {
    const before = await insertTask(db.prisma, { caseId: 'case-1', instanceId: 'inst-1' })
    const running = await job('running')
    const openBefore = await openTaskIds(db.prisma, 'case-1')
    expect([...openBefore]).to.deep.equal([before.id])
    setTimeout(() => {
      void (async () => {
        await insertTask(db.prisma, { caseId: 'case-1', instanceId: 'inst-1', elementId: 'Task_draftDecision' })
        await db.prisma.job.update({ where: { id: running.id }, data: { status: 'completed' } })
      })()
    }, 200)
    expect(await awaitEngineStep(db.prisma, 'case-1', openBefore, { timeoutMs: 10_000, intervalMs: 20, now })).to.equal('new-task')
  })

  it('should answer closed when the case is closed while a job still runs', async () => {
    await job('running')
    await db.prisma.case.update({ where: { id: 'case-1' }, data: { status: 'closed' } })
    expect(await awaitEngineStep(db.prisma, 'case-1', new Set(), { timeoutMs: 5000, now })).to.equal('closed')
  })

  it('should give up after the timeout when a due job is never taken', async () => {
    await job('pending')
    expect(await awaitEngineStep(db.prisma, 'case-1', new Set(), { timeoutMs: 150, intervalMs: 20, now })).to.equal('timeout')
  })

  it('should not wait at all when the wait is set to 0', async () => {
    await job('pending')
    expect(await awaitEngineStep(db.prisma, 'case-1', new Set(), { timeoutMs: 0, now })).to.equal('timeout')
  })
})
