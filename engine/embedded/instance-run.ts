// One bpmn-engine run of one process instance: started fresh or recovered from its saved state, driven by one
// event (a job result, a user-task completion, a message, a timer), then read back as a set of waits to persist.
// Nothing here touches the database; the store turns the waits into rows.
import { EventEmitter } from 'node:events'
import { Engine } from 'bpmn-engine'
import { expandAdHocSubProcesses, mayHoldAdHoc } from '../ad-hoc-subprocess.ts'
import type { Clock } from '../clock.ts'
import { cleanVariables, feel, feelExpressions, toJsonValue } from './feel.ts'
import type { DecisionTaskModel, EventSubProcessModel, IoMapping, ProcessModel, ScriptTaskModel, ServiceTaskModel, UserTaskModel } from './process-model.ts'
import { evaluateDecisionTable, type DecisionTableModel } from './dmn/decision-table.ts'
import { ClockedTimerEventDefinition } from './clocked-timer.ts'
import { eventSubProcessTimerDue } from './event-subprocess-timer.ts'
import type { EventSubProcessCopyHooks } from './event-subprocess-copies.ts'
import { forgetEndedScopes, recordStart, startsSoFar, timerArmedAt } from './event-subprocess-starts.ts'
import { ZEEBE_ELEMENT_OVERRIDES, type StepCounter } from './zeebe-elements.ts'
import { SIGNAL_JOB_TYPE } from './internal-jobs.ts'
import type { CompensationHooks } from './compensation.ts'
import { innerOutput, isInner, loopLocals, outputsOf } from './multi-instance.ts'
import { closeScope, dropScope, markScope, openScope, pruneScopes, scopeTarget, scopeVariables } from './loop-scopes.ts'
import type { LoopScopeHooks } from './zeebe-elements.ts'

/** bpmn-engine's version as its getState() records it (its package.json is not exported): read once. */
let engineVersion: string | undefined

/**
 * The engine's state as bpmn-engine's getState() gives it, without each definition's source: getState serialises
 * the whole parsed definition to JSON on every call, and the store never keeps it (a run recovers from the
 * definition's cached source context).
 */
async function stateWithoutSource(engine: any): Promise<unknown> {
  const execution = engine.execution
  engineVersion ??= (await engine.getState()).engineVersion as string
  return {
    name: engine.name,
    state: execution.state,
    stopped: execution.stopped,
    engineVersion,
    environment: execution.environment.getState(),
    definitions: execution.definitions.map((definition: any) => ({ ...definition.getState() })),
  }
}

export const ELEMENT_OVERRIDES = { TimerEventDefinition: ClockedTimerEventDefinition, ...ZEEBE_ELEMENT_OVERRIDES }

export type JobResult =
  | { kind: 'complete'; variables?: Record<string, unknown> }
  | { kind: 'bpmnError'; errorCode: string; message: string; variables?: Record<string, unknown> }

export interface WaitingJob {
  executionId: string
  elementId: string
  type: string
  retries: number
  variables: Record<string, unknown>
  headers: Record<string, string>
}

export interface WaitingUserTask {
  executionId: string
  model: UserTaskModel
  /** An inner instance of a multi-instance user task: its item and loop counter (multi-instance.ts). */
  local?: Record<string, unknown>
}

export interface WaitingTimer {
  executionId: string
  elementId: string
  /** Due time for a timer set in this run; null when recovered (its row already has it). */
  dueAt: Date | null
}

export interface WaitingMessage {
  executionId: string
  elementId: string
  messageName: string
  correlationKey: string
}

export interface RunSnapshot {
  status: 'waiting' | 'completed' | 'failed'
  error: Error | null
  state: unknown | null
  variables: Record<string, unknown>
  jobs: WaitingJob[]
  userTasks: WaitingUserTask[]
  timers: WaitingTimer[]
  messages: WaitingMessage[]
  trail: { elementId: string; event: 'start' | 'end'; at: string }[]
}

export interface SnapshotOptions {
  /** The engine keeps running after the snapshot (for continueWith); else it is stopped. */
  keepLive?: boolean
  /** With keepLive: the state is left undefined, to be read with currentState() before a save (a step that goes on
   * at once, side-effect-free-jobs.ts, needs only the waits). */
  withoutState?: boolean
}

export interface CachedDefinition {
  model: ProcessModel
  sourceContext: unknown
}

interface TimerRef {
  executionId: string
  elementId: string
  callback: (...args: unknown[]) => void
  args: unknown[]
  dueAt: Date | null
}

export function mapVariables(mappings: IoMapping['inputs'], context: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  const scope = { ...context }
  for (const m of mappings) {
    const value = feel(m.source, scope)
    setPath(out, m.target, value)
    setPath(scope, m.target, value)
  }
  return out
}

