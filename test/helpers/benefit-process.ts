// Drives the real benefit-application BPMN on the engine under test (test/helpers/engine-under-test.ts) with a
// fake clock: start a case (with its applicant and incomes in our tables, as registration stores them), complete
// tasks, publish the decision messages, read variables and payments.
import { expect } from 'chai'
import { randomUUID } from 'node:crypto'
import { FakeClock } from '../../engine/clock.ts'
import { deployProcessesFolder } from '../../engine/deploy-folder.ts'
import { createHandlers } from '../../workers/create-handlers.ts'
import { createTestEngine, type TestEngine } from './engine-under-test.ts'
import type { TestDatabase } from './test-database.ts'

export interface BenefitCaseOptions {
  benefit?: 'zasilek-staly' | 'zasilek-okresowy' | 'zasilek-celowy'
  urgent?: boolean
  /** Monthly net incomes; the first belongs to the applicant, the rest to other household members. */
  incomes?: number[]
  /** Defaults to the number of incomes. */
  householdSize?: number
}

export class BenefitProcessHarness {
  engine!: TestEngine

  constructor(readonly db: TestDatabase, readonly clock: FakeClock) {}

  /** Makes and starts the engine and deploys processes/. Stop `engine` in afterEach. */
  async setUp(): Promise<this> {
    this.engine = await this.newEngine()
    await deployProcessesFolder(this.engine)
    return this
  }

  /** A started engine with every real handler (e.g. a second one, as after a restart). */
  newEngine(): Promise<TestEngine> {
    return createTestEngine({
      prisma: this.db.prisma,
      clock: this.clock,
      handlers: createHandlers({ prisma: this.db.prisma, clock: this.clock, caseNumberPrefix: 'OPS.8311' }),
    })
  }

  async startCase(receivedAt: string, options: BenefitCaseOptions = {}) {
    const incomes = options.incomes ?? [900, 0]
    const householdSize = options.householdSize ?? incomes.length
    const personIds = Array.from({ length: householdSize }, () => randomUUID())
    const c = await this.db.prisma.case.create({
      data: {
        procedure: 'benefit-application',
        receivedAt: new Date(`${receivedAt}T00:00:00Z`),
        urgent: !!options.urgent,
        benefit: options.benefit ?? 'zasilek-okresowy',
        persons: {
          create: personIds.map((id, i) => ({ id, role: i === 0 ? 'applicant' : 'household', firstName: i === 0 ? 'Żaneta' : 'Łukasz', lastName: 'Wójcik' })),
        },
      },
    })
    const { instanceId } = await this.engine.startInstance({
      processId: 'benefit-application',
      businessKey: c.id,
      variables: {
        receivedAt,
        urgent: !!options.urgent,
        benefit: options.benefit ?? 'zasilek-okresowy',
        householdSize,
        incomes: incomes.map((monthlyNet, i) => ({ personId: personIds[i] ?? null, monthlyNet })),
      },
    })
    await this.engine.idle()
    return { caseId: c.id, instanceId }
  }

  async openTasks(instanceId: string) {
    return this.db.prisma.task.findMany({ where: { instanceId, status: 'open' }, orderBy: { createdAt: 'asc' } })
  }

  async openTask(instanceId: string) {
    const tasks = await this.openTasks(instanceId)
    expect(tasks.map((t) => t.elementId), 'exactly one open task').to.have.length(1)
    return tasks[0]
  }

  async complete(instanceId: string, elementId: string, variables: Record<string, unknown>, completedBy = 'pracownik') {
    const task = await this.openTask(instanceId)
    expect(task.elementId).to.equal(elementId)
    await this.db.prisma.task.update({ where: { id: task.id }, data: { completedBy } })
    await this.engine.completeUserTask(task.engineKey, variables)
    await this.engine.idle()
  }

  async vars(instanceId: string): Promise<Record<string, unknown>> {
    return (await this.db.prisma.processInstance.findUniqueOrThrow({ where: { id: instanceId } })).variables as Record<string, unknown>
  }

  async instanceStatus(instanceId: string): Promise<string> {
    return (await this.db.prisma.processInstance.findUniqueOrThrow({ where: { id: instanceId } })).status
  }

  async publish(name: string, caseId: string, variables: Record<string, unknown>) {
    const result = await this.engine.publishMessage({ name, correlationKey: caseId, variables })
    await this.engine.idle()
    return result.correlated
  }

  async events(caseId: string, type?: string) {
    return this.db.prisma.caseEvent.findMany({ where: { caseId, ...(type ? { type } : {}) }, orderBy: { at: 'asc' } })
  }

  async payments(caseId: string) {
    const rows = await this.db.prisma.payment.findMany({ where: { caseId }, orderBy: { month: 'asc' } })
    return rows.map((p) => ({ month: p.month, amount: Number(p.amount.toString()), status: p.status, benefit: p.benefit }))
  }

  /** Sets the clock and fires what is due (twice, so jobs the timers start also run). */
  async at(instant: string) {
    this.clock.set(instant)
    await this.engine.runDueWork()
    await this.engine.runDueWork()
  }
}

export const INTERVIEW = {
  interviewDate: '2026-03-05',
  assistanceReason: 'poverty',
  householdSizeConfirmed: 2,
  situationDescription: 'Rodzina bez stałego dochodu',
  cooperates: true,
}

export const JUSTIFICATION = 'Dochód rodziny jest niższy od kryterium dochodowego; rodzina współpracuje z pracownikiem socjalnym.'

export function grantDraft(amount: number, periodMonths: number | null, extra: Record<string, unknown> = {}) {
  return { proposedOutcome: 'grant', proposedAmount: amount, ...(periodMonths === null ? {} : { periodMonths }), justification: JUSTIFICATION, ...extra }
}

export const refuseDraft = { proposedOutcome: 'refuse', justification: 'Dochód przekracza kryterium dochodowe (art. 8 ust. 1 ustawy o pomocy społecznej).' }
