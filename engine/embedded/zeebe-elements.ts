// bpmn-elements constructors for elements Zeebe runs differently from bpmn-elements' defaults:
// - a manual task passes through (bpmn-elements waits for a signal, as for a user task);
// - a script task with zeebe:script is evaluated in the run (instance-run sets its Service to the FEEL evaluation);
// - an inclusive gateway joins: it waits for a token or a discarded path (dead-path elimination) on every incoming
//   flow, so it goes on once the branches the fork took have arrived (bpmn-elements passes each token on alone);
// - a message throw event or message end event with a job type (zeebe:taskDefinition) is a job, like a send task;
// - a call activity is a job of the engine's own (internal-jobs.ts);
// - a message, timer or signal start event starts at once (the engine starts the instance when the message is
//   published or the timer is due: message-starts.ts, timer-starts.ts; or the event sub-process: instance-run.ts);
// - every step that runs without waiting (gateways, pass-through tasks and events, decisions, scripts) yields to the
//   event loop after STEPS_PER_TICK of them in a row (withStepLimit): bpmn-elements runs such a chain in one
//   synchronous call stack, which for a few hundred steps overflowed it and held the server meanwhile;
// - service, send and user tasks, call activities and embedded sub-processes with zeebe:loopCharacteristics are
//   multi-instance (multi-instance.ts); each inner instance of a sub-process has a variable scope of its own, opened
//   when it starts and closed into its output when it completes (withLoopScopes, loop-scopes.ts).
// - a compensation throw or end event compensates its scope and waits for the handlers (compensation.ts).
// - a non-interrupting message, timer, signal or escalation event sub-process runs concurrent copies
//   (event-subprocess-copies.ts).
// Everything else keeps bpmn-elements' own constructor.
import { Activity, BusinessRuleTask, EndEvent, ExclusiveGateway, IntermediateThrowEvent, SendTask, ServiceTask, StartEvent, SubProcess, Task, UserTask } from 'bpmn-elements'
import { withZeebeLoop } from './multi-instance.ts'
import { withEventSubProcessCopies } from './event-subprocess-copies.ts'
import { compensationOr } from './compensation.ts'
import { GatewayBehaviour, ZeebeParallelGateway } from './zeebe-parallel-gateway.ts'

type Constructor = (activityDef: any, context: unknown) => unknown

/** Whether the element definition carries a zeebe:taskDefinition with a type. */
function hasJobType(activityDef: any): boolean {
  const values: any[] = activityDef?.behaviour?.extensionElements?.values ?? []
  return values.some((v) => v?.$type === 'zeebe:TaskDefinition' && v.type)
}

function hasDefinition(activityDef: any, type: string): boolean {
  return (activityDef?.behaviour?.eventDefinitions ?? []).some((d: any) => d?.type === type || d?.$type === type)
}

/** A message event with a job type, or a signal throw (internal-jobs.ts), runs as a service task; other events keep their behaviour. */
function jobOr(original: Constructor): Constructor {
  // a function, not an arrow: bpmn-elements constructs element types with `new`
  return function ZeebeJobEvent(activityDef: any, context: unknown) {
    const job = (hasDefinition(activityDef, 'bpmn:MessageEventDefinition') && hasJobType(activityDef)) || hasDefinition(activityDef, 'bpmn:SignalEventDefinition')
    return job ? (ServiceTask as Constructor)(activityDef, context) : original(activityDef, context)
  }
}

/** bpmn-elements' own join (isParallelGateway) counts a discarded incoming flow as arrived: the inclusive join. */
function ZeebeInclusiveGateway(activityDef: any, context: unknown) {
  return new (Activity as any)(GatewayBehaviour, { ...activityDef, isParallelGateway: true }, context)
}

/** How many steps run one after another before the run yields to the event loop. */
export const STEPS_PER_TICK = 100

/**
 * The run's count of steps since it last yielded, and of steps put off to the next turn of the event loop. One per
 * instance run, reached through the run's timers object (bpmn-elements hands the same one to sub-processes).
 */
export interface StepCounter {
  sync: number
  deferred: number
  resetScheduled: boolean
}

/** An element type whose behaviour's execute yields to the event loop when the run has taken STEPS_PER_TICK steps. */
function withStepLimit(Type: Constructor): Constructor {
  return function StepLimited(activityDef: any, context: unknown) {
    const activity: any = (Type as any)(activityDef, context)
    const Behaviour = activity.Behaviour
    activity.Behaviour = function LimitedBehaviour(act: any, ctx: unknown) {
      const inner = new Behaviour(act, ctx)
      const steps: StepCounter | undefined = act.environment?.timers?.steps
      if (!steps) return inner
      const execute = inner.execute.bind(inner)
      inner.execute = (message: unknown) => {
        if (!steps.resetScheduled) {
          steps.resetScheduled = true
          setImmediate(() => {
            steps.sync = 0
            steps.resetScheduled = false
          })
        }
        if (steps.sync < STEPS_PER_TICK) {
          steps.sync++
          return execute(message)
        }
        steps.deferred++
        setImmediate(() => {
          steps.deferred--
          steps.sync = 1
          try {
            execute(message)
          } catch (error) {
            // as bpmn-elements does for a step that throws when it runs at once: the step fails, the run goes on
            act.broker.publish('execution', 'execute.error', { ...(message as { content: object }).content, error })
          }
        })
      }
      return inner
    }
    return activity
  }
}

