// Runs announceIncidents at start-up and then every `intervalMs` (SLA_INTERVAL_MS, 30 s by default): administrators
// are told of a process stopped by an incident within one interval, without anyone polling the page. A failed round
// is logged and tried again at the next one; stopping waits for a round in progress. Logs counts only.
import type { Clock } from '../../engine/clock.ts'
import type { PrismaClient } from '../generated/prisma/client.ts'
import { announceIncidents } from './announce-incidents.ts'

interface AnnouncerLogger {
  info(message: string, fields?: Record<string, unknown>): void
  warn(message: string, fields?: Record<string, unknown>, err?: unknown): void
}

export interface IncidentAnnouncerOptions {
  prisma: PrismaClient
  clock: Clock
  logger: AnnouncerLogger
  intervalMs: number
}

export function startIncidentAnnouncer(options: IncidentAnnouncerOptions): () => Promise<void> {
  let running: Promise<void> | null = null
  const run = () => {
    if (running) return
    running = announceIncidents(options.prisma, options.clock.now())
      .then((round) => {
        if (round.notifications > 0) options.logger.info('incidents announced', { ...round })
      })
      .catch((err) => options.logger.warn('announcing incidents failed', {}, err))
      .finally(() => {
        running = null
      })
  }
  run()
  const timer = setInterval(run, options.intervalMs)
  timer.unref()
  return async () => {
    clearInterval(timer)
    if (running) await running
  }
}
