// compute-deadlines: the statutory dates of a benefit case from its receipt date, by the legal calendar:
// family interview within 14 working days (2 if urgent), decision within one month (KPA art. 35 §3).
import { complete, bpmnError, type JobHandler } from '../../engine/job.ts'
import { computeDeadline } from '../../domain/legal-calendar.ts'
import { parseIsoDate } from '../../domain/local-date.ts'
import { endOfWarsawDay } from '../../domain/warsaw-time.ts'
import type { HandlerDeps } from '../handler-deps.ts'
import { TaskType } from '../task-types.ts'

export interface ComputeDeadlinesInput {
  receivedAt: string
  urgent?: boolean
}

export function createComputeDeadlinesHandler(_deps: HandlerDeps): JobHandler<ComputeDeadlinesInput> {
  return {
    taskType: TaskType.computeDeadlines,
    // computes from the job (and reads): the embedded engine may complete it within the step that reaches it
    sideEffectFree: true,
    transactional: true,
    async handle(job) {
      const receivedAt = parseIsoDate(job.variables.receivedAt)
      if (!receivedAt) return bpmnError('INVALID_RECEIVED_AT', 'receivedAt is not a date')
      const interviewDue = computeDeadline(receivedAt, job.variables.urgent ? 2 : 14, 'working-days')
      const decisionDue = computeDeadline(receivedAt, 1, 'months')
      return complete({
        interviewDueDate: interviewDue,
        interviewDueAt: endOfWarsawDay(interviewDue).toISOString(),
        decisionDueDate: decisionDue,
        decisionDueAt: endOfWarsawDay(decisionDue).toISOString(),
      })
    },
  }
}
