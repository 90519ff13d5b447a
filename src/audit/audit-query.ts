// The administrators' audit search: its query parameters (pure; the same parser for the API, the CSV export and
// the page). Days are Warsaw days written dd.mm.rrrr (or YYYY-MM-DD), both ends inclusive; newest first with
// keyset paging on (at, id): the cursor is the last row's time and id, so nothing is skipped or repeated when
// events are added meanwhile.
import { isIP } from 'node:net'
import type { FieldIssues } from '../cases/service-error.ts'
import { compareDates, makeIsoDate, parseIsoDate, type IsoDate } from '../../domain/local-date.ts'

export const AUDIT_PAGE_SIZE = 50
export const AUDIT_MAX_LIMIT = 100

export interface AuditFilters {
  /** events on or after this Warsaw day */
  from?: IsoDate
  /** events on or before this Warsaw day */
  to?: IsoDate
  /** the acting user's login */
  user?: string
  action?: string
  /** case number (sygnatura), resolved to the case id */
  caseNumber?: string
  taskId?: string
  ip?: string
}

export interface AuditCursor {
  /** ISO instant with milliseconds */
  at: string
  id: string
}

export interface AuditQuery {
  filters: AuditFilters
  cursor: AuditCursor | null
  limit: number
}

export type ParsedAuditQuery = { ok: true; value: AuditQuery } | { ok: false; fields: FieldIssues }

export const AUDIT_FILTER_KEYS = ['from', 'to', 'user', 'action', 'caseNumber', 'taskId', 'ip'] as const

const DMY = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/
const PATTERNS: Record<'user' | 'action' | 'caseNumber' | 'taskId' | 'ip', RegExp> = {
  user: /^[\p{L}\p{N}._@-]{1,100}$/u,
  action: /^[a-z0-9][a-z0-9.-]{0,99}$/,
  caseNumber: /^[\p{L}\p{N}./_-]{1,100}$/u,
  // task ids are UUIDs; an IP address is a whole address (checked with isIP below)
  taskId: /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/,
  ip: /^[0-9A-Fa-f:.]{2,45}$/,
}

/** "05.03.2026" (also "5.3.2026") or "2026-03-05" → "2026-03-05"; null for anything else or a day that does not exist. */
export function parseDay(value: string): IsoDate | null {
  const m = DMY.exec(value)
  if (!m) return parseIsoDate(value)
  try {
    return makeIsoDate(Number(m[3]), Number(m[2]), Number(m[1]))
  } catch {
    return null
  }
}

/** "2026-03-05" → "05.03.2026" (what the page's date fields show). */
export function dayText(date: IsoDate): string {
  return `${date.slice(8, 10)}.${date.slice(5, 7)}.${date.slice(0, 4)}`
}

function text(raw: Record<string, unknown>, key: string): string | undefined {
  const v = raw[key]
  if (typeof v !== 'string') return undefined
  const trimmed = v.trim()
  return trimmed === '' ? undefined : trimmed
}

export function parseAuditFilters(raw: Record<string, unknown>): { ok: true; value: AuditFilters } | { ok: false; fields: FieldIssues } {
  const fields: FieldIssues = {}
  const filters: AuditFilters = {}
  for (const key of ['from', 'to'] as const) {
    const v = text(raw, key)
    if (v === undefined) continue
    const day = parseDay(v)
    if (day === null) fields[key] = { code: 'invalidDate' }
    else filters[key] = day
  }
  if (filters.from && filters.to && compareDates(filters.to, filters.from) < 0) fields.to = { code: 'endBeforeStart' }
  for (const key of ['user', 'action', 'caseNumber', 'taskId', 'ip'] as const) {
    const v = text(raw, key)
    if (v === undefined) continue
    if (!PATTERNS[key].test(v) || (key === 'ip' && isIP(v) === 0)) fields[key] = { code: 'pattern' }
    else filters[key] = key === 'ip' || key === 'taskId' ? v.toLowerCase() : v
  }
  return Object.keys(fields).length > 0 ? { ok: false, fields } : { ok: true, value: filters }
}

export function encodeAuditCursor(cursor: AuditCursor): string {
  return Buffer.from(JSON.stringify([cursor.at, cursor.id]), 'utf8').toString('base64url')
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/

export function decodeAuditCursor(raw: string): AuditCursor | null {
  if (raw.length > 500 || !/^[A-Za-z0-9_-]+$/.test(raw)) return null
  let parsed: unknown
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'))
  } catch {
    return null
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) return null
  const [at, id] = parsed as unknown[]
  if (typeof at !== 'string' || !ISO_INSTANT.test(at) || Number.isNaN(Date.parse(at))) return null
  if (typeof id !== 'string' || id.length === 0 || id.length > 200) return null
  return { at, id }
}

/** The whole query: filters, `cursor` (opaque) and `limit` (1–100, default 50). */
export function parseAuditQuery(raw: Record<string, unknown>): ParsedAuditQuery {
  const parsed = parseAuditFilters(raw)
  const fields: FieldIssues = parsed.ok ? {} : { ...parsed.fields }
  let cursor: AuditCursor | null = null
  const cursorRaw = text(raw, 'cursor')
  if (cursorRaw !== undefined) {
    cursor = decodeAuditCursor(cursorRaw)
    if (!cursor) fields.cursor = { code: 'invalidType' }
  }
  let limit = AUDIT_PAGE_SIZE
  const limitRaw = text(raw, 'limit')
  if (limitRaw !== undefined) {
    const n = /^\d{1,4}$/.test(limitRaw) ? Number(limitRaw) : NaN
    if (!Number.isInteger(n) || n < 1 || n > AUDIT_MAX_LIMIT) fields.limit = { code: 'max', params: { max: AUDIT_MAX_LIMIT } }
    else limit = n
  }
  if (!parsed.ok || Object.keys(fields).length > 0) return { ok: false, fields }
  return { ok: true, value: { filters: parsed.value, cursor, limit } }
}

/** Filters as query parameters (links: next page, CSV export); the inverse of parseAuditFilters. */
export function auditFilterParams(filters: AuditFilters): Record<string, string> {
  const out: Record<string, string> = {}
  for (const key of AUDIT_FILTER_KEYS) {
    const v = filters[key]
    if (v !== undefined) out[key] = key === 'from' || key === 'to' ? dayText(v) : v
  }
  return out
}
