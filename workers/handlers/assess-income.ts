// assess-income: income per person against the criterion in force on the application date (UPS art. 8), and
// the eligibility and amounts of the benefit applied for (art. 37–39, ../../domain/benefit-assessment.ts).
// The proposal goes into variables for the decision draft: the amount the law fixes (zasiłek stały) or the
// range the centre decides within (zasiłek okresowy), and a Polish summary the draft form shows. An interview dated
// before the application's receipt goes back to the interview (INVALID_DATES, with `interviewProblem` shown there):
// the form refuses it, but a task created before the form said so could still pass it.
import { complete, bpmnError, type JobHandler } from '../../engine/job.ts'
import { incomeTest } from '../../domain/income-test.ts'
import { assessBenefit, isBenefitKind } from '../../domain/benefit-assessment.ts'
import { assessmentSummary, plDate } from '../../domain/benefit-texts.ts'
import { fromGrosze, toGrosze } from '../../domain/money.ts'
import { compareDates, parseIsoDate } from '../../domain/local-date.ts'
import type { HandlerDeps } from '../handler-deps.ts'
import { readerOf } from '../in-transaction.ts'
import type { Prisma, PrismaClient } from '../../src/generated/prisma/client.ts'
import { ErrorCode } from '../error-codes.ts'
import { TaskType } from '../task-types.ts'

export interface AssessIncomeInput {
  caseId?: string
  receivedAt: string
  householdSize: number
  benefit?: string
  incomes: { personId?: string | null; monthlyNet: number }[]
  /** Optional: the applicant's own income when the incomes carry no person ids. */
  applicantIncome?: number
  interviewDate?: string | null
}

const sum = (values: number[]): number => fromGrosze(values.reduce((acc, v) => acc + toGrosze(v), 0))

/** The applicant's own income: given, or the incomes of the case's applicant, or (one person) all of them. */
async function applicantIncomeOf(db: Pick<PrismaClient, 'person'> | Prisma.TransactionClient, caseId: string | null, input: AssessIncomeInput, householdIncome: number) {
  if (typeof input.applicantIncome === 'number') return { value: input.applicantIncome, known: true }
  if (Number(input.householdSize) === 1) return { value: householdIncome, known: true }
  const applicant = caseId
    ? await db.person.findFirst({ where: { caseId, role: 'applicant' }, select: { id: true } })
    : null
  const incomes = input.incomes ?? []
  if (applicant && incomes.some((i) => i.personId)) {
    return { value: sum(incomes.filter((i) => i.personId === applicant.id).map((i) => Number(i.monthlyNet))), known: true }
  }
  // Not known: the household's income is used, which can only make zasiłek stały harder to get.
  return { value: householdIncome, known: false }
}

export function createAssessIncomeHandler(deps: HandlerDeps): JobHandler<AssessIncomeInput> {
  return {
    taskType: TaskType.assessIncome,
    // computes from the job (and reads): the embedded engine may complete it within the step that reaches it
    sideEffectFree: true,
    transactional: true,
    async handle(job, context) {
      const { receivedAt, householdSize, incomes, benefit } = job.variables
      const caseId = job.variables.caseId ?? job.businessKey
      const interviewDate = parseIsoDate(job.variables.interviewDate)
      const received = parseIsoDate(receivedAt)
      if (interviewDate && received && compareDates(interviewDate, received) < 0) {
        return bpmnError(ErrorCode.invalidDates, `interviewDate (${interviewDate}) is before receivedAt (${received})`, {
          interviewProblem: `Data wywiadu (${plDate(interviewDate)}) jest wcześniejsza niż data wpływu wniosku (${plDate(received)}): popraw datę wywiadu.`,
        })
      }
      try {
        const r = incomeTest({
          applicationDate: receivedAt,
          householdSize: Number(householdSize),
          monthlyIncomes: (incomes ?? []).map((i) => Number(i.monthlyNet)),
        })
        const base = {
          interviewProblem: null,
          householdIncome: r.householdIncome,
          incomePerPerson: r.incomePerPerson,
          incomeCriterion: r.criterion,
          withinCriterion: r.withinCriterion,
          incomeLegalBasis: r.legalBasis,
        }
        if (!isBenefitKind(benefit)) return complete(base)
        const applicant = await applicantIncomeOf(readerOf(deps, context), caseId, job.variables, r.householdIncome)
        const a = assessBenefit({
          benefit,
          applicationDate: receivedAt,
          householdSize: Number(householdSize),
          applicantIncome: applicant.value,
          householdIncome: r.householdIncome,
        })
        const summary = assessmentSummary(a) + (applicant.known ? '' : ' Dochodu własnego wnioskodawcy nie ustalono: przyjęto dochód rodziny.')
        return complete({
          ...base,
          applicantIncome: a.applicantIncome,
          householdCriterion: a.householdCriterion,
          benefitEligible: a.eligible,
          benefitIneligibilityReasons: a.reasons,
          benefitAmount: a.amount,
          benefitMinimumAmount: a.minimumAmount,
          benefitMaximumAmount: a.maximumAmount,
          benefitLegalBasis: a.legalBasis,
          unconfirmedParameters: a.unconfirmed,
          assessmentSummary: summary,
          // The amount the law fixes is proposed in the draft form; a range is left to the caseworker.
          ...(a.amount !== null ? { proposedAmount: a.amount } : {}),
        })
      } catch (err) {
        return bpmnError('INVALID_INCOME_DATA', (err as Error).message)
      }
    },
  }
}
