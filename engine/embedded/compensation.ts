// Compensation on the embedded engine. bpmn-elements keeps, for each compensation boundary event, the completions of
// the activity it is attached to (the boundary event stays running after the activity completed, and its collected
// completions are part of the saved state, so a restart between the completion and the throw still compensates).
// What it does not do as Camunda 8 does, and this file does instead of its throw:
// - a compensation throw or end event compensates the completed activities of its own scope only (bpmn-elements
//   delegates the throw to every scope around it), or the one its activityRef names (bpmn-elements ignores it);
// - the handlers are started in reverse order of their activities' completion (the run's completion order,
//   CompensationHooks.order), once per completion of the activity;
// - the throw or end event waits until every handler it started has completed (bpmn-elements goes on at once).
// The deployment checks are in ../compensation-model.ts.
import { Activity } from 'bpmn-elements'
import type { StepCounter } from './zeebe-elements.ts'

type Constructor = (activityDef: any, context: unknown) => unknown

/** What the run tells a compensation throw (reached through the run's timers object, as its step counter). */
export interface CompensationHooks {
  /** The compensable activities the throw event compensates, most recently completed first (never completed: left out). */
  targets(throwId: string): { activityId: string; boundaryId: string; handlerId: string }[]
}

interface RunTimers {
  steps?: StepCounter
  compensation?: CompensationHooks
}

function hasCompensateDefinition(activityDef: any): boolean {
  return (activityDef?.behaviour?.eventDefinitions ?? []).some((d: any) => d?.type === 'bpmn:CompensateEventDefinition' || d?.$type === 'bpmn:CompensateEventDefinition')
}

function CompensationThrowBehaviour(this: any, activity: any, context: any) {
  this.id = activity.id
  this.activity = activity
  this.context = context
}

CompensationThrowBehaviour.prototype.execute = function execute(executeMessage: any) {
  const activity = this.activity
  const context = this.context
  const timers: RunTimers = activity.environment?.timers ?? {}
  const content = executeMessage.content
  const complete = () => activity.broker.publish('execution', 'execute.completed', { ...content })
  const targets = timers.compensation?.targets(activity.id) ?? []
  // the throw is delivered once: a recovered run (redelivered) only waits for the handlers it started
  if (!executeMessage.fields?.redelivered) {
    for (const target of targets) {
      const boundary = context.getActivityById(target.boundaryId)
      // the completions its boundary event collected (none: the activity never completed in this scope)
      if (!boundary?.broker.getQueue('compensate-q')?.messageCount) continue
      // as bpmn-elements' own delegation of a throw reaches a compensation boundary event, to this one only
      boundary.broker.publish('api', `process.compensate.${content.parent?.executionId}`, { ...content, message: { id: activity.id } }, { type: 'compensate', delegate: true })
    }
  }
  const handlers: any[] = targets.map((t) => context.getActivityById(t.handlerId)).filter(Boolean)
  const consumerTag = `_compensation-${content.executionId}`
  const busy = (handler: any) => handler.isRunning || (handler.broker.getQueue('inbound-q')?.messageCount ?? 0) > 0
  let done = false
  const check = () => {
    if (done || handlers.some(busy)) return
    done = true
    for (const handler of handlers) handler.broker.cancel(consumerTag)
    complete()
  }
  // a handler that leaves may be started again (the next completion of its activity): look once the run settled
  const later = () => {
    if (timers.steps) timers.steps.deferred++
    setImmediate(() => {
      if (timers.steps) timers.steps.deferred--
      try {
        check()
      } catch (error) {
        activity.broker.publish('execution', 'execute.error', { ...content, error })
      }
    })
  }
  for (const handler of handlers) handler.broker.subscribeTmp('event', 'activity.leave', later, { noAck: true, consumerTag })
  later()
}

/** An intermediate throw or end event with a compensate event definition throws as above; other events keep theirs. */
export function compensationOr(original: Constructor): Constructor {
  return function CompensationOrEvent(activityDef: any, context: unknown) {
    if (!hasCompensateDefinition(activityDef)) return original(activityDef, context)
    return new (Activity as any)(CompensationThrowBehaviour, { ...activityDef, isThrowing: true }, context)
  }
}
