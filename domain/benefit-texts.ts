// Polish wording of benefit assessments, for forms and documents (official documents are always Polish,
// whatever the user's UI language). Pure.
import type { BenefitAssessment, BenefitKind, IneligibilityReason } from './benefit-assessment.ts'
import type { IsoDate } from './local-date.ts'
import { formatPln, toGrosze } from './money.ts'

export const BENEFIT_NAMES_PL: Record<BenefitKind, string> = {
  'zasilek-staly': 'zasiłek stały',
  'zasilek-okresowy': 'zasiłek okresowy',
  'zasilek-celowy': 'zasiłek celowy',
}

/** Genitive, as in "odmówić przyznania zasiłku stałego". */
export const BENEFIT_NAMES_PL_GENITIVE: Record<BenefitKind, string> = {
  'zasilek-staly': 'zasiłku stałego',
  'zasilek-okresowy': 'zasiłku okresowego',
  'zasilek-celowy': 'zasiłku celowego',
}

export const REASONS_PL: Record<IneligibilityReason, string> = {
  INCOME_NOT_BELOW_CRITERION: 'dochód nie jest niższy od kryterium dochodowego',
  APPLICANT_INCOME_NOT_BELOW_CRITERION: 'dochód własny wnioskodawcy nie jest niższy od kryterium dochodowego na osobę w rodzinie',
  INCOME_ABOVE_CRITERION: 'dochód przekracza kryterium dochodowe',
}

export const pln = (amount: number): string => formatPln(toGrosze(amount))

/** "2026-03-05" → "05.03.2026", as dates are written in Polish letters and messages. */
export const plDate = (date: IsoDate): string => `${date.slice(8, 10)}.${date.slice(5, 7)}.${date.slice(0, 4)}`

/** One paragraph for the caseworker: incomes, criterion, eligibility and the amount or range. */
export function assessmentSummary(a: BenefitAssessment): string {
  const name = BENEFIT_NAMES_PL[a.benefit]
  const incomes = a.single
    ? `dochód osoby samotnie gospodarującej ${pln(a.householdIncome)}, kryterium ${pln(a.criterion)}`
    : `dochód rodziny ${pln(a.householdIncome)} (${a.householdSize} os.), na osobę ${pln(a.incomePerPerson)}, ` +
      `dochód wnioskodawcy ${pln(a.applicantIncome)}; kryterium ${pln(a.criterion)} na osobę (rodziny ${pln(a.householdCriterion)})`
  const parts = [`${name[0].toUpperCase()}${name.slice(1)}: ${incomes}.`]
  if (!a.eligible) {
    parts.push(`Brak uprawnienia: ${a.reasons.map((r) => REASONS_PL[r]).join('; ')}.`)
  } else if (a.amount !== null) {
    parts.push(`Uprawniony. Kwota ustalona ustawą: ${pln(a.amount)} miesięcznie.`)
  } else if (a.minimumAmount !== null && a.maximumAmount !== null) {
    parts.push(`Uprawniony. Kwotę ustala ośrodek: od ${pln(a.minimumAmount)} do ${pln(a.maximumAmount)} miesięcznie.`)
  } else {
    parts.push('Uprawniony. Ustawa nie określa kwoty zasiłku celowego: ustala ją ośrodek.')
  }
  parts.push(`Podstawa: ${a.legalBasis}.`)
  if (a.unconfirmed.length) {
    const list = a.unconfirmed.map((n) => `${n} = ${a.parameters[n]!.value} (od ${a.parameters[n]!.validFrom})`).join(', ')
    parts.push(`Uwaga: użyto wartości niepotwierdzonych (UNCONFIRMED): ${list}; sprawdź przed wydaniem decyzji.`)
  }
  return parts.join(' ')
}
