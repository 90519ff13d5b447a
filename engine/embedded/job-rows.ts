// The Job rows a save inserts: the jobs the run waits on from now (pending, or claimed by this process when their
// handler runs here: claimed-new-jobs.ts) and the jobs the step created and completed itself (side-effect-free-jobs.ts).
import { insertedJobStatus } from './claimed-new-jobs.ts'
import type { WaitingJob } from './instance-run.ts'
import type { NewJobRow } from './row-inserts.ts'
import type { CompletedInStep } from './side-effect-free-jobs.ts'

export function jobRowsToInsert(
  instanceId: string,
  now: Date,
  waiting: readonly WaitingJob[],
  locks: ReadonlyMap<string, Date | null>,
  completedInStep: readonly CompletedInStep[],
): NewJobRow[] {
  const row = (job: WaitingJob) => ({
    instanceId,
    elementId: job.elementId,
    executionId: job.executionId,
    type: job.type,
    retries: job.retries,
    dueAt: now,
    variables: job.variables,
    headers: job.headers,
    createdAt: now,
    updatedAt: now,
  })
  return [
    ...waiting.map((job) => ({ ...row(job), ...insertedJobStatus(locks.get(job.executionId) ?? null) })),
    ...completedInStep.map(({ id, job, result, errorCode }) => ({
      ...row(job),
      id,
      status: 'completed',
      attempts: 1,
      result,
      errorCode,
    })),
  ]
}
