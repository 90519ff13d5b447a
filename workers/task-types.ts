// Every job type a BPMN file may name in zeebe:taskDefinition type. The only link between the files and the code.
export const TaskType = {
  registerCase: 'register-case',
  computeDeadlines: 'compute-deadlines',
  assessIncome: 'assess-income',
  closeCase: 'close-case',
  recordDeadlineMissed: 'record-deadline-missed',
  computeCrisisDeadlines: 'compute-crisis-deadlines',
  computeFuneralCostRecovery: 'compute-funeral-cost-recovery',
  computeZaZyciemDeadlines: 'compute-za-zyciem-deadlines',
  computeFamilyAssistantDeadlines: 'compute-family-assistant-deadlines',
  assignFamilyAssistant: 'assign-family-assistant',
  computeBlueCardDeadlines: 'compute-blue-card-deadlines',
  checkDecisionDraft: 'check-decision-draft',
  issueDecision: 'issue-decision',
  computeAppealDeadline: 'compute-appeal-deadline',
  recordAppeal: 'record-appeal',
  recordCaseEvent: 'record-case-event',
  recordDecisionFinal: 'record-decision-final',
  scheduleInterviewReview: 'schedule-interview-review',
  schedulePayments: 'schedule-payments',
} as const

export type TaskTypeName = (typeof TaskType)[keyof typeof TaskType]
