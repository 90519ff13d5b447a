// The Prometheus text exposition, written by prom-client (escaping, value syntax, histogram series). What the
// database collectors produce at scrape time are plain metric families; familiesRegistry turns them into a
// prom-client registry for one scrape. Labels carry ids only (process ids, job types, actions), never personal data.
import { Counter, Gauge, Registry } from 'prom-client'

export const PROMETHEUS_CONTENT_TYPE = Registry.PROMETHEUS_CONTENT_TYPE

export type MetricType = 'gauge' | 'counter'

export type Labels = Readonly<Record<string, string>>

export interface Sample {
  labels: Labels
  value: number
}

export interface MetricFamily {
  name: string
  help: string
  type: MetricType
  /** The family's label names, also when it has no samples (prom-client declares them up front). */
  labelNames: readonly string[]
  samples: Sample[]
}

/** A registry holding these families with their values (one scrape). Throws on an invalid or repeated name. */
export function familiesRegistry(families: readonly MetricFamily[]): Registry {
  const registry = new Registry()
  for (const family of families) {
    const options = { name: family.name, help: family.help, labelNames: [...family.labelNames], registers: [registry] }
    if (family.type === 'gauge') {
      const gauge = new Gauge(options)
      for (const s of family.samples) gauge.set({ ...s.labels }, s.value)
    } else {
      const counter = new Counter(options)
      for (const s of family.samples) counter.inc({ ...s.labels }, s.value)
    }
  }
  return registry
}
