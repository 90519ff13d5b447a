// Reading process variables in handlers: variables come from forms and API callers, so every value is checked.
import { parseIsoDate, type IsoDate } from '../../domain/local-date.ts'

/** A YYYY-MM-DD date, or null when absent; `undefined` when present but not a date. */
export function optionalDate(value: unknown): IsoDate | null | undefined {
  if (value === null || value === undefined || value === '') return null
  return parseIsoDate(value) ?? undefined
}

/** An instant (ISO 8601 date-time), or null when absent or invalid. */
export function optionalInstant(value: unknown): Date | null {
  if (typeof value !== 'string' || value === '') return null
  const d = new Date(value)
  return Number.isNaN(d.getTime()) ? null : d
}

/** A finite number (or a numeric string), null when absent; `undefined` when present but not a number. */
export function optionalNumber(value: unknown): number | null | undefined {
  if (value === null || value === undefined || value === '') return null
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim().replace(',', '.')) : Number.NaN
  return Number.isFinite(n) ? n : undefined
}

/** true only for true or "true" (form checkboxes and API callers). */
export function isTrue(value: unknown): boolean {
  return value === true || value === 'true'
}