function setPath(target: Record<string, unknown>, path: string, value: unknown) {
  const parts = path.split('.')
  let cur: Record<string, unknown> = target
  for (const part of parts.slice(0, -1)) {
    if (typeof cur[part] !== 'object' || cur[part] === null) cur[part] = {}
    cur = cur[part] as Record<string, unknown>
  }
  cur[parts[parts.length - 1]] = value
}

/** An event sub-process that may start in one scope: its subscription's name, and its starts there so far. */
interface EventSubProcessScope {
  executionId: string
  esp: EventSubProcessModel
  execution: any
  key: string
  generation: number
}

/** Whether an event sub-process runs concurrent copies on this engine (event-subprocess-copies.ts). */
function runsCopies(esp: EventSubProcessModel): boolean {
  return !esp.isInterrupting && (esp.trigger === 'message' || esp.trigger === 'timer' || esp.trigger === 'signal' || esp.trigger === 'escalation')
}

export class InstanceRun {
  private engine: any
  private readonly timers = new Map<string, TimerRef>()
  private readonly jobsSeen = new Map<string, WaitingJob>()
  /** The service tasks waiting for their job's result in this run (their execute callback), by execution id. */
  private readonly jobCallbacks = new Map<string, { el: ServiceTaskModel; loopVars: Record<string, unknown>; environment: any; callback: (err: Error | null, output?: unknown) => void }>()
  private trail: RunSnapshot['trail'] = []
  private error: Error | null = null
  private completed = false
  private readonly listener = new EventEmitter()
  /** Steps taken since the run last yielded, and steps put off (zeebe-elements.ts withStepLimit). */
  private readonly steps: StepCounter = { sync: 0, deferred: 0, resetScheduled: false }

  constructor(
    private readonly definition: CachedDefinition,
    private readonly clock: Clock,
    private jobResults: Map<string, JobResult> = new Map(),
    /** The latest deployed version of every decision the process calls, loaded before the run (by decision id). */
    private decisions: ReadonlyMap<string, DecisionTableModel> = new Map(),
  ) {
    this.listener.on('activity.start', (api: any) => this.trail.push({ elementId: api.id, event: 'start', at: this.clock.now().toISOString() }))
    // An activity that leaves without ending normally (a caught BPMN error, an interrupting boundary event) has
    // been passed too; one discarded before it started (a path not taken) has not. Both emit only 'leave'.
    const endedOrDiscarded = new Set<string>()
    this.listener.on('activity.end', (api: any) => {
      endedOrDiscarded.add(api.executionId)
      this.trail.push({ elementId: api.id, event: 'end', at: this.clock.now().toISOString() })
    })
    // a multi-instance activity that completed: its inner instances' outputs become the output collection
    this.listener.on('activity.end', (api: any) => {
      const loop = this.definition.model.loops.get(api.id)
      if (!loop?.outputCollection || isInner(api.content) || !Array.isArray(api.content?.output)) return
      scopeTarget(this.processVariables(), api.environment)[loop.outputCollection] = outputsOf(api.content.output, Number(api.content.loopCardinality) || 0)
    })
    this.listener.on('activity.discard', (api: any) => endedOrDiscarded.add(api.executionId))
    // the order in which compensable activities completed, kept with the process's state (compensation.ts)
    this.listener.on('activity.end', (api: any) => {
      if (!this.definition.model.compensation.activities.has(api.id) || isInner(api.content)) return
      const settings = this.rootEnvironment().settings
      const order: Record<string, number> = (settings.compensationOrder ??= {})
      order[api.id] = Math.max(0, ...Object.values(order)) + 1
    })
    // bpmn-elements starts an event sub-process beside the rest of its scope: an interrupting one ends the rest
    this.listener.on('activity.start', (api: any) => {
      if (this.definition.model.eventSubProcesses.some((e) => e.id === api.id && e.isInterrupting)) this.interruptScopeOf(api)
    })
    this.listener.on('activity.leave', (api: any) => {
      if (endedOrDiscarded.delete(api.executionId)) return
      this.trail.push({ elementId: api.id, event: 'end', at: this.clock.now().toISOString() })
    })
  }

  /** Discards everything that runs beside an interrupting event sub-process in its scope (as its start interrupts). */
  private interruptScopeOf(api: any) {
    const scopeId = api.content?.parent?.id
    const ownExecutionId = api.content?.executionId
    this.steps.deferred++
    setImmediate(() => {
      this.steps.deferred--
      try {
        for (const other of this.postponed()) {
          if (other.content?.parent?.id !== scopeId || other.id === api.id || other.content?.executionId === ownExecutionId) continue
          other.discard()
        }
      } catch (err) {
        this.error = err as Error
      }
    })
  }

