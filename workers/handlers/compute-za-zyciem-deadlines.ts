// compute-za-zyciem-deadlines: the written reply to a "Za życiem" coordination request is due 14 days after
// receipt (local practice, not statute: procedure-parameters.json), counted like a KPA deadline in days.
import { complete, type JobHandler } from '../../engine/job.ts'
import { endOfWarsawDay } from '../../domain/warsaw-time.ts'
import { zaZyciemReplyDueOn } from '../../domain/za-zyciem.ts'
import type { HandlerDeps } from '../handler-deps.ts'
import { TaskType } from '../task-types.ts'
import { optionalDate } from './job-values.ts'

export interface ComputeZaZyciemDeadlinesInput {
  receivedAt: string
}

export function createComputeZaZyciemDeadlinesHandler(_deps: HandlerDeps): JobHandler<ComputeZaZyciemDeadlinesInput> {
  return {
    taskType: TaskType.computeZaZyciemDeadlines,
    // computes from the job (and reads): the embedded engine may complete it within the step that reaches it
    sideEffectFree: true,
    transactional: true,
    async handle(job) {
      const receivedAt = optionalDate(job.variables.receivedAt)
      if (!receivedAt) return { kind: 'fail', message: 'compute-za-zyciem-deadlines needs receivedAt', retries: 0 }
      const due = zaZyciemReplyDueOn(receivedAt)
      return complete({ replyDueOn: due, replyDueAt: endOfWarsawDay(due).toISOString() })
    },
  }
}
