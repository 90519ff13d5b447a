// Deadline marks of a task for the inbox (pure: the current instant is passed in).
// - daysLeft: Warsaw calendar days from today to the due date (0: due today, negative: days past due).
// - overdue: the due instant has passed.
// - atRisk: not overdue yet, but due by the end of the AT_RISK_WORKING_DAYS-th working day after today
//   (Monday–Friday except Polish public holidays; today itself counts as "within"). A documented default:
//   2 working days gives a caseworker one full working day to react before the deadline day.
import { addWorkingDays } from '../../domain/legal-calendar.ts'
import { addDays, compareDates, toIsoDate, type IsoDate } from '../../domain/local-date.ts'
import { warsawInstant } from '../../domain/warsaw-time.ts'

export const AT_RISK_WORKING_DAYS = 2

export interface DeadlineMarks {
  daysLeft: number | null
  overdue: boolean
  atRisk: boolean
}

const DAY_MS = 86_400_000

function epochDay(date: IsoDate): number {
  return Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS)
}

/** The last Warsaw day that still counts as "at risk" when today is `today`. */
export function atRiskHorizon(today: IsoDate): IsoDate {
  return addWorkingDays(today, AT_RISK_WORKING_DAYS)
}

/** The instant from which a task is no longer at risk (the start of the day after the horizon, Warsaw). */
export function atRiskUntil(now: Date): Date {
  return warsawInstant(addDays(atRiskHorizon(toIsoDate(now)), 1))
}

export function deadlineMarks(dueAt: Date | null, now: Date, open = true): DeadlineMarks {
  if (dueAt === null) return { daysLeft: null, overdue: false, atRisk: false }
  const today = toIsoDate(now)
  const dueDay = toIsoDate(dueAt)
  const daysLeft = epochDay(dueDay) - epochDay(today)
  if (!open) return { daysLeft, overdue: false, atRisk: false }
  const overdue = dueAt.getTime() < now.getTime()
  const atRisk = !overdue && compareDates(dueDay, atRiskHorizon(today)) <= 0
  return { daysLeft, overdue, atRisk }
}
