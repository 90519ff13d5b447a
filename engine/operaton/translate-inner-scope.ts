// The elements inside a multi-instance sub-process on Operaton. Each inner instance is a variable scope of its own
// (as on the embedded engine, engine/embedded/loop-scopes.ts): the sub-process declares the local variable
// INNER_SCOPE_CARRIER in each inner instance (translate-loop.ts), a job's or inbox task's completion inside sends what
// it sets as that one variable (inner-scope-carrier.ts), and an end listener on the job or task,
// ${welfareScope.keep(execution)} (operaton/…/loop/InnerScope.java), makes each entry a local variable of the inner
// instance in the same transaction. A user task's output mappings are evaluated by the adapter (over what the task
// sees) and carried the same way, so the translation leaves them out; a script or decision task's result is set on the
// task (a local input parameter) and handed to the inner instance by its end listener, and what a called instance
// returns is set on the call activity and handed on the same way. What would still write to the whole process,
// or cannot reach the right inner instance, is refused naming the element.
import { extensionOf, feelParameter, isVariableName, type TranslationContext } from './translate-context.ts'

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type El = any

const KEEP_LISTENER = '${welfareScope.keep(execution)}'

const messageOf = (el: El) => (el.eventDefinitions ?? []).find((d: El) => d.$type === 'bpmn:MessageEventDefinition')

/** Whether an element inside a multi-instance sub-process runs as a job (an external task) or an inbox task. */
function completesWithVariables(el: El): boolean {
  if (['bpmn:ServiceTask', 'bpmn:SendTask', 'bpmn:UserTask', 'bpmn:ReceiveTask'].includes(el.$type)) return true
  // a message catch: the adapter triggers the one inner instance's subscription with the message's variables carried
  if (el.$type === 'bpmn:IntermediateCatchEvent' && messageOf(el)) return true
  if (el.$type === 'bpmn:BusinessRuleTask') return !isResultTask(el)
  // message throw and end events with a job type, signal throw and end events (the adapter's own job)
  return ['bpmn:IntermediateThrowEvent', 'bpmn:EndEvent'].includes(el.$type) && (el.eventDefinitions ?? []).some((d: El) => ['bpmn:MessageEventDefinition', 'bpmn:SignalEventDefinition'].includes(d.$type))
}

/** A script task or a decision task (before its translation: zeebe:calledDecision; after: camunda:decisionRef). */
const isResultTask = (el: El): boolean =>
  el.$type === 'bpmn:ScriptTask' || (el.$type === 'bpmn:BusinessRuleTask' && (!!extensionOf(el, 'zeebe:CalledDecision') || !!el.get('camunda:decisionRef')))

/**
 * Why an element inside the multi-instance sub-process `scopeId` cannot be translated, or null. Checked on the
 * original (Zeebe) element, before its own translation.
 */
export function innerScopeRefusal(el: El, scopeId: string): string | null {
  const inside = `inside the multi-instance sub-process "${scopeId}"`
  if (el.loopCharacteristics) {
    return el.$type === 'bpmn:SubProcess'
      ? `A multi-instance sub-process ${inside} cannot be translated to Operaton yet: its output collection would reach the whole process, not the outer inner instance (the embedded engine accepts it)`
      : `A multi-instance activity ${inside} cannot be translated to Operaton yet: the outputs of inner instances of different outer inner instances would share the same variables (the embedded engine accepts it)`
  }
  if (el.$type === 'bpmn:SubProcess' && el.triggeredByEvent) {
    return `An event sub-process ${inside} cannot be translated to Operaton yet: what it sets would reach the whole process, not the inner instance (the embedded engine accepts it)`
  }
  if (['bpmn:BoundaryEvent', 'bpmn:StartEvent'].includes(el.$type) && messageOf(el)) {
    return `A message ${el.$type === 'bpmn:BoundaryEvent' ? 'boundary event' : 'start event'} ${inside} cannot be translated to Operaton yet: a message would not be correlated to its inner instance only, and its variables would reach the whole process (the embedded engine accepts it)`
  }
  if ((isResultTask(el)) && extensionOf(el, 'zeebe:IoMapping')?.outputParameters?.length) {
    return `A ${el.$type === 'bpmn:ScriptTask' ? 'script task' : 'decision task'} with output mappings ${inside} cannot be translated to Operaton yet: its outputs would reach the whole process, not the inner instance (the embedded engine accepts it)`
  }
  if (el.$type === 'bpmn:CallActivity' && extensionOf(el, 'zeebe:IoMapping')?.outputParameters?.length) {
    return `A call activity with output mappings ${inside} cannot be translated to Operaton yet: its outputs would reach the whole process, not the inner instance (the embedded engine accepts it)`
  }
  return null
}

