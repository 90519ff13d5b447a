// Runs our JobHandlers for Operaton's external tasks. The worker polls every node in turn (long polling is per
// node), applies the ORIGINAL Zeebe model's input mappings so a handler sees the same Job as on the embedded
// engine, and reports the outcome: complete (result merged, or output-mapped), BPMN error, or failure (retries
// counted down; at 0 Operaton raises an incident). A handler running longer than half its lock has the lock
// extended. A crash loses nothing: the lock expires and the task is fetched again (handlers are idempotent).
// Logs carry ids and codes only, never variables or handler messages.
import type { Clock } from '../clock.ts'
import { feel, toJsonValue } from '../embedded/feel.ts'
import { mapVariables } from '../embedded/instance-run.ts'
import { SIGNAL_JOB_TYPE } from '../embedded/internal-jobs.ts'
import { backoffMs, type Job, type JobHandler, type JobOutcome } from '../job.ts'
import type { LogContext } from '../../src/logger.ts'
import { OperatonError, type OperatonClient } from './operaton-client.ts'
import type { ServiceTaskLookup, ServiceTaskSpec } from './service-task-spec.ts'
import { fromOperatonVariables, toOperatonVariables, type TypedValue } from './typed-variables.ts'
import { carriedVariables, innerScopeView } from './inner-scope-carrier.ts'

export type { ServiceTaskLookup, ServiceTaskSpec } from './service-task-spec.ts'

export interface WorkerLogger {
  info(msg: string, context?: LogContext): void
  warn(msg: string, context?: LogContext): void
  error(msg: string, context?: LogContext): void
}

/** An external task as fetchAndLock returns it (the fields the worker reads). */
export interface LockedExternalTask {
  id: string
  topicName: string
  workerId: string
  processInstanceId: string
  processDefinitionId: string
  processDefinitionKey: string
  activityId: string
  businessKey: string | null
  /** null on the first delivery: the worker then uses the model's retries. */
  retries: number | null
  variables: Record<string, TypedValue> | null
}

export type JobFinishedOutcome =
  /** Reported to Operaton: completed, BPMN error thrown, failure (retries left or incident). */
  | 'complete'
  | 'bpmnError'
  | 'fail'
  /** Operaton refused the report (the task was canceled, or the lock was lost to another worker). */
  | 'lost'
  /** The report could not be delivered (no node answered): the lock expires and the task comes again. */
  | 'unreported'

export interface JobFinishedInfo {
  taskId: string
  topic: string
  processInstanceId: string
  processDefinitionId: string
  activityId: string
  businessKey: string | null
  outcome: JobFinishedOutcome
  /** For 'fail': the retries left after this attempt (0: Operaton raised an incident). */
  retriesLeft?: number
  /** For 'bpmnError': the error code. */
  errorCode?: string
  finishedAt: Date
}

export interface ExternalTaskWorkerOptions {
  client: OperatonClient
  handlers: JobHandler[]
  /** The ORIGINAL (Zeebe) model of the task: type, retries, headers, io mappings. Non-null results are cached. */
  lookup: ServiceTaskLookup
  clock: Clock
  logger: WorkerLogger
  /** External tasks handled at the same time. */
  concurrency: number
  /** Operaton's workerId of the locks; unique per worker process. */
  workerId: string
  /** Lock duration for handlers that give no timeoutMs (default 60 s); extended while the handler runs. */
  lockMs?: number
  /** asyncResponseTimeout of each fetchAndLock (long poll per node), in ms (default 3 s; 0 in tests). */
  pollTimeoutMs?: number
  /** Pause after a round over every node found nothing, in ms (default: 0 when long polling, 250 otherwise). */
  idleDelayMs?: number
  /** Pause after a node did not answer a poll, in ms (default 1 s). */
  errorDelayMs?: number
  /** Our id for an Operaton process instance id, as the handlers see it in job.processInstanceId (default: the same). */
  instanceIdOf?: (operatonInstanceId: string) => string
  /** Fetch only external tasks of this tenant (tests sharing the engine nodes deploy under a tenant of their own). */
  tenantId?: string | null
  /** Called after each task's outcome was reported (or could not be); errors thrown here are logged and ignored. */
  onJobFinished?: (info: JobFinishedInfo) => void | Promise<void>
}

interface Running {
  task: LockedExternalTask
  abandoned: boolean
  done: Promise<void>
}

const DEFAULT_LOCK_MS = 60_000
const MESSAGE_LIMIT = 2000

