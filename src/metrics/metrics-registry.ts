// In-process metrics (counters and histograms kept in memory since the start): the engine port calls and the
// job handler runs. Database-derived gauges are read at scrape time instead (database-metrics.ts).
import type { Labels, MetricFamily, Sample } from './exposition.ts'

/** Seconds, 1 ms to 10 s. */
export const LATENCY_BUCKETS: readonly number[] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

/** One series per distinct combination of label values, kept in first-seen order. */
function seriesKey(labelNames: readonly string[], labels: Labels): string {
  return JSON.stringify(labelNames.map((n) => labels[n] ?? ''))
}

function pick(labelNames: readonly string[], labels: Labels): Labels {
  return Object.fromEntries(labelNames.map((n) => [n, labels[n] ?? '']))
}

export class Counter {
  private readonly series = new Map<string, { labels: Labels; value: number }>()
  constructor(readonly name: string, readonly help: string, readonly labelNames: readonly string[]) {}

  inc(labels: Labels, by = 1): void {
    const key = seriesKey(this.labelNames, labels)
    const entry = this.series.get(key)
    if (entry) entry.value += by
    else this.series.set(key, { labels: pick(this.labelNames, labels), value: by })
  }

  get(labels: Labels): number {
    return this.series.get(seriesKey(this.labelNames, labels))?.value ?? 0
  }

  collect(): MetricFamily {
    const samples: Sample[] = [...this.series.values()].map((s) => ({ labels: s.labels, value: s.value }))
    return { name: this.name, help: this.help, type: 'counter', samples }
  }
}

interface HistogramSeries {
  labels: Labels
  /** Per bucket (not cumulative); cumulated when collected. */
  counts: number[]
  sum: number
  count: number
}

export class Histogram {
  private readonly series = new Map<string, HistogramSeries>()
  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly string[],
    readonly buckets: readonly number[] = LATENCY_BUCKETS,
  ) {
    if (labelNames.includes('le')) throw new Error('a histogram may not have a label "le"')
    for (let i = 1; i < buckets.length; i++) {
      if (!(buckets[i] > buckets[i - 1])) throw new Error(`histogram ${name}: buckets must increase`)
    }
  }

  observe(labels: Labels, value: number): void {
    const key = seriesKey(this.labelNames, labels)
    let entry = this.series.get(key)
    if (!entry) {
      entry = { labels: pick(this.labelNames, labels), counts: this.buckets.map(() => 0), sum: 0, count: 0 }
      this.series.set(key, entry)
    }
    const index = this.buckets.findIndex((upper) => value <= upper)
    if (index >= 0) entry.counts[index]++
    entry.sum += value
    entry.count++
  }

  collect(): MetricFamily {
    const samples: Sample[] = []
    for (const s of this.series.values()) {
      let cumulative = 0
      this.buckets.forEach((upper, i) => {
        cumulative += s.counts[i]
        samples.push({ suffix: '_bucket', labels: { ...s.labels, le: String(upper) }, value: cumulative })
      })
      samples.push({ suffix: '_bucket', labels: { ...s.labels, le: '+Inf' }, value: s.count })
      samples.push({ suffix: '_sum', labels: s.labels, value: s.sum })
      samples.push({ suffix: '_count', labels: s.labels, value: s.count })
    }
    return { name: this.name, help: this.help, type: 'histogram', samples }
  }
}

/** The in-process metrics of one running system. */
export class MetricsRegistry {
  readonly engineOperationSeconds = new Histogram(
    'welfare_engine_operation_seconds',
    'Duration of workflow engine port calls, in seconds.',
    ['operation'],
  )
  readonly engineOperationErrors = new Counter(
    'welfare_engine_operation_errors_total',
    'Workflow engine port calls that threw.',
    ['operation'],
  )
  readonly jobHandlerSeconds = new Histogram(
    'welfare_job_handler_seconds',
    'Duration of job handler runs, in seconds, by job type and outcome (complete, bpmnError, fail, throw).',
    ['type', 'outcome'],
  )
  readonly jobOutcomes = new Counter(
    'welfare_job_outcomes_total',
    'Job handler runs by job type and outcome (complete, bpmnError, fail, throw).',
    ['type', 'outcome'],
  )

  collect(): MetricFamily[] {
    return [this.engineOperationSeconds, this.engineOperationErrors, this.jobHandlerSeconds, this.jobOutcomes].map((m) => m.collect())
  }
}
