// assess-income: income per person against the criterion in force on the application date (UPS art. 8).
import { complete, bpmnError, type JobHandler } from '../../engine/job.ts'
import { incomeTest } from '../../domain/income-test.ts'
import type { HandlerDeps } from '../handler-deps.ts'
import { TaskType } from '../task-types.ts'

export interface AssessIncomeInput {
  receivedAt: string
  householdSize: number
  incomes: { monthlyNet: number }[]
}

export function createAssessIncomeHandler(_deps: HandlerDeps): JobHandler<AssessIncomeInput> {
  return {
    taskType: TaskType.assessIncome,
    async handle(job) {
      const { receivedAt, householdSize, incomes } = job.variables
      try {
        const r = incomeTest({
          applicationDate: receivedAt,
          householdSize: Number(householdSize),
          monthlyIncomes: (incomes ?? []).map((i) => Number(i.monthlyNet)),
        })
        return complete({
          householdIncome: r.householdIncome,
          incomePerPerson: r.incomePerPerson,
          incomeCriterion: r.criterion,
          withinCriterion: r.withinCriterion,
          incomeLegalBasis: r.legalBasis,
        })
      } catch (err) {
        return bpmnError('INVALID_INCOME_DATA', (err as Error).message)
      }
    },
  }
}
