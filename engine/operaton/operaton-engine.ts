// The Operaton adapter: WorkflowEngine over a cluster of Operaton nodes (REST), with our tables as its mirror.
// Deployments go through the catalog (operaton-definitions.ts), instances run in Operaton, service tasks are
// external tasks run by our handlers (external-task-worker.ts, in this process when workers are 'in-app'), and
// instance-mirror.ts copies each instance's state into ProcessInstance/Task/Timer/MessageSubscription/Job so the
// rest of the app reads them as it reads the embedded engine's. Every call that changes state syncs the mirror
// of its instance before it returns, so the caller sees its effect; engine-follower.ts follows what happens
// in between (user-task outbox, reconcile rounds).
import { randomUUID } from 'node:crypto'
import { hostname } from 'node:os'
import type { Prisma, PrismaClient } from '../../src/generated/prisma/client.ts'
import type { Clock } from '../clock.ts'
import type { EmbeddedEngine, EngineLogger } from '../embedded/embedded-engine.ts'
import { startByMessage } from '../message-starts.ts'
import type { StartEventCases } from '../start-event-cases.ts'
import type { JobHandler } from '../job.ts'
import {
  EngineError,
  type AssignOptions,
  type DeployResource,
  type DeployResult,
  type DeploymentGuard,
  type ProcessSummary,
  type PublishMessageRequest,
  type StartInstanceRequest,
  type WorkflowEngine,
} from '../port.ts'
import { EngineFollower } from './engine-follower.ts'
import { ExternalTaskWorker, type JobFinishedInfo } from './external-task-worker.ts'
import { signalBroadcastHandler } from './signal-broadcast.ts'
import { ids, InstanceMirror, remoteDate, type SyncResult } from './instance-mirror.ts'
import { OperatonClient } from './operaton-client.ts'
import { OperatonDefinitions } from './operaton-definitions.ts'
import { fromOperatonVariables, toOperatonVariables, type TypedValue } from './typed-variables.ts'
import { carriedVariables, innerScopeView } from './inner-scope-carrier.ts'
import { mapVariables } from '../embedded/instance-run.ts'
import { fireDueTimerStarts } from '../timer-starts.ts'
import { deliverKeptMessage, keepUnclaimedMessage } from '../message-buffer.ts'
import { errorFacts } from './error-facts.ts'

export interface OperatonEngineOptions {
  prisma: PrismaClient
  clock: Clock
  /** REST addresses of the nodes (…/engine-rest). */
  urls: string[]
  apiToken?: string | null
  /** A ready client instead of urls/apiToken (tests). */
  client?: OperatonClient
  logger?: EngineLogger
  deploymentGuard?: DeploymentGuard
  /** 'in-app': this process runs the registered handlers for Operaton's external tasks; 'off': a worker process does. */
  workers?: 'in-app' | 'off'
  workerConcurrency?: number
  /** Worker long-poll per node in ms (default 3 s; tests use 0). */
  workerPollTimeoutMs?: number
  workerIdleDelayMs?: number
  /** Outbox reading and quick reconcile rounds, in ms (0: off; tests sync explicitly); engine-follower.ts. */
  followIntervalMs?: number
  reconcileIntervalMs?: number
  /** A full reconcile round (every open instance) instead of a quick one at most this often (default 5 minutes). */
  fullReconcileIntervalMs?: number
  /** Deploy, run and correlate under this tenant only (tests sharing the nodes); unset: no tenant. */
  tenantId?: string | null
  /** Called before every call that makes the engine act (tests move the engine's clock to the FakeClock). */
  beforeChange?: () => Promise<void>
  /** The embedded engine to keep as the catalog (operaton-definitions.ts) instead of a new one: routing-engine.ts. */
  catalog?: EmbeddedEngine
}

interface StartAnswer {
  id: string
  definitionId: string
  businessKey: string | null
  ended: boolean
}

interface HistoricInstanceRow {
  id: string
  processDefinitionId: string
  businessKey: string | null
  startTime: string
  state: string
}

interface RemoteTaskRow {
  id: string
  executionId: string
  assignee: string | null
  processInstanceId: string
  taskDefinitionKey: string
}

interface CorrelationAnswer {
  resultType: string
  execution?: { processInstanceId: string } | null
  processInstance?: { id: string } | null
}

const silent: EngineLogger = { info() {}, warn() {}, error() {} }

