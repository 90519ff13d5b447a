// The SLA monitor: one loop (every SLA_INTERVAL_MS, and on demand) that
//  0. releases the open tasks of restricted procedures held by someone outside their allowed groups
//     (src/inbox/release-restricted-tasks.ts: a FEEL assignee, a mirrored task, a restriction changed since);
//  1. marks cases whose statutory goal is reached (first-instance decision issued, or case closed) as done and
//     cancels their pending steps;
//  2. applies the policy in force to every task and case not yet measured (new ones, and those a policy change,
//     a pause or an art. 36 notice sent back): target and at-risk instants, and one planned SlaEscalation row per
//     escalation step (rows already fired stay fired: a step fires once per task or case, whatever happens later);
//  3. fires the planned steps that are due: for each, one transaction holds the conditional update
//     pending → fired and the step's effect (notifications, e-mail outbox, the art. 36 task, the reassignment
//     in our inbox, case history), so a crash before the commit leaves the step pending and a crash after it
//     leaves it fired: never missed, never doubled.
// Engine-agnostic: it reads and writes the inbox tables both engines fill; a reassignment is then passed to the
// engine port (idempotent). Logs ids only.
import type { Prisma, PrismaClient, Task } from '../generated/prisma/client.ts'
import type { Clock } from '../../engine/clock.ts'
import type { WorkflowEngine } from '../../engine/port.ts'
import type { Logger } from '../logger.ts'
import { caseDeadline, stepDueAt, taskSlaTimes, type SlaTimes } from '../../domain/sla-deadline.ts'
import { pickPolicy, type SlaStep } from '../../domain/sla-policy.ts'
import { parseIsoDate, toIsoDate, type IsoDate } from '../../domain/local-date.ts'
import { loadActivePolicies, type ActivePolicy } from './sla-policies.ts'
import { fireEscalation } from './fire-escalation.ts'
import { notifyTaskInGroup } from './sla-notify.ts'
import { routeToSubstitute } from './route-to-substitute.ts'
import { returnToAuthor } from './return-to-author.ts'
import type { Restrictions } from '../../domain/procedure-restriction.ts'
import { loadRestrictions } from '../procedures/load-restrictions.ts'
import { releaseRestrictedTasks } from '../inbox/release-restricted-tasks.ts'

export const DEFAULT_SLA_INTERVAL_MS = 30_000
const APPLY_BATCH = 500
const FIRE_BATCH = 100
/** A task created longer ago than this when first measured (a backlog after an upgrade) brings no "new task" notice. */
const NEW_TASK_NOTICE_MS = 24 * 60 * 60_000
/** Step id of the "a new task in your group" notice (not a policy step; policy step ids cannot start with "_"). */
export const NEW_TASK_STEP = '_new-task'

export interface SlaRound {
  casesDone: number
  tasksApplied: number
  casesApplied: number
  fired: number
  canceled: number
  failed: number
  /** Tasks of restricted procedures taken from an assignee outside their allowed groups. */
  released: number
}

export interface SlaMonitorOptions {
  prisma: PrismaClient
  engine: WorkflowEngine
  clock: Clock
  logger: Logger
  intervalMs?: number
}

type Tx = Prisma.TransactionClient

function dateOnly(d: Date | null | undefined): IsoDate | null {
  return d ? d.toISOString().slice(0, 10) : null
}

function plannedRows(subjectType: 'task' | 'case', subjectId: string, caseId: string | null, policy: ActivePolicy, times: SlaTimes, now: Date) {
  return policy.definition.escalations.map((step: SlaStep) => ({
    subjectType, subjectId, caseId, policyId: policy.id, stepId: step.id, action: step.action,
    dueAt: stepDueAt(step, times), status: 'pending', result: {}, createdAt: now,
  }))
}

async function replan(tx: Tx, subjectType: 'task' | 'case', subjectId: string, rows: ReturnType<typeof plannedRows>): Promise<void> {
  await tx.slaEscalation.deleteMany({ where: { subjectType, subjectId, status: 'pending' } })
  if (rows.length) await tx.slaEscalation.createMany({ data: rows, skipDuplicates: true })
}