export class ExternalTaskWorker {
  private readonly client: OperatonClient
  private readonly handlers = new Map<string, JobHandler>()
  private readonly lookup: ServiceTaskLookup
  private readonly specs = new Map<string, Promise<ServiceTaskSpec | null>>()
  private readonly clock: Clock
  private readonly logger: WorkerLogger
  private readonly concurrency: number
  private readonly workerId: string
  private readonly lockMs: number
  private readonly pollTimeoutMs: number
  private readonly idleDelayMs: number
  private readonly errorDelayMs: number
  private readonly instanceIdOf: (id: string) => string
  private readonly onJobFinished?: ExternalTaskWorkerOptions['onJobFinished']
  private readonly tenantId: string | null
  private readonly running = new Set<Running>()
  private active = false
  private abandoning = false
  private loop: Promise<void> | null = null
  private wake: (() => void) | null = null
  private nextNode = 0

  constructor(options: ExternalTaskWorkerOptions) {
    this.client = options.client
    for (const handler of options.handlers) this.handlers.set(handler.taskType, handler)
    this.lookup = options.lookup
    this.clock = options.clock
    this.logger = options.logger
    this.concurrency = Math.max(1, options.concurrency)
    this.workerId = options.workerId
    this.lockMs = options.lockMs ?? DEFAULT_LOCK_MS
    this.pollTimeoutMs = options.pollTimeoutMs ?? 3000
    this.idleDelayMs = options.idleDelayMs ?? (this.pollTimeoutMs > 0 ? 0 : 250)
    this.errorDelayMs = options.errorDelayMs ?? 1000
    this.instanceIdOf = options.instanceIdOf ?? ((id) => id)
    this.onJobFinished = options.onJobFinished
    this.tenantId = options.tenantId ?? null
  }

  /** Topics this worker fetches (one per registered handler). */
  get topics(): string[] {
    return [...this.handlers.keys()]
  }

  /** Tasks being handled now. */
  get busy(): number {
    return this.running.size
  }

  start(): void {
    if (this.active || !this.handlers.size) return
    this.active = true
    this.abandoning = false
    this.loop = this.pollLoop()
  }

  /**
   * Stops fetching and waits for the running handlers to finish and report. `abandon: true` (a crash, in tests)
   * returns at once instead: running handlers' outcomes are dropped and their locks left to expire.
   */
  async stop(options: { abandon?: boolean } = {}): Promise<void> {
    this.active = false
    this.wake?.()
    if (options.abandon) {
      this.abandoning = true
      for (const r of this.running) r.abandoned = true
      this.running.clear()
    }
    await this.loop
    this.loop = null
    while (this.running.size) await Promise.allSettled([...this.running].map((r) => r.done))
  }

  // --------------------------------------------------------------------------------------------- polling

  private async pollLoop(): Promise<void> {
    let emptyPolls = 0
    while (this.active) {
      if (this.running.size >= this.concurrency) {
        await this.pause(null)
        continue
      }
      const node = this.nextNode
      this.nextNode = (node + 1) % this.client.nodeCount
      let tasks: LockedExternalTask[]
      try {
        tasks = await this.fetchAndLock(node, this.concurrency - this.running.size)
      } catch (err) {
        this.logger.warn('external task poll failed', { node: node + 1, code: err instanceof OperatonError ? err.code : 'ERROR', status: err instanceof OperatonError ? err.status : null })
        await this.pause(this.errorDelayMs)
        continue
      }
      // after stop({ abandon }) the tasks of a last poll are left locked, as a crash would leave them
      if (!this.abandoning) for (const task of tasks) this.launch(task)
      if (tasks.length) emptyPolls = 0
      else if (++emptyPolls >= this.client.nodeCount) {
        emptyPolls = 0
        if (this.idleDelayMs > 0) await this.pause(this.idleDelayMs)
      }
    }
  }

  /** Waits `ms` (null: until a handler finishes), or less when stop() is called. */
  private pause(ms: number | null): Promise<void> {
    return new Promise((resolve) => {
      const timer = ms === null ? null : setTimeout(done, ms)
      const self = this
      function done() {
        if (timer) clearTimeout(timer)
        if (self.wake === done) self.wake = null
        resolve()
      }
      this.wake = done
    })
  }

  private fetchAndLock(node: number, maxTasks: number): Promise<LockedExternalTask[]> {
    const topics = [...this.handlers.values()].map((h) => ({ topicName: h.taskType, lockDuration: this.lockFor(h) }))
    return this.client.request<LockedExternalTask[]>('POST', '/external-task/fetchAndLock', {
      node,
      body: { workerId: this.workerId, maxTasks, usePriority: true, asyncResponseTimeout: this.pollTimeoutMs, topics: topics.map((t) => ({ ...t, deserializeValues: false, ...(this.tenantId ? { tenantIdIn: [this.tenantId] } : {}) })) },
      timeoutMs: this.pollTimeoutMs + 30_000,
    })
  }

  private lockFor(handler: JobHandler): number {
    return handler.timeoutMs ?? this.lockMs
  }

