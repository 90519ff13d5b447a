// The inbox query: views, filters, sorting and keyset paging, parsed and validated from query parameters
// (pure: no I/O). The same parser serves GET /api/tasks, GET /api/tasks/counts, the inbox page and saved filters.
//
// Views: mine (assigned to me), group (my candidate groups or me as a candidate user, held or not),
// unassigned (group, nobody holds it), all (every open task; managers and administrators), completed (tasks I
// completed). Sorts: due (due date, none last; default), priority (highest first by default), created,
// completed (completion time, newest first; the default of the completed view). Every sort ends with the
// task id, so paging is stable; the cursor carries the last row's sort values (keyset paging).
import { parseIsoDate, type IsoDate } from '../../domain/local-date.ts'
import type { FieldIssue, FieldIssues } from '../cases/service-error.ts'

export const INBOX_VIEWS = ['mine', 'group', 'unassigned', 'all', 'completed'] as const
export type InboxView = (typeof INBOX_VIEWS)[number]

export const INBOX_SORTS = ['due', 'priority', 'created', 'completed'] as const
export type InboxSort = (typeof INBOX_SORTS)[number]
export type SortDirection = 'asc' | 'desc'

export const DEFAULT_LIMIT = 50
export const MAX_LIMIT = 100
const MAX_TEXT = 100

export interface InboxFilters {
  /** processId */
  procedure?: string
  /** elementId (exact) or part of the task name */
  task?: string
  /** due on or after this Warsaw day */
  dueAfter?: IsoDate
  /** due on or before this Warsaw day */
  dueBefore?: IsoDate
  overdue?: boolean
  atRisk?: boolean
  /** priority at least this (0–100) */
  minPriority?: number
  /** assignee login */
  assignee?: string
  /** part of the case number */
  caseNumber?: string
  /** start of the applicant's surname (case-insensitive); personal data: never logged */
  applicant?: string
}

export const FILTER_KEYS = [
  'procedure', 'task', 'dueAfter', 'dueBefore', 'overdue', 'atRisk', 'priority', 'assignee', 'caseNumber', 'applicant',
] as const

export type SortColumn = 'dueAt' | 'createdAt' | 'priority' | 'completedAt' | 'id'

export interface SortLevel {
  column: SortColumn
  desc: boolean
  /** nullable columns sort their nulls last, whatever the direction */
  nullable: boolean
}

export type CursorValue = string | number | null

export interface InboxCursor {
  sort: InboxSort
  dir: SortDirection
  values: CursorValue[]
}

export interface InboxQuery {
  view: InboxView
  filters: InboxFilters
  sort: InboxSort
  dir: SortDirection
  limit: number
  cursor: InboxCursor | null
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; fields: FieldIssues }

export function defaultSort(view: InboxView): InboxSort {
  return view === 'completed' ? 'completed' : 'due'
}

export function defaultDirection(sort: InboxSort): SortDirection {
  return sort === 'priority' || sort === 'completed' ? 'desc' : 'asc'
}

/** The ORDER BY of a sort: its main column in the chosen direction, then fixed tie-breaks ending with the id. */
export function sortLevels(sort: InboxSort, dir: SortDirection): SortLevel[] {
  const main = dir === 'desc'
  const due: SortLevel = { column: 'dueAt', desc: false, nullable: true }
  const created: SortLevel = { column: 'createdAt', desc: false, nullable: false }
  const id: SortLevel = { column: 'id', desc: false, nullable: false }
  switch (sort) {
    case 'due': return [{ ...due, desc: main }, created, id]
    case 'priority': return [{ column: 'priority', desc: main, nullable: false }, due, created, id]
    case 'created': return [{ ...created, desc: main }, { ...id, desc: main }]
    case 'completed': return [{ column: 'completedAt', desc: main, nullable: true }, { ...id, desc: main }]
  }
}

/** The sort values of a row, in the order of sortLevels (what the next page's cursor carries). */
export function cursorValues(
  levels: readonly SortLevel[],
  row: { id: string; dueAt: Date | null; createdAt: Date; priority: number; completedAt: Date | null },
): CursorValue[] {
  return levels.map(({ column }) => {
    const v = row[column]
    return v instanceof Date ? v.toISOString() : v
  })
}

export function encodeCursor(cursor: InboxCursor): string {
  return Buffer.from(JSON.stringify([cursor.sort, cursor.dir, ...cursor.values]), 'utf8').toString('base64url')
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/

export function decodeCursor(raw: string): InboxCursor | null {
  if (raw.length > 1000 || !/^[A-Za-z0-9_-]+$/.test(raw)) return null
  let parsed: unknown
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'))
  } catch {
    return null
  }
  if (!Array.isArray(parsed) || parsed.length < 2) return null
  const [sort, dir, ...values] = parsed as unknown[]
  if (!(INBOX_SORTS as readonly unknown[]).includes(sort) || (dir !== 'asc' && dir !== 'desc')) return null
  const levels = sortLevels(sort as InboxSort, dir)
  if (values.length !== levels.length) return null
  for (const [i, level] of levels.entries()) {
    const v = values[i]
    if (v === null && level.nullable) continue
    if (level.column === 'priority' ? !Number.isInteger(v) : typeof v !== 'string') return null
    if ((level.column === 'dueAt' || level.column === 'createdAt' || level.column === 'completedAt') && !ISO_INSTANT.test(v as string)) return null
    if (level.column === 'id' && (v as string).length > 100) return null
  }
  return { sort: sort as InboxSort, dir, values: values as CursorValue[] }
}

