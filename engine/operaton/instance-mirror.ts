// Copies one Operaton process instance's state into OUR tables (ProcessInstance, Task, Timer, MessageSubscription,
// Job), filled the way the embedded engine fills them (instance-store.ts), so the inbox, SLA, incidents, the case
// diagram and the audit read them unchanged. Operaton is the truth; a sync reads the instance there and writes
// the differences here in one transaction. Ids: the ProcessInstance row has Operaton's process instance id, a
// Task row's engineKey is Operaton's task id; Timer, MessageSubscription and Job rows get prefixed ids
// ("op-timer-", "op-sub-", "op-ext-", "op-job-") that can never collide with the embedded engine's uuids.
import type { Prisma, PrismaClient } from '../../src/generated/prisma/client.ts'
import type { Clock } from '../clock.ts'
import type { EngineLogger } from '../embedded/embedded-engine.ts'
import { feel } from '../embedded/feel.ts'
import type { UserTaskModel } from '../embedded/process-model.ts'
import { EngineError } from '../port.ts'
import { OperatonError, type OperatonClient } from './operaton-client.ts'
import type { CatalogProcess, OperatonDefinitions } from './operaton-definitions.ts'
import { fromOperatonVariables, type TypedValue } from './typed-variables.ts'
import { innerScopeView } from './inner-scope-carrier.ts'

export const ids = {
  timer: (jobId: string) => `op-timer-${jobId}`,
  subscription: (subId: string) => `op-sub-${subId}`,
  externalTask: (taskId: string) => `op-ext-${taskId}`,
  job: (jobId: string) => `op-job-${jobId}`,
  /** The Operaton id behind one of our prefixed row ids, with its kind; null for an embedded row id. */
  parse(rowId: string): { kind: 'timer' | 'sub' | 'ext' | 'job'; remoteId: string } | null {
    const m = /^op-(timer|sub|ext|job)-(.+)$/.exec(rowId)
    return m ? { kind: m[1] as 'timer' | 'sub' | 'ext' | 'job', remoteId: m[2] } : null
  },
}

interface HistoricInstance {
  id: string
  businessKey: string | null
  processDefinitionId: string
  processDefinitionKey: string
  startTime: string
  endTime: string | null
  state: 'ACTIVE' | 'SUSPENDED' | 'COMPLETED' | 'EXTERNALLY_TERMINATED' | 'INTERNALLY_TERMINATED'
}

interface HistoricActivity {
  id: string
  activityId: string
  activityType: string
  startTime: string
  endTime: string | null
  canceled: boolean
}

interface RemoteTask {
  id: string
  name: string | null
  assignee: string | null
  created: string
  due: string | null
  followUp: string | null
  priority: number
  taskDefinitionKey: string
  executionId: string
}

interface IdentityLink {
  type: string
  userId: string | null
  groupId: string | null
}

interface HistoricTask {
  id: string
  endTime: string | null
  deleteReason: string | null
}

interface RemoteJob {
  id: string
  dueDate: string | null
  retries: number
  exceptionMessage: string | null
  jobDefinitionId: string
  createTime?: string | null
}

interface RemoteJobDefinition {
  id: string
  activityId: string
  jobType: string
}

interface RemoteExternalTask {
  id: string
  activityId: string
  topicName: string
  retries: number | null
  errorMessage: string | null
  lockExpirationTime: string | null
  workerId: string | null
  suspended: boolean
}

/** One entry of /history/external-task-log: a task's creation, each failure, its success or its deletion. */
interface ExternalTaskLogEntry {
  externalTaskId: string
  activityId: string
  topicName: string
  timestamp: string
  failureLog: boolean
  successLog: boolean
  deletionLog: boolean
}

interface RemoteSubscription {
  id: string
  eventName: string
  activityId: string
  executionId: string
  createdDate: string | null
}

/** A node of GET /process-instance/{id}/activity-instances. */
interface ActivityInstanceNode {
  id: string
  activityId: string
  executionIds: string[]
  childActivityInstances: ActivityInstanceNode[]
}

interface RemoteIncident {
  id: string
  incidentType: string
  incidentMessage: string | null
  incidentTimestamp: string
  activityId: string
  configuration: string | null
}

