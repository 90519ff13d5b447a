// The adapter's own job for a signal throw or end event on Operaton (the translation makes it an external task on the
// topic SIGNAL_JOB_TYPE, as the embedded engine makes it a job of its own): broadcast the signal through Operaton's
// REST API with the event's input mappings as its variables (every waiting catch or boundary event, every event
// sub-process it starts), then start the processes whose signal start event takes it (engine/signal-starts.ts), once
// per throw: the external task's id is the throw's id, so a throw handed out again starts nothing more (the broadcast
// itself is at least once, as on the embedded engine). Runs in the app, never in `npm run workers` (it starts
// instances through the adapter).
import { SIGNAL_JOB_TYPE } from '../embedded/internal-jobs.ts'
import { complete, type JobHandler } from '../job.ts'
import { startBySignal, type SignalStartCatalog } from '../signal-starts.ts'
import type { StartEventCases, StartInstance } from '../start-event-cases.ts'
import type { PrismaClient } from '../../src/generated/prisma/client.ts'
import type { OperatonClient } from './operaton-client.ts'
import { toOperatonVariables } from './typed-variables.ts'

export interface SignalBroadcastDeps {
  client: OperatonClient
  prisma: PrismaClient
  catalog: SignalStartCatalog
  start: StartInstance
  cases: () => StartEventCases | null
  tenantId: string | null
}

export function signalBroadcastHandler(deps: SignalBroadcastDeps): JobHandler {
  return {
    taskType: SIGNAL_JOB_TYPE,
    async handle(job) {
      const name = String(job.headers.signalName ?? '')
      const variables = (job.variables ?? {}) as Record<string, unknown>
      await deps.client.request('POST', '/signal', {
        body: { name, variables: toOperatonVariables(variables), ...(deps.tenantId ? { tenantId: deps.tenantId } : {}) },
      })
      await startBySignal(deps.prisma, deps.catalog, deps.start, { name, variables, throwId: job.key }, deps.cases())
      return complete()
    },
  }
}
