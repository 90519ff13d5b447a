import type { PrismaClient } from '../src/generated/prisma/client.ts'
import type { Clock } from '../engine/clock.ts'

export interface HandlerDeps {
  prisma: PrismaClient
  clock: Clock
  caseNumberPrefix: string
}
