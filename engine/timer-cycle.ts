// ISO 8601 repeating intervals as BPMN timer cycles write them: `R/2027-01-01T08:00:00Z/P1M` (from a start, every
// month, for ever), `R3/PT1H` (three times, every hour from when the timer is armed). Pure: no clock of its own.
// Cron expressions (Zeebe also takes them) are not parsed here: the deployment check refuses them.
import { addIsoDuration, parseIsoDuration, type IsoDuration } from './embedded/iso-duration.ts'

export interface TimerCycle {
  /** How many times it fires; null: for ever. */
  repetitions: number | null
  /** The first due time; null: one interval after the timer is armed. */
  start: Date | null
  interval: IsoDuration
}

const REPEAT = /^R(\d*)$/

export function parseTimerCycle(text: string): TimerCycle | null {
  const parts = text.trim().split('/')
  if (parts.length < 2 || parts.length > 3) return null
  const repeat = REPEAT.exec(parts[0]!)
  if (!repeat) return null
  const repetitions = repeat[1] ? Number(repeat[1]) : null
  if (repetitions === 0) return null
  let start: Date | null = null
  let intervalText: string
  if (parts.length === 3) {
    start = new Date(parts[1]!)
    if (Number.isNaN(start.getTime()) || !/^\d{4}-\d{2}-\d{2}T/.test(parts[1]!)) return null
    intervalText = parts[2]!
  } else {
    intervalText = parts[1]!
  }
  const interval = parseIsoDuration(intervalText)
  if (!interval || totalIsZero(interval)) return null
  return { repetitions, start, interval }
}

function totalIsZero(d: IsoDuration): boolean {
  return !d.years && !d.months && !d.weeks && !d.days && !d.hours && !d.minutes && !d.seconds
}

function scaled(d: IsoDuration, k: number): IsoDuration {
  return { years: d.years * k, months: d.months * k, weeks: d.weeks * k, days: d.days * k, hours: d.hours * k, minutes: d.minutes * k, seconds: d.seconds * k }
}

/**
 * The due time of occurrence `index` (0: the first) of a cycle armed at `armedAt`, or null when the cycle has
 * fewer occurrences. Months are counted on the calendar from the first due time (31 Jan + P1M × 2 is 31 Mar).
 */
export function cycleOccurrence(cycle: TimerCycle, armedAt: Date, index: number): Date | null {
  if (cycle.repetitions !== null && index >= cycle.repetitions) return null
  const first = cycle.start ?? addIsoDuration(armedAt, cycle.interval)
  return addIsoDuration(first, scaled(cycle.interval, index))
}

/** The first occurrence due at or after `notBefore` (its index and time), or null when none is left. */
export function nextCycleOccurrence(cycle: TimerCycle, armedAt: Date, notBefore: Date): { index: number; dueAt: Date } | null {
  // jump close by the interval's length in exact time, then step (calendar months vary in length)
  const first = cycleOccurrence(cycle, armedAt, 0)
  if (!first) return null
  const approxMs = addIsoDuration(new Date(0), cycle.interval).getTime()
  let index = first < notBefore && approxMs > 0 ? Math.max(0, Math.floor((notBefore.getTime() - first.getTime()) / approxMs) - 2) : 0
  for (;;) {
    const dueAt = cycleOccurrence(cycle, armedAt, index)
    if (!dueAt) return null
    if (dueAt >= notBefore) return { index, dueAt }
    index++
  }
}

/**
 * Why a timer cycle may not stand on this catch event, or null when it may. As on Camunda 8, a cycle repeats only
 * where repeating makes sense: on a non-interrupting boundary event (a reminder every hour while the task waits), on
 * the start of a non-interrupting event sub-process (a reminder every hour while its scope runs: a copy per
 * occurrence) and on a timer start event of the process (checked with the start events). An interrupting boundary
 * event, an intermediate catch event and the start of an interrupting event sub-process fire once.
 */
export function timerCycleRefusal(event: { $type: string; cancelActivity?: boolean; isInterrupting?: boolean; $parent?: { triggeredByEvent?: boolean } }): string | null {
  if (event.$type === 'bpmn:BoundaryEvent' && event.cancelActivity === false) return null
  if (event.$type === 'bpmn:StartEvent' && event.$parent?.triggeredByEvent && event.isInterrupting === false) return null
  const where =
    event.$type === 'bpmn:BoundaryEvent'
      ? 'an interrupting boundary event'
      : event.$type === 'bpmn:IntermediateCatchEvent'
        ? 'an intermediate catch event'
        : 'the start of an interrupting event sub-process'
  return `A timer cycle repeats, but ${where} fires once: cycles are allowed on non-interrupting boundary events, non-interrupting event sub-process starts and timer start events only (as on Camunda 8); use a duration or a date here`
}