export interface SyncResult {
  /** Our status after the sync; null when the instance is not ours (no catalog mapping) or unknown to Operaton. */
  status: string | null
  /** Message subscriptions that appeared (buffered messages may now correlate). */
  newSubscriptions: { messageName: string; correlationKey: string }[]
  createdTaskKeys: string[]
  endedTaskKeys: string[]
  /**
   * Instances a call activity of this one started that we have no row of yet (Operaton starts them; their task
   * events would be taken for another application's): the caller syncs them, which adopts them. Looked for only in
   * an open instance whose process has a call activity.
   */
  childrenToAdopt: string[]
}

export interface InstanceMirrorOptions {
  prisma: PrismaClient
  clock: Clock
  client: OperatonClient
  definitions: OperatonDefinitions
  logger?: EngineLogger
}

/** Operaton writes "2026-12-07T00:37:38.641+0000". */
export function remoteDate(value: string | null | undefined): Date | null {
  if (!value) return null
  const d = new Date(value)
  return Number.isNaN(d.getTime()) ? null : d
}

const ENDED = new Set(['completed', 'canceled'])

export class InstanceMirror {
  private readonly prisma: PrismaClient
  private readonly clock: Clock
  private readonly client: OperatonClient
  private readonly definitions: OperatonDefinitions
  private readonly logger: EngineLogger
  private readonly running = new Map<string, Promise<SyncResult>>()
  private readonly again = new Set<string>()

  constructor(options: InstanceMirrorOptions) {
    this.prisma = options.prisma
    this.clock = options.clock
    this.client = options.client
    this.definitions = options.definitions
    this.logger = options.logger ?? { info() {}, warn() {}, error() {} }
  }

  /**
   * Brings our rows of instance `instanceId` up to Operaton's state. Syncs of one instance never overlap: a sync
   * asked for while one runs waits for it and runs once more after it (coalesced).
   */
  sync(instanceId: string): Promise<SyncResult> {
    const current = this.running.get(instanceId)
    if (current) {
      this.again.add(instanceId)
      return current.then(() => this.sync(instanceId))
    }
    const next = (async () => {
      try {
        return await this.syncNow(instanceId)
      } finally {
        this.running.delete(instanceId)
      }
    })()
    this.running.set(instanceId, next)
    return next
  }

  /** See SyncResult.childrenToAdopt. */
  private async childrenToAdopt(instanceId: string, process: CatalogProcess): Promise<string[]> {
    if (![...process.model.elements.values()].some((el) => el.kind === 'service' && el.call)) return []
    const children = await this.client.request<{ id: string }[]>('GET', '/process-instance', { query: { superProcessInstance: instanceId } })
    if (!children.length) return []
    const known = new Set((await this.prisma.processInstance.findMany({ where: { id: { in: children.map((c) => c.id) } }, select: { id: true } })).map((r) => r.id))
    return children.map((c) => c.id).filter((id) => !known.has(id))
  }

  /** Creates the ProcessInstance row of an instance Operaton started for us, then syncs it. */
  async adopt(instanceId: string, process: CatalogProcess, businessKey: string | null, startedAt: Date): Promise<SyncResult> {
    await this.prisma.processInstance.createMany({
      data: [{
        id: instanceId,
        definitionId: process.definitionId,
        processId: process.processId,
        businessKey,
        status: 'running',
        startedAt,
        engine: 'operaton',
      }],
      skipDuplicates: true,
    })
    return this.sync(instanceId)
  }

