// The embedded engine: bpmn-engine in this process, every instance's state in our database.
// A waiting instance lives as rows (state, jobs, timers, subscriptions, tasks); every event that moves it is saved
// before it counts. The most recently moved instances also stay live in memory (live-instances.ts) so that their
// next event skips rebuilding bpmn-engine from the saved state; the rows stay the truth. One scheduler fires due
// timers and jobs; the clock is injectable.
import { jobTypeWithoutHandler } from '../job-type-warning.ts'
import { startByMessage } from '../message-starts.ts'
import { startBySignal } from '../signal-starts.ts'
import type { StartEventCases } from '../start-event-cases.ts'
import { armTimerStarts, fireDueTimerStarts, TIMER_START_PREFIX } from '../timer-starts.ts'
import { CALL_ACTIVITY_JOB_TYPE, CALL_WAITING, INTERNAL_JOB_TYPES, SIGNAL_JOB_TYPE, SIGNAL_PREFIX } from './internal-jobs.ts'
import { randomUUID } from 'node:crypto'
import type { Prisma, PrismaClient } from '../../src/generated/prisma/client.ts'
import type { Clock } from '../clock.ts'
import { backoffMs, type Job, type JobHandler, type JobOutcome } from '../job.ts'
import {
  DeploymentError,
  EngineError,
  type DeployResource,
  type DeployResult,
  type DeploymentGuard,
  type DeploymentProblem,
  type ProcessSummary,
  type PublishMessageRequest,
  type StartInstanceRequest,
  type WorkflowEngine,
} from '../port.ts'
import { buildSourceContext, InstanceRun, type CachedDefinition, type JobResult, type RunSnapshot } from './instance-run.ts'
import { persistRun, RevisionConflict, saveRun, type Consumed, type InstanceHeader, type PersistResult } from './instance-store.ts'
import { LiveInstances } from './live-instances.ts'
import { claimDueJob } from './claim-job.ts'
import { stillLocked, type ClaimedJob } from './claimed-new-jobs.ts'
import { completeSideEffectFreeJobs, StepChainAbandoned, withFinalState, type CompletedInStep, type StepChain } from './side-effect-free-jobs.ts'
import { saveWithTransactionalJobs, wantsTransaction } from './transactional-jobs.ts'
import { parseBpmn, type ProcessModel } from './process-model.ts'
import { validateFormSchema } from './form-schema.ts'
import type { DecisionTableModel } from './dmn/decision-table.ts'
import { parseDmn } from './dmn/parse-dmn.ts'
import { canonicalChecksum, matchesChecksum } from '../../src/procedures/canonical-content.ts'
import { deliverKeptMessage, keepUnclaimedMessage } from '../message-buffer.ts'

export interface EngineLogger {
  info(msg: string, fields?: Record<string, unknown>): void
  warn(msg: string, fields?: Record<string, unknown>): void
  error(msg: string, fields?: Record<string, unknown>): void
}

/** The event sub-processes this engine runs: an error or escalation start is caught by bpmn-elements within the run. */
const EMBEDDED_EVENT_SUBPROCESS_TRIGGERS: readonly string[] = ['error', 'message', 'timer', 'signal', 'escalation']

const silentLogger: EngineLogger = { info() {}, warn() {}, error() {} }

/**
 * Rows of this engine only: the Operaton adapter mirrors its instances' jobs, timers and subscriptions into the same
 * tables with execution ids "op:…" (an XML id, and so a bpmn-elements execution id, never holds a colon). When a
 * centre moves to Operaton, this engine keeps running beside it for the cases it started
 * (engine/routing-engine.ts): its scheduler and message correlation must never take the mirror's rows.
 */
const OWN_ROWS = { NOT: { executionId: { startsWith: 'op:' } } }

/** Timers of instances: the own rows without the timer start events' schedule (timer-starts.ts). */
const INSTANCE_TIMERS = { NOT: [{ executionId: { startsWith: 'op:' } }, { executionId: { startsWith: TIMER_START_PREFIX } }] }

export interface EmbeddedEngineOptions {
  prisma: PrismaClient
  clock: Clock
  logger?: EngineLogger
  /** How often the scheduler looks for due timers and jobs; 0 disables the loop (tests call runDueWork). */
  schedulerIntervalMs?: number
  /** Jobs run at the same time. */
  jobConcurrency?: number
  /** Job lock time when a handler gives none. */
  defaultJobTimeoutMs?: number
  /** The application's checks every deployment must pass (port.ts DeploymentGuard), e.g. restricted procedures. */
  deploymentGuard?: DeploymentGuard
  /** How many instances keep their bpmn-engine run live between events (live-instances.ts); 0: none. Default 50. */
  liveInstances?: number
}

/** The event could not be applied: the instance now shows an incident with this message. */
export class IncidentRaised extends EngineError {
  constructor(readonly instanceId: string, readonly reason: string) {
    super('INVALID', `The process instance stopped with an incident: ${reason}`)
  }
}

/** A stored process version with its parsed model. */
export interface StoredProcessModel {
  definitionId: string
  processId: string
  version: number
  xml: string
  model: ProcessModel
}


export class EmbeddedEngine implements WorkflowEngine {
  readonly kind = 'embedded' as const
  private readonly prisma: PrismaClient
  private readonly clock: Clock
  private readonly logger: EngineLogger
  private readonly handlers = new Map<string, JobHandler>()
  private readonly definitions = new Map<string, Promise<CachedDefinition>>()
  private readonly models = new Map<string, Promise<StoredProcessModel>>()
  /** Parsed decision tables by DecisionDefinition row id (a version never changes). */
  private readonly decisionTables = new Map<string, Promise<DecisionTableModel>>()
  private readonly locks = new Map<string, Promise<unknown>>()
  private readonly queue: string[] = []
  private readonly queued = new Set<string>()
  /** The type of a queued job when it was known at enqueue time (its claim is then its read). */
  private readonly queuedTypes = new Map<string, string>()
  /** Queued jobs this process claimed as the save inserted them (claimed-new-jobs.ts): run without a claim. */
  private readonly queuedClaims = new Map<string, ClaimedJob>()
  private running = 0
  private readonly idleWaiters: (() => void)[] = []
  private readonly background = new Set<Promise<unknown>>()
  private timer: NodeJS.Timeout | null = null
  private started = false
  private ticking: Promise<number> | null = null
  private readonly intervalMs: number
  private readonly concurrency: number
  private readonly defaultTimeoutMs: number
  private readonly deploymentGuard: DeploymentGuard | null
  private readonly live: LiveInstances

  constructor(options: EmbeddedEngineOptions) {
    this.prisma = options.prisma
    this.clock = options.clock
    this.logger = options.logger ?? silentLogger
    this.intervalMs = options.schedulerIntervalMs ?? 1000
    this.concurrency = options.jobConcurrency ?? 4
    this.defaultTimeoutMs = options.defaultJobTimeoutMs ?? 60_000
    this.deploymentGuard = options.deploymentGuard ?? null
    this.live = new LiveInstances(options.liveInstances ?? 50)
  }