  private options(variables?: Record<string, unknown>) {
    const self = this
    return {
      name: this.definition.model.processId,
      clock: this.clock,
      elements: ELEMENT_OVERRIDES,
      sourceContext: this.definition.sourceContext,
      expressions: feelExpressions(
        () => this.processVariables(),
        (content, context) => {
          const loop = content?.id ? this.definition.model.loops.get(content.id) : undefined
          return { ...scopeVariables(this.processVariables(), context?.environment), ...(loop ? loopLocals(loop, content) : {}) }
        },
      ),
      timers: this.timerApi(),
      extensions: { zeebe: (activity: any) => self.extend(activity) },
      variables,
      settings: { enableDummyService: false },
      Logger: () => ({ debug() {}, error() {}, warn() {} }),
    }
  }

  private timerApi() {
    const timers = this.timers
    const clock = this.clock
    const register = (owner: any) => ({
      setTimeout(callback: (...a: unknown[]) => void, _delay: number, ...args: unknown[]) {
        const dueAt = owner.expireAt ? new Date(owner.expireAt) : clock.now()
        const ref: TimerRef = { executionId: owner.executionId, elementId: owner.id, callback, args, dueAt }
        timers.set(ref.executionId, ref)
        return ref
      },
      clearTimeout(ref: TimerRef | undefined) {
        if (ref?.executionId) timers.delete(ref.executionId)
      },
    })
    const run = this
    return {
      steps: this.steps,
      compensation: { targets: (throwId: string) => run.compensationTargets(throwId) } satisfies CompensationHooks,
      loopScopes: this.loopScopeHooks(),
      eventSubProcessCopies: { concurrent: new Set(this.definition.model.eventSubProcesses.filter(runsCopies).map((e) => e.id)) } satisfies EventSubProcessCopyHooks,
      register,
      setTimeout: (callback: () => void) => ({ callback }),
      clearTimeout: (ref: TimerRef | undefined) => {
        if (ref?.executionId) timers.delete(ref.executionId)
      },
      get executing() {
        return [...timers.values()]
      },
    }
  }

  /** The inner instances' scopes of multi-instance sub-processes (loop-scopes.ts, zeebe-elements.ts withLoopScopes). */
  private loopScopeHooks(): LoopScopeHooks {
    return {
      open: (activityId, content) => {
        const loop = this.definition.model.loops.get(activityId)
        if (loop) openScope(this.processVariables(), loop, content)
      },
      close: (activityId, executionId) => {
        const loop = this.definition.model.loops.get(activityId)
        return loop ? closeScope(this.processVariables(), loop, executionId) : {}
      },
      mark: (environment, executionId) => markScope(environment, executionId),
      drop: (executionId) => dropScope(this.processVariables(), executionId),
    }
  }

  private extend(activity: any) {
    const el = this.definition.model.elements.get(activity.id)
    if (el?.kind === 'script') {
      const run = this
      activity.behaviour.Service = function ZeebeScript() {
        return {
          execute(executeMessage: any, callback: (err: Error | null, output?: unknown) => void) {
            run.onScriptTask(el, activity.environment, callback)
          },
        }
      }
    } else if (activity.type === 'bpmn:BusinessRuleTask' && el?.kind === 'decision') {
      const run = this
      activity.behaviour.Service = function ZeebeCalledDecision() {
        return {
          execute(executeMessage: any, callback: (err: Error | null, output?: unknown) => void) {
            run.onDecisionTask(el, activity.environment, callback)
          },
        }
      }
    } else if (el?.kind === 'service') {
      // service, send and business rule tasks, and message throw and end events with a job type (zeebe-elements.ts)
      const run = this
      activity.behaviour.Service = function ZeebeJob() {
        return {
          execute(executeMessage: any, callback: (err: Error | null, output?: unknown) => void) {
            run.onServiceTask(el, executeMessage, activity.environment, run.throwingToEventSubProcess(el, activity, executeMessage, callback))
          },
        }
      }
    }
  }

  /**
   * bpmn-elements starts an error event sub-process only for an error thrown by an event, not for a failing task: a
   * job's BPMN error that an error event sub-process catches (and no nearer boundary event) is thrown as that event
   * would throw it, so that the process starts the sub-process; the task is then left to the sub-process's interrupt.
   */
  private throwingToEventSubProcess(el: ServiceTaskModel, activity: any, executeMessage: any, callback: (err: Error | null, output?: unknown) => void) {
    const starts = el.errorEventSubProcesses
    if (!starts?.length) return callback
    return (err: Error | null, output?: unknown) => {
      const code = (err as { code?: unknown } | null)?.code
      const start = code === undefined ? undefined : starts.find((s) => s.code === String(code)) ?? starts.find((s) => s.code === '*')
      if (!err || !start) return callback(err, output)
      const content = { ...executeMessage.content, state: 'throw', message: { id: start.errorId, type: 'bpmn:Error', code: String(code), message: err.message } }
      activity.broker.publish('event', 'activity.throw', content, { type: 'throw', delegate: true })
    }
  }