export class OperatonEngine implements WorkflowEngine {
  readonly kind = 'operaton' as const
  readonly client: OperatonClient
  readonly definitions: OperatonDefinitions
  readonly mirror: InstanceMirror
  readonly follower: EngineFollower
  private readonly prisma: PrismaClient
  private readonly clock: Clock
  private readonly logger: EngineLogger
  private readonly options: OperatonEngineOptions
  private readonly handlers = new Map<string, JobHandler>()
  private worker: ExternalTaskWorker | null = null
  /** The adapter's own jobs: signal throws (signal-broadcast.ts). */
  private signalWorker: ExternalTaskWorker | null = null
  private readonly background = new Set<Promise<unknown>>()
  private started = false

  constructor(options: OperatonEngineOptions) {
    this.options = options
    this.prisma = options.prisma
    this.clock = options.clock
    this.logger = options.logger ?? silent
    this.client = options.client ?? new OperatonClient({ urls: options.urls, apiToken: options.apiToken ?? null })
    this.definitions = new OperatonDefinitions({ prisma: this.prisma, clock: this.clock, client: this.client, logger: this.logger, deploymentGuard: options.deploymentGuard, tenantId: options.tenantId, catalog: options.catalog })
    this.mirror = new InstanceMirror({ prisma: this.prisma, clock: this.clock, client: this.client, definitions: this.definitions, logger: this.logger })
    this.follower = new EngineFollower({
      prisma: this.prisma,
      clock: this.clock,
      client: this.client,
      sync: (id) => this.sync(id),
      logger: this.logger,
      followIntervalMs: options.followIntervalMs ?? 1000,
      reconcileIntervalMs: options.reconcileIntervalMs ?? 5000,
      fullReconcileIntervalMs: options.fullReconcileIntervalMs,
      afterReconcile: async () => {
        await this.sweepBufferedMessages()
        await this.fireTimerStarts()
      },
    })
  }

  // ------------------------------------------------------------------------------------------------- lifecycle

  registerHandler(handler: JobHandler): void {
    this.handlers.set(handler.taskType, handler)
    this.definitions.registerHandler(handler)
  }

  /** The app's hook for instances that message and timer start events start (start-event-cases.ts). */
  private startEventCases: StartEventCases | null = null

  setStartEventCases(cases: StartEventCases): void {
    this.startEventCases = cases
  }

  registeredJobTypes(): string[] {
    return [...this.handlers.keys()]
  }

  async start(): Promise<void> {
    if (this.started) return
    this.started = true
    if ((this.options.workers ?? 'in-app') === 'in-app' && this.handlers.size) {
      this.worker = this.externalTaskWorker('welfare-flow', [...this.handlers.values()], this.options.workerConcurrency ?? 4)
      this.worker.start()
    }
    // signal throws are the adapter's own jobs (signal-broadcast.ts): handled here whatever OPERATON_WORKERS says
    this.signalWorker = this.externalTaskWorker('welfare-flow-signals', [signalBroadcastHandler({
      client: this.client,
      prisma: this.prisma,
      catalog: this.definitions.catalog,
      start: (request) => this.startInstance(request),
      cases: () => this.startEventCases,
      tenantId: this.options.tenantId ?? null,
    })], 1)
    this.signalWorker.start()
    this.follower.start()
  }

  /** A worker fetching these handlers' topics from Operaton; after each job its instance is mirrored. */
  private externalTaskWorker(idPrefix: string, handlers: JobHandler[], concurrency: number): ExternalTaskWorker {
    return new ExternalTaskWorker({
      client: this.client,
      handlers,
      lookup: this.definitions.serviceTask,
      clock: this.clock,
      logger: this.logger,
      concurrency,
      workerId: `${idPrefix}-${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`,
      pollTimeoutMs: this.options.workerPollTimeoutMs,
      idleDelayMs: this.options.workerIdleDelayMs,
      tenantId: this.options.tenantId ?? null,
      onJobFinished: (info: JobFinishedInfo) => {
        this.inBackground(this.sync(info.processInstanceId))
      },
    })
  }

  async stop(): Promise<void> {
    this.started = false
    await this.follower.stop()
    await this.worker?.stop()
    this.worker = null
    await this.signalWorker?.stop()
    this.signalWorker = null
    await this.settleBackground()
  }