  /** How many instances are live now (live-instances.ts). */
  liveInstanceCount(): number {
    return this.live.size
  }

  // ------------------------------------------------------------------------------------------------- lifecycle

  registerHandler(handler: JobHandler): void {
    this.handlers.set(handler.taskType, handler)
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
    // Jobs a crashed process left running are handed out again (at-least-once).
    await this.prisma.job.updateMany({ where: { status: 'running', ...OWN_ROWS }, data: { status: 'pending', lockedUntil: null } })
    if (this.intervalMs > 0) {
      const loop = async () => {
        if (!this.started) return
        try {
          await this.runDueWork()
        } catch (err) {
          this.logger.error('scheduler tick failed', { error: (err as Error).message })
        }
        if (this.started) this.timer = setTimeout(loop, this.intervalMs)
      }
      this.timer = setTimeout(loop, 0)
    }
  }

  async stop(): Promise<void> {
    this.started = false
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    if (this.ticking) await this.ticking.catch(() => 0)
    await this.idle()
    this.live.clear()
  }

  /** Resolves when no job is queued or running and no buffered message is being correlated. */
  async idle(): Promise<void> {
    for (;;) {
      if (this.background.size) {
        await Promise.allSettled([...this.background])
        continue
      }
      if (this.running === 0 && this.queue.length === 0) return
      await new Promise<void>((resolve) => this.idleWaiters.push(resolve))
    }
  }

  // ------------------------------------------------------------------------------------------------- deploy

  async deploy(resources: DeployResource[], meta: { deployedBy?: string; comment?: string } = {}): Promise<DeployResult> {
    const problems: DeploymentProblem[] = []
    const bpmn: { resource: DeployResource; models: ProcessModel[] }[] = []
    const forms: { formId: string; schema: unknown; resource: DeployResource }[] = []
    const dmn: { resource: DeployResource; decisions: { decisionId: string; name: string }[] }[] = []
    const knownTypes = new Set(this.handlers.keys())
    const warnings: DeploymentProblem[] = []

    for (const resource of resources) {
      if (resource.name.endsWith('.bpmn')) {
        const parsed = await parseBpmn(resource.name, resource.content)
        problems.push(...parsed.problems)
        warnings.push(...parsed.warnings)
        if (knownTypes.size > 0) {
          for (const model of parsed.processes) {
            for (const el of model.elements.values()) {
              // as Zeebe and Operaton: the process deploys and its jobs wait until a worker for the type comes
              if (el.kind === 'service' && !knownTypes.has(el.jobType) && !INTERNAL_JOB_TYPES.includes(el.jobType)) {
                warnings.push({ resource: resource.name, elementId: el.id, rule: 'job-type', message: jobTypeWithoutHandler(el.jobType) })
              }
            }
          }
        }
        // what only Operaton runs, when this engine runs the instances itself
        if (!this.catalogOnly) {
          for (const model of parsed.processes) {
            for (const esp of model.eventSubProcesses) {
              if (!EMBEDDED_EVENT_SUBPROCESS_TRIGGERS.includes(esp.trigger)) {
                problems.push({ resource: resource.name, elementId: esp.id, rule: 'supported-subset', message: `Event sub-processes started by a ${esp.trigger} event are not supported yet by the embedded engine` })
              }
            }
          }
        }
        bpmn.push({ resource, models: parsed.processes })
      } else if (resource.name.endsWith('.dmn')) {
        const parsed = await parseDmn(resource.name, resource.content)
        problems.push(...parsed.problems)
        dmn.push({ resource, decisions: parsed.decisions })
      } else if (resource.name.endsWith('.form')) {
        const checked = validateFormSchema(resource.name, resource.content)
        problems.push(...checked.problems)
        if (checked.formId) forms.push({ formId: checked.formId, schema: checked.schema, resource })
      } else {
        problems.push({ resource: resource.name, elementId: null, rule: 'resource', message: 'Only .bpmn, .dmn and .form files can be deployed' })
      }
    }
    // Forms referenced by user tasks and start events must exist (in this deployment or already deployed).
    const formIds = new Set(forms.map((f) => f.formId))
    for (const { resource, models } of bpmn) {
      for (const model of models) {
        const links = [...model.elements.values()].flatMap((el) => (el.kind === 'user' && el.formId ? [{ elementId: el.id, formId: el.formId }] : []))
        if (model.startForm) links.push(model.startForm)
        for (const link of links) {
          if (formIds.has(link.formId)) continue
          const existing = await this.prisma.formDefinition.findFirst({ where: { formId: link.formId }, select: { id: true } })
          if (!existing) problems.push({ resource: resource.name, elementId: link.elementId, rule: 'form', message: `Form "${link.formId}" is not deployed` })
        }
      }
    }
    // Decisions called by business rule tasks must exist (in this deployment or already deployed).
    const decisionIds = new Set(dmn.flatMap((d) => d.decisions.map((x) => x.decisionId)))
    for (const { resource, models } of bpmn) {
      for (const model of models) {
        for (const el of model.elements.values()) {
          if (el.kind !== 'decision' || !el.decisionId || decisionIds.has(el.decisionId)) continue
          const existing = await this.prisma.decisionDefinition.findFirst({ where: { decisionId: el.decisionId }, select: { id: true } })
          if (!existing) problems.push({ resource: resource.name, elementId: el.id, rule: 'decision', message: `Decision "${el.decisionId}" is not deployed` })
        }
      }
    }
    if (this.deploymentGuard) problems.push(...(await this.deploymentGuard(resources)))
    if (problems.length) throw new DeploymentError(problems)

    // Unchanged content makes no new version, however it is written (canonical-content.ts: whitespace, attribute
    // order, prefixes, the order of diagram shapes — e.g. the editor's saveXML of an unchanged diagram).
    const checksums = new Map<DeployResource, string>()
    for (const resource of [...dmn.map((d) => d.resource), ...forms.map((f) => f.resource), ...bpmn.map((b) => b.resource)]) {
      checksums.set(resource, await canonicalChecksum(resource.name, resource.content))
    }
    const result: DeployResult = { processes: [], forms: [], decisions: [], warnings }
    await this.prisma.$transaction(async (tx) => {
      for (const { resource, decisions } of dmn) {
        const checksum = checksums.get(resource)!
        for (const decision of decisions) {
          const latest = await tx.decisionDefinition.findFirst({ where: { decisionId: decision.decisionId }, orderBy: { version: 'desc' } })
          if (latest && (await matchesChecksum({ checksum: latest.checksum, resource: () => ({ name: latest.resourceName, content: latest.xml }) }, checksum))) {
            result.decisions!.push({ decisionId: decision.decisionId, name: latest.name, version: latest.version, duplicate: true })
            continue
          }
          const version = (latest?.version ?? 0) + 1
          await tx.decisionDefinition.create({
            data: {
              decisionId: decision.decisionId,
              version,
              name: decision.name,
              resourceName: resource.name,
              xml: resource.content,
              checksum,
              deployedBy: meta.deployedBy ?? null,
              comment: meta.comment ?? null,
            },
          })
          result.decisions!.push({ decisionId: decision.decisionId, name: decision.name, version, duplicate: false })
        }
      }
      for (const form of forms) {
        const checksum = checksums.get(form.resource)!
        const latest = await tx.formDefinition.findFirst({ where: { formId: form.formId }, orderBy: { version: 'desc' } })
        if (latest && (await matchesChecksum({ checksum: latest.checksum, resource: () => ({ name: `${form.formId}.form`, content: JSON.stringify(latest.schema) }) }, checksum))) {
          result.forms.push({ formId: form.formId, version: latest.version })
          continue
        }
        const version = (latest?.version ?? 0) + 1
        await tx.formDefinition.create({
          data: { formId: form.formId, version, schema: form.schema as Prisma.InputJsonValue, checksum, deployedBy: meta.deployedBy ?? null, comment: meta.comment ?? null },
        })
        result.forms.push({ formId: form.formId, version })
      }
      for (const { resource, models } of bpmn) {
        const checksum = checksums.get(resource)!
        for (const model of models) {
          const latest = await tx.processDefinition.findFirst({ where: { processId: model.processId }, orderBy: { version: 'desc' } })
          if (latest && (await matchesChecksum({ checksum: latest.checksum, resource: () => ({ name: latest.resourceName, content: latest.xml }) }, checksum))) {
            result.processes.push({ processId: model.processId, name: latest.name, version: latest.version, duplicate: true })
            continue
          }
          const version = (latest?.version ?? 0) + 1
          const created = await tx.processDefinition.create({
            data: {
              processId: model.processId,
              version,
              name: model.name,
              resourceName: resource.name,
              xml: resource.content,
              checksum,
              deployedBy: meta.deployedBy ?? null,
              comment: meta.comment ?? null,
            },
          })
          // the newest version's timer start events replace the older version's (timer-starts.ts)
          await armTimerStarts(tx, { definitionId: created.id, processId: model.processId, version, timerStarts: model.timerStarts }, this.clock.now())
          result.processes.push({ processId: model.processId, name: model.name, version, duplicate: false })
        }
      }
    })
    return result
  }