  private async syncNow(instanceId: string): Promise<SyncResult> {
    const result: SyncResult = { status: null, newSubscriptions: [], createdTaskKeys: [], endedTaskKeys: [], childrenToAdopt: [] }
    const row = await this.prisma.processInstance.findUnique({ where: { id: instanceId } })
    let hist: HistoricInstance
    try {
      hist = await this.client.request<HistoricInstance>('GET', `/history/process-instance/${encodeURIComponent(instanceId)}`)
    } catch (err) {
      if (err instanceof EngineError && err.code === 'NOT_FOUND') {
        // gone from Operaton (deleted with its history): what we show as running is canceled
        if (row && !ENDED.has(row.status)) await this.endRows(instanceId, 'canceled', this.clock.now())
        return result
      }
      throw err
    }
    const process = row ? await this.definitions.process(row.definitionId) : await this.definitions.byRemoteId(hist.processDefinitionId)
    if (!process) return result
    if (!row) {
      await this.prisma.processInstance.createMany({
        data: [{
          id: instanceId,
          definitionId: process.definitionId,
          processId: process.processId,
          businessKey: hist.businessKey,
          status: 'running',
          startedAt: remoteDate(hist.startTime) ?? this.clock.now(),
          engine: 'operaton',
        }],
        skipDuplicates: true,
      })
    }
    const active = hist.state === 'ACTIVE' || hist.state === 'SUSPENDED'
    const q = { processInstanceId: instanceId }
    const enc = encodeURIComponent(instanceId)
    const readVariables = () =>
      active
        ? // it may end between the two reads: Operaton then answers 404 or 500 (NullValueException); history has them
          this.client.request<Record<string, TypedValue>>('GET', `/process-instance/${enc}/variables`, { query: { deserializeValues: false } }).catch((err) => {
            if (err instanceof EngineError) return this.historicVariables(instanceId)
            throw err
          })
        : this.historicVariables(instanceId)
    const [firstVariables, activities, tasks, historicTasks, jobs, externalTasks, subscriptions, incidents] = await Promise.all([
      readVariables(),
      this.client.request<HistoricActivity[]>('POST', '/history/activity-instance', {
        body: { processInstanceId: instanceId, sorting: [{ sortBy: 'startTime', sortOrder: 'asc' }, { sortBy: 'occurrence', sortOrder: 'asc' }] },
        idempotent: true,
      }),
      active ? this.client.request<RemoteTask[]>('GET', '/task', { query: q }) : Promise.resolve([] as RemoteTask[]),
      this.client.request<HistoricTask[]>('GET', '/history/task', { query: { ...q, finished: true } }),
      active ? this.client.request<RemoteJob[]>('GET', '/job', { query: q }) : Promise.resolve([] as RemoteJob[]),
      active ? this.client.request<RemoteExternalTask[]>('GET', '/external-task', { query: q }) : Promise.resolve([] as RemoteExternalTask[]),
      active ? this.client.request<RemoteSubscription[]>('GET', '/event-subscription', { query: { ...q, eventType: 'message' } }) : Promise.resolve([] as RemoteSubscription[]),
      active ? this.client.request<RemoteIncident[]>('GET', '/incident', { query: q }) : Promise.resolve([] as RemoteIncident[]),
    ])
    // an open task is mirrored with the variables it was created with: read them again after the tasks, since a
    // job's result that sets them and creates the task commits at once, possibly between the two parallel reads
    const variables = tasks.length > 0 ? await readVariables() : firstVariables
    const vars = fromOperatonVariables(variables as Record<string, TypedValue>)
    const links = new Map<string, IdentityLink[]>()
    // a task that ends between the /task read and this one (a terminate end event, a boundary timer, another
    // node's completion) answers 404 or 500 NullValueException: it is not open any more; the next sync sees its end
    const vanished = new Set<string>()
    await Promise.all(tasks.map(async (t) => {
      const read = await this.client.request<IdentityLink[]>('GET', `/task/${encodeURIComponent(t.id)}/identity-links`).catch((err: unknown) => {
        if (err instanceof EngineError && (err.code === 'NOT_FOUND' || (err instanceof OperatonError && err.operatonType === 'NullValueException'))) return null
        throw err
      })
      if (read === null) vanished.add(t.id)
      else links.set(t.id, read)
    }))
    // (a task of ours among them is read from the history below, as one completed between two reads)
    if (vanished.size) tasks.splice(0, tasks.length, ...tasks.filter((t) => !vanished.has(t.id)))
    // the item of each inner task of a multi-instance user task, read before the transaction
    const innerVariables = new Map<string, Record<string, unknown>>()
    await Promise.all(tasks.filter((t) => process.model.loops.has(t.taskDefinitionKey)).map(async (t) => innerVariables.set(t.id, await this.innerLoopVariables(t.executionId))))
    // a message catch inside an inner instance of a multi-instance sub-process: its key over that inner instance
    const subscriptionScopes = new Map<string, Record<string, unknown>>()
    const scopedSubs = subscriptions.filter((sub) => process.model.loopScoped.has(sub.activityId))
    if (scopedSubs.length) {
      const tree = await this.client.request<ActivityInstanceNode>('GET', `/process-instance/${enc}/activity-instances`).catch(() => null)
      await Promise.all(scopedSubs.map(async (sub) => subscriptionScopes.set(sub.id, await this.innerVariablesAt(tree, sub))))
    }
    // and of each task inside an inner instance of a multi-instance sub-process: its item and what it set so far
    await Promise.all(tasks.filter((t) => process.model.loopScoped.has(t.taskDefinitionKey)).map(async (t) => innerVariables.set(t.id, await this.innerScopeVariables(t.id))))
    // the external tasks' history: attempts counted as the embedded engine counts them (one per run of the handler),
    // and the tasks that were created and finished between two syncs (the embedded engine has a Job row for each)
    const failures = new Map<string, number>()
    const finishedExternal = new Map<string, ExternalTaskLogEntry & { outcome: 'completed' | 'canceled' }>()
    if (hasServiceTasks(process)) {
      const log = await this.client.request<ExternalTaskLogEntry[]>('GET', '/history/external-task-log', { query: { processInstanceId: instanceId } })
      for (const entry of log) {
        if (entry.failureLog) failures.set(entry.externalTaskId, (failures.get(entry.externalTaskId) ?? 0) + 1)
        if (entry.successLog || entry.deletionLog) finishedExternal.set(entry.externalTaskId, { ...entry, outcome: entry.successLog ? 'completed' : 'canceled' })
      }
    }
    const jobDefinitions = new Map<string, RemoteJobDefinition>()
    if (jobs.length) {
      const defs = await this.client.request<RemoteJobDefinition[]>('GET', '/job-definition', { query: { processDefinitionId: hist.processDefinitionId } })
      for (const d of defs) jobDefinitions.set(d.id, d)
    }

    const now = this.clock.now()
    const endedAt = remoteDate(hist.endTime) ?? now
    let status: string
    if (hist.state === 'COMPLETED' || hist.state === 'INTERNALLY_TERMINATED') status = 'completed'
    else if (hist.state === 'EXTERNALLY_TERMINATED') status = 'canceled'
    else status = incidents.length ? 'incident' : 'waiting'
    result.status = status
    const trail = trailOf(activities)
    const completedActivities = new Set(activities.filter((a) => a.endTime && !a.canceled).map((a) => a.activityId))
    // the reads above run side by side: a task completed between the finished-history read and the /task read is
    // in neither. Read its history again now that /task has answered (a completion writes both in one transaction)
    const openRemoteIds = new Set(tasks.map((t) => t.id))
    const finishedIds = new Set(historicTasks.map((t) => t.id))
    for (const t of await this.prisma.task.findMany({ where: { instanceId, status: 'open' }, select: { engineKey: true } })) {
      if (openRemoteIds.has(t.engineKey) || finishedIds.has(t.engineKey)) continue
      historicTasks.push(...(await this.client.request<HistoricTask[]>('GET', '/history/task', { query: { taskId: t.engineKey, finished: true } })))
    }

    await this.prisma.$transaction(async (tx) => {
      const current = await tx.processInstance.findUniqueOrThrow({ where: { id: instanceId } })
      const firstIncident = incidents.map((i) => remoteDate(i.incidentTimestamp)).filter((d): d is Date => d !== null).sort((a, b) => a.getTime() - b.getTime())[0]
      await tx.processInstance.update({
        where: { id: instanceId },
        data: {
          status,
          variables: vars as Prisma.InputJsonValue,
          trail: trail as Prisma.InputJsonValue,
          endedAt: ENDED.has(status) ? (current.endedAt ?? endedAt) : null,
          incident: status === 'incident' ? (incidents[0].incidentMessage ?? incidents[0].incidentType).slice(0, 2000) : null,
          incidentAt: status === 'incident' ? incidentSince(current.status === 'incident' ? current.incidentAt : null, firstIncident, now) : null,
          revision: { increment: 1 },
        },
      })

      // ---- inbox tasks
      const knownTasks = await tx.task.findMany({ where: { instanceId }, select: { id: true, engineKey: true, status: true, assignee: true, dueAt: true, followUpAt: true, priority: true, candidateGroups: true, candidateUsers: true } })
      const knownByKey = new Map(knownTasks.map((t) => [t.engineKey, t]))
      const openRemote = new Set(tasks.map((t) => t.id))
      const historic = new Map(historicTasks.map((t) => [t.id, t]))
      for (const t of knownTasks) {
        if (t.status !== 'open' || openRemote.has(t.engineKey)) continue
        const h = historic.get(t.engineKey)
        // neither open nor finished in what was read: that read is older than the row (another sync, e.g. the other
        // app's, saw the task created since); the next sync decides
        if (!h && active) continue
        const completed = h?.deleteReason === 'completed'
        await tx.task.update({ where: { id: t.id }, data: { status: completed ? 'completed' : 'canceled', completedAt: remoteDate(h?.endTime) ?? now, revision: { increment: 1 } } })
        if (!completed) await tx.taskDraft.deleteMany({ where: { taskId: t.id } })
        result.endedTaskKeys.push(t.engineKey)
      }
      const formVersions = new Map<string, number>()
      for (const t of tasks) {
        const candidates = splitLinks(links.get(t.id) ?? [])
        const known = knownByKey.get(t.id)
        const values = {
          assignee: t.assignee,
          dueAt: remoteDate(t.due),
          followUpAt: remoteDate(t.followUp),
          priority: clampPriority(t.priority),
          candidateGroups: candidates.groups,
          candidateUsers: candidates.users,
        }
        if (known) {
          if (known.status !== 'open') continue
          const changed =
            known.assignee !== values.assignee ||
            known.dueAt?.getTime() !== values.dueAt?.getTime() ||
            known.followUpAt?.getTime() !== values.followUpAt?.getTime() ||
            known.priority !== values.priority ||
            !sameList(known.candidateGroups, values.candidateGroups) ||
            !sameList(known.candidateUsers, values.candidateUsers)
          if (changed) await tx.task.update({ where: { id: known.id }, data: { ...values, revision: { increment: 1 } } })
          continue
        }
        const el = process.model.elements.get(t.taskDefinitionKey)
        const model = el?.kind === 'user' ? (el as UserTaskModel) : null
        const formKey = model?.formId ?? null
        if (formKey && !formVersions.has(formKey)) {
          const latest = await tx.formDefinition.findFirst({ where: { formId: formKey }, orderBy: { version: 'desc' }, select: { version: true } })
          if (latest) formVersions.set(formKey, latest.version)
        }
        // an inner instance of a multi-instance user task also sees its item and loop counter (from 1, as on Zeebe)
        const taskVars = { ...vars, ...innerVariables.get(t.id) }
        await tx.task.createMany({
          data: [{
            engine: 'operaton',
            engineKey: t.id,
            instanceId,
            caseId: current.businessKey,
            processId: current.processId,
            elementId: t.taskDefinitionKey,
            name: model?.name ?? t.name ?? t.taskDefinitionKey,
            ...values,
            formKey,
            formVersion: formKey ? (formVersions.get(formKey) ?? null) : null,
            properties: model?.properties ?? {},
            variables: taskVars as Prisma.InputJsonValue,
            createdAt: remoteDate(t.created) ?? now,
          }],
          skipDuplicates: true,
        })
        result.createdTaskKeys.push(t.id)
      }

      // ---- timers (timer jobs) and failed jobs that are not timers
      const timerJobs = jobs.filter((j) => jobDefinitions.get(j.jobDefinitionId)?.jobType === 'timer-intermediate-transition' || jobDefinitions.get(j.jobDefinitionId)?.jobType === 'timer-transition' || jobDefinitions.get(j.jobDefinitionId)?.jobType?.startsWith('timer'))
      const otherJobs = jobs.filter((j) => !timerJobs.includes(j))
      const knownTimers = await tx.timer.findMany({ where: { instanceId, status: { in: ['pending', 'incident'] } } })
      const liveTimers = new Set(timerJobs.map((j) => ids.timer(j.id)))
      for (const t of knownTimers) {
        if (liveTimers.has(t.id)) continue
        await tx.timer.update({ where: { id: t.id }, data: { status: t.dueAt <= now || completedActivities.has(t.elementId) ? 'fired' : 'canceled' } })
      }
      for (const j of timerJobs) {
        const id = ids.timer(j.id)
        const due = remoteDate(j.dueDate) ?? now
        const timerStatus = j.retries === 0 ? 'incident' : 'pending'
        const existing = knownTimers.find((t) => t.id === id)
        if (existing) {
          if (existing.status !== timerStatus || existing.dueAt.getTime() !== due.getTime()) await tx.timer.update({ where: { id }, data: { status: timerStatus, dueAt: due } })
          continue
        }
        await tx.timer.createMany({
          data: [{ id, instanceId, elementId: jobDefinitions.get(j.jobDefinitionId)?.activityId ?? '', executionId: `op:${j.id}`, dueAt: due, status: timerStatus, createdAt: remoteDate(j.createTime) ?? now }],
          skipDuplicates: true,
        })
      }

      // ---- jobs: external tasks (service tasks) and failed async continuations
      const knownJobs = await tx.job.findMany({ where: { instanceId, status: { in: ['pending', 'running', 'incident'] } } })
      const liveJobs = new Set([...externalTasks.map((t) => ids.externalTask(t.id)), ...otherJobs.filter((j) => j.retries === 0).map((j) => ids.job(j.id))])
      for (const j of knownJobs) {
        if (liveJobs.has(j.id)) continue
        await tx.job.update({ where: { id: j.id }, data: { status: status === 'canceled' ? 'canceled' : 'completed', lockedUntil: null, updatedAt: now } })
      }
      for (const t of externalTasks) {
        const id = ids.externalTask(t.id)
        const el = process.model.elements.get(t.activityId)
        const spec = el?.kind === 'service' ? el : null
        const lockedUntil = remoteDate(t.lockExpirationTime)
        const jobStatus = t.retries === 0 ? 'incident' : lockedUntil && lockedUntil > now ? 'running' : 'pending'
        const retries = t.retries ?? (Number(spec?.retries) || 3)
        // a run in progress counts (the embedded engine counts a job's attempt when it locks it)
        const attempts = (failures.get(t.id) ?? 0) + (jobStatus === 'running' ? 1 : 0)
        const data = { status: jobStatus, retries, attempts, lockedUntil: jobStatus === 'running' ? lockedUntil : null, errorMessage: t.errorMessage?.slice(0, 2000) ?? null, updatedAt: now }
        const existing = knownJobs.find((j) => j.id === id)
        if (existing) {
          if (existing.status !== data.status || existing.retries !== data.retries || existing.attempts !== data.attempts || existing.errorMessage !== data.errorMessage) await tx.job.update({ where: { id }, data })
          continue
        }
        await tx.job.createMany({
          data: [{
            id,
            instanceId,
            elementId: t.activityId,
            executionId: `op:ext:${t.id}`,
            type: t.topicName,
            ...data,
            dueAt: now,
            headers: spec?.headers ?? {},
            createdAt: now,
          }],
          skipDuplicates: true,
        })
      }
      // finished before any sync saw them: recorded once, as the embedded engine records a job it ran
      for (const [taskId, entry] of finishedExternal) {
        const id = ids.externalTask(taskId)
        if (liveJobs.has(id)) continue
        const el = process.model.elements.get(entry.activityId)
        const finishedAt = remoteDate(entry.timestamp) ?? now
        await tx.job.createMany({
          data: [{
            id,
            instanceId,
            elementId: entry.activityId,
            executionId: `op:ext:${taskId}`,
            type: entry.topicName,
            status: entry.outcome,
            retries: Number(el?.kind === 'service' ? el.retries : undefined) || 3,
            attempts: (failures.get(taskId) ?? 0) + (entry.outcome === 'completed' ? 1 : 0),
            dueAt: finishedAt,
            headers: el?.kind === 'service' ? el.headers : {},
            createdAt: finishedAt,
            updatedAt: now,
          }],
          skipDuplicates: true,
        })
      }
      for (const j of otherJobs.filter((x) => x.retries === 0)) {
        const id = ids.job(j.id)
        if (knownJobs.some((k) => k.id === id)) continue
        const def = jobDefinitions.get(j.jobDefinitionId)
        await tx.job.createMany({
          data: [{
            id,
            instanceId,
            elementId: def?.activityId ?? '',
            executionId: `op:job:${j.id}`,
            type: def?.jobType ?? 'async-continuation',
            status: 'incident',
            retries: 0,
            dueAt: remoteDate(j.dueDate) ?? now,
            errorMessage: j.exceptionMessage?.slice(0, 2000) ?? null,
            createdAt: now,
            updatedAt: now,
          }],
          skipDuplicates: true,
        })
      }

      // ---- message subscriptions
      const knownSubs = await tx.messageSubscription.findMany({ where: { instanceId, status: 'open' } })
      const liveSubs = new Set(subscriptions.map((s) => ids.subscription(s.id)))
      for (const s of knownSubs) {
        if (liveSubs.has(s.id)) continue
        await tx.messageSubscription.update({ where: { id: s.id }, data: { status: completedActivities.has(s.elementId) ? 'correlated' : 'closed' } })
      }
      for (const s of subscriptions) {
        const id = ids.subscription(s.id)
        if (knownSubs.some((k) => k.id === id)) continue
        const el = process.model.elements.get(s.activityId)
        let correlationKey = ''
        if (el?.kind === 'message') {
          try {
            correlationKey = String(feel(el.correlationKey, { ...vars, ...subscriptionScopes.get(s.id) }) ?? '')
          } catch {
            correlationKey = ''
          }
        }
        const created = await tx.messageSubscription.createMany({
          data: [{ id, instanceId, elementId: s.activityId, executionId: `op:${s.id}`, messageName: s.eventName, correlationKey, status: 'open', createdAt: remoteDate(s.createdDate) ?? now }],
          skipDuplicates: true,
        })
        if (created.count) result.newSubscriptions.push({ messageName: s.eventName, correlationKey })
      }

      if (!active) await this.endOpenRows(tx, instanceId, status as 'completed' | 'canceled', now, completedActivities)
    })
    if (active) result.childrenToAdopt = await this.childrenToAdopt(instanceId, process)
    return result
  }

