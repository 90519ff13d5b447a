// A calendar date without time or zone. The value is the ISO string itself ("2026-05-04"), so dates compare,
// serialise and log as they are. All arithmetic goes through UTC midnight (never local time), so the host's
// time zone cannot shift a date by one day.
//
// Convention: parseIsoDate() returns null for bad input (for validating user input); every other function
// expects a valid IsoDate and throws a RangeError when given something else (a programming error).

/** A calendar date as `YYYY-MM-DD` (years 0001–9999, proleptic Gregorian calendar). */
export type IsoDate = string

export interface DateParts {
  year: number
  /** 1–12 */
  month: number
  /** 1–31 */
  day: number
}

const MS_PER_DAY = 86_400_000
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
}

/** Number of days in a month (month 1–12). */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28
  return [4, 6, 9, 11].includes(month) ? 30 : 31
}

function isValidParts(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) && Number.isInteger(month) && Number.isInteger(day) &&
    year >= 1 && year <= 9999 &&
    month >= 1 && month <= 12 &&
    day >= 1 && day <= daysInMonth(year, month)
  )
}

/** Strictly parses `YYYY-MM-DD`; returns null for another format or a date that does not exist (2026-02-30). */
export function parseIsoDate(s: unknown): IsoDate | null {
  if (typeof s !== 'string') return null
  const m = ISO_DATE.exec(s)
  if (!m) return null
  return isValidParts(Number(m[1]), Number(m[2]), Number(m[3])) ? s : null
}

/** Builds an IsoDate from its parts; throws a RangeError if that day does not exist. */
export function makeIsoDate(year: number, month: number, day: number): IsoDate {
  if (!isValidParts(year, month, day)) {
    throw new RangeError(`Not a calendar date: year ${year}, month ${month}, day ${day}`)
  }
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

/** Splits a valid IsoDate into numbers; throws a RangeError for anything else. */
export function dateParts(date: IsoDate): DateParts {
  if (parseIsoDate(date) === null) throw new RangeError(`Not a valid YYYY-MM-DD date: ${JSON.stringify(date)}`)
  return { year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)), day: Number(date.slice(8, 10)) }
}

// Days since 1970-01-01, via UTC midnight. setUTCFullYear (not Date.UTC) keeps years 1–99 as they are.
function toEpochDay(date: IsoDate): number {
  const { year, month, day } = dateParts(date)
  const d = new Date(0)
  d.setUTCFullYear(year, month - 1, day)
  return Math.round(d.getTime() / MS_PER_DAY)
}

function fromEpochDay(epochDay: number): IsoDate {
  const d = new Date(epochDay * MS_PER_DAY)
  return makeIsoDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate())
}

/** The date `days` calendar days later (or earlier, if negative). */
export function addDays(date: IsoDate, days: number): IsoDate {
  if (!Number.isInteger(days)) throw new RangeError(`days must be an integer, got ${days}`)
  return fromEpochDay(toEpochDay(date) + days)
}

/**
 * The same day of the month `months` months later (or earlier); if that month is shorter, its last day
 * (2026-01-31 + 1 month = 2026-02-28).
 */
export function addMonths(date: IsoDate, months: number): IsoDate {
  if (!Number.isInteger(months)) throw new RangeError(`months must be an integer, got ${months}`)
  const { year, month, day } = dateParts(date)
  const index = year * 12 + (month - 1) + months
  const y = Math.floor(index / 12)
  const m = index - y * 12 + 1
  return makeIsoDate(y, m, Math.min(day, daysInMonth(y, m)))
}

/** Day of the week: 0 = Sunday, 1 = Monday … 6 = Saturday. */
export function dayOfWeek(date: IsoDate): number {
  // 1970-01-01 was a Thursday (4).
  return (((toEpochDay(date) + 4) % 7) + 7) % 7
}

/** Negative if a is before b, 0 if equal, positive if after (usable as a sort comparator). */
export function compareDates(a: IsoDate, b: IsoDate): number {
  return toEpochDay(a) - toEpochDay(b)
}

const formatters = new Map<string, Intl.DateTimeFormat>()

/** The calendar date of an instant as seen in a time zone (Warsaw by default). */
export function toIsoDate(date: Date, timeZone = 'Europe/Warsaw'): IsoDate {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) throw new RangeError('toIsoDate needs a valid Date')
  let formatter = formatters.get(timeZone)
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone, calendar: 'gregory', numberingSystem: 'latn', year: 'numeric', month: 'numeric', day: 'numeric',
    })
    formatters.set(timeZone, formatter)
  }
  const parts = formatter.formatToParts(date)
  const part = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value)
  return makeIsoDate(part('year'), part('month'), part('day'))
}
