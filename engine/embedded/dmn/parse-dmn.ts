// Reads a DMN 1.3 file (dmn-moddle) into decision tables the evaluator runs, and checks it: every decision is a
// decision table without required decisions, hit policy and aggregation known, every FEEL text parses (input
// expressions, input entries as unary tests, output entries, output values), outputs named when there are
// several. Problems name the element (decision, input, rule cell) like BPMN problems. Never throws for bad content.
import { DmnModdle } from 'dmn-moddle'
import { parseExpression, parseUnaryTests } from 'feelin'
import type { DeploymentProblem } from '../../port.ts'
import { xmlProblemText } from '../../xml-problem.ts'
import {
  AGGREGATIONS,
  HIT_POLICIES,
  type Aggregation,
  type DecisionTableModel,
  type HitPolicy,
} from './decision-table.ts'

export interface ParsedDmn {
  decisions: DecisionTableModel[]
  problems: DeploymentProblem[]
}

/** Decision ids: like process ids (letters, digits, "_", "-", "."; a letter or "_" first). */
export const DECISION_ID_PATTERN = /^[A-Za-z_][A-Za-z0-9_.-]{0,99}$/

function hasSyntaxError(tree: { iterate(spec: { enter(node: { type: { isError: boolean } }): void }): void }): boolean {
  let bad = false
  tree.iterate({
    enter(node) {
      if (node.type.isError) bad = true
    },
  })
  return bad
}

/** Null when the FEEL expression parses, else a message. */
export function feelExpressionError(text: string): string | null {
  try {
    return hasSyntaxError(parseExpression(text, {}, undefined)) ? 'syntax error' : null
  } catch (err) {
    return err instanceof Error ? err.message : String(err)
  }
}

/** Null when the unary tests parse ("-" and empty mean "any value"), else a message. */
export function unaryTestsError(text: string): string | null {
  const trimmed = text.trim()
  if (trimmed === '' || trimmed === '-') return null
  try {
    return hasSyntaxError(parseUnaryTests(trimmed, {}, undefined)) ? 'syntax error' : null
  } catch (err) {
    return err instanceof Error ? err.message : String(err)
  }
}

const text = (el: any): string => (typeof el?.text === 'string' ? el.text : '')

export async function parseDmn(resource: string, xml: string): Promise<ParsedDmn> {
  const problems: DeploymentProblem[] = []
  const problem = (elementId: string | null, rule: string, message: string) => problems.push({ resource, elementId, rule, message })
  let root: any
  try {
    const result: any = await new DmnModdle().fromXML(xml, 'dmn:Definitions')
    root = result.rootElement
    for (const w of result.warnings ?? []) problem(w?.element?.id ?? null, 'xml', `DMN parse warning: ${xmlProblemText(w)}`)
  } catch (err) {
    problem(null, 'xml', `The file is not valid DMN XML: ${xmlProblemText(err)}`)
    return { decisions: [], problems }
  }
  if (!root || root.$type !== 'dmn:Definitions') {
    problem(null, 'xml', 'The file has no dmn:definitions root element')
    return { decisions: [], problems }
  }
  const decisions: DecisionTableModel[] = []
  const all = (root.drgElement ?? []).filter((e: any) => e.$type === 'dmn:Decision')
  if (!all.length) problem(null, 'decision', 'The file contains no decision')
  for (const decision of all) {
    const id: string = decision.id
    if (!DECISION_ID_PATTERN.test(id ?? '')) problem(id ?? null, 'decision-id', 'Decision ids may use letters, digits, "_", "-" and "." only (at most 100)')
    if ((decision.informationRequirement ?? []).some((r: any) => r.requiredDecision)) {
      problem(id, 'supported-subset', 'Required decisions are not supported by the embedded engine; use one decision table')
    }
    const table = decision.decisionLogic
    if (table?.$type !== 'dmn:DecisionTable') {
      problem(id, 'supported-subset', `${String(table?.$type ?? 'A decision without logic').replace('dmn:', '')} is not supported; only decision tables are`)
      continue
    }
    const hitPolicy = (table.hitPolicy ?? 'UNIQUE') as HitPolicy
    if (!HIT_POLICIES.includes(hitPolicy)) problem(table.id ?? id, 'hit-policy', `Hit policy ${hitPolicy} is not supported`)
    const aggregation = (table.aggregation ?? null) as Aggregation | null
    if (aggregation && !AGGREGATIONS.includes(aggregation)) problem(table.id ?? id, 'hit-policy', `Aggregation ${aggregation} is not supported`)
    if (aggregation && hitPolicy !== 'COLLECT') problem(table.id ?? id, 'hit-policy', 'An aggregation needs the hit policy COLLECT')
    const inputs = (table.input ?? []).map((input: any) => {
      const expression = text(input.inputExpression).trim()
      const label = input.label ?? null
      if (!expression) problem(input.id, 'feel', `Input "${label ?? input.id}" has no input expression`)
      else {
        const err = feelExpressionError(expression)
        if (err) problem(input.id, 'feel', `Input "${label ?? input.id}": the FEEL expression does not parse (${err})`)
      }
      return { id: input.id, label, expression }
    })
    const outputs = (table.output ?? []).map((output: any) => {
      const outputValues = output.outputValues ? text(output.outputValues) : null
      if (outputValues) {
        const err = unaryTestsError(outputValues)
        if (err) problem(output.id, 'feel', `Output values of "${output.label ?? output.name ?? output.id}" do not parse (${err})`)
      }
      return { id: output.id, name: output.name ?? null, label: output.label ?? null, outputValues }
    })
    if (!outputs.length) problem(table.id ?? id, 'output', 'A decision table needs at least one output')
    if (outputs.length > 1) {
      for (const o of outputs) if (!o.name) problem(o.id, 'output', `Output "${o.label ?? o.id}" needs a name when a table has several outputs`)
    }
    if (aggregation && outputs.length !== 1) problem(table.id ?? id, 'hit-policy', `COLLECT ${aggregation} needs exactly one output`)
    const rules = (table.rule ?? []).map((rule: any) => {
      const inputEntries = (rule.inputEntry ?? []).map((e: any) => ({ id: e.id, text: text(e) }))
      const outputEntries = (rule.outputEntry ?? []).map((e: any) => ({ id: e.id, text: text(e) }))
      if (inputEntries.length !== inputs.length || outputEntries.length !== outputs.length) {
        problem(rule.id, 'rule', `Rule ${rule.id} has ${inputEntries.length} input and ${outputEntries.length} output cells for ${inputs.length} inputs and ${outputs.length} outputs`)
      }
      for (const entry of inputEntries) {
        const err = unaryTestsError(entry.text)
        if (err) problem(entry.id, 'feel', `Rule ${rule.id}: the input entry "${entry.text}" does not parse as FEEL unary tests (${err})`)
      }
      for (const entry of outputEntries) {
        if (entry.text.trim() === '') continue
        const err = feelExpressionError(entry.text)
        if (err) problem(entry.id, 'feel', `Rule ${rule.id}: the output entry "${entry.text}" does not parse as a FEEL expression (${err})`)
      }
      return { id: rule.id, inputEntries, outputEntries }
    })
    decisions.push({ decisionId: id, name: decision.name ?? id, hitPolicy, aggregation, inputs, outputs, rules })
  }
  const ids = new Set<string>()
  for (const d of decisions) {
    if (ids.has(d.decisionId)) problem(d.decisionId, 'decision-id', `Decision "${d.decisionId}" is defined twice`)
    ids.add(d.decisionId)
  }
  return { decisions, problems }
}
