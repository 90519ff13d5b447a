// compute-crisis-deadlines: the schedule of a crisis intervention (UPS art. 47). Header "compute":
//   "triage"  (default): triage due a few hours after the report (reportedAt, else the case's registration),
//                        the follow-up interval and the longest shelter stay, as in force that day;
//   "shelter": the last day of a shelter stay starting on shelterFrom (≤ 3 months) and its end-of-day instant.
// The report time is read from the variables or the case row, never from the clock, so a job delivered twice
// gives the same answer.
import { complete, bpmnError, fail, type JobHandler } from '../../engine/job.ts'
import { crisisSchedule, shelterEndsOn } from '../../domain/crisis-intervention.ts'
import { endOfWarsawDay } from '../../domain/warsaw-time.ts'
import type { HandlerDeps } from '../handler-deps.ts'
import { readerOf } from '../in-transaction.ts'
import { ErrorCode } from '../error-codes.ts'
import { TaskType } from '../task-types.ts'
import { optionalDate, optionalInstant } from './job-values.ts'

export interface ComputeCrisisDeadlinesInput {
  caseId?: string
  /** When the crisis was reported (ISO date-time); defaults to the case's registration time. */
  reportedAt?: string
  shelterFrom?: string
}

export function createComputeCrisisDeadlinesHandler(deps: HandlerDeps): JobHandler<ComputeCrisisDeadlinesInput> {
  return {
    taskType: TaskType.computeCrisisDeadlines,
    // computes from the job (and reads): the embedded engine may complete it within the step that reaches it
    sideEffectFree: true,
    transactional: true,
    async handle(job, context) {
      if (job.headers.compute === 'shelter') {
        const from = optionalDate(job.variables.shelterFrom)
        if (!from) return bpmnError(ErrorCode.invalidDates, 'shelterFrom is missing or not a date')
        const endsOn = shelterEndsOn(from)
        return complete({ shelterEndsOn: endsOn, shelterEndsAt: endOfWarsawDay(endsOn).toISOString() })
      }
      let reportedAt = optionalInstant(job.variables.reportedAt)
      const caseId = job.variables.caseId ?? job.businessKey
      if (!reportedAt && caseId) {
        const kase = await readerOf(deps, context).case.findUnique({ where: { id: caseId }, select: { createdAt: true } })
        reportedAt = kase?.createdAt ?? null
      }
      if (!reportedAt) return fail('compute-crisis-deadlines needs reportedAt or an existing case')
      const s = crisisSchedule(reportedAt)
      return complete({
        reportedAt: reportedAt.toISOString(),
        triageDueAt: s.triageDueAt.toISOString(),
        triageHours: s.triageHours,
        followUpInterval: s.followUpInterval,
        shelterMaxMonths: s.shelterMaxMonths,
      })
    },
  }
}
