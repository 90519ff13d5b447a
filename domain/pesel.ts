// PESEL, the Polish national identification number: YYMMDD ZZZ P K.
// The month carries the century: +80 → 1800s, +0 → 1900s, +20 → 2000s, +40 → 2100s, +60 → 2200s.
// P (10th digit) is even for women; K (11th) is the check digit. Checks run in the order format,
// checksum, date; the first failure is reported. A future birth date is not rejected (no clock here).
import { makeIsoDate, daysInMonth, type IsoDate } from './local-date.ts'

export type PeselResult =
  | { valid: true; birthDate: IsoDate; sex: 'female' | 'male' }
  | { valid: false; reason: 'FORMAT' | 'CHECKSUM' | 'DATE' }

const WEIGHTS = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3]

/** Century base year by the tens of the encoded month (0–1 → 1900, 2–3 → 2000, … 8–9 → 1800). */
const CENTURY_BY_MONTH_OFFSET: Record<number, number> = { 0: 1900, 20: 2000, 40: 2100, 60: 2200, 80: 1800 }

export function validatePesel(pesel: string): PeselResult {
  if (typeof pesel !== 'string' || !/^\d{11}$/.test(pesel)) return { valid: false, reason: 'FORMAT' }
  const digits = [...pesel].map(Number)

  const sum = WEIGHTS.reduce((acc, weight, i) => acc + weight * digits[i], 0)
  if ((10 - (sum % 10)) % 10 !== digits[10]) return { valid: false, reason: 'CHECKSUM' }

  const yy = digits[0] * 10 + digits[1]
  const encodedMonth = digits[2] * 10 + digits[3]
  const day = digits[4] * 10 + digits[5]
  const offset = Math.floor(encodedMonth / 20) * 20
  const month = encodedMonth - offset
  const base = CENTURY_BY_MONTH_OFFSET[offset]
  if (base === undefined || month < 1 || month > 12) return { valid: false, reason: 'DATE' }
  const year = base + yy
  if (day < 1 || day > daysInMonth(year, month)) return { valid: false, reason: 'DATE' }

  return { valid: true, birthDate: makeIsoDate(year, month, day), sex: digits[9] % 2 === 0 ? 'female' : 'male' }
}

export function isValidPesel(s: string): boolean {
  return validatePesel(s).valid
}
