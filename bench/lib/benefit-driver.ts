// Drives processes/benefit-application.bpmn through the embedded engine the way the app does: a Case row first,
// startInstance with the case id as business key, then the three user tasks completed with the variables the
// process tests use (test/processes/benefit-application.spec.ts).
import type { PrismaClient } from '../../src/generated/prisma/client.ts'
import type { Clock, FakeClock } from '../../engine/clock.ts'
import { EmbeddedEngine, type EngineLogger } from '../../engine/embedded/embedded-engine.ts'
import { deployProcessesFolder } from '../../engine/deploy-folder.ts'
import { createHandlers } from '../../workers/create-handlers.ts'

export const PROCESS_ID = 'benefit-application'
export const RECEIVED_AT = '2026-03-02'
/** The benchmark clock: a Monday. The interview deadline (14 working days later) never comes during a run. */
export const BENCH_NOW = '2026-03-02T09:00:00Z'

export const START_VARIABLES = {
  receivedAt: RECEIVED_AT,
  urgent: false,
  benefit: 'zasilek-okresowy',
  householdSize: 2,
  incomes: [{ monthlyNet: 900 }, { monthlyNet: 0 }],
}
export const INTERVIEW = {
  interviewDate: '2026-03-05',
  assistanceReason: 'poverty',
  householdSizeConfirmed: 2,
  situationDescription: 'Rodzina bez stałego dochodu',
  cooperates: true,
}
// Zasiłek okresowy for 2 persons with 900 zł: the centre decides between 373 and 746 zł (art. 38), for a period.
export const DRAFT = { proposedOutcome: 'grant', proposedAmount: 400, periodMonths: 3, justification: 'Dochód na osobę nie przekracza kryterium dochodowego.' }
/** The decision is delivered three days after the benchmark day; the appeal period (14 days) then passes. */
export const DELIVERED_AT = '2026-03-05'
export const AFTER_APPEAL_PERIOD = '2026-03-20T08:00:00Z'
export const APPROVAL = { approvalDecision: 'approve' }
export const USER_TASK_STEPS = [
  { elementId: 'Task_familyInterview', variables: INTERVIEW },
  { elementId: 'Task_draftDecision', variables: DRAFT },
  { elementId: 'Task_approveDecision', variables: APPROVAL },
] as const

const silent: EngineLogger = { info() {}, warn() {}, error() {} }

const clocks = new WeakMap<EmbeddedEngine, Clock>()

/** An engine with the real handlers and the processes folder deployed; the scheduler loop off (driven here). */
export async function createBenchEngine(prisma: PrismaClient, clock: Clock, logger: EngineLogger = silent) {
  const engine = new EmbeddedEngine({ prisma, clock, logger, schedulerIntervalMs: 0 })
  clocks.set(engine, clock)
  for (const h of createHandlers({ prisma, clock, caseNumberPrefix: 'OPS.8311' })) engine.registerHandler(h)
  await deployProcessesFolder(engine)
  await engine.start()
  return engine
}

/** Case row + instance start; resolves when its jobs ran, i.e. the instance waits at the family interview. */
export async function startCase(engine: EmbeddedEngine, prisma: PrismaClient) {
  const c = await prisma.case.create({ data: { procedure: PROCESS_ID, receivedAt: new Date(RECEIVED_AT), urgent: false } })
  const { instanceId } = await engine.startInstance({ processId: PROCESS_ID, businessKey: c.id, variables: START_VARIABLES })
  await engine.idle()
  return { caseId: c.id, instanceId }
}

export async function openTaskKey(prisma: PrismaClient, instanceId: string, elementId: string): Promise<string> {
  const task = await prisma.task.findFirst({ where: { instanceId, status: 'open' }, select: { engineKey: true, elementId: true } })
  if (!task || task.elementId !== elementId) {
    const inst = await prisma.processInstance.findUnique({ where: { id: instanceId }, select: { status: true, incident: true } })
    throw new Error(`instance ${instanceId}: expected open task ${elementId}, found ${task?.elementId ?? 'none'} (instance ${inst?.status} ${inst?.incident ?? ''})`)
  }
  return task.engineKey
}

export interface PhaseTimes {
  caseCreate: number
  start: number
  lookups: number
  interview: number
  draft: number
  approve: number
  /** Delivery message, then the appeal period passing (clock moved, the timer fired) until the case closes. */
  final: number
  total: number
}

