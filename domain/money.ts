// Money as integer grosze (1 zł = 100 gr), so sums never suffer binary floating-point rounding.

export type Grosze = number

/** Digits after the decimal point of an amount in złoty: grosze, never more (inputs with more are refused). */
export const MONEY_DECIMALS = 2

const AMOUNT = /^(-)?(\d+)(?:[.,](\d{1,2}))?$/

function checkGrosze(g: number): void {
  if (!Number.isSafeInteger(g)) throw new RangeError(`grosze must be a safe integer, got ${g}`)
}

/**
 * Converts złoty to grosze. Accepts a number (1229.5) or a string with a dot or a comma as the decimal
 * separator ("1229,50", "-12.3"), no thousands separators. Throws a RangeError for NaN, Infinity, more than
 * two decimals (including float artefacts such as 0.1 + 0.2) or amounts beyond the safe-integer range.
 */
export function toGrosze(n: number | string): Grosze {
  let text: string
  if (typeof n === 'number') {
    if (!Number.isFinite(n)) throw new RangeError(`amount must be a finite number, got ${n}`)
    // String() gives the shortest decimal that round-trips: 1.15 → "1.15", 0.1 + 0.2 → "0.30000000000000004".
    text = String(n)
    if (/e/i.test(text)) throw new RangeError(`amount out of range or with more than 2 decimals: ${text}`)
  } else if (typeof n === 'string') {
    text = n.trim()
  } else {
    throw new TypeError('amount must be a number or a string')
  }
  const m = AMOUNT.exec(text)
  if (!m) throw new RangeError(`amount must have at most 2 decimals, got ${JSON.stringify(String(n))}`)
  const [, minus, whole, fraction = ''] = m
  const grosze = Number(whole) * 100 + Number(fraction.padEnd(2, '0'))
  checkGrosze(grosze)
  return minus && grosze !== 0 ? -grosze : grosze
}

/** Grosze back to złoty as a number (122950 → 1229.5); display with formatPln, not with this. */
export function fromGrosze(g: Grosze): number {
  checkGrosze(g)
  return g / 100
}

/**
 * Polish display: "1 229,00 zł", "-0,05 zł". Thousands are separated by a normal space (U+0020) in every
 * number from 1 000 up, not by the no-break space and minimum-two-groups rule of Intl's pl-PL, so the
 * output is predictable in tests, CSV exports and documents.
 */
export function formatPln(grosze: Grosze): string {
  checkGrosze(grosze)
  const sign = grosze < 0 ? '-' : ''
  const abs = Math.abs(grosze)
  const zloty = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ' ')
  const gr = String(abs % 100).padStart(2, '0')
  return `${sign}${zloty},${gr} zł`
}
