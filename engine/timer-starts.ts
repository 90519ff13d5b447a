// Timer start events, the same on both engines (as message-starts.ts for message start events): a process whose
// start event is a timer gets an instance of its newest version at each due time. The schedule is rows of the Timer
// table, written by the deployment in the same transaction as the version (so it survives a restart):
//   instanceId = the process definition (catalog row) that armed it, elementId = the start event,
//   executionId = TIMER_START_PREFIX + "<processId>:<version>:<elementId>:<occurrence>", createdAt = when it was
//   armed (the deployment; a cycle without a start counts from it), dueAt = the occurrence's due time.
// A newer version replaces the older version's pending rows (Zeebe: the newest version's timers replace the old
// ones). Firing claims the row for a lease (its dueAt moved to the end of the lease, still pending) and writes the
// next occurrence in one transaction, then starts the instance and marks the row fired (dueAt back to the
// occurrence's due time): one start per due time even with several app processes. A start that fails makes the row
// due again at once; a process stopped between the claim and the start (a crash, SIGKILL) leaves the row pending, and
// the first round after the lease takes it over. An instance with the occurrence's business key already there is not
// started twice (a process stopped between the start and the mark).
// What a case is: with the app's hook (start-event-cases.ts) the app makes the case first, unique per occurrence, and
// the case id is the business key; a start that fails leaves the case start-pending for the app's pending-start round.
// Without a hook (the engine suites) the business key is "<processId>@<due time>" (e.g.
// cov_timer_start@2027-01-01T08:00:00.000Z).
import type { Prisma, PrismaClient } from '../src/generated/prisma/client.ts'
import type { TimerStartModel } from './embedded/process-model.ts'
import { addIsoDuration, parseIsoDuration } from './embedded/iso-duration.ts'
import type { StartEventCases, StartInstance } from './start-event-cases.ts'
import { cycleOccurrence, nextCycleOccurrence, parseTimerCycle } from './timer-cycle.ts'

/** The executionId prefix of timer start rows: the instance timers' schedulers leave them alone. */
export const TIMER_START_PREFIX = 'timer-start:'

/** How long a claimed timer start is left to the round that claimed it before another round takes it over. */
export const TIMER_START_LEASE_MS = 5 * 60_000

/** Where every timer start row is: `where` for the Timer table. */
export const TIMER_START_ROWS = { executionId: { startsWith: TIMER_START_PREFIX } }

type Tx = Prisma.TransactionClient | PrismaClient

/** The business key of the instance a timer start event starts at `dueAt`. */
export function timerStartBusinessKey(processId: string, dueAt: Date): string {
  return `${processId}@${dueAt.toISOString()}`
}

/** The first occurrence at or after `notBefore` of a timer start (index and due time), or null when none is left. */
export function occurrenceFrom(timer: TimerStartModel['timer'], armedAt: Date, notBefore: Date): { index: number; dueAt: Date } | null {
  if ('timeDate' in timer) return { index: 0, dueAt: new Date(timer.timeDate) } // a past date fires at once, as on Zeebe
  if ('timeDuration' in timer) return { index: 0, dueAt: addIsoDuration(armedAt, parseIsoDuration(timer.timeDuration)!) }
  return nextCycleOccurrence(parseTimerCycle(timer.timeCycle)!, armedAt, notBefore)
}

/** The due time of occurrence `index` of a timer start armed at `armedAt` (what its business key names). */
function occurrenceDue(timer: TimerStartModel['timer'], armedAt: Date, index: number): Date | null {
  if ('timeDate' in timer) return new Date(timer.timeDate)
  if ('timeDuration' in timer) return addIsoDuration(armedAt, parseIsoDuration(timer.timeDuration)!)
  return cycleOccurrence(parseTimerCycle(timer.timeCycle)!, armedAt, index)
}

/** The occurrence after `index`, or null (a date and a duration fire once). */
function followingOccurrence(timer: TimerStartModel['timer'], armedAt: Date, index: number): Date | null {
  if (!('timeCycle' in timer)) return null
  return cycleOccurrence(parseTimerCycle(timer.timeCycle)!, armedAt, index + 1)
}

function executionId(processId: string, version: number, elementId: string, index: number): string {
  return `${TIMER_START_PREFIX}${processId}:${version}:${elementId}:${index}`
}

