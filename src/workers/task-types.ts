// Every job type a BPMN file may name in zeebe:taskDefinition type. The only link between the files and the code.
export const TaskType = {
  registerCase: 'register-case',
  computeDeadlines: 'compute-deadlines',
  assessIncome: 'assess-income',
  closeCase: 'close-case',
  recordDeadlineMissed: 'record-deadline-missed',
} as const

export type TaskTypeName = (typeof TaskType)[keyof typeof TaskType]
