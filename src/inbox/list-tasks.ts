// The inbox list: one page of a view, filtered and sorted (src/inbox/inbox-query.ts), with business columns.
// The page is read with keyset SQL (inbox-sql.ts) for the ids, then the rows by id. Every list — and every
// refused one — writes one audit event with the view and the filters (never the applicant's surname). No view lists a
// task of a restricted procedure the actor is not allowed in (inbox-sql.ts notRestricted), whoever holds it.
import type { Prisma, Task } from '../generated/prisma/client.ts'
import type { Actor } from '../users/actor.ts'
import { isPrivileged } from '../users/groups.ts'
import { loadRestrictions } from '../procedures/load-restrictions.ts'
import { recordAudit } from '../cases/audit.ts'
import type { ServiceDeps } from '../cases/deps.ts'
import { ServiceError } from '../cases/service-error.ts'
import { toInboxItems, type InboxItem } from './inbox-item.ts'
import { auditFilters, cursorValues, encodeCursor, sortLevels, type InboxQuery, type InboxView } from './inbox-query.ts'
import { andAll, filterConditions, pageQuery, viewCondition, viewerOf } from './inbox-sql.ts'

export type { InboxView } from './inbox-query.ts'

export interface InboxPage {
  items: InboxItem[]
  /** the rows themselves, in the same order (for pages that need more than the item) */
  tasks: Task[]
  /** cursor of the next page; null on the last page */
  nextCursor: string | null
}

type Deps = Pick<ServiceDeps, 'prisma' | 'clock'>

/** The Prisma filter of the two original views (kept for callers that use Prisma queries, e.g. bench/). It does not
 * leave out restricted procedures: never use it to decide what a person may see (queryInbox does). */
export function inboxFilter(view: 'mine' | 'group', actor: Actor): Prisma.TaskWhereInput {
  if (view === 'mine') return { status: 'open', assignee: actor.user.login }
  return {
    status: 'open',
    OR: [{ candidateGroups: { hasSome: actor.user.groups } }, { candidateUsers: { has: actor.user.login } }],
  }
}

export function mayListView(actor: Actor, view: InboxView): boolean {
  return view !== 'all' || isPrivileged(actor.user.groups)
}

export async function queryInbox(deps: Deps, actor: Actor, query: InboxQuery): Promise<InboxPage> {
  const { view, filters, sort, dir, limit, cursor } = query
  const auditDetails = { view, sort, dir, limit, page: cursor ? 'next' : 'first', ...auditFilters(filters) }
  if (!mayListView(actor, view)) {
    await recordAudit(deps.prisma, actor, deps.clock.now(), { action: 'tasks.list-denied', details: auditDetails })
    throw new ServiceError('FORBIDDEN', 'Only managers and administrators may list all tasks.')
  }
  const now = deps.clock.now()
  const viewer = viewerOf(actor.user, await loadRestrictions(deps.prisma))
  const where = andAll([viewCondition(view, viewer), ...filterConditions(filters, now)])
  const levels = sortLevels(sort, dir)
  const rows = await deps.prisma.$queryRaw<{ id: string }[]>(pageQuery(where, levels, cursor?.values ?? null, limit + 1))
  const hasMore = rows.length > limit
  const ids = rows.slice(0, limit).map((r) => r.id)
  const byId = new Map((await deps.prisma.task.findMany({ where: { id: { in: ids } } })).map((t) => [t.id, t]))
  // (the SQL left out restricted procedures the actor is not allowed in; a row of one never reaches the page)
  const tasks = ids.map((id) => byId.get(id)).filter((t): t is Task => t !== undefined && !viewer.hidden.includes(t.processId))
  const last = tasks.at(-1)
  const nextCursor = hasMore && last ? encodeCursor({ sort, dir, values: cursorValues(levels, last) }) : null
  await recordAudit(deps.prisma, actor, now, { action: 'tasks.list', details: { ...auditDetails, count: tasks.length } })
  return { items: await toInboxItems(deps.prisma, tasks, now), tasks, nextCursor }
}
