// The text of an XML parse error or warning from bpmn-moddle / dmn-moddle (saxen), for a person: its first line
// and where it is. saxen counts lines and columns from 0; editors count from 1, so the text does.
export function xmlProblemText(errorOrWarning: unknown): string {
  const raw = errorOrWarning instanceof Error ? errorOrWarning.message : String((errorOrWarning as { message?: unknown })?.message ?? errorOrWarning)
  const [first = '', ...rest] = raw.split('\n')
  const field = (name: string) => rest.map((l) => l.trim()).find((l) => l.startsWith(`${name}:`))?.slice(name.length + 1).trim() ?? null
  const line = field('line')
  if (line === null || !Number.isInteger(Number(line))) return first.trim()
  const column = field('column')
  const nested = field('nested error')
  const where = `line ${Number(line) + 1}${column !== null && Number.isInteger(Number(column)) ? `, column ${Number(column) + 1}` : ''}`
  return `${first.trim()} (${where}${nested ? `: ${nested}` : ''})`
}

/**
 * Whether a bpmn-moddle parse warning concerns the diagram only (a shape or edge whose element is gone, a plane
 * naming a process that is not there): the drawing, not the behaviour. Modelers and Camunda's engines deploy such
 * a file; so do both engines here, with a warning.
 */
export function isDiagramOnlyWarning(warning: unknown): boolean {
  const w = warning as { element?: { $type?: unknown }; property?: unknown }
  const type = String(w?.element?.$type ?? '')
  const property = String(w?.property ?? '')
  return /^(bpmndi|di|dc):/.test(type) || property.startsWith('bpmndi:')
}
