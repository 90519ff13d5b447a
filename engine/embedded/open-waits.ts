// What an instance waits on as rows: its open jobs, timers, message subscriptions and inbox tasks, with the key
// (execution id) the run knows them by. The save diffs a run's waits against them. They are read in one query for a
// run recovered from the stored state; a live run (live-instances.ts) carries the list its last save left instead,
// which is as good as the query because the save is conditional on the revision that save wrote (only a save
// creates wait rows), and every change the save makes to a row it thinks open is conditional on the row's status.
import type { Prisma } from '../../src/generated/prisma/client.ts'

export interface OpenWait {
  kind: 'job' | 'timer' | 'message' | 'task'
  id: string
  key: string
  due: Date | null
}

/** The statuses in which each kind of row is still waited on (the read below and the save's conditions). */
export const OPEN_JOB_STATUSES = ['pending', 'running', 'incident', 'waiting']
export const OPEN_TIMER_STATUSES = ['pending', 'incident']
export const OPEN_SUBSCRIPTION_STATUS = 'open'
export const OPEN_TASK_STATUS = 'open'

/** Everything the instance waits on, in one round trip. */
export function readOpenWaits(tx: Prisma.TransactionClient, instanceId: string): Promise<OpenWait[]> {
  return tx.$queryRaw<OpenWait[]>`
    SELECT 'job' AS kind, "id", "executionId" AS key, "dueAt" AS due FROM "Job"
      WHERE "instanceId" = ${instanceId} AND "status" IN ('pending', 'running', 'incident', 'waiting')
    UNION ALL SELECT 'timer', "id", "executionId", "dueAt" FROM "Timer"
      WHERE "instanceId" = ${instanceId} AND "status" IN ('pending', 'incident')
    UNION ALL SELECT 'message', "id", "executionId", NULL FROM "MessageSubscription"
      WHERE "instanceId" = ${instanceId} AND "status" = 'open'
    UNION ALL SELECT 'task', "id", "engineKey", NULL FROM "Task"
      WHERE "instanceId" = ${instanceId} AND "status" = 'open'`
}

/** The waits after a save: those before it that the run still waits on, and the rows the save created. */
export function openWaitsAfter(before: readonly OpenWait[], stillWaiting: (wait: OpenWait) => boolean, created: readonly OpenWait[]): OpenWait[] {
  return [...before.filter(stillWaiting), ...created]
}
