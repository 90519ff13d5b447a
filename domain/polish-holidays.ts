// Polish statutory public holidays: ustawa z 18 stycznia 1951 r. o dniach wolnych od pracy, art. 1 pkt 1
// (Sundays are days off under art. 1 pkt 2 and are handled by the calendar, not listed here).
// Each rule carries the years it applies to, so a change in the law is a new row, not a new if-statement.
// Valid from 1990: the list below matches the law since the 1989–1990 amendments (15 August and 11 November
// restored in 1989, 3 May in 1990, 22 July abolished in 1990); earlier years are refused.
import { addDays, dateParts, makeIsoDate, type IsoDate } from './local-date.ts'

export interface PublicHoliday {
  date: IsoDate
  /** Polish statutory name. */
  name: string
}

interface HolidayRule {
  name: string
  /** First year the holiday applies (inclusive). */
  since?: number
  /** Last year the holiday applies (inclusive). */
  until?: number
  date: (year: number, easterSunday: IsoDate) => IsoDate
}

export const FIRST_SUPPORTED_YEAR = 1990
export const LAST_SUPPORTED_YEAR = 9999

const fixed = (month: number, day: number) => (year: number): IsoDate => makeIsoDate(year, month, day)
const fromEaster = (days: number) => (_year: number, easterSunday: IsoDate): IsoDate => addDays(easterSunday, days)

const HOLIDAY_RULES: readonly HolidayRule[] = [
  { name: 'Nowy Rok', date: fixed(1, 1) },
  // Restored by the act of 24 September 2010 amending the Labour Code; first observed 6 January 2011.
  { name: 'Święto Trzech Króli', since: 2011, date: fixed(1, 6) },
  { name: 'Pierwszy dzień Wielkiej Nocy', date: fromEaster(0) },
  { name: 'Drugi dzień Wielkiej Nocy', date: fromEaster(1) },
  { name: 'Święto Państwowe (Święto Pracy)', date: fixed(5, 1) },
  { name: 'Święto Narodowe Trzeciego Maja', date: fixed(5, 3) },
  { name: 'Pierwszy dzień Zielonych Świątek', date: fromEaster(49) },
  { name: 'Dzień Bożego Ciała', date: fromEaster(60) },
  { name: 'Wniebowzięcie Najświętszej Maryi Panny', date: fixed(8, 15) },
  { name: 'Wszystkich Świętych', date: fixed(11, 1) },
  { name: 'Narodowe Święto Niepodległości', date: fixed(11, 11) },
  // Added by the act of 6 December 2024 amending the act on days off work, in force February 2025.
  { name: 'Wigilia Bożego Narodzenia', since: 2025, date: fixed(12, 24) },
  { name: 'Pierwszy dzień Bożego Narodzenia', date: fixed(12, 25) },
  { name: 'Drugi dzień Bożego Narodzenia', date: fixed(12, 26) },
]

/** Easter Sunday in the Gregorian calendar (anonymous Gregorian algorithm, Meeus/Jones/Butcher). */
export function easterSunday(year: number): IsoDate {
  const a = year % 19
  const b = Math.floor(year / 100)
  const c = year % 100
  const d = Math.floor(b / 4)
  const e = b % 4
  const f = Math.floor((b + 8) / 25)
  const g = Math.floor((b - f + 1) / 3)
  const h = (19 * a + b - d - g + 15) % 30
  const i = Math.floor(c / 4)
  const k = c % 4
  const l = (32 + 2 * e + 2 * i - h - k) % 7
  const m = Math.floor((a + 11 * h + 22 * l) / 451)
  const month = Math.floor((h + l - 7 * m + 114) / 31)
  const day = ((h + l - 7 * m + 114) % 31) + 1
  return makeIsoDate(year, month, day)
}

const holidaysByYear = new Map<number, readonly PublicHoliday[]>()
const holidayDatesByYear = new Map<number, ReadonlySet<IsoDate>>()

function holidaysOf(year: number): readonly PublicHoliday[] {
  const cached = holidaysByYear.get(year)
  if (cached) return cached
  if (!Number.isInteger(year) || year < FIRST_SUPPORTED_YEAR || year > LAST_SUPPORTED_YEAR) {
    throw new RangeError(
      `Public holidays are known for years ${FIRST_SUPPORTED_YEAR}–${LAST_SUPPORTED_YEAR}, got ${year}`,
    )
  }
  const easter = easterSunday(year)
  const list = HOLIDAY_RULES
    .filter((rule) => (rule.since ?? -Infinity) <= year && year <= (rule.until ?? Infinity))
    .map((rule) => Object.freeze({ date: rule.date(year, easter), name: rule.name }))
    .sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0))
  holidaysByYear.set(year, Object.freeze(list))
  holidayDatesByYear.set(year, new Set(list.map((h) => h.date)))
  return list
}

/** The statutory public holidays of a year (1990–9999), sorted by date. */
export function publicHolidays(year: number): PublicHoliday[] {
  return [...holidaysOf(year)]
}

/** True if the date is a statutory public holiday (Sundays that are not holidays give false). */
export function isPublicHoliday(date: IsoDate): boolean {
  const { year } = dateParts(date)
  holidaysOf(year)
  return holidayDatesByYear.get(year)!.has(date)
}
