// The BPMN error codes each job type's handler may return (bpmnError in engine/job.ts). A BPMN file may
// catch only these with an error boundary event on a service task of that type; test/processes/bpmn-lint
// checks it. Keep it next to task-types.ts: add a line when a handler gains a business refusal.
import { TaskType } from './task-types.ts'

export const ErrorCode = {
  invalidIncomeData: 'INVALID_INCOME_DATA',
  invalidReceivedAt: 'INVALID_RECEIVED_AT',
  invalidDates: 'INVALID_DATES',
  invalidAmounts: 'INVALID_AMOUNTS',
  caseloadFull: 'CASELOAD_FULL',
  assistantNotEligible: 'ASSISTANT_NOT_ELIGIBLE',
  draftInvalid: 'DRAFT_INVALID',
  invalidDeliveryDate: 'INVALID_DELIVERY_DATE',
  invalidAppealDate: 'INVALID_APPEAL_DATE',
} as const

export const ERROR_CODES: Readonly<Record<string, readonly string[]>> = {
  [TaskType.computeDeadlines]: [ErrorCode.invalidReceivedAt],
  [TaskType.assessIncome]: [ErrorCode.invalidIncomeData, ErrorCode.invalidDates],
  [TaskType.computeBlueCardDeadlines]: [ErrorCode.invalidDates],
  [TaskType.computeCrisisDeadlines]: [ErrorCode.invalidDates],
  [TaskType.computeFuneralCostRecovery]: [ErrorCode.invalidAmounts],
  [TaskType.assignFamilyAssistant]: [ErrorCode.caseloadFull, ErrorCode.assistantNotEligible],
  [TaskType.checkDecisionDraft]: [ErrorCode.draftInvalid],
  [TaskType.computeAppealDeadline]: [ErrorCode.invalidDeliveryDate],
  [TaskType.recordAppeal]: [ErrorCode.invalidAppealDate],
}

/** The error codes a handler of `taskType` may return (none when it has no business refusals). */
export function errorCodesOf(taskType: string): readonly string[] {
  return Object.hasOwn(ERROR_CODES, taskType) ? ERROR_CODES[taskType] : []
}
