// Eligibility and amounts of the cash benefits of the social assistance act (UPS), with the parameters in
// force on the application date (./benefit-parameters.ts). Pure: no clock, no I/O. All arithmetic in grosze.
//
// - Zasiłek stały (art. 37): an adult unable to work (age or disability; checked by the caseworker, not here)
//   whose income is below the criterion. Single (ust. 1 pkt 1): own income < criterion for a single person;
//   amount = P% × that criterion − own income, at most the maximum (ust. 2 pkt 1). In a family (ust. 1 pkt 2):
//   own income and income per person both < the criterion per person; amount = P% × criterion per person −
//   income per person (ust. 2 pkt 2). Never below the minimum (ust. 3). P = 130 since 2024-01-01.
//   The law fixes the amount: `amount`.
// - Zasiłek okresowy (art. 38): income below the criterion (single: own criterion; family: the family
//   criterion = criterion per person × persons). The centre sets the amount "up to" the gap between criterion
//   and income (ust. 2), not below 50% of that gap (ust. 3) and not below 20 zł: the range
//   [max(20, ⌈50% × gap⌉), gap] is returned (`minimumAmount`, `maximumAmount`); a gap under 20 zł gives 20 zł.
//   The single-person cap (418 zł) applies only when the parameter file enables it (UNCONFIRMED).
// - Zasiłek celowy (art. 39): income not above the criterion (art. 8 ust. 1: "nie przekracza"); the law
//   fixes no amount, so all amounts are null. Art. 40 (disaster, regardless of income) is not modelled.
import { benefitParametersOn, PARAMETERS, type DatedValue, type ParameterName, type ParametersOnDate, type ParameterTable } from './benefit-parameters.ts'
import type { IsoDate } from './local-date.ts'
import { fromGrosze, toGrosze, type Grosze } from './money.ts'

export const BENEFIT_KINDS = ['zasilek-staly', 'zasilek-okresowy', 'zasilek-celowy'] as const
export type BenefitKind = (typeof BENEFIT_KINDS)[number]

/** Recurring (monthly) benefits: paid per calendar month, interview updated every 6 months. */
export const RECURRING_BENEFITS: readonly BenefitKind[] = ['zasilek-staly', 'zasilek-okresowy']

export function isBenefitKind(value: unknown): value is BenefitKind {
  return typeof value === 'string' && (BENEFIT_KINDS as readonly string[]).includes(value)
}

export interface BenefitAssessmentInput {
  benefit: BenefitKind
  applicationDate: IsoDate
  /** Persons in the household; 1 = osoba samotnie gospodarująca. */
  householdSize: number
  /** The applicant's own net monthly income (art. 8 ust. 3), PLN, at most 2 decimals. */
  applicantIncome: number
  /** The household's net monthly income, PLN, at most 2 decimals (≥ applicantIncome). */
  householdIncome: number
}

export type IneligibilityReason =
  /** Zasiłek stały / okresowy: income is not below the criterion (single person or family). */
  | 'INCOME_NOT_BELOW_CRITERION'
  /** Zasiłek stały in a family: the applicant's own income is not below the criterion per person. */
  | 'APPLICANT_INCOME_NOT_BELOW_CRITERION'
  /** Zasiłek celowy: income exceeds the criterion. */
  | 'INCOME_ABOVE_CRITERION'

export interface UsedParameter {
  value: number
  validFrom: IsoDate
  legalBasis: string
  unconfirmed: boolean
}

export interface BenefitAssessment {
  benefit: BenefitKind
  applicationDate: IsoDate
  householdSize: number
  single: boolean
  eligible: boolean
  reasons: IneligibilityReason[]
  /** Criterion for a single person, or per person in a family (art. 8 ust. 1). */
  criterion: number
  /** Criterion of the whole household (criterion per person × persons; the single criterion for one person). */
  householdCriterion: number
  applicantIncome: number
  householdIncome: number
  incomePerPerson: number
  /** The amount the law fixes (zasiłek stały); null where the centre decides or when not eligible. */
  amount: number | null
  /** The range the centre decides within (zasiłek okresowy); null otherwise. */
  minimumAmount: number | null
  maximumAmount: number | null
  legalBasis: string
  /** The parameters this assessment used, with their dates and sources. */
  parameters: Partial<Record<ParameterName, UsedParameter>>
  /** Names of used parameters whose value is UNCONFIRMED. */
  unconfirmed: ParameterName[]
}

const UPS = 'ustawy o pomocy społecznej'

/** p% of an amount, rounded half up to the grosz. */
function percentOf(amount: Grosze, percent: number): Grosze {
  return Math.round((amount * percent) / 100)
}

/** p% of an amount, rounded up to the grosz (for "not less than p%"). */
function percentOfCeil(amount: Grosze, percent: number): Grosze {
  return Math.ceil((amount * percent) / 100)
}

/** The source of the criteria (the regulation part of the criterion's legal basis). */
function criterionSource(value: DatedValue): string {
  return value.legalBasis.split('; ').slice(1).join('; ') || value.legalBasis
}