  private onServiceTask(el: ServiceTaskModel, executeMessage: any, environment: any, callback: (err: Error | null, output?: unknown) => void) {
    const executionId: string = executeMessage.content.executionId
    const result = this.jobResults.get(executionId)
    const processVars = this.processVariables()
    // an inner instance of a multi-instance task: its item and loop counter (multi-instance.ts)
    const loop = this.definition.model.loops.get(el.id)
    const loopVars = loop ? loopLocals(loop, executeMessage.content) : {}
    // inside an inner instance of a multi-instance sub-process: its scope too (loop-scopes.ts)
    const scope = { ...cleanVariables(processVars), ...scopeVariables(processVars, environment), ...loopVars }
    if (result) {
      this.jobResults.delete(executionId)
      return this.finishServiceTask(el, result, callback, loopVars, environment)
    }
    let inputs: Record<string, unknown>
    try {
      // a call activity with propagateAllParentVariables="false" hands the child its input mappings only
      // and a signal carries its input mappings only (never the thrower's whole case)
      const all = el.call?.propagateAllParentVariables === false || el.jobType === SIGNAL_JOB_TYPE ? {} : scope
      inputs = el.io.inputs.length ? { ...all, ...mapVariables(el.io.inputs, scope) } : all
    } catch (err) {
      return callback(err as Error)
    }
    this.jobsSeen.set(executionId, {
      executionId,
      elementId: el.id,
      type: el.jobType,
      retries: Number(feel(el.retries, processVars)) || 3,
      variables: inputs,
      headers: el.headers,
    })
    this.jobCallbacks.set(executionId, { el, loopVars, environment, callback })
  }

  /** Applies a job's result to its service task: outputs into the process, and for an inner instance of a
   * multi-instance task (loopVars: its item and counter) its output element for the loop's output collection. */
  private finishServiceTask(el: ServiceTaskModel, result: JobResult, callback: (err: Error | null, output?: unknown) => void, loopVars: Record<string, unknown>, environment: any) {
    const loop = this.definition.model.loops.get(el.id)
    const processVars = this.processVariables()
    const scope = { ...cleanVariables(processVars), ...scopeVariables(processVars, environment), ...loopVars }
    let output: Record<string, unknown> = {}
    try {
      const local = { ...scope, ...mapVariables(el.io.inputs, scope), ...(result.variables ?? {}) }
      // an inner instance of a multi-instance call activity keeps what its called instance returned to itself: only
      // its output element reaches the output collection (as an inner instance of a sub-process)
      const target = loop && el.call ? {} : scopeTarget(processVars, environment)
      // a call activity with propagateAllChildVariables="false" takes back its output mappings only
      this.applyOutputs(el.io, local, result.variables ?? {}, el.call?.propagateAllChildVariables !== false, target)
      if (loop && el.call) Object.assign(local, target)
      if (loop && result.kind !== 'bpmnError') output = innerOutput(loop, local)
    } catch (err) {
      return callback(err as Error)
    }
    const finish = () => {
      if (result.kind === 'bpmnError') return callback(Object.assign(new Error(result.message), { code: result.errorCode }))
      callback(null, output)
    }
    if (!loop) return finish()
    // an inner instance completes once the recovered run has redelivered every message: the loop around it
    // (bpmn-elements' parallel loop) must be listening again, or it would never count this inner instance
    this.steps.deferred++
    setImmediate(() => {
      this.steps.deferred--
      finish()
    })
  }


  /**
   * Prepares a live run (kept between events, live-instances.ts) for its next event: the trail starts empty, the
   * decisions are the ones read for this event, and the job results given reach the service tasks that wait for
   * them (as a recovered run's service tasks find them when they resume). False when the run cannot take another
   * event (it failed, ended or was stopped): the caller recovers a fresh one from the stored state.
   */
  continueWith(decisions: ReadonlyMap<string, DecisionTableModel> | undefined, jobResults?: Map<string, JobResult>): boolean {
    if (this.error || this.completed || !this.live) return false
    this.trail = []
    // undefined: the decisions read for the step this event continues (side-effect-free-jobs.ts)
    if (decisions) this.decisions = decisions
    this.jobResults = jobResults ?? new Map()
    for (const [executionId, result] of [...this.jobResults]) {
      const waiting = this.jobCallbacks.get(executionId)
      if (!waiting) continue
      this.jobResults.delete(executionId)
      this.jobCallbacks.delete(executionId)
      this.jobsSeen.delete(executionId)
      try {
        this.finishServiceTask(waiting.el, result, waiting.callback, waiting.loopVars, waiting.environment)
      } catch (err) {
        this.error = err as Error
      }
    }
    return true
  }

