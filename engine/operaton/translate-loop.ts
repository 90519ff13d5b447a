// Multi-instance activities on Operaton. zeebe:loopCharacteristics has no native Camunda 7 form for FEEL: the input
// collection, the completion condition and the output collection are computed by the engine app's `welfareLoop`
// bean (operaton/…/loop/LoopFeel.java) with Operaton's FEEL engine, called from JUEL:
//   camunda:collection="${welfareLoop.collection(execution, '<FEEL>', '<element>')}" (a value that is not a list fails
//   the step: an incident, as on the embedded engine), camunda:elementVariable = the input element,
//   completionCondition ${welfareLoop.done(execution, '<FEEL>', '<output collection>')} (the FEEL sees Zeebe's
//   numberOfInstances, numberOfCompletedInstances, numberOfActiveInstances and the output collection so far),
//   and for an output collection execution listeners: on the inner activity, start (the first inner instance notes
//   how many there are) and end (the inner instance's output element into a variable of its own: parallel inner
//   instances ending at once never write the same variable), and on each outgoing flow, take (the outputs become the
//   output collection, in item order, null where a completion condition cut an inner instance short).
import { extensionOf, feelParameter, isVariableName, type TranslationContext } from './translate-context.ts'
import { INNER_SCOPE_CARRIER } from './inner-scope-carrier.ts'

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type El = any

/** A JUEL string literal (single quotes) holding `text`. */
function juelString(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`
}

/** The FEEL of a Zeebe attribute ("=…"), or a literal as FEEL text. */
function feelOf(raw: string): string {
  const trimmed = raw.trimStart()
  return trimmed.startsWith('=') ? trimmed.slice(1).trim() : JSON.stringify(raw)
}

/**
 * Rewrites the multi-instance loop of `el` (already checked by the deployment's parse). Call after the element's
 * own translation, which replaces its extension elements: the listeners are added to what it left.
 */
export function translateLoop(ctx: TranslationContext, el: El, all: El[]): void {
  const lc = el.loopCharacteristics
  const zl = extensionOf(lc, 'zeebe:LoopCharacteristics')
  if (!zl?.inputCollection) {
    ctx.refuse(el.id, 'A multi-instance activity needs an input collection (zeebe:loopCharacteristics inputCollection)')
    return
  }
  lc.extensionElements = undefined
  lc.set('camunda:collection', `\${welfareLoop.collection(execution, ${juelString(feelOf(zl.inputCollection))}, ${juelString(el.id)})}`)
  if (zl.inputElement) lc.set('camunda:elementVariable', zl.inputElement)
  const output: string | null = zl.outputCollection || null
  const completion = lc.completionCondition?.body
  if (completion) {
    lc.completionCondition = ctx.moddle.create('bpmn:FormalExpression', {
      body: `\${welfareLoop.done(execution, ${juelString(feelOf(String(completion)))}, ${juelString(output ?? '')})}`,
    })
  }
  // an inner instance of a call activity forgets, when it ends, what its called instance brought back (the next one,
  // in a sequential loop, shares its execution: LoopFeel.release); after the output element is collected
  // each inner instance of a sub-process declares the carrier of what is set inside it (translate-inner-scope.ts):
  // an input parameter of a multi-instance activity is a local variable of each inner instance
  if (el.$type === 'bpmn:SubProcess') declareInnerScope(ctx, el, zl.inputElement ?? null)
  const release = el.$type === 'bpmn:CallActivity' ? [ctx.moddle.create('camunda:ExecutionListener', { event: 'end', expression: `\${welfareLoop.release(execution, ${juelString(zl.inputElement ?? '')})}` })] : []
  if (!output || !zl.outputElement) {
    if (release.length) addListeners(ctx, el, release)
    return
  }
  addListeners(ctx, el, [
    ctx.moddle.create('camunda:ExecutionListener', { event: 'start', expression: `\${welfareLoop.prepare(execution, ${juelString(output)})}` }),
    ctx.moddle.create('camunda:ExecutionListener', { event: 'end', expression: `\${welfareLoop.collect(execution, ${juelString(output)}, ${juelString(feelOf(zl.outputElement))})}` }),
    ...release,
  ])
  for (const flow of all.filter((f) => f.$type === 'bpmn:SequenceFlow' && f.sourceRef?.id === el.id)) {
    addListeners(ctx, flow, [ctx.moddle.create('camunda:ExecutionListener', { event: 'take', expression: `\${welfareLoop.finish(execution, ${juelString(output)})}` })])
  }
}

/** Each inner instance's own variables: the carrier, and copies of its item and loop counter (Operaton keeps those on
 * an execution above the inner instance; the copies let the adapter read a waiting message catch's scope whole). */
function declareInnerScope(ctx: TranslationContext, el: El, inputElement: string | null): void {
  if (!el.extensionElements) el.extensionElements = ctx.moddle.create('bpmn:ExtensionElements', { values: [] })
  const inputs = [feelParameter(ctx, 'camunda:InputParameter', INNER_SCOPE_CARRIER, 'null'), feelParameter(ctx, 'camunda:InputParameter', 'loopCounter', 'loopCounter')]
  if (inputElement && isVariableName(inputElement)) inputs.push(feelParameter(ctx, 'camunda:InputParameter', inputElement, inputElement))
  el.extensionElements.values = [...(el.extensionElements.values ?? []), ctx.moddle.create('camunda:InputOutput', { inputParameters: inputs, outputParameters: [] })]
}

function addListeners(ctx: TranslationContext, el: El, listeners: El[]): void {
  if (!el.extensionElements) el.extensionElements = ctx.moddle.create('bpmn:ExtensionElements', { values: [] })
  el.extensionElements.values = [...(el.extensionElements.values ?? []), ...listeners]
}