  async listProcesses(): Promise<ProcessSummary[]> {
    const rows = await this.prisma.processDefinition.findMany({
      orderBy: [{ processId: 'asc' }, { version: 'desc' }],
      distinct: ['processId'],
      select: { processId: true, name: true, version: true },
    })
    return rows.map((r) => ({ id: r.processId, name: r.name, version: r.version }))
  }

  /** A stored process version, parsed once (a version never changes); also the Operaton adapter's catalog read. */
  processModel(definitionId: string): Promise<StoredProcessModel> {
    let cached = this.models.get(definitionId)
    if (!cached) {
      cached = (async () => {
        const row = await this.prisma.processDefinition.findUnique({ where: { id: definitionId } })
        if (!row) throw new EngineError('NOT_FOUND', `Process definition ${definitionId} not found`)
        const parsed = await parseBpmn(row.resourceName, row.xml)
        const model = parsed.processes.find((p) => p.processId === row.processId)
        if (!model) throw new EngineError('INVALID', `Process ${row.processId} not found in its definition`)
        return { definitionId: row.id, processId: row.processId, version: row.version, xml: row.xml, model }
      })()
      cached.catch(() => this.models.delete(definitionId))
      this.models.set(definitionId, cached)
    }
    return cached
  }

  private definition(definitionId: string): Promise<CachedDefinition> {
    let cached = this.definitions.get(definitionId)
    if (!cached) {
      cached = (async () => {
        const stored = await this.processModel(definitionId)
        return { model: stored.model, sourceContext: await buildSourceContext(stored.xml) }
      })()
      cached.catch(() => this.definitions.delete(definitionId))
      this.definitions.set(definitionId, cached)
    }
    return cached
  }

  /** The latest version of every decision the process calls, read now (Zeebe's binding "latest"): the
   * business rule tasks of the coming run evaluate them synchronously. One query; parsed tables are cached. */
  private async decisionsFor(model: ProcessModel): Promise<Map<string, DecisionTableModel>> {
    const ids = [...new Set([...model.elements.values()].flatMap((el) => (el.kind === 'decision' ? [el.decisionId] : [])))]
    const out = new Map<string, DecisionTableModel>()
    if (!ids.length) return out
    const rows = await this.prisma.decisionDefinition.findMany({
      where: { decisionId: { in: ids } },
      orderBy: [{ decisionId: 'asc' }, { version: 'desc' }],
      distinct: ['decisionId'],
      select: { id: true },
    })
    for (const row of rows) {
      const table = await this.decisionTable(row.id)
      out.set(table.decisionId, table)
    }
    return out
  }

  private decisionTable(rowId: string): Promise<DecisionTableModel> {
    let cached = this.decisionTables.get(rowId)
    if (!cached) {
      cached = (async () => {
        const row = await this.prisma.decisionDefinition.findUniqueOrThrow({ where: { id: rowId } })
        const parsed = await parseDmn(row.resourceName, row.xml)
        const table = parsed.decisions.find((d) => d.decisionId === row.decisionId)
        if (!table) throw new EngineError('INVALID', `Decision ${row.decisionId} not found in its definition`)
        return table
      })()
      cached.catch(() => this.decisionTables.delete(rowId))
      this.decisionTables.set(rowId, cached)
    }
    return cached
  }

  // ------------------------------------------------------------------------------------------------- instances

  /** Serialises every operation on one instance inside this process. */
  private withLock<T>(instanceId: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(instanceId) ?? Promise.resolve()
    const next = previous.catch(() => undefined).then(fn)
    this.locks.set(instanceId, next)
    next.finally(() => {
      if (this.locks.get(instanceId) === next) this.locks.delete(instanceId)
    }).catch(() => undefined)
    return next
  }

  async startInstance(request: StartInstanceRequest): Promise<{ instanceId: string }> {
    return this.startInstanceAs(randomUUID(), request)
  }

