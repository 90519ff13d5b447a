// Shared helpers of the BPMN translation: the moddle instance, problem collection and camunda:* extension elements.
import { feelString, zeebeValue } from './translate-expressions.ts'

export interface TranslationContext {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  moddle: any
  /** Records a refusal: rule 'portable', the element named, a sentence saying what cannot be translated and why. */
  refuse(elementId: string | null, message: string): void
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type El = any

export const extensionOf = (el: El, type: string): El => (el?.extensionElements?.values ?? []).find((e: El) => e.$type === type)

export const zeebeExtensions = (el: El): El[] => (el?.extensionElements?.values ?? []).filter((e: El) => String(e.$type).startsWith('zeebe:'))

/** Replaces an element's extension elements: keeps the non-Zeebe ones, drops every zeebe:*, appends `added`. */
export function replaceExtensions(ctx: TranslationContext, el: El, added: El[]): void {
  const kept = (el.extensionElements?.values ?? []).filter((e: El) => !String(e.$type).startsWith('zeebe:'))
  const values = [...kept, ...added]
  if (!values.length) {
    el.extensionElements = undefined
    return
  }
  if (!el.extensionElements) el.extensionElements = ctx.moddle.create('bpmn:ExtensionElements', { values: [] })
  el.extensionElements.values = values
}

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

export function isVariableName(name: unknown): name is string {
  return typeof name === 'string' && VARIABLE_NAME.test(name)
}

/** A camunda:inputParameter / outputParameter whose value is a FEEL script. */
export function feelParameter(ctx: TranslationContext, type: 'camunda:InputParameter' | 'camunda:OutputParameter', name: string, expression: string): El {
  const definition = ctx.moddle.create('camunda:Script', { scriptFormat: 'feel', value: expression })
  return ctx.moddle.create(type, { name, definition })
}

/** FEEL for the source of a zeebe:input / zeebe:output ("=expr", or a static text). */
export function mappingSourceFeel(source: string): string {
  const v = zeebeValue(source)
  if (v.kind === 'literal') return feelString(v.text)
  return v.kind === 'reference' ? v.name : v.expression
}

export interface IoParameters {
  inputs: El[]
  outputs: El[]
}

/**
 * zeebe:ioMapping → camunda:inputOutput parameters written as FEEL scripts (for elements the engine itself runs:
 * user tasks and decision tasks; service-task mappings are applied by our worker from the original model).
 * Refuses targets that are not plain variable names (Zeebe's nested targets "a.b" have no Operaton equivalent).
 */
export function translateIoMapping(ctx: TranslationContext, el: El): IoParameters {
  const io = extensionOf(el, 'zeebe:IoMapping')
  const result: IoParameters = { inputs: [], outputs: [] }
  for (const [list, type, into] of [
    [io?.inputParameters ?? [], 'camunda:InputParameter', result.inputs],
    [io?.outputParameters ?? [], 'camunda:OutputParameter', result.outputs],
  ] as const) {
    for (const p of list) {
      if (!isVariableName(p.target)) {
        ctx.refuse(el.id, `The mapping target "${String(p.target ?? '')}" is not a plain variable name; Operaton sets whole variables only, so nested targets cannot be translated`)
        continue
      }
      into.push(feelParameter(ctx, type, p.target, mappingSourceFeel(String(p.source ?? '=null'))))
    }
  }
  return result
}

export function inputOutput(ctx: TranslationContext, io: IoParameters): El[] {
  if (!io.inputs.length && !io.outputs.length) return []
  return [ctx.moddle.create('camunda:InputOutput', { inputParameters: io.inputs, outputParameters: io.outputs })]
}
