// Task counts per view in one aggregate query (no list is loaded): mine, group, unassigned, all (managers and
// administrators only) and overdue (open tasks past due among those the user can list: mine ∪ group, or all
// for managers). The inbox filters, when given, narrow every count; tasks of restricted procedures the user is not
// allowed in are never counted (inbox-sql.ts notRestricted). One audit event per call.
import type { Actor } from '../users/actor.ts'
import { isPrivileged } from '../users/groups.ts'
import { loadRestrictions } from '../procedures/load-restrictions.ts'
import { recordAudit } from '../cases/audit.ts'
import type { ServiceDeps } from '../cases/deps.ts'
import { Prisma } from '../generated/prisma/client.ts'
import { auditFilters, type InboxFilters } from './inbox-query.ts'
import { andAll, filterConditions, notRestrictedJoin, viewerOf, visibleTo, type Viewer } from './inbox-sql.ts'

export interface TaskCounts {
  mine: number
  group: number
  unassigned: number
  all?: number
  overdue: number
}

const { sql } = Prisma

/** The one aggregate query behind countTasks (exported for the query-plan checks). */
export function countQuery(viewer: Viewer, privileged: boolean, filters: InboxFilters, now: Date): Prisma.Sql {
  const visible = visibleTo(viewer)
  const mine = sql`t.assignee = ${viewer.login}`
  // never a task of a restricted procedure the viewer is not allowed in (joined once, not a sub-query per row);
  // managers: every other task
  const allowed = notRestrictedJoin(viewer)
  const scope = privileged ? sql`TRUE` : sql`(${visible} OR ${mine})`
  const where = andAll([sql`t.status = 'open'`, allowed.test, scope, ...filterConditions(filters, now)])
  return sql`
    SELECT count(*) FILTER (WHERE ${mine})::int AS mine,
           count(*) FILTER (WHERE ${visible})::int AS "group",
           count(*) FILTER (WHERE ${visible} AND t.assignee IS NULL)::int AS unassigned,
           count(*)::int AS "all",
           count(*) FILTER (WHERE t."dueAt" < ${now.toISOString()}::timestamp)::int AS overdue
    FROM "Task" t ${allowed.join} WHERE ${where}`
}

export async function countTasks(
  deps: Pick<ServiceDeps, 'prisma' | 'clock'>,
  actor: Actor,
  filters: InboxFilters = {},
): Promise<TaskCounts> {
  const now = deps.clock.now()
  const privileged = isPrivileged(actor.user.groups)
  const viewer = viewerOf(actor.user, await loadRestrictions(deps.prisma))
  const [row] = await deps.prisma.$queryRaw<{ mine: number; group: number; unassigned: number; all: number; overdue: number }[]>(
    countQuery(viewer, privileged, filters, now),
  )
  const counts: TaskCounts = { mine: row.mine, group: row.group, unassigned: row.unassigned, overdue: row.overdue }
  if (privileged) counts.all = row.all
  await recordAudit(deps.prisma, actor, now, { action: 'tasks.count', details: { ...auditFilters(filters), ...counts } })
  return counts
}