  private launch(task: LockedExternalTask) {
    const entry: Running = { task, abandoned: false, done: Promise.resolve() }
    this.running.add(entry)
    entry.done = this.handle(entry)
      .catch((err) => this.logger.error('external task worker failed', { taskId: task.id, errName: err instanceof Error ? err.name : 'unknown' }))
      .finally(() => {
        this.running.delete(entry)
        this.wake?.()
      })
  }

  // --------------------------------------------------------------------------------------------- one task

  private spec(processDefinitionId: string, activityId: string): Promise<ServiceTaskSpec | null> {
    const key = `${processDefinitionId}\u0000${activityId}`
    let cached = this.specs.get(key)
    if (!cached) {
      cached = this.lookup(processDefinitionId, activityId)
      this.specs.set(key, cached)
      cached.then((spec) => spec ?? this.specs.delete(key), () => this.specs.delete(key))
    }
    return cached
  }

  private ids(task: LockedExternalTask): LogContext {
    return { taskId: task.id, topic: task.topicName, processInstanceId: task.processInstanceId, activityId: task.activityId }
  }

  private async handle(entry: Running): Promise<void> {
    const { task } = entry
    const handler = this.handlers.get(task.topicName)!
    let spec: ServiceTaskSpec | null
    try {
      spec = await this.spec(task.processDefinitionId, task.activityId)
    } catch (err) {
      this.logger.warn('service task model lookup failed', { ...this.ids(task), errName: err instanceof Error ? err.name : 'unknown' })
      spec = null
    }
    if (!spec) {
      const retries = Math.max(0, (task.retries ?? 3) - 1)
      return this.report(entry, 'fail', `/external-task/${task.id}/failure`, {
        workerId: this.workerId,
        errorMessage: `No model of service task ${task.activityId} in process definition ${task.processDefinitionId}`,
        retries,
        retryTimeout: backoffMs(1),
      }, { retriesLeft: retries })
    }

    // (inside an inner instance of a multi-instance sub-process: the process's variables and the inner instance's)
    const fetched = fromOperatonVariables(task.variables)
    const processVars = spec.loopScope ? innerScopeView(fetched) : fetched
    let specRetries = 3
    let variables: Record<string, unknown>
    try {
      specRetries = Number(feel(spec.retries, processVars)) || 3
      variables = jobVariables(spec, processVars)
    } catch (err) {
      return this.incident(entry, `Input mapping failed: ${errorText(err)}`)
    }
    const retries = task.retries ?? specRetries
    const job: Job = {
      key: task.id,
      type: task.topicName,
      processInstanceId: this.instanceIdOf(task.processInstanceId),
      elementId: task.activityId,
      businessKey: task.businessKey ?? null,
      variables: structuredClone(variables),
      headers: { ...spec.headers },
      retries,
    }

    const stopExtending = this.keepLocked(entry, this.lockFor(handler))
    let outcome: JobOutcome
    try {
      outcome = await handler.handle(job)
    } catch (err) {
      outcome = { kind: 'fail', message: errorText(err) }
    } finally {
      stopExtending()
    }
    if (entry.abandoned) return

    if (outcome.kind === 'fail') {
      const left = Math.max(0, outcome.retries ?? retries - 1)
      const attempt = Math.max(1, specRetries - retries + 1)
      return this.report(entry, 'fail', `/external-task/${task.id}/failure`, {
        workerId: this.workerId,
        errorMessage: outcome.message.slice(0, MESSAGE_LIMIT),
        retries: left,
        retryTimeout: left > 0 ? Math.max(0, outcome.retryBackoffMs ?? backoffMs(attempt)) : 0,
      }, { retriesLeft: left })
    }
    if (outcome.kind === 'bpmnError' && spec.caughtErrorCodes && !spec.caughtErrorCodes.includes(outcome.errorCode) && !spec.caughtErrorCodes.includes('*')) {
      return this.incident(entry, `Unhandled BPMN error ${outcome.errorCode}: ${outcome.message}`)
    }
    let output: Record<string, unknown>
    try {
      output = outputVariables(spec, { ...processVars, ...variables }, outcome.variables ?? {})
    } catch (err) {
      return this.incident(entry, `Output mapping failed: ${errorText(err)}`)
    }
    // inside an inner instance of a multi-instance sub-process the variables stay in it (inner-scope-carrier.ts)
    const sent = spec.loopScope ? carriedVariables(output) : toOperatonVariables(output)
    if (outcome.kind === 'complete') {
      return this.report(entry, 'complete', `/external-task/${task.id}/complete`, { workerId: this.workerId, variables: sent }, {})
    }
    return this.report(entry, 'bpmnError', `/external-task/${task.id}/bpmnError`, {
      workerId: this.workerId,
      errorCode: outcome.errorCode,
      errorMessage: outcome.message.slice(0, MESSAGE_LIMIT),
      variables: sent,
    }, { errorCode: outcome.errorCode })
  }

