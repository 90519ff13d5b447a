// schedule-interview-review: recurring benefits need the family interview updated at least every 6 months
// (the period comes from the parameter file). The next update is due that many months (KPA art. 57 counting,
// addPeriod) after the decision, or after the previous update date; it is needed only while the benefit is
// still paid after that date (an open-ended zasiłek stały always). The update task is due 14 working days
// after it appears (the first interview's rule; a convention, no statute found).
import { complete, type JobHandler } from '../../engine/job.ts'
import { valueOn } from '../../domain/benefit-parameters.ts'
import { RECURRING_BENEFITS, isBenefitKind } from '../../domain/benefit-assessment.ts'
import { addPeriod, addWorkingDays } from '../../domain/legal-calendar.ts'
import { parseIsoDate, toIsoDate } from '../../domain/local-date.ts'
import { compareMonths, monthOf, periodEndMonth } from '../../domain/payment-schedule.ts'
import { endOfWarsawDay, warsawInstant } from '../../domain/warsaw-time.ts'
import type { HandlerDeps } from '../handler-deps.ts'
import { TaskType } from '../task-types.ts'

export interface ScheduleInterviewReviewInput {
  benefit?: string
  receivedAt: string
  decisionIssuedDate?: string | null
  decisionPeriodMonths?: number | null
  interviewReviewDate?: string | null
}

export function nextInterviewReview(v: ScheduleInterviewReviewInput, today: string): { date: string; needed: boolean } {
  const base = parseIsoDate(v.interviewReviewDate) ?? parseIsoDate(v.decisionIssuedDate) ?? today
  const months = valueOn('interviewUpdateMonths', base).value
  const date = addPeriod(base, months, 'months')
  const recurring = isBenefitKind(v.benefit) && RECURRING_BENEFITS.includes(v.benefit)
  const periodMonths = typeof v.decisionPeriodMonths === 'number' ? v.decisionPeriodMonths : null
  const end = periodEndMonth(v.receivedAt, periodMonths)
  const needed = recurring && (end === null || compareMonths(end, monthOf(date)) > 0)
  return { date, needed }
}

export function createScheduleInterviewReviewHandler(deps: HandlerDeps): JobHandler<ScheduleInterviewReviewInput> {
  return {
    taskType: TaskType.scheduleInterviewReview,
    // computes from the job (and reads): the embedded engine may complete it within the step that reaches it
    sideEffectFree: true,
    transactional: true,
    async handle(job) {
      const next = nextInterviewReview(job.variables, toIsoDate(deps.clock.now()))
      return complete({
        interviewReviewDate: next.date,
        interviewReviewAt: warsawInstant(next.date, '00:00:00').toISOString(),
        // The update task is due 14 working days after it appears, like a first interview (a convention).
        interviewReviewDueAt: endOfWarsawDay(addWorkingDays(next.date, 14)).toISOString(),
        interviewReviewNeeded: next.needed,
      })
    },
  }
}
