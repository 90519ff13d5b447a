// Payment months of a granted cash benefit (UPS art. 106(3)): benefits are granted and paid per calendar
// month, starting with the month in which the complete application was filed; never for earlier months.
// Pure: dates are passed in.
import { addMonths, compareDates, dateParts, makeIsoDate, type IsoDate } from './local-date.ts'
import { RECURRING_BENEFITS, type BenefitKind } from './benefit-assessment.ts'

/** A calendar month, "YYYY-MM". */
export type YearMonth = string

const YEAR_MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/

export function isYearMonth(value: unknown): value is YearMonth {
  return typeof value === 'string' && YEAR_MONTH.test(value)
}

export function monthOf(date: IsoDate): YearMonth {
  const { year, month } = dateParts(date)
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`
}

/** The month `n` months after `month` (n may be negative). */
export function shiftMonth(month: YearMonth, n: number): YearMonth {
  if (!isYearMonth(month)) throw new RangeError(`not a month YYYY-MM: ${month}`)
  return monthOf(addMonths(`${month}-01`, n))
}

export function compareMonths(a: YearMonth, b: YearMonth): number {
  return compareDates(`${a}-01`, `${b}-01`)
}

/** The last month of a benefit granted for `periodMonths` months from the application month; null: open-ended. */
export function periodEndMonth(applicationDate: IsoDate, periodMonths: number | null): YearMonth | null {
  if (periodMonths === null) return null
  if (!Number.isInteger(periodMonths) || periodMonths < 1) throw new RangeError('periodMonths must be a whole number ≥ 1')
  return shiftMonth(monthOf(applicationDate), periodMonths - 1)
}

export interface PaymentScheduleInput {
  benefit: BenefitKind
  /** Receipt of the complete application: the first month paid (art. 106(3)). */
  applicationDate: IsoDate
  /** Months granted; null for an open-ended benefit (zasiłek stały without an end). */
  periodMonths: number | null
  /** Date of the decision: the month of a one-off payment (zasiłek celowy). */
  decisionDate: IsoDate
  /** Open-ended benefits are scheduled up to and including this month (the next interview update). */
  throughMonth?: YearMonth | null
  /** Months up to and including this one are already scheduled (an extension writes only later ones). */
  scheduledThrough?: YearMonth | null
}

/** The months to pay, in order. Recurring benefits: monthly from the application month; celowy: one month. */
export function paymentMonths(input: PaymentScheduleInput): YearMonth[] {
  if (!RECURRING_BENEFITS.includes(input.benefit)) {
    const month = monthOf(input.decisionDate)
    return input.scheduledThrough && compareMonths(month, input.scheduledThrough) <= 0 ? [] : [month]
  }
  const first = monthOf(input.applicationDate)
  const last = periodEndMonth(input.applicationDate, input.periodMonths) ?? input.throughMonth ?? null
  if (last === null) throw new RangeError('an open-ended benefit needs throughMonth')
  const months: YearMonth[] = []
  for (let m = first; compareMonths(m, last) <= 0; m = shiftMonth(m, 1)) {
    if (!input.scheduledThrough || compareMonths(m, input.scheduledThrough) > 0) months.push(m)
  }
  return months
}

/** "2026-03" → "marzec 2026" (Polish month names, nominative). */
export function polishMonth(month: YearMonth): string {
  const names = ['styczeń', 'luty', 'marzec', 'kwiecień', 'maj', 'czerwiec', 'lipiec', 'sierpień', 'wrzesień', 'październik', 'listopad', 'grudzień']
  const { year, month: m } = dateParts(makeIsoDate(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 1))
  return `${names[m - 1]} ${year}`
}