export class SlaMonitor {
  private timer: NodeJS.Timeout | null = null
  private running: Promise<SlaRound> | null = null
  private queued: Promise<SlaRound> | null = null
  private stopped = false

  constructor(private readonly options: SlaMonitorOptions) {}

  start(): void {
    this.stopped = false
    const tick = () => {
      if (this.stopped) return
      this.runOnce()
        .catch((err: unknown) => this.options.logger.error('sla round failed', { error: err instanceof Error ? err.message : String(err) }))
        .finally(() => { if (!this.stopped) this.timer = setTimeout(tick, this.options.intervalMs ?? DEFAULT_SLA_INTERVAL_MS) })
    }
    this.timer = setTimeout(tick, 0)
  }

  async stop(): Promise<void> {
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    await this.queued?.catch(() => undefined)
    await this.running?.catch(() => undefined)
  }

  /**
   * One round that starts after this call (what the caller just wrote is measured). Callers that arrive while a
   * round runs share the one round queued after it: a full office completing tasks queues one round, not one each.
   */
  async runOnce(): Promise<SlaRound> {
    if (this.queued) return this.queued
    if (!this.running) return this.begin()
    const after = this.running
    this.queued = after.catch(() => undefined).then(() => {
      this.queued = null
      return this.begin()
    })
    return this.queued
  }

  private begin(): Promise<SlaRound> {
    const round = this.round().finally(() => {
      if (this.running === round) this.running = null
    })
    this.running = round
    return round
  }

  private async round(): Promise<SlaRound> {
    const result: SlaRound = { casesDone: 0, tasksApplied: 0, casesApplied: 0, fired: 0, canceled: 0, failed: 0, released: 0 }
    const restrictions = await loadRestrictions(this.options.prisma)
    result.released = await releaseRestrictedTasks(this.options, restrictions)
    result.casesDone = await this.markCasesDone()
    await this.refreshRunningPauses()
    const policies = await loadActivePolicies(this.options.prisma)
    for (;;) {
      const n = await this.applyTasks(policies, restrictions)
      result.tasksApplied += n
      if (n < APPLY_BATCH) break
    }
    for (;;) {
      const n = await this.applyCases(policies)
      result.casesApplied += n
      if (n < APPLY_BATCH) break
    }
    await this.fireDue(result)
    // tasks the steps just created (the art. 36 notice) are measured in the same round
    if (result.fired) result.tasksApplied += await this.applyTasks(policies, restrictions)
    if (result.fired || result.failed || result.released) this.options.logger.info('sla round', { ...result })
    return result
  }

  /**
   * One case measured now, after a registration or a completion touched it: its new tasks and its deadline get
   * their policy (work sent back goes to its author), and its steps that are due fire. The global parts of a round
   * (cases done, pauses, restrictions released, other cases) are left to the rounds every SLA_INTERVAL_MS, so a full
   * office registering and completing at once does not queue a whole round behind every request.
   */
  async applyNow(caseId: string): Promise<SlaRound> {
    const result: SlaRound = { casesDone: 0, tasksApplied: 0, casesApplied: 0, fired: 0, canceled: 0, failed: 0, released: 0 }
    const restrictions = await loadRestrictions(this.options.prisma)
    const policies = await loadActivePolicies(this.options.prisma)
    result.tasksApplied += await this.applyTasks(policies, restrictions, caseId)
    result.casesApplied += await this.applyCases(policies, caseId)
    await this.fireDue(result, caseId)
    if (result.fired) result.tasksApplied += await this.applyTasks(policies, restrictions, caseId)
    if (result.fired || result.failed) this.options.logger.info('sla case round', { ...result })
    return result
  }

