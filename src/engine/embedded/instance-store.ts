// Persists the outcome of one instance run in one transaction: the instance state and, as differences against
// what was stored, its jobs, timers, message subscriptions and inbox tasks. A run that lost the race for the
// instance (revision changed underneath) is rejected, so an event is never applied twice.
import type { Prisma, PrismaClient } from '../../generated/prisma/client.ts'
import type { Clock } from '../clock.ts'
import { feel } from './feel.ts'
import type { RunSnapshot, WaitingUserTask } from './instance-run.ts'

export class RevisionConflict extends Error {
  constructor(instanceId: string) {
    super(`Process instance ${instanceId} was changed by another operation`)
    this.name = 'RevisionConflict'
  }
}

export interface InstanceHeader {
  id: string
  definitionId: string
  processId: string
  businessKey: string | null
  revision: number
  trail: unknown
}

/** What the operation itself consumed: these waits end as completed/fired/correlated, the rest as canceled. */
export interface Consumed {
  jobExecutionId?: string
  timerExecutionId?: string
  messageExecutionId?: string
  userTaskExecutionId?: string
}

export interface PersistResult {
  newJobIds: string[]
  newSubscriptions: { messageName: string; correlationKey: string }[]
  createdTaskKeys: string[]
  endedTaskKeys: string[]
}

type Tx = Prisma.TransactionClient

function splitList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String).map((s) => s.trim()).filter(Boolean)
  if (value === null || value === undefined || value === '') return []
  return String(value)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
}

function toDate(value: unknown): Date | null {
  if (value === null || value === undefined || value === '') return null
  const d = new Date(String(value))
  return Number.isNaN(d.getTime()) ? null : d
}

export function describeUserTask(task: WaitingUserTask, vars: Record<string, unknown>) {
  const m = task.model
  const assignee = m.assignee ? feel(m.assignee, vars) : null
  const priority = m.priority ? Number(feel(m.priority, vars)) : 50
  return {
    name: m.name,
    candidateGroups: splitList(m.candidateGroups ? feel(m.candidateGroups, vars) : null),
    candidateUsers: splitList(m.candidateUsers ? feel(m.candidateUsers, vars) : null),
    assignee: assignee ? String(assignee) : null,
    dueAt: toDate(m.dueDate ? feel(m.dueDate, vars) : null),
    followUpAt: toDate(m.followUpDate ? feel(m.followUpDate, vars) : null),
    priority: Number.isFinite(priority) ? Math.max(0, Math.min(100, priority)) : 50,
    formKey: m.formId,
    properties: m.properties,
  }
}

