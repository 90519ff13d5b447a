// Message start events, the same on both engines: a published message starts an instance of the newest version of
// every process whose message start event waits for it, with the correlation key as business key and the message's
// variables, unless an instance of that process with that business key is still open (as Zeebe keeps one active
// instance per correlation key). The engines run the start event as a plain start: on Operaton the translation
// drops its message definition, so that the adapter starts it as any instance and adopts it. With the app's hook
// (start-event-cases.ts) the app makes a case first and the case id is the business key; the hook keeps the rule of
// one open instance per correlation key.
import type { PrismaClient } from '../src/generated/prisma/client.ts'
import type { PublishMessageRequest } from './port.ts'
import type { StartEventCases, StartInstance } from './start-event-cases.ts'

export interface MessageStartCatalog {
  /** The newest version of each deployed process: its id and the message names its message start events take. */
  messageStartsByProcess(): Promise<{ processId: string; messageStarts: readonly string[] }[]>
}

/** Starts the instances a message starts; returns how many. */
export async function startByMessage(
  prisma: PrismaClient,
  catalog: MessageStartCatalog,
  start: StartInstance,
  request: PublishMessageRequest,
  cases: StartEventCases | null = null,
): Promise<number> {
  let started = 0
  for (const process of await catalog.messageStartsByProcess()) {
    if (!process.messageStarts.includes(request.name)) continue
    if (cases) {
      const trigger = { kind: 'message' as const, messageName: request.name, correlationKey: request.correlationKey }
      if (await cases({ processId: process.processId, trigger, variables: request.variables ?? {} }, start)) started++
      continue
    }
    const open = await prisma.processInstance.count({
      where: { processId: process.processId, businessKey: request.correlationKey, status: { notIn: ['completed', 'canceled'] } },
    })
    if (open > 0) continue
    await start({ processId: process.processId, businessKey: request.correlationKey, variables: request.variables ?? {} })
    started++
  }
  return started
}
