// compute-appeal-deadline: the decision was delivered (message decision-delivered with deliveredAt). The
// appeal period (KPA art. 129 § 2: 14 days from delivery, from the parameter file) is counted per art. 57:
// the delivery day is not counted, an end on a Saturday or holiday moves to the next working day. The window
// closes at the end of that day in Warsaw. Writes "decision-delivered" into the history once, by the person who
// recorded the delivery (recordedBy). A delivery before the decision's issue date is refused (INVALID_DELIVERY_DATE).
import { bpmnError, complete, fail, type JobHandler } from '../../engine/job.ts'
import { appealDeadline } from '../../domain/appeal-deadline.ts'
import { compareDates, parseIsoDate } from '../../domain/local-date.ts'
import { ErrorCode } from '../error-codes.ts'
import { recordedByOf } from '../recorded-by.ts'
import type { HandlerDeps } from '../handler-deps.ts'
import { once } from '../once.ts'
import { TaskType } from '../task-types.ts'

export interface ComputeAppealDeadlineInput {
  caseId?: string
  deliveredAt?: string
  decisionIssuedDate?: string | null
  recordedBy?: string | null
}

export function createComputeAppealDeadlineHandler(deps: HandlerDeps): JobHandler<ComputeAppealDeadlineInput> {
  return {
    taskType: TaskType.computeAppealDeadline,
    // its reads and writes go through the engine\'s transaction when given (JobHandler.transactional)
    transactional: true,
    async handle(job, context) {
      const caseId = job.variables.caseId ?? job.businessKey
      if (!caseId) return fail('compute-appeal-deadline needs caseId')
      const deliveredAt = parseIsoDate(job.variables.deliveredAt)
      if (!deliveredAt) return bpmnError(ErrorCode.invalidDeliveryDate, 'deliveredAt is not a date YYYY-MM-DD')
      const issued = parseIsoDate(job.variables.decisionIssuedDate)
      if (issued && compareDates(deliveredAt, issued) < 0) {
        return bpmnError(ErrorCode.invalidDeliveryDate, `deliveredAt (${deliveredAt}) is before the decision was issued (${issued})`)
      }
      const deadline = appealDeadline(deliveredAt)
      await once(deps, `${TaskType.computeAppealDeadline}:${job.key}`, async (tx) => {
        await tx.caseEvent.create({
          data: { caseId, type: 'decision-delivered', at: deps.clock.now(), actorId: recordedByOf(job.variables), data: { deliveredAt, appealDeadline: deadline.date } },
        })
        return {}
      }, context)
      return complete({ appealDeadlineDate: deadline.date, appealDeadlineAt: deadline.at })
    },
  }
}
