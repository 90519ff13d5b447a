// Builds small DMN 1.3 files for tests: one decision table from inputs, outputs and rules given as FEEL text.
export interface TableSpec {
  decisionId: string
  name?: string
  hitPolicy?: string
  aggregation?: string
  inputs: string[]
  /** Output names; `outputValues` (unary-test text) per output name for PRIORITY / OUTPUT ORDER. */
  outputs: string[]
  outputValues?: Record<string, string>
  /** Each rule: input cells then output cells. */
  rules: string[][]
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

export function decisionTableXml(spec: TableSpec): string {
  const hp = spec.hitPolicy ? ` hitPolicy="${spec.hitPolicy}"` : ''
  const agg = spec.aggregation ? ` aggregation="${spec.aggregation}"` : ''
  const inputs = spec.inputs
    .map((expr, i) => `<input id="in${i}" label="in${i}"><inputExpression id="inExpr${i}"><text>${esc(expr)}</text></inputExpression></input>`)
    .join('')
  const outputs = spec.outputs
    .map((name, i) => {
      const values = spec.outputValues?.[name]
      return `<output id="out${i}" name="${name}">${values ? `<outputValues id="outValues${i}"><text>${esc(values)}</text></outputValues>` : ''}</output>`
    })
    .join('')
  const rules = spec.rules
    .map((cells, r) => {
      const ins = cells.slice(0, spec.inputs.length).map((c, i) => `<inputEntry id="r${r}_in${i}"><text>${esc(c)}</text></inputEntry>`).join('')
      const outs = cells.slice(spec.inputs.length).map((c, i) => `<outputEntry id="r${r}_out${i}"><text>${esc(c)}</text></outputEntry>`).join('')
      return `<rule id="r${r}">${ins}${outs}</rule>`
    })
    .join('')
  return `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="Definitions_${spec.decisionId}" name="${spec.decisionId}" namespace="http://welfare-flow.local/test">
  <decision id="${spec.decisionId}" name="${spec.name ?? spec.decisionId}">
    <decisionTable id="Table_${spec.decisionId}"${hp}${agg}>${inputs}${outputs}${rules}</decisionTable>
  </decision>
</definitions>`
}

export function dmnFile(spec: TableSpec, name = `${spec.decisionId}.dmn`): { name: string; content: string } {
  return { name, content: decisionTableXml(spec) }
}

/** A business rule task calling a decision (Zeebe: zeebe:calledDecision). */
export const businessRuleTask = (id: string, decisionId: string, resultVariable: string, extra = '') =>
  `<bpmn:businessRuleTask id="${id}" name="${id}"><bpmn:extensionElements><zeebe:calledDecision decisionId="${decisionId}" resultVariable="${resultVariable}" />${extra}</bpmn:extensionElements></bpmn:businessRuleTask>`
