// SLA arithmetic (pure: every date and instant is passed in):
// - a task's target and at-risk instants under its policy;
// - a case's statutory deadline (KPA art. 35 §3: one month, two when complex) counted per art. 57 from receipt,
//   with the periods art. 35 §5 excludes (waiting for the party, suspension) recorded as pauses that move it, and
//   an art. 36 notice that names a new date;
// - the instant each escalation step is due.
// A deadline on a date is met until the end of that Warsaw day; "at risk" starts at the start of a Warsaw day.
import { addWorkingDays, computeDeadline, isWorkingDay, nextWorkingDayOnOrAfter, type DeadlineUnit } from './legal-calendar.ts'
import { addDays, addMonths, compareDates, toIsoDate, type IsoDate } from './local-date.ts'
import type { SlaDefinition, SlaStep } from './sla-policy.ts'
import { endOfWarsawDay, warsawInstant } from './warsaw-time.ts'

export interface Period {
  amount: number
  unit: DeadlineUnit
}

const DAY_MS = 86_400_000

function epochDay(date: IsoDate): number {
  return Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS)
}

/** The date `amount` units before `date` (working days: the amount-th working day before it). */
export function subtractPeriod(date: IsoDate, period: Period): IsoDate {
  const { amount, unit } = period
  switch (unit) {
    case 'days': return addDays(date, -amount)
    case 'weeks': return addDays(date, -7 * amount)
    case 'months': return addMonths(date, -amount)
    case 'working-days': {
      let day = date
      for (let counted = 0; counted < amount;) {
        day = addDays(day, -1)
        if (isWorkingDay(day)) counted++
      }
      return day
    }
  }
}

/** The instant from which a deadline on `dueAt` is at risk: the start of the Warsaw day `atRisk` before it. */
export function atRiskInstant(dueAt: Date, atRisk: Period): Date {
  return warsawInstant(subtractPeriod(toIsoDate(dueAt), atRisk))
}

export interface TaskFacts {
  createdAt: Date
  dueAt: Date | null
  caseReceivedAt: IsoDate | null
  deliveredAt: IsoDate | null
}

export interface SlaTimes {
  dueAt: Date
  atRiskAt: Date
}

/** A task's target and at-risk instants, or null when its anchor is missing (no due date, no case, not delivered). */
export function taskSlaTimes(definition: SlaDefinition, task: TaskFacts): SlaTimes | null {
  const { target } = definition
  let dueAt: Date | null
  if (target.anchor === 'task-due') {
    dueAt = task.dueAt
  } else {
    const anchor =
      target.anchor === 'task-created' ? toIsoDate(task.createdAt)
        : target.anchor === 'received' ? task.caseReceivedAt
          : task.deliveredAt
    dueAt = anchor ? endOfWarsawDay(computeDeadline(anchor, target.amount!, target.unit!)) : null
  }
  if (!dueAt) return null
  return { dueAt, atRiskAt: atRiskInstant(dueAt, definition.atRisk) }
}

export interface PauseFacts {
  from: IsoDate
  /** null: still running (counted to `today`). */
  to: IsoDate | null
}

/** Calendar days covered by the pauses (each day once, overlapping pauses merged; both ends inclusive). */
export function pausedDays(pauses: readonly PauseFacts[], today: IsoDate): number {
  const ranges = pauses
    .map((p) => [epochDay(p.from), epochDay(p.to ?? today)] as const)
    .filter(([a, b]) => b >= a)
    .sort((x, y) => x[0] - y[0])
  let total = 0
  let end = -Infinity
  for (const [a, b] of ranges) {
    const start = Math.max(a, end + 1)
    if (b >= start) total += b - start + 1
    end = Math.max(end, b)
  }
  return total
}

export interface CaseFacts {
  receivedAt: IsoDate
  complex: boolean
  deliveredAt: IsoDate | null
  pauses: readonly PauseFacts[]
  /** The new date named in an art. 36 notice. */
  extendedTo: IsoDate | null
}

export interface CaseDeadline {
  /** The date the case must be settled by. */
  date: IsoDate
  dueAt: Date
  atRiskAt: Date
  pausedDays: number
  paused: boolean
  extended: boolean
}

/**
 * The statutory deadline of a case: the policy's period (complexAmount for a complex case) from its anchor,
 * counted per KPA art. 57 (months: the same day of the month, or the month's last day), plus the paused days
 * (art. 35 §5), then moved off a Saturday, Sunday or holiday (art. 57 §5). An art. 36 notice's date replaces it
 * when later. Null when the anchor is missing (a decision not delivered yet).
 */
export function caseDeadline(definition: SlaDefinition, facts: CaseFacts, today: IsoDate): CaseDeadline | null {
  const { target } = definition
  const anchor = target.anchor === 'decision-delivered' ? facts.deliveredAt : facts.receivedAt
  if (!anchor || target.amount === undefined || target.unit === undefined) return null
  const amount = facts.complex && target.complexAmount !== undefined ? target.complexAmount : target.amount
  const paused = pausedDays(facts.pauses, today)
  let date: IsoDate
  if (target.unit === 'working-days') {
    date = addWorkingDays(anchor, amount)
    if (paused) date = nextWorkingDayOnOrAfter(addDays(date, paused))
  } else {
    const raw = target.unit === 'months' ? addMonths(anchor, amount) : addDays(anchor, amount * (target.unit === 'weeks' ? 7 : 1))
    date = nextWorkingDayOnOrAfter(addDays(raw, paused))
  }
  let extended = false
  if (facts.extendedTo && compareDates(facts.extendedTo, date) > 0) {
    date = facts.extendedTo
    extended = true
  }
  const dueAt = endOfWarsawDay(date)
  return {
    date,
    dueAt,
    atRiskAt: atRiskInstant(dueAt, definition.atRisk),
    pausedDays: paused,
    paused: facts.pauses.some((p) => compareDates(p.from, today) <= 0 && (p.to === null || compareDates(p.to, today) >= 0)),
    extended,
  }
}

/** The instant a step is due: its trigger instant, plus its delay counted on the Warsaw calendar at the same clock time. */
export function stepDueAt(step: SlaStep, times: SlaTimes): Date {
  const base = step.on === 'at-risk' ? times.atRiskAt : times.dueAt
  if (!step.after || step.after.amount === 0) return base
  const baseDay = toIsoDate(base)
  const day = step.after.unit === 'working-days'
    ? addWorkingDays(baseDay, step.after.amount)
    : step.after.unit === 'months' ? addMonths(baseDay, step.after.amount)
      : addDays(baseDay, step.after.amount * (step.after.unit === 'weeks' ? 7 : 1))
  return new Date(base.getTime() + (epochDay(day) - epochDay(baseDay)) * DAY_MS)
}

export type SlaState = 'on-time' | 'at-risk' | 'overdue'

export function slaState(times: SlaTimes, now: Date): SlaState {
  if (times.dueAt.getTime() < now.getTime()) return 'overdue'
  if (times.atRiskAt.getTime() <= now.getTime()) return 'at-risk'
  return 'on-time'
}
