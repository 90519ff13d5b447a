// The embedded engine as the app runs it: every real handler registered and the processes folder deployed,
// the scheduler loop off (tests drive it with runDueWork and a FakeClock). Stop it in afterEach.
import type { PrismaClient } from '../../src/generated/prisma/client.ts'
import type { Clock } from '../../src/engine/clock.ts'
import { EmbeddedEngine } from '../../src/engine/embedded/embedded-engine.ts'
import { deployProcessesFolder } from '../../src/engine/deploy-folder.ts'
import { createHandlers } from '../../src/workers/create-handlers.ts'

export async function startProceduresEngine(prisma: PrismaClient, clock: Clock): Promise<EmbeddedEngine> {
  const engine = new EmbeddedEngine({ prisma, clock, schedulerIntervalMs: 0 })
  for (const h of createHandlers({ prisma, clock, caseNumberPrefix: 'OPS.8311' })) engine.registerHandler(h)
  await deployProcessesFolder(engine)
  await engine.start()
  return engine
}
