// What the case and inbox services need: the database, the engine port, the clock and a logger.
import type { PrismaClient } from '../generated/prisma/client.ts'
import type { Clock } from '../../engine/clock.ts'
import type { WorkflowEngine } from '../../engine/port.ts'
import type { Logger } from '../logger.ts'

export interface ServiceDeps {
  prisma: PrismaClient
  engine: WorkflowEngine
  clock: Clock
  logger: Logger
  /** Prefix of case numbers (sygnatura), from the configuration. */
  caseNumberPrefix: string
  /** How long a procedure start in progress has before another attempt may start the case (CASE_START_GRACE_MS);
   * default 30 s. */
  caseStartGraceMs?: number
}