/**
 * After the element's own translation: a job or inbox task inside an inner instance gets the end listener that keeps
 * what its completion carried in the inner instance; a user task's output parameters are left to the adapter.
 */
export function keepInInnerScope(ctx: TranslationContext, el: El): void {
  if (isResultTask(el)) return keepResult(ctx, el)
  if (el.$type === 'bpmn:CallActivity') return keepReturned(ctx, el)
  if (!completesWithVariables(el)) return
  if (el.$type === 'bpmn:UserTask') {
    const io = extensionOf(el, 'camunda:InputOutput')
    if (io) io.outputParameters = []
    if (io && !io.inputParameters?.length) el.extensionElements.values = el.extensionElements.values.filter((v: El) => v !== io)
  }
  if (!el.extensionElements) el.extensionElements = ctx.moddle.create('bpmn:ExtensionElements', { values: [] })
  el.extensionElements.values = [...(el.extensionElements.values ?? []), ctx.moddle.create('camunda:ExecutionListener', { event: 'end', expression: KEEP_LISTENER })]
}

/**
 * A script or decision task inside an inner instance: an input parameter holding what the task sees of its result
 * variable makes Operaton set the result locally on the task, and an end listener,
 * ${welfareScope.keepLocal(execution, '<name>')}, gives it to the inner instance.
 */
function keepResult(ctx: TranslationContext, el: El): void {
  const name = el.get('camunda:resultVariable')
  if (!isVariableName(name)) return
  if (!el.extensionElements) el.extensionElements = ctx.moddle.create('bpmn:ExtensionElements', { values: [] })
  let io = extensionOf(el, 'camunda:InputOutput')
  if (!io) {
    io = ctx.moddle.create('camunda:InputOutput', { inputParameters: [], outputParameters: [] })
    el.extensionElements.values = [...(el.extensionElements.values ?? []), io]
  }
  if (!(io.inputParameters ?? []).some((p: El) => p.name === name)) io.inputParameters = [...(io.inputParameters ?? []), feelParameter(ctx, 'camunda:InputParameter', name, name)]
  el.extensionElements.values = [...el.extensionElements.values, ctx.moddle.create('camunda:ExecutionListener', { event: 'end', expression: `\${welfareScope.keepLocal(execution, '${name}')}` })]
}

/**
 * A call activity inside an inner instance: what its called instance returns lands on the call activity
 * (camunda:out local, translateCallActivity), and an end listener, ${welfareScope.keepReturned(execution, '<inputs>')},
 * gives it to the inner instance, leaving the call activity's input mappings behind.
 */
function keepReturned(ctx: TranslationContext, el: El): void {
  const io = extensionOf(el, 'camunda:InputOutput')
  const inputs = (io?.inputParameters ?? []).map((p: El) => String(p.name)).filter(isVariableName)
  if (!el.extensionElements) el.extensionElements = ctx.moddle.create('bpmn:ExtensionElements', { values: [] })
  el.extensionElements.values = [...el.extensionElements.values, ctx.moddle.create('camunda:ExecutionListener', { event: 'end', expression: `\${welfareScope.keepReturned(execution, '${inputs.join(',')}')}` })]
}
