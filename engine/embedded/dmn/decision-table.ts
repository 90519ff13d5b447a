// A DMN 1.3 decision table evaluated on feelin, with Zeebe's (dmn-scala's) result shapes: input expressions are
// FEEL expressions, input entries FEEL unary tests ("-" or empty: any value), output entries FEEL expressions
// (empty: null). Hit policies UNIQUE, FIRST, PRIORITY, ANY, COLLECT (no aggregator, SUM, MIN, MAX, COUNT),
// RULE ORDER and OUTPUT ORDER. Single-hit result: the output value (one output) or a context (several outputs),
// null when no rule matches; multi-hit: a list of those, [] when none matches. Pure: no I/O.
import { evaluate, unaryTest } from 'feelin'
import { toJsonValue } from '../feel.ts'

export type HitPolicy = 'UNIQUE' | 'FIRST' | 'PRIORITY' | 'ANY' | 'COLLECT' | 'RULE ORDER' | 'OUTPUT ORDER'
export type Aggregation = 'SUM' | 'MIN' | 'MAX' | 'COUNT'

export const HIT_POLICIES: readonly HitPolicy[] = ['UNIQUE', 'FIRST', 'PRIORITY', 'ANY', 'COLLECT', 'RULE ORDER', 'OUTPUT ORDER']
export const AGGREGATIONS: readonly Aggregation[] = ['SUM', 'MIN', 'MAX', 'COUNT']

export interface DecisionTableInput {
  id: string
  label: string | null
  expression: string
}

export interface DecisionTableOutput {
  id: string
  name: string | null
  label: string | null
  /** The output values as unary-test text (`"high","low"`), which give PRIORITY and OUTPUT ORDER their order. */
  outputValues: string | null
}

export interface DecisionRule {
  id: string
  /** One unary-test text per input. */
  inputEntries: { id: string; text: string }[]
  /** One expression text per output. */
  outputEntries: { id: string; text: string }[]
}

export interface DecisionTableModel {
  decisionId: string
  name: string
  hitPolicy: HitPolicy
  aggregation: Aggregation | null
  inputs: DecisionTableInput[]
  outputs: DecisionTableOutput[]
  rules: DecisionRule[]
}

export interface DecisionResult {
  /** What the business rule task stores in its result variable (JSON values). */
  result: unknown
  matchedRuleIds: string[]
}

/** The decision could not be evaluated (an incident on the instance). Messages name ids, never input values. */
export class DecisionEvaluationError extends Error {
  constructor(readonly decisionId: string, message: string) {
    super(`Decision "${decisionId}": ${message}`)
    this.name = 'DecisionEvaluationError'
  }
}

const isAny = (text: string) => text.trim() === '' || text.trim() === '-'

function feelValue(decisionId: string, what: string, expression: string, context: Record<string, unknown>): unknown {
  try {
    return evaluate(expression, context).value
  } catch (err) {
    throw new DecisionEvaluationError(decisionId, `${what}: FEEL "${expression}" failed (${err instanceof Error ? err.message : String(err)})`)
  }
}

function matches(decisionId: string, entryId: string, test: string, input: unknown, context: Record<string, unknown>): boolean {
  if (isAny(test)) return true
  try {
    return unaryTest(test, { ...context, '?': input }).value === true
  } catch (err) {
    throw new DecisionEvaluationError(decisionId, `input entry ${entryId}: unary test "${test}" failed (${err instanceof Error ? err.message : String(err)})`)
  }
}

/** The values listed in an output's outputValues (`"a","b"`), in order, as JSON text for comparison. */
function orderOf(decisionId: string, output: DecisionTableOutput): string[] | null {
  if (!output.outputValues || isAny(output.outputValues)) return null
  const list = feelValue(decisionId, `output values of ${output.id}`, `[${output.outputValues}]`, {})
  return Array.isArray(list) ? list.map((v) => JSON.stringify(toJsonValue(v))) : null
}

