// Check-digit validation of Polish identifiers (PESEL has its own module). Every validator takes the
// canonical form only: no spaces, dashes or country prefix (strip them before calling), letters upper-case.

function digitsOf(s: string): number[] {
  return [...s].map(Number)
}

function weightedSum(values: number[], weights: readonly number[]): number {
  return weights.reduce((acc, weight, i) => acc + weight * values[i], 0)
}

/** NIP (tax id): 10 digits; weights 6,5,7,2,3,4,5,6,7, sum mod 11 is the 10th digit (a remainder of 10 is never issued). */
export function isValidNip(s: string): boolean {
  if (typeof s !== 'string' || !/^\d{10}$/.test(s)) return false
  const d = digitsOf(s)
  const check = weightedSum(d, [6, 5, 7, 2, 3, 4, 5, 6, 7]) % 11
  return check !== 10 && check === d[9]
}

function regonCheck(d: number[], weights: readonly number[]): number {
  const r = weightedSum(d, weights) % 11
  return r === 10 ? 0 : r
}

const REGON9_WEIGHTS = [8, 9, 2, 3, 4, 5, 6, 7]
const REGON14_WEIGHTS = [2, 4, 8, 5, 0, 9, 7, 3, 6, 1, 2, 4, 8]

/**
 * REGON (statistical number): 9 digits (weights 8,9,2,3,4,5,6,7, mod 11, 10 → 0) or 14 digits for a local
 * unit (weights 2,4,8,5,0,9,7,3,6,1,2,4,8, mod 11, 10 → 0). A 14-digit REGON starts with the 9-digit REGON
 * of its parent entity, so that prefix must be valid too.
 */
export function isValidRegon(s: string): boolean {
  if (typeof s !== 'string') return false
  if (/^\d{9}$/.test(s)) {
    const d = digitsOf(s)
    return regonCheck(d, REGON9_WEIGHTS) === d[8]
  }
  if (/^\d{14}$/.test(s)) {
    const d = digitsOf(s)
    return regonCheck(d, REGON14_WEIGHTS) === d[13] && isValidRegon(s.slice(0, 9))
  }
  return false
}

/**
 * Polish ID card number (dowód osobisty): three letters and six digits, AAA999999. Letters count A=10 … Z=35;
 * weights 7,3,1,–,7,3,1,7,3 over all characters except the 4th; the sum mod 10 must equal the 4th (a digit).
 */
export function isValidIdCardNumber(s: string): boolean {
  if (typeof s !== 'string' || !/^[A-Z]{3}\d{6}$/.test(s)) return false
  const values = [...s].map((c) => (c >= 'A' ? c.charCodeAt(0) - 55 : Number(c)))
  const weights = [7, 3, 1, 0, 7, 3, 1, 7, 3]
  return weightedSum(values, weights) % 10 === values[3]
}

/**
 * NRB (Polish bank account number, the IBAN without "PL"): 26 digits; the IBAN check
 * "PL" + NRB ≡ 1 (mod 97), i.e. digits 3–26, then P=25, L=21, then the two check digits.
 */
export function isValidNrb(s: string): boolean {
  if (typeof s !== 'string' || !/^\d{26}$/.test(s)) return false
  const rearranged = s.slice(2) + '2521' + s.slice(0, 2)
  return BigInt(rearranged) % 97n === 1n
}

/** Polish postal code: NN-NNN. */
export function isValidPostalCode(s: string): boolean {
  return typeof s === 'string' && /^\d{2}-\d{3}$/.test(s)
}
