// The administrators' audit search: one page of audit events, newest first (keyset on (at, id), see
// audit-query.ts), or every event of a filter in batches for the CSV export. Only members of `admins` may search
// (managers too are refused, 403 and audited). Every search and export is itself audited (`audit.search`,
// `audit.export`) with the filters as ids and codes: the user filter as the user's id, the case number as the
// case id, the IP only as `ip: true` (an IP address is personal data).
import { isIP } from 'node:net'
import { Prisma, type AuditEvent } from '../generated/prisma/client.ts'
import { recordAudit } from '../cases/audit.ts'
import type { ServiceDeps } from '../cases/deps.ts'
import { ServiceError } from '../cases/service-error.ts'
import { addDays } from '../../domain/local-date.ts'
import { warsawInstant } from '../../domain/warsaw-time.ts'
import type { Actor } from '../users/actor.ts'
import type { AuthUser } from '../users/auth-user.ts'
import { ADMINS } from '../users/groups.ts'
import { AUDIT_EXPORT, AUDIT_SEARCH, AUDIT_SEARCH_DENIED, KNOWN_AUDIT_ACTIONS } from './audit-actions.ts'
import { encodeAuditCursor, type AuditCursor, type AuditFilters, type AuditQuery } from './audit-query.ts'

const { sql, join } = Prisma
type Sql = Prisma.Sql
type Deps = Pick<ServiceDeps, 'prisma' | 'clock'>

export interface AuditRow {
  id: string
  at: Date
  action: string
  userId: string | null
  user: { login: string; displayName: string } | null
  caseId: string | null
  caseNumber: string | null
  taskId: string | null
  ip: string | null
  details: Prisma.JsonValue
}

export interface AuditPage {
  items: AuditRow[]
  /** cursor of the next page; null on the last page */
  nextCursor: string | null
  /** filters that name nothing (no such login, no such case number): why the page is empty */
  unmatched: ('user' | 'caseNumber')[]
}

const EXPORT_BATCH = 1000

export function maySearchAudit(user: Pick<AuthUser, 'groups'>): boolean {
  return user.groups.includes(ADMINS)
}

/** The filters with the login and the case number resolved to ids. */
export interface ResolvedAuditFilters {
  from?: string
  to?: string
  userId?: string
  action?: string
  caseId?: string
  taskId?: string
  ip?: string
}

interface Resolved {
  filters: ResolvedAuditFilters
  caseId: string | null
  /** what the audit event of the search keeps */
  details: Record<string, string | number | boolean | null>
  /** a login or case number that names nothing */
  matchesNothing: boolean
  unmatched: ('user' | 'caseNumber')[]
}

async function resolve(deps: Deps, filters: AuditFilters): Promise<Resolved> {
  const { user, caseNumber, ...rest } = filters
  const resolved: ResolvedAuditFilters = { ...rest }
  const details: Resolved['details'] = {}
  const unmatched: Resolved['unmatched'] = []
  let caseId: string | null = null
  if (filters.from !== undefined) details.from = filters.from
  if (filters.to !== undefined) details.to = filters.to
  if (user !== undefined) {
    const found = await deps.prisma.user.findUnique({ where: { login: user }, select: { id: true } })
    if (found) resolved.userId = found.id
    else unmatched.push('user')
    details.userId = found?.id ?? null
  }
  if (filters.action !== undefined) details.action = filters.action
  if (caseNumber !== undefined) {
    const kase = await deps.prisma.case.findUnique({ where: { number: caseNumber }, select: { id: true } })
    if (kase) resolved.caseId = kase.id
    else unmatched.push('caseNumber')
    caseId = kase?.id ?? null
    details.caseNumber = true
    details.caseId = caseId
  }
  if (filters.taskId !== undefined) details.taskId = filters.taskId
  if (filters.ip !== undefined) details.ip = true
  return { filters: resolved, caseId, details, matchesNothing: unmatched.length > 0, unmatched }
}

/** The WHERE of the filters (bound parameters; Warsaw days as instants bound as ISO text cast to timestamp). */
export function auditConditions(f: ResolvedAuditFilters): Sql[] {
  const out: Sql[] = []
  if (f.from !== undefined) out.push(sql`e."at" >= ${warsawInstant(f.from).toISOString()}::timestamp`)
  if (f.to !== undefined) out.push(sql`e."at" < ${warsawInstant(addDays(f.to, 1)).toISOString()}::timestamp`)
  if (f.userId !== undefined) out.push(sql`e."userId" = ${f.userId}`)
  if (f.action !== undefined) out.push(sql`e."action" = ${f.action}`)
  if (f.caseId !== undefined) out.push(sql`e."caseId" = ${f.caseId}`)
  if (f.taskId !== undefined) out.push(sql`e."taskId" = ${f.taskId}`)
  // an IPv4 client of a dual-stack listener is recorded as ::ffff:a.b.c.d: "10.0.0.7" finds both spellings
  if (f.ip !== undefined) out.push(isIP(f.ip) === 4 ? sql`e."ip" IN (${f.ip}, ${`::ffff:${f.ip}`})` : sql`e."ip" = ${f.ip}`)
  return out
}

/** Ids of one keyset page: newest first, after the cursor (a row comparison on (at, id)). Served by the
 * (at, id), (action, at, id), (ip, at, id), (userId, at), (caseId) and (taskId) indexes of AuditEvent. */
export function auditPageQuery(f: ResolvedAuditFilters, cursor: AuditCursor | null, take: number): Sql {
  const conditions = auditConditions(f)
  if (cursor) conditions.push(sql`(e."at", e."id") < (${cursor.at}::timestamp, ${cursor.id})`)
  const where = conditions.length > 0 ? join(conditions, ' AND ') : sql`TRUE`
  return sql`SELECT e."id" FROM "AuditEvent" e WHERE ${where} ORDER BY e."at" DESC, e."id" DESC LIMIT ${take}`
}

