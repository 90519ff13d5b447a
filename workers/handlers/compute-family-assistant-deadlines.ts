// compute-family-assistant-deadlines: how often the family's situation is assessed while an assistant works
// with it (UWR art. 15; "every 6 months" is UNCONFIRMED and dated data in procedure-parameters.json).
import { complete, type JobHandler } from '../../engine/job.ts'
import { parameterOn } from '../../domain/procedure-parameters.ts'
import type { HandlerDeps } from '../handler-deps.ts'
import { TaskType } from '../task-types.ts'
import { optionalDate } from './job-values.ts'

export interface ComputeFamilyAssistantDeadlinesInput {
  receivedAt: string
}

export function createComputeFamilyAssistantDeadlinesHandler(_deps: HandlerDeps): JobHandler<ComputeFamilyAssistantDeadlinesInput> {
  return {
    taskType: TaskType.computeFamilyAssistantDeadlines,
    // computes from the job (and reads): the embedded engine may complete it within the step that reaches it
    sideEffectFree: true,
    transactional: true,
    async handle(job) {
      const receivedAt = optionalDate(job.variables.receivedAt)
      if (!receivedAt) return { kind: 'fail', message: 'compute-family-assistant-deadlines needs receivedAt', retries: 0 }
      return complete({ assessmentInterval: parameterOn('familyAssistantAssessmentInterval', receivedAt) })
    },
  }
}