  /** The step cannot go on without a fix (as the embedded engine: an incident at once). */
  private incident(entry: Running, message: string): Promise<void> {
    return this.report(entry, 'fail', `/external-task/${entry.task.id}/failure`, {
      workerId: this.workerId,
      errorMessage: message.slice(0, MESSAGE_LIMIT),
      retries: 0,
      retryTimeout: 0,
    }, { retriesLeft: 0 })
  }

  /** Extends the lock every half lock while the handler runs; returns the function that stops it. */
  private keepLocked(entry: Running, lockMs: number): () => void {
    let stopped = false
    let timer: NodeJS.Timeout | null = null
    const schedule = () => {
      timer = setTimeout(async () => {
        if (stopped || entry.abandoned) return
        try {
          await this.client.request('POST', `/external-task/${entry.task.id}/extendLock`, { body: { workerId: this.workerId, newDuration: lockMs } })
        } catch (err) {
          const code = err instanceof OperatonError ? err.code : 'ERROR'
          this.logger.warn('external task lock extension failed', { ...this.ids(entry.task), code })
          if (code === 'NOT_FOUND' || code === 'INVALID' || code === 'CONFLICT') return // the lock is gone: nothing to keep
        }
        if (!stopped && !entry.abandoned) schedule()
      }, Math.max(1, Math.floor(lockMs / 2)))
    }
    schedule()
    return () => {
      stopped = true
      if (timer) clearTimeout(timer)
    }
  }

  private async report(entry: Running, outcome: 'complete' | 'bpmnError' | 'fail', path: string, body: unknown, extra: Partial<JobFinishedInfo>): Promise<void> {
    const { task } = entry
    let finished: JobFinishedOutcome = outcome
    for (let attempt = 1; ; attempt++) {
      if (entry.abandoned) return
      try {
        await this.client.request('POST', path, { body })
        break
      } catch (err) {
        const code = err instanceof OperatonError ? err.code : 'ERROR'
        if (code === 'UNAVAILABLE' && attempt < 3) {
          await new Promise((resolve) => setTimeout(resolve, this.errorDelayMs))
          continue
        }
        // another transaction changed the same executions at once (inner instances of a parallel multi-instance
        // activity completing together update its counters): Operaton rolled this one back whole, the lock is still
        // ours, so the same report is sent again, as Operaton's own job executor retries such a conflict
        if (code === 'CONFLICT' && attempt < 6) {
          await new Promise((resolve) => setTimeout(resolve, 20 + Math.floor(Math.random() * 80)))
          continue
        }
        finished = code === 'UNAVAILABLE' ? 'unreported' : 'lost'
        this.logger.warn('external task outcome not accepted', { ...this.ids(task), outcome, code, status: err instanceof OperatonError ? err.status : null })
        break
      }
    }
    if (finished === 'fail' && extra.retriesLeft === 0) this.logger.warn('external task failed without retries: incident', this.ids(task))
    else if (finished === 'fail') this.logger.info('external task failed, will retry', { ...this.ids(task), retries: extra.retriesLeft ?? null })
    if (!this.onJobFinished) return
    try {
      await this.onJobFinished({
        taskId: task.id,
        topic: task.topicName,
        processInstanceId: task.processInstanceId,
        processDefinitionId: task.processDefinitionId,
        activityId: task.activityId,
        businessKey: task.businessKey ?? null,
        outcome: finished,
        ...(finished === outcome ? extra : {}),
        finishedAt: this.clock.now(),
      })
    } catch (err) {
      this.logger.warn('onJobFinished hook failed', { taskId: task.id, errName: err instanceof Error ? err.name : 'unknown' })
    }
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : 'handler threw'
}

/**
 * The variables a finished job writes to the process, as on the embedded engine: without output mappings the
 * handler's result as is; with them, only the mapped targets, evaluated over the process variables, the inputs
 * and the result.
 */
export function outputVariables(spec: Pick<ServiceTaskSpec, 'outputs'>, scope: Record<string, unknown>, result: Record<string, unknown>): Record<string, unknown> {
  if (!spec.outputs.length) return toJsonValue(result) as Record<string, unknown>
  return mapVariables(spec.outputs, { ...scope, ...result })
}

/** The Job a handler would see for a task (input mappings applied): for tests and diagnostics. */
export function jobVariables(spec: Pick<ServiceTaskSpec, 'inputs'> & { type?: string }, processVars: Record<string, unknown>): Record<string, unknown> {
  // a signal throw carries its input mappings only (the signal's variables), as on the embedded engine
  if (spec.type === SIGNAL_JOB_TYPE) return mapVariables(spec.inputs, processVars)
  return spec.inputs.length ? { ...processVars, ...mapVariables(spec.inputs, processVars) } : processVars
}