  /** Fires the pending steps that are due (of one case, or all), counting the outcomes into `result`. */
  private async fireDue(result: SlaRound, caseId?: string): Promise<void> {
    for (;;) {
      const due = await this.options.prisma.slaEscalation.findMany({
        where: { status: 'pending', dueAt: { lte: this.options.clock.now() }, ...(caseId ? { caseId } : {}) },
        orderBy: [{ dueAt: 'asc' }, { id: 'asc' }],
        take: FIRE_BATCH,
        select: { id: true },
      })
      for (const { id } of due) {
        const outcome = await fireEscalation(this.options, id)
        if (outcome === 'fired') result.fired++
        else if (outcome === 'canceled') result.canceled++
        else if (outcome === 'failed') result.failed++
      }
      if (due.length < FIRE_BATCH) break
    }
  }

  /** Cases with a running deadline whose decision was issued, or that were closed: done; their pending steps canceled. */
  private async markCasesDone(): Promise<number> {
    const { prisma, clock } = this.options
    const now = clock.now()
    const done = await prisma.$queryRaw<{ id: string; at: Date }[]>`
      SELECT c."id", COALESCE(
        (SELECT min(e."at") FROM "CaseEvent" e WHERE e."caseId" = c."id" AND e."type" = 'decision-issued'),
        c."closedAt", ${now}) AS "at"
      FROM "Case" c
      WHERE c."slaDueAt" IS NOT NULL AND c."slaDoneAt" IS NULL
        AND (c."status" <> 'open' OR EXISTS (SELECT 1 FROM "CaseEvent" e WHERE e."caseId" = c."id" AND e."type" = 'decision-issued'))
      LIMIT 1000`
    for (const row of done) {
      await prisma.$transaction([
        prisma.case.updateMany({ where: { id: row.id, slaDoneAt: null }, data: { slaDoneAt: row.at } }),
        prisma.slaEscalation.updateMany({ where: { subjectType: 'case', subjectId: row.id, status: 'pending' }, data: { status: 'canceled', firedAt: now } }),
      ])
    }
    return done.length
  }

  /** A running pause moves the deadline every day: such cases are measured again once a Warsaw day. */
  private async refreshRunningPauses(): Promise<void> {
    const { prisma, clock } = this.options
    const today = toIsoDate(clock.now())
    const startOfToday = new Date(`${today}T00:00:00Z`)
    await prisma.$executeRaw`
      UPDATE "Case" c SET "slaAppliedAt" = NULL
      WHERE c."slaDoneAt" IS NULL AND c."slaAppliedAt" IS NOT NULL AND c."slaAppliedAt" < ${new Date(startOfToday.getTime() - 2 * 3600_000)}
        AND EXISTS (SELECT 1 FROM "CasePause" p WHERE p."caseId" = c."id" AND (p."to" IS NULL OR p."to" >= ${startOfToday}::date))`
  }

