// The Prometheus text exposition format, version 0.0.4, written by hand: one `# HELP` and one `# TYPE` line
// per metric family, then its samples. Label values are escaped (backslash, double quote, line feed); HELP text
// escapes backslash and line feed. Labels carry ids only (process ids, job types, actions), never personal data.

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8'

export type MetricType = 'gauge' | 'counter' | 'histogram'

export type Labels = Readonly<Record<string, string>>

export interface Sample {
  /** Appended to the family name: "_bucket", "_sum", "_count" for histograms; "" otherwise. */
  suffix?: '' | '_bucket' | '_sum' | '_count'
  labels: Labels
  value: number
}

export interface MetricFamily {
  name: string
  help: string
  type: MetricType
  samples: Sample[]
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/

export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')
}

export function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')
}

/** A sample value: Go's ParseFloat syntax, "+Inf", "-Inf", "NaN". */
export function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN'
  if (value === Infinity) return '+Inf'
  if (value === -Infinity) return '-Inf'
  return String(value)
}

function formatLabels(labels: Labels): string {
  const names = Object.keys(labels)
  if (names.length === 0) return ''
  const parts = names.map((name) => {
    if (!LABEL_NAME.test(name) || name.startsWith('__')) throw new Error(`invalid label name "${name}"`)
    return `${name}="${escapeLabelValue(labels[name])}"`
  })
  return `{${parts.join(',')}}`
}

/** The exposition of these families, in the order given; throws on an invalid or repeated metric name. */
export function renderExposition(families: readonly MetricFamily[]): string {
  const seen = new Set<string>()
  const lines: string[] = []
  for (const family of families) {
    if (!METRIC_NAME.test(family.name)) throw new Error(`invalid metric name "${family.name}"`)
    if (seen.has(family.name)) throw new Error(`metric "${family.name}" declared twice`)
    seen.add(family.name)
    lines.push(`# HELP ${family.name} ${escapeHelp(family.help)}`)
    lines.push(`# TYPE ${family.name} ${family.type}`)
    for (const sample of family.samples) {
      lines.push(`${family.name}${sample.suffix ?? ''}${formatLabels(sample.labels)} ${formatValue(sample.value)}`)
    }
  }
  return lines.length ? lines.join('\n') + '\n' : ''
}
