// What createApp needs. The app never reads the environment and never listens: main.ts does.
import type { Config } from '../src/config.ts'
import type { Clock } from '../engine/clock.ts'
import type { WorkflowEngine } from '../engine/port.ts'
import type { Logger } from '../src/logger.ts'
import type { Database } from '../src/storage/database.ts'
import type { ServiceDeps } from '../src/cases/deps.ts'

export interface AppDeps {
  config: Readonly<Config>
  db: Database
  engine: WorkflowEngine
  clock: Clock
  logger: Logger
  /** The SLA monitor (src/sla): routes that change a deadline ask for a round, so the new state shows at once. */
  sla?: { runOnce(): Promise<unknown>; applyNow(caseId: string): Promise<unknown> }
}

/** Measures what a request just changed (a new case, a pause, an art. 36 notice) now instead of on the next round. */
/** One case measured at once after a registration or a completion touched it (SlaMonitor.applyNow). */
export async function refreshCaseSla(deps: AppDeps, caseId: string | null): Promise<void> {
  if (!caseId) return
  await deps.sla?.applyNow(caseId).catch((err: unknown) => deps.logger.warn('sla refresh failed', { error: err instanceof Error ? err.message : String(err) }))
}

export async function refreshSla(deps: AppDeps): Promise<void> {
  await deps.sla?.runOnce().catch((err: unknown) => deps.logger.warn('sla refresh failed', { error: err instanceof Error ? err.message : String(err) }))
}

export function serviceDeps(deps: AppDeps, logger: Logger = deps.logger): ServiceDeps {
  return {
    prisma: deps.db.prisma,
    engine: deps.engine,
    clock: deps.clock,
    logger,
    caseNumberPrefix: deps.config.caseNumberPrefix,
    caseStartGraceMs: deps.config.caseStartGraceMs,
  }
}