  private async applyTasks(policies: ActivePolicy[], restrictions: Restrictions, caseId?: string): Promise<number> {
    const { prisma, clock } = this.options
    const tasks = await prisma.task.findMany({ where: { slaAppliedAt: null, ...(caseId ? { caseId } : {}) }, take: APPLY_BATCH, orderBy: { createdAt: 'asc' } })
    if (!tasks.length) return 0
    const caseIds = [...new Set(tasks.map((t) => t.caseId).filter((id): id is string => id !== null))]
    const cases = new Map((await prisma.case.findMany({ where: { id: { in: caseIds } }, select: { id: true, receivedAt: true } })).map((c) => [c.id, c]))
    const now = clock.now()
    const rerouted: { key: string; assignee: string }[] = []
    for (const task of tasks) {
      const policy = pickPolicy(policies, task.processId, task.elementId)
      const vars = (task.variables ?? {}) as Record<string, unknown>
      const times = policy
        ? taskSlaTimes(policy.definition, {
          createdAt: task.createdAt,
          dueAt: task.dueAt,
          caseReceivedAt: dateOnly(task.caseId ? cases.get(task.caseId)?.receivedAt : null),
          deliveredAt: parseIsoDate(vars.deliveredAt),
        })
        : null
      await prisma.$transaction(async (tx) => {
        const updated = await tx.task.updateMany({
          where: { id: task.id, slaAppliedAt: null },
          data: { slaDueAt: times?.dueAt ?? null, slaAtRiskAt: times?.atRiskAt ?? null, slaPolicyId: policy?.id ?? null, slaAppliedAt: now },
        })
        if (updated.count === 0) return
        if (task.status === 'open') {
          // work sent back goes to its author (then, if the author is away, on to their substitute)
          const author = await returnToAuthor(tx, now, task as Task, restrictions)
          if (author) rerouted.push({ key: task.engineKey, assignee: author })
          const substitute = await routeToSubstitute(tx, now, (author ? { ...task, assignee: author } : task) as Task, restrictions)
          if (substitute) rerouted.push({ key: task.engineKey, assignee: substitute })
          await replan(tx, 'task', task.id, policy && times ? plannedRows('task', task.id, task.caseId, policy, times, now) : [])
          if (task.assignee === null && !author && now.getTime() - task.createdAt.getTime() < NEW_TASK_NOTICE_MS) {
            // once per task: the unique (subject, step) row is the proof it was sent
            const first = await tx.slaEscalation.createMany({
              data: [{ subjectType: 'task', subjectId: task.id, caseId: task.caseId, policyId: policy?.id ?? '-', stepId: NEW_TASK_STEP, action: 'notify-new-task', dueAt: now, status: 'fired', firedAt: now, result: {}, createdAt: now }],
              skipDuplicates: true,
            })
            if (first.count) await notifyTaskInGroup(tx, now, task as Task)
          }
        }
      })
    }
    for (const r of rerouted) {
      await this.options.engine.assignUserTask(r.key, r.assignee).catch((err: unknown) =>
        this.options.logger.warn('substitute routing not accepted by the engine', { error: err instanceof Error ? err.message : String(err) }))
    }
    return tasks.length
  }

  private async applyCases(policies: ActivePolicy[], caseId?: string): Promise<number> {
    const { prisma, clock } = this.options
    const cases = await prisma.case.findMany({
      where: { slaAppliedAt: null, slaDoneAt: null, status: 'open', ...(caseId ? { id: caseId } : {}) },
      take: APPLY_BATCH,
      orderBy: { createdAt: 'asc' },
      select: { id: true, procedure: true, receivedAt: true, complex: true, extendedTo: true, processInstanceId: true },
    })
    if (!cases.length) return 0
    const now = clock.now()
    const today = toIsoDate(now)
    const pauses = await prisma.casePause.findMany({ where: { caseId: { in: cases.map((c) => c.id) } } })
    const instanceIds = cases.map((c) => c.processInstanceId).filter((id): id is string => id !== null)
    const delivered = new Map(
      (await prisma.processInstance.findMany({ where: { id: { in: instanceIds } }, select: { id: true, variables: true } }))
        .map((i) => [i.id, parseIsoDate(((i.variables ?? {}) as Record<string, unknown>).deliveredAt)]),
    )
    for (const c of cases) {
      const policy = pickPolicy(policies, c.procedure, null)
      const deadline = policy
        ? caseDeadline(policy.definition, {
          receivedAt: dateOnly(c.receivedAt)!,
          complex: c.complex,
          deliveredAt: c.processInstanceId ? (delivered.get(c.processInstanceId) ?? null) : null,
          pauses: pauses.filter((p) => p.caseId === c.id).map((p) => ({ from: dateOnly(p.from)!, to: dateOnly(p.to) })),
          extendedTo: dateOnly(c.extendedTo),
        }, today)
        : null
      await prisma.$transaction(async (tx) => {
        const updated = await tx.case.updateMany({
          where: { id: c.id, slaAppliedAt: null },
          data: { slaDueAt: deadline?.dueAt ?? null, slaAtRiskAt: deadline?.atRiskAt ?? null, slaPolicyId: policy?.id ?? null, slaAppliedAt: now },
        })
        if (updated.count === 0) return
        // a paused case is not escalated: its steps wait for the new deadline
        const rows = policy && deadline && !deadline.paused ? plannedRows('case', c.id, c.id, policy, deadline, now) : []
        await replan(tx, 'case', c.id, rows)
      })
    }
    return cases.length
  }
}