  /** Starts an instance under a given id (a call activity's child takes its call job's id). */
  private async startInstanceAs(instanceId: string, request: StartInstanceRequest): Promise<{ instanceId: string }> {
    const def = await this.prisma.processDefinition.findFirst({
      where: { processId: request.processId },
      orderBy: { version: 'desc' },
      select: { id: true, processId: true },
    })
    if (!def) throw new EngineError('NOT_FOUND', `No deployed process "${request.processId}"`)
    const cached = await this.definition(def.id)
    const variables: Record<string, unknown> = { ...(request.variables ?? {}) }
    if (request.businessKey && variables.caseId === undefined) variables.caseId = request.businessKey
    const header: InstanceHeader = {
      id: instanceId,
      definitionId: def.id,
      processId: def.processId,
      businessKey: request.businessKey ?? null,
      revision: 0,
      trail: [],
    }
    await this.withLock(instanceId, async () => {
      // jobs are answered within the first step; when a transactional one is not completed there, the start is run
      // again without answering them (transactional-jobs.ts)
      for (let answerJobs = true; ; answerJobs = false) {
        const run = new InstanceRun(cached, this.clock, undefined, await this.decisionsFor(cached.model))
        const begun = await run.start(variables, { keepLive: true, withoutState: answerJobs })
        const chain = answerJobs ? await this.stepChain(run, cached.model, header, begun, new Set()) : { snapshot: begun, completed: [] }
        if (chain.snapshot.status === 'failed') {
          run.cancel()
          await this.recordFailedStart(instanceId, def, header, variables, chain.snapshot)
          return
        }
        try {
          const { snapshot, persisted } = await this.saveStep(run, cached.model, header, chain, {}, true, new Set(), answerJobs)
          this.keepLive(header, run, snapshot, persisted)
          this.afterPersist(persisted)
          if (snapshot.status === 'completed') this.completedInstance(instanceId, snapshot.variables)
          return
        } catch (err) {
          run.cancel()
          if (answerJobs && err instanceof StepChainAbandoned) continue
          throw err
        }
      }
    })
    return { instanceId }
  }

  /**
   * A fault in the first steps (no gateway condition matches, a FEEL error) is an incident on a new instance, as on
   * Operaton (whose start continues asynchronously): the start stands, administrators see it and retry it
   * (resolveIncident starts it again from its start variables) once the cause is fixed.
   */
  private async recordFailedStart(instanceId: string, def: { id: string; processId: string }, header: InstanceHeader, variables: Record<string, unknown>, snapshot: RunSnapshot) {
    const message = snapshot.error?.message ?? 'unknown error'
    this.logger.error('process instance incident', { instanceId, error: message })
    const now = this.clock.now()
    await this.prisma.processInstance.create({
      data: {
        id: instanceId,
        definitionId: def.id,
        processId: def.processId,
        businessKey: header.businessKey,
        status: 'incident',
        variables: variables as Prisma.InputJsonValue,
        trail: snapshot.trail as Prisma.InputJsonValue,
        incident: message.slice(0, 2000),
        incidentAt: now,
        startedAt: now,
      },
    })
  }

  /** Starts again an instance whose start failed (in incident, never saved a state), from its start variables. */
  private async restartFailedStart(instanceId: string): Promise<boolean> {
    return this.withLock(instanceId, async () => {
      const row = await this.prisma.processInstance.findUnique({ where: { id: instanceId } })
      if (!row || row.status !== 'incident' || row.state !== null) return false
      const cached = await this.definition(row.definitionId)
      const run = new InstanceRun(cached, this.clock, undefined, await this.decisionsFor(cached.model))
      const snapshot = await run.start(row.variables as Record<string, unknown>)
      if (snapshot.status === 'failed') {
        // still in incident since the first failure: markIncident keeps its incidentAt
        await this.markIncident(instanceId, snapshot.error?.message ?? 'unknown error', {})
        return true
      }
      const header: InstanceHeader = { id: instanceId, definitionId: row.definitionId, processId: row.processId, businessKey: row.businessKey, revision: row.revision, trail: [] }
      const persisted = await persistRun(this.prisma, this.clock, header, snapshot, {}, false, this.lockNewJob)
      this.afterPersist(persisted)
      if (snapshot.status === 'completed') this.completedInstance(instanceId, snapshot.variables)
      return true
    })
  }

  async findInstanceByBusinessKey(processId: string, businessKey: string): Promise<{ instanceId: string } | null> {
    const row = await this.prisma.processInstance.findFirst({
      where: { processId, businessKey, status: { not: 'canceled' } },
      orderBy: [{ startedAt: 'asc' }, { id: 'asc' }],
      select: { id: true },
    })
    return row ? { instanceId: row.id } : null
  }

  /** Loads an instance, applies one event, saves. Retries once on a revision conflict. */
  private async applyToInstance(
    instanceId: string,
    event: (run: InstanceRun) => boolean,
    consumed: Consumed,
    jobResults?: Map<string, JobResult>,
    stillWanted?: () => Promise<boolean>,
  ): Promise<boolean> {
    return this.withLock(instanceId, async () => {
      for (let attempt = 0; ; attempt++) {
        if (stillWanted && !(await stillWanted())) return false
        // the live run, if any, is out of the cache until this event is saved (a failure leaves it out)
        const live = this.live.take(instanceId)
        let run: InstanceRun
        let header: InstanceHeader
        if (live && live.run.continueWith(await this.decisionsFor((await this.definition(live.definitionId)).model), jobResults ? new Map(jobResults) : undefined)) {
          run = live.run
          header = {
            id: instanceId,
            definitionId: live.definitionId,
            processId: live.processId,
            businessKey: live.businessKey,
            revision: live.revision,
            fromLiveRun: true,
            waits: live.waits,
            savedVariablesJson: live.variablesJson,
          }
        } else {
          live?.run.cancel()
          const row = await this.prisma.processInstance.findUnique({ where: { id: instanceId } })
          if (!row || !row.state || row.status === 'completed' || row.status === 'canceled') return false
          const cached = await this.definition(row.definitionId)
          run = new InstanceRun(cached, this.clock, jobResults ? new Map(jobResults) : undefined, await this.decisionsFor(cached.model))
          await run.recover(row.state)
          header = {
            id: row.id,
            definitionId: row.definitionId,
            processId: row.processId,
            businessKey: row.businessKey,
            revision: row.revision,
            hadIncident: row.status === 'incident',
          }
        }
        const applied = event(run)
        // a live run knows which jobs are new: they are answered within this step (side-effect-free-jobs.ts); a
        // recovered one (also the attempt after an abandoned chain) saves the event alone
        const answerJobs = header.waits !== undefined
        const known = new Set((header.waits ?? []).filter((w) => w.kind === 'job').map((w) => w.key))
        const model = (await this.definition(header.definitionId)).model
        const first = await run.snapshot({ keepLive: true, withoutState: answerJobs })
        const chain = answerJobs ? await this.stepChain(run, model, header, first, known) : { snapshot: first, completed: [] }
        if (chain.snapshot.status === 'failed') {
          run.cancel()
          const message = chain.snapshot.error?.message ?? 'unknown error'
          await this.markIncident(instanceId, message, consumed)
          throw new IncidentRaised(instanceId, message)
        }
        try {
          const { snapshot, persisted } = await this.saveStep(run, model, header, chain, consumed, false, known, answerJobs)
          this.keepLive(header, run, snapshot, persisted)
          this.afterPersist(persisted)
          if (snapshot.status === 'completed') this.completedInstance(instanceId, snapshot.variables)
          return applied
        } catch (err) {
          run.cancel()
          if (err instanceof RevisionConflict && attempt < 5) continue
          // the next attempt recovers the stored state and answers no job within the step
          if (err instanceof StepChainAbandoned && attempt < 5) continue
          throw err
        }
      }
    })
  }

