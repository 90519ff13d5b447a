// compute-appeal-deadline: the decision was delivered (message decision-delivered with deliveredAt). The
// appeal period (KPA art. 129 § 2: 14 days from delivery, from the parameter file) is counted per art. 57:
// the delivery day is not counted, an end on a Saturday or holiday moves to the next working day. The window
// closes at the end of that day in Warsaw. Writes "decision-delivered" into the history once.
import { bpmnError, complete, fail, type JobHandler } from '../../engine/job.ts'
import { appealDeadline } from '../../domain/appeal-deadline.ts'
import { parseIsoDate } from '../../domain/local-date.ts'
import type { HandlerDeps } from '../handler-deps.ts'
import { once } from '../once.ts'
import { TaskType } from '../task-types.ts'

export interface ComputeAppealDeadlineInput {
  caseId?: string
  deliveredAt?: string
}

export function createComputeAppealDeadlineHandler(deps: HandlerDeps): JobHandler<ComputeAppealDeadlineInput> {
  return {
    taskType: TaskType.computeAppealDeadline,
    async handle(job) {
      const caseId = job.variables.caseId ?? job.businessKey
      if (!caseId) return fail('compute-appeal-deadline needs caseId')
      const deliveredAt = parseIsoDate(job.variables.deliveredAt)
      if (!deliveredAt) return bpmnError('INVALID_DELIVERY_DATE', 'deliveredAt is not a date YYYY-MM-DD')
      const deadline = appealDeadline(deliveredAt)
      await once(deps, `${TaskType.computeAppealDeadline}:${job.key}`, async (tx) => {
        await tx.caseEvent.create({
          data: { caseId, type: 'decision-delivered', at: deps.clock.now(), data: { deliveredAt, appealDeadline: deadline.date } },
        })
        return {}
      })
      return complete({ appealDeadlineDate: deadline.date, appealDeadlineAt: deadline.at })
    },
  }
}