async function pageIds(deps: Deps, f: ResolvedAuditFilters, cursor: AuditCursor | null, take: number): Promise<string[]> {
  const rows = await deps.prisma.$queryRaw<{ id: string }[]>(auditPageQuery(f, cursor, take))
  return rows.map((r) => r.id)
}

async function loadRows(deps: Deps, ids: string[]): Promise<AuditRow[]> {
  if (ids.length === 0) return []
  const events = await deps.prisma.auditEvent.findMany({ where: { id: { in: ids } } })
  const byId = new Map(events.map((e) => [e.id, e]))
  const ordered = ids.map((id) => byId.get(id)).filter((e): e is AuditEvent => e !== undefined)
  const userIds = [...new Set(ordered.map((e) => e.userId).filter((v): v is string => v !== null))]
  const caseIds = [...new Set(ordered.map((e) => e.caseId).filter((v): v is string => v !== null))]
  const users = new Map(
    (await deps.prisma.user.findMany({ where: { id: { in: userIds } }, select: { id: true, login: true, displayName: true } })).map((u) => [u.id, u]),
  )
  const cases = new Map(
    (await deps.prisma.case.findMany({ where: { id: { in: caseIds } }, select: { id: true, number: true } })).map((c) => [c.id, c.number]),
  )
  return ordered.map((e) => {
    const user = e.userId ? users.get(e.userId) : undefined
    return {
      id: e.id,
      at: e.at,
      action: e.action,
      userId: e.userId,
      user: user ? { login: user.login, displayName: user.displayName } : null,
      caseId: e.caseId,
      caseNumber: e.caseId ? (cases.get(e.caseId) ?? null) : null,
      taskId: e.taskId,
      ip: e.ip,
      details: e.details,
    }
  })
}

/** Refuses (403, audited `audit.search-denied`) anyone who is not an administrator. */
export async function requireAuditAdmin(deps: Deps, actor: Actor, format: string): Promise<void> {
  if (maySearchAudit(actor.user)) return
  await recordAudit(deps.prisma, actor, deps.clock.now(), { action: AUDIT_SEARCH_DENIED, details: { format } })
  throw new ServiceError('FORBIDDEN', 'Only administrators may search the audit log.')
}

/** One page of the search; the search is audited after it is read (so it does not list itself). */
export async function searchAudit(deps: Deps, actor: Actor, query: AuditQuery, format: 'json' | 'page' = 'json'): Promise<AuditPage> {
  await requireAuditAdmin(deps, actor, format)
  const resolved = await resolve(deps, query.filters)
  const ids = resolved.matchesNothing ? [] : await pageIds(deps, resolved.filters, query.cursor, query.limit + 1)
  const items = await loadRows(deps, ids.slice(0, query.limit))
  const last = items.at(-1)
  const nextCursor = ids.length > query.limit && last ? encodeAuditCursor({ at: last.at.toISOString(), id: last.id }) : null
  await recordAudit(deps.prisma, actor, deps.clock.now(), {
    action: AUDIT_SEARCH,
    caseId: resolved.caseId,
    taskId: query.filters.taskId ?? null,
    details: { ...resolved.details, format, page: query.cursor ? 'next' : 'first', limit: query.limit, count: items.length },
  })
  return { items, nextCursor, unmatched: resolved.unmatched }
}

/**
 * Every event of the filters, newest first, handed to `write` in batches (the CSV export streams them). The
 * export is audited before the first row is read, so an interrupted export is on record too.
 */
export async function exportAudit(
  deps: Deps,
  actor: Actor,
  filters: AuditFilters,
  write: (rows: AuditRow[]) => Promise<void>,
): Promise<number> {
  await requireAuditAdmin(deps, actor, 'csv')
  const resolved = await resolve(deps, filters)
  await recordAudit(deps.prisma, actor, deps.clock.now(), {
    action: AUDIT_EXPORT,
    caseId: resolved.caseId,
    taskId: filters.taskId ?? null,
    details: { ...resolved.details, format: 'csv' },
  })
  if (resolved.matchesNothing) return 0
  let cursor: AuditCursor | null = null
  let total = 0
  for (;;) {
    const ids = await pageIds(deps, resolved.filters, cursor, EXPORT_BATCH)
    if (ids.length === 0) break
    const rows = await loadRows(deps, ids)
    total += rows.length
    await write(rows)
    if (ids.length < EXPORT_BATCH) break
    const last = rows.at(-1)!
    cursor = { at: last.at.toISOString(), id: last.id }
  }
  return total
}

/** The actions the filter offers: the known ones and any other found in the log (a loose index scan on
 * (action, at, id): one index probe per distinct action, not a scan of the table). */
export async function auditActions(deps: Pick<Deps, 'prisma'>): Promise<string[]> {
  const rows = await deps.prisma.$queryRaw<{ action: string }[]>(sql`
    WITH RECURSIVE a(action) AS (
      (SELECT "action" FROM "AuditEvent" ORDER BY "action" LIMIT 1)
      UNION ALL
      SELECT (SELECT e."action" FROM "AuditEvent" e WHERE e."action" > a.action ORDER BY e."action" LIMIT 1)
      FROM a WHERE a.action IS NOT NULL
    )
    SELECT action FROM a WHERE action IS NOT NULL LIMIT 1000`)
  return [...new Set([...KNOWN_AUDIT_ACTIONS, ...rows.map((r) => r.action)])].sort()
}