// ---------------------------------------------------------------------------------------------------------
// parsing

type Raw = Record<string, unknown>

function text(raw: Raw, key: string): string | undefined {
  const v = raw[key]
  if (typeof v !== 'string') return undefined
  const s = v.trim()
  return s === '' ? undefined : s
}

function flag(raw: Raw, key: string): boolean | 'bad' {
  const v = text(raw, key)
  if (v === undefined || v === '0' || v === 'false') return false
  return v === '1' || v === 'true' || v === 'on' ? true : 'bad'
}

/** Filters only (counts, saved filters). Unknown parameters are ignored. */
export function parseInboxFilters(raw: Raw): Parsed<InboxFilters> {
  const fields: FieldIssues = {}
  const filters: InboxFilters = {}
  const issue = (key: string, value: FieldIssue) => {
    fields[key] = value
  }
  for (const key of ['procedure', 'task', 'assignee', 'caseNumber', 'applicant'] as const) {
    const v = text(raw, key)
    if (v === undefined) continue
    if (v.length > MAX_TEXT) issue(key, { code: 'maxLength', params: { max: MAX_TEXT } })
    else filters[key] = v
  }
  for (const key of ['dueAfter', 'dueBefore'] as const) {
    const v = text(raw, key)
    if (v === undefined) continue
    const date = parseIsoDate(v)
    if (date === null) issue(key, { code: 'invalidDate' })
    else filters[key] = date
  }
  // a range that ends before it starts finds nothing, whatever the tasks: say so instead
  if (filters.dueAfter && filters.dueBefore && filters.dueBefore < filters.dueAfter) issue('dueBefore', { code: 'endBeforeStart' })
  for (const key of ['overdue', 'atRisk'] as const) {
    const v = flag(raw, key)
    if (v === 'bad') issue(key, { code: 'invalidType' })
    else if (v) filters[key] = true
  }
  const priority = text(raw, 'priority')
  if (priority !== undefined) {
    if (!/^\d{1,3}$/.test(priority)) issue('priority', { code: 'notNumber' })
    else if (Number(priority) > 100) issue('priority', { code: 'max', params: { max: 100 } })
    else filters.minPriority = Number(priority)
  }
  return Object.keys(fields).length > 0 ? { ok: false, fields } : { ok: true, value: filters }
}

export function parseInboxQuery(raw: Raw, defaults: { view?: InboxView } = {}): Parsed<InboxQuery> {
  const fields: FieldIssues = {}
  const filters = parseInboxFilters(raw)
  if (!filters.ok) Object.assign(fields, filters.fields)

  const viewRaw = text(raw, 'view') ?? defaults.view ?? 'mine'
  const view = (INBOX_VIEWS as readonly string[]).includes(viewRaw) ? (viewRaw as InboxView) : null
  if (!view) fields.view = { code: 'notAllowed' }

  const sortRaw = text(raw, 'sort')
  let sort: InboxSort = defaultSort(view ?? 'mine')
  if (sortRaw !== undefined) {
    if ((INBOX_SORTS as readonly string[]).includes(sortRaw)) sort = sortRaw as InboxSort
    else fields.sort = { code: 'notAllowed' }
  }
  const dirRaw = text(raw, 'dir')
  let dir = defaultDirection(sort)
  if (dirRaw !== undefined) {
    if (dirRaw === 'asc' || dirRaw === 'desc') dir = dirRaw
    else fields.dir = { code: 'notAllowed' }
  }

  const limitRaw = text(raw, 'limit')
  let limit = DEFAULT_LIMIT
  if (limitRaw !== undefined) {
    if (!/^\d{1,6}$/.test(limitRaw)) fields.limit = { code: 'notNumber' }
    else if (Number(limitRaw) < 1) fields.limit = { code: 'min', params: { min: 1 } }
    else if (Number(limitRaw) > MAX_LIMIT) fields.limit = { code: 'max', params: { max: MAX_LIMIT } }
    else limit = Number(limitRaw)
  }

  const cursorRaw = text(raw, 'cursor')
  let cursor: InboxCursor | null = null
  if (cursorRaw !== undefined) {
    cursor = decodeCursor(cursorRaw)
    if (!cursor || cursor.sort !== sort || cursor.dir !== dir) {
      fields.cursor = { code: 'invalidType' }
      cursor = null
    }
  }

  if (Object.keys(fields).length > 0 || !view || !filters.ok) return { ok: false, fields }
  return { ok: true, value: { view, filters: filters.value, sort, dir, limit, cursor } }
}

/** Filters as query parameters (links, saved filters); the inverse of parseInboxFilters. */
export function filterParams(filters: InboxFilters): Record<string, string> {
  const out: Record<string, string> = {}
  for (const key of ['procedure', 'task', 'dueAfter', 'dueBefore', 'assignee', 'caseNumber', 'applicant'] as const) {
    const v = filters[key]
    if (v !== undefined) out[key] = v
  }
  if (filters.overdue) out.overdue = '1'
  if (filters.atRisk) out.atRisk = '1'
  if (filters.minPriority !== undefined) out.priority = String(filters.minPriority)
  return out
}

/** What the audit log may keep of the filters: values, except the applicant's surname (only that it was used). */
export function auditFilters(filters: InboxFilters): Record<string, string | number | boolean> {
  const { applicant, ...rest } = filters
  const out: Record<string, string | number | boolean> = {}
  for (const [k, v] of Object.entries(rest)) if (v !== undefined) out[k] = v
  if (applicant !== undefined) out.applicant = true
  return out
}