  /** The local variables of an inner instance of a multi-instance activity: its item, and its loop counter counted
   * from 1 as on Zeebe (Operaton counts from 0). Empty when the execution is gone already. */
  private async innerLoopVariables(executionId: string): Promise<Record<string, unknown>> {
    const local = await this.client
      .request<Record<string, TypedValue>>('GET', `/execution/${encodeURIComponent(executionId)}/localVariables`, { query: { deserializeValues: false } })
      .catch(() => ({}) as Record<string, TypedValue>)
    const vars = fromOperatonVariables(local)
    if (typeof vars.loopCounter === 'number') vars.loopCounter += 1
    for (const name of ['nrOfInstances', 'nrOfActiveInstances', 'nrOfCompletedInstances']) delete vars[name]
    return vars
  }

  /**
   * The variables of the scopes around a waiting message catch (inside an inner instance of a multi-instance
   * sub-process), outermost first, the process's own and the multi-instance bodies' left out (each inner instance
   * holds a copy of its item and loop counter: translate-loop.ts). Empty when the catch is gone already.
   */
  private async innerVariablesAt(tree: ActivityInstanceNode | null, sub: RemoteSubscription): Promise<Record<string, unknown>> {
    const path: ActivityInstanceNode[] = []
    const find = (node: ActivityInstanceNode, trail: ActivityInstanceNode[]): boolean => {
      if (node.activityId === sub.activityId && node.executionIds.includes(sub.executionId)) {
        path.push(...trail, node)
        return true
      }
      return node.childActivityInstances.some((child) => find(child, [...trail, node]))
    }
    if (!tree || !find(tree, [])) return {}
    const scopes = path.slice(1).filter((node) => !node.activityId.endsWith('#multiInstanceBody'))
    if (!scopes.length) return {}
    const rows = await this.client
      .request<(TypedValue & { name: string; activityInstanceId: string })[]>('GET', '/variable-instance', {
        query: { activityInstanceIdIn: scopes.map((node) => node.id).join(','), deserializeValues: false },
      })
      .catch(() => [])
    const out: Record<string, unknown> = {}
    for (const node of scopes) {
      const local: Record<string, TypedValue> = {}
      for (const row of rows.filter((r) => r.activityInstanceId === node.id)) local[row.name] = { type: row.type, value: row.value, valueInfo: row.valueInfo }
      Object.assign(out, fromOperatonVariables(local))
    }
    return innerScopeView(out)
  }

