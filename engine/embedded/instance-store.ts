// Persists the outcome of one instance run in one transaction: the instance state and, as differences against
// what was stored, its jobs, timers, message subscriptions and inbox tasks. A run that lost the race for the
// instance (revision changed underneath) is rejected, so an event is never applied twice.
import type { Prisma, PrismaClient } from '../../src/generated/prisma/client.ts'
import type { Clock } from '../clock.ts'
import { feel } from './feel.ts'
import type { RunSnapshot, WaitingUserTask } from './instance-run.ts'
import { updateInstanceRow } from './instance-row-update.ts'
import type { CompletedInStep } from './side-effect-free-jobs.ts'
import type { ClaimedJob, NewJobLock } from './claimed-new-jobs.ts'
import { jobRowsToInsert } from './job-rows.ts'
import { insertInstanceRow, insertJobRows, insertTaskRows } from './row-inserts.ts'
import { OPEN_JOB_STATUSES, OPEN_SUBSCRIPTION_STATUS, OPEN_TASK_STATUS, OPEN_TIMER_STATUSES, openWaitsAfter, readOpenWaits, type OpenWait } from './open-waits.ts'

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
  /** The trail to write before this run's entries, replacing the stored one; omitted: they are appended to it. */
  trail?: readonly unknown[]
  /** The instance showed an incident when it was loaded: it keeps it while a job is still in incident. */
  hadIncident?: boolean
  /** The run was continued from a live run (live-instances.ts): the stored row must still be waiting at this revision. */
  fromLiveRun?: boolean
  /** What the instance waited on after the live run's last save (open-waits.ts); omitted: read from the rows. */
  waits?: readonly OpenWait[]
  /** The variables as the last save wrote them (JSON): unchanged variables are not written again. */
  savedVariablesJson?: string
}

/** What the operation itself consumed: these waits end as completed/fired/correlated, the rest as canceled. */
export interface Consumed {
  jobExecutionId?: string
  /** What the consumed job's handler answered, stored on the job with its completion. */
  jobOutcome?: { result: Prisma.InputJsonValue; errorCode: string | null }
  timerExecutionId?: string
  messageExecutionId?: string
  userTaskExecutionId?: string
  /** Jobs created and completed within this step by a side-effect-free handler: inserted completed. */
  completedInStep?: readonly CompletedInStep[]
}

