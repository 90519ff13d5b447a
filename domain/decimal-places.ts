// How many digits a number has after the decimal point, as written: "155,004" and 155.004 have 3, "12" and 12
// none, 1e-7 seven. Used to refuse amounts with more than 2 decimals (grosze) instead of rounding them silently.
// Pure.

/** The digits after the decimal point (a comma or a dot), or null when `value` is not a plain decimal number. */
export function decimalPlaces(value: unknown): number | null {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null
    // String() gives the shortest text that reads back as the same number: 155.004 → "155.004", 1e-7 → "1e-7"
    const m = /^-?\d+(?:\.(\d+))?(?:e([+-]\d+))?$/i.exec(String(value))
    if (!m) return null
    const digits = (m[1] ?? '').length - Number(m[2] ?? 0)
    return Math.max(0, digits)
  }
  if (typeof value !== 'string') return null
  const m = /^-?\d+(?:[.,](\d+))?$/.exec(value.trim())
  return m ? (m[1] ?? '').length : null
}
