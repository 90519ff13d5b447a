// FEEL for Zeebe-flavoured BPMN: "=expr" strings are FEEL, anything else is a static value.
import { evaluate, parseExpression } from 'feelin'
import { Environment } from 'bpmn-elements'
import { isLoopCollection, loopCollection } from './multi-instance.ts'
import { SCOPES_KEY } from './loop-scopes.ts'

export function isFeel(value: unknown): value is string {
  return typeof value === 'string' && value.trimStart().startsWith('=')
}

export class FeelError extends Error {
  constructor(readonly expression: string, cause: unknown) {
    super(`FEEL expression "${expression}" failed: ${cause instanceof Error ? cause.message : String(cause)}`)
    this.name = 'FeelError'
  }
}

/** Converts feelin's values (dates, durations) to plain JSON values, as Zeebe stores variables. */
export function toJsonValue(value: unknown): unknown {
  if (value === null || value === undefined) return value ?? null
  if (Array.isArray(value)) return value.map(toJsonValue)
  if (typeof value === 'object') {
    const ctor = (value as object).constructor?.name ?? ''
    if (ctor.startsWith('Feel')) {
      const iso = (value as { iso?: string }).iso
      return iso ?? String(value)
    }
    if (value instanceof Date) return value.toISOString()
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = toJsonValue(v)
    return out
  }
  return value
}

/** Evaluates a FEEL expression ("=…") or returns a static value unchanged. */
export function feel(expression: unknown, variables: Record<string, unknown>): unknown {
  if (!isFeel(expression)) return expression
  const source = expression.trimStart().slice(1)
  try {
    return toJsonValue(evaluate(source, variables).value)
  } catch (err) {
    throw new FeelError(source, err)
  }
}

/**
 * Checks that a FEEL expression parses, without evaluating it (a deployment must never run a manager's FEEL: a
 * loop over ten million items would hold the server). Returns an error message naming where it fails, or null.
 */
export function feelSyntaxError(expression: string): string | null {
  if (!isFeel(expression)) return null
  const source = expression.trimStart().slice(1)
  let at: number | null = null
  try {
    parseExpression(source, {}, undefined).iterate({
      enter(node) {
        if (at === null && node.type.isError) at = node.from
        return at === null
      },
    })
  } catch (err) {
    return err instanceof Error ? err.message : String(err)
  }
  if (at === null) return null
  const near = source.slice(at, at + 20).trim()
  return near ? `syntax error at character ${at + 1}, near "${near}"` : `syntax error: the expression ends too early (character ${at + 1})`
}

/** Removes the keys bpmn-elements copies from its own messages into process variables, and the inner instances'
 * scopes of multi-instance sub-processes (loop-scopes.ts: never a variable of the process). */
export function cleanVariables(vars: Record<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(vars ?? {})) {
    if (k === 'fields' || k === 'content' || k === 'properties' || k === SCOPES_KEY) continue
    out[k] = v
  }
  return out
}

/**
 * The `expressions` option for bpmn-elements: FEEL for "=…", the default ${…} handling otherwise. `processVariables`
 * gives the instance's one variable scope (as Zeebe's process scope): bpmn-elements gives a sub-process a copy of
 * the variables taken when it starts, which would hide what a job inside it returned.
 */
export function feelExpressions(processVariables?: () => Record<string, unknown>, localScope?: (content: any, context: any) => Record<string, unknown>) {
  const base: any = new Environment().expressions
  return {
    resolveExpression(expression: string, context: any, fnContext?: unknown) {
      const scope = () => {
        const all = processVariables ? processVariables() : context?.environment?.variables
        return { ...cleanVariables(all), ...context?.content?.output, ...(localScope?.(context?.content, context) ?? {}) }
      }
      // a multi-instance activity's input collection (multi-instance.ts)
      if (isLoopCollection(expression)) return loopCollection(expression, scope(), String(context?.content?.id ?? '?'))
      if (isFeel(expression)) return feel(expression, scope())
      return base.resolveExpression(expression, context, fnContext)
    },
    isExpression: (text: string) => isFeel(text) || base.isExpression(text),
    hasExpression: (text: string) => isFeel(text) || base.hasExpression(text),
  }
}
