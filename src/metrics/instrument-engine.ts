// A decorator around the WorkflowEngine port: times startInstance, publishMessage, completeUserTask,
// assignUserTask, cancelInstance, retryJob, resolveIncident and deploy into welfare_engine_operation_seconds{operation} (a call that throws
// is timed too, and counted in welfare_engine_operation_errors_total), and wraps handlers registered through it
// with instrumentHandler. Everything else is passed through to the engine unchanged (a Proxy, so methods an
// adapter has beyond the port stay reachable). The engine itself is not modified.
import { performance } from 'node:perf_hooks'
import type { JobHandler } from '../../engine/job.ts'
import type { WorkflowEngine } from '../../engine/port.ts'
import { instrumentHandler } from './instrument-handler.ts'
import type { MetricsRegistry } from './metrics-registry.ts'

export const MEASURED_OPERATIONS = [
  'startInstance',
  'publishMessage',
  'completeUserTask',
  'assignUserTask',
  'cancelInstance',
  'deploy',
  'retryJob',
  'resolveIncident',
] as const satisfies readonly (keyof WorkflowEngine)[]

const registries = new WeakMap<object, MetricsRegistry>()

/** The registry an engine returned by instrumentEngine records into; null for an engine not instrumented. */
export function registryOf(engine: WorkflowEngine): MetricsRegistry | null {
  return registries.get(engine) ?? null
}

export function instrumentEngine(engine: WorkflowEngine, registry: MetricsRegistry): WorkflowEngine {
  const measured = new Set<PropertyKey>(MEASURED_OPERATIONS)
  const proxy = new Proxy(engine, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target)
      if (typeof value !== 'function') return value
      if (measured.has(prop)) {
        const operation = String(prop)
        return async (...args: unknown[]) => {
          const started = performance.now()
          try {
            return await value.apply(target, args)
          } catch (err) {
            registry.engineOperationErrors.inc({ operation })
            throw err
          } finally {
            registry.engineOperationSeconds.observe({ operation }, (performance.now() - started) / 1000)
          }
        }
      }
      if (prop === 'registerHandler') {
        return (handler: JobHandler) => value.call(target, instrumentHandler(handler, registry))
      }
      return value.bind(target)
    },
  })
  registries.set(proxy, registry)
  return proxy
}
