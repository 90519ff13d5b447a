// A strict little parser of the Prometheus text format 0.0.4 for tests: throws on any line that is not a
// HELP, a TYPE or a sample of a declared metric (histograms: _bucket with "le", _sum, _count), on malformed or
// repeated labels, and on a TYPE after the metric's samples or a metric declared twice.

export interface ParsedSample {
  name: string
  labels: Record<string, string>
  value: number
}

export interface ParsedFamily {
  name: string
  type: string
  help: string
  samples: ParsedSample[]
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*'
const LABEL = '[a-zA-Z_][a-zA-Z0-9_]*'

function parseValue(raw: string, line: string): number {
  // as Prometheus reads values (Go's ParseFloat): NaN and Inf in any case (prom-client writes "Nan")
  if (/^\+?inf(inity)?$/i.test(raw)) return Infinity
  if (/^-inf(inity)?$/i.test(raw)) return -Infinity
  if (/^nan$/i.test(raw)) return NaN
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(raw)) throw new Error(`bad value in: ${line}`)
  return Number(raw)
}

/** Labels from `{a="x",b="y\"z"}`; returns them and the rest of the line. */
function parseLabels(text: string, line: string): { labels: Record<string, string>; rest: string } {
  const labels: Record<string, string> = {}
  if (!text.startsWith('{')) return { labels, rest: text }
  let i = 1
  while (text[i] !== '}') {
    const name = new RegExp(`^${LABEL}`).exec(text.slice(i))?.[0]
    if (!name || text[i + name.length] !== '=' || text[i + name.length + 1] !== '"') throw new Error(`bad label in: ${line}`)
    if (name in labels) throw new Error(`label ${name} repeated in: ${line}`)
    i += name.length + 2
    let value = ''
    for (;;) {
      const ch = text[i]
      if (ch === undefined || ch === '\n') throw new Error(`unterminated label value in: ${line}`)
      if (ch === '"') break
      if (ch === '\\') {
        const next = text[i + 1]
        if (next === 'n') value += '\n'
        else if (next === '\\' || next === '"') value += next
        else throw new Error(`bad escape in: ${line}`)
        i += 2
      } else {
        value += ch
        i++
      }
    }
    labels[name] = value
    i++ // closing quote
    if (text[i] === ',') i++
    else if (text[i] !== '}') throw new Error(`expected , or } in: ${line}`)
  }
  return { labels, rest: text.slice(i + 1) }
}

export function parsePrometheusText(text: string): Map<string, ParsedFamily> {
  const families = new Map<string, ParsedFamily>()
  const helped = new Set<string>()
  if (text !== '' && !text.endsWith('\n')) throw new Error('the exposition must end with a line feed')
  for (const line of text.split('\n').slice(0, -1)) {
    const meta = new RegExp(`^# (HELP|TYPE) (${NAME}) (.*)$`).exec(line)
    if (meta) {
      const [, kind, name, rest] = meta
      if (kind === 'HELP') {
        if (helped.has(name)) throw new Error(`HELP repeated: ${name}`)
        helped.add(name)
        const family = families.get(name)
        if (family) family.help = rest
        else families.set(name, { name, type: 'untyped', help: rest, samples: [] })
      } else {
        if (!['counter', 'gauge', 'histogram', 'summary', 'untyped'].includes(rest)) throw new Error(`bad type: ${line}`)
        const family = families.get(name) ?? { name, type: 'untyped', help: '', samples: [] }
        if (family.samples.length || family.type !== 'untyped') throw new Error(`TYPE after samples or repeated: ${name}`)
        family.type = rest
        families.set(name, family)
      }
      continue
    }
    if (line.startsWith('#')) continue // a comment
    if (line.trim() === '') continue // empty lines are ignored (the format says so; prom-client's merge writes them)
    const head = new RegExp(`^(${NAME})`).exec(line)
    if (!head) throw new Error(`not a sample: ${line}`)
    const sampleName = head[1]
    const { labels, rest } = parseLabels(line.slice(sampleName.length), line)
    const valueMatch = /^ (\S+)( -?\d+)?$/.exec(rest)
    if (!valueMatch) throw new Error(`bad sample: ${line}`)
    const value = parseValue(valueMatch[1], line)
    let family = families.get(sampleName)
    if (!family || family.type === 'histogram') {
      const base = /^(.*)_(bucket|sum|count)$/.exec(sampleName)
      const histogram = base ? families.get(base[1]) : undefined
      if (histogram?.type !== 'histogram') throw new Error(`sample of an undeclared metric: ${line}`)
      if (base![2] === 'bucket' && !('le' in labels)) throw new Error(`bucket without le: ${line}`)
      family = histogram
    }
    family.samples.push({ name: sampleName, labels, value })
  }
  return families
}

/** The value of the one sample with exactly these labels (or undefined). */
export function sampleValue(families: Map<string, ParsedFamily>, name: string, labels: Record<string, string> = {}): number | undefined {
  const base = /^(.*)_(bucket|sum|count)$/.exec(name)
  const family = families.get(name) ?? (base ? families.get(base[1]) : undefined)
  const wanted = JSON.stringify(Object.entries(labels).sort())
  const found = family?.samples.filter((s) => s.name === name && JSON.stringify(Object.entries(s.labels).sort()) === wanted) ?? []
  if (found.length > 1) throw new Error(`several samples ${name} ${wanted}`)
  return found[0]?.value
}