  /** Evaluates the called decision in the run (as Zeebe does, no job): the result goes to the result variable,
   * then the output mappings apply. A failure fails the run: the instance shows an incident. */
  private onDecisionTask(el: DecisionTaskModel, environment: any, callback: (err: Error | null, output?: unknown) => void) {
    try {
      const processVars = this.processVariables()
      const visible = { ...cleanVariables(processVars), ...scopeVariables(processVars, environment) }
      const local = { ...visible, ...mapVariables(el.io.inputs, visible) }
      const table = this.decisions.get(el.decisionId)
      if (!table) throw new Error(`Decision "${el.decisionId}" is not deployed`)
      const { result } = evaluateDecisionTable(table, local)
      const output = { [el.resultVariable]: result }
      this.applyOutputs(el.io, { ...local, ...output }, output, true, scopeTarget(processVars, environment))
    } catch (err) {
      return callback(err as Error)
    }
    callback(null, {})
  }

  /** Evaluates a FEEL script task in the run (as Zeebe does, no job) into its result variable. */
  private onScriptTask(el: ScriptTaskModel, environment: any, callback: (err: Error | null, output?: unknown) => void) {
    try {
      const processVars = this.processVariables()
      const visible = { ...cleanVariables(processVars), ...scopeVariables(processVars, environment) }
      const local = { ...visible, ...mapVariables(el.io.inputs, visible) }
      const output = { [el.resultVariable]: feel(el.expression, local) }
      this.applyOutputs(el.io, { ...local, ...output }, output, true, scopeTarget(processVars, environment))
    } catch (err) {
      return callback(err as Error)
    }
    callback(null, {})
  }

  /** Applies a step's result: into `vars` (the process's variables, or the scope of the inner instance it runs in). */
  private applyOutputs(io: IoMapping, local: Record<string, unknown>, result: Record<string, unknown>, mergeAll = true, vars: Record<string, unknown> = this.processVariables()) {
    if (!io.outputs.length) {
      if (!mergeAll) return
      Object.assign(vars, toJsonValue(result) as Record<string, unknown>)
      return
    }
    const mapped = mapVariables(io.outputs, local)
    Object.assign(vars, mapped)
  }

  /** What a compensation throw compensates: its activityRef, or its scope's compensable activities, latest completed first. */
  private compensationTargets(throwId: string) {
    const { activities, throws } = this.definition.model.compensation
    const thrown = throws.get(throwId)
    if (!thrown) return []
    const order: Record<string, number> = this.rootEnvironment().settings.compensationOrder ?? {}
    return [...activities]
      .filter(([id, a]) => (thrown.activityRef ? id === thrown.activityRef : a.scopeId === thrown.scopeId) && order[id])
      .sort(([a], [b]) => order[b]! - order[a]!)
      .map(([activityId, a]) => ({ activityId, boundaryId: a.boundaryId, handlerId: a.handlerId }))
  }

  private rootEnvironment(): any {
    const def = this.engine.execution?.definitions?.[0]
    return this.rootProcess()?.environment ?? def?.environment ?? this.engine.environment
  }

  /** The process this run is for (a file may hold other pools: non-executable ones are never run). */
  private rootProcess(): any {
    const def = this.engine.execution?.definitions?.[0]
    return def?.getProcessById?.(this.definition.model.processId) ?? def?.getProcesses?.()[0]
  }

  /** The live process variables object (mutations are seen by gateways and later tasks). */
  processVariables(): Record<string, unknown> {
    const vars = this.rootEnvironment().variables
    for (const k of ['fields', 'content', 'properties']) delete vars[k]
    return vars
  }

  private watch() {
    this.engine.once('end', () => {
      this.completed = true
    })
    this.engine.once('error', (err: Error) => {
      this.error = err
    })
  }

  async start(variables: Record<string, unknown>, options: SnapshotOptions = {}): Promise<RunSnapshot> {
    this.engine = new Engine(this.options(variables) as any)
    this.watch()
    try {
      await this.engine.execute({ listener: this.listener })
    } catch (err) {
      this.error = err as Error
    }
    return this.snapshot(options)
  }

  async recover(state: any): Promise<void> {
    this.engine = new Engine(this.options() as any)
    this.watch()
    this.engine.recover(structuredClone(state))
    try {
      await this.engine.resume({ listener: this.listener })
    } catch (err) {
      this.error = err as Error
    }
    await new Promise((resolve) => setImmediate(resolve))
  }