  /** What a task inside an inner instance of a multi-instance sub-process sees. Empty when the task is gone already. */
  private async innerScopeVariables(taskId: string): Promise<Record<string, unknown>> {
    const visible = await this.client
      .request<Record<string, TypedValue>>('GET', `/task/${encodeURIComponent(taskId)}/variables`, { query: { deserializeValues: false } })
      .catch(() => ({}) as Record<string, TypedValue>)
    return innerScopeView(fromOperatonVariables(visible))
  }

  private async historicVariables(instanceId: string): Promise<Record<string, TypedValue>> {
    const rows = await this.client.request<(TypedValue & { name: string; activityInstanceId: string; state: string })[]>('GET', '/history/variable-instance', {
      query: { processInstanceId: instanceId, deserializeValues: false },
    })
    const out: Record<string, TypedValue> = {}
    for (const r of rows) {
      if (r.activityInstanceId !== instanceId || r.state === 'DELETED') continue
      out[r.name] = { type: r.type, value: r.value, valueInfo: r.valueInfo } as TypedValue
    }
    return out
  }

  /** An instance Operaton no longer knows: its open rows end. */
  private async endRows(instanceId: string, status: 'completed' | 'canceled', now: Date): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      await tx.processInstance.update({ where: { id: instanceId }, data: { status, endedAt: now, incident: null, incidentAt: null, revision: { increment: 1 } } })
      await this.endOpenRows(tx, instanceId, status, now, new Set())
    })
  }

  private async endOpenRows(tx: Prisma.TransactionClient, instanceId: string, status: 'completed' | 'canceled', now: Date, completedActivities: Set<string>) {
    const open = await tx.task.findMany({ where: { instanceId, status: 'open' }, select: { id: true } })
    if (open.length) {
      await tx.task.updateMany({ where: { id: { in: open.map((t) => t.id) } }, data: { status: 'canceled', completedAt: now, revision: { increment: 1 } } })
      await tx.taskDraft.deleteMany({ where: { taskId: { in: open.map((t) => t.id) } } })
    }
    await tx.job.updateMany({ where: { instanceId, status: { in: ['pending', 'running', 'incident'] } }, data: { status: status === 'canceled' ? 'canceled' : 'completed', lockedUntil: null, updatedAt: now } })
    await tx.timer.updateMany({ where: { instanceId, status: { in: ['pending', 'incident'] } }, data: { status: 'canceled' } })
    const subs = await tx.messageSubscription.findMany({ where: { instanceId, status: 'open' }, select: { id: true, elementId: true } })
    for (const s of subs) {
      await tx.messageSubscription.update({ where: { id: s.id }, data: { status: completedActivities.has(s.elementId) ? 'correlated' : 'closed' } })
    }
  }
}

