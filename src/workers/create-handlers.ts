// The list of every job handler. A BPMN job type without an entry here fails the deployment checks.
import type { JobHandler } from '../engine/job.ts'
import type { HandlerDeps } from './handler-deps.ts'
import { createRegisterCaseHandler } from './handlers/register-case.ts'
import { createComputeDeadlinesHandler } from './handlers/compute-deadlines.ts'
import { createAssessIncomeHandler } from './handlers/assess-income.ts'
import { createCloseCaseHandler } from './handlers/close-case.ts'
import { createRecordDeadlineMissedHandler } from './handlers/record-deadline-missed.ts'

export function createHandlers(deps: HandlerDeps): JobHandler[] {
  return [
    createRegisterCaseHandler(deps),
    createComputeDeadlinesHandler(deps),
    createAssessIncomeHandler(deps),
    createCloseCaseHandler(deps),
    createRecordDeadlineMissedHandler(deps),
  ]
}
