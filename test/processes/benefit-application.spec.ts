import { expect } from 'chai'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts'
import { FakeClock } from '../../engine/clock.ts'
import { deployProcessesFolder } from '../../engine/deploy-folder.ts'
import { createHandlers } from '../../workers/create-handlers.ts'
import { createTestEngine, stopTestEngine, type TestEngine } from '../helpers/engine-under-test.ts'

describe('benefit-application process', function () {
  let db: TestDatabase
  let clock: FakeClock
  let engine: TestEngine

  before(async () => {
    db = await createTestDatabase()
  })
  after(async () => db?.close())
  afterEach(async () => stopTestEngine(engine))
  beforeEach(async () => {
    await db.reset()
    clock = new FakeClock('2026-03-02T09:00:00Z')
    engine = await newEngine()
    await deployProcessesFolder(engine)
  })

  const newEngine = () => createTestEngine({ prisma: db.prisma, clock, handlers: createHandlers({ prisma: db.prisma, clock, caseNumberPrefix: 'OPS.8311' }) })

  async function startCase(receivedAt: string, options: { urgent?: boolean; householdSize?: number; incomes?: number[] } = {}) {
    const c = await db.prisma.case.create({ data: { procedure: 'benefit-application', receivedAt: new Date(receivedAt), urgent: !!options.urgent } })
    const { instanceId } = await engine.startInstance({
      processId: 'benefit-application',
      businessKey: c.id,
      variables: {
        receivedAt,
        urgent: !!options.urgent,
        benefit: 'zasilek-okresowy',
        householdSize: options.householdSize ?? 2,
        incomes: (options.incomes ?? [900, 0]).map((monthlyNet) => ({ monthlyNet })),
      },
    })
    await engine.idle()
    return { caseId: c.id, instanceId }
  }

  async function openTask(instanceId: string) {
    const tasks = await db.prisma.task.findMany({ where: { instanceId, status: 'open' } })
    expect(tasks, 'exactly one open task').to.have.length(1)
    return tasks[0]
  }

  async function complete(instanceId: string, elementId: string, variables: Record<string, unknown>) {
    const task = await openTask(instanceId)
    expect(task.elementId).to.equal(elementId)
    await engine.completeUserTask(task.engineKey, variables)
    await engine.idle()
  }

  const interview = { interviewDate: '2026-03-05', assistanceReason: 'poverty', householdSizeConfirmed: 2, situationDescription: 'Rodzina bez stałego dochodu', cooperates: true }
  // Zasiłek okresowy for 2 persons with 900 zł (2026): the centre decides between 373 and 746 zł (art. 38) and
  // for how many months; the draft is checked against that before approval.
  const draft = (proposedOutcome: string) => ({ proposedOutcome, proposedAmount: 400, periodMonths: 3, justification: 'Dochód na osobę nie przekracza kryterium dochodowego.' })

  /** Delivery on the given day, then the 14-day appeal period passes without an appeal: the decision is final. */
  async function deliverAndLetAppealPeriodPass(caseId: string, deliveredAt: string) {
    expect(await engine.publishMessage({ name: 'decision-delivered', correlationKey: caseId, variables: { deliveredAt } })).to.deep.equal({ correlated: 1 })
    await engine.idle()
    clock.set('2026-06-01T08:00:00Z')
    await engine.runDueWork()
    await engine.runDueWork()
  }

  it('should give the case a number and put the family interview in the caseworkers inbox due in 14 working days', async () => {
    const { caseId, instanceId } = await startCase('2026-03-02')
    const c = await db.prisma.case.findUniqueOrThrow({ where: { id: caseId } })
    expect(c.number).to.equal('OPS.8311.1.2026')
    const task = await openTask(instanceId)
    expect(task).to.include({ elementId: 'Task_familyInterview', formKey: 'family-interview', priority: 50 })
    expect(task.candidateGroups).to.deep.equal(['caseworkers'])
    // 2026-03-02 (Monday) + 14 working days = Friday 2026-03-20, end of day in Warsaw
    expect(task.dueAt?.toISOString()).to.equal('2026-03-20T22:59:59.000Z')
  })

  it('should make the interview due in 2 working days and raise its priority when the application is urgent', async () => {
    // Thursday 2026-04-02 + 2 working days skips Easter Monday (6 April): Tuesday 2026-04-07
    const { instanceId } = await startCase('2026-04-02', { urgent: true })
    const task = await openTask(instanceId)
    expect(task.dueAt?.toISOString()).to.equal('2026-04-07T21:59:59.000Z')
    expect(task.priority).to.equal(80)
  })

  it('should record a missed interview deadline once when the interview is still open at its due date, and keep the task', async () => {
    const { caseId, instanceId } = await startCase('2026-03-02')
    clock.set('2026-03-20T22:59:00Z')
    await engine.runDueWork()
    expect(await db.prisma.caseEvent.count({ where: { caseId, type: 'deadline-missed' } })).to.equal(0)
    clock.set('2026-03-21T08:00:00Z')
    await engine.runDueWork()
    await engine.runDueWork()
    const events = await db.prisma.caseEvent.findMany({ where: { caseId, type: 'deadline-missed' } })
    expect(events).to.have.length(1)
    expect(events[0].data).to.deep.equal({ deadline: 'family-interview', dueAt: '2026-03-20T22:59:59.000Z' })
    expect((await openTask(instanceId)).elementId).to.equal('Task_familyInterview')
  })

  it('should record the missed deadline at once when the application was received long ago', async () => {
    const { caseId } = await startCase('2026-01-05')
    await engine.runDueWork()
    expect(await db.prisma.caseEvent.count({ where: { caseId, type: 'deadline-missed' } })).to.equal(1)
  })

  it('should cancel the deadline timer when the interview is done in time', async () => {
    const { caseId, instanceId } = await startCase('2026-03-02')
    await complete(instanceId, 'Task_familyInterview', interview)
    clock.set('2026-04-01T08:00:00Z')
    await engine.runDueWork()
    expect(await db.prisma.caseEvent.count({ where: { caseId, type: 'deadline-missed' } })).to.equal(0)
    expect((await db.prisma.timer.findFirstOrThrow({ where: { instanceId } })).status).to.equal('canceled')
  })

  it('should keep the same case number when the register-case job runs twice', async () => {
    const { caseId } = await startCase('2026-03-02')
    const handler = createHandlers({ prisma: db.prisma, clock, caseNumberPrefix: 'OPS.8311' }).find((h) => h.taskType === 'register-case')!
    const again = await handler.handle({ key: 'j', type: 'register-case', processInstanceId: 'i', elementId: 'e', businessKey: caseId, variables: { caseId }, headers: {}, retries: 3 })
    expect(again).to.deep.equal({ kind: 'complete', variables: { caseNumber: 'OPS.8311.1.2026' } })
    expect(await db.prisma.caseNumberCounter.findMany()).to.have.length(1)
  })

  it('should assess the income with the criterion in force on the application date', async () => {
    const before = await startCase('2024-12-31', { householdSize: 1, incomes: [800] })
    const after = await startCase('2025-01-02', { householdSize: 1, incomes: [800] })
    for (const { instanceId } of [before, after]) await complete(instanceId, 'Task_familyInterview', interview)
    const varsBefore = (await db.prisma.processInstance.findUniqueOrThrow({ where: { id: before.instanceId } })).variables as Record<string, unknown>
    const varsAfter = (await db.prisma.processInstance.findUniqueOrThrow({ where: { id: after.instanceId } })).variables as Record<string, unknown>
    expect(varsBefore).to.include({ incomeCriterion: 776, incomePerPerson: 800, withinCriterion: false })
    expect(varsAfter).to.include({ incomeCriterion: 1010, incomePerPerson: 800, withinCriterion: true })
  })

  // Changed with issue 4: an approved decision is delivered and becomes final after the appeal period before the
  // case is closed (was: closed right after approval).
  it('should close the case as granted once the approved decision is delivered and the appeal period passes', async () => {
    const { caseId, instanceId } = await startCase('2026-03-02')
    await complete(instanceId, 'Task_familyInterview', interview)
    const draftTask = await openTask(instanceId)
    expect(draftTask.dueAt?.toISOString()).to.equal('2026-04-02T21:59:59.000Z')
    await complete(instanceId, 'Task_draftDecision', draft('grant'))
    const approval = await openTask(instanceId)
    expect(approval.candidateGroups).to.deep.equal(['managers'])
    expect(approval.properties).to.deep.equal({ fourEyesWith: 'Task_draftDecision' })
    await complete(instanceId, 'Task_approveDecision', { approvalDecision: 'approve' })
    expect(await db.prisma.case.findUniqueOrThrow({ where: { id: caseId } })).to.include({ status: 'open' })
    await deliverAndLetAppealPeriodPass(caseId, '2026-03-05')
    const c = await db.prisma.case.findUniqueOrThrow({ where: { id: caseId } })
    expect(c).to.include({ status: 'closed', outcome: 'granted' })
    expect((await db.prisma.processInstance.findUniqueOrThrow({ where: { id: instanceId } })).status).to.equal('completed')
  })

  it('should close the case as refused when the approved refusal becomes final', async () => {
    const { caseId, instanceId } = await startCase('2026-03-02', { householdSize: 1, incomes: [2000] })
    await complete(instanceId, 'Task_familyInterview', interview)
    await complete(instanceId, 'Task_draftDecision', draft('refuse'))
    await complete(instanceId, 'Task_approveDecision', { approvalDecision: 'approve' })
    await deliverAndLetAppealPeriodPass(caseId, '2026-03-05')
    expect(await db.prisma.case.findUniqueOrThrow({ where: { id: caseId } })).to.include({ status: 'closed', outcome: 'refused' })
  })

  it('should send the draft back to the caseworkers when the manager returns it', async () => {
    const { caseId, instanceId } = await startCase('2026-03-02')
    await complete(instanceId, 'Task_familyInterview', interview)
    await complete(instanceId, 'Task_draftDecision', draft('grant'))
    await complete(instanceId, 'Task_approveDecision', { approvalDecision: 'return', approvalComment: 'Proszę uzupełnić uzasadnienie' })
    const again = await openTask(instanceId)
    expect(again.elementId).to.equal('Task_draftDecision')
    await complete(instanceId, 'Task_draftDecision', draft('grant'))
    await complete(instanceId, 'Task_approveDecision', { approvalDecision: 'approve' })
    await deliverAndLetAppealPeriodPass(caseId, '2026-03-05')
    expect(await db.prisma.case.findUniqueOrThrow({ where: { id: caseId } })).to.include({ outcome: 'granted' })
  })

  it('should keep every waiting case when the engine is replaced in the middle (restart)', async () => {
    const { instanceId } = await startCase('2026-03-02')
    await complete(instanceId, 'Task_familyInterview', interview)
    engine = await newEngine() // the first engine is dropped without stopping, as a killed process would be
    await complete(instanceId, 'Task_draftDecision', draft('grant'))
    expect((await openTask(instanceId)).elementId).to.equal('Task_approveDecision')
  })
})
