// Dates for people: dd.mm.rrrr (and HH:MM) in Europe/Warsaw, whatever the server's time zone.
import { toIsoDate } from '../domain/local-date.ts'

const ZONE = 'Europe/Warsaw'
const timeFormat = new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })

/** "2026-03-05" or a Date → "05.03.2026". */
export function formatDate(value: Date | string | null | undefined): string {
  if (value === null || value === undefined || value === '') return ''
  const iso = typeof value === 'string' ? (/^\d{4}-\d{2}-\d{2}$/.test(value) ? value : toIsoDate(new Date(value), ZONE)) : toIsoDate(value, ZONE)
  return `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`
}

/** A Date → "05.03.2026 14:07" (Warsaw time). */
export function formatDateTime(value: Date | string | null | undefined): string {
  if (value === null || value === undefined || value === '') return ''
  const date = typeof value === 'string' ? new Date(value) : value
  return `${formatDate(date)} ${timeFormat.format(date)}`
}

/** Priority 0–100 in Camunda's bands. */
export function priorityBand(priority: number): 'low' | 'medium' | 'high' | 'critical' {
  if (priority <= 25) return 'low'
  if (priority <= 50) return 'medium'
  if (priority <= 75) return 'high'
  return 'critical'
}