/**
 * One full instance, start to end, timing each phase (ms): registration, the three user tasks, then delivery and
 * the appeal period passing. The benchmark clock (a FakeClock) is set back to the benchmark day for every instance
 * and moved past the appeal period at the end, so each instance fires its own appeal timer.
 */
export async function runFullInstance(engine: EmbeddedEngine, prisma: PrismaClient): Promise<PhaseTimes & { instanceId: string }> {
  benchClock(engine).set(BENCH_NOW)
  const t0 = performance.now()
  const run = await runToDelivery(engine, prisma)
  const d = performance.now()
  await passAppealPeriod(engine, prisma, [run.instanceId])
  run.final += performance.now() - d
  run.total = performance.now() - t0
  return run
}

function benchClock(engine: EmbeddedEngine): FakeClock {
  const clock = clocks.get(engine) as FakeClock | undefined
  if (!clock || typeof clock.set !== 'function') throw new Error('the benefit driver needs an engine made by createBenchEngine with a FakeClock')
  return clock
}

/**
 * Several instances at once without a race on the shared clock: the clock is set to the benchmark day once, the
 * instances run to the delivery of their decisions together, then one clock move lets all their appeal periods
 * pass. Returns the instance ids (each checked completed).
 */
export async function runBatch(engine: EmbeddedEngine, prisma: PrismaClient, size: number): Promise<string[]> {
  benchClock(engine).set(BENCH_NOW)
  const runs = await Promise.all(Array.from({ length: size }, () => runToDelivery(engine, prisma)))
  const ids = runs.map((r) => r.instanceId)
  await passAppealPeriod(engine, prisma, ids)
  return ids
}

/**
 * Moves the clock past the appeal period and runs the due work until every instance has completed (once is enough
 * since the jobs after the timer are answered in its step; the earlier driver always ran it twice: §1i), at most
 * three rounds; fails naming an instance that did not complete.
 */
async function passAppealPeriod(engine: EmbeddedEngine, prisma: PrismaClient, instanceIds: string[]): Promise<void> {
  benchClock(engine).set(AFTER_APPEAL_PERIOD)
  for (let round = 1; ; round++) {
    await engine.runDueWork()
    const done = await prisma.processInstance.findMany({ where: { id: { in: instanceIds } }, select: { id: true, status: true, incident: true } })
    const open = done.find((inst) => inst.status !== 'completed')
    if (!open && done.length === instanceIds.length) return
    if (round === 3) throw new Error(`instance ${open?.id ?? '?'} did not complete: ${open?.status ?? 'missing'} ${open?.incident ?? ''}`)
  }
}

/** Registration, the three user tasks and the delivery of the decision (the clock is not touched). */
async function runToDelivery(engine: EmbeddedEngine, prisma: PrismaClient): Promise<PhaseTimes & { instanceId: string }> {
  const t0 = performance.now()
  const c = await prisma.case.create({ data: { procedure: PROCESS_ID, receivedAt: new Date(RECEIVED_AT), urgent: false } })
  const t1 = performance.now()
  const { instanceId } = await engine.startInstance({ processId: PROCESS_ID, businessKey: c.id, variables: START_VARIABLES })
  await engine.idle()
  const t2 = performance.now()
  const times: PhaseTimes = { caseCreate: t1 - t0, start: t2 - t1, lookups: 0, interview: 0, draft: 0, approve: 0, final: 0, total: 0 }
  const phase = ['interview', 'draft', 'approve'] as const
  for (let i = 0; i < USER_TASK_STEPS.length; i++) {
    const step = USER_TASK_STEPS[i]
    const a = performance.now()
    const key = await openTaskKey(prisma, instanceId, step.elementId)
    const b = performance.now()
    await engine.completeUserTask(key, step.variables)
    await engine.idle()
    const c2 = performance.now()
    times.lookups += b - a
    times[phase[i]] = c2 - b
  }
  const d = performance.now()
  const delivered = await engine.publishMessage({ name: 'decision-delivered', correlationKey: c.id, variables: { deliveredAt: DELIVERED_AT } })
  if (delivered.correlated !== 1) throw new Error(`instance ${instanceId}: the decision-delivered message was not correlated`)
  await engine.idle()
  times.final = performance.now() - d
  times.total = performance.now() - t0
  return { ...times, instanceId }
}