  completeUserTask(executionId: string, variables: Record<string, unknown>): boolean {
    const waiting = this.postponed().find((a: any) => a.type === 'bpmn:UserTask' && a.content?.executionId === executionId)
    if (!waiting) return false
    const el = this.definition.model.elements.get(waiting.id)
    const io = el?.kind === 'user' ? el.io : { inputs: [], outputs: [] }
    const loop = this.definition.model.loops.get(waiting.id)
    const processVars = this.processVariables()
    const local = { ...cleanVariables(processVars), ...scopeVariables(processVars, waiting.owner?.environment), ...(loop ? loopLocals(loop, waiting.content) : {}), ...variables }
    let output: Record<string, unknown> = {}
    try {
      this.applyOutputs(io, local, variables, true, scopeTarget(processVars, waiting.owner?.environment))
      if (loop) output = innerOutput(loop, local)
    } catch (err) {
      this.error = err as Error
      return true
    }
    // an inner instance's output travels with the signal: bpmn-elements makes the signal its output. Inside an inner
    // instance of a multi-instance sub-process, or a copy of an event sub-process, the signal names the execution
    // only: bpmn-elements gives a signal naming the element to every task of that element, which each of them has
    this.signalSafely(this.sharesElement(waiting) ? { executionId, ...output } : { id: waiting.id, executionId, ...output })
    return true
  }

  correlateMessage(executionId: string, variables: Record<string, unknown>): boolean {
    const scope = this.eventSubProcessScopes().find((w) => w.executionId === executionId)
    if (scope) {
      const el = this.definition.model.elements.get(scope.esp.startEventId)
      if (el?.kind !== 'message') return false
      Object.assign(this.processVariables(), toJsonValue(variables) as Record<string, unknown>)
      this.startEventSubProcess(scope)
      return true
    }
    const waiting = this.postponed().find((a: any) => a.content?.executionId === executionId)
    const el = waiting && this.definition.model.elements.get(waiting.id)
    if (!el || el.kind !== 'message') return false
    const processVars = this.processVariables()
    const shared = this.sharesElement(waiting)
    Object.assign(scopeTarget(processVars, waiting.owner?.environment), toJsonValue(variables) as Record<string, unknown>)
    if (!shared) {
      this.signalSafely({ id: el.messageId })
      return true
    }
    // inside an inner instance of a multi-instance sub-process or a copy of an event sub-process: to this catch event
    // only (a signal naming the message would reach the same catch event in every inner instance or copy)
    try {
      waiting.signal({ id: el.messageId })
    } catch (err) {
      this.error = err as Error
    }
    return true
  }

  /** Whether a waiting element runs in an inner instance's scope, or beside another run of itself (a copy of an
   * event sub-process): then a signal must name its execution only. */
  private sharesElement(waiting: any): boolean {
    if (Object.keys(scopeVariables(this.processVariables(), waiting.owner?.environment)).length > 0) return true
    if (waiting.content?.isMultiInstance) return false
    return this.postponed().some((api) => api.id === waiting.id && !api.content?.isMultiInstance && api.content?.executionId !== waiting.content?.executionId)
  }

  fireTimer(executionId: string): boolean {
    const scope = this.eventSubProcessScopes().find((w) => w.executionId === executionId && w.esp.trigger === 'timer')
    if (scope) {
      this.startEventSubProcess(scope)
      return true
    }
    const ref = this.timers.get(executionId)
    if (!ref) return false
    this.timers.delete(executionId)
    try {
      ref.callback(...ref.args)
    } catch (err) {
      this.error = err as Error
    }
    return true
  }

  /**
   * The message, timer and signal event sub-processes that may start now: one per active scope (the process, or each running
   * instance of the embedded sub-process around it) that no interrupting event sub-process has interrupted. A
   * non-interrupting one may start again while earlier copies of it run (event-subprocess-copies.ts). The
   * subscription is named `<start event>@<scope execution id>#<starts of it in that scope so far>`; a timer's
   * occurrence `n` (only a cycle has more than one) is due `eventSubProcessTimerDue` from when the scope armed it.
   */
  private eventSubProcessScopes(): EventSubProcessScope[] {
    const esps = this.definition.model.eventSubProcesses.filter((e) => e.trigger === 'message' || e.trigger === 'timer' || e.trigger === 'signal')
    if (!esps.length || !this.engine?.execution) return []
    const postponed = this.postponed()
    const interrupted = new Set(
      postponed
        .filter((api) => this.definition.model.eventSubProcesses.some((e) => e.id === api.id && e.isInterrupting))
        .map((api) => String(api.content?.parent?.executionId)),
    )
    const out: EventSubProcessScope[] = []
    for (const esp of esps) {
      const scopes =
        esp.scopeId === this.definition.model.processId
          ? [{ executionId: this.rootProcess()?.executionId, execution: this.rootProcess()?.execution }]
          : postponed.filter((api) => api.id === esp.scopeId && !isInner(api.content)).map((api) => ({ executionId: api.content?.executionId, execution: api.owner?.execution?.source?.execution }))
      for (const scope of scopes) {
        if (!scope.executionId || !scope.execution || interrupted.has(String(scope.executionId))) continue
        // an interrupting one starts once (it interrupts its scope); a non-interrupting one starts copies beside its runs
        const running = postponed.some((api) => api.id === esp.id && !isInner(api.content) && String(api.content?.parent?.executionId) === String(scope.executionId))
        if (running && !runsCopies(esp)) continue
        const key = `${esp.id}@${scope.executionId}`
        const generation = startsSoFar(this.rootEnvironment().settings, key, scope.execution.getActivityById?.(esp.id))
        // a timer's occurrences: one for a duration or a date, a cycle's repetitions
        if (esp.trigger === 'timer' && esp.timer && !this.timerOccurs(esp, key, generation)) continue
        out.push({ executionId: `${esp.startEventId}@${scope.executionId}#${generation}`, esp, execution: scope.execution, key, generation })
      }
    }
    return out
  }

