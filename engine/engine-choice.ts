// Which engine set-up a start needs, from ENGINE and the cases the database still runs:
// - ENGINE=embedded, no case running on Operaton: the embedded engine;
// - ENGINE=embedded while cases still run on Operaton: refused (ConfigError naming how many and what to set): going
//   back would leave those cases with nobody to move them, and starting new ones beside them on the embedded engine
//   is a half-move we do not offer;
// - ENGINE=operaton, no embedded case running: the Operaton adapter alone;
// - ENGINE=operaton while embedded cases have not ended: routing-engine.ts (new cases on Operaton, the older ones
//   finish on the embedded engine).
import { ConfigError, type EngineKind } from '../src/config.ts'
import type { PrismaClient } from '../src/generated/prisma/client.ts'

export const RUNNING_STATUSES = ['running', 'waiting', 'incident']

export type EngineChoice = { kind: 'embedded' } | { kind: 'operaton'; embeddedCases: number }

/** Process instances of `engine` that have not ended (running, waiting or in incident). */
export function runningInstances(prisma: PrismaClient, engine: 'embedded' | 'operaton'): Promise<number> {
  return prisma.processInstance.count({ where: { engine, status: { in: RUNNING_STATUSES } } })
}

export async function chooseEngine(prisma: PrismaClient, engine: EngineKind): Promise<EngineChoice> {
  if (engine === 'operaton') return { kind: 'operaton', embeddedCases: await runningInstances(prisma, 'embedded') }
  const onOperaton = await runningInstances(prisma, 'operaton')
  if (onOperaton > 0) throw new ConfigError('ENGINE', embeddedRefusal(onOperaton))
  return { kind: 'embedded' }
}

export function embeddedRefusal(onOperaton: number): string {
  const cases = onOperaton === 1 ? '1 process instance still runs' : `${onOperaton} process instances still run`
  return (
    `ENGINE=embedded, but ${cases} on Operaton in this database. Set ENGINE=operaton and OPERATON_URL (the engine ` +
    'nodes, e.g. http://127.0.0.1:8080/engine-rest) to let them finish there; cases started on the embedded engine ' +
    'keep running beside them. The embedded engine cannot take over cases that run on Operaton.'
  )
}
