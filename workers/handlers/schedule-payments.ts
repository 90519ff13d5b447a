// schedule-payments: writes the Payment rows of a granted benefit once its decision is final: monthly from the
// month of the complete application (UPS art. 106(3), no backdating) for the decided period; an open-ended
// benefit up to the month of the next interview update (each update that continues it extends the schedule);
// zasiłek celowy one payment in the month of the decision. Idempotent: a month is written once per case.
import { complete, fail, type JobHandler } from '../../engine/job.ts'
import { isBenefitKind } from '../../domain/benefit-assessment.ts'
import { parseIsoDate, toIsoDate } from '../../domain/local-date.ts'
import { isYearMonth, monthOf, paymentMonths } from '../../domain/payment-schedule.ts'
import type { HandlerDeps } from '../handler-deps.ts'
import { once } from '../once.ts'
import { TaskType } from '../task-types.ts'

export interface SchedulePaymentsInput {
  caseId?: string
  benefit?: string
  receivedAt: string
  decisionAmount?: number | null
  decisionPeriodMonths?: number | null
  decisionIssuedDate?: string | null
  interviewReviewDate?: string | null
  paymentsScheduledThrough?: string | null
}

export function createSchedulePaymentsHandler(deps: HandlerDeps): JobHandler<SchedulePaymentsInput> {
  return {
    taskType: TaskType.schedulePayments,
    // its reads and writes go through the engine\'s transaction when given (JobHandler.transactional)
    transactional: true,
    async handle(job, context) {
      const v = job.variables
      const caseId = v.caseId ?? job.businessKey
      if (!caseId) return fail('schedule-payments needs caseId')
      if (!isBenefitKind(v.benefit)) return fail('schedule-payments needs the benefit')
      const amount = typeof v.decisionAmount === 'number' ? v.decisionAmount : null
      if (amount === null || amount <= 0) return fail('schedule-payments needs a positive decisionAmount')
      const review = parseIsoDate(v.interviewReviewDate)
      const months = paymentMonths({
        benefit: v.benefit,
        applicationDate: v.receivedAt,
        periodMonths: typeof v.decisionPeriodMonths === 'number' ? v.decisionPeriodMonths : null,
        decisionDate: parseIsoDate(v.decisionIssuedDate) ?? toIsoDate(deps.clock.now()),
        throughMonth: review ? monthOf(review) : null,
        scheduledThrough: isYearMonth(v.paymentsScheduledThrough) ? v.paymentsScheduledThrough : null,
      })
      const now = deps.clock.now()
      await once(deps, `${TaskType.schedulePayments}:${job.key}`, async (tx) => {
        if (months.length === 0) return {}
        await tx.payment.createMany({
          data: months.map((month) => ({ caseId, month, benefit: v.benefit!, amount: amount.toFixed(2), status: 'planned', createdAt: now })),
          skipDuplicates: true,
        })
        await tx.caseEvent.create({
          data: { caseId, type: 'payments-scheduled', at: now, data: { from: months[0], to: months.at(-1)!, count: months.length, amount } },
        })
        return {}
      }, context)
      return complete({ paymentsScheduledThrough: months.at(-1) ?? v.paymentsScheduledThrough ?? null })
    },
  }
}
