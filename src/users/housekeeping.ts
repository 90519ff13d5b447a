// Runs sweepExpired (expired sessions, old sign-in attempts, expired registration keys) at start-up and then every
// hour (whatever the database). A failed round is logged and tried
// again at the next one; stopping waits for a round in progress.
import type { Clock } from '../../engine/clock.ts'
import type { PrismaClient } from '../generated/prisma/client.ts'
import { sweepExpired } from './sweep-expired.ts'

interface HousekeepingLogger {
  info(message: string, fields?: Record<string, unknown>): void
  warn(message: string, fields?: Record<string, unknown>, err?: unknown): void
}

export interface HousekeepingOptions {
  prisma: PrismaClient
  clock: Clock
  logger: HousekeepingLogger
  loginHistoryDays: number
  intervalMs?: number
}

export function startHousekeeping(options: HousekeepingOptions): () => Promise<void> {
  let running: Promise<void> | null = null
  const run = () => {
    if (running) return
    running = sweepExpired(options.prisma, options.clock.now(), { loginHistoryDays: options.loginHistoryDays })
      .then((swept) => {
        if (swept.sessions + swept.loginAttempts + swept.registrationKeys > 0) options.logger.info('expired records removed', { ...swept })
      })
      .catch((err) => options.logger.warn('removing expired records failed', {}, err))
      .finally(() => {
        running = null
      })
  }
  run()
  const timer = setInterval(run, options.intervalMs ?? 3_600_000)
  timer.unref()
  return async () => {
    clearInterval(timer)
    if (running) await running
  }
}
