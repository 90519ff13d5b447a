// A new job whose handler runs in this process is inserted by the save already claimed (status running, locked,
// its first attempt counted) and handed to the handler straight after the commit: no poller round and no separate
// claim statement. Nothing is lost on a crash: the row is committed before the handler sees the job, and a job
// left running is handed out again by the next start (every running job) or by the due-work round once its lock has
// expired (jobs are delivered at least once; handlers are idempotent). A claimed job that waited in this process's
// queue past its lock is not run from here: the due-work round hands it out again.

/** The lock a new job of this type gets when its handler runs in this process; null: inserted pending. */
export type NewJobLock = (type: string) => Date | null

/** A job this process claimed by inserting it: what the job runner needs, without reading the row. */
export interface ClaimedJob {
  id: string
  type: string
  instanceId: string
  elementId: string
  executionId: string
  variables: unknown
  headers: unknown
  retries: number
  /** 1: the insert counted the first attempt. */
  attempts: number
  lockedUntil: Date
}

/** The columns that make an inserted job claimed, or pending when `lockedUntil` is null. */
export function insertedJobStatus(lockedUntil: Date | null) {
  return lockedUntil ? { status: 'running', lockedUntil, attempts: 1 } : { status: 'pending' }
}

/** Whether a claimed job may still be run by this process (its lock has not run out while it was queued). */
export function stillLocked(job: ClaimedJob, now: Date): boolean {
  return job.lockedUntil.getTime() > now.getTime()
}