  /** After a committed save: a waiting instance's run stays live for its next event; an ended one is dropped. */
  private keepLive(header: InstanceHeader, run: InstanceRun, snapshot: { status: string }, persisted: PersistResult) {
    if (snapshot.status !== 'waiting') return run.cancel()
    this.live.put(header.id, {
      run,
      definitionId: header.definitionId,
      processId: header.processId,
      businessKey: header.businessKey,
      revision: header.revision + 1,
      waits: persisted.waits,
      variablesJson: persisted.variablesJson,
    })
  }

  private async markIncident(instanceId: string, message: string, consumed: Consumed) {
    this.live.drop(instanceId)
    this.logger.error('process instance incident', { instanceId, error: message })
    await this.prisma.$transaction(async (tx) => {
      // incidentAt: when it went into incident; a second failure while it is still in incident keeps the first time
      const current = await tx.processInstance.findUnique({ where: { id: instanceId }, select: { status: true, incidentAt: true } })
      const incidentAt = current?.status === 'incident' && current.incidentAt ? current.incidentAt : this.clock.now()
      await tx.processInstance.update({ where: { id: instanceId }, data: { status: 'incident', incident: message.slice(0, 2000), incidentAt } })
      if (consumed.jobExecutionId) {
        await tx.job.updateMany({
          where: { executionId: consumed.jobExecutionId },
          data: { status: 'incident', errorMessage: message.slice(0, 2000), updatedAt: this.clock.now(), lockedUntil: null, ...consumed.jobOutcome },
        })
      }
      // a timer whose firing failed is not due again (else the scheduler would fail it anew on every tick) until
      // an administrator resolves the incident (resolveIncident)
      if (consumed.timerExecutionId) {
        await tx.timer.updateMany({ where: { executionId: consumed.timerExecutionId, status: 'pending' }, data: { status: 'incident' } })
      }
    })
  }

  /** The step's new jobs whose handlers are side-effect free, completed in the live run (side-effect-free-jobs.ts);
   * the snapshot is left without the state (saveStep reads it). */
  private stepChain(run: InstanceRun, model: ProcessModel, header: InstanceHeader, first: RunSnapshot, known: ReadonlySet<string>): Promise<StepChain> {
    return completeSideEffectFreeJobs(this.chainContext(run, model, header, known, (handler) => handler.sideEffectFree === true), first, false)
  }

  private chainContext(run: InstanceRun, model: ProcessModel, header: InstanceHeader, known: ReadonlySet<string>, takes: (handler: JobHandler) => boolean) {
    return {
      run,
      model,
      instanceId: header.id,
      businessKey: header.businessKey,
      known,
      handlerFor: (type: string) => {
        const handler = this.handlers.get(type)
        return handler && takes(handler) && !INTERNAL_JOB_TYPES.includes(type) ? handler : undefined
      },
    }
  }

  /**
   * Saves a step. When it reaches a new job that a transactional handler answers (and `answerJobs`), the chain goes on
   * inside the save's transaction (transactional-jobs.ts); it rejects with StepChainAbandoned when a job there is not
   * completed, after the rollback. Gives the snapshot saved, which is then the chain's end.
   */
  private async saveStep(
    run: InstanceRun,
    model: ProcessModel,
    header: InstanceHeader,
    chain: StepChain,
    consumed: Consumed,
    isNew: boolean,
    known: ReadonlySet<string>,
    answerJobs: boolean,
  ): Promise<{ snapshot: RunSnapshot; persisted: PersistResult }> {
    const save = (tx: Prisma.TransactionClient, snapshot: RunSnapshot, completed: readonly CompletedInStep[]) =>
      saveRun(tx, this.clock, header, snapshot, { ...consumed, completedInStep: completed }, isNew, this.lockNewJob)
    const effectful = this.chainContext(run, model, header, known, (handler) => handler.transactional === true && handler.sideEffectFree !== true)
    if (answerJobs && wantsTransaction(chain.snapshot, known, (type) => effectful.handlerFor(type) !== undefined)) {
      return saveWithTransactionalJobs(this.prisma, this.chainContext(run, model, header, known, (handler) => handler.transactional === true), chain, save)
    }
    const snapshot = await withFinalState(run, chain.snapshot)
    return { snapshot, persisted: await persistRun(this.prisma, this.clock, header, snapshot, { ...consumed, completedInStep: chain.completed }, isNew, this.lockNewJob) }
  }

  /** A new job whose handler is registered here is inserted claimed by this process (claimed-new-jobs.ts). */
  private readonly lockNewJob = (type: string): Date | null => {
    const handler = this.handlers.get(type)
    if (!handler || INTERNAL_JOB_TYPES.includes(type)) return null
    return new Date(this.clock.now().getTime() + (handler.timeoutMs ?? this.defaultTimeoutMs))
  }

  private afterPersist(persisted: Pick<PersistResult, 'newJobs' | 'newSubscriptions'>) {
    for (const job of persisted.newJobs) this.enqueue(job.id, job.type, job.claimed)
    for (const sub of persisted.newSubscriptions) {
      const work = this.correlateBuffered(sub.messageName, sub.correlationKey)
        .catch((err) => this.logger.error('buffered message correlation failed', { error: (err as Error).message }))
        .finally(() => this.background.delete(work))
      this.background.add(work)
    }
  }

  async cancelInstance(instanceId: string): Promise<void> {
    let calls: { id: string }[] = []
    await this.withLock(instanceId, async () => {
      this.live.drop(instanceId)
      const now = this.clock.now()
      await this.prisma.$transaction(async (tx) => {
        const updated = await tx.processInstance.updateMany({
          where: { id: instanceId, status: { notIn: ['completed', 'canceled'] } },
          data: { status: 'canceled', state: null as unknown as Prisma.InputJsonValue, endedAt: now, revision: { increment: 1 } },
        })
        if (updated.count === 0) throw new EngineError('NOT_FOUND', `No running process instance ${instanceId}`)
        calls = await tx.job.findMany({ where: { instanceId, type: CALL_ACTIVITY_JOB_TYPE, status: CALL_WAITING }, select: { id: true } })
        await tx.job.updateMany({ where: { instanceId, status: { in: ['pending', 'running', 'incident', CALL_WAITING] } }, data: { status: 'canceled', updatedAt: now } })
        await tx.timer.updateMany({ where: { instanceId, status: { in: ['pending', 'incident'] } }, data: { status: 'canceled' } })
        await tx.messageSubscription.updateMany({ where: { instanceId, status: 'open' }, data: { status: 'closed' } })
        await tx.task.updateMany({ where: { instanceId, status: 'open' }, data: { status: 'canceled', completedAt: now } })
      })
    })
    // the processes its call activities started end with it (a child's id is its call job's id)
    for (const call of calls) await this.cancelInstance(call.id).catch((err) => {
      if (!(err instanceof EngineError && err.code === 'NOT_FOUND')) throw err
    })
  }

  // ------------------------------------------------------------------------------------------------- user tasks

