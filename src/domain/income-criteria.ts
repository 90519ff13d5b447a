// Income criteria (kryterium dochodowe, UPS art. 8(1)) as dated data: the values in force on a date.
import data from './data/social-assistance-parameters.json' with { type: 'json' }
import { compareDates, parseIsoDate, type IsoDate } from './local-date.ts'

export interface SocialAssistanceParameters {
  validFrom: IsoDate
  legalBasis: string
  /** Criterion for a person living alone (osoba samotnie gospodarująca), PLN per month. */
  criterionSingle: number
  /** Criterion per person in a family, PLN per month. */
  criterionPerPersonInFamily: number
  /** Monthly income from 1 ha przeliczeniowy. */
  incomePerHectare: number
}

const ENTRIES: readonly SocialAssistanceParameters[] = [...(data.entries as SocialAssistanceParameters[])].sort((a, b) =>
  compareDates(a.validFrom, b.validFrom),
)

/** The parameters in force on `date`. Throws RangeError for a date before the first entry. */
export function parametersOn(date: IsoDate, entries: readonly SocialAssistanceParameters[] = ENTRIES): SocialAssistanceParameters {
  if (!parseIsoDate(date)) throw new RangeError(`not a date: ${date}`)
  let found: SocialAssistanceParameters | undefined
  for (const e of entries) if (compareDates(e.validFrom, date) <= 0) found = e
  if (!found) throw new RangeError(`no income criteria recorded for ${date} (first entry: ${entries[0]?.validFrom})`)
  return found
}