export async function persistRun(
  prisma: PrismaClient,
  clock: Clock,
  header: InstanceHeader,
  snapshot: RunSnapshot,
  consumed: Consumed,
  isNew: boolean,
): Promise<PersistResult> {
  const now = clock.now()
  const result: PersistResult = { newJobIds: [], newSubscriptions: [], createdTaskKeys: [], endedTaskKeys: [] }
  const ended = snapshot.status === 'completed'
  const trail = [...((header.trail as unknown[]) ?? []), ...snapshot.trail]

  await prisma.$transaction(async (tx: Tx) => {
    const data = {
      state: ended ? null : (snapshot.state as Prisma.InputJsonValue),
      variables: snapshot.variables as Prisma.InputJsonValue,
      status: ended ? 'completed' : 'waiting',
      revision: header.revision + 1,
      endedAt: ended ? now : null,
      incident: null,
      trail: trail as Prisma.InputJsonValue,
    }
    if (isNew) {
      await tx.processInstance.create({
        data: {
          id: header.id,
          definitionId: header.definitionId,
          processId: header.processId,
          businessKey: header.businessKey,
          startedAt: now,
          ...data,
          state: data.state ?? undefined,
        },
      })
    } else {
      const updated = await tx.processInstance.updateMany({
        where: { id: header.id, revision: header.revision },
        data: { ...data, state: data.state ?? (null as unknown as Prisma.InputJsonValue) },
      })
      if (updated.count !== 1) throw new RevisionConflict(header.id)
    }

    // Jobs
    const jobRows = await tx.job.findMany({
      where: { instanceId: header.id, status: { in: ['pending', 'running', 'incident'] } },
      select: { id: true, executionId: true },
    })
    const waitingJobs = new Set(snapshot.jobs.map((j) => j.executionId))
    const knownJobs = new Set(jobRows.map((j) => j.executionId))
    for (const row of jobRows) {
      if (waitingJobs.has(row.executionId)) continue
      await tx.job.update({
        where: { id: row.id },
        data: { status: row.executionId === consumed.jobExecutionId ? 'completed' : 'canceled', updatedAt: now, lockedUntil: null },
      })
    }
    if (consumed.jobExecutionId && !knownJobs.has(consumed.jobExecutionId)) {
      await tx.job.updateMany({
        where: { executionId: consumed.jobExecutionId },
        data: { status: 'completed', updatedAt: now, lockedUntil: null },
      })
    }
    for (const job of snapshot.jobs) {
      if (knownJobs.has(job.executionId)) continue
      const row = await tx.job.upsert({
        where: { executionId: job.executionId },
        create: {
          instanceId: header.id,
          elementId: job.elementId,
          executionId: job.executionId,
          type: job.type,
          status: 'pending',
          retries: job.retries,
          dueAt: now,
          variables: job.variables as Prisma.InputJsonValue,
          headers: job.headers,
          createdAt: now,
          updatedAt: now,
        },
        update: {},
        select: { id: true, status: true },
      })
      if (row.status === 'pending') result.newJobIds.push(row.id)
    }

    // Timers
    const timerRows = await tx.timer.findMany({
      where: { instanceId: header.id, status: 'pending' },
      select: { id: true, executionId: true },
    })
    const activeTimers = new Set(snapshot.timers.map((t) => t.executionId))
    const knownTimers = new Set(timerRows.map((t) => t.executionId))
    for (const row of timerRows) {
      if (activeTimers.has(row.executionId)) continue
      await tx.timer.update({
        where: { id: row.id },
        data: { status: row.executionId === consumed.timerExecutionId ? 'fired' : 'canceled' },
      })
    }
    for (const timer of snapshot.timers) {
      if (knownTimers.has(timer.executionId) || !timer.dueAt) continue
      await tx.timer.upsert({
        where: { executionId: timer.executionId },
        create: {
          instanceId: header.id,
          elementId: timer.elementId,
          executionId: timer.executionId,
          dueAt: timer.dueAt,
          status: 'pending',
          createdAt: now,
        },
        update: {},
      })
    }

    // Message subscriptions
    const subRows = await tx.messageSubscription.findMany({
      where: { instanceId: header.id, status: 'open' },
      select: { id: true, executionId: true },
    })
    const activeSubs = new Set(snapshot.messages.map((m) => m.executionId))
    const knownSubs = new Set(subRows.map((s) => s.executionId))
    for (const row of subRows) {
      if (activeSubs.has(row.executionId)) continue
      await tx.messageSubscription.update({
        where: { id: row.id },
        data: { status: row.executionId === consumed.messageExecutionId ? 'correlated' : 'closed' },
      })
    }
    for (const sub of snapshot.messages) {
      if (knownSubs.has(sub.executionId)) continue
      await tx.messageSubscription.upsert({
        where: { executionId: sub.executionId },
        create: {
          instanceId: header.id,
          elementId: sub.elementId,
          executionId: sub.executionId,
          messageName: sub.messageName,
          correlationKey: sub.correlationKey,
          status: 'open',
          createdAt: now,
        },
        update: {},
      })
      result.newSubscriptions.push({ messageName: sub.messageName, correlationKey: sub.correlationKey })
    }

    // Inbox tasks
    const taskRows = await tx.task.findMany({
      where: { instanceId: header.id, status: 'open' },
      select: { id: true, engineKey: true },
    })
    const waitingTasks = new Set(snapshot.userTasks.map((t) => t.executionId))
    const knownTasks = new Set(taskRows.map((t) => t.engineKey))
    for (const row of taskRows) {
      if (waitingTasks.has(row.engineKey)) continue
      const completed = row.engineKey === consumed.userTaskExecutionId
      await tx.task.update({
        where: { id: row.id },
        data: { status: completed ? 'completed' : 'canceled', completedAt: now, revision: { increment: 1 } },
      })
      result.endedTaskKeys.push(row.engineKey)
    }
    for (const task of snapshot.userTasks) {
      if (knownTasks.has(task.executionId)) continue
      const d = describeUserTask(task, snapshot.variables)
      await tx.task.upsert({
        where: { engineKey: task.executionId },
        create: {
          engine: 'embedded',
          engineKey: task.executionId,
          instanceId: header.id,
          caseId: header.businessKey,
          processId: header.processId,
          elementId: task.model.id,
          name: d.name,
          candidateGroups: d.candidateGroups,
          candidateUsers: d.candidateUsers,
          assignee: d.assignee,
          dueAt: d.dueAt,
          followUpAt: d.followUpAt,
          priority: d.priority,
          formKey: d.formKey,
          properties: d.properties,
          variables: snapshot.variables as Prisma.InputJsonValue,
          createdAt: now,
        },
        update: {},
      })
      result.createdTaskKeys.push(task.executionId)
    }

    if (!ended) {
      const incidents = await tx.job.count({ where: { instanceId: header.id, status: 'incident' } })
      if (incidents > 0) await tx.processInstance.update({ where: { id: header.id }, data: { status: 'incident' } })
    }
  })
  return result
}
