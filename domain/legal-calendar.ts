// Deadlines in administrative proceedings (KPA, Kodeks postępowania administracyjnego, art. 57) and in
// working days. Pure functions: the start date is always passed in, never read from the clock.
import { addDays, addMonths, dayOfWeek, type IsoDate } from './local-date.ts'
import { isPublicHoliday } from './polish-holidays.ts'

/** Units counted per KPA art. 57 §1–§4. */
export type PeriodUnit = 'days' | 'weeks' | 'months'
export type DeadlineUnit = PeriodUnit | 'working-days'

export const DEADLINE_UNITS: readonly DeadlineUnit[] = ['days', 'working-days', 'weeks', 'months']
export const MAX_DEADLINE_AMOUNT = 3650

function checkAmount(amount: number): void {
  if (!Number.isInteger(amount) || amount < 0 || amount > MAX_DEADLINE_AMOUNT) {
    throw new RangeError(`amount must be a whole number from 0 to ${MAX_DEADLINE_AMOUNT}, got ${amount}`)
  }
}

/** Monday to Friday and not a statutory public holiday. */
export function isWorkingDay(date: IsoDate): boolean {
  const weekday = dayOfWeek(date)
  return weekday !== 0 && weekday !== 6 && !isPublicHoliday(date)
}

/**
 * The date itself if it is a working day, else the next one. This is exactly the KPA art. 57 §5 shift:
 * "the next day that is neither a day off work (Sundays and holidays) nor a Saturday".
 */
export function nextWorkingDayOnOrAfter(date: IsoDate): IsoDate {
  let day = date
  while (!isWorkingDay(day)) day = addDays(day, 1)
  return day
}

/**
 * End of a period under KPA art. 57:
 * - days (§2): the day of the event is not counted, so the end is start + amount days;
 * - weeks (§3): the same weekday `amount` weeks later;
 * - months (§3): the same day of the month `amount` months later, or the last day of that month if it has
 *   no such day (31 January + 1 month = 28 or 29 February);
 * then (§5, in force since 1 June 2017) an end on a Saturday, a Sunday or a public holiday moves to the next
 * day that is none of these. The §5 rule is applied to every date; the older wording (no Saturday rule) is
 * not modelled.
 */
export function addPeriod(start: IsoDate, amount: number, unit: PeriodUnit): IsoDate {
  checkAmount(amount)
  let end: IsoDate
  switch (unit) {
    case 'days': end = addDays(start, amount); break
    case 'weeks': end = addDays(start, amount * 7); break
    case 'months': end = addMonths(start, amount); break
    default: throw new RangeError(`unit must be one of days, weeks, months, got ${String(unit)}`)
  }
  return nextWorkingDayOnOrAfter(end)
}

/**
 * Adds working days (Monday–Friday, not public holidays).
 * Convention (Polish law has no statutory definition of "dzień roboczy"; domain.md marks it UNCONFIRMED):
 * like KPA days, the start day is not counted, so the result is the `amount`-th working day after `start`.
 * An amount of 0 returns `start` if it is a working day, else the next working day.
 */
export function addWorkingDays(start: IsoDate, amount: number): IsoDate {
  checkAmount(amount)
  let day = start
  for (let counted = 0; counted < amount;) {
    day = addDays(day, 1)
    if (isWorkingDay(day)) counted++
  }
  return amount === 0 ? nextWorkingDayOnOrAfter(start) : day
}

/** The due date of a deadline of `amount` units counted from `start`. */
export function computeDeadline(start: IsoDate, amount: number, unit: DeadlineUnit): IsoDate {
  switch (unit) {
    case 'working-days': return addWorkingDays(start, amount)
    case 'days':
    case 'weeks':
    case 'months': return addPeriod(start, amount, unit)
    default: throw new RangeError(`unit must be one of ${DEADLINE_UNITS.join(', ')}, got ${String(unit)}`)
  }
}
