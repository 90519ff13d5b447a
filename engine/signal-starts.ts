// Signal start events, the same on both engines: a broadcast signal starts one instance of the newest version of every
// process whose signal start event waits for it, with the signal's variables. A throw is delivered at least once (the
// engine's own job), so each start is keyed by the throw: with the app's hook (start-event-cases.ts) the case's start
// key, without it the business key "<processId>@signal:<throw id>"; a throw delivered again starts nothing more.
import type { PrismaClient } from '../src/generated/prisma/client.ts'
import type { StartEventCases, StartInstance } from './start-event-cases.ts'

export interface SignalStartCatalog {
  /** The newest version of each deployed process: its id and the signal names its signal start events take. */
  signalStartsByProcess(): Promise<{ processId: string; signalStarts: readonly string[] }[]>
}

export interface SignalThrow {
  name: string
  variables: Record<string, unknown>
  /** The throw's own id (its job): the same throw delivered again starts nothing more. */
  throwId: string
}

/** Starts the instances a signal starts; returns how many. */
export async function startBySignal(
  prisma: PrismaClient,
  catalog: SignalStartCatalog,
  start: StartInstance,
  signal: SignalThrow,
  cases: StartEventCases | null = null,
): Promise<number> {
  let started = 0
  for (const process of await catalog.signalStartsByProcess()) {
    if (!process.signalStarts.includes(signal.name)) continue
    if (cases) {
      const trigger = { kind: 'signal' as const, signalName: signal.name, throwId: signal.throwId }
      if (await cases({ processId: process.processId, trigger, variables: signal.variables }, start)) started++
      continue
    }
    const businessKey = `${process.processId}@signal:${signal.throwId}`
    if (await prisma.processInstance.count({ where: { processId: process.processId, businessKey } })) continue
    await start({ processId: process.processId, businessKey, variables: signal.variables })
    started++
  }
  return started
}
