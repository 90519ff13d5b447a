// In-process metrics (prom-client counters and histograms kept in memory since the start, in one registry per system): the engine port calls and the
// job handler runs. Database-derived gauges are read at scrape time instead (database-metrics.ts).
import { Counter as PromCounter, Histogram as PromHistogram, Registry } from 'prom-client'
import type { Labels } from './exposition.ts'

/** Seconds, 1 ms to 10 s. */
export const LATENCY_BUCKETS: readonly number[] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

/** A counter of this system's registry (prom-client). */
export class Counter {
  private readonly metric: PromCounter<string>
  constructor(registry: Registry, readonly name: string, help: string, readonly labelNames: readonly string[]) {
    this.metric = new PromCounter({ name, help, labelNames: [...labelNames], registers: [registry] })
  }

  inc(labels: Labels, by = 1): void {
    this.metric.inc(this.pick(labels), by)
  }

  private pick(labels: Labels): Record<string, string> {
    return Object.fromEntries(this.labelNames.map((n) => [n, labels[n] ?? '']))
  }
}

/** A histogram of this system's registry (prom-client), in seconds by default (LATENCY_BUCKETS). */
export class Histogram {
  private readonly metric: PromHistogram<string>
  constructor(
    registry: Registry,
    readonly name: string,
    help: string,
    readonly labelNames: readonly string[],
    readonly buckets: readonly number[] = LATENCY_BUCKETS,
  ) {
    this.metric = new PromHistogram({ name, help, labelNames: [...labelNames], buckets: [...buckets], registers: [registry] })
  }

  observe(labels: Labels, value: number): void {
    this.metric.observe(Object.fromEntries(this.labelNames.map((n) => [n, labels[n] ?? ''])), value)
  }
}

/** The in-process metrics of one running system. */
export class MetricsRegistry {
  /** prom-client's registry of these metrics (render-metrics.ts merges it with the others). */
  readonly registry = new Registry()
  readonly engineOperationSeconds = new Histogram(
    this.registry,
    'welfare_engine_operation_seconds',
    'Duration of workflow engine port calls, in seconds.',
    ['operation'],
  )
  readonly engineOperationErrors = new Counter(
    this.registry,
    'welfare_engine_operation_errors_total',
    'Workflow engine port calls that threw.',
    ['operation'],
  )
  readonly jobHandlerSeconds = new Histogram(
    this.registry,
    'welfare_job_handler_seconds',
    'Duration of job handler runs, in seconds, by job type and outcome (complete, bpmnError, fail, throw).',
    ['type', 'outcome'],
  )
  readonly jobOutcomes = new Counter(
    this.registry,
    'welfare_job_outcomes_total',
    'Job handler runs by job type and outcome (complete, bpmnError, fail, throw).',
    ['type', 'outcome'],
  )
}