  async completeUserTask(key: string, variables: Record<string, unknown>): Promise<void> {
    const task = await this.prisma.task.findUnique({ where: { engineKey: key }, select: { instanceId: true, status: true } })
    if (!task) throw new EngineError('NOT_FOUND', `No user task ${key}`)
    if (task.status !== 'open') throw new EngineError('CONFLICT', `User task ${key} is ${task.status}`)
    const applied = await this.applyToInstance(task.instanceId, (run) => run.completeUserTask(key, variables), {
      userTaskExecutionId: key,
    })
    if (!applied) throw new EngineError('CONFLICT', `User task ${key} is no longer waiting`)
  }

  async assignUserTask(key: string, assignee: string | null): Promise<void> {
    const updated = await this.prisma.task.updateMany({
      where: { engineKey: key, status: 'open' },
      data: { assignee, revision: { increment: 1 } },
    })
    if (updated.count === 0) throw new EngineError('NOT_FOUND', `No open user task ${key}`)
  }

  // ------------------------------------------------------------------------------------------------- messages

  async publishMessage(request: PublishMessageRequest): Promise<{ correlated: number }> {
    const subs = await this.prisma.messageSubscription.findMany({
      where: { messageName: request.name, correlationKey: request.correlationKey, status: 'open', ...OWN_ROWS },
      orderBy: { createdAt: 'asc' },
    })
    const seen = new Set<string>()
    let correlated = 0
    for (const sub of subs) {
      if (seen.has(sub.instanceId)) continue
      seen.add(sub.instanceId)
      const ok = await this.applyToInstance(
        sub.instanceId,
        (run) => run.correlateMessage(sub.executionId, request.variables ?? {}),
        { messageExecutionId: sub.executionId },
      )
      if (ok) correlated++
    }
    // and the processes it starts (message start events); as Operaton's catalog it starts none (Operaton does)
    if (!this.catalogOnly) correlated += await startByMessage(this.prisma, this, (start) => this.startInstance(start), request, this.startEventCases)
    if (correlated === 0) await keepUnclaimedMessage(this.prisma, this.clock.now(), request)
    return { correlated }
  }

  /** The newest version of each process with the message names of its message start events (message-starts.ts). */
  async messageStartsByProcess(): Promise<{ processId: string; messageStarts: readonly string[] }[]> {
    return (await this.newestModels())
      .filter(({ model }) => model.messageStarts.length)
      .map(({ processId, model }) => ({ processId, messageStarts: model.messageStarts }))
  }

  /** The newest version of each process with the signal names of its signal start events (signal-starts.ts). */
  async signalStartsByProcess(): Promise<{ processId: string; signalStarts: readonly string[] }[]> {
    return (await this.newestModels())
      .filter(({ model }) => model.signalStarts.length)
      .map(({ processId, model }) => ({ processId, signalStarts: model.signalStarts }))
  }

  /** The parsed model of the newest version of each deployed process. */
  private async newestModels(): Promise<{ processId: string; model: ProcessModel }[]> {
    const rows = await this.prisma.processDefinition.findMany({
      orderBy: [{ processId: 'asc' }, { version: 'desc' }],
      distinct: ['processId'],
      select: { id: true, processId: true },
    })
    const out: { processId: string; model: ProcessModel }[] = []
    for (const row of rows) out.push({ processId: row.processId, model: (await this.processModel(row.id)).model })
    return out
  }

  /**
   * Whether this engine is the Operaton adapter's catalog (serveAsCatalog): Operaton runs the new instances, so this
   * engine fires no timer start events (the adapter does) and accepts what only Operaton runs (event sub-processes).
   */
  private catalogOnly = false

  /** From now on this engine is the Operaton adapter's catalog (engine/operaton/operaton-definitions.ts). */
  serveAsCatalog(): void {
    this.catalogOnly = true
  }

  /** The timer start events of a catalog version (timer-starts.ts); also the Operaton adapter's read. */
  async timerStartsOf(definitionId: string) {
    return (await this.processModel(definitionId)).model.timerStarts
  }

  /** Starts the instances whose timer start events are due (timer-starts.ts); returns how many. */
  private fireTimerStarts(now: Date): Promise<number> {
    return fireDueTimerStarts({
      prisma: this.prisma,
      now,
      timerStartsOf: (definitionId) => this.timerStartsOf(definitionId),
      start: (request) => this.startInstance(request),
      cases: this.startEventCases,
      exists: async (processId, businessKey) => (await this.prisma.processInstance.count({ where: { processId, businessKey } })) > 0,
      onError: (facts) => this.logger.error('timer start failed', facts),
    })
  }

  private async correlateBuffered(messageName: string, correlationKey: string) {
    await deliverKeptMessage(this.prisma, this.clock.now(), messageName, correlationKey, (request) => this.publishMessage(request))
  }

  // ------------------------------------------------------------------------------------------------- scheduler

  /** Fires every due timer and hands out every due job; resolves when they are done. Returns how many. */
  runDueWork(): Promise<number> {
    if (this.ticking) return this.ticking.then(() => this.runDueWork())
    this.ticking = this.tick().finally(() => {
      this.ticking = null
    })
    return this.ticking
  }

  private async tick(): Promise<number> {
    const now = this.clock.now()
    let count = 0
    // Jobs whose lock ran out (a handler that hung or a crash) are handed out again.
    await this.prisma.job.updateMany({ where: { status: 'running', lockedUntil: { lt: now }, ...OWN_ROWS }, data: { status: 'pending', lockedUntil: null } })
    for (;;) {
      const timers = await this.prisma.timer.findMany({
        where: { status: 'pending', dueAt: { lte: now }, ...INSTANCE_TIMERS },
        orderBy: { dueAt: 'asc' },
        take: 100,
      })
      for (const timer of timers) {
        let fired = false
        try {
          fired = await this.applyToInstance(
            timer.instanceId,
            (run) => run.fireTimer(timer.executionId),
            { timerExecutionId: timer.executionId },
            undefined,
            async () => (await this.prisma.timer.count({ where: { id: timer.id, status: 'pending' } })) === 1,
          )
        } catch (err) {
          if (err instanceof RevisionConflict) continue
          if (!(err instanceof IncidentRaised)) throw err
          fired = true
        }
        if (!fired) await this.prisma.timer.updateMany({ where: { id: timer.id, status: 'pending' }, data: { status: 'canceled' } })
        count++
      }
      if (timers.length < 100) break
    }
    const jobs = await this.prisma.job.findMany({
      // only the types this engine has a handler for: the others wait for a worker (jobsWaitingForAWorker)
      where: { status: 'pending', dueAt: { lte: now }, type: { in: [...this.handlers.keys(), ...INTERNAL_JOB_TYPES] }, ...OWN_ROWS },
      orderBy: { dueAt: 'asc' },
      take: 500,
      select: { id: true, type: true },
    })
    for (const job of jobs) this.enqueue(job.id, job.type)
    count += jobs.length
    if (!this.catalogOnly) count += await this.fireTimerStarts(now)
    count += await this.sweepFinishedCalls()
    await this.idle()
    await this.prisma.bufferedMessage.deleteMany({ where: { expiresAt: { lte: now } } })
    return count
  }

  // ------------------------------------------------------------------------------------------------- jobs

