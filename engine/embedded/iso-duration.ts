// ISO 8601 durations as BPMN timers use them (P14D, PT2H, P1M, P1DT12H). Calendar parts (years, months)
// are added on the calendar, the rest as exact time.

export interface IsoDuration {
  years: number
  months: number
  weeks: number
  days: number
  hours: number
  minutes: number
  seconds: number
}

const PATTERN = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/

export function parseIsoDuration(text: string): IsoDuration | null {
  const m = PATTERN.exec(text.trim())
  if (!m || text.trim() === 'P' || text.trim().endsWith('T')) return null
  const n = (i: number) => (m[i] ? Number(m[i]) : 0)
  return { years: n(1), months: n(2), weeks: n(3), days: n(4), hours: n(5), minutes: n(6), seconds: n(7) }
}

/** The instant a duration after `from`. */
export function addIsoDuration(from: Date, duration: IsoDuration): Date {
  const d = new Date(from.getTime())
  if (duration.years || duration.months) d.setUTCMonth(d.getUTCMonth() + duration.years * 12 + duration.months)
  const ms =
    ((duration.weeks * 7 + duration.days) * 24 * 3600 + duration.hours * 3600 + duration.minutes * 60 + duration.seconds) * 1000
  return new Date(d.getTime() + ms)
}
