// The list of every job handler. A BPMN job type without an entry here fails the deployment checks.
import type { JobHandler } from '../engine/job.ts'
import type { HandlerDeps } from './handler-deps.ts'
import { createRegisterCaseHandler } from './handlers/register-case.ts'
import { createComputeDeadlinesHandler } from './handlers/compute-deadlines.ts'
import { createAssessIncomeHandler } from './handlers/assess-income.ts'
import { createCloseCaseHandler } from './handlers/close-case.ts'
import { createRecordDeadlineMissedHandler } from './handlers/record-deadline-missed.ts'
import { createComputeCrisisDeadlinesHandler } from './handlers/compute-crisis-deadlines.ts'
import { createComputeFuneralCostRecoveryHandler } from './handlers/compute-funeral-cost-recovery.ts'
import { createComputeZaZyciemDeadlinesHandler } from './handlers/compute-za-zyciem-deadlines.ts'
import { createComputeFamilyAssistantDeadlinesHandler } from './handlers/compute-family-assistant-deadlines.ts'
import { createAssignFamilyAssistantHandler } from './handlers/assign-family-assistant.ts'
import { createComputeBlueCardDeadlinesHandler } from './handlers/compute-blue-card-deadlines.ts'
import { createCheckDecisionDraftHandler } from './handlers/check-decision-draft.ts'
import { createIssueDecisionHandler } from './handlers/issue-decision.ts'
import { createComputeAppealDeadlineHandler } from './handlers/compute-appeal-deadline.ts'
import { createRecordAppealHandler } from './handlers/record-appeal.ts'
import { createRecordCaseEventHandler } from './handlers/record-case-event.ts'
import { createRecordDecisionFinalHandler } from './handlers/record-decision-final.ts'
import { createScheduleInterviewReviewHandler } from './handlers/schedule-interview-review.ts'
import { createSchedulePaymentsHandler } from './handlers/schedule-payments.ts'

export function createHandlers(deps: HandlerDeps): JobHandler[] {
  return [
    createRegisterCaseHandler(deps),
    createComputeDeadlinesHandler(deps),
    createAssessIncomeHandler(deps),
    createCloseCaseHandler(deps),
    createRecordDeadlineMissedHandler(deps),
    createComputeCrisisDeadlinesHandler(deps),
    createComputeFuneralCostRecoveryHandler(deps),
    createComputeZaZyciemDeadlinesHandler(deps),
    createComputeFamilyAssistantDeadlinesHandler(deps),
    createAssignFamilyAssistantHandler(deps),
    createComputeBlueCardDeadlinesHandler(deps),
    createCheckDecisionDraftHandler(deps),
    createIssueDecisionHandler(deps),
    createComputeAppealDeadlineHandler(deps),
    createRecordAppealHandler(deps),
    createRecordCaseEventHandler(deps),
    createRecordDecisionFinalHandler(deps),
    createScheduleInterviewReviewHandler(deps),
    createSchedulePaymentsHandler(deps),
  ]
}
