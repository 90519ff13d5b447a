// The pending-start round: every case whose procedure start is pending and whose next attempt is due (the
// registration crashed or its attempt failed, and the grace period or backoff is over) is claimed and started, or
// linked to the instance the engine already has for its id (start-case-process.ts). Safe with several app processes
// on one database: each case is claimed by a conditional update, so one process makes each attempt.
import type { ServiceDeps } from './deps.ts'
import { retryCaseStart } from './start-case-process.ts'

export interface PendingStartRound {
  started: number
  linked: number
  failed: number
}

const BATCH = 50
/** Batches per round at most (a case tried is not due again within the round: its claim or backoff moves it on). */
const MAX_BATCHES = 20

export async function retryPendingStarts(deps: ServiceDeps): Promise<PendingStartRound> {
  const round: PendingStartRound = { started: 0, linked: 0, failed: 0 }
  for (let batch = 0; batch < MAX_BATCHES; batch++) {
    const due = await deps.prisma.case.findMany({
      where: { startRetryAt: { lte: deps.clock.now() } },
      orderBy: [{ startRetryAt: 'asc' }, { id: 'asc' }],
      take: BATCH,
      select: { id: true },
    })
    for (const { id } of due) {
      const result = await retryCaseStart(deps, id, null)
      if (result === null) continue
      if (!result.ok) round.failed++
      else if (result.linked) round.linked++
      else round.started++
    }
    if (due.length < BATCH) break
  }
  return round
}
