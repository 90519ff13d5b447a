// Validation of the deadline calculator's query (GET /api/deadlines?start=YYYY-MM-DD&amount=N&unit=…).
// Returns the first problem found, naming the parameter, so the web layer can answer 400 INVALID_QUERY.
import { DEADLINE_UNITS, MAX_DEADLINE_AMOUNT, type DeadlineUnit } from './legal-calendar.ts'
import { parseIsoDate, type IsoDate } from './local-date.ts'

export interface DeadlineQuery {
  start: IsoDate
  amount: number
  unit: DeadlineUnit
}

export type DeadlineQueryResult = { ok: true; value: DeadlineQuery } | { ok: false; message: string }

// Holidays are known from 1990; the upper bound keeps start + 3650 months well inside year 9999.
const EARLIEST_START = '1990-01-01'
const LATEST_START = '2999-12-31'

function single(query: Record<string, unknown>, name: string): { value?: unknown; message?: string } {
  const value = query[name]
  if (value === undefined || value === '') return { message: `${name} is required` }
  if (Array.isArray(value)) return { message: `${name} must be given once` }
  return { value }
}

export function parseDeadlineQuery(query: Record<string, unknown>): DeadlineQueryResult {
  const start = single(query, 'start')
  if (start.message) return { ok: false, message: `${start.message} (a date in the form YYYY-MM-DD)` }
  const startDate = parseIsoDate(start.value)
  if (startDate === null) {
    return { ok: false, message: 'start must be a real calendar date in the form YYYY-MM-DD' }
  }
  if (startDate < EARLIEST_START || startDate > LATEST_START) {
    return { ok: false, message: `start must be between ${EARLIEST_START} and ${LATEST_START}` }
  }

  const amount = single(query, 'amount')
  const amountRange = `a whole number from 0 to ${MAX_DEADLINE_AMOUNT}`
  if (amount.message) return { ok: false, message: `${amount.message} (${amountRange})` }
  const amountValue =
    typeof amount.value === 'string' && /^\d{1,5}$/.test(amount.value) ? Number(amount.value)
      : typeof amount.value === 'number' ? amount.value
        : NaN
  if (!Number.isInteger(amountValue) || amountValue < 0 || amountValue > MAX_DEADLINE_AMOUNT) {
    return { ok: false, message: `amount must be ${amountRange}` }
  }

  const unit = single(query, 'unit')
  const units = DEADLINE_UNITS.join(', ')
  if (unit.message) return { ok: false, message: `${unit.message} (one of ${units})` }
  if (typeof unit.value !== 'string' || !(DEADLINE_UNITS as readonly string[]).includes(unit.value)) {
    return { ok: false, message: `unit must be one of ${units}` }
  }

  return { ok: true, value: { start: startDate, amount: amountValue, unit: unit.value as DeadlineUnit } }
}
