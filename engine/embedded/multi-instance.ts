// Multi-instance activities, Zeebe style, on bpmn-elements' own loop (LoopCharacteristics): zeebe:loopCharacteristics
// becomes bpmn-elements' collection and element variable; each inner instance sees its item as `inputElement` and
// `loopCounter` (from 1), the inner instance's `outputElement` is its output, and when the activity completes the
// outputs become `outputCollection` in order (null for inner instances a completion condition cut short). The
// completion condition also sees numberOfInstances, numberOfCompletedInstances and the output collection so far.
// An input collection that is not a list fails the run: the instance is held in an incident.
import { feel } from './feel.ts'
import type { LoopModel } from './process-model.ts'

/** Where an inner instance's output element travels in bpmn-elements' iteration output. */
export const LOOP_OUTPUT = 'zeebeOutputElement'

/** bpmn-elements' element variable when the loop has no input element (the item is then not a variable). */
const HIDDEN_ITEM = 'zeebeLoopItem'

/** Marks the collection expression handed to bpmn-elements, so that its value is checked to be a list. */
const COLLECTION_MARK = '\u0000loop-collection:'

type Constructor = (activityDef: any, context: unknown) => unknown

/** An element type whose zeebe:loopCharacteristics drive bpmn-elements' multi-instance loop. */
export function withZeebeLoop(Type: Constructor): Constructor {
  return function ZeebeLoop(activityDef: any, context: unknown) {
    const lc = activityDef?.behaviour?.loopCharacteristics
    const zl = (lc?.behaviour?.extensionElements?.values ?? []).find((v: any) => v?.$type === 'zeebe:LoopCharacteristics')
    if (!zl) return Type(activityDef, context)
    const behaviour = { ...lc.behaviour, collection: `${COLLECTION_MARK}${zl.inputCollection}`, elementVariable: zl.inputElement || HIDDEN_ITEM }
    return Type({ ...activityDef, behaviour: { ...activityDef.behaviour, loopCharacteristics: { ...lc, behaviour } } }, context)
  }
}

/** Whether `expression` is a marked input collection (see withZeebeLoop). */
export function isLoopCollection(expression: unknown): expression is string {
  return typeof expression === 'string' && expression.startsWith(COLLECTION_MARK)
}

/** Evaluates a marked input collection; a value that is not a list is an error (an incident), as on Zeebe. */
export function loopCollection(expression: string, variables: Record<string, unknown>, elementId: string): unknown[] {
  const source = expression.slice(COLLECTION_MARK.length)
  const value = feel(source, variables)
  if (!Array.isArray(value)) {
    const kind = value === null || value === undefined ? 'null' : typeof value
    throw new Error(`The input collection ${source} of the multi-instance activity "${elementId}" is ${kind}, not a list`)
  }
  return value
}

/** The variables an inner instance (or the completion condition after it) sees besides the process's. */
export function loopLocals(loop: LoopModel, content: any): Record<string, unknown> {
  if (!isInner(content)) return {}
  const out: Record<string, unknown> = { loopCounter: Number(content.index) + 1 }
  if (loop.inputElement) out[loop.inputElement] = content[loop.inputElement]
  if (Array.isArray(content.loopOutput)) {
    const n = Number(content.loopCardinality) || content.loopOutput.length
    out.numberOfInstances = n
    out.numberOfCompletedInstances = content.loopOutput.filter((o: unknown) => o !== undefined && o !== null).length
    if (loop.outputCollection) out[loop.outputCollection] = outputsOf(content.loopOutput, n)
  }
  return out
}

/** An inner instance's output: its output element evaluated in its scope (none without an output collection). */
export function innerOutput(loop: LoopModel, scope: Record<string, unknown>): Record<string, unknown> {
  return loop.outputElement ? { [LOOP_OUTPUT]: feel(loop.outputElement, scope) ?? null } : { [LOOP_OUTPUT]: null }
}

/** The output collection from bpmn-elements' loop output (one entry per inner instance, in order). */
export function outputsOf(loopOutput: unknown[], count: number): unknown[] {
  return Array.from({ length: Math.max(count, loopOutput.length) }, (_, i) => {
    const o = loopOutput[i] as Record<string, unknown> | undefined
    return o && typeof o === 'object' && LOOP_OUTPUT in o ? o[LOOP_OUTPUT] : null
  })
}

/** Whether bpmn-elements' message content is of an inner instance: its parent is the activity around it (the
 * activity's own content also says isMultiInstance, and after its loop it carries the last inner index). */
export function isInner(content: any): boolean {
  return Boolean(content?.isMultiInstance) && content.parent?.id === content.id
}