  /** As if this process were killed: polling stops, running handlers' outcomes are dropped (their locks expire). */
  async abandon(): Promise<void> {
    this.started = false
    await this.follower.stop()
    await this.worker?.stop({ abandon: true })
    this.worker = null
    await this.signalWorker?.stop({ abandon: true })
    this.signalWorker = null
  }

  /** Whether each node answers (GET /version, 2 s at most), for GET /health. No addresses: the route is public. */
  async health(): Promise<{ reachable: boolean; nodes: { node: number; up: boolean }[] }> {
    const nodes = await Promise.all(
      this.client.urls.map(async (_, node) => {
        try {
          await this.client.request('GET', '/version', { node, timeoutMs: 2000 })
          return { node: node + 1, up: true }
        } catch {
          return { node: node + 1, up: false }
        }
      }),
    )
    return { reachable: nodes.some((n) => n.up), nodes }
  }

  /** Handlers running in this process now. */
  get workerBusy(): number {
    return (this.worker?.busy ?? 0) + (this.signalWorker?.busy ?? 0)
  }

  /** Work started in the background (syncs after a job, buffered messages) has finished. */
  async settleBackground(): Promise<void> {
    while (this.background.size) await Promise.allSettled([...this.background])
  }

  private inBackground(work: Promise<unknown>) {
    const tracked = work
      .catch((err) => this.logger.warn('background work failed', errorFacts(err)))
      .finally(() => this.background.delete(tracked))
    this.background.add(tracked)
  }

  private async beforeChange() {
    if (this.options.beforeChange) await this.options.beforeChange()
  }

  /** Syncs the mirror of one instance; new message subscriptions take buffered messages. */
  async sync(instanceId: string): Promise<SyncResult> {
    const result = this.takeBuffered(await this.mirror.sync(instanceId))
    // the instances its call activities started are ours too: adopted (and their own children) on first sight
    for (const child of result.childrenToAdopt) await this.sync(child)
    return result
  }

  /** Subscriptions a sync saw open take the messages buffered for them (a start's first wait included). */
  private takeBuffered(result: SyncResult): SyncResult {
    for (const sub of result.newSubscriptions) {
      if (sub.correlationKey) this.inBackground(this.correlateBuffered(sub.messageName, sub.correlationKey))
    }
    return result
  }

  private tenantQuery(): Record<string, string> {
    return this.options.tenantId ? { tenantIdIn: this.options.tenantId } : {}
  }

  private tenantBody(): Record<string, string> {
    return this.options.tenantId ? { tenantId: this.options.tenantId } : {}
  }

  // ------------------------------------------------------------------------------------------------- deploy

  deploy(resources: DeployResource[], meta?: { deployedBy?: string; comment?: string }): Promise<DeployResult> {
    return this.definitions.deploy(resources, meta)
  }

  listProcesses(): Promise<ProcessSummary[]> {
    return this.definitions.catalog.listProcesses()
  }

  // ------------------------------------------------------------------------------------------------- instances

  async startInstance(request: StartInstanceRequest): Promise<{ instanceId: string }> {
    const { remoteId, definitionId } = await this.definitions.remoteForLatest(request.processId)
    const process = await this.definitions.process(definitionId)
    const variables: Record<string, unknown> = { ...(request.variables ?? {}) }
    if (request.businessKey && variables.caseId === undefined) variables.caseId = request.businessKey
    await this.beforeChange()
    const started = await this.client.request<StartAnswer>('POST', `/process-definition/${encodeURIComponent(remoteId)}/start`, {
      body: { businessKey: request.businessKey ?? undefined, variables: toOperatonVariables(variables) },
    })
    this.takeBuffered(await this.mirror.adopt(started.id, process, request.businessKey ?? null, this.clock.now()))
    return { instanceId: started.id }
  }

  async findInstanceByBusinessKey(processId: string, businessKey: string): Promise<{ instanceId: string } | null> {
    const rows = await this.client.request<HistoricInstanceRow[]>('GET', '/history/process-instance', {
      query: { processDefinitionKey: processId, processInstanceBusinessKey: businessKey, sortBy: 'startTime', sortOrder: 'asc', ...this.tenantQuery() },
    })
    for (const row of rows) {
      if (row.state === 'EXTERNALLY_TERMINATED') continue
      const process = await this.definitions.byRemoteId(row.processDefinitionId)
      if (!process) continue
      const known = await this.prisma.processInstance.findUnique({ where: { id: row.id }, select: { id: true } })
      if (!known) await this.mirror.adopt(row.id, process, row.businessKey, remoteDate(row.startTime) ?? this.clock.now())
      return { instanceId: row.id }
    }
    return null
  }

