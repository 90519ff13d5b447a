// bpmn-elements constructors for elements Zeebe runs differently from bpmn-elements' defaults:
// - a manual task passes through (bpmn-elements waits for a signal, as for a user task);
// - a script task with zeebe:script is evaluated in the run (instance-run sets its Service to the FEEL evaluation);
// - an inclusive gateway joins: it waits for a token or a discarded path (dead-path elimination) on every incoming
//   flow, so it goes on once the branches the fork took have arrived (bpmn-elements passes each token on alone);
// - a message throw event or message end event with a job type (zeebe:taskDefinition) is a job, like a send task.
// Everything else keeps bpmn-elements' own constructor.
import { Activity, EndEvent, IntermediateThrowEvent, ServiceTask, Task } from 'bpmn-elements'

type Constructor = (activityDef: any, context: unknown) => unknown

/** Whether the element definition carries a zeebe:taskDefinition with a type. */
function hasJobType(activityDef: any): boolean {
  const values: any[] = activityDef?.behaviour?.extensionElements?.values ?? []
  return values.some((v) => v?.$type === 'zeebe:TaskDefinition' && v.type)
}

function isMessageEvent(activityDef: any): boolean {
  return (activityDef?.behaviour?.eventDefinitions ?? []).some((d: any) => d?.type === 'bpmn:MessageEventDefinition' || d?.$type === 'bpmn:MessageEventDefinition')
}

/** A message event with a job type runs as a service task; other events keep their behaviour. */
function jobOr(original: Constructor): Constructor {
  // a function, not an arrow: bpmn-elements constructs element types with `new`
  return function ZeebeJobEvent(activityDef: any, context: unknown) {
    return isMessageEvent(activityDef) && hasJobType(activityDef) ? (ServiceTask as Constructor)(activityDef, context) : original(activityDef, context)
  }
}

/** bpmn-elements' join (isParallelGateway) counts a discarded incoming flow as arrived: the inclusive join. */
function InclusiveGatewayBehaviour(this: any, activity: any) {
  this.id = activity.id
  this.type = activity.type
  this.broker = activity.broker
}
InclusiveGatewayBehaviour.prototype.execute = function execute({ content }: { content: Record<string, unknown> }) {
  this.broker.publish('execution', 'execute.completed', { ...content })
}

function ZeebeInclusiveGateway(activityDef: any, context: unknown) {
  return new (Activity as any)(InclusiveGatewayBehaviour, { ...activityDef, isParallelGateway: true }, context)
}

export const ZEEBE_ELEMENT_OVERRIDES = {
  InclusiveGateway: ZeebeInclusiveGateway,
  ManualTask: Task,
  ScriptTask: ServiceTask,
  IntermediateThrowEvent: jobOr(IntermediateThrowEvent as Constructor),
  EndEvent: jobOr(EndEvent as Constructor),
}