  /** Forgets the start counts and arming times of scopes that ended (embedded sub-processes left or interrupted). */
  private pruneEventSubProcessKeys(postponed: any[]) {
    const scopeIds = new Set(this.definition.model.eventSubProcesses.map((e) => e.scopeId))
    const active = [String(this.rootProcess()?.executionId), ...postponed.filter((api) => scopeIds.has(api.id) && !isInner(api.content)).map((api) => String(api.content?.executionId))]
    forgetEndedScopes(this.rootEnvironment().settings, new Set(active))
  }

  /** Whether a timer event sub-process's occurrence `index` exists (a FEEL error lets it through: the snapshot fails on it). */
  private timerOccurs(esp: EventSubProcessModel, key: string, index: number): boolean {
    try {
      return eventSubProcessTimerDue(esp.timer!, cleanVariables(this.processVariables()), timerArmedAt(this.rootEnvironment().settings, key, this.clock.now()), index) !== null
    } catch {
      return true
    }
  }

  /** Starts an event sub-process in a scope: its first run, or another copy beside the running ones
   * (event-subprocess-copies.ts; its start event has no definitions in the run: zeebe-elements.ts). */
  private startEventSubProcess(scope: EventSubProcessScope) {
    try {
      const activity = scope.execution.getActivityById(scope.esp.id)
      if (!activity) throw new Error(`Event sub-process ${scope.esp.id} is not in its scope`)
      recordStart(this.rootEnvironment().settings, scope.key, scope.generation)
      activity.run()
    } catch (err) {
      this.error = err as Error
    }
  }

  cancel(): void {
    try {
      this.engine.stop()
    } catch {
      /* already stopped */
    }
  }

  private signalSafely(payload: Record<string, unknown>) {
    try {
      this.engine.execution.signal(payload)
    } catch (err) {
      this.error = err as Error
    }
  }

  /** What waits in the run, the activities inside running sub-processes included. */
  private postponed(): any[] {
    const out: any[] = []
    const seen = new Set<string>()
    const visit = (apis: any[], depth: number) => {
      for (const api of apis) {
        const key = String(api.content?.executionId ?? api.id)
        if (seen.has(key)) continue
        seen.add(key)
        out.push(api)
        if (api.owner?.isSubProcess && depth < 100) visit(api.getPostponed?.() ?? [], depth + 1)
        // the inner instances of a multi-instance activity (multi-instance.ts)
        else if (api.content?.isMultiInstance && !isInner(api.content)) visit(api.owner?.execution?.getPostponed?.() ?? [], depth + 1)
      }
    }
    visit(this.engine.execution?.getPostponed?.() ?? [], 0)
    return out
  }

  /** Whether the engine still runs after the last snapshot (taken with keepLive), ready for another event. */
  private live = false

  /** What the run waits on now. With keepLive the engine keeps running (for continueWith), else it is stopped. */
  snapshot(options: SnapshotOptions = {}): Promise<RunSnapshot> {
    return this.buildSnapshot(options.keepLive === true, options.withoutState === true)
  }

  /** bpmn-engine's state now (a snapshot taken withoutState, completed before it is saved). */
  currentState(): Promise<unknown> {
    return stateWithoutSource(this.engine)
  }