/** Assesses one benefit; `table` defaults to the parameter file (tests pass their own). Throws RangeError on bad input. */
export function assessBenefit(input: BenefitAssessmentInput, table: ParameterTable = PARAMETERS): BenefitAssessment {
  const { benefit, applicationDate, householdSize } = input
  if (!Number.isInteger(householdSize) || householdSize < 1) throw new RangeError('householdSize must be a whole number ≥ 1')
  const applicant = toGrosze(input.applicantIncome)
  const household = toGrosze(input.householdIncome)
  if (applicant < 0 || household < 0) throw new RangeError('incomes must not be negative')
  if (applicant > household) throw new RangeError('applicantIncome must not exceed householdIncome')
  if (householdSize === 1 && applicant !== household) throw new RangeError('in a one-person household the applicant income is the household income')
  if (!isBenefitKind(benefit)) throw new RangeError(`unknown benefit: ${String(benefit)}`)

  const p = benefitParametersOn(applicationDate, table)
  const used: Partial<Record<ParameterName, UsedParameter>> = {}
  const use = (name: ParameterName): DatedValue => {
    const v = p[name]
    used[name] = { value: v.value, validFrom: v.validFrom, legalBasis: v.legalBasis, unconfirmed: v.unconfirmed }
    return v
  }

  const single = householdSize === 1
  const criterionValue = use(single ? 'criterionSingle' : 'criterionPerPersonInFamily')
  const criterion = toGrosze(criterionValue.value)
  const householdCriterion = single ? criterion : criterion * householdSize
  const perPerson = Math.round(household / householdSize)

  const result = (r: {
    eligible: boolean
    reasons: IneligibilityReason[]
    amount?: Grosze | null
    minimumAmount?: Grosze | null
    maximumAmount?: Grosze | null
    legalBasis: string
  }): BenefitAssessment => {
    const eligible = r.eligible
    const money = (g: Grosze | null | undefined) => (eligible && g !== null && g !== undefined ? fromGrosze(g) : null)
    return {
      benefit,
      applicationDate,
      householdSize,
      single,
      eligible,
      reasons: r.reasons,
      criterion: fromGrosze(criterion),
      householdCriterion: fromGrosze(householdCriterion),
      applicantIncome: fromGrosze(applicant),
      householdIncome: fromGrosze(household),
      incomePerPerson: fromGrosze(perPerson),
      amount: money(r.amount),
      minimumAmount: money(r.minimumAmount),
      maximumAmount: money(r.maximumAmount),
      legalBasis: `${r.legalBasis}; ${criterionSource(criterionValue)}`,
      parameters: used,
      unconfirmed: (Object.keys(used) as ParameterName[]).filter((n) => used[n]!.unconfirmed),
    }
  }

  switch (benefit) {
    case 'zasilek-staly':
      return result(zasilekStaly(use, { single, applicant, household, householdCriterion, criterion, perPerson }))
    case 'zasilek-okresowy':
      return result(zasilekOkresowy(p, use, { single, household, householdCriterion }))
    case 'zasilek-celowy': {
      const eligible = household <= householdCriterion
      return result({
        eligible,
        reasons: eligible ? [] : ['INCOME_ABOVE_CRITERION'],
        legalBasis: `art. 39 ust. 1 w związku z art. 8 ust. 1 pkt ${single ? 1 : 2} ${UPS}`,
      })
    }
  }
}

interface Incomes {
  single: boolean
  applicant: Grosze
  household: Grosze
  householdCriterion: Grosze
  criterion: Grosze
  perPerson: Grosze
}

function zasilekStaly(use: (n: ParameterName) => DatedValue, x: Incomes) {
  const percent = use('zasilekStalyCriterionPercent').value
  const minimum = toGrosze(use('zasilekStalyMinimum').value)
  if (x.single) {
    const maximum = toGrosze(use('zasilekStalyMaximum').value)
    const eligible = x.applicant < x.criterion
    const computed = Math.min(maximum, percentOf(x.criterion, percent) - x.applicant)
    return {
      eligible,
      reasons: eligible ? [] : (['INCOME_NOT_BELOW_CRITERION'] as IneligibilityReason[]),
      amount: Math.max(minimum, computed),
      legalBasis: `art. 37 ust. 1 pkt 1, ust. 2 pkt 1 i ust. 3 ${UPS}`,
    }
  }
  const reasons: IneligibilityReason[] = []
  if (!(x.applicant < x.criterion)) reasons.push('APPLICANT_INCOME_NOT_BELOW_CRITERION')
  if (!(x.household < x.householdCriterion)) reasons.push('INCOME_NOT_BELOW_CRITERION')
  const computed = percentOf(x.criterion, percent) - x.perPerson
  return {
    eligible: reasons.length === 0,
    reasons,
    amount: Math.max(minimum, computed),
    legalBasis: `art. 37 ust. 1 pkt 2, ust. 2 pkt 2 i ust. 3 ${UPS}`,
  }
}

function zasilekOkresowy(p: ParametersOnDate, use: (n: ParameterName) => DatedValue, x: Pick<Incomes, 'single' | 'household' | 'householdCriterion'>) {
  const eligible = x.household < x.householdCriterion
  const gap = x.householdCriterion - x.household
  const floor = toGrosze(use('zasilekOkresowyMinimum').value)
  let minimum = Math.max(floor, percentOfCeil(gap, use('zasilekOkresowyMinimumGapPercent').value))
  let maximum = Math.max(gap, minimum)
  if (x.single) {
    // The cap counts as used (and so as UNCONFIRMED in the answer) only when it is switched on.
    if (p.zasilekOkresowySingleCap.enabled) {
      maximum = Math.min(maximum, toGrosze(use('zasilekOkresowySingleCap').value))
      minimum = Math.min(minimum, maximum)
    }
  }
  return {
    eligible,
    reasons: eligible ? [] : (['INCOME_NOT_BELOW_CRITERION'] as IneligibilityReason[]),
    minimumAmount: minimum,
    maximumAmount: maximum,
    legalBasis: `art. 38 ust. 1 pkt ${x.single ? 1 : 2}, ust. 2 pkt ${x.single ? 1 : 2} i ust. 3 ${UPS}`,
  }
}
