// Metrics of this Node.js process (real time, not the application clock).
import { performance } from 'node:perf_hooks'
import type { MetricFamily } from './exposition.ts'

export function collectProcessMetrics(): MetricFamily[] {
  const memory = process.memoryUsage()
  return [
    { name: 'process_resident_memory_bytes', help: 'Resident memory size in bytes.', type: 'gauge', samples: [{ labels: {}, value: memory.rss }] },
    {
      name: 'process_start_time_seconds',
      help: 'Start time of the process since the Unix epoch in seconds.',
      type: 'gauge',
      samples: [{ labels: {}, value: Math.round(performance.timeOrigin) / 1000 }],
    },
    { name: 'nodejs_heap_used_bytes', help: 'V8 heap used, in bytes.', type: 'gauge', samples: [{ labels: {}, value: memory.heapUsed }] },
  ]
}