  async cancelInstance(instanceId: string): Promise<void> {
    const row = await this.prisma.processInstance.findUnique({ where: { id: instanceId }, select: { status: true } })
    if (row && (row.status === 'completed' || row.status === 'canceled')) throw new EngineError('NOT_FOUND', `No running process instance ${instanceId}`)
    await this.beforeChange()
    try {
      await this.client.request('DELETE', `/process-instance/${encodeURIComponent(instanceId)}`, { query: { skipIoMappings: true } })
    } catch (err) {
      if (err instanceof EngineError && err.code === 'NOT_FOUND') {
        if (row) await this.sync(instanceId)
        throw new EngineError('NOT_FOUND', `No running process instance ${instanceId}`)
      }
      throw err
    }
    await this.sync(instanceId)
  }

  // ------------------------------------------------------------------------------------------------- user tasks

  async completeUserTask(key: string, variables: Record<string, unknown>): Promise<void> {
    const task = await this.prisma.task.findUnique({ where: { engineKey: key } })
    if (!task) throw new EngineError('NOT_FOUND', `No user task ${key}`)
    if (task.status !== 'open') throw new EngineError('CONFLICT', `User task ${key} is ${task.status}`)
    const enc = encodeURIComponent(key)
    let remote: RemoteTaskRow
    try {
      remote = await this.client.request<RemoteTaskRow>('GET', `/task/${enc}`)
    } catch (err) {
      if (err instanceof EngineError && err.code === 'NOT_FOUND') {
        await this.sync(task.instanceId)
        throw new EngineError('CONFLICT', `User task ${key} is no longer waiting`)
      }
      throw err
    }
    await this.beforeChange()
    const row = await this.prisma.processInstance.findUnique({ where: { id: task.instanceId }, select: { definitionId: true } })
    const model = row ? (await this.definitions.process(row.definitionId)).model : undefined
    const el = model?.elements.get(task.elementId)
    const loopScope = model?.loopScoped.get(task.elementId)
    const typed = toOperatonVariables(variables)
    try {
      if (loopScope) {
        // inside an inner instance of a multi-instance sub-process: what the task sets stays in the inner instance
        // (inner-scope-carrier.ts); output mappings are evaluated here, over what the task sees, as the embedded engine
        const outputs = el?.kind === 'user' ? el.io.outputs : []
        const set = outputs.length ? mapVariables(outputs, { ...(await this.taskVariables(key)), ...variables }) : variables
        await this.client.request('POST', `/task/${enc}/complete`, { body: { variables: carriedVariables(set) } })
      } else if (el?.kind === 'user' && el.io.outputs.length) {
        // zeebe:output mappings: the form's values stay local to the task; only the outputs reach the process
        // (translate-bpmn.ts gives such a task camunda:outputParameters, evaluated on completion)
        await this.client.request('POST', `/execution/${encodeURIComponent(remote.executionId)}/localVariables`, { body: { modifications: typed } })
        await this.client.request('POST', `/task/${enc}/complete`, { body: {} })
      } else {
        await this.client.request('POST', `/task/${enc}/complete`, { body: { variables: typed } })
      }
    } catch (err) {
      // an answer lost on the way back (a node killed mid-call) may hide a completion Operaton committed: its
      // history says so, read from any node; then the completion stands and the caller records it
      if (!(err instanceof EngineError && err.code === 'NOT_FOUND') && (await this.completedInHistory(key))) {
        this.logger.warn('user task completion answer lost; the engine had completed it', { taskKey: key, instanceId: task.instanceId })
      } else {
        await this.sync(task.instanceId).catch(() => undefined)
        if (err instanceof EngineError && err.code === 'NOT_FOUND') throw new EngineError('CONFLICT', `User task ${key} is no longer waiting`)
        throw err
      }
    }
    // the completion is committed in the engine: what follows is best effort (the follower's rounds catch up), so a
    // failure here never reports a completed task as not completed
    await this.runContinuations(task.instanceId).catch(() => undefined)
    await this.sync(task.instanceId).catch((err: unknown) => {
      this.logger.warn('sync after a completion failed; the follower will catch up', { instanceId: task.instanceId, ...errorFacts(err) })
    })
  }

