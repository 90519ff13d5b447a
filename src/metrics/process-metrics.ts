// Metrics of this Node.js process (real time, not the application clock): prom-client's default metrics
// (process_resident_memory_bytes, process_start_time_seconds, CPU, event-loop lag, GC, heap spaces, …) and
// nodejs_heap_used_bytes, which /metrics has always had. One registry for the process, made on first use.
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client'

let registry: Registry | null = null

export function processMetricsRegistry(): Registry {
  if (registry) return registry
  const made = new Registry()
  collectDefaultMetrics({ register: made })
  new Gauge({
    name: 'nodejs_heap_used_bytes',
    help: 'V8 heap used, in bytes.',
    registers: [made],
    collect() {
      this.set(process.memoryUsage().heapUsed)
    },
  })
  registry = made
  return made
}
