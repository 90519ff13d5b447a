// A JobHandler that times the wrapped handler's runs and counts their outcomes (complete, bpmnError, fail, or
// throw when handle() rejects; the error is passed on unchanged, so the engine treats it as before).
import { performance } from 'node:perf_hooks'
import type { JobHandler } from '../../engine/job.ts'
import type { MetricsRegistry } from './metrics-registry.ts'

export function instrumentHandler<V>(handler: JobHandler<V>, registry: MetricsRegistry): JobHandler<V> {
  const type = handler.taskType
  const record = (outcome: string, started: number) => {
    const labels = { type, outcome }
    registry.jobHandlerSeconds.observe(labels, (performance.now() - started) / 1000)
    registry.jobOutcomes.inc(labels)
  }
  return {
    taskType: handler.taskType,
    timeoutMs: handler.timeoutMs,
    sideEffectFree: handler.sideEffectFree,
    transactional: handler.transactional,
    async handle(job, context) {
      const started = performance.now()
      try {
        const outcome = await handler.handle(job, context)
        record(outcome.kind, started)
        return outcome
      } catch (err) {
        record('throw', started)
        throw err
      }
    },
  }
}
