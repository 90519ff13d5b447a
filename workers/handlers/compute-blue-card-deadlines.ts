// compute-blue-card-deadlines: the working-day deadlines of a Blue Card procedure (Dz.U. 2023 poz. 1870) from
// the dates known so far — form A filled in (receivedAt), the chair's and the group's receipt of form A — as
// dates and as instants at the end of that day in Warsaw (for zeebe:taskSchedule and deadline timers).
// Runs at each step that learns a new date; pure computation, so idempotent.
import { complete, bpmnError, fail, type JobHandler } from '../../engine/job.ts'
import { blueCardDeadlines } from '../../domain/blue-card-deadlines.ts'
import { NoParameterError, parameterOn } from '../../domain/procedure-parameters.ts'
import { endOfWarsawDay } from '../../domain/warsaw-time.ts'
import type { HandlerDeps } from '../handler-deps.ts'
import { ErrorCode } from '../error-codes.ts'
import { TaskType } from '../task-types.ts'
import { isTrue, optionalDate } from './job-values.ts'

export interface ComputeBlueCardDeadlinesInput {
  receivedAt: string
  perpetratorPresent?: boolean
  chairReceivedOn?: string | null
  gdpReceivedOn?: string | null
}

const at = (date: string | null) => (date ? endOfWarsawDay(date).toISOString() : null)

export function createComputeBlueCardDeadlinesHandler(_deps: HandlerDeps): JobHandler<ComputeBlueCardDeadlinesInput> {
  return {
    taskType: TaskType.computeBlueCardDeadlines,
    // computes from the job (and reads): the embedded engine may complete it within the step that reaches it
    sideEffectFree: true,
    transactional: true,
    async handle(job) {
      const v = job.variables
      const start = optionalDate(v.receivedAt)
      if (!start) return { kind: 'fail', message: 'compute-blue-card-deadlines needs receivedAt (the day form A was filled in)', retries: 0 }
      const chairReceivedOn = optionalDate(v.chairReceivedOn)
      const gdpReceivedOn = optionalDate(v.gdpReceivedOn)
      if (chairReceivedOn === undefined || gdpReceivedOn === undefined) return bpmnError(ErrorCode.invalidDates, 'a receipt date is not a date')
      try {
        const d = blueCardDeadlines({ procedureStartedOn: start, perpetratorPresent: isTrue(v.perpetratorPresent), chairReceivedOn, gdpReceivedOn })
        const out: Record<string, unknown> = {
          formAToChairDueOn: d.formAToChairDueOn,
          formAToChairDueAt: at(d.formAToChairDueOn),
          perpetratorNoticeRequired: d.perpetratorNoticeDueOn !== null,
          perpetratorNoticeDueOn: d.perpetratorNoticeDueOn,
          perpetratorNoticeDueAt: at(d.perpetratorNoticeDueOn),
          monitoringInterval: parameterOn('blueCardMonitoringInterval', start),
        }
        if (d.gdpReferralDueOn) Object.assign(out, { gdpReferralDueOn: d.gdpReferralDueOn, gdpReferralDueAt: at(d.gdpReferralDueOn) })
        if (d.firstMeetingDueOn) Object.assign(out, { firstMeetingDueOn: d.firstMeetingDueOn, firstMeetingDueAt: at(d.firstMeetingDueOn) })
        return complete(out)
      } catch (err) {
        if (err instanceof NoParameterError) return { kind: 'fail', message: `${err.message}: procedures started before the 2023 regulation are not supported`, retries: 0 }
        if (err instanceof RangeError) return bpmnError(ErrorCode.invalidDates, err.message)
        return fail((err as Error).message)
      }
    },
  }
}
