// Non-interrupting event sub-processes that run several copies at once, as on Zeebe and Operaton: a message that
// arrives three times starts three copies, each with its own tasks and jobs.
//
// bpmn-elements keeps one run per activity (Activity.run throws "activity <id> is already running"), but a
// multi-instance sub-process runs several executions of its body inside that one run: its loop behaviour publishes
// an `execute.start` per inner instance, SubProcessBehaviour gives each a ProcessExecution of its own (fresh child
// activities, its own environment), saves them all in its state and recovers them all. This file reuses exactly that
// support: the event sub-process gets a loop behaviour of ours (EventSubProcessCopies) whose inner instances are
// the copies. The first event runs the activity (copy 0); an event while it runs adds a copy to the running loop
// (the activity's `run` is wrapped: no bpmn-elements file is changed); the activity completes when its last running
// copy has completed. The loop's counters (copies started, copies running) travel on the activity's root execute
// message, which bpmn-elements saves with the state, so a restarted engine recovers every running copy.

type Constructor = (activityDef: any, context: any) => unknown

/** What the run tells the element constructors: the event sub-processes that run concurrent copies (by id). */
export interface EventSubProcessCopyHooks {
  concurrent: ReadonlySet<string>
}

/** The parent of a copy's messages: the event sub-process's run, with the path to it. */
function copyParent(root: any): any {
  const parent = root.parent
  const path = parent ? [{ id: parent.id, type: parent.type, executionId: parent.executionId }, ...(parent.path ?? []).map((p: any) => ({ ...p }))] : []
  return { id: root.id, type: root.type, executionId: root.executionId, ...(path.length ? { path } : {}) }
}

/**
 * The loop behaviour of a non-interrupting event sub-process (bpmn-elements constructs it with the activity and the
 * loop characteristics): each inner instance is a copy, started by `addCopy`; the loop ends when none runs.
 */
export class EventSubProcessCopies {
  /** Copies started so far in this run of the activity, and copies still running. */
  private started = 0
  private running = 0
  private root: any = null

  constructor(private readonly activity: any) {}

  /** The activity's root execution starts (or is redelivered to a recovered engine). */
  execute(executeMessage: any) {
    this.root = { ...executeMessage.content }
    this.subscribe()
    if (executeMessage.fields?.redelivered) {
      const { copiesStarted, copiesRunning } = executeMessage.content
      if (Number.isInteger(copiesStarted)) this.started = copiesStarted
      if (Number.isInteger(copiesRunning)) this.running = copiesRunning
      return
    }
    this.addCopy()
  }

  /** Starts one more copy beside those that run. */
  addCopy() {
    const index = this.started++
    this.running++
    this.publishCounters('execute.iteration.batch')
    this.activity.broker.publish('execution', 'execute.start', {
      ...this.rootContent(),
      isRootScope: undefined,
      isMultiInstance: true,
      executionId: `${this.root.executionId}_${index}`,
      parent: copyParent(this.root),
      index,
    })
  }

  /** The root content without the loop's bookkeeping (carried by the counters' messages). */
  private rootContent() {
    const { copiesStarted: _s, copiesRunning: _r, preventComplete: _p, ...rest } = this.root
    return rest
  }

  /** The counters, as the root execution's latest message: bpmn-elements keeps it in the saved state. */
  private publishCounters(routingKey: string, extra: Record<string, unknown> = {}) {
    this.activity.broker.publish('execution', routingKey, {
      ...this.rootContent(),
      ...extra,
      executionId: this.root.executionId,
      isRootScope: true,
      copiesStarted: this.started,
      copiesRunning: this.running,
      preventComplete: true,
    })
  }

  private subscribe() {
    const broker = this.activity.broker
    broker.subscribeTmp('api', `activity.*.${this.root.executionId}`, (_: string, message: any) => {
      if (message.properties.type === 'stop' || message.properties.type === 'discard') this.unsubscribe()
    }, { noAck: true, consumerTag: '_api-event-copies-tag' }, { priority: 400 })
    broker.subscribeTmp('execution', 'execute.*', (routingKey: string, message: any) => {
      const content = message.content
      if (!content.isMultiInstance || content.isRootScope) return
      if (routingKey !== 'execute.completed' && routingKey !== 'execute.discard' && routingKey !== 'execute.cancel') return
      this.onCopyEnded(content)
    }, { noAck: true, consumerTag: '_execute-event-copies-tag', priority: 300 })
  }

  private unsubscribe() {
    this.activity.broker.cancel('_execute-event-copies-tag')
    this.activity.broker.cancel('_api-event-copies-tag')
  }

  private onCopyEnded(content: any) {
    this.running = Math.max(0, this.running - 1)
    this.publishCounters('execute.iteration.completed', { state: 'iteration.completed', copyExecutionId: content.executionId })
    if (this.running > 0) return
    this.unsubscribe()
    this.activity.broker.publish('execution', 'execute.completed', { ...this.rootContent(), executionId: this.root.executionId, isRootScope: true, copiesStarted: this.started, copiesRunning: 0 })
  }
}

/** The copies' loop behaviour of an activity that runs now (its execution's behaviour), if any. */
function copiesOf(activity: any): EventSubProcessCopies | undefined {
  const loop = activity.execution?.source?.loopCharacteristics
  return loop instanceof EventSubProcessCopies ? loop : undefined
}

/**
 * A sub-process type whose non-interrupting message, timer, signal and escalation event sub-processes (named by the
 * run's hooks, reached through the environment's timers object as the other run hooks are) run concurrent copies: the
 * loop behaviour above, and a `run` that adds a copy when the activity already runs (instance-run.ts starts message,
 * timer and signal ones; bpmn-elements' process execution starts an escalation one when the escalation reaches it).
 */
export function withEventSubProcessCopies(Type: Constructor): Constructor {
  return function ConcurrentEventSubProcess(activityDef: any, context: any) {
    const hooks: EventSubProcessCopyHooks | undefined = context?.environment?.timers?.eventSubProcessCopies
    if (!activityDef?.behaviour?.triggeredByEvent || !hooks?.concurrent.has(activityDef.id)) return Type(activityDef, context)
    const loopCharacteristics = { type: 'wf:EventSubProcessCopies', Behaviour: EventSubProcessCopies, behaviour: {} }
    const activity: any = Type({ ...activityDef, behaviour: { ...activityDef.behaviour, loopCharacteristics } }, context)
    const run = activity.run.bind(activity)
    activity.run = (runContent?: any) => {
      const copies = activity.isRunning ? copiesOf(activity) : undefined
      if (copies) return copies.addCopy()
      return run(runContent)
    }
    return activity
  }
}