/** What the run does when an inner instance of a multi-instance sub-process starts and ends (instance-run.ts). */
export interface LoopScopeHooks {
  open(activityId: string, content: any): void
  mark(environment: any, executionId: string): void
  close(activityId: string, executionId: string): Record<string, unknown>
  drop(executionId: string): void
}

/**
 * A sub-process whose inner instances (multi-instance) get a variable scope of their own: opened when one starts,
 * closed when it completes (its output element becomes its iteration output, which bpmn-elements' loop collects),
 * dropped when it is discarded. The run's hooks are reached through its timers object, as the step counter is.
 */
function withLoopScopes(Type: Constructor): Constructor {
  return function ZeebeSubProcess(activityDef: any, context: unknown) {
    const activity: any = (Type as any)(activityDef, context)
    const Behaviour = activity.Behaviour
    activity.Behaviour = function ScopedBehaviour(act: any, ctx: unknown) {
      const inner = new Behaviour(act, ctx)
      const hooks: LoopScopeHooks | undefined = act.environment?.timers?.loopScopes
      if (!hooks || !inner.loopCharacteristics) return inner
      const execute = inner.execute.bind(inner)
      inner.execute = (message: any) => {
        const content = message?.content
        if (content?.isMultiInstance && !content.isRootScope) hooks.open(act.id, content)
        return execute(message)
      }
      // the environment each inner instance gets names it (and the inner instances around it) for the elements inside
      const upsertExecution = inner._upsertExecution.bind(inner)
      inner._upsertExecution = (message: any) => {
        const execution = upsertExecution(message)
        const content = message?.content
        if (content?.isMultiInstance && !content.isRootScope) hooks.mark(execution?.environment, String(content.executionId))
        return execution
      }
      const completeExecution = inner._completeExecution.bind(inner)
      inner._completeExecution = (routingKey: string, content: any) => {
        if (routingKey === 'execute.completed') return completeExecution(routingKey, { ...content, output: hooks.close(act.id, String(content.executionId)) })
        hooks.drop(String(content?.executionId))
        return completeExecution(routingKey, content)
      }
      return inner
    }
    return activity
  }
}

/** A message, timer or signal start event starts at once: the engine starts the instance when the message comes or
 * the timer is due (message-starts.ts, timer-starts.ts), or the event sub-process it starts (instance-run.ts; a signal
 * start of an event sub-process is reached through its subscription; the process's own signal start event is
 * started by the engine for each throw, signal-starts.ts). */
function ZeebeStartEvent(activityDef: any, context: unknown) {
  const startedByEngine = ['bpmn:MessageEventDefinition', 'bpmn:TimerEventDefinition', 'bpmn:SignalEventDefinition'].some((type) => hasDefinition(activityDef, type))
  if (!startedByEngine) return (StartEvent as Constructor)(activityDef, context)
  return (StartEvent as Constructor)({ ...activityDef, behaviour: { ...activityDef.behaviour, eventDefinitions: undefined } }, context)
}

export const ZEEBE_ELEMENT_OVERRIDES: Record<string, Constructor> = {
  StartEvent: ZeebeStartEvent,
  InclusiveGateway: withStepLimit(ZeebeInclusiveGateway),
  ParallelGateway: withStepLimit(ZeebeParallelGateway as Constructor),
  ExclusiveGateway: withStepLimit(ExclusiveGateway as Constructor),
  ManualTask: withStepLimit(Task as Constructor),
  Task: withStepLimit(Task as Constructor),
  ScriptTask: withStepLimit(ServiceTask as Constructor),
  ServiceTask: withStepLimit(withZeebeLoop(ServiceTask as Constructor)),
  SendTask: withStepLimit(withZeebeLoop(SendTask as Constructor)),
  UserTask: withZeebeLoop(UserTask as Constructor),
  BusinessRuleTask: withStepLimit(BusinessRuleTask as Constructor),
  // a call activity is a job of the engine's own (internal-jobs.ts)
  CallActivity: withStepLimit(withZeebeLoop(ServiceTask as Constructor)),
  SubProcess: withEventSubProcessCopies(withLoopScopes(withZeebeLoop(SubProcess as Constructor))),
  IntermediateThrowEvent: withStepLimit(compensationOr(jobOr(IntermediateThrowEvent as Constructor))),
  EndEvent: withStepLimit(compensationOr(jobOr(EndEvent as Constructor))),
}
