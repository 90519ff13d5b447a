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
