// Values the crisis, funeral, "Za życiem", family-assistant and Blue Card procedures depend on, as dated data
// (./data/procedure-parameters.json): the value in force on a date. Pure: the date is passed in.
import data from './data/procedure-parameters.json' with { type: 'json' }
import type { DeadlineUnit } from './legal-calendar.ts'
import { compareDates, parseIsoDate, type IsoDate } from './local-date.ts'

export interface DeadlineRule {
  amount: number
  unit: DeadlineUnit
}

/** The type of every parameter's value. */
export interface ProcedureParameterTypes {
  /** Triage of a crisis report is due this many hours after the report. */
  crisisTriageHours: number
  /** ISO 8601 duration between follow-up visits of a crisis intervention. */
  crisisFollowUpInterval: string
  /** Longest stay in a shelter within crisis intervention, in months (UPS art. 47(3)). */
  crisisShelterMaxMonths: number
  /** ZUS funeral allowance (zasiłek pogrzebowy), PLN, by the date of death. */
  funeralAllowance: number
  /** Written reply to a "Za życiem" coordination request. */
  zaZyciemReply: DeadlineRule
  /** Most families one family assistant may work with at a time (UWR art. 15(4)). */
  familyAssistantMaxFamilies: number
  /** ISO 8601 duration between periodic assessments of a family with an assistant. */
  familyAssistantAssessmentInterval: string
  blueCardFormAToChair: DeadlineRule
  blueCardChairToGdp: DeadlineRule
  blueCardFirstMeeting: DeadlineRule
  blueCardPerpetratorNotice: DeadlineRule
  /** ISO 8601 duration between monitoring steps of a Blue Card procedure. */
  blueCardMonitoringInterval: string
}

export type ProcedureParameterKey = keyof ProcedureParameterTypes

export interface DatedValue<T> {
  validFrom: IsoDate
  value: T
  legalBasis: string
  /** What is not verified about this entry, when something is not. */
  unconfirmed?: string
}

export type ParameterTable = { [K in ProcedureParameterKey]: readonly DatedValue<ProcedureParameterTypes[K]>[] }

const TABLE = data.parameters as unknown as ParameterTable

/** Thrown for a date before the first entry of a parameter: the procedure did not exist in this form then. */
export class NoParameterError extends RangeError {
  constructor(readonly key: string, readonly date: string) {
    super(`no value of ${key} is recorded for ${date}`)
    this.name = 'NoParameterError'
  }
}

/** The entry of `key` in force on `date`. */
export function parameterEntryOn<K extends ProcedureParameterKey>(
  key: K,
  date: IsoDate,
  table: ParameterTable = TABLE,
): DatedValue<ProcedureParameterTypes[K]> {
  if (!parseIsoDate(date)) throw new RangeError(`not a date: ${date}`)
  const entries = [...(table[key] as readonly DatedValue<ProcedureParameterTypes[K]>[])].sort((a, b) => compareDates(a.validFrom, b.validFrom))
  let found: DatedValue<ProcedureParameterTypes[K]> | undefined
  for (const e of entries) if (compareDates(e.validFrom, date) <= 0) found = e
  if (!found) throw new NoParameterError(key, date)
  return found
}

/** The value of `key` in force on `date`. */
export function parameterOn<K extends ProcedureParameterKey>(key: K, date: IsoDate, table: ParameterTable = TABLE): ProcedureParameterTypes[K] {
  return parameterEntryOn(key, date, table).value
}

/** Every parameter with its entries (for the README and for tests). */
export function parameterTable(): ParameterTable {
  return TABLE
}
