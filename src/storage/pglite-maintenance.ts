// PGlite has no autovacuum daemon: it never gathers planner statistics or reclaims dead rows by itself (see
// bench/RESULTS.md: the inbox query went from 24.9 ms to 2.5 ms of SQL time once the table was analysed).
// The embedded default therefore runs VACUUM ANALYZE itself, at start and then periodically.
import type { Database } from './database.ts'

export interface MaintenanceLogger {
  info(msg: string, context?: Record<string, string | number | boolean | null>): void
  warn(msg: string, context?: Record<string, string | number | boolean | null>, err?: unknown): void
}

/** Runs VACUUM ANALYZE once. */
export async function vacuumAnalyze(db: Database): Promise<void> {
  await db.prisma.$executeRawUnsafe('VACUUM ANALYZE')
}

/** For PGlite only (PostgreSQL has autovacuum): maintenance now and every `intervalMs`. Returns a stop function. */
export function startPgliteMaintenance(db: Database, logger: MaintenanceLogger, intervalMs = 15 * 60_000): () => Promise<void> {
  if (db.kind !== 'pglite') return async () => {}
  let running: Promise<void> | null = null
  const run = () => {
    if (running) return
    const started = Date.now()
    running = vacuumAnalyze(db)
      .then(() => logger.info('database maintenance done', { ms: Date.now() - started }))
      .catch((err) => logger.warn('database maintenance failed', {}, err))
      .finally(() => {
        running = null
      })
  }
  run()
  const timer = setInterval(run, intervalMs)
  timer.unref()
  return async () => {
    clearInterval(timer)
    if (running) await running
  }
}
