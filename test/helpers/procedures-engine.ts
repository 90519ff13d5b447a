// The engine under test (test/helpers/engine-under-test.ts: embedded unless TEST_ENGINE says otherwise) as the app
// runs it: every real handler registered and the processes folder deployed, the embedded scheduler loop off (tests
// drive it with runDueWork and a FakeClock). Stop it in afterEach.
import type { PrismaClient } from '../../src/generated/prisma/client.ts'
import type { Clock } from '../../engine/clock.ts'
import { deployProcessesFolder } from '../../engine/deploy-folder.ts'
import { createHandlers } from '../../workers/create-handlers.ts'
import { createTestEngine, type TestEngine } from './engine-under-test.ts'

export async function startProceduresEngine(prisma: PrismaClient, clock: Clock, options: { followIntervalMs?: number } = {}): Promise<TestEngine> {
  const engine = await createTestEngine({ prisma, clock, handlers: createHandlers({ prisma, clock, caseNumberPrefix: 'OPS.8311' }), ...options })
  await deployProcessesFolder(engine)
  return engine
}
