// record-deadline-missed: writes into the case history that a statutory deadline passed, once per job.
import { complete, fail, type JobHandler } from '../../engine/job.ts'
import type { HandlerDeps } from '../handler-deps.ts'
import { inTransaction } from '../in-transaction.ts'
import { TaskType } from '../task-types.ts'

export interface RecordDeadlineMissedInput {
  caseId: string
  /** Which deadline, e.g. "family-interview". */
  deadline: string
  dueAt?: string
}

export function createRecordDeadlineMissedHandler(deps: HandlerDeps): JobHandler<RecordDeadlineMissedInput> {
  return {
    taskType: TaskType.recordDeadlineMissed,
    // its reads and writes go through the engine\'s transaction when given (JobHandler.transactional)
    transactional: true,
    async handle(job, context) {
      const caseId = job.variables.caseId ?? job.businessKey
      if (!caseId) return fail('record-deadline-missed needs caseId')
      const key = `${TaskType.recordDeadlineMissed}:${job.key}`
      await inTransaction(deps, context, async (tx) => {
        const seen = await tx.idempotencyKey.findUnique({ where: { key } })
        if (seen) return
        await tx.idempotencyKey.create({ data: { key } })
        await tx.caseEvent.create({
          data: { caseId, type: 'deadline-missed', at: deps.clock.now(), data: { deadline: job.variables.deadline, dueAt: job.variables.dueAt ?? null } },
        })
      })
      return complete()
    },
  }
}