  /** What an open task sees (the process's variables, and those of the inner instance it is in). */
  private async taskVariables(key: string): Promise<Record<string, unknown>> {
    const rest = await this.client.request<Record<string, TypedValue>>('GET', `/task/${encodeURIComponent(key)}/variables`, { query: { deserializeValues: false } })
    return innerScopeView(fromOperatonVariables(rest))
  }

  /** True when Operaton's history has the user task finished as completed (any node; false when it cannot tell). */
  private async completedInHistory(key: string): Promise<boolean> {
    const rows = await this.client
      .request<{ deleteReason: string | null; endTime: string | null }[]>('GET', '/history/task', { query: { taskId: key } })
      .catch(() => [])
    return rows.some((r) => r.endTime !== null && r.deleteReason === 'completed')
  }

  /**
   * Runs the instance on to its next wait states, as the embedded engine does within the completion: the
   * asynchronous continuations after the step (translate-bpmn.ts puts asyncAfter on wait states) are executed now
   * instead of when a node's job executor acquires them, so the caller (and the SLA monitor it runs next) sees the
   * tasks that follow. A continuation a node runs meanwhile is not run twice (Operaton's optimistic locking); one
   * that fails is left to the job executor and its retries, as if acquired.
   */
  private async runContinuations(instanceId: string): Promise<void> {
    const tried = new Set<string>()
    for (let round = 0; round < 20; round++) {
      const jobs = await this.client
        .request<{ id: string }[]>('POST', '/job', { body: { processInstanceId: instanceId, messages: true, executable: true }, idempotent: true })
        .catch(() => [] as { id: string }[])
      const next = jobs.filter((j) => !tried.has(j.id))
      if (!next.length) return
      for (const job of next) {
        tried.add(job.id)
        await this.client.request('POST', `/job/${encodeURIComponent(job.id)}/execute`).catch(() => undefined)
      }
    }
  }

  /** Whether an element of an instance is inside an inner instance of a multi-instance sub-process. */
  private async insideInnerInstance(instanceId: string, elementId: string): Promise<boolean> {
    const row = await this.prisma.processInstance.findUnique({ where: { id: instanceId }, select: { definitionId: true } })
    return row ? (await this.definitions.process(row.definitionId)).model.loopScoped.has(elementId) : false
  }

  /**
   * Delivers a message to one waiting subscription (the mirror's id `op:<subscription id>`), its variables carried
   * into the inner instance; false when the subscription is gone (another delivery took it).
   */
  private async triggerInnerSubscription(mirrorId: string, messageName: string, variables: Record<string, unknown>): Promise<boolean> {
    const subscriptionId = mirrorId.replace(/^op:/, '')
    const found = await this.client.request<{ executionId: string }[]>('GET', '/event-subscription', { query: { eventSubscriptionId: subscriptionId } })
    if (!found.length) return false
    try {
      await this.client.request('POST', `/execution/${encodeURIComponent(found[0]!.executionId)}/messageSubscriptions/${encodeURIComponent(messageName)}/trigger`, {
        body: { variables: carriedVariables(variables) },
      })
      return true
    } catch (err) {
      if (err instanceof EngineError && (err.code === 'NOT_FOUND' || err.code === 'INVALID')) return false
      throw err
    }
  }

