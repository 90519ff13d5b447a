// Saved inbox filters, kept on the server: private to their owner or shared with one of the owner's groups.
// Everyone sees their own and those shared with their groups; only the owner deletes one. The query is
// validated like GET /api/tasks and stored as its parameters (view, filters, sort, dir), never a cursor.
import type { SavedFilter } from '../generated/prisma/client.ts'
import type { Actor } from '../users/actor.ts'
import { recordAudit } from '../cases/audit.ts'
import type { ServiceDeps } from '../cases/deps.ts'
import { ServiceError, type FieldIssues } from '../cases/service-error.ts'
import { filterParams, parseInboxQuery } from './inbox-query.ts'

export const MAX_FILTERS_PER_OWNER = 50
const MAX_NAME = 100

export interface SavedFilterView {
  id: string
  name: string
  /** the group it is shared with; null: private */
  groupKey: string | null
  /** inbox query parameters, e.g. {view: "group", overdue: "1", sort: "priority"} */
  query: Record<string, string>
  /** the owner's login */
  owner: string | null
  mine: boolean
  createdAt: string
}

type Deps = Pick<ServiceDeps, 'prisma' | 'clock'>

function asQuery(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {}
  return Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string'))
}

function view(row: SavedFilter, owners: Map<string, string>, actor: Actor): SavedFilterView {
  return {
    id: row.id,
    name: row.name,
    groupKey: row.groupKey,
    query: asQuery(row.query),
    owner: owners.get(row.ownerId) ?? null,
    mine: row.ownerId === actor.user.id,
    createdAt: row.createdAt.toISOString(),
  }
}

async function ownerLogins(deps: Deps, rows: SavedFilter[]): Promise<Map<string, string>> {
  const ids = [...new Set(rows.map((r) => r.ownerId))]
  const users = await deps.prisma.user.findMany({ where: { id: { in: ids } }, select: { id: true, login: true } })
  return new Map(users.map((u) => [u.id, u.login]))
}

export async function listSavedFilters(deps: Deps, actor: Actor): Promise<SavedFilterView[]> {
  const rows = await deps.prisma.savedFilter.findMany({
    where: { OR: [{ ownerId: actor.user.id }, { groupKey: { in: actor.user.groups } }] },
    orderBy: [{ name: 'asc' }, { id: 'asc' }],
    take: 500,
  })
  const owners = await ownerLogins(deps, rows)
  return rows.map((r) => view(r, owners, actor)).sort((a, b) => Number(b.mine) - Number(a.mine))
}

/** Validates the inbox query of a saved filter; returns its normalized parameters. */
export function normalizeSavedQuery(raw: unknown): { ok: true; query: Record<string, string> } | { ok: false; fields: FieldIssues } {
  const input = asQuery(raw)
  const { cursor: _cursor, limit: _limit, ...rest } = input
  const parsed = parseInboxQuery(rest)
  if (!parsed.ok) {
    return { ok: false, fields: Object.fromEntries(Object.entries(parsed.fields).map(([k, v]) => [`query.${k}`, v])) }
  }
  const { view: v, filters, sort, dir } = parsed.value
  const query: Record<string, string> = { view: v, ...filterParams(filters) }
  if (rest.sort !== undefined) query.sort = sort
  if (rest.dir !== undefined) query.dir = dir
  return { ok: true, query }
}

export async function createSavedFilter(deps: Deps, actor: Actor, body: unknown): Promise<SavedFilterView> {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>
  const fields: FieldIssues = {}
  const name = typeof b.name === 'string' ? b.name.trim() : ''
  if (name === '') fields.name = { code: 'required' }
  else if (name.length > MAX_NAME) fields.name = { code: 'maxLength', params: { max: MAX_NAME } }
  let groupKey: string | null = null
  if (b.groupKey !== undefined && b.groupKey !== null && b.groupKey !== '') {
    if (typeof b.groupKey === 'string' && actor.user.groups.includes(b.groupKey)) groupKey = b.groupKey
    else fields.groupKey = { code: 'notAllowed' }
  }
  const normalized = normalizeSavedQuery(b.query)
  if (!normalized.ok) Object.assign(fields, normalized.fields)
  if (Object.keys(fields).length === 0 && (await deps.prisma.savedFilter.count({ where: { ownerId: actor.user.id } })) >= MAX_FILTERS_PER_OWNER) {
    fields.name = { code: 'tooMany', params: { max: MAX_FILTERS_PER_OWNER } }
  }
  if (Object.keys(fields).length > 0 || !normalized.ok) {
    throw new ServiceError('VALIDATION_FAILED', 'The filter has errors.', { fields })
  }
  const now = deps.clock.now()
  const row = await deps.prisma.savedFilter.create({
    data: { ownerId: actor.user.id, name, groupKey, query: normalized.query, createdAt: now },
  })
  await recordAudit(deps.prisma, actor, now, { action: 'filter.create', details: { filterId: row.id, shared: groupKey !== null } })
  return view(row, new Map([[actor.user.id, actor.user.login]]), actor)
}

export async function deleteSavedFilter(deps: Deps, actor: Actor, id: string): Promise<void> {
  const row = await deps.prisma.savedFilter.findUnique({ where: { id } })
  const visible = row && (row.ownerId === actor.user.id || (row.groupKey !== null && actor.user.groups.includes(row.groupKey)))
  if (!row || !visible) throw new ServiceError('NOT_FOUND', 'No such filter.')
  const now = deps.clock.now()
  if (row.ownerId !== actor.user.id) {
    await recordAudit(deps.prisma, actor, now, { action: 'filter.delete-denied', details: { filterId: id } })
    throw new ServiceError('FORBIDDEN', 'Only the owner may delete a saved filter.')
  }
  await deps.prisma.savedFilter.deleteMany({ where: { id, ownerId: actor.user.id } })
  await recordAudit(deps.prisma, actor, now, { action: 'filter.delete', details: { filterId: id } })
}
