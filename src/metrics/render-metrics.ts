// The whole /metrics answer: database gauges at the clock's now, the in-process registry, the process.
import { Registry } from 'prom-client'
import type { Clock } from '../../engine/clock.ts'
import type { PrismaClient } from '../generated/prisma/client.ts'
import { collectDatabaseMetrics } from './database-metrics.ts'
import { familiesRegistry } from './exposition.ts'
import type { MetricsRegistry } from './metrics-registry.ts'
import { processMetricsRegistry } from './process-metrics.ts'

export interface MetricsSource {
  prisma: PrismaClient
  clock: Clock
  /** In-process metrics; null: only the database and process metrics (an engine not instrumented). */
  registry: MetricsRegistry | null
}

export async function renderMetrics(source: MetricsSource): Promise<string> {
  const database = familiesRegistry(await collectDatabaseMetrics(source.prisma, source.clock.now()))
  const registries = [database, ...(source.registry ? [source.registry.registry] : []), processMetricsRegistry()]
  return Registry.merge(registries).metrics()
}
