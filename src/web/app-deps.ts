// What createApp needs. The app never reads the environment and never listens: main.ts does.
import type { Config } from '../config.ts'
import type { Clock } from '../engine/clock.ts'
import type { WorkflowEngine } from '../engine/port.ts'
import type { Logger } from '../logger.ts'
import type { Database } from '../storage/database.ts'
import type { ServiceDeps } from '../cases/deps.ts'

export interface AppDeps {
  config: Readonly<Config>
  db: Database
  engine: WorkflowEngine
  clock: Clock
  logger: Logger
}

export function serviceDeps(deps: AppDeps, logger: Logger = deps.logger): ServiceDeps {
  return { prisma: deps.db.prisma, engine: deps.engine, clock: deps.clock, logger, caseNumberPrefix: deps.config.caseNumberPrefix }
}
