// close-case: records the outcome of the procedure on the case. Idempotent.
import { complete, fail, type JobHandler } from '../../engine/job.ts'
import type { HandlerDeps } from '../handler-deps.ts'
import { inTransaction } from '../in-transaction.ts'
import { TaskType } from '../task-types.ts'

export interface CloseCaseInput {
  caseId: string
  outcome: string
}

export function createCloseCaseHandler(deps: HandlerDeps): JobHandler<CloseCaseInput> {
  return {
    taskType: TaskType.closeCase,
    // its reads and writes go through the engine\'s transaction when given (JobHandler.transactional)
    transactional: true,
    async handle(job, context) {
      const caseId = job.variables.caseId ?? job.businessKey
      const outcome = String(job.variables.outcome ?? 'closed')
      if (!caseId) return fail('close-case needs caseId')
      await inTransaction(deps, context, async (tx) => {
        const updated = await tx.case.updateMany({
          where: { id: caseId, status: { not: 'closed' } },
          data: { status: 'closed', outcome, closedAt: deps.clock.now() },
        })
        if (updated.count === 1) {
          await tx.caseEvent.create({ data: { caseId, type: 'closed', data: { outcome }, at: deps.clock.now() } })
        }
      })
      return complete({ caseOutcome: outcome })
    },
  }
}
