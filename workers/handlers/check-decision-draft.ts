// check-decision-draft: holds the caseworker's draft against the assessment before a manager sees it. A grant
// needs eligibility (art. 8, 37–39); zasiłek stały exactly the statutory amount; zasiłek okresowy an amount in
// the statutory range and a period in months; zasiłek celowy an amount and a purpose. Problems go back to the
// draft (BPMN error DRAFT_INVALID with `draftProblem`, shown read-only in the draft form). An amount with more than 2
// decimals goes back too (the form refuses it; a draft from an older form version could still carry one).
import { bpmnError, complete, type JobHandler } from '../../engine/job.ts'
import { isBenefitKind } from '../../domain/benefit-assessment.ts'
import { pln } from '../../domain/benefit-texts.ts'
import { decimalPlaces } from '../../domain/decimal-places.ts'
import { MONEY_DECIMALS, toGrosze } from '../../domain/money.ts'
import { monthOf, periodEndMonth } from '../../domain/payment-schedule.ts'
import type { HandlerDeps } from '../handler-deps.ts'
import { TaskType } from '../task-types.ts'

export const DRAFT_INVALID = 'DRAFT_INVALID'
export const MAX_PERIOD_MONTHS = 60

export interface CheckDecisionDraftInput {
  receivedAt: string
  benefit?: string
  proposedOutcome?: string
  proposedAmount?: number | null
  periodMonths?: number | null
  benefitPurpose?: string | null
  benefitEligible?: boolean | null
  benefitAmount?: number | null
  benefitMinimumAmount?: number | null
  benefitMaximumAmount?: number | null
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null)
const cents = (v: number): number => toGrosze(Math.round(v * 100) / 100)

/** The problems of a draft, in Polish; empty when it may go to approval. */
export function draftProblems(v: CheckDecisionDraftInput): string[] {
  const problems: string[] = []
  if (v.proposedOutcome !== 'grant') return problems
  if (!isBenefitKind(v.benefit)) return ['Nie wskazano rodzaju świadczenia we wniosku.']
  if (v.benefitEligible === false) {
    problems.push('Ocena dochodu nie daje uprawnienia do świadczenia: możliwa jest tylko odmowa (art. 8 ustawy o pomocy społecznej).')
    return problems
  }
  const amount = num(v.proposedAmount)
  const period = num(v.periodMonths)
  if (amount !== null && (decimalPlaces(amount) ?? 3) > MONEY_DECIMALS) {
    // never rounded silently: the decision would print another amount than the one drafted
    return ['Kwota może mieć najwyżej 2 miejsca po przecinku (grosze).']
  }
  if (v.benefit === 'zasilek-staly') {
    const statutory = num(v.benefitAmount)
    if (amount === null) problems.push('Podaj kwotę zasiłku stałego.')
    else if (statutory !== null && cents(amount) !== cents(statutory)) {
      problems.push(`Kwota zasiłku stałego wynika z ustawy (art. 37 ust. 2): ${pln(statutory)}.`)
    }
    if (period !== null && (!Number.isInteger(period) || period < 1 || period > MAX_PERIOD_MONTHS)) {
      problems.push(`Okres: od 1 do ${MAX_PERIOD_MONTHS} miesięcy albo puste pole (na czas nieokreślony).`)
    }
  } else if (v.benefit === 'zasilek-okresowy') {
    const min = num(v.benefitMinimumAmount)
    const max = num(v.benefitMaximumAmount)
    if (amount === null) problems.push('Podaj kwotę zasiłku okresowego.')
    else if (min !== null && max !== null && (cents(amount) < cents(min) || cents(amount) > cents(max))) {
      problems.push(`Kwota zasiłku okresowego musi mieścić się w granicach od ${pln(min)} do ${pln(max)} (art. 38 ust. 2 i 3).`)
    }
    if (period === null) problems.push('Podaj okres przyznania zasiłku okresowego (w miesiącach).')
    else if (!Number.isInteger(period) || period < 1 || period > MAX_PERIOD_MONTHS) problems.push(`Okres: od 1 do ${MAX_PERIOD_MONTHS} miesięcy.`)
  } else {
    if (amount === null || amount <= 0) problems.push('Podaj kwotę zasiłku celowego.')
    if (typeof v.benefitPurpose !== 'string' || v.benefitPurpose.trim().length < 3) problems.push('Podaj cel zasiłku celowego (art. 39).')
  }
  return problems
}

export function createCheckDecisionDraftHandler(_deps: HandlerDeps): JobHandler<CheckDecisionDraftInput> {
  return {
    taskType: TaskType.checkDecisionDraft,
    // computes from the job (and reads): the embedded engine may complete it within the step that reaches it
    sideEffectFree: true,
    transactional: true,
    async handle(job) {
      const v = job.variables
      const problems = draftProblems(v)
      if (problems.length) return bpmnError(DRAFT_INVALID, 'the decision draft does not match the assessment', { draftProblem: problems.join(' ') })
      const grant = v.proposedOutcome === 'grant'
      const recurring = v.benefit === 'zasilek-staly' || v.benefit === 'zasilek-okresowy'
      const periodMonths = grant && recurring ? num(v.periodMonths) : null
      return complete({
        draftProblem: null,
        decisionOutcome: grant ? 'grant' : 'refuse',
        decisionAmount: grant ? Math.round(Number(v.proposedAmount) * 100) / 100 : null,
        decisionPeriodMonths: periodMonths,
        decisionPeriodFrom: grant && recurring ? monthOf(v.receivedAt) : null,
        decisionPeriodTo: grant && recurring ? periodEndMonth(v.receivedAt, periodMonths) : null,
      })
    },
  }
}
