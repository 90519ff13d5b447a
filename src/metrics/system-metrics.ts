// What the composition root (src/system.ts) needs for /metrics: one registry, the engine decorator, the job
// handler wrapper, and the optional separate listener (METRICS_PORT on METRICS_HOST).
import type { Config } from '../config.ts'
import type { Clock } from '../../engine/clock.ts'
import type { JobHandler } from '../../engine/job.ts'
import type { WorkflowEngine } from '../../engine/port.ts'
import type { PrismaClient } from '../generated/prisma/client.ts'
import type { Logger } from '../logger.ts'
import { instrumentEngine } from './instrument-engine.ts'
import { instrumentHandler } from './instrument-handler.ts'
import { startMetricsListener, type MetricsListener } from './metrics-server.ts'
import { MetricsRegistry } from './metrics-registry.ts'
import { renderMetrics } from './render-metrics.ts'

export class SystemMetrics {
  readonly registry = new MetricsRegistry()
  private listener: MetricsListener | null = null

  constructor(
    private readonly deps: {
      config: Pick<Config, 'metricsPort' | 'metricsHost'>
      prisma: PrismaClient
      clock: Clock
      logger: Logger
    },
  ) {}

  /** The engine, measured (see instrumentEngine); GET /metrics finds the registry through it. */
  engine(engine: WorkflowEngine): WorkflowEngine {
    return instrumentEngine(engine, this.registry)
  }

  handler<V>(handler: JobHandler<V>): JobHandler<V> {
    return instrumentHandler(handler, this.registry)
  }

  /** Port of the separate listener, once listening; null when METRICS_PORT is unset. */
  get port(): number | null {
    return this.listener?.port ?? null
  }

  /** Starts the separate listener when METRICS_PORT is set (once). */
  async listen(): Promise<void> {
    const { config, prisma, clock, logger } = this.deps
    if (config.metricsPort === null || this.listener) return
    this.listener = await startMetricsListener({
      host: config.metricsHost,
      port: config.metricsPort,
      render: () => renderMetrics({ prisma, clock, registry: this.registry }),
      logger,
    })
  }

  async close(): Promise<void> {
    const listener = this.listener
    this.listener = null
    await listener?.close()
  }
}