  /** Queues a job; with its type known (a new job, a due job read with it) its claim is its read (claim-job.ts). */
  private enqueue(jobId: string, type?: string, claimed?: ClaimedJob) {
    if (this.queued.has(jobId)) return
    this.queued.add(jobId)
    this.queue.push(jobId)
    if (type !== undefined) this.queuedTypes.set(jobId, type)
    if (claimed) this.queuedClaims.set(jobId, claimed)
    this.pump()
  }

  private pump() {
    while (this.running < this.concurrency && this.queue.length) {
      const id = this.queue.shift()!
      const type = this.queuedTypes.get(id)
      const claimed = this.queuedClaims.get(id)
      this.queuedTypes.delete(id)
      this.queuedClaims.delete(id)
      this.running++
      this.runJob(id, type, claimed)
        .catch((err) => this.logger.error('job runner failed', { jobId: id, error: (err as Error).message }))
        .finally(() => {
          this.running--
          this.queued.delete(id)
          this.pump()
          if (this.running === 0 && this.queue.length === 0) {
            for (const resolve of this.idleWaiters.splice(0)) resolve()
          }
        })
    }
  }

  private async runJob(jobId: string, knownType?: string, claimed?: ClaimedJob): Promise<void> {
    const now = this.clock.now()
    // a job inserted claimed whose lock ran out while it was queued is the due-work round's to hand out again
    if (claimed && !stillLocked(claimed, now)) return
    const known = knownType === undefined ? undefined : this.handlers.get(knownType)
    const row =
      claimed ??
      (known
        ? await claimDueJob(this.prisma, jobId, now, new Date(now.getTime() + (known.timeoutMs ?? this.defaultTimeoutMs)))
        : await this.claimJobRead(jobId, now))
    if (!row) return
    const handler = this.handlers.get(row.type)!
    // a live instance is waiting as of its last save (a cancel or an end would have canceled this job with it)
    const instance = this.live.peek(row.instanceId) ?? (await this.prisma.processInstance.findUnique({
      where: { id: row.instanceId },
      select: { businessKey: true, status: true },
    }))
    if (!instance || instance.status === 'completed' || instance.status === 'canceled') {
      await this.prisma.job.update({ where: { id: jobId }, data: { status: 'canceled', lockedUntil: null } })
      return
    }
    const job: Job = {
      key: row.id,
      type: row.type,
      processInstanceId: row.instanceId,
      elementId: row.elementId,
      businessKey: instance.businessKey,
      variables: row.variables as Record<string, unknown>,
      headers: row.headers as Record<string, string>,
      retries: row.retries,
    }
    let outcome: JobOutcome
    try {
      outcome = await handler.handle(job)
    } catch (err) {
      outcome = { kind: 'fail', message: err instanceof Error ? `${err.name}: ${err.message}` : 'handler threw' }
    }
    if (outcome.kind === 'fail') {
      const retries = outcome.retries ?? row.retries - 1
      await this.failJob(row.id, row.instanceId, row.executionId, retries, outcome.message, outcome.retryBackoffMs ?? backoffMs(row.attempts)) // attempts counts this one
      return
    }
    if (outcome.kind === 'bpmnError') {
      const cached = await this.definition(
        (await this.prisma.processInstance.findUniqueOrThrow({ where: { id: row.instanceId }, select: { definitionId: true } })).definitionId,
      )
      const el = cached.model.elements.get(row.elementId)
      const caught = el?.kind === 'service' && (el.caughtErrorCodes.includes(outcome.errorCode) || el.caughtErrorCodes.includes('*'))
      if (!caught) {
        await this.failJob(row.id, row.instanceId, row.executionId, 0, `Unhandled BPMN error ${outcome.errorCode}: ${outcome.message}`)
        return
      }
    }
    const result: JobResult =
      outcome.kind === 'complete'
        ? { kind: 'complete', variables: outcome.variables }
        : { kind: 'bpmnError', errorCode: outcome.errorCode, message: outcome.message, variables: outcome.variables }
    // the result is stored on the job in the transaction that applies it (persistRun, or markIncident)
    await this.applyJobResult(row, result, 'running', {
      result: (outcome.variables ?? {}) as Prisma.InputJsonValue,
      errorCode: outcome.kind === 'bpmnError' ? outcome.errorCode : null,
    })
  }

  /** A job queued without its type: read, then handed to its runner (calls and signals claim it themselves) or
   * claimed for its handler; null when it is not pending and due, has no handler here, or was taken meanwhile. */
  private async claimJobRead(jobId: string, now: Date) {
    const row = await this.prisma.job.findUnique({ where: { id: jobId } })
    if (!row || row.status !== 'pending' || row.dueAt > now) return null
    if (row.type === CALL_ACTIVITY_JOB_TYPE || row.type === SIGNAL_JOB_TYPE) {
      await (row.type === CALL_ACTIVITY_JOB_TYPE ? this.runCall(row) : this.runSignal(row))
      return null
    }
    const handler = this.handlers.get(row.type)
    // no worker for the type here: the job waits, untouched, until one is registered (jobsWaitingForAWorker)
    if (!handler) return null
    return claimDueJob(this.prisma, jobId, now, new Date(now.getTime() + (handler.timeoutMs ?? this.defaultTimeoutMs)))
  }

  /** Hands a job's result to its instance; a job whose instance no longer waits for it is canceled. An incident
   * the result raises is already recorded on the instance and the job. */
  private async applyJobResult(row: { id: string; instanceId: string; executionId: string }, result: JobResult, status: string, stored?: Consumed['jobOutcome']): Promise<void> {
    let applied: boolean
    try {
      applied = await this.applyToInstance(row.instanceId, () => true, { jobExecutionId: row.executionId, jobOutcome: stored }, new Map([[row.executionId, result]]))
    } catch (err) {
      if (err instanceof IncidentRaised) return
      throw err
    }
    if (!applied) await this.prisma.job.updateMany({ where: { id: row.id, status }, data: { status: 'canceled', lockedUntil: null, ...stored } })
  }

  // ------------------------------------------------------------------------------------------------- call activities

  /** Runs a call activity's job: starts the called process as its child (once), or finishes the call when the child
   * has completed already. A called process that is not deployed is an incident on the parent. */
  private async runCall(row: { id: string; instanceId: string; executionId: string; variables: unknown; headers: unknown }): Promise<void> {
    const now = this.clock.now()
    const claimed = await this.prisma.job.updateMany({
      where: { id: row.id, status: 'pending' },
      data: { status: CALL_WAITING, lockedUntil: null, attempts: { increment: 1 }, updatedAt: now },
    })
    if (claimed.count !== 1) return
    const parent = await this.prisma.processInstance.findUnique({ where: { id: row.instanceId }, select: { businessKey: true, status: true } })
    if (!parent || parent.status === 'completed' || parent.status === 'canceled') {
      await this.prisma.job.update({ where: { id: row.id }, data: { status: 'canceled', lockedUntil: null } })
      return
    }
    const processId = String((row.headers as Record<string, unknown>)?.processId ?? '')
    const child = await this.prisma.processInstance.findUnique({ where: { id: row.id }, select: { status: true, variables: true } })
    if (child) {
      if (child.status === 'completed') await this.finishCall(row.id, child.variables as Record<string, unknown>)
      return
    }
    try {
      await this.startInstanceAs(row.id, { processId, businessKey: parent.businessKey ?? undefined, variables: row.variables as Record<string, unknown> })
    } catch (err) {
      // the call is an incident on the parent, retried like a job once the cause is fixed
      const message = err instanceof EngineError && err.code === 'NOT_FOUND' ? `The called process "${processId}" is not deployed` : `The called process "${processId}" could not be started: ${(err as Error).message}`
      await this.failJob(row.id, row.instanceId, row.executionId, 0, message)
    }
  }

