// The income test of UPS art. 8: income per person against the criterion in force on the application date.
import { parametersOn } from './income-criteria.ts'
import type { IsoDate } from './local-date.ts'

export interface IncomeTestInput {
  applicationDate: IsoDate
  householdSize: number
  /** Net monthly incomes of the household members (art. 8(3)), PLN. */
  monthlyIncomes: number[]
}

export interface IncomeTestResult {
  householdSize: number
  householdIncome: number
  incomePerPerson: number
  criterion: number
  /** Income per person does not exceed the criterion (art. 8(1): "nie przekracza"). */
  withinCriterion: boolean
  legalBasis: string
}

const round2 = (n: number) => Math.round(n * 100) / 100

export function incomeTest(input: IncomeTestInput): IncomeTestResult {
  if (!Number.isInteger(input.householdSize) || input.householdSize < 1) throw new RangeError('householdSize must be a whole number ≥ 1')
  for (const income of input.monthlyIncomes) {
    if (!Number.isFinite(income) || income < 0) throw new RangeError('incomes must be non-negative numbers')
  }
  const params = parametersOn(input.applicationDate)
  const householdIncome = round2(input.monthlyIncomes.reduce((a, b) => a + b, 0))
  const incomePerPerson = round2(householdIncome / input.householdSize)
  const criterion = input.householdSize === 1 ? params.criterionSingle : params.criterionPerPersonInFamily
  return {
    householdSize: input.householdSize,
    householdIncome,
    incomePerPerson,
    criterion,
    withinCriterion: incomePerPerson <= criterion,
    legalBasis: `art. 8 ust. 1 ustawy o pomocy społecznej; ${params.legalBasis}`,
  }
}
