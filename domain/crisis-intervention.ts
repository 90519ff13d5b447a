// Crisis intervention (interwencja kryzysowa, UPS art. 47): help regardless of income, no administrative
// decision. Pure rules: when the triage is due, and the last day of a shelter stay (up to 3 months, art. 47(3)).
import { addMonths, parseIsoDate, toIsoDate, type IsoDate } from './local-date.ts'
import { parameterOn } from './procedure-parameters.ts'

export interface CrisisSchedule {
  /** The triage is due this long after the report (local practice: see procedure-parameters.json). */
  triageDueAt: Date
  triageHours: number
  /** ISO 8601 duration between follow-up visits. */
  followUpInterval: string
  shelterMaxMonths: number
}

/** The schedule of an intervention reported at `reportedAt` (an instant: crisis deadlines run in hours). */
export function crisisSchedule(reportedAt: Date): CrisisSchedule {
  if (Number.isNaN(reportedAt.getTime())) throw new RangeError('reportedAt is not a valid instant')
  const day = toIsoDate(reportedAt)
  const triageHours = parameterOn('crisisTriageHours', day)
  return {
    triageDueAt: new Date(reportedAt.getTime() + triageHours * 3_600_000),
    triageHours,
    followUpInterval: parameterOn('crisisFollowUpInterval', day),
    shelterMaxMonths: parameterOn('crisisShelterMaxMonths', day),
  }
}

/**
 * The last day of a shelter stay that starts on `shelterFrom`: `maxMonths` calendar months later (the same
 * day of the month, or the month's last day). A stay ends on a date, so there is no shift for holidays.
 */
export function shelterEndsOn(shelterFrom: IsoDate, maxMonths = parameterOn('crisisShelterMaxMonths', shelterFrom)): IsoDate {
  if (!parseIsoDate(shelterFrom)) throw new RangeError(`shelterFrom is not a date: ${String(shelterFrom)}`)
  return addMonths(shelterFrom, maxMonths)
}
