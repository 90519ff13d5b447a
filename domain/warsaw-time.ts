// Instants for calendar dates in Europe/Warsaw (deadlines end at the end of the day, local time).
import type { IsoDate } from './local-date.ts'

function offsetMinutes(instant: Date): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: 'Europe/Warsaw',
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(instant)
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value)
  const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'))
  return Math.round((local - instant.getTime()) / 60000)
}

/** The instant of `time` (HH:MM:SS) on `date` in Warsaw. */
export function warsawInstant(date: IsoDate, time = '00:00:00'): Date {
  const naive = new Date(`${date}T${time}Z`)
  const first = new Date(naive.getTime() - offsetMinutes(naive) * 60000)
  return new Date(naive.getTime() - offsetMinutes(first) * 60000)
}

/** The last second of `date` in Warsaw: a deadline on that date is met until then. */
export function endOfWarsawDay(date: IsoDate): Date {
  return warsawInstant(date, '23:59:59')
}
