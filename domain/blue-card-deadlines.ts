// Deadlines of the Blue Card procedure (Niebieskie Karty; UPPD art. 9a–9d, regulation Dz.U. 2023 poz. 1870),
// in working days by the legal calendar. Pure: every date is passed in. Each deadline is computed as soon as
// the date it counts from is known, so one function serves every step:
//   form A filled in (procedure start)  → form A with the chair of the interdisciplinary team (ZI)   ≤ 5 wd
//   form A filled in, perpetrator absent → notice to the suspected perpetrator                        ≤ 3 wd
//   chair received form A               → form A with the diagnostic-help group (GDP)               ≤ 3 wd
//   GDP received form A                 → first GDP meeting                                          ≤ 5 wd
// The amounts are dated data (procedure-parameters.json), taken as in force on the day the procedure started.
import { computeDeadline } from './legal-calendar.ts'
import { compareDates, parseIsoDate, type IsoDate } from './local-date.ts'
import { parameterOn } from './procedure-parameters.ts'

export interface BlueCardDeadlineInput {
  /** The day form A was filled in: the procedure starts then (§ 2 ust. 1 of the regulation). */
  procedureStartedOn: IsoDate
  /** Was the suspected perpetrator present when form A was filled in? */
  perpetratorPresent: boolean
  /** The day the chair of the interdisciplinary team received form A, once known. */
  chairReceivedOn?: IsoDate | null
  /** The day the diagnostic-help group received form A, once known. */
  gdpReceivedOn?: IsoDate | null
}

export interface BlueCardDeadlines {
  formAToChairDueOn: IsoDate
  /** Null when the perpetrator was present (no notice is due). */
  perpetratorNoticeDueOn: IsoDate | null
  gdpReferralDueOn: IsoDate | null
  firstMeetingDueOn: IsoDate | null
}

function checkedDate(name: string, value: IsoDate | null | undefined, notBefore: IsoDate): IsoDate | null {
  if (value === null || value === undefined) return null
  if (!parseIsoDate(value)) throw new RangeError(`${name} is not a date: ${String(value)}`)
  if (compareDates(value, notBefore) < 0) throw new RangeError(`${name} (${value}) is before ${notBefore}`)
  return value
}

export function blueCardDeadlines(input: BlueCardDeadlineInput): BlueCardDeadlines {
  const start = input.procedureStartedOn
  if (!parseIsoDate(start)) throw new RangeError(`procedureStartedOn is not a date: ${String(start)}`)
  const rule = (key: 'blueCardFormAToChair' | 'blueCardChairToGdp' | 'blueCardFirstMeeting' | 'blueCardPerpetratorNotice', from: IsoDate) => {
    const { amount, unit } = parameterOn(key, start)
    return computeDeadline(from, amount, unit)
  }
  const chairReceivedOn = checkedDate('chairReceivedOn', input.chairReceivedOn, start)
  const gdpReceivedOn = checkedDate('gdpReceivedOn', input.gdpReceivedOn, chairReceivedOn ?? start)
  return {
    formAToChairDueOn: rule('blueCardFormAToChair', start),
    perpetratorNoticeDueOn: input.perpetratorPresent ? null : rule('blueCardPerpetratorNotice', start),
    gdpReferralDueOn: chairReceivedOn ? rule('blueCardChairToGdp', chairReceivedOn) : null,
    firstMeetingDueOn: gdpReceivedOn ? rule('blueCardFirstMeeting', gdpReceivedOn) : null,
  }
}
