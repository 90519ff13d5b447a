// CSV of audit events as Polish Excel opens it: UTF-8 with a byte-order mark, `;` between cells, CRLF lines.
// Cells that a spreadsheet would run as a formula (starting with = + - @, tab or carriage return) get a leading
// apostrophe; cells with `;`, quotes or line breaks are quoted, inner quotes doubled.

export const CSV_BOM = '\uFEFF'
export const CSV_SEPARATOR = ';'

const FORMULA_START = /^[=+\-@\t\r]/
const NEEDS_QUOTES = /[;"\r\n]|^\s|\s$/

export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return ''
  let s = String(value)
  if (FORMULA_START.test(s)) s = `'${s}`
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

export function csvLine(cells: readonly (string | number | boolean | null | undefined)[]): string {
  return `${cells.map(csvCell).join(CSV_SEPARATOR)}\r\n`
}

const ZONE = 'Europe/Warsaw'
const parts = new Intl.DateTimeFormat('en-GB', {
  timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
})

/** An instant as Warsaw time with seconds: "05.03.2026 14:07:09". */
export function auditTimestamp(at: Date): string {
  const p = Object.fromEntries(parts.formatToParts(at).map((x) => [x.type, x.value]))
  return `${p.day}.${p.month}.${p.year} ${p.hour}:${p.minute}:${p.second}`
}
