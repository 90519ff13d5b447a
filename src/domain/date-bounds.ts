// Limits on a date field that depend on the day the value is entered: a form component says, in its form-js
// custom properties, that its date may not be after (`notAfter`) or before (`notBefore`) a bound. A bound is
// "yesterday", "today", "tomorrow" (the Warsaw date of the moment the form is submitted) or a fixed YYYY-MM-DD.
// Pure: today is passed in.
import { addDays, compareDates, parseIsoDate, type IsoDate } from './local-date.ts'

export const DATE_BOUND_PROPERTIES = ['notBefore', 'notAfter'] as const
export type DateBoundProperty = (typeof DATE_BOUND_PROPERTIES)[number]

const RELATIVE: Record<string, number> = { yesterday: -1, today: 0, tomorrow: 1 }

/** True when `spec` names a bound this module understands. */
export function isDateBound(spec: unknown): spec is string {
  return typeof spec === 'string' && (spec in RELATIVE || parseIsoDate(spec) !== null)
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

/**
 * Checks `date` against the bounds; null when it keeps them. "not after today" is reported as a date in the
 * future and "not before today" as a date in the past (the plainest messages); other bounds name the date.
 * Without `today`, relative bounds are not checked.
 */
export function checkDateBounds(
  date: IsoDate,
  bounds: { notBefore?: unknown; notAfter?: unknown },
  today: IsoDate | undefined,
): DateBoundIssue | null {
  const resolve = (spec: unknown): IsoDate | null => {
    if (!isDateBound(spec)) return null
    if (!isRelativeDateBound(spec)) return spec
    return today ? resolveDateBound(spec, today) : null
  }
  const min = resolve(bounds.notBefore)
  if (min && compareDates(date, min) < 0) return bounds.notBefore === 'today' ? { code: 'inPast' } : { code: 'minDate', params: { min } }
  const max = resolve(bounds.notAfter)
  if (max && compareDates(date, max) > 0) return bounds.notAfter === 'today' ? { code: 'futureDate' } : { code: 'maxDate', params: { max } }
  return null
}