  async assignUserTask(key: string, assignee: string | null, options?: AssignOptions): Promise<void> {
    const task = await this.prisma.task.findUnique({ where: { engineKey: key }, select: { instanceId: true, status: true, engine: true } })
    if (!task || task.status !== 'open') throw new EngineError('NOT_FOUND', `No open user task ${key}`)
    if (task.engine !== 'operaton') {
      // an inbox task with no Operaton task behind it (the SLA monitor's art. 36 notice): our row is all there is,
      // as on the embedded engine, which assigns any open task row by its key
      const updated = await this.prisma.task.updateMany({ where: { engineKey: key, status: 'open' }, data: { assignee, revision: { increment: 1 } } })
      if (updated.count === 0) throw new EngineError('NOT_FOUND', `No open user task ${key}`)
      return
    }
    const enc = encodeURIComponent(key)
    let remote: RemoteTaskRow
    try {
      remote = await this.client.request<RemoteTaskRow>('GET', `/task/${enc}`)
    } catch (err) {
      if (err instanceof EngineError && err.code === 'NOT_FOUND') {
        await this.sync(task.instanceId)
        throw new EngineError('NOT_FOUND', `No open user task ${key}`)
      }
      throw err
    }
    if (remote.assignee !== assignee) {
      // a claim never takes over a task someone else holds in Operaton (our row may have been read as free from a
      // mirror round older than their claim): CONFLICT, and the caller undoes its own change
      if (options?.expectedAssignee !== undefined && remote.assignee !== options.expectedAssignee) {
        throw new EngineError('CONFLICT', `User task ${key} is held by someone else`)
      }
      await this.beforeChange()
      try {
        if (assignee === null) {
          await this.client.request('POST', `/task/${enc}/unclaim`)
        } else if (remote.assignee === null) {
          // claim: refused (CONFLICT) when someone else claimed it on another node meanwhile
          await this.client.request('POST', `/task/${enc}/claim`, { body: { userId: assignee } })
        } else {
          await this.client.request('POST', `/task/${enc}/assignee`, { body: { userId: assignee } })
        }
      } catch (err) {
        // an answer lost on the way back (a node killed mid-call) may hide a change Operaton committed: the task as
        // any node reads it now says so; then the change stands, else the error goes to the caller (who undoes ours)
        if (err instanceof EngineError && (err.code === 'CONFLICT' || err.code === 'NOT_FOUND')) throw err
        if (!(await this.assigneeIs(key, assignee))) throw err
        this.logger.warn('user task assignment answer lost; the engine had made it', { taskKey: key, instanceId: task.instanceId })
      }
    }
    // our row at once (the inbox reads it next), then the rest of the instance
    await this.prisma.task.updateMany({ where: { engineKey: key, status: 'open' }, data: { assignee, revision: { increment: 1 } } })
    await this.sync(task.instanceId)
  }

  /** True when the engine's task has exactly this assignee now (false when it cannot tell). */
  private async assigneeIs(key: string, assignee: string | null): Promise<boolean> {
    const remote = await this.client.request<RemoteTaskRow>('GET', `/task/${encodeURIComponent(key)}`).catch(() => null)
    return remote !== null && remote.assignee === assignee
  }

  // ------------------------------------------------------------------------------------------------- messages

  async publishMessage(request: PublishMessageRequest): Promise<{ correlated: number }> {
    const { variables: keyVariables, expressions } = await this.definitions.correlationVariables(request.name)
    const processVariables = toOperatonVariables(request.variables ?? {})
    const instances = new Set<string>()
    await this.beforeChange()
    for (const variable of keyVariables) {
      try {
        const answers = await this.client.request<CorrelationAnswer[]>('POST', '/message', {
          body: {
            messageName: request.name,
            correlationKeys: { [variable]: { value: request.correlationKey, type: 'String' } },
            processVariables,
            all: true,
            resultEnabled: true,
            ...this.tenantBody(),
          },
        })
        for (const a of answers ?? []) {
          const id = a.execution?.processInstanceId ?? a.processInstance?.id
          if (id) instances.add(id)
        }
      } catch (err) {
        // nothing waits for it (MismatchingMessageCorrelationException): 400
        if (!(err instanceof EngineError && err.code === 'INVALID')) throw err
      }
    }
    if (expressions) {
      // correlation keys that are FEEL expressions: the mirror knows each subscription's evaluated key
      const subs = await this.prisma.messageSubscription.findMany({
        where: { messageName: request.name, correlationKey: request.correlationKey, status: 'open' },
        select: { instanceId: true, elementId: true, executionId: true },
      })
      // a catch inside an inner instance of a multi-instance sub-process: that subscription alone, its variables kept
      // in the inner instance (inner-scope-carrier.ts)
      const whole: typeof subs = []
      for (const sub of subs) {
        if (!(await this.insideInnerInstance(sub.instanceId, sub.elementId))) whole.push(sub)
        else if (await this.triggerInnerSubscription(sub.executionId, request.name, request.variables ?? {})) instances.add(sub.instanceId)
      }
      for (const instanceId of new Set(whole.map((s) => s.instanceId))) {
        if (instances.has(instanceId)) continue
        try {
          await this.client.request('POST', '/message', { body: { messageName: request.name, processInstanceId: instanceId, processVariables, all: true } })
          instances.add(instanceId)
        } catch (err) {
          if (!(err instanceof EngineError && err.code === 'INVALID')) throw err
        }
      }
    }
    for (const id of instances) {
      const ours = await this.prisma.processInstance.findUnique({ where: { id }, select: { id: true } })
      if (ours) await this.sync(id)
    }
    // and the processes it starts (message start events; the translation made them plain starts)
    const started = await startByMessage(this.prisma, this.definitions.catalog, (start) => this.startInstance(start), request, this.startEventCases)
    if (instances.size + started === 0) await keepUnclaimedMessage(this.prisma, this.clock.now(), request)
    return { correlated: instances.size + started }
  }