export interface PersistResult {
  /** What the instance waits on after this save (a live run's next save diffs against it). */
  waits: OpenWait[]
  /** The variables as this save stored them (JSON). */
  variablesJson: string
  /** New jobs to hand out; `claimed` when the save inserted it claimed by this process (claimed-new-jobs.ts). */
  newJobs: { id: string; type: string; claimed?: ClaimedJob }[]
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

export function persistRun(
  prisma: PrismaClient,
  clock: Clock,
  header: InstanceHeader,
  snapshot: RunSnapshot,
  consumed: Consumed,
  isNew: boolean,
  /** Which new jobs this process claims as it inserts them (their handler runs here); omitted: none. */
  lockNewJob: NewJobLock = () => null,
): Promise<PersistResult> {
  return prisma.$transaction((tx: Tx) => saveRun(tx, clock, header, snapshot, consumed, isNew, lockNewJob))
}

/** persistRun within a transaction the caller holds (transactional-jobs.ts: the step's handlers wrote in it too). */
export async function saveRun(
  tx: Tx,
  clock: Clock,
  header: InstanceHeader,
  snapshot: RunSnapshot,
  consumed: Consumed,
  isNew: boolean,
  lockNewJob: NewJobLock = () => null,
): Promise<PersistResult> {
  const now = clock.now()
  const variablesJson = JSON.stringify(snapshot.variables)
  const result: PersistResult = { waits: [], variablesJson, newJobs: [], newSubscriptions: [], createdTaskKeys: [], endedTaskKeys: [] }
  const ended = snapshot.status === 'completed'

  if (isNew) {
    await insertInstanceRow(tx, {
      id: header.id,
      definitionId: header.definitionId,
      processId: header.processId,
      businessKey: header.businessKey,
      startedAt: now,
      state: ended ? undefined : snapshot.state,
      variablesJson,
      status: ended ? 'completed' : 'waiting',
      revision: header.revision + 1,
      endedAt: ended ? now : null,
      trail: [...(header.trail ?? []), ...snapshot.trail],
    })
  } else {
    const updated = await updateInstanceRow(tx, {
      id: header.id,
      revision: header.revision,
      mustBeWaiting: header.fromLiveRun === true,
      status: ended ? 'completed' : 'waiting',
      state: snapshot.state,
      variablesJson: variablesJson === header.savedVariablesJson ? undefined : variablesJson,
      trailAppend: snapshot.trail,
      replaceTrail: header.trail,
      // left as it is when the instance was in incident: decided below, once the jobs and timers are saved
      keepIncidentAt: header.hadIncident === true,
      now,
    })
    if (updated !== 1) throw new RevisionConflict(header.id)
  }

  // Everything the instance waited on before this run: none for a new instance, the live run's list, or the rows.
  const rows: readonly OpenWait[] = isNew ? [] : (header.waits ?? (await readOpenWaits(tx, header.id)))
  const created: OpenWait[] = []
  const known = (kind: OpenWait['kind']) => rows.filter((r) => r.kind === kind)
  /** Rows no longer waited on, split into the one this event consumed and the rest. */
  const endedRows = (kind: OpenWait['kind'], stillWaiting: Set<string>, consumedKey: string | undefined) => {
    const gone = known(kind).filter((r) => !stillWaiting.has(r.key))
    return { consumed: gone.filter((r) => r.key === consumedKey).map((r) => r.id), others: gone.filter((r) => r.key !== consumedKey) }
  }

  // Jobs
  const waitingJobs = new Set(snapshot.jobs.map((j) => j.executionId))
  const knownJobs = new Set(known('job').map((j) => j.key))
  const jobsEnded = endedRows('job', waitingJobs, consumed.jobExecutionId)
  if (jobsEnded.others.length) {
    await tx.job.updateMany({ where: { id: { in: jobsEnded.others.map((r) => r.id) }, status: { in: OPEN_JOB_STATUSES } }, data: { status: 'canceled', updatedAt: now, lockedUntil: null } })
  }
  if (consumed.jobExecutionId) {
    await tx.job.updateMany({
      where: { executionId: consumed.jobExecutionId, status: { in: OPEN_JOB_STATUSES } },
      data: { status: 'completed', updatedAt: now, lockedUntil: null, ...consumed.jobOutcome },
    })
  }
  const newJobs = snapshot.jobs.filter((j) => !knownJobs.has(j.executionId))
  const doneInStep = consumed.completedInStep ?? []
  if (newJobs.length || doneInStep.length) {
    const locks = new Map(newJobs.map((job) => [job.executionId, lockNewJob(job.type)]))
    const jobs = await insertJobRows(tx, jobRowsToInsert(header.id, now, newJobs, locks, doneInStep))
    const waiting = new Map(newJobs.map((job) => [job.executionId, job]))
    for (const r of jobs) {
      const job = waiting.get(r.executionId)
      if (!job) continue // completed in this step
      const lockedUntil = locks.get(r.executionId)
      const claimed: ClaimedJob | undefined = lockedUntil
        ? { id: r.id, type: r.type, instanceId: header.id, elementId: job.elementId, executionId: r.executionId, variables: job.variables, headers: job.headers, retries: job.retries, attempts: 1, lockedUntil }
        : undefined
      result.newJobs.push({ id: r.id, type: r.type, ...(claimed ? { claimed } : {}) })
    }
    created.push(...jobs.filter((r) => waiting.has(r.executionId)).map((r) => ({ kind: 'job' as const, id: r.id, key: r.executionId, due: r.dueAt })))
  }

  // Timers: one no longer active fired if it was due (also when it fired while the instance was resumed), else
  // it was canceled (its activity ended first).
  const activeTimers = new Set(snapshot.timers.map((t) => t.executionId))
  const knownTimers = new Set(known('timer').map((t) => t.key))
  const timersGone = known('timer').filter((r) => !activeTimers.has(r.key))
  const fired = timersGone.filter((r) => r.key === consumed.timerExecutionId || (r.due !== null && new Date(r.due) <= now))
  const canceled = timersGone.filter((r) => !fired.includes(r))
  if (fired.length) await tx.timer.updateMany({ where: { id: { in: fired.map((r) => r.id) }, status: { in: OPEN_TIMER_STATUSES } }, data: { status: 'fired' } })
  if (canceled.length) await tx.timer.updateMany({ where: { id: { in: canceled.map((r) => r.id) }, status: { in: OPEN_TIMER_STATUSES } }, data: { status: 'canceled' } })
  const newTimers = snapshot.timers.filter((t) => !knownTimers.has(t.executionId) && t.dueAt)
  if (newTimers.length) {
    const timers = await tx.timer.createManyAndReturn({
      data: newTimers.map((timer) => ({
        instanceId: header.id,
        elementId: timer.elementId,
        executionId: timer.executionId,
        dueAt: timer.dueAt!,
        status: 'pending',
        createdAt: now,
      })),
      skipDuplicates: true,
      select: { id: true, executionId: true, dueAt: true },
    })
    created.push(...timers.map((r) => ({ kind: 'timer' as const, id: r.id, key: r.executionId, due: r.dueAt })))
  }

  // Message subscriptions
  const activeSubs = new Set(snapshot.messages.map((m) => m.executionId))
  const knownSubs = new Set(known('message').map((s) => s.key))
  const subsEnded = endedRows('message', activeSubs, consumed.messageExecutionId)
  if (subsEnded.consumed.length) {
    await tx.messageSubscription.updateMany({ where: { id: { in: subsEnded.consumed }, status: OPEN_SUBSCRIPTION_STATUS }, data: { status: 'correlated' } })
  }
  if (subsEnded.others.length) {
    await tx.messageSubscription.updateMany({ where: { id: { in: subsEnded.others.map((r) => r.id) }, status: OPEN_SUBSCRIPTION_STATUS }, data: { status: 'closed' } })
  }
  const newSubs = snapshot.messages.filter((m) => !knownSubs.has(m.executionId))
  if (newSubs.length) {
    const subs = await tx.messageSubscription.createManyAndReturn({
      data: newSubs.map((sub) => ({
        instanceId: header.id,
        elementId: sub.elementId,
        executionId: sub.executionId,
        messageName: sub.messageName,
        correlationKey: sub.correlationKey,
        status: 'open',
        createdAt: now,
      })),
      skipDuplicates: true,
      select: { id: true, executionId: true },
    })
    created.push(...subs.map((r) => ({ kind: 'message' as const, id: r.id, key: r.executionId, due: null })))
    result.newSubscriptions.push(...newSubs.map((s) => ({ messageName: s.messageName, correlationKey: s.correlationKey })))
  }

  // Inbox tasks
  const waitingTasks = new Set(snapshot.userTasks.map((t) => t.executionId))
  const knownTasks = new Set(known('task').map((t) => t.key))
  const tasksEnded = endedRows('task', waitingTasks, consumed.userTaskExecutionId)
  if (tasksEnded.consumed.length) {
    await tx.task.updateMany({ where: { id: { in: tasksEnded.consumed }, status: OPEN_TASK_STATUS }, data: { status: 'completed', completedAt: now, revision: { increment: 1 } } })
  }
  if (tasksEnded.others.length) {
    const canceledTasks = await tx.task.updateManyAndReturn({
      where: { id: { in: tasksEnded.others.map((r) => r.id) }, status: OPEN_TASK_STATUS },
      data: { status: 'canceled', completedAt: now, revision: { increment: 1 } },
      select: { id: true },
    })
    // a canceled task's form drafts go with it (completed tasks' drafts are removed by the inbox service)
    if (canceledTasks.length) await tx.taskDraft.deleteMany({ where: { taskId: { in: canceledTasks.map((r) => r.id) } } })
  }
  result.endedTaskKeys.push(...known('task').filter((r) => !waitingTasks.has(r.key)).map((r) => r.key))
  const newTasks = snapshot.userTasks.filter((t) => !knownTasks.has(t.executionId))
  if (newTasks.length) {
    // each task keeps the form version current at its creation (Camunda's default "latest" binding): row-inserts.ts
    const tasks = await insertTaskRows(
      tx,
      newTasks.map((task) => {
        // an inner instance of a multi-instance task also sees its item and loop counter
        const taskVariables = task.local ? { ...snapshot.variables, ...task.local } : snapshot.variables
        const d = describeUserTask(task, taskVariables)
        return {
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
          variables: taskVariables,
          createdAt: now,
        }
      }),
    )
    created.push(...tasks.map((r) => ({ kind: 'task' as const, id: r.id, key: r.engineKey, due: null })))
    result.createdTaskKeys.push(...newTasks.map((t) => t.executionId))
  }

  if (header.hadIncident) {
    const incidents = ended
      ? 0
      : (await tx.job.count({ where: { instanceId: header.id, status: 'incident' } })) +
        (await tx.timer.count({ where: { instanceId: header.id, status: 'incident' } }))
    // still in incident: it keeps its incidentAt; out of it: incidentAt is cleared with the status
    await tx.processInstance.update({ where: { id: header.id }, data: incidents > 0 ? { status: 'incident' } : { incidentAt: null } })
  }

  const stillWaiting: Record<OpenWait['kind'], Set<string>> = { job: waitingJobs, timer: activeTimers, message: activeSubs, task: waitingTasks }
  result.waits = ended ? [] : openWaitsAfter(rows, (wait) => stillWaiting[wait.kind].has(wait.key), created)
  return result
}