/**
 * Arms the timer start events of a newly deployed version and disarms those of its older versions. A cycle whose
 * start lies in the past begins at its first occurrence from now (past runs are not made up at deployment).
 */
export async function armTimerStarts(
  tx: Tx,
  deployed: { definitionId: string; processId: string; version: number; timerStarts: readonly TimerStartModel[] },
  now: Date,
): Promise<void> {
  await tx.timer.updateMany({
    where: { executionId: { startsWith: `${TIMER_START_PREFIX}${deployed.processId}:` }, status: 'pending' },
    data: { status: 'canceled' },
  })
  for (const start of deployed.timerStarts) {
    const first = occurrenceFrom(start.timer, now, now)
    if (!first) continue
    await tx.timer.create({
      data: {
        instanceId: deployed.definitionId,
        elementId: start.elementId,
        executionId: executionId(deployed.processId, deployed.version, start.elementId, first.index),
        dueAt: first.dueAt,
        status: 'pending',
        createdAt: now,
      },
    })
  }
}

export interface TimerStartDeps {
  prisma: PrismaClient
  now: Date
  /** The timer start events of a catalog version. */
  timerStartsOf(definitionId: string): Promise<readonly TimerStartModel[]>
  /** Starts an instance of the newest version of the process. */
  start: StartInstance
  /** The app's hook: makes the case and starts the instance with the case id as business key. */
  cases?: StartEventCases | null
  /** Whether an instance of the process with this business key exists (a start retried after a failure). */
  exists(processId: string, businessKey: string): Promise<boolean>
  onError?(facts: { timerId: string; processId: string; error: string }): void
}

/** Starts the instances whose timer start events are due; returns how many. */
export async function fireDueTimerStarts(deps: TimerStartDeps): Promise<number> {
  const { prisma, now } = deps
  const due = await prisma.timer.findMany({ where: { ...TIMER_START_ROWS, status: 'pending', dueAt: { lte: now } }, orderBy: { dueAt: 'asc' }, take: 100 })
  let started = 0
  for (const row of due) {
    const [processId, version, elementId, index] = row.executionId.slice(TIMER_START_PREFIX.length).split(':')
    const timer = (await deps.timerStartsOf(row.instanceId)).find((t) => t.elementId === elementId)?.timer
    const dueAt = timer ? occurrenceDue(timer, row.createdAt, Number(index)) : null
    if (!timer || !dueAt) {
      // the version that armed it no longer has this timer start: nothing to start
      await prisma.timer.updateMany({ where: { id: row.id, status: 'pending' }, data: { status: 'canceled' } })
      continue
    }
    const claimed = await prisma.$transaction(async (tx) => {
      const claim = await tx.timer.updateMany({
        where: { id: row.id, status: 'pending', dueAt: row.dueAt },
        data: { dueAt: new Date(now.getTime() + TIMER_START_LEASE_MS) },
      })
      if (claim.count !== 1) return false
      const next = followingOccurrence(timer, row.createdAt, Number(index))
      if (next) {
        // skipDuplicates: a row taken over after a lease already wrote its next occurrence
        await tx.timer.createMany({
          data: [{ instanceId: row.instanceId, elementId: elementId!, executionId: executionId(processId!, Number(version), elementId!, Number(index) + 1), dueAt: next, status: 'pending', createdAt: row.createdAt }],
          skipDuplicates: true,
        })
      }
      return true
    })
    if (!claimed) continue
    const businessKey = timerStartBusinessKey(processId!, dueAt)
    try {
      if (deps.cases) await deps.cases({ processId: processId!, trigger: { kind: 'timer', elementId: elementId!, dueAt }, variables: {} }, deps.start)
      else if (!(await deps.exists(processId!, businessKey))) await deps.start({ processId: processId!, businessKey, variables: {} })
      started++
      await prisma.timer.updateMany({ where: { id: row.id, status: 'pending' }, data: { status: 'fired', dueAt } })
    } catch (err) {
      deps.onError?.({ timerId: row.id, processId: processId!, error: (err as Error).message })
      await prisma.timer.updateMany({ where: { id: row.id, status: 'pending' }, data: { dueAt } })
    }
  }
  return started
}