function sortByOutputValues(decisionId: string, table: DecisionTableModel, hits: { ruleId: string; values: unknown[] }[]) {
  const orders = table.outputs.map((o) => orderOf(decisionId, o))
  if (orders.every((o) => o === null)) {
    throw new DecisionEvaluationError(decisionId, `hit policy ${table.hitPolicy} needs output values (their order is the priority)`)
  }
  const rank = (hit: { values: unknown[] }) =>
    orders.map((order, i) => {
      if (!order) return 0
      const at = order.indexOf(JSON.stringify(hit.values[i]))
      return at < 0 ? order.length : at
    })
  return [...hits].sort((a, b) => {
    const ra = rank(a)
    const rb = rank(b)
    for (let i = 0; i < ra.length; i++) if (ra[i] !== rb[i]) return ra[i] - rb[i]
    return 0
  })
}

function aggregate(decisionId: string, aggregation: Aggregation, values: unknown[]): unknown {
  if (aggregation === 'COUNT') return values.length
  if (values.length === 0) return null
  if (!values.every((v) => typeof v === 'number')) {
    throw new DecisionEvaluationError(decisionId, `COLLECT ${aggregation} needs numbers as outputs`)
  }
  const numbers = values as number[]
  if (aggregation === 'SUM') return numbers.reduce((a, b) => a + b, 0)
  return aggregation === 'MIN' ? Math.min(...numbers) : Math.max(...numbers)
}

/** Evaluates the table with the given variables. Throws DecisionEvaluationError. */
export function evaluateDecisionTable(table: DecisionTableModel, variables: Record<string, unknown>): DecisionResult {
  const id = table.decisionId
  const context = { ...variables }
  const inputs = table.inputs.map((input) => feelValue(id, `input ${input.label ?? input.id}`, input.expression, context))
  const hits: { ruleId: string; values: unknown[] }[] = []
  for (const rule of table.rules) {
    const all = rule.inputEntries.every((entry, i) => matches(id, entry.id, entry.text, inputs[i], context))
    if (!all) continue
    const values = rule.outputEntries.map((entry) =>
      entry.text.trim() === '' ? null : toJsonValue(feelValue(id, `output entry ${entry.id}`, entry.text, context)),
    )
    hits.push({ ruleId: rule.id, values })
    if (table.hitPolicy === 'FIRST') break
  }
  const shape = (values: unknown[]): unknown => {
    if (table.outputs.length === 1) return values[0]
    const out: Record<string, unknown> = {}
    table.outputs.forEach((o, i) => {
      out[o.name ?? o.id] = values[i]
    })
    return out
  }
  const ruleIds = (list: { ruleId: string }[]) => list.map((h) => h.ruleId)

  switch (table.hitPolicy) {
    case 'UNIQUE':
      if (hits.length > 1) throw new DecisionEvaluationError(id, `hit policy UNIQUE, but rules ${ruleIds(hits).join(', ')} match`)
      return { result: hits.length ? shape(hits[0].values) : null, matchedRuleIds: ruleIds(hits) }
    case 'FIRST':
      return { result: hits.length ? shape(hits[0].values) : null, matchedRuleIds: ruleIds(hits) }
    case 'ANY': {
      const distinct = new Set(hits.map((h) => JSON.stringify(h.values)))
      if (distinct.size > 1) throw new DecisionEvaluationError(id, `hit policy ANY, but rules ${ruleIds(hits).join(', ')} give different outputs`)
      return { result: hits.length ? shape(hits[0].values) : null, matchedRuleIds: ruleIds(hits) }
    }
    case 'PRIORITY': {
      if (!hits.length) return { result: null, matchedRuleIds: [] }
      const [first] = sortByOutputValues(id, table, hits)
      return { result: shape(first.values), matchedRuleIds: [first.ruleId] }
    }
    case 'OUTPUT ORDER': {
      const sorted = hits.length ? sortByOutputValues(id, table, hits) : []
      return { result: sorted.map((h) => shape(h.values)), matchedRuleIds: ruleIds(sorted) }
    }
    case 'RULE ORDER':
      return { result: hits.map((h) => shape(h.values)), matchedRuleIds: ruleIds(hits) }
    case 'COLLECT': {
      if (!table.aggregation) return { result: hits.map((h) => shape(h.values)), matchedRuleIds: ruleIds(hits) }
      if (table.outputs.length !== 1) throw new DecisionEvaluationError(id, `COLLECT ${table.aggregation} needs exactly one output`)
      return { result: aggregate(id, table.aggregation, hits.map((h) => h.values[0])), matchedRuleIds: ruleIds(hits) }
    }
    default:
      throw new DecisionEvaluationError(id, `hit policy ${String(table.hitPolicy)} is not supported`)
  }
}
