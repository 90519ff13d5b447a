// Limits on a date field: a form component says, in its form-js custom properties, that its date may not be after
// (`notAfter`) or before (`notBefore`) a bound. A bound is "yesterday", "today", "tomorrow" (the Warsaw date of
// the moment the form is submitted), a fixed YYYY-MM-DD, or "=name": the date another date holds — a process
// variable (e.g. "=receivedAt", the application's receipt) or another field of the same form — named in messages
// by `notBeforeLabel` / `notAfterLabel` (e.g. "data wpływu wniosku"). Pure: today and the values are passed in.
import { addDays, compareDates, parseIsoDate, toIsoDate, type IsoDate } from './local-date.ts'

export const DATE_BOUND_PROPERTIES = ['notBefore', 'notAfter'] as const
export type DateBoundProperty = (typeof DATE_BOUND_PROPERTIES)[number]
/** The custom properties naming a variable bound in messages ("data wpływu wniosku"). */
export const DATE_BOUND_LABELS = { notBefore: 'notBeforeLabel', notAfter: 'notAfterLabel' } as const

const RELATIVE: Record<string, number> = { yesterday: -1, today: 0, tomorrow: 1 }
const VARIABLE_BOUND = /^=([A-Za-z_][A-Za-z0-9_]*)$/

/** True when `spec` names a bound this module understands. */
export function isDateBound(spec: unknown): spec is string {
  return typeof spec === 'string' && (spec in RELATIVE || parseIsoDate(spec) !== null || VARIABLE_BOUND.test(spec))
}

/** The variable a "=name" bound reads, or null for any other spec. */
export function boundVariable(spec: unknown): string | null {
  return typeof spec === 'string' ? (VARIABLE_BOUND.exec(spec)?.[1] ?? null) : null
}

/** The calendar date (Warsaw) a value holds: YYYY-MM-DD, or an ISO date-time; null for anything else. */
export function dateOfValue(value: unknown): IsoDate | null {
  if (typeof value !== 'string') return null
  const date = parseIsoDate(value)
  if (date) return date
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(Date.parse(value))) return null
  return toIsoDate(new Date(value))
}

/** True when the bound depends on the day of entry (needs today to be resolved). */
export function isRelativeDateBound(spec: string): boolean {
  return spec in RELATIVE
}

/** The date a bound stands for on `today`; null for a spec that is not a bound. */
export function resolveDateBound(spec: unknown, today: IsoDate): IsoDate | null {
  if (typeof spec !== 'string') return null
  if (spec in RELATIVE) return addDays(today, RELATIVE[spec])
  return parseIsoDate(spec)
}

export type DateBoundIssue =
  | { code: 'futureDate' }
  | { code: 'inPast' }
  | { code: 'minDate'; params: { min: IsoDate } }
  | { code: 'maxDate'; params: { max: IsoDate } }
  | { code: 'minDateOf'; params: { min: IsoDate; what: string } }
  | { code: 'maxDateOf'; params: { max: IsoDate; what: string } }

/** What a variable bound reads: the dates known (process variables, other fields) and their names for messages. */
export interface DateBoundContext {
  values?: Record<string, unknown>
  labels?: { notBefore?: string | null; notAfter?: string | null }
}

/**
 * Checks `date` against the bounds; null when it keeps them. "not after today" is reported as a date in the
 * future and "not before today" as a date in the past (the plainest messages); other bounds name the date, and a
 * variable bound with a label names what that date is ("… niż data wpływu wniosku (01.03.2026)"). Without
 * `today`, relative bounds are not checked; a variable bound whose value is missing or not a date is not checked.
 */
export function checkDateBounds(
  date: IsoDate,
  bounds: { notBefore?: unknown; notAfter?: unknown },
  today: IsoDate | undefined,
  context: DateBoundContext = {},
): DateBoundIssue | null {
  const resolve = (spec: unknown): IsoDate | null => {
    if (!isDateBound(spec)) return null
    const variable = boundVariable(spec)
    if (variable !== null) return dateOfValue(context.values?.[variable])
    if (!isRelativeDateBound(spec)) return spec
    return today ? resolveDateBound(spec, today) : null
  }
  const min = resolve(bounds.notBefore)
  if (min && compareDates(date, min) < 0) {
    if (bounds.notBefore === 'today') return { code: 'inPast' }
    const what = boundVariable(bounds.notBefore) !== null ? context.labels?.notBefore : null
    return what ? { code: 'minDateOf', params: { min, what } } : { code: 'minDate', params: { min } }
  }
  const max = resolve(bounds.notAfter)
  if (max && compareDates(date, max) > 0) {
    if (bounds.notAfter === 'today') return { code: 'futureDate' }
    const what = boundVariable(bounds.notAfter) !== null ? context.labels?.notAfter : null
    return what ? { code: 'maxDateOf', params: { max, what } } : { code: 'maxDate', params: { max } }
  }
  return null
}