  private async buildSnapshot(keepLive: boolean, withoutState: boolean): Promise<RunSnapshot> {
    this.live = false
    await new Promise((resolve) => setImmediate(resolve))
    // a long chain of steps yields on the way: the run has not reached its waits before every step put off has run
    while (this.steps.deferred > 0 && !this.error) await new Promise((resolve) => setImmediate(resolve))
    const vars = cleanVariables(this.processVariables())
    const base = { variables: vars, trail: this.trail }
    if (this.error) {
      return { ...base, status: 'failed', error: this.error, state: null, jobs: [], userTasks: [], timers: [], messages: [] }
    }
    if (this.completed || this.engine.execution?.state === 'completed') {
      return { ...base, status: 'completed', error: null, state: null, jobs: [], userTasks: [], timers: [], messages: [] }
    }
    const postponed = this.postponed()
    const rootVars = this.processVariables()
    // the scopes of inner instances that ended are not kept (loop-scopes.ts)
    pruneScopes(rootVars, postponed.map((api) => api.owner?.environment))
    const jobs: WaitingJob[] = []
    const userTasks: WaitingUserTask[] = []
    const messages: WaitingMessage[] = []
    for (const api of postponed) {
      const executionId: string = api.content?.executionId
      const el = this.definition.model.elements.get(api.id)
      if (!el) continue
      if (el.kind === 'service') {
        const job = this.jobsSeen.get(executionId)
        if (job) jobs.push(job)
      } else if (el.kind === 'user' && api.type === 'bpmn:UserTask') {
        const loop = this.definition.model.loops.get(el.id)
        // inside an inner instance of a multi-instance sub-process: the task also sees its scope
        const scoped = scopeVariables(rootVars, api.owner?.environment)
        const local = Object.keys(scoped).length ? scoped : undefined
        // a multi-instance user task: a task per inner instance, none for the activity around them
        if (!loop) userTasks.push({ executionId, model: el, ...(local ? { local } : {}) })
        else if (isInner(api.content)) userTasks.push({ executionId, model: el, local: { ...scoped, ...loopLocals(loop, api.content) } })
      } else if (el.kind === 'message') {
        messages.push({
          executionId,
          elementId: el.id,
          messageName: el.messageName,
          correlationKey: String(feel(el.correlationKey, { ...vars, ...scopeVariables(rootVars, api.owner?.environment) }) ?? ''),
        })
      }
    }
    // the message event sub-processes of the active scopes: a subscription each (correlation key read now)
    for (const scope of this.eventSubProcessScopes()) {
      const el = this.definition.model.elements.get(scope.esp.startEventId)
      // a signal start is a subscription too, under the signal's name (internal-jobs.ts)
      if ((scope.esp.trigger !== 'message' && scope.esp.trigger !== 'signal') || el?.kind !== 'message') continue
      messages.push({ executionId: scope.executionId, elementId: el.id, messageName: el.messageName, correlationKey: String(feel(el.correlationKey, vars) ?? '') })
    }
    const timers = [...this.timers.values()].map((t) => ({ executionId: t.executionId, elementId: t.elementId, dueAt: t.dueAt }))
    // the timer event sub-processes of the active scopes: a timer each, due from when the scope first armed it (kept
    // with the state; the stored timer keeps its due time too), a cycle's next occurrence one interval after the last
    for (const scope of this.eventSubProcessScopes()) {
      if (scope.esp.trigger !== 'timer' || !scope.esp.timer) continue
      try {
        const dueAt = eventSubProcessTimerDue(scope.esp.timer, vars, timerArmedAt(this.rootEnvironment().settings, scope.key, this.clock.now()), scope.generation)
        if (dueAt) timers.push({ executionId: scope.executionId, elementId: scope.esp.startEventId, dueAt })
      } catch (err) {
        this.error = err as Error
        return { ...base, status: 'failed', error: this.error, state: null, jobs: [], userTasks: [], timers: [], messages: [] }
      }
    }
    this.pruneEventSubProcessKeys(postponed)
    const state = withoutState && keepLive ? undefined : await stateWithoutSource(this.engine)
    if (keepLive) this.live = true
    else await this.engine.stop()
    return { ...base, status: 'waiting', error: null, state, jobs, userTasks, timers, messages }
  }
}

/** Parses a definition once into the serialized context bpmn-engine recovers from (cached per version). */
export async function buildSourceContext(xml: string): Promise<unknown> {
  const { zeebeModdle } = await import('./process-model.ts')
  const source = mayHoldAdHoc(xml) ? await executableXml(xml, zeebeModdle) : xml
  const engine: any = new Engine({ source, moddleOptions: { zeebe: zeebeModdle }, elements: ELEMENT_OVERRIDES } as any)
  const [definition] = await engine.getDefinitions()
  return definition.environment.options.source
}

/** The file as bpmn-engine runs it: ad-hoc sub-processes rewritten (ad-hoc-subprocess.ts; the deployment refused what cannot be). */
async function executableXml(xml: string, zeebeModdle: unknown): Promise<string> {
  const { BpmnModdle } = await import('bpmn-moddle')
  const moddle: any = new BpmnModdle({ zeebe: zeebeModdle } as any)
  const { rootElement } = await moddle.fromXML(xml)
  expandAdHocSubProcesses(moddle, rootElement, (elementId, message) => {
    throw new Error(`${elementId}: ${message}`)
  })
  return (await moddle.toXML(rootElement)).xml
}
