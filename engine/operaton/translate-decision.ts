// Decisions on Operaton: how a business rule task maps a decision's result so the result variable holds what Zeebe
// (and the embedded engine) put there, and the DMN file rewritten for Operaton's DMN engine (translateDmn).
//
// Result shape by hit policy (decision tables only, as the embedded engine):
//   UNIQUE, FIRST, ANY (one hit or none): one output → the value (singleEntry); several → a context (singleResult)
//   COLLECT with SUM/MIN/MAX/COUNT → the aggregated value (singleEntry)
//   COLLECT, RULE ORDER (all hits): one output → a list of values (collectEntries); several → list of contexts (resultList)
//   PRIORITY, OUTPUT ORDER: refused, Operaton's DMN engine does not implement them.
import { DmnModdle } from 'dmn-moddle'
import type { DeploymentProblem } from '../port.ts'
import { xmlProblemText } from '../xml-problem.ts'

export type MapDecisionResult = 'singleEntry' | 'singleResult' | 'collectEntries' | 'resultList'

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type El = any

const UNSUPPORTED_HIT_POLICIES = new Set(['PRIORITY', 'OUTPUT ORDER'])

async function readDmn(xml: string): Promise<El | null> {
  try {
    const { rootElement } = (await new DmnModdle().fromXML(xml, 'dmn:Definitions')) as El
    return rootElement?.$type === 'dmn:Definitions' ? rootElement : null
  } catch {
    return null
  }
}

const decisionsOf = (root: El): El[] => (root.drgElement ?? []).filter((e: El) => e.$type === 'dmn:Decision')

/** The result mapping for a decision table's shape, or a sentence saying why there is none. */
export function resultMappingOfTable(table: El): MapDecisionResult | { refused: string } {
  if (table?.$type !== 'dmn:DecisionTable') return { refused: 'only decision tables can be called from a business rule task' }
  const hitPolicy = String(table.hitPolicy ?? 'UNIQUE')
  if (UNSUPPORTED_HIT_POLICIES.has(hitPolicy)) return { refused: `Operaton's DMN engine does not implement the hit policy ${hitPolicy}` }
  const single = (table.output ?? []).length === 1
  if (hitPolicy === 'COLLECT' && table.aggregation) return 'singleEntry'
  if (hitPolicy === 'COLLECT' || hitPolicy === 'RULE ORDER') return single ? 'collectEntries' : 'resultList'
  return single ? 'singleEntry' : 'singleResult'
}

/**
 * `camunda:mapDecisionResult` for decision `decisionId`, looked up in the DMN texts given (any of them may hold it).
 * Returns null when no text holds the decision.
 */
export async function decisionResultMapping(decisionId: string, dmnTexts: Iterable<string>): Promise<MapDecisionResult | { refused: string } | null> {
  for (const xml of dmnTexts) {
    const root = await readDmn(xml)
    const decision = root && decisionsOf(root).find((d) => d.id === decisionId)
    if (decision) return resultMappingOfTable(decision.decisionLogic)
  }
  return null
}

/**
 * A Zeebe-flavoured DMN file for Operaton: `typeRef` is removed from input expressions and outputs (Zeebe ignores it;
 * Operaton converts with it, and its "date" type rejects FEEL dates, failing the evaluation), hit policies Operaton
 * does not implement are refused naming the decision table.
 */
export async function translateDmn(resourceName: string, dmnXml: string): Promise<{ xml: string; problems: DeploymentProblem[] }> {
  const problems: DeploymentProblem[] = []
  const refuse = (elementId: string | null, message: string) => problems.push({ resource: resourceName, elementId, rule: 'portable', message })
  const moddle = new DmnModdle()
  let root: El
  try {
    const parsed = (await moddle.fromXML(dmnXml, 'dmn:Definitions')) as El
    root = parsed.rootElement
    // A warning means content the parser dropped (an unresolved reference is written back without it, and Operaton
    // then refuses the file): refuse instead of deploying something else.
    for (const w of parsed.warnings ?? []) {
      refuse(w?.element?.id ?? null, `Part of the file could not be read, so it cannot be translated faithfully: ${xmlProblemText(w)}`)
    }
  } catch (err) {
    refuse(null, `The file is not DMN XML that can be translated: ${xmlProblemText(err)}`)
    return { xml: dmnXml, problems }
  }
  for (const decision of decisionsOf(root)) {
    const table = decision.decisionLogic
    if (table?.$type !== 'dmn:DecisionTable') continue
    const mapping = resultMappingOfTable(table)
    if (typeof mapping !== 'string') refuse(table.id ?? decision.id, `Decision "${decision.id}": ${mapping.refused}`)
    for (const input of table.input ?? []) if (input.inputExpression) input.inputExpression.typeRef = undefined
    for (const output of table.output ?? []) output.typeRef = undefined
  }
  const { xml } = await moddle.toXML(root, { format: true })
  return { xml, problems }
}