  /** A subscription appeared: the oldest live buffered message for it is published again. */
  private async correlateBuffered(messageName: string, correlationKey: string): Promise<void> {
    await deliverKeptMessage(this.prisma, this.clock.now(), messageName, correlationKey, (request) => this.publishMessage(request))
  }

  /** Starts the instances whose timer start events are due (engine/timer-starts.ts: the schedule is ours, the
   * translation makes the start event a plain one); returns how many. */
  async fireTimerStarts(): Promise<number> {
    return fireDueTimerStarts({
      prisma: this.prisma,
      now: this.clock.now(),
      timerStartsOf: (definitionId) => this.definitions.catalog.timerStartsOf(definitionId),
      start: (request) => this.startInstance(request),
      cases: this.startEventCases,
      exists: async (processId, businessKey) => (await this.prisma.processInstance.count({ where: { processId, businessKey } })) > 0,
      onError: (facts) => this.logger.error('timer start failed', facts),
    })
  }

  /** Buffered messages past their time to live are dropped; live ones are tried against the open subscriptions. */
  async sweepBufferedMessages(): Promise<void> {
    const now = this.clock.now()
    await this.prisma.bufferedMessage.deleteMany({ where: { expiresAt: { lte: now } } })
    const waiting = await this.prisma.bufferedMessage.findMany({ select: { messageName: true, correlationKey: true }, distinct: ['messageName', 'correlationKey'] })
    for (const w of waiting) {
      const open = await this.prisma.messageSubscription.count({ where: { messageName: w.messageName, correlationKey: w.correlationKey, status: 'open' } })
      if (open) await this.correlateBuffered(w.messageName, w.correlationKey)
    }
  }

  // ------------------------------------------------------------------------------------------------- incidents

  async retryJob(jobId: string, retries = 3): Promise<void> {
    const job = await this.prisma.job.findUnique({ where: { id: jobId } })
    const parsed = ids.parse(jobId)
    if (!job || job.status !== 'incident' || !parsed) throw new EngineError('NOT_FOUND', `No job in incident ${jobId}`)
    await this.beforeChange()
    try {
      if (parsed.kind === 'ext') {
        await this.client.request('PUT', `/external-task/${encodeURIComponent(parsed.remoteId)}/retries`, { body: { retries }, idempotent: true })
      } else {
        await this.client.request('PUT', `/job/${encodeURIComponent(parsed.remoteId)}/retries`, { body: { retries }, idempotent: true })
      }
    } catch (err) {
      if (err instanceof EngineError && err.code === 'NOT_FOUND') {
        await this.sync(job.instanceId)
        throw new EngineError('NOT_FOUND', `No job in incident ${jobId}`)
      }
      throw err
    }
    await this.sync(job.instanceId)
  }

  async resolveIncident(instanceId: string): Promise<{ timers: number }> {
    const instance = await this.prisma.processInstance.findUnique({ where: { id: instanceId }, select: { status: true } })
    if (!instance || instance.status !== 'incident') throw new EngineError('NOT_FOUND', `No process instance in incident ${instanceId}`)
    const timers = await this.prisma.timer.findMany({ where: { instanceId, status: 'incident' } })
    await this.beforeChange()
    const now = this.clock.now()
    let rearmed = 0
    for (const timer of timers) {
      const parsed = ids.parse(timer.id)
      if (!parsed) continue
      const path = `/job/${encodeURIComponent(parsed.remoteId)}`
      await this.client.request('PUT', `${path}/duedate`, { body: { duedate: operatonDate(now) }, idempotent: true })
      await this.client.request('PUT', `${path}/retries`, { body: { retries: 1 }, idempotent: true })
      rearmed++
    }
    await this.sync(instanceId)
    return { timers: rearmed }
  }
}

/** The date format Operaton's REST API reads: "2026-01-05T09:00:00.000+0000". */
export function operatonDate(d: Date): string {
  return d.toISOString().replace('Z', '+0000')
}
