// Income criteria (kryterium dochodowe, UPS art. 8(1)) as dated data: the values in force on a date.
// The values live in data/social-assistance-parameters.json with every other benefit parameter
// (./benefit-parameters.ts); this is the view the income test needs.
import { PARAMETERS, valueOn, type ParameterTable } from './benefit-parameters.ts'
import { compareDates, type IsoDate } from './local-date.ts'

export interface SocialAssistanceParameters {
  /** The latest validFrom of the three values below. */
  validFrom: IsoDate
  legalBasis: string
  /** Criterion for a person living alone (osoba samotnie gospodarująca), PLN per month. */
  criterionSingle: number
  /** Criterion per person in a family, PLN per month. */
  criterionPerPersonInFamily: number
  /** Monthly income from 1 ha przeliczeniowy. */
  incomePerHectare: number
}

/** The criteria in force on `date`. Throws RangeError for a date before the first recorded value. */
export function parametersOn(date: IsoDate, table: ParameterTable = PARAMETERS): SocialAssistanceParameters {
  const single = valueOn('criterionSingle', date, table)
  const perPerson = valueOn('criterionPerPersonInFamily', date, table)
  const hectare = valueOn('incomePerHectare', date, table)
  const latest = [single, perPerson, hectare].sort((a, b) => compareDates(a.validFrom, b.validFrom)).at(-1)!
  return {
    validFrom: latest.validFrom,
    legalBasis: single.legalBasis.split('; ').slice(1).join('; ') || single.legalBasis,
    criterionSingle: single.value,
    criterionPerPersonInFamily: perPerson.value,
    incomePerHectare: hectare.value,
  }
}
