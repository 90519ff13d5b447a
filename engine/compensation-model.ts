// Compensation in a parsed BPMN process (bpmn-moddle elements): which activities can be compensated, by which
// handler, and what each compensation throw or end event compensates. One rule for the embedded engine
// (engine/embedded/compensation.ts runs it) and the Operaton translation (Operaton runs compensation natively), so
// that both engines accept and refuse the same diagrams.
//
// Supported, as on Camunda 8: a compensation boundary event on a task or an embedded sub-process, associated with
// one handler (isForCompensation="true": a service task run by a job worker, or a user task); an intermediate
// compensation throw event or a compensation end event that compensates every completed activity of its scope, or
// the one its activityRef names. Refused, naming the element: other handlers (sub-processes, call activities,
// scripts), handlers with sequence flows, compensation of multi-instance activities, compensation event
// sub-processes, waitForCompletion="false", an activityRef outside the throw's scope, and compensation thrown outside
// a sub-process whose inner activities have handlers but the sub-process has none of its own.
import { flowElementsDeep } from './bpmn-processes.ts'

export interface CompensableActivity {
  /** The activity's compensation boundary event and the handler associated with it. */
  boundaryId: string
  handlerId: string
  /** The process or sub-process the activity is in. */
  scopeId: string
}

export interface CompensationThrow {
  /** The activity to compensate (activityRef), or null: every completed compensable activity of the scope. */
  activityRef: string | null
  scopeId: string
}

export interface CompensationModel {
  /** Compensable activities by id. */
  activities: Map<string, CompensableActivity>
  /** Compensation throw and end events by id. */
  throws: Map<string, CompensationThrow>
  /** Handlers (isForCompensation) by id, with the activity they compensate. */
  handlers: Map<string, string>
}

export type CompensationProblem = (elementId: string, message: string) => void

const HANDLER_TYPES = new Set(['bpmn:ServiceTask', 'bpmn:UserTask'])
const COMPENSABLE_TYPES = new Set(['bpmn:ServiceTask', 'bpmn:SendTask', 'bpmn:UserTask', 'bpmn:BusinessRuleTask', 'bpmn:ScriptTask', 'bpmn:ManualTask', 'bpmn:Task', 'bpmn:ReceiveTask', 'bpmn:SubProcess'])

const compensateDefinition = (el: any): any => (el?.eventDefinitions ?? []).find((d: any) => d.$type === 'bpmn:CompensateEventDefinition')

/** Associations of a process and of every sub-process in it (bpmn-moddle keeps them as artifacts). */
function associationsDeep(process: any, flowElements: any[]): any[] {
  const containers = [process, ...flowElements.filter((e) => e.flowElements)]
  return containers.flatMap((c) => (c.artifacts ?? []).filter((a: any) => a.$type === 'bpmn:Association'))
}

const sequenceFlowsOf = (flowElements: any[], id: string) =>
  flowElements.filter((f) => f.$type === 'bpmn:SequenceFlow' && (f.sourceRef?.id === id || f.targetRef?.id === id))

/** Reads and checks the compensation of one process; every problem names its element. */
export function compensationOf(process: any, problem: CompensationProblem): CompensationModel {
  const model: CompensationModel = { activities: new Map(), throws: new Map(), handlers: new Map() }
  const flowElements = flowElementsDeep(process)
  const associations = associationsDeep(process, flowElements)
  const handlersSeen = new Set<string>()

  for (const el of flowElements) {
    const definition = compensateDefinition(el)
    if (el.isForCompensation) {
      handlersSeen.add(el.id)
      if (!HANDLER_TYPES.has(el.$type)) problem(el.id, 'A compensation handler must be a service task or a user task here (sub-processes, call activities and other activities as handlers are not supported)')
      else if (el.loopCharacteristics) problem(el.id, 'A multi-instance compensation handler is not supported')
      if (sequenceFlowsOf(flowElements, el.id).length) problem(el.id, 'A compensation handler is started by its compensation boundary event: it has no sequence flows in or out')
    }
    if (!definition) continue
    if (el.$type === 'bpmn:StartEvent') {
      problem(el.$parent?.triggeredByEvent ? el.$parent.id : el.id, 'Compensation event sub-processes are not supported; attach a compensation boundary event and a handler to the activity instead')
      continue
    }
    if (el.$type === 'bpmn:IntermediateCatchEvent') {
      problem(el.id, 'A compensation event is thrown or attached to an activity as a boundary event; it cannot be caught in the flow')
      continue
    }
    if (el.$type === 'bpmn:BoundaryEvent') {
      const target = el.attachedToRef
      if (!target || !COMPENSABLE_TYPES.has(target.$type) || target.triggeredByEvent) {
        problem(el.id, 'A compensation boundary event must be attached to a task or an embedded sub-process')
        continue
      }
      if (target.loopCharacteristics) {
        problem(el.id, 'Compensation of a multi-instance activity is not supported')
        continue
      }
      if (sequenceFlowsOf(flowElements, el.id).length) problem(el.id, 'A compensation boundary event has no outgoing sequence flow: it is associated with its handler')
      const handlers = associations.filter((a) => a.sourceRef?.id === el.id).map((a) => a.targetRef).filter((h: any) => h?.isForCompensation)
      if (handlers.length !== 1) {
        problem(el.id, 'A compensation boundary event needs exactly one associated compensation handler (an activity marked isForCompensation)')
        continue
      }
      if (handlers[0].$parent?.id !== el.$parent?.id) problem(el.id, 'A compensation handler must be in the same scope as the activity it compensates')
      if (model.activities.has(target.id)) problem(el.id, `Activity "${target.id}" has more than one compensation boundary event`)
      model.activities.set(target.id, { boundaryId: el.id, handlerId: handlers[0].id, scopeId: el.$parent?.id ?? process.id })
      model.handlers.set(handlers[0].id, target.id)
      continue
    }
    // an intermediate throw event or an end event
    if (definition.waitForCompletion === false) problem(el.id, 'waitForCompletion="false" is not supported: a compensation throw waits for its handlers (as on Camunda 8)')
    model.throws.set(el.id, { activityRef: definition.activityRef?.id ?? null, scopeId: el.$parent?.id ?? process.id })
  }

  for (const id of handlersSeen) if (!model.handlers.has(id)) problem(id, 'A compensation handler needs a compensation boundary event associated with it')

  for (const [id, thrown] of model.throws) {
    if (thrown.activityRef) {
      const target = model.activities.get(thrown.activityRef)
      if (!target || target.scopeId !== thrown.scopeId) problem(id, `activityRef "${thrown.activityRef}" must name an activity with a compensation boundary event in the same scope as the throw`)
    }
    // a completed sub-process is compensated as a whole (its own handler); handlers inside it are run only by a
    // throw inside it (its activities' compensation is not kept once it completed)
    for (const sub of flowElements.filter((e) => e.$type === 'bpmn:SubProcess' && !e.triggeredByEvent && e.$parent?.id === thrown.scopeId)) {
      if (thrown.activityRef && thrown.activityRef !== sub.id) continue
      if (model.activities.has(sub.id)) continue
      const inner = [...model.activities.values()].some((a) => flowElementsDeep(sub).some((e) => e.id === a.scopeId) || a.scopeId === sub.id)
      if (inner) problem(sub.id, `Compensation thrown outside this sub-process (by "${id}") cannot reach the handlers inside it once it completed; attach a compensation boundary event and a handler to the sub-process itself`)
    }
  }
  return model
}