/**
 * When the instance went into incident, as the embedded engine keeps it: a further incident while it is still in
 * incident keeps the first time. An incident that persists keeps its timestamp in Operaton, so when the oldest
 * incident Operaton now has is younger than the time we keep, every incident we kept the time of was resolved
 * meanwhile (retried, then failed again between two syncs): a new stay in incident, with its own time.
 */
export function incidentSince(kept: Date | null, oldestIncident: Date | undefined, now: Date): Date {
  if (!kept) return oldestIncident ?? now
  return oldestIncident && oldestIncident.getTime() > kept.getTime() ? oldestIncident : kept
}

/** Whether the process has service tasks at all (else its external-task history is not read). */
function hasServiceTasks(process: CatalogProcess): boolean {
  for (const el of process.model.elements.values()) if (el.kind === 'service') return true
  return false
}

/** The activity history as the embedded engine's trail: every start and end, in the order they happened. */
export function trailOf(activities: HistoricActivity[]): { elementId: string; event: 'start' | 'end'; at: string }[] {
  const events: { elementId: string; event: 'start' | 'end'; at: string; t: number; order: number }[] = []
  activities.forEach((a, i) => {
    const start = remoteDate(a.startTime)
    if (start) events.push({ elementId: a.activityId, event: 'start', at: start.toISOString(), t: start.getTime(), order: i * 2 })
    const end = remoteDate(a.endTime)
    if (end) events.push({ elementId: a.activityId, event: 'end', at: end.toISOString(), t: end.getTime(), order: i * 2 + 1 })
  })
  // equal times (a frozen test clock, the same millisecond): starts and ends keep the history's order
  events.sort((a, b) => a.t - b.t || a.order - b.order)
  return events.map(({ elementId, event, at }) => ({ elementId, event, at }))
}

function splitLinks(links: IdentityLink[]): { groups: string[]; users: string[] } {
  const groups: string[] = []
  const users: string[] = []
  for (const l of links) {
    if (l.type !== 'candidate') continue
    if (l.groupId) groups.push(l.groupId)
    if (l.userId) users.push(l.userId)
  }
  return { groups, users }
}

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i])
}

function clampPriority(p: number): number {
  return Number.isFinite(p) ? Math.max(0, Math.min(100, p)) : 50
}
