// The appeal period of a decision: KPA art. 129 § 2, 14 days from delivery (the number comes from the parameter
// file), counted per art. 57 (the delivery day not counted; an end on a Saturday, Sunday or holiday moves to
// the next working day). An appeal is in time until the end of that day in Warsaw.
import { valueOn } from './benefit-parameters.ts'
import { computeDeadline } from './legal-calendar.ts'
import type { IsoDate } from './local-date.ts'
import { endOfWarsawDay } from './warsaw-time.ts'

export interface AppealDeadline {
  /** The last day of the period. */
  date: IsoDate
  /** The end of that day in Warsaw, ISO instant. */
  at: string
  days: number
}

export function appealDeadline(deliveredAt: IsoDate): AppealDeadline {
  const days = valueOn('appealPeriodDays', deliveredAt).value
  const date = computeDeadline(deliveredAt, days, 'days')
  return { date, at: endOfWarsawDay(date).toISOString(), days }
}