  /** Broadcasts a thrown signal to every instance waiting for it, then lets the thrower go on (at least once). */
  private async runSignal(row: { id: string; instanceId: string; executionId: string; variables: unknown; headers: unknown }): Promise<void> {
    const now = this.clock.now()
    const claimed = await this.prisma.job.updateMany({
      where: { id: row.id, status: 'pending' },
      data: { status: 'running', lockedUntil: new Date(now.getTime() + this.defaultTimeoutMs), attempts: { increment: 1 }, updatedAt: now },
    })
    if (claimed.count !== 1) return
    const name = String((row.headers as Record<string, unknown>)?.signalName ?? '')
    await this.publishMessage({ name: `${SIGNAL_PREFIX}${name}`, correlationKey: '', variables: row.variables as Record<string, unknown>, timeToLiveMs: 0 })
    // and the processes it starts (signal start events), once per throw however often the job runs
    await startBySignal(this.prisma, this, (start) => this.startInstance(start), { name, variables: row.variables as Record<string, unknown>, throwId: row.id }, this.startEventCases)
    await this.applyJobResult(row, { kind: 'complete', variables: {} }, 'running')
  }

  /** A finished instance that a call activity started: its call completes with the child's variables. */
  private completedInstance(instanceId: string, variables: Record<string, unknown>): void {
    const work = this.prisma.job
      .findUnique({ where: { id: instanceId }, select: { type: true, status: true } })
      .then((call) => (call?.type === CALL_ACTIVITY_JOB_TYPE && call.status === CALL_WAITING ? this.finishCall(instanceId, variables) : undefined))
      .catch((err) => this.logger.error('call activity completion failed', { instanceId, error: (err as Error).message }))
      .finally(() => this.background.delete(work))
    this.background.add(work)
  }

  /** Completes a call activity's job with the child's variables (the parent goes on). */
  private async finishCall(callJobId: string, childVariables: Record<string, unknown>): Promise<void> {
    const row = await this.prisma.job.findUnique({ where: { id: callJobId } })
    if (!row || row.status !== CALL_WAITING) return
    await this.applyJobResult(row, { kind: 'complete', variables: childVariables }, CALL_WAITING)
  }

  /**
   * Calls whose child completed while the parent was not told (a crash in between) are finished now; calls taken a
   * minute ago whose child was never made (a crash before it) are handed out again.
   */
  private async sweepFinishedCalls(): Promise<number> {
    const waiting = await this.prisma.job.findMany({ where: { type: CALL_ACTIVITY_JOB_TYPE, status: CALL_WAITING, ...OWN_ROWS }, select: { id: true, updatedAt: true }, take: 200 })
    if (!waiting.length) return 0
    const children = await this.prisma.processInstance.findMany({ where: { id: { in: waiting.map((w) => w.id) } }, select: { id: true, status: true, variables: true } })
    const done = children.filter((c) => c.status === 'completed')
    for (const child of done) await this.finishCall(child.id, child.variables as Record<string, unknown>)
    const made = new Set(children.map((c) => c.id))
    const stale = new Date(this.clock.now().getTime() - 60_000)
    const lost = waiting.filter((w) => !made.has(w.id) && w.updatedAt < stale).map((w) => w.id)
    if (lost.length) {
      await this.prisma.job.updateMany({ where: { id: { in: lost }, status: CALL_WAITING }, data: { status: 'pending', dueAt: this.clock.now() } })
      for (const id of lost) this.enqueue(id)
    }
    return done.length + lost.length
  }

  private async failJob(id: string, instanceId: string, executionId: string, retries: number, message: string, backoff = 0) {
    const now = this.clock.now()
    if (retries > 0) {
      this.logger.warn('job failed, will retry', { jobId: id, retries, error: message })
      await this.prisma.job.update({
        where: { id },
        data: { status: 'pending', retries, dueAt: new Date(now.getTime() + backoff), lockedUntil: null, errorMessage: message.slice(0, 2000), updatedAt: now },
      })
      return
    }
    await this.prisma.job.update({ where: { id }, data: { retries: 0, errorMessage: message.slice(0, 2000) } })
    await this.markIncident(instanceId, message, { jobExecutionId: executionId })
  }

  /** Gives a job in incident new retries (an administrator fixed the cause). */
  async retryJob(jobId: string, retries = 3): Promise<void> {
    const now = this.clock.now()
    const job = await this.prisma.job.findUnique({ where: { id: jobId } })
    if (!job || job.status !== 'incident') throw new EngineError('NOT_FOUND', `No job in incident ${jobId}`)
    await this.prisma.$transaction(async (tx) => {
      await tx.job.update({ where: { id: jobId }, data: { status: 'pending', retries, dueAt: now, updatedAt: now } })
      const others = await tx.job.count({ where: { instanceId: job.instanceId, status: 'incident' } })
      if (others === 0) await tx.processInstance.update({ where: { id: job.instanceId }, data: { status: 'waiting', incident: null, incidentAt: null } })
    })
    this.enqueue(jobId)
  }

  /** Tries again the step of an instance in incident that is not a job (an administrator fixed the cause): timers
   * whose firing failed are due again at once. Jobs in incident are retried with retryJob; a user task whose
   * completion failed stays open and is retried by completing it again. Returns the number of timers re-armed. */
  async resolveIncident(instanceId: string): Promise<{ timers: number }> {
    // an instance whose start failed has no state to go back to: it starts again
    if (await this.restartFailedStart(instanceId)) return { timers: 0 }
    const now = this.clock.now()
    const timers = await this.prisma.$transaction(async (tx) => {
      const instance = await tx.processInstance.findUnique({ where: { id: instanceId }, select: { status: true } })
      if (!instance || instance.status !== 'incident') throw new EngineError('NOT_FOUND', `No process instance in incident ${instanceId}`)
      const rearmed = await tx.timer.updateMany({ where: { instanceId, status: 'incident' }, data: { status: 'pending', dueAt: now } })
      const jobs = await tx.job.count({ where: { instanceId, status: 'incident' } })
      if (jobs === 0) await tx.processInstance.update({ where: { id: instanceId }, data: { status: 'waiting', incident: null, incidentAt: null } })
      return rearmed.count
    })
    return { timers } // the scheduler's next round fires them
  }
}
