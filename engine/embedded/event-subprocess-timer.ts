// When the timer of a timer event sub-process is due: a duration from when its scope started (when the run first
// armed it), a date, or occurrence n of a cycle (R3/PT1H: three occurrences an hour apart from the arming; a
// non-interrupting event sub-process only, checked at deployment). FEEL values are evaluated with the process's
// variables. Pure: the arming time is the caller's (kept with the instance's state).
import { feel } from './feel.ts'
import { addIsoDuration, parseIsoDuration } from './iso-duration.ts'
import { cycleOccurrence, parseTimerCycle } from '../timer-cycle.ts'

export type EventSubProcessTimer = { timeDuration: string } | { timeDate: string } | { timeCycle: string }

/** The due time of occurrence `index` (0: the first; only a cycle has more than one), or null when there is none. */
export function eventSubProcessTimerDue(timer: EventSubProcessTimer, variables: Record<string, unknown>, armedAt: Date, index: number): Date | null {
  if ('timeCycle' in timer) {
    const raw = String(feel(timer.timeCycle, variables)).trim()
    const cycle = parseTimerCycle(raw)
    if (!cycle) throw new TypeError(`Timer cycle "${raw}" is not an ISO 8601 repeating interval such as R3/PT1H`)
    return cycleOccurrence(cycle, armedAt, index)
  }
  if (index > 0) return null
  if ('timeDuration' in timer) {
    const raw = String(feel(timer.timeDuration, variables))
    const duration = parseIsoDuration(raw)
    if (!duration) throw new TypeError(`Timer duration "${raw}" is not an ISO 8601 duration`)
    return addIsoDuration(armedAt, duration)
  }
  const raw = String(feel(timer.timeDate, variables))
  const due = new Date(raw)
  if (Number.isNaN(due.getTime())) throw new TypeError(`Timer date "${raw}" is not an ISO 8601 date-time`)
  return due
}
